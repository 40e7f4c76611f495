"""Tests of generator.excel.writer: the layout of the written workbooks, the variants (three
科目编码 columns, 元), amounts written as given, the 上年数 sheet's meanings (the datasets themselves:
test_datasets)."""
from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from generator.excel.writer import write_workbook

ROOT = Path(__file__).resolve().parents[2]
SAMPLE_JSON = ROOT / "inputs" / "huaihua-2021.json"
SECOND_JSON = ROOT / "tests" / "fixtures" / "second_unit.json"

TITLES = {
    "01": "收入支出决算总表", "02": "收入决算表", "03": "支出决算表",
    "04": "财政拨款收入支出决算总表", "05": "一般公共预算财政拨款支出决算表",
    "06": "一般公共预算财政拨款基本支出决算表", "07": "一般公共预算财政拨款“三公”经费支出决算表",
    "08": "政府性基金预算财政拨款收入支出决算表", "09": "国有资本经营预算财政拨款支出决算表",
}
SUPPLEMENTARY = ["单位信息", "上年数", "年初预算", "补充数据", "情况说明", "绩效评价报告"]


def load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def build(tmp_path: Path, data: dict, name: str = "out.xlsx", **options) -> openpyxl.Workbook:
    path = tmp_path / name
    write_workbook(data, path, **options)
    return openpyxl.load_workbook(path)


def merged(ws) -> set[str]:
    return {str(r) for r in ws.merged_cells.ranges}


def find(ws, value) -> tuple[int, int]:
    """(row, column) of the first cell holding ``value``."""
    for row in ws.iter_rows():
        for cell in row:
            if cell.value == value:
                return cell.row, cell.column
    raise AssertionError(f"{value!r} not found in {ws.title}")


def row_values(ws, row: int) -> list:
    return [c.value for c in ws[row]]


def money(cell_value) -> Decimal:
    assert isinstance(cell_value, (int, float)), f"not a number: {cell_value!r}"
    return Decimal(repr(cell_value)) if isinstance(cell_value, float) else Decimal(cell_value)


# ---------------------------------------------------------------------------------------------
# Structure


@pytest.mark.parametrize("dataset", ["sample", "second"])
def test_sheets_titles_and_frame(tmp_path, dataset, request):
    data = request.getfixturevalue(dataset)
    wb = build(tmp_path, data)
    expected = [f"公开{k}表" for k in TITLES] + SUPPLEMENTARY
    if dataset == "second":
        expected.append("名词解释")
    assert wb.sheetnames == expected
    unit_name = data["sheets"]["单位信息"]["单位名称"]
    for key, title in TITLES.items():
        ws = wb[f"公开{key}表"]
        last = ws.max_column
        assert ws["A1"].value == title
        assert ws["A1"].font.bold and ws["A1"].font.name == "宋体" and ws["A1"].font.size >= 14
        assert f"A1:{openpyxl.utils.get_column_letter(last)}1" in merged(ws)
        assert ws.cell(row=2, column=last).value == f"公开{key}表"
        assert ws["A3"].value == f"编制单位：{unit_name}"
        assert ws.cell(row=3, column=last).value == "单位：万元"
        assert ws.freeze_panes is not None and ws.freeze_panes != "A1"
    for title in SUPPLEMENTARY:
        assert wb[title]["A1"].value in ("项目", "科目编码", "层级")


def test_header_merges_and_lanci(tmp_path, sample):
    wb = build(tmp_path, sample)
    ws = wb["公开01表"]
    assert row_values(ws, 4)[:6] == ["收入", None, None, "支出", None, None]
    assert {"A4:C4", "D4:F4"} <= merged(ws)
    assert row_values(ws, 5) == ["项目", "行次", "金额", "项目", "行次", "金额"]
    assert row_values(ws, 6) == ["栏次", None, 1, "栏次", None, 2]
    # 本年收入合计 and 本年支出合计 share a row, as do the two 总计.
    r, _ = find(ws, "本年收入合计")
    assert ws.cell(row=r, column=4).value == "本年支出合计"
    assert ws.cell(row=ws.max_row, column=1).value == "总计"
    assert ws.cell(row=ws.max_row, column=4).value == "总计"
    r, c = find(ws, "八、社会保障和就业支出")
    assert money(ws.cell(row=r, column=c + 2).value) == Decimal("200.65")
    r, c = find(ws, "一、一般公共服务支出")
    assert ws.cell(row=r, column=c + 2).value is None

    ws = wb["公开02表"]
    assert {"A4:B4", "C4:C5", "I4:I5", "A6:B6", "A7:B7"} <= merged(ws)
    assert row_values(ws, 5)[:2] == ["科目编码", "科目名称"]
    assert row_values(ws, 6) == ["栏次", None, 1, 2, 3, 4, 5, 6, 7]
    assert ws["A7"].value == "合计" and ws["A8"].value == "208"

    ws = wb["公开04表"]
    assert row_values(ws, 5) == ["项目", "行次", "金额", "项目", "行次", "合计",
                                 "一般公共预算财政拨款", "政府性基金预算财政拨款", "国有资本经营预算财政拨款"]
    assert row_values(ws, 6) == ["栏次", None, 1, "栏次", None, 2, 3, 4, 5]

    ws = wb["公开05表"]
    assert {"A4:B4", "C4:E4"} <= merged(ws)
    assert row_values(ws, 5) == ["科目编码", "科目名称", "小计", "基本支出", "项目支出"]

    ws = wb["公开06表"]
    assert {"A4:C4", "D4:I4"} <= merged(ws)
    assert row_values(ws, 5) == ["科目编码", "科目名称", "决算数"] * 3
    last = ws.max_row
    assert ws.cell(row=last, column=1).value == "人员经费合计"
    assert ws.cell(row=last, column=4).value == "公用经费合计"
    assert {f"A{last}:B{last}", f"D{last}:H{last}"} <= merged(ws)
    assert money(ws.cell(row=last, column=3).value) == Decimal("157.36")
    assert money(ws.cell(row=last, column=9).value) == Decimal("49.66")

    ws = wb["公开07表"]
    assert {"A4:F4", "G4:L4", "C5:E5", "I5:K5", "A5:A6", "L5:L6"} <= merged(ws)
    assert ws["A4"].value == "预算数" and ws["G4"].value == "决算数"
    assert row_values(ws, 6)[2:5] == ["小计", "公务用车购置费", "公务用车运行费"]
    assert [money(v) for v in row_values(ws, 7)] == [Decimal(x) for x in (
        "6", "0", "0", "0", "0", "6", "2.28", "0", "0", "0", "0", "2.28")]
    assert ws["A8"].value == "注：“三公”经费预算数为年初预算数。"


def test_empty_tables_have_note_and_no_rows(tmp_path, sample, second):
    wb = build(tmp_path, sample)
    for key, note in (("08", "政府性基金收支"), ("09", "国有资本经营预算财政拨款支出")):
        ws = wb[f"公开{key}表"]
        r, _ = find(ws, "栏次")
        below = ws.cell(row=r + 1, column=1).value
        assert below.startswith("注：本单位无") and note in below and below.endswith("故本表为空表。")
        assert ws.max_row == r + 1
    wb2 = build(tmp_path, second, "second.xlsx")
    ws = wb2["公开08表"]
    r, _ = find(ws, "栏次")
    assert ws.cell(row=r + 1, column=1).value == "合计"
    assert ws.cell(row=r + 2, column=1).value == "212"
    assert not any(str(c.value or "").startswith("注") for c in ws["A"])
    assert wb2["公开09表"].cell(row=r + 1, column=1).value.startswith("注：")


def test_amounts_are_numbers_with_money_format(tmp_path, sample):
    wb = build(tmp_path, sample)
    ws = wb["公开03表"]
    r, _ = find(ws, "合计")
    cell = ws.cell(row=r, column=3)
    assert cell.data_type == "n" and money(cell.value) == Decimal("207.02")
    assert cell.number_format == "#,##0.00"
    # The real 尾差 is kept: 208 is 200.65 though its 款 add to 200.66.
    r, _ = find(ws, "208")
    assert money(ws.cell(row=r, column=3).value) == Decimal("200.65")
    r, _ = find(ws, "20801")
    assert money(ws.cell(row=r, column=3).value) == Decimal("175.93")
    # Blank for a missing value, not 0.
    assert ws.cell(row=r, column=5).value is None
    ws = wb["上年数"]
    assert money(ws["B2"].value) == Decimal("211.25")
    ws = wb["补充数据"]
    r, _ = find(ws, "公务接待批次")
    assert ws.cell(row=r, column=2).value == 40
    r, _ = find(ws, "部门评价项目名称")
    assert ws.cell(row=r, column=2).value == "专项业务（工作）经费"
    ws = wb["单位信息"]
    r, _ = find(ws, "年度")
    assert ws.cell(row=r, column=2).value == 2021
    ws = wb["情况说明"]
    r, _ = find(ws, "三公经费预算执行原因")
    assert ws.cell(row=r, column=2).value is None
    r, _ = find(ws, "部门评价结论")
    assert ws.cell(row=r, column=2).alignment.wrap_text


def test_three_code_columns_variant(tmp_path, sample):
    wb = build(tmp_path, sample, code_columns=3)
    ws = wb["公开05表"]
    assert ws["A4"].value == "项目" and "A4:D4" in merged(ws)
    assert ws["A5"].value == "科目编码" and "A5:C5" in merged(ws)
    assert row_values(ws, 6)[:3] == ["类", "款", "项"]
    assert "D5:D6" in merged(ws) and "E5:E6" in merged(ws)
    r, _ = find(ws, "合计")
    assert f"A{r}:D{r}" in merged(ws)
    r, _ = find(ws, "社会保险经办机构")
    assert row_values(ws, r)[:3] == ["208", "01", "09"]
    r, _ = find(ws, "人力资源和社会保障管理事务")
    assert row_values(ws, r)[:3] == ["208", "01", None]
    r, _ = find(ws, "卫生健康支出")
    assert row_values(ws, r)[:3] == ["210", None, None]
    ws = wb["年初预算"]
    assert row_values(ws, 1) == ["科目编码", None, None, "科目名称", "年初预算数", "说明"]
    assert row_values(ws, 2)[:3] == ["类", "款", "项"]
    assert {"A1:C1", "D1:D2", "E1:E2", "F1:F2"} <= merged(ws)
    assert row_values(ws, 3)[:3] == ["208", "01", "09"]


def test_option_in_data_and_yuan_variant(tmp_path, sample):
    data = dict(sample, options={"code_columns": 3, "unit": "元"})
    wb = build(tmp_path, data)
    ws = wb["公开01表"]
    assert ws.cell(row=3, column=ws.max_column).value == "单位：元"
    r, c = find(ws, "总计")
    assert money(ws.cell(row=r, column=c + 2).value) == Decimal("2070200")
    assert money(wb["公开06表"].cell(row=wb["公开06表"].max_row, column=3).value) == Decimal("1573600")
    assert wb["公开02表"]["A6"].value == "类"
    # Supplementary sheets stay in 万元.
    assert money(wb["上年数"]["B2"].value) == Decimal("211.25")


def test_amounts_written_as_given_and_absent_totals_stay_blank(tmp_path):
    data = {
        "tables": {
            "03": {"rows": [{"科目编码": "208", "科目名称": "社会保障和就业支出", "基本支出": "4",
                             "项目支出": "0.50", "本年支出合计": "4.49"}]},
            "07": {"决算数": {"公务用车运行费": "1.00", "公务接待费": "0.50"}},
        },
    }
    wb = build(tmp_path, data)
    assert wb.sheetnames == ["公开03表", "公开07表"]
    ws = wb["公开03表"]
    r, _ = find(ws, "208")
    assert money(ws.cell(row=r, column=3).value) == Decimal("4.49")  # given, not recomputed (4.50)
    r, _ = find(ws, "合计")
    assert [ws.cell(row=r, column=c).value for c in range(3, 8)] == [None] * 5  # absent: blank
    values = row_values(wb["公开07表"], 7)
    assert values[6] is None and values[8] is None  # 合计 and 小计 not given: blank


def test_fixture_builder_fills_only_absent_totals(tmp_path):
    """tests/builder.py (hand-written test data): absent totals are the sums, given ones stay."""
    from tests.builder import write_filled

    data = {
        "tables": {
            "01": {"收入": {"一般公共预算财政拨款收入": "10.00", "事业收入": "2.50", "年初结转和结余": "1"},
                   "支出": {"201": "8.00", "208": "4.50", "年末结转和结余": "1.00"}},
            "03": {"rows": [{"科目编码": "201", "科目名称": "一般公共服务支出", "基本支出": "8.00"},
                            {"科目编码": "20101", "科目名称": "人大事务", "基本支出": "8.00"},
                            {"科目编码": "208", "科目名称": "社会保障和就业支出", "基本支出": "4",
                             "项目支出": "0.50", "本年支出合计": "4.49"}]},
            "06": {"明细": [{"科目编码": "30101", "科目名称": "基本工资", "决算数": "3"},
                           {"科目编码": "30201", "科目名称": "办公费", "决算数": "1.25"},
                           {"科目编码": "31002", "科目名称": "办公设备购置", "决算数": "0.75"}]},
            "07": {"决算数": {"公务用车运行费": "1.00", "公务接待费": "0.50"}},
        },
    }
    wb = openpyxl.load_workbook(write_filled(data, tmp_path / "filled.xlsx"))
    ws = wb["公开01表"]
    r, _ = find(ws, "本年收入合计")
    assert money(ws.cell(row=r, column=3).value) == Decimal("12.5")   # 10 + 2.5
    assert money(ws.cell(row=r, column=6).value) == Decimal("12.5")   # 8 + 4.5
    assert money(ws.cell(row=ws.max_row, column=3).value) == Decimal("13.5")
    assert money(ws.cell(row=ws.max_row, column=6).value) == Decimal("13.5")
    ws = wb["公开03表"]
    r, _ = find(ws, "合计")
    assert money(ws.cell(row=r, column=3).value) == Decimal("12.49")  # 8 + the given 4.49
    assert money(ws.cell(row=r, column=4).value) == Decimal("12")
    r, _ = find(ws, "20101")
    assert money(ws.cell(row=r, column=3).value) == Decimal("8")
    ws = wb["公开06表"]
    assert money(ws.cell(row=ws.max_row, column=3).value) == Decimal("3")
    assert money(ws.cell(row=ws.max_row, column=9).value) == Decimal("2")
    values = row_values(wb["公开07表"], 7)
    assert [money(values[i]) for i in (6, 8, 10, 11)] == [Decimal(x) for x in ("1.5", "1", "1", "0.5")]


def test_unknown_keys_are_rejected(tmp_path):
    with pytest.raises(ValueError):
        write_workbook({"tables": {"02": {"rows": [{"科目编码": "201", "收入": "1"}]}}}, tmp_path / "x.xlsx")
    with pytest.raises(ValueError):
        write_workbook({"tables": {"01": {"支出": {"999": "1"}}}}, tmp_path / "x.xlsx")
    with pytest.raises(ValueError):
        write_workbook({"sheets": {"其他": {}}}, tmp_path / "x.xlsx")


def test_prior_sheet_says_which_row_each_label_means(tmp_path, second):
    """Issue 21: 财政拨款支出 and 一般公共预算财政拨款支出 were asked for with no word on which is which."""
    path = tmp_path / "second.xlsx"
    write_workbook(second, path)
    ws = openpyxl.load_workbook(path)["上年数"]
    assert [c.value for c in ws[1]][:3] == ["项目", "上年决算数", "对应上年决算的数字"]
    meaning = {row[0].value: row[2].value for row in ws.iter_rows(min_row=2) if row[0].value}
    assert "公开04表" in meaning["财政拨款支出"] and "三类" in meaning["财政拨款支出"]
    assert "公开05表" in meaning["一般公共预算财政拨款支出"]
    assert "公开01表" in meaning["收支总计"]
