"""Batch builds: many units' workbooks (a finance bureau's folder) built in parallel processes.

Each workbook is read, audited and rendered in its own worker process (``build_one``: all the
work of one unit, ``pipeline.attempt``), which never raises: whatever goes wrong becomes a failed
``UnitResult`` (the summary row of the unit's ``pipeline.Outcome``, statuses of its vocabulary).
Workers write to a private temporary name; when all are done, the parent moves each report (and
its ``.审核.txt``) to ``{单位名称}{年度}年度部门决算.docx`` in the output folder, in the order of
the workbooks (sorted by name), so the names depend on the inputs and never on which worker
finished first: of two workbooks of one unit and year the first keeps the plain name, the second
gets ``（2）``, and a warning says so (``duplicate_warnings``). A failing unit's findings are saved
as ``{工作簿名}.审核.txt``, after its workbook. The summary (one row per workbook, every finding,
the files skipped as no workbook, each with its workbook) is shown on screen and written as
``汇总.xlsx``. With ``pdf`` a worker takes a chunk of workbooks (``build_chunk``) and converts
their reports with its one long-lived LibreOffice (``publish.export``); a failed conversion keeps
the .docx and marks the unit ``NO_PDF``.
"""
from __future__ import annotations

import os
import unicodedata
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Sequence

from .errors import OutputUnwritable, writing
from .pipeline import BUILT, CRASHED, NO_PDF, REFUSED, UNREADABLE, UNWRITABLE  # noqa: F401  (one vocabulary)

WORKBOOK_SUFFIXES = (".xlsx", ".xls", ".xlsm")
SUMMARY_NAME = "汇总.xlsx"
SUMMARY_HEADERS = ("单位", "年度", "结果", "错误数", "警告数", "输出文件", "工作簿", "说明")
FINDING_HEADERS = ("单位", "工作簿", "严重程度", "代码", "单元格", "说明")
TABLE_COLUMNS = ("单位", "年度", "结果", "错误数", "警告数", "输出文件", "工作簿")  # on screen
SKIPPED_HEADERS = ("文件", "原因")
NOT_A_WORKBOOK = "不是 Excel 工作簿"
PDF_CHUNK = 8  # reports a worker converts with one LibreOffice start-up (progress comes per chunk)


@dataclass(frozen=True)
class UnitResult:
    """The outcome for one workbook. ``output`` is the final report path ('' when none);
    ``message`` the first error (or the reason the file could not be used)."""

    source: str
    unit: str = ""
    year: str = ""
    status: str = CRASHED
    errors: int = 0
    warnings: int = 0
    output: str = ""
    message: str = ""
    name: str = ""  # the report's file name (pipeline.report_name)
    audit: str = ""  # the findings saved beside the report ('' when there are none)
    findings: tuple[tuple[str, str, str, str], ...] = ()  # (严重程度, 代码, 单元格, 说明) each
    pdf: str = ""  # the PDF beside the report ('' when none was asked for or made)
    note: str = ""  # a batch-level warning about this workbook (another claims its unit and year)

    @property
    def ok(self) -> bool:
        return self.status == BUILT

    def row(self) -> tuple:
        """The summary row (``SUMMARY_HEADERS``)."""
        name = self.unit or Path(self.source).stem
        year = int(self.year) if str(self.year).strip().isdigit() else self.year
        return (name, year, self.status, self.errors, self.warnings,
                "、".join(Path(f).name for f in (self.output, self.pdf) if f), Path(self.source).name,
                "；".join(t for t in (self.message, self.note) if t))

    def finding_rows(self) -> list[tuple]:
        """One row per finding (``FINDING_HEADERS``)."""
        name = self.unit or Path(self.source).stem
        return [(name, Path(self.source).name, *f) for f in self.findings]


def collect(items: Iterable[Path]) -> list[Path]:
    """Workbooks to build (``gather`` without the skipped files)."""
    return gather(items)[0]


def gather(items: Iterable[Path]) -> tuple[list[Path], list[tuple[Path, str]]]:
    """Workbooks to build and files skipped (with the reason).

    Files given one by one are all taken. In a folder (not recursive), a file is taken when its
    name ends in .xlsx/.xls/.xlsm or its content is an Excel workbook (whatever its name); other
    files are skipped and listed; ``~$`` lock files and hidden files are skipped silently.
    Sorted by name; no duplicates."""
    from .excel.grid import is_workbook

    out: list[Path] = []
    skipped: list[tuple[Path, str]] = []
    for item in items:
        item = Path(item)
        if not item.is_dir():
            out.append(item)
            continue
        for p in sorted(item.iterdir()):
            if not p.is_file() or p.name.startswith(("~$", ".")):
                continue
            if p.suffix.lower() in WORKBOOK_SUFFIXES or is_workbook(p):
                out.append(p)
            else:
                skipped.append((p, NOT_A_WORKBOOK))
    seen: set[Path] = set()
    unique = []
    for p in out:
        key = p.resolve()
        if key not in seen:
            seen.add(key)
            unique.append(p)
    return unique, skipped


def _finding_rows(report) -> tuple[tuple[str, str, str, str], ...]:
    return tuple((f.severity.value, f.code, f.location or "工作簿", f.message) for f in report.findings)


def unit_result(path: Path, outcome) -> UnitResult:
    """The summary row of one workbook's ``pipeline.Outcome``."""
    return UnitResult(str(path), outcome.unit, outcome.year, outcome.status, outcome.errors,
                      len(outcome.report.warnings), str(outcome.output or ""), outcome.message, outcome.name,
                      str(outcome.audit_file or ""), _finding_rows(outcome.report), str(outcome.pdf or ""))


def build_one(path: Path, scratch: Path, template: Path | None = None,
              profile: str | None = None) -> UnitResult:
    """All the work of one unit (``pipeline.attempt``): its report rendered to ``scratch`` (a
    temporary name) when nothing blocks, its findings saved beside it in any case. Never raises:
    every failure is a ``UnitResult`` with the reason. ``profile``: the 版式 (name or file;
    default: the one each workbook records)."""
    from .pipeline import attempt

    return unit_result(path, attempt(path, scratch, template, keep_findings=True, profile=profile))


def build_chunk(paths: Sequence[Path], scratch: Sequence[Path],
                template: Path | None = None, profile: str | None = None, converter=None) -> list[UnitResult]:
    """``build_one`` for each workbook, then the PDFs of those built, all through ``converter``
    (default: this process's long-lived one, ``publish.shared_converter``, so that a worker
    starts LibreOffice once for all its chunks). A report whose PDF fails keeps its .docx and
    gets ``NO_PDF`` with the reason (``Outcome.with_pdf``). Never raises."""
    from .pipeline import attempt

    outcomes = [attempt(path, target, template, keep_findings=True, pdf="later", profile=profile)
                for path, target in zip(paths, scratch)]
    waiting = [i for i, o in enumerate(outcomes) if o.pending is not None]
    if waiting:
        try:
            from .publish import export, shared_converter

            made = export([outcomes[i].pending for i in waiting], converter or shared_converter())
        except Exception as exc:  # noqa: BLE001 — the reports stay; only their PDFs are missing
            made = [f"{type(exc).__name__}: {exc}"] * len(waiting)
        for i, result in zip(waiting, made):
            outcomes[i] = outcomes[i].with_pdf(result)
    return [unit_result(path, outcome) for path, outcome in zip(paths, outcomes)]


def _place(result: UnitResult, out_dir: Path, taken: set[str]) -> UnitResult:
    """Move a unit's report and findings from their scratch names to their final names, unique
    within the batch (``taken``: the name stems given so far): a built report as
    ``{报告名}.docx`` with ``{报告名}.审核.txt``, a failing unit's findings as
    ``{工作簿名}.审核.txt``."""
    if not result.output and not result.audit:
        return result
    from dataclasses import replace

    from .pipeline import audit_text_path

    if result.output:
        stem = result.name[:-5] if result.name.endswith(".docx") else result.name or "部门决算"
    else:
        stem = Path(result.source).stem
    name, n = stem, 1
    while name in taken:
        n += 1
        name = f"{stem}（{n}）"
    taken.add(name)
    target = out_dir / f"{name}.docx"
    audit = audit_text_path(target)
    try:
        if result.output:
            with writing(target):
                os.replace(result.output, target)
        if result.pdf:
            with writing(target.with_suffix(".pdf")):
                os.replace(result.pdf, target.with_suffix(".pdf"))
        if result.audit:
            with writing(audit):
                os.replace(result.audit, audit)
        elif result.output:
            with writing(audit):
                audit.unlink(missing_ok=True)
    except OutputUnwritable as exc:
        return replace(result, status=UNWRITABLE, errors=result.errors + 1, output="", audit="",
                       message=str(exc))
    return replace(result, output=str(target) if result.output else "",
                   audit=str(audit) if result.audit else "",
                   pdf=str(target.with_suffix(".pdf")) if result.pdf else "")


def _place_all(results: list[UnitResult], out_dir: Path) -> list[UnitResult]:
    """``_place`` for every result: the built reports first, then the findings of the failing
    units, each in the order of the workbooks, so that the names never depend on timing."""
    taken: set[str] = set()  # names given in this run (a previous run's reports are replaced)
    placed = list(results)
    for built in (True, False):
        for i, result in enumerate(results):
            if bool(result.output) == built:
                placed[i] = _place(result, out_dir, taken)
    return _noted(placed)


def duplicate_warnings(results: Sequence[UnitResult]) -> list[str]:
    """One warning per unit and year claimed by more than one workbook."""
    return [text for _, text in _duplicates(results)]


def _duplicates(results: Sequence[UnitResult]) -> list[tuple[list[int], str]]:
    groups: dict[tuple[str, str], list[int]] = {}
    for i, r in enumerate(results):
        if r.unit:
            groups.setdefault((r.unit, str(r.year)), []).append(i)
    out = []
    for (unit, year), members in groups.items():
        if len(members) > 1:
            books = "、".join(Path(results[i].source).name for i in members)
            out.append((members, f"{len(members)} 个工作簿都是“{unit}”{year}年度的决算：{books}；"
                                 "请确认哪一个是正确的，删除或改正其他的"))
    return out


def _noted(results: list[UnitResult]) -> list[UnitResult]:
    from dataclasses import replace

    for members, text in _duplicates(results):
        for i in members:
            results[i] = replace(results[i], note=text)
    return results


def run_batch(paths: Sequence[Path], out_dir: Path, template: Path | None = None, *,
              jobs: int | None = None, pdf: bool = False, profile: str | None = None,
              on_done: Callable[[UnitResult], None] | None = None) -> list[UnitResult]:
    """Build every workbook of ``paths`` into ``out_dir`` with ``jobs`` worker processes
    (default: the number of CPUs); results in the order of ``paths``. With ``pdf`` each
    report's PDF too: every worker takes chunks of up to ``PDF_CHUNK`` workbooks and converts
    a chunk's reports with one LibreOffice (``build_chunk``)."""
    from .destination import ensure_folder, probe_writable

    probe_writable(ensure_folder(out_dir))
    jobs = max(1, min(jobs or os.cpu_count() or 1, len(paths) or 1))
    scratch = [out_dir / f".~juesuan-{os.getpid()}-{i}.docx" for i in range(len(paths))]
    results: list[UnitResult | None] = [None] * len(paths)

    def done(i: int, result: UnitResult) -> None:
        results[i] = result
        if on_done:
            on_done(result)

    if pdf:
        size = max(1, min(PDF_CHUNK, -(-len(paths) // jobs)))
        tasks = [list(range(k, min(k + size, len(paths)))) for k in range(0, len(paths), size)]
    else:
        tasks = [[i] for i in range(len(paths))]

    def work(task: list[int]):
        if pdf:
            return build_chunk, [paths[i] for i in task], [scratch[i] for i in task], template, profile
        return _single, paths[task[0]], scratch[task[0]], template, profile

    try:
        if jobs == 1:
            from contextlib import nullcontext

            from .pdf import Converter

            with Converter() if pdf else nullcontext() as office:  # one LibreOffice for the run
                for task in tasks:
                    fn, *args = work(task)
                    for i, result in zip(task, fn(*args, *([office] if pdf else []))):
                        done(i, result)
        else:
            with ProcessPoolExecutor(max_workers=jobs, initializer=_worker_start) as pool:
                futures = {pool.submit(*work(task)): task for task in tasks}
                for future in as_completed(futures):
                    task = futures[future]
                    try:
                        got = future.result()
                    except Exception as exc:  # noqa: BLE001 — a worker died (e.g. out of memory)
                        got = [UnitResult(str(paths[i]), status=CRASHED, errors=1,
                                          message=f"{type(exc).__name__}: {exc}") for i in task]
                    for i, result in zip(task, got):
                        done(i, result)
        placed = _place_all([r for r in results if r is not None], out_dir)
    finally:
        for s in scratch:  # left behind only by a failure
            s.unlink(missing_ok=True)
            s.with_name(f"{s.stem}.审核.txt").unlink(missing_ok=True)
            s.with_suffix(".pdf").unlink(missing_ok=True)
    return placed


def _worker_start() -> None:
    """A worker process (it lives for the batch): what every unit needs imported once, then taken
    out of the cyclic garbage collector (``gc.freeze``), which walked all of it in each full
    collection."""
    import gc

    from . import pipeline  # noqa: F401
    from . import render  # noqa: F401

    gc.freeze()


def _single(path: Path, scratch: Path, template: Path | None, profile: str | None = None) -> list[UnitResult]:
    return [build_one(path, scratch, template, profile=profile)]


def write_summary(results: Sequence[UnitResult], out_dir: Path,
                  skipped: Sequence[tuple[Path, str]] = ()) -> Path:
    """``汇总.xlsx`` in ``out_dir``: one row per workbook, a sheet of every finding, and the
    files skipped as no workbook (when there are any)."""
    from .errors import writing
    from .excel.summary import write_summary_table

    path = out_dir / SUMMARY_NAME
    extra = [("审核结果", FINDING_HEADERS, [row for r in results for row in r.finding_rows()])]
    if skipped:
        extra.append(("跳过的文件", SKIPPED_HEADERS, [(p.name, why) for p, why in skipped]))
    with writing(path):
        write_summary_table(SUMMARY_HEADERS, [r.row() for r in results], path,
                            title="决算公开报告批量生成汇总", extra_sheets=extra)
    return path


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def format_table(results: Sequence[UnitResult]) -> str:
    """The ``TABLE_COLUMNS`` of the summary as an aligned text table (CJK characters count
    double), followed by the reasons of the failed workbooks and the batch's warnings."""
    picked = [SUMMARY_HEADERS.index(c) for c in TABLE_COLUMNS]
    rows = [TABLE_COLUMNS] + [tuple(str(r.row()[c]) for c in picked) for r in results]
    columns = len(TABLE_COLUMNS)
    widths = [max(_width(str(row[c])) for row in rows) for c in range(columns)]
    lines = ["  ".join(str(v) + " " * (widths[c] - _width(str(v))) for c, v in enumerate(row)).rstrip()
             for row in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    failed = [r for r in results if not r.ok]
    if failed:
        lines.append("")
        lines.append("未生成报告的工作簿：")
        for r in failed:
            lines.append(f"  {Path(r.source).name}：{r.message}")
            if r.audit:
                lines.append(f"    全部问题见：{Path(r.audit).name}")
    warnings = duplicate_warnings(results)
    if warnings:
        lines.append("")
        lines += [f"警告：{text}。" for text in warnings]
    return "\n".join(lines)


def progress_line(done: int, total: int, result: UnitResult) -> str:
    """One line per finished unit: ``[ 3/50] 已生成  某某局（a.xlsx）``."""
    width = len(str(total))
    who = result.unit or Path(result.source).stem
    extra = f"：{result.message}" if not result.ok and result.message else ""
    return f"[{done:>{width}}/{total}] {result.status}  {who}（{Path(result.source).name}）{extra}"
