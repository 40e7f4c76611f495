"""Batch `juesuan build FOLDER --pdf`: every unit's PDF, LibreOffice started per chunk (not per
report), the 目录 numbered, a unit whose conversion fails reported while the others go on."""
from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from generator import office, pdf as P
from generator.batch import BUILT, NO_PDF, run_batch
from generator.cli import main
from tests.conftest import SAMPLE
from tests.test_batch import renamed, unit_data
from tests.test_office_toc import needs_macros
from tests.test_pdf import needs_soffice, pdf_text, squeeze

NAMES = [f"测试单位{i}" for i in range(1, 7)]


@pytest.fixture(scope="module")
def six_units(tmp_path_factory) -> Path:
    from generator.excel.writer import write_workbook

    folder = tmp_path_factory.mktemp("units")
    write_workbook(unit_data(1), folder / "base.xlsx")
    base = (folder / "base.xlsx").read_bytes()
    (folder / "base.xlsx").unlink()
    for i, unit in enumerate(NAMES):
        (folder / f"u{i}.xlsx").write_bytes(renamed(base, unit))
    return folder


@pytest.fixture(scope="module")
def batch_out(six_units, tmp_path_factory):
    out = tmp_path_factory.mktemp("out")
    result = CliRunner().invoke(main, ["build", str(six_units), "-o", str(out), "--pdf", "--jobs", "2"])
    return result, out


@needs_soffice
def test_batch_with_pdf_writes_every_units_pdf(batch_out):
    result, out = batch_out
    assert result.exit_code == 0, result.output
    pdfs = sorted(out.glob("*.pdf"))
    assert len(pdfs) == 6
    for unit in NAMES:
        assert (out / f"{unit}2021年度部门决算.pdf").is_file(), unit
        assert (out / f"{unit}2021年度部门决算.docx").is_file(), unit
    assert not list(out.glob(".~*")), "scratch files left behind"
    summary = openpyxl.load_workbook(out / "汇总.xlsx").active
    rows = [[c.value for c in row] for row in summary.iter_rows()]
    files = [r for r in rows if r and any(isinstance(v, str) and v.endswith(".pdf") for v in r)]
    assert len(files) == 6


@needs_soffice
def test_batch_pdfs_have_their_own_unit_and_numbered_toc(batch_out):
    _, out = batch_out
    for unit in (NAMES[0], NAMES[5]):
        text = pdf_text(out / f"{unit}2021年度部门决算.pdf")
        assert unit in squeeze(text)
        toc = "".join(text.split("\f")[1:3])
        numbered = [line for line in toc.splitlines() if re.search(r"\.{2,}\s*\d+$", line.strip())]
        # every part and section of 目录 carries a page number (cover and 目录 unnumbered)
        assert len(numbered) >= 20, toc
        first_page = text.split("\f")[3] if "第一部分" in squeeze(text.split("\f")[3]) else ""
        assert first_page, "the body should start after the cover and two 目录 pages"


def _counting(monkeypatch) -> list[int]:
    calls = []
    original = P.Converter._call

    def counting(self, docxs, outdir):
        calls.append(len(docxs))
        return original(self, docxs, outdir)

    monkeypatch.setattr(P.Converter, "_call", counting)
    return calls


def two_passes(monkeypatch) -> None:
    """The way without the 目录 macro (a LibreOffice without its Python script provider)."""
    monkeypatch.setattr(office.Office, "convert_numbered", lambda self, *args: None)


@needs_soffice
def test_a_chunk_is_converted_in_two_passes_not_per_report(six_units, tmp_path, monkeypatch):
    calls = _counting(monkeypatch)
    two_passes(monkeypatch)
    paths = sorted(six_units.glob("*.xlsx"))[:3]
    results = run_batch(paths, tmp_path, jobs=1, pdf=True)
    assert [r.status for r in results] == [BUILT] * 3
    assert all(Path(r.pdf).is_file() for r in results)
    assert calls == [3, 3]  # every report in pass 1, then every front matter (目录) in one call


@needs_macros
def test_with_the_macro_each_report_is_converted_once(six_units, tmp_path, monkeypatch):
    calls, numbered = _counting(monkeypatch), []
    original = office.Office.convert_numbered
    monkeypatch.setattr(office.Office, "convert_numbered",
                        lambda self, *args: numbered.append(1) or original(self, *args))
    paths = sorted(six_units.glob("*.xlsx"))[:3]
    results = run_batch(paths, tmp_path, jobs=1, pdf=True)
    assert [r.status for r in results] == [BUILT] * 3
    assert all(Path(r.pdf).is_file() for r in results)
    assert len(numbered) == 3 and calls == []  # one numbered conversion each, no further pass


@needs_soffice
def test_a_unit_whose_conversion_fails_is_reported_and_the_others_go_on(six_units, tmp_path,
                                                                         monkeypatch):
    original = P.Converter._call

    def failing_for_unit3(self, docxs, outdir):
        out = original(self, docxs, outdir)
        for i, d in enumerate(docxs):
            with zipfile.ZipFile(d) as z:
                if NAMES[2] in z.read("word/document.xml").decode("utf-8"):
                    out[i] = P.PdfProblem("模拟的转换失败")
        return out

    monkeypatch.setattr(P.Converter, "_call", failing_for_unit3)
    two_passes(monkeypatch)
    shutil.copytree(six_units, tmp_path / "in")
    runner = CliRunner()
    result = runner.invoke(main, ["build", str(tmp_path / "in"), "-o", str(tmp_path / "out"), "--pdf",
                                  "--jobs", "1"])
    assert result.exit_code == 1, result.output
    out = tmp_path / "out"
    assert len(list(out.glob("*.pdf"))) == 5
    assert len(list(out.glob("*.docx"))) == 6  # its report is kept
    rows = [[c.value for c in row] for row in openpyxl.load_workbook(out / "汇总.xlsx").active.iter_rows()]
    failed = [r for r in rows if r and r[0] == NAMES[2]]
    assert failed and failed[0][2] == NO_PDF and "模拟的转换失败" in str(failed[0][-1])
    assert "模拟的转换失败" in result.output


@needs_soffice
def test_splice_refuses_a_front_of_another_length(tmp_path):
    from docx import Document

    doc = Document()
    doc.add_paragraph("一页")
    doc.save(tmp_path / "one.docx")
    with P.Converter() as office:
        (pdf,) = office.convert([tmp_path / "one.docx"], tmp_path)
    assert not P.splice_front(pdf, pdf, 2, tmp_path / "x.pdf")
    assert not (tmp_path / "x.pdf").exists()
    assert P.splice_front(pdf, pdf, 1, tmp_path / "y.pdf")
    assert subprocess.run(["pdfinfo", str(tmp_path / "y.pdf")], capture_output=True).returncode == 0


def test_front_matter_keeps_cover_and_toc_only(tmp_path):
    from docx import Document

    from generator.pipeline import build
    from generator.render.front import front_matter

    built = build(SAMPLE, tmp_path / "r.docx")
    assert front_matter(built.output, tmp_path / "front.docx")
    doc = Document(str(tmp_path / "front.docx"))
    styles = [p.style.name for p in doc.paragraphs if p.text.strip()]
    assert "Heading 1" not in styles and "Heading 2" not in styles
    assert any(p.text.replace(" ", "") == "目录" for p in doc.paragraphs)
    assert len(doc.sections) == 2  # cover, 目录


def test_front_matter_numbered_like_the_report_rendered_with_the_numbers(tmp_path):
    """The 目录 numbered in the cut front matter (converted while the report is rendered again)
    is the 目录 of the report rendered with ``toc_pages``: same Word XML, entries without a
    number (not found in the PDF) left without one."""
    from docx import Document

    from generator.derive.context import build_context
    from generator.pipeline import check
    from generator.render import render_docx, toc_entries
    from generator.render.front import front_matter

    checked = check(SAMPLE)
    context = build_context(checked.disclosure, checked.figures)
    render_docx(dict(context), tmp_path / "plain.docx", year="2021")
    count = len(toc_entries(tmp_path / "plain.docx"))
    pages = ["" if i % 7 == 3 else str(i + 2) for i in range(count)]
    render_docx(dict(context), tmp_path / "numbered.docx", year="2021", toc_pages=pages)
    assert front_matter(tmp_path / "numbered.docx", tmp_path / "a.docx")
    assert front_matter(tmp_path / "plain.docx", tmp_path / "b.docx", pages)
    a, b = (zipfile.ZipFile(tmp_path / n).read("word/document.xml") for n in ("a.docx", "b.docx"))
    assert a == b
    shown = [p.text.split("\t") for p in Document(str(tmp_path / "b.docx")).paragraphs
             if p.style.name.startswith("toc ")]
    assert [s[1] if len(s) > 1 else "" for s in shown] == pages


@needs_macros
def test_a_libreoffice_killed_under_a_numbered_conversion_costs_no_report(six_units, tmp_path, monkeypatch):
    """LibreOffice killed while it exports the first report: that report is converted again (the
    two passes, with a new LibreOffice), the others numbered in one conversion each; every PDF made."""
    import os
    import signal

    from tests.test_office import on_second_conversion, soffice_group

    on_second_conversion(monkeypatch, lambda office: os.killpg(soffice_group(office), signal.SIGKILL))
    paths = sorted(six_units.glob("*.xlsx"))[:3]
    results = run_batch(paths, tmp_path, jobs=1, pdf=True)
    assert [r.status for r in results] == [BUILT] * 3, [(r.status, r.message) for r in results]
    for r in results:
        text = squeeze(pdf_text(Path(r.pdf)))
        assert re.search(r"第一部分.{0,40}?概况\.{3,}1", text), text[:300]  # the 目录 has its numbers
