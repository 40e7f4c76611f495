"""The front matter of a rendered report (cover and 目录) as a document of its own.

A PDF's 目录 gets its page numbers after a first conversion; converting only the front matter
again (a page or three instead of the whole report) and putting its pages in front of the first
PDF (``pdf.splice_front``) saves LibreOffice a second full layout.
"""
from __future__ import annotations

from pathlib import Path

from .document import _toc_paragraph


def front_matter(docx: Path, out: Path) -> bool:
    """Write ``out``: ``docx`` cut after the section that holds the 目录 field, that section's
    page setup becoming the document's last. False (nothing written) when the report has no
    目录 field or no section break after it."""
    from docx import Document
    from docx.oxml.ns import qn

    document = Document(str(docx))
    body = document.element.body
    field = _toc_paragraph(document)
    if field is None:
        return False
    children = list(body.iterchildren())
    start = children.index(field)
    end = next((c for c in children[start:] if c.tag == qn("w:p")
                and c.find(f"{qn('w:pPr')}/{qn('w:sectPr')}") is not None), None)
    if end is None:
        return False
    sect = end.find(f"{qn('w:pPr')}/{qn('w:sectPr')}")
    end.find(qn("w:pPr")).remove(sect)
    final = body.find(qn("w:sectPr"))
    for child in children[children.index(end) + 1:]:
        body.remove(child)
    if final is not None and final.getparent() is body:
        body.remove(final)
    body.append(sect)
    document.save(str(out))
    return True
