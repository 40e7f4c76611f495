"""The audit on the sample workbook and on the published reference's own defects."""
from __future__ import annotations

import openpyxl
import pytest

from generator.findings import Severity
from generator.pipeline import check
from tests.audit.workbooks import appendix_cell, change, coded, copy_sample, value_cell
from tests.conftest import SAMPLE


@pytest.fixture(scope="module")
def sample_report():
    return check(SAMPLE).report


@pytest.fixture(scope="module")
def sample_wb():
    return openpyxl.load_workbook(SAMPLE)


def located(report, code):
    return {str(f.refs[0]) for f in report.findings if f.code == code and f.refs}


def test_sample_has_no_error(sample_report):
    assert sample_report.valid, sample_report.to_text()


def test_sample_warns_self_evaluated_money_above_project_spending(sample_report, sample_wb):
    """§十四: 33万元 of self-evaluated 一般公共预算 project money while 项目支出 is 0."""
    cell = value_cell(sample_wb["补充数据"], "一般公共预算绩效自评资金")
    hits = [f for f in sample_report.findings if f.code == "evaluation-exceeds"]
    assert [str(f.refs[0]) for f in hits] == [f"补充数据!{cell.coordinate}"]
    assert hits[0].severity is Severity.WARNING
    assert hits[0].actual == 33 and hits[0].expected == 0


@pytest.mark.parametrize("table,column", [
    ("公开02表", "本年收入合计"), ("公开03表", "本年支出合计"), ("公开05表", "小计")])
def test_sample_rounding_differences_are_infos(sample_report, sample_wb, table, column):
    """208's 款 and 21011's 项 do not add up exactly (尾差): reported as 提示, not as errors."""
    infos = located(sample_report, "rounding-difference")
    for code in ("208", "21011"):
        assert f"{table}!{coded(sample_wb, table, code, column).coordinate}" in infos


def test_sample_rounding_difference_states_the_sum(sample_report, sample_wb):
    where = f"公开05表!{coded(sample_wb, '公开05表', '208', '小计').coordinate}"
    finding = next(f for f in sample_report.findings
                   if f.code == "rounding-difference" and str(f.refs[0]) == where)
    assert (str(finding.expected), str(finding.actual)) == ("200.66", "200.65")
    assert finding.severity is Severity.INFO
    assert "200.66" in finding.message and "200.65" in finding.message and "-0.01" in finding.message
    # the 款 cells follow the stated 类 cell
    assert len(finding.refs) == 5


def test_sample_findings_are_only_of_known_kinds(sample_report):
    """A guard against noise: the clean sample yields only these kinds of findings."""
    assert {f.code for f in sample_report.findings} <= {
        "evaluation-exceeds", "rounding-difference", "label-missing", "clause-missing",
        "text-doubled-word", "text-halfwidth"}


def test_sample_reproduces_the_references_wording_slips_as_warnings(sample_report, sample_wb):
    """The published appendix says 部门职责主要主要是, 万元,其中 and (一)狠抓落实: warned at their cells."""
    doubled = appendix_cell(sample_wb, "部门职责主要主要是")
    comma = appendix_cell(sample_wb, "2021年年初预算数")
    bracket = appendix_cell(sample_wb, "(一)狠抓落实")
    assert located(sample_report, "text-doubled-word") == {f"绩效评价报告!{doubled.coordinate}"}
    assert located(sample_report, "text-halfwidth") == {f"绩效评价报告!{comma.coordinate}",
                                                        f"绩效评价报告!{bracket.coordinate}"}
    hint = next(f.hint for f in sample_report.findings if f.code == "text-doubled-word")
    assert "部门职责主要是为" in hint


def test_reference_defects_are_caught(tmp_path):
    """The published text says 基本支出203.9万元 (it is 207.02) and 0等XX个 (template residue): both
    errors that block the report (a wrong figure in print, issue 21), each at its cell."""
    path = copy_sample(tmp_path)
    cells = {}

    def mutate(wb):
        first = appendix_cell(wb, "2、项目支出")
        second = appendix_cell(wb, "2021年无项目资金安排")
        first.value = "2021年度共产生基本支出203.9万元，其中人员经费157.36万元。"
        second.value = "组织对0等XX个项目开展了部门评价。"
        cells.update(amount=first.coordinate, placeholder=second.coordinate)
    change(path, mutate)
    report = check(path).report
    assert sorted((f.code, str(f.refs[0])) for f in report.errors) == [
        ("text-amount-mismatch", f"绩效评价报告!{cells['amount']}"),
        ("text-placeholder", f"绩效评价报告!{cells['placeholder']}")]
    amount = next(f for f in report.findings if f.code == "text-amount-mismatch")
    assert (str(amount.expected), str(amount.actual)) == ("207.02", "203.9")
    assert "203.9" in amount.message and "207.02" in amount.message
    # 人员经费157.36万元 agrees with table 06: no second finding
    assert len([f for f in report.findings if f.code == "text-amount-mismatch"]) == 1


def test_thirty_problems_are_all_listed_in_one_run(tmp_path):
    """One run reports every problem, not just the first: each cell spoilt gives its own error."""
    path = copy_sample(tmp_path)
    spoilt = {}

    def mutate(wb):
        ws = wb["年初预算"]
        rows = [r for r in ws.iter_rows(min_row=2) if r[0].value]
        for n, row in enumerate(rows):          # unknown 年初预算 codes (errors)
            row[0].value = f"20899{n:02d}"
        spoilt["budget-code-unknown"] = len(rows)
        ws = wb["上年数"]
        rows = [r for r in ws.iter_rows(min_row=2) if r[0].value]
        for row in rows:                       # negative 上年数 (errors)
            row[1].value = -1
        spoilt["negative-prior"] = len(rows)
        ws = wb["绩效评价报告"]
        bodies = [r[1] for r in ws.iter_rows(min_row=2) if r[0].value == "正文" and r[1].value]
        for n, cell in enumerate(bodies[:14]):  # placeholders (errors)
            cell.value = f"第{n}段：XX单位。"
        spoilt["text-placeholder"] = len(bodies[:14])
    change(path, mutate)
    assert sum(spoilt.values()) == 32, spoilt  # the sample has 9 年初预算 rows, 9 上年数, ≥ 14 正文
    report = check(path).report
    codes = [f.code for f in report.findings]
    assert {code: codes.count(code) for code in spoilt} == spoilt
    assert len(report.errors) == 32
