"""Cell plumbing shared by the table readers: cell text, number tests, amounts with findings."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from .. import findings as F
from .. import schema
from ..findings import Finding
from ..model import Amount, Ref
from ..money import ZERO, NotANumber, parse_amount
from .grid import Grid

MAX_AMOUNT = Decimal(10) ** 12  # 万元 (10¹⁶ 元): larger amounts are refused as out of range


def text(value: object) -> str:
    """A cell's text, trimmed; whole floats without their ``.0``."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def numeric(value: object) -> bool:
    """A cell holding a number or a text number (a data cell rather than a header label)."""
    if value is None or isinstance(value, bool):
        return False
    if isinstance(value, (int, float, Decimal)):
        return True
    try:
        parse_amount(value)
    except NotANumber:
        return False
    return bool(re.search(r"\d", str(value)))


def integer(value: object) -> int | None:
    """The whole number a cell holds (1, 1.0, '1'), or None."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        m = re.fullmatch(r"\s*(\d{1,3})(?:\.0+)?\s*", value)
        return int(m.group(1)) if m else None
    return None


def is_note(folded: str) -> bool:
    """A footnote line (注：…, 说明：…)."""
    return folded.startswith(schema.NOTE_PREFIXES)


@dataclass
class ReadContext:
    """The grids being read, the findings met so far and the layouts understood."""

    grids: list[Grid]
    findings: list[Finding] = field(default_factory=list)
    layouts: list = field(default_factory=list)

    def add(self, code: str, refs=(), /, **fields) -> None:
        self.findings.append(F.make(code, refs, **fields))

    @staticmethod
    def ref(grid: Grid, row: int, col: int) -> Ref:
        return Ref(grid.name, Grid.coordinate(row, col))

    def amount(self, grid: Grid, row: int, col: int, scale: Decimal) -> Amount:
        """A money cell as 万元, with findings for text and for formulas without a value."""
        ref = self.ref(grid, row, col)
        if (row, col) in grid.formulas:
            self.add("formula-no-value", ref, formula=grid.formulas[(row, col)])
            return Amount(ZERO, ref)
        raw = grid.raw(row, col)
        try:
            value = parse_amount(raw)
        except NotANumber:
            self.add("not-a-number", ref, value=text(raw))
            return Amount(ZERO, ref)
        if abs(value) >= MAX_AMOUNT * scale:
            # Beyond this, sums and rounding exceed Decimal's 28 significant digits.
            self.add("amount-out-of-range", ref, value=text(raw)[:40])
            return Amount(ZERO, ref)
        return Amount(value / scale if scale != 1 else value, ref)

    def blank(self, grid: Grid, row: int, col: int) -> bool:
        """An empty cell (no value, no formula)."""
        return text(grid.raw(row, col)) == "" and (row, col) not in grid.formulas
