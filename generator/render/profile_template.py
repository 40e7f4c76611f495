"""Build the Word template (docxtpl) of a profile: its parts, tables and sentences in the house styles.

The content comes from the profile (``generator.profiles``); the typography (GB/T 9704-2012:
faces, sizes, grid, page numbers) from ``templates/typography.py``, loaded by path from the
built-in templates' folder (a checkout's ``templates/`` or, after ``pip install .``,
``{prefix}/share/juesuan/templates``). The output is deterministic: fixed document properties
and zip entry times, so a rebuilt template changes only when its content does.
"""
from __future__ import annotations

import atexit
import copy
import importlib.util
import io
import re
import shutil
import tempfile
import zipfile
from datetime import datetime, timezone
from functools import lru_cache
from pathlib import Path

from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt

from .document import TEMPLATES

_TAG = re.compile(r"(\{\{.*?\}\}|\{%.*?%\})")
_NUMERALS = "一二三四五六七八九十"
# The committed built-in templates (templates/): file → (profile, layout option) it is built from.
COMMITTED: dict[str, tuple[str, str | None]] = {
    "report.docx": ("湖南2021", None),
    "tables-last.docx": ("湖南2021", "附表在后"),
}
_built: dict[tuple, Path] = {}  # (file, its mtime, layout) → the template built from it (this process)


@lru_cache(maxsize=1)
def typography():
    """templates/typography.py (a file of the templates' folder, not a module of the package)."""
    spec = importlib.util.spec_from_file_location("juesuan_template_typography", TEMPLATES / "typography.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def numeral(n: int) -> str:
    """1 → 一 … 10 → 十, 14 → 十四, 21 → 二十一 (headings of parts and sections)."""
    if n <= 10:
        return _NUMERALS[n - 1]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else _NUMERALS[tens - 1]) + "十" + (_NUMERALS[ones - 1] if ones else "")


def _part(profile, kind: str) -> list[tuple[str, str]]:
    if kind == "决算表":  # each tag's paragraph becomes the table with its title (render.word_tables)
        return [("Normal", f"{{{{ 表{t.key} }}}}") for t in profile.tables]
    if kind == "情况说明":
        out = []
        for n, section in enumerate(profile.sections, 1):
            out.append(("Heading 2", f"{numeral(n)}、{section.heading}"))
            out += [(p.style, p.text) for p in section.paragraphs]
        return out
    return [(p.style, p.text) for p in profile.texts[kind]]


def content(profile, layout: str | None = None) -> list[tuple[str, str]]:
    """The paragraphs (style, text) of the template. Styles starting with "@" are structure:
    section breaks and the 目录 field."""
    out = [("Title", line) for line in profile.cover]
    out += [("@section", "cover"), ("TOC Heading", "目  录"), ("@toc", ""), ("@section", "toc")]
    for n, part in enumerate(profile.parts_of(layout), 1):
        out.append(("Heading 1", f"第{numeral(n)}部分 {part.heading}"))
        out += _part(profile, part.kind)
    return out


def _add_paragraph(doc, style: str, text: str) -> None:
    """A paragraph whose every Jinja tag is a run of its own (and every text between tags), so
    that Word keeps each tag in one piece."""
    paragraph = doc.add_paragraph(style=style)
    for piece in _TAG.split(text):
        if piece:
            paragraph.add_run(piece)


def _section_break(doc) -> None:
    """End a section here (next page): a copy of the document's page setup without footer, so
    the cover and the 目录 carry no page number."""
    sect = copy.deepcopy(doc.element.body.sectPr)
    for ref in sect.findall(qn("w:footerReference")) + sect.findall(qn("w:headerReference")):
        sect.remove(ref)
    paragraph = doc.add_paragraph(style="Section Break")
    paragraph._p.get_or_add_pPr().append(sect)


def _toc_field(doc) -> None:
    """A TOC field over outline levels 1–2 and the appendix's sections. Its shown result is
    written by the renderer (the headings of the report); Word and WPS refresh it on opening
    (w:updateFields)."""
    paragraph = doc.add_paragraph(style="toc 1")
    parts = [("fldChar", "begin"), ("instrText", typography().TOC_INSTRUCTION), ("fldChar", "separate"),
             ("t", "（目录）"), ("fldChar", "end")]
    for tag, value in parts:
        run = OxmlElement("w:r")
        node = OxmlElement(f"w:{tag}")
        if tag == "fldChar":
            node.set(qn("w:fldCharType"), value)
            if value == "begin":
                node.set(qn("w:dirty"), "true")
        else:
            node.set(qn("xml:space"), "preserve")
            node.text = value
        run.append(node)
        paragraph._p.append(run)


def build_template(profile, path: Path, layout: str | None = None) -> Path:
    """Write the Word template of ``profile`` (in the parts order of ``layout``, one of its
    ``排法``, or its own) to ``path``."""
    T = typography()
    doc = Document()
    T.configure_styles(doc)
    T.configure_page(doc)
    T.font_table(doc)
    body = doc.element.body
    for p in list(body.iterchildren(qn("w:p"))):  # python-docx's default empty paragraph
        body.remove(p)
    for style, text in content(profile, layout):
        if style == "@section":
            _section_break(doc)
        elif style == "@toc":
            _toc_field(doc)
        else:
            _add_paragraph(doc, style, text)
    # The cover: the title lines stand in the upper third of the page (a space before rather than
    # w:vAlign, which LibreOffice does not honour).
    doc.paragraphs[0].paragraph_format.space_before = Pt(200)
    update = OxmlElement("w:updateFields")
    update.set(qn("w:val"), "true")
    doc.settings.element.append(update)
    core = doc.core_properties
    core.author = "决算公开报告生成器"
    core.title = "部门决算公开报告模板"
    core.comments = ""
    core.last_modified_by = ""
    core.created = core.modified = datetime(2000, 1, 1, tzinfo=timezone.utc)
    core.revision = 1
    buffer = io.BytesIO()
    doc.save(buffer)
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as src, \
            zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for item in src.infolist():
            info = zipfile.ZipInfo(item.filename, date_time=(2000, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            out.writestr(info, src.read(item.filename))
    return path


def profile_template_file(profile, layout: str | None = None, *, builtin: bool = False) -> Path:
    """The Word template of ``profile``: for a built-in profile with a committed template that
    file; otherwise built once per process into a scratch folder (removed at exit)."""
    if builtin:
        for name, (profile_name, option) in COMMITTED.items():
            if (profile_name, option) == (profile.name, layout) and (TEMPLATES / name).is_file():
                return TEMPLATES / name
    source = profile.path
    key = (str(source), source.stat().st_mtime_ns if source is not None else 0, profile.name, layout)
    if key not in _built or not _built[key].is_file():
        if not builtin:  # a profile file with an error never produces a report
            from .profile_check import check_profile

            check_profile(profile.path)
        folder = Path(tempfile.mkdtemp(prefix="juesuan-profile-"))
        atexit.register(shutil.rmtree, folder, True)
        _built[key] = build_template(profile, folder / "template.docx", layout)
    return _built[key]
