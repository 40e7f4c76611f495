"""Audit: refuse a workbook whose nine tables hold no amount at all.

Completeness: a workbook whose nine tables hold no amount at all has not been filled in
(typically a fresh ``juesuan init`` workbook); building a report from it would only produce a
report of zeros, so it is refused with one clear finding instead.
"""
from __future__ import annotations

from typing import Iterable

from .. import findings as F
from ..model import Amount, Disclosure
from ..money import ZERO
from .rule import rule


def _amounts(d: Disclosure) -> Iterable[Amount]:
    """Every amount the nine tables hold (stated totals included)."""
    for t in (d.t01, d.t04):
        if t is not None:
            for amounts in t.lines.values():
                yield from amounts.values()
            for _, amounts in t.classes:
                yield from amounts.values()
    for t in (d.t02, d.t03, d.t05, d.t08, d.t09):
        if t is not None:
            for row in ((t.total,) if t.total else ()) + t.rows:
                yield from row.values.values()
    if d.t06 is not None:
        yield from (i.amount for i in d.t06.items)
        yield from (a for a in (d.t06.personnel_total, d.t06.public_total) if a is not None)
    if d.t07 is not None:
        yield from d.t07.budget.values()
        yield from d.t07.actual.values()


@rule("CMP-1", "九张公开表不能全部为空（工作簿尚未填写）", "workbook-empty")
def tables_not_all_empty(d, figures):
    """公开01表～公开09表中至少有一个金额不为 0；全部为空或为 0 时报错（尚未填写的工作簿）。

    Tables that are missing altogether are reported by the reader (``table-missing``); this
    rule fires only when at least one table was found and none holds a non-zero amount.
    """
    tables = (d.t01, d.t02, d.t03, d.t04, d.t05, d.t06, d.t07, d.t08, d.t09)
    if all(t is None for t in tables):
        return
    if any(a.value != ZERO for a in _amounts(d)):
        return
    yield F.make("workbook-empty")
