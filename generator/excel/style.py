"""Form styling of written workbooks: fonts, borders, the sheet frame and the cells.

Form styling of written workbooks: fonts, borders, the sheet frame (title, 公开0N表, 编制单位 /
单位, merged header, 注 lines, print setup) and the cells, shared by every sheet the writer makes."""
from __future__ import annotations

from decimal import Decimal
from typing import Any, Iterable

from openpyxl.styles import Alignment, Border, Font, Protection, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from .. import schema
from ..money import D, TEN_THOUSAND
from ..schema import H, Header, TableSpec

FONT_NAME = "宋体"
MONEY_FORMAT = "#,##0.00"
# Totals computed by a formula: a zero (nothing filled in yet) shows as an empty cell.
TOTAL_FORMAT = '#,##0.00;-#,##0.00;""'
_THIN = Side(style="thin", color="000000")
BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
TITLE_FONT = Font(name=FONT_NAME, size=16, bold=True)
HEADER_FONT = Font(name=FONT_NAME, size=10, bold=True)
BODY_FONT = Font(name=FONT_NAME, size=10)
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
LEFT = Alignment(horizontal="left", vertical="center", wrap_text=False)
LEFT_WRAP = Alignment(horizontal="left", vertical="center", wrap_text=True)
RIGHT = Alignment(horizontal="right", vertical="center")
UNLOCKED = Protection(locked=False)

# Width (characters) of the kinds of columns.
W_CODE, W_CODE_PART, W_NAME, W_LINE, W_ROWNO, W_MONEY = 12, 7, 34, 36, 6, 15

# Form mode: rows offered for lists, spare blank rows after given ones.
FORM_ROWS, FORM_SPARE = 30, 5


class Context:
    """Options of one workbook being written, and what form mode must remember across sheets:
    the money cells (number validation), the formula cells, whether any amount was given."""

    def __init__(self, code_columns: int, unit: str, unit_name: str, form: bool = False,
                 input_fill=None, budget_use: bool = False):
        if code_columns not in (1, 3):
            raise ValueError(f"code_columns must be 1 or 3, not {code_columns!r}")
        if unit not in ("万元", "元"):
            raise ValueError(f"unit must be 万元 or 元, not {unit!r}")
        self.code_columns = code_columns
        self.unit = unit
        self.unit_name = unit_name
        self.form = form
        self.input_fill = input_fill  # form mode: the fill of the cells to type in
        self.budget_use = budget_use  # 年初预算 has the 主要用途 column (上海 2024+)
        self.money_cells: dict[str, list[str]] = {}  # sheet title → coordinates (form mode)
        self.formula_cells = 0
        self.amounts_given = False

    def spare(self, given: int, rows: int = FORM_ROWS) -> int:
        """Blank rows to add after ``given`` list rows: none unless in form mode."""
        return max(FORM_SPARE, rows - given) if self.form else 0

    def open(self, cell, money: bool = False) -> None:
        """Form mode: unlock a data cell, fill it in the input colour (and remember money cells
        for the validation)."""
        if not self.form:
            return
        cell.protection = UNLOCKED
        if self.input_fill is not None:
            cell.fill = self.input_fill
        if money:
            self.money_cells.setdefault(cell.parent.title, []).append(cell.coordinate)

    def money(self, value: Decimal | None) -> Decimal | None:
        """A 万元 amount in the output scale."""
        if value is None:
            return None
        self.amounts_given = True
        return value * TEN_THOUSAND if self.unit == "元" else value


def amount(value: Any) -> Decimal | None:
    """An amount of the data (str, int, Decimal) as Decimal; None/'' stay None."""
    if value is None or (isinstance(value, str) and value.strip() == ""):
        return None
    return D(value)


def number(value: Any, integer: bool) -> Any:
    """A numeric cell value: Decimal (int for whole counts); text that is no number stays text."""
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, str) and not value.strip():
        return None
    try:
        result = D(value.replace(",", "").strip() if isinstance(value, str) else value)
    except ValueError:
        return value
    if not result.is_finite():
        return value
    if integer and result == result.to_integral_value():
        return int(result)
    return result


def style(cell, font=BODY_FONT, alignment=None, border=BORDER, number_format=None) -> None:
    cell.font = font
    if alignment is not None:
        cell.alignment = alignment
    if border is not None:
        cell.border = border
    if number_format:
        cell.number_format = number_format


def frame(ws: Worksheet, spec: TableSpec, width: int, ctx: Context, tip=None) -> int:
    """Rows 1–3 (title, table number, 编制单位 / 单位); returns the first header row. ``tip``
    (form mode) puts its guidance comment on the title."""
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    title = ws.cell(row=1, column=1, value=spec.title)
    style(title, TITLE_FONT, CENTER, border=None)
    if tip is not None:
        tip(title, spec.key)
    ws.row_dimensions[1].height = 30
    style(ws.cell(row=2, column=width, value=spec.number), BODY_FONT, RIGHT, border=None)
    left_span = max(1, width // 2)
    if left_span > 1:
        ws.merge_cells(start_row=3, start_column=1, end_row=3, end_column=left_span)
    style(ws.cell(row=3, column=1, value=f"编制单位：{ctx.unit_name}"), BODY_FONT, LEFT, border=None)
    style(ws.cell(row=3, column=width, value=f"单位：{ctx.unit}"), BODY_FONT, RIGHT, border=None)
    ctx.open(ws.cell(row=3, column=1))      # the unit's name and the 万元/元 line are the user's
    ctx.open(ws.cell(row=3, column=width))
    return 4


def header(ws: Worksheet, top: int, nodes: tuple[Header, ...]) -> int:
    """Lay out header trees from row ``top``, column 1; returns the number of header rows.

    A node with children spans its leaves on one row; a leaf spans down to the last header
    row (vertical merge) when its siblings or cousins are deeper."""
    depth = max(n.depth for n in nodes)

    def place(node: Header, level: int, col: int) -> int:
        width = len(node.leaves())
        row = top + level
        ws.cell(row=row, column=col, value=node.label)
        if node.children:
            if width > 1:
                ws.merge_cells(start_row=row, start_column=col, end_row=row, end_column=col + width - 1)
            child_col = col
            for child in node.children:
                child_col = place(child, level + 1, child_col)
        elif level < depth - 1:
            ws.merge_cells(start_row=row, start_column=col, end_row=top + depth - 1, end_column=col)
        return col + width

    col = 1
    for node in nodes:
        col = place(node, 0, col)
    for row in range(top, top + depth):
        for c in range(1, col):
            style(ws.cell(row=row, column=c), HEADER_FONT, CENTER)
    return depth


def subject_header(ctx: Context) -> Header:
    if ctx.code_columns == 3:
        return H("项目", H("科目编码", H("类"), H("款"), H("项")), H("科目名称"))
    return schema.SUBJECT


def code_cells(code: str, ctx: Context) -> list[str | None]:
    """The 科目编码 cells of a row: ``["2080109"]``, or ``["208", "01", "09"]`` in three columns
    (a 款 row ``["208", "01", None]``, a 类 row ``["208", None, None]``); codes stay text."""
    if ctx.code_columns == 1:
        return [code]
    c, s, i = schema.CLASS_DIGITS, schema.SUBCLASS_DIGITS, schema.ITEM_DIGITS
    return [code[:c] or None, code[c:s] or None, code[s:i] or None]


def notes(ws: Worksheet, row: int, width: int, lines: Iterable[str]) -> int:
    """Write 注 lines from ``row`` (each merged across the table); returns the next free row."""
    for note in lines:
        text = note if note.startswith("注") else f"注：{note}"
        if width > 1:
            ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)
        style(ws.cell(row=row, column=1, value=text), BODY_FONT, LEFT_WRAP, border=None)
        row += 1
    return row


def finish(ws: Worksheet, spec: TableSpec, widths: list[float], first_data_row: int) -> None:
    """Column widths, frozen header, A4 print setup one page wide."""
    for i, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = w
    ws.freeze_panes = ws.cell(row=first_data_row, column=1)
    ws.page_setup.orientation = "landscape" if spec.landscape else "portrait"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True


def money_cell(ws: Worksheet, row: int, col: int, value: Decimal | None, ctx: Context) -> None:
    """An amount to type in (unlocked, numbers only in form mode)."""
    cell = ws.cell(row=row, column=col, value=ctx.money(value))
    style(cell, BODY_FONT, RIGHT, number_format=MONEY_FORMAT)
    ctx.open(cell, money=True)


def total_cell(ws: Worksheet, row: int, col: int, value: Decimal | None, ctx: Context,
               formula: str | None) -> None:
    """A total: in form mode the ``formula`` (locked: computed, never typed), otherwise the
    amount as given (a stated total keeps its real 尾差)."""
    if not ctx.form or formula is None:
        money_cell(ws, row, col, value, ctx)
        return
    cell = ws.cell(row=row, column=col, value=formula)
    style(cell, BODY_FONT, RIGHT, number_format=TOTAL_FORMAT)
    ctx.formula_cells += 1


def text_cell(ws: Worksheet, row: int, col: int, value: Any, alignment=LEFT,
              ctx: Context | None = None) -> None:
    """A text cell; with ``ctx`` it is a data cell (unlocked in form mode)."""
    cell = ws.cell(row=row, column=col, value=value)
    style(cell, BODY_FONT, alignment)
    if ctx is not None:
        ctx.open(cell)


def ref(row: int, col: int) -> str:
    """``C7`` for (7, 3)."""
    return f"{get_column_letter(col)}{row}"


def sum_of(cells: Iterable[tuple[int, int]]) -> str:
    """``=SUM(C7,C8,…)`` of the given (row, column) cells."""
    return "=SUM(" + ",".join(ref(r, c) for r, c in cells) + ")"
