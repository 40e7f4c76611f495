"""Culprit first: the smallest set of cells whose change repairs several failing identities.

Each comparison the rules made is a linear relation over cells (``identities.Identity``). Failing
identities that share cells form a group; for a group of two or more, the search tries every
single cell common to all of them, then (bounded) pairs of cells, for a change that repairs every
failing identity of the group and breaks no identity that held. Groups left unexplained that an
identity which held joins (one slip copied into two columns of a row) get a pair search together.
A unique smallest answer is reported first as ``probable-cause`` (with the repairing value), and
the group's findings name it as their cause. No unique answer, no claim.
"""
from __future__ import annotations

from decimal import Decimal
from itertools import combinations
from typing import Iterable

from .. import findings as F
from ..findings import Finding, Severity
from ..model import Ref
from .identities import Identity, over_inputs
from .rule import search

MAX_PAIR_CELLS = 30  # the pair search looks at the first 30 cells of a group (≤ 435 pairs)


@search("CAUSE", "多个错误指向同一单元格时，先报告最可能填错的单元格及改正后的数值", "probable-cause")
def blame(identities: list[Identity], fixed: frozenset[Ref] = frozenset()
          ) -> tuple[list[Finding], dict[int, tuple[Ref, ...]]]:
    """几个表内、表间等式同时不成立时，找出改动后能让它们全部成立、又不破坏其他成立等式的最少单元格（先试单个
    单元格，再试两个），答案唯一时作为第一个错误报告（附改正后的数值），相关错误注明“可能由该单元格引起”。
    只在填写的单元格中查找：含公式的单元格不是填错的地方。

    ``fixed`` are the cells holding a formula: never a candidate (they follow their inputs).
    Returns (the probable-cause findings, id of each explained finding → its cause cells)."""
    identities = over_inputs(identities, fixed)
    failing = [i for i in identities if i.finding is not None and i.finding.severity is Severity.ERROR]
    containing: dict[Ref, list[Identity]] = {}
    for identity in identities:
        for ref in identity.cells:
            containing.setdefault(ref, []).append(identity)
    causes: list[Finding] = []
    caused: dict[int, tuple[Ref, ...]] = {}

    def explain(group: list[Identity], repair: dict[Ref, Decimal]) -> None:
        codes = "、".join(dict.fromkeys(F.CATALOGUE[i.finding.code].title for i in group))
        for ref, new in repair.items():
            causes.append(F.make("probable-cause", ref, rule="CAUSE", expected=new,
                                 actual=group_value(group, ref), count=len(group), codes=codes))
        for identity in group:
            caused[id(identity.finding)] = tuple(repair)

    unexplained: list[list[Identity]] = []
    for group in _groups(failing):
        repair = (_single(group, containing, fixed) or _pair(group, containing, fixed)) if len(group) > 1 else None
        if repair:
            explain(group, repair)
        else:
            unexplained.append(group)
    # Groups joined only through an identity that held (a row 小计 = 基本 + 项目 over two columns
    # whose subtotals both fail) may share one pair of wrong cells.
    held = [i for i in identities if i.finding is None or i.finding.severity is not Severity.ERROR]
    for joined in _joined(unexplained, held):
        group = [i for g in joined for i in g]
        repair = _pair(group, containing, fixed) if len(joined) > 1 else None
        if repair:
            explain(group, repair)
    return causes, caused


def _joined(groups: list[list[Identity]], held: list[Identity]) -> list[list[list[Identity]]]:
    """The groups joined when one identity that held touches cells of both."""
    where = {ref: n for n, g in enumerate(groups) for i in g for ref in i.cells}
    parent = list(range(len(groups)))

    def root(n: int) -> int:
        while parent[n] != n:
            n = parent[n]
        return n

    for identity in held:
        touched = {root(where[r]) for r in identity.cells if r in where}
        first = min(touched, default=None)
        for n in touched:
            parent[n] = first
    joined: dict[int, list[list[Identity]]] = {}
    for n, g in enumerate(groups):
        joined.setdefault(root(n), []).append(g)
    return list(joined.values())


def group_value(group: Iterable[Identity], ref: Ref) -> Decimal:
    """The value of cell ``ref`` as the identities of ``group`` read it."""
    return next(i.cells[ref][1] for i in group if ref in i.cells)


def _groups(failing: list[Identity]) -> list[list[Identity]]:
    """Failing identities joined when they share a cell (connected components), in order."""
    parent = list(range(len(failing)))

    def root(n: int) -> int:
        while parent[n] != n:
            parent[n] = parent[parent[n]]
            n = parent[n]
        return n

    owner: dict[Ref, int] = {}
    for n, identity in enumerate(failing):
        for ref in identity.cells:
            if ref in owner:
                parent[root(n)] = root(owner[ref])
            else:
                owner[ref] = n
    groups: dict[int, list[Identity]] = {}
    for n, identity in enumerate(failing):
        groups.setdefault(root(n), []).append(identity)
    return list(groups.values())


def _holds(identity: Identity, change: dict[Ref, Decimal]) -> bool:
    residual = identity.residual + sum((identity.coefficient(r) * d for r, d in change.items()),
                                       Decimal(0))
    return identity.holds_with(residual)


def _consistent(change: dict[Ref, Decimal], containing: dict[Ref, list[Identity]]) -> bool:
    """Every identity touching a changed cell holds after the change (repaired or kept)."""
    return all(_holds(i, change) for ref in change for i in containing.get(ref, ()))


def _steps(identities: Iterable[Identity], ref: Ref) -> list[Decimal]:
    """The change of ``ref`` that zeroes each identity alone (tightest tolerance first)."""
    out: list[Decimal] = []
    for i in sorted(identities, key=lambda i: i.tolerance):
        step = -i.residual / i.coefficient(ref)
        if step not in out:
            out.append(step)
    return out


def _cells(group: list[Identity], fixed: frozenset[Ref]) -> list[Ref]:
    """The cells of the group's identities that could be wrong: the inputs (no formula cell)."""
    return [ref for ref in dict.fromkeys(ref for i in group for ref in i.cells) if ref not in fixed]


def _single(group: list[Identity], containing, fixed: frozenset[Ref]) -> dict[Ref, Decimal] | None:
    """The one cell common to every failing identity whose change repairs them all."""
    found: list[dict[Ref, Decimal]] = []
    for ref in _cells(group, fixed):
        if not all(ref in i.cells for i in group):
            continue
        for step in _steps(group, ref):
            if step and _consistent({ref: step}, containing):
                found.append({ref: step})
                break
    return _new_values(found[0], group) if len(found) == 1 else None


def _pair(group: list[Identity], containing, fixed: frozenset[Ref]) -> dict[Ref, Decimal] | None:
    """The one pair of cells whose change repairs every failing identity of the group (each pair
    solved from two of its identities, then checked against all identities touching it)."""
    found: list[dict[Ref, Decimal]] = []
    tightest = sorted(group, key=lambda i: i.tolerance)  # solve from the exact identities first
    for a, b in combinations(_cells(group, fixed)[:MAX_PAIR_CELLS], 2):
        if not all(a in i.cells or b in i.cells for i in group):
            continue
        hit = next((change for i, j in combinations(tightest[:8], 2)
                    if (change := _solve(i, j, a, b)) and _consistent(change, containing)), None)
        if hit:
            found.append(hit)
            if len(found) > 1:
                return None
    return _new_values(found[0], group) if len(found) == 1 else None


def _solve(i: Identity, j: Identity, a: Ref, b: Ref) -> dict[Ref, Decimal] | None:
    """The changes of ``a`` and ``b`` that zero identities ``i`` and ``j`` (both cells changed)."""
    ai, bi, aj, bj = i.coefficient(a), i.coefficient(b), j.coefficient(a), j.coefficient(b)
    det = ai * bj - bi * aj
    if not det:
        return None
    step_a = (-i.residual * bj + j.residual * bi) / det
    step_b = (-j.residual * ai + i.residual * aj) / det
    return {a: step_a, b: step_b} if step_a and step_b else None


def _new_values(change: dict[Ref, Decimal], group: list[Identity]) -> dict[Ref, Decimal]:
    return {ref: group_value(group, ref) + step for ref, step in change.items()}
