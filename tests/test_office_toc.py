"""The 目录 numbered inside LibreOffice (generator/office_toc.py): one conversion per report, the
same PDF and .docx as the two-pass way, and that way when the macro cannot run."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from generator import office, pdf as P, publish
from tests.conftest import SAMPLE

HAVE_MACROS = P.find_soffice() is not None and any(
    (Path(p) / "pythonscript.py").is_file()
    for p in ("/usr/lib/libreoffice/program", "C:/Program Files/LibreOffice/program",
              "/Applications/LibreOffice.app/Contents/Resources"))
needs_macros = pytest.mark.skipif(not HAVE_MACROS and not os.environ.get("CI"),
                                  reason="LibreOffice with its Python script provider not installed")


def test_libreoffice_is_started_without_the_virtual_environment_on_path(tmp_path):
    venv = tmp_path / "venv"
    (venv / "bin").mkdir(parents=True)
    (venv / "pyvenv.cfg").write_text("home = /usr/bin\n")
    env = office.office_environment({"PATH": os.pathsep.join([str(venv / "bin"), "/usr/bin", "/bin"]),
                                     "VIRTUAL_ENV": str(venv), "PYTHONPATH": "/x", "HOME": "/root"})
    assert env["PATH"].split(os.pathsep) == ["/usr/bin", "/bin"]
    assert "VIRTUAL_ENV" not in env and "PYTHONPATH" not in env and env["HOME"] == "/root"


def test_libreoffice_python_folder_comes_first_on_path(tmp_path):
    """CI's case: pytest under pyenv, whose ``exec`` puts the folder of another Python build first
    (not a virtual environment, so kept): LibreOffice's own Python's folder goes before it, once."""
    other = tmp_path / "pyenv" / "versions" / "3.11.7" / "bin"
    other.mkdir(parents=True)
    env = office.office_environment({"PATH": os.pathsep.join([str(other), "/usr/bin", "/bin"])},
                                    python="/usr/bin/python3")
    assert env["PATH"].split(os.pathsep) == ["/usr/bin", str(other), "/bin"]


@needs_macros
def test_the_macro_runs_with_another_python_first_on_path(tmp_path, monkeypatch):
    """The build's own Python's folder first on PATH, as ``pyenv exec`` does (CI ran so and every
    report fell back to two conversions): the 目录 is still numbered in the one conversion."""
    monkeypatch.setenv("PATH", os.pathsep.join([str(Path(sys.base_prefix) / "bin"), os.environ["PATH"]]))
    calls = []
    convert = P.Converter.convert
    monkeypatch.setattr(P.Converter, "convert", lambda self, docxs, outdir: calls.append(len(docxs))
                        or convert(self, docxs, outdir))
    _build(tmp_path, "pyenv")
    assert not any(calls)


def test_the_macro_in_the_profile_is_ascii_and_without_the_module_docstring(tmp_path):
    P.write_profile(tmp_path, {})
    macro = (tmp_path / "user" / "Scripts" / "python" / "juesuan_toc.py").read_bytes()
    assert macro.isascii() and macro.startswith(b"import json") and b"def number_toc(" in macro


def _build(tmp_path, name):
    from generator.pipeline import build

    result = build(SAMPLE, tmp_path / name / "report.docx", pdf=True)
    assert result.pdf is not None, result.pdf_error
    return result


def _text(path: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


@needs_macros
def test_one_conversion_gives_what_the_two_passes_give(tmp_path, monkeypatch):
    """With the macro: LibreOffice converts the report once (no front pass), and the PDF text and
    the .docx bytes are those of the two-pass way (forced by making the macro unavailable)."""
    calls = []
    convert = P.Converter.convert
    monkeypatch.setattr(P.Converter, "convert", lambda self, docxs, outdir: calls.append(len(docxs))
                        or convert(self, docxs, outdir))
    one = _build(tmp_path, "one")
    assert not any(calls)  # the passes of export converted no report
    calls.clear()
    monkeypatch.setattr(office.Office, "convert_numbered", lambda self, *a: None)
    two = _build(tmp_path, "two")
    assert calls == [1, 1, 0]  # pass 1, the numbered front, no full second pass
    assert one.output.read_bytes() == two.output.read_bytes()
    assert _text(one.pdf) == _text(two.pdf)
    assert "第一部分" in _text(one.pdf).split("第二部分")[0]


def test_a_report_the_macro_cannot_number_takes_the_two_passes(tmp_path, monkeypatch):
    """``convert_numbered`` answering None (no script provider, a 目录 that is not the headings'):
    nothing is changed and export's passes make the PDF."""
    class Converter:
        def convert_numbered(self, docx, pdf, entries, on_pages):
            assert entries and Path(docx).is_file()
            return None

    job = publish.PdfJob(docx=tmp_path / "r.docx", pdf=tmp_path / "r.pdf", context={}, template=None,
                         title="", year="2021")
    from generator.pipeline import build

    build(SAMPLE, job.docx)
    before = job.docx.read_bytes()
    assert publish._in_one_pass(Converter(), job, tmp_path / "work") is None
    assert job.docx.read_bytes() == before and not job.pdf.exists()
