""".xls input (the 决算 software's export): read like .xlsx, told apart by content, not by name."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from generator.excel.grid import UnreadableWorkbook, sniff
from generator.pipeline import build, check
from tests.conftest import SAMPLE


def report_text(path: Path) -> str:
    with zipfile.ZipFile(path) as zf:
        xml = zf.read("word/document.xml").decode("utf-8")
    return "\n".join(re.findall(r"<w:t(?:\s[^>]*)?>([^<]*)</w:t>", xml))


@pytest.fixture(scope="module")
def sample_xls(tmp_path_factory) -> Path:
    """The sample converted to BIFF .xls by LibreOffice (private profile)."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        if os.environ.get("CI"):
            pytest.fail("soffice is required in CI")
        pytest.skip("LibreOffice (soffice) not installed")
    tmp = tmp_path_factory.mktemp("xls")
    proc = subprocess.run(
        [soffice, f"-env:UserInstallation={(tmp / 'profile').as_uri()}", "--headless",
         "--convert-to", "xls", "--outdir", str(tmp), str(SAMPLE)],
        capture_output=True, text=True, timeout=180)
    out = tmp / (SAMPLE.stem + ".xls")
    assert out.is_file(), f"conversion failed (is libreoffice-calc installed?): {proc.stdout}{proc.stderr}"
    return out


def test_xls_is_sniffed_as_xls(sample_xls):
    assert sniff(sample_xls) == "xls"


def test_xls_gives_the_same_model_and_report(sample_xls, sample_report, tmp_path):
    xls, xlsx = check(sample_xls), check(SAMPLE)
    assert xls.figures == xlsx.figures
    assert xls.report.flatten() == xlsx.report.flatten()
    out = tmp_path / "from-xls.docx"
    assert build(sample_xls, out).output == out
    assert report_text(out) == report_text(sample_report)


def test_kind_comes_from_content_not_extension(sample_xls, tmp_path):
    disguised = tmp_path / "导出.xlsx"
    shutil.copyfile(sample_xls, disguised)
    assert sniff(disguised) == "xls"
    assert check(disguised).figures == check(SAMPLE).figures
    renamed = tmp_path / "表.xls"
    shutil.copyfile(SAMPLE, renamed)
    assert sniff(renamed) == "xlsx"


@pytest.mark.parametrize("content, needle", [
    (b"<html><body><table><tr><td>1</td></tr></table></body></html>", "网页"),
    (b'<?xml version="1.0"?><Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"/>', "另存为 .xlsx"),
    (b"\x00\x01garbage", "不是 Excel"),
    (b"", "不是 Excel"),
], ids=["html", "xml-2003", "binary", "empty"])
def test_other_content_is_refused_clearly(tmp_path, content, needle):
    path = tmp_path / "决算.xls"
    path.write_bytes(content)
    with pytest.raises(UnreadableWorkbook, match=needle):
        sniff(path)


def test_ole2_without_workbook_is_refused(tmp_path):
    from generator.excel.grid import XLS_MAGIC, load_grids

    path = tmp_path / "加密.xls"
    path.write_bytes(XLS_MAGIC + b"\x00" * 1024)
    with pytest.raises(UnreadableWorkbook):
        load_grids(path)
