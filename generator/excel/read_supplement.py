"""Reading the supplementary sheets: labelled lists found by sheet name or title, columns by header."""
from __future__ import annotations

import re
from decimal import Decimal
from typing import Iterator

from .. import schema
from ..model import Amount, AppendixItem, BudgetLine, MemberUnit, Ref, Text
from .cells import ReadContext, text
from .grid import Grid
from .read_coded import code_columns, read_code


def _column_of(folded: str, wanted: list[str]) -> str | None:
    folded = re.sub(r"\((万元|元)\)$", "", folded)
    for label in wanted:
        if folded == label or folded in {schema.fold(a) for a in schema.COLUMN_ALIASES.get(label, ())}:
            return label
    return None


def find_sheet(ctx: ReadContext, spec: schema.SheetSpec) -> tuple[Grid, int, dict[str, int]] | None:
    """(grid, header row, column label → column) of a supplementary sheet, or None."""
    wanted = [schema.fold(c) for c in spec.columns]
    optional = [schema.fold(c) for c in spec.extra_columns]
    for grid in ctx.grids:
        named = schema.fold(grid.name) == schema.fold(spec.title)
        titled = any(schema.fold(grid.raw(r, c)) == schema.fold(spec.title)
                     for r in range(1, 3) for c in range(1, 3))
        if not (named or titled):
            continue
        for row in range(1, min(grid.max_row, 6) + 1):
            cols: dict[str, int] = {}
            for col in range(1, grid.max_col + 1):
                label = _column_of(schema.fold(grid.raw(row, col)), wanted + optional)
                if label and label not in cols:
                    cols[label] = col
            if wanted[0] in cols and wanted[-1] in cols or (len(cols) >= 2 and wanted[0] in cols):
                return grid, row, cols
        ctx.add("header-missing", Ref(grid.name, "A1"), sheet=grid.name,
                columns="、".join(spec.columns))
        return None
    if not spec.optional:
        ctx.add("sheet-missing", title=spec.title)
    return None


def sheet_rows(ctx: ReadContext, spec: schema.SheetSpec) -> Iterator[tuple[Grid, int, dict[str, int]]]:
    """(grid, row, column label → column) for every row below the header of a supplementary sheet
    (nothing when the sheet is missing: ``find_sheet`` reports that)."""
    found = find_sheet(ctx, spec)
    if found is None:
        return
    grid, header_row, cols = found
    for row in range(header_row + 1, grid.max_row + 1):
        yield grid, row, cols


def labelled_rows(ctx: ReadContext, spec: schema.SheetSpec) -> list[tuple[str, Ref, int, Grid, dict[str, int]]]:
    """(canonical label, label cell, row, grid, columns) of a 项目-list sheet."""
    known = {schema.fold_label(label): label for label in spec.labels}
    known.update((schema.fold_label(alias), label) for alias, label in schema.LABEL_ALIASES.items()
                 if label in spec.labels)
    out = []
    seen: dict[str, Ref] = {}
    for grid, row, cols in sheet_rows(ctx, spec):
        key_col = cols[schema.fold(spec.columns[0])]
        raw = text(grid.raw(row, key_col))
        if not raw:
            continue
        ref = ctx.ref(grid, row, key_col)
        label = known.get(schema.fold_label(raw))
        if spec.labels and label is None:
            ctx.add("unknown-label", ref, label=raw, sheet=spec.title)
            continue
        label = label or raw
        if label in seen:
            ctx.add("label-duplicate", [ref, seen[label]], sheet=spec.title, label=label,
                    refs=f"{seen[label]}、{ref}")
            continue
        seen[label] = ref
        out.append((label, ref, row, grid, cols))
    return out


def text_cell(ctx: ReadContext, grid: Grid, row: int, col: int | None) -> Text | None:
    """The text of one cell with its reference; None without a column."""
    if col is None:
        return None
    value = text(grid.raw(row, col)).replace("\r\n", "\n").replace("\r", "\n")
    return Text(value, ctx.ref(grid, row, col))


def read_unit(ctx: ReadContext) -> dict[str, Text]:
    """单位信息 by label (单位名称, 年度, 部门职责 …); a 年度 that is no year is a finding."""
    out = {}
    for label, _ref, row, grid, cols in labelled_rows(ctx, schema.UNIT_INFO):
        value = text_cell(ctx, grid, row, cols.get("内容"))
        if value is not None:
            out[label] = value
    for label in schema.UNIT_INFO.required:
        if label not in out or not out[label].value:
            ctx.add("required-missing", out[label].ref if label in out else None,
                    sheet=schema.UNIT_INFO.title, label=label)
    year = out.get("年度")
    if year and year.value and not re.match(r"^\d{4}$", year.value.replace("年", "").replace("度", "")):
        ctx.add("bad-year", year.ref, value=year.value)
    elif year and year.value:
        out["年度"] = Text(year.value.replace("年度", "").replace("年", ""), year.ref)
    return out


def read_numeric_sheet(ctx: ReadContext, spec: schema.SheetSpec,
                       value_label: str) -> tuple[dict[str, Amount], dict[str, Text]]:
    """A label/value sheet (上年数, 补充数据): its amounts and its texts by label."""
    numbers: dict[str, Amount] = {}
    texts: dict[str, Text] = {}
    for label, _ref, row, grid, cols in labelled_rows(ctx, spec):
        col = cols.get(schema.fold(value_label))
        if col is None:
            continue
        if label in spec.numeric:
            if spec.blank_is_unknown and ctx.blank(grid, row, col):
                continue  # e.g. a blank 上年数 is unknown, not 0: its "与上年相比" clause is dropped
            numbers[label] = ctx.amount(grid, row, col, Decimal(1))
        else:
            value = text_cell(ctx, grid, row, col)
            if value is not None:
                texts[label] = value
    return numbers, texts


def read_explanations(ctx: ReadContext) -> dict[str, Text]:
    """情况说明 by label; a label row with an empty 说明 is kept (as empty text with its cell),
    so that the audit can point at the cell to fill in."""
    out = {}
    for label, _ref, row, grid, cols in labelled_rows(ctx, schema.EXPLANATIONS):
        value = text_cell(ctx, grid, row, cols.get("说明"))
        if value is not None:
            out[label] = value
    return out


def read_budgets(ctx: ReadContext, spec: schema.SheetSpec = schema.BUDGET) -> list[BudgetLine]:
    """年初预算 (or 政府性基金年初预算, ``spec``): one line per 7-digit 科目 with its 年初预算数,
    说明 and 主要用途 (类/款 lines skipped)."""
    found = find_sheet(ctx, spec)
    if found is None:
        return []
    grid, header_row, cols = found
    code_info = code_columns(grid, header_row)
    code_cols = code_info[0] if code_info else [cols["科目编码"]]
    name_col = cols.get("科目名称")
    value_col = cols.get("年初预算数")
    note_col = cols.get("说明")
    use_col = cols.get(schema.fold(schema.BUDGET_USE))
    start = header_row + 1
    if len(code_cols) > 1:
        start = max(start, code_info[2] + 1)
    out = []
    context = ["", ""]
    for row in range(start, grid.max_row + 1):
        code, ok = read_code(grid, row, code_cols, context)
        name = text(grid.raw(row, name_col)) if name_col else ""
        if not code:
            if schema.fold(name) in schema.TOTAL_LABELS or not name:
                continue
        ref = ctx.ref(grid, row, code_cols[0])
        if not ok or len(code) != schema.ITEM_DIGITS:
            if len(code) in (schema.CLASS_DIGITS, schema.SUBCLASS_DIGITS) and ok:
                continue  # 类/款 subtotal lines are allowed and ignored
            ctx.add("bad-code", ref, value=code or name)
            continue
        budget = ctx.amount(grid, row, value_col, Decimal(1)) if value_col else Amount.zero()
        note = text_cell(ctx, grid, row, note_col)
        use = text_cell(ctx, grid, row, use_col)
        out.append(BudgetLine(code, name, budget, note if note and note.value else None, ref,
                              use if use and use.value else None))
    return out


def read_appendix(ctx: ReadContext) -> list[AppendixItem]:
    """绩效评价报告: its paragraphs, each with its level (标题, 1, 2, 正文)."""
    out = []
    for grid, row, cols in sheet_rows(ctx, schema.APPENDIX):
        level = schema.fold(grid.raw(row, cols["层级"]))
        value = text_cell(ctx, grid, row, cols.get("内容"))
        if not value or not value.value:
            continue
        if level not in schema.APPENDIX_LEVELS:
            if not level:
                level = "正文"
            else:
                ctx.add("bad-level", ctx.ref(grid, row, cols["层级"]), value=level)
                continue
        out.append(AppendixItem(level, value))
    return out


def read_glossary(ctx: ReadContext) -> list[tuple[Text, Text]]:
    """名词解释: (term, explanation) pairs."""
    out = []
    for grid, row, cols in sheet_rows(ctx, schema.GLOSSARY):
        term = text_cell(ctx, grid, row, cols.get("名词"))
        value = text_cell(ctx, grid, row, cols.get("解释"))
        if term and term.value and value and value.value:
            out.append((term, value))
    return out


def read_members(ctx: ReadContext) -> list[MemberUnit]:
    """单位构成 (optional): the units of a 部门's 决算 in order, each with its 备注."""
    out = []
    for grid, row, cols in sheet_rows(ctx, schema.MEMBERS):
        name = text_cell(ctx, grid, row, cols.get("单位名称"))
        note = text_cell(ctx, grid, row, cols.get("备注"))
        if name and name.value:
            out.append(MemberUnit(name, note if note and note.value else None))
    return out
