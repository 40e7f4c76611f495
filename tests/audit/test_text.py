"""Free-text rules on a model built by the reader from the sample, with texts replaced."""
from __future__ import annotations

from dataclasses import replace

import pytest

from generator.audit import run_audit
from generator.model import AppendixItem, Ref, Text
from generator.pipeline import check
from tests.conftest import SAMPLE

CELL = Ref("绩效评价报告", "B9")


@pytest.fixture(scope="module")
def checked():
    return check(SAMPLE)


def audit_text(checked, text: str, rule: str):
    d = replace(checked.disclosure, appendix=(AppendixItem("正文", Text(text, CELL)),))
    return [(f.code, str(f.refs[0])) for f in run_audit(d, checked.figures, only=[rule])]


@pytest.mark.parametrize("text", [
    "基本支出207.02万元", "基本支出为207.02万元", "基本支出207万元", "人员经费：157.36 万元",
    "共产生基本支出{基本支出}万元", "工资福利支出91.47万元", "上年收支总计211.25万元"])
def test_agreeing_or_unrelated_amounts_are_silent(checked, text):
    assert audit_text(checked, text, "TXT-2") == []


@pytest.mark.parametrize("text", [
    "共产生基本支出203.9万元", "基本支出为210万元", "其中人员经费150.00万元", "“三公”经费合计3万元",
    "三公经费合计3万元", "收支总计1,207.02万元"])
def test_contradicting_amounts_are_warned_at_the_cell(checked, text):
    assert audit_text(checked, text, "TXT-2") == [("text-amount-mismatch", "绩效评价报告!B9")]


def test_longest_figure_name_wins(checked):
    """财政拨款基本支出 is its own figure (207.02), not 基本支出 preceded by 财政拨款."""
    assert audit_text(checked, "财政拨款基本支出207.02万元", "TXT-2") == []


@pytest.mark.parametrize("text,count", [
    ("0等XX个", 1), ("增加（降低）3万元", 1), ("×××单位", 1), ("XX个XX", 1), ("XXL 号", 0),
    ("2021年度", 0), ("增加/减少", 1), ("二〇〇〇年", 0), ("■ 加强管理", 0), ("○○单位", 1)])
def test_placeholders(checked, text, count):
    assert len(audit_text(checked, text, "TXT-3")) == count


@pytest.mark.parametrize("text,count", [("正常\n文字\t", 0), ("响铃\x07", 1), ("Excel 转义_x000B_", 1),
                                        ("换行_x000A_", 0)])
def test_control_characters(checked, text, count):
    assert len(audit_text(checked, text, "TXT-4")) == count


@pytest.mark.parametrize("text", [
    "其中“三公”经费2.27万元", "其中\"三公\"经费2.27万元", "其中三公经费2.27万元", "“三公”经费支出3万元",
    "人员经费合计150万元", "公用经费合计40万元"])
def test_every_prose_name_of_a_figure_is_checked(checked, text):
    """The appendix writes “三公”经费 for the table's “三公”经费合计 (2.28), 人员经费合计 for
    人员经费 (157.36), 公用经费合计 for 公用经费 (49.66)."""
    assert audit_text(checked, text, "TXT-2") == [("text-amount-mismatch", "绩效评价报告!B9")]


def test_the_published_three_costs_slip_names_the_table_figure(checked):
    d = replace(checked.disclosure, appendix=(AppendixItem("正文", Text("其中“三公”经费2.27万元。", CELL)),))
    finding = next(f for f in run_audit(d, checked.figures, only=["TXT-2"]))
    assert (str(finding.expected), str(finding.actual)) == ("2.28", "2.27")
    assert "“三公”经费合计" in finding.message


@pytest.mark.parametrize("text,token", [
    ("有所增长（降低）", "（降低）"), ("增长（减少）3%", "（减少）"), ("共□个项目", "□"), ("0等XX个", "XX"),
    ("××单位", "××"), ("见{ 表}", None), ("残留的{", "{…}"), ("空的{}", "{…}")])
def test_residue_is_an_error_at_its_cell(checked, text, token):
    d = replace(checked.disclosure, appendix=(AppendixItem("正文", Text(text, CELL)),))
    found = [f for f in run_audit(d, checked.figures, only=["TXT-1", "TXT-3"])]
    assert found and all(str(f.refs[0]) == "绩效评价报告!B9" and f.severity.value == "错误" for f in found)
    if token:
        assert [f.code for f in found] == ["text-placeholder"] and f"“{token}”" in found[0].message


def test_a_figure_reference_is_not_residue(checked):
    assert audit_text(checked, "共产生基本支出{基本支出}万元", "TXT-3") == []


@pytest.mark.parametrize("text,rule,code,fixed", [
    ("部门职责主要主要是为职工服务", "TXT-5", "text-doubled-word", "部门职责主要是为职工服"),
    ("这是我们的的工作", "TXT-5", "text-doubled-word", "这是我们的工作"),
    ("(一)狠抓落实", "TXT-6", "text-halfwidth", "（一）狠抓落实"),
    ("预算数10万元,其中基本支出", "TXT-6", "text-halfwidth", "10万元，其中基本支出"),
    ("2020年部门决算公开单位构成", "TXT-7", "text-wrong-year", "2021年部门决算公开单位"),
    ("本单位2020年度部门决算如下", "TXT-7", "text-wrong-year", "本单位2021年度部门决算如下"),
])
def test_wording_slips_are_warned_with_the_corrected_text(checked, text, rule, code, fixed):
    d = replace(checked.disclosure, appendix=(AppendixItem("正文", Text(text, CELL)),))
    found = list(run_audit(d, checked.figures, only=[rule]))
    assert [(f.code, str(f.refs[0]), f.severity.value) for f in found] == [(code, "绩效评价报告!B9", "警告")]
    assert fixed in found[0].hint


@pytest.mark.parametrize("text", [
    "人人皆知", "账账相符", "实实在在", "等等", "不了了之", "2021年部门决算", "金额1,234.56元", "LED(TV)"])
def test_ordinary_wording_is_silent(checked, text):
    for rule in ("TXT-5", "TXT-6", "TXT-7"):
        assert audit_text(checked, text, rule) == [], rule
