"""The nine disclosure tables on sheets (公开01表 … 公开09表), from writer data.

Amounts are written as given (a stated total keeps its real 尾差; an absent one stays blank).
In form mode every total is a formula over the cells it totals (SUM over rows or columns), so
that the officer types only the leaves.
"""
from __future__ import annotations

from decimal import Decimal
from typing import Iterable, Mapping

from openpyxl.worksheet.worksheet import Worksheet

from .. import schema
from ..schema import H, TableSpec
from .form import table_tip
from .style import (CENTER, FORM_ROWS, LEFT, W_CODE, W_CODE_PART, W_LINE, W_MONEY, W_NAME, W_ROWNO,
                    Context, amount, code_cells, finish, frame, header, money_cell, notes, ref,
                    subject_header, sum_of, text_cell, total_cell)

def _frame(ws: Worksheet, spec: TableSpec, width: int, ctx: Context) -> int:
    return frame(ws, spec, width, ctx, table_tip if ctx.form else None)


def class_label(code: str) -> str:
    for i, (class_code, name) in enumerate(schema.CLASSES):
        if class_code == code:
            return f"{schema.CHINESE_NUMERALS[i]}、{name}"
    raise ValueError(f"unknown 功能分类 类 code {code!r} (not in layout.CLASSES)")


def check_keys(table: str, side: str, given: Mapping, allowed: Iterable[str]) -> None:
    unknown = set(given) - set(allowed)
    if unknown:
        raise ValueError(f"table {table} {side}: unknown keys {sorted(unknown)}")


# ---------------------------------------------------------------------------------------------
# 01 and 04: labelled tables with an income block and an expense block side by side


def _labelled(ws: Worksheet, spec: TableSpec, left: list[tuple[str, Decimal | None]],
              right: list[tuple[str, list[Decimal | None]]], split: int, right_split: int,
              ctx: Context, left_sums: Mapping[int, Iterable[int]],
              right_sums: Mapping[int, Iterable[int]],
              across: tuple[int, tuple[int, ...]] | None = None) -> None:
    """Place a labelled table: ``left`` lines (label, amount) and ``right`` lines (label,
    amounts per column). ``split``/``right_split`` index the 本年…合计 line of each side, which
    share a row; the lines after them follow on, the last (总计) lines sharing the last row.

    Form mode: line i of ``left_sums``/``right_sums`` is the sum of the listed lines (per
    column); with ``across`` = (total column, part columns), indexes among the right block's amount
    columns, that column is the sum of those on every line."""
    n_right_cols = len(spec.amount_columns)
    width = 3 + 2 + n_right_cols
    top = _frame(ws, spec, width, ctx)
    depth = header(ws, top, (
        H("收入", H("项目"), H("行次"), H("金额")),
        H("支出", H("项目"), H("行次"), *(H(h.label) for h in spec.amount_columns)),
    ))
    row = top + depth
    for c, value in enumerate(("栏次", None, 1, "栏次", None, *range(2, 2 + n_right_cols)), start=1):
        text_cell(ws, row, c, value, CENTER)
    first = row + 1
    pre = max(split, right_split)
    post_left, post_right = len(left) - split - 1, len(right) - right_split - 1
    n_rows = pre + 1 + max(post_left, post_right)

    def row_of(index: int, split_at: int, n_post: int) -> int:
        if index < split_at:
            return first + index
        if index == split_at:
            return first + pre
        if index == split_at + n_post:  # the last line goes to the last row
            return first + n_rows - 1
        return first + pre + index - split_at

    for r in range(first, first + n_rows):  # blank bordered grid first, then the lines
        for c in range(1, width + 1):
            text_cell(ws, r, c, None, CENTER if c in (2, 5) else LEFT)
    left_rows = [row_of(i, split, post_left) for i in range(len(left))]
    right_rows = [row_of(i, right_split, post_right) for i in range(len(right))]
    number = 1
    for i, (label, value) in enumerate(left):
        r = left_rows[i]
        text_cell(ws, r, 1, label, LEFT)
        text_cell(ws, r, 2, number, CENTER)
        parts = left_sums.get(i)
        total_cell(ws, r, 3, value, ctx, sum_of((left_rows[j], 3) for j in parts) if parts else None)
        number += 1
    for i, (label, values) in enumerate(right):
        r = right_rows[i]
        text_cell(ws, r, 4, label, LEFT)
        text_cell(ws, r, 5, number, CENTER)
        parts = right_sums.get(i)
        for j, value in enumerate(values):
            col = 6 + j
            if across and j == across[0]:
                formula = sum_of((r, 6 + k) for k in across[1])
            else:
                formula = sum_of((right_rows[p], col) for p in parts) if parts else None
            total_cell(ws, r, col, value, ctx, formula)
        number += 1
    notes(ws, first + n_rows, width, spec.notes)
    finish(ws, spec, [W_LINE, W_ROWNO, W_MONEY, W_LINE, W_ROWNO] + [W_MONEY] * n_right_cols, first)


def _declared_lines(spec: TableSpec, n_classes: int) -> tuple[dict[int, list[int]], dict[int, list[int]]]:
    """The form's sums of a labelled table from its declared identities (``schema.SUMS``): line
    index of each total → line indexes of its parts, for the 收入 block and the 支出 block (whose
    first ``n_classes`` lines are the 类 lines). A total is a formula in every column of its line."""
    left = {line.key: i for i, line in enumerate(spec.income)}
    right = {line.key: n_classes + i for i, line in enumerate(spec.expense)}

    def lines(index: dict[str, int], declared: schema.Sum) -> list[int]:
        out: list[int] = []
        for key in declared.parts:
            out.extend(range(n_classes) if key == schema.CLASS_LINES else [index[key]])
        return out

    return ({left[s.total]: lines(left, s) for s in schema.sums_of(spec.key, "收入")},
            {right[s.total]: lines(right, s) for s in schema.sums_of(spec.key, "支出")})


def write_01(ws: Worksheet, spec: TableSpec, data: Mapping, ctx: Context) -> None:
    income = {k: amount(v) for k, v in (data.get("收入") or {}).items()}
    expense = {k: amount(v) for k, v in (data.get("支出") or {}).items()}
    class_codes = [c for c, _ in schema.CLASSES]
    check_keys("01", "收入", income, [line.key for line in spec.income])
    check_keys("01", "支出", expense, class_codes + [line.key for line in spec.expense])
    left = [(line.label, income.get(line.key)) for line in spec.income]
    right = [(class_label(code), [expense.get(code)]) for code in class_codes]
    right += [(line.label, [expense.get(line.key)]) for line in spec.expense]
    left_sums, right_sums = _declared_lines(spec, len(class_codes))
    split = [line.key for line in spec.income].index("本年收入合计")
    _labelled(ws, spec, left, right, split, len(class_codes), ctx, left_sums, right_sums)


def write_04(ws: Worksheet, spec: TableSpec, data: Mapping, ctx: Context) -> None:
    income = {k: amount(v) for k, v in (data.get("收入") or {}).items()}
    columns = [h.key for h in spec.amount_columns]
    expense: dict[str, dict[str, Decimal | None]] = {}
    for key, values in (data.get("支出") or {}).items():
        if not isinstance(values, Mapping):
            raise ValueError(f"table 04 支出 {key}: expected {{column: amount}}")
        check_keys("04", f"支出 {key}", values, columns)
        expense[key] = {c: amount(v) for c, v in values.items()}
    class_codes = [c for c, _ in schema.CLASSES]
    check_keys("04", "收入", income, [line.key for line in spec.income])
    check_keys("04", "支出", expense, class_codes + [line.key for line in spec.expense])
    left = [(line.label, income.get(line.key)) for line in spec.income]
    right = [(class_label(code), [expense.get(code, {}).get(c) for c in columns]) for code in class_codes]
    right += [(line.label, [expense.get(line.key, {}).get(c) for c in columns]) for line in spec.expense]
    left_sums, right_sums = _declared_lines(spec, len(class_codes))
    split = [line.key for line in spec.income].index("本年收入合计")
    across = (columns.index(schema.ACROSS_04.total), tuple(columns.index(k) for k in schema.ACROSS_04.parts))
    _labelled(ws, spec, left, right, split, len(class_codes), ctx, left_sums, right_sums, across)


# ---------------------------------------------------------------------------------------------
# Coded tables 02, 03, 05, 08, 09


def _class_sum(ctx: Context, first: int, last: int, col: int) -> str:
    """Σ of the 类 rows (3-digit codes) of the list rows ``first``…``last`` in column ``col``."""
    codes = f"$A${first}:$A${last}"
    if ctx.code_columns == 1:
        is_class = f"(LEN(TRIM({codes}))=3)"
    else:  # 类 | 款 | 项: a 类 row has its 类 and no 款
        is_class = f"(LEN(TRIM({codes}))=3)*(LEN(TRIM($B${first}:$B${last}))=0)"
    return f"=SUMPRODUCT({is_class}*{ref(first, col)}:{ref(last, col)})"


def write_coded(ws: Worksheet, spec: TableSpec, data: Mapping, ctx: Context) -> None:
    check_keys(spec.key, "", data, ("合计", "rows", "注"))
    keys = list(spec.column_keys)
    total_key, part_keys = spec.row_total
    rows: list[tuple[str, str, dict[str, Decimal | None]]] = []
    for raw in data.get("rows") or []:
        code = str(raw.get("科目编码") or "").strip()
        name = str(raw.get("科目名称") or "")
        values = {k: amount(v) for k, v in raw.items() if k not in ("科目编码", "科目名称")}
        check_keys(spec.key, f"row {code}", values, keys)
        rows.append((code, name, values))
    total_given = data.get("合计")
    total = None
    if rows or total_given or ctx.form:
        total = {k: amount(v) for k, v in (total_given or {}).items()}
        check_keys(spec.key, "合计", total, keys)

    n_code = ctx.code_columns
    width = n_code + 1 + len(keys)
    top = _frame(ws, spec, width, ctx)
    depth = header(ws, top, (subject_header(ctx), *spec.header[1:]))
    row = top + depth
    # 栏次 row: the label over 科目编码 + 科目名称, then 1 … n.
    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=n_code + 1)
    for c in range(1, n_code + 2):
        text_cell(ws, row, c, "栏次" if c == 1 else None, CENTER)
    for i in range(len(keys)):
        text_cell(ws, row, n_code + 2 + i, i + 1, CENTER)
    row += 1
    first = row
    listed = rows + [("", "", {})] * ctx.spare(len(rows))
    list_first = first + (total is not None)
    list_last = list_first + max(len(listed), 1) - 1
    column = {k: n_code + 2 + i for i, k in enumerate(keys)}

    def row_total(r: int) -> str:
        return sum_of((r, column[k]) for k in part_keys)

    if total is not None:
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=n_code + 1)
        for c in range(1, n_code + 2):
            text_cell(ws, row, c, "合计" if c == 1 else None, CENTER)
        for k in keys:
            formula = row_total(row) if k == total_key else _class_sum(ctx, list_first, list_last, column[k])
            total_cell(ws, row, column[k], total.get(k), ctx, formula)
        row += 1
    for code, name, values in listed:
        for i, part in enumerate(code_cells(code, ctx)):
            text_cell(ws, row, 1 + i, part or None, LEFT, ctx)
        text_cell(ws, row, n_code + 1, name or None, LEFT, ctx)
        for k in keys:
            total_cell(ws, row, column[k], values.get(k), ctx, row_total(row) if k == total_key else None)
        row += 1
    note_lines = data.get("注")
    if note_lines is None:
        note_lines = list(spec.notes)
        if not rows and spec.empty_note and not ctx.form:
            note_lines.append(spec.empty_note)
    notes(ws, row, width, note_lines)
    code_widths = [W_CODE] if n_code == 1 else [W_CODE_PART] * 3
    finish(ws, spec, code_widths + [W_NAME] + [W_MONEY] * len(keys), first)


# ---------------------------------------------------------------------------------------------
# 06: three blocks 科目编码 | 科目名称 | 决算数 (人员经费 | 公用经费 × 2)


def write_06(ws: Worksheet, spec: TableSpec, data: Mapping, ctx: Context) -> None:
    personnel: list[tuple[str, str, Decimal | None]] = []
    public: list[tuple[str, str, Decimal | None]] = []
    for raw in data.get("明细") or []:
        check_keys("06", "明细", raw, ("科目编码", "科目名称", "决算数"))
        code = str(raw.get("科目编码") or "").strip()
        item = (code, str(raw.get("科目名称") or ""), amount(raw.get("决算数")))
        (personnel if code.startswith(schema.PERSONNEL_CLASSES) else public).append(item)
    check_keys("06", "", data, ("明细", schema.PERSONNEL_TOTAL, schema.PUBLIC_TOTAL, "注"))

    width = 9
    top = _frame(ws, spec, width, ctx)
    first = top + header(ws, top, spec.header)
    n_rows = schema.t06_body_rows(len(personnel), len(public))
    n_rows += ctx.spare(n_rows, FORM_ROWS - 5)
    blocks = [personnel, public[:n_rows], public[n_rows:]]
    for r in range(n_rows):
        row = first + r
        for b, items in enumerate(blocks):
            col = 1 + 3 * b
            code, name, value = items[r] if r < len(items) else (None, None, None)
            text_cell(ws, row, col, code, LEFT, ctx)
            text_cell(ws, row, col + 1, name, LEFT, ctx)
            money_cell(ws, row, col + 2, value, ctx)
    row = first + n_rows
    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=2)
    ws.merge_cells(start_row=row, start_column=4, end_row=row, end_column=8)
    for c in range(1, width + 1):
        if c not in (3, 9):
            text_cell(ws, row, c, {1: schema.PERSONNEL_TOTAL, 4: schema.PUBLIC_TOTAL}.get(c), CENTER)
    last = max(row - 1, first)
    total_cell(ws, row, 3, amount(data.get(schema.PERSONNEL_TOTAL)), ctx, f"=SUM(C{first}:C{last})")
    total_cell(ws, row, 9, amount(data.get(schema.PUBLIC_TOTAL)), ctx,
               f"=SUM(F{first}:F{last},I{first}:I{last})")
    notes(ws, row + 1, width, data.get("注", spec.notes))
    finish(ws, spec, [W_CODE - 2, W_NAME - 6, W_MONEY - 2] * 3, first)


# ---------------------------------------------------------------------------------------------
# 07: one data row under 预算数 / 决算数


def write_07(ws: Worksheet, spec: TableSpec, data: Mapping, ctx: Context) -> None:
    check_keys("07", "", data, ("预算数", "决算数", "注"))
    sides = {}
    for side in ("预算数", "决算数"):
        given = data.get(side) or {}
        check_keys("07", side, given, schema.THREE_COST_ITEMS)
        sides[side] = {k: amount(v) for k, v in given.items()}
    leaves = spec.columns
    width = len(leaves)
    top = _frame(ws, spec, width, ctx)
    row = top + header(ws, top, spec.header)
    col_of = {(path[0].label, leaf.key): 1 + i for i, (path, leaf) in enumerate(leaves)}
    sums = {declared.total: declared.parts for declared in schema.sums_of("07")}
    for (side, key), col in col_of.items():
        parts = sums.get(key)
        formula = sum_of((row, col_of[(side, p)]) for p in parts) if parts else None
        total_cell(ws, row, col, sides[side].get(key), ctx, formula)
    notes(ws, row + 1, width, data.get("注", spec.notes))
    finish(ws, spec, [W_MONEY - 1] * width, row)
    ws.row_dimensions[top + 1].height = 28


TABLE_WRITERS = {
    "01": write_01, "04": write_04, "06": write_06, "07": write_07,
    "02": write_coded, "03": write_coded, "05": write_coded, "08": write_coded, "09": write_coded,
}
