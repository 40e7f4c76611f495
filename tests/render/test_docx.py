"""The rendered .docx: official typography, sections and page numbers, 目录, stable bytes (tables: test_word_tables)."""
from __future__ import annotations

import zipfile

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from generator import schema
from generator.pipeline import build
from generator.render import toc_entries
from tests.conftest import SAMPLE


@pytest.fixture(scope="module")
def doc(sample_report):
    return Document(str(sample_report))


def east_asian_font(style) -> str | None:
    """The w:eastAsia font a style gives its text (its own rPr or the style it is based on)."""
    while style is not None:
        rpr = style.element.rPr
        fonts = rpr.find(qn("w:rFonts")) if rpr is not None else None
        if fonts is not None and fonts.get(qn("w:eastAsia")):
            return fonts.get(qn("w:eastAsia"))
        style = style.base_style
    return None


def used_styles(doc):
    body = doc.element.body
    ids = {s.get(qn("w:val")) for s in body.iter(qn("w:pStyle"))}
    ids |= {s.get(qn("w:val")) for s in body.iter(qn("w:tblStyle"))}
    by_id = {s.style_id: s for s in doc.styles}
    return {i: by_id[i] for i in ids}


def test_every_used_style_carries_an_east_asian_font(doc):
    styles = used_styles(doc)
    assert {"Heading1", "Heading2", "Title", "TableGrid"} <= set(styles)
    for sid, style in styles.items():
        assert east_asian_font(style), sid
    # Paragraphs without a style fall back to Normal, which must carry it too.
    assert east_asian_font(doc.styles["Normal"]) == "仿宋_GB2312"


@pytest.mark.parametrize("name, font, size", [
    ("Title", "方正小标宋简体", Pt(22)),       # 二号
    ("Heading 1", "方正小标宋简体", Pt(22)),   # 第X部分: 二号, the largest under the title
    ("Heading 2", "黑体", Pt(16)),
    ("Heading 3", "楷体_GB2312", Pt(16)),
    ("Normal", "仿宋_GB2312", Pt(16)),
])
def test_official_fonts_and_sizes(doc, name, font, size):
    style = doc.styles[name]
    assert east_asian_font(style) == font
    assert style.font.size == size


def test_body_text_fixed_pitch_and_two_character_indent(doc):
    pf = doc.styles["Normal"].paragraph_format
    assert pf.line_spacing == Pt(28.95)
    assert pf.first_line_indent == Pt(32)  # two characters of 三号 (16 pt)


def sections(doc):
    return list(doc.sections)


def test_a4_margins_of_portrait_sections(doc):
    portrait = [s for s in sections(doc) if s.page_width < s.page_height]
    assert portrait
    for s in portrait:
        assert abs(s.page_width - Mm(210)) < Mm(1) and abs(s.page_height - Mm(297)) < Mm(1)
        for got, want in ((s.top_margin, 37), (s.bottom_margin, 35), (s.left_margin, 28),
                          (s.right_margin, 26)):
            assert abs(got - Mm(want)) < Mm(0.5)


def test_page_numbers_footer_and_unnumbered_cover(doc):
    footer_sections = [s for s in sections(doc) if s._sectPr.find(qn("w:footerReference")) is not None]
    assert sections(doc)[0]._sectPr.find(qn("w:footerReference")) is None  # cover
    first = footer_sections[0]._sectPr.find(qn("w:pgNumType"))
    assert first is not None and first.get(qn("w:start")) == "1"
    footer = footer_sections[0].footer
    xml = footer._element.xml
    assert "PAGE" in xml and "— " in footer.paragraphs[0].text and " —" in footer.paragraphs[0].text


def test_toc_lists_parts_sections_and_tables(sample_report, doc):
    entries = toc_entries(sample_report)
    texts = [t for _, t in entries]
    assert [t for lvl, t in entries if lvl == 1][:5] == [
        p.text for p in doc.paragraphs if p.style.name == "Heading 1"][:5]
    for spec in schema.TABLES:
        assert spec.title in texts
    settings = zipfile.ZipFile(sample_report).read("word/settings.xml").decode()
    assert "updateFields" in settings
    # The field's shown result holds the entries (text only until page numbers are known).
    shown = [p.text for p in doc.paragraphs if p.style.name.startswith("toc ")]
    assert shown == texts


def test_toc_page_numbers_when_known(tmp_path):
    from generator.derive.context import build_context
    from generator.pipeline import check
    from generator.render import render_docx

    checked = check(SAMPLE)
    out = render_docx(build_context(checked.disclosure, checked.figures), tmp_path / "r.docx",
                      year="2021")
    n = len(toc_entries(out))
    render_docx(build_context(checked.disclosure, checked.figures), out, year="2021",
                toc_pages=[str(i + 1) for i in range(n)])
    shown = [p.text for p in Document(str(out)).paragraphs if p.style.name.startswith("toc ")]
    assert len(shown) == n and all(s.endswith(f"\t{i + 1}") for i, s in enumerate(shown))


def test_two_builds_give_identical_bytes(tmp_path):
    a = build(SAMPLE, tmp_path / "a.docx").output.read_bytes()
    b = build(SAMPLE, tmp_path / "b.docx").output.read_bytes()
    assert a == b
    with zipfile.ZipFile(tmp_path / "a.docx") as zf:
        assert {i.date_time for i in zf.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def test_no_marker_or_placeholder_left(doc):
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "juesuan-part2" not in text and "（目录）" not in text


# -- publication typography (GB/T 9704) -------------------------------------------------------

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def style_value(style, path: str, attr: str = "val"):
    """An rPr/pPr value a style gives (its own or through ``basedOn``), else None."""
    while style is not None:
        node = style.element.find(path.replace("w:", W))
        if node is not None and node.get(f"{W}{attr}") is not None:
            return node.get(f"{W}{attr}")
        style = style.base_style
    return None


def test_east_asian_language_is_simplified_chinese_everywhere(doc, sample_report):
    defaults = doc.styles.element.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}lang")
    assert defaults.get(f"{W}eastAsia") == "zh-CN"
    for sid, style in used_styles(doc).items():
        assert style_value(style, "w:rPr/w:lang", "eastAsia") == "zh-CN", sid
    # No run overrides it with another language; the tables' runs say zh-CN themselves.
    langs = {n.get(f"{W}eastAsia") for n in doc.element.body.iter(f"{W}lang")}
    assert langs == {"zh-CN"}
    for table in doc.tables:
        for r in table._tbl.iter(f"{W}r"):
            assert r.find(f"{W}rPr/{W}lang").get(f"{W}eastAsia") == "zh-CN"
    with zipfile.ZipFile(sample_report) as zf:
        assert 'w:eastAsia="ja-JP"' not in zf.read("word/settings.xml").decode()


def test_official_faces_carry_windows_stand_ins_in_the_font_table(sample_report):
    from lxml import etree

    with zipfile.ZipFile(sample_report) as zf:
        fonts = etree.fromstring(zf.read("word/fontTable.xml"))
    alt = {f.get(f"{W}name"): f.find(f"{W}altName").get(f"{W}val")
           for f in fonts.iter(f"{W}font") if f.find(f"{W}altName") is not None}
    # The faces a stock Chinese Windows has (宋体 SimSun, 黑体 SimHei, 楷体 KaiTi, 仿宋 FangSong).
    assert alt["仿宋_GB2312"] == "仿宋" and alt["楷体_GB2312"] == "楷体"
    assert alt["黑体"] == "SimHei" and alt["方正小标宋简体"] == "宋体"
    charsets = {f.get(f"{W}name"): f.find(f"{W}charset").get(f"{W}val")
                for f in fonts.iter(f"{W}font")}
    assert charsets["仿宋_GB2312"] == "86"  # GB2312


def test_hierarchy_part_headings_are_the_largest_under_the_title(doc):
    sizes = {name: doc.styles[name].font.size for name in (
        "Title", "Heading 1", "Heading 2", "Heading 3", "Item Heading", "Normal", "Table Title",
        "Appendix Title", "Appendix Heading")}
    assert sizes["Title"] == Pt(22) and sizes["Heading 1"] == Pt(22)      # 二号
    for under in ("Heading 2", "Heading 3", "Table Title", "Appendix Title", "Appendix Heading",
                  "Item Heading"):
        assert sizes[under] < sizes["Heading 1"], under
    assert sizes["Heading 2"] == sizes["Heading 3"] == sizes["Normal"] == Pt(16)  # 三号
    assert east_asian_font(doc.styles["Heading 2"]) == "黑体"
    assert east_asian_font(doc.styles["Heading 3"]) == "楷体_GB2312"
    assert east_asian_font(doc.styles["Item Heading"]) == "仿宋_GB2312"


def test_line_grid_22_lines_of_28_characters(doc):
    """22 lines: grid pitch × 22 fills the 225 mm text height; 28 characters of 三号 set closer
    by the body's spacing fit the 156 mm line, 29 do not."""
    body = [s for s in sections(doc) if s.page_width < s.page_height
            and s._sectPr.find(qn("w:footerReference")) is not None]
    assert body
    for s in body:
        grid = s._sectPr.find(qn("w:docGrid"))
        pitch = int(grid.get(qn("w:linePitch")))  # twips
        height = (s.page_height - s.top_margin - s.bottom_margin) / 635  # EMU → twips
        assert pitch * 22 <= height < pitch * 23
    normal = doc.styles["Normal"]
    assert normal.paragraph_format.line_spacing.twips == pitch
    spacing = int(style_value(normal, "w:rPr/w:spacing")) / 20  # pt
    width = (Mm(210) - Mm(28) - Mm(26)) / 12700  # pt
    char = 16 + spacing
    assert 28 * char <= width < 29 * char
    for name in ("Heading 2", "Heading 3", "Item Heading"):
        assert style_value(doc.styles[name], "w:rPr/w:spacing") == str(int(spacing * 20))
    # Titles, the 目录 and the tables keep normal spacing and stay off the grid.
    for name in ("Heading 1", "Table Title", "toc 1", "Table Text"):
        assert style_value(doc.styles[name], "w:rPr/w:spacing") == "0", name
        assert style_value(doc.styles[name], "w:pPr/w:snapToGrid") == "0", name


def test_page_numbers_odd_right_even_left_one_character_in_7mm_below_text(doc, sample_report):
    with zipfile.ZipFile(sample_report) as zf:
        assert "<w:evenAndOddHeaders/>" in zf.read("word/settings.xml").decode()
    numbered = [s for s in sections(doc) if s._sectPr.find(qn("w:footerReference")) is not None
                and s.page_width < s.page_height]
    for s in numbered:
        kinds = {r.get(qn("w:type")) for r in s._sectPr.findall(qn("w:footerReference"))}
        assert kinds == {"default", "even"}
        odd, even = s.footer.paragraphs[0], s.even_page_footer.paragraphs[0]
        assert odd.alignment == 2 and odd.paragraph_format.right_indent == Pt(14)   # right
        assert even.alignment == 0 and even.paragraph_format.left_indent == Pt(14)  # left
        for p in (odd, even):
            assert p.text.startswith("— ") and p.text.endswith(" —")
            assert "PAGE" in p._p.xml
            for r in p.runs:
                assert r.font.size == Pt(14)                                       # 四号
                assert r._r.rPr.rFonts.get(qn("w:eastAsia")) == "宋体"
            # The number's line (exact 14 pt) is centred 7 mm under the text area.
            line = p.paragraph_format.line_spacing
            centre = s.footer_distance + line / 2
            assert abs((s.bottom_margin - centre) - Mm(7)) < Mm(0.2)


def test_toc_entries_fit_one_line(doc):
    """At 四号 (14 pt), each entry plus its indent and three characters for the leader and the
    number fits the text width: no entry wraps to a line of dots."""
    width = (Mm(210) - Mm(28) - Mm(26)) / 12700
    for p in doc.paragraphs:
        if not p.style.name.startswith("toc "):
            continue
        style = p.style
        assert style.font.size == Pt(14)
        indent = (style.paragraph_format.left_indent or 0) / 12700
        text = p.text.split("\t")[0]
        chars = sum(1 if ord(ch) > 127 else 0.6 for ch in text)
        assert indent + (chars + 3) * 14 <= width, text


def test_appendix_sections_indented_under_the_appendix_title(sample_report):
    entries = toc_entries(sample_report)
    levels = [lvl for lvl, _ in entries]
    title = next(i for i, (lvl, t) in enumerate(entries) if t.endswith("绩效评价报告"))
    assert levels[title] == 2
    assert entries[title + 1][1].startswith("一、") and levels[title + 1] == 3


def test_template_parts_compiled_once_per_process_each_report_its_own_text(tmp_path, second_data,
                                                                              write_unit):
    """A batch renders the same template for every unit: its XML parts are compiled once (the
    process's environment keeps them), and each report still shows its own unit and figures."""
    from generator.render.document import _environment

    second = write_unit(second_data, "second.xlsx")
    first = build(SAMPLE, tmp_path / "a.docx").output
    compiled = dict(_environment()._compiled)
    assert compiled  # document, header and footer parts of the template
    again = build(second, tmp_path / "b.docx").output
    assert _environment()._compiled.keys() == compiled.keys()
    assert all(_environment()._compiled[k] is v for k, v in compiled.items())
    unit = second_data["sheets"]["单位信息"]["单位名称"]
    a_text = "".join(p.text for p in Document(str(first)).paragraphs)
    b_text = "".join(p.text for p in Document(str(again)).paragraphs)
    assert unit in b_text and unit not in a_text
    assert zipfile.ZipFile(build(SAMPLE, tmp_path / "c.docx").output).read("word/document.xml") == \
        zipfile.ZipFile(first).read("word/document.xml")
