"""generator.batch and batch `juesuan build`: a folder of units built in parallel; failures become
rows of the summary, never tracebacks; exit code 1 when any unit failed."""
from __future__ import annotations

import json
import shutil
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from generator.batch import (BUILT, CRASHED, UNREADABLE, UnitResult, build_one, collect, format_table, gather,
                             run_batch)
from generator.cli import main
from generator.schema import SUPPLEMENT_MONEY
from tests.conftest import SAMPLE, SAMPLE_JSON

N_UNITS = 50
BROKEN = {7: "missing-table", 31: "not-excel"}


def _times(value, k: int):
    """A money string × k (k integral keeps every table identity exact)."""
    if isinstance(value, str):
        try:
            return str(Decimal(value) * k)
        except ArithmeticError:
            return value
    return value


def _scaled(obj, k: int):
    if isinstance(obj, dict):
        return {key: v if key in ("科目编码", "科目名称", "注") else _scaled(v, k) for key, v in obj.items()}
    if isinstance(obj, list):
        return [_scaled(v, k) for v in obj]
    return _times(obj, k)


def unit_data(k: int) -> dict:
    """The sample with its amounts ×k and its counts varied."""
    data = json.loads(SAMPLE_JSON.read_text(encoding="utf-8"))
    sheets = data["sheets"]
    data["tables"] = _scaled(data["tables"], k)
    sheets["上年数"] = _scaled(sheets["上年数"], k)
    sheets["年初预算"] = [dict(r, 年初预算数=_times(r["年初预算数"], k)) for r in sheets["年初预算"]]
    sheets["补充数据"] = {label: _times(v, k) if label in SUPPLEMENT_MONEY else v
                        for label, v in sheets["补充数据"].items()}
    sheets["补充数据"]["公务接待批次"] = 10 * k
    sheets["单位信息"]["单位名称"] = UNIT
    return data


UNIT = "甲乙丙测试中心"


def renamed(base: bytes, name: str) -> bytes:
    """A copy of an .xlsx whose unit name (in every sheet's strings) is ``name``."""
    import io
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(base)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename.startswith("xl/") and item.filename.endswith(".xml"):
                for form in (lambda t: t.encode("utf-8"), lambda t: t.encode("ascii", "xmlcharrefreplace")):
                    data = data.replace(form(UNIT), form(name))
            dst.writestr(item, data)
    return out.getvalue()


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    """50 units: the sample ×1 or ×2 under 50 names; unit 07 lacks table 03, unit 31 is no Excel."""
    from generator.excel.writer import write_workbook

    folder = tmp_path_factory.mktemp("units")
    bases = {}
    for k in (1, 2):
        write_workbook(unit_data(k), folder / "base.xlsx")
        bases[k] = (folder / "base.xlsx").read_bytes()
    broken = unit_data(1)
    del broken["tables"]["03"]
    write_workbook(broken, folder / "base.xlsx")
    bases["missing-table"] = (folder / "base.xlsx").read_bytes()
    (folder / "base.xlsx").unlink()
    for i in range(N_UNITS):
        path = folder / f"单位{i:02d}.xlsx"
        if BROKEN.get(i) == "not-excel":
            path.write_text("这不是工作簿", encoding="utf-8")
        else:
            path.write_bytes(renamed(bases[BROKEN.get(i, 1 + i % 2)], f"第{i:02d}测试中心"))
    (folder / "~$单位00.xlsx").write_bytes(b"lock")       # Excel's lock file: skipped
    (folder / "说明.txt").write_text("x", encoding="utf-8")  # not a workbook: skipped
    (folder / "子文件夹").mkdir()
    (folder / "子文件夹" / "旧.xlsx").write_bytes(SAMPLE.read_bytes())  # not recursive
    return folder


def test_collect_takes_the_folders_workbooks_only(folder):
    paths = collect([folder])
    assert [p.name for p in paths] == [f"单位{i:02d}.xlsx" for i in range(N_UNITS)]
    assert collect([folder / "单位01.xlsx", folder / "单位01.xlsx"]) == [folder / "单位01.xlsx"]


@pytest.fixture(scope="module")
def batch_run(folder, tmp_path_factory):
    """The fifty units built once by ``juesuan build FOLDER -o OUT --jobs 2``: (OUT, result)."""
    out = tmp_path_factory.mktemp("batch") / "报告"
    return out, CliRunner().invoke(main, ["build", str(folder), "-o", str(out), "--jobs", "2"])


def test_batch_of_fifty_with_two_broken(batch_run):
    out, result = batch_run
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    reports = sorted(out.glob("*.docx"))
    assert len(reports) == N_UNITS - len(BROKEN)
    assert (out / "第00测试中心2021年度部门决算.docx") in reports
    assert "第07测试中心" not in " ".join(p.name for p in reports)
    # The summary on screen names both failures.
    assert "单位07.xlsx" in result.output and "单位31.xlsx" in result.output
    assert "有错误，未生成" in result.output and "无法读取" in result.output
    # … and in 汇总.xlsx, one row per workbook.
    ws = openpyxl.load_workbook(out / "汇总.xlsx").active
    header = [c.value for c in ws[2]]
    assert header[:6] == ["单位", "年度", "结果", "错误数", "警告数", "输出文件"]
    rows = [[c.value for c in row] for row in ws.iter_rows(min_row=3)]
    assert len(rows) == N_UNITS
    failed = {row[6]: row for row in rows if row[2] != BUILT}
    assert set(failed) == {"单位07.xlsx", "单位31.xlsx"}
    assert failed["单位07.xlsx"][0] == "第07测试中心" and failed["单位07.xlsx"][3] >= 1
    assert failed["单位31.xlsx"][2] == UNREADABLE
    built = [row for row in rows if row[2] == BUILT]
    assert all((out / row[5]).is_file() and row[3] == 0 for row in built)
    assert not list(out.glob(".~*"))  # no scratch files left


def test_reports_of_the_same_unit_do_not_overwrite_each_other(tmp_path):
    a, b = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    a.write_bytes(SAMPLE.read_bytes())
    b.write_bytes(SAMPLE.read_bytes())
    results = run_batch([a, b], tmp_path / "out", jobs=1)
    names = sorted(Path(r.output).name for r in results)
    assert names == ["怀化市工伤保险服务中心2021年度部门决算.docx", "怀化市工伤保险服务中心2021年度部门决算（2）.docx"]


def test_a_crash_in_a_worker_becomes_a_failed_row(tmp_path, monkeypatch):
    import generator.pipeline as pipeline

    def boom(path, *args, **kwargs):
        raise RuntimeError("内部错误")
    monkeypatch.setattr(pipeline, "check", boom)
    result = build_one(SAMPLE, tmp_path / "x.docx")
    assert result.status == CRASHED and "内部错误" in result.message and not result.ok


def test_summary_table_aligns_chinese_columns():
    rows = [UnitResult("a.xlsx", "某某局", "2021", BUILT, 0, 3, "/o/某某局.docx"),
            UnitResult("b.xlsx", "", "", UNREADABLE, 1, 0, "", "文件内容不是 Excel 工作簿")]
    text = format_table(rows)
    lines = text.splitlines()
    assert lines[0].split() == ["单位", "年度", "结果", "错误数", "警告数", "输出文件", "工作簿"]
    assert "某某局.docx" in lines[2] and lines[3].startswith("b ")
    assert "b.xlsx：文件内容不是 Excel 工作簿" in text


def test_empty_folder_is_a_usage_error(tmp_path):
    (tmp_path / "空").mkdir()
    result = CliRunner().invoke(main, ["build", str(tmp_path / "空")])
    assert result.exit_code == 2 and "没有找到工作簿" in result.output


def test_output_must_be_a_folder_in_batch_mode(tmp_path):
    out = tmp_path / "f.docx"
    out.write_bytes(b"x")
    result = CliRunner().invoke(main, ["build", str(SAMPLE), str(SAMPLE), "-o", str(out)])
    assert result.exit_code == 2 and "文件夹" in result.output


def test_batch_details_on_screen_and_in_the_summary(batch_run):
    """Every finding of a failing unit in its own 审核.txt and in the findings sheet; the text
    file listed as skipped; one progress line per unit (CliRunner's output is no terminal);
    年度 stored as a number."""
    out, result = batch_run
    assert result.exit_code == 1, result.output
    progress = [line for line in result.output.splitlines() if line.startswith("[")]
    assert len(progress) == N_UNITS and progress[-1].startswith(f"[{N_UNITS}/{N_UNITS}]")
    assert "已跳过：说明.txt（不是 Excel 工作簿）" in result.output
    assert "~$" not in result.output  # lock files skipped silently
    audit = out / "单位07.审核.txt"  # named after its workbook: no report of that name exists
    assert audit.is_file() and not list(out.glob("第07测试中心*"))
    text = audit.read_text(encoding="utf-8")
    wb = openpyxl.load_workbook(out / "汇总.xlsx")
    summary = wb["汇总"]
    years = {row[1] for row in summary.iter_rows(min_row=3, values_only=True)}
    assert 2021 in years and all(isinstance(y, int) for y in years if y is not None)
    findings = wb["审核结果"]
    assert [c.value for c in findings[1]] == ["单位", "工作簿", "严重程度", "代码", "单元格", "说明"]
    of_07 = [row for row in findings.iter_rows(min_row=2, values_only=True) if row[0] == "第07测试中心"]
    assert {row[1] for row in of_07} == {"单位07.xlsx"}
    errors = [row for row in of_07 if row[2] == "错误"]
    assert len(errors) >= 2  # more than the first error, which alone is on screen
    for _, _, _, code, _, message in of_07:
        assert f"[{code}]" in text and message in text
    skipped = [row for row in wb["跳过的文件"].iter_rows(min_row=2, values_only=True)]
    assert skipped == [("说明.txt", "不是 Excel 工作簿")]


def test_a_workbook_under_another_extension_is_taken_by_content(tmp_path):
    folder = tmp_path / "各单位"
    folder.mkdir()
    (folder / "导出.csv").write_bytes(SAMPLE.read_bytes())
    (folder / "说明.docx").write_text("不是工作簿", encoding="utf-8")
    paths, skipped = gather([folder])
    assert [p.name for p in paths] == ["导出.csv"]
    assert [(p.name, why) for p, why in skipped] == [("说明.docx", "不是 Excel 工作簿")]


def _one_unit_folder(tmp_path: Path) -> Path:
    """A bureau's folder with four workbooks of one unit and year (the sample), one of which
    fails (05 typed as text), named so that sorting puts the failing one first."""
    from tests.helpers import put_coded

    folder = tmp_path / "各单位"
    folder.mkdir()
    for name in ("a-有错.xlsx", "b.xlsx", "c.xlsx", "d.xlsx"):
        shutil.copyfile(SAMPLE, folder / name)
    put_coded(folder / "a-有错.xlsx", "公开05表", "2080109", "基本支出", "十四万")
    return folder


def test_output_names_follow_the_workbooks_not_the_timing(tmp_path):
    """Two runs of the same folder (two workers, so completion order varies) give the same name
    to each workbook's report: b the plain name, c （2）, d （3）, by workbook order; the failing
    workbook's findings are a-有错.审核.txt, not the plain report name's."""
    folder = _one_unit_folder(tmp_path)
    runs = []
    for n in (1, 2):
        results = run_batch(collect([folder]), tmp_path / f"out{n}", jobs=2)
        runs.append({Path(r.source).name: (Path(r.output).name if r.output else "", Path(r.audit).name if r.audit else "")
                     for r in results})
    assert runs[0] == runs[1]
    stem = "怀化市工伤保险服务中心2021年度部门决算"
    assert {k: v[0] for k, v in runs[0].items()} == {
        "a-有错.xlsx": "", "b.xlsx": f"{stem}.docx", "c.xlsx": f"{stem}（2）.docx", "d.xlsx": f"{stem}（3）.docx"}
    assert runs[0]["a-有错.xlsx"][1] == "a-有错.审核.txt"
    assert runs[0]["b.xlsx"][1] in ("", f"{stem}.审核.txt")  # its own findings, if any, beside it


def test_two_workbooks_of_one_unit_are_warned_about_with_the_workbook_column(tmp_path):
    folder = _one_unit_folder(tmp_path)
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", str(folder), "-o", str(out), "--jobs", "1"])
    assert result.exit_code == 1, result.output
    assert "警告：4 个工作簿都是“怀化市工伤保险服务中心”2021年度的决算：a-有错.xlsx、b.xlsx、c.xlsx、d.xlsx" \
        in result.output
    table = result.output[result.output.index("单位  "):]
    assert table.splitlines()[0].split()[-1] == "工作簿"
    assert sum(line.rstrip().endswith(("b.xlsx", "c.xlsx", "d.xlsx", "a-有错.xlsx"))
               for line in table.splitlines()[2:6]) == 4
    wb = openpyxl.load_workbook(out / "汇总.xlsx")
    rows = list(wb["汇总"].iter_rows(min_row=3, values_only=True))
    assert all("4 个工作簿都是" in row[7] for row in rows)
    assert {row[1] for row in wb["审核结果"].iter_rows(min_row=2, values_only=True)} >= {"a-有错.xlsx"}
