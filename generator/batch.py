"""Batch builds: many units' workbooks (a finance bureau's folder) built in parallel processes.

Each workbook is read, audited and rendered in its own worker process (``build_one``), which never
raises: whatever goes wrong becomes a failed ``UnitResult``. Workers write to a private temporary
name; the parent moves each report to ``{单位名称}{年度}年度部门决算.docx`` in the output folder, one
at a time, so two workbooks of the same unit never overwrite each other (the second gets ``（2）``).
The summary (one row per workbook) is shown on screen and written as ``汇总.xlsx``.
"""
from __future__ import annotations

import os
import unicodedata
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Sequence

WORKBOOK_SUFFIXES = (".xlsx", ".xls", ".xlsm")
SUMMARY_NAME = "汇总.xlsx"
SUMMARY_HEADERS = ("单位", "年度", "结果", "错误数", "警告数", "输出文件", "工作簿", "说明")
BUILT, REFUSED, UNREADABLE, CRASHED = "已生成", "有错误，未生成", "无法读取", "程序错误"


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

    @property
    def ok(self) -> bool:
        return self.status == BUILT

    def row(self) -> tuple:
        """The summary row (``SUMMARY_HEADERS``)."""
        name = self.unit or Path(self.source).stem
        return (name, self.year, self.status, self.errors, self.warnings,
                Path(self.output).name if self.output else "", Path(self.source).name, self.message)


def collect(items: Iterable[Path]) -> list[Path]:
    """Workbooks to build: files as given, and every .xlsx/.xls/.xlsm directly inside a folder
    (not recursive; ``~$`` lock files and hidden files skipped), sorted by name; no duplicates."""
    out: list[Path] = []
    for item in items:
        item = Path(item)
        if item.is_dir():
            out.extend(sorted(p for p in item.iterdir()
                              if p.is_file() and p.suffix.lower() in WORKBOOK_SUFFIXES
                              and not p.name.startswith(("~$", "."))))
        else:
            out.append(item)
    seen: set[Path] = set()
    unique = []
    for p in out:
        key = p.resolve()
        if key not in seen:
            seen.add(key)
            unique.append(p)
    return unique


def build_one(path: Path, scratch: Path, template: Path | None = None) -> UnitResult:
    """Check ``path`` and, when nothing blocks, render its report to ``scratch`` (a temporary
    name). Never raises: every failure is a ``UnitResult`` with the reason."""
    try:
        from .pipeline import WorkbookUnusable, check, render_checked, report_name

        try:
            checked = check(path)
        except WorkbookUnusable as exc:
            return UnitResult(str(path), status=UNREADABLE, errors=1, message=exc.finding.message)
        d, report = checked.disclosure, checked.report
        first_error = report.errors[0].message if report.errors else ""
        base = UnitResult(str(path), d.unit_name, d.year, REFUSED, len(report.errors),
                          len(report.warnings), "", first_error)
        if not report.valid:
            return base
        built = render_checked(checked, scratch, template)
        return UnitResult(str(path), d.unit_name, d.year, BUILT, 0, len(report.warnings),
                          str(built.output), "", report_name(d),
                          str(getattr(built, "audit_file", None) or ""))
    except Exception as exc:  # noqa: BLE001 — one broken workbook must not stop the batch
        return UnitResult(str(path), status=CRASHED, errors=1, message=f"{type(exc).__name__}: {exc}")


def _place(result: UnitResult, out_dir: Path, taken: set[str]) -> UnitResult:
    """Move a built report from its scratch name to its final name (unique within the batch)."""
    if not result.ok:
        return result
    from dataclasses import replace

    stem = result.name[:-5] if result.name.endswith(".docx") else result.name or "部门决算"
    name, n = f"{stem}.docx", 1
    while name in taken:
        n += 1
        name = f"{stem}（{n}）.docx"
    taken.add(name)
    target = out_dir / name
    os.replace(result.output, target)
    audit = ""
    if result.audit:
        from .pipeline import audit_text_path

        audit = str(audit_text_path(target))
        os.replace(result.audit, audit)
    return replace(result, output=str(target), audit=audit)


def run_batch(paths: Sequence[Path], out_dir: Path, template: Path | None = None, *,
              jobs: int | None = None,
              on_done: Callable[[UnitResult], None] | None = None) -> list[UnitResult]:
    """Build every workbook of ``paths`` into ``out_dir`` with ``jobs`` worker processes
    (default: the number of CPUs); results in the order of ``paths``."""
    out_dir.mkdir(parents=True, exist_ok=True)
    jobs = max(1, min(jobs or os.cpu_count() or 1, len(paths) or 1))
    scratch = [out_dir / f".~juesuan-{os.getpid()}-{i}.docx" for i in range(len(paths))]
    results: list[UnitResult | None] = [None] * len(paths)
    taken: set[str] = set()  # names given in this run (a previous run's reports are replaced)

    def done(i: int, result: UnitResult) -> None:
        results[i] = _place(result, out_dir, taken)
        if on_done:
            on_done(results[i])

    try:
        if jobs == 1:
            for i, path in enumerate(paths):
                done(i, build_one(path, scratch[i], template))
        else:
            with ProcessPoolExecutor(max_workers=jobs) as pool:
                futures = {pool.submit(build_one, path, scratch[i], template): i
                           for i, path in enumerate(paths)}
                for future in as_completed(futures):
                    i = futures[future]
                    try:
                        result = future.result()
                    except Exception as exc:  # noqa: BLE001 — a worker died (e.g. out of memory)
                        result = UnitResult(str(paths[i]), status=CRASHED, errors=1,
                                            message=f"{type(exc).__name__}: {exc}")
                    done(i, result)
    finally:
        for s in scratch:  # left behind only by a failure
            s.unlink(missing_ok=True)
            s.with_name(f"{s.stem}.审核.txt").unlink(missing_ok=True)
    return [r for r in results if r is not None]


def write_summary(results: Sequence[UnitResult], out_dir: Path) -> Path:
    """``汇总.xlsx`` in ``out_dir`` (one row per workbook)."""
    from .excel.summary import write_summary_table

    path = out_dir / SUMMARY_NAME
    write_summary_table(SUMMARY_HEADERS, [r.row() for r in results], path, title="决算公开报告批量生成汇总")
    return path


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def format_table(results: Sequence[UnitResult], columns: int = 6) -> str:
    """The first ``columns`` summary columns as an aligned text table (CJK characters count
    double), followed by the reasons of the failed workbooks."""
    rows = [SUMMARY_HEADERS[:columns]] + [tuple(str(v) for v in r.row()[:columns]) for r in results]
    widths = [max(_width(str(row[c])) for row in rows) for c in range(columns)]
    lines = ["  ".join(str(v) + " " * (widths[c] - _width(str(v))) for c, v in enumerate(row)).rstrip()
             for row in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    failed = [r for r in results if not r.ok]
    if failed:
        lines.append("")
        lines.append("未生成报告的工作簿：")
        lines += [f"  {Path(r.source).name}：{r.message}" for r in failed]
    return "\n".join(lines)
