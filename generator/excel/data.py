"""The writer's data format (pure: no spreadsheet library) and the data of a blank workbook.

:mod:`generator.excel.writer` writes this data as a 部门决算公开 workbook: the nine disclosure
tables as finance staff have them (公开01表 … 公开09表) and the supplementary sheets of
spec/workbook.md § B. ``carry`` produces it from last year's model without loading openpyxl.

Data format
===========

One JSON-able ``dict``. Amounts are strings such as ``"1234.50"`` (ints and Decimals are
accepted too; never floats in committed data); ``None`` or an absent key means a blank cell.
All amounts are given in 万元, whatever the output scale::

    {
      "options": {"code_columns": 1, "unit": "万元"},      # optional, see below
      "tables": {                                          # only the tables present are written
        "01": {"收入": {LINE: amount, …},                   # keys: layout.T01.income Line.key
               "支出": {CODE: amount, …, LINE: amount, …}},  # 3-digit 类 codes + T01.expense keys
        "04": {"收入": {LINE: amount, …},                   # keys: layout.T04.income Line.key
               "支出": {CODE or LINE: {COLUMN: amount}}},   # COLUMN: 合计, 一般公共预算财政拨款,
                                                            #   政府性基金预算财政拨款, 国有资本经营预算财政拨款
        "02" | "03" | "05" | "08" | "09": {
               "合计": {COLUMN: amount, …} | None,          # the 合计 row (optional)
               "rows": [{"科目编码": "2080109", "科目名称": "社会保险经办机构",
                         COLUMN: amount, …}, …],            # 类/款/项 rows in sheet order
               "注": [str, …]},                             # optional: replaces the default notes
        "06": {"明细": [{"科目编码": "30101", "科目名称": "基本工资", "决算数": amount}, …],
               "人员经费合计": amount, "公用经费合计": amount, "注": [str, …]},
        "07": {"预算数": {ITEM: amount}, "决算数": {ITEM: amount}, "注": [str, …]},
      },
      "sheets": {                                          # only the sheets present are written
        "单位信息": {LABEL: text},                          # 单位名称, 年度, 部门职责, …
        "上年数": {LABEL: amount},
        "年初预算": [{"科目编码": "2080109", "科目名称": …, "年初预算数": amount, "说明": text}, …],
        "补充数据": {LABEL: amount | count | text},
        "情况说明": {LABEL: text | None},                   # None: the label row with a blank 说明
        "绩效评价报告": [[层级, 内容], …],                   # 层级: 标题 | 1 | 2 | 正文
        "名词解释": {名词: 解释},
      },
    }

* COLUMN of a coded table is the key of a leaf of its layout header
  (``TableSpec.column_keys``): 02 本年收入合计 财政拨款收入 上级补助收入 事业收入 经营收入
  附属单位上缴收入 其他收入; 03 本年支出合计 基本支出 项目支出 上缴上级支出 经营支出
  对附属单位补助支出; 05 and 09 合计 基本支出 项目支出; 08 年初结转和结余 本年收入 本年支出
  基本支出 项目支出 年末结转和结余.
* ITEM of table 07: 合计, 因公出国（境）费, 公务用车购置及运行费 (the 小计), 公务用车购置费,
  公务用车运行费, 公务接待费 (``layout.THREE_COST_ITEMS``).
* Table 06 items are placed by code: 301*/303* in the 人员经费 block, all others in the two
  公用经费 blocks (filled top to bottom, left block first).
* Table 01/04 class codes must be in ``layout.CLASSES``; every 类 is printed (``八、社会保障和就业支出``),
  with blank amounts when not given.
* Rows are written in the order given; the writer does not sort or check 科目 codes.
* Supplementary sheets: a header row (``SheetSpec.columns``), then one row per key in dict order.
  上年数 values, 年初预算数 and the numeric 补充数据 labels are written as numbers (counts as
  integers), 年度 and the 层级 1 / 2 as integers; everything else as text (long text wraps).

Amounts are written as given: a stated total keeps its real 尾差, an absent one stays blank
(the test-fixture builder ``tests/builder.py`` fills absent totals for hand-written test data).
In form mode every total is a formula instead (see :mod:`generator.excel.table_sheets`).

Options (``data["options"]``, overridden by the keyword arguments of :func:`write_workbook`):

* ``code_columns``: 1 (default) — one 科目编码 column (``2080109``); 3 — three columns
  类 | 款 | 项 (``208 | 01 | 09``) under a 科目编码 header, in tables 02, 03, 05, 08, 09 and in
  the 年初预算 sheet (there with two header rows: 科目编码 over 类 | 款 | 项).
* ``unit``: ``"万元"`` (default) or ``"元"`` — amounts of the nine tables ×10000 and the unit line
  ``单位：元``. Supplementary sheets stay in 万元.
* ``form``: ``False`` (default) or ``True`` — a workbook to be filled in Excel/WPS (``juesuan init``):
  a 填表说明 sheet first and a comment on each table's title; every data cell (amounts,
  科目编码/名称, supplementary values and labels) unlocked, filled light yellow (the colour the
  guidance names) and every sheet protected without a password, so that titles, headers,
  栏次 and totals cannot be overwritten by accident; every total a formula (locked; 0 stored as
  its value while no amount is given, which is what it computes); money cells accept numbers
  only (data validation); blank unlocked rows for the lists (coded tables, 06, 年初预算,
  绩效评价报告, 名词解释), at least ``FORM_ROWS`` rows in all and ``FORM_SPARE`` more than
  given; a coded table always gets its 合计 row and never the empty-table note.

:func:`blank_data` gives the data of an empty workbook (all nine tables, every supplementary
sheet with all its labels) for a year and unit.

``data["review"]`` (optional, form mode): ``{sheet title: [label, …]}`` — texts carried from
last year (``init --from``): their cells are marked for review (fill + comment) and recorded
with their text in a hidden sheet, so that ``check`` warns while they are unchanged. The label
is the 项目 of 单位信息/情况说明, the 名词 of 名词解释, the 内容 of a 绩效评价报告 heading.
"""
from __future__ import annotations

from typing import Iterable

from .. import schema

__all__ = ["blank_data"]


def blank_data(year: int | str | None = None, unit: str | None = None, *,
               profile: str | None = None, supplement: Iterable[str] | None = None,
               budget_use: bool = False, members: bool = False, fund_budget: bool = False) -> dict:
    """Writer data of an empty workbook: the nine tables without rows or amounts and every
    supplementary sheet with its labels and blank values (年度 and 单位名称 as given).

    Args:
        profile: recorded as 单位信息 ``版式`` (the 版式 row is left out without it).
        supplement: the 补充数据 labels (default: the common and the 湖南 ones,
            ``schema.supplement_expected``); a profile passes the labels its sentences use.
        budget_use: 年初预算 with the 主要用途 column (上海 2024+).
        members: with the 单位构成 sheet (a 部门 with member units).
        fund_budget: with the 政府性基金年初预算 sheet (上海 2024+: 八 lists each 项 of 08).
    """
    given = {"单位名称": unit, "年度": year, "版式": profile}
    sheets = {
        schema.UNIT_INFO.title: {label: given.get(label) for label in schema.UNIT_INFO.labels
                                 if label != "版式" or profile},
        schema.PRIOR.title: dict.fromkeys(schema.PRIOR_LABELS),
        schema.BUDGET.title: [],
        schema.SUPPLEMENT.title: dict.fromkeys(
            schema.supplement_expected(set()) if supplement is None else supplement),
        schema.EXPLANATIONS.title: dict.fromkeys(label for label in schema.EXPLANATION_LABELS
                                                 if label not in schema.EXPLANATION_SHANGHAI),
        schema.APPENDIX.title: [],
        schema.GLOSSARY.title: {},
    }
    if members:
        sheets[schema.MEMBERS.title] = {}
    if fund_budget:
        sheets[schema.FUND_BUDGET.title] = []
    return {
        "options": {"code_columns": 1, "unit": "万元", "form": True, "budget_use": budget_use},
        "tables": {spec.key: {} for spec in schema.TABLES},
        "sheets": sheets,
    }
