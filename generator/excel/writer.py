"""Write a 部门决算公开 workbook from writer data.

Write a 部门决算公开 workbook from writer data (format: :mod:`generator.excel.data`): the sample
from its JSON, the blank form of ``juesuan init``, the workbooks of the tests.

The nine tables are placed by :mod:`.table_sheets`, the form's guidance, protection and
formulas come from :mod:`.form`, the styling from :mod:`.style`; this module holds the entry
points and the supplementary sheets.
"""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any, Mapping

from openpyxl import Workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from .. import schema
from ..schema import H
from .data import blank_data  # noqa: F401  (re-exported: the data of a blank workbook)
from .form import (APPENDIX_FORM_ROWS, GLOSSARY_FORM_ROWS, GUIDANCE_TITLE, INPUT_FILL,
                   SHEET_TIPS, cache_zero_totals, mark_for_review, protect, tip, write_carried,
                   write_guidance)
from .style import (BODY_FONT, CENTER, HEADER_FONT, LEFT, LEFT_WRAP, MONEY_FORMAT, RIGHT, UNLOCKED, W_CODE,
                    W_CODE_PART, W_NAME, Context, amount, code_cells, header, number, style)
from .table_sheets import TABLE_WRITERS, check_keys

__all__ = ["write_workbook", "build_workbook", "blank_data", "GUIDANCE_TITLE"]


def write_workbook(data: Mapping[str, Any], path: str | Path, *, code_columns: int | None = None,
                   unit: str | None = None, form: bool | None = None) -> None:
    """Write ``data`` (format: :mod:`generator.excel.data`) as an .xlsx workbook at ``path``.

    Args:
        data: tables and supplementary sheets as plain values.
        path: the .xlsx file to write (overwritten).
        code_columns: 1 or 3 科目编码 columns (default: ``data["options"]``, else 1).
        unit: ``"万元"`` or ``"元"`` for the nine tables (default: ``data["options"]``, else 万元).
        form: a workbook to fill in (see the data format; default ``data["options"]``, else no).
    """
    wb, ctx = _build(data, code_columns, unit, form)
    wb.save(str(path))
    if ctx.form and ctx.formula_cells and not ctx.amounts_given:
        cache_zero_totals(Path(path))


def build_workbook(data: Mapping[str, Any], *, code_columns: int | None = None,
                   unit: str | None = None, form: bool | None = None) -> Workbook:
    """The openpyxl ``Workbook`` that :func:`write_workbook` saves (its formulas without the
    values a blank form stores for them)."""
    return _build(data, code_columns, unit, form)[0]


def _build(data: Mapping[str, Any], code_columns: int | None, unit: str | None,
           form: bool | None) -> tuple[Workbook, Context]:
    options = dict(data.get("options") or {})
    for key, value in (("code_columns", code_columns), ("unit", unit), ("form", form)):
        if value is not None:
            options[key] = value
    is_form = bool(options.get("form", False))
    ctx = Context(
        code_columns=int(options.get("code_columns", 1)),
        unit=str(options.get("unit", "万元")),
        unit_name=str(((data.get("sheets") or {}).get("单位信息") or {}).get("单位名称") or ""),
        form=is_form, input_fill=INPUT_FILL if is_form else None,
        budget_use=bool(options.get("budget_use")) or any(
            schema.BUDGET_USE in raw for spec in schema.BUDGET_SHEETS
            for raw in (data.get("sheets") or {}).get(spec.title) or []),
    )
    tables = data.get("tables") or {}
    sheets = data.get("sheets") or {}
    unknown = (set(tables) - set(schema.TABLE_BY_KEY)) | (set(sheets) - {s.title for s in schema.SHEETS})
    if unknown:
        raise ValueError(f"unknown tables/sheets in data: {sorted(unknown)}")
    review = {title: set(labels) for title, labels in (data.get("review") or {}).items()}
    carried: list[tuple[str, str, str]] = []
    wb = Workbook()
    wb.remove(wb.active)
    wb.properties.creator = "juesuan"
    if ctx.form:
        write_guidance(wb.create_sheet(GUIDANCE_TITLE))
    titles = options.get("titles") or {}  # key → title of another edition (init --profile)
    for spec in schema.TABLES:
        if spec.key in tables:
            shown = replace(spec, title=titles[spec.key]) if spec.key in titles else spec
            TABLE_WRITERS[spec.key](wb.create_sheet(spec.number), shown, tables[spec.key] or {}, ctx)
    for sheet in schema.SHEETS:
        if sheet.title in sheets:
            _write_supplement(wb.create_sheet(sheet.title), sheet, sheets[sheet.title], ctx,
                              review.get(sheet.title, set()), carried)
    if ctx.form:
        for ws in wb.worksheets:
            if ws.title != GUIDANCE_TITLE:
                protect(ws, ctx)
    if carried:
        write_carried(wb.create_sheet(schema.CARRIED_SHEET), carried)
    return wb, ctx


# Column widths of the supplementary sheets (年初预算 and 政府性基金年初预算 depend on their code columns).
_WIDTHS = {"单位信息": [16, 100], "上年数": [28, 16, 70], "补充数据": [34, 26], "情况说明": [30, 90],
           "绩效评价报告": [10, 110], "名词解释": [18, 100], "单位构成": [50, 40]}


def _rows(sheet: schema.SheetSpec, data: Any, ctx: Context) -> list[list[tuple[Any, str]]]:
    """The rows of a supplementary sheet, each cell as (value, kind) with kind: label | text |
    wrap | money | count | note (a fixed explanation, not read: 上年数's meaning of each label)."""
    rows: list[list[tuple[Any, str]]] = []
    if sheet in schema.BUDGET_SHEETS:
        uses = ctx.budget_use
        for raw in data or []:
            check_keys(sheet.title, "row", raw, sheet.columns + sheet.extra_columns)
            codes = code_cells(str(raw.get("科目编码") or "").strip(), ctx)
            rows.append([*((c, "text") for c in codes), (raw.get("科目名称"), "text"),
                         (amount(raw.get("年初预算数")), "money"), (raw.get("说明"), "wrap"),
                         *([(raw.get(schema.BUDGET_USE), "wrap")] if uses else [])])
        blank = [*((None, "text") for _ in range(ctx.code_columns)), (None, "text"),
                 (None, "money"), (None, "wrap"), *([(None, "wrap")] if uses else [])]
        return rows + [blank] * ctx.spare(len(rows))
    if sheet is schema.APPENDIX:
        for level, text in data or []:
            level = int(level) if str(level).strip().isdigit() else level
            rows.append([(level, "text"), (text, "wrap")])
        return rows + [[(None, "text"), (None, "wrap")]] * ctx.spare(len(rows), APPENDIX_FORM_ROWS)
    for label, value in (data or {}).items():
        kind = "wrap"
        if sheet is schema.UNIT_INFO and label == "年度" and str(value or "").strip().isdigit():
            value, kind = int(str(value).strip()), "text"
        elif sheet is schema.PRIOR or label in schema.SUPPLEMENT_MONEY:
            value, kind = number(value, integer=False), "money"
        elif sheet is schema.SUPPLEMENT and label not in schema.SUPPLEMENT_TEXT_LABELS:
            value, kind = number(value, integer=True), "count"
        rows.append([(label, "text" if sheet in (schema.GLOSSARY, schema.MEMBERS) else "label"), (value, kind)]
                    + ([(schema.PRIOR_MEANING.get(label), "note")] if sheet is schema.PRIOR else []))
    if sheet in (schema.GLOSSARY, schema.MEMBERS):
        rows += [[(None, "text"), (None, "wrap")]] * ctx.spare(len(rows), GLOSSARY_FORM_ROWS)
    return rows


def _write_supplement(ws: Worksheet, sheet: schema.SheetSpec, data: Any, ctx: Context,
                      review: set[str], carried: list[tuple[str, str, str]]) -> None:
    if sheet in schema.BUDGET_SHEETS and ctx.code_columns == 3:
        # Two header rows, as in the tables: 科目编码 over 类 | 款 | 项, the others merged down.
        header(ws, 1, (H("科目编码", H("类"), H("款"), H("项")), *(H(c) for c in sheet.columns[1:])))
        first = 3
    else:
        extra = sheet.extra_columns if sheet in schema.BUDGET_SHEETS and ctx.budget_use else ()
        notes = (schema.PRIOR_MEANING_COLUMN,) if sheet is schema.PRIOR else ()
        for c, label in enumerate(sheet.columns + extra + notes, start=1):
            style(ws.cell(row=1, column=c, value=label), HEADER_FONT, CENTER)
        first = 2
    if ctx.form:
        tip(ws.cell(row=1, column=1), SHEET_TIPS[sheet.title])
    for r, values in enumerate(_rows(sheet, data, ctx), start=first):
        for c, (value, kind) in enumerate(values, start=1):
            cell = ws.cell(row=r, column=c, value=value)
            if kind == "label":  # a fixed label: may be deleted, not to be typed in
                if ctx.form:
                    cell.protection = UNLOCKED
            elif kind == "note":  # fixed text beside the input (locked, not coloured)
                style(cell, BODY_FONT, LEFT_WRAP)
                continue
            else:
                ctx.open(cell, money=kind in ("money", "count"))
            if kind == "money" and not isinstance(value, str):
                style(cell, BODY_FONT, RIGHT, number_format=MONEY_FORMAT)
            elif kind == "count" and not isinstance(value, str):
                style(cell, BODY_FONT, RIGHT)
            else:
                style(cell, BODY_FONT, LEFT_WRAP if kind == "wrap" else LEFT)
        key = values[0][0] if sheet is not schema.APPENDIX else values[-1][0]
        text = next(v for v, kind in reversed(values) if kind != "note")
        if review and isinstance(key, str) and key in review and isinstance(text, str) and text.strip():
            mark_for_review(ws.cell(row=r, column=len(values)))
            carried.append((sheet.title, key, text))
    widths = _WIDTHS.get(sheet.title) or (
        ([W_CODE] if ctx.code_columns == 1 else [W_CODE_PART] * 3) + [W_NAME, 14, 70, 50])
    for i, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = w
    ws.freeze_panes = ws.cell(row=first, column=1)
