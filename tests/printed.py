"""Everything a rendered report prints, as plain text for the golden files (tests/golden/).

Three kinds, one line per printed thing so that a change shows as a small diff:

* ``paragraphs``: every body paragraph's text in order (``render.docx_text``);
* ``tables``: every Word table in body order, headed by the 公开0N表 / 续表 line printed above it,
  one line per row, the cells as printed (a merged cell once) separated by `` | `` (trailing
  blanks dropped);
* ``charts``: every chart in body order: its kind and title, then one line per category with
  each series' value as stored in the chart (what Word and the PDF draw).
"""
from __future__ import annotations

import re
from pathlib import Path

from docx import Document
from docx.oxml.ns import qn

_C = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"
_A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
_R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_TABLE_NUMBER = re.compile(r"^(续表（)?公开0\d表）?$")
_KINDS = {"pieChart": "饼图", ("barChart", "bar"): "条形图", ("barChart", "col"): "柱形图"}


def _text(element) -> str:
    return "".join(t.text or "" for t in element.iter(qn("w:t")))


def paragraphs(path: Path) -> str:
    from generator.render import docx_text

    return "\n".join(docx_text(path)) + "\n"


def tables(path: Path) -> str:
    lines: list[str] = []
    label = ""
    for element in Document(str(path)).element.body:
        if element.tag == qn("w:p"):
            text = _text(element).strip()
            if _TABLE_NUMBER.match(text):
                label = text
        elif element.tag == qn("w:tbl"):
            lines.append(f"## {label or '表格'}")
            for row in element.iter(qn("w:tr")):
                cells = (_text(cell).strip() for cell in row.iterchildren(qn("w:tc")))
                lines.append(" | ".join(cells).rstrip())
            lines.append("")
    return "\n".join(lines)


def _points(node) -> list[str]:
    return [(pt.findtext(f"{_C}v") or "").strip() for pt in node.iter(f"{_C}pt")] if node is not None else []


def _chart(xml) -> list[str]:
    plot = xml.find(f"{_C}chart/{_C}plotArea")
    group = next(child for child in plot if child.tag.endswith("Chart"))
    name = group.tag[len(_C):]
    direction = group.find(f"{_C}barDir")
    kind = _KINDS.get(name) or _KINDS.get((name, direction.get("val") if direction is not None else ""), name)
    title = "".join(t.text or "" for t in xml.find(f"{_C}chart/{_C}title").iter(f"{_A}t"))
    series = [(_points(ser.find(f"{_C}tx"))[0] if ser.find(f"{_C}tx") is not None else "",
               _points(ser.find(f"{_C}cat")), _points(ser.find(f"{_C}val")))
              for ser in group.iter(f"{_C}ser")]
    lines = [f"## {kind}：{title}", "类别 | " + " | ".join(s[0] for s in series)]
    categories = series[0][1] if series else []
    for i, category in enumerate(categories):
        lines.append(" | ".join([category] + [s[2][i] if i < len(s[2]) else "" for s in series]).rstrip())
    return lines + [""]


def charts(path: Path) -> str:
    from lxml import etree

    document = Document(str(path))
    related = document.part.related_parts
    lines: list[str] = []
    for ref in document.element.body.iter(f"{_C}chart"):
        lines.extend(_chart(etree.fromstring(related[ref.get(f"{_R}id")].blob)))
    return "\n".join(lines)


KINDS = {"": paragraphs, "tables": tables, "charts": charts}
