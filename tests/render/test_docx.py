"""The rendered .docx: official typography, the nine Word tables, sections, 目录, stable bytes."""
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


def test_landscape_tables_sit_in_one_landscape_section(doc):
    """02–04 and 06–08 are wide; 05 between them joins them, so the pages turn to landscape
    once (before 02) and back once (before 09)."""
    landscape = [s for s in sections(doc) if s.page_width > s.page_height]
    assert len(landscape) == 1
    wide = {"02", "03", "04", "05", "06", "07", "08"}
    titles = {spec.title: spec.key in wide for spec in schema.TABLES}
    pending, seen = [], 0
    for child in doc.element.body.iterchildren():
        text = "".join(t.text or "" for t in child.iter(qn("w:t")))
        style = child.find(f"{qn('w:pPr')}/{qn('w:pStyle')}") if child.tag == qn("w:p") else None
        if style is not None and style.get(qn("w:val")) == "TableTitle" and text in titles:
            pending.append(titles[text])
            seen += 1
        sect = child.find(f"{qn('w:pPr')}/{qn('w:sectPr')}") if child.tag == qn("w:p") else None
        if sect is not None:
            size = sect.find(qn("w:pgSz"))
            is_landscape = int(size.get(qn("w:w"))) > int(size.get(qn("w:h")))
            assert all(p == is_landscape for p in pending), (pending, is_landscape)
            pending = []
    assert seen == 9 and not any(pending)  # what is left lies in the final (portrait) section


def test_landscape_page_is_the_portrait_page_turned_with_its_number_on_the_binding_edge(doc):
    """Turned a quarter clockwise: the portrait left margin (binding) is the landscape top,
    the portrait bottom margin (page number) its left; the number sits in a text box on that
    edge, set vertically, as far from the edge as on portrait pages."""
    portrait = doc.sections[-1]
    turned = next(s for s in sections(doc) if s.page_width > s.page_height)
    assert (turned.top_margin, turned.left_margin, turned.bottom_margin, turned.right_margin) == (
        portrait.left_margin, portrait.bottom_margin, portrait.right_margin, portrait.top_margin)
    for footer, align in ((turned.footer, "right"), (turned.even_page_footer, "left")):
        xml = footer._element.xml
        assert 'vert="vert"' in xml and "PAGE" in xml and 'relativeFrom="page"' in xml
        assert f'<w:jc w:val="{align}"/>' in xml   # odd: lower end, even: upper end
        x = int(xml.split("<wp:posOffset>")[1].split("<")[0])
        width = int(xml.split('<wp:extent cx="')[1].split('"')[0])
        centre = x + width // 2
        assert abs(centre - (portrait.footer_distance + Pt(14) // 2)) < Mm(0.5)


def test_page_numbers_footer_and_unnumbered_cover(doc):
    footer_sections = [s for s in sections(doc) if s._sectPr.find(qn("w:footerReference")) is not None]
    assert sections(doc)[0]._sectPr.find(qn("w:footerReference")) is None  # cover
    first = footer_sections[0]._sectPr.find(qn("w:pgNumType"))
    assert first is not None and first.get(qn("w:start")) == "1"
    footer = footer_sections[0].footer
    xml = footer._element.xml
    assert "PAGE" in xml and "— " in footer.paragraphs[0].text and " —" in footer.paragraphs[0].text


def table_parts(doc) -> dict[str, list]:
    """公开0N表 → its Word tables in order (a continued table has several parts)."""
    from docx.table import Table

    out: dict[str, list] = {}
    current = None
    for child in doc.element.body.iterchildren():
        text = "".join(t.text or "" for t in child.iter(qn("w:t")))
        if child.tag == qn("w:p") and text.startswith("公开") and text.endswith("表"):
            current = text
        elif child.tag == qn("w:tbl") and current:
            out.setdefault(current, []).append(Table(child, doc._body))
    return out


def test_nine_word_tables_with_repeated_headers(doc):
    parts = table_parts(doc)
    assert list(parts) == [spec.number for spec in schema.TABLES]
    continued = [p.text for p in doc.paragraphs if p.text.startswith("续表")]
    assert len(doc.tables) == 9 + len(continued)
    for table in doc.tables:
        first_row = table.rows[0]._tr
        assert first_row.trPr.find(qn("w:tblHeader")) is not None
        assert table.style.name == "Table Grid"
    paragraphs = [p.text for p in doc.paragraphs]
    for spec in schema.TABLES:
        assert spec.title in paragraphs and spec.number in paragraphs
    assert any(p.startswith("编制单位：") and p.endswith("单位：万元") for p in paragraphs)
    assert schema.T08.empty_note in paragraphs and schema.T09.empty_note in paragraphs


def test_amounts_right_aligned_with_two_decimals(doc):
    t05 = table_parts(doc)["公开05表"][0]
    total_row = [c for c in t05.rows[3].cells]
    amount = total_row[2].paragraphs[0]
    assert amount.alignment == 2  # WD_ALIGN_PARAGRAPH.RIGHT
    assert amount.text.count(".") == 1 and len(amount.text.split(".")[1]) == 2


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


def test_control_characters_in_workbook_text_do_not_break_the_tables(tmp_path):
    from dataclasses import replace

    from generator.derive.context import build_context
    from generator.model import Text
    from generator.pipeline import check
    from generator.render import render_docx

    checked = check(SAMPLE)
    unit = dict(checked.disclosure.unit)
    unit["单位名称"] = Text("某单位\x0b\x01名称")
    d = replace(checked.disclosure, unit=unit)
    out = render_docx(build_context(d, checked.figures), tmp_path / "r.docx", year="2021")
    paragraphs = [p.text for p in Document(str(out)).paragraphs]
    assert "编制单位：某单位名称\t单位：万元" in paragraphs


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


def test_total_rows_bold_in_the_word_tables(doc):
    parts = table_parts(doc)
    for number in ("公开02表", "公开03表", "公开05表"):
        total = parts[number][0].rows[3]   # two header rows, 栏次, then 合计
        assert total.cells[0].text == "合计"
        for cell in total.cells:
            for r in cell._tc.iter(qn("w:r")):
                assert r.find(f"{qn('w:rPr')}/{qn('w:b')}") is not None
    detail = parts["公开05表"][0].rows[4]
    assert not list(detail._tr.iter(qn("w:b")))


def test_name_columns_hold_the_longest_name_at_the_table_size(doc):
    """科目名称 columns: at least the longest name's width at 9 pt (one em a Chinese character)
    plus the cell padding (57 twips a side), so that no name wraps."""
    size = doc.styles["Table Text"].font.size.twips          # 180 twips = 9 pt
    assert size == 180
    for number, parts in table_parts(doc).items():
        table = parts[0]
        header = [c.text for c in table.rows[1].cells]
        if "科目名称" not in header or number == "公开06表":
            continue
        col = header.index("科目名称")
        names = [row.cells[col].text for part in parts for row in part.rows[3:]]
        longest = max((len(n) for n in names), default=0)
        width = int(table._tbl.tblGrid.findall(qn("w:gridCol"))[col].get(qn("w:w")))
        assert width >= longest * size + 2 * 57, (number, longest, width)
    # The 项目 columns of 01 and 04 (income at the left, expense at the right) likewise.
    for number in ("公开01表", "公开04表"):
        parts = table_parts(doc)[number]
        grid = parts[0]._tbl.tblGrid.findall(qn("w:gridCol"))
        for col in (0, 3):
            labels = [row.cells[col].text for part in parts for row in part.rows[3:]]
            width = int(grid[col].get(qn("w:w")))
            assert width >= max(len(t) for t in labels) * size + 2 * 57, (number, col, width)


def test_a_table_longer_than_its_page_continues_after_a_continuation_line(doc):
    """04 has 32 body rows and 3 header rows; at the 12 pt line pitch of the table text, under
    its title (30 pt + 4 pt) and two 18 pt meta lines, they need more than the 156 mm text
    height of a landscape page, so a second part follows 续表（公开04表）."""
    pitch = doc.styles["Table Text"].paragraph_format.line_spacing.pt
    assert pitch == 12
    turned = next(s for s in sections(doc) if s.page_width > s.page_height)
    height = (turned.page_height - turned.top_margin - turned.bottom_margin) / 12700
    parts = table_parts(doc)["公开04表"]
    rows = sum(len(p.rows) - 3 for p in parts)
    assert rows == 32 and (rows + 3) * pitch + 34 + 2 * 18 > height
    assert len(parts) >= 2
    texts = [p.text for p in doc.paragraphs]
    assert texts.count("续表（公开04表）") == len(parts) - 1
    # Every part repeats the header rows.
    for part in parts:
        assert [c.text for c in part.rows[0].cells][:2] == ["收入", "收入"]
    # Tables that fit a page are not cut.
    assert all(len(p) == 1 for n, p in table_parts(doc).items() if n != "公开04表")


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
