"""Helpers of the audit tests: find cells of a workbook by their labels (never by fixed
coordinates) and change them, as a finance officer would in Excel."""
from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import openpyxl

from tests.conftest import SAMPLE, SECOND_JSON, load_json
from tests.helpers import find_cell


def _label(value) -> str:
    return str(value).strip() if value is not None else ""


def header_col(ws, label: str, after: int = 0, max_row: int = 8) -> int:
    """Column of the first header cell (in the first rows) reading ``label``, right of ``after``."""
    for row in ws.iter_rows(min_row=1, max_row=max_row):
        for cell in row:
            if cell.column > after and _label(cell.value) == label:
                return cell.column
    raise LookupError(label)


def line_cell(ws, label: str, column: str = "金额", nth: int = 1):
    """The amount cell of a labelled line of table 01 or 04 (``nth`` occurrence of the label in a
    项目 column, counted row by row, left to right), in the column headed ``column``."""
    item_cols = {c.column for row in ws.iter_rows(max_row=8) for c in row if _label(c.value) == "项目"}
    hits = [c for row in ws.iter_rows(min_row=5) for c in row
            if c.column in item_cols and _label(c.value) == label]
    label_cell = hits[nth - 1]
    return ws.cell(row=label_cell.row, column=header_col(ws, column, after=label_cell.column))


def value_cell(ws, label: str):
    """The value cell (right of the label) of a supplementary 项目 list."""
    cell = find_cell(ws, label)
    return ws.cell(row=cell.row, column=cell.column + 1)


def add(cell, delta) -> None:
    """Add ``delta`` 万元 to a money cell (blank counts as 0), keeping two decimals."""
    old = Decimal(str(cell.value)) if cell.value not in (None, "") else Decimal(0)
    cell.value = float(old + Decimal(str(delta)))


def copy_sample(tmp_path: Path, name: str = "sample.xlsx") -> Path:
    target = tmp_path / name
    shutil.copyfile(SAMPLE, target)
    return target


def write_second(tmp_path: Path, name: str = "second.xlsx") -> Path:
    from generator.excel.writer import write_workbook

    target = tmp_path / name
    write_workbook(load_json(SECOND_JSON), target)
    return target


def change(path: Path, mutate) -> Path:
    wb = openpyxl.load_workbook(path)
    mutate(wb)
    wb.save(path)
    return path


def row_of(ws, label: str) -> int:
    """Row of a 科目 line: the first cell of the two leading columns (below the headers) reading
    ``label`` (a 科目编码 such as 2080109, or 合计)."""
    for row in ws.iter_rows(min_row=5, max_col=2):
        for cell in row:
            if _label(cell.value) == label:
                return cell.row
    raise LookupError(label)


def coded(wb, table: str, code: str, column: str):
    """The cell of 科目 row ``code`` (or 合计) in the column headed ``column``."""
    ws = wb[table]
    return ws.cell(row=row_of(ws, code), column=header_col(ws, column))


def three_cell(wb, side: str, item: str):
    """Table 07: the cell of ``item`` (合计, 因公出国（境）费, 小计, 公务用车购置费, …) under 预算数/决算数."""
    ws = wb["公开07表"]
    side_col = header_col(ws, side)
    data_row = next(c.row for c in ws["A"] if isinstance(c.value, (int, float)))
    return ws.cell(row=data_row, column=header_col(ws, item, after=side_col - 1))


def basic_cell(wb, code_or_total: str):
    """Table 06: the amount of an 经济分类 item (by code) or of 人员经费合计 / 公用经费合计."""
    ws = wb["公开06表"]
    value_cols = [c.column for row in ws.iter_rows(max_row=8) for c in row if _label(c.value) == "决算数"]
    if code_or_total == "人员经费合计":
        return ws.cell(row=find_cell(ws, code_or_total).row, column=value_cols[0])
    if code_or_total == "公用经费合计":
        return ws.cell(row=find_cell(ws, code_or_total).row, column=value_cols[-1])
    label = find_cell(ws, code_or_total)
    return ws.cell(row=label.row, column=label.column + 2)


def appendix_cell(wb, starts_with: str):
    """绩效评价报告: the 内容 cell of the first row whose text starts with ``starts_with``."""
    ws = wb["绩效评价报告"]
    col = header_col(ws, "内容")
    return next(c for c in next(ws.iter_cols(min_col=col, max_col=col))
                if isinstance(c.value, str) and c.value.startswith(starts_with))
