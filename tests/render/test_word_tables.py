"""The Word tables of the rendered sample: nine tables with repeated headers in one landscape run,
amounts, bold totals, name columns wide enough, long tables continued, workbook text kept clean."""
from __future__ import annotations

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from generator import schema
from tests.conftest import SAMPLE


@pytest.fixture(scope="module")
def doc(sample_report):
    return Document(str(sample_report))


def sections(doc):
    return list(doc.sections)


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


def test_drawn_paragraphs_are_what_python_docx_writes_for_them():
    """The run's paragraphs (title, meta, continuation lines) get their style as python-docx's
    ``p.style = …`` and ``alignment``/``page_break_before`` write them, and the tables the width
    python-docx's ``_block_width`` gives."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.text.paragraph import Paragraph
    from lxml import etree

    from generator.render import DEFAULT_TEMPLATE
    from generator.render.word_tables import _Writer

    document = Document(str(DEFAULT_TEMPLATE))
    writer = _Writer(document, OxmlElement("w:body"))
    assert writer.block_width == document._block_width
    for style, align, page_break in (("Table Title", None, True), ("Table Meta", WD_ALIGN_PARAGRAPH.RIGHT, False),
                                     ("Section Break", None, False)):
        ours = writer.paragraph("续表（公开01表）", style, align, page_break=page_break)
        theirs = Paragraph(OxmlElement("w:p"), None)
        theirs._p.style = document.styles[style].style_id  # python-docx writes the w:pStyle
        theirs.add_run("续表（公开01表）")
        if align is not None:
            theirs.alignment = align
        if page_break:
            theirs.paragraph_format.page_break_before = True
        assert ours._p.pPr is not None
        assert etree.tostring(ours._p.pPr) == etree.tostring(theirs._p.pPr)
