"""--annotate: the probable cause in a strong colour, the cells that only follow from it lighter;
re-annotating an annotated copy first clears the marks of the earlier run (and only those)."""
from __future__ import annotations

import openpyxl
from openpyxl.comments import Comment
from openpyxl.styles import PatternFill

from generator.excel.annotate import CULPRIT_FILL, FILLS, RELATED_FILLS, annotate_workbook
from generator.findings import Severity
from generator.pipeline import check
from tests.audit.workbooks import change, coded, copy_sample, value_cell


def _rgb(cell) -> str:
    return str(cell.fill.fgColor.rgb)[-6:] if cell.fill.fill_type else ""


def _typo(tmp_path):
    """05 2080109 基本支出 typed 124.93 (is 142.93): its row total and 20801's 基本支出 fail."""
    path = copy_sample(tmp_path)

    def mutate(wb):
        coded(wb, "公开05表", "2080109", "基本支出").value = 124.93
    return change(path, mutate)


def test_culprit_strong_related_cells_lighter(tmp_path):
    path = _typo(tmp_path)
    out = tmp_path / "marked.xlsx"
    annotate_workbook(path, out, check(path).report.findings)
    wb = openpyxl.load_workbook(out)
    culprit = coded(wb, "公开05表", "2080109", "基本支出")
    assert _rgb(culprit) == CULPRIT_FILL and "最可能填错" in culprit.comment.text
    # 20801 基本支出 is the stated cell of the failing subtotal, but the subtotal follows from the
    # culprit: it is a related cell, lighter.
    for related in (coded(wb, "公开05表", "20801", "基本支出"), coded(wb, "公开05表", "2080109", "小计")):
        assert _rgb(related) == RELATED_FILLS[Severity.ERROR], related.coordinate
        assert coded(wb, "公开05表", "2080109", "基本支出").coordinate in related.comment.text
    warning = value_cell(wb["补充数据"], "一般公共预算绩效自评资金")
    assert _rgb(warning) == FILLS[Severity.WARNING]


def test_reannotating_clears_the_earlier_marks_only(tmp_path):
    path = _typo(tmp_path)
    first = tmp_path / "first.xlsx"
    annotate_workbook(path, first, check(path).report.findings)

    def user_marks(wb):  # the officer fixes the typo and adds a note of their own
        coded(wb, "公开05表", "2080109", "基本支出").value = 142.93
        own = coded(wb, "公开05表", "2080199", "基本支出")
        own.comment = Comment("已核对", "张会计")
        own.fill = PatternFill("solid", start_color="00B050", end_color="00B050")
    change(first, user_marks)
    second = tmp_path / "second.xlsx"
    annotate_workbook(first, second, check(first).report.findings)
    wb = openpyxl.load_workbook(second)
    fixed = coded(wb, "公开05表", "2080109", "基本支出")
    assert fixed.comment is None and _rgb(fixed) == ""
    # 20801 基本支出 keeps only the new mark: a part of 208's 尾差 (提示), no error any more
    subtotal = coded(wb, "公开05表", "20801", "基本支出")
    assert "错误" not in subtotal.comment.text and _rgb(subtotal) == RELATED_FILLS[Severity.INFO]
    own = coded(wb, "公开05表", "2080199", "基本支出")
    assert own.comment is not None and own.comment.text.startswith("已核对") and _rgb(own) == "00B050"
    codes = [row[1] for row in wb["审核结果"].iter_rows(min_row=2, values_only=True)]
    assert "probable-cause" not in codes and "subtotal-mismatch" not in codes
    assert wb.sheetnames.count("审核结果") == 1


def _our_marks(path) -> dict[tuple[str, str], str]:
    """Every cell carrying one of our comments (by its 【…】 opening), with its fill colour."""
    wb = openpyxl.load_workbook(path)
    return {(ws.title, c.coordinate): _rgb(c) for ws in wb.worksheets if ws.title != "审核结果"
            for row in ws.iter_rows() for c in row
            if c.comment is not None and c.comment.text.lstrip().startswith("【")}


def test_copy_keeps_the_cached_formula_values(tmp_path):
    """The blank form (formulas for every total) filled and saved by LibreOffice, which stores
    each formula's value as Excel does: the annotated copy audits exactly like the original
    (re-saving through openpyxl alone dropped every value: 127 formula-no-value errors)."""
    from tests.cli.test_init import fill_from, recalculate, run

    blank = tmp_path / "新.xlsx"
    assert run("init", blank, "--year", 2021, "--unit", "某某局").exit_code == 0
    fill_from(copy_sample(tmp_path), blank)
    saved = recalculate(blank, tmp_path)
    before = check(saved).report
    assert before.findings and "formula-no-value" not in {f.code for f in before.findings}
    out = tmp_path / "marked.xlsx"
    result = annotate_workbook(saved, out, before.findings)
    assert result.path == out and result.marked > 0 and not result.from_xls
    assert check(out).report.flatten() == before.flatten()
    formulas = openpyxl.load_workbook(out)  # the formulas themselves are still there
    assert any(isinstance(c.value, str) and c.value.startswith("=SUM")
               for row in formulas.worksheets[1].iter_rows() for c in row)


def test_reannotating_after_a_libreoffice_round_trip_leaves_no_stale_marks(tmp_path):
    """LibreOffice drops the comments' author; our marks are still recognised by their text."""
    from tests.cli.test_init import recalculate

    path = _typo(tmp_path)
    first = tmp_path / "first.xlsx"
    annotate_workbook(path, first, check(path).report.findings)
    resaved = recalculate(first, tmp_path)
    typo = ("公开05表", coded(openpyxl.load_workbook(resaved), "公开05表", "2080109", "基本支出").coordinate)
    assert _our_marks(resaved)[typo] == CULPRIT_FILL  # survived the round trip

    def fix(wb):
        coded(wb, "公开05表", "2080109", "基本支出").value = 142.93
    change(resaved, fix)
    second = tmp_path / "second.xlsx"
    annotate_workbook(resaved, second, check(resaved).report.findings)
    fresh = tmp_path / "fresh.xlsx"
    sample = copy_sample(tmp_path, "clean.xlsx")
    annotate_workbook(sample, fresh, check(sample).report.findings)
    assert typo not in _our_marks(second)
    assert _our_marks(second) == _our_marks(fresh)
    assert openpyxl.load_workbook(second).sheetnames.count("审核结果") == 1


def test_a_file_that_cannot_be_annotated_gets_a_chinese_message_only(tmp_path, sample_report):
    """A broken zip and a Word document renamed .xlsx: CannotAnnotate, in Chinese, with no
    English text of the parser (openpyxl's messages are English)."""
    import re
    import shutil

    import pytest

    from generator.excel.annotate import CannotAnnotate

    broken = tmp_path / "坏.xlsx"
    broken.write_bytes(b"PK\x03\x04broken zip" + bytes(200))
    word = tmp_path / "报告.xlsx"
    shutil.copyfile(sample_report, word)
    for source in (broken, word):
        with pytest.raises(CannotAnnotate) as caught:
            annotate_workbook(source, tmp_path / "标注.xlsx", [])
        text = str(caught.value)
        english = re.findall(r"[A-Za-z]{3,}", text.replace(".xlsx", "").replace(".docx", ""))
        assert source.name in text and set(english) <= {"Word", "Excel"}, text
        assert not (tmp_path / "标注.xlsx").exists()


def test_marks_resaved_with_another_author_or_an_author_line_are_still_ours(tmp_path):
    """Excel may re-save a note with the author's name as a first line, LibreOffice with no
    author: both are recognised by the 【…】 opening; a user's own 【…】-free note stays."""
    path = _typo(tmp_path)
    first = tmp_path / "first.xlsx"
    annotate_workbook(path, first, check(path).report.findings)

    def resave(wb):
        cell = coded(wb, "公开05表", "2080109", "基本支出")
        cell.value = 142.93  # fixed
        cell.comment = Comment("juesuan 审核:\n" + cell.comment.text, "张会计")
        related = coded(wb, "公开05表", "2080109", "小计")
        related.comment = Comment(related.comment.text, "")
        coded(wb, "公开05表", "2080199", "小计").comment = Comment("【备注】已核对", "张会计")
    change(first, resave)
    second = tmp_path / "second.xlsx"
    annotate_workbook(first, second, check(first).report.findings)
    wb = openpyxl.load_workbook(second)
    for label in ("基本支出", "小计"):
        cell = coded(wb, "公开05表", "2080109", label)
        assert cell.comment is None and _rgb(cell) == "", label
    assert coded(wb, "公开05表", "2080199", "小计").comment.text == "【备注】已核对"
