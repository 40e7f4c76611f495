"""The batch summary workbook (``汇总.xlsx``): one row per unit.

The batch summary workbook (``汇总.xlsx``): a title, a header row and one row per unit, then
optional further sheets (e.g. every finding, the files skipped).

Plain values in, an .xlsx out; the batch module decides the columns and their content.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any, Sequence

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from .style import BODY_FONT, BORDER, CENTER, FONT_NAME, HEADER_FONT, LEFT_WRAP

FAILED_FILL = PatternFill("solid", fgColor="FFE0E0")


def write_summary_table(headers: Sequence[str], rows: Sequence[Sequence[Any]], path: Path, *,
                        title: str = "", status_column: str = "结果", ok_status: str = "已生成",
                        extra_sheets: Sequence[tuple[str, Sequence[str], Sequence[Sequence[Any]]]] = (),
                        ) -> Path:
    """Write ``rows`` under ``headers`` to ``path``; rows whose ``status_column`` is not
    ``ok_status`` are shaded so that failures stand out. ``extra_sheets`` are further sheets
    (title, headers, rows), plain tables. Returns ``path``."""
    wb = Workbook()
    ws = wb.active
    ws.title = "汇总"
    top = 1
    if title:
        ws.cell(row=1, column=1, value=title).font = Font(name=FONT_NAME, size=14, bold=True)
        if len(headers) > 1:
            ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(headers))
        top = 2
    for c, label in enumerate(headers, start=1):
        cell = ws.cell(row=top, column=c, value=label)
        cell.font, cell.alignment, cell.border = HEADER_FONT, CENTER, BORDER
    status = list(headers).index(status_column) if status_column in headers else None
    for r, values in enumerate(rows, start=top + 1):
        failed = status is not None and values[status] != ok_status
        for c, value in enumerate(values, start=1):
            cell = ws.cell(row=r, column=c, value=value)
            cell.font, cell.border = BODY_FONT, BORDER
            cell.alignment = LEFT_WRAP if isinstance(value, str) else Alignment(horizontal="right")
            if failed:
                cell.fill = FAILED_FILL
    widths = {"单位": 30, "年度": 8, "结果": 16, "错误数": 8, "警告数": 8, "输出文件": 40,
              "工作簿": 30, "说明": 60}
    for c, label in enumerate(headers, start=1):
        ws.column_dimensions[get_column_letter(c)].width = widths.get(label, 16)
    ws.freeze_panes = ws.cell(row=top + 1, column=1)
    ws.auto_filter.ref = f"A{top}:{get_column_letter(len(headers))}{top + len(rows)}"
    for sheet_title, sheet_headers, sheet_rows in extra_sheets:
        _plain_sheet(wb.create_sheet(sheet_title), sheet_headers, sheet_rows)
    wb.save(str(path))
    return path


def _plain_sheet(ws, headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    """A header row and the rows below it, filterable, the header frozen."""
    for c, label in enumerate(headers, start=1):
        cell = ws.cell(row=1, column=c, value=label)
        cell.font, cell.alignment, cell.border = HEADER_FONT, CENTER, BORDER
    for r, values in enumerate(rows, start=2):
        for c, value in enumerate(values, start=1):
            cell = ws.cell(row=r, column=c, value=value)
            cell.font, cell.border, cell.alignment = BODY_FONT, BORDER, LEFT_WRAP
    widths = {"单位": 30, "严重程度": 10, "代码": 24, "单元格": 24, "说明": 80, "文件": 40, "原因": 30}
    for c, label in enumerate(headers, start=1):
        ws.column_dimensions[get_column_letter(c)].width = widths.get(label, 16)
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{max(len(rows), 0) + 1}"
