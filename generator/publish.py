"""PDFs of rendered reports: LibreOffice passes, the 目录 page numbers passed to render explicitly.

For a list of rendered reports (one, or a batch worker's share) with one ``pdf.Converter``, each
report is first converted once with its 目录 numbered inside LibreOffice (``office_toc.py``, run
by the long-lived LibreOffice before the export; the .docx is rendered again with the numbers
meanwhile, ``_in_one_pass``). The reports this cannot be done for (no UNO or no Python script
provider, a 目录 that is not the headings', numbers that differ from the PDF's bookmarks, a
LibreOffice that died) take the passes of before:

1. every such report is converted in one LibreOffice call (pass 1);
2. the page of each 目录 entry is read from its PDF's bookmarks (``pdf.toc_layout``);
3. only the front matter (cover + 目录, ``render.front``) of every report, numbered, is converted,
   again in one call, and its pages replace the first pages of the pass-1 PDF
   (``pdf.splice_front``) — the body is laid out once. While LibreOffice converts the fronts, the
   .docx is rendered again with the numbers (``render_docx(toc_pages=…)``). When the numbers
   changed the 目录's length (so the pagination), that report is converted again in full with
   them, as a last call.

With a long-lived LibreOffice (``pdf.Converter`` over UNO) it starts once for the whole list.
"""
from __future__ import annotations

import shutil
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence


_shared = None  # this process's long-lived converter (``shared_converter``)


def shared_converter():
    """This process's ``pdf.Converter``, made on first use and kept: a batch or web worker
    converts every report it is given with one LibreOffice, started once. Ended when the process
    exits (a worker of a process pool included)."""
    global _shared
    if _shared is None:
        import atexit
        from multiprocessing import util

        from .pdf import Converter

        _shared = Converter()
        atexit.register(_shared.close)
        util.Finalize(None, _shared.close, exitpriority=10)  # pool workers skip atexit
    return _shared


@dataclass
class PdfJob:
    """A rendered report and what rendering it again needs."""

    docx: Path
    pdf: Path
    context: dict
    template: Path | None
    title: str
    year: str


@dataclass
class PdfResult:
    """One job's PDF (None when it failed), remarks on it and why it failed."""

    pdf: Path | None
    notes: tuple[str, ...] = ()
    error: str = ""


def export(jobs: Sequence[PdfJob], converter=None) -> list[PdfResult]:
    """Write each job's PDF with the 目录's page numbers (see the module docstring); one result
    per job, in order. A job whose conversion fails gets its ``error``; the others go on."""
    from .pdf import Converter, PdfProblem, font_note, splice_front, toc_layout
    from .render import front_matter, render_docx, toc_entries

    own = converter is None
    converter = converter or Converter()
    results: list[PdfResult | None] = [None] * len(jobs)
    notes: list[list[str]] = [[] for _ in jobs]
    try:
        with tempfile.TemporaryDirectory(prefix="juesuan-pdf-") as tmp:
            work = Path(tmp)
            for i, job in enumerate(jobs):  # one conversion each where LibreOffice numbers the 目录
                results[i] = _in_one_pass(converter, job, work / str(i))
            rest = [i for i, result in enumerate(results) if result is None]
            copies = []
            for i in rest:
                copies.append(work / f"{i}.docx")
                shutil.copyfile(jobs[i].docx, copies[-1])
            first = converter.convert(copies, work / "pass1") if rest else []
            fronts, front_jobs, full_jobs, numbered = [], [], [], []
            for i, made in zip(rest, first):
                job = jobs[i]
                if isinstance(made, PdfProblem):
                    results[i] = PdfResult(None, error=str(made))
                    continue
                entries = toc_entries(job.docx)
                pages, count = toc_layout(made, entries)
                if entries and count is None:
                    notes[i].append("未能从 PDF 中读出各标题的页码，目录中未填页码。")
                if not entries or count is None:
                    _place(made, job.pdf)
                    results[i] = PdfResult(job.pdf)
                    continue
                numbered.append((job, pages))
                front = work / f"{i}-front.docx"
                if front_matter(job.docx, front, pages):  # numbered while the report is not yet
                    fronts.append(front)
                    front_jobs.append((i, made, count))
                else:
                    full_jobs.append(i)
            # LibreOffice converts the numbered fronts while the reports are rendered again
            with ThreadPoolExecutor(1) as thread:
                converting = thread.submit(converter.convert, fronts, work / "front")
                for job, pages in numbered:
                    render_docx(job.context, job.docx, job.template, title=job.title, year=job.year,
                                toc_pages=pages)
                front_pdfs = converting.result()
            for (i, made, count), pdf in zip(front_jobs, front_pdfs):
                if not isinstance(pdf, PdfProblem) and splice_front(made, pdf, count, jobs[i].pdf):
                    results[i] = PdfResult(jobs[i].pdf)
                else:
                    full_jobs.append(i)
            full_jobs.sort()
            again = [work / f"{i}-full.docx" for i in full_jobs]
            for i, copy in zip(full_jobs, again):
                shutil.copyfile(jobs[i].docx, copy)
            for i, made in zip(full_jobs, converter.convert(again, work / "pass2")):
                if isinstance(made, PdfProblem):
                    results[i] = PdfResult(None, error=str(made))
                else:
                    _place(made, jobs[i].pdf)
                    results[i] = PdfResult(jobs[i].pdf)
    finally:
        if own:
            converter.close()
    note = font_note() if any(r is not None and r.pdf for r in results) else ""
    out = []
    for i, result in enumerate(results):
        assert result is not None
        if result.pdf is not None:
            result.notes = tuple(notes[i] + ([note] if note else []))
        out.append(result)
    return out


def _in_one_pass(converter, job: PdfJob, work: Path) -> PdfResult | None:
    """``job``'s PDF from one conversion in which LibreOffice numbers the 目录 itself
    (``pdf.Converter.convert_numbered``); the .docx is rendered again with the same numbers
    while LibreOffice exports. None when it cannot be done so (no macro support, no 目录, the
    numbers differ from the PDF's bookmarks): nothing is changed, and the passes of ``export``
    make the PDF."""
    from .destination import replace_atomically
    from .pdf import PdfProblem, toc_layout
    from .render import render_docx, toc_entries

    convert_numbered = getattr(converter, "convert_numbered", None)
    entries = toc_entries(job.docx) if convert_numbered is not None else []
    if not entries:
        return None
    work.mkdir(parents=True, exist_ok=True)
    source, numbered = work / "one.docx", work / "numbered.docx"
    shutil.copyfile(job.docx, source)
    rendering = ThreadPoolExecutor(1)
    pending = []

    def render_with(pages: list[str]) -> None:  # while LibreOffice exports
        pending.append((pages, rendering.submit(render_docx, job.context, numbered, job.template,
                                                title=job.title, year=job.year, toc_pages=pages)))

    try:
        made = convert_numbered(source, work / "one.pdf", [text for _, text in entries], render_with)
        rendered = pending[0][1].result() if pending else None
    finally:
        rendering.shutdown(wait=True)
    if isinstance(made, PdfProblem):
        return PdfResult(None, error=str(made))
    if made is None or rendered is None or toc_layout(made, entries)[0] != pending[0][0]:
        return None
    replace_atomically(job.docx, lambda tmp: shutil.copyfile(numbered, tmp))
    _place(made, job.pdf)
    return PdfResult(job.pdf)


def _place(made: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.move(str(made), str(target))
