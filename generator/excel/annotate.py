"""An annotated copy of a workbook: every finding's cells filled in its severity's colour and
given a comment with the message, plus a 审核结果 sheet listing all findings.

The input file is never modified: the copy is written to a temporary file beside the target and
moved into place. Only .xlsx/.xlsm inputs can be annotated (openpyxl cannot write .xls).
"""
from __future__ import annotations

import os
import tempfile
from collections import defaultdict
from pathlib import Path
from typing import Iterable

import openpyxl
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils.exceptions import InvalidFileException

from ..findings import Finding, Severity

FILLS = {
    Severity.ERROR: "FFC7CE",    # light red
    Severity.WARNING: "FFEB9C",  # light yellow
    Severity.INFO: "DDEBF7",     # light blue
}
SUMMARY_SHEET = "审核结果"
AUTHOR = "juesuan 审核"


class CannotAnnotate(Exception):
    """The workbook cannot be annotated (e.g. an .xls file); the message is for the user."""


def annotate_workbook(source: Path | str, target: Path | str, findings: Iterable[Finding]) -> int:
    """Write ``target``: a copy of ``source`` with each finding's cells highlighted and commented.

    Returns the number of cells marked. Findings whose sheet or cell is not in the workbook are
    only listed on the 审核结果 sheet.
    """
    source, target = Path(source), Path(target)
    if source.resolve() == target.resolve():
        raise CannotAnnotate("标注结果不能覆盖原工作簿，请另外指定输出文件。")
    try:
        wb = openpyxl.load_workbook(source)
    except (InvalidFileException, OSError, KeyError, ValueError) as exc:
        raise CannotAnnotate(f"只能标注 .xlsx 格式的工作簿（{source.name}：{exc}）；"
                             "请先用 Excel 或 WPS 另存为 .xlsx。") from exc
    findings = list(findings)
    by_cell: dict[tuple[str, str], list[Finding]] = defaultdict(list)
    for finding in findings:
        for ref in finding.refs:
            by_cell[(ref.sheet, ref.cell)].append(finding)
    marked = 0
    for (sheet, cell), items in by_cell.items():
        if sheet not in wb.sheetnames:
            continue
        try:
            target_cell = wb[sheet][cell]
        except (ValueError, KeyError):
            continue
        worst = min((f.severity for f in items), key=lambda s: s.rank)
        target_cell.fill = PatternFill("solid", start_color=FILLS[worst], end_color=FILLS[worst])
        text = "\n".join(_comment_line(f, sheet, cell) for f in items)
        comment = Comment(text, AUTHOR)
        comment.width = 360
        comment.height = min(80 + 60 * len(items), 600)
        target_cell.comment = comment
        marked += 1
    _summary(wb, findings)
    _save_atomically(wb, target)
    return marked


def _comment_line(f: Finding, sheet: str, cell: str) -> str:
    main = f.refs and f.refs[0].sheet == sheet and f.refs[0].cell == cell
    prefix = f"【{f.severity.value}】" if main else f"【{f.severity.value}·相关单元格】"
    return f"{prefix}{f.message}" + (f"\n处理建议：{f.hint}" if main and f.hint else "")


def _summary(wb, findings: list[Finding]) -> None:
    """A 审核结果 sheet: one row per finding (severity, code, cells, message, hint)."""
    if SUMMARY_SHEET in wb.sheetnames:
        del wb[SUMMARY_SHEET]
    ws = wb.create_sheet(SUMMARY_SHEET)
    ws.append(["严重程度", "代码", "单元格", "说明", "处理建议"])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for f in sorted(findings, key=lambda f: f.severity.rank):
        ws.append([f.severity.value, f.code, f.location or "工作簿", f.message, f.hint])
        fill = FILLS[f.severity]
        ws.cell(row=ws.max_row, column=1).fill = PatternFill("solid", start_color=fill, end_color=fill)
    for column, width in zip("ABCDE", (10, 22, 30, 80, 50)):
        ws.column_dimensions[column].width = width
    for row in ws.iter_rows(min_row=2):
        for cell in row[3:]:
            cell.alignment = Alignment(wrap_text=True, vertical="top")


def _save_atomically(wb, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".juesuan-", suffix=target.suffix or ".xlsx", dir=target.parent)
    os.close(fd)
    try:
        wb.save(tmp)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
