"""``juesuan check``: audit a workbook and list every finding."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from . import CONTEXT, exit_unusable, main


@main.command(context_settings=CONTEXT)
@click.argument("workbook", type=click.Path(path_type=Path), metavar="工作簿")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="输出格式：text 便于阅读，json 便于程序处理。")
def check(workbook: Path, fmt: str) -> None:
    """审核工作簿（表内、表间、补充数据和文字），列出全部问题，不生成报告。"""
    from ..pipeline import WorkbookUnusable, check as check_workbook

    try:
        result = check_workbook(workbook)
    except WorkbookUnusable as exc:
        if fmt == "json":
            import json
            click.echo(json.dumps({"source": str(workbook), "valid": False,
                                   "findings": [exc.finding.to_dict()]}, ensure_ascii=False, indent=2))
            sys.exit(2)
        exit_unusable(exc)
    report = result.report
    if fmt == "json":
        click.echo(report.to_json())
    else:
        click.echo(report.to_text() if report.findings else f"审核通过：{workbook}，未发现问题。")
    sys.exit(0 if report.valid else 1)
