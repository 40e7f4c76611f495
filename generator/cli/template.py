"""``juesuan template``: list, export and check Word report templates.

``juesuan template``: list the built-in Word templates, export one for editing, check an
edited one."""
from __future__ import annotations

import shutil
from pathlib import Path

import click

from . import CONTEXT, check_new_file, main, quoted


@main.group(context_settings=CONTEXT)
def template() -> None:
    """报告模板：列出内置模板；导出内置模板供在 Word 中修改；检查修改后的模板。

    \b
    juesuan template list                                 列出内置模板
    juesuan template export 我的模板.docx                  导出默认模板
    juesuan template export --name 附表在后 我的模板.docx   导出指定的内置模板
    juesuan template export --profile 湖南2022 我的模板.docx  导出某一版式的模板
    juesuan template check 我的模板.docx                   检查模板中的标签
    juesuan build 工作簿.xlsx --template 我的模板.docx
    juesuan build 工作簿.xlsx --template 附表在后           使用内置模板
    """


@template.command(name="list", context_settings=CONTEXT)
def list_templates() -> None:
    """列出内置报告模板（名称可用于 build --template 和 template export --name）。"""
    from ..render import BUILTIN_TEMPLATES

    for name, (_, description) in BUILTIN_TEMPLATES.items():
        click.echo(f"{name}\t{description}")


@template.command(context_settings=CONTEXT)
@click.argument("path", type=click.Path(), metavar="模板.docx")
@click.option("--name", "name", metavar="名称", help="要导出的内置模板（默认为默认模板；见 template list）。")
@click.option("--profile", metavar="版式", help="导出该版式的模板（内置版式名称或 .toml 文件；见 profile list）；"
                                             "与 --name 附表在后 同用时为该版式的“附表在后”排法。")
@click.option("--force", is_flag=True, help="文件已存在时覆盖。")
def export(path: str, name: str | None, force: bool, profile: str | None = None) -> None:
    """把内置报告模板保存到指定位置，供在 Word 中修改。"""
    from ..destination import ensure_folder
    from ..errors import GeneratorError, writing
    from ..render import BUILTIN_TEMPLATES, DEFAULT_TEMPLATE, resolve_template

    source = resolve_template(name) if name else DEFAULT_TEMPLATE
    if profile is not None:
        from ..profiles import is_builtin, load
        from ..render import check_profile, profile_template_file

        check_profile(profile)
        chosen = load(profile)
        if name is not None and name not in chosen.layouts:
            raise GeneratorError(f"版式“{chosen.name}”没有名为“{name}”的排法。",
                                 hint=f"该版式的排法：{'、'.join(chosen.layouts) or '无'}。")
        source = profile_template_file(chosen, name, builtin=is_builtin(chosen))
    elif name is not None and name not in BUILTIN_TEMPLATES:
        raise GeneratorError(f"没有名为“{name}”的内置模板。",
                             hint=f"内置模板：{'、'.join(BUILTIN_TEMPLATES)}（juesuan template list）。")
    given, path = path, Path(path)

    check_new_file(path, ".docx", "模板", force)
    ensure_folder(path.parent, path)
    with writing(path):
        shutil.copyfile(source, path)
    click.echo(f"已导出报告模板：{path}")
    click.echo("修改时请保留 {{ … }} 和 {% … %} 标签，每个标签请一次性完整输入、使用英文引号；"
               f"然后运行：juesuan build 工作簿.xlsx --template {quoted(given)}")


@template.command(name="check", context_settings=CONTEXT)
@click.argument("path", type=click.Path(path_type=Path), metavar="模板.docx")
def check_template(path: Path) -> None:
    """检查报告模板：标签是否完整、引号是否正确、名称是否都存在。"""
    from ..render.template_check import validate_template

    validate_template(path, building=False)
    click.echo(f"模板检查通过：{path}")
