"""The one list of audit rules (``REGISTRY``, in the order they run) and ``run_audit``.

A rule takes part only by being listed here; modules define rules (``@rule``) but register nothing.
``run_audit`` runs them, drops what only repeats an unreadable cell (no cascades) and puts the
probable cause of several failing identities first (``culprit``).
"""
from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from typing import Collection, Iterable, Mapping

from ..findings import Finding
from ..model import Disclosure, Ref
from . import (carried, completeness, cross, culprit, empty_sections, plausibility, supplementary, text,
               within, wording)

from .identities import Identity, finding_of
from .rule import Rule, Search

RULES: tuple[Rule, ...] = (
    # 表内 (tables)
    within.t01_income, within.t01_income_total, within.t01_expense, within.t01_expense_total,
    within.t01_balanced, within.t04_income, within.t04_expense, within.t04_balanced,
    within.row_totals, within.subtotals, within.totals, within.t08_carryover,
    within.t06_totals, within.t06_classes, within.t07_total, within.t07_cars,
    # 表间 (cross)
    cross.income_02_vs_01, cross.expense_03_vs_01, cross.grants_04_vs_05_08_09,
    cross.grants_04_vs_01, cross.basic_06_vs_05, cross.reception_07_vs_06, cross.items_05_within_03,
    # 补充数据 (supplementary)
    supplementary.budget_codes_in_table_05, supplementary.fund_budget_codes_in_table_08,
    supplementary.prior_not_negative,
    supplementary.procurement, supplementary.vehicles, supplementary.evaluation_money,
    supplementary.prior_labels, supplementary.supplement_labels, supplementary.explanation_clauses,
    supplementary.reserved_procurement, supplementary.whole_counts, supplementary.performance_counts,
    # 合理性 (plausibility against 上年数, words against figures)
    plausibility.prior_changes, plausibility.reason_directions,
    # 完整性 (completeness)
    completeness.tables_not_all_empty, empty_sections.empty_sections,
    # 文字 (free text)
    text.unknown_references, text.written_amounts, text.placeholders, text.control_characters,
    wording.doubled_words, wording.halfwidth_punctuation, wording.wrong_years,
    # 上年结转 (texts carried from last year)
    carried.carried_texts_reviewed,
)
# 定位 (culprit first): searches over the identities the rules above yielded, run after them.
SEARCHES: tuple[Search, ...] = (culprit.blame,)


def _checked(rules: tuple[Rule | Search, ...]) -> tuple[Rule | Search, ...]:
    """The rules, refusing a repeated id."""
    seen: set[str] = set()
    for r in rules:
        if r.id in seen:
            raise ValueError(f"duplicate rule id {r.id}")
        seen.add(r.id)
    return rules


REGISTRY: tuple[Rule | Search, ...] = _checked(RULES + SEARCHES)

def run_audit(d: Disclosure, figures: Mapping[str, Decimal], *,
              only: Iterable[str] | None = None,
              unreadable: Collection[Ref] = (), computed: Collection[Ref] = (),
              supplement_rows: Collection[str] | None = None,
              explanation_rows: Collection[str] | None = None) -> list[Finding]:
    """All findings of the rules (all of them, or the ids in ``only``), the probable causes first.

    ``supplement_rows`` are the 补充数据 rows the report's profile prints (``pipeline.supplement_rows``),
    handed to the rules that take them (SUP-7 asks for exactly these; without them it asks for none).
    ``explanation_rows`` are its 情况说明 rows (``pipeline.explanation_rows``): SUP-8 asks only for
    these (without them, for every row of the form).

    ``unreadable`` are the cells the reader could not read (reported once by the reader): a
    comparison involving one of them is not reported again, nor handed to the culprit search.
    ``computed`` are the cells holding a formula: the search never names one (not an input).
    """
    wanted = set(only) if only is not None else None
    bad = set(unreadable)
    out: list[Finding] = []
    position: dict[int, int] = {}  # id of a finding as the rule made it → its index in ``out``
    identities: list[Identity] = []
    inputs = {"supplement_rows": None if supplement_rows is None else frozenset(supplement_rows),
              "explanation_rows": None if explanation_rows is None else frozenset(explanation_rows)}
    for r in RULES:
        if wanted is not None and r.id not in wanted:
            continue
        for result in r.results(d, figures, inputs):
            finding = finding_of(result)
            if isinstance(result, Identity) and not bad.intersection(result.cells):
                identities.append(result)
            if finding is None or bad and bad.intersection(finding.refs):
                continue
            position[id(finding)] = len(out)
            out.append(finding if finding.rule else replace(finding, rule=r.id))
    compared = [i for i in identities if i.finding is None or id(i.finding) in position]
    first: list[Finding] = []
    for s in SEARCHES:
        if wanted is not None and s.id not in wanted:
            continue
        causes, caused = s.check(compared, frozenset(computed))
        for original, refs in caused.items():
            n = position[original]
            out[n] = replace(out[n], causes=refs)
        first.extend(causes)
    return first + out
