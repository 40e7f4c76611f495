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
