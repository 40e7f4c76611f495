"""Benchmark (README, 性能): one report against the floor, start-up time, a batch, peak memory.

    python bench/run.py [--units 100] [--runs 3]

(a) one report in a cold process (``python -m generator build``) against the floor: a bare
    script that only loads the same workbook with openpyxl and renders the same template with
    docxtpl and the same context (without our tables, checks and wording) — the ratio is printed;
(b) ``juesuan --help`` start-up (``python -m generator --help`` in a fresh process, median);
(c) a batch of generated units (the sample with its 单位名称 changed) built on all cores:
    units per second, through ``generator.batch.run_batch`` (what ``juesuan build FOLDER`` runs);
(d) peak memory: ``ru_maxrss`` of the child processes (the largest one);
(e) batch with PDF (``--pdf-units N``, 0 to skip): ``juesuan build FOLDER --pdf`` over N units
    against N single ``juesuan build X --pdf`` runs, one after the other, in the same run — the
    ratio (batch / singles) and the load average before and after are printed;
(f) ``juesuan build X --pdf`` against its floor: one bare ``soffice --headless --convert-to pdf``
    of the very report it writes (a fresh profile each time, as ours), alternated, medians;
(g) serve: 8 uploads with PDF sent at once to ``juesuan serve`` (its WSGI service on all cores,
    over HTTP) against its floor: 8 bare conversions of the report one after the other — the
    ratio and the number of uploads that did not give a PDF are printed.

Every figure is printed with its floor and their ratio, measured in the same run (``--only
f,g`` runs some parts only). (f) and (g) are skipped without LibreOffice.
"""
from __future__ import annotations

import argparse
import json
import os
import pickle
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "inputs" / "huaihua-2021.xlsx"
SAMPLE_JSON = ROOT / "inputs" / "huaihua-2021.json"
TEMPLATE = ROOT / "templates" / "report.docx"
PY = sys.executable

FLOOR = r'''
import pickle, sys
sys.path.insert(0, sys.argv[5])
import openpyxl
from docxtpl import DocxTemplate
from jinja2.sandbox import SandboxedEnvironment
from generator.render.helpers import FILTERS, HELPERS  # the template's own filters and helpers
book = openpyxl.load_workbook(sys.argv[1], data_only=True)
for ws in book.worksheets:
    for row in ws.iter_rows(values_only=True):
        pass
with open(sys.argv[2], "rb") as fh:
    context = pickle.load(fh)
doc = DocxTemplate(sys.argv[3])
env = SandboxedEnvironment(autoescape=True, finalize=lambda v: "" if v is None else v)
env.filters.update(FILTERS)
env.globals.update(HELPERS)
doc.render(context, jinja_env=env, autoescape=True)
doc.save(sys.argv[4])
'''


def _timed(cmd: list[str], **kwargs) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT, **kwargs)
    return time.perf_counter() - start


def _child_maxrss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def one_report(tmp: Path, runs: int) -> dict:
    sys.path.insert(0, str(ROOT))
    from generator.derive.context import build_context
    from generator.pipeline import check

    checked = check(SAMPLE)
    from generator.derive.chart_data import Chart
    from generator.derive.display import DisplayTable

    context = dict(build_context(checked.disclosure, checked.figures))
    for key, value in context.items():  # our tables and charts: the floor leaves them out
        if isinstance(value, (DisplayTable, Chart)):
            context[key] = ""
    ctx_file = tmp / "context.pickle"
    ctx_file.write_bytes(pickle.dumps(context))
    floor_script = tmp / "floor.py"
    floor_script.write_text(FLOOR, encoding="utf-8")
    ours, floor = [], []
    for _ in range(runs):
        floor.append(_timed([PY, str(floor_script), str(SAMPLE), str(ctx_file), str(TEMPLATE), str(tmp / "floor.docx"),
                             str(ROOT)]))
        ours.append(_timed([PY, "-m", "generator", "build", str(SAMPLE), "-o", str(tmp / "ours.docx")]))
    t_ours, t_floor = statistics.median(ours), statistics.median(floor)
    return {"report_s": round(t_ours, 3), "floor_s": round(t_floor, 3), "ratio": round(t_ours / t_floor, 2)}


def startup(runs: int) -> dict:
    times = [_timed([PY, "-m", "generator", "--help"]) for _ in range(max(runs, 7))]
    bare = [_timed([PY, "-c", "pass"]) for _ in range(5)]
    return {"help_s": round(statistics.median(times), 3), "python_s": round(statistics.median(bare), 3)}


def _make_units(directory: Path, n: int) -> list[Path]:
    sys.path.insert(0, str(ROOT))
    from generator.excel.writer import build_workbook

    data = json.loads(SAMPLE_JSON.read_text(encoding="utf-8"))
    base = pickle.dumps(build_workbook(data))
    name = data["sheets"]["单位信息"]["单位名称"]
    paths = []
    for i in range(n):
        wb = pickle.loads(base)
        ws = wb["单位信息"]
        for row in ws.iter_rows():
            for cell in row:
                if cell.value == name:
                    cell.value = f"{name}第{i + 1:03d}分中心"
        path = directory / f"unit{i:03d}.xlsx"
        wb.save(path)
        paths.append(path)
    return paths


def batch_worker(directory: Path, workers: int) -> None:
    """Child process: build every unit in ``directory`` with the product's batch mode
    (``generator.batch.run_batch``, as ``juesuan build FOLDER`` does); print JSON."""
    sys.path.insert(0, str(ROOT))
    from generator.batch import run_batch

    units = sorted(directory.glob("unit*.xlsx"))
    start = time.perf_counter()
    results = run_batch(units, directory / "out", jobs=workers)
    elapsed = time.perf_counter() - start
    built = sum(1 for r in results if r.output)
    print(json.dumps({"units": len(units), "built": built, "seconds": round(elapsed, 2),
                      "units_per_s": round(len(units) / elapsed, 2), "workers": workers}))


def batch(tmp: Path, n: int) -> dict:
    units_dir = tmp / "units"
    units_dir.mkdir()
    _make_units(units_dir, n)
    workers = os.cpu_count() or 1
    proc = subprocess.run([PY, __file__, "--batch-worker", str(units_dir), "--workers", str(workers)],
                          check=True, capture_output=True, text=True, cwd=ROOT)
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _bare_conversion(docx: Path, tmp: Path) -> float:
    """One ``soffice --headless --convert-to pdf`` of ``docx`` with a fresh private profile."""
    from generator.pdf import find_soffice

    profile = Path(tempfile.mkdtemp(dir=tmp, prefix="bare-profile-"))
    try:
        return _timed([str(find_soffice()), f"-env:UserInstallation={profile.as_uri()}", "--headless",
                       "--norestore", "--convert-to", "pdf", "--outdir", str(tmp / "bare"), str(docx)])
    finally:
        shutil.rmtree(profile, ignore_errors=True)


def build_pdf(tmp: Path, runs: int) -> dict:
    """(f) ``build --pdf`` of the sample against one bare conversion of the .docx it writes."""
    sys.path.insert(0, str(ROOT))
    out = tmp / "f" / "report.docx"
    ours, bare = [], []
    for _ in range(runs):
        ours.append(_timed([PY, "-m", "generator", "build", str(SAMPLE), "-o", str(out), "--pdf"]))
        bare.append(_bare_conversion(out, tmp))
    t_ours, t_bare = statistics.median(ours), statistics.median(bare)
    return {"pdf_build_s": round(t_ours, 2), "pdf_bare_s": round(t_bare, 2),
            "pdf_build_ratio": round(t_ours / t_bare, 2)}


def serve_worker(n: int) -> None:
    """Child process: ``juesuan serve``'s service on all cores; ``n`` uploads with PDF at once
    over HTTP; print JSON (wall time, uploads without a PDF)."""
    import http.client
    import re
    import uuid
    from concurrent.futures import ThreadPoolExecutor

    sys.path.insert(0, str(ROOT))
    from generator.web.server import Service

    service = Service("127.0.0.1", 0, workers=os.cpu_count() or 1)
    service.builder.warm_up()
    thread = service.start_thread()
    port = service.port
    boundary = uuid.uuid4().hex
    body = (f'--{boundary}\r\nContent-Disposition: form-data; name="pdf"\r\n\r\n1\r\n'
            f'--{boundary}\r\nContent-Disposition: form-data; name="workbook"; filename="a.xlsx"\r\n'
            "Content-Type: application/octet-stream\r\n\r\n").encode() + SAMPLE.read_bytes() + \
        f"\r\n--{boundary}--\r\n".encode()

    def upload(_) -> bool:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
        try:
            conn.request("POST", "/upload", body, {"Content-Type": f"multipart/form-data; boundary={boundary}"})
            resp = conn.getresponse()
            resp.read()
            # post/redirect/get: the upload answers 303 to its result page, which links the PDF
            if resp.status != 303 or not resp.getheader("Location", "").startswith("/r/"):
                return False
            conn.request("GET", resp.getheader("Location"))
            result = conn.getresponse()
            page = result.read().decode("utf-8", "replace")
            found = re.search(r"/r/([\w-]+)/report\.pdf", page)
            if result.status != 200 or not found:
                return False
            conn.request("GET", found.group(0))
            pdf = conn.getresponse()
            return pdf.status == 200 and pdf.read().startswith(b"%PDF")
        finally:
            conn.close()

    start = time.perf_counter()
    with ThreadPoolExecutor(n) as threads:
        made = list(threads.map(upload, range(n)))
    elapsed = time.perf_counter() - start
    service.stop()
    thread.join(10)
    print(json.dumps({"seconds": round(elapsed, 2), "failed": made.count(False)}))


def serve_pdf(tmp: Path, n: int = 8) -> dict:
    """(g) ``n`` concurrent uploads with PDF against ``n`` bare conversions in sequence."""
    out = tmp / "g" / "report.docx"
    subprocess.run([PY, "-m", "generator", "build", str(SAMPLE), "-o", str(out)], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT)
    bare = sum(_bare_conversion(out, tmp) for _ in range(n))
    proc = subprocess.run([PY, __file__, "--serve-worker", str(n)], check=True, capture_output=True,
                          text=True, cwd=ROOT)
    got = json.loads(proc.stdout.strip().splitlines()[-1])
    return {"serve_uploads": n, "serve_s": got["seconds"], "serve_failed": got["failed"],
            "serve_bare_s": round(bare, 2), "serve_ratio": round(got["seconds"] / bare, 2)}


def batch_pdf(tmp: Path, n: int) -> dict:
    """N single ``build --pdf`` runs against one ``build FOLDER --pdf`` (all cores)."""
    units_dir = tmp / "pdf-units"
    units_dir.mkdir()
    units = _make_units(units_dir, n)
    load_before = os.getloadavg()[0]
    singles = 0.0
    for i, unit in enumerate(units):
        singles += _timed([PY, "-m", "generator", "build", str(unit), "-o", str(tmp / "single" / f"{i}.docx"),
                           "--pdf"])
    batch_s = _timed([PY, "-m", "generator", "build", str(units_dir), "-o", str(tmp / "pdf-out"), "--pdf"])
    pdfs = len(list((tmp / "pdf-out").glob("*.pdf")))
    return {"pdf_units": n, "pdf_singles_s": round(singles, 2), "pdf_batch_s": round(batch_s, 2),
            "pdf_ratio": round(batch_s / singles, 3), "pdf_batch_pdfs": pdfs,
            "pdf_load": f"{load_before:.2f}→{os.getloadavg()[0]:.2f}"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=100)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--batch-worker", type=Path)
    parser.add_argument("--serve-worker", type=int)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--pdf-units", type=int, default=6, help="units of the batch-with-PDF part (0: skip)")
    parser.add_argument("--only", default="abcdefg", help="the parts to run, e.g. f,g")
    parser.add_argument("--only-pdf", action="store_true", help="run only the batch-with-PDF part (--only e)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    if args.batch_worker:
        batch_worker(args.batch_worker, args.workers)
        return
    if args.serve_worker:
        serve_worker(args.serve_worker)
        return
    parts = set("e" if args.only_pdf else args.only.replace(",", ""))
    if not args.pdf_units:
        parts.discard("e")
    sys.path.insert(0, str(ROOT))
    from generator.pdf import find_soffice

    if find_soffice() is None:
        parts -= set("efg")
    results = {"cores": os.cpu_count()}
    # Byte-compile the package as an installed copy would be (pip compiles on install; the
    # libraries of the floor are compiled in site-packages), so that neither side pays for it.
    subprocess.run([PY, "-m", "compileall", "-q", str(ROOT / "generator")], check=True)
    with tempfile.TemporaryDirectory() as tmp:
        if "a" in parts:
            results.update(one_report(Path(tmp), args.runs))
            results["report_peak_mb"] = round(_child_maxrss_mb(), 1)
        if "b" in parts:
            results.update(startup(args.runs))
        if "c" in parts:
            results.update({f"batch_{k}": v for k, v in batch(Path(tmp), args.units).items()})
        if "d" in parts:
            results["peak_mb"] = round(_child_maxrss_mb(), 1)
        # Last: RUSAGE_CHILDREN would otherwise count LibreOffice's own memory as ours in (d).
        if "f" in parts:
            results.update(build_pdf(Path(tmp), args.runs))
        if "g" in parts:
            results.update(serve_pdf(Path(tmp)))
        if "e" in parts:
            results.update(batch_pdf(Path(tmp), args.pdf_units))
        results["load"] = f"{os.getloadavg()[0]:.2f}"
    if args.json:
        print(json.dumps(results, ensure_ascii=False, indent=2))
        return
    _report(results)


# One line per part: the result key that says the part ran, then the line (``str.format_map``).
_LINES = """
report_s (a) 单份报告（冷启动进程）：{report_s} s；下限（仅 openpyxl 读取 + docxtpl 渲染）：{floor_s} s；比值 {ratio}×（目标 ≤ 1.25×）
help_s (b) juesuan --help 启动：{help_s} s；下限（空 Python 进程）{python_s} s；比值 {help_ratio}×
batch_units (c) 批量 {batch_units} 个单位，{batch_workers} 个进程：{batch_seconds} s，{batch_units_per_s} 个/秒（成功 {batch_built} 个；目标 ≥ 15 个/秒）
peak_mb (d) 子进程峰值内存：单份报告 {report_peak_mb} MB；全部 {peak_mb} MB
pdf_units (e) 批量生成 PDF：{pdf_units} 个单位一次批量 {pdf_batch_s} s（得到 {pdf_batch_pdfs} 个 PDF）；下限（逐个 build --pdf）共 {pdf_singles_s} s；比值 {pdf_ratio}（负载 {pdf_load}）
pdf_build_s (f) build --pdf：{pdf_build_s} s；下限（一次 soffice --convert-to pdf）{pdf_bare_s} s；比值 {pdf_build_ratio}×（目标 ≤ 1.3×）
serve_s (g) serve：{serve_uploads} 个带 PDF 的上传同时提交 {serve_s} s（未得到 PDF 的 {serve_failed} 个）；下限（{serve_uploads} 次 soffice 转换依次进行）{serve_bare_s} s；比值 {serve_ratio}×（目标 ≤ 0.6×）
"""


def _report(r: dict) -> None:
    """Each figure with its floor and their ratio."""
    values = {"report_peak_mb": "-", **r}
    if "help_s" in r:
        values["help_ratio"] = round(r["help_s"] / r["python_s"], 2)
    for entry in _LINES.strip().splitlines():
        key, line = entry.split(" ", 1)
        if key in r:
            print(line.format_map(values))
    print(f"（结束时负载 {r['load']}，{r['cores']} 核）")


if __name__ == "__main__":
    main()
