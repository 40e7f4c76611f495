"""Batch mode of ``juesuan build`` (several workbooks or a folder): progress bar, summary table."""
from __future__ import annotations

import sys
from pathlib import Path

import click


def run(items: tuple[Path, ...], output: Path | None, template: Path | None, jobs: int | None) -> None:
    """Build every workbook of ``items`` into ``output`` (a folder, default dist/); print the
    summary and save it as 汇总.xlsx; exit 1 when any unit failed, 2 when there is nothing to do."""
    from ..batch import collect, format_table, run_batch, write_summary
    from ..pipeline import DEFAULT_DIST

    out_dir = output or DEFAULT_DIST
    if out_dir.exists() and not out_dir.is_dir():
        click.echo(f"错误：批量生成时 -o 应为文件夹，而 {out_dir} 是文件。", err=True)
        sys.exit(2)
    paths = collect(items)
    if not paths:
        click.echo("错误：没有找到工作簿（.xlsx、.xls、.xlsm）：" + "、".join(map(str, items)), err=True)
        sys.exit(2)
    with click.progressbar(length=len(paths), label=f"生成报告（共 {len(paths)} 个工作簿）",
                           file=sys.stderr, show_pos=True) as bar:
        results = run_batch(paths, out_dir, template, jobs=jobs, on_done=lambda _: bar.update(1))
    summary = write_summary(results, out_dir)
    click.echo(format_table(results))
    failed = [r for r in results if not r.ok]
    click.echo(f"\n共 {len(results)} 个工作簿：已生成 {len(results) - len(failed)} 份报告，"
               f"{len(failed)} 个未生成。报告保存在 {out_dir}，汇总表：{summary}")
    if failed:
        sys.exit(1)
