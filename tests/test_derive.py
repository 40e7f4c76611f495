"""derive: changes, completion rates and shares, with the wording chosen from displayed values."""
from decimal import ROUND_HALF_UP, Decimal

import pytest
from hypothesis import given, strategies as st

from generator.derive import Change, Completion, share, share_text

amounts = st.decimals(min_value=0, max_value=10**7, places=3, allow_nan=False, allow_infinity=False)


def test_change__decrease():
    assert Change(Decimal("207.02"), Decimal("211.25")).text() == "减少4.23万元，下降2.00%"


def test_change__increase_against_budget():
    assert Change(Decimal("49.66"), Decimal("23.86")).text() == "增加25.80万元，增长108.13%"


def test_change__zero_base_states_amount_without_rate():
    c = Change(Decimal("5"), Decimal("0"))
    assert c.rate is None
    assert c.text() == "增加5.00万元（上年无此项支出）"


def test_change__both_zero_and_equal_after_rounding_are_flat():
    assert Change(Decimal("0"), Decimal("0")).text() == "持平"
    assert Change(Decimal("1.004"), Decimal("0.996")).text() == "持平"


def shown(x: Decimal) -> Decimal:
    """What the report prints for an amount: 四舍五入 to the cent (spec/report.md)."""
    return x.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


@given(amounts, amounts)
def test_change_direction_follows_displayed_difference(cur, prev):
    c = Change(cur, prev)
    diff = shown(cur) - shown(prev)
    word = "增加" if diff > 0 else "减少" if diff < 0 else "持平"
    assert c.direction == word
    text = c.text()
    if word == "持平":
        assert text == "持平"
    else:
        assert text.startswith(f"{word}{abs(diff)}万元")  # Decimal str keeps its two places
        if shown(prev) != 0:
            rate_word = "增长" if word == "增加" else "下降"
            rate = shown(abs(diff) * 100 / shown(prev))
            assert text.endswith(f"，{rate_word}{'100' if rate == 100 else rate}%")


@pytest.mark.parametrize("actual, budget, rate, word", [
    ("142.93", "141.10", "101.30%", "大于"), ("2.28", "6", "38.00%", "小于"),
    ("0.23", "0.23", "100%", "持平"), ("33", "0", None, "大于"), ("0", "0", None, "持平"),
])
def test_completion(actual, budget, rate, word):
    c = Completion(Decimal(actual), Decimal(budget))
    assert c.rate_text() == rate
    assert c.comparison == word


def test_share_rules():
    assert share_text(Decimal("200.65"), Decimal("207.02")) == "96.92%"
    assert share_text(Decimal("0"), Decimal("0")) == "0%"
    assert share(Decimal("33"), Decimal("0")) is None
    assert share_text(Decimal("203.9"), Decimal("203.9")) == "100%"
