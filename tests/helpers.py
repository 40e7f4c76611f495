"""Test helpers: locate and change cells of a workbook by their labels (as a user would)."""
from __future__ import annotations

from pathlib import Path

import openpyxl


def find_cell(ws, text: str):
    """The first cell whose value (stripped) equals ``text``."""
    for row in ws.iter_rows():
        for cell in row:
            if isinstance(cell.value, str) and cell.value.strip() == text:
                return cell
            if text.isdigit() and cell.value is not None and str(cell.value).strip() == text:
                return cell
    raise LookupError(text)


def header_column(ws, label: str) -> int:
    """Column index of the first header cell reading ``label``."""
    return find_cell(ws, label).column


def edit(path: Path, changes) -> None:
    """Apply ``changes(workbook)`` and save in place."""
    wb = openpyxl.load_workbook(path)
    changes(wb)
    wb.save(path)


def put_coded(path: Path, sheet: str, code: str, column_label: str, value) -> str:
    """Type ``value`` into the 科目 row ``code``, column ``column_label`` of ``sheet`` (saved in place);
    returns the cell as ``sheet!A1``."""
    where = []

    def change(wb):
        cell = coded_cell(wb[sheet], code, column_label)
        cell.value = value
        where.append(f"{sheet}!{cell.coordinate}")
    edit(path, change)
    return where[0]


def coded_cell(ws, code: str, column_label: str):
    """The cell of the 科目 row ``code`` in the column headed ``column_label``."""
    row = find_cell(ws, code).row
    col = header_column(ws, column_label)
    return ws.cell(row=row, column=col)


def insert_blank_column(ws, at: int = 1) -> None:
    """Insert a blank column, moving merged ranges along (openpyxl's insert_cols does not)."""
    _insert_blank(ws, at, column=True)


def insert_blank_row(ws, at: int) -> None:
    """Insert a blank row, moving merged ranges along."""
    _insert_blank(ws, at, column=False)


def _insert_blank(ws, at: int, column: bool) -> None:
    from openpyxl.worksheet.cell_range import CellRange

    ranges = [r.coord for r in ws.merged_cells.ranges]
    for coord in ranges:
        ws.unmerge_cells(coord)
    (ws.insert_cols if column else ws.insert_rows)(at)
    for coord in ranges:
        r = CellRange(coord)
        if (r.min_col if column else r.min_row) >= at:
            r.shift(col_shift=1) if column else r.shift(row_shift=1)
        ws.merge_cells(r.coord)
