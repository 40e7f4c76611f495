"""The 上海 2024+ workbook data: 补充数据 labels (and 部级领导干部用车 as another name), the 主要用途
column of 年初预算, the 单位构成 sheet and 单位信息 版式 — read from the sample with rows added by hand,
written by ``init`` for a profile and carried by ``init --from``."""
from __future__ import annotations

from decimal import Decimal

import openpyxl

from generator.carry import carry_forward
from generator.derive.context import build_context
from generator.derive.figures import named_figures
from generator.excel.data import blank_data
from generator.excel.reader import read_workbook
from generator.excel.writer import write_workbook
from tests.audit.workbooks import change, copy_sample
from tests.helpers import find_cell


def _shanghai(wb):
    sup = wb["补充数据"]
    renamed = find_cell(sup, "副部（省）级及以上领导用车")
    renamed.value = "部级领导干部用车"
    sup.cell(renamed.row, renamed.column + 1, 1)
    for label, value in (("单价100万元（含）以上设备", 2),
                         ("面向中小企业预留项目预算金额", 246.47), ("绩效自评平均得分", 99.43)):
        sup.append([label, value])
    budget = wb["年初预算"]
    header = [c.value for c in budget[1]]
    col = len([h for h in header if h]) + 1
    budget.cell(1, col, "主要用途")
    budget.cell(find_cell(budget, "2080109").row, col, "本中心人员经费及公用经费等的基本支出。")
    members = wb.create_sheet("单位构成")
    members.append(["单位名称", "备注"])
    members.append(["上海市普陀区财政局（本级）", None])
    members.append(["上海市普陀区国库收付中心", "预算不单列，并入本级"])
    wb["单位信息"].append(["版式", "上海2024"])


def test_shanghai_rows_are_read(tmp_path):
    d = read_workbook(change(copy_sample(tmp_path), _shanghai)).disclosure
    assert d.supplement["副部（省）级及以上领导用车"].value == Decimal("1")  # 部级领导干部用车 is its other name
    assert d.supplement["单价100万元（含）以上设备"].value == Decimal("2")
    assert d.supplement["面向中小企业预留项目预算金额"].value == Decimal("246.47")
    assert d.unit["版式"].value == "上海2024"
    line = next(b for b in d.budgets if b.code == "2080109")
    assert line.use.value == "本中心人员经费及公用经费等的基本支出。"
    assert all(b.use is None for b in d.budgets if b.code != "2080109")
    assert [(m.name.value, m.note.value if m.note else None) for m in d.members] == [
        ("上海市普陀区财政局（本级）", None), ("上海市普陀区国库收付中心", "预算不单列，并入本级")]


def test_shanghai_rows_reach_the_context(tmp_path):
    d = read_workbook(change(copy_sample(tmp_path), _shanghai)).disclosure
    context = build_context(d, named_figures(d))
    assert str(context["绩效自评平均得分"]) == "99.43"
    assert str(context["单价100万元含以上设备"]) == "2"
    assert str(context["面向中小企业预留项目预算金额"]) == "246.47"
    item = next(i for i in context["项目明细"] if i["项"] == "社会保险经办机构")
    assert item["主要用途"] == "本中心人员经费及公用经费等的基本支出"   # final punctuation left to the sentence
    assert [(m["序号"], m["单位名称"], m["备注"]) for m in context["单位构成"]] == [
        (1, "上海市普陀区财政局（本级）", ""), (2, "上海市普陀区国库收付中心", "预算不单列，并入本级")]
    vehicles = {v["名称"]: str(v["数量"]) for v in context["车辆分类全部"]}
    assert len(vehicles) == 8 and vehicles["副部（省）级及以上领导用车"] == "1"   # zeros kept, unlike 车辆分类
    assert "副部（省）级及以上领导用车" in [v["名称"] for v in context["车辆分类"]]


def test_blank_for_a_profile_has_its_rows(tmp_path):
    labels = ("车辆总数", "单价100万元（含）以上设备", "绩效自评项目数")
    path = tmp_path / "blank.xlsx"
    write_workbook(blank_data(2024, "某某局", profile="上海2024", supplement=labels, budget_use=True,
                              members=True), path)
    wb = openpyxl.load_workbook(path)
    assert [c.value for c in wb["补充数据"]["A"]][1:] == list(labels)
    info = {r[0].value: r[1].value for r in wb["单位信息"].iter_rows(min_row=2)}
    assert info["版式"] == "上海2024"
    assert [c.value for c in wb["年初预算"][1]] == ["科目编码", "科目名称", "年初预算数", "说明", "主要用途"]
    assert [c.value for c in wb["单位构成"][1]][:2] == ["单位名称", "备注"]


def test_carry_keeps_the_shanghai_rows(tmp_path):
    d = read_workbook(change(copy_sample(tmp_path), _shanghai)).disclosure
    data = carry_forward(d, named_figures(d))
    sheets = data["sheets"]
    assert sheets["单位信息"]["版式"] == "上海2024"
    assert "单价100万元（含）以上设备" in sheets["补充数据"] and "绩效评级优项目数" in sheets["补充数据"]
    assert next(r for r in sheets["年初预算"] if r["科目编码"] == "2080109")["主要用途"] == \
        "本中心人员经费及公用经费等的基本支出。"
    assert sheets["单位构成"] == {"上海市普陀区财政局（本级）": None, "上海市普陀区国库收付中心": "预算不单列，并入本级"}
