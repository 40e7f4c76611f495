"""Typography of the default report template after GB/T 9704-2012: styles, fonts, page, footers.

Used by ``generator/render/profile_template.py`` (which builds the template of a profile, its content). Rules:

* Faces keep their official names (方正小标宋简体, 黑体, 楷体_GB2312, 仿宋_GB2312; tables and page
  numbers 宋体). The font table gives each an ``altName`` and the PANOSE/charset of the face a
  stock Windows has (宋体, 黑体, 楷体, 仿宋), which Word and WPS use when the official one is
  missing. Every style and the document defaults set East Asian language zh-CN, so that
  renderers choose simplified-Chinese glyph forms.
* Hierarchy: title 2号 (22 pt) 小标宋; 第X部分 2号 小标宋 (nothing under it is as large: table
  titles and appendix titles 小二, 18 pt); 一、 黑体 3号; （一） 楷体 3号; body and 1、 items 仿宋
  3号 (16 pt), the items bold; tables 宋体 小五, their titles 小标宋 小二.
* Page: A4, margins 37/35/28/26 mm, 22 lines × 28 characters: a line grid (``w:docGrid``
  type lines, pitch = text height / 22) and body characters set 0.25 pt closer (text width /
  28 per character); styles that do not sit on the grid (titles, 目录, tables) opt out of it
  (``w:snapToGrid 0``) and keep their normal spacing.
* Page numbers: 4号 宋体 ``— N —``, odd pages at the right and even pages at the left, one
  character in (``evenAndOddHeaders``, a separate even-page footer); the number's line lies
  7 mm below the text area.

Run ``python templates/build_template.py`` to rebuild templates/report.docx.
"""
from __future__ import annotations

import math

from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Emu, Mm, Pt, RGBColor

TITLE_FONT = "方正小标宋简体"
HEADING_FONT = "黑体"
KAI_FONT = "楷体_GB2312"
BODY_FONT = "仿宋_GB2312"
TABLE_FONT = "宋体"
LATIN_FONT = "Times New Roman"
LANGUAGE = "zh-CN"
SIZE_2 = Pt(22)    # 二号
SIZE_S2 = Pt(18)   # 小二
SIZE_3 = Pt(16)    # 三号
SIZE_4 = Pt(14)    # 四号
SIZE_5 = Pt(10.5)  # 五号
SIZE_S5 = Pt(9)    # 小五

# Page (GB/T 9704: A4, 版心 156 mm × 225 mm, 22 lines of 28 characters).
PAGE_W, PAGE_H = Mm(210), Mm(297)
TOP, BOTTOM, LEFT, RIGHT = Mm(37), Mm(35), Mm(28), Mm(26)
TEXT_WIDTH = Mm(210 - 28 - 26)
TEXT_HEIGHT = Mm(297 - 37 - 35)
LINES, CHARS = 22, 28
LINE_PITCH_TWIPS = TEXT_HEIGHT.twips // LINES   # 579 twips = 28.95 pt
LINE = Pt(LINE_PITCH_TWIPS / 20)
# 28 characters a line: the body's characters are set closer by this much (w:spacing, 1/20 pt),
# so that 28 三号 characters fill the 156 mm line in Word, WPS and LibreOffice alike. (A
# ``linesAndChars`` grid would say the same to Word, but LibreOffice lays such a grid out with
# far wider cells.)
CHAR_SPACING = math.floor((TEXT_WIDTH.pt / CHARS - SIZE_3.pt) * 20)
# Page number: its line (4号, exact 14 pt) is centred 7 mm below the text area.
FOOTER_LINE = SIZE_4
FOOTER_DISTANCE = Emu(int(BOTTOM - Mm(7) - FOOTER_LINE / 2))

# Face → (altName, PANOSE, pitch/family) of the stock Windows face standing in for it.
FALLBACKS = {
    TITLE_FONT: ("宋体", "02010600030101010101", "auto"),
    HEADING_FONT: ("SimHei", "02010609060101010101", "modern"),
    KAI_FONT: ("楷体", "02010609030101010101", "modern"),
    BODY_FONT: ("仿宋", "02010609030101010101", "modern"),
    TABLE_FONT: ("SimSun", "02010600030101010101", "auto"),
    "黑体": ("SimHei", "02010609060101010101", "modern"),
    "楷体": ("KaiTi", "02010609060101010101", "modern"),
    "仿宋": ("FangSong", "02010609060101010101", "modern"),
}

# style name → (east asian font, size, bold, centred, first-line indent, page break before)
STYLES = {
    "Normal": (BODY_FONT, SIZE_3, False, False, True, False),
    "Title": (TITLE_FONT, SIZE_2, False, True, False, False),
    "Cover Line": (BODY_FONT, SIZE_3, False, True, False, False),
    "TOC Heading": (TITLE_FONT, SIZE_2, False, True, False, False),
    "toc 1": (HEADING_FONT, SIZE_4, False, False, False, False),
    "toc 2": (BODY_FONT, SIZE_4, False, False, False, False),
    "toc 3": (BODY_FONT, SIZE_4, False, False, False, False),
    "Heading 1": (TITLE_FONT, SIZE_2, False, True, False, True),
    "Heading 2": (HEADING_FONT, SIZE_3, False, False, True, False),
    "Heading 3": (KAI_FONT, SIZE_3, False, False, True, False),
    "Item Heading": (BODY_FONT, SIZE_3, True, False, True, False),
    "Appendix Title": (TITLE_FONT, SIZE_S2, False, True, False, False),
    # The appendix's own sections: listed in the 目录 one level under the appendix's title.
    "Appendix Heading": (HEADING_FONT, SIZE_3, False, False, True, False),
    # The nine tables of 第二部分 (drawn by generator/render/word_tables.py).
    "Table Title": (TITLE_FONT, SIZE_S2, False, True, False, False),
    "Table Meta": (TABLE_FONT, SIZE_5, False, False, False, False),
    "Table Text": (TABLE_FONT, SIZE_S5, False, False, False, False),
    "Table Header": (TABLE_FONT, SIZE_S5, True, True, False, False),
    "Table Note": (TABLE_FONT, SIZE_5, False, False, False, False),
    "Section Break": (TABLE_FONT, Pt(1), False, False, False, False),
    # The paragraph of a chart of 第三部分 ({{ 图_… }}): centred, its height the chart's own.
    "Chart": (BODY_FONT, SIZE_3, False, True, False, False),
}
# Line pitch of the styles that do not follow the body's grid pitch.
LINE_PITCH = {"Title": Pt(40), "Appendix Title": Pt(36), "TOC Heading": Pt(40),
              "Cover Line": Pt(36), "Heading 1": Pt(40), "toc 1": Pt(28), "toc 2": Pt(28),
              "toc 3": Pt(28), "Table Title": Pt(30), "Table Meta": Pt(18), "Table Text": Pt(12),
              "Table Header": Pt(12), "Table Note": Pt(16), "Section Break": Pt(1)}
# Space after (a blank half line under the part headings and the titles).
SPACE_AFTER = {"Heading 1": LINE, "Appendix Title": Pt(14), "TOC Heading": Pt(14),
               "Table Title": Pt(4), "Chart": Pt(8)}
# Styles on the character grid (the body's text); all others keep their own pitch.
ON_GRID = {"Normal", "Heading 2", "Heading 3", "Item Heading", "Appendix Heading"}
# Outline levels (0 = 一级): what the 目录 (TOC \o "1-2" plus Appendix Heading) lists.
OUTLINE = {"Heading 1": 0, "Heading 2": 1, "Heading 3": 2, "Table Title": 1, "Appendix Title": 1,
           "Appendix Heading": 2}
# The 目录's field: outline levels 1–2, and the appendix's sections at level 3.
TOC_INSTRUCTION = ' TOC \\o "1-2" \\t "Appendix Heading,3" \\u '


def set_fonts(rpr_owner, east_asian: str, latin: str = LATIN_FONT) -> None:
    """Set ascii/hAnsi/eastAsia fonts explicitly, dropping theme fonts that would override them."""
    rpr = rpr_owner.get_or_add_rPr()
    set_rfonts(rpr, east_asian, latin)
    rpr.find(qn("w:rFonts")).set(qn("w:hint"), "eastAsia")
    set_language(rpr)


def set_rfonts(rpr, east_asian: str, latin: str) -> None:
    """The ``w:rFonts`` of a ``w:rPr``: explicit ascii/hAnsi/cs and eastAsia, no theme fonts."""
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attr), None)
    fonts.set(qn("w:ascii"), latin)
    fonts.set(qn("w:hAnsi"), latin)
    fonts.set(qn("w:eastAsia"), east_asian)
    fonts.set(qn("w:cs"), latin)


def set_language(rpr) -> None:
    """``w:lang`` with East Asian language zh-CN (last in the rPr, as the schema orders it)."""
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), "en-US")
    lang.set(qn("w:eastAsia"), LANGUAGE)


def _snap_to_grid(style, on: bool) -> None:
    ppr = style.element.get_or_add_pPr()
    node = ppr.find(qn("w:snapToGrid"))
    if node is None:
        node = OxmlElement("w:snapToGrid")
        ppr.insert_element_before(node, "w:spacing", "w:ind", "w:jc", "w:outlineLvl")
    node.set(qn("w:val"), "1" if on else "0")


def configure_styles(doc) -> None:
    """Every style of the report: faces, sizes, pitch, indents, outline levels, 目录 tabs."""
    styles = doc.styles
    for name, (font, size, bold, centered, indent, page_break) in STYLES.items():
        try:
            style = styles[name]
        except KeyError:
            style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
            style.base_style = styles["Normal"]
        style.font.size = size
        style.font.bold = bold
        style.font.italic = False
        style.font.color.rgb = RGBColor(0, 0, 0)
        set_fonts(style.element, font)
        pf = style.paragraph_format
        pf.alignment = WD_ALIGN_PARAGRAPH.CENTER if centered else WD_ALIGN_PARAGRAPH.JUSTIFY
        pf.first_line_indent = Pt(32) if indent else Pt(0)
        pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        pf.line_spacing = LINE_PITCH.get(name, LINE)
        if name == "Chart":  # an exact pitch would clip the chart to one line
            pf.line_spacing_rule = WD_LINE_SPACING.SINGLE
        pf.space_before = Pt(0)
        pf.space_after = SPACE_AFTER.get(name, Pt(0))
        pf.page_break_before = page_break
        pf.keep_with_next = name.startswith(("Heading", "Item", "Table Title", "Table Meta",
                                             "Appendix"))
        # Word's heading styles carry a theme colour and spacing in their own XML; the values above
        # override them. Remove borders/shading that the default Title style has.
        ppr = style.element.pPr
        if ppr is not None:
            for tag in ("w:pBdr", "w:shd"):
                node = ppr.find(qn(tag))
                if node is not None:
                    ppr.remove(node)
        _snap_to_grid(style, name in ON_GRID)
        _character_spacing(style.element.get_or_add_rPr(), CHAR_SPACING if name in ON_GRID else 0)
        _outline(style, OUTLINE.get(name))
        if name.startswith("toc "):
            # Entry text, dot leader, page number at the right margin; a long entry wraps under
            # its own text, never leaving the number alone on a line of dots.
            pf.tab_stops.add_tab_stop(TEXT_WIDTH, WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS)
            pf.left_indent = {"toc 1": Pt(0), "toc 2": SIZE_4 * 2, "toc 3": SIZE_4 * 4}[name]
            pf.right_indent = SIZE_4 * 2
    _table_style(styles)
    _defaults(doc)


def _character_spacing(rpr, twentieths: int) -> None:
    node = rpr.find(qn("w:spacing"))
    if node is None:
        node = OxmlElement("w:spacing")
        rpr.insert_element_before(node, "w:w", "w:kern", "w:position", "w:sz", "w:szCs",
                                  "w:highlight", "w:u", "w:effect", "w:bdr", "w:shd", "w:fitText",
                                  "w:vertAlign", "w:rtl", "w:cs", "w:em", "w:lang")
    node.set(qn("w:val"), str(twentieths))


def _defaults(doc) -> None:
    """Document defaults: official body face and size, zh-CN, no space after paragraphs."""
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}")
    set_rfonts(rpr, BODY_FONT, LATIN_FONT)
    for tag in ("w:sz", "w:szCs"):
        node = rpr.find(qn(tag))
        if node is not None:
            node.set(qn("w:val"), str(int(SIZE_3.pt * 2)))
    set_language(rpr)
    _no_hanging_punctuation(defaults.find(f"{qn('w:pPrDefault')}/{qn('w:pPr')}"))
    settings = doc.settings.element
    theme_lang = settings.find(qn("w:themeFontLang"))
    if theme_lang is not None:
        theme_lang.set(qn("w:eastAsia"), LANGUAGE)


def _no_hanging_punctuation(ppr) -> None:
    """Keep line-end punctuation inside the text column in LibreOffice.

    LibreOffice hangs a line-final ，、。： into the right margin by default, and on a full
    28-character line it then does not paint the hung glyph at all: the PDF loses it (on the
    page, not only in its text layer). Its DOCX import reads ``w:overflowPunct`` inverted (val 1
    → no hanging, writerfilter ``PROP_PARA_IS_HANGING_PUNCTUATION = (val == 0)``), so val 1 turns
    hanging off there, while for Word it says what Word does without it (ECMA-376: punctuation
    may extend past the text extents), so Word's layout does not change."""
    node = ppr.find(qn("w:overflowPunct"))
    if node is None:
        node = OxmlElement("w:overflowPunct")
        ppr.insert_element_before(node, "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN",
                                  "w:bidi", "w:adjustRightInd", "w:snapToGrid", "w:spacing",
                                  "w:ind", "w:contextualSpacing", "w:mirrorIndents",
                                  "w:suppressOverlap", "w:jc", "w:textDirection",
                                  "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl",
                                  "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange")
    node.set(qn("w:val"), "1")


def _outline(style, level: int | None) -> None:
    ppr = style.element.get_or_add_pPr()
    node = ppr.find(qn("w:outlineLvl"))
    if node is not None:
        ppr.remove(node)
    if level is not None:
        node = OxmlElement("w:outlineLvl")
        node.set(qn("w:val"), str(level))
        ppr.append(node)


def _table_style(styles) -> None:
    """The "Table Grid" style (single black borders) with its text in 宋体 through w:eastAsia."""
    style = styles["Table Grid"]
    style.font.size = SIZE_S5
    set_fonts(style.element, TABLE_FONT)
    style.paragraph_format.first_line_indent = Pt(0)
    style.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
    _snap_to_grid(style, False)
    _character_spacing(style.element.get_or_add_rPr(), 0)


def font_table(doc) -> None:
    """Rewrite word/fontTable.xml: the faces the report uses, each with its stand-in."""
    part = next(p for p in doc.part.package.iter_parts() if p.partname == "/word/fontTable.xml")
    fonts = [f'<w:font w:name="{LATIN_FONT}"><w:panose1 w:val="02020603050405020304"/>'
             '<w:charset w:val="00"/><w:family w:val="roman"/><w:pitch w:val="variable"/></w:font>']
    for name, (alt, panose, family) in FALLBACKS.items():
        fonts.append(f'<w:font w:name="{name}"><w:altName w:val="{alt}"/>'
                     f'<w:panose1 w:val="{panose}"/><w:charset w:val="86"/>'
                     f'<w:family w:val="{family}"/><w:pitch w:val="variable"/></w:font>')
    xml = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
           f'<w:fonts {nsdecls("w")}>{"".join(fonts)}</w:fonts>')
    part._blob = xml.encode("utf-8")


def _grid(section) -> None:
    """The line grid of a portrait page: 22 lines."""
    sect = section._sectPr
    for old in sect.findall(qn("w:docGrid")):
        sect.remove(old)
    sect.append(parse_xml(f'<w:docGrid {nsdecls("w")} w:type="lines" '
                          f'w:linePitch="{LINE_PITCH_TWIPS}"/>'))


def configure_page(doc) -> None:
    """A4 portrait page, grid, and the odd/even footers with the page number."""
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = PAGE_W, PAGE_H
    section.top_margin, section.bottom_margin = TOP, BOTTOM
    section.left_margin, section.right_margin = LEFT, RIGHT
    section.footer_distance = FOOTER_DISTANCE
    section.header_distance = Mm(15)
    _grid(section)
    doc.settings.odd_and_even_pages_header_footer = True
    page_number(section.footer.paragraphs[0], odd=True)
    page_number(section.even_page_footer.paragraphs[0], odd=False)


def page_number(paragraph, odd: bool) -> None:
    """``— N —`` in 4号 宋体: odd pages at the right, even pages at the left, one character in."""
    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT if odd else WD_ALIGN_PARAGRAPH.LEFT
    pf = paragraph.paragraph_format
    pf.first_line_indent = Pt(0)
    if odd:
        pf.right_indent = SIZE_4
    else:
        pf.left_indent = SIZE_4
    pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    pf.line_spacing = FOOTER_LINE
    ppr = paragraph._p.get_or_add_pPr()
    snap = OxmlElement("w:snapToGrid")
    snap.set(qn("w:val"), "0")
    ppr.insert_element_before(snap, "w:spacing", "w:ind", "w:jc")
    paragraph.add_run("— ")
    _page_field(paragraph)
    paragraph.add_run(" —")
    for r in paragraph.runs:
        r.font.size = SIZE_4
        set_fonts(r._element, TABLE_FONT)


def _page_field(paragraph) -> None:
    run = paragraph.add_run()
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = " PAGE "
    sep = OxmlElement("w:fldChar")
    sep.set(qn("w:fldCharType"), "separate")
    text = OxmlElement("w:t")
    text.text = "1"
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    for node in (begin, instr, sep, text, end):
        run._element.append(node)
