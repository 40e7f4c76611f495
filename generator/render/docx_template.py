"""The report's docxtpl template: how the tables enter the document (the one hook).

docxtpl turns each XML part of the Word template into Jinja source (``DocxTemplate.patch_xml``:
it joins tags that Word split into several runs, and turns ``{{p x }}`` into ``{{ x }}`` without
the paragraph around it, so that the value's ``__html__`` lands at body level, as a ``Subdoc``
does). ``ReportTemplate`` adds one step, just before docxtpl's own (on the template's XML, where
Word may have split a tag over several runs: a paragraph's texts are read joined):

* a run of consecutive body paragraphs, each holding nothing but one table tag — ``{{ 表01 }}``
  or ``{{p 表01 }}`` (a name starting with 表: ``表01`` … ``表09``, ``表单位构成``) — becomes one
  body-level expression ``{{ 决算表组(表01, 表02, …) }}``. Its value (``TableRun``) draws the
  tables with ``word_tables`` and prints their XML in place of those paragraphs: one run of
  tables, one page each, the landscape ones sharing one landscape section (whose footers are
  added to the package while the body renders; docxtpl renders the footers after the body);
* a table tag anywhere else — with other text in its paragraph, in a table cell, in a header —
  is refused while rendering: ``TemplateProblem`` naming the tag (``TableTag.__html__``); with
  the same message, ``template_check`` refuses such a template beforehand.

So a user's template writes each table tag alone in its paragraph (as ``juesuan template export``
does); tags in consecutive paragraphs share a landscape section, a paragraph between them (text or
an empty one) starts a new run. A tag whose value is None (``表单位构成`` without 单位构成) prints
nothing, its paragraph included.

``patch_xml`` is a pure function of the part's XML text and is kept per text (a batch or a web
worker renders the same template for every unit). docxtpl's ``resolve_listing`` (regular
expressions over every paragraph, run and text of a rendered part, ~9 ms a report) only rewrites
the characters of ``_LISTING`` inside texts: a part without any of them is returned as it is.
Its ``fix_tables`` (which mends the grid of a table whose rows have more or fewer cells than the
grid has columns, as a ``{%tc`` loop makes) walks every cell of the body (~4 ms); the body is
parsed as docxtpl does and that walk runs only when some table's widest row is not exactly as wide
as its grid (``_tables_fit``): otherwise it could change nothing.
"""
from __future__ import annotations

from docxtpl import DocxTemplate
from lxml import etree

from ..derive.display import DisplayTable
from .template_check import TABLE_TAG, table_place_message

GROUP = "决算表组"  # the body-level helper (not for users' templates: template_check refuses it)
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# What docxtpl's resolve_listing turns into Word markup (tab, paragraph, line and page breaks).
_LISTING = ("\t", "\a", "\n", "\f")
# Characters that docxtpl rewrites in rendered text (tabs, line breaks, its escapes of braces):
# the drawn tables' XML carries them as character references, which the parser restores.
_KEEP = (("\t", "&#9;"), ("\n", "&#10;"), ("\r", "&#13;"), ("{", "&#123;"), ("}", "&#125;"))


def _kept(xml: str) -> str:
    """``xml`` with the characters of ``_KEEP`` as their references (str.replace: a translate
    table walked the run's half a megabyte character by character, ~15 ms a report)."""
    for char, reference in _KEEP:
        xml = xml.replace(char, reference)
    return xml


def _table_tag(paragraph) -> str | None:
    """The table name when ``paragraph``'s text is one table tag and nothing else."""
    text = "".join(t.text or "" for t in paragraph.iter(f"{_W}t")).strip()
    m = TABLE_TAG.fullmatch(text) if "表" in text else None
    return m.group(1) if m else None


def group_table_paragraphs(xml: str) -> str:
    """The body XML with each run of consecutive table-tag paragraphs replaced by one
    ``{{p 决算表组(…) }}`` paragraph (docxtpl then drops the paragraph); other parts unchanged."""
    if "表" not in xml or not xml.startswith("<w:body"):
        return xml
    body = etree.fromstring(xml)
    runs: list[list] = []
    previous = None
    for child in body:
        name = _table_tag(child) if child.tag == f"{_W}p" else None
        if name is None:
            previous = None
            continue
        if previous is None:
            runs.append([])
        runs[-1].append((child, name))
        previous = child
    if not runs:
        return xml
    for run in runs:
        first = run[0][0]
        tag = etree.SubElement(body, f"{_W}p")  # the body's prefix (w:), then moved into place
        etree.SubElement(etree.SubElement(tag, f"{_W}r"), f"{_W}t").text = \
            f"{{{{p {GROUP}({', '.join(name for _, name in run)}) }}}}"
        first.addprevious(tag)
        for paragraph, _ in run:
            body.remove(paragraph)
    return etree.tostring(body, encoding="unicode")


def _tables_fit(tree) -> bool:
    """Whether docxtpl's ``fix_tables`` would leave ``tree`` as it is: every table (nested ones
    too) has a grid and, among the rows it walks (``iter``: nested tables' rows too), one with as
    many cells as the grid has columns and none with more. It adds columns only for a row with
    more cells and removes them only when no row spans all of them; a cell spans one column or
    more (every ``gridSpan`` of the part is a whole number ≥ 1), so such a table is left unchanged.
    Anything else: False (docxtpl decides)."""
    w = tree.nsmap.get("w")
    if w is None:
        return False
    tbl, grid, col, tr, tc = (f"{{{w}}}{name}" for name in ("tbl", "tblGrid", "gridCol", "tr", "tc"))
    spans = (span.get(f"{{{w}}}val") or "" for span in tree.iter(f"{{{w}}}gridSpan"))
    if not all(v.isascii() and v.isdigit() and int(v) >= 1 for v in spans):
        return False
    for table in tree.iter(tbl):
        columns = table.find(grid)
        if columns is None:
            return False
        if max((len(row.findall(tc)) for row in table.iter(tr)), default=0) != len(columns.findall(col)):
            return False
    return True


class ReportTemplate(DocxTemplate):
    """docxtpl's template with the table hook (module docstring) and ``patch_xml`` kept per text."""

    _patched: dict[str, str] = {}

    def patch_xml(self, src_xml):
        patched = self._patched.get(src_xml)
        if patched is None:
            if len(self._patched) >= 16:
                self._patched.clear()
            patched = self._patched[src_xml] = super().patch_xml(group_table_paragraphs(src_xml))
        return patched

    def fix_tables(self, xml):
        """docxtpl's, run only when it could change something (``_tables_fit``)."""
        tree = etree.fromstring(xml, parser=etree.XMLParser(recover=True))
        return tree if _tables_fit(tree) else super().fix_tables(xml)

    def resolve_listing(self, xml):
        """docxtpl's, skipped when it could change nothing: it only replaces ``_LISTING``'s
        characters (each match is returned as it was when it holds none of them)."""
        if not any(char in xml for char in _LISTING):
            return xml
        return super().resolve_listing(xml)


class TableTag:
    """A table's value while the template renders (``bind_tables``): printed by ``决算表组`` where
    its tag stands alone in a body paragraph; printed anywhere else, a ``TemplateProblem``."""

    def __init__(self, template, table: DisplayTable, name: str):
        self.template, self.table, self.name = template, table, name

    def __bool__(self) -> bool:
        return True

    def __html__(self) -> str:
        from .document import TemplateProblem

        message, hint = table_place_message(self.name)
        raise TemplateProblem(message, hint=hint)

    __str__ = __html__


class TableRun:
    """The value of ``决算表组(表01, …)``: its ``__html__`` draws the tables (one run) and returns
    their body-level XML."""

    def __init__(self, tags):
        self.tags = [t for t in tags if t is not None]

    def __html__(self) -> str:
        from .document import TemplateProblem, layout_problem
        from .word_tables import tables_xml

        if not self.tags:
            return ""
        if not all(isinstance(t, TableTag) for t in self.tags):
            raise TemplateProblem("报告模板中有单独占一段、以“表”开头的标签，其值不是决算表；"
                                  "以“表”开头的名称只能是决算表（表01…表09、表单位构成）。")
        try:
            return _kept(tables_xml(self.tags[0].template.docx, [t.table for t in self.tags]))
        except (KeyError, ValueError, AttributeError, TypeError, IndexError) as exc:
            raise layout_problem() from exc

    __str__ = __html__


def table_group(*tags) -> TableRun:
    """``决算表组``: the tables of one run of table-tag paragraphs."""
    return TableRun(tags)


def bind_tables(template, context: dict) -> dict:
    """``context`` with every ``DisplayTable`` value replaced by its ``TableTag``."""
    return {key: TableTag(template, value, key) if isinstance(value, DisplayTable) else value
            for key, value in context.items()}
