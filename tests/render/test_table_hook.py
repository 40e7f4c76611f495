"""How table tags enter the document (render/docx_template.py, docs/profiles.md “模板中的决算表”):
a run of consecutive paragraphs holding only a table tag is one run of tables; a table tag anywhere
else is refused with a Chinese TemplateProblem."""
from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn

from generator.render import DEFAULT_TEMPLATE, TemplateProblem, render_docx
from tests.conftest import SAMPLE

TAG = "<w:p><w:pPr/><w:r><w:t>{{{{ {} }}}}</w:t></w:r></w:p>"  # as templates/report.docx has them


@pytest.fixture(scope="module")
def context():
    from generator.derive.context import build_context
    from generator.pipeline import check

    checked = check(SAMPLE)
    return build_context(checked.disclosure, checked.figures)


def variant(tmp_path: Path, name: str, *replacements: tuple[str, str]) -> Path:
    """The default template with document.xml's text replaced (each ``old`` must occur)."""
    out = tmp_path / name
    with zipfile.ZipFile(DEFAULT_TEMPLATE) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == "word/document.xml":
                xml = data.decode("utf-8")
                for old, new in replacements:
                    assert old in xml, old
                    xml = xml.replace(old, new)
                data = xml.encode("utf-8")
            zout.writestr(info.filename, data)
    return out


def landscape_sections(path: Path) -> int:
    return sum(s.page_width > s.page_height for s in Document(str(path)).sections)


def table_titles(path: Path) -> list[str]:
    body = Document(str(path)).element.body
    return ["".join(t.text or "" for t in p.iter(qn("w:t"))) for p in body.iterchildren(qn("w:p"))
            if (s := p.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")) is not None and s.get(qn("w:val")) == "TableTitle"]


def test_consecutive_tags_share_one_landscape_section_a_paragraph_between_starts_a_new_run(tmp_path, context):
    """02–08 are landscape in the sample (test_docx): drawn as one run they turn the pages once; an
    empty paragraph between 04 and 05 makes two runs, each with its own landscape section."""
    joined = render_docx(context, tmp_path / "joined.docx", year="2021")
    split = render_docx(context, tmp_path / "split.docx", variant(
        tmp_path, "split.docx", (TAG.format("表05"), "<w:p/>" + TAG.format("表05"))), year="2021")
    assert landscape_sections(joined) == 1
    assert landscape_sections(split) == 2
    assert table_titles(split) == table_titles(joined) and len(table_titles(joined)) == 9


def test_paragraph_form_of_the_tag_draws_the_same_document(tmp_path, context):
    """``{{p 表01 }}`` (docxtpl's paragraph form) is the same as ``{{ 表01 }}`` alone in a paragraph."""
    plain = render_docx(context, tmp_path / "plain.docx", year="2021")
    forms = [(TAG.format(f"表0{n}"), TAG.format(f"表0{n}").replace("{{ ", "{{p ")) for n in range(1, 10)]
    with_p = render_docx(context, tmp_path / "p.docx", variant(tmp_path, "p.docx", *forms), year="2021")
    assert with_p.read_bytes() == plain.read_bytes()


@pytest.mark.parametrize("where, new", [
    ("with text", "<w:p><w:r><w:t>见下表：{{ 表03 }}</w:t></w:r></w:p>"),
    ("in a cell", "<w:tbl><w:tblPr/><w:tblGrid><w:gridCol w:w=\"2000\"/></w:tblGrid><w:tr><w:tc><w:tcPr/>"
                  "<w:p><w:r><w:t>{{ 表03 }}</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"),
])
def test_a_table_tag_not_alone_in_a_body_paragraph_is_a_template_problem(tmp_path, context, where, new):
    """Refused while rendering, and by ``template check`` beforehand, with the same words."""
    from generator.render.template_check import check_template, context_names

    out = tmp_path / "r.docx"
    template = variant(tmp_path, "t.docx", (TAG.format("表03"), new))
    with pytest.raises(TemplateProblem) as caught:
        render_docx(context, out, template, year="2021")
    message = str(caught.value)
    assert "“{{ 表03 }}”没有单独占一段" in message and "单独放在正文的一段中" in caught.value.hint
    assert not out.exists()
    issues = check_template(template, context_names())
    assert [(i.kind, i.tag) for i in issues] == [("place", "{{ 表03 }}")]
    assert issues[0].message == message + caught.value.hint


def test_the_builtin_templates_have_every_table_tag_in_its_own_paragraph():
    from generator.render import BUILTIN_TEMPLATES, resolve_template
    from generator.render.template_check import check_template, context_names

    for name in BUILTIN_TEMPLATES:
        assert check_template(resolve_template(name), context_names()) == [], name


def test_a_table_tag_between_the_tags_of_a_run_keeps_the_order_of_the_template(tmp_path, context):
    """The run prints the tables in the order of its paragraphs, not the context's."""
    swapped = variant(tmp_path, "swapped.docx", (TAG.format("表01"), TAG.format("表0X")),
                      (TAG.format("表09"), TAG.format("表01")), (TAG.format("表0X"), TAG.format("表09")))
    titles = table_titles(render_docx(context, tmp_path / "r.docx", swapped, year="2021"))
    joined = table_titles(render_docx(context, tmp_path / "j.docx", year="2021"))
    assert titles == [joined[-1], *joined[1:-1], joined[0]]


def test_patch_xml_runs_once_per_part_text_and_the_report_is_the_same(tmp_path, context, monkeypatch):
    """A batch renders one template for every unit: docxtpl's patch_xml runs once per part text;
    the second report, from the kept texts, is byte for byte the first."""
    from docxtpl import DocxTemplate

    from generator.render.docx_template import ReportTemplate

    calls = []
    original = DocxTemplate.patch_xml
    monkeypatch.setattr(DocxTemplate, "patch_xml", lambda self, xml: calls.append(xml) or original(self, xml))
    monkeypatch.setattr(ReportTemplate, "_patched", {})
    first = render_docx(context, tmp_path / "a.docx", year="2021").read_bytes()
    patched = len(calls)
    second = render_docx(context, tmp_path / "b.docx", year="2021").read_bytes()
    assert patched >= 3 and len(calls) == patched  # body, footers …: none patched again
    assert second == first
