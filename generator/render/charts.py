"""Native Word charts for the template's chart tags (``charts.Chart`` → a DrawingML chart part).

A chart is what Word itself writes: a chart part (``word/charts/chartN.xml``, its XML as
python-pptx's chart XML writer writes it, the same DrawingML) with its data as an embedded workbook
(``word/embeddings/…xlsx``, so the publishing office can edit it in Word/WPS), shown by an
inline ``graphicFrame`` in the paragraph of the tag. LibreOffice draws it as vector graphics in
the PDF. Everything is deterministic: part names in rendering order, the workbook dated from a
fixed moment, no random ids.
"""
from __future__ import annotations

import io
from datetime import datetime
from decimal import Decimal

from ..derive.chart_data import BAR, PIE, Chart
from ..xmltext import clean, escape

_CHART_CT = "application/vnd.openxmlformats-officedocument.drawingml.chart+xml"
_XLSX_CT = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_C = "http://schemas.openxmlformats.org/drawingml/2006/chart"
_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
_FIXED = datetime(2000, 1, 1)
FONT = "仿宋_GB2312"  # the body face of the report (LibreOffice substitutes as for the text)
WIDTH_EMU, HEIGHT_EMU = 5400000, 2880000  # 15 cm × 8 cm
_PIE_HEIGHT_EMU = 2700000
LABEL_SIZE = 900          # value labels 9 pt (axis text 10 pt)
HEADROOM = Decimal("1.2")  # the value axis reaches 20 % above the largest bar: its label clears the top
GAP_WIDTH, OVERLAP = 120, -15  # space between clusters; bars of a cluster apart, their labels side by side
_NICE = (1, Decimal("1.2"), Decimal("1.5"), 2, Decimal("2.5"), 3, 4, 5, 6, 8, 10)


def axis_max(values) -> Decimal | None:
    """A round value-axis maximum at least ``HEADROOM`` × the largest value (None: nothing above 0)."""
    top = max((Decimal(v) for v in values), default=Decimal(0))
    if top <= 0:
        return None
    target = top * HEADROOM
    magnitude = Decimal(10) ** (target.adjusted())
    return next(m * magnitude for m in _NICE if m * magnitude >= target).normalize()


# The chart space as python-pptx's chart XML writer (``pptx.chart.xmlwriter``) writes it for a
# clustered bar/column chart and a pie, and the embedded workbook as its ``CategoryWorkbookWriter``
# lays it out (categories in column A from row 2, one column per series with its name on top):
# the same text and bytes, without importing python-pptx (a tenth of a report's time).
_SPACE = ("<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
          f'<c:chartSpace xmlns:c="{_C}" xmlns:a="{_A}" xmlns:r="{_R}">\n{{date1904}}  <c:chart>\n'
          '    <c:autoTitleDeleted val="0"/>\n    <c:plotArea>\n{plot}    </c:plotArea>\n'
          '    <c:dispBlanksAs val="gap"/>\n  </c:chart>\n  <c:txPr>\n    <a:bodyPr/>\n    <a:lstStyle/>\n'
          '    <a:p>\n      <a:pPr>\n        <a:defRPr sz="1800"/>\n      </a:pPr>\n'
          '      <a:endParaRPr lang="en-US"/>\n    </a:p>\n  </c:txPr>\n</c:chartSpace>\n')
_AX_TAIL = ('        <c:majorTickMark val="out"/>\n        <c:minorTickMark val="none"/>\n'
            '        <c:tickLblPos val="nextTo"/>\n        <c:crossAx val="{cross}"/>\n'
            '        <c:crosses val="autoZero"/>\n')
_BARS = ('      <c:barChart>\n        <c:barDir val="{direction}"/>\n        <c:grouping val="clustered"/>\n'
         '{series}        <c:axId val="-2068027336"/>\n        <c:axId val="-2113994440"/>\n      </c:barChart>\n'
         '      <c:catAx>\n        <c:axId val="-2068027336"/>\n        <c:scaling>\n'
         '          <c:orientation val="minMax"/>\n        </c:scaling>\n        <c:delete val="0"/>\n'
         '        <c:axPos val="{cat_pos}"/>\n' + _AX_TAIL.replace("{cross}", "-2113994440")
         + '        <c:auto val="1"/>\n        <c:lblAlgn val="ctr"/>\n        <c:lblOffset val="100"/>\n'
         '        <c:noMultiLvlLbl val="0"/>\n      </c:catAx>\n      <c:valAx>\n'
         '        <c:axId val="-2113994440"/>\n        <c:scaling/>\n        <c:delete val="0"/>\n'
         '        <c:axPos val="{val_pos}"/>\n        <c:majorGridlines/>\n'
         + _AX_TAIL.replace("{cross}", "-2068027336") + '      </c:valAx>\n')
_PIE = '      <c:pieChart>\n        <c:varyColors val="1"/>\n{series}      </c:pieChart>\n'
_PT = '                <c:pt idx="{}">\n                  <c:v>{}</c:v>\n                </c:pt>\n'
_SERIES = ('        <c:ser>\n          <c:idx val="{i}"/>\n          <c:order val="{i}"/>\n'
           '          <c:tx>\n            <c:strRef>\n              <c:f>Sheet1!${col}$1</c:f>\n'
           '              <c:strCache>\n                <c:ptCount val="1"/>\n{name}'
           '              </c:strCache>\n            </c:strRef>\n          </c:tx>\n'
           '          <c:cat>\n            <c:strRef>\n              <c:f>Sheet1!$A$2:$A${last}</c:f>\n'
           '              <c:strCache>\n                <c:ptCount val="{count}"/>\n{cats}'
           '              </c:strCache>\n            </c:strRef>\n          </c:cat>\n'
           '          <c:val>\n            <c:numRef>\n              <c:f>Sheet1!${col}$2:${col}${end}</c:f>\n'
           '              <c:numCache>\n                <c:formatCode>0.00</c:formatCode>\n'
           '                <c:ptCount val="{values}"/>\n{points}              </c:numCache>\n'
           '            </c:numRef>\n          </c:val>\n        </c:ser>\n')


def _column(number: int) -> str:
    """The worksheet column letters of column ``number`` (1 → A, 27 → AA)."""
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def _space_xml(chart: Chart) -> str:
    """The chart space before our changes (see ``_SPACE``): categories and series names cleaned
    and escaped, values as their decimal text; a pie shows its first series."""
    cats = "".join(_PT.format(i, escape(clean(c))) for i, c in enumerate(chart.categories))
    series = chart.series[:1] if chart.kind == PIE else chart.series
    xml = "".join(_SERIES.format(
        i=i, col=_column(2 + i), name=_PT.format(0, escape(clean(name))), last=len(chart.categories) + 1,
        count=len(chart.categories), cats=cats, end=len(values) + 1, values=len(values),
        points="".join(_PT.format(j, v) for j, v in enumerate(values) if v is not None))
        for i, (name, values) in enumerate(series))
    if chart.kind == PIE:
        return _SPACE.format(date1904="", plot=_PIE.format(series=xml))
    bar = chart.kind == BAR
    return _SPACE.format(date1904='  <c:date1904 val="0"/>\n', plot=_BARS.format(
        direction="bar" if bar else "col", series=xml, cat_pos="l" if bar else "b", val_pos="b" if bar else "l"))


def _workbook(chart: Chart) -> bytes:
    """The chart's data as an .xlsx (XlsxWriter, dated from a fixed moment: it stamps the clock)."""
    from xlsxwriter import Workbook

    out = io.BytesIO()
    workbook = Workbook(out, {"in_memory": True})
    workbook.set_properties({"created": _FIXED, "author": "", "title": chart.title})
    sheet = workbook.add_worksheet()
    general = workbook.add_format({"num_format": "General"})
    sheet.set_column(0, 0, 10)
    for row, category in enumerate(chart.categories, 1):
        sheet.write(row, 0, clean(category), general)
    for col, (name, values) in enumerate(chart.series, 1):
        amounts = workbook.add_format({"num_format": "0.00"})
        sheet.write(0, col, clean(name))
        sheet.write_column(1, col, list(values), amounts)
    workbook.close()
    return out.getvalue()


def chart_xml(chart: Chart) -> bytes:
    """The chart part's XML: python-pptx's chart XML (``_space_xml``), with the report's face, a
    title, value labels (two decimals, as in the text) and the legend where it helps."""
    from lxml import etree

    root = etree.fromstring(_space_xml(chart).encode("utf-8"))
    c = f"{{{_C}}}"
    chart_el = root.find(f"{c}chart")
    for old in chart_el.findall(f"{c}autoTitleDeleted"):
        chart_el.remove(old)
    chart_el.insert(0, etree.fromstring(
        f'<c:title xmlns:c="{_C}" xmlns:a="{_A}"><c:tx><c:rich><a:bodyPr/><a:lstStyle/><a:p><a:pPr>'
        f'<a:defRPr sz="1200" b="0"/></a:pPr><a:r><a:rPr lang="zh-CN" sz="1200" b="0"/>'
        f"<a:t>{escape(clean(chart.title))}</a:t></a:r></a:p></c:rich></c:tx>"
        f'<c:overlay val="0"/></c:title>'))
    chart_el.insert(1, etree.fromstring(f'<c:autoTitleDeleted xmlns:c="{_C}" val="0"/>'))
    plot = chart_el.find(f"{c}plotArea")
    group = plot[0]
    # Value labels only (two decimals, as the text): the names are in the legend (pie) or on the
    # category axis, so no label holds a word that could break across lines ("财政拨款收/入").
    labels = etree.fromstring(
        f'<c:dLbls xmlns:c="{_C}" xmlns:a="{_A}"><c:numFmt formatCode="0.00" sourceLinked="0"/>'
        '<c:spPr><a:noFill/><a:ln><a:noFill/></a:ln></c:spPr>'
        f'<c:txPr><a:bodyPr wrap="none"/><a:lstStyle/><a:p><a:pPr><a:defRPr sz="{LABEL_SIZE}"/></a:pPr>'
        '<a:endParaRPr lang="zh-CN"/></a:p></c:txPr>'
        + ('<c:dLblPos val="bestFit"/>' if chart.kind == PIE else '<c:dLblPos val="outEnd"/>')
        + '<c:showLegendKey val="0"/><c:showVal val="1"/><c:showCatName val="0"/>'
        + '<c:showSerName val="0"/><c:showPercent val="0"/><c:showBubbleSize val="0"/>'
        + '<c:showLeaderLines val="1"/></c:dLbls>')
    for ser in group.findall(f"{c}ser"):
        anchor = ser.find(f"{c}cat")
        anchor.addprevious(etree.fromstring(etree.tostring(labels)))
    if chart.kind == BAR:  # first category at the top, as in the text; values still below
        for ax in plot.findall(f"{c}catAx"):
            ax.find(f"{c}scaling").find(f"{c}orientation").set("val", "maxMin")
        for ax in plot.findall(f"{c}valAx"):
            crosses = ax.find(f"{c}crosses")
            if crosses is not None:
                crosses.set("val", "max")
    if chart.kind != PIE:  # bars of a cluster apart, so that their labels do not touch
        _set_child(group, f"{c}gapWidth", GAP_WIDTH, before=f"{c}axId")
        _set_child(group, f"{c}overlap", OVERLAP, before=f"{c}axId")
    top = axis_max(v for _, values in chart.series for v in values)
    for ax in plot.findall(f"{c}valAx"):  # bars start at 0: a cut axis would exaggerate
        scaling = ax.find(f"{c}scaling")
        if top is not None and all(v >= 0 for _, values in chart.series for v in values):
            scaling.append(etree.fromstring(f'<c:max xmlns:c="{_C}" val="{top:f}"/>'))
        scaling.append(etree.fromstring(f'<c:min xmlns:c="{_C}" val="0"/>'))
    if chart.kind == PIE or len(chart.series) > 1:
        legend = etree.fromstring(
            f'<c:legend xmlns:c="{_C}"><c:legendPos val="{"r" if chart.kind == PIE else "b"}"/>'
            f'<c:overlay val="0"/></c:legend>')
        old = chart_el.find(f"{c}legend")
        if old is not None:
            chart_el.remove(old)
        plot.addnext(legend)
    blanks = chart_el.find(f"{c}dispBlanksAs")
    if chart_el.find(f"{c}plotVisOnly") is None and blanks is not None:
        blanks.addprevious(etree.fromstring(f'<c:plotVisOnly xmlns:c="{_C}" val="1"/>'))
    tx = root.find(f"{c}txPr")
    defrpr = tx.find(f".//{{{_A}}}defRPr")
    defrpr.set("sz", "1000")
    for tag in ("latin", "ea", "cs"):
        etree.SubElement(defrpr, f"{{{_A}}}{tag}").set("typeface", FONT)
    tx.find(f".//{{{_A}}}endParaRPr").set("lang", "zh-CN")
    for tag in ("date1904", "lang", "roundedCorners"):  # python-pptx writes date1904 for some kinds
        for old in root.findall(f"{c}{tag}"):
            root.remove(old)
    root.insert(0, etree.fromstring(f'<c:roundedCorners xmlns:c="{_C}" val="0"/>'))
    root.insert(0, etree.fromstring(f'<c:lang xmlns:c="{_C}" val="zh-CN"/>'))
    root.insert(0, etree.fromstring(f'<c:date1904 xmlns:c="{_C}" val="0"/>'))
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _set_child(parent, tag: str, value, before: str) -> None:
    """Set ``<tag val=…>`` of ``parent`` (replacing one there, else inserted before ``before``)."""
    from lxml import etree

    for old in parent.findall(tag):
        parent.remove(old)
    node = etree.Element(tag)
    node.set("val", str(value))
    parent.find(before).addprevious(node)


def add_chart(document_part, chart: Chart) -> str:
    """Add ``chart`` (chart part + embedded workbook) to the package of ``document_part``;
    returns the relationship id of the chart part."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part
    from lxml import etree

    package = document_part.package
    chart_name = package.next_partname("/word/charts/chart%d.xml")
    book_name = package.next_partname("/word/embeddings/Microsoft_Excel_Worksheet%d.xlsx")
    book = Part(PackURI(book_name), _XLSX_CT, _workbook(chart), package)
    part = Part(PackURI(chart_name), _CHART_CT, b"", package)
    rid = part.relate_to(book, RT.PACKAGE)
    root = etree.fromstring(chart_xml(chart))
    root.append(etree.fromstring(
        f'<c:externalData xmlns:c="{_C}" xmlns:r="{_R}" r:id="{rid}"><c:autoUpdate val="0"/>'
        f"</c:externalData>"))
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    return document_part.relate_to(part, RT.CHART)


class ChartRun:
    """A chart tag's value while the template renders, by docxtpl's own mechanism for inline
    objects (that of its ``InlineImage``): printing the tag adds the chart part to the part being
    rendered (``current_rendering_part``: the body, a header or a footer) and prints the run that
    shows it. No marker is left to be found afterwards."""

    def __init__(self, template, chart: Chart, number: int):
        self.template, self.chart, self.number = template, chart, number

    def __bool__(self) -> bool:
        return True

    def __html__(self) -> str:
        rid = add_chart(self.template.current_rendering_part or self.template.docx.part, self.chart)
        height = _PIE_HEIGHT_EMU if self.chart.kind == PIE else HEIGHT_EMU
        drawing = (
            f'<w:drawing><wp:inline xmlns:wp="{_WP}" distT="0" distB="0" distL="0" distR="0">'
            f'<wp:extent cx="{WIDTH_EMU}" cy="{height}"/><wp:effectExtent l="0" t="0" r="0" b="0"/>'
            f'<wp:docPr id="{9000 + self.number}" name="图表 {self.number}" '
            f'descr="{escape(clean(self.chart.title), quote=True)}"/><wp:cNvGraphicFramePr/>'
            f'<a:graphic xmlns:a="{_A}"><a:graphicData uri="{_C}">'
            f'<c:chart xmlns:c="{_C}" xmlns:r="{_R}" r:id="{rid}"/></a:graphicData></a:graphic>'
            f"</wp:inline></w:drawing>")
        return f'</w:t></w:r><w:r>{drawing}</w:r><w:r><w:t xml:space="preserve">'

    __str__ = __html__


def bind_charts(template, context: dict) -> dict:
    """``context`` with every ``Chart`` value replaced by its ``ChartRun`` (None stays None: the
    template's ``{%p if 图_… %}`` drops the paragraph)."""
    out, number = {}, 0
    for key, value in context.items():
        if isinstance(value, Chart):
            number += 1
            value = ChartRun(template, value, number)
        out[key] = value
    return out


def chart_parts(docx_path) -> list[bytes]:
    """The chart parts' XML of a .docx, in part-name order (for tests and checks)."""
    import zipfile

    with zipfile.ZipFile(docx_path) as z:
        names = sorted((n for n in z.namelist() if n.startswith("word/charts/chart")),
                       key=lambda n: int("".join(ch for ch in n if ch.isdigit()) or 0))
        return [z.read(n) for n in names]
