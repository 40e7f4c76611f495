"""Derived figures: changes, budget completion and shares, compared as a reader sees them.

Derived figures: the value objects the template receives and the arithmetic of changes,
budget completion and shares (spec/report.md, "Numbers and wording rules"). No wording here:
``render/helpers.py`` turns these facts into words.

All arithmetic is Decimal. Every comparison is made on the two-decimal amounts a reader sees
(``money.display``), so the report never says "增加0.00万元" and a percentage always agrees with
the amounts printed beside it.

* Change (Δ = this − last): direction 增加/减少/持平 from the displayed Δ; rate |Δ|/previous × 100,
  None when the previous figure is 0 (the zero-base case).
* Completion (决算 / 预算): rate, None when the budget is 0; comparison 大于/小于/持平.
* Share (part / whole): None when the whole is 0 — a share of nothing is never printed, not even
  "0%" of 0 (issue 21).
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import total_ordering

from ..money import HUNDRED, ZERO, display, fmt_amount, fmt_count, ratio_pct


@total_ordering
class Figure:
    """One figure of the report as the template sees it: this year's value, its 上年数 and its
    预算数 (None where the workbook has none). Compares, and is true, by its displayed value;
    printed as the report writes it (万元 with two decimals, or a count)."""

    __slots__ = ("value", "prior", "budget", "money")

    def __init__(self, value: Decimal, prior: Decimal | None = None, budget: Decimal | None = None,
                 money: bool = True):
        self.value, self.prior, self.budget, self.money = value, prior, budget, money

    # Template-facing names (the template language is Chinese): x.本年, x.上年, x.预算.
    @property
    def 本年(self) -> Decimal:  # noqa: N802
        return self.value

    @property
    def 上年(self) -> Decimal | None:  # noqa: N802
        return self.prior

    @property
    def 预算(self) -> Decimal | None:  # noqa: N802
        return self.budget

    def _key(self, other) -> tuple[Decimal, Decimal]:
        other = other.value if isinstance(other, Figure) else Decimal(other)
        return display(self.value), display(other)

    def __eq__(self, other) -> bool:
        if other is None or isinstance(other, str):
            return False
        mine, theirs = self._key(other)
        return mine == theirs

    def __lt__(self, other) -> bool:
        mine, theirs = self._key(other)
        return mine < theirs

    def __hash__(self) -> int:
        return hash(display(self.value))

    def __bool__(self) -> bool:
        return display(self.value) != ZERO

    def __str__(self) -> str:
        return fmt_amount(self.value) if self.money else fmt_count(self.value)

    def __repr__(self) -> str:
        return f"Figure({self.value!r}, prior={self.prior!r}, budget={self.budget!r})"


def amount(value) -> Decimal:
    """The Decimal of a figure, an amount or None (0)."""
    if value is None:
        return ZERO
    return value.value if isinstance(value, Figure) else Decimal(value)


@dataclass(frozen=True)
class Change:
    """This year against a previous figure (last year or the budget)."""

    current: Decimal
    previous: Decimal

    @property
    def diff(self) -> Decimal:
        return display(self.current) - display(self.previous)

    @property
    def direction(self) -> str:
        """增加 / 减少 / 持平, from the displayed difference."""
        if self.diff > ZERO:
            return "增加"
        if self.diff < ZERO:
            return "减少"
        return "持平"

    @property
    def rate(self) -> Decimal | None:
        """|Δ| / previous × 100; None when the previous figure is 0."""
        if display(self.previous) == ZERO:
            return None
        return abs(self.diff) * HUNDRED / display(self.previous).copy_abs()


@dataclass(frozen=True)
class Completion:
    """决算 against 预算 (年初预算 or the 三公 budget)."""

    actual: Decimal
    budget: Decimal

    @property
    def rate(self) -> Decimal | None:
        return ratio_pct(self.actual, self.budget)

    @property
    def comparison(self) -> str:
        """大于 / 小于 / 持平 of 决算数 against 预算数, from displayed amounts."""
        a, b = display(self.actual), display(self.budget)
        return "大于" if a > b else "小于" if a < b else "持平"


def share(part: Decimal, whole: Decimal) -> Decimal | None:
    """part / whole × 100 on displayed amounts; None when the whole is 0 (0 of 0 included)."""
    return ratio_pct(part, whole)
