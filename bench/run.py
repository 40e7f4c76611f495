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
    ratio (batch / singles) and the load average before and after are printed.
"""
from __future__ import annotations

import argparse
import json
import os
import pickle
import resource
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
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--pdf-units", type=int, default=6, help="units of the batch-with-PDF part (0: skip)")
    parser.add_argument("--only-pdf", action="store_true", help="run only the batch-with-PDF part")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    if args.batch_worker:
        batch_worker(args.batch_worker, args.workers)
        return
    results = {"cores": os.cpu_count()}
    # Byte-compile the package as an installed copy would be (pip compiles on install; the
    # libraries of the floor are compiled in site-packages), so that neither side pays for it.
    subprocess.run([PY, "-m", "compileall", "-q", str(ROOT / "generator")], check=True)
    with tempfile.TemporaryDirectory() as tmp:
        if args.only_pdf:
            results.update(batch_pdf(Path(tmp), args.pdf_units))
            print(json.dumps(results, ensure_ascii=False, indent=2))
            return
        results.update(one_report(Path(tmp), args.runs))
        results["report_peak_mb"] = round(_child_maxrss_mb(), 1)
        results.update(startup(args.runs))
        results.update({f"batch_{k}": v for k, v in batch(Path(tmp), args.units).items()})
        results["peak_mb"] = round(_child_maxrss_mb(), 1)
        # Last: RUSAGE_CHILDREN would otherwise count LibreOffice's own memory as ours in (d).
        if args.pdf_units:
            results.update(batch_pdf(Path(tmp), args.pdf_units))
    if args.json:
        print(json.dumps(results, ensure_ascii=False, indent=2))
        return
    print(f"(a) 单份报告（冷启动进程）：{results['report_s']} s；下限（仅 openpyxl 读取 + docxtpl 渲染）："
          f"{results['floor_s']} s；比值 {results['ratio']}×")
    print(f"(b) juesuan --help 启动：{results['help_s']} s（空 Python 进程 {results['python_s']} s）")
    print(f"(c) 批量 {results['batch_units']} 个单位，{results['batch_workers']} 个进程："
          f"{results['batch_seconds']} s，{results['batch_units_per_s']} 个/秒（成功 {results['batch_built']} 个）")
    if args.pdf_units:
        print(f"(e) 批量生成 PDF：{results['pdf_units']} 个单位一次批量 {results['pdf_batch_s']} s"
              f"（得到 {results['pdf_batch_pdfs']} 个 PDF），逐个 build --pdf 共 {results['pdf_singles_s']} s；"
              f"比值 {results['pdf_ratio']}（负载 {results['pdf_load']}）")
    print(f"(d) 子进程峰值内存：单份报告 {results['report_peak_mb']} MB；全部 {results['peak_mb']} MB")


if __name__ == "__main__":
    main()
