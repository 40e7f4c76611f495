"""The identities the audit compared, as linear relations over cells, for the culprit search.

The identities the audit compared, as linear relations over cells (Σ coefficient × cell = 0),
collected while the rules run so that the culprit search can reason over all of them.

``common.compare`` records every comparison it makes (passing or not) into the collector that
``collecting()`` opened; outside such a block nothing is recorded. A sum with an unknown part
(``common.compare_parts``) is no identity and is never recorded: an unknown cell is not 0.
"""
from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from decimal import Decimal
from typing import Iterator, Sequence

from ..findings import Finding
from ..model import Amount, Ref


@dataclass(frozen=True)
class Identity:
    """``Σ coef × cell`` should be 0 within ``tolerance``; it is ``residual`` now.

    ``cells`` maps each cell to (coefficient, current value); ``finding`` is what the rule
    reported for it (None when it held, or the 提示 for a 尾差).
    """

    cells: dict[Ref, tuple[Decimal, Decimal]]
    residual: Decimal
    tolerance: Decimal
    finding: Finding | None

    def coefficient(self, ref: Ref) -> Decimal:
        return self.cells[ref][0] if ref in self.cells else Decimal(0)


_COLLECTOR: ContextVar[list[Identity] | None] = ContextVar("identities", default=None)


@contextmanager
def collecting() -> Iterator[list[Identity]]:
    """Collect the identities compared inside the block."""
    bucket: list[Identity] = []
    token = _COLLECTOR.set(bucket)
    try:
        yield bucket
    finally:
        _COLLECTOR.reset(token)


def record(stated: Amount | None, parts: Sequence[Amount | None], signs: Sequence[int] | None,
           residual: Decimal, tolerance: Decimal, finding: Finding | None) -> None:
    """Record ``stated − Σ sign × part`` (= ``residual``) when a collector is open."""
    bucket = _COLLECTOR.get()
    if bucket is None:
        return
    cells: dict[Ref, tuple[Decimal, Decimal]] = {}

    def add(amount: Amount | None, coef: int) -> None:
        if amount is None or amount.ref is None:
            return
        old = cells.get(amount.ref, (Decimal(0), amount.value))[0]
        cells[amount.ref] = (old + coef, amount.value)

    add(stated, 1)
    for n, part in enumerate(parts):
        add(part, -(signs[n] if signs else 1))
    bucket.append(Identity({r: c for r, c in cells.items() if c[0]}, residual, tolerance, finding))
