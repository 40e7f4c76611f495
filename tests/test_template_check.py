"""generator.template_check and custom templates: export, edit, use; broken templates refused
before rendering with a Chinese message naming the tag."""
from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.render import DEFAULT_TEMPLATE
from generator.render.template_check import check_template, context_names, scan
from tests.conftest import SAMPLE

SENTENCE = "本单位无国有资本经营预算财政拨款支出。"


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def document_xml(path: Path) -> str:
    with zipfile.ZipFile(path) as zf:
        return zf.read("word/document.xml").decode("utf-8")


def edited(tmp_path: Path, change, name: str = "模板.docx") -> Path:
    """A copy of the default template with ``change(xml) -> xml`` applied to document.xml."""
    out = tmp_path / name
    with zipfile.ZipFile(DEFAULT_TEMPLATE) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "word/document.xml":
                new = change(data.decode("utf-8"))
                assert new != data.decode("utf-8"), "the edit did not apply"
                data = new.encode("utf-8")
            dst.writestr(item, data)
    return out


def report_text(path: Path) -> str:
    return "\n".join(re.findall(r"<w:t(?:\s[^>]*)?>([^<]*)</w:t>", document_xml(path)))


def test_default_template_passes():
    assert check_template(DEFAULT_TEMPLATE, context_names()) == []


def test_context_names_are_the_report_context():
    assert {"unit_name", "year", "s1"} <= context_names()


def test_export_then_edit_changes_the_report(tmp_path):
    exported = tmp_path / "导出.docx"
    result = run("template", "export", exported)
    assert result.exit_code == 0, result.output
    assert exported.read_bytes() == DEFAULT_TEMPLATE.read_bytes()
    assert SENTENCE in document_xml(exported)
    template = edited(tmp_path, lambda x: x.replace(SENTENCE, "本单位本年度没有国有资本经营预算财政拨款支出。"))
    assert run("template", "check", template).exit_code == 0
    out = tmp_path / "r.docx"
    result = run("build", SAMPLE, "-o", out, "--template", template)
    assert result.exit_code == 0, result.output
    text = report_text(out)
    assert "本单位本年度没有国有资本经营预算财政拨款支出。" in text and SENTENCE not in text


def test_export_refuses_to_overwrite(tmp_path):
    target = tmp_path / "t.docx"
    target.write_bytes(b"mine")
    assert run("template", "export", target).exit_code == 2
    assert target.read_bytes() == b"mine"


def test_unknown_variable_is_refused_naming_it(tmp_path):
    template = edited(tmp_path, lambda x: x.replace(SENTENCE, "{{ mystery_total }}"))
    issues = check_template(template, context_names())
    assert [(i.kind, i.tag) for i in issues] == [("unknown", "{{ mystery_total }}")]
    out = tmp_path / "r.docx"
    result = run("build", SAMPLE, "-o", out, "--template", template)
    assert result.exit_code == 2
    assert "mystery_total" in result.output and "未知的名称" in result.output
    assert not out.exists()


def test_tag_split_across_runs_is_refused(tmp_path):
    def split(xml: str) -> str:
        return xml.replace("{{ year }}", "{{ ye</w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>ar }}", 1)
    template = edited(tmp_path, split)
    issues = check_template(template, context_names())
    assert [(i.kind, i.tag) for i in issues] == [("split", "{{ year }}")]
    result = run("build", SAMPLE, "-o", tmp_path / "r.docx", "--template", template)
    assert result.exit_code == 2 and "{{ year }}" in result.output and "拆分" in result.output


def test_split_delimiter_is_refused():
    xml = '<w:p><w:r><w:t>前{</w:t></w:r><w:r><w:t>{ year }}</w:t></w:r></w:p>'
    tags, issues = scan(xml)
    assert tags == ["{{ year }}"] and [i.kind for i in issues] == ["split"]


def test_smart_quotes_in_a_tag_are_refused(tmp_path):
    template = edited(tmp_path, lambda x: x.replace("a.level == 'h1'", "a.level == ‘h1’", 1))
    issues = check_template(template, context_names())
    assert [i.kind for i in issues] == ["quotes"] and "‘h1’" in issues[0].tag
    assert "引号" in issues[0].message


@pytest.mark.parametrize("xml, kind", [
    ("<w:p><w:r><w:t>{{ year </w:t></w:r></w:p>", "unclosed"),
    ("<w:p><w:r><w:t>{% if year %}</w:t></w:r></w:p>", "syntax"),
], ids=["unclosed", "if-without-endif"])
def test_broken_tags(tmp_path, xml, kind):
    template = edited(tmp_path, lambda x: x.replace("</w:body>", xml + "</w:body>"))
    assert [i.kind for i in check_template(template, context_names())] == [kind]


def test_not_a_docx_is_refused(tmp_path):
    bogus = tmp_path / "t.docx"
    bogus.write_text("文本", encoding="utf-8")
    assert [i.kind for i in check_template(bogus, {"x"})] == ["file"]
    result = run("build", SAMPLE, "-o", tmp_path / "r.docx", "--template", bogus)
    assert result.exit_code == 2 and "不是 Word 文档" in result.output
