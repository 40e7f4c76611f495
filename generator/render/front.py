"""The front matter of a rendered report (cover and 目录) as a document of its own.

A PDF's 目录 gets its page numbers after a first conversion; converting only the front matter
again (a page or three instead of the whole report) and putting its pages in front of the first
PDF (``pdf.splice_front``) saves LibreOffice a second full layout. The numbers are written into
the front matter cut from the first (unnumbered) report, so that it can be converted while the
report itself is rendered again with them.
"""
from __future__ import annotations

from pathlib import Path
from typing import Sequence

from .document import _toc_paragraph


def front_matter(docx: Path, out: Path, pages: Sequence[str] | None = None) -> bool:
    """Write ``out``: ``docx`` cut after the section that holds the 目录 field, that section's
    page setup becoming the document's last; with ``pages``, the 目录 entries (of a report
    rendered without numbers) get them, laid out as ``render_docx(toc_pages=…)`` does. False
    (nothing written) when the report has no 目录 field or no section break after it."""
    from docx import Document
    from docx.oxml.ns import qn

    document = Document(str(docx))
    body = document.element.body
    field = _toc_paragraph(document)
    if field is None:
        return False
    if pages is not None:
        _number_entries(field, pages)
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


def _number_entries(field, pages: Sequence[str]) -> None:
    """Append a tab and the page number to each 目录 entry: the field's paragraph and those after
    it up to the one holding the field's end (each entry one paragraph, ``_fill_toc``)."""
    import copy

    from docx.oxml.ns import qn

    entry = field
    for page in pages:
        if entry is None:
            return
        text = entry.findall(qn("w:r"))
        end = next((r for r in text if (f := r.find(qn("w:fldChar"))) is not None
                    and f.get(qn("w:fldCharType")) == "end"), None)
        if page:
            template = next(r for r in reversed(text) if r.find(qn("w:t")) is not None)
            tab = copy.deepcopy(template)
            for child in list(tab):
                tab.remove(child)
            tab.append(tab.makeelement(qn("w:tab"), {}))
            number = copy.deepcopy(template)
            number.find(qn("w:t")).text = page
            for run in (tab, number):
                if end is not None:
                    end.addprevious(run)
                else:
                    entry.append(run)
        if end is not None:
            return
        entry = entry.getnext()
        while entry is not None and entry.tag != qn("w:p"):
            entry = entry.getnext()
