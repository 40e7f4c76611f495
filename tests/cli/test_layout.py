"""juesuan check --layout: per table the sheet, title cell, header rows, the column taken for each
meaning, the data rows and the scale; on the sample and on three real-table layouts."""
from __future__ import annotations

import openpyxl
import pytest
from click.testing import CliRunner

from generator.cli import main
from tests.conftest import SAMPLE
from tests.excel.corpus import corpus


def run(*args):
    return CliRunner().invoke(main, ["check", "--layout", *map(str, args)])


def block(output: str, number: str) -> str:
    """The lines of one table's block (from its heading to the blank line after it)."""
    start = output.index(number)
    end = output.find("\n\n", start)
    return output[start:end if end >= 0 else None]


@pytest.fixture(scope="module")
def real(tmp_path_factory):
    return corpus(tmp_path_factory.mktemp("real"))


def test_sample_layout():
    result = run(SAMPLE)
    assert result.exit_code == 0, result.output
    out = result.output
    t05 = block(out, "公开05表“一般公共预算财政拨款支出决算表”")
    assert "工作表：公开05表　标题单元格：A1　金额单位：万元" in t05
    assert "表头：第 4–5 行；栏次行（不作数据）：第 6 行" in t05
    assert "科目编码 ← A 列（项目 / 科目编码）" in t05
    assert "合计 ← C 列（本年支出 / 小计）" in t05
    assert "数据：第 7–23 行" in t05
    t07 = block(out, "公开07表")
    assert "决算数/公务接待费 ← L 列（决算数 / 公务接待费）" in t07 and "数据：第 7 行" in t07
    assert "说明：年末财政拨款结转和结余：分三行列示" in block(out, "公开04表")
    assert out.strip().endswith("九张表均已识别，未发现表头或合计行的问题。")


def test_bare_number_rows_and_function_code_header(real):
    out = run(real["function-code-header"]).output
    t02 = block(out, "公开02表")
    assert "科目编码 ← A 列（项目 / 支出功能分类科目编码）" in t02
    assert "栏次行（不作数据）：第 6 行" in t02 and "数据：第 7–23 行" in t02
    t07 = block(out, "公开07表")
    assert "栏次行（不作数据）：第 7 行" in t07 and "数据：第 8 行" in t07


def test_yuan_scale_and_split_codes(real):
    out = run(real["yuan-scale"]).output
    assert "金额单位：元（折算为万元）" in block(out, "公开01表")
    out = run(real["code-split-full"]).output
    t03 = block(out, "公开03表")
    assert "科目编码（类） ← A 列（功能分类科目编码 / 类）" in t03
    assert "科目编码（款） ← B 列（功能分类科目编码 / 款）" in t03
    assert "科目编码（项） ← C 列（功能分类科目编码 / 项）" in t03
    assert "科目名称 ← D 列（科目名称）" in t03 and "表头：第 4–5 行" in t03


def test_vertical_three_costs_and_generic_sheet_names(real):
    out = run(real["edition-2022"]).output
    assert "标题：财政拨款“三公”经费支出决算表" in block(out, "公开07表")
    out = run(real["t07-vertical"]).output
    t07 = block(out, "公开07表")
    assert "工作表：Sheet9　标题单元格：A1" in t07
    assert "项目 ← A 列（项目）" in t07 and "预算数 ← B 列（预算数）" in t07
    assert "数据：第 6–11 行" in t07


def test_a_renamed_header_is_named_with_what_was_found(tmp_path):
    wb = openpyxl.load_workbook(SAMPLE)
    ws = wb["公开05表"]
    ws["D5"] = "基本经费"
    wb.save(tmp_path / "x.xlsx")
    out = run(tmp_path / "x.xlsx").output
    assert "基本支出 ← 未找到（见下方识别问题）" in block(out, "公开05表")
    assert "[column-missing] 公开05表!" in out and "“基本经费”" in out
