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


FULLWIDTH = re.compile("[０-９．]")
# What Excel and WPS store as the value of a formula that failed (#VALUE!, #REF! …).
FORMULA_ERROR = re.compile(r"^#(?:VALUE!|REF!|DIV/0!|NAME\?|N/A|NUM!|NULL!|错误)$")


@dataclass
class ReadContext:
    """The grids being read, the findings met so far and the layouts understood.

    ``unreadable`` are the money cells that could not be read (text, a formula without a value
    or with an error value, out of range): their amounts are unknown, each reported once.
    ``computed`` are the money cells holding a formula (computed, never typed). Formula cells
    without a value, and formula cells whose value is an error, are reported once per sheet
    (``finish``): one cause, one finding.
    """

    grids: list[Grid]
    findings: list[Finding] = field(default_factory=list)
    layouts: list = field(default_factory=list)
    unreadable: set[Ref] = field(default_factory=set)
    computed: set[Ref] = field(default_factory=set)
    _per_sheet: dict[tuple[str, str], list[tuple[Ref, str]]] = field(default_factory=dict)
    _at: dict[tuple[str, str], int] = field(default_factory=dict)

    def add(self, code: str, refs=(), /, **fields) -> None:
        self.findings.append(F.make(code, refs, **fields))

    @staticmethod
    def ref(grid: Grid, row: int, col: int) -> Ref:
        return Ref(grid.name, Grid.coordinate(row, col))

    def _once_per_sheet(self, code: str, ref: Ref, detail: str) -> Amount:
        """An unknown amount gathered into the one finding ``code`` of its sheet (``finish``)."""
        key = (code, ref.sheet)
        self._at.setdefault(key, len(self.findings))
        self._per_sheet.setdefault(key, []).append((ref, detail))
        self.unreadable.add(ref)
        return Amount(ZERO, ref)

    def amount(self, grid: Grid, row: int, col: int, scale: Decimal) -> Amount:
        """A money cell as 万元, with findings for text and for formulas without a value."""
        ref = self.ref(grid, row, col)
        if (row, col) in grid.computed or (row, col) in grid.formulas:
            self.computed.add(ref)
        if (row, col) in grid.formulas:
            return self._once_per_sheet("formula-no-value", ref, grid.formulas[(row, col)])
        raw = grid.raw(row, col)
        if ref in self.computed and isinstance(raw, str) and FORMULA_ERROR.match(raw.strip()):
            return self._once_per_sheet("formula-error", ref, raw.strip())
        try:
            value = parse_amount(raw)
        except NotANumber:
            self.add("not-a-number", ref, value=text(raw))
            self.unreadable.add(ref)
            return Amount(ZERO, ref)
        if abs(value) >= MAX_AMOUNT * scale:
            # Beyond this, sums and rounding exceed Decimal's 28 significant digits.
            self.add("amount-out-of-range", ref, value=text(raw)[:40])
            self.unreadable.add(ref)
            return Amount(ZERO, ref)
        if isinstance(raw, str) and FULLWIDTH.search(raw):
            self.add("fullwidth-digits", ref, value=text(raw), number=format(value, "f"))
        return Amount(value / scale if scale != 1 else value, ref)

    def finish(self) -> None:
        """Add the per-sheet findings (``formula-no-value``, ``formula-error``) where each sheet's
        first such cell was met: the count, the first and last cell, one example."""
        # A formula's error value on a sheet with text in a money cell comes from that text:
        # the one error at that cell says it (the formula cells stay unknown).
        texts = {f.refs[0].sheet for f in self.findings if f.code == "not-a-number" and f.refs}
        placed = 0  # findings inserted so far (the later positions move by as many)
        for (code, sheet), cells in self._per_sheet.items():  # in the order first met
            if code == "formula-error" and sheet in texts:
                continue
            first, last = cells[0][0], cells[-1][0]
            span = first.cell if len(cells) == 1 else f"{first.cell} 至 {last.cell}"
            refs = (first,) if len(cells) == 1 else (first, last)
            self.findings.insert(self._at[(code, sheet)] + placed, F.make(
                code, refs, sheet=sheet, count=len(cells), span=span, example=cells[0][1]))
            placed += 1
        self._per_sheet.clear()

    def blank(self, grid: Grid, row: int, col: int) -> bool:
        """An empty cell (no value, no formula)."""
        return text(grid.raw(row, col)) == "" and (row, col) not in grid.formulas
