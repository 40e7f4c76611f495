"""Shared comparisons of the audit rules: a stated amount against the sum of its parts.

The tolerance rule (``money.tolerance``): a sum over *n* items of a 万元 table may differ from its
stated total by at most 0.01 × n. Within that band the difference is a 尾差 and reported as
``rounding-difference`` (提示); beyond it the rule's own code (错误). A difference below half a
cent (e.g. from a table kept in 元) is no difference at all. Every comparison is also recorded as
an ``identities.Identity`` for the culprit search.
"""
from __future__ import annotations

from decimal import Decimal
from typing import Iterable, Sequence

from .. import findings as F
from ..findings import Finding
from ..model import Amount, Ref
from ..money import ZERO, negligible, tolerance
from .identities import record


def total(amounts: Iterable[Amount | None]) -> Decimal:
    """Σ of the amounts (absent amounts count as 0)."""
    return sum((a.value for a in amounts if a is not None), ZERO)


def n_rounded(parts: Iterable[Amount | None]) -> int:
    """How many rounded parts a sum has: every part, zeros included (a part shown as 0.00 may hide
    up to 0.005 万元), at least 1."""
    return max(sum(1 for _ in parts), 1)


def refs_of(*groups: Amount | Ref | None | Iterable[Amount | Ref | None]) -> tuple[Ref, ...]:
    """The cells of amounts (or refs), in order, without blanks or repeats."""
    out: list[Ref] = []

    def add(item) -> None:
        ref = item.ref if isinstance(item, Amount) else item
        if isinstance(ref, Ref) and ref not in out:
            out.append(ref)

    for group in groups:
        if isinstance(group, (Amount, Ref)) or group is None:
            add(group)
        else:
            for item in group:
                add(item)
    return tuple(out)


def compare(code: str, stated: Amount | None, expected: Decimal, n_items: int, *,
            refs: Sequence[Ref] = (), terms: Sequence[Amount | None] = (),
            signs: Sequence[int] | None = None, exact: bool = False,
            **fields: object) -> Finding | None:
    """A finding when ``stated`` differs from ``expected`` (the sum of ``n_items`` parts).

    Args:
        code: the finding code used beyond the tolerance (e.g. ``sum-mismatch``).
        stated: the stated total (its cell is the first location).
        expected: the value it should have.
        n_items: number of rounded parts in ``expected`` (sets the tolerance 0.01 × n).
        refs: further cells involved (the parts), listed after the stated cell.
        terms: the amounts ``expected`` was computed from (their cells become ``refs`` when none
            are given); with ``signs`` (±1 each, default +1) they make the recorded identity.
        exact: counts (vehicles) allow no difference at all.
        fields: values for the message template (``what``, ``formula`` …).
    Returns:
        None when equal; ``rounding-difference`` within tolerance; else ``code``.
    """
    actual = stated.value if stated is not None else ZERO
    diff = actual - expected
    allowed = tolerance(0) if exact else tolerance(n_items)
    finding = None
    if not negligible(diff) or (exact and diff):
        cells = refs_of(stated, refs or refs_of(terms))
        if not exact and abs(diff) <= allowed:
            fields.setdefault("formula", "")
            finding = F.make("rounding-difference", cells, expected=expected, actual=actual,
                             n=n_items, tolerance=format(allowed, "f"), **fields)
        else:
            finding = F.make(code, cells, expected=expected, actual=actual, **fields)
    record(stated, terms, signs, diff, allowed, finding)
    return finding


def compare_sum(code: str, stated: Amount | None, items: Sequence[Amount | None], /,
                **fields: object) -> Finding | None:
    """``compare`` of a stated total with the sum of ``items``: their count sets the tolerance and
    their cells follow the stated one (``fields`` fill the message, ``parts`` among them)."""
    return compare(code, stated, total(items), n_rounded(items), terms=items, **fields)
