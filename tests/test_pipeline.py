"""The one orchestration: ``produce`` / ``attempt`` and their ``Outcome``, shared by the CLI, the
batch and the web page; the texts carried from last year come with the one read of the workbook."""
from __future__ import annotations

from pathlib import Path

import pytest

from generator import batch, pipeline
from generator.excel.reader import read_workbook
from generator.pipeline import BUILT, CRASHED, NO_PDF, REFUSED, UNREADABLE, UNWRITABLE, attempt, produce
from generator.publish import PdfResult
from generator.web import jobs
from tests.conftest import SAMPLE
from tests.helpers import put_coded


def test_batch_and_web_speak_the_pipelines_statuses():
    for name in ("BUILT", "REFUSED", "UNREADABLE", "CRASHED"):
        assert getattr(batch, name) is getattr(pipeline, name) is getattr(jobs, name)
    assert batch.NO_PDF is pipeline.NO_PDF and batch.UNWRITABLE is pipeline.UNWRITABLE


@pytest.fixture(scope="module")
def refused(tmp_path_factory) -> Path:
    """The sample with one 05 amount spoilt (an error: no report)."""
    import shutil

    path = tmp_path_factory.mktemp("refused") / "bad.xlsx"
    shutil.copyfile(SAMPLE, path)
    put_coded(path, "公开05表", "2080109", "合计", 1)
    return path


def test_a_refused_workbook_keeps_its_findings_only_when_asked(refused, tmp_path):
    quiet = produce(refused, tmp_path / "cli" / "r.docx")
    assert quiet.status == REFUSED and quiet.output is None and quiet.audit_file is None
    assert not (tmp_path / "cli").exists()  # the CLI writes nothing for a refused workbook
    kept = produce(refused, tmp_path / "batch.docx", keep_findings=True, source_name="某单位.xlsx")
    assert kept.status == REFUSED and kept.output is None and not (tmp_path / "batch.docx").exists()
    text = kept.audit_file.read_text(encoding="utf-8")
    assert kept.audit_file == tmp_path / "batch.审核.txt" and text.startswith("审核结果：某单位.xlsx")
    assert kept.errors == len(kept.report.errors) >= 1 and kept.message == kept.report.errors[0].message
    assert kept.unit == "怀化市工伤保险服务中心" and kept.name == "怀化市工伤保险服务中心2021年度部门决算.docx"


def test_a_built_workbook_has_its_report_and_audit_text(tmp_path):
    outcome = produce(SAMPLE, tmp_path)  # a folder: the report's default name inside
    assert outcome.status == BUILT and outcome.ok and outcome.errors == 0 and outcome.message == ""
    assert outcome.output == tmp_path / "怀化市工伤保险服务中心2021年度部门决算.docx" and outcome.output.is_file()
    assert outcome.audit_file == tmp_path / "怀化市工伤保险服务中心2021年度部门决算.审核.txt"


def test_attempt_turns_every_failure_into_an_outcome(tmp_path):
    not_excel = tmp_path / "a.xlsx"
    not_excel.write_text("not a workbook", encoding="utf-8")
    unreadable = attempt(not_excel, tmp_path / "a.docx")
    assert unreadable.status == UNREADABLE and unreadable.finding.code == "file-unreadable"
    assert unreadable.errors == 1 and [f.code for f in unreadable.report.findings] == ["file-unreadable"]
    with pytest.raises(pipeline.WorkbookUnusable):
        produce(not_excel, tmp_path / "a.docx")  # the CLI's way: exit code 2 with the message
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    unwritable = attempt(SAMPLE, blocker / "r.docx")  # a path through a file
    assert unwritable.status == UNWRITABLE and "无法写入" in unwritable.message and unwritable.errors == 1
    crashed = attempt(SAMPLE, tmp_path / "r.docx", template=tmp_path / "missing.docx")
    assert crashed.status == CRASHED and crashed.errors == 1 and "TemplateProblem" in crashed.crash


def test_the_pdf_decides_in_one_place(tmp_path):
    later = produce(SAMPLE, tmp_path / "r.docx", pdf="later")
    assert later.status == BUILT and later.pending.pdf == tmp_path / "r.pdf" and later.pdf is None
    failed = later.with_pdf(PdfResult(None, error="转换超时"))
    assert (failed.status, failed.pdf_error, failed.message, failed.errors) == (
        NO_PDF, "转换超时", "未能生成 PDF：转换超时", 1)
    assert failed.output == later.output and not failed.ok and failed.pending is None
    made = later.with_pdf(PdfResult(tmp_path / "r.pdf", notes=("字体替换",)))
    assert (made.status, made.pdf, made.notes, made.errors) == (BUILT, tmp_path / "r.pdf", ("字体替换",), 0)
    assert later.with_pdf("LibreOffice 无法启动").pdf_error == "LibreOffice 无法启动"


def test_carried_texts_come_with_the_one_read(sample_data, write_unit):
    duty = sample_data["sheets"]["单位信息"]["部门职责"]
    sample_data["review"] = {"单位信息": ["部门职责"]}  # what ``init --from`` marks and records
    d = read_workbook(write_unit(sample_data)).disclosure
    assert d.carried == (("单位信息", "部门职责", duty),)
    assert read_workbook(SAMPLE).disclosure.carried == ()
