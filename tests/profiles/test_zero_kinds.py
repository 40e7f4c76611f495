"""One rule for nothing (issue 21 item 4): a kind the unit does not have gets one none-statement,
except the kinds whose zeros the profile's convention lists (``list_zeros``). Each section is
checked on a unit with 0 in that kind, for a profile that lists the kind and one that does not.

Expected sentences are written by hand: the listing ones from the published wording (the 湖南2021
reference report, /work/shared/reference/huaihua-2021-report.txt lines 110, 118, 126, 128; the
上海 report of 普陀区财政局, tests/fixtures/shanghai), the none-statements from the profiles'
phrases (本单位无……, 上海 “{单位}{年度}年度无……”)."""
from __future__ import annotations

import copy
import json
import re
from decimal import Decimal

import pytest

from generator.pipeline import build
from generator.profiles import ZERO_KINDS, ProfileError, load, load_text
from generator.render import docx_text
from tests.conftest import SAMPLE, SECOND_JSON


def _after(body: list[str], heading: str) -> list[str]:
    """The paragraphs after the last ``heading`` (the body's, not the 目录's) up to the next heading
    or sub-heading."""
    start = len(body) - body[::-1].index(heading)
    out = []
    for line in body[start:]:
        if re.match(r"[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|第[一二三四五六]部分", line):
            break
        out.append(line)
    return out


def _report(workbook, tmp_path, profile: str) -> list[str]:
    result = build(workbook, tmp_path / f"{profile}.docx", profile=profile)
    assert result.output, result.report.to_text()
    return [p.replace("\n", "") for p in docx_text(result.output) if p.strip()]


# --- the switch ---------------------------------------------------------------------------------

def test_builtin_profiles_list_the_zeros_of_their_convention():
    assert load("湖南2021").list_zero == {"收入", "支出", "三公经费", "一般性支出", "车辆", "设备", "部门评价",
                                        "整体支出评价"}
    assert load("湖南2022").list_zero == {"收入", "支出"}
    assert load("上海2024").list_zero == {"车辆", "设备"}


def _with_list_zeros(value: str) -> str:
    raw = load("湖南2022").path.read_text(encoding="utf-8")
    return raw.replace('list_zeros = ["收入", "支出"]', f"list_zeros = {value}")


@pytest.mark.parametrize("value, kinds", [("true", set(ZERO_KINDS)), ("false", set()), ('["车辆"]', {"车辆"})])
def test_list_zeros_is_a_list_of_kinds_or_all_or_none(value, kinds, tmp_path):
    assert load_text(_with_list_zeros(value), tmp_path / "p.toml").list_zero == kinds


def test_an_unknown_kind_is_an_error_naming_its_line(tmp_path):
    raw = _with_list_zeros('["收入", "汽车"]')
    line = raw[:raw.index("list_zeros")].count("\n") + 1
    with pytest.raises(ProfileError) as caught:
        load_text(raw, tmp_path / "p.toml")
    assert f"第{line}行：list_zeros 中有未知的种类“汽车”" in str(caught.value)
    with pytest.raises(ProfileError, match="list_zeros 应为"):
        load_text(_with_list_zeros('"收入"'), tmp_path / "p.toml")


# --- the sample (湖南): 十一, 十三, 十四 部门评价 / 整体支出评价 ------------------------------------------

@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    folder = tmp_path_factory.mktemp("zeros-sample")
    return {p: _report(SAMPLE, folder, p) for p in ("湖南2021", "湖南2022")}


def test_hunan_2021_lists_the_zeros_the_reference_lists(sample):
    body = sample["湖南2021"]
    assert _after(body, "十一、一般性支出情况说明") == [
        "2021年本部门开支会议费0万元；开支培训费0万元；本部门无节庆、晚会、论坛、赛事等支出。"]
    assert _after(body, "十三、国有资产占用情况说明") == [
        "截至2021年12月31日，部门共有车辆0辆，其中，主要领导干部用车0辆、机要通信用车0辆、应急保障用车0辆、"
        "执法执勤用车0辆、特种专业技术用车0辆、其他用车0辆；单位价值50万元以上通用设备0台（套）；"
        "单位价值100万元以上专用设备0台（套）。"]
    text = "\n".join(body)
    assert ("开展了部门评价，涉及一般公共预算支出33.00万元，政府性基金预算支出0万元，国有资本经营预算支出0万元。"
            in text)
    assert "开展整体支出绩效评价，涉及一般公共预算支出207.02万元，政府性基金预算支出0万元。" in text
    # the §二/§三 lists keep their zeros in both 湖南 profiles
    assert "上级补助收入0万元，占0%" in text and "上缴上级支出0万元，占0%" in text


def test_hunan_2022_says_nothing_once(sample):
    body = sample["湖南2022"]
    assert _after(body, "十一、一般性支出情况说明") == ["本单位无会议费、培训费及节庆、晚会、论坛、赛事等一般性支出。"]
    assert _after(body, "十三、关于国有资产占用情况说明") == [
        "截至2021年12月31日，本单位无车辆及单位价值50万元以上通用设备、单位价值100万元以上专用设备。"]
    text = "\n".join(body)
    assert "开展了部门评价，涉及一般公共预算支出33.00万元。" in text
    assert "开展整体支出绩效评价，涉及一般公共预算支出207.02万元。" in text
    assert "预算支出0万元" not in text
    assert "上级补助收入0万元，占0%" in text and "上缴上级支出0万元，占0%" in text


# --- the second unit: zero items of a kind it has (vehicles, equipment, 部门评价 funds) --------------

@pytest.fixture(scope="module")
def second(tmp_path_factory):
    from generator.excel.writer import write_workbook

    folder = tmp_path_factory.mktemp("zeros-second")
    workbook = folder / "second.xlsx"
    write_workbook(json.loads(SECOND_JSON.read_text(encoding="utf-8")), workbook)
    return {p: "\n".join(_report(workbook, folder, p)) for p in ("湖南2021", "湖南2022")}


def test_zero_items_of_a_kind_the_unit_has(second):
    # 5 vehicles: 1 主要领导, 1 机要通信, 2 执法执勤, 1 其他; equipment 0 (通用) and 1 (专用)
    assert ("部门共有车辆5辆，其中，主要领导干部用车1辆、机要通信用车1辆、应急保障用车0辆、执法执勤用车2辆、"
            "特种专业技术用车0辆、其他用车1辆；单位价值50万元以上通用设备0台（套）；单位价值100万元以上专用设备1台（套）。"
            in second["湖南2021"])
    assert ("部门共有车辆5辆，其中，主要领导干部用车1辆、机要通信用车1辆、执法执勤用车2辆、其他用车1辆；"
            "单位价值100万元以上专用设备1台（套）。" in second["湖南2022"])
    assert "涉及一般公共预算支出60.00万元，政府性基金预算支出0万元，国有资本经营预算支出0万元。" in second["湖南2021"]
    assert "开展了部门评价，涉及一般公共预算支出60.00万元。" in second["湖南2022"]


# --- a unit with none of them: 三公, 机关运行经费, 一般性支出, 政府采购, 国有资产 ----------------------------

def _nothing(data: dict) -> dict:
    """The second unit without 三公 (07 all 0, its 06 lines moved to 其他商品和服务支出), 机关运行经费,
    会议费/培训费, 政府采购, vehicles and equipment, 部门评价 funds other than 一般公共预算 — this year
    and 上年 — and without the 说明 that would stand in for those sections."""
    data = copy.deepcopy(data)
    t06, t07 = data["tables"]["06"], data["tables"]["07"]
    data["tables"]["07"] = {block: {k: "0" for k in t07[block]} for block in t07}
    gone = ("30215", "30216", "30217", "30231")
    moved = sum(Decimal(i["决算数"]) for i in t06["明细"] if i["科目编码"] in gone)
    t06["明细"] = [i for i in t06["明细"] if i["科目编码"] not in gone]
    other = next(i for i in t06["明细"] if i["科目编码"] == "30299")
    other["决算数"] = str(Decimal(other["决算数"]) + moved)
    supplement = data["sheets"]["补充数据"]
    for label, value in supplement.items():
        if label not in ("部门评价项目数", "部门评价项目名称", "部门评价资金", "整体支出评价单位数") \
                and "绩效自评" not in label:
            supplement[label] = 0 if isinstance(value, int) else "0"
    for label in ("“三公”经费合计", "因公出国（境）费", "公务用车购置费", "公务用车运行维护费", "公务接待费", "会议费",
                  "培训费", "机关运行经费"):
        data["sheets"]["上年数"].pop(label)
    for label in ("机关运行经费增减原因", "政府采购说明", "一般性支出说明", "国有资产说明"):
        data["sheets"]["情况说明"].pop(label, None)
    return data


@pytest.fixture(scope="module")
def nothing(tmp_path_factory):
    from generator.excel.writer import write_workbook

    folder = tmp_path_factory.mktemp("zeros-nothing")
    workbook = folder / "nothing.xlsx"
    write_workbook(_nothing(json.loads(SECOND_JSON.read_text(encoding="utf-8"))), workbook)
    return {p: _report(workbook, folder, p) for p in ("湖南2021", "湖南2022")}


def test_no_three_costs(nothing):
    listed = _after(nothing["湖南2021"], "（一）“三公”经费财政拨款支出决算总体情况说明")
    assert listed[0].startswith("2022年度“三公”经费财政拨款支出预算为0万元，支出决算为0万元，")
    assert ("1、因公出国（境）费支出决算为0万元，全年安排因公出国（境）团组0个，累计0人次。"
            in _after(nothing["湖南2021"], "（二）“三公”经费财政拨款支出决算具体情况说明"))
    assert _after(nothing["湖南2022"], "七、财政拨款“三公”经费支出决算情况说明") == ["本单位无“三公”经费财政拨款支出。"]


def test_no_administration_costs_general_spending_procurement_or_assets(nothing):
    listing, not_listing = nothing["湖南2021"], nothing["湖南2022"]
    # 机关运行经费 and 政府采购 are listed by neither 湖南 profile
    for body, prefix in ((listing, ""), (not_listing, "关于")):
        assert _after(body, f"十、{prefix}机关运行经费支出说明") == ["本单位无机关运行经费支出。"]
        assert _after(body, f"十二、{prefix}政府采购支出说明") == ["本单位无政府采购支出。"]
    assert _after(listing, "十一、一般性支出情况说明") == [
        "2022年本部门开支会议费0万元；开支培训费0万元；本部门无节庆、晚会、论坛、赛事等支出。"]
    assert _after(not_listing, "十一、一般性支出情况说明") == ["本单位无会议费、培训费及节庆、晚会、论坛、赛事等一般性支出。"]
    assert _after(listing, "十三、国有资产占用情况说明") == [
        "截至2022年12月31日，部门共有车辆0辆，其中，主要领导干部用车0辆、机要通信用车0辆、应急保障用车0辆、"
        "执法执勤用车0辆、特种专业技术用车0辆、其他用车0辆；单位价值50万元以上通用设备0台（套）；"
        "单位价值100万元以上专用设备0台（套）。"]
    assert _after(not_listing, "十三、关于国有资产占用情况说明") == [
        "截至2022年12月31日，本单位无车辆及单位价值50万元以上通用设备、单位价值100万元以上专用设备。"]


# --- 上海2024 -----------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def shanghai(tmp_path_factory):
    """中共上海市普陀区委社会工作部 without 政府采购 and 机关运行经费 (and no vehicles, equipment, 三公, as
    published), with 上海2024 and with the same profile listing no zeros at all."""
    from tests.fixtures.shanghai.build import build as build_workbook
    from tests.fixtures.shanghai.units import SHGZ

    folder = tmp_path_factory.mktemp("zeros-shanghai")
    unit = copy.deepcopy(SHGZ)
    for label in ("政府采购支出总额", "政府采购货物支出", "面向中小企业预留项目预算金额", "面向小微企业预留项目预算金额",
                  "预留项目中小企业中标金额", "预留项目中小微企业中标金额", "其他项目中小企业中标金额"):
        unit["supplement"][label] = "0"
    unit["supplement"]["机关运行经费"] = "0"
    del unit["explanations"]["机关运行经费增减原因"]
    workbook = build_workbook(unit, folder / "shgz.xlsx")
    raw = load("上海2024").path.read_text(encoding="utf-8").replace('list_zeros = ["车辆", "设备"]', "list_zeros = false")
    (folder / "none.toml").write_text(raw, encoding="utf-8")
    out = {}
    for name, profile in (("上海2024", load("上海2024")), ("none", load(folder / "none.toml"))):
        result = build(workbook, folder / f"{name}-report.docx", profile=profile.path)
        assert result.output, result.report.to_text()
        out[name] = [p.replace("\n", "") for p in docx_text(result.output) if p.strip()]
    return out


def test_shanghai_says_nothing_once_except_its_vehicle_form(shanghai):
    unit = "中共上海市普陀区委社会工作部2024年度"
    for body in shanghai.values():
        text = "\n".join(body)
        assert _after(body, "（一）机关运行经费支出情况") == [f"{unit}无机关运行经费支出。"]
        assert _after(body, "（二）政府采购支出情况") == [f"{unit}无政府采购支出。"]
        assert "上级补助收入0万元" not in text and "经营支出0万元" not in text   # §二/§三: only what is not 0
    # the template's fixed form, as 普陀区财政局 published it
    assert _after(shanghai["上海2024"], "（三）国有资产占有使用情况说明") == [
        "截至2024年12月31日，中共上海市普陀区委社会工作部共有车辆0辆，其中：部级领导干部用车0辆、主要领导干部用车0辆、"
        "机要通信用车0辆、应急保障用车0辆、执法执勤用车0辆、特种专业技术用车0辆、离退休干部用车0辆、其他用车0辆。"
        "单价100万元（含）以上设备（不含车辆）0台（套）。"]
    assert _after(shanghai["none"], "（三）国有资产占有使用情况说明") == [
        "截至2024年12月31日，中共上海市普陀区委社会工作部无车辆及单价100万元（含）以上设备。"]
