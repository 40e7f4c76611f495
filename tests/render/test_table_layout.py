"""generator.render.table_layout: header words, line breaks, content-driven column widths."""
from __future__ import annotations

import pytest

from generator.excel.reader import read_workbook
from generator.render.table_layout import (
    EM, column_needs, column_widths, header_lines, text_width, words,
)
from generator.derive.display import build_table_rows
from tests.conftest import SAMPLE


@pytest.fixture(scope="module")
def tables():
    return {t.key: t for t in build_table_rows(read_workbook(SAMPLE).disclosure)}


def test_text_width_counts_chinese_as_one_em_and_ascii_narrower():
    assert text_width("科目名称") == 4 * EM
    assert text_width("207.02") == 6 * 64


@pytest.mark.parametrize("label, cut", [
    ("政府性基金预算财政拨款", ["政府性基金预算", "财政拨款"]),
    ("附属单位上缴收入", ["附属单位", "上缴", "收入"]),
    ("对附属单位补助支出", ["对附属单位", "补助", "支出"]),
    ("本年收入合计", ["本年", "收入", "合计"]),
    ("年初结转和结余", ["年初", "结转和结余"]),
])
def test_words_of_header_labels(label, cut):
    assert words(label) == cut


def test_header_lines_break_between_words_only():
    # Seven ems: 政府性基金预算 (7) | 财政拨款 (4), never 政府性基金预算财 | 政拨款.
    assert header_lines("政府性基金预算财政拨款", 7 * EM) == ["政府性基金预算", "财政拨款"]
    assert header_lines("附属单位上缴收入", 6 * EM) == ["附属单位上缴", "收入"]
    assert header_lines("附属单位上缴收入", 8 * EM) == ["附属单位上缴收入"]
    # A word wider than the line is cut between characters, as Word would.
    assert header_lines("科目名称", 2 * EM) == ["科目", "名称"]


def test_name_column_holds_the_longest_name_on_one_line(tables):
    """05 in a 225 mm landscape line at 9 pt (71 ems): the 科目名称 column is at least as wide
    as its longest name; the empty 项目支出 column is narrower than the filled amounts."""
    t05 = tables["05"]
    longest = max(len(row[1].text) for row in t05.body[1:])  # Chinese names: 1 em a character
    line = 225 * 72 * EM * 10 // (254 * 9)  # 225 mm in hundredths of a 9 pt em: 7086
    widths = column_widths(t05, line, 63)
    assert widths[1] - 63 >= longest * EM
    assert widths[4] < widths[2] == widths[3]
    assert sum(widths) == line


def test_too_narrow_a_line_takes_width_from_the_names_first(tables):
    t06 = tables["06"]
    needs = column_needs(t06, 63)
    line = sum(needs) - 5 * EM
    widths = column_widths(t06, line, 63)
    assert sum(widths) == line
    amounts = [2, 5]
    assert all(widths[c] == needs[c] for c in amounts)       # the figures keep their width
    assert widths[1] < needs[1] or widths[4] < needs[4]      # a name column gave some up


@pytest.mark.parametrize("label, width", [
    ("上缴上级支出", 4 * EM),        # 上缴 | 上级支出
    ("附属单位上缴收入", 4 * EM),    # 附属单位 | 上缴收入
    ("政府性基金预算财政拨款", 7 * EM),
    ("合计", 2 * EM),
])
def test_two_line_width_of_a_header(label, width):
    from generator.render.table_layout import two_lines

    assert two_lines(label) == width
    assert len(header_lines(label, width)) <= 2
