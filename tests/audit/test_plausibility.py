"""Plausibility against 上年数 and the direction words of the reason clauses (warnings at the cell).
Sample figures (reference): 收支总计 207.02 (上年 211.25), 公务接待费 2.28 (上年 2.43), 机关运行经费
49.66 (年初预算 23.86); the 收支总计 clause says 压减 (a decrease)."""
from __future__ import annotations

import pytest

from generator.findings import Severity
from generator.pipeline import check
from tests.audit.workbooks import change, copy_sample, value_cell
from tests.conftest import SAMPLE


def _check(tmp_path, sheet, label, value):
    path = copy_sample(tmp_path)
    where = {}

    def mutate(wb):
        cell = value_cell(wb[sheet], label)
        cell.value = value
        where[label] = f"{sheet}!{cell.coordinate}"
    change(path, mutate)
    return check(path).report, where[label]


def _found(report, code):
    return [(str(f.refs[0]), f.severity) for f in report.findings if f.code == code]


def test_sample_is_plausible():
    report = check(SAMPLE).report
    assert not _found(report, "prior-change-large") and not _found(report, "prior-unit-mix")
    assert not _found(report, "reason-direction")


def test_the_issue_example_tenfold_slip_and_contradicting_clause(tmp_path):
    """上年收支总计 typed 21.13 (is 211.25): 207.02 / 21.13 ≈ 9.8 → a likely decimal slip (a warning);
    the report would then say 增加185.89万元 while the clause says 压减 → contradiction at the clause."""
    report, cell = _check(tmp_path, "上年数", "收支总计", 21.13)
    assert _found(report, "prior-decimal-slip") == [(cell, Severity.WARNING)]
    assert not _found(report, "prior-unit-mix")
    assert not _found(report, "prior-change-large")
    clause = [f for f in report.findings if f.code == "reason-direction"]
    assert [str(f.refs[0]).split("!")[0] for f in clause] == ["情况说明"]
    assert "压减" in clause[0].message and "增加" in clause[0].message
    assert report.valid


@pytest.mark.parametrize("value,code", [
    ("1", "prior-change-large"),      # 2.28 against 1.00: +128 %
    ("4.6", "prior-change-large"),    # 2.28 against 4.60: −50.43 %
    ("4.5", None),                    # 2.28 against 4.50: −49.33 %, within ±50 %
    ("24300", "prior-unit-mix"),      # 2.43 万元 written in 元 (×10000)
    ("0.23", "prior-decimal-slip"),   # 2.28 / 0.23 ≈ 9.9: decimal point one place off
    ("228", "prior-decimal-slip"),    # ×100: two places off, not a 元/万元 mix
])
def test_change_thresholds(tmp_path, value, code):
    report, cell = _check(tmp_path, "上年数", "公务接待费", float(value))
    found = {f.code for f in report.findings if f.code.startswith("prior-") and str(f.refs[0]) == cell}
    assert found == ({code} if code else set())


@pytest.mark.parametrize("clause,warned", [
    ("增加的主要原因是接待批次增加", True),      # 2.28 < 2.43: it decreased
    ("减少的主要原因是接待人次略有下降", False),
    ("主要原因是厉行节约", False),
    ("虽有增加，但总体压减", False),            # both kinds of words: no judgement
    ("接待标准未增加", False),                  # a negated word says nothing
])
def test_reason_direction(tmp_path, clause, warned):
    report, cell = _check(tmp_path, "情况说明", "公务接待费增减原因", clause)
    assert (_found(report, "reason-direction") == [(cell, Severity.WARNING)]) is warned
    assert warned or not _found(report, "reason-direction")


def test_operating_costs_clause_is_judged_against_the_budget(tmp_path):
    """机关运行经费 49.66 against 年初预算 23.86: an increase; a clause saying 节约 contradicts it."""
    report, cell = _check(tmp_path, "情况说明", "机关运行经费增减原因", "主要原因是厉行节约")
    assert _found(report, "reason-direction") == [(cell, Severity.WARNING)]


def test_prior_year_typed_in_yuan_is_an_error_naming_the_cell_and_both_figures(tmp_path):
    """Issue 21: 上年公务接待费 typed in 元 (24300 for 2.43) printed "减少24297.72万元，下降99.99%"
    with a warning; now the build stops with an error at the cell giving both figures."""
    report, cell = _check(tmp_path, "上年数", "公务接待费", 24300)
    assert _found(report, "prior-unit-mix") == [(cell, Severity.ERROR)]
    assert not report.valid
    finding = next(f for f in report.findings if f.code == "prior-unit-mix")
    assert cell in finding.message and "24300" in finding.message and "2.28" in finding.message
