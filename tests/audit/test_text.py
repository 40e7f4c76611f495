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
    ("2021年度", 0), ("增加/减少", 1)])
def test_placeholders(checked, text, count):
    assert len(audit_text(checked, text, "TXT-3")) == count


@pytest.mark.parametrize("text,count", [("正常\n文字\t", 0), ("响铃\x07", 1), ("Excel 转义_x000B_", 1),
                                        ("换行_x000A_", 0)])
def test_control_characters(checked, text, count):
    assert len(audit_text(checked, text, "TXT-4")) == count
