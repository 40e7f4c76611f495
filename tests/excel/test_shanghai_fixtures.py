"""The hand-laid 上海 2024/2025 workbooks (tests/fixtures/shanghai, four published reports) are read as
published: no error, the figures of their tables and of 第三部分, and the arithmetic the reports
got wrong computed right (``units.NOTES``)."""
from __future__ import annotations

from decimal import Decimal

import pytest

from generator.derive.figures import named_figures
from generator.pipeline import check
from tests.fixtures.shanghai.build import build
from tests.fixtures.shanghai.units import CZJ, GHZY, SHGZ, UNITS, WENLV

D = Decimal


@pytest.fixture(scope="module")
def checked(tmp_path_factory):
    directory = tmp_path_factory.mktemp("shanghai")
    return {u["key"]: check(build(u, directory / f"{u['key']}.xlsx")) for u in UNITS}


@pytest.mark.parametrize("unit", UNITS, ids=lambda u: u["key"])
def test_published_workbook_has_no_error(unit, checked):
    report = checked[unit["key"]].report
    assert report.valid, report.to_text()
    assert not [f for f in report.findings if f.code in ("unknown-label", "header-missing", "line-missing")
                and f.refs and f.refs[0].sheet in ("补充数据", "年初预算", "单位构成")]


def _figures(checked, unit):
    result = checked[unit["key"]]
    return result.disclosure, named_figures(result.disclosure)


def test_finance_bureau_figures(checked):
    d, f = _figures(checked, CZJ)
    assert f["收支总计"] == D("2995.39") and f["本年收入合计"] == D("2946.25")
    assert f["一般公共预算财政拨款支出"] == D("2940.05") and f["财政拨款收支总计"] == D("2961.68")  # printed 0.3
    assert f["年初预算合计"] == D("2993.93")   # printed 2993.92: the eleven 项 add up to 2993.93
    assert f["人员经费"] == D("2152.26") and f["公用经费"] == D("184.65")
    assert f["“三公”经费预算数"] == D("0.95") and f["“三公”经费合计"] == D("0")
    assert f["单价100万元（含）以上设备"] == D("2") and f["副部（省）级及以上领导用车"] == D("0")
    assert f["面向中小企业预留项目预算金额"] == D("246.47") and f["绩效自评平均得分"] == D("99.43")
    assert [m.name.value for m in d.members] == ["上海市普陀区财政局（本级）", "上海市普陀区财政局财政所",
                                                  "上海市普陀区国库收付中心"]
    assert d.t08.is_empty and d.t09.is_empty


def test_planning_bureau_figures(checked):
    d, f = _figures(checked, GHZY)
    assert f["收支总计"] == D("9859.38") and f["本年支出合计"] == D("9759.38")
    # 六 prints 基本支出 5377.64 (03, all funds) and 人员经费 4896.98: 05/06 give these
    assert f["财政拨款基本支出"] == D("5364.75") and f["人员经费"] == D("4884.09")
    assert f["年初预算合计"] == D("10210.33")  # printed 10210.34
    assert f["公务接待费"] == D("0.39") and f["“三公”经费预算数"] == D("2.85")
    assert f["上年“三公”经费合计"] == D("0.54") and f["公务接待批次"] == D("2")
    assert len(d.members) == 5 and d.members[0].name.value == "上海市普陀区规划和自然资源局（本级）"
    assert next(b for b in d.budgets if b.code == "2120201").use.value == "事业单位人员支出、公用支出、行政事业单位项目支出"


def test_social_work_department_figures(checked):
    d, f = _figures(checked, SHGZ)
    assert f["收支总计"] == D("307.82") and f["基本支出"] == D("105.58") and f["项目支出"] == D("202.24")
    assert f["“三公”经费合计"] == D("0") and f["“三公”经费预算数"] == D("0")   # empty 07, with its 说明
    assert f["年初预算合计"] == D("321.02")
    assert f["上年收支总计"] == D("0")
    assert f["绩效自评项目数"] == D("1") and f["绩效评级优项目数"] == D("1")


def test_culture_bureau_figures(checked):
    d, f = _figures(checked, WENLV)
    assert f["收支总计"] == D("26591.08") and f["本年收入合计"] == D("26538.47")
    # 05 is misprinted (its amounts shifted against its lines): read as the lines' own amounts
    assert f["一般公共预算财政拨款支出"] == D("24535.67") and f["财政拨款基本支出"] == D("9800.36")
    assert d.t05.find("2150899").values["合计"].value == D("4948.72")
    assert f["年初预算合计"] == D("27780.13")   # printed 27780.16: the 24 项 add up to 27780.13
    assert not d.t08.is_empty and d.t08.find("2121999").values["本年支出"].value == D("2000")
    assert d.t09.is_empty
    assert f["“三公”经费预算数"] == D("11.49") and f["公务用车运行维护费"] == D("2.64") and f["公务接待费"] == D("0.40")
    assert f["上年“三公”经费合计"] == D("22.70") and f["公务用车保有量"] == D("4") and f["公务接待人次"] == D("24")
    assert f["面向中小企业预留项目预算金额"] == D("3602.16") and f["政府采购工程支出"] == D("4276.20")
    assert f["车辆总数"] == D("4") and f["其他用车"] == D("4") and f["绩效自评平均得分"] == D("99.38")
    assert len(d.members) == 5 and d.members[4].name.value == "上海市普陀区图书馆（上海市普陀区少年儿童图书馆）"
