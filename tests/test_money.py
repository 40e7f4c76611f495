"""money: parsing, the one rounding rule, and how amounts and percentages are written."""
from decimal import Decimal

import pytest
from hypothesis import given, strategies as st

from generator.money import (
    D, NotANumber, display, fmt_amount, fmt_count, fmt_pct, parse_amount, ratio_pct, tolerance,
)


@pytest.mark.parametrize("raw, expected", [
    (None, "0"), ("", "0"), ("-", "0"), ("—", "0"), ("/", "0"), ("  ", "0"),
    ("1,234.56", "1234.56"), ("１２３．４", "123.4"), ("(12.30)", "-12.30"), (203.9, "203.9"),
    (207, "207"), (" 3.12 ", "3.12"), ("1e2", "1E+2"),
])
def test_parse_amount__accepted(raw, expected):
    assert parse_amount(raw) == Decimal(expected)


@pytest.mark.parametrize("raw", ["abc", "12万", "1.2.3", "XX", True, "#DIV/0!", float("nan")])
def test_parse_amount__rejected(raw):
    with pytest.raises(NotANumber):
        parse_amount(raw)


def test_display_rounds_half_up_not_to_even():
    assert display(Decimal("0.125")) == Decimal("0.13")
    assert display(Decimal("2.005")) == Decimal("2.01")
    assert display(Decimal("-2.005")) == Decimal("-2.01")


@pytest.mark.parametrize("value, text", [
    ("0", "0"), ("0.004", "0"), ("33", "33.00"), ("141.1", "141.10"), ("207.015", "207.02"),
])
def test_fmt_amount(value, text):
    assert fmt_amount(Decimal(value)) == text


@pytest.mark.parametrize("value, text", [
    ("0", "0%"), ("100", "100%"), ("100.001", "100%"), ("38", "38.00%"), ("146.4839", "146.48%"),
    ("0.5336", "0.53%"),
])
def test_fmt_pct(value, text):
    assert fmt_pct(Decimal(value)) == text


def test_ratio_uses_displayed_amounts_and_none_for_zero_whole():
    assert ratio_pct(Decimal("1"), Decimal("0.001")) is None
    # reference §六: 人员经费157.36万元，占基本支出(207.02)的76.01%; 公用经费49.66 → 23.99%
    assert fmt_pct(ratio_pct(Decimal("157.36"), Decimal("207.02"))) == "76.01%"
    assert fmt_pct(ratio_pct(Decimal("49.66"), Decimal("207.02"))) == "23.99%"
    # 157.364 / 207.016 = 76.0154 %, but a reader sees 157.36 and 207.02: 76.01 %
    assert fmt_pct(ratio_pct(Decimal("157.364"), Decimal("207.016"))) == "76.01%"


def test_tolerance_is_a_cent_per_item():
    assert tolerance(3) == Decimal("0.03")
    assert tolerance(1) == Decimal("0.01")
    assert tolerance(0) < Decimal("0.005") < tolerance(1)  # no rounded part: only sub-cent noise


def test_fmt_count():
    assert fmt_count(Decimal("40")) == "40"
    assert fmt_count(Decimal("2.5")) == "2.5"


@given(st.decimals(allow_nan=False, allow_infinity=False, places=4, min_value=-10**9, max_value=10**9))
def test_D_of_str_is_identity(x):
    assert D(str(x)) == x


@pytest.mark.parametrize("x, expected", [
    (203.9, "203.9"), (0.1, "0.1"), (2.28, "2.28"), (-12.3, "-12.3"), (1e-7, "1E-7"), (33.0, "33"),
])
def test_D_of_float_is_the_number_typed_not_its_binary_value(x, expected):
    assert D(x) == Decimal(expected)
    assert Decimal(x) != Decimal(expected) or x == int(x)  # the trap D avoids


@given(st.decimals(min_value=-10**9, max_value=10**9, places=2, allow_nan=False, allow_infinity=False))
def test_D_of_a_float_cell_gives_back_the_amount_typed(x):
    """An amount typed into Excel (≤ 2 decimals) arrives as a float; D recovers it exactly."""
    assert D(float(str(x))) == x


@given(st.lists(st.decimals(min_value=-10**6, max_value=10**6, places=4, allow_nan=False), min_size=1,
                max_size=30))
def test_sum_of_rounded_parts_is_within_tolerance_of_rounded_total(parts):
    total = display(sum(parts, Decimal(0)))
    rounded = sum((display(p) for p in parts), Decimal(0))
    assert abs(total - rounded) <= tolerance(len(parts))


@given(st.decimals(min_value=-10**9, max_value=10**9, places=6, allow_nan=False, allow_infinity=False))
def test_display_is_half_up_to_the_cent(x):
    """Checked against the schoolbook rule, not the implementation: the cent digit goes up
    (away from zero) exactly when the remainder is half a cent or more."""
    whole, remainder = divmod(abs(x) * 100, 1)
    cents = int(whole) + (1 if remainder >= Decimal("0.5") else 0)
    assert display(x) == (cents if x >= 0 else -cents) / Decimal(100)
    written = "0" if cents == 0 else ("-" if x < 0 else "") + f"{cents // 100}.{cents % 100:02d}"
    assert fmt_amount(x) == written
