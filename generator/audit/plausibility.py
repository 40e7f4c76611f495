"""Audit 合理性: this year's figures against 上年数 and reason words against the figures.

合理性: figures against 上年数 (a change beyond ±50 %, a jump by a power of ten as a likely
decimal-point slip) and the direction words of a reason clause against the direction the figures
show: warnings, the report is built and the officer is asked to confirm. A 上年数 about 10⁴ times
its figure (typed in 元 where the sheet asks for 万元) is an error: the report would print a wrong
change ("减少38996.35万元，下降99.99%").
"""
from __future__ import annotations

import re
from decimal import Decimal

from .. import findings as F
from ..money import HUNDRED, ZERO, fmt_pct, negligible
from ..derive.sections import BUDGET_OF, PRIOR_OF, PRIOR_SUMMED, SECTIONS
from .rule import rule

CHANGE_LIMIT = Decimal("0.5")     # ±50 %
POWER_SLACK = Decimal("0.1")      # a factor within 10^(k ± 0.1) of a power of ten (k ≥ 1)
YUAN_FACTOR = 10 ** 4             # 1 万元 = 10 000 元: the factor of a 上年数 typed in 元


def _reasons() -> dict[str, tuple[str, tuple[tuple[str, tuple[str, ...]], ...]]]:
    """情况说明 “…增减原因” → (the figure it explains, its bases: (name in the message, figure
    names added up), the first present used), from the section declarations: a clause used when
    a 上年数 exists compares with 上年; 机关运行经费 with its 年初预算, else 上年."""
    out = {}
    for section in SECTIONS:
        for label, condition in section.clauses:
            if not label.endswith("增减原因"):
                continue
            if condition and condition.startswith("上年:"):
                figure, budget = condition.split(":", 1)[1], ()
            elif label[:-4] in section.figures:
                figure = label[:-4]
                budget = (("年初预算数", (BUDGET_OF[figure],)),) if figure in BUDGET_OF else ()
            else:
                continue
            labels = PRIOR_OF.get(figure, ())
            prior = ((("上年", tuple(f"上年{l}" for l in labels)),) if figure in PRIOR_SUMMED
                     else tuple(("上年", (f"上年{l}",)) for l in labels))
            out[label] = (figure, budget + prior)
    return out


REASONS = _reasons()
_NOT = r"(?<!未)(?<!没有)(?<!不)(?<!无)"
UP = re.compile(_NOT + r"(?:增加|增长|上升|提高|增多|上涨|增支|扩大)")
DOWN = re.compile(_NOT + r"(?:减少|下降|压减|节约|降低|缩减|减支|压缩|下调|缩小|节省)")


def _factor(this: Decimal, last: Decimal) -> int | None:
    """10^k when this/last (or its inverse) is within 10^(k ± 0.1) for some k ≥ 1."""
    ratio = this / last if this >= last else last / this
    exponent = ratio.log10()
    return next((10 ** k for k in range(1, 13) if abs(exponent - k) <= POWER_SLACK), None)


@rule("PLB-1", "上年数：相差约 10000 倍（万元与元混用，错误）；相差约 10 倍、100 倍……或变动超过 ±50%（警告，请确认）",
      "prior-unit-mix", "prior-decimal-slip", "prior-change-large")
def prior_changes(d, figures):
    """上年数的每个项目与本年同名数字比较：相差约 10000 倍时是按元填写了万元数字（错误，报告中的增减将是错误的
    数字）；相差约 10 的其他整数次幂倍（如少写一位、小数点错位）时警告可能小数点有误；否则变动超过 ±50% 时警告
    请确认。上年数为 0 或负数时不比较。"""
    for label, amount in d.prior.items():
        this = figures.get(label)
        last = amount.value
        if this is None or last <= ZERO or negligible(last) or this < ZERO:
            continue
        quoted = label.replace("“", "‘").replace("”", "’")  # quotes inside the message's “…”
        if this > ZERO and (factor := _factor(this, last)):
            yield F.make("prior-unit-mix" if factor == YUAN_FACTOR else "prior-decimal-slip", amount.ref,
                         expected=this, actual=last, label=quoted, factor=factor)
        elif abs(this - last) > CHANGE_LIMIT * last:
            yield F.make("prior-change-large", amount.ref, expected=this, actual=last, label=quoted,
                         direction="增长" if this > last else "下降",
                         pct=fmt_pct(abs(this - last) * HUNDRED / last))


def _sum(figures, names) -> Decimal | None:
    values = [figures[n] for n in names if n in figures]
    return sum(values, ZERO) if values else None


def _cell(d, name: str):
    """The cell of a 上年数 or 补充数据 figure (None for a table figure)."""
    if name.startswith("上年") and name[2:] in d.prior:
        return d.prior[name[2:]].ref
    amount = d.supplement.get(name)
    return amount.ref if amount is not None else None


def _direction(this: Decimal, last: Decimal) -> str:
    return "持平" if negligible(this - last) else ("增加" if this > last else "减少")


@rule("PLB-2", "情况说明：增减原因中的“增加”“减少”等词与数字的增减方向一致（警告）", "reason-direction")
def reason_directions(d, figures):
    """“…增减原因”只写增加类词（增加、增长、上升、提高）而数字实际减少，或只写减少类词（减少、下降、压减、节约）
    而数字实际增加时警告；两类词都有、没有这类词或数字持平时不判断。比较对象：上年数（机关运行经费为年初预算数，
    没有时为上年数）。"""
    for label, (name, bases) in REASONS.items():
        text = d.explanations.get(label)
        this = figures.get(name)
        if text is None or this is None:
            continue
        up, down = UP.findall(text.value), DOWN.findall(text.value)
        if bool(up) == bool(down):
            continue
        base = next(((what, value, base_names) for what, base_names in bases
                     if (value := _sum(figures, base_names)) is not None), None)
        if base is None:
            continue
        direction = _direction(this, base[1])
        if direction == "持平" or (direction == "增加") == bool(up):
            continue
        # The figures' own cells follow the clause's (so an unreadable one silences the warning).
        cells = [_cell(d, n) for n in (name, *base[2])]
        yield F.make("reason-direction", [text.ref, *cells], label=label,
                     words="、".join(dict.fromkeys(up or down)),
                     name=name, this=this, last=base[1], base=base[0], direction=direction)
