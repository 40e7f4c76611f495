""".xls input (the 决算 software's export): read like .xlsx, told apart by content, not by name."""
from __future__ import annotations

import re
import shutil
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


@pytest.mark.parametrize("name", ["导出.xls", "导出.xlsx"], ids=["real", "disguised"])
def test_xls_is_annotated_into_an_xlsx_copy(sample_xls, tmp_path, name):
    """An .xls (also one renamed .xlsx, as 决算 software exports often are) is annotated into an
    .xlsx copy of its values that audits like the original; asked for ``标注.xls``, the copy is
    ``标注.xlsx`` and the result says so."""
    import openpyxl

    from generator.excel.annotate import annotate_workbook

    source = tmp_path / name
    shutil.copyfile(sample_xls, source)
    findings = check(source).report
    assert findings.findings
    result = annotate_workbook(source, tmp_path / "标注.xls", findings.findings)
    assert result.path == tmp_path / "标注.xlsx" and result.from_xls and ".xls" in result.note
    assert sniff(result.path) == "xlsx" and not (tmp_path / "标注.xls").exists()
    assert check(result.path).report.flatten() == findings.flatten()
    assert "审核结果" in openpyxl.load_workbook(result.path).sheetnames


def test_check_annotate_on_a_disguised_xls_works_from_the_command_line(sample_xls, tmp_path):
    from click.testing import CliRunner

    from generator.cli import main

    source = tmp_path / "导出.xlsx"
    shutil.copyfile(sample_xls, source)
    result = CliRunner().invoke(main, ["check", str(source), "--annotate", str(tmp_path / "标注.xlsx")])
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output and result.exception is None
    assert "已保存标注副本" in result.output and "原工作簿是 .xls 格式" in result.output
    assert not re.search(r"[A-Za-z]{4,}", result.output.split("已保存标注副本")[1].replace(".xlsx", "")
                         .replace(".xls", "").replace(str(tmp_path), ""))
