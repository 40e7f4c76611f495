"""The identities the audit compared, as linear relations over cells, for the culprit search.

Each comparison of ``common.compare`` over known parts is an ``Identity`` (Σ coefficient × cell = 0
within a tolerance), passing or not; the rule yields it (with the finding it carries, if any) and
the registry hands every identity the rules yielded to the culprit search. Nothing is collected
behind the rules' backs. A sum with an unknown part (``common.compare_parts``) is no identity: an
unknown cell is not 0.
"""
from __future__ import annotations

from dataclasses import dataclass
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
    return Identity({r: c for r, c in cells.items() if c[0]}, residual, tolerance, finding, bound)


def finding_of(result: Identity | Finding | None) -> Finding | None:
    """The finding a rule's result carries (an identity's, or the finding itself)."""
    return result.finding if isinstance(result, Identity) else result
