"""reader: tables found by title, columns by header labels, rows by labels and 科目编码; variants
of layout give the same model; bad cells become findings naming sheet!cell."""
from __future__ import annotations

from decimal import Decimal

import openpyxl

from generator.excel.reader import read_workbook
from generator.derive.figures import named_figures
from tests.conftest import SAMPLE
from tests.helpers import coded_cell, edit, find_cell, insert_blank_column, insert_blank_row


def digest(d) -> dict:
    """The model without cell references: what must not depend on the layout variant."""
    def coded(t):
        if t is None:
            return None
        rows = [(r.code, r.name, {k: a.value for k, a in r.values.items()}) for r in t.rows]
        total = {k: a.value for k, a in t.total.values.items()} if t.total else None
        return rows, total
    return {
        "figures": named_figures(d),
        "t01": {k: {c: a.value for c, a in v.items()} for k, v in d.t01.lines.items()},
        "t01_classes": [(n, {c: a.value for c, a in v.items()}) for n, v in d.t01.classes],
        "t04": {k: {c: a.value for c, a in v.items()} for k, v in d.t04.lines.items()},
        "coded": [coded(t) for t in (d.t02, d.t03, d.t05, d.t08, d.t09)],
        "t06": [(i.code, i.name, i.amount.value) for i in d.t06.items],
        "t07": ({k: a.value for k, a in d.t07.budget.items()}, {k: a.value for k, a in d.t07.actual.items()}),
        "budgets": [(b.code, b.budget.value, b.note.value if b.note else None) for b in d.budgets],
        "prior": {k: a.value for k, a in d.prior.items()},
        "supplement": {k: a.value for k, a in d.supplement.items()},
        "texts": ({k: t.value for k, t in d.unit.items()}, {k: t.value for k, t in d.explanations.items()}),
        "appendix": [(a.level, a.text.value) for a in d.appendix],
        "glossary": [(a.value, b.value) for a, b in d.glossary],
    }


def read_ok(path):
    result = read_workbook(path)
    assert [f for f in result.findings if f.severity.value == "错误"] == []
    return result.disclosure


def test_sample_figures_and_sources():
    d = read_ok(SAMPLE)
    f = named_figures(d)
    assert f["收支总计"] == Decimal("207.02")
    assert f["本年收入合计"] == Decimal("203.9")
    assert f["年初结转和结余"] == Decimal("3.12")
    assert f["人员经费"] + f["公用经费"] == f["财政拨款基本支出"]
    assert [r.code for r in d.t05.of_level("类")] == ["208", "210"]
    assert len(d.t05.of_level("项")) == 9
    assert len(d.budgets) == 9 and d.budgets[0].note.value == "主要原因是追加预算"
    assert d.t08.is_empty and d.t09.is_empty
    # every amount remembers its cell
    total = d.t01.amount("收入总计")
    assert total.ref.sheet == "公开01表"
    wb = openpyxl.load_workbook(SAMPLE)
    assert Decimal(str(wb["公开01表"][total.ref.cell].value)) == Decimal("207.02")


def test_three_code_columns_give_the_same_model(second_data, write_unit):
    one = read_ok(write_unit(second_data, "one.xlsx"))
    three = read_ok(write_unit(second_data, "three.xlsx", code_columns=3))
    assert digest(three) == digest(one)


def test_yuan_scale_gives_the_same_model_in_wanyuan(second_data, write_unit):
    wan = read_ok(write_unit(second_data, "wan.xlsx"))
    yuan = read_ok(write_unit(second_data, "yuan.xlsx", unit="元"))
    assert digest(yuan) == digest(wan)


def test_sheet_order_names_text_numbers_blank_marks_and_extra_blanks(sample_copy):
    before = digest(read_ok(SAMPLE))

    def change(wb):
        for i, ws in enumerate(list(wb.worksheets)):
            if ws.title.startswith("公开"):
                ws.title = f"Sheet{i + 10}"
        wb.move_sheet(wb.worksheets[-1], offset=-(len(wb.worksheets) - 1))  # shuffle
        ws = next(w for w in wb.worksheets if w["A1"].value == "支出决算表")
        insert_blank_column(ws)              # an extra blank column
        insert_blank_row(ws, 4)              # an extra blank row inside the header area
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, float) or (isinstance(cell.value, int) and cell.column > 2):
                    cell.value = f"{cell.value:,.2f}" if cell.value else "-"
        t05 = next(w for w in wb.worksheets if w["A1"].value == "一般公共预算财政拨款支出决算表")
        t05.row_dimensions[find_cell(t05, "2080109").row].hidden = True
        insert_blank_row(wb["单位信息"], 2)
    edit(sample_copy, change)
    assert digest(read_ok(sample_copy)) == before


def test_label_folding_of_supplementary_sheets(sample_copy):
    def change(wb):
        cell = find_cell(wb["补充数据"], "因公出国（境）团组数")
        cell.value = " 因公出国(境) 团组数 "
    edit(sample_copy, change)
    assert "因公出国（境）团组数" in read_ok(sample_copy).supplement


def test_text_in_money_cell_is_an_error_at_that_cell(sample_copy):
    ref = {}

    def change(wb):
        cell = coded_cell(wb["公开03表"], "20805", "本年支出合计")
        cell.value = "见附表"
        ref["cell"] = cell.coordinate
    edit(sample_copy, change)
    findings = read_workbook(sample_copy).findings
    assert [(f.code, str(f.refs[0])) for f in findings] == [("not-a-number", f"公开03表!{ref['cell']}")]


def test_formula_without_cached_value_is_an_error_not_zero(sample_copy):
    ref = {}

    def change(wb):
        cell = find_cell(wb["上年数"], "收支总计").offset(column=1)
        cell.value = "=200+11.25"
        ref["cell"] = cell.coordinate
    edit(sample_copy, change)
    findings = read_workbook(sample_copy).findings
    assert [(f.code, str(f.refs[0])) for f in findings] == [("formula-no-value", f"上年数!{ref['cell']}")]
    assert "=200+11.25" in findings[0].message


def test_formula_with_cached_value_is_read(sample_copy, tmp_path):
    """A file saved by Excel keeps the computed value next to the formula: it is used."""
    import re
    import zipfile

    edit(sample_copy, lambda wb: setattr(find_cell(wb["上年数"], "收支总计").offset(column=1),
                                         "value", "=200+11.25"))
    out = tmp_path / "cached.xlsx"
    with zipfile.ZipFile(sample_copy) as zin, zipfile.ZipFile(out, "w") as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename.startswith("xl/worksheets/"):
                data = re.sub(rb"<f>200\+11\.25</f>(<v\s*/>|<v></v>)?", b"<f>200+11.25</f><v>211.25</v>", data)
            zout.writestr(item, data)
    result = read_workbook(out)
    assert not result.findings
    assert result.disclosure.prior["收支总计"].value == Decimal("211.25")


def test_missing_table_and_duplicate_table(sample_copy):
    def change(wb):
        wb.remove(wb["公开06表"])
        wb.copy_worksheet(wb["公开02表"])
    edit(sample_copy, change)
    codes = sorted(f.code for f in read_workbook(sample_copy).findings)
    assert codes == ["table-duplicate", "table-missing"]


def test_bad_code_and_unknown_budget_code(sample_copy):
    def change(wb):
        find_cell(wb["公开05表"], "2080199").value = "20801X9"
    edit(sample_copy, change)
    findings = read_workbook(sample_copy).findings
    assert [f.code for f in findings] == ["bad-code"]


def test_2022_titles_and_year_prefix_are_accepted(sample_copy):
    before = digest(read_ok(SAMPLE))

    def change(wb):
        find_cell(wb["公开01表"], "收入支出决算总表").value = "收入支出决算表"
        find_cell(wb["公开04表"], "财政拨款收入支出决算总表").value = "2021年度财政拨款收入支出决算表"
        find_cell(wb["公开09表"], "国有资本经营预算财政拨款支出决算表").value = "国有资本经营预算财政拨款收入支出决算表"
    edit(sample_copy, change)
    assert digest(read_ok(sample_copy)) == before


def test_vertical_three_costs_table(sample_copy):
    before = read_ok(SAMPLE).t07

    def change(wb):
        old = wb["公开07表"]
        index = wb.worksheets.index(old)
        wb.remove(old)
        ws = wb.create_sheet("三公", index)
        ws.append(["财政拨款“三公”经费支出决算表"])
        ws.append(["单位：万元"])
        ws.append(["项目", "预算数", "决算数"])
        for key in ("合计", "因公出国（境）费", "公务用车购置及运行费", "公务用车购置费", "公务用车运行费", "公务接待费"):
            ws.append([key, float(before.budget[key].value), float(before.actual[key].value)])
    edit(sample_copy, change)
    after = read_ok(sample_copy).t07
    assert {k: a.value for k, a in after.budget.items()} == {k: a.value for k, a in before.budget.items()}
    assert {k: a.value for k, a in after.actual.items()} == {k: a.value for k, a in before.actual.items()}


def test_excel_escaped_control_characters_are_decoded(sample_copy):
    """Excel stores a control character as ``_x0007_``: it is read as the character itself."""
    def change(wb):
        cell = find_cell(wb["情况说明"], "部门评价结论").offset(column=1)
        cell.value = "评价良好_x0007_，成效明显"
    edit(sample_copy, change)
    d = read_ok(sample_copy)
    assert d.explanations["部门评价结论"].value == "评价良好\x07，成效明显"
