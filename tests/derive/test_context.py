"""generator.derive.context: the facts the template lists, in the order a reader expects."""
from __future__ import annotations

from dataclasses import replace

import pytest

from generator.derive.context import Builder
from generator.excel.reader import read_workbook
from tests.conftest import SAMPLE


@pytest.fixture(scope="module")
def sample():
    return read_workbook(SAMPLE).disclosure


def test_basic_spending_items_in_code_order_whatever_the_sheet_order(sample):
    # Issue 21: a sheet listing 公用经费 as 办公费、培训费、水费、公务接待费、电费… printed them so.
    # 经济分类 order of the sample's non-zero 公用经费 items (reference §六: 办公费、邮电费、差旅费、
    # 招待费、工会经费、福利费…、其他交通费、其他商品和服务支出)
    expected = ["办公费", "邮电费", "差旅费", "公务接待费", "工会经费", "福利费", "其他交通费用", "其他商品和服务支出"]
    shuffled = replace(sample, t06=replace(sample.t06, items=tuple(reversed(sample.t06.items))))
    assert Builder(shuffled).basic_items("公用经费") == expected
    assert Builder(shuffled).basic_items("人员经费")[:3] == ["基本工资", "津贴补贴", "奖金"]


def test_appendix_levels_numbered_as_the_form_says_unless_already_numbered():
    # 填表说明 十二: 层级 1（一、）、2（（一））
    from generator.derive.context import numbered_appendix

    rows = [("标题", "2022年度部门整体支出绩效评价报告"), ("1", "部门概况"), ("2", "基本情况"), ("正文", "某某局是…"),
            ("2", "(二)支出规模"), ("2", "使用方向"), ("1", "二、管理及使用情况"), ("2", "基本支出"),
            ("1", "绩效情况"), ("正文", "一、二、三项工作均已完成。")]
    assert [r["文本"] for r in numbered_appendix(rows)] == [
        "2022年度部门整体支出绩效评价报告", "一、部门概况", "（一）基本情况", "某某局是…",
        "(二)支出规模", "（三）使用方向", "二、管理及使用情况", "（一）基本支出",
        "三、绩效情况", "一、二、三项工作均已完成。"]


def test_sample_appendix_keeps_its_own_numbers(sample):
    from generator.derive.context import build_context

    headings = [a["文本"] for a in build_context(sample)["附件"] if a["层级"] in ("1", "2")]
    assert headings[:3] == ["一、部门概况", "（一）部门基本情况", "（二）部门整体支出规模、使用方向和主要内容、涉及范围等。"]
    assert not any(h.startswith(("一、一、", "（一）（一）", "（一）(一)")) for h in headings)


def test_the_tables_do_not_read_the_supplement(sample):
    """``names_fed_by`` leaves the tables out of the contexts it compares (they are most of their
    cost): that holds only while no table is drawn from 补充数据 — the sample's tables are the
    same with its 补充数据 and without it, and without the tables the context keeps every other
    name."""
    assert sample.supplement and sample.supplement_text
    without = replace(sample, supplement={}, supplement_text={})
    full = Builder(sample).build()
    bare = Builder(without).build()
    tables = {k for k in full if k.startswith("表")}
    assert tables >= {f"表0{n}" for n in range(1, 10)}
    assert all(full[k] == bare[k] for k in tables)
    assert set(Builder(sample).build(tables=False)) == set(full) - tables
