"""Test-fixture builder: hand-written writer data with its absent totals filled in.

The writer writes amounts as given; a test that states only the leaves of a table gets its
totals here — and only the absent ones: a given value is kept as given, so that real 尾差 and
deliberate mistakes survive. The identities are the table structure of spec/workbook.md:

* 01: 本年收入合计 = Σ 一…八; 收入总计 = 本年收入合计 + 使用非财政拨款结余 + 年初结转和结余;
  本年支出合计 = Σ 类; 支出总计 = 本年支出合计 + 结余分配 + 年末结转和结余.
* 04: 本年收入合计 = Σ 一…三; 年初财政拨款结转和结余 = Σ its three kinds; 收入总计 = 本年收入合计 +
  年初财政拨款结转和结余; right block: 合计 column = Σ the three kind columns on every line;
  本年支出合计 = Σ 类 per column; 支出总计 = 本年支出合计 + 年末财政拨款结转和结余 per column.
* 02/03/05/08/09: a row's total column = Σ its part columns; the 合计 row = Σ the 类 rows
  (3-digit codes) per column (only when the table has rows).
* 06: 人员经费合计 / 公用经费合计 = Σ their items. 07: 公务用车购置及运行费 = 购置 + 运行;
  合计 = 因公出国（境）费 + 公务用车购置及运行费 + 公务接待费 (预算数 and 决算数 alike).
"""
from __future__ import annotations

import copy
from decimal import Decimal
from pathlib import Path
from typing import Iterable

from generator import schema

INCOME_01 = ("一般公共预算财政拨款收入", "政府性基金预算财政拨款收入", "国有资本经营预算财政拨款收入",
             "上级补助收入", "事业收入", "经营收入", "附属单位上缴收入", "其他收入")
ROW_TOTALS = {  # coded table → (total column, part columns)
    "02": ("本年收入合计", ("财政拨款收入", "上级补助收入", "事业收入", "经营收入", "附属单位上缴收入", "其他收入")),
    "03": ("本年支出合计", ("基本支出", "项目支出", "上缴上级支出", "经营支出", "对附属单位补助支出")),
    "05": ("合计", ("基本支出", "项目支出")),
    "08": ("本年支出", ("基本支出", "项目支出")),
    "09": ("合计", ("基本支出", "项目支出")),
}
KINDS = ("一般公共预算财政拨款", "政府性基金预算财政拨款", "国有资本经营预算财政拨款")


def _d(value) -> Decimal | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return Decimal(str(value))


def _sum(values: Iterable) -> str | None:
    given = [_d(v) for v in values if _d(v) is not None]
    return str(sum(given, Decimal(0))) if given else None


def _fill(mapping: dict, key: str, parts: Iterable) -> None:
    if _d(mapping.get(key)) is None:
        total = _sum(parts)
        if total is not None:
            mapping[key] = total


def fill_totals(data: dict) -> dict:
    """A copy of ``data`` with every absent total of the nine tables filled in."""
    data = copy.deepcopy(data)
    tables = data.get("tables") or {}
    if "01" in tables:
        inc = tables["01"].setdefault("收入", {})
        exp = tables["01"].setdefault("支出", {})
        _fill(inc, "本年收入合计", [inc.get(k) for k in INCOME_01])
        _fill(inc, "收入总计", [inc.get(k) for k in ("本年收入合计", "使用非财政拨款结余", "年初结转和结余")])
        _fill(exp, "本年支出合计", [v for k, v in exp.items() if k.isdigit()])
        _fill(exp, "支出总计", [exp.get(k) for k in ("本年支出合计", "结余分配", "年末结转和结余")])
    if "04" in tables:
        inc = tables["04"].setdefault("收入", {})
        exp = tables["04"].setdefault("支出", {})
        _fill(inc, "本年收入合计", [inc.get(k) for k in KINDS])
        _fill(inc, "年初财政拨款结转和结余", [inc.get("年初" + k) for k in KINDS])
        _fill(inc, "收入总计", [inc.get(k) for k in ("本年收入合计", "年初财政拨款结转和结余")])
        for values in exp.values():
            _fill(values, "合计", [values.get(k) for k in KINDS])
        classes = [v for k, v in exp.items() if k.isdigit()]
        this_year = exp.setdefault("本年支出合计", {})
        for column in ("合计", *KINDS):
            _fill(this_year, column, [c.get(column) for c in classes])
        total = exp.setdefault("支出总计", {})
        for column in ("合计", *KINDS):
            _fill(total, column, [exp.get(k, {}).get(column) for k in ("本年支出合计", "年末财政拨款结转和结余")])
    for key, (total_key, parts) in ROW_TOTALS.items():
        table = tables.get(key)
        if not table or not table.get("rows"):
            continue
        for row in table["rows"]:
            _fill(row, total_key, [row.get(p) for p in parts])
        total = table.get("合计") or {}
        classes = [r for r in table["rows"] if len(str(r.get("科目编码", "")).strip()) == 3]
        for column in schema.TABLE_BY_KEY[key].column_keys:
            _fill(total, column, [r.get(column) for r in classes])
        _fill(total, total_key, [total.get(p) for p in parts])
        table["合计"] = total
    if "06" in tables:
        t = tables["06"]
        items = t.get("明细") or []
        personnel = [i.get("决算数") for i in items if str(i.get("科目编码", "")).startswith(("301", "303"))]
        public = [i.get("决算数") for i in items if not str(i.get("科目编码", "")).startswith(("301", "303"))]
        _fill(t, "人员经费合计", personnel)
        _fill(t, "公用经费合计", public)
    if "07" in tables:
        for side in ("预算数", "决算数"):
            v = tables["07"].get(side)
            if v is None:
                continue
            _fill(v, "公务用车购置及运行费", [v.get("公务用车购置费"), v.get("公务用车运行费")])
            _fill(v, "合计", [v.get(k) for k in ("因公出国（境）费", "公务用车购置及运行费", "公务接待费")])
    return data


def write_filled(data: dict, path: Path, **options) -> Path:
    """Write ``data`` with its absent totals filled in (``fill_totals``)."""
    from generator.excel.writer import write_workbook

    write_workbook(fill_totals(data), path, **options)
    return path
