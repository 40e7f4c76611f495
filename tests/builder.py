"""Test-fixture builder: hand-written writer data with its absent totals filled in.

The writer writes amounts as given; a test that states only the leaves of a table gets its
totals here — and only the absent ones: a given value is kept as given, so that real 尾差 and
deliberate mistakes survive. The identities come from their one declaration
(``generator/schema/sums.py`` and ``TableSpec.row_total``); they are the table structure of
spec/workbook.md:

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


def _in_order(sums):
    """Declared sums with the totals that are parts of another sum first (07's 小计 before 合计)."""
    return sorted(sums, key=lambda s: not any(s.total in other.parts for other in sums))


def _parts(lines: dict, declared, column: str | None) -> list:
    """The part values of a declared sum in one block (``CLASS_LINES``: the 类 lines by code)."""
    def value(line_key):
        line = lines.get(line_key)
        return line.get(column) if column and isinstance(line, dict) else line
    keys = []
    for part in declared.parts:
        keys.extend([k for k in lines if k.isdigit()] if part == schema.CLASS_LINES else [part])
    return [value(k) for k in keys]


def _fill_labelled(table: dict, key: str) -> None:
    """01/04: every declared sum (``schema.SUMS``) of each block, a total after the totals among
    its parts; 04's 合计 column of every 支出 line first (``ACROSS_04``)."""
    blocks = {"收入": table.setdefault("收入", {}), "支出": table.setdefault("支出", {})}
    if key == "04":
        across = schema.ACROSS_04
        for values in blocks["支出"].values():
            _fill(values, across.total, [values.get(k) for k in across.parts])
    columns = [h.key for h in schema.TABLE_BY_KEY[key].amount_columns] if key == "04" else [None]
    for side, lines in blocks.items():
        for declared in _in_order(schema.sums_of(key, side)):
            if side == "收入" or columns == [None]:
                _fill(lines, declared.total, _parts(lines, declared, None))
                continue
            for column in declared.columns or columns:
                _fill(lines.setdefault(declared.total, {}), column, _parts(lines, declared, column))


def fill_totals(data: dict) -> dict:
    """A copy of ``data`` with every absent total of the nine tables filled in."""
    data = copy.deepcopy(data)
    tables = data.get("tables") or {}
    for key in ("01", "04"):
        if key in tables:
            _fill_labelled(tables[key], key)
    for spec in schema.TABLES:
        table = tables.get(spec.key)
        if spec.kind != "coded" or not table or not table.get("rows"):
            continue
        total_key, parts = spec.row_total
        for row in table["rows"]:
            _fill(row, total_key, [row.get(p) for p in parts])
        total = table.get("合计") or {}
        classes = [r for r in table["rows"] if len(str(r.get("科目编码", "")).strip()) == schema.CLASS_DIGITS]
        for column in spec.column_keys:
            _fill(total, column, [r.get(column) for r in classes])
        _fill(total, total_key, [total.get(p) for p in parts])
        table["合计"] = total
    if "06" in tables:
        t = tables["06"]
        items = t.get("明细") or []
        personnel = [str(i.get("科目编码", "")).startswith(schema.PERSONNEL_CLASSES) for i in items]
        for group, total_key in schema.GROUP_TOTALS:
            _fill(t, total_key, [i.get("决算数") for i, p in zip(items, personnel) if p == (group == "人员经费")])
    if "07" in tables:
        for side in ("预算数", "决算数"):
            v = tables["07"].get(side)
            if v is None:
                continue
            for declared in _in_order(schema.sums_of("07")):
                _fill(v, declared.total, [v.get(k) for k in declared.parts])
    return data


def write_filled(data: dict, path: Path, **options) -> Path:
    """Write ``data`` with its absent totals filled in (``fill_totals``)."""
    from generator.excel.writer import write_workbook

    write_workbook(fill_totals(data), path, **options)
    return path
