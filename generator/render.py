"""Context → .docx through the Word template (docxtpl). The only module importing docxtpl/docx.

Rendering uses a sandboxed Jinja environment with autoescape and StrictUndefined: a template can
neither reach Python internals nor print a name the context does not have. The output is
written to a temporary file beside the target and renamed into place, so a failed or interrupted
build never leaves a partial report and never destroys the previous one.
"""
from __future__ import annotations

import os
import re
import tempfile
from datetime import datetime, timezone
from pathlib import Path

from jinja2 import StrictUndefined, TemplateError
from jinja2.sandbox import SandboxedEnvironment

DEFAULT_TEMPLATE = Path(__file__).resolve().parent.parent / "templates" / "report.docx"
_ILLEGAL_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


class TemplateProblem(Exception):
    """The template cannot be rendered; the message (Chinese) names the tag or variable."""


def _environment() -> SandboxedEnvironment:
    env = SandboxedEnvironment(undefined=StrictUndefined, autoescape=True)
    return env


def _clean(value):
    """Strip characters that XML cannot carry from every string of the context."""
    if isinstance(value, str):
        return _ILLEGAL_XML.sub("", value)
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_clean(v) for v in value]
    return value


def render_docx(context: dict, output: Path, template: Path | None = None, *,
                title: str = "", year: str = "") -> Path:
    """Render ``template`` with ``context`` into ``output`` (atomically)."""
    from docxtpl import DocxTemplate

    template = Path(template or DEFAULT_TEMPLATE)
    if not template.is_file():
        raise TemplateProblem(f"找不到报告模板：{template}")
    doc = DocxTemplate(str(template))
    try:
        doc.render(_clean(context), jinja_env=_environment(), autoescape=True)
    except TemplateError as exc:
        where = ""
        if getattr(exc, "docx_context", None):
            where = "；模板上下文：" + " ".join(line.strip() for line in exc.docx_context if line.strip())[:200]
        raise TemplateProblem(f"报告模板无法渲染：{exc}{where}") from exc
    except (TypeError, ValueError, AttributeError, KeyError, IndexError) as exc:
        raise TemplateProblem(f"报告模板无法渲染：{type(exc).__name__}: {exc}") from exc
    fixed = datetime(int(year) if year.isdigit() else 2000, 12, 31, tzinfo=timezone.utc)
    props = doc.docx.core_properties
    props.title = title
    props.created = fixed
    props.modified = fixed
    props.last_printed = fixed
    props.revision = 1
    output = Path(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".~", suffix=".docx", dir=output.parent)
    os.close(fd)
    try:
        doc.save(tmp)
        os.replace(tmp, output)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return output


def docx_text(path: Path) -> list[str]:
    """Body paragraph texts of a .docx in order (for tests and the golden file)."""
    from docx import Document

    return [p.text for p in Document(str(path)).paragraphs]
