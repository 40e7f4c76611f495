"""docxtpl's post-render steps that ReportTemplate skips when they could change nothing
(render/docx_template.py): the skipped step gives what docxtpl's own gives, and a template or a
value that needs the step still gets it."""
from __future__ import annotations

import zipfile
from pathlib import Path

from docx import Document
from docxtpl import DocxTemplate

from generator.render.docx_template import ReportTemplate


def _template(tmp_path: Path, *texts: str) -> Path:
    doc = Document()
    for text in texts:
        doc.add_paragraph(text)
    path = tmp_path / "t.docx"
    doc.save(str(path))
    return path


def _body(tmp_path: Path, cls, context: dict, *texts: str) -> str:
    doc = cls(str(_template(tmp_path, *texts)))
    doc.render(context, autoescape=True)
    out = tmp_path / f"{cls.__name__}.docx"
    doc.save(str(out))
    with zipfile.ZipFile(out) as z:
        return z.read("word/document.xml").decode("utf-8")


def test_a_value_with_line_breaks_and_tabs_still_becomes_word_breaks_and_tabs(tmp_path):
    """docxtpl's Listing rule: \\n in a value → <w:br/>, \\t → <w:tab/>, \\a → a new paragraph."""
    body = _body(tmp_path, ReportTemplate, {"x": "第一行\n第二行\t列\a第二段"}, "{{ x }}")
    assert "<w:br/>" in body and "<w:tab/>" in body
    assert "第一行</w:t><w:br/>" in body
    assert body.count("<w:p>") + body.count("<w:p ") >= 2
    assert "\n第二行" not in body and "\t" not in body


def test_without_such_characters_the_part_is_what_docxtpl_gives(tmp_path):
    """The same template and context through docxtpl's class and ours: the same document XML."""
    context = {"x": "单位名称", "y": "<不是标签> & 其他"}
    texts = ("{{ x }}", "前文{{ y }}后文", "普通段落")
    assert _body(tmp_path, ReportTemplate, context, *texts) == _body(tmp_path, DocxTemplate, context, *texts)


def test_skipped_resolve_listing_returns_its_input_only_when_docxtpl_would(tmp_path):
    """On XML without tab/line/paragraph/page characters docxtpl's resolve_listing is the identity
    (checked here on real XML); with one inside a text, both change it alike."""
    doc = ReportTemplate(str(_template(tmp_path, "x")))
    plain = '<w:body><w:p><w:pPr><w:jc w:val="center"/></w:pPr><w:r><w:rPr><w:b/></w:rPr>' \
            '<w:t xml:space="preserve">甲 乙</w:t></w:r></w:p></w:body>'
    assert doc.resolve_listing(plain) == DocxTemplate.resolve_listing(doc, plain) == plain
    broken = plain.replace("甲 乙", "甲\n乙")
    assert doc.resolve_listing(broken) == DocxTemplate.resolve_listing(doc, broken) != broken


def _table_template(tmp_path: Path, cells: tuple[str, ...], rows: int = 1, spans: dict | None = None,
                    first_column: tuple[str, ...] = ()) -> Path:
    """A document with one table of ``len(cells)`` grid columns; its first row holds ``cells``,
    the first cells of the next rows ``first_column`` (a ``{%tr …%}`` text makes its row a row
    tag); ``spans`` {column: gridSpan value} on the first row."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    doc = Document()
    table = doc.add_table(rows=rows, cols=len(cells))
    for cell, text in zip(table.rows[0].cells, cells):
        cell.text = text
    for row, text in zip(table.rows[1:], first_column):
        row.cells[0].text = text
    for column, value in (spans or {}).items():
        span = OxmlElement("w:gridSpan")
        span.set(qn("w:val"), value)
        table.rows[0]._tr.tc_lst[column].get_or_add_tcPr().append(span)
    path = tmp_path / "table.docx"
    doc.save(str(path))
    return path


def _rendered(tmp_path: Path, cls, template: Path, context: dict) -> str:
    doc = cls(str(template))
    doc.render(context, autoescape=True)
    out = tmp_path / f"{cls.__name__}-out.docx"
    doc.save(str(out))
    with zipfile.ZipFile(out) as z:
        return z.read("word/document.xml").decode("utf-8")


def _grid_and_cells(xml: str) -> tuple[int, list[int]]:
    from lxml import etree

    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    table = etree.fromstring(xml.encode("utf-8")).find(f"{w}body/{w}tbl")
    return len(table.find(f"{w}tblGrid").findall(f"{w}gridCol")), [len(r.findall(f"{w}tc")) for r in table.iter(f"{w}tr")]


def test_a_column_loop_still_gets_its_grid_mended(tmp_path):
    """{%tc for %} makes five cells in a row of a three-column grid: docxtpl's fix_tables adds two
    gridCol, through ReportTemplate too, and the document is docxtpl's own."""
    template = _table_template(tmp_path, ("{%tc for c in cols %}", "{{ c }}", "{%tc endfor %}"))
    context = {"cols": ["甲", "乙", "丙", "丁", "戊"]}
    ours = _rendered(tmp_path, ReportTemplate, template, context)
    assert _grid_and_cells(ours) == (5, [5])
    assert ours == _rendered(tmp_path, DocxTemplate, template, context)


def test_a_row_loop_over_nothing_and_odd_spans_are_left_to_docxtpl(tmp_path):
    """A {%tr for %} over an empty list leaves a table without rows (docxtpl then removes its grid
    columns); a gridSpan of 0 makes a full-looking row narrower than its grid (docxtpl removes the
    columns it does not span): either way the document is what docxtpl's own class gives."""
    empty = _table_template(tmp_path, ("{%tr for r in rows %}", "", ""), rows=3,
                            first_column=("{{ r }}", "{%tr endfor %}"))
    assert _grid_and_cells(_rendered(tmp_path, ReportTemplate, empty, {"rows": []}))[1] == []
    assert _rendered(tmp_path, ReportTemplate, empty, {"rows": []}) == \
        _rendered(tmp_path, DocxTemplate, empty, {"rows": []})
    spanned = _table_template(tmp_path, ("甲", "乙", "丙"), spans={0: "1", 1: "0", 2: "0"})
    assert _grid_and_cells(_rendered(tmp_path, ReportTemplate, spanned, {})) == (1, [3])
    assert _rendered(tmp_path, ReportTemplate, spanned, {}) == _rendered(tmp_path, DocxTemplate, spanned, {})


def test_fitting_tables_are_not_walked_and_come_out_as_docxtpl_gives(tmp_path, monkeypatch):
    """A table whose rows are as wide as its grid (with a merged cell: gridSpan 2): docxtpl's
    fix_tables is not called, and the document is the one docxtpl's class writes."""
    template = _table_template(tmp_path, ("{{ a }}", "乙", "丙"), rows=2, spans={0: "2"})
    assert _grid_and_cells(expected := _rendered(tmp_path, DocxTemplate, template, {"a": "甲"})) == (3, [3, 3])
    calls = []
    original = DocxTemplate.fix_tables
    monkeypatch.setattr(DocxTemplate, "fix_tables", lambda self, xml: calls.append(1) or original(self, xml))
    assert _rendered(tmp_path, ReportTemplate, template, {"a": "甲"}) == expected
    assert calls == []
