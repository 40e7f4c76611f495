"""Shared comparisons of the audit rules: a stated amount against the sum of its parts.

The tolerance rule (``money.tolerance``): a sum over *n* items of a 万元 table may differ from its
stated total by at most 0.01 × n. Within that band the difference is a 尾差 and reported as
``rounding-difference`` (提示); beyond it the rule's own code (错误). A difference below half a
cent (e.g. from a table kept in 元) is no difference at all. Every comparison is also recorded as
an ``identities.Identity``, which the rule yields (the finding it carries, if any, inside) so
that the registry can hand it to the culprit search.

Unknown parts (the unknown-part rule of ``compare_parts``): a part that is ``None`` is unknown — a
line or cell the layout leaves out by design (04's 年初 kind rows, the kinds of a 年末 row that
shows only 合计), never 0. A sum whose parts are all unknown is not checked. A sum with some parts
unknown cannot be checked for equality; it is checked only as a bound — the unknown parts are
taken to be ≥ 0, so the known parts (signed) may not exceed the stated total beyond the
tolerance (``parts-exceed-total``). The bound is applied only when the stated total and every
known part are ≥ 0 and the unknown parts all carry the same sign (otherwise nothing can be
said). Neither kind is recorded as an identity, so the culprit search never treats an unknown
cell as 0.
"""
from __future__ import annotations

from decimal import Decimal
from typing import Iterable, Sequence

from .. import findings as F
from ..findings import Finding
from ..model import Amount, Ref
from ..money import ZERO, negligible, tolerance
from .identities import Identity, identity

Compared = Identity | Finding | None  # what a comparison gives a rule to yield


def total(amounts: Iterable[Amount | None]) -> Decimal:
    """Σ of the known amounts (for display; the audit's sums go through ``compare_parts``)."""
    return sum((a.value for a in amounts if a is not None), ZERO)


def n_rounded(parts: Iterable[Amount | None]) -> int:
    """How many rounded terms a sum has: the parts that hold an amount (a blank or 0 part adds no
    rounding; a class with 26 rows of which 4 hold amounts allows 0.04, not 0.26) and the unknown
    ones (None: they may hold one), at least 1."""
    return max(sum(1 for p in parts if p is None or p.value), 1)


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
            **fields: object) -> Identity:
    """The identity ``stated`` = ``expected`` with a finding when ``stated`` differs from ``expected`` (the sum of ``n_items`` parts).

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
        the ``Identity`` compared; its ``finding`` is None when equal, ``rounding-difference``
        within tolerance, else ``code``.
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
    return identity(stated, terms, signs, diff, allowed, finding)


def compare_sum(code: str, stated: Amount | None, items: Sequence[Amount | None], /,
                **fields: object) -> Compared:
    """``compare`` of a stated total with the sum of ``items``: their count sets the tolerance and
    their cells follow the stated one (``fields`` fill the message, ``parts`` among them). An
    item that is ``None`` is unknown (see ``compare_parts``)."""
    return compare_parts(code, stated, items, **fields)


def compare_parts(code: str, stated: Amount | None, parts: Sequence[Amount | None], /, *,
                  signs: Sequence[int] | None = None, n_items: int | None = None,
                  exact: bool = False, **fields: object) -> Compared:
    """``stated`` against Σ sign × part, where a part that is ``None`` is unknown, not 0.

    All parts known: ``compare`` (tolerance from ``n_items``, default the parts holding an
    amount), its identity returned. All
    unknown: not checked. Some unknown: the bound of the module docstring — a
    ``parts-exceed-total`` finding when the known parts already exceed the stated total.
    """
    signs = tuple(signs) if signs else (1,) * len(parts)
    n = n_items if n_items is not None else n_rounded(parts)
    known = [(p, s) for p, s in zip(parts, signs) if p is not None]
    expected = sum((s * p.value for p, s in known), ZERO)
    if len(known) == len(parts):
        return compare(code, stated, expected, n, terms=parts, signs=signs, exact=exact, **fields)
    if not known or stated is None:
        return None
    unknown_signs = {s for p, s in zip(parts, signs) if p is None}
    if stated.value < 0 or any(p.value < 0 for p, _ in known) or len(unknown_signs) != 1:
        return None
    # The unknown parts add up to (stated − known) × their sign, which must be ≥ 0.
    excess = (expected - stated.value) * unknown_signs.pop()
    allowed = tolerance(0) if exact else tolerance(n)
    if excess <= allowed or negligible(excess):
        return None
    fields.setdefault("formula", "")
    return F.make("parts-exceed-total", refs_of(stated, [p for p, _ in known]),
                  expected=expected, actual=stated.value, unknown=len(parts) - len(known),
                  **fields)
