"""Real-table layouts: every workbook of tests/fixtures/real (hand-laid like published tables)
gives the sample's model and the sample's findings; ambiguity and unknown headers are errors
that name the cells; column-number rows and labels never become amounts."""
from __future__ import annotations

from decimal import Decimal

import openpyxl
import pytest

from generator.excel.reader import read_workbook
from generator.pipeline import check
from tests.conftest import SAMPLE
from tests.excel.corpus import VARIANTS, corpus, digest, sample_digest


@pytest.fixture(scope="module")
def real(tmp_path_factory):
    return corpus(tmp_path_factory.mktemp("real"))


@pytest.fixture(scope="module")
def expected():
    return sample_digest(), sorted(f.code for f in check(SAMPLE).report.findings)


def test_corpus_has_at_least_fifteen_cited_variants():
    assert len(VARIANTS) >= 15
    assert all(len(citation) > 20 for _, citation in VARIANTS.values())


@pytest.mark.parametrize("name", sorted(VARIANTS))
def test_variant_gives_the_sample_model_and_findings(name, real, expected):
    model, codes = expected
    # a workbook of the 2022+ Hunan tables is checked with its profile (with 湖南2021 its two
    # renamed titles are warned about: test_a_2022_workbook_with_the_2021_profile_is_warned)
    result = check(real[name], "湖南2022" if name == "edition-2022" else None)
    assert digest(result.disclosure) == model
    # the same findings as the sample: no false sum error, no missing line or column
    assert sorted(f.code for f in result.report.findings) == codes


def test_a_2022_workbook_with_the_2021_profile_is_warned(real):
    findings = [f for f in check(real["edition-2022"]).report.findings if f.code == "profile-edition-mismatch"]
    assert len(findings) == 2 and {"明细表", "“三公”"} <= {w for f in findings for w in ("明细表", "“三公”") if w in f.message}
    assert all("是版式“湖南2022”的写法" in f.message for f in findings)


def test_number_rows_are_never_amounts(real):
    # bare 1 2 3 … rows (no 栏次 label) above the data of every table
    d = read_workbook(real["function-code-header"]).disclosure
    assert d.t07.budget["合计"].value == Decimal("6.00")
    assert d.t07.actual["合计"].value == Decimal("2.28")
    assert d.t05.total.values["合计"].value == Decimal("207.02")


def test_yuan_scale_and_year_end_split_row(real):
    d = read_workbook(real["yuan-scale"]).disclosure
    assert d.t01.get("收入总计") == Decimal("207.02")
    split = read_workbook(real["year-end-split"]).disclosure.t04
    # the kind lines come from the split row's kind cells
    assert split.amount("年末一般公共预算财政拨款", "合计").ref.cell.startswith("G")


def _copy(path, tmp_path, change):
    wb = openpyxl.load_workbook(path)
    change(wb)
    out = tmp_path / "changed.xlsx"
    wb.save(out)
    return read_workbook(out)


def _cell(ws, text):
    return next(c for row in ws.iter_rows() for c in row if c.value == text)


def test_two_total_rows_is_an_error_naming_both(real, tmp_path):
    def change(wb):
        ws = wb["公开05表"]
        ws.cell(ws.max_row + 1, 1, "合计")
        ws.cell(ws.max_row, 3, 1)
    result = _copy(real["standard-2021"], tmp_path, change)
    found = [f for f in result.findings if f.code == "total-duplicate"]
    assert [[str(r) for r in f.refs] for f in found] == [["公开05表!A24", "公开05表!A7"]]


def test_two_columns_claiming_one_meaning_is_an_error_naming_both(real, tmp_path):
    def change(wb):
        ws = wb["公开03表"]
        _cell(ws, "经营支出").value = "基本支出"
    result = _copy(real["standard-2021"], tmp_path, change)
    found = [f for f in result.findings if f.code == "column-ambiguous"]
    assert len(found) == 1 and [str(r) for r in found[0].refs] == ["公开03表!D4", "公开03表!G4"]
    assert "基本支出" not in result.disclosure.t03.columns


def test_missing_column_names_the_nearest_header_found(real, tmp_path):
    def change(wb):
        _cell(wb["公开02表"], "事业收入").value = "事业性收入"
    result = _copy(real["standard-2021"], tmp_path, change)
    found = [f for f in result.findings if f.code == "column-missing"]
    assert len(found) == 1 and "事业收入" in found[0].message and "事业性收入" in found[0].message


def test_three_costs_label_in_a_data_cell_is_not_an_amount(real, tmp_path):
    def change(wb):
        ws = wb["公开07表"]
        ws.cell(8, 2).value = "因公出国（境）费"   # a label where an amount belongs
    result = _copy(real["standard-2021"], tmp_path, change)
    assert [f.code for f in result.findings if f.severity.value == "错误"] == ["not-a-number"]


def test_xls_exports_of_real_layouts_give_the_same_model(real, tmp_path, expected):
    """The 决算 software exports .xls: two corpus layouts saved as BIFF by LibreOffice."""
    import os
    import shutil
    import subprocess

    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        if os.environ.get("CI"):
            pytest.fail("soffice is required in CI")
        pytest.skip("LibreOffice (soffice) not installed")
    names = ["code-split-inherit", "year-end-split"]
    subprocess.run([soffice, f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
                    "--convert-to", "xls", "--outdir", str(tmp_path), *(str(real[n]) for n in names)],
                   capture_output=True, text=True, timeout=300)
    for name in names:
        result = read_workbook(tmp_path / f"{name}.xls")
        assert [f for f in result.findings if f.severity.value == "错误"] == []
        assert digest(result.disclosure) == expected[0]


def test_a_labelled_total_written_twice_is_an_error_naming_both(real, tmp_path):
    def change(wb):
        ws = wb["公开01表"]
        _cell(ws, "结余分配").value = "本年支出合计"
    result = _copy(real["standard-2021"], tmp_path, change)
    found = [f for f in result.findings if f.code == "total-duplicate"]
    assert [[str(r) for r in f.refs] for f in found] == [["公开01表!D34", "公开01表!D33"]]
