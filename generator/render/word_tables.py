"""Draw the nine tables of 第二部分 (``tables.DisplayTable``) as Word tables, in place of one
paragraph of the rendered report. Part of the render layer (python-docx).

Layout rules:

* Each table starts on a new page: title (style Table Title, outline level 2, so the 目录 lists
  it), 公开0N表 at the right, then 编制单位 at the left and 单位：万元 at the right of one line.
* A landscape table (``TableSpec.landscape``) gets its own section: a section break before it
  ends the portrait pages, one after it returns to portrait. The sections are copies of the
  document's last section (same footer, so page numbers continue); landscape pages swap the
  page size, keep the bottom margin (page number) and put the wide top margin on the left.
* Header rows repeat on every page a table crosses (``w:tblHeader``); a row never splits.
* Column widths are fixed (``w:tblLayout fixed``) and fill the text width, in proportion to
  ``DisplayTable.widths``.
"""
from __future__ import annotations

import copy
import re
from typing import Sequence
from xml.sax.saxutils import escape

from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Twips

from ..tables import CENTER, RIGHT, DisplayTable

# Characters XML cannot carry (a workbook cell may hold them): dropped, as render._clean does.
_ILLEGAL_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


# Every run the tables write says its East Asian text is simplified Chinese.
_RUN_PR = '<w:rPr><w:lang w:eastAsia="zh-CN"/></w:rPr>'


def _xml_text(text: str) -> str:
    return _ILLEGAL_XML.sub("", text)



def _section(base, landscape: bool):
    """A copy of the document's last ``w:sectPr``, turned to landscape if asked."""
    sect = copy.deepcopy(base)
    if not landscape:
        return sect
    size = sect.find(qn("w:pgSz"))
    width, height = size.get(qn("w:w")), size.get(qn("w:h"))
    size.set(qn("w:w"), height)
    size.set(qn("w:h"), width)
    size.set(qn("w:orient"), "landscape")
    mar = sect.find(qn("w:pgMar"))
    top, right, bottom, left = (mar.get(qn(f"w:{k}")) for k in ("top", "right", "bottom", "left"))
    # Binding edge stays left: the wide top margin goes to the left, the bottom margin (which
    # holds the page number) stays at the bottom, the side margins share top and right.
    mar.set(qn("w:top"), right)
    mar.set(qn("w:right"), left)
    mar.set(qn("w:bottom"), bottom)
    mar.set(qn("w:left"), top)
    return sect


def _text_width(sect) -> int:
    """Text width of a section in twips."""
    size, mar = sect.find(qn("w:pgSz")), sect.find(qn("w:pgMar"))
    return int(size.get(qn("w:w"))) - int(mar.get(qn("w:left"))) - int(mar.get(qn("w:right")))


class _Writer:
    def __init__(self, document, anchor):
        self.document = document
        self.anchor = anchor  # new content goes before this element
        self.base = document.element.body.sectPr
        self.style_ids: dict[str, str] = {}

    def style_id(self, name: str) -> str:
        """Style id by name, looked up once (python-docx scans every style on each lookup)."""
        if name not in self.style_ids:
            self.style_ids[name] = self.document.styles[name].style_id
        return self.style_ids[name]

    def _place(self, element) -> None:
        self.anchor.addprevious(element)

    def paragraph(self, text: str, style: str, align=None, page_break: bool = False):
        paragraph = self.document.add_paragraph()
        paragraph._p.style = self.style_id(style)
        self._place(paragraph._p)
        if text:
            run = paragraph.add_run(_xml_text(text))
            lang = OxmlElement("w:lang")
            lang.set(qn("w:eastAsia"), "zh-CN")
            run._r.get_or_add_rPr().append(lang)
        if align is not None:
            paragraph.alignment = align
        if page_break:
            paragraph.paragraph_format.page_break_before = True
        return paragraph

    def section_break(self, landscape: bool) -> None:
        """End the current section (portrait or landscape) here."""
        paragraph = self.paragraph("", "Section Break")
        paragraph._p.get_or_add_pPr().append(_section(self.base, landscape))

    def table(self, t: DisplayTable, width: int) -> None:
        """Build the table row by row in XML (python-docx's cell lookup is quadratic)."""
        rows = t.header + t.body
        table = self.document.add_table(rows=0, cols=t.n_cols)
        self._place(table._tbl)
        table._tbl.tblPr.style = self.style_id("Table Grid")
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        total = sum(t.widths)
        widths = [width * w // total for w in t.widths]
        for col, w in zip(table.columns, widths):
            col.width = Twips(w)
        tbl_pr = table._tbl.tblPr
        layout = OxmlElement("w:tblLayout")
        layout.set(qn("w:type"), "fixed")
        tbl_pr.append(layout)
        margins = OxmlElement("w:tblCellMar")  # narrow cell padding: about 1 mm each side
        for side in ("left", "right"):
            node = OxmlElement(f"w:{side}")
            node.set(qn("w:w"), "57")
            node.set(qn("w:type"), "dxa")
            margins.append(node)
        tbl_pr.append(margins)
        # Rows are built as XML text and parsed once per table: creating ~1,000 cells element by
        # element through the oxml layer costs more than the rest of the rendering.
        below: dict[tuple[int, int], int] = {}  # slots covered from above: (row, col) → colspan
        xml: list[str] = []
        for r, cells in enumerate(rows):
            header = r < len(t.header)
            xml.append("<w:tr><w:trPr><w:cantSplit/>" + ("<w:tblHeader/>" if header else "") + "</w:trPr>")
            placed = {c.col: c for c in cells}
            col = 0
            while col < t.n_cols:
                spec = placed.get(col)
                if spec is None and (r, col) in below:
                    span = below[(r, col)]
                    xml.append(self._cell(widths[col:col + span], "continue", None, header))
                    col += span
                    continue
                if spec is None:  # an unfilled slot: an empty cell keeps the grid whole
                    xml.append(self._cell(widths[col:col + 1], None, None, header))
                    col += 1
                    continue
                for dr in range(1, spec.rowspan):
                    below[(r + dr, col)] = spec.colspan
                xml.append(self._cell(widths[col:col + spec.colspan],
                                      "restart" if spec.rowspan > 1 else None, spec, header))
                col += spec.colspan
            xml.append("</w:tr>")
        parsed = parse_xml(f'<w:tbl {nsdecls("w")}>{"".join(xml)}</w:tbl>')
        for tr in list(parsed):
            table._tbl.append(tr)

    def _cell(self, widths, merge, spec, header: bool) -> str:
        """One ``w:tc`` as XML text: width, spans, vertical merge, centred, one styled paragraph."""
        props = [f'<w:tcW w:w="{sum(widths)}" w:type="dxa"/>']
        if len(widths) > 1:
            props.append(f'<w:gridSpan w:val="{len(widths)}"/>')
        if merge == "restart":
            props.append('<w:vMerge w:val="restart"/>')
        elif merge:
            props.append("<w:vMerge/>")
        props.append('<w:vAlign w:val="center"/>')
        bold = header or (spec is not None and spec.bold)
        p_pr = f'<w:pStyle w:val="{self.style_id("Table Header" if bold else "Table Text")}"/>'
        run = ""
        if spec is not None:
            p_pr += f'<w:jc w:val="{ {CENTER: "center", RIGHT: "right"}.get(spec.align, "left") }"/>'
            if spec.text:
                run = (f'<w:r>{_RUN_PR}<w:t xml:space="preserve">{escape(_xml_text(spec.text))}'
                       '</w:t></w:r>')
        return f"<w:tc><w:tcPr>{''.join(props)}</w:tcPr><w:p><w:pPr>{p_pr}</w:pPr>{run}</w:p></w:tc>"

    def draw(self, tables: Sequence[DisplayTable]) -> None:
        landscape = False  # the anchor sits in portrait pages
        for i, t in enumerate(tables):
            turn = t.landscape != landscape
            if turn:
                self.section_break(landscape)
                landscape = t.landscape
            sect = _section(self.base, landscape)
            width = _text_width(sect)
            self.paragraph(t.title, "Table Title", page_break=i > 0 and not turn)
            self.paragraph(t.number, "Table Meta", WD_ALIGN_PARAGRAPH.RIGHT)
            meta = self.paragraph(f"编制单位：{t.unit_name}\t单位：{t.unit}", "Table Meta")
            meta.paragraph_format.tab_stops.add_tab_stop(Twips(width), WD_TAB_ALIGNMENT.RIGHT)
            self.table(t, width)
            for note in t.notes:
                self.paragraph(note, "Table Note")
        if landscape:
            self.section_break(True)


def draw_tables(document, anchor, tables: Sequence[DisplayTable]) -> None:
    """Put ``tables`` in place of the paragraph element ``anchor`` of ``document``."""
    _Writer(document, anchor).draw(tables)
    anchor.getparent().remove(anchor)
