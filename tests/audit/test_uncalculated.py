"""One finding per cause (issue 22): formula cells without a value are one error per sheet and
nothing is derived from them; in a workbook whose formulas were computed, the culprit search
names only typed cells, and full-width digits are read as numbers with a warning.

The workbooks are ``juesuan init``'s form filled with the sample by openpyxl, which keeps the
formulas but stores no value (as any program that does not calculate), and that form saved by
LibreOffice (which computes every formula, as Excel and WPS do when the officer saves)."""
from __future__ import annotations

from decimal import Decimal

import openpyxl
import pytest

from generator.excel.writer import blank_data, write_workbook
from generator.pipeline import check
from tests.audit.workbooks import coded
from tests.cli.test_init import fill_from, recalculate
from tests.conftest import SAMPLE

# Findings built on a figure: with the figure unknown there is nothing to say.
DERIVED = {"prior-change-large", "prior-unit-mix", "reason-direction", "text-amount-mismatch",
           "unknown-figure", "probable-cause"}


def _filled(folder, name="filled.xlsx", edit=None):
    path = folder / name
    write_workbook(blank_data(2021, "怀化市工伤保险服务中心"), path, form=True)
    fill_from(SAMPLE, path)
    if edit:
        wb = openpyxl.load_workbook(path)
        edit(wb)
        wb.save(path)
    return path


def _is_formula(value) -> bool:
    return isinstance(value, str) and value.startswith("=")


def _formula_cells(path):
    """sheet → coordinates of the formula cells in rows holding data (a label, code or typed
    amount; the form's spare rows hold formulas only), in reading order (by openpyxl)."""
    wb = openpyxl.load_workbook(path)
    out = {}
    for ws in wb.worksheets:
        cells = [c.coordinate for row in ws.iter_rows()
                 if any(c.value is not None and not _is_formula(c.value) for c in row)
                 for c in row if _is_formula(c.value)]
        if cells:
            out[ws.title] = cells
    return out


def test_uncalculated_workbook_gives_one_error_per_sheet_and_nothing_derived(tmp_path):
    path = _filled(tmp_path)
    expected = _formula_cells(path)
    report = check(path).report
    assert [f.code for f in report.errors] == ["formula-no-value"] * len(expected)
    by_sheet = {f.refs[0].sheet: f for f in report.errors}
    assert set(by_sheet) == set(expected)  # exactly one per sheet holding formulas
    for sheet, cells in expected.items():
        finding = by_sheet[sheet]
        assert {r.cell for r in finding.refs} <= set(cells), sheet
    for sheet in ("公开02表", "公开03表", "公开05表"):  # read row by row: the count, first and last
        cells, finding = expected[sheet], by_sheet[sheet]
        assert [r.cell for r in finding.refs] == [cells[0], cells[-1]]
        assert f"{len(cells)} 个公式单元格" in finding.message
    assert not DERIVED & {f.code for f in report.findings}, report.to_text()


def _typo(wb):
    coded(wb, "公开05表", "2080109", "基本支出").value = 124.93   # is 142.93


def _fullwidth(wb):
    coded(wb, "公开05表", "2080109", "基本支出").value = "１４２．９３"


def _at_e20(value):
    """05!E20 (210 卫生健康支出, 项目支出: the cell of the issue) typed ``value``."""
    def edit(wb):
        wb["公开05表"]["E20"].value = value
    return edit


@pytest.fixture(scope="module")
def computed(tmp_path_factory):
    """The filled form with a typo, with full-width digits and with text, each saved by LibreOffice."""
    folder = tmp_path_factory.mktemp("computed")
    edits = (("typo", _typo), ("fullwidth", _fullwidth), ("fullwidth-e20", _at_e20("１５０")),
             ("text-e20", _at_e20("十五")))
    return {name: recalculate(_filled(folder, f"{name}.xlsx", edit), folder) for name, edit in edits}


def test_a_typo_in_a_computed_workbook_names_the_typed_cell_not_a_formula(computed):
    """05 2080109 基本支出 typed 124.93 (sample 142.93, shared/reference/huaihua-2021-figures.md):
    the first finding names that typed cell with 142.93, never the 小计 formula beside it."""
    path = computed["typo"]
    cell = coded(openpyxl.load_workbook(path), "公开05表", "2080109", "基本支出").coordinate
    formulas = {f"{s}!{c}" for s, cells in _formula_cells(path).items() for c in cells}
    assert formulas  # LibreOffice kept the formulas (with their values)
    report = check(path).report
    first = report.errors[0]
    assert (first.code, [str(r) for r in first.refs]) == ("probable-cause", [f"公开05表!{cell}"])
    assert first.expected == Decimal("142.93")
    causes = [str(r) for f in report.errors if f.code == "probable-cause" for r in f.refs]
    assert not formulas & set(causes)


def test_fullwidth_digits_are_read_as_the_number_with_a_warning_at_the_cell(computed):
    path = computed["fullwidth"]
    cell = coded(openpyxl.load_workbook(path), "公开05表", "2080109", "基本支出").coordinate
    checked = check(path)
    warnings = [f for f in checked.report.warnings if f.code == "fullwidth-digits"]
    assert [str(f.refs[0]) for f in warnings] == [f"公开05表!{cell}"] and "142.93" in warnings[0].message
    row = checked.disclosure.t05.find("2080109")
    assert row.values["基本支出"].value == Decimal("142.93")
    assert "not-a-number" not in {f.code for f in checked.report.findings}
    causes = [f for f in checked.report.errors if f.code == "probable-cause"]
    formulas = {f"{s}!{c}" for s, cells in _formula_cells(path).items() for c in cells}
    assert not formulas & {str(r) for f in causes for r in f.refs}


def test_fullwidth_150_in_05_e20_is_read_as_150_and_no_formula_cell_is_blamed(computed):
    """The issue's case: 05!E20 typed １５０. Read as 150 with a warning at E20; LibreOffice's
    #VALUE! in the 合计 row's formulas (C7, E7) is one error for the sheet; no probable cause
    names a formula cell (it named C20 before)."""
    path = computed["fullwidth-e20"]
    report = check(path).report
    warnings = [f for f in report.warnings if f.code == "fullwidth-digits"]
    assert [str(f.refs[0]) for f in warnings] == ["公开05表!E20"] and "150" in warnings[0].message
    assert [f.code for f in report.errors].count("formula-error") == 1
    assert "not-a-number" not in {f.code for f in report.findings}
    formulas = {f"{s}!{c}" for s, cells in _formula_cells(path).items() for c in cells}
    causes = {str(r) for f in report.errors if f.code == "probable-cause" for r in f.refs}
    assert not formulas & causes, report.to_text()


def test_text_in_a_money_cell_is_one_error_at_that_cell(computed):
    """05!E20 typed 十五: one not-a-number error at E20; the #VALUE! it causes in the formulas of
    the 合计 row is not reported again, and nothing is derived from the unknown amounts."""
    report = check(computed["text-e20"]).report
    assert [(f.code, str(f.refs[0])) for f in report.errors] == [("not-a-number", "公开05表!E20")]
    assert not DERIVED & {f.code for f in report.findings}, report.to_text()
