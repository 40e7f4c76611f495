"""``juesuan template``: export the built-in Word template for editing, check an edited one."""
from __future__ import annotations

import shutil
import sys
from pathlib import Path

import click

from . import CONTEXT, check_new_file, main


@main.group(context_settings=CONTEXT)
def template() -> None:
    """报告模板：导出内置模板供在 Word 中修改；检查修改后的模板。

    \b
    juesuan template export 我的模板.docx     导出内置模板
    juesuan template check 我的模板.docx      检查模板中的标签
    juesuan build 工作簿.xlsx --template 我的模板.docx
    """


@template.command(context_settings=CONTEXT)
@click.argument("path", type=click.Path(path_type=Path, dir_okay=False), metavar="模板.docx")
@click.option("--force", is_flag=True, help="文件已存在时覆盖。")
def export(path: Path, force: bool) -> None:
    """把内置报告模板保存到指定位置，供在 Word 中修改。"""
    from ..render import DEFAULT_TEMPLATE

    check_new_file(path, ".docx", "模板", force)
    path.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(DEFAULT_TEMPLATE, path)
    click.echo(f"已导出报告模板：{path}")
    click.echo("修改时请保留 {{ … }} 和 {% … %} 标签，每个标签请一次性完整输入、使用英文引号；"
               f"然后运行：juesuan build 工作簿.xlsx --template {path.name}")


@template.command(name="check", context_settings=CONTEXT)
@click.argument("path", type=click.Path(path_type=Path), metavar="模板.docx")
def check_template(path: Path) -> None:
    """检查报告模板：标签是否完整、引号是否正确、名称是否都存在。"""
    from ..render.template_check import TemplateRefused, validate_template

    try:
        validate_template(path)
    except TemplateRefused as exc:
        click.echo(f"错误：{exc}", err=True)
        sys.exit(2)
    click.echo(f"模板检查通过：{path}")
