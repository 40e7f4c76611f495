"""Build templates/report.docx, the default report template (docxtpl).

The .docx is what users edit in Word (``juesuan template export``); this script is its source in
the repository, so that changes to the default template are reviewed as text. Its typography
(GB/T 9704-2012: faces, sizes, grid, page numbers) lives in ``typography.py`` beside it; this
file holds the content.

Run:  python templates/build_template.py   (writes templates/report.docx)
"""
from __future__ import annotations

import copy
import importlib.util
import io
import sys
import zipfile
from datetime import datetime, timezone
from pathlib import Path

from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt

HERE = Path(__file__).resolve().parent
OUT = HERE / "report.docx"


def _typography():
    """templates/typography.py, loaded by path (this script is run, not imported as a package)."""
    spec = importlib.util.spec_from_file_location("juesuan_template_typography", HERE / "typography.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


T = _typography()

# The content: (style, text). Jinja tags are typed whole, one paragraph each for {%p %} tags.
BODY = "Normal"
# Lines starting with "@" are structure, not text: section breaks and the 目录 field.
CONTENT: list[tuple[str, str]] = [
    # 封面 (its own section: no page number)
    ("Title", "{{ unit_name }}"),
    ("Title", "{{ year }}年度部门决算"),
    ("@section", "cover"),
    # 目录 (its own section, no page number; entries filled when rendering, refreshed on open)
    ("TOC Heading", "目  录"),
    ("@toc", ""),
    ("@section", "toc"),
    # 第一部分
    ("Heading 1", "第一部分 {{ unit_name }}概况"),
    ("Heading 2", "一、部门职责"),
    (BODY, "{%p for p in unit.duties %}"), (BODY, "{{ p }}"), (BODY, "{%p endfor %}"),
    ("Heading 2", "二、机构设置及决算单位构成"),
    (BODY, "（一）内设机构设置。{{ unit.structure_lead }}"),
    (BODY, "{%p for p in unit.structure_more %}"), (BODY, "{{ p }}"), (BODY, "{%p endfor %}"),
    (BODY, "（二）决算单位构成。{{ unit.composition_lead }}"),
    (BODY, "{%p for p in unit.composition_more %}"), (BODY, "{{ p }}"), (BODY, "{%p endfor %}"),
    # 第二部分
    ("Heading 1", "第二部分 {{ year }}年度部门决算表"),
    # The nine tables: this paragraph is replaced by the Word tables drawn from the model.
    (BODY, "{{ part2 }}"),
    # 第三部分
    ("Heading 1", "第三部分 {{ year }}年度部门决算情况说明"),
    ("Heading 2", "一、收入支出决算总体情况说明"), (BODY, "{{ s1 }}"),
    ("Heading 2", "二、收入决算情况说明"), (BODY, "{{ s2 }}"),
    ("Heading 2", "三、支出决算情况说明"), (BODY, "{{ s3 }}"),
    ("Heading 2", "四、财政拨款收入支出决算总体情况说明"), (BODY, "{{ s4 }}"),
    ("Heading 2", "五、一般公共预算财政拨款支出决算情况说明"),
    ("Heading 3", "（一）财政拨款支出决算总体情况"), (BODY, "{{ s5.overall }}"),
    ("Heading 3", "（二）财政拨款支出决算结构情况"), (BODY, "{{ s5.structure }}"),
    ("Heading 3", "（三）财政拨款支出决算具体情况"), (BODY, "{{ s5.detail_intro }}"),
    (BODY, "{%p for item in s5.lines %}"),
    ("Item Heading", "{{ item.number }}、{{ item.heading }}"),
    (BODY, "{{ item.text }}"),
    (BODY, "{%p endfor %}"),
    ("Heading 2", "六、一般公共预算财政拨款基本支出决算情况说明"), (BODY, "{{ s6 }}"),
    ("Heading 2", "七、一般公共预算财政拨款“三公”经费支出决算情况说明"),
    ("Heading 3", "（一）“三公”经费财政拨款支出决算总体情况说明"), (BODY, "{{ s7.overall }}"),
    (BODY, "{%p for p in s7.lines %}"), (BODY, "{{ p }}"), (BODY, "{%p endfor %}"),
    ("Heading 3", "（二）“三公”经费财政拨款支出决算具体情况说明"), (BODY, "{{ s7.detail }}"),
    (BODY, "{%p for p in s7.details %}"), (BODY, "{{ p }}"), (BODY, "{%p endfor %}"),
    ("Heading 2", "八、政府性基金预算收入支出决算情况"),
    (BODY, "{%p if s8.empty %}"), (BODY, "本单位无政府性基金收支。"), (BODY, "{%p else %}"),
    (BODY, "{{ s8.text }}"), (BODY, "{%p endif %}"),
    ("Heading 2", "九、国有资本经营预算财政拨款支出决算情况说明"),
    (BODY, "{%p if s9.empty %}"), (BODY, "本单位无国有资本经营预算财政拨款支出。"), (BODY, "{%p else %}"),
    (BODY, "{{ s9.text }}"), (BODY, "{%p endif %}"),
    ("Heading 2", "十、机关运行经费支出说明"),
    (BODY, "{%p if s10 %}"), (BODY, "{{ s10 }}"), (BODY, "{%p endif %}"),
    ("Heading 2", "十一、一般性支出情况说明"),
    (BODY, "{%p if s11 %}"), (BODY, "{{ s11 }}"), (BODY, "{%p endif %}"),
    ("Heading 2", "十二、政府采购支出说明"),
    (BODY, "{%p if s12 %}"), (BODY, "{{ s12 }}"), (BODY, "{%p endif %}"),
    ("Heading 2", "十三、国有资产占用情况说明"),
    (BODY, "{%p if s13 %}"), (BODY, "{{ s13 }}"), (BODY, "{%p endif %}"),
    ("Heading 2", "十四、{{ year }}年度预算绩效情况说明"),
    ("Heading 3", "（一）绩效管理评价工作开展情况。"),
    (BODY, "{%p if s14.self_eval %}"), (BODY, "{{ s14.self_eval }}"), (BODY, "{%p endif %}"),
    (BODY, "{%p for p in s14.management %}"), (BODY, "{{ p }}"), (BODY, "{%p endfor %}"),
    (BODY, "{%p if s14.department %}"), (BODY, "{{ s14.department }}"), (BODY, "{%p endif %}"),
    (BODY, "{%p if s14.whole_unit %}"), (BODY, "{{ s14.whole_unit }}"), (BODY, "{%p endif %}"),
    ("Heading 3", "（二）部门决算中项目绩效自评结果。"),
    (BODY, "{%p for p in s14.project_results %}"), (BODY, "{{ p }}"), (BODY, "{%p endfor %}"),
    ("Heading 3", "（三）部门评价项目绩效评价结果。"),
    (BODY, "{%p for p in s14.department_results %}"), (BODY, "{{ p }}"), (BODY, "{%p endfor %}"),
    # 第四部分
    ("Heading 1", "第四部分 名词解释"),
    (BODY, "{%p if glossary %}"),
    (BODY, "{%p for g in glossary %}"), (BODY, "{{ g.term }}：{{ g.text }}"), (BODY, "{%p endfor %}"),
    (BODY, "{%p else %}"),
    (BODY, "基本支出：指单位为保障其机构正常运转、完成日常工作任务而发生的人员支出和公用支出。"),
    (BODY, "项目支出：指单位为完成特定行政任务和事业发展目标在基本支出之外所发生的支出。"),
    (BODY, "机关运行经费：为保障行政单位（包括参照公务员法管理的事业单位）运行，用一般公共预算拨款安排，"
           "用于购买货物和服务的各项资金，包括办公及印刷费、邮电费、差旅费、会议费、福利费、日常维修费、"
           "办公用房水电费、办公用房取暖费、办公用房物业管理费、公务用车运行维护费以及其他费用，"
           "即为行政单位和参照公务员法管理事业单位一般公共预算财政拨款基本支出中的公用经费支出。"),
    (BODY, "“三公”经费：纳入财政预算管理的“三公”经费，是指用一般公共预算拨款安排的公务接待费、"
           "公务用车购置及运行维护费和因公出国（境）费。其中，公务接待费反映单位按规定开支的各类公务接待支出；"
           "公务用车购置及运行费反映单位公务用车车辆购置支出（含车辆购置税），以及燃料费、维修费、保险费等支出；"
           "因公出国（境）费反映单位公务出国（境）的国际旅费、国外城市间交通费、食宿费等支出。"),
    (BODY, "{%p endif %}"),
    # 第五部分
    ("Heading 1", "第五部分 附件"),
    (BODY, "{%p for a in appendix %}"),
    (BODY, "{%p if a.level == 'title' %}"), ("Appendix Title", "{{ a.text }}"),
    (BODY, "{%p elif a.level == 'h1' %}"), ("Appendix Heading", "{{ a.text }}"),
    (BODY, "{%p elif a.level == 'h2' %}"), ("Heading 3", "{{ a.text }}"),
    (BODY, "{%p else %}"), (BODY, "{{ a.text }}"),
    (BODY, "{%p endif %}"),
    (BODY, "{%p endfor %}"),
]


def _section_break(doc, cover: bool) -> None:
    """End a section here (next page): a copy of the document's page setup without footer, so
    the cover and the 目录 carry no page number."""
    final = doc.element.body.sectPr
    sect = copy.deepcopy(final)
    for ref in sect.findall(qn("w:footerReference")) + sect.findall(qn("w:headerReference")):
        sect.remove(ref)
    paragraph = doc.add_paragraph(style="Section Break")
    paragraph._p.get_or_add_pPr().append(sect)


def _toc_field(doc) -> None:
    """A TOC field over outline levels 1–2 and the appendix's sections. Its shown result is
    written by the renderer (the headings of the report); Word and WPS refresh it on opening
    (w:updateFields)."""
    paragraph = doc.add_paragraph(style="toc 1")
    parts = [("fldChar", "begin"), ("instrText", T.TOC_INSTRUCTION), ("fldChar", "separate"),
             ("t", "（目录）"), ("fldChar", "end")]
    for tag, value in parts:
        run = OxmlElement("w:r")
        node = OxmlElement(f"w:{tag}")
        if tag == "fldChar":
            node.set(qn("w:fldCharType"), value)
            if value == "begin":
                node.set(qn("w:dirty"), "true")
        else:
            node.set(qn("xml:space"), "preserve")
            node.text = value
        run.append(node)
        paragraph._p.append(run)


def build(path: Path = OUT) -> Path:
    doc = Document()
    T.configure_styles(doc)
    T.configure_page(doc)
    T.font_table(doc)
    body = doc.element.body
    # Drop the empty first paragraph of python-docx's default document.
    for p in list(body.iterchildren(qn("w:p"))):
        body.remove(p)
    for style, text in CONTENT:
        if style == "@section":
            _section_break(doc, cover=text == "cover")
        elif style == "@toc":
            _toc_field(doc)
        else:
            doc.add_paragraph(style=style).add_run(text)
    # The cover: the title lines stand in the upper third of the page (a space before rather than
    # w:vAlign, which LibreOffice does not honour).
    doc.paragraphs[0].paragraph_format.space_before = Pt(200)
    settings = doc.settings.element
    update = OxmlElement("w:updateFields")
    update.set(qn("w:val"), "true")
    settings.append(update)
    core = doc.core_properties
    core.author = "决算公开报告生成器"
    core.title = "部门决算公开报告模板"
    core.comments = ""
    core.last_modified_by = ""
    # Fixed dates and zip entry times: rebuilding the template changes its bytes only when its
    # content changes, so the committed report.docx diffs mean something.
    fixed = datetime(2000, 1, 1, tzinfo=timezone.utc)
    core.created = core.modified = fixed
    core.revision = 1
    buffer = io.BytesIO()
    doc.save(buffer)
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as src, \
            zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for item in src.infolist():
            info = zipfile.ZipInfo(item.filename, date_time=(2000, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            out.writestr(info, src.read(item.filename))
    return path


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else OUT
    print(build(target))
