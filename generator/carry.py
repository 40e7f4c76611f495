"""Carry forward: last year's model → writer data for next year's workbook (``juesuan init --from``).

Pure (no openpyxl): reads a ``Disclosure`` and its named figures, returns the data format of
:mod:`generator.excel.data`. What does not change from year to year is kept, every amount is
left blank:

* 单位信息: 单位名称, 部门职责, 内设机构设置, 决算单位构成 as they were; 年度 = last year + 1.
* 科目 rows (codes and names) of tables 02, 03, 05, 06, 08, 09; the 合计 rows blank.
* 年初预算: codes and names (年初预算数 and 说明 blank).
* 名词解释 as it was; 绩效评价报告: its headings (层级 标题, 1, 2) as they were, each 正文 row
  with its 层级 and no text.
* 上年数 = last year's figures of the same names (``figures.named_figures``), for every
  ``PRIOR_LABELS`` label the model has; a label without a figure stays blank.
* 补充数据 and 情况说明: every label, blank.

Every carried text (单位信息 texts, 名词解释) is listed in ``review``: the form marks it for
review and ``check`` warns while it is unchanged (``carried-text-unchanged``). The 绩效评价报告
headings are the section labels (a year in them is found by the audit's year rule).
"""
from __future__ import annotations

from decimal import Decimal
from typing import Mapping

from . import schema
from .excel.data import blank_data
from .model import CodedTable, Disclosure


def next_year(year: str) -> str:
    """The year after ``year`` (``"2021"`` → ``"2022"``); ``""`` when ``year`` is no year."""
    year = (year or "").strip()
    return str(int(year) + 1) if year.isdigit() else ""


def _subjects(table: CodedTable | None) -> dict:
    """Coded table data with the 科目 rows and no amounts."""
    if table is None:
        return {}
    return {"rows": [{"科目编码": r.code, "科目名称": r.name} for r in table.rows]}


def prior_figures(figures: Mapping[str, Decimal]) -> dict[str, str | None]:
    """上年数 of next year: each ``PRIOR_LABELS`` label → last year's figure of that name."""
    return {label: (format(figures[label], "f") if label in figures else None)
            for label in schema.PRIOR_LABELS}


def carry_forward(d: Disclosure, figures: Mapping[str, Decimal],
                  year: str | int | None = None) -> dict:
    """Writer data (form mode) of the workbook that follows ``d``.

    Args:
        d: last year's model (``excel.reader.read_workbook(...).disclosure``).
        figures: its named figures (``figures.named_figures(d)``).
        year: the new 年度; default last year's 年度 + 1.
    Returns:
        data for ``excel.writer.write_workbook``.
    """
    new_year = str(year) if year else next_year(d.year)
    profile = d.unit.get("版式")
    data = blank_data(new_year or None, d.unit_name or None,
                      profile=profile.value if profile and profile.value else None,
                      supplement=schema.supplement_expected({*d.supplement, *d.supplement_text}),
                      budget_use=any(b.use for b in (*d.budgets, *d.fund_budgets)), members=bool(d.members),
                      fund_budget=bool(d.fund_budgets))
    unit = data["sheets"][schema.UNIT_INFO.title]
    for label in schema.UNIT_INFO.labels:
        if label not in ("单位名称", "年度") and label in d.unit:
            unit[label] = d.unit[label].value or None
    tables = data["tables"]
    for key, table in (("02", d.t02), ("03", d.t03), ("05", d.t05), ("08", d.t08), ("09", d.t09)):
        tables[key] = _subjects(table)
    if d.t06 is not None:
        tables["06"] = {"明细": [{"科目编码": i.code, "科目名称": i.name} for i in d.t06.items]}
    sheets = data["sheets"]
    sheets[schema.PRIOR.title] = prior_figures(figures)
    for spec, lines in ((schema.BUDGET, d.budgets), (schema.FUND_BUDGET, d.fund_budgets)):
        if lines or spec is schema.BUDGET:
            sheets[spec.title] = [{"科目编码": b.code, "科目名称": b.name,
                                   **({schema.BUDGET_USE: b.use.value} if b.use else {})} for b in lines]
    if d.members:  # the units of a 部门 rarely change: carried as they were
        sheets[schema.MEMBERS.title] = {m.name.value: m.note.value if m.note else None for m in d.members}
    sheets[schema.GLOSSARY.title] = {term.value: text.value for term, text in d.glossary}
    sheets[schema.APPENDIX.title] = [[item.level, item.text.value if item.level != "正文" else None]
                                for item in d.appendix]
    review = data.setdefault("review", {})
    review[schema.UNIT_INFO.title] = [label for label in schema.UNIT_INFO.labels
                                 if label not in ("单位名称", "年度", "版式") and unit.get(label)]
    review[schema.GLOSSARY.title] = list(sheets[schema.GLOSSARY.title])
    return data
