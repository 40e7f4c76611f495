"""Orchestration: read → audit → derive → render, one direction, and the one outcome of a workbook.

``check`` reads and audits a workbook. ``produce`` takes a workbook (or an already checked one)
to its ``Outcome``: the audit text, the report when nothing blocks it and, when asked, its PDF —
the one sequence the CLI (``build``), the batch and the web page run. Neither raises for bad
content: problems are findings in the outcome's ``Report``. ``produce`` raises ``WorkbookUnusable``
for a file that cannot be read at all and ``errors.OutputUnwritable`` for an output that cannot be
written (both ``GeneratorError``, exit code 2 in the CLI); ``attempt`` is ``produce`` that never
raises (every failure an ``Outcome`` with its status), for the batch and the web page.
"""
from __future__ import annotations

import functools
import traceback
from dataclasses import dataclass, replace
from pathlib import Path

from .audit import run_audit
from .excel.reader import WorkbookUnusable, read_workbook  # noqa: F401  (re-exported)
from .derive.figures import known_figures
from .errors import OutputUnwritable
from .findings import Finding, Report
from .model import Disclosure

DEFAULT_DIST = Path("dist")

# What became of a workbook: the one vocabulary of the batch summary, its progress lines and the
# web page (Chinese: 汇总.xlsx shows it as it is).
BUILT = "已生成"
REFUSED = "有错误，未生成"
UNREADABLE = "无法读取"
UNWRITABLE = "无法写入"
NO_PDF = "已生成报告，PDF 未生成"
CRASHED = "程序错误"


@dataclass
class Checked:
    """A workbook read and audited: its model, its named figures and the audit report."""

    disclosure: Disclosure
    figures: dict
    report: Report
    profile: object = None  # the ``profiles.Profile`` the report is printed with


@dataclass
class Outcome:
    """What one workbook came to (``produce``): its status, the audit report and the files made.

    ``status`` is one of ``BUILT``, ``REFUSED``, ``UNREADABLE``, ``UNWRITABLE``, ``NO_PDF``,
    ``CRASHED``; ``message`` the first error or why nothing could be done ('' when built)."""

    status: str
    report: Report
    output: Path | None = None      # the .docx (None when refused or failed)
    audit_file: Path | None = None  # the findings saved beside the report (``X.审核.txt``)
    pdf: Path | None = None         # the PDF beside the report
    notes: tuple[str, ...] = ()     # remarks on the PDF (substituted fonts, …)
    pdf_error: str = ""             # why the asked-for PDF was not made (the .docx was)
    pending: object = None          # the ``publish.PdfJob`` left to do (``pdf="later"``)
    unit: str = ""
    year: str = ""
    name: str = ""                  # the report's file name (``report_name``)
    message: str = ""
    finding: Finding | None = None  # UNREADABLE: the finding saying why (code, hint)
    crash: str = ""                 # CRASHED: the exception's type and place (for a log)

    @property
    def ok(self) -> bool:
        """Everything asked for was made (a report whose PDF failed is ``NO_PDF``, not ok)."""
        return self.status == BUILT

    @property
    def errors(self) -> int:
        """错误 count: the audit's, plus one for the file, the output or the PDF that failed."""
        return len(self.report.errors) + (self.status in (UNWRITABLE, NO_PDF, CRASHED))

    def with_pdf(self, made) -> "Outcome":
        """This outcome after its PDF job (a ``publish.PdfResult``, or a str saying why the
        conversion could not run at all): the PDF and its notes, or ``NO_PDF`` with the reason."""
        if not isinstance(made, str) and made.pdf is not None:
            return replace(self, pdf=made.pdf, notes=made.notes, pending=None)
        why = made if isinstance(made, str) else made.error
        return replace(self, status=NO_PDF, pdf_error=why, message=f"未能生成 PDF：{why}", pending=None)


def check(path: Path | str, profile: str | Path | None = None, *, recorded_files: bool = True) -> Checked:
    """Read and audit a workbook: the model, its figures and every finding. ``profile`` (a name
    or file) is the 版式 to print with; without it, the one the workbook records, else the default
    (``profiles.ProfileError`` when a given one cannot be used; a recorded file path is followed
    only with ``recorded_files``)."""
    result = read_workbook(path)
    report = Report(source=str(path))
    report.extend(result.findings)
    # A cell that could not be read is unknown, and so is every figure built from it.
    from .profiles import choose as choose_profile

    figures = known_figures(result.disclosure, result.unreadable)
    recorded = result.disclosure.unit.get("版式")
    chosen, warning = choose_profile(str(profile) if profile else None,
                                     recorded.value.strip() if recorded is not None else None,
                                     recorded_files=recorded_files)
    # The audit asks for the 补充数据 and 情况说明 rows the chosen profile prints, and for no other.
    report.extend(run_audit(result.disclosure, figures, unreadable=result.unreadable,
                            computed=result.computed, supplement_rows=supplement_rows(chosen),
                            explanation_rows=explanation_rows(chosen)))
    report.extend(_profile_findings(result, chosen, warning and (recorded.ref, warning)))
    return Checked(result.disclosure, figures, report, chosen)


@functools.cache
def _rows_feeding() -> dict[str, frozenset[str]]:
    """Every 补充数据 row → the context names it feeds (``derive.context.names_fed_by``, the same
    for every workbook: computed once per process, and kept between processes by ``kept``)."""
    from .kept import kept

    def compute() -> dict[str, list[str]]:
        from .derive.context import names_fed_by
        from .schema import SUPPLEMENT

        return {label: sorted(names) for label, names in names_fed_by(SUPPLEMENT.labels).items()}

    return {label: frozenset(names) for label, names in kept("rows-feeding", compute).items()}


def supplement_rows(profile, labels=None) -> list[str]:
    """The 补充数据 rows (of ``labels``, default all) whose figures the profile's text prints
    (``init --profile`` writes only these; the audit asks for these and for no other)."""
    from .render import profile_names

    used = profile_names(profile)
    feeding = _rows_feeding()
    return [label for label in (labels or feeding) if feeding.get(label, frozenset()) & used]


def explanation_rows(profile) -> list[str]:
    """The 情况说明 rows the profile's text prints, in the form's order (each is the context name
    ``template_name(label)``: ``因公出国（境）费增减原因`` → ``因公出国境费增减原因``)."""
    from .derive.figures import template_name
    from .render import profile_names
    from .schema import EXPLANATION_LABELS

    used = profile_names(profile)
    return [label for label in EXPLANATION_LABELS if template_name(label) in used]


def _profile_findings(result, profile, not_installed) -> list[Finding]:
    """A warning when the profile the workbook records is not installed (``not_installed``: its
    cell and the message, or None) and one per table whose title is another edition's."""
    from . import findings as F
    from .model import Ref
    from .profiles import edition_mismatches

    out = [F.make("profile-not-installed", not_installed[0], message=not_installed[1])] if not_installed else []
    layouts = {layout.key: layout for layout in result.layouts}
    for key, found, expected, other in edition_mismatches(
            profile, {k: v.title_text for k, v in layouts.items() if v.title_text}):
        cell = layouts[key].title_cell
        ref = Ref(layouts[key].sheet, cell) if cell[:1].isalpha() else None
        out.append(F.make("profile-edition-mismatch", ref, found=found, expected=expected, other=other,
                          profile=profile.name))
    return out


def report_name(d: Disclosure) -> str:
    """``{单位名称}{年度}年度部门决算.docx`` with characters Windows forbids in names removed."""
    name = f"{d.unit_name}{d.year}年度部门决算"
    for ch in '<>:"/\\|?*\n\r\t':
        name = name.replace(ch, "")
    return f"{name.strip() or '部门决算'}.docx"


def build(path: Path | str, output: Path | str | None = None, template: Path | None = None,
          *, pdf: bool = False, converter=None, profile: str | Path | None = None) -> Outcome:
    """Check the workbook; when no finding blocks, render the report to ``output``
    (default ``dist/{单位名称}{年度}年度部门决算.docx``) in the 版式 ``profile`` (default: the one
    the workbook records); with ``pdf`` also the PDF beside it (LibreOffice, through
    ``converter`` when given; when it cannot be made, ``pdf_error`` says why)."""
    return produce(path, output, template, pdf=pdf, converter=converter, profile=profile)


def produce(source: Path | str | Checked, output: Path | str | None = None, template: Path | None = None,
            *, pdf: bool | str = False, converter=None, keep_findings: bool = False,
            source_name: str = "", profile: str | Path | None = None, recorded_files: bool = True) -> Outcome:
    """The one sequence from a workbook to its outcome: check (unless ``source`` is already
    ``Checked``), then — when nothing blocks — render the report to ``output``, save the audit
    text beside it and, with ``pdf``, make its PDF.

    ``output`` is a file or a folder (``destination.report_target``): a folder gets the default
    name inside, a ``.pdf`` name the PDF with its .docx beside it. With ``keep_findings`` a
    refused workbook's findings are saved where its report would have been (the batch, the web
    page); otherwise nothing is written for it. ``source_name`` names the workbook in the audit
    text instead of its path (an upload). The PDF goes through ``converter`` when given;
    ``pdf="later"`` leaves its job as
    ``pending`` (a batch converts many at once, then ``Outcome.with_pdf``). Raises
    ``WorkbookUnusable`` and ``OutputUnwritable`` (exit code 2). ``profile`` and ``recorded_files``
    choose the 版式 as ``check`` does."""
    from .derive.context import build_context
    from .destination import follow_umask, report_target
    from .errors import writing
    from .render import render_docx

    checked = source if isinstance(source, Checked) else check(source, profile, recorded_files=recorded_files)
    report, d = checked.report, checked.disclosure
    if source_name:
        report.source = source_name
    name = report_name(d)
    resolved = report_target(output, name, DEFAULT_DIST) if keep_findings or report.valid else None
    outcome = Outcome(REFUSED, report, unit=d.unit_name or "", year=str(d.year or ""), name=name,
                      message=report.errors[0].message if report.errors else "")
    if not report.valid:
        if keep_findings:
            outcome.audit_file = write_audit_text(report, resolved.docx)
        return outcome
    target, pdf = resolved.docx, pdf or resolved.pdf
    if pdf is True:  # the conversion takes seconds: a PDF open in a reader is found before it
        from .destination import probe_replaceable

        probe_replaceable(target.with_suffix(".pdf"))
    profile = checked.profile
    context = build_context(d, checked.figures, profile)
    template = template_of(profile, template)
    with writing(target):
        render_docx(context, target, template, title=name[:-5], year=d.year)
    outcome = replace(outcome, status=BUILT, output=target, audit_file=write_audit_text(report, target))
    if not pdf:
        return outcome
    from .publish import PdfJob, export

    job = PdfJob(target, target.with_suffix(".pdf"), context, template, name[:-5], d.year)
    if pdf == "later":
        return replace(outcome, pending=job)
    with writing(job.pdf):
        (made,) = export([job], converter)
        if made.pdf is not None:
            follow_umask(made.pdf)  # LibreOffice's file, moved out of its scratch folder
    return outcome.with_pdf(made)


def attempt(path: Path | str, output: Path | str | None = None, template: Path | None = None,
            **options) -> Outcome:
    """``produce`` that never raises: a file that cannot be read is ``UNREADABLE`` (its finding
    in the report), an output that cannot be written ``UNWRITABLE``, anything else ``CRASHED``
    (with the exception's type and place in ``crash``)."""
    try:
        return produce(path, output, template, **options)
    except WorkbookUnusable as exc:
        report = Report(source=options.get("source_name") or str(path))
        report.extend([exc.finding])
        return Outcome(UNREADABLE, report, message=exc.finding.message, finding=exc.finding)
    except OutputUnwritable as exc:
        return Outcome(UNWRITABLE, Report(source=str(path)), message=str(exc))
    except Exception as exc:  # noqa: BLE001 — one broken workbook must not stop a batch or the server
        frame = traceback.extract_tb(exc.__traceback__)[-1] if exc.__traceback__ else None
        where = f" at {Path(frame.filename).name}:{frame.lineno}" if frame else ""
        return Outcome(CRASHED, Report(source=str(path)), message=f"{type(exc).__name__}: {exc}",
                       crash=f"{type(exc).__name__}{where}")


def template_of(profile, template: Path | str | None) -> Path | str | None:
    """The Word template of a report: a template file or built-in template name as given; a
    layout option of the profile (``附表在后``); else the profile's own template."""
    from .profiles import is_builtin
    from .render import profile_template_file

    if profile is None:
        return template
    if template is not None and (Path(template).is_file() or str(template) not in profile.layouts):
        return template
    layout = None if template is None else str(template)
    return profile_template_file(profile, layout, builtin=is_builtin(profile))


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
