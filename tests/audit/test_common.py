"""The tolerance rule of the audit: a sum over n rounded items may differ from its stated total by
0.01 × n (提示 rounding-difference); beyond that it is the rule's error."""
from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from hypothesis import given, strategies as st

from generator.audit.common import compare, n_rounded
from generator.audit.identities import Identity, finding_of
from generator.findings import Severity
from generator.model import Amount, Ref

TOTAL = Ref("公开05表", "C8")


def parts(*values):
    return [Amount(Decimal(v), Ref("公开05表", f"C{9 + i}")) for i, v in enumerate(values)]


def run(stated, *values):
    p = parts(*values)
    return compare("sum-mismatch", Amount(Decimal(stated), TOTAL), sum(a.value for a in p), n_rounded(p),
                   refs=[a.ref for a in p], what="测试", formula="合计 = 各项之和").finding


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


def test_tolerance_counts_the_parts_that_hold_amounts():
    """0.01 per part holding an amount: zeros and blanks add no rounding (6.19 + 0.17 allow 0.02)."""
    assert run("6.38", "6.19", "0.17", "0", "0", "0").code == "rounding-difference"
    assert run("6.39", "6.19", "0.17", "0", "0", "0").code == "sum-mismatch"
    assert run("6.38", "6.19", "0.17").code == "rounding-difference"
    assert run("6.39", "6.19", "0.17").code == "sum-mismatch"


def test_a_slip_in_a_sum_of_four_amounts_among_26_rows_is_an_error():
    """上海 unit's 04 住房保障 合计 typed 29.24 for 29.42 (issue 22): 26 class rows, 4 with amounts
    (hand-made figures adding to 29.42): a 0.18 slip is beyond 4 × 0.01, an error."""
    values = ["20.00", "5.00", "3.00", "1.42"] + ["0"] * 22
    finding = run("29.24", *values)
    assert finding.code == "sum-mismatch" and finding.expected == Decimal("29.42")
    assert run("29.45", *values).code == "rounding-difference"   # 0.03 ≤ 0.04: a 尾差
    assert run("29.47", *values).code == "sum-mismatch"          # 0.05 > 0.04


def test_sub_cent_difference_is_no_difference():
    """Tables in 元 converted to 万元 carry more decimals; a difference below half a cent is none."""
    assert run("203.9", "203.9012") is None


def test_exact_comparison_for_counts():
    p = parts("1", "2")
    finding = compare("sum-mismatch", Amount(Decimal("4"), TOTAL), Decimal("3"), 2,
                      refs=[a.ref for a in p], exact=True, what="车辆", formula="").finding
    assert finding.code == "sum-mismatch"


def _round(x: Decimal) -> Decimal:
    return x.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


AMOUNT = st.one_of(st.just(Decimal(0)), st.decimals(min_value=Decimal("0.005"), max_value=10**6, places=6))


@given(st.lists(AMOUNT, min_size=1, max_size=12))
def test_rounded_parts_of_a_rounded_total_never_error(raw):
    """Whatever the unrounded amounts (each 0 or shown as an amount), a table of rounded parts and
    a rounded total passes."""
    finding = run(str(_round(sum(raw))), *[str(_round(x)) for x in raw])
    assert finding is None or finding.code == "rounding-difference"


# -- the unknown-part rule: a part the layout leaves out (None) is unknown, never 0 --------------


def known_and_unknown(*values):
    """Parts at C9…; ``None`` marks an unknown part."""
    return [None if v is None else Amount(Decimal(v), Ref("公开04表", f"C{9 + i}"))
            for i, v in enumerate(values)]


def run_parts(stated, *values, signs=None):
    from generator.audit.common import compare_parts
    return finding_of(compare_parts("sum-mismatch", Amount(Decimal(stated), TOTAL), known_and_unknown(*values),
                                    signs=signs, what="测试", formula="合计 = 各项之和"))


def test_all_parts_unknown_is_not_checked():
    # 04's 年末 row printing only 合计 = 5.00: three unknown kinds, no false sum error
    assert run_parts("5.00", None, None, None) is None


def test_known_parts_below_the_total_are_not_an_error():
    # 3.12 of 5.00 shown: the two unknown parts may hold 1.88
    assert run_parts("5.00", "3.12", None, None) is None


def test_known_parts_above_the_total_are_an_error_at_the_total_and_known_cells():
    f = run_parts("5.00", "6.00", None, None)
    assert f.code == "parts-exceed-total" and f.severity is Severity.ERROR
    assert [str(r) for r in f.refs] == ["公开05表!C8", "公开04表!C9"]
    assert (f.expected, f.actual) == (Decimal("6.00"), Decimal("5.00"))


def test_the_bound_allows_the_rounding_tolerance_of_all_parts():
    # 3 parts: ±0.03; known 5.02 against 5.00 could be 尾差 with the unknown parts at 0
    assert run_parts("5.00", "5.02", None, None) is None
    assert run_parts("5.00", "5.04", None, None).code == "parts-exceed-total"


def test_an_unknown_subtracted_part_bounds_from_the_other_side():
    # 年末 = 年初 + 本年收入 − 本年支出(unknown): 年末 may not exceed 年初 + 本年收入
    assert run_parts("10.00", "4.00", "8.00", None, signs=(1, 1, -1)) is None
    assert run_parts("13.00", "4.00", "8.00", None, signs=(1, 1, -1)).code == "parts-exceed-total"


def test_negative_amounts_make_no_bound():
    # with a negative known part, the unknown ones could be negative too: nothing can be said
    assert run_parts("5.00", "9.00", "-1.00", None) is None


def test_all_parts_known_is_still_compared_exactly():
    f = run_parts("5.00", "3.00", "1.00", "0.00")
    assert f.code == "sum-mismatch" and (f.expected, f.actual) == (Decimal("4.00"), Decimal("5.00"))


def test_a_sum_with_an_unknown_part_is_no_identity_for_the_culprit_search():
    from generator.audit.common import compare_parts

    def result(stated, *values):
        return compare_parts("sum-mismatch", Amount(Decimal(stated), TOTAL), known_and_unknown(*values),
                             what="测试", formula="")
    assert not isinstance(result("5.00", "6.00", None, None), Identity)   # the bound's finding only
    assert result("5.00", None, None, None) is None
    compared = result("5.00", "3.00", "1.00", "0.00")
    assert isinstance(compared, Identity) and compared.finding.code == "sum-mismatch"
    assert set(compared.cells) == {TOTAL, *(Ref("公开04表", f"C{n}") for n in (9, 10, 11))}
