"""Culprit first: one wrong cell behind several failing identities is reported first, with the value
that repairs them all, and the other errors name it as their cause. Expectations by hand from
shared/reference/huaihua-2021-figures.md (05/03: 2080109 = 142.93, 20801 = 175.93, 2080505 = 12.74,
20805 = 16.31)."""
from __future__ import annotations

import json
from decimal import Decimal

from generator.audit.culprit import blame
from generator.audit.identities import Identity
from generator.findings import Report, make
from generator.model import Ref
from generator.pipeline import check
from tests.audit.workbooks import add, change, coded, copy_sample, three_cell


def _typo(tmp_path, table, code, column, value):
    path = copy_sample(tmp_path)
    where = {}

    def mutate(wb):
        cell = coded(wb, table, code, column)
        cell.value = value
        where["ref"] = f"{table}!{cell.coordinate}"
    change(path, mutate)
    return check(path).report, where["ref"]


def test_one_wrong_item_amount_is_named_first_with_its_repairing_value(tmp_path):
    """05 2080109 基本支出 typed 124.93 instead of 142.93: its row total and 20801's 基本支出 fail."""
    report, cell = _typo(tmp_path, "公开05表", "2080109", "基本支出", 124.93)
    first = report.errors[0]
    assert (first.code, [str(r) for r in first.refs]) == ("probable-cause", [cell])
    assert first.expected == Decimal("142.93") and first.actual == Decimal("124.93")
    assert "142.93" in first.message
    rest = report.errors[1:]
    assert {f.code for f in rest} == {"row-total-mismatch", "subtotal-mismatch"}
    assert all([str(r) for r in f.causes] == [cell] for f in rest)


def test_a_tenfold_typo_in_table_03_is_named_with_the_right_amount(tmp_path):
    """03 2080505 本年支出合计 typed 127.4 (for 12.74): row total and 20805 fail; repair = 12.74."""
    report, cell = _typo(tmp_path, "公开03表", "2080505", "本年支出合计", 127.4)
    first = report.errors[0]
    assert (first.code, str(first.refs[0]), first.expected) == ("probable-cause", cell, Decimal("12.74"))
    assert len([f for f in report.errors if f.code == "probable-cause"]) == 1


def test_a_single_failing_identity_names_no_culprit(tmp_path):
    """07 决算 合计 off by one: only 合计 = Σ items fails; any of its cells could be wrong."""
    path = copy_sample(tmp_path)
    change(path, lambda wb: add(three_cell(wb, "决算数", "合计"), 1))
    report = check(path).report
    assert [f.code for f in report.errors] == ["sum-mismatch"]
    assert not report.errors[0].causes


def test_the_05_total_row_typo_is_its_own_culprit(tmp_path):
    """05 合计 row 项目支出 typed 1 (is 0): the row (合计 = 基本 + 项目) and 合计 = Σ 类 fail."""
    report, cell = _typo(tmp_path, "公开05表", "合计", "项目支出", 1)
    assert (report.errors[0].code, str(report.errors[0].refs[0])) == ("probable-cause", cell)
    assert report.errors[0].expected == 0


def test_the_same_slip_in_two_columns_is_named_as_a_pair(tmp_path):
    """05 20801 小计 and 基本支出 both 1 too high (176.93, is 175.93): each column's 20801 and 208
    subtotals fail; the two groups meet only in the row 小计 = 基本 + 项目, which still holds."""
    path = copy_sample(tmp_path)
    where = []

    def mutate(wb):
        for column in ("小计", "基本支出"):
            cell = coded(wb, "公开05表", "20801", column)
            cell.value = 176.93
            where.append(f"公开05表!{cell.coordinate}")
    change(path, mutate)
    report = check(path).report
    causes = [(str(f.refs[0]), f.expected) for f in report.errors if f.code == "probable-cause"]
    assert causes == [(w, Decimal("175.93")) for w in where]
    assert report.errors[0].code == "probable-cause"
    rest = [f for f in report.errors if f.code != "probable-cause"]
    # 20801 and 208 subtotals of both columns, and 05 20801 基本支出 176.93 > 03's 175.93 (X-7)
    assert sorted(f.code for f in rest) == ["exceeds-03"] + ["subtotal-mismatch"] * 4
    assert all([str(r) for r in f.causes] == where for f in rest)


def _identity(cells, residual, code="sum-mismatch"):
    refs = tuple(Ref("表", c) for c in cells)
    finding = make(code, refs, expected=Decimal(0), actual=Decimal(residual), what="", formula="")
    return Identity({Ref("表", c): (Decimal(k), Decimal(10)) for c, k in cells.items()},
                    Decimal(residual), Decimal("0.01"), finding if residual else None)


def test_search_demands_a_unique_answer_and_respects_identities_that_held():
    # A1 + B1 = C1 (off by 5) and A1 = D1 (off by 5): A1 alone repairs both.
    two = [_identity({"C1": 1, "A1": -1, "B1": -1}, 5), _identity({"D1": 1, "A1": -1}, 5)]
    causes, caused = blame(two)
    assert [(str(c.refs[0]), c.expected) for c in causes] == [("表!A1", Decimal(15))]
    assert set(caused) == {id(i.finding) for i in two}
    # ... unless A1 also sits in an identity that holds: then A1 is not the answer.
    held = _identity({"E1": 1, "A1": -1}, 0)
    assert blame(two + [held]) == ([], {})
    # Two identities over the same two cells: either could be wrong, no claim.
    twins = [_identity({"A1": 1, "B1": -1}, 3), _identity({"B1": 1, "A1": -1}, -3)]
    assert blame(twins) == ([], {})


def test_search_finds_a_pair_when_no_single_cell_repairs_all():
    # Three failing identities: X1 alone in the first, Y1 alone in the third, both in the middle.
    group = [_identity({"S1": 1, "X1": -1}, 2), _identity({"S2": 1, "X1": -1, "Y1": -1}, 5),
             _identity({"S3": 1, "Y1": -1}, 3)]
    causes, _ = blame(group)
    assert sorted((str(c.refs[0]), c.expected) for c in causes) == [
        ("表!X1", Decimal(12)), ("表!Y1", Decimal(13))]


def test_json_shows_the_cause(tmp_path):
    report, cell = _typo(tmp_path, "公开05表", "2080109", "基本支出", 124.93)
    data = json.loads(Report(source="x", findings=report.findings).to_json())
    assert data["findings"][0]["code"] == "probable-cause"
    assert all(f["cause"] == [cell] for f in data["findings"]
               if f["code"] in ("row-total-mismatch", "subtotal-mismatch"))


def test_a_formula_cell_is_never_named_and_follows_its_inputs():
    """C1 is a formula (= A1 + B1, which holds); E1 = C1 (off by 5) and F1 = A1 (off by 5).
    Without the formula known, C1 and A1 would both be candidates; with it, the search reasons
    over inputs only: C1 follows A1, so A1 alone repairs both, and C1 is never named."""
    from dataclasses import replace as with_
    definition = with_(_identity({"C1": 1, "A1": -1, "B1": -1}, 0), stated=Ref("表", "C1"))
    failing = [_identity({"E1": 1, "C1": -1}, 5), _identity({"F1": 1, "A1": -1}, 5)]
    causes, caused = blame([definition, *failing], frozenset({Ref("表", "C1")}))
    assert [(str(c.refs[0]), c.expected) for c in causes] == [("表!A1", Decimal(15))]
    assert set(caused) == {id(i.finding) for i in failing}
    # Not told C1 is a formula: two separate failures, and pairs (A1, C1) and (E1, F1) both repair
    # them: no unique answer, no claim.
    assert blame([definition, *failing]) == ([], {})
