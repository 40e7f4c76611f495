"""Draw the nine tables of 第二部分 (``tables.DisplayTable``) as Word tables, in place of one
paragraph of the rendered report. Part of the render layer (python-docx).

Layout rules:

* Each table starts on a new page: title (style Table Title, outline level 2, so the 目录 lists
  it), 公开0N表 at the right, then 编制单位 at the left and 单位：万元 at the right of one line.
* A landscape table (``TableSpec.landscape``) gets its own section: a section break before it
  ends the portrait pages, one after it returns to portrait. The sections are copies of the
  document's last section (same footer, so page numbers continue); landscape pages swap the
  page size and turn the margins with the sheet.
* Header rows repeat on every page a table crosses (``w:tblHeader``); a row never splits.
* Column widths are fixed (``w:tblLayout fixed``) and fill the text width, in proportion to
  ``DisplayTable.widths``.
"""
from __future__ import annotations

import copy
from typing import Sequence

from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Twips

from .tables import CENTER, RIGHT, DisplayTable

_ALIGN = {CENTER: WD_ALIGN_PARAGRAPH.CENTER, RIGHT: WD_ALIGN_PARAGRAPH.RIGHT}


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
    # The sheet turned a quarter to the left: the portrait left margin is now at the bottom, etc.
    mar.set(qn("w:top"), right)
    mar.set(qn("w:right"), bottom)
    mar.set(qn("w:bottom"), left)
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

    def _place(self, element) -> None:
        self.anchor.addprevious(element)

    def paragraph(self, text: str, style: str, align=None, page_break: bool = False):
        paragraph = self.document.add_paragraph(style=style)
        self._place(paragraph._p)
        if text:
            paragraph.add_run(text)
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
        rows = t.header + t.body
        table = self.document.add_table(rows=len(rows), cols=t.n_cols)
        self._place(table._tbl)
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        total = sum(t.widths)
        widths = [width * w // total for w in t.widths]
        tbl_pr = table._tbl.tblPr
        layout = OxmlElement("w:tblLayout")
        layout.set(qn("w:type"), "fixed")
        tbl_pr.append(layout)
        for col, w in zip(table.columns, widths):
            col.width = Twips(w)
        for r, row in enumerate(table.rows):
            tr_pr = row._tr.get_or_add_trPr()
            tr_pr.append(OxmlElement("w:cantSplit"))
            if r < len(t.header):
                tr_pr.append(OxmlElement("w:tblHeader"))
            for cell in row.cells:
                cell.width = Twips(widths[row.cells.index(cell)]) if False else cell.width
        for c, w in enumerate(widths):
            for r in range(len(rows)):
                table.cell(r, c).width = Twips(w)
        for r, cells in enumerate(rows):
            header = r < len(t.header)
            for spec in cells:
                cell = table.cell(r, spec.col)
                if spec.colspan > 1 or spec.rowspan > 1:
                    cell = cell.merge(table.cell(r + spec.rowspan - 1, spec.col + spec.colspan - 1))
                cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
                paragraph = cell.paragraphs[0]
                paragraph.style = "Table Header" if header or spec.bold else "Table Text"
                paragraph.alignment = _ALIGN.get(spec.align, WD_ALIGN_PARAGRAPH.LEFT)
                if spec.text:
                    paragraph.add_run(spec.text)

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
