"""The identities the audit compared, as linear relations over cells, for the culprit search.

Each comparison of ``common.compare`` over known parts is an ``Identity`` (Σ coefficient × cell = 0
within a tolerance), passing or not; the rule yields it (with the finding it carries, if any) and
the registry hands every identity the rules yielded to the culprit search. Nothing is collected
behind the rules' backs. A sum with an unknown part (``common.compare_parts``) is no identity: an
unknown cell is not 0.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Sequence

from ..findings import Finding
from ..model import Amount, Ref


@dataclass(frozen=True)
class Identity:
    """``Σ coef × cell`` should be 0 within ``tolerance``; it is ``residual`` now.

    ``cells`` maps each cell to (coefficient, current value); ``finding`` is what the rule
    reported for it (None when it held, or the 提示 for a 尾差). With ``bound`` it is an order
    (``Σ coef × cell ≤ 0``, e.g. a 05 项 ≤ the same 项 in 03): only a positive residual fails.
    """

    cells: dict[Ref, tuple[Decimal, Decimal]]
    residual: Decimal
    tolerance: Decimal
    finding: Finding | None
    bound: bool = False
    stated: Ref | None = None  # the stated total's cell (a formula cell's definition states it)

    def coefficient(self, ref: Ref) -> Decimal:
        return self.cells[ref][0] if ref in self.cells else Decimal(0)

    def holds_with(self, residual: Decimal) -> bool:
        """Whether the relation holds when its residual is ``residual``."""
        return residual <= self.tolerance if self.bound else abs(residual) <= self.tolerance


def identity(stated: Amount | None, parts: Sequence[Amount | None], signs: Sequence[int] | None,
             residual: Decimal, tolerance: Decimal, finding: Finding | None, *,
             bound: bool = False) -> Identity:
    """The identity ``stated − Σ sign × part`` (= ``residual``) over the cells of the amounts."""
    cells: dict[Ref, tuple[Decimal, Decimal]] = {}

    def add(amount: Amount | None, coef: int) -> None:
        if amount is None or amount.ref is None:
            return
        old = cells.get(amount.ref, (Decimal(0), amount.value))[0]
        cells[amount.ref] = (old + coef, amount.value)

    add(stated, 1)
    for n, part in enumerate(parts):
        add(part, -(signs[n] if signs else 1))
    return Identity({r: c for r, c in cells.items() if c[0]}, residual, tolerance, finding, bound,
                    stated.ref if stated is not None else None)


def over_inputs(identities: list[Identity], fixed: frozenset[Ref]) -> list[Identity]:
    """The identities with each formula cell of ``fixed`` replaced by what it computes.

    A formula cell follows its inputs, so a change of an input changes it too. Its definition is
    the first identity that holds and states it (the rules compare a row's total before its
    column sums, as the form's formulas are written); the definition is dropped, and every other
    identity holding the cell takes the definition's terms instead (repeatedly, for a total of
    totals). A formula cell without a definition stays as it is (the search never names it)."""
    definitions: dict[Ref, Identity] = {}
    for i in identities:
        if i.stated in fixed and i.stated not in definitions and i.holds_with(i.residual) and not i.bound:
            definitions[i.stated] = i
    chosen = {id(i) for i in definitions.values()}
    out = []
    for i in identities:
        if id(i) in chosen:
            continue
        for _ in range(64):  # each pass replaces one formula cell; totals of totals nest a few deep
            ref = next((r for r in i.cells if r in definitions and definitions[r] is not i), None)
            if ref is None:
                break
            i = _substitute(i, definitions[ref], ref)
        out.append(i)
    return out


def _substitute(i: Identity, definition: Identity, ref: Ref) -> Identity:
    """``i`` minus ``k`` × ``definition``, ``k`` chosen to cancel ``ref``."""
    k = i.coefficient(ref) / definition.coefficient(ref)
    cells = dict(i.cells)
    for r, (coef, value) in definition.cells.items():
        new = cells.get(r, (Decimal(0), value))[0] - k * coef
        if new:
            cells[r] = (new, value)
        else:
            cells.pop(r, None)
    return replace(i, cells=cells, residual=i.residual - k * definition.residual)


def finding_of(result: Identity | Finding | None) -> Finding | None:
    """The finding a rule's result carries (an identity's, or the finding itself)."""
    return result.finding if isinstance(result, Identity) else result
