"""Builds for the web page: one upload checked and rendered in a bounded pool of worker processes.

``run_job`` runs in a worker: it checks the workbook, writes the audit text and the annotated copy,
and (when nothing blocks) the report and, if asked, the PDF, all into the result's folder. It never
raises: whatever goes wrong becomes an ``Outcome``. ``Builder`` owns the pool (CPU-count processes;
more uploads wait in its queue). Each worker converts its PDFs with its own long-lived LibreOffice
(``publish.shared_converter``: started by the first upload that asks for a PDF, in the background
while that workbook is checked; restarted when it dies; a hanging conversion is killed and
reported), so conversions run side by side, one per worker, without a LibreOffice start each.
"""
from __future__ import annotations

import functools
import logging
import multiprocessing
import os
import threading
import traceback
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path

from ..findings import Severity
from ..pipeline import BUILT, CRASHED, REFUSED, UNREADABLE  # noqa: F401  (the one vocabulary)

log = logging.getLogger("juesuan.web")
# The finding that names the cell most probably wrong (the audit puts it first; others cite it).
CULPRIT_CODES = frozenset({"probable-cause"})

@dataclass(frozen=True)
class FindingRow:
    """A finding as the result page shows it."""

    severity: str  # 错误 / 警告 / 提示
    rank: int
    code: str
    cells: tuple[str, ...]  # the cells involved, the culprit first ('sheet!cell')
    message: str
    hint: str
    culprit: bool = False
    cause: str = ""  # which probable-cause cell this finding follows from ('' when none)


@dataclass
class Outcome:
    """The page's view of a ``pipeline.Outcome``: its status (the pipeline's vocabulary; a report
    whose PDF failed shows as built, with a note), the counts and findings as shown, and
    ``files``: download key → (file name in the result folder, the name the browser saves it as)."""

    status: str
    unit: str = ""
    year: str = ""
    counts: dict[str, int] = field(default_factory=dict)
    findings: list[FindingRow] = field(default_factory=list)
    files: dict[str, tuple[str, str]] = field(default_factory=dict)
    message: str = ""
    hint: str = ""
    notes: list[str] = field(default_factory=list)
    code: str = ""  # UNREADABLE: the finding's code (``file-too-large`` → 413)

    @property
    def errors(self) -> int:
        return self.counts.get(Severity.ERROR.value, 0)


@functools.lru_cache(maxsize=1)
def template_choices() -> dict[str, tuple[Path | None, str]]:
    """The built-in report templates: name → (file, description), the default first (file None).
    A request names one of these; its file comes from this table, never from the request."""
    from ..render import BUILTIN_TEMPLATES, DEFAULT_TEMPLATE

    return {name: (None if i == 0 else DEFAULT_TEMPLATE.parent / file, description)
            for i, (name, (file, description)) in enumerate(BUILTIN_TEMPLATES.items())}


def _rows(findings) -> list[FindingRow]:
    rows = [FindingRow(f.severity.value, f.severity.rank, f.code, tuple(map(str, f.refs)), f.message,
                       f.hint, f.code in CULPRIT_CODES, getattr(f, "cause_text", ""))
            for f in findings]
    # errors first; within a severity the probable cause first, then the audit's order
    return sorted(rows, key=lambda r: (r.rank, not r.culprit))


def profile_choices() -> tuple[str, ...]:
    """The 版式 a request may name: "" (the one the workbook records, else the default) and the
    built-in profiles. A request names one of these, never a file."""
    from ..profiles import builtin_names

    return ("", *builtin_names())


def run_job(upload: str, folder: str, display_name: str, template: str, pdf: bool,
            profile: str = "") -> Outcome:
    """Check and build one uploaded workbook into ``folder``; never raises."""
    try:
        if pdf:  # LibreOffice starts (when not running yet) while the workbook is checked
            from ..publish import shared_converter

            shared_converter().start()
        return _run(Path(upload), Path(folder), display_name, template, pdf, profile)
    except Exception as exc:  # noqa: BLE001 — a page, never a traceback; the log gets the place
        frame = traceback.extract_tb(exc.__traceback__)[-1] if exc.__traceback__ else None
        where = f" at {Path(frame.filename).name}:{frame.lineno}" if frame else ""
        log.error("build crashed: %s%s", type(exc).__name__, where)
        return Outcome(CRASHED)


def _run(upload: Path, folder: Path, display_name: str, template: str, pdf: bool,
         profile: str = "") -> Outcome:
    """The upload through ``pipeline.attempt`` (the CLI's and the batch's sequence), then what
    only the page has: the annotated copy and the download names."""
    from ..pipeline import NO_PDF, attempt

    converter = None
    if pdf:
        from ..publish import shared_converter

        converter = shared_converter()
    built = attempt(upload, folder / "report.docx", template_choices()[template][0], pdf=pdf,
                    converter=converter, keep_findings=True, source_name=display_name,
                    profile=profile if profile in profile_choices() else None, recorded_files=False)
    if built.status == UNREADABLE:
        f = built.finding
        return Outcome(UNREADABLE, message=f.message.replace(str(upload), f"“{display_name}”"), hint=f.hint,
                       code=f.code)
    if built.status not in (BUILT, REFUSED, NO_PDF):
        log.error("build failed: %s %s", built.status, built.crash)
        return Outcome(CRASHED)
    report, stem = built.report, built.name[:-5]  # {单位名称}{年度}年度部门决算
    # a report whose PDF failed is shown as built, the failure as a note
    out = Outcome(REFUSED if built.status == REFUSED else BUILT, unit=built.unit, year=built.year,
                  counts={s: len(v) for s, v in
                          ((k.value, items) for k, items in report.by_severity().items())},
                  findings=_rows(report.findings))
    if report.findings:
        from ..excel.annotate import CannotAnnotate, annotate_workbook

        try:
            annotated = annotate_workbook(upload, folder / "annotated.xlsx", report.findings)
        except CannotAnnotate as exc:
            out.notes.append(f"未能生成标注副本：{str(exc).replace(upload.name, display_name)}")
        else:
            out.files["annotated.xlsx"] = ("annotated.xlsx", f"{stem}.标注.xlsx")
            if annotated.from_xls:
                out.notes.append("上传的工作簿是 .xls 格式，标注副本为 .xlsx，其中只有各单元格的数值和文字，"
                                 "没有原来的格式和公式。")
    for key, path, name in (("report.docx", built.output, built.name),
                            ("audit.txt", built.audit_file, f"{stem}.审核.txt"),
                            ("report.pdf", built.pdf, f"{stem}.pdf")):
        if path is not None:
            out.files[key] = (path.name, name)
    out.notes.extend(built.notes)
    if built.pdf_error:
        out.notes.append(f"未能生成 PDF：{built.pdf_error}")
    return out


def _init_worker() -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")


class Builder:
    """A pool of ``workers`` processes (default: CPU count) running ``run_job``; uploads beyond
    that wait in the pool's queue. A pool whose worker died is replaced."""

    def __init__(self, workers: int | None = None, job=run_job) -> None:
        self.workers = workers or os.cpu_count() or 1
        self.job = job  # a module-level function with run_job's signature (picklable)
        self._context = multiprocessing.get_context("spawn")  # no fork of a threaded server
        self._guard = threading.Lock()
        self._pool = self._new_pool()

    def _new_pool(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(self.workers, mp_context=self._context,
                                   initializer=_init_worker)

    def warm_up(self) -> None:
        """Start the worker processes now (each imports the generator once)."""
        for future in [self._pool.submit(os.getpid) for _ in range(self.workers)]:
            future.result()

    def run(self, upload: Path, folder: Path, display_name: str, template: str, pdf: bool,
            profile: str = "") -> Outcome:
        """Run one build in the pool and wait for it."""
        with self._guard:
            pool = self._pool
        try:
            return pool.submit(self.job, str(upload), str(folder), display_name, template,
                               pdf, profile).result()
        except BrokenProcessPool:
            log.error("worker process died; starting a new pool")
            with self._guard:
                if self._pool is pool:
                    self._pool = self._new_pool()
            return Outcome(CRASHED)

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)
