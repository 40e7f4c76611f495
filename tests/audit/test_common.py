"""The tolerance rule of the audit: a sum over n rounded items may differ from its stated total by
0.01 × n (提示 rounding-difference); beyond that it is the rule's error."""
from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from hypothesis import given, strategies as st

from generator.audit.common import compare, n_rounded
from generator.findings import Severity
from generator.model import Amount, Ref

TOTAL = Ref("公开05表", "C8")


def parts(*values):
    return [Amount(Decimal(v), Ref("公开05表", f"C{9 + i}")) for i, v in enumerate(values)]


def run(stated, *values):
    p = parts(*values)
    return compare("sum-mismatch", Amount(Decimal(stated), TOTAL), sum(a.value for a in p), n_rounded(p),
                   refs=[a.ref for a in p], what="测试", formula="合计 = 各项之和")


def test_equal_is_silent():
    assert run("200.66", "175.93", "16.31", "3.42", "5.00") is None


def test_within_tolerance_is_info_with_all_cells():
    finding = run("200.65", "175.93", "16.31", "3.42", "5.00")
    assert finding.code == "rounding-difference" and finding.severity is Severity.INFO
    assert [str(r) for r in finding.refs] == ["公开05表!C8", "公开05表!C9", "公开05表!C10",
                                              "公开05表!C11", "公开05表!C12"]
    assert finding.expected == Decimal("200.66") and finding.actual == Decimal("200.65")


def test_beyond_tolerance_is_the_error():
    finding = run("200.60", "175.93", "16.31", "3.42", "5.00")   # 0.06 > 4 × 0.01
    assert finding.code == "sum-mismatch" and finding.severity is Severity.ERROR
    assert "-0.06" in finding.message


def test_tolerance_counts_every_part():
    """A part shown as 0 may hide up to 0.005: five parts allow 0.05, whatever their values."""
    assert run("6.41", "6.19", "0.17", "0", "0", "0").code == "rounding-difference"
    assert run("6.42", "6.19", "0.17", "0", "0", "0").code == "sum-mismatch"
    assert run("6.38", "6.19", "0.17").code == "rounding-difference"
    assert run("6.39", "6.19", "0.17").code == "sum-mismatch"


def test_sub_cent_difference_is_no_difference():
    """Tables in 元 converted to 万元 carry more decimals; a difference below half a cent is none."""
    assert run("203.9", "203.9012") is None


def test_exact_comparison_for_counts():
    p = parts("1", "2")
    finding = compare("sum-mismatch", Amount(Decimal("4"), TOTAL), Decimal("3"), 2,
                      refs=[a.ref for a in p], exact=True, what="车辆", formula="")
    assert finding.code == "sum-mismatch"


def _round(x: Decimal) -> Decimal:
    return x.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


@given(st.lists(st.decimals(min_value=0, max_value=10**6, places=6), min_size=1, max_size=12))
def test_rounded_parts_of_a_rounded_total_never_error(raw):
    """Whatever the unrounded amounts, a table of rounded parts and a rounded total passes."""
    finding = run(str(_round(sum(raw))), *[str(_round(x)) for x in raw])
    assert finding is None or finding.code == "rounding-difference"
