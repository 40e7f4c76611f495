"""Page geometry of the report's sections: text area, the landscape section, its page numbers."""
from __future__ import annotations

import copy

from docx.oxml import parse_xml
from docx.oxml.ns import qn
from docx.section import Section
from lxml import etree

EMU_PER_TWIP = 635
_NS = ('xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
       'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
       'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
       'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"')


def _twips(sect, tag: str, attr: str) -> int:
    return int(sect.find(qn(f"w:{tag}")).get(qn(f"w:{attr}")))


def text_width(sect) -> int:
    """Text width of a section in twips."""
    return (_twips(sect, "pgSz", "w") - _twips(sect, "pgMar", "left")
            - _twips(sect, "pgMar", "right"))


def text_height(sect) -> int:
    """Text height of a section in twips."""
    return (_twips(sect, "pgSz", "h") - _twips(sect, "pgMar", "top")
            - _twips(sect, "pgMar", "bottom"))


def landscape_section(base):
    """The portrait ``w:sectPr`` ``base`` turned a quarter clockwise: the page's left edge (the
    binding) becomes its top, its bottom edge (the page number) its left; no footers yet and no
    line grid (tables keep their own pitch)."""
    sect = copy.deepcopy(base)
    for ref in sect.findall(qn("w:footerReference")) + sect.findall(qn("w:headerReference")):
        sect.remove(ref)
    size = sect.find(qn("w:pgSz"))
    width, height = size.get(qn("w:w")), size.get(qn("w:h"))
    size.set(qn("w:w"), height)
    size.set(qn("w:h"), width)
    size.set(qn("w:orient"), "landscape")
    mar = sect.find(qn("w:pgMar"))
    top, right, bottom, left = (mar.get(qn(f"w:{k}")) for k in ("top", "right", "bottom", "left"))
    mar.set(qn("w:top"), left)
    mar.set(qn("w:right"), top)
    mar.set(qn("w:bottom"), right)
    mar.set(qn("w:left"), bottom)
    grid = sect.find(qn("w:docGrid"))
    if grid is not None:
        sect.remove(grid)
    return sect


def _number_box(paragraph, sect, footer_distance: int, line: int, shape_id: int) -> str:
    """A footer paragraph holding a text box on the page's left edge, text turned a quarter
    clockwise, with the portrait footer's paragraph (``— N —``, its alignment and indent)."""
    top, bottom = _twips(sect, "pgMar", "top"), _twips(sect, "pgMar", "bottom")
    height = _twips(sect, "pgSz", "h") - top - bottom
    centre = footer_distance + line // 2          # as far from the edge as on portrait pages
    x, y = (centre - line) * EMU_PER_TWIP, top * EMU_PER_TWIP
    cx, cy = 2 * line * EMU_PER_TWIP, height * EMU_PER_TWIP
    inner = etree.tostring(copy.deepcopy(paragraph), encoding="unicode")
    return (
        f'<w:p {_NS}><w:r><w:drawing>'
        f'<wp:anchor distT="0" distB="0" distL="0" distR="0" simplePos="0" '
        f'relativeHeight="{shape_id}" behindDoc="0" locked="1" layoutInCell="1" allowOverlap="1">'
        '<wp:simplePos x="0" y="0"/>'
        f'<wp:positionH relativeFrom="page"><wp:posOffset>{x}</wp:posOffset></wp:positionH>'
        f'<wp:positionV relativeFrom="page"><wp:posOffset>{y}</wp:posOffset></wp:positionV>'
        f'<wp:extent cx="{cx}" cy="{cy}"/><wp:effectExtent l="0" t="0" r="0" b="0"/><wp:wrapNone/>'
        f'<wp:docPr id="{shape_id}" name="页码{shape_id}"/><wp:cNvGraphicFramePr/>'
        '<a:graphic><a:graphicData '
        'uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"><wps:wsp>'
        '<wps:cNvSpPr txBox="1"/><wps:spPr>'
        f'<a:xfrm><a:off x="0" y="0"/><a:ext cx="{cx}" cy="{cy}"/></a:xfrm>'
        '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom><a:noFill/><a:ln><a:noFill/></a:ln>'
        f'</wps:spPr><wps:txbx><w:txbxContent>{inner}</w:txbxContent></wps:txbx>'
        '<wps:bodyPr rot="0" vert="vert" wrap="square" lIns="0" tIns="0" rIns="0" bIns="0" '
        'anchor="ctr" anchorCtr="0"><a:noAutofit/></wps:bodyPr>'
        '</wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></w:r></w:p>')


def landscape_footers(document, sect) -> None:
    """Give the landscape ``sect`` its own odd and even footers: the portrait ones' page number,
    moved to where it lies when the landscape page is bound (the left edge)."""
    base = Section(document.element.body.sectPr, document.part)
    if base.footer.is_linked_to_previous:  # no footer of its own: no page number
        return
    footer_distance = _twips(document.element.body.sectPr, "pgMar", "footer")
    target = Section(sect, document.part)
    pairs = [(base.footer, target.footer)]
    if not base.even_page_footer.is_linked_to_previous:
        pairs.append((base.even_page_footer, target.even_page_footer))
    for n, (portrait, landscape) in enumerate(pairs):
        source = portrait.paragraphs[0]
        spacing = source.paragraph_format.line_spacing
        line = spacing.twips if hasattr(spacing, "twips") else 280  # exact pitch, else 14 pt
        landscape.is_linked_to_previous = False
        element = landscape._element
        for child in list(element):
            element.remove(child)
        element.append(parse_xml(_number_box(source._p, sect, footer_distance, line, 9001 + n)))
