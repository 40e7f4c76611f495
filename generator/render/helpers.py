"""The wording rules of the report as Jinja filters and helpers.

The wording rules of the report as Jinja filters and helpers: the only place that turns
figures into words (增加/减少/持平, 增长/下降, 完成率, 占比, 大于/小于). Numbers are rounded only by
``money`` (two decimals, ROUND_HALF_UP, on the amounts a reader sees).

In the template (``templates/``), for a figure ``x`` (``derive.Figure``: value, 上年, 预算):

* ``{{ x|万元 }}`` → ``1234.50`` (``0`` for exact zero); ``{{ n|数量 }}`` → ``40``; ``{{ r|百分比 }}``.
* ``{{ 变化(x) }}`` against 上年, ``{{ 变化(x, 基数, '年初预算数为0') }}`` against another figure:
  ``减少1.50万元，下降3.00%`` · ``增加2.00万元，增长10.00%`` · ``持平`` · zero base
  ``增加5.00万元（上年无此项支出）``. ``{{ 方向(x) }}`` → 增加 / 减少 / 持平.
* ``{{ 完成率(x) }}`` (against x.预算) or ``{{ 完成率(决算, 预算) }}`` → ``95.00%``, ``100%``;
  empty when the budget is 0. ``{{ 预算对比(x, 预算, '年初预算数') }}`` → ``决算数大于年初预算数`` /
  ``决算数小于…`` / ``决算数与…持平``.
* ``{{ 占比(部分, 整体) }}`` → ``12.50%``; empty when the whole is 0 (no share of nothing is printed).
* ``{{ 非零(x, y) }}`` → true when any of the figures is not 0 as printed (two decimals): whether a
  kind the unit may not have is printed (``{% if '车辆' in 列示零值 or 非零(车辆总数) %}``).
  ``{{ 车辆分类|去零('数量') }}`` → the items whose 数量 is not 0 (this year or 上年).
* ``{{ 原因(说明) }}`` → a reason clause that reads as one: ``主要原因是`` put before a clause that
  does not begin as a cause (``严格控制接待标准`` → ``主要原因是严格控制接待标准``; ``减少的主要原因是…``,
  ``主要是因为…``, ``由于…`` kept); ``{{ 原因(说明, '原因是') }}`` with another lead.
"""
from __future__ import annotations

import re
from decimal import Decimal

from ..derive.values import Change, Completion, Figure, amount, share
from ..money import fmt_amount, fmt_count, fmt_pct

_GIVEN_BY_FIGURE = object()  # the comparison base is the figure's own 上年 / 预算


def wan_yuan(value) -> str:
    """万元 amount: ``1234.50``, ``0`` for zero (and for a figure the workbook does not have)."""
    return fmt_amount(amount(value))


def count(value) -> str:
    """A count (团组, 人次, 辆): ``40``."""
    return fmt_count(amount(value))


def percent(value) -> str:
    """A percentage already ×100: ``38.00%``, ``0%``, ``100%``."""
    return fmt_pct(amount(value))


def _base(value, base, attribute: str) -> Decimal | None:
    if base is _GIVEN_BY_FIGURE:
        base = getattr(value, attribute) if isinstance(value, Figure) else None
    return None if base is None else amount(base)


def change(value, base=_GIVEN_BY_FIGURE, zero_base: str = "上年无此项支出") -> str:
    """Δ against 上年 (or ``base``): 增加…，增长P% · 减少…，下降P% · 持平 · 增加…（zero_base）.
    Empty when there is nothing to compare with."""
    previous = _base(value, base, "prior")
    if previous is None:
        return ""
    c = Change(amount(value), previous)
    if c.direction == "持平":
        return "持平"
    text = f"{c.direction}{fmt_amount(abs(c.diff))}万元"
    if c.rate is None:
        return f"{text}（{zero_base}）"
    return f"{text}，{'增长' if c.direction == '增加' else '下降'}{fmt_pct(c.rate)}"


def direction(value, base=_GIVEN_BY_FIGURE) -> str:
    """增加 / 减少 / 持平 against 上年 (or ``base``); empty when there is nothing to compare with."""
    previous = _base(value, base, "prior")
    return "" if previous is None else Change(amount(value), previous).direction


def completion(value, budget=_GIVEN_BY_FIGURE) -> str:
    """决算/预算 as ``95.00%``; empty when the budget is 0 or missing."""
    planned = _base(value, budget, "budget")
    if planned is None:
        return ""
    rate = Completion(amount(value), planned).rate
    return "" if rate is None else fmt_pct(rate)


def against_budget(value, budget=_GIVEN_BY_FIGURE, budget_word: str = "预算数") -> str:
    """决算数大于预算数 / 决算数小于预算数 / 决算数与预算数持平."""
    planned = _base(value, budget, "budget")
    word = Completion(amount(value), planned if planned is not None else amount(None)).comparison
    return f"决算数与{budget_word}持平" if word == "持平" else f"决算数{word}{budget_word}"


def share_of(part, whole) -> str:
    """part of whole as ``12.50%``; empty when the whole is 0 (0 of 0 included)."""
    rate = share(amount(part), amount(whole))
    return "" if rate is None else fmt_pct(rate)


def nonzero(*values) -> bool:
    """Whether any of ``values`` (figures, amounts, lists of them) is not 0 as printed; a figure
    the workbook does not have is 0."""
    return any(nonzero(*v) if isinstance(v, (list, tuple)) else wan_yuan(v) != "0" for v in values)


def without_zeros(items, attribute: str) -> list:
    """The items (dicts) whose ``attribute`` is not 0 as printed, this year or 上年 (a kind the unit
    had last year is still compared): ``{{ 车辆分类|去零('数量') }}``."""
    def kept(item) -> bool:
        value = item[attribute]
        return nonzero(value, value.prior if isinstance(value, Figure) else None)
    return [item for item in items if kept(item)]


# A clause that already states a cause: 原因/由于/因为 in its first phrase, or opening with 主要是,
# 系, 因, 受, 是 (主要是因为…, 系…所致, 因…, 受…影响, 是…).
CAUSE_OPENING = re.compile(r"^(?:[^，,；;：:。]*?(?:原因|由于|因为)|主要(?:是|系|由于|因为|用于)|系|因|受|是)")
REASON_LEAD = "主要原因是"


def reason(clause, lead: str = REASON_LEAD) -> str:
    """A 情况说明 clause joined so the sentence reads: ``lead`` before a clause that does not begin
    as a cause; '' for no clause."""
    text = str(clause or "").strip()
    if not text or CAUSE_OPENING.match(text):
        return text
    return f"{lead}{text}"


FILTERS = {"万元": wan_yuan, "数量": count, "百分比": percent, "去零": without_zeros}
HELPERS = {"变化": change, "方向": direction, "完成率": completion, "预算对比": against_budget,
           "占比": share_of, "原因": reason, "非零": nonzero}
