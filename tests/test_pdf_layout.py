"""The laid-out PDF (LibreOffice): every character of the .docx on the page, 28 characters a
line, nothing hung into the margin, no letter-spaced line, titles broken into balanced lines,
Latin text in Liberation Serif. Measured on the PDF itself with poppler (pdftotext -bbox,
pdffonts)."""
from __future__ import annotations

import os
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from generator import fonts as F
from generator import pdf as P
from tests.conftest import SAMPLE, SECOND_JSON, load_json

pytestmark = pytest.mark.skipif(P.find_soffice() is None and not os.environ.get("CI"),
                                reason="LibreOffice (soffice) not installed")

# A4 portrait, margins 28 mm left / 26 mm right (templates/typography.py): the text column in pt.
MM = 72 / 25.4
TEXT_LEFT, TEXT_RIGHT = 28 * MM, (210 - 26) * MM
BODY_HEIGHT = 20.8   # pdftotext's box height of a 三号 (16 pt) body line in Noto Serif CJK
TITLE_HEIGHT = 23.4  # … of a 小二 (18 pt) appendix title
CJK_LINE = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef“”‘’]+")
CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef“”‘’《》]")
# A unit whose appendix has a title one character too long for its line (25 em of 小二) and
# paragraphs with a URL and a long project code (the second unit otherwise).
LONG_TITLE = "怀化市工伤保险中心2021年度部门整体支出绩效评价报告"
LONG_RUNS = [
    "2024年度我局基本支出按照《上海市市级预算单位基本支出管理办法》执行，详见"
    "https://www.shanghai.gov.cn/nw12344/20240115/a1b2c3d4e5f6.html，相关资料已公开。",
    "2024年度我局基本支出共计12345678.90元，项目编号SHCZ2024ABCDEFGH12345678，均按规定执行。",
]
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
    return result.output, result.pdf


@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    """(docx, pdf) of the sample, the second unit and the unit with long runs and title."""
    from generator.excel.writer import write_workbook

    tmp = tmp_path_factory.mktemp("layout")
    second = load_json(SECOND_JSON)
    write_workbook(second, tmp / "second.xlsx")
    appendix = second["sheets"]["绩效评价报告"]
    appendix[0] = ["标题", LONG_TITLE]
    appendix[2:2] = [["正文", text] for text in LONG_RUNS]
    write_workbook(second, tmp / "long.xlsx")
    return [_build(SAMPLE, tmp / "sample.docx"), _build(tmp / "second.xlsx", tmp / "second.docx"),
            _build(tmp / "long.xlsx", tmp / "long.docx")]


def squeeze(text: str) -> str:
    """``text`` without white space and the invisible break opportunities (U+200B)."""
    return re.sub(r"[\s\u200b]+", "", text)


def pdf_text(pdf: Path) -> str:
    """The PDF's text without the page numbers, all white space removed (a paragraph broken
    over two pages reads on)."""
    out = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True)
    return squeeze(FOOTER.sub("", out.stdout))


def body_lines(pdf: Path, height: float = BODY_HEIGHT) -> list[list[Word]]:
    """The lines of text of one size (body: 三号) of the portrait pages, each a list of words
    left to right."""
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
            if abs(y1 - y0 - height) < 0.5:
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


def spread(line: list[Word]) -> float:
    """Mean space (pt) between neighbouring Chinese characters of a line: 0 for solid text."""
    pairs = sum(1 for w in line for a, b in zip(w.text, w.text[1:]) if CJK.match(a) and CJK.match(b))
    gaps = [b.x0 - a.x1 for a, b in zip(line, line[1:])
            if CJK.match(a.text[-1]) and CJK.match(b.text[0])]
    return sum(gaps) / (pairs + len(gaps)) if pairs + len(gaps) >= 5 else 0.0


def test_no_line_is_letter_spaced(reports):
    """A justified line before a run that cannot be broken (a URL) was spread letter by letter:
    "出 管 理 办 法 》 执 行 ， 详 见 https://…" (7 pt between characters). A line may spread
    a little before an amount, never by a quarter of a character."""
    for _, pdf in reports:
        spaced = ["".join(w.text for w in line) for line in body_lines(pdf) if spread(line) > 4]
        assert spaced == [], pdf.name


def test_long_title_is_broken_into_balanced_lines(reports):
    """The appendix title one character too long kept "告" alone on its second line; now its
    lines are of nearly equal length, broken between words."""
    _, pdf = reports[2]
    title = [line for line in body_lines(pdf, TITLE_HEIGHT)
             if "".join(w.text for w in line) in LONG_TITLE]
    texts = ["".join(w.text for w in line) for line in title]
    assert "".join(texts) == LONG_TITLE
    widths = [line[-1].x1 - line[0].x0 for line in title]
    assert len(widths) == 2 and min(widths) > 0.6 * max(widths), texts
    assert texts[1].startswith("部门")


# -- Latin face -----------------------------------------------------------------------------------

def test_latin_text_and_digits_are_set_in_liberation_serif(reports):
    """pdffonts: the faces other than the CJK ones are Liberation Serif (Times New Roman's metric
    twin, named in the replacement table), never a fallback such as DejaVu Serif."""
    _, pdf = reports[0]
    out = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    names = [line.split()[0].split("+", 1)[-1] for line in out.splitlines()[2:] if line.strip()]
    latin = [n for n in names if "CJK" not in n and "UKai" not in n]
    assert latin and all(n.startswith("LiberationSerif") for n in latin), names


def test_replacement_table_maps_times_new_roman_to_liberation_serif():
    assert P.replacements({"Liberation Serif"}) == {"Times New Roman": "Liberation Serif"}
    assert "Times New Roman" not in P.replacements({"Times New Roman", "Liberation Serif"})
    assert "Times New Roman" not in P.replacements({"Noto Serif CJK SC"})   # no stand-in


def test_font_note_names_the_latin_substitute(monkeypatch):
    monkeypatch.setattr(F, "font_substitutes", lambda: {"Times New Roman": "Liberation Serif"})
    note = F.font_note()
    assert "西文和数字" in note and "Times New Roman→Liberation Serif" in note and "字宽相同" in note
    assert "简体中文字体" not in note
    monkeypatch.setattr(F, "font_substitutes", lambda: {"黑体": "Noto Sans CJK SC Black",
                                                       "Times New Roman": "DejaVu Serif"})
    note = F.font_note()
    assert "黑体→Noto Sans CJK SC Black" in note and "Times New Roman→DejaVu Serif" in note
    assert "字宽不同" in note
