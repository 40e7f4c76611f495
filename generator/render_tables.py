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

from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Twips

from .tables import CENTER, RIGHT, DisplayTable

# Characters XML cannot carry (a workbook cell may hold them): dropped, as render._clean does.
_ILLEGAL_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


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
        self.style_ids = {name: document.styles[name].style_id for name in ("Table Header", "Table Text")}

    def _place(self, element) -> None:
        self.anchor.addprevious(element)

    def paragraph(self, text: str, style: str, align=None, page_break: bool = False):
        paragraph = self.document.add_paragraph(style=style)
        self._place(paragraph._p)
        if text:
            paragraph.add_run(_xml_text(text))
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
        table.style = "Table Grid"
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
        # Grid slots covered from above by a vertical merge: (row, col) → colspan.
        below: dict[tuple[int, int], int] = {}
        for r, cells in enumerate(rows):
            tr = OxmlElement("w:tr")
            tr_pr = OxmlElement("w:trPr")
            tr_pr.append(OxmlElement("w:cantSplit"))
            if r < len(t.header):
                tr_pr.append(OxmlElement("w:tblHeader"))
            tr.append(tr_pr)
            table._tbl.append(tr)
            placed = {c.col: c for c in cells}
            col = 0
            while col < t.n_cols:
                spec = placed.get(col)
                if spec is None and (r, col) in below:
                    span = below[(r, col)]
                    self._cell(tr, table, widths[col:col + span], "continue", None, r < len(t.header))
                    col += span
                    continue
                if spec is None:  # an unfilled slot: an empty cell keeps the grid whole
                    self._cell(tr, table, widths[col:col + 1], None, None, r < len(t.header))
                    col += 1
                    continue
                merge = "restart" if spec.rowspan > 1 else None
                for dr in range(1, spec.rowspan):
                    below[(r + dr, col)] = spec.colspan
                self._cell(tr, table, widths[col:col + spec.colspan], merge, spec,
                           r < len(t.header))
                col += spec.colspan

    def _cell(self, tr, table, widths, merge, spec, header: bool) -> None:
        tc = OxmlElement("w:tc")
        tc_pr = OxmlElement("w:tcPr")
        tc_w = OxmlElement("w:tcW")
        tc_w.set(qn("w:w"), str(sum(widths)))
        tc_w.set(qn("w:type"), "dxa")
        tc_pr.append(tc_w)
        if len(widths) > 1:
            span = OxmlElement("w:gridSpan")
            span.set(qn("w:val"), str(len(widths)))
            tc_pr.append(span)
        if merge:
            vmerge = OxmlElement("w:vMerge")
            if merge == "restart":
                vmerge.set(qn("w:val"), "restart")
            tc_pr.append(vmerge)
        valign = OxmlElement("w:vAlign")
        valign.set(qn("w:val"), "center")
        tc_pr.append(valign)
        tc.append(tc_pr)
        # The paragraph in XML: python-docx resolves a style name by scanning all styles.
        p, p_pr, style = OxmlElement("w:p"), OxmlElement("w:pPr"), OxmlElement("w:pStyle")
        bold = header or (spec is not None and spec.bold)
        style.set(qn("w:val"), self.style_ids["Table Header" if bold else "Table Text"])
        p_pr.append(style)
        if spec is not None:
            jc = OxmlElement("w:jc")
            jc.set(qn("w:val"), {CENTER: "center", RIGHT: "right"}.get(spec.align, "left"))
            p_pr.append(jc)
        p.append(p_pr)
        if spec is not None and spec.text:
            run, text = OxmlElement("w:r"), OxmlElement("w:t")
            text.set(qn("xml:space"), "preserve")
            text.text = _xml_text(spec.text)
            run.append(text)
            p.append(run)
        tc.append(p)
        tr.append(tc)

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
