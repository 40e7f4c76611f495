"""Orchestration: read → audit → derive → render, one direction.

``check`` reads and audits a workbook; ``build`` also writes the report when nothing blocks it.
Neither raises for bad content: problems are findings in the returned ``Report``. Only a file
that cannot be read at all raises ``WorkbookUnusable`` (exit code 2 in the CLI).
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .audit import run_audit
from .excel.reader import WorkbookUnusable, read_workbook  # noqa: F401  (re-exported)
from .figures import named_figures
from .findings import Report
from .model import Disclosure

DEFAULT_DIST = Path("dist")


@dataclass
class Checked:
    disclosure: Disclosure
    figures: dict
    report: Report


@dataclass
class Built:
    report: Report
    output: Path | None


def check(path: Path | str) -> Checked:
    """Read and audit a workbook: the model, its figures and every finding."""
    result = read_workbook(path)
    report = Report(source=str(path))
    report.extend(result.findings)
    figures = named_figures(result.disclosure)
    report.extend(run_audit(result.disclosure, figures))
    return Checked(result.disclosure, figures, report)


def report_name(d: Disclosure) -> str:
    """``{单位名称}{年度}年度部门决算.docx`` with characters Windows forbids in names removed."""
    name = f"{d.unit_name}{d.year}年度部门决算"
    for ch in '<>:"/\\|?*\n\r\t':
        name = name.replace(ch, "")
    return f"{name.strip() or '部门决算'}.docx"


def build(path: Path | str, output: Path | str | None = None, template: Path | None = None) -> Built:
    """Check the workbook; when no finding blocks, render the report to ``output``
    (default ``dist/{单位名称}{年度}年度部门决算.docx``)."""
    from .context import build_context
    from .render import render_docx

    checked = check(path)
    if not checked.report.valid:
        return Built(checked.report, None)
    d = checked.disclosure
    target = Path(output) if output else DEFAULT_DIST / report_name(d)
    context = build_context(d, checked.figures)
    render_docx(context, target, template, title=report_name(d)[:-5], year=d.year)
    return Built(checked.report, target)
