"""Model + derived figures → the template context: figures and facts, no sentences.

What the template receives (all names are listed by ``context_names``, independent of the
workbook):

* every figure of ``figures.FIGURE_NAMES`` under its template name (``figures.template_name``),
  as a ``derive.Figure`` carrying its 上年数 and 预算数 (``sections.PRIOR_OF``/``BUDGET_OF``);
  a 补充数据 or 上年数 figure the workbook does not have is None;
* every 情况说明 clause under its template name: the verbatim text with ``{名称}`` references
  resolved and its final punctuation removed ('' when missing); the ``PARAGRAPH_CLAUSES`` as
  lists of paragraphs;
* facts for lists and conditions (ranked 三公 items, the 05 项 rows with budget and reason, the
  财政拨款 kinds that are non-zero, whether tables 08/09 have content, …);
* the nine tables ``表01`` … ``表09`` (``tables.DisplayTable``; the renderer draws each where
  its tag stands).

The wording is in the template and ``render/helpers.py``.
"""
from __future__ import annotations

import re
from decimal import Decimal
from typing import Mapping, Sequence

from .chart_data import chart_context, general_budget_word
from .values import Figure
from .figures import FIGURE_NAMES, REFERENCE, TABLE_FIGURES, is_money, lookup, named_figures, template_name
from ..model import Disclosure
from ..profiles.parsed import ZERO_KINDS
from ..money import ZERO, display, fmt_amount, fmt_count
from ..schema import (CHINESE_NUMERALS, CLASS_DIGITS, EXPLANATION_LABELS, FISCAL_KINDS, LARGE_EQUIPMENT, SUBCLASS_DIGITS,
                     SUPPLEMENT, THREE_COSTS, VEHICLE_KINDS)
from .sections import BUDGET_OF, PARAGRAPH_CLAUSES, PRIOR_OF, PRIOR_SUMMED
from .display import build_table_rows, members_table

_TRAILING = "。；;，,：: \n"
# A 年初预算 reason that already compares 决算 with 预算 (the sentence then does not repeat it).
_COMPARES = re.compile(r"大于|小于|持平|等于|按预算执行")
_FISCAL_KINDS = tuple(f"{kind}收入" for kind in FISCAL_KINDS)  # 01's income lines
# 国有资产 vehicle categories; the first and the 离退休 one are left out when 0 (rarely held).
_OPTIONAL_VEHICLES = ("副部（省）级及以上领导用车", "离退休干部用车")
# The three 三公 items in their standard order: (name in the ranking, figure).
_THREE_COST_ITEMS = tuple((cost.ranked, cost.figure) for cost in THREE_COSTS if cost.item)
ZERO_LISTED = frozenset(ZERO_KINDS)  # without a profile: every kind's zeros listed (湖南)
TABLE_KEYS = tuple(f"表{n:02d}" for n in range(1, 10))


def clause(text: str | None) -> str:
    """A verbatim clause without its final punctuation (the template supplies it)."""
    return (text or "").strip().rstrip(_TRAILING).strip()


def paragraphs(text: str | None) -> list[str]:
    """A multi-line cell as paragraphs (each line one paragraph, blank lines dropped)."""
    return [line.strip() for line in (text or "").split("\n") if line.strip()]


def _finish(text: str) -> str:
    """A paragraph ends with a full stop unless it already ends with punctuation."""
    text = text.strip()
    return text if not text or text[-1] in "。！？；：”）)" else text + "。"


# A heading that already carries its number: 一、 （一） (一) 1、 1. 第一部分 …
_NUMBERED = re.compile(r"^\s*(?:[一二三四五六七八九十百]+\s*[、．.]|[（(]\s*[一二三四五六七八九十百\d]+\s*[）)]"
                       r"|\d+\s*[、．.）)]|第[一二三四五六七八九十百\d]+)")


def _numeral(n: int) -> str:
    return CHINESE_NUMERALS[n - 1] if n <= len(CHINESE_NUMERALS) else str(n)


def numbered_appendix(items: list[tuple[str, str]]) -> list[dict]:
    """The appendix's (层级, 文本) rows for the template, headings numbered as the 填表说明 says:
    level 1 一、二、…, level 2 （一）（二）… within its level-1 section, unless the text already
    starts with a number. Every heading counts, numbered or not, so a mix stays in sequence."""
    out, first, second = [], 0, 0
    for level, text in items:
        if level == "标题":
            first = second = 0
        elif level == "1":
            first, second = first + 1, 0
            text = text if _NUMBERED.match(text) else f"{_numeral(first)}、{text}"
        elif level == "2":
            second += 1
            text = text if _NUMBERED.match(text) else f"（{_numeral(second)}）{text}"
        out.append({"层级": level, "文本": text})
    return out


class Builder:
    """The context of one report, from the model and its named figures."""

    def __init__(self, d: Disclosure, figures: Mapping[str, Decimal] | None = None, profile=None):
        self.d = d
        self.f = dict(figures if figures is not None else named_figures(d))
        self.profile = profile

    def resolve(self, text: str) -> str:
        """Replace ``{名称}`` references with the figure as the report writes it."""
        def sub(m: re.Match) -> str:
            hit = lookup(self.f, m.group(1))
            if hit is None:
                return m.group(0)  # the audit reports unknown names as errors before rendering
            name, value = hit
            return fmt_amount(value) if is_money(name) else fmt_count(value)
        return REFERENCE.sub(sub, text)

    def prior(self, name: str) -> Decimal | None:
        labels = [label for label in PRIOR_OF.get(name, ()) if label in self.d.prior]
        if not labels:
            return None
        if name in PRIOR_SUMMED:
            return sum((self.d.prior[label].value for label in labels), ZERO)
        return self.d.prior[labels[0]].value

    def figure(self, name: str) -> Figure | None:
        if name not in self.f and name not in TABLE_FIGURES:
            return None  # a 补充数据 / 上年数 figure the workbook does not have
        budget_name = BUDGET_OF.get(name)
        budget = self.f.get(budget_name) if budget_name else None
        if budget is None and budget_name in TABLE_FIGURES:
            budget = ZERO
        return Figure(self.f.get(name, ZERO), self.prior(name), budget, is_money(name))

    def row(self, name: str, value: Decimal) -> dict:
        return {"名称": name, "金额": Figure(value)}

    def figures(self) -> dict:
        return {template_name(name): self.figure(name) for name in FIGURE_NAMES}

    def clauses(self) -> dict:
        out: dict = {}
        for label in EXPLANATION_LABELS:
            text = self.d.explanations.get(label)
            value = self.resolve(text.value) if text else ""
            out[template_name(label)] = ([_finish(p) for p in paragraphs(value)]
                                         if label in PARAGRAPH_CLAUSES else clause(value))
        return out

    def unit(self) -> dict:
        def texts(label: str) -> list[str]:
            text = self.d.unit.get(label)
            return [self.resolve(p) for p in paragraphs(text.value if text else "")]
        return {"部门职责": texts("部门职责"), "内设机构设置": texts("内设机构设置"),
                "决算单位构成": texts("决算单位构成")}

    def budget_items(self, fund: bool = False) -> list[dict]:
        """Per 项 of table 05 (``fund``: of table 08, with 政府性基金年初预算) with 决算 or 年初预算:
        names of its 类/款/项, budget, actual, reason, use."""
        table = self.d.t08 if fund else self.d.t05
        if table is None:
            return []
        notes = {b.code: b for b in (self.d.fund_budgets if fund else self.d.budgets)}
        names = {r.code: r.name for r in table.rows}
        out = []
        for row in table.of_level("项"):
            actual = row.get("本年支出" if fund else "合计")
            line = notes.get(row.code)
            budget = line.budget.value if line else ZERO
            if display(actual) == ZERO and display(budget) == ZERO:
                continue
            note = clause(self.resolve(line.note.value)) if line and line.note else ""
            use = clause(self.resolve(line.use.value)) if line and line.use else ""
            out.append({"序号": len(out) + 1, "类": names.get(row.code[:CLASS_DIGITS], ""),
                        "款": names.get(row.code[:SUBCLASS_DIGITS], ""), "项": row.name,
                        "年初预算": Figure(budget), "决算": Figure(actual, budget=budget),
                        "说明": note, "说明含比较": bool(_COMPARES.search(note)), "主要用途": use})
        return out

    def basic_items(self, group: str) -> list[str]:
        """Names of the non-zero 款-level items of a 06 group (人员经费 / 公用经费), in code order
        (the 经济分类 order, whatever order the sheet lists them in)."""
        names: list[str] = []
        if self.d.t06:
            for item in sorted(self.d.t06.group_items(group), key=lambda i: i.code):
                if len(item.code) == SUBCLASS_DIGITS and display(item.amount.value) != ZERO and item.name not in names:
                    names.append(item.name)
        return names

    def facts(self) -> dict:
        d = self.d
        fig = lambda name: self.f.get(name, ZERO)  # noqa: E731
        sup = lambda label: d.supplement[label].value if label in d.supplement else None  # noqa: E731
        ranked = sorted(((fig(name), i, title) for i, (title, name) in enumerate(_THREE_COST_ITEMS)),
                        key=lambda t: (-display(t[0]), t[1]))
        evaluated = d.supplement_text.get("部门评价项目名称")
        return {
            "支出合计": Figure(d.t03.total_of("本年支出合计") if d.t03 else fig("本年支出合计")),
            "财政拨款种类": [self.row(n, fig(n)) for n in _FISCAL_KINDS if display(fig(n)) != ZERO],
            "一般公共预算支出名称": general_budget_word(self.f),
            "财政拨款支出功能分类": [self.row(r.name, r.get("合计"))
                               for r in (d.t05.of_level("类") if d.t05 else ())],
            "项目明细": self.budget_items(),
            "人员经费科目": self.basic_items("人员经费"),
            "公用经费科目": self.basic_items("公用经费"),
            "三公经费构成": [self.row(title, value) for value, _, title in ranked],
            "有政府性基金": bool(d.t08 is not None and not d.t08.is_empty),
            "政府性基金项目明细": self.budget_items(fund=True),
            "政府性基金支出功能分类": [self.row(r.name, r.get("本年支出"))
                                for r in (d.t08.of_level("类") if d.t08 else ())],
            "有国有资本经营": bool(d.t09 is not None and not d.t09.is_empty),
            # 十一: the two 一般性支出 items the workbook has (节庆… is its own figure)
            "会议费和培训费": [{"名称": label, "金额": self.figure(label)} for label in ("会议费", "培训费")
                         if sup(label) is not None],
            # 十三: the large-equipment counts the workbook has
            "大型设备": [{"名称": label, "数量": Figure(sup(label), money=False)} for label in LARGE_EQUIPMENT
                     if sup(label) is not None],
            "车辆分类": [{"名称": label, "数量": Figure(sup(label), money=False)} for label in VEHICLE_KINDS
                      if sup(label) is not None and not (label in _OPTIONAL_VEHICLES and sup(label) == ZERO)],
            # 上海 2024+: every vehicle category (zeros included, as 上海 prints them)
            "车辆分类全部": [{"名称": label, "数量": Figure(sup(label), money=False)} for label in VEHICLE_KINDS
                        if sup(label) is not None],
            "部门评价项目名称": clause(evaluated.value) if evaluated else "",
            # 第一部分 二: the 部门's member units (单位构成 sheet), 本级 first
            "单位构成": [{"序号": n, "单位名称": m.name.value.strip(),
                      "备注": m.note.value.strip() if m.note else ""} for n, m in enumerate(d.members, 1)],
        }

    def build(self, tables: bool = True) -> dict:
        """The context; without ``tables``, none of the tables (表01 … 表09, 表单位构成), which are
        drawn from the nine tables and 单位构成 alone."""
        d = self.d
        context = {"单位名称": d.unit_name, "年度": d.year}
        context.update(self.unit())
        context.update(self.figures())
        context.update(self.clauses())
        context.update(self.facts())
        context["名词解释"] = [{"名词": clause(term.value), "解释": _finish(self.resolve(text.value))}
                           for term, text in d.glossary]
        context["附件"] = numbered_appendix([(item.level, self.resolve(item.text.value).strip())
                                           for item in d.appendix if item.text.value.strip()])
        order = None if self.profile is None else [(t.key, t.title, t.label, t.empty_note)
                                                   for t in self.profile.tables]
        # the kinds whose zeros the profile lists ('车辆' in 列示零值); a kind not listed that the unit
        # does not have gets one none-statement (profiles.ZERO_KINDS)
        context["列示零值"] = ZERO_LISTED if self.profile is None else self.profile.list_zero
        if tables:
            context.update((f"表{t.key}", t) for t in build_table_rows(d, order))
            context["表单位构成"] = members_table(d)  # 第一部分 二 (a 部门's units), None without 单位构成
        context.update(chart_context(d, self.f))  # 图_… tags (charts.py)
        return context


def build_context(d: Disclosure, figures: Mapping[str, Decimal] | None = None, profile=None) -> dict:
    """The complete template context for one report; ``profile`` (``profiles.Profile``) sets the
    tables' order, titles and labels (default: the workbook's order, the 2021 titles)."""
    return Builder(d, figures, profile).build()


def _empty(**fields) -> Disclosure:
    return Disclosure(source="", unit={}, t01=None, t02=None, t03=None, t04=None, t05=None,
                      t06=None, t07=None, t08=None, t09=None, **fields)


def context_names() -> set[str]:
    """Every top-level name of the context (they do not depend on the workbook's content)."""
    empty = _empty()
    return set(build_context(empty, named_figures(empty)))


def names_fed_by(labels: Sequence[str]) -> dict[str, set[str]]:
    """For each 补充数据 row of ``labels``: the context names whose value changes when the row is
    left out of a workbook where every row is filled (so that a value shown only beside another
    counts) — what a template must use for the row to matter (``会议费`` → 会议费, 会议费和培训费;
    ``机关运行经费年初预算`` → ``机关运行经费.预算``: a name whose 预算数 alone changes is given so)."""
    from ..model import Amount, Text

    def shown(value) -> tuple[str, str]:  # a Figure by all it carries: (its value and 上年, its 预算)
        if isinstance(value, Figure):
            return repr((value.value, value.prior)), repr(value.budget)
        return repr(value), ""

    def context(rows) -> dict:
        d = _empty(supplement={x: Amount(Decimal(1)) for x in rows},
                   supplement_text={x: Text("一") for x in rows})
        # without the tables: they are drawn from the nine tables and 单位构成, never from 补充数据
        # (built 64 times, they were most of the cost of a build's check)
        return {k: shown(v) for k, v in Builder(d, named_figures(d)).build(tables=False).items()}

    def fed(name: str, with_row: tuple[str, str], without: tuple[str, str] | None) -> str | None:
        if without is None or without[0] != with_row[0]:
            return name
        return f"{name}.预算" if without[1] != with_row[1] else None

    full = context(SUPPLEMENT.labels)
    out = {}
    for label in labels:
        without = context([x for x in SUPPLEMENT.labels if x != label])
        out[label] = {n for k, v in full.items() if (n := fed(k, v, without.get(k)))}
    return out
