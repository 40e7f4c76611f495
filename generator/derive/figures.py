"""Named figures: every amount of the report under its canonical Chinese name.

Named figures: every amount of the report under its canonical Chinese name (spec/report.md,
"Figure names"), computed from the model without rounding.

The names serve the ``{…}`` references in free text, the template context and the audit's free-text
checks. ``lookup`` folds quotes and spaces, so ``{三公经费合计}`` finds ``“三公”经费合计``.
"""
from __future__ import annotations

import re
from dataclasses import fields, is_dataclass, replace
from decimal import Decimal
from types import MappingProxyType
from typing import Collection, Iterable, Mapping

from ..schema import PRIOR_LABELS, SUPPLEMENT, SUPPLEMENT_MONEY, THREE_COSTS, fold
from ..model import Amount, Disclosure, Ref
from ..money import ZERO

REFERENCE = re.compile(r"\{([^{}]{1,40})\}")
_NOT_IN_NAME = re.compile(r"[\"'“”‘’（）()\s]")

# Figures computed from the nine tables (the 补充数据 labels and 上年数 follow in ``FIGURE_NAMES``).
_T01 = ("本年收入合计", "使用非财政拨款结余", "年初结转和结余", "收入总计", "本年支出合计", "结余分配",
        "年末结转和结余", "支出总计", "一般公共预算财政拨款收入", "政府性基金预算财政拨款收入",
        "国有资本经营预算财政拨款收入", "上级补助收入", "事业收入", "经营收入", "附属单位上缴收入",
        "其他收入")
TABLE_FIGURES = _T01 + (
    "收支总计", "财政拨款收入", "基本支出", "项目支出", "上缴上级支出", "经营支出", "对附属单位补助支出",
    "财政拨款收支总计", "财政拨款本年支出合计", "年初财政拨款结转和结余", "年末财政拨款结转和结余",
    "财政拨款支出", "一般公共预算财政拨款支出", "财政拨款基本支出", "财政拨款项目支出", "年初预算合计",
    "人员经费", "公用经费",
    *(name for cost in THREE_COSTS for name in (cost.figure, cost.budget)),
    "政府性基金年初结转和结余", "政府性基金本年收入", "政府性基金本年支出", "政府性基金基本支出",
    "政府性基金项目支出", "政府性基金年末结转和结余",
    "国有资本经营预算财政拨款支出", "国有资本经营基本支出", "国有资本经营项目支出",
)
# Every name ``named_figures`` can return (which of them it returns depends on the workbook).
FIGURE_NAMES = TABLE_FIGURES + tuple(
    label for label in SUPPLEMENT.numeric if label not in TABLE_FIGURES) + tuple(
    f"上年{label}" for label in PRIOR_LABELS)


def template_name(label: str) -> str:
    """A figure or 情况说明 label as a template name (a Jinja identifier): quotes, brackets and
    spaces dropped, e.g. ``“三公”经费合计`` → ``三公经费合计``, ``因公出国（境）费`` → ``因公出国境费``."""
    return _NOT_IN_NAME.sub("", label)



def _key(name: str) -> str:
    return re.sub(r"[\"'“”‘’\s]", "", fold(name))


class Figures(dict):
    """Named figures by name, without those that cannot be known: ``unknown`` names the figures
    built from a cell that could not be read (absent here, never taken as 0)."""

    def __init__(self, values: Mapping[str, Decimal] = MappingProxyType({}),
                 unknown: Iterable[str] = ()):
        super().__init__(values)
        self.unknown = frozenset(unknown)


def known_figures(d: Disclosure, unreadable: Collection[Ref] = ()) -> Figures:
    """``named_figures`` without the figures that depend on an ``unreadable`` cell: those whose
    value changes when the unreadable cells take other values (each cell a different one)."""
    figures = named_figures(d)
    if not unreadable:
        return Figures(figures)
    probe = {ref: Decimal(7919 * (n + 1)) + Decimal("0.37") for n, ref in enumerate(sorted(unreadable, key=str))}
    moved = named_figures(_with_amounts(d, probe))
    unknown = {name for name, value in figures.items() if moved.get(name) != value}
    return Figures({k: v for k, v in figures.items() if k not in unknown}, unknown)


def _with_amounts(obj, change: Mapping[Ref, Decimal]):
    """A copy of a model object whose amounts at the cells of ``change`` take the given values."""
    if isinstance(obj, Amount):
        return Amount(change[obj.ref], obj.ref) if obj.ref in change else obj
    if is_dataclass(obj) and not isinstance(obj, type):
        return replace(obj, **{f.name: _with_amounts(getattr(obj, f.name), change) for f in fields(obj) if f.init})
    if isinstance(obj, Mapping):
        return MappingProxyType({k: _with_amounts(v, change) for k, v in obj.items()})
    if isinstance(obj, tuple):
        return tuple(_with_amounts(v, change) for v in obj)
    return obj


def named_figures(d: Disclosure) -> dict[str, Decimal]:
    """All figures of the report by canonical name (万元 unless the name is a count)."""
    f: dict[str, Decimal] = {}
    if d.t01:
        for key in _T01:
            f[key] = d.t01.get(key)
        f["收支总计"] = d.t01.get("收入总计")
        f["财政拨款收入"] = (f["一般公共预算财政拨款收入"] + f["政府性基金预算财政拨款收入"]
                        + f["国有资本经营预算财政拨款收入"])
    if d.t03:
        for key in ("基本支出", "项目支出", "上缴上级支出", "经营支出", "对附属单位补助支出"):
            f[key] = d.t03.total_of(key)
    if d.t04:
        f["财政拨款收支总计"] = d.t04.get("收入总计")
        f["财政拨款本年支出合计"] = d.t04.get("本年支出合计", "合计")
        # 财政拨款支出: all three kinds (04 本年支出合计); 05 合计 is 一般公共预算财政拨款支出 (issue 21)
        f["财政拨款支出"] = f["财政拨款本年支出合计"]
        f["年初财政拨款结转和结余"] = d.t04.get("年初财政拨款结转和结余")
        f["年末财政拨款结转和结余"] = d.t04.get("年末财政拨款结转和结余", "合计")
    if d.t05:
        f["一般公共预算财政拨款支出"] = d.t05.total_of("合计")
        f["财政拨款基本支出"] = d.t05.total_of("基本支出")
        f["财政拨款项目支出"] = d.t05.total_of("项目支出")
    f["年初预算合计"] = sum((b.budget.value for b in d.budgets), ZERO)
    if d.t06:
        f["人员经费"] = d.t06.group_total("人员经费")
        f["公用经费"] = d.t06.group_total("公用经费")
    if d.t07:
        for cost in THREE_COSTS:
            f[cost.figure] = _value(d.t07.actual, cost.key)
            f[cost.budget] = _value(d.t07.budget, cost.key)
    if d.t08:
        f["政府性基金年初结转和结余"] = d.t08.total_of("年初结转和结余")
        f["政府性基金本年收入"] = d.t08.total_of("本年收入")
        f["政府性基金本年支出"] = d.t08.total_of("本年支出")
        f["政府性基金基本支出"] = d.t08.total_of("基本支出")
        f["政府性基金项目支出"] = d.t08.total_of("项目支出")
        f["政府性基金年末结转和结余"] = d.t08.total_of("年末结转和结余")
    if d.t09:
        f["国有资本经营预算财政拨款支出"] = d.t09.total_of("合计")
        f["国有资本经营基本支出"] = d.t09.total_of("基本支出")
        f["国有资本经营项目支出"] = d.t09.total_of("项目支出")
    for label, amount in d.supplement.items():
        f.setdefault(label, amount.value)
    for label, amount in d.prior.items():
        f[f"上年{label}"] = amount.value
    return f


def _value(amounts, key: str) -> Decimal:
    return amounts[key].value if key in amounts else ZERO


COUNTS = frozenset(label for label in SUPPLEMENT.numeric if label not in SUPPLEMENT_MONEY)


def is_money(name: str) -> bool:
    """Whether a figure is an amount in 万元; the counts are the 补充数据 labels that are not money
    (项目数, 团组数, 人次, 批次, 辆, 台套)."""
    return name not in COUNTS


def lookup(figures: Mapping[str, Decimal], name: str) -> tuple[str, Decimal] | None:
    """(canonical name, value) for a reference name, folding quotes and spaces."""
    wanted = _key(name)
    for canonical, value in figures.items():
        if _key(canonical) == wanted:
            return canonical, value
    return None


# -- prose names ---------------------------------------------------------------------------------
# Other names a figure goes by in prose (besides its canonical name and that name's quote
# variants): the free-text amount check matches every one of them.
ALIASES: dict[str, tuple[str, ...]] = {
    "“三公”经费合计": ("“三公”经费", "“三公”经费支出", "“三公”经费决算"),
    "人员经费": ("人员经费合计", "人员经费支出"),
    "公用经费": ("公用经费合计", "公用经费支出", "日常公用经费"),
    # the 三公 lines whose 07 column is named otherwise (公务用车运行费 …)
    **{cost.figure: (cost.key,) for cost in THREE_COSTS if cost.key not in (cost.figure, "合计")},
}
_QUOTES = (("“", "”"), ('"', '"'), ("‘", "’"), ("'", "'"), ("「", "」"), ("", ""))


def _quote_variants(name: str) -> set[str]:
    """``“三公”经费`` in every quote style a writer uses, and without quotes."""
    m = re.search(r"[“\"‘'「]([^”\"’'」]+)[”\"’'」]", name)
    if not m:
        return {name}
    return {name[:m.start()] + f"{o}{m.group(1)}{c}" + name[m.end():] for o, c in _QUOTES}


def prose_names(figures: Mapping[str, Decimal]) -> dict[str, str]:
    """Every name a money figure goes by in prose → its canonical name: the canonical name, its
    declared ``ALIASES``, each in every quote style. A name of two figures keeps the first."""
    names: dict[str, str] = {}
    for canonical in figures:
        if not is_money(canonical):
            continue
        for name in (canonical, *ALIASES.get(canonical, ())):
            for variant in _quote_variants(name):
                names.setdefault(variant, canonical)
    return names
