"""Each accounting identity is declared once (``schema.SUMS``): the audit rule, the blank form's
SUM formula and the test builder all follow a change of the declaration."""
from __future__ import annotations

from dataclasses import replace

import openpyxl
import pytest

from generator import schema
from generator.audit.identities import Identity
from generator.audit.within import t01_income, t07_cars
from generator.excel.writer import blank_data, write_workbook
from generator.pipeline import check
from tests.builder import fill_totals
from tests.conftest import SAMPLE
from tests.helpers import find_cell

INCOME_01 = [line.key for line in schema.T01.income[:8]]


def _declare(monkeypatch, table: str, rule_id: str, **changes) -> None:
    """Replace the declaration of ``rule_id`` in ``schema.SUMS[table]`` for this test only."""
    sums = tuple(replace(s, **changes) if s.rule == rule_id else s for s in schema.SUMS[table])
    monkeypatch.setitem(schema.SUMS, table, sums)


def _form_formula(tmp_path, sheet: str, label: str, column: int) -> str:
    path = tmp_path / "blank.xlsx"
    write_workbook(blank_data(2021, "测试单位"), path, form=True)
    ws = openpyxl.load_workbook(path)[sheet]
    return ws.cell(row=find_cell(ws, label).row, column=column).value


def _identity_cells(rule, path=SAMPLE) -> set[str]:
    checked = check(path)
    (compared,) = [r for r in rule.results(checked.disclosure, checked.figures) if isinstance(r, Identity)]
    return {str(ref) for ref in compared.cells}


def test_01_income_total_as_declared_in_rule_form_and_builder(tmp_path):
    """As declared: 本年收入合计 = 一 … 八 (sample rows 7–14, the total at C33)."""
    assert _form_formula(tmp_path, "公开01表", "本年收入合计", 3) == "=SUM(C7,C8,C9,C10,C11,C12,C13,C14)"
    filled = fill_totals({"tables": {"01": {"收入": {k: "1" for k in INCOME_01}}}})
    assert filled["tables"]["01"]["收入"]["本年收入合计"] == "8"
    assert _identity_cells(t01_income) == {f"公开01表!C{r}" for r in (33, *range(7, 15))}


def test_changing_the_declaration_changes_the_rule_the_form_and_the_builder(tmp_path, monkeypatch):
    """Declared without 八、其他收入 (row 14): all three consumers drop it, none keeps its own copy."""
    _declare(monkeypatch, "01", "T01-1", parts=tuple(INCOME_01[:7]))
    assert _form_formula(tmp_path, "公开01表", "本年收入合计", 3) == "=SUM(C7,C8,C9,C10,C11,C12,C13)"
    filled = fill_totals({"tables": {"01": {"收入": {k: "1" for k in INCOME_01}}}})
    assert filled["tables"]["01"]["收入"]["本年收入合计"] == "7"
    assert _identity_cells(t01_income) == {f"公开01表!C{r}" for r in (33, *range(7, 14))}


@pytest.mark.parametrize("parts", [("公务用车购置费", "公务用车运行费"), ("公务用车购置费",)])
def test_07_car_subtotal_follows_its_declaration(tmp_path, monkeypatch, parts):
    """07 公务用车购置及运行费 (小计) = 购置费 + 运行费 as declared; declared as 购置费 alone, the form,
    the builder and the rule T07-2 take 购置费 alone."""
    _declare(monkeypatch, "07", "T07-2", parts=parts)
    path = tmp_path / "blank.xlsx"
    write_workbook(blank_data(2021, "测试单位"), path, form=True)
    ws = openpyxl.load_workbook(path)["公开07表"]
    subtotal = find_cell(ws, "小计")
    row = subtotal.row + 1  # the data row under the header
    formula = ws.cell(row=row, column=subtotal.column).value
    columns = [subtotal.column + 1 + n for n in range(len(parts))]  # 购置费, 运行费 follow 小计
    assert formula == "=SUM(" + ",".join(f"{openpyxl.utils.get_column_letter(c)}{row}" for c in columns) + ")"
    side = {"公务用车购置费": "2", "公务用车运行费": "3"}
    filled = fill_totals({"tables": {"07": {"决算数": dict(side)}}})["tables"]["07"]["决算数"]
    assert filled["公务用车购置及运行费"] == str(sum(int(side[p]) for p in parts))
    checked = check(SAMPLE)
    compared = [r for r in t07_cars.results(checked.disclosure, checked.figures) if isinstance(r, Identity)]
    assert [len(i.cells) for i in compared] == [1 + len(parts)] * 2  # 预算数 and 决算数
