"""Command line: ``juesuan build`` and ``juesuan check``. The only module importing click.

Exit codes: 0 成功（可能有警告）; 1 有阻止生成报告的错误; 2 文件无法使用（不存在、不是 Excel）或用法错误.
"""
from __future__ import annotations

import sys
from pathlib import Path

import click

from . import __version__

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


def _echo_findings(report, *, err: bool = True) -> None:
    if report.findings:
        click.echo(report.to_text(), err=err)


def _unusable(exc) -> None:
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

    退出码：0 成功；1 有错误，未生成报告；2 文件无法读取或用法错误。
    """


@main.command(context_settings=CONTEXT)
@click.argument("workbook", type=click.Path(path_type=Path), metavar="工作簿")
@click.option("-o", "--output", type=click.Path(path_type=Path), metavar="路径",
              help="报告保存位置（默认 dist/{单位名称}{年度}年度部门决算.docx）。")
@click.option("--template", type=click.Path(path_type=Path), metavar="模板",
              help="使用自定义的 Word 模板（默认使用内置模板）。")
def build(workbook: Path, output: Path | None, template: Path | None) -> None:
    """审核工作簿并生成决算公开报告（.docx）。有错误时不生成报告。"""
    from .pipeline import WorkbookUnusable, build as build_report
    from .render import TemplateProblem

    try:
        result = build_report(workbook, output, template)
    except WorkbookUnusable as exc:
        _unusable(exc)
    except TemplateProblem as exc:
        click.echo(f"错误：{exc}", err=True)
        sys.exit(2)
    _echo_findings(result.report)
    if result.output is None:
        click.echo(f"未生成报告：工作簿有 {len(result.report.errors)} 个错误，请修改后重试。", err=True)
        sys.exit(1)
    click.echo(f"已生成报告：{result.output}")


@main.command(context_settings=CONTEXT)
@click.argument("workbook", type=click.Path(path_type=Path), metavar="工作簿")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="输出格式：text 便于阅读，json 便于程序处理。")
def check(workbook: Path, fmt: str) -> None:
    """审核工作簿（表内、表间、补充数据和文字），列出全部问题，不生成报告。"""
    from .pipeline import WorkbookUnusable, check as check_workbook

    try:
        result = check_workbook(workbook)
    except WorkbookUnusable as exc:
        if fmt == "json":
            import json
            click.echo(json.dumps({"source": str(workbook), "valid": False,
                                   "findings": [exc.finding.to_dict()]}, ensure_ascii=False, indent=2))
            sys.exit(2)
        _unusable(exc)
    report = result.report
    if fmt == "json":
        click.echo(report.to_json())
    else:
        click.echo(report.to_text() if report.findings else f"审核通过：{workbook}，未发现问题。")
    sys.exit(0 if report.valid else 1)
