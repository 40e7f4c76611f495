"""Batch mode of ``juesuan build``: many workbooks, one progress line each, a summary.

Batch mode of ``juesuan build`` (several workbooks or a folder): one progress line per unit,
the summary on screen and in 汇总.xlsx."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from ..errors import ExitCode, GeneratorError


def run(items: tuple[Path, ...], output: str | None, template: Path | None, jobs: int | None,
        pdf: bool = False, profile: str | None = None) -> None:
    """Build every workbook of ``items`` into ``output`` (a folder, default dist/); print the
    summary and save it as 汇总.xlsx; exit 1 when any unit failed, 2 when there is nothing to do."""
    from ..batch import UNWRITABLE, format_table, gather, progress_line, run_batch, write_summary
    from ..destination import batch_folder
    from ..pipeline import DEFAULT_DIST

    paths, skipped = gather(items)
    if not paths:
        listed = "、".join(map(str, items))
        raise GeneratorError(f"没有找到工作簿（Excel 文件）：{listed}")
    out_dir = batch_folder(output, DEFAULT_DIST)
    for path, why in skipped:
        click.echo(f"已跳过：{path.name}（{why}）", err=True)
    click.echo(f"生成报告{'和 PDF' if pdf else ''}：共 {len(paths)} 个工作簿", err=True)
    finished = 0

    def done(result) -> None:
        nonlocal finished
        finished += 1
        click.echo(progress_line(finished, len(paths), result), err=True)
        sys.stderr.flush()

    results = run_batch(paths, out_dir, template, jobs=jobs, pdf=pdf, profile=profile, on_done=done)
    summary = write_summary(results, out_dir, skipped)
    click.echo(format_table(results))
    if skipped:
        click.echo("\n已跳过（不是 Excel 工作簿）：" + "、".join(p.name for p, _ in skipped))
    failed = [r for r in results if not r.ok]
    click.echo(f"\n共 {len(results)} 个工作簿：已生成 {len(results) - len(failed)} 份报告，"
               f"{len(failed)} 个未生成。报告保存在 {out_dir}，汇总表：{summary}")
    if any(r.status == UNWRITABLE for r in failed):
        sys.exit(ExitCode.UNUSABLE)  # an output could not be written
    if failed:
        sys.exit(ExitCode.CONTENT)
