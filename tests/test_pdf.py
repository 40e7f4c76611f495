"""generator.pdf: LibreOffice conversion, 目录 page numbers, font substitutes; the real PDF."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator import pdf as P
from generator import schema as L
from tests.conftest import SAMPLE

HAVE_SOFFICE = P.find_soffice() is not None
# In CI a missing LibreOffice is a failure, not a skip.
needs_soffice = pytest.mark.skipif(not HAVE_SOFFICE and not os.environ.get("CI"),
                                   reason="LibreOffice (soffice) not installed")


def no_office(monkeypatch):
    monkeypatch.setattr(P.shutil, "which", lambda name: None)
    monkeypatch.setattr(P, "_CANDIDATES", ())
    monkeypatch.delenv("PROGRAMFILES", raising=False)
    monkeypatch.delenv("PROGRAMFILES(X86)", raising=False)


def test_find_soffice_looks_in_install_folders(monkeypatch, tmp_path):
    no_office(monkeypatch)
    assert P.find_soffice() is None
    exe = tmp_path / "LibreOffice" / "program" / "soffice.exe"
    exe.parent.mkdir(parents=True)
    exe.write_text("")
    monkeypatch.setenv("PROGRAMFILES", str(tmp_path))
    assert P.find_soffice() == exe


def test_convert_without_libreoffice_says_so_in_chinese(monkeypatch, tmp_path):
    no_office(monkeypatch)
    with pytest.raises(P.PdfProblem, match="未找到 LibreOffice"):
        P.convert(tmp_path / "x.docx", tmp_path / "x.pdf")


def test_build_pdf_without_libreoffice_keeps_docx_and_exits_1(monkeypatch, tmp_path):
    from generator.cli import main

    no_office(monkeypatch)
    out = tmp_path / "r.docx"
    result = CliRunner().invoke(main, ["build", str(SAMPLE), "-o", str(out), "--pdf"])
    assert result.exit_code == 1, result.output
    assert out.is_file() and not out.with_suffix(".pdf").exists()
    assert "未能生成 PDF" in result.output and "LibreOffice" in result.output


def test_convert_times_out_with_a_clear_message(tmp_path):
    slow = tmp_path / "soffice"
    slow.write_text("#!/bin/sh\nsleep 5\n")
    slow.chmod(0o755)
    with pytest.raises(P.PdfProblem, match="超时"):
        P.convert(tmp_path / "x.docx", tmp_path / "x.pdf", soffice=slow, timeout=1)


def test_font_note_names_each_missing_font_and_its_substitute(monkeypatch):
    monkeypatch.setattr(P, "font_substitutes", lambda: {"黑体": "Noto Sans CJK SC"})
    assert "黑体→Noto Sans CJK SC" in P.font_note()
    monkeypatch.setattr(P, "font_substitutes", lambda: {})
    assert P.font_note() == ""
    monkeypatch.setattr(P, "font_substitutes", lambda: None)
    assert "fc-list" in P.font_note()


def test_heading_pages_count_from_the_first_entry(monkeypatch):
    marks = [("目  录", 1), ("第一部分 概况", 3), ("一、职责", 3), ("第二部分 表", 4), ("收入决算表", 6)]
    monkeypatch.setattr(P, "outline", lambda pdf: marks)
    entries = [(1, "第一部分 概况"), (2, "一、职责"), (1, "第二部分 表"), (2, "没有的标题"), (2, "收入决算表")]
    assert P.heading_pages(Path("x.pdf"), entries) == ["1", "1", "2", "", "4"]


@pytest.fixture(scope="module")
def sample_pdf(tmp_path_factory):
    from generator.pipeline import build

    out = tmp_path_factory.mktemp("pdf") / "sample.docx"
    result = build(SAMPLE, out, pdf=True)
    assert result.pdf is not None, result.pdf_error
    return result


def pdf_text(path: Path, layout: bool = False) -> str:
    args = ["pdftotext", *(["-layout"] if layout else []), str(path), "-"]
    return subprocess.run(args, capture_output=True, text=True, check=True).stdout


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


@needs_soffice
def test_pdf_holds_every_heading_and_table_title(sample_pdf):
    from docx import Document

    assert shutil.which("pdftotext"), "poppler-utils (pdftotext) not installed"
    text = squeeze(pdf_text(sample_pdf.pdf))
    doc = Document(str(sample_pdf.output))
    part_headings = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    assert len(part_headings) == 5
    body_start = next(i for i, p in enumerate(doc.paragraphs) if p.style.name == "Heading 1")
    part3 = [p.text for p in doc.paragraphs[body_start:] if p.style.name == "Heading 2"]
    assert len(part3) >= 14
    for heading in part_headings + part3:
        assert squeeze(heading) in text, heading
    for spec in L.TABLES:
        assert squeeze(spec.title) in text and squeeze(spec.number) in text, spec.title
    pages = int(re.search(r"Pages:\s+(\d+)", subprocess.run(
        ["pdfinfo", str(sample_pdf.pdf)], capture_output=True, text=True).stdout).group(1))
    assert 20 <= pages <= 60


@needs_soffice
def test_pdf_toc_page_numbers_match_the_printed_footers(sample_pdf):
    """Each 目录 entry's number is the '— N —' printed on the page where that heading is."""
    from generator.render import toc_entries

    pages = pdf_text(sample_pdf.pdf).split("\f")
    printed = {}
    for page in pages:
        m = re.search(r"—\s*(\d+)\s*—", page)
        if m:
            printed[m.group(1)] = squeeze(page)
    toc = {}
    for line in "".join(pages[1:3]).splitlines():
        m = re.match(r"^(.*?)\.{2,}(\d+)$", squeeze(line))
        if m:
            toc[m.group(1)] = m.group(2)
    entries = toc_entries(sample_pdf.output)
    checked = 0
    for level, text in entries:
        if level != 1:
            continue
        number = toc[squeeze(text)]
        assert squeeze(text) in printed[number], (text, number)
        checked += 1
    assert checked == 5


@needs_soffice
def test_pdf_reports_font_substitutes_when_official_fonts_missing(sample_pdf):
    subs = P.font_substitutes()
    if subs:
        assert any("替代字体" in note for note in sample_pdf.notes)
        for font in subs:
            assert any(font in note for note in sample_pdf.notes)
