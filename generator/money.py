"""Money and percentages: the one place where numbers are parsed, rounded and written.

Rules (spec/report.md, "Numbers and wording rules"):

* Decimal end to end; a float never enters a computation (``D`` converts through ``str``).
* 万元 are shown with two decimals, ROUND_HALF_UP (四舍五入); percentages likewise.
* Exact zero is written ``0``, an exact 100 % as ``100%``; everything else with two decimals.
* ``display`` is the only function in the package that rounds.
* Tolerance (``tolerance``, the one rule every audit comparison uses): a sum over *n* rounded items
  (the terms holding an amount: ``audit.common.n_rounded``) in a 万元 table may differ from its
  stated total by at most 0.01 × n; e.g. three 款 adding to
  100.01 under a stated 100.00 are within 0.03. With no rounded item (``n = 0``: a copied figure
  compared exactly, an order such as 小微 ≤ 中小) only a difference below half a cent is no
  difference (it comes from tables kept in 元).
"""
from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

ZERO = Decimal("0")
CENT = Decimal("0.01")
HUNDRED = Decimal("100")
TEN_THOUSAND = Decimal("10000")
# Just under half a cent: a difference of 0.005 or more shows once rounded to cents.
NOISE = Decimal("0.004999999999")

# Cells that mean "nothing here" in a money column: blank, dashes, slash.
_NIL = {"", "-", "—", "－", "--", "——", "/", "／", "－－"}
_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９．，－＋", "0123456789.,-+")
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")


class NotANumber(ValueError):
    """Raised by ``parse_amount`` for a cell that is neither a number nor a blank mark."""


def D(value: object) -> Decimal:
    """Decimal from an int, float, str or Decimal, never through binary floating point."""
    if isinstance(value, Decimal):
        return value
    if isinstance(value, bool):
        raise NotANumber(str(value))
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        # repr() gives the shortest string that round-trips: 12.3 -> "12.3".
        return Decimal(repr(value))
    try:
        return Decimal(str(value))
    except InvalidOperation as exc:
        raise NotANumber(str(value)) from exc


def parse_amount(value: object) -> Decimal:
    """Parse a money cell: numbers, text numbers (``1,234.56``, full-width digits, ``(12.3)``
    for a negative); blank, ``-``, ``—`` and ``/`` mean 0. Anything else raises NotANumber."""
    if value is None:
        return ZERO
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        result = D(value)
        if not result.is_finite():
            raise NotANumber(str(value))
        return result
    if not isinstance(value, str):
        raise NotANumber(str(value))
    text = value.translate(_FULLWIDTH_DIGITS).replace("\u3000", " ").strip()
    text = text.replace(" ", "")
    if text in _NIL:
        return ZERO
    negative = False
    if text.startswith("(") and text.endswith(")") or text.startswith("（") and text.endswith("）"):
        negative, text = True, text[1:-1]
    text = text.replace(",", "")
    if not _NUMBER.match(text):
        raise NotANumber(value)
    result = Decimal(text)
    return -result if negative else result


def display(value: Decimal) -> Decimal:
    """Round to two decimals, half up (四舍五入): the only rounding in the package."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def tolerance(n_items: int = 0) -> Decimal:
    """Largest accepted difference between a stated total and the sum of ``n_items`` rounded
    parts in a 万元 table: 0.01 万元 per part; ``n_items = 0`` gives the noise floor, just under
    half a cent (a difference of at least 0.005 is a real difference)."""
    if n_items <= 0:
        return NOISE
    return CENT * n_items


def negligible(difference: Decimal) -> bool:
    """A difference below half a cent: no difference at all (``tolerance(0)``)."""
    return abs(difference) <= tolerance(0)


def fmt_amount(value: Decimal) -> str:
    """万元 amount as the report writes it: ``1234.50``, ``33.00``, ``0`` for exact zero."""
    shown = display(value)
    if shown == ZERO:
        return "0"
    return f"{shown:.2f}"


def fmt_pct(value: Decimal) -> str:
    """A percentage (already ×100) as written: ``38.00%``, ``0%``, ``100%``, ``101.25%``."""
    shown = display(value)
    if shown == ZERO:
        return "0%"
    if shown == HUNDRED:
        return "100%"
    return f"{shown:.2f}%"


def fmt_count(value: Decimal) -> str:
    """A count (团组, 人次, 辆): an integer when whole, else as given."""
    if value == value.to_integral_value():
        return str(int(value))
    return format(value.normalize(), "f")


def ratio_pct(part: Decimal, whole: Decimal) -> Decimal | None:
    """part / whole × 100 from the two-decimal amounts a reader sees; None when whole is 0."""
    shown_whole = display(whole)
    if shown_whole == ZERO:
        return None
    return display(part) * HUNDRED / shown_whole
