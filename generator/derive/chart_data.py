"""The data of Part 3's charts, from the same figures as its sentences (no drawing here).

Each chart is a template tag (``CHART_TAGS``) whose value is a ``Chart`` or None (nothing to show:
every amount zero, or a structure of fewer than two non-zero parts); ``render.charts`` draws a ``Chart`` as a native Word chart. Amounts are the
figures rounded as the report writes them (``money.display``), so a chart never shows a number
the text does not.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Mapping

from ..model import Disclosure
from ..money import ZERO, display
from ..schema import THREE_COSTS
from .sections import BUDGET_OF, PRIOR_OF

PIE, BAR, COLUMNS = "pie", "bar", "columns"


@dataclass(frozen=True)
class Chart:
    """One chart: ``kind`` (PIE, BAR: horizontal bars, COLUMNS: clustered columns), its title,
    the category labels and one or more named series of 万元 amounts (one per category)."""

    kind: str
    title: str
    categories: tuple[str, ...]
    series: tuple[tuple[str, tuple[Decimal, ...]], ...]


INCOME_PARTS = ("财政拨款收入", "上级补助收入", "事业收入", "经营收入", "附属单位上缴收入", "其他收入")
SPENDING_PARTS = ("基本支出", "项目支出", "上缴上级支出", "经营支出", "对附属单位补助支出")
# The “三公” items as §七（一） lists them (budget figure: ``sections.BUDGET_OF``)
THREE_ITEMS = tuple(cost.figure for cost in THREE_COSTS if cost.item)
# The totals §一, §四 and §五（一） compare with last year (上年数 labels: ``sections.PRIOR_OF``)
PRIOR_TOTALS = ("收支总计", "财政拨款收支总计", "一般公共预算财政拨款支出")

CHART_TAGS = ("图_收入结构", "图_支出结构", "图_财政拨款支出", "图_三公经费", "图_上年对比")


def _shares(kind: str, title: str, parts, unit: str) -> Chart | None:
    """A structure chart of the non-zero parts; None unless there are two (one part is the whole:
    a single-slice pie or a lone bar shows nothing the sentence does not)."""
    kept = [(name, display(value)) for name, value in parts if display(value) != ZERO]
    if len(kept) < 2:
        return None
    if any(v < ZERO for _, v in kept):  # a negative part has no slice: bars show it honestly
        kind = BAR
    return Chart(kind, title, tuple(n for n, _ in kept), ((unit, tuple(v for _, v in kept)),))


def general_budget_word(figures: Mapping[str, Decimal]) -> str:
    """What §五 calls 05 合计: ``财政拨款支出`` when it is all of the unit's 财政拨款支出 (no 政府性基金,
    no 国有资本经营: the published wording of such units), else ``一般公共预算财政拨款支出``."""
    whole, general = figures.get("财政拨款支出"), figures.get("一般公共预算财政拨款支出")
    same = whole is None or general is None or display(whole) == display(general)
    return "财政拨款支出" if same else "一般公共预算财政拨款支出"


def chart_context(d: Disclosure, figures: Mapping[str, Decimal]) -> dict[str, Chart | None]:
    """Every chart tag of Part 3 → its ``Chart`` (None when it has nothing to show)."""
    def fig(name: str) -> Decimal:
        return figures.get(name, ZERO)

    year = d.year
    out: dict[str, Chart | None] = {
        "图_收入结构": _shares(PIE, f"{year}年度收入结构（万元）",
                           ((n, fig(n)) for n in INCOME_PARTS), "收入"),
        "图_支出结构": _shares(PIE, f"{year}年度支出结构（万元）",
                           ((n, fig(n)) for n in SPENDING_PARTS), "支出"),
        "图_财政拨款支出": _shares(BAR, f"{year}年度财政拨款支出（按支出功能分类科目“类”，万元）",
                             ((r.name, r.get("合计")) for r in d.t05.of_level("类")) if d.t05 else (),
                             "财政拨款支出"),
    }
    items = [(name, display(fig(BUDGET_OF[name])), display(fig(name))) for name in THREE_ITEMS]
    items = [item for item in items if item[1] != ZERO or item[2] != ZERO]
    out["图_三公经费"] = Chart(
        COLUMNS, f"{year}年度“三公”经费预算与决算（万元）", tuple(i[0] for i in items),
        (("预算数", tuple(i[1] for i in items)), ("决算数", tuple(i[2] for i in items)))) if items else None
    totals = []
    for name in PRIOR_TOTALS:
        prior = next((d.prior[p].value for p in PRIOR_OF[name] if p in d.prior), None)
        if prior is not None and (display(prior) != ZERO or display(fig(name)) != ZERO):
            totals.append((general_budget_word(figures) if name == "一般公共预算财政拨款支出" else name,
                           display(prior), display(fig(name))))
    last = str(int(year) - 1) if year.isdigit() else "上"
    out["图_上年对比"] = Chart(
        COLUMNS, f"{year}年度与上年对比（万元）", tuple(t[0] for t in totals),
        ((f"{last}年度", tuple(t[1] for t in totals)), (f"{year}年度", tuple(t[2] for t in totals)))
    ) if totals else None
    return out
