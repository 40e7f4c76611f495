"""derive: the figures the template receives, changes, completion rates and shares, all decided
on the displayed (two-decimal) values."""
from decimal import ROUND_HALF_UP, Decimal

import pytest
from hypothesis import given, strategies as st

from generator.derive.values import Change, Completion, Figure, amount, share

amounts = st.decimals(min_value=0, max_value=10**7, places=3, allow_nan=False, allow_infinity=False)


def shown(x: Decimal) -> Decimal:
    """What the report prints for an amount: 四舍五入 to the cent (spec/report.md)."""
    return x.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def test_change__decrease():
    c = Change(Decimal("207.02"), Decimal("211.25"))
    assert (c.direction, c.diff, shown(c.rate)) == ("减少", Decimal("-4.23"), Decimal("2.00"))


def test_change__zero_base_has_no_rate():
    c = Change(Decimal("5"), Decimal("0"))
    assert c.direction == "增加" and c.rate is None


def test_change__equal_after_rounding_is_flat():
    assert Change(Decimal("1.004"), Decimal("0.996")).direction == "持平"
    assert Change(Decimal("0"), Decimal("0")).direction == "持平"


@given(amounts, amounts)
def test_change_direction_follows_displayed_difference(cur, prev):
    c = Change(cur, prev)
    diff = shown(cur) - shown(prev)
    assert c.direction == ("增加" if diff > 0 else "减少" if diff < 0 else "持平")
    assert c.diff == diff


@pytest.mark.parametrize("actual, budget, rate, word", [
    ("142.93", "141.10", "101.30", "大于"), ("2.28", "6", "38.00", "小于"),
    ("0.23", "0.23", "100.00", "持平"), ("33", "0", None, "大于"), ("0", "0", None, "持平"),
])
def test_completion(actual, budget, rate, word):
    c = Completion(Decimal(actual), Decimal(budget))
    assert (None if c.rate is None else str(shown(c.rate))) == rate
    assert c.comparison == word


def test_share_rules():
    assert shown(share(Decimal("200.65"), Decimal("207.02"))) == Decimal("96.92")
    assert share(Decimal("0"), Decimal("0")) is None  # no share of nothing (issue 21)
    assert share(Decimal("33"), Decimal("0")) is None


def test_figure_compares_and_is_true_by_its_displayed_value():
    f = Figure(Decimal("0.004"), prior=Decimal("1"), budget=None)
    assert not f and f == 0 and f < 1 and f.上年 == Decimal("1") and f.预算 is None
    assert Figure(Decimal("2")) > 1 and Figure(Decimal("2")) == Figure(Decimal("2.001"))
    assert Figure(Decimal("0")) != None  # noqa: E711  (a present 0 is not a missing figure)
    assert str(Figure(Decimal("33"))) == "33.00" and str(Figure(Decimal("40"), money=False)) == "40"
    assert amount(None) == 0 and amount(f) == Decimal("0.004")
