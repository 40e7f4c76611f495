"""``juesuan build``: audit a workbook and write its report."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from . import CONTEXT, echo_findings, exit_unusable, main


@main.command(context_settings=CONTEXT)
@click.argument("workbook", type=click.Path(path_type=Path), metavar="工作簿")
@click.option("-o", "--output", type=click.Path(path_type=Path), metavar="路径",
              help="报告保存位置（默认 dist/{单位名称}{年度}年度部门决算.docx）。")
@click.option("--template", type=click.Path(path_type=Path), metavar="模板",
              help="使用自定义的 Word 模板（默认使用内置模板）。")
def build(workbook: Path, output: Path | None, template: Path | None) -> None:
    """审核工作簿并生成决算公开报告（.docx）。有错误时不生成报告。"""
    from ..pipeline import WorkbookUnusable, build as build_report
    from ..render import TemplateProblem

    try:
        result = build_report(workbook, output, template)
    except WorkbookUnusable as exc:
        exit_unusable(exc)
    except TemplateProblem as exc:
        click.echo(f"错误：{exc}", err=True)
        sys.exit(2)
    echo_findings(result.report)
    if result.output is None:
        click.echo(f"未生成报告：工作簿有 {len(result.report.errors)} 个错误，请修改后重试。", err=True)
        sys.exit(1)
    click.echo(f"已生成报告：{result.output}")
    if result.audit_file is not None:
        click.echo(f"审核结果（{result.report.summary()}）已保存到：{result.audit_file}")
