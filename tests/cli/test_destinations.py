"""Where every writing command puts its output (issue 11): ``-o`` as a file or a folder, folders
created, ``.pdf`` names, unwritable destinations as a Chinese message with exit code 2 (never a
traceback), names with spaces and Chinese, and output modes that follow the umask."""
from __future__ import annotations

import contextlib

import os
import shutil
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main
from tests.conftest import SAMPLE

REPORT = "怀化市工伤保险服务中心2021年度部门决算.docx"


def run(*args, cwd: Path | None = None):
    runner = CliRunner()
    if cwd is None:
        result = runner.invoke(main, [str(a) for a in args])
    else:
        with contextlib.chdir(cwd):
            result = runner.invoke(main, [str(a) for a in args])
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def umask_027():
    old = os.umask(0o027)
    yield 0o640
    os.umask(old)


@pytest.fixture
def broken(tmp_path) -> Path:
    """The sample with one error (so that check exits 1 and has something to annotate)."""
    import openpyxl

    path = tmp_path / "broken.xlsx"
    shutil.copyfile(SAMPLE, path)
    wb = openpyxl.load_workbook(path)
    ws = wb["公开07表"]
    ws["A7"] = 99
    wb.save(path)
    return path


# -- folders -------------------------------------------------------------------------------------


def test_existing_folder_gets_the_report_inside(tmp_path):
    out = tmp_path / "输出"
    out.mkdir()
    result = run("build", SAMPLE, "-o", out)
    assert result.exit_code == 0, result.output
    assert (out / REPORT).is_file()


@pytest.mark.parametrize("given", ["新文件夹/子文件夹/", "新文件夹/子文件夹", f"新文件夹{os.sep}子 文件夹{os.sep}"])
def test_new_nested_folder_is_created(tmp_path, given):
    result = run("build", SAMPLE, "-o", str(tmp_path) + os.sep + given)
    assert result.exit_code == 0, result.output
    folder = tmp_path / given.rstrip("/" + os.sep)
    assert (folder / REPORT).is_file()
    assert [p.name for p in folder.iterdir() if p.suffix == ".docx"] == [REPORT]


def test_file_name_with_spaces_and_chinese_in_a_new_folder(tmp_path):
    out = tmp_path / "二〇二一 报告" / "我的 报告.docx"
    result = run("build", SAMPLE, "-o", out)
    assert result.exit_code == 0, result.output
    assert out.is_file() and str(out) in result.output


def test_other_extension_is_refused(tmp_path):
    result = run("build", SAMPLE, "-o", tmp_path / "报告.doc")
    assert result.exit_code == 2
    assert "报告.doc" in result.output and ".docx" in result.output
    assert not list(tmp_path.iterdir())


def test_pdf_destination_without_libreoffice_is_refused(tmp_path, monkeypatch):
    import generator.pdf as pdf

    monkeypatch.setattr(pdf, "find_soffice", lambda: None)
    result = run("build", SAMPLE, "-o", tmp_path / "报告.pdf")
    assert result.exit_code == 2 and "LibreOffice" in result.output
    assert not list(tmp_path.iterdir())


@pytest.mark.skipif(shutil.which("soffice") is None and shutil.which("libreoffice") is None,
                    reason="LibreOffice not installed")
def test_pdf_destination_writes_pdf_and_docx_beside_it(tmp_path, umask_027):
    result = run("build", SAMPLE, "-o", tmp_path / "报告.pdf")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "报告.pdf").read_bytes()[:5] == b"%PDF-"
    assert (tmp_path / "报告.docx").is_file()
    assert mode(tmp_path / "报告.pdf") == umask_027 and mode(tmp_path / "报告.docx") == umask_027


# -- unwritable destinations ---------------------------------------------------------------------


def test_parent_is_a_file_build(tmp_path):
    blocker = tmp_path / "文件.txt"
    blocker.write_text("x")
    result = run("build", SAMPLE, "-o", blocker / "报告.docx")
    assert result.exit_code == 2
    assert "文件.txt" in result.output and "是文件" in result.output


def test_parent_is_a_file_batch(tmp_path):
    blocker = tmp_path / "文件.txt"
    blocker.write_text("x")
    result = run("build", SAMPLE, SAMPLE, "-o", blocker / "报告")
    assert result.exit_code == 2 and "文件.txt" in result.output


def test_parent_is_a_file_init_template_annotate(tmp_path, broken):
    blocker = tmp_path / "文件.txt"
    blocker.write_text("x")
    for args in (("init", blocker / "新.xlsx"), ("template", "export", blocker / "模板.docx"),
                 ("check", broken, "--annotate", blocker / "标注.xlsx")):
        result = run(*args)
        assert result.exit_code == 2, (args, result.output)
        assert "文件.txt" in result.output and "是文件" in result.output, (args, result.output)


def _deny(monkeypatch, module, name: str, victim: str):
    """Make ``module.name`` raise PermissionError when writing a path ending in ``victim``, as
    Windows does for a file open in Word/WPS (and any system for a read-only folder; tests run as
    root here, where chmod does not stop writing)."""
    real = getattr(module, name)

    def denied(*args, **kwargs):
        if any(str(a).endswith(victim) for a in args):
            raise PermissionError(13, "Permission denied", str(args[-1]))
        return real(*args, **kwargs)
    monkeypatch.setattr(module, name, denied)


def test_report_open_in_word_build(tmp_path, monkeypatch):
    out = tmp_path / "报告.docx"
    out.write_bytes(b"old")
    _deny(monkeypatch, os, "replace", "报告.docx")
    result = run("build", SAMPLE, "-o", out)
    assert result.exit_code == 2
    assert str(out) in result.output and "Word" in result.output
    assert out.read_bytes() == b"old"
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temporary left


def units(tmp_path: Path) -> Path:
    """A folder holding one unit's workbook (batch mode)."""
    folder = tmp_path / "各单位"
    folder.mkdir()
    shutil.copyfile(SAMPLE, folder / "a.xlsx")
    return folder


def test_report_open_in_word_batch(tmp_path, monkeypatch):
    out = tmp_path / "报告"
    out.mkdir()
    (out / REPORT).write_bytes(b"old")  # open in Word: Windows refuses to replace it
    _deny(monkeypatch, os, "replace", REPORT)
    result = run("build", units(tmp_path), "-o", out, "--jobs", "1")
    assert result.exit_code == 2
    assert REPORT in result.output and "Word" in result.output
    assert (out / REPORT).read_bytes() == b"old" and (out / "汇总.xlsx").is_file()


def test_summary_open_in_excel_batch(tmp_path, monkeypatch):
    from openpyxl.workbook import Workbook

    out = tmp_path / "报告"
    _deny(monkeypatch, Workbook, "save", "汇总.xlsx")
    result = run("build", units(tmp_path), "-o", out, "--jobs", "1")
    assert result.exit_code == 2 and "汇总.xlsx" in result.output


def test_unwritable_init(tmp_path, monkeypatch):
    from openpyxl.workbook import Workbook

    _deny(monkeypatch, Workbook, "save", "新.xlsx")
    result = run("init", tmp_path / "新.xlsx")
    assert result.exit_code == 2 and "新.xlsx" in result.output and "无法写入" in result.output


def test_unwritable_template_export(tmp_path, monkeypatch):
    _deny(monkeypatch, shutil, "copyfile", "模板.docx")
    result = run("template", "export", tmp_path / "模板.docx")
    assert result.exit_code == 2 and "模板.docx" in result.output and "无法写入" in result.output


def test_unwritable_annotate(tmp_path, monkeypatch, broken):
    _deny(monkeypatch, os, "replace", "标注.xlsx")
    result = run("check", broken, "--annotate", tmp_path / "标注.xlsx")
    assert result.exit_code == 2 and "标注.xlsx" in result.output and "无法写入" in result.output


@pytest.fixture
def read_only_folder(tmp_path):
    """A folder nobody may write into, this test included: mode 0500, or — running as root,
    whom modes do not stop — the immutable attribute (chattr +i; skipped where unsupported)."""
    import subprocess

    folder = tmp_path / "只读"
    folder.mkdir()
    folder.chmod(0o500)
    immutable = False
    try:
        (folder / "probe").touch()
    except PermissionError:
        pass
    else:
        (folder / "probe").unlink()
        done = subprocess.run(["chattr", "+i", str(folder)], capture_output=True) if shutil.which("chattr") else None
        immutable = bool(done and done.returncode == 0)
        if not immutable:
            folder.chmod(0o700)
            pytest.skip("no way to make a folder read-only for this user here")
    yield folder
    if immutable:
        subprocess.run(["chattr", "-i", str(folder)], check=True)
    folder.chmod(0o700)


def test_read_only_folder_for_real(read_only_folder, broken):
    for args in (("build", SAMPLE, "-o", read_only_folder / "报告.docx"),
                 ("build", SAMPLE, broken, "-o", read_only_folder),
                 ("init", read_only_folder / "新.xlsx"),
                 ("template", "export", read_only_folder / "模板.docx"),
                 ("check", broken, "--annotate", read_only_folder / "标注.xlsx")):
        result = run(*args)
        assert result.exit_code == 2, (args, result.output)
        assert str(read_only_folder) in result.output and "只读" in result.output, result.output
    assert list(read_only_folder.iterdir()) == []


# -- modes follow the umask ------------------------------------------------------------------------


def test_every_output_follows_the_umask(tmp_path, umask_027, broken):
    expected = umask_027
    out = tmp_path / "r"
    assert run("build", SAMPLE, "-o", out / "报告.docx").exit_code == 0
    assert mode(out / "报告.docx") == expected
    assert mode(out / "报告.审核.txt") == expected
    assert run("init", tmp_path / "新.xlsx").exit_code == 0
    assert mode(tmp_path / "新.xlsx") == expected
    assert run("template", "export", tmp_path / "模板.docx").exit_code == 0
    assert mode(tmp_path / "模板.docx") == expected
    assert run("check", broken, "--annotate", tmp_path / "标注.xlsx").exit_code == 1
    assert mode(tmp_path / "标注.xlsx") == expected
    batch = tmp_path / "批量"
    assert run("build", SAMPLE, broken, "-o", batch, "--jobs", "1").exit_code == 1
    files = [p for p in batch.iterdir()]
    assert {p.suffix for p in files} == {".docx", ".txt", ".xlsx"}
    assert all(mode(p) == expected for p in files), {p.name: oct(mode(p)) for p in files}


def test_a_pdf_open_in_a_reader_is_found_before_the_conversion(tmp_path, monkeypatch):
    """An existing 报告.pdf that cannot be written (open in a PDF reader on Windows; here the
    immutable attribute, which stops root too): refused at once, naming a PDF reader, without
    starting LibreOffice (the 15 s conversion came first) and without writing the .docx."""
    import subprocess

    import generator.publish as publish

    target = tmp_path / "报告.pdf"
    target.write_bytes(b"%PDF-1.4 old")
    done = subprocess.run(["chattr", "+i", str(target)], capture_output=True) if shutil.which("chattr") else None
    if not (done and done.returncode == 0):
        pytest.skip("no way to make a file unwritable for this user here")
    converted = []
    monkeypatch.setattr(publish, "export", lambda *a, **k: converted.append(a) or [])
    try:
        result = run("build", SAMPLE, "--pdf", "-o", target)
    finally:
        subprocess.run(["chattr", "-i", str(target)], check=True)
    assert result.exit_code == 2, result.output
    assert str(target) in result.output and "PDF 阅读器" in result.output and "Word" not in result.output
    assert converted == [] and not (tmp_path / "报告.docx").exists()
    assert target.read_bytes() == b"%PDF-1.4 old"
