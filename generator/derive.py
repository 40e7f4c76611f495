"""Derived figures and the wording rules that depend on them (spec/report.md, "Numbers and
wording rules").

All arithmetic is Decimal. Every comparison is made on the two-decimal amounts a reader sees
(``money.display``), so the report never says "增加0.00万元" and a percentage always agrees with
the amounts printed beside it.

* Change (Δ = this − last): Δ>0 增加…增长P%; Δ<0 减少…下降P% (absolute values); Δ=0 持平.
  Last year 0 and this year > 0: the amount without a rate ("上年无此项支出"); both 0: 持平.
* Completion (决算 / 预算): 完成预算的P%; budget 0: no rate, 决算数大于预算数.
* Share (part / whole): None when the whole is 0 and the part is not; 0 of 0 is 0.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from .money import HUNDRED, ZERO, display, fmt_amount, fmt_pct, ratio_pct


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

    def text(self, base_word: str = "上年无此项支出") -> str:
        """``减少4.23万元，下降2.00%`` · ``增加5.00万元（上年无此项支出）`` · ``持平``."""
        if self.direction == "持平":
            return "持平"
        amount = f"{self.direction}{fmt_amount(abs(self.diff))}万元"
        if self.rate is None:
            return f"{amount}（{base_word}）"
        rate_word = "增长" if self.direction == "增加" else "下降"
        return f"{amount}，{rate_word}{fmt_pct(self.rate)}"


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

    def rate_text(self) -> str | None:
        return None if self.rate is None else fmt_pct(self.rate)

    def comparison_text(self, budget_word: str = "预算数") -> str:
        """决算数大于预算数 / 决算数小于预算数 / 决算数与预算数持平."""
        if self.comparison == "持平":
            return f"决算数与{budget_word}持平"
        return f"决算数{self.comparison}{budget_word}"


def share(part: Decimal, whole: Decimal) -> Decimal | None:
    """part / whole × 100 on displayed amounts; 0 of 0 is 0; None when only the whole is 0."""
    rate = ratio_pct(part, whole)
    if rate is None and display(part) == ZERO:
        return ZERO
    return rate


def share_text(part: Decimal, whole: Decimal) -> str | None:
    rate = share(part, whole)
    return None if rate is None else fmt_pct(rate)
