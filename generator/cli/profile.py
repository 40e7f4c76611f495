"""``juesuan profile``: list the built-in profiles (版式), check a profile file, export one to edit."""
from __future__ import annotations

import shutil
from pathlib import Path

import click

from . import CONTEXT, check_new_file, main, quoted


@main.group(context_settings=CONTEXT)
def profile() -> None:
    """报告版式：各省、各年度的报告结构（部分、表、第三部分各节及其文字）。

    \b
    juesuan profile list                                 列出内置版式（省份、适用年度、依据）
    juesuan profile export 湖南2022 我的版式.toml         导出内置版式文件，修改后自用
    juesuan profile check 我的版式.toml                   检查版式文件（指出第几行有什么问题）
    juesuan build 工作簿.xlsx --profile 湖南2022          用指定版式生成报告（名称或 .toml 文件）
    """


@profile.command(name="list", context_settings=CONTEXT)
def list_profiles() -> None:
    """列出内置版式：名称、省份、适用年度、说明和所依据的已公开报告。"""
    from ..profiles import DEFAULT_PROFILE, builtin_names, load

    for name, path in builtin_names().items():
        p = load(path)
        default = "（默认）" if name == DEFAULT_PROFILE else ""
        click.echo(f"{name}{default}\t{p.province}\t{'、'.join(p.editions)}年度\t{p.description}")
        for e in p.evidence:
            click.echo(f"    依据：{e.unit} {e.year}年度：{e.shows}" + (f"（{e.source}）" if e.source else ""))


@profile.command(context_settings=CONTEXT)
@click.argument("name", metavar="版式名称")
@click.argument("path", type=click.Path(), metavar="版式.toml")
@click.option("--force", is_flag=True, help="文件已存在时覆盖。")
def export(name: str, path: str, force: bool) -> None:
    """把内置版式文件保存到指定位置，供修改后作为自己的版式使用。"""
    from ..destination import ensure_folder
    from ..errors import writing
    from ..profiles import ProfileError, builtin_names

    builtins = builtin_names()
    if name not in builtins:
        raise ProfileError(f"没有名为“{name}”的内置版式；可用的版式：{'、'.join(builtins)}")
    given, path = path, Path(path)
    check_new_file(path, ".toml", "版式文件", force)
    ensure_folder(path.parent, path)
    with writing(path):
        shutil.copyfile(builtins[name], path)
    click.echo(f"已导出版式文件：{path}")
    click.echo(f"修改 [profile] 中的 name 和依据后运行：juesuan profile check {quoted(given)}")


@profile.command(name="check", context_settings=CONTEXT)
@click.argument("path", type=click.Path(path_type=Path), metavar="版式.toml")
def check_profile_file(path: Path) -> None:
    """检查版式文件：TOML 语法、必需的部分、节的名称、模板文字中的名称和 Jinja 语法；问题注明行号。"""
    from ..render import check_profile

    name = check_profile(path)  # a problem: ProfileError (exit code 2) listing each with its line
    click.echo(f"版式检查通过：{path}（版式“{name}”）")
