"""juesuan build / check: exit codes, Chinese messages naming file, sheet and cell, no output on errors."""
from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main
from tests.conftest import SAMPLE
from tests.helpers import coded_cell, edit, put_coded


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def test_build_sample_writes_named_report(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("build", SAMPLE)
    assert result.exit_code == 0, result.output
    out = tmp_path / "dist" / "怀化市工伤保险服务中心2021年度部门决算.docx"
    assert out.is_file()
    assert str(Path("dist") / out.name) in result.output


def test_build_to_explicit_output(tmp_path):
    out = tmp_path / "sub" / "r.docx"
    result = run("build", SAMPLE, "-o", out)
    assert result.exit_code == 0, result.output
    assert out.is_file()


def test_only_a_process_of_its_own_freezes_the_garbage_collector(tmp_path):
    """``juesuan build`` takes the imported modules out of the cyclic collector (cli.short_process)
    only when the command is the whole process: invoked inside a program (here the test run) the
    program's collector is left as it was; ``python -m generator build`` still writes the report."""
    import gc
    import subprocess
    import sys

    before = gc.get_freeze_count()
    assert run("build", SAMPLE, "-o", tmp_path / "a.docx").exit_code == 0
    assert gc.get_freeze_count() == before
    probe = ("import gc, runpy, sys; sys.argv = ['juesuan', 'build', sys.argv[1], '-o', sys.argv[2]]\n"
             "import atexit; atexit.register(lambda: print('frozen', gc.get_freeze_count() > 0))\n"
             "runpy.run_module('generator', run_name='__main__')")
    proc = subprocess.run([sys.executable, "-c", probe, str(SAMPLE), str(tmp_path / "b.docx")],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert "frozen True" in proc.stdout and (tmp_path / "b.docx").is_file()


def test_python_dash_m_entry_point():
    import subprocess
    import sys
    proc = subprocess.run([sys.executable, "-m", "generator", "--help"], capture_output=True, text=True)
    assert proc.returncode == 0
    assert "build" in proc.stdout and "check" in proc.stdout


def test_help_is_chinese():
    result = run("build", "--help")
    assert "审核工作簿并生成" in result.output


def _assert_refused(result, out: Path, code: int, *needles: str):
    assert result.exit_code == code, result.output
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert not out.exists()
    for needle in needles:
        assert needle in result.output, (needle, result.output)


def test_missing_file(tmp_path):
    out = tmp_path / "r.docx"
    _assert_refused(run("build", tmp_path / "无此文件.xlsx", "-o", out), out, 2, "找不到文件", "无此文件.xlsx")


def test_not_excel(tmp_path):
    bogus = tmp_path / "报表.xlsx"
    bogus.write_text("这不是 Excel", encoding="utf-8")
    out = tmp_path / "r.docx"
    _assert_refused(run("build", bogus, "-o", out), out, 2, "报表.xlsx", "不是 Excel")


def test_corrupt_zip(tmp_path):
    bogus = tmp_path / "坏.xlsx"
    bogus.write_bytes(b"PK\x03\x04" + b"\x00" * 100)
    out = tmp_path / "r.docx"
    _assert_refused(run("build", bogus, "-o", out), out, 2, "坏.xlsx")


def test_missing_table(sample_copy, tmp_path):
    edit(sample_copy, lambda wb: wb.remove(wb["公开03表"]))
    out = tmp_path / "r.docx"
    _assert_refused(run("build", sample_copy, "-o", out), out, 1, "table-missing", "支出决算表")


def test_text_in_money_cell(sample_copy, tmp_path):
    ref = put_coded(sample_copy, "公开05表", "2080109", "基本支出", "十四万")
    out = tmp_path / "r.docx"
    _assert_refused(run("build", sample_copy, "-o", out), out, 1, "not-a-number", ref, "十四万")


def test_formula_without_cached_value(sample_copy, tmp_path):
    ref = put_coded(sample_copy, "公开03表", "2080109", "基本支出", "=1+1")  # saved without a value
    out = tmp_path / "r.docx"
    _assert_refused(run("build", sample_copy, "-o", out), out, 1, "formula-no-value", ref, "保存")


def test_check_sample_exit_zero_and_json(tmp_path):
    import json
    result = run("check", SAMPLE, "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["valid"] is True
    assert not [f for f in data["findings"] if f["severity"] == "错误"]


def test_check_reports_findings_with_exit_one(sample_copy):
    edit(sample_copy, lambda wb: setattr(coded_cell(wb["公开05表"], "2080109", "基本支出"), "value", "abc"))
    result = run("check", sample_copy)
    assert result.exit_code == 1
    assert "【错误】" in result.output and "not-a-number" in result.output


@pytest.mark.parametrize("args", [["build"], ["check"], ["nope"]])
def test_usage_errors_exit_two(args):
    assert run(*args).exit_code == 2


ENGLISH = ("Usage", "Options", "Commands", "Error", "Missing", "Show this", "Try ", "No such", "Invalid")


@pytest.mark.parametrize("args", [
    ["--help"], ["build", "--help"], ["check", "--help"], ["init", "--help"], ["template", "--help"],
    ["build"], ["check", "--format", "xml", "x.xlsx"], ["nope"], ["build", "--bogus", "x.xlsx"],
])
def test_click_speaks_chinese(args):
    result = run(*args)
    assert result.exit_code in (0, 2)
    for word in ENGLISH:
        assert word not in result.output, (word, result.output)


@pytest.mark.parametrize("name", ["另存为.xls", "导出.csv", "无扩展名"])
def test_workbook_is_recognised_by_content_whatever_its_extension(tmp_path, name):
    """An .xlsx saved under another extension (as 决算软件 and e-mail clients do) reads fine."""
    renamed = tmp_path / name
    renamed.write_bytes(SAMPLE.read_bytes())
    result = run("build", renamed, "-o", tmp_path / "r.docx")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "r.docx").is_file()


@pytest.mark.parametrize("name, content", [("假.xlsx", b"just text"), ("表.csv", "单位,金额\n".encode()),
                                           ("空.xls", b"")])
def test_anything_else_is_not_an_excel_workbook(tmp_path, name, content):
    path = tmp_path / name
    path.write_bytes(content)
    result = run("build", path, "-o", tmp_path / "r.docx")
    assert result.exit_code == 2
    assert "不是 Excel 工作簿" in result.output and name in result.output
    assert "Traceback" not in result.output and not (tmp_path / "r.docx").exists()
