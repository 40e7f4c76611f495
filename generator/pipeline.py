"""Orchestration: read → audit → derive → render, one direction.

``check`` reads and audits a workbook; ``build`` also writes the report when nothing blocks it.
Neither raises for bad content: problems are findings in the returned ``Report``. A file that
cannot be read at all raises ``WorkbookUnusable``, an output that cannot be written
``errors.OutputUnwritable`` (both ``GeneratorError``, exit code 2 in the CLI).
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .audit import run_audit
from .excel.reader import WorkbookUnusable, read_workbook  # noqa: F401  (re-exported)
from .derive.figures import known_figures
from .findings import Report
from .model import Disclosure

DEFAULT_DIST = Path("dist")


@dataclass
class Checked:
    """A workbook read and audited: its model, its named figures and the audit report."""

    disclosure: Disclosure
    figures: dict
    report: Report


@dataclass
class Built:
    """What ``build`` made: the audit report, the .docx (None when refused) and the extras."""

    report: Report
    output: Path | None
    audit_file: Path | None = None  # the findings saved beside the report (``X.审核.txt``)
    pdf: Path | None = None         # the PDF beside the report (``build --pdf``)
    notes: tuple[str, ...] = ()     # remarks on the PDF (substituted fonts, …)
    pdf_error: str = ""             # why the asked-for PDF was not made (the .docx was)
    pending: object = None          # the ``publish.PdfJob`` left to do (``pdf="later"``)


def check(path: Path | str) -> Checked:
    """Read and audit a workbook: the model, its figures and every finding."""
    from dataclasses import replace

    from .excel.form import read_carried

    result = read_workbook(path)
    carried = read_carried(Path(path))
    if carried:  # texts ``init --from`` carried from last year, for the carried-text rule
        result.disclosure = replace(result.disclosure, carried=carried)
    report = Report(source=str(path))
    report.extend(result.findings)
    # A cell that could not be read is unknown, and so is every figure built from it.
    figures = known_figures(result.disclosure, result.unreadable)
    report.extend(run_audit(result.disclosure, figures, unreadable=result.unreadable,
                            computed=result.computed))
    return Checked(result.disclosure, figures, report)


def report_name(d: Disclosure) -> str:
    """``{单位名称}{年度}年度部门决算.docx`` with characters Windows forbids in names removed."""
    name = f"{d.unit_name}{d.year}年度部门决算"
    for ch in '<>:"/\\|?*\n\r\t':
        name = name.replace(ch, "")
    return f"{name.strip() or '部门决算'}.docx"


def build(path: Path | str, output: Path | str | None = None, template: Path | None = None,
          *, pdf: bool = False, converter=None) -> Built:
    """Check the workbook; when no finding blocks, render the report to ``output``
    (default ``dist/{单位名称}{年度}年度部门决算.docx``); with ``pdf`` also the PDF beside it
    (LibreOffice, through ``converter`` when given; when it cannot be made, ``pdf_error`` says
    why)."""
    return render_checked(check(path), output, template, pdf=pdf, converter=converter)


def render_checked(checked: Checked, output: Path | str | None = None, template: Path | None = None,
                   *, pdf: bool | str = False, converter=None) -> Built:
    """Render an already checked workbook (nothing is written when its report has errors).

    ``output`` is a file or a folder (``destination.report_target``): a folder gets the default
    name inside, a ``.pdf`` name the PDF with its .docx beside it. Raises ``OutputUnwritable``
    (exit code 2) when the destination cannot be written. With
    ``pdf`` also its PDF (``publish.export``, through ``converter`` when given); with
    ``pdf="later"`` the PDF's job is returned as ``pending`` (a batch converts many at once)."""
    from .derive.context import build_context
    from .destination import follow_umask, report_target
    from .errors import writing
    from .render import render_docx

    if not checked.report.valid:
        return Built(checked.report, None)
    d = checked.disclosure
    resolved = report_target(output, report_name(d), DEFAULT_DIST)
    target, pdf = resolved.docx, pdf or resolved.pdf
    if pdf is True:  # the conversion takes seconds: a PDF open in a reader is found before it
        from .destination import probe_replaceable

        probe_replaceable(target.with_suffix(".pdf"))
    context = build_context(d, checked.figures)
    with writing(target):
        render_docx(context, target, template, title=report_name(d)[:-5], year=d.year)
    audit_file = write_audit_text(checked.report, target)
    if not pdf:
        return Built(checked.report, target, audit_file)
    from .publish import PdfJob, export

    pdf_target = target.with_suffix(".pdf")
    job = PdfJob(target, pdf_target, context, template, report_name(d)[:-5], d.year)
    if pdf == "later":
        return Built(checked.report, target, audit_file, pending=job)
    with writing(pdf_target):
        (result,) = export([job], converter)
        if result.pdf is not None:
            follow_umask(result.pdf)  # LibreOffice's file, moved out of its scratch folder
    if result.pdf is None:
        return Built(checked.report, target, audit_file, pdf_error=result.error)
    return Built(checked.report, target, audit_file, result.pdf, result.notes)


def audit_text_path(report_path: Path) -> Path:
    """Where the audit text of a report is saved: ``dist/X.docx`` → ``dist/X.审核.txt``."""
    return report_path.with_name(f"{report_path.stem}.审核.txt")


def write_audit_text(report: Report, report_path: Path) -> Path | None:
    """Save the findings beside the report (atomically) when there are any; otherwise remove a
    stale file from an earlier build. Returns the path written, or None."""
    from .destination import replace_atomically
    from .errors import writing

    path = audit_text_path(report_path)
    with writing(path):
        if not report.findings:
            path.unlink(missing_ok=True)
            return None
        replace_atomically(path, lambda tmp: tmp.write_text(report.to_text() + "\n", encoding="utf-8",
                                                            newline="\n"))
    return path
