"""Command line: ``juesuan build``, ``juesuan check`` …  The ``generator.cli`` package is the only
place importing click; each command lives in its own module and registers on ``main``.

Exit codes: 0 成功（可能有警告）; 1 有阻止生成报告的错误; 2 文件无法使用（不存在、不是 Excel）或用法错误.
"""
from __future__ import annotations

import sys

import click

from .. import __version__
from . import zh

zh.install()  # before any command is declared: some help texts are translated at declaration

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


def echo_findings(report, *, err: bool = True) -> None:
    """Print a report's findings (grouped by severity) if there are any."""
    if report.findings:
        click.echo(report.to_text(), err=err)


def tolerant_console() -> None:
    """Let output survive a console that cannot encode every character (a Chinese Windows
    console uses GBK, which lacks e.g. ✓): such characters print as ``?`` instead of crashing
    the command. UTF-8 streams are left alone."""
    for stream in (sys.stdout, sys.stderr):
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "").replace("_", "")
        if encoding.startswith("utf") or not hasattr(stream, "reconfigure"):
            continue
        try:
            stream.reconfigure(errors="replace")
        except (ValueError, OSError):  # a closed or detached stream: nothing to protect
            pass


def check_new_file(path, suffix: str, what: str, force: bool) -> None:
    """Exit with code 2 unless ``path`` has ``suffix`` and (without ``force``) does not exist yet."""
    if path.suffix.lower() != suffix:
        click.echo(f"错误：{what}应保存为 {suffix} 文件，而不是“{path.name}”。", err=True)
        sys.exit(2)
    if path.exists() and not force:
        click.echo(f"错误：{path} 已存在；如需覆盖请加 --force。", err=True)
        sys.exit(2)


def exit_unusable(exc) -> None:
    """Print why a workbook cannot be used at all and exit with code 2."""
    finding = exc.finding
    click.echo(f"错误：{finding.message}", err=True)
    if finding.hint:
        click.echo(f"处理建议：{finding.hint}", err=True)
    sys.exit(2)


@click.group(context_settings=CONTEXT)
@click.version_option(__version__, "-V", "--version", message="juesuan %(version)s")
def main() -> None:
    """部门决算公开报告生成器：读取决算公开表工作簿，审核，生成决算公开报告（Word）。

    \b
    常用命令：
      juesuan build 工作簿.xlsx        审核并生成报告到 dist/
      juesuan check 工作簿.xlsx        只审核，列出全部问题
      juesuan init 新工作簿.xlsx       生成待填写的空白工作簿（--from 上年工作簿 可结转）
      juesuan build 文件夹/            批量生成多个单位的报告和汇总表
      juesuan template export 模板.docx  导出报告模板供修改

    退出码：0 成功；1 有错误，未生成报告；2 文件无法读取或用法错误。
    """
    tolerant_console()


# Commands register themselves on ``main`` when imported.
from . import build, check, init, serve, template  # noqa: E402,F401


def _chinese_metavars(command: click.Command) -> None:
    """``[选项]`` and ``命令 [参数]...`` in usage lines, for every command."""
    command.options_metavar = "[选项]"
    if isinstance(command, click.Group):
        command.subcommand_metavar = "命令 [参数]..."
        for sub in command.commands.values():
            _chinese_metavars(sub)


_chinese_metavars(main)
