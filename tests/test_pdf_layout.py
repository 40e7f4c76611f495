"""The laid-out PDF (LibreOffice): every character of the .docx on the page, 28 characters a
line, nothing hung into the margin. Measured on the PDF itself with poppler (pdftotext, -bbox)."""
from __future__ import annotations

import os
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from generator import pdf as P
from tests.conftest import SAMPLE, SECOND_JSON, load_json

pytestmark = pytest.mark.skipif(P.find_soffice() is None and not os.environ.get("CI"),
                                reason="LibreOffice (soffice) not installed")

# A4 portrait, margins 28 mm left / 26 mm right (templates/typography.py): the text column in pt.
MM = 72 / 25.4
TEXT_LEFT, TEXT_RIGHT = 28 * MM, (210 - 26) * MM
BODY_HEIGHT = 20.8   # pdftotext's box height of a 三号 (16 pt) body line in Noto Serif CJK
CJK_LINE = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef“”‘’]+")
FOOTER = re.compile(r"—\s*\d+\s*—")


@dataclass(frozen=True)
class Word:
    x0: float
    x1: float
    text: str


def _build(source: Path, out: Path):
    from generator.pipeline import build

    result = build(source, out, pdf=True)
    assert result.pdf is not None, result.pdf_error
    return result


@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    """(docx, pdf) of the sample and of the second unit."""
    from generator.excel.writer import write_workbook

    tmp = tmp_path_factory.mktemp("layout")
    write_workbook(load_json(SECOND_JSON), tmp / "second.xlsx")
    built = [_build(SAMPLE, tmp / "sample.docx"), _build(tmp / "second.xlsx", tmp / "second.docx")]
    return [(b.output, b.pdf) for b in built]


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def pdf_text(pdf: Path) -> str:
    """The PDF's text without the page numbers, all white space removed (a paragraph broken
    over two pages reads on)."""
    out = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True)
    return squeeze(FOOTER.sub("", out.stdout))


def body_lines(pdf: Path) -> list[list[Word]]:
    """The lines of body text (三号) of the portrait pages, each a list of words left to right."""
    xml = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True,
                         check=True).stdout
    word = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">'
                      r"(.*?)</word>")
    out = []
    for page in xml.split("<page ")[1:]:
        if float(re.search(r'width="([\d.]+)"', page).group(1)) > 600:   # landscape tables
            continue
        lines: dict[int, list[Word]] = {}
        for m in word.finditer(page):
            x0, y0, x1, y1 = map(float, m.groups()[:4])
            if abs(y1 - y0 - BODY_HEIGHT) < 0.5:
                lines.setdefault(round(y0), []).append(Word(x0, x1, m.group(5)))
        out.extend(sorted(words, key=lambda w: w.x0) for _, words in sorted(lines.items()))
    return out


def missing_text(docx: Path, pdf: Path) -> list[str]:
    """Each paragraph of the .docx (not the 目录) that the PDF does not hold character for
    character, shown where the two part."""
    from docx import Document

    text = pdf_text(pdf)
    out = []
    for p in Document(str(docx)).paragraphs:
        para = squeeze(p.text)
        if not para or p.style.name.startswith("toc") or para in text:
            continue
        kept = next(k for k in range(len(para), -1, -1) if para[:k] in text)
        out.append(f"{para[max(0, kept - 12):kept]}‖{para[kept:kept + 12]}")
    return out


def test_pdf_keeps_every_character_of_every_paragraph(reports):
    """LibreOffice used to hang a line-final ，、。 into the margin and then not paint it:
    "责任到人 / 从而确保…" lost its comma (the glyph was missing from the page image too)."""
    for docx, pdf in reports:
        assert missing_text(docx, pdf) == [], docx.name


def test_body_lines_hold_28_characters_inside_the_text_column(reports):
    """A full line of Chinese holds 28 characters (27 when a ，。 may not start the next line),
    and no glyph stands in the right margin."""
    for _, pdf in reports:
        lines = body_lines(pdf)
        assert len(lines) > 150
        outside = ["".join(w.text for w in line) for line in lines
                   if line[-1].x1 > TEXT_RIGHT + 1 or line[0].x0 < TEXT_LEFT - 1]
        assert outside == []
        full = [len(text) for text in ("".join(w.text for w in line) for line in lines
                                       if line[-1].x1 > TEXT_RIGHT - 2 and line[0].x0 < TEXT_LEFT + 2)
                if CJK_LINE.fullmatch(text)]
        assert len(full) > 5
        assert set(full) <= {27, 28} and full.count(28) > full.count(27)
