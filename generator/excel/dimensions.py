"""openpyxl's read-only sheets, without parsing each sheet once more for its ``<dimension>``.

A read-only worksheet learns its size when it is created (``ReadOnlyWorksheet._get_size``): it
iter-parses the sheet until the ``<dimension>`` element, and since the parser is fed 16 KB at a
time, a small sheet (all of ours) is parsed whole, only to be parsed again when its rows are read
(~5 ms a workbook of 15 sheets). The size matters: rows and columns beyond it are not read.

``QuickSizeWorksheet`` reads the same ``ref`` from the sheet's first bytes when they have the
plain form Excel, WPS and openpyxl write (an XML declaration or none, a root ``<worksheet>`` whose
default namespace is SpreadsheetML's, no comment, CDATA or other default namespace before
``<sheetData``, exactly one ``<dimension ref="A1:F36"/>`` there) and gives it to openpyxl's own
``range_boundaries``, as ``SheetDimension.boundaries`` does; any other sheet is sized by
openpyxl's ``_get_size`` itself. ``install`` makes openpyxl's reader create these (same class
otherwise, same behaviour; idempotent).
"""
from __future__ import annotations

import re

from openpyxl.reader import excel
from openpyxl.utils.cell import range_boundaries
from openpyxl.worksheet._read_only import ReadOnlyWorksheet

_HEAD_BYTES = 64 * 1024
_MAIN = b"http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_ROOT = re.compile(rb'(?:<\?xml [^<>]*\?>\s*)?<worksheet xmlns="' + re.escape(_MAIN) + rb'"[\s>/]')
_DIMENSION = re.compile(rb'<dimension ref="([A-Z]{1,3}[0-9]{1,7}(?::[A-Z]{1,3}[0-9]{1,7})?)"\s*/>')


def quick_dimensions(head: bytes) -> tuple[int, int, int, int] | None:
    """``(min_col, min_row, max_col, max_row)`` of the sheet whose XML starts with ``head``, when
    its beginning has the plain form (module docstring); None when openpyxl must decide."""
    root = _ROOT.match(head)
    data_at = head.find(b"<sheetData")
    if root is None or data_at < 0:
        return None
    before = head[root.end():data_at]
    if b"<!--" in before or b"<![CDATA[" in before or b'xmlns="' in before or before.count(b"dimension") != 1:
        return None
    found = _DIMENSION.findall(before)
    if len(found) != 1:
        return None
    return range_boundaries(found[0].decode("ascii"))


class QuickSizeWorksheet(ReadOnlyWorksheet):
    """openpyxl's read-only worksheet, sized from its first bytes when they allow (module docstring)."""

    def _get_size(self):
        with self._get_source() as src:
            head = src.read(_HEAD_BYTES)
        dimensions = quick_dimensions(head)
        if dimensions is None:
            super()._get_size()
        else:
            self._min_column, self._min_row, self._max_column, self._max_row = dimensions


def install() -> None:
    """openpyxl's reader creates ``QuickSizeWorksheet`` for read-only workbooks."""
    excel.ReadOnlyWorksheet = QuickSizeWorksheet
