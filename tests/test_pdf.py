"""generator.pdf: LibreOffice conversion, 目录 page numbers, font substitutes; the real PDF."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator import fonts as F
from generator import pdf as P
from generator import schema
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


def test_build_pdf_without_libreoffice_is_refused_before_writing(monkeypatch, tmp_path):
    from generator.cli import main

    no_office(monkeypatch)
    for args in (["-o", str(tmp_path / "r.docx"), "--pdf"], ["-o", str(tmp_path / "r.pdf")]):
        result = CliRunner().invoke(main, ["build", str(SAMPLE), *args])
        assert result.exit_code == 2, result.output
        assert "LibreOffice" in result.output and "Traceback" not in result.output
        assert list(tmp_path.iterdir()) == []


def test_convert_times_out_with_a_clear_message(tmp_path):
    slow = tmp_path / "soffice"
    slow.write_text("#!/bin/sh\nsleep 5\n")
    slow.chmod(0o755)
    with pytest.raises(P.PdfProblem, match="超时"):
        P.convert(tmp_path / "x.docx", tmp_path / "x.pdf", soffice=slow, timeout=1)


def test_font_note_names_each_missing_font_and_its_substitute(monkeypatch):
    monkeypatch.setattr(F, "font_substitutes", lambda: {"黑体": "Noto Sans CJK SC"})
    assert "黑体→Noto Sans CJK SC" in F.font_note()
    monkeypatch.setattr(F, "font_substitutes", lambda: {})
    assert F.font_note() == ""
    monkeypatch.setattr(F, "font_substitutes", lambda: None)
    assert "fc-list" in F.font_note()


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
    for spec in schema.TABLES:
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
    for level, text in entries:   # parts, sections, tables and the appendix's sections
        number = toc[squeeze(text)]
        assert squeeze(text) in printed[number], (text, number)
        checked += level == 1
    assert checked == 5
    # The .docx's own 目录 carries the same numbers as the PDF's.
    from docx import Document

    shown = [p.text.split("\t") for p in Document(str(sample_pdf.output)).paragraphs
             if p.style.name.startswith("toc ")]
    assert len(shown) == len(entries)
    for text, number in shown:
        assert toc[squeeze(text)] == number, text


@needs_soffice
def test_pdf_reports_font_substitutes_when_official_fonts_missing(sample_pdf):
    subs = P.font_substitutes()
    if subs:
        assert any("简体中文字体替代" in note for note in sample_pdf.notes)
        for font, face in subs.items():
            assert any(f"{font}→{face}" in note for note in sample_pdf.notes)


def test_private_profile_replaces_each_official_face(tmp_path):
    from xml.etree import ElementTree as ET

    P.write_profile(tmp_path, {"仿宋_GB2312": "Noto Serif CJK SC", "黑体": "Noto Sans CJK SC Black"})
    root = ET.parse(tmp_path / "user" / "registrymodifications.xcu").getroot()
    oor = "{http://openoffice.org/2001/registry}"
    values = {}
    for item in root:
        for node in item.iter("node"):
            props = {p.get(f"{oor}name"): p.find("value").text for p in node.iter("prop")}
            values[props["ReplaceFont"]] = (props["SubstituteFont"], props["Always"])
        for prop in item.findall("prop"):
            if prop.get(f"{oor}name") == "Replacement":
                assert prop.find("value").text == "true"
    assert values == {"仿宋_GB2312": ("Noto Serif CJK SC", "true"),
                      "黑体": ("Noto Sans CJK SC Black", "true")}


def test_replacements_skip_installed_faces_and_missing_stand_ins():
    installed = {"黑体", "Noto Serif CJK SC", "Noto Sans CJK SC"}
    table = P.replacements(installed)
    assert "黑体" not in table                                   # the official face is there
    assert table["仿宋_GB2312"] == "Noto Serif CJK SC"
    assert "楷体_GB2312" not in table                            # AR PL UKai CN not installed
    assert P.replacements(set()) == {}


# -- faces of the PDF -------------------------------------------------------------------------

NOTO_DIR = Path("/usr/share/fonts/opentype/noto")


def pdffonts(pdf: Path) -> list[str]:
    out = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    return [line.split()[0].split("+", 1)[-1] for line in out.splitlines()[2:] if line.strip()]


def embedded_glyphs(pdf: Path):
    """(font name, {character: glyph name}) of each embedded Type 1 font of the PDF."""
    import pypdf
    from fontTools.misc import eexec

    reader = pypdf.PdfReader(str(pdf))
    seen = set()
    for page in reader.pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            font = font.get_object()
            descriptor = font.get("/FontDescriptor")
            if font["/BaseFont"] in seen or descriptor is None:
                continue
            seen.add(font["/BaseFont"])
            program = descriptor.get_object().get("/FontFile")
            if program is None:
                continue
            stream = program.get_object()
            data, clear_len = stream.get_data(), stream["/Length1"]
            clear = data[:clear_len].decode("latin-1")
            encoding = {int(c): n for c, n in re.findall(r"dup (\d+) /(\S+) put", clear)}
            eexec.decrypt(data[clear_len:clear_len + stream["/Length2"]], 55665)  # readable font
            unicode_map = font["/ToUnicode"].get_object().get_data().decode("latin-1")
            chars = {int(code, 16): chr(int(u, 16)) for code, u in
                     re.findall(r"<([0-9A-Fa-f]{2,4})>\s*<([0-9A-Fa-f]{4})>", unicode_map)}
            yield str(font["/BaseFont"]).split("+", 1)[-1], {
                ch: encoding[code] for code, ch in chars.items() if code in encoding}


def cid(name: str) -> int:
    return int(name[3:]) if name.startswith("cid") else -1


@needs_soffice
def test_pdf_sets_chinese_in_simplified_chinese_faces(sample_pdf):
    """pdffonts: only simplified-Chinese CJK faces (no KR/TC/HK, no UKai TW/HK), at least three
    faces or weights. Noto CJK ships as collections whose faces share one CFF program named
    after the Japanese face, so the embedded name reads "…CJKjp…" whatever face was chosen; each
    CJK glyph is therefore checked to be the one the SC face (not the JP face) maps its
    character to, read from the font files themselves."""
    from fontTools.ttLib import TTCollection

    names = pdffonts(sample_pdf.pdf)
    assert not [n for n in names if re.search(r"CJK(kr|tc|hk)|UKai(TW|HK)|Ming", n)], names
    cjk = {re.sub(r"-VKana$", "", n) for n in names if "CJK" in n or "UKai" in n}
    assert len(cjk) >= 3, names
    assert any("Serif" in n for n in cjk) and any("Sans" in n for n in cjk)
    assert any("UKaiCN" in n for n in cjk)
    checked = 0
    for name, glyphs in embedded_glyphs(sample_pdf.pdf):
        m = re.match(r"Noto(Sans|Serif)CJKjp-(\w+)", name)
        if not m:
            continue
        path = NOTO_DIR / f"Noto{m.group(1)}CJK-{m.group(2)}.ttc"
        with TTCollection(str(path), lazy=True) as faces:
            cmaps = {re.search(r"CJK (\w\w)", f["name"].getDebugName(1)).group(1): f.getBestCmap()
                     for f in faces.fonts}
        for ch, glyph in glyphs.items():
            sc, jp = cmaps["SC"].get(ord(ch)), cmaps["JP"].get(ord(ch))
            if sc and jp and cid(sc) != cid(jp):  # a character whose forms differ
                assert cid(glyph) == cid(sc), (name, ch)
                checked += 1
    assert checked >= 20
