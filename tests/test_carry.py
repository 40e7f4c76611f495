"""generator.carry: last year's model → next year's writer data (structure kept, amounts blank)."""
from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest

from generator.carry import carry_forward, next_year, prior_figures
from generator import schema
from generator.excel.reader import read_workbook
from generator.derive.figures import named_figures
from tests.conftest import SAMPLE


@pytest.fixture(scope="module")
def last():
    return read_workbook(SAMPLE).disclosure


@pytest.mark.parametrize("year, expected", [("2021", "2022"), (" 1999 ", "2000"), ("", ""), ("二〇二一", "")])
def test_next_year(year, expected):
    assert next_year(year) == expected


def test_prior_figures_take_each_label_from_the_figure_of_that_name():
    figures = {"收支总计": Decimal("1.50"), "公务接待费": Decimal("0"), "无关": Decimal("9")}
    prior = prior_figures(figures)
    assert list(prior) == list(schema.PRIOR_LABELS)
    assert prior["收支总计"] == "1.50" and prior["公务接待费"] == "0"
    assert prior["会议费"] is None  # no figure: left blank (unknown), never 0


def test_carry_forward_keeps_structure_and_blanks_amounts(last):
    data = carry_forward(last, named_figures(last))
    assert data["sheets"]["单位信息"]["年度"] == "2022"
    assert data["sheets"]["单位信息"]["单位名称"] == last.unit_name
    rows = data["tables"]["05"]["rows"]
    assert [r["科目编码"] for r in rows] == [r.code for r in last.t05.rows]
    assert all(set(r) == {"科目编码", "科目名称"} for r in rows)
    assert data["tables"]["01"] == {} and data["tables"]["07"] == {}
    assert all(set(b) == {"科目编码", "科目名称"} for b in data["sheets"]["年初预算"])
    assert set(data["sheets"]["情况说明"]) == set(schema.EXPLANATION_LABELS) - {"财政拨款支出预算执行原因", "公务用车运行维护费用途"}
    assert not any(data["sheets"]["情况说明"].values())
    assert data["sheets"]["上年数"]["收支总计"] == "207.02"  # reference: 2021 总计 207.02 → 2022 上年数


def test_carry_forward_with_explicit_year_and_missing_tables(last):
    partial = replace(last, t06=None, t02=None)
    data = carry_forward(partial, named_figures(partial), 2030)
    assert data["sheets"]["单位信息"]["年度"] == "2030"
    assert data["tables"]["02"] == {} and data["tables"]["06"] == {}
    assert data["sheets"]["上年数"]["人员经费"] is None


def test_carry_forward_keeps_the_fund_budget_items_apart_from_the_general_ones(tmp_path):
    # 普陀区文化和旅游局 2025: its two 政府性基金 项 are carried to 政府性基金年初预算 with their 主要用途
    from tests.fixtures.shanghai.build import build
    from tests.fixtures.shanghai.units import WENLV

    d = read_workbook(build(WENLV, tmp_path / "culture.xlsx")).disclosure
    sheets = carry_forward(d, named_figures(d))["sheets"]
    assert [(r["科目编码"], r["主要用途"]) for r in sheets[schema.FUND_BUDGET.title]] == [
        ("2070904", "旅游厕所质量提升工程"), ("2121999", "真如海心剧院精装修工程")]
    assert len(sheets[schema.BUDGET.title]) == 24 and "2070904" not in {r["科目编码"] for r in sheets[schema.BUDGET.title]}
