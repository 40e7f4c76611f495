"""The sheet XML of an .xlsx package read directly, for what openpyxl's readers do not give.

Which zip member holds each sheet (``sheet_members``), the formula cells with their cached values
(``formula_cells``), and per sheet the formulas without a cached value and the merged ranges
(``scan_sheets``, for the grid reader). Plain zipfile, ElementTree and regular expressions.
"""
from __future__ import annotations

import re
import zipfile
from pathlib import Path, PurePosixPath
from xml.etree import ElementTree as ET

_NS = {
    "m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "rel": "http://schemas.openxmlformats.org/package/2006/relationships",
}
_CELL = re.compile(r"<(?:\w+:)?c\b([^>]*?)(?:/>|>(.*?)</(?:\w+:)?c>)", re.S)
_REF = re.compile(r'\br="([A-Z]+\d+)"')
_F = re.compile(r"<(?:\w+:)?f\b[^>]*?(?:/>|>(.*?)</(?:\w+:)?f>)", re.S)
_V = re.compile(r"<(?:\w+:)?v\b[^>]*>(.*?)</(?:\w+:)?v>", re.S)


_MERGE = re.compile(r'<(?:\w+:)?mergeCell\b[^>]*?\sref="([A-Z]+\d+(?::[A-Z]+\d+)?)"')


def scan_sheets(path: Path) -> dict[str, tuple[dict[str, str], list[str], set[str]]]:
    """One pass over each sheet's XML: ``{title: ({coord: formula}, [merged range refs],
    {coord of every formula cell})}``.

    Formula cells without a cached value: openpyxl's data_only mode reads them as empty, and a
    money cell must not silently become 0, so ``<c><f>…</f></c>`` without ``<v>`` is listed.
    Merged ranges (``<mergeCell ref="A1:F1"/>``) are read here because the read-only reader
    does not report them. Every formula cell is listed too: it is computed, not typed (the
    culprit search never names one).
    """
    out: dict[str, tuple[dict[str, str], list[str], set[str]]] = {}
    with zipfile.ZipFile(path) as zf:
        for title, member in sheet_members(zf).items():
            xml = zf.read(member).decode("utf-8", errors="replace")
            found: dict[str, str] = {}
            computed: set[str] = set()
            out[title] = (found, _MERGE.findall(xml), computed)
            for coord, formula, value, _ in formula_cells(xml):
                computed.add(coord)
                if value == "":
                    found[coord] = "=" + (formula or "（共享公式）")
    return out


def sheet_members(zf: zipfile.ZipFile) -> dict[str, str]:
    """``{sheet title: zip member of its XML}`` of an .xlsx package, in workbook order (sheets
    whose part is missing are left out)."""
    names = set(zf.namelist())
    if "xl/workbook.xml" not in names:
        return {}
    book = ET.fromstring(zf.read("xl/workbook.xml"))
    rels = {}
    if "xl/_rels/workbook.xml.rels" in names:
        for rel in ET.fromstring(zf.read("xl/_rels/workbook.xml.rels")):
            rels[rel.get("Id")] = rel.get("Target", "")
    out: dict[str, str] = {}
    for sheet in book.iter(f"{{{_NS['m']}}}sheet"):
        target = rels.get(sheet.get(f"{{{_NS['r']}}}id"), "")
        member = target.lstrip("/") if target.startswith("/") else str(PurePosixPath("xl") / target)
        if member in names:
            out[sheet.get("name")] = member
    return out


_TYPE = re.compile(r'\bt="(\w+)"')


def formula_cells(xml: str):
    """Each formula cell of a sheet's XML as ``(coordinate, formula text, cached value text,
    cell type)``: the value text is "" when no value is stored; the type is the cell's ``t``
    attribute ("" for a number, ``str``, ``b``, ``e``)."""
    if "<f" not in xml and ":f" not in xml:
        return
    for m in _CELL.finditer(xml):
        inner = m.group(2) or ""
        f = _F.search(inner)
        ref = _REF.search(m.group(1))
        if not f or not ref:
            continue
        v = _V.search(inner)
        kind = _TYPE.search(m.group(1))
        yield ref.group(1), f.group(1) or "", v.group(1) if v else "", kind.group(1) if kind else ""
