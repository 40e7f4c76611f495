"""An annotated copy of a workbook: every finding marked at its cells, and a 审核结果 sheet.

An annotated copy of a workbook: every finding's cells filled and given a comment with the
message, plus a 审核结果 sheet listing all findings. The probable cause of several errors is filled
in a strong colour, each finding's own (first) cell in its severity's colour, the other cells
involved in a lighter one. Marks of an earlier annotation (our comments and the fills that came
with them, our 审核结果 sheet) are cleared first, so a re-annotated copy shows only the new ones.

The input file is never modified: the copy is written to a temporary file beside the target and
moved into place. Only .xlsx/.xlsm inputs can be annotated (openpyxl cannot write .xls).
"""
from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Iterable

import openpyxl
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils.exceptions import InvalidFileException

from ..findings import Finding, Severity
from ..destination import replace_atomically
from ..errors import GeneratorError

FILLS = {
    Severity.ERROR: "FFC7CE",    # light red
    Severity.WARNING: "FFEB9C",  # light yellow
    Severity.INFO: "DDEBF7",     # light blue
}
RELATED_FILLS = {                # the other cells of a finding: lighter
    Severity.ERROR: "FDEBEE",
    Severity.WARNING: "FFF7DA",
    Severity.INFO: "F0F6FB",
}
CULPRIT_FILL = "FF6B6B"          # the probable cause: strong red
CULPRIT = "probable-cause"
_OURS = {c for c in (*FILLS.values(), *RELATED_FILLS.values(), CULPRIT_FILL)}
SUMMARY_SHEET = "审核结果"
AUTHOR = "juesuan 审核"


class CannotAnnotate(GeneratorError):
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
    _clear_marks(wb)
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
        colour = min((_mark(f, sheet, cell) for f in items))[1]
        text = "\n".join(_comment_line(f, sheet, cell) for f in items)
        comment = Comment(text, AUTHOR)
        comment.width = 360
        comment.height = min(80 + 60 * len(items), 600)
        try:
            target_cell.comment = comment  # first: a cell that takes no comment gets no fill
            target_cell.fill = PatternFill("solid", start_color=colour, end_color=colour)
        except AttributeError:  # a covered cell of a merged range takes no marks
            continue
        marked += 1
    _summary(wb, findings)
    _save_atomically(wb, target)
    return marked


def _is_main(f: Finding, sheet: str, cell: str) -> bool:
    """The finding's own cell: its first location, unless it follows from a probable cause."""
    return bool(f.refs) and not f.causes and (f.refs[0].sheet, f.refs[0].cell) == (sheet, cell)


def _mark(f: Finding, sheet: str, cell: str) -> tuple[int, str]:
    """(rank, fill colour) of a finding at a cell; the lowest rank of a cell's findings wins."""
    if f.code == CULPRIT:
        return (0, CULPRIT_FILL)
    if _is_main(f, sheet, cell):
        return (1 + 2 * f.severity.rank, FILLS[f.severity])
    return (2 + 2 * f.severity.rank, RELATED_FILLS[f.severity])


def _clear_marks(wb) -> int:
    """Remove the comments an earlier annotation added (author ``AUTHOR``) and, on those cells,
    the fills it set (one of our colours); the user's own comments and fills stay."""
    cleared = 0
    for ws in wb.worksheets:
        if ws.title == SUMMARY_SHEET:
            continue
        for row in ws.iter_rows():
            for c in row:
                if c.comment is None or c.comment.author != AUTHOR:
                    continue
                c.comment = None
                rgb = str(getattr(c.fill.start_color, "rgb", "") or "")
                if c.fill.fill_type == "solid" and rgb[-6:].upper() in _OURS:
                    c.fill = PatternFill(fill_type=None)
                cleared += 1
    return cleared


def _comment_line(f: Finding, sheet: str, cell: str) -> str:
    if f.code == CULPRIT:
        return f"【最可能填错的单元格】{f.message}\n处理建议：{f.hint}"
    main = _is_main(f, sheet, cell)
    prefix = f"【{f.severity.value}】" if main else f"【{f.severity.value}·相关单元格】"
    cause = f"\n{f.cause_text}" if f.causes else ""
    return f"{prefix}{f.message}{cause}" + (f"\n处理建议：{f.hint}" if main and f.hint else "")


def _summary(wb, findings: list[Finding]) -> None:
    """A 审核结果 sheet: one row per finding (severity, code, cells, message, hint)."""
    if SUMMARY_SHEET in wb.sheetnames:
        del wb[SUMMARY_SHEET]
    ws = wb.create_sheet(SUMMARY_SHEET)
    ws.append(["严重程度", "代码", "单元格", "说明", "处理建议"])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for f in sorted(findings, key=lambda f: f.severity.rank):
        message = f"{f.message}\n{f.cause_text}" if f.causes else f.message
        ws.append([f.severity.value, f.code, f.location or "工作簿", message, f.hint])
        fill = CULPRIT_FILL if f.code == CULPRIT else FILLS[f.severity]
        ws.cell(row=ws.max_row, column=1).fill = PatternFill("solid", start_color=fill, end_color=fill)
    for column, width in zip("ABCDE", (10, 22, 30, 80, 50)):
        ws.column_dimensions[column].width = width
    for row in ws.iter_rows(min_row=2):
        for cell in row[3:]:
            cell.alignment = Alignment(wrap_text=True, vertical="top")


def _save_atomically(wb, target: Path) -> None:
    replace_atomically(target, lambda tmp: wb.save(tmp))
