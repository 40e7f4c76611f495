"""generator.render.line_breaks: balanced title lines, left-aligned headings without widows and
breakable long Latin runs."""
from __future__ import annotations

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm, Pt

from generator.render.line_breaks import (BREAK_OPPORTUNITY as ZW, balance_titles, balanced_breaks,
                                          break_long_runs, breakable, mend_heading_widows, text_em,
                                          widow_break)

# 小二 (18 pt) on the 156 mm text line: 24.5 em.
LINE_18 = Mm(156).pt / 18


def lines(text: str, breaks: list[int]) -> list[str]:
    return [text[i:j] for i, j in zip([0, *breaks], [*breaks, len(text)])]


def test_a_title_that_fits_is_not_broken():
    assert balanced_breaks("某某市某某局2022年度部门整体支出绩效评价报告", LINE_18) == []   # 22 em


def test_a_title_one_character_too_long_is_broken_between_words():
    """25 em: the renderer would leave "告" alone; 13 em + 12 em, before 部门."""
    title = "怀化市工伤保险中心2021年度部门整体支出绩效评价报告"
    assert text_em(title) == 25
    assert lines(title, balanced_breaks(title, LINE_18)) == ["怀化市工伤保险中心2021年度",
                                                            "部门整体支出绩效评价报告"]


def test_the_unit_name_is_kept_whole():
    """A 21-character name: the break after it (21 + 16 em) beats a break inside it that would
    balance better (服 / 务中心…)."""
    name = "怀化市人力资源和社会保障局工伤保险服务中心"
    title = f"{name}2021年度部门整体支出绩效评价报告"
    assert lines(title, balanced_breaks(title, LINE_18, [name])) == [
        name, "2021年度部门整体支出绩效评价报告"]


def test_no_break_inside_a_number_or_before_closing_punctuation():
    title = "一般公共预算财政拨款基本支出决算明细表（按经济分类科目）"  # 28 em
    assert lines(title, balanced_breaks(title, LINE_18)) == ["一般公共预算财政拨款基本支出",
                                                            "决算明细表（按经济分类科目）"]
    title = "关于某某局执行湘财预〔2021〕12345678901234号文件情况的说明"   # 17 + 9 em, on 20 em
    (i,) = balanced_breaks(title, 20)
    assert not (title[i - 1].isdigit() and title[i].isdigit()) and title[i] not in "〕号"


def test_long_latin_runs_get_break_opportunities_short_ones_do_not():
    assert breakable("共计12345678.90元") == "共计12345678.90元"
    assert breakable("编号SHCZ2024ABCDEFGH12345678，") == (
        f"编号SHCZ{ZW}2024{ZW}ABCD{ZW}EFGH{ZW}1234{ZW}5678，")
    url = breakable("详见https://www.gov.cn/a/b.html。")
    assert url.replace(ZW, "") == "详见https://www.gov.cn/a/b.html。"
    assert f"//{ZW}www.{ZW}gov.{ZW}cn/{ZW}a/{ZW}b.{ZW}html" in url


def _document(style_alignment, text: str, size: Pt):
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.left_margin, section.right_margin = Mm(210), Mm(28), Mm(26)
    paragraph = doc.add_paragraph()
    paragraph.alignment = style_alignment
    paragraph.add_run(text).font.size = size
    return doc, paragraph


def test_balance_titles_puts_a_line_break_in_a_centred_paragraph_only():
    title = "怀化市工伤保险中心2021年度部门整体支出绩效评价报告"
    doc, paragraph = _document(WD_ALIGN_PARAGRAPH.CENTER, title, Pt(18))
    balance_titles(doc)
    assert paragraph.text == "怀化市工伤保险中心2021年度\n部门整体支出绩效评价报告"
    doc, paragraph = _document(WD_ALIGN_PARAGRAPH.JUSTIFY, title, Pt(18))
    balance_titles(doc)
    assert paragraph.text == title


def test_break_long_runs_in_justified_paragraphs_not_in_headings():
    text = "详见https://www.shanghai.gov.cn/nw12344/a.html。"
    doc, paragraph = _document(WD_ALIGN_PARAGRAPH.JUSTIFY, text, Pt(16))
    break_long_runs(doc, set())
    assert ZW in paragraph.text and paragraph.text.replace(ZW, "") == text
    doc, paragraph = _document(WD_ALIGN_PARAGRAPH.JUSTIFY, text, Pt(16))
    paragraph.style = doc.styles["Heading 2"]
    break_long_runs(doc, {doc.styles["Heading 2"].style_id})
    assert paragraph.text == text


def _xml_lines(paragraph) -> list[str]:
    """The paragraph's text as its XML sets it: the ``w:t`` texts between its ``w:br`` elements."""
    from docx.oxml.ns import qn

    out = [""]
    for el in paragraph._p.iter(qn("w:t"), qn("w:br")):
        if el.tag == qn("w:br"):
            out.append("")
        else:
            out[-1] += el.text or ""
    return out


# 二号 (22 pt, Heading 1) on the 156 mm text line: 20.05 em.
def test_a_part_heading_is_broken_between_its_words_never_inside_the_unit_name():
    """上海 part headings: 20.25 em, balanced would split the name ("中共上海市普 / 陀区委…");
    the break goes after 第一部分 (4 + 16 em) or after the name."""
    for name, title, expected in (
            ("中共上海市普陀区委社会工作部", "第一部分 中共上海市普陀区委社会工作部概况",
             ["第一部分 ", "中共上海市普陀区委社会工作部概况"]),
            ("上海市普陀区财政局", "第二部分 上海市普陀区财政局2024年度部门决算表",
             ["第二部分 上海市普陀区财政局", "2024年度部门决算表"]),
            ("上海市普陀区规划和自然资源局", "第二部分 上海市普陀区规划和自然资源局2024年度部门决算表",
             ["第二部分 上海市普陀区规划和自然资源局", "2024年度部门决算表"])):
        doc, paragraph = _document(WD_ALIGN_PARAGRAPH.CENTER, title, Pt(22))
        balance_titles(doc, [name])
        assert _xml_lines(paragraph) == expected


def test_a_unit_name_longer_than_a_line_is_still_broken():
    """A 26-character name does not fit 20 em: broken inside, since it must be."""
    name = "上海市普陀区人民政府长寿路街道办事处社区事务受理中心"
    doc, paragraph = _document(WD_ALIGN_PARAGRAPH.CENTER, f"第一部分 {name}概况", Pt(22))
    balance_titles(doc, [name])
    parts = _xml_lines(paragraph)
    assert "".join(parts) == f"第一部分 {name}概况" and len(parts) == 2
    assert all(text_em(line) <= Mm(156).pt / 22 for line in parts)


# The body's 三号 (16 pt) set 0.25 pt closer (typography.CHAR_SPACING): 15.75 pt a character,
# 28 on the 441 pt line, 26 after the two-character first-line indent.
CELL = 15.75
HEADING = "（四）严格审核、化解风险，确保工伤保险待遇按时足额发放"   # 27 characters: 26 + "放"


def _cells(ch: str) -> float:
    """A character's advance: Chinese 1 em, a digit 0.5 em, a bracket 0.33 em, set 0.25 pt closer."""
    return CELL if not ch.isascii() else (0.33 if ch in "()" else 0.5) * 16 - 0.25


def test_a_heading_whose_last_line_is_one_character_breaks_after_a_nearby_comma():
    assert lines(HEADING, [widow_break(HEADING, 26 * CELL, 28 * CELL, _cells)]) == [
        "（四）严格审核、化解风险，", "确保工伤保险待遇按时足额发放"]


def test_two_characters_or_one_in_brackets_are_widows_too():
    # the sample's appendix heading (half-width brackets): 26 + 2, "实处" alone; no ，、 within half a
    # line of the end: the cheapest short move
    text = "(一)狠抓落实、定期调度，确保社会保障真抓实干工作落到实处"
    (i,) = [widow_break(text, 26 * CELL, 28 * CELL, _cells)]
    assert len(text) - i == 3 and text[i:] == "到实处"
    # 25 + "（项）": the break goes before a bracket, keeping 住房公积金（项） together
    text = "9、住房保障支出（类）住房改革支出（款）住房公积金（项）"
    assert lines(text, [widow_break(text, 26 * CELL, 28 * CELL, _cells)]) == [
        "9、住房保障支出（类）住房改革支出（款）", "住房公积金（项）"]


def test_a_heading_that_fits_or_ends_with_three_characters_is_left_alone():
    assert widow_break(HEADING[:26], 26 * CELL, 28 * CELL, _cells) is None       # one line
    assert widow_break(HEADING + "到位", 26 * CELL, 28 * CELL, _cells) is None    # 26 + 3
    assert widow_break("（二）压实责任、落实到人，扎实做好社保基金“防风险堵漏洞”专项检查。",
                       26 * CELL, 28 * CELL, _cells) is None                    # 26 + 8


def _heading(style: str, alignment=None):
    doc, paragraph = _document(alignment, HEADING, Pt(16))
    paragraph.style = doc.styles[style]
    paragraph.paragraph_format.first_line_indent = Pt(32)
    spacing = paragraph.runs[0]._r.get_or_add_rPr()
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    node = OxmlElement("w:spacing")
    node.set(qn("w:val"), "-5")
    spacing.append(node)
    return doc, paragraph


def test_mend_heading_widows_breaks_left_aligned_headings_and_sets_them_ragged_right():
    doc, paragraph = _heading("Heading 3", WD_ALIGN_PARAGRAPH.JUSTIFY)
    mend_heading_widows(doc, {doc.styles["Heading 3"].style_id})
    assert paragraph.text == "（四）严格审核、化解风险，\n确保工伤保险待遇按时足额发放"
    assert paragraph.alignment == WD_ALIGN_PARAGRAPH.LEFT   # the line before the break is not spread
    # not a heading style given, or centred (balance_titles' work): untouched
    doc, paragraph = _heading("Heading 3", WD_ALIGN_PARAGRAPH.JUSTIFY)
    mend_heading_widows(doc, set())
    assert paragraph.text == HEADING
    doc, paragraph = _heading("Heading 3", WD_ALIGN_PARAGRAPH.CENTER)
    mend_heading_widows(doc, {doc.styles["Heading 3"].style_id})
    assert paragraph.text == HEADING
