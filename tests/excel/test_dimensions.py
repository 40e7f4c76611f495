"""Read-only sheets sized from their first bytes (excel/dimensions.py): the same size as openpyxl's
own parse gives, or openpyxl decides; the grids read are the same either way."""
from __future__ import annotations

import io
import zipfile
from pathlib import Path

import openpyxl
import pytest
from openpyxl.reader import excel
from openpyxl.worksheet._read_only import ReadOnlyWorksheet, read_dimension

from generator.excel.dimensions import QuickSizeWorksheet, quick_dimensions
from generator.excel.grid import load_grids
from tests.conftest import SAMPLE

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
ROWS = '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>甲</t></is></c></row></sheetData></worksheet>'


def _sheets(path: Path) -> list[bytes]:
    with zipfile.ZipFile(path) as z:
        return [z.read(n) for n in z.namelist() if n.startswith("xl/worksheets/") and n.endswith(".xml")]


def test_the_samples_sheets_are_sized_as_openpyxl_sizes_them():
    sheets = _sheets(SAMPLE)
    assert len(sheets) >= 10
    for xml in sheets:
        assert quick_dimensions(xml) is not None
        assert quick_dimensions(xml) == read_dimension(io.BytesIO(xml))


@pytest.mark.parametrize("xml, expected", [
    ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="{m}" xmlns:r="x">'
     '<sheetPr/><dimension ref="B2:AB300"/>' + ROWS, (2, 2, 28, 300)),
    ('<worksheet xmlns="{m}"><dimension ref="A1"/>' + ROWS, (1, 1, 1, 1)),
])
def test_plain_heads_give_openpyxls_boundaries(xml, expected):
    xml = xml.replace("{m}", MAIN).encode("utf-8")
    assert quick_dimensions(xml) == read_dimension(io.BytesIO(xml)) == expected


@pytest.mark.parametrize("xml", [
    '<worksheet xmlns="{m}">' + ROWS,  # no dimension: openpyxl keeps its defaults
    '<worksheet xmlns="{m}">' + ROWS.replace("</worksheet>", '<dimension ref="A1:C3"/></worksheet>'),
    '<x:worksheet xmlns:x="{m}"><x:dimension ref="A1:C3"/>' + ROWS,  # prefixed
    '<worksheet xmlns="{m}"><!-- <dimension ref="A1:Z9"/> --><dimension ref="A1:C3"/>' + ROWS,
    '<worksheet xmlns="{m}"><sheetPr xmlns="urn:other"><dimension ref="A1:C3"/></sheetPr>' + ROWS,
    '<worksheet xmlns="{m}"><dimension ref="A1:C3"/><dimension ref="A1:D4"/>' + ROWS,
    '<worksheet xmlns="{m}"><dimension ref="$A$1:$C$3"/>' + ROWS,
    '<worksheet xmlns="urn:not-spreadsheetml"><dimension ref="A1:C3"/>' + ROWS,
])
def test_other_heads_are_left_to_openpyxl(xml):
    assert quick_dimensions(xml.replace("{m}", MAIN).encode("utf-8")) is None


def _small_dimension_book(tmp_path: Path) -> Path:
    """A workbook whose first sheet declares A1:B2 but has a value in D5 (read-only openpyxl does
    not read beyond the declared size)."""
    path = tmp_path / "small.xlsx"
    book = openpyxl.Workbook()
    book.active["A1"], book.active["D5"] = "甲", 12
    book.save(path)
    with zipfile.ZipFile(path) as zin:
        items = [(i, zin.read(i.filename)) for i in zin.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for info, data in items:
            if info.filename == "xl/worksheets/sheet1.xml":
                assert b'<dimension ref="A1:D5"/>' in data
                data = data.replace(b'<dimension ref="A1:D5"/>', b'<dimension ref="A1:B2"/>')
            zout.writestr(info, data)
    return path


def test_grids_are_the_same_as_with_openpyxls_own_sizing(tmp_path, monkeypatch):
    """The sample and a sheet whose declared size is smaller than its cells: the same grids with
    the quick sizing as with openpyxl's own (install is called by load_grids)."""
    small = _small_dimension_book(tmp_path)
    quick = [load_grids(SAMPLE), load_grids(small)]
    assert excel.ReadOnlyWorksheet is QuickSizeWorksheet
    monkeypatch.setattr("generator.excel.dimensions.install", lambda: None)
    monkeypatch.setattr(excel, "ReadOnlyWorksheet", ReadOnlyWorksheet)
    own = [load_grids(SAMPLE), load_grids(small)]
    assert [[(g.name, g.values, g.max_row, g.max_col, g.merged, g.formulas) for g in grids] for grids in quick] == \
        [[(g.name, g.values, g.max_row, g.max_col, g.merged, g.formulas) for g in grids] for grids in own]
    assert quick[1][0].values == {(1, 1): "甲"}  # D5 is beyond the declared A1:B2, as openpyxl reads it
