"""A LibreOffice macro (Python script provider) that numbers the loaded document's table of contents.

``pdf.write_profile`` copies it without this docstring and in ASCII: LibreOffice 7.4's Python
script provider failed to load it otherwise (std::bad_alloc on a fresh profile).

Copied into the private LibreOffice profile (``pdf.write_profile``: user/Scripts/python/) and run
inside LibreOffice by ``office_worker.py`` before the PDF export, so that the table of contents gets its page
numbers in the one conversion, without converting the front matter a second time. Runs in
LibreOffice's own process, where every call into the document is direct (over the UNO bridge each
would cost about a millisecond); never imported by the generator. Standard library and the UNO
document API only.

``number_toc(doc, entries)``: ``entries`` is a JSON list of the table of contents entry texts in order (those
``render.toc_entries`` reads from the .docx). The paragraphs of the document's first content index
must be exactly those entries, and each must be found, in order, as a heading (outline level > 0)
after the index. Each entry then gets a tab and its printed page number (numbering starts at 1
on the page of the first entry's heading: cover and table of contents unnumbered, as ``pdf.toc_layout``), the
number laid out as ``render_docx(toc_pages=...)`` writes it. Returns JSON: ``{"pages": [...]}``, or
``{"pages": null, "why": "..."}`` when the document is not numbered (then it is left unchanged,
except when the numbers changed its pagination, in which case the caller must not export it).
"""
import json
import re


def _key(text):
    return re.sub(r"\s+", "", text)


def _paragraphs(enumeration_access):
    out = []
    items = enumeration_access.createEnumeration()
    while items.hasMoreElements():
        item = items.nextElement()
        if item.supportsService("com.sun.star.text.Paragraph"):
            out.append(item)
    return out


def _heading_pages(doc, keys, after):
    """Physical page of each heading whose text is the next of ``keys``, after the paragraph ``after``."""
    cursor = doc.getCurrentController().getViewCursor()
    compare = doc.getText().compareRegionStarts
    pages, pos, started = [], 0, False
    for paragraph in _paragraphs(doc.getText()):
        if pos == len(keys):
            break
        if not started:
            started = compare(paragraph.getStart(), after.getStart()) == 0
            continue
        if paragraph.OutlineLevel > 0 and _key(paragraph.getString()) == keys[pos]:
            cursor.gotoRange(paragraph.getStart(), False)
            pages.append(cursor.getPage())
            pos += 1
    return pages


def number_toc(doc, entries_json):
    keys = [_key(t) for t in json.loads(entries_json)]
    indexes = doc.getDocumentIndexes()
    if not keys or indexes.getCount() == 0:
        return json.dumps({"pages": None, "why": "no table of contents"})
    index = indexes.getByIndex(0)
    lines = _paragraphs(doc.getText().createTextCursorByRange(index.getAnchor()))
    if [_key(p.getString()) for p in lines] != keys:
        return json.dumps({"pages": None, "why": "the table of contents's paragraphs are not its entries"})
    found = _heading_pages(doc, keys, lines[-1])
    if len(found) != len(keys):
        return json.dumps({"pages": None, "why": "a heading of the table of contents was not found"})
    printed = [str(page - found[0] + 1) for page in found]
    protected = index.IsProtected
    index.IsProtected = False
    for paragraph, number in zip(lines, printed):
        paragraph.getText().insertString(paragraph.getEnd(), "\t" + number, False)
    index.IsProtected = protected
    if _heading_pages(doc, keys, lines[-1]) != found:
        return json.dumps({"pages": None, "why": "the numbers changed the pagination", "changed": True})
    return json.dumps({"pages": printed})


g_exportedScripts = (number_toc,)
