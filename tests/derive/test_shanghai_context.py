"""The context's 上海 2024+ parts: the 单位构成 table of 第一部分 二, and the comparisons §五 and
§七 make with last year (一般公共预算财政拨款支出, the 三公 total)."""
from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from generator.derive.context import build_context
from generator.derive.display import DisplayTable
from generator.derive.figures import named_figures
from generator.excel.reader import read_workbook
from tests.fixtures.shanghai.build import build
from tests.fixtures.shanghai.units import CZJ, GHZY
from tests.conftest import SAMPLE


def _context(path: Path) -> dict:
    d = read_workbook(path).disclosure
    return build_context(d, named_figures(d))


@pytest.fixture(scope="module")
def planning(tmp_path_factory):
    return _context(build(GHZY, tmp_path_factory.mktemp("sh") / "planning.xlsx"))


def test_members_table_lists_the_units_in_order(tmp_path):
    table = _context(build(CZJ, tmp_path / "finance.xlsx"))["表单位构成"]
    assert isinstance(table, DisplayTable) and not table.framed
    assert [c.text for c in table.header[0]] == ["序号", "单位名称", "备注"]
    assert [[c.text for c in row] for row in table.body] == [
        ["1", "上海市普陀区财政局（本级）", ""], ["2", "上海市普陀区财政局财政所", "预算不单列，并入本级"],
        ["3", "上海市普陀区国库收付中心", "预算不单列，并入本级"]]


def test_no_members_sheet_no_table():
    assert _context(SAMPLE)["表单位构成"] is None


def test_three_costs_total_has_last_years_figure(planning):
    total = planning["三公经费合计"]
    # 上年数 “三公”经费合计 0.54 (the report: 减少0.15万元，下降27.78%)
    assert str(total) == "0.39" and total.prior == Decimal("0.54")


def test_general_budget_spending_has_last_years_figure(planning):
    assert planning["一般公共预算财政拨款支出"].prior == Decimal("8553.30")
