"""juesuan init --from: the carry-forward from last year's workbook (上年数 from its tables, subjects
and texts without amounts, every supplementary label, carried texts marked and warned until changed)."""
from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from generator import schema
from tests.cli.test_init import by_title, run
from tests.conftest import SAMPLE
from tests.helpers import find_cell


@pytest.fixture(scope="module")
def carried(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("carry") / "2022.xlsx"
    result = run("init", out, "--from", SAMPLE)
    assert result.exit_code == 0, result.output
    return out


def test_carry_fills_prior_year_from_last_years_tables(carried):
    from generator.excel.reader import read_workbook
    from generator.derive.figures import named_figures

    d = read_workbook(carried).disclosure
    assert d.year == "2022" and d.unit_name == read_workbook(SAMPLE).disclosure.unit_name
    prior = {label: a.value for label, a in d.prior.items()}
    assert prior["收支总计"] == Decimal("207.02")
    last = named_figures(read_workbook(SAMPLE).disclosure)
    assert prior == {label: last[label] for label in schema.PRIOR_LABELS}


def test_carry_keeps_subjects_and_texts_without_amounts(carried):
    from generator.excel.reader import read_workbook

    new, old = read_workbook(carried).disclosure, read_workbook(SAMPLE).disclosure
    for key in ("t02", "t03", "t05", "t08", "t09"):
        assert [(r.code, r.name) for r in getattr(new, key).rows] == \
               [(r.code, r.name) for r in getattr(old, key).rows]
        assert all(a.value == 0 for r in getattr(new, key).rows for a in r.values.values())
    assert [(i.code, i.name) for i in new.t06.items] == [(i.code, i.name) for i in old.t06.items]
    assert [(b.code, b.name, b.budget.value, b.note) for b in new.budgets] == \
           [(b.code, b.name, 0, None) for b in old.budgets]
    for label in ("部门职责", "内设机构设置", "决算单位构成"):
        assert new.unit[label].value == old.unit[label].value
    assert not any(t.value for t in new.explanations.values())
    # 绩效评价报告: last year's headings (to review), no body text
    assert [(i.level, i.text.value) for i in new.appendix] == \
           [(i.level, i.text.value) for i in old.appendix if i.level != "正文"]
    wb = openpyxl.load_workbook(carried)
    row = by_title(wb, schema.T07.title)[find_cell(by_title(wb, schema.T07.title), "公务接待费").row + 2]
    assert [c.value for c in row if not str(c.value).startswith("=")] == [None] * 8  # leaves blank
    assert len([c for c in row if str(c.value).startswith("=")]) == 4  # 合计 and 小计, both sides


def test_carry_workbook_is_refused_until_filled(carried, tmp_path):
    result = run("build", carried, "-o", tmp_path / "r.docx")
    assert result.exit_code == 1 and "workbook-empty" in result.output


def test_carry_from_unreadable_file(tmp_path):
    bogus = tmp_path / "去年.xlsx"
    bogus.write_text("不是表格", encoding="utf-8")
    result = run("init", tmp_path / "n.xlsx", "--from", bogus)
    assert result.exit_code == 2 and "去年.xlsx" in result.output
    assert not (tmp_path / "n.xlsx").exists()


def test_carry_keeps_every_supplementary_label(carried):
    wb = openpyxl.load_workbook(carried)
    labels = {
        # the sample is a 湖南 workbook: the 上海 2024+ groups are not carried into it
        "补充数据": [label for name, group in schema.SUPPLEMENT_GROUPS if "上海" not in name for label in group],
        "情况说明": [label for label in schema.EXPLANATION_LABELS if label not in ("财政拨款支出预算执行原因", "公务用车运行维护费用途")],
    }
    for sheet, wanted in labels.items():
        ws = wb[sheet]
        assert [c.value for c in ws["A"]][1:len(wanted) + 1] == wanted, sheet
        assert all(ws.cell(row=r, column=2).value is None for r in range(2, len(wanted) + 2)), sheet
    levels = [c.value for c in wb["绩效评价报告"]["A"]][1:]
    assert "标题" in levels and "正文" in levels


def test_carried_texts_are_marked_and_warned_until_changed(carried, tmp_path):
    wb = openpyxl.load_workbook(carried)
    info = wb["单位信息"]
    duty = info.cell(row=find_cell(info, "部门职责").row, column=2)
    assert duty.comment is not None and "上年" in duty.comment.text
    assert duty.fill.fgColor.rgb.endswith("F8CBAD")
    name = info.cell(row=find_cell(info, "单位名称").row, column=2)
    assert name.comment is None  # the name is not a text to rewrite
    structure = info.cell(row=find_cell(info, "内设机构设置").row, column=2)
    assert structure.comment is not None
    heading = next(c for c in wb["绩效评价报告"]["B"] if c.value and "绩效评价报告" in str(c.value))
    assert heading.comment is None  # headings are the section labels, carried as they were
    assert "上年结转文字" in wb.sheetnames and wb["上年结转文字"].sheet_state == "hidden"

    result = run("check", carried, "--format", "json")
    unchanged = [f for f in json.loads(result.output)["findings"] if f["code"] == "carried-text-unchanged"]
    where = {f["locations"][0] for f in unchanged}
    assert where == {f"单位信息!{c.coordinate}" for c in (duty, structure)} | {
        f"单位信息!{info.cell(row=find_cell(info, '决算单位构成').row, column=2).coordinate}"}
    assert all(f["severity"] == "警告" for f in unchanged)
    # the hint never sends the officer into the hidden record sheet
    assert all("上年结转文字" not in f["hint"] and "忽略" in f["hint"] for f in unchanged)

    edited = tmp_path / "edited.xlsx"
    duty.value = duty.value + "（2022年新增职能）"
    wb.save(edited)
    result = run("check", edited, "--format", "json")
    where = {f["locations"][0] for f in json.loads(result.output)["findings"]
             if f["code"] == "carried-text-unchanged"}
    assert f"单位信息!{duty.coordinate}" not in where and f"单位信息!{structure.coordinate}" in where


def _supplement_labels(path: Path, sheet: str = "补充数据") -> set[str]:
    """The row labels of the 补充数据 (or ``sheet``) sheet (first column), filled or not."""
    ws = openpyxl.load_workbook(path)[sheet]
    return {str(c.value).strip() for c in ws["A"] if isinstance(c.value, str)}


def test_carry_keeps_the_recorded_profiles_rows(tmp_path):
    """A 上海2024 workbook carried forward without --profile: the new one records 上海2024 and has the
    rows that profile prints — the 预留 amounts, not the 湖南 一般性支出 (会议费) — as its blank had."""
    last = tmp_path / "2024.xlsx"
    assert run("init", last, "--year", "2024", "--profile", "上海2024").exit_code == 0
    # the blank itself has the 上海 rows (the 预留 amounts, the 上海 绩效 block, 100万元（含） equipment)
    assert {"面向中小企业预留项目预算金额", "绩效自评平均得分", "单价100万元（含）以上设备"} <= _supplement_labels(last)
    new = tmp_path / "2025.xlsx"
    result = run("init", new, "--from", last)
    assert result.exit_code == 0, result.output
    wb = openpyxl.load_workbook(new)
    info = wb["单位信息"]
    assert info.cell(find_cell(info, "版式").row, find_cell(info, "版式").column + 1).value == "上海2024"
    labels = _supplement_labels(new)
    assert "面向中小企业预留项目预算金额" in labels and "会议费" not in labels
    assert labels == _supplement_labels(last)
    # 情况说明 too: the two rows only 上海 prints (五（三）, 七（二）2), not 湖南's 一般性支出 and 部门评价
    clauses = _supplement_labels(new, "情况说明")
    assert {"财政拨款支出预算执行原因", "公务用车运行维护费用途", "三公经费预算执行原因"} <= clauses
    assert not clauses & {"一般性支出说明", "部门评价结论", "公务接待费预算执行原因"}
    assert clauses == _supplement_labels(last, "情况说明")


def test_carry_from_a_workbook_recording_an_unknown_profile_warns_and_uses_the_default(tmp_path):
    last = tmp_path / "2021.xlsx"
    wb = openpyxl.load_workbook(SAMPLE)
    info = wb["单位信息"]
    try:
        cell = find_cell(info, "版式")
        info.cell(cell.row, cell.column + 1, "四川2023")
    except LookupError:  # the sample records no 版式: a row below the last
        info.cell(info.max_row + 1, 1, "版式")
        info.cell(info.max_row, 2, "四川2023")
    wb.save(last)
    new = tmp_path / "2022.xlsx"
    result = run("init", new, "--from", last)
    assert result.exit_code == 0, result.output
    assert "四川2023" in result.output and "湖南2021" in result.output
    assert "会议费" in _supplement_labels(new) and "面向中小企业预留项目预算金额" not in _supplement_labels(new)
