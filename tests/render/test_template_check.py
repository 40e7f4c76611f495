"""generator.template_check and custom templates: export, edit, use; broken templates refused
before rendering with a Chinese message naming the tag."""
from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.render import BUILTIN_TEMPLATES, DEFAULT_TEMPLATE, docx_text, resolve_template
from generator.render.template_check import check_template, context_names, scan
from tests.conftest import SAMPLE

SENTENCE = "本单位无国有资本经营预算财政拨款支出。"


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def document_xml(path: Path) -> str:
    with zipfile.ZipFile(path) as zf:
        return zf.read("word/document.xml").decode("utf-8")


def edited(tmp_path: Path, change, name: str = "模板.docx", source: Path = DEFAULT_TEMPLATE) -> Path:
    """A copy of the default template with ``change(xml) -> xml`` applied to document.xml."""
    out = tmp_path / name
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
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
    assert {"单位名称", "年度", "收支总计", "三公经费合计", "收支总计增减原因", "项目明细", "表01", "表09"} <= context_names()


def test_builtin_templates_pass():
    for name in BUILTIN_TEMPLATES:
        assert check_template(resolve_template(name), context_names()) == []


WORD_RUN = ('<w:r w:rsidR="00A41C2E" w:rsidRPr="00A41C2E"><w:rPr><w:rFonts w:hint="eastAsia"/>'
            '<w:lang w:eastAsia="zh-CN"/></w:rPr><w:t>{}</w:t></w:r>')


def test_reworded_part3_sentence_reaches_the_report(tmp_path):
    """A bureau rewords §一 in Word: Word saves the edited text as a run of its own with its
    revision ids and language; the report follows with the figure in place."""
    exported = tmp_path / "导出.docx"
    assert run("template", "export", exported).exit_code == 0

    def reword(xml: str) -> str:
        old = re.search(r"<w:r>(?:<w:rPr>.*?</w:rPr>)?<w:t[^>]*>年度收、支总计各</w:t></w:r>", xml).group(0)
        return xml.replace(old, WORD_RUN.format("年度本单位收入和支出总计均为"), 1)
    template = edited(tmp_path, reword, source=exported)
    assert run("template", "check", template).exit_code == 0
    out = tmp_path / "r.docx"
    result = run("build", SAMPLE, "-o", out, "--template", template)
    assert result.exit_code == 0, result.output
    paragraphs = docx_text(out)
    assert ("2021年度本单位收入和支出总计均为207.02万元。与上年相比，收、支总计各减少4.23万元，下降2.00%，"
            "主要是因为财政对公用经费及业务工作经费进行了压减。") in paragraphs
    assert not any("收、支总计各207.02" in p for p in paragraphs)


def test_unknown_filter_and_helper_are_refused_naming_the_tag(tmp_path):
    def change(xml: str) -> str:
        xml = xml.replace("{{ 收支总计|万元 }}", "{{ 收支总计|千元 }}", 1)
        return xml.replace("{{ 变化(收支总计) }}", "{{ 增减(收支总计) }}", 1)
    template = edited(tmp_path, change)
    issues = check_template(template, context_names())
    assert sorted((i.kind, i.tag) for i in issues) == [
        ("unknown", "{{ 增减(收支总计) }}"), ("unknown", "{{ 收支总计|千元 }}")]
    result = run("build", SAMPLE, "-o", tmp_path / "r.docx", "--template", template)
    assert result.exit_code == 2 and "千元" in result.output and "增减" in result.output


def test_unknown_name_suggests_the_close_one(tmp_path):
    template = edited(tmp_path, lambda x: x.replace("{{ 收支总计|万元 }}", "{{ 收支总额|万元 }}", 1))
    [issue] = check_template(template, context_names())
    assert issue.tag == "{{ 收支总额|万元 }}" and "“收支总额”" in issue.message and "收支总计" in issue.message


def test_a_table_tag_can_stand_anywhere(tmp_path):
    """表07 moved from 第二部分 to §七 of 第三部分: drawn there with its heading, still nine tables."""
    def move(xml: str) -> str:
        paragraph = re.search(r"<w:p>(?:(?!<w:p>).)*?\{\{ 表07 \}\}.*?</w:p>", xml).group(0)
        xml = xml.replace(paragraph, "", 1)
        anchor = re.search(r"<w:p>(?:(?!<w:p>).)*?（二）“三公”经费财政拨款支出决算具体情况说明.*?</w:p>", xml).group(0)
        return xml.replace(anchor, paragraph + anchor, 1)
    template = edited(tmp_path, move)
    out = tmp_path / "r.docx"
    result = run("build", SAMPLE, "-o", out, "--template", template)
    assert result.exit_code == 0, result.output
    from docx import Document
    from docx.oxml.ns import qn
    body = Document(str(out)).element.body
    order = ["table" if el.tag == qn("w:tbl") else "".join(t.text or "" for t in el.iter(qn("w:t")))
             for el in body]
    assert order.count("table") == 9 + sum(1 for x in order if x.startswith("续表（"))
    title = "一般公共预算财政拨款“三公”经费支出决算表"
    part3 = max(i for i, x in enumerate(order) if x == "第三部分 2021年度部门决算情况说明")  # not the 目录 line
    at = [i for i, x in enumerate(order) if x == title and i > order.index("table") - 5]
    assert len(at) == 1 and part3 < at[0]
    assert order[at[0]:].index("table") < order[at[0]:].index("（二）“三公”经费财政拨款支出决算具体情况说明")


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
        return xml.replace("{{ 年度 }}", "{{ 年</w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>度 }}", 1)
    template = edited(tmp_path, split)
    issues = check_template(template, context_names())
    assert [(i.kind, i.tag) for i in issues] == [("split", "{{ 年度 }}")]
    result = run("build", SAMPLE, "-o", tmp_path / "r.docx", "--template", template)
    assert result.exit_code == 2 and "{{ 年度 }}" in result.output and "拆分" in result.output


def test_split_delimiter_is_refused():
    xml = '<w:p><w:r><w:t>前{</w:t></w:r><w:r><w:t>{ 年度 }}</w:t></w:r></w:p>'
    tags, issues = scan(xml)
    assert tags == ["{{ 年度 }}"] and [i.kind for i in issues] == ["split"]


def test_smart_quotes_in_a_tag_are_refused(tmp_path):
    template = edited(tmp_path, lambda x: x.replace("a.层级 == &apos;1&apos;", "a.层级 == ‘1’", 1).replace("a.层级 == '1'", "a.层级 == ‘1’", 1))
    issues = check_template(template, context_names())
    assert [i.kind for i in issues] == ["quotes"] and "‘1’" in issues[0].tag
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


@pytest.mark.parametrize("content, said", [
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504), "旧版 Word 文档（.doc）"),
    (SAMPLE.read_bytes(), "Excel 工作簿"),
], ids=["doc", "xlsx"])
def test_a_template_that_is_another_kind_of_file_is_named_for_what_it_is(tmp_path, content, said):
    """By content, in Chinese only (the zip library's BadZipFile used to be quoted)."""
    bogus = tmp_path / "模板.docx"
    bogus.write_bytes(content)
    result = run("template", "check", bogus)
    assert result.exit_code == 2 and said in result.output, result.output
    assert "BadZip" not in result.output and "Error" not in result.output and "zip" not in result.output


def test_a_template_of_the_old_context_names_is_refused_as_an_older_version(tmp_path):
    """{{ part2 }} and {{ s3 }} (the context before Part 3 moved into the template): each refused
    naming what replaces it, and the message says how to get the new template."""
    def old(xml: str) -> str:
        return xml.replace("{{ 表01 }}", "{{ part2 }}", 1).replace(SENTENCE, "{{ s3 }}{{ mystery }}", 1)
    template = edited(tmp_path, old)
    issues = {i.tag: i for i in check_template(template, context_names())}
    assert set(issues) == {"{{ part2 }}", "{{ s3 }}", "{{ mystery }}"}
    assert issues["{{ part2 }}"].kind == "old" and "表01" in issues["{{ part2 }}"].message
    assert "旧版本" in issues["{{ s3 }}"].message and "写在模板中" in issues["{{ s3 }}"].message
    assert all("juesuan template export" in issues[t].message for t in ("{{ part2 }}", "{{ s3 }}"))
    assert issues["{{ mystery }}"].kind == "unknown" and "旧版本" not in issues["{{ mystery }}"].message
    result = run("template", "check", template)
    assert result.exit_code == 2
    first, *rest = result.output.strip().splitlines()
    assert "旧版本" in first and sum("juesuan template export" in line for line in rest) == 2


def test_old_names_each_name_a_current_replacement():
    from generator.render.template_check import OLD_NAMES
    names = context_names()
    assert {f"s{n}" for n in range(1, 15)} | {"part2", "year", "unit_name"} <= set(OLD_NAMES)
    for old, replacement in OLD_NAMES.items():
        assert old not in names
        quoted = re.findall(r"“([^”]+)”", replacement)
        assert all(q in names for q in quoted), old  # the names it points to exist
    assert "表09" in OLD_NAMES["part2"] and "年度" in OLD_NAMES["year"]


def _without_styles(tmp_path: Path, names: tuple[str, ...]) -> Path:
    """The default template with the named styles removed from word/styles.xml."""
    out = tmp_path / "无表格样式.docx"
    with zipfile.ZipFile(DEFAULT_TEMPLATE) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "word/styles.xml":
                xml = data.decode("utf-8")
                for name in names:
                    xml, n = re.subn(r'<w:style\b(?:(?!</w:style>).)*?<w:name w:val="%s"/>.*?</w:style>'
                                     % re.escape(name), "", xml, flags=re.S)
                    assert n == 1, name
                data = xml.encode("utf-8")
            dst.writestr(item, data)
    return out


def test_a_template_without_the_table_styles_is_refused_naming_them(tmp_path):
    """A template from elsewhere lacking 'Table Text' … passed template check and then build
    died with KeyError and a traceback."""
    template = _without_styles(tmp_path, ("Table Text", "Table Header"))
    checked = run("template", "check", template)
    assert checked.exit_code == 2
    assert "“Table Text”" in checked.output and "“Table Header”" in checked.output
    assert "有 2 处问题：" in checked.output and "未生成报告" not in checked.output  # nothing was being built
    out = tmp_path / "r.docx"
    built = run("build", SAMPLE, "-o", out, "--template", template)
    assert built.exit_code == 2 and "“Table Text”" in built.output and "未生成报告" in built.output
    assert "Traceback" not in built.output and "KeyError" not in built.output and not out.exists()


def test_render_maps_a_template_it_cannot_lay_out_to_a_template_problem(tmp_path):
    """Below the check (pipeline.build does not run it): still the Chinese TemplateProblem."""
    from generator.pipeline import build
    from generator.render import TemplateProblem

    template = _without_styles(tmp_path, ("Table Note",))
    with pytest.raises(TemplateProblem, match="报告模板无法使用"):
        build(SAMPLE, tmp_path / "r.docx", template)
    assert not (tmp_path / "r.docx").exists()


def test_the_table_styles_are_defined_by_the_typography_and_in_every_builtin_template():
    import importlib.util

    from generator.render.template_check import missing_styles
    from generator.render.word_tables import TABLE_STYLES

    spec = importlib.util.spec_from_file_location("typography", DEFAULT_TEMPLATE.parent / "typography.py")
    typography = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(typography)
    assert set(TABLE_STYLES) - set(typography.STYLES) == {"Table Grid"}  # Word's own, restyled there
    for name in BUILTIN_TEMPLATES:
        with zipfile.ZipFile(resolve_template(name)) as zf:
            assert missing_styles(zf) == [], name


def test_rendering_with_a_file_that_is_no_docx_is_a_template_problem(tmp_path):
    """Below the check (pipeline.build does not run it): python-docx's own errors
    (PackageNotFoundError for a .doc, ValueError for a workbook) become the Chinese message."""
    from generator.pipeline import build
    from generator.render import TemplateProblem

    for content in (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504), SAMPLE.read_bytes()):
        bogus = tmp_path / "模板.docx"
        bogus.write_bytes(content)
        with pytest.raises(TemplateProblem, match="不是可用的 Word 文档") as caught:
            build(SAMPLE, tmp_path / "r.docx", bogus)
        assert "Package" not in str(caught.value) and "content type" not in str(caught.value)
