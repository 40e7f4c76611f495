"""Context → .docx through the Word template (docxtpl).

Rendering uses a sandboxed Jinja environment with autoescape and StrictUndefined: a template can
neither reach Python internals nor print a name the context does not have. The output is
written to a temporary file beside the target and renamed into place, so a failed or interrupted
build never leaves a partial report and never destroys the previous one.

While the template renders:

* the tables enter while it renders, by docxtpl's own mechanism for body-level values: each run
  of consecutive paragraphs holding only a table tag (``{{ 表01 }}`` …) prints the tables with
  their headings (``docx_template``, the one hook; ``word_tables`` draws them); a chart tag
  prints a native chart (``charts``).

After the template is filled:

* the 目录 field shows one entry per heading of outline level 1–2, with the page numbers when
  they are known (``toc_pages``, from a PDF export); Word and WPS refresh it on opening;
* the first section that has a footer restarts page numbering at 1 (cover and 目录 unnumbered);
* titles too long for one line are broken into balanced lines, and long Latin runs (URLs, codes)
  get break opportunities so that justified lines do not spread (``line_breaks``);
* the file is deterministic: fixed document properties (from the workbook's year, not the
  clock), zip entries in a fixed order with a fixed time stamp.
"""
from __future__ import annotations

import copy
import functools
import io
import os
import re
import sys
import zipfile
from datetime import datetime, timezone
from pathlib import Path
from typing import Sequence

from jinja2 import StrictUndefined, TemplateError
from jinja2.exceptions import SecurityError
from jinja2.sandbox import SandboxedEnvironment
from ..destination import replace_atomically
from ..errors import GeneratorError

from ..xmltext import clean
from .charts import bind_charts
from .line_breaks import balance_titles, break_long_runs, mend_heading_widows



def _templates_dir() -> Path:
    """The built-in templates: ``templates/`` of the source tree (a checkout or ``pip install -e``),
    else where ``pip install .`` puts them (``{prefix}/share/juesuan/templates``, pyproject's
    data-files)."""
    source = Path(__file__).resolve().parents[2] / "templates"
    installed = Path(sys.prefix) / "share" / "juesuan" / "templates"
    return source if (source / "report.docx").is_file() or not installed.is_dir() else installed


TEMPLATES = _templates_dir()
DEFAULT_TEMPLATE = TEMPLATES / "report.docx"
# The built-in templates: name → (file in templates/, what it is). The first is the default.
BUILTIN_TEMPLATES: dict[str, tuple[str, str]] = {
    "默认": ("report.docx", "湖南样式：第二部分为决算表，第三部分决算情况说明，第四部分名词解释，第五部分附件"),
    "附表在后": ("tables-last.docx", "第一部分单位概况，第二部分决算情况说明，第三部分名词解释，"
                                 "第四部分附件，第五部分附表（九张决算表）"),
}
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


class TemplateProblem(GeneratorError):
    """The template cannot be rendered; the message (Chinese) names the tag or variable."""


def layout_problem() -> TemplateProblem:
    """A template whose styles or page set-up python-docx cannot lay the report out with."""
    # ``template_check`` refuses what is known to break (a missing table style); any other
    # template that cannot be laid out still gets a message, not a traceback.
    return TemplateProblem("报告模板无法使用：按该模板绘制决算表、页码或目录时出错（模板中的样式或版式"
                           "与内置模板不一致）。", hint="请用 juesuan template check 检查模板，或重新导出内置模板"
                           "（juesuan template export）后再修改。")


class _Environment(SandboxedEnvironment):
    """The environment whose compiled template parts are kept (per source text, a few dozen at
    most): docxtpl compiles each XML part with ``from_string`` on every render, and a batch or a
    web worker renders the same template for every unit."""

    def __init__(self, **options):
        super().__init__(**options)
        self._compiled: dict = {}

    def from_string(self, source, globals=None, template_class=None):  # noqa: A002 — jinja's name
        if globals is not None or template_class is not None or not isinstance(source, str):
            return super().from_string(source, globals, template_class)
        compiled = self._compiled.get(source)
        if compiled is None:
            if len(self._compiled) >= 32:
                self._compiled.clear()
            compiled = self._compiled[source] = super().from_string(source)
        return compiled


@functools.lru_cache(maxsize=1)
def _environment() -> SandboxedEnvironment:
    """Sandboxed, strict, autoescaped; the wording filters and helpers registered; None prints
    as nothing (a figure the workbook does not have never shows as "None"). One per process."""
    from .docx_template import GROUP, table_group
    from .helpers import FILTERS, HELPERS

    env = _Environment(undefined=StrictUndefined, autoescape=True,
                       finalize=lambda value: "" if value is None else value)
    env.filters.update(FILTERS)
    env.globals.update(HELPERS)
    env.globals[GROUP] = table_group  # written by ReportTemplate.patch_xml, not by users
    return env


def resolve_template(template: Path | str | None) -> Path:
    """The template file: None → the default; a built-in name (``附表在后``) → its file, unless a
    file of that name exists; otherwise the path as given."""
    if template is None:
        return DEFAULT_TEMPLATE
    path = Path(template)
    if not path.is_file() and str(template) in BUILTIN_TEMPLATES:
        return TEMPLATES / BUILTIN_TEMPLATES[str(template)][0]
    return path


def _clean(value):
    """Strip characters that XML cannot carry from every string of the context."""
    if isinstance(value, str):
        return clean(value)
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_clean(v) for v in value]
    return value


def render_docx(context: dict, output: Path, template: Path | None = None, *,
                title: str = "", year: str = "", toc_pages: Sequence[str] | None = None) -> Path:
    """Render ``template`` with ``context`` into ``output`` (atomically).

    Args:
        context: the template context; its ``表01`` … ``表09`` (``tables.DisplayTable``) are drawn
            as Word tables where the template has their tags.
        output: the .docx to write.
        template: the Word template: a file or a built-in name (default: templates/report.docx).
        title, year: document properties (the year also dates them, so that output is stable).
        toc_pages: page numbers of the 目录 entries in order (``toc_entries``), if known.
    Returns:
        ``output``.
    """
    from .docx_template import ReportTemplate, bind_tables

    template = resolve_template(template)
    if not template.is_file():
        raise TemplateProblem(f"找不到报告模板：{template}")
    doc = ReportTemplate(str(template))
    try:
        doc.init_docx()  # python-docx opens the package: an .xlsx, a .doc or a broken zip fails here
    except Exception as exc:  # noqa: BLE001 — whatever python-docx raises, the user needs one sentence
        raise TemplateProblem(f"无法打开报告模板 {template.name}：不是可用的 Word 文档（.docx）。",
                              hint="请用 juesuan template check 检查模板，或在 Word/WPS 中另存为 .docx。") from exc
    context = bind_charts(doc, context)  # 图_… tags: native Word charts (render.charts)
    context = bind_tables(doc, context)  # 表… tags: the tables (render.docx_template)
    try:
        doc.render(_clean(context), jinja_env=_environment(), autoescape=True)
    except SecurityError as exc:
        raise TemplateProblem(f"报告模板含有不允许的操作，已拒绝渲染（{exc}）；模板中只能使用报告变量，"
                              "不能访问程序内部的属性或函数。") from exc
    except TemplateError as exc:
        where = ""
        if getattr(exc, "docx_context", None):
            where = "；模板上下文：" + " ".join(line.strip() for line in exc.docx_context if line.strip())[:200]
        raise TemplateProblem(f"报告模板无法渲染：{exc}{where}") from exc
    except (TypeError, ValueError, AttributeError, KeyError, IndexError) as exc:
        raise TemplateProblem("报告模板无法渲染：模板中的标签无法按报告数据计算（如对文字做了算术、"
                              "引用了列表中不存在的项）。", hint="请用 juesuan template check 检查模板，"
                              "并核对最近修改过的标签。") from exc
    document = doc.docx
    try:
        _number_pages(document)
        _fill_toc(document, toc_pages)
        names, headings = [str(context.get("单位名称") or "")], set(_outline_levels(document))
        balance_titles(document, names)
        mend_heading_widows(document, headings, names)
        break_long_runs(document, headings)
    except (KeyError, ValueError, AttributeError, TypeError, IndexError) as exc:
        raise layout_problem() from exc
    fixed = datetime(int(year) if year.isdigit() else 2000, 12, 31, tzinfo=timezone.utc)
    props = document.core_properties
    props.title = _clean(title)
    props.created = fixed
    props.modified = fixed
    props.last_printed = fixed
    props.revision = 1
    data = _stable_package(document)
    def fill(tmp: Path) -> None:
        with open(tmp, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())  # the bytes are on disk before the rename makes them the report

    return replace_atomically(output, fill)


def _stable_package(document) -> bytes:
    """The .docx bytes of ``document``: what ``Document.save`` writes (its package writer's content
    types, package relationships and parts, in its order) through a physical writer that dates
    every entry 1980-01-01 with mode 0644 (python-docx stamps the clock): each part deflated once."""
    from types import SimpleNamespace

    from docx.opc.pkgwriter import PackageWriter

    from .deflated import write_entry

    package = document.part.package
    for part in package.parts:
        part.before_marshal()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        def write(pack_uri, blob: bytes) -> None:
            entry = zipfile.ZipInfo(pack_uri.membername, date_time=_ZIP_TIME)
            entry.compress_type, entry.external_attr = zipfile.ZIP_DEFLATED, 0o644 << 16
            write_entry(archive, entry, blob)  # large unchanged parts deflated once (render.deflated)
        entries = SimpleNamespace(write=write)
        PackageWriter._write_content_types_stream(entries, package.parts)
        PackageWriter._write_pkg_rels(entries, package.rels)
        PackageWriter._write_parts(entries, package.parts)
    return out.getvalue()


def _number_pages(document) -> None:
    """The first section with a footer starts at page 1; later sections continue."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    first = True
    for sect in document.element.body.iter(qn("w:sectPr")):
        for old in sect.findall(qn("w:pgNumType")):
            sect.remove(old)
        if first and sect.find(qn("w:footerReference")) is not None:
            first = False
            num = OxmlElement("w:pgNumType")
            num.set(qn("w:start"), "1")
            anchor = sect.find(qn("w:cols"))
            if anchor is None:
                anchor = sect.find(qn("w:docGrid"))
            if anchor is not None:
                anchor.addprevious(num)
            else:
                sect.append(num)


def _outline_levels(document) -> dict[str, int]:
    """Paragraph style id → outline level (0-based), following ``basedOn`` (each style's own
    level and base read once, then the chains followed in those)."""
    from docx.oxml.ns import qn

    val, level_path, based_tag = qn("w:val"), f"{qn('w:pPr')}/{qn('w:outlineLvl')}", qn("w:basedOn")
    own: dict[str, tuple[int | None, str | None]] = {}  # style id → (its own level, its base)
    for s in document.styles.element.findall(qn("w:style")):
        sid = s.get(qn("w:styleId"))
        node, based = s.find(level_path), s.find(based_tag)
        own[sid] = (int(node.get(val)) if node is not None else None,
                    based.get(val) if based is not None else None)
    out: dict[str, int] = {}
    for sid in own:
        seen, current = set(), sid
        while current in own and current not in seen:
            seen.add(current)
            level, based_on = own[current]
            if level is not None:
                out[sid] = level
                break
            current = based_on
    return out


def _toc_styles(document, field) -> dict[str, int]:
    """Style id → 目录 level of the styles the TOC field names with ``\\t "样式,级别"``."""
    from docx.oxml.ns import qn

    instruction = "".join(i.text or "" for i in field.iter(qn("w:instrText")))
    switch = re.search(r'\\t\s*"([^"]*)"', instruction)
    if not switch:
        return {}
    parts = [p.strip() for p in switch.group(1).split(",")]
    by_name = {s.name: s.style_id for s in document.styles}
    return {by_name[name]: int(level) for name, level in zip(parts[::2], parts[1::2])
            if name in by_name and level.isdigit()}


def _headings(document, after=None) -> list[tuple[int, str]]:
    """(level 1|2|3, text) of the body paragraphs of outline level 1–2 and of the styles the
    TOC field names (the appendix's sections at level 3); tables excluded."""
    from docx.oxml.ns import qn

    levels = _outline_levels(document)
    named = _toc_styles(document, after) if after is not None else {}
    out = []
    started = after is None
    for p in document.element.body.iterchildren(qn("w:p")):
        if not started:
            started = p is after
            continue
        style = p.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
        sid = style.get(qn("w:val")) if style is not None else None
        level = named.get(sid)
        if level is None:
            outline = levels.get(sid)
            level = outline + 1 if outline is not None and outline <= 1 else None
        if level is not None:
            text = "".join(t.text or "" for t in p.iter(qn("w:t"))).strip()
            if text:
                out.append((level, text))
    return out


def _toc_paragraph(document):
    from docx.oxml.ns import qn

    for p in document.element.body.iterchildren(qn("w:p")):
        for instr in p.iter(qn("w:instrText")):
            if (instr.text or "").strip().startswith("TOC"):
                return p
    return None


def _fill_toc(document, pages: Sequence[str] | None) -> None:
    """Write the 目录 field's shown result: one paragraph per heading (text, tab, page number)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    field = _toc_paragraph(document)
    if field is None:
        return
    entries = _headings(document, after=field)
    runs = list(field.iterchildren(qn("w:r")))
    # begin … separate | shown result | end
    sep = next((i for i, r in enumerate(runs) if r.find(qn("w:fldChar")) is not None
                and r.find(qn("w:fldChar")).get(qn("w:fldCharType")) == "separate"), None)
    end = runs[-1]
    if sep is None:
        return
    for r in runs[sep + 1:]:
        field.remove(r)
    # the ids of the first styles named toc 1 … toc 3 (python-docx's styles["toc 1"]), in one pass
    # over the styles instead of two searches per level
    levels, style_ids = {f"toc {level}": level for level in (1, 2, 3)}, {}
    for style in document.styles.element.findall(qn("w:style")):
        level = levels.get(style.name_val)
        if level is not None and level not in style_ids:
            style_ids[level] = style.styleId

    def run(text: str | None = None, tab: bool = False):
        r = OxmlElement("w:r")
        if tab:
            r.append(OxmlElement("w:tab"))
        else:
            t = OxmlElement("w:t")
            t.set(qn("xml:space"), "preserve")
            t.text = text
            r.append(t)
        return r

    current = previous = field
    for i, (level, text) in enumerate(entries):
        if i > 0:  # each further entry: a copy of the field paragraph without its runs
            current = copy.deepcopy(field)
            for r in list(current.iterchildren(qn("w:r"))):
                current.remove(r)
            previous.addnext(current)
        ppr = current.find(qn("w:pPr"))
        ppr.find(qn("w:pStyle")).set(qn("w:val"), style_ids.get(level, style_ids[2]))
        current.append(run(text))
        page = pages[i] if pages is not None and i < len(pages) else None
        if page:
            current.append(run(tab=True))
            current.append(run(page))
        previous = current
    current.append(end)


def toc_entries(path: Path) -> list[tuple[int, str]]:
    """The 目录 entries of a rendered report: (level, heading text) in order."""
    from docx import Document

    document = Document(str(path))
    field = _toc_paragraph(document)
    return _headings(document, after=field) if field is not None else []


def docx_text(path: Path) -> list[str]:
    """Body paragraph texts of a .docx in order (for tests and the golden file)."""
    from docx import Document

    return [p.text for p in Document(str(path)).paragraphs]
