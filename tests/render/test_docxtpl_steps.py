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
