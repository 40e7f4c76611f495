"""Draw the nine tables of 第二部分 as Word tables.

Draw the nine tables of 第二部分 (``tables.DisplayTable``) as Word tables: ``tables_xml`` returns
the body-level XML of one run of tables (titles, tables, notes, section breaks), which the template
prints where its table tags stand (``docx_template``). Part of the render layer (python-docx).

Layout rules:

* Each table starts on a new page: title (style Table Title, outline level 2, so the 目录 lists
  it), 公开0N表 at the right, then 编制单位 at the left and 单位：万元 at the right of one line;
  its notes (注) follow it.
* Landscape tables (``DisplayTable.landscape``, grouped by ``tables.group_orientation``) share
  one landscape section: a section break before the first ends the portrait pages, one after
  the last returns to portrait. A landscape page is the portrait page turned a quarter
  clockwise (GB/T 9704: the table's head towards the binding): the portrait margins move round
  with it, and the page number stays where the bound portrait page has it — on the landscape
  page's left edge, set vertically, at its lower end on odd pages and its upper end on even
  pages (``landscape_footers``).
* Column widths come from the content (``table_layout``: longest name, widest amount, header
  words, at the table font's size) and fill the text width; header text breaks between words.
* Header rows repeat on every page a table crosses (``w:tblHeader``); a row never splits. A
  table longer than a page (estimated from the styles' line pitches) is cut into parts, each
  further part after a ``续表（公开0N表）`` line on a new page.
* 合计/总计 rows are bold; every run says its East Asian language is zh-CN.
"""
from __future__ import annotations

import copy
import functools
from typing import Sequence

from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.table import CT_Tbl
from docx.shared import Twips
from docx.table import Table
from docx.text.paragraph import Paragraph
from lxml import etree

from .table_layout import EM, column_widths, header_lines, row_lines
from ..derive.display import CENTER, RIGHT, DisplayTable
from .pages import landscape_footers, landscape_section, text_height, text_width
from ..xmltext import clean

# The styles the tables are drawn with: a template with a table tag ({{ 表01 }} …) must define
# each (``template_check`` refuses one that lacks any; templates/typography.py defines them).
TABLE_STYLES = ("Table Title", "Table Meta", "Table Text", "Table Header", "Table Note", "Table Grid")
CELL_MARGIN = 57  # twips: narrow cell padding, about 1 mm each side
LANGUAGE = "zh-CN"
_JC = {CENTER: "center", RIGHT: "right"}


@functools.lru_cache(maxsize=None)
def _w(name: str) -> str:
    """The Clark name of ``w:name`` (asked some ten thousand times per report)."""
    return qn(f"w:{name}")


def _sub(parent, tag: str, **attrs: str):
    """A ``w:`` child appended to ``parent``, as python-docx's element class (the document's
    parser gives sub-elements their classes; far faster than free-standing ``OxmlElement``)."""
    return etree.SubElement(parent, _w(tag), {_w(k): v for k, v in attrs.items()})


# The cells are written as XML text and parsed once per table: an element and a Python call per
# property (some twelve thousand per report) cost more than the rest of the table drawing.
_W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_TEXT_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"})
_ATTR_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;", '"': "&quot;",
                               "\n": "&#10;", "\t": "&#9;"})


def _attr(value: str) -> str:
    return value.translate(_ATTR_ESCAPES)


def _run_xml(text: str, bold: bool = False) -> str:
    """The XML of a run of ``text`` (a line break at each newline), zh-CN, bold if asked."""
    lines = "<w:br/>".join(f'<w:t xml:space="preserve">{line.translate(_TEXT_ESCAPES)}</w:t>'
                           for line in text.split("\n"))
    return f'<w:r><w:rPr>{"<w:b/>" if bold else ""}<w:lang w:eastAsia="{LANGUAGE}"/></w:rPr>{lines}</w:r>'


def _append_xml(parent, xml: str) -> None:
    """The ``w:`` elements of ``xml`` (a sequence of siblings) appended to ``parent``."""
    parent.extend(etree.fromstring(f'<w:x xmlns:w="{_W_NS}">{xml}</w:x>'))


def _run(parent, text: str, bold: bool = False):
    """A run of ``text`` (a line break at each newline) in ``parent``, zh-CN, bold if asked."""
    _append_xml(parent, _run_xml(text, bold))
    return parent[-1]


class _Writer:
    def __init__(self, document, container):
        self.document = document
        self.container = container  # new content is appended to this (detached) element
        self.base = document.element.body.sectPr  # the template's last section: portrait pages
        self.style_ids: dict[str, str] = {}
        self._pitches: dict[str, int] = {}
        self._sizes: dict = {}
        self._landscape = None
        # python-docx's _block_width (the last section's text width) lists the sections on each
        # call; the run is drawn in a detached element, so the document's sections do not change.
        self.block_width = document._block_width

    def style_id(self, name: str) -> str:
        """Style id by name, looked up once (python-docx scans every style on each lookup)."""
        if name not in self.style_ids:
            self.style_ids[name] = self.document.styles[name].style_id
        return self.style_ids[name]

    def pitch(self, name: str) -> int:
        """Line pitch plus space after of a paragraph style, in twips (looked up once)."""
        if name not in self._pitches:
            self._pitches[name] = self._pitch(name)
        return self._pitches[name]

    def _pitch(self, name: str) -> int:
        pf = self.document.styles[name].paragraph_format
        line = pf.line_spacing
        # An exact or at-least pitch is a Length; a multiple (1.0, 1.5) is a number of lines.
        pitch = line.twips if hasattr(line, "twips") else 300
        return pitch + (pf.space_after.twips if pf.space_after is not None else 0)

    def section(self, landscape: bool):
        if not landscape:
            return copy.deepcopy(self.base)
        if self._landscape is None:
            self._landscape = landscape_section(self.base)
            landscape_footers(self.document, self._landscape)
        return copy.deepcopy(self._landscape)

    def paragraph(self, text: str, style: str, align=None, page_break: bool = False):
        paragraph = Paragraph(_sub(self.container, "p"), None)
        sid = self.style_id(style)
        if sid is None:
            paragraph._p.style = sid
        else:  # what python-docx's p.style = sid writes into a new paragraph, without its searches
            _sub(_sub(paragraph._p, "pPr"), "pStyle", val=sid)
        if text:
            _run(paragraph._p, clean(text))
        if align is not None:
            paragraph.alignment = align
        if page_break:
            paragraph.paragraph_format.page_break_before = True
        return paragraph

    def section_break(self, landscape: bool) -> None:
        """End the current section (portrait or landscape) here."""
        paragraph = self.paragraph("", "Section Break")
        paragraph._p.get_or_add_pPr().append(self.section(landscape))

    # -- one table -----------------------------------------------------------------------------

    def widths(self, t: DisplayTable, width: int) -> tuple[list[int], int]:
        """Column widths in twips filling ``width``, and the table font's em in twips."""
        if "Table Text" not in self._sizes:
            self._sizes["Table Text"] = self.document.styles["Table Text"].font.size
        size = self._sizes["Table Text"]
        em = size.twips if size is not None else 180  # a template's style without a size: 9 pt
        padding = 2 * CELL_MARGIN * EM // em
        line = width * EM // em
        return [w * em // EM for w in column_widths(t, line, padding)], em

    def parts(self, t: DisplayTable, widths: list[int], em: int, height: int) -> list[tuple]:
        """The body rows cut into page-sized parts (a table that fits is one part)."""
        padding = 2 * CELL_MARGIN * EM // em
        units = [w * EM // em for w in widths]
        line = self.pitch("Table Text")

        def rows_height(rows, header: bool) -> int:
            return sum(row_lines(r, units, padding, header) * line + 30 for r in rows)

        head = rows_height(t.header, True)
        title = self.pitch("Table Title") + 2 * self.pitch("Table Meta")
        notes = len(t.notes) * self.pitch("Table Note")
        first = (height - title - head) * 94 // 100
        further = (height - self.pitch("Table Meta") - head) * 94 // 100
        parts: list[list] = [[]]
        used, limit = 0, first
        for row in t.body:
            h = rows_height([row], False)
            if parts[-1] and used + h > limit:
                parts.append([])
                used, limit = 0, further
            parts[-1].append(row)
            used += h
        if len(parts[-1]) > 1 and used + notes > limit:  # the notes stay with the last rows
            moved = []
            while len(parts[-1]) > 1 and used + notes > limit:
                row = parts[-1].pop()
                used -= rows_height([row], False)
                moved.insert(0, row)
            parts.append(moved)
        return [tuple(p) for p in parts]

    def table(self, t: DisplayTable, rows: Sequence, widths: list[int], em: int) -> None:
        """One Word table: the header rows of ``t`` and ``rows``."""
        table = Table(CT_Tbl.new_tbl(0, t.n_cols, self.block_width), None)
        self.container.append(table._tbl)
        table._tbl.tblPr.style = self.style_id("Table Grid")
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        for col, w in zip(table.columns, widths):
            col.width = Twips(w)
        tbl_pr = table._tbl.tblPr
        tbl_pr.get_or_add_tblLayout().set(qn("w:type"), "fixed")
        tbl_w = tbl_pr.find(qn("w:tblW"))
        if tbl_w is not None:  # the fixed layout's width: the columns' sum
            tbl_w.set(qn("w:type"), "dxa")
            tbl_w.set(qn("w:w"), str(sum(widths)))
        margins = OxmlElement("w:tblCellMar")
        tbl_pr.insert_element_before(margins, "w:tblLook", "w:tblCaption", "w:tblDescription",
                                     "w:tblPrChange")
        for side in ("left", "right"):
            _sub(margins, side, w=str(CELL_MARGIN), type="dxa")
        padding = 2 * CELL_MARGIN
        all_rows = list(t.header) + list(rows)
        below: dict[tuple[int, int], int] = {}  # slots covered from above: (row, col) → colspan
        xml: list[str] = []
        for r, cells in enumerate(all_rows):
            header = r < len(t.header)
            xml.append("<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>" if header
                       else "<w:tr><w:trPr><w:cantSplit/></w:trPr>")
            placed = {c.col: c for c in cells}
            col = 0
            while col < t.n_cols:
                spec = placed.get(col)
                if spec is None and (r, col) in below:
                    span = below[(r, col)]
                    xml.append(self.cell(widths[col:col + span], "continue", None, header, ""))
                    col += span
                    continue
                if spec is None:  # an unfilled slot: an empty cell keeps the grid whole
                    xml.append(self.cell(widths[col:col + 1], None, None, header, ""))
                    col += 1
                    continue
                for dr in range(1, spec.rowspan):
                    below[(r + dr, col)] = spec.colspan
                span = widths[col:col + spec.colspan]
                text = spec.text
                if header and text:
                    room = (sum(span) - padding) * EM // em
                    text = "\n".join(header_lines(text, room))
                xml.append(self.cell(span, "restart" if spec.rowspan > 1 else None, spec, header, text))
                col += spec.colspan
            xml.append("</w:tr>")
        _append_xml(table._tbl, "".join(xml))

    def cell(self, widths, merge, spec, header: bool, text: str) -> str:
        """The XML of one ``w:tc``: width, spans, vertical merge, centred, one styled paragraph."""
        span = f'<w:gridSpan w:val="{len(widths)}"/>' if len(widths) > 1 else ""
        vmerge = '<w:vMerge w:val="restart"/>' if merge == "restart" else "<w:vMerge/>" if merge else ""
        style = _attr(self.style_id("Table Header" if header else "Table Text"))
        jc = f'<w:jc w:val="{_JC.get(spec.align, "left")}"/>' if spec is not None else ""
        run = _run_xml(clean(text), bold=spec.bold and not header) if spec is not None and text else ""
        return (f'<w:tc><w:tcPr><w:tcW w:w="{sum(widths)}" w:type="dxa"/>{span}{vmerge}'
                f'<w:vAlign w:val="center"/></w:tcPr><w:p><w:pPr><w:pStyle w:val="{style}"/>{jc}</w:pPr>'
                f"{run}</w:p></w:tc>")

    def draw(self, tables: Sequence[DisplayTable]) -> None:
        landscape = False  # the run sits between portrait pages
        for i, t in enumerate(tables):
            turn = t.landscape != landscape
            if turn:
                self.section_break(landscape)
                landscape = t.landscape
            sect = self.section(landscape)
            width, height = text_width(sect), text_height(sect)
            widths, em = self.widths(t, width)
            if not t.framed:  # a list in the text: the table alone
                self.table(t, t.body, widths, em)
                continue
            self.paragraph(t.title, "Table Title", page_break=i > 0 and not turn)
            if t.number:  # a profile may print no label (公开0N表)
                self.paragraph(t.number, "Table Meta", WD_ALIGN_PARAGRAPH.RIGHT)
            meta = self.paragraph(f"编制单位：{t.unit_name}\t单位：{t.unit}", "Table Meta")
            meta.paragraph_format.tab_stops.add_tab_stop(Twips(width), WD_TAB_ALIGNMENT.RIGHT)
            for n, rows in enumerate(self.parts(t, widths, em, height)):
                if n:
                    self.paragraph(f"续表（{t.number}）" if t.number else "续表", "Table Meta", WD_ALIGN_PARAGRAPH.RIGHT,
                                   page_break=True)
                self.table(t, rows, widths, em)
            for note in t.notes:
                self.paragraph(note, "Table Note")
        if landscape:
            self.section_break(True)


def tables_xml(document, tables: Sequence[DisplayTable]) -> str:
    """The body-level XML (paragraphs, tables, section breaks; no enclosing element) of
    ``tables`` drawn as one run for ``document`` (its styles; its last section as the portrait
    pages around the run; landscape footers are added to its package). Drawn in a detached
    ``w:body`` that declares the document's namespaces, so that no element repeats them."""
    container = OxmlElement("w:body", nsdecls=dict(document.element.nsmap))
    _Writer(document, container).draw(tables)
    xml = etree.tostring(container, encoding="unicode")
    return xml[xml.index(">") + 1:xml.rindex("<")] if len(container) else ""
