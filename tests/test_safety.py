"""Safety: hostile files are refused before they are parsed, templates cannot run code, macros are
never carried over, and a report on disk is replaced only by a complete, successful build."""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.conftest import ROOT, SAMPLE
from tests.fuzz.conftest import leftovers, sha256
from tests.helpers import edit

TEMPLATE = ROOT / "templates" / "report.docx"
OLD_REPORT = b"PK\x03\x04 the previous report, which must survive"


def _cli(*args):
    from generator.cli import main

    result = CliRunner().invoke(main, [str(a) for a in args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    return result


def _code(path: Path) -> str:
    from generator.pipeline import WorkbookUnusable, check

    with pytest.raises(WorkbookUnusable) as info:
        check(path)
    return info.value.finding.code


def _rezip(src: Path, dst: Path, change=None, extra: dict[str, bytes] | None = None) -> None:
    """Copy an .xlsx member by member, ``change(name, data) -> data``, adding ``extra`` members."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            zout.writestr(info.filename, change(info.filename, data) if change else data)
        for name, data in (extra or {}).items():
            zout.writestr(zipfile.ZipInfo(name), data, compress_type=zipfile.ZIP_DEFLATED, compresslevel=9)


@pytest.fixture
def no_openpyxl(monkeypatch):
    """Fail the test if openpyxl is asked to load anything (limits come first)."""
    import openpyxl

    def refuse(*args, **kwargs):
        raise AssertionError("openpyxl.load_workbook called on a file that should be refused")
    monkeypatch.setattr(openpyxl, "load_workbook", refuse)


# -- limits: refused before loading (grid.check_limits) -------------------------------------------

def test_limits__file_over_50_mb_refused(tmp_path, no_openpyxl):
    path = tmp_path / "big.xlsx"
    shutil.copyfile(SAMPLE, path)
    with open(path, "r+b") as fh:
        fh.truncate(51 * 1024 * 1024)  # sparse: fast to make, 51 MB to the reader
    assert _code(path) == "file-too-large"
    result = _cli("build", path, "-o", tmp_path / "r.docx")
    assert result.exit_code == 2 and "文件过大" in result.output or "超过 50 MB" in result.output


def test_limits__zip_bomb_refused(tmp_path, no_openpyxl):
    """A member that unpacks 1000:1 (30 MB of zeros) is a zip bomb, refused unread."""
    path = tmp_path / "bomb.xlsx"
    _rezip(SAMPLE, path, extra={"xl/media/image1.png": bytes(30 * 1024 * 1024)})
    assert path.stat().st_size < 1024 * 1024
    assert _code(path) == "file-too-large"
    result = _cli("check", path)
    assert result.exit_code == 2 and "压缩炸弹" in result.output


def test_limits__unpacked_total_refused(tmp_path, monkeypatch, no_openpyxl):
    from generator.excel import grid

    monkeypatch.setattr(grid, "MAX_UNPACKED_BYTES", 10_000)  # the sample unpacks to more
    assert _code(SAMPLE) == "file-too-large"


@pytest.mark.parametrize("ref", ["A1:XFD1048576", "A1:Z200000", "B2:AMK20"], ids=["all", "rows", "cols"])
def test_limits__absurd_dimension_refused(ref, tmp_path, no_openpyxl):
    path = tmp_path / "dim.xlsx"

    def change(name, data):
        if name == "xl/worksheets/sheet1.xml":
            import re
            return re.sub(rb'<dimension ref="[^"]*"', f'<dimension ref="{ref}"'.encode(), data)
        return data
    _rezip(SAMPLE, path, change)
    assert _code(path) == "file-too-large"
    result = _cli("build", path, "-o", tmp_path / "r.docx")
    assert result.exit_code == 2 and "超过上限" in result.output


@pytest.mark.parametrize("row, col", [(150_000, 1), (1, 1_500), (30_000, 100)], ids=["row", "col", "area"])
def test_limits__cell_beyond_limits_refused(row, col, tmp_path):
    path = tmp_path / "far.xlsx"
    shutil.copyfile(SAMPLE, path)
    edit(path, lambda wb: wb["公开01表"].cell(row=row, column=col, value=1))
    assert _code(path) == "file-too-large"


def test_limits__far_cell_within_limits_is_read(tmp_path):
    """A stray value at row 90 000 (inside the limits) is read without walking the empty rows."""
    from generator.pipeline import check

    path = tmp_path / "far.xlsx"
    shutil.copyfile(SAMPLE, path)
    edit(path, lambda wb: wb["情况说明"].cell(row=90_000, column=20, value="远处的内容"))
    assert check(path).report.valid


def test_limits__legit_sample_passes_limits():
    from generator.excel.grid import check_limits

    check_limits(SAMPLE)  # no exception


# -- macros ---------------------------------------------------------------------------------------

def _xlsm(tmp_path: Path) -> Path:
    """The sample as a macro-enabled workbook with a vbaProject.bin member."""
    path = tmp_path / "macro.xlsm"

    def change(name, data):
        if name == "[Content_Types].xml":
            return data.replace(
                b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
                b"application/vnd.ms-excel.sheet.macroEnabled.main+xml").replace(
                b"</Types>", b'<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/></Types>')
        return data
    _rezip(SAMPLE, path, change, extra={"xl/vbaProject.bin": b"\xd0\xcf\x11\xe0 Attribute VB_Name = \"Evil\""})
    return path


def test_xlsm__read_without_keeping_macros(tmp_path, monkeypatch):
    import openpyxl

    from generator.pipeline import build

    seen = []
    real = openpyxl.load_workbook

    def spy(*args, **kwargs):
        seen.append(kwargs)
        return real(*args, **kwargs)
    monkeypatch.setattr(openpyxl, "load_workbook", spy)
    path = _xlsm(tmp_path)
    before = sha256(path)
    result = build(path, tmp_path / "r.docx")
    assert result.output is not None, result.report.to_text()
    assert seen and not any(kw.get("keep_vba") for kw in seen)
    with zipfile.ZipFile(result.output) as z:
        assert not any("vba" in n.lower() for n in z.namelist())
    assert sha256(path) == before


def test_xlsm__annotated_copy_has_no_macros(tmp_path):
    from generator.excel.annotate import annotate_workbook
    from generator.pipeline import check

    path = _xlsm(tmp_path)
    target = tmp_path / "marked.xlsx"
    annotate_workbook(path, target, check(path).report.findings)
    with zipfile.ZipFile(target) as z:
        names = z.namelist()
        assert "xl/vbaProject.bin" not in names
        assert b"macroEnabled" not in z.read("[Content_Types].xml")


# -- sandboxed templates --------------------------------------------------------------------------

PAYLOADS = [
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ cycler.__init__.__globals__.os.system('touch MARK') }}",
    "{{ lipsum.__globals__['os'].popen('touch MARK').read() }}",
    "{% for c in [].__class__.__base__.__subclasses__() %}{{ c }}{% endfor %}",
    "{{ range.mro() }}",
    "{{ self._TemplateReference__context.cycler.__init__.__globals__.os.system('touch MARK') }}",
]


def _malicious_template(tmp_path: Path, payload: str) -> Path:
    from xml.sax.saxutils import escape

    path = tmp_path / "evil.docx"
    run = f'<w:p><w:r><w:t xml:space="preserve">{escape(payload)}</w:t></w:r></w:p>'.encode()

    def change(name, data):
        if name == "word/document.xml":
            i = data.index(b"<w:body>") + len(b"<w:body>")
            return data[:i] + run + data[i:]
        return data
    _rezip(TEMPLATE, path, change)
    return path


@pytest.mark.parametrize("payload", PAYLOADS, ids=range(len(PAYLOADS)))
def test_sandbox__template_cannot_reach_python(payload, tmp_path, monkeypatch):
    from generator.derive.context import build_context
    from generator.pipeline import check
    from generator.render import TemplateProblem, render_docx

    monkeypatch.chdir(tmp_path)
    checked = check(SAMPLE)
    context = build_context(checked.disclosure, checked.figures)
    out = tmp_path / "r.docx"
    out.write_bytes(OLD_REPORT)
    with pytest.raises(TemplateProblem) as info:
        render_docx(context, out, _malicious_template(tmp_path, payload))
    message = str(info.value)
    assert "报告模板" in message and ("不允许" in message or "无法渲染" in message)
    assert not (tmp_path / "MARK").exists()
    assert out.read_bytes() == OLD_REPORT and not leftovers(tmp_path)


def test_sandbox__cli_refuses_with_exit_2(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    out = tmp_path / "r.docx"
    result = _cli("build", SAMPLE, "-o", out, "--template", _malicious_template(tmp_path, PAYLOADS[1]))
    assert result.exit_code == 2 and "不允许" in result.output
    assert not out.exists() and not (tmp_path / "MARK").exists()


def test_sandbox__environment_is_sandboxed():
    from jinja2.sandbox import SandboxedEnvironment

    from generator.render.document import _environment

    assert isinstance(_environment(), SandboxedEnvironment)


# -- nothing lost ---------------------------------------------------------------------------------

def test_atomic__failed_build_keeps_previous_report(tmp_path):
    """A workbook with errors (exit 1) neither deletes nor truncates the report at -o."""
    path = tmp_path / "bad.xlsx"
    shutil.copyfile(SAMPLE, path)
    edit(path, lambda wb: wb.remove(wb["公开05表"]))
    out = tmp_path / "r.docx"
    out.write_bytes(OLD_REPORT)
    result = _cli("build", path, "-o", out)
    assert result.exit_code == 1
    assert out.read_bytes() == OLD_REPORT and not leftovers(tmp_path)


def test_atomic__unusable_file_keeps_previous_report(tmp_path):
    path = tmp_path / "x.xlsx"
    path.write_bytes(b"not a workbook")
    out = tmp_path / "r.docx"
    out.write_bytes(OLD_REPORT)
    assert _cli("build", path, "-o", out).exit_code == 2
    assert out.read_bytes() == OLD_REPORT


def test_atomic__successful_build_replaces_report(tmp_path):
    out = tmp_path / "r.docx"
    out.write_bytes(OLD_REPORT)
    assert _cli("build", SAMPLE, "-o", out).exit_code == 0
    assert out.read_bytes() != OLD_REPORT and zipfile.is_zipfile(out)
    assert not leftovers(tmp_path)


@pytest.mark.parametrize("mode", ["write", "replace"])
def test_atomic__sigkill_midway_keeps_previous_report(mode, tmp_path):
    """SIGKILL while the report is half written (or written, not yet renamed): the previous
    report stays byte-identical; only a hidden temporary file may remain."""
    out = tmp_path / "r.docx"
    out.write_bytes(OLD_REPORT)
    env = {**os.environ, "JUESUAN_TEST_PAUSE": mode}
    proc = subprocess.Popen(
        [sys.executable, str(ROOT / "tests" / "fuzz" / "slow_save.py"), "build", str(SAMPLE), "-o", str(out)],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env, cwd=tmp_path, text=True)
    try:
        line = ""
        while not line.startswith("PAUSED"):
            line = proc.stdout.readline()
            assert line, "the build ended before pausing"
        temp = Path(line.split(" ", 1)[1].strip())
        assert temp.parent == tmp_path and temp.name.startswith(".~") and temp.stat().st_size > 0
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.stdout.close()
    assert proc.returncode == -signal.SIGKILL
    assert out.read_bytes() == OLD_REPORT
    assert [p.name for p in tmp_path.iterdir() if not p.name.startswith(".~")] == ["r.docx"]


# -- regressions found by the fuzzer --------------------------------------------------------------

@pytest.mark.parametrize("value", ["1e400", 10**30, -1e300], ids=["text-1e400", "10**30", "-1e300"])
def test_regression__huge_amount_is_a_finding_not_a_crash(value, tmp_path):
    """Fuzz seed 182: 年初预算数 1e400 passed the audit and crashed rounding (decimal.InvalidOperation)."""
    from generator.pipeline import build

    path = tmp_path / "huge.xlsx"
    shutil.copyfile(SAMPLE, path)
    edit(path, lambda wb: wb["年初预算"].cell(row=2, column=3, value=value))
    result = build(path, tmp_path / "r.docx")
    assert result.output is None
    assert ("amount-out-of-range", "年初预算!C2") in result.report.flatten()
