"""generator.office: one long-lived LibreOffice over UNO — started once for many documents,
retried when killed mid-conversion, killed and reported when a conversion hangs, and the plain
``soffice --convert-to`` when no Python with ``uno`` is found."""
from __future__ import annotations

import os
import re
import signal
import time
import subprocess
import sys
from pathlib import Path

import pytest

from generator import office as O
from generator import pdf as P
from tests.test_pdf import needs_soffice

HAVE_UNO = any(subprocess.run([p, "-c", "import uno"], capture_output=True).returncode == 0
               for p in O.uno_pythons(P.find_soffice() or Path("soffice")))
needs_uno = pytest.mark.skipif(not HAVE_UNO and not os.environ.get("CI"),
                               reason="no Python with uno (python3-uno) for LibreOffice")


@pytest.fixture(scope="module")
def three_docs(tmp_path_factory) -> list[Path]:
    from docx import Document

    folder = tmp_path_factory.mktemp("docs")
    out = []
    for name in ("甲", "乙", "丙"):
        doc = Document()
        for i in range(40):
            doc.add_paragraph(f"{name}单位第{i + 1}段：决算说明文字。" * 8)
        out.append(folder / f"{name}.docx")
        doc.save(out[-1])
    return out


def pdf_text(pdf: Path) -> str:
    return re.sub(r"\s+", "", subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                                          check=True).stdout)


def on_second_conversion(monkeypatch, action):
    """Run ``action(office)`` right after the second document's request reached LibreOffice."""
    original = O.Office._reply
    seen = []

    def reply(self, seconds, doing):
        if doing.startswith("转换"):
            seen.append(doing)
            if len(seen) == 2:
                action(self)
        return original(self, seconds, doing)

    monkeypatch.setattr(O.Office, "_reply", reply)


def soffice_group(office) -> int:
    return os.getpgid(office._proc.pid)


@needs_soffice
@needs_uno
def test_one_start_for_many_documents(three_docs, tmp_path):
    with P.Converter() as converter:
        made = converter.convert(three_docs, tmp_path)
        assert converter.starts == 1 and converter.calls == 0
    for doc, pdf in zip(three_docs, made):
        assert isinstance(pdf, Path), pdf
        assert f"{doc.stem}单位第1段" in pdf_text(pdf)


@needs_soffice
@needs_uno
def test_a_killed_libreoffice_is_restarted_and_the_document_converted_again(three_docs, tmp_path,
                                                                            monkeypatch):
    on_second_conversion(monkeypatch, lambda office: os.killpg(soffice_group(office), signal.SIGKILL))
    with P.Converter() as converter:
        made = converter.convert(three_docs, tmp_path)
        assert converter.starts == 2  # the first LibreOffice, and the one after the kill
    for doc, pdf in zip(three_docs, made):
        assert isinstance(pdf, Path), pdf
        assert f"{doc.stem}单位第1段" in pdf_text(pdf)


@needs_soffice
@needs_uno
def test_a_hanging_conversion_is_killed_reported_and_the_next_runs(three_docs, tmp_path, monkeypatch):
    stopped = []

    def hang(office):  # LibreOffice stops answering (SIGSTOP) during the second conversion
        stopped.append(soffice_group(office))
        os.killpg(stopped[0], signal.SIGSTOP)
        office.timeout = 3

    on_second_conversion(monkeypatch, hang)
    original = O.Office._convert

    def convert(self, src, dst):
        if src.stem == "丙":
            self.timeout = P.TIMEOUT
        return original(self, src, dst)

    monkeypatch.setattr(O.Office, "_convert", convert)
    with P.Converter() as converter:
        first, second, third = converter.convert(three_docs, tmp_path)
        assert converter.starts == 2
    assert isinstance(first, Path) and isinstance(third, Path)
    assert isinstance(second, P.PdfProblem) and "超时" in str(second)
    assert "丙单位第1段" in pdf_text(third)
    deadline = time.monotonic() + 15   # the hung LibreOffice is gone (its killed processes reaped)
    while True:
        try:
            os.killpg(stopped[0], 0)
        except ProcessLookupError:
            break
        if time.monotonic() > deadline:
            pytest.fail("the hung LibreOffice is still running 15 s after its conversion timed out")
        time.sleep(0.1)


@needs_soffice
def test_without_a_python_that_has_uno_soffice_convert_to_is_used(three_docs, tmp_path, monkeypatch):
    # the project's own Python has no uno: office_worker.py exits 3 and the converter falls back
    monkeypatch.setattr(O, "uno_pythons", lambda soffice: [sys.executable])
    with P.Converter() as converter:
        made = converter.convert(three_docs[:2], tmp_path)
        assert not converter.office.available
        assert converter.calls == 1  # one soffice --convert-to for both documents
    assert all(isinstance(pdf, Path) and pdf.is_file() for pdf in made)


@needs_soffice
@needs_uno
def test_build_pdf_starts_libreoffice_once(tmp_path):
    from generator.pipeline import build
    from tests.conftest import SAMPLE

    with P.Converter().start() as converter:
        built = build(SAMPLE, tmp_path / "r.docx", pdf=True, converter=converter)
        assert built.pdf is not None, built.pdf_error
        assert converter.starts == 1


def test_uno_pythons_prefers_libreoffices_own_python(tmp_path, monkeypatch):
    program = tmp_path / "LibreOffice" / "program"
    program.mkdir(parents=True)
    (program / "soffice").write_text("")
    (program / "python").write_text("")
    monkeypatch.delenv("JUESUAN_UNO_PYTHON", raising=False)
    assert O.uno_pythons(program / "soffice")[0] == str(program / "python")
    monkeypatch.setenv("JUESUAN_UNO_PYTHON", str(program / "soffice"))
    assert O.uno_pythons(program / "soffice")[:2] == [str(program / "soffice"), str(program / "python")]
