"""juesuan init: the blank workbook (layout, guidance, validation, protection), the refusal of an
unfilled workbook, the round trip blank → filled → report (the carry-forward: test_init_from)."""
from __future__ import annotations

import contextlib

import re
import zipfile
from pathlib import Path

import openpyxl
import pytest
from openpyxl.cell.cell import MergedCell
from click.testing import CliRunner

from generator.cli import main
from generator import schema
from tests.conftest import SAMPLE
from tests.helpers import find_cell


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def report_text(path: Path) -> str:
    """All text of a .docx body (paragraphs and table cells) in document order."""
    with zipfile.ZipFile(path) as zf:
        xml = zf.read("word/document.xml").decode("utf-8")
    return "\n".join(re.findall(r"<w:t(?:\s[^>]*)?>([^<]*)</w:t>", xml))


@pytest.fixture
def blank(tmp_path) -> Path:
    out = tmp_path / "新.xlsx"
    result = run("init", out, "--year", 2022, "--unit", "某某局")
    assert result.exit_code == 0, result.output
    return out


def by_title(wb, title: str):
    """The sheet whose first row holds ``title`` (tables) or is named ``title``."""
    for ws in wb.worksheets:
        if ws.title == title or ws.cell(row=1, column=1).value == title:
            return ws
    raise LookupError(title)


# ---------------------------------------------------------------------------------------------
# The blank workbook


def test_blank_has_every_table_and_label(blank):
    wb = openpyxl.load_workbook(blank)
    assert wb.sheetnames[0] == "填表说明"
    for spec in schema.TABLES:
        ws = by_title(wb, spec.title)
        assert find_cell(ws, "单位：万元")
        if spec.kind == "coded":
            assert find_cell(ws, "栏次") and find_cell(ws, "合计")
    # without a profile: no 版式 row, and none of the 上海 2024+ groups
    labels = {
        "单位信息": ("单位名称", "年度", "部门职责", "内设机构设置", "决算单位构成"), "上年数": schema.PRIOR_LABELS,
        # the two rows only the 上海 2024+ template prints (五（三）, 七（二）2) are not in the 湖南 blank
        "情况说明": [label for label in schema.EXPLANATION_LABELS if label not in ("财政拨款支出预算执行原因", "公务用车运行维护费用途")],
        "补充数据": [label for name, group in schema.SUPPLEMENT_GROUPS if "上海" not in name for label in group],
    }
    for sheet, wanted in labels.items():
        column = [c.value for c in wb[sheet]["A"]][1:]
        assert column == list(wanted), sheet
    info = wb["单位信息"]
    assert info["B2"].value == "某某局" and info["B3"].value == 2022
    for sheet in ("年初预算", "绩效评价报告", "名词解释"):
        assert wb[sheet]["A1"].value == getattr(schema, {"年初预算": "BUDGET", "绩效评价报告": "APPENDIX",
                                                   "名词解释": "GLOSSARY"}[sheet]).columns[0]


def test_blank_is_protected_with_open_data_cells_and_number_validation(blank):
    wb = openpyxl.load_workbook(blank)
    ws = by_title(wb, schema.T05.title)
    assert ws.protection.sheet and not ws.protection.password
    header = find_cell(ws, "科目编码")
    assert header.protection.locked
    total = find_cell(ws, "合计")
    total_money = ws.cell(row=total.row, column=3)  # Σ 类 rows: a formula, not typed
    row_total = ws.cell(row=total.row + 1, column=3)  # 小计 = 基本支出 + 项目支出: a formula
    money = ws.cell(row=total.row + 1, column=4)
    code = ws.cell(row=total.row + 1, column=1)
    assert str(total_money.value).startswith("=") and total_money.protection.locked
    assert str(row_total.value).startswith("=") and row_total.protection.locked
    assert not money.protection.locked and not code.protection.locked
    assert find_cell(ws, "栏次").protection.locked
    assert ws.freeze_panes == f"A{total.row}"
    validations = ws.data_validations.dataValidation
    assert validations and validations[0].type == "decimal"
    assert money.coordinate in validations[0].sqref
    assert code.coordinate not in validations[0].sqref and total_money.coordinate not in validations[0].sqref
    prior = wb["上年数"]
    assert prior.protection.sheet and prior["A1"].protection.locked
    assert not prior["B2"].protection.locked
    assert "B2" in prior.data_validations.dataValidation[0].sqref
    assert by_title(wb, schema.T01.title)["A1"].comment is not None  # guidance on each table


def test_build_on_blank_says_what_is_missing(blank, tmp_path):
    out = tmp_path / "r.docx"
    result = run("build", blank, "-o", out)
    assert result.exit_code == 1
    assert "workbook-empty" in result.output and "尚未填写" in result.output
    assert "formula-no-value" not in result.output  # the blank form stores its formulas' 0
    assert not out.exists()


def test_blank_without_unit_reports_required_fields(tmp_path):
    out = tmp_path / "b.xlsx"
    assert run("init", out).exit_code == 0
    result = run("check", out)
    assert result.exit_code == 1
    assert "required-missing" in result.output and "单位名称" in result.output


@pytest.mark.parametrize("name, needle", [("已有.xlsx", "已存在"), ("x.xls", ".xlsx")])
def test_init_refuses(tmp_path, name, needle):
    target = tmp_path / name
    if name.startswith("已有"):
        target.write_bytes(b"keep")
    result = run("init", target)
    assert result.exit_code == 2 and needle in result.output
    assert not name.startswith("已有") or target.read_bytes() == b"keep"


# ---------------------------------------------------------------------------------------------
# Round trip: fill the blank as a user would (by labels and rows), build the report


def _list_rows(ws, start: int, stop_label: str | None = None) -> list[int]:
    """Rows from ``start`` that hold data, up to a 注 line or ``stop_label``."""
    rows = []
    for r in range(start, ws.max_row + 1):
        lead = ws.cell(row=r, column=1).value
        if isinstance(lead, str) and (lead.startswith("注") or lead == stop_label):
            break
        if any(ws.cell(row=r, column=c).value is not None for c in range(1, ws.max_column + 1)):
            rows.append(r)
    return rows


def fill_from(source: Path, target: Path) -> None:
    """Copy every figure and text of ``source`` into the blank ``target``, by label and row."""
    src, dst = openpyxl.load_workbook(source), openpyxl.load_workbook(target)
    for spec in schema.TABLES:
        s, d = by_title(src, spec.title), by_title(dst, spec.title)
        if spec.kind in ("labelled", "three"):
            for row in s.iter_rows():
                for cell in row:
                    twin = d[cell.coordinate]
                    if isinstance(twin, MergedCell):
                        continue
                    if not twin.protection.locked:
                        twin.value = cell.value
                    elif isinstance(cell.value, str):
                        assert twin.value == cell.value, (spec.key, cell.coordinate)  # same labels
        elif spec.kind == "coded":
            s_total, d_total = find_cell(s, "合计") if _has(s, "合计") else None, find_cell(d, "合计")
            if s_total is None:
                continue
            pairs = [(s_total.row, d_total.row)]
            pairs += zip(_list_rows(s, s_total.row + 1), range(d_total.row + 1, d.max_row + 1))
            for sr, dr in pairs:
                for c in range(1, s.max_column + 1):
                    if not d.cell(row=dr, column=c).protection.locked:
                        d.cell(row=dr, column=c).value = s.cell(row=sr, column=c).value
        else:  # 06: items at the same places, then the two totals
            first = find_cell(s, "科目编码").row + 1
            for r in _list_rows(s, first, schema.PERSONNEL_TOTAL):
                for c in range(1, 10):
                    d.cell(row=r, column=c).value = s.cell(row=r, column=c).value
            # the two totals are formulas of the form
    for sheet in ("单位信息", "上年数", "补充数据", "情况说明"):
        s, d = src[sheet], dst[sheet]
        labels = {d.cell(row=r, column=1).value: r for r in range(2, d.max_row + 1)}
        for r in range(2, s.max_row + 1):
            label = s.cell(row=r, column=1).value
            d.cell(row=labels[label], column=2).value = s.cell(row=r, column=2).value
    for sheet in ("年初预算", "绩效评价报告"):
        for row in src[sheet].iter_rows(min_row=2):
            for cell in row:
                dst[sheet][cell.coordinate].value = cell.value
    dst.save(target)


def _has(ws, text: str) -> bool:
    try:
        find_cell(ws, text)
    except LookupError:
        return False
    return True


def recalculate(path: Path, tmp_path: Path, kind: str = "xlsx") -> Path:
    """``path`` opened and saved by LibreOffice (headless), which computes every formula and
    stores its value, as Excel and WPS do when the officer saves (``kind`` pdf: printed)."""
    import os
    import subprocess

    from generator.pdf import find_soffice

    soffice = find_soffice()
    if soffice is None:
        if os.environ.get("CI"):
            pytest.fail("LibreOffice is required in CI")
        pytest.skip("LibreOffice not installed")
    out = tmp_path / "recalculated"
    out.mkdir(exist_ok=True)
    profile = (tmp_path / "lo-profile").as_uri()
    subprocess.run([str(soffice), f"-env:UserInstallation={profile}", "--headless", "--norestore",
                    "--convert-to", kind, "--outdir", str(out), str(path)],
                   check=True, capture_output=True, timeout=240)
    return out / f"{path.stem}.{kind}"


def test_filled_without_saving_in_excel_asks_to_open_and_save(blank, tmp_path):
    """openpyxl (like any program that does not calculate) keeps the totals' formulas but
    stores no value: build says which cells and what to do."""
    fill_from(SAMPLE, blank)
    result = run("build", blank, "-o", tmp_path / "r.docx")
    assert result.exit_code == 1
    assert "formula-no-value" in result.output and "WPS 打开该文件并保存" in result.output
    assert "Traceback" not in result.output


def test_round_trip_blank_filled_gives_the_sample_report(blank, tmp_path, sample_report):
    """The officer types only the leaves; the form's formulas compute every total (checked
    against the published figures after LibreOffice computed them) and the report is the
    sample's."""
    fill_from(SAMPLE, blank)
    saved = recalculate(blank, tmp_path)
    wb = openpyxl.load_workbook(saved, data_only=True)
    t01 = by_title(wb, schema.T01.title)
    income = find_cell(t01, "本年收入合计")
    assert t01.cell(row=income.row, column=3).value == pytest.approx(203.90)   # reference 203.90
    assert t01.cell(row=income.row, column=6).value == pytest.approx(207.02)   # reference 207.02
    t05 = by_title(wb, schema.T05.title)
    total = find_cell(t05, "合计")
    assert [t05.cell(row=total.row, column=c).value for c in (3, 4, 5)] == \
        [pytest.approx(x) for x in (207.02, 207.02, 0)]
    t06 = by_title(wb, schema.T06.title)
    last = find_cell(t06, schema.PERSONNEL_TOTAL).row
    assert t06.cell(row=last, column=3).value == pytest.approx(157.36)
    assert t06.cell(row=last, column=9).value == pytest.approx(49.66)
    out = tmp_path / "r.docx"
    result = run("build", saved, "-o", out)
    assert result.exit_code == 0, result.output
    assert report_text(out) == report_text(sample_report)


def test_input_cells_are_light_yellow_as_the_guidance_says(blank):
    wb = openpyxl.load_workbook(blank)
    assert any("浅黄色" in str(c.value) for c in wb["填表说明"]["A"])
    ws = by_title(wb, schema.T05.title)
    total = find_cell(ws, "合计")
    leaf = ws.cell(row=total.row + 1, column=4)
    assert leaf.fill.fgColor.rgb.endswith("FFF2CC") and not leaf.protection.locked
    formula = ws.cell(row=total.row, column=3)
    assert formula.fill.fill_type is None and formula.protection.locked
    info = wb["单位信息"]
    assert info["B2"].fill.fgColor.rgb.endswith("FFF2CC")


def test_guidance_fits_the_printed_page(blank, tmp_path):
    """Printed (LibreOffice → PDF), every line of 填表说明 is there in full: nothing is cut at the
    page's right edge."""
    import subprocess

    from generator.excel.form import GUIDANCE

    wb = openpyxl.load_workbook(blank)
    ws = wb["填表说明"]
    assert ws.page_setup.fitToWidth == 1 and ws.sheet_properties.pageSetUpPr.fitToPage
    assert all(c.alignment.wrap_text for c in ws["A"])
    only_guidance = tmp_path / "guidance.xlsx"
    for title in wb.sheetnames[1:]:
        del wb[title]
    wb.save(only_guidance)
    pdf = recalculate(only_guidance, tmp_path, "pdf")
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    flat = "".join(text.split())
    for line in GUIDANCE:
        assert "".join(line.split()) in flat, line


def test_next_step_repeats_the_path_as_given_quoted(tmp_path):
    runner = CliRunner()
    with contextlib.chdir(tmp_path):
        result = runner.invoke(main, ["init", "子目录/新 单位.xlsx"])
        assert result.exit_code == 0, result.output
        assert 'juesuan build "子目录/新 单位.xlsx"' in result.output
        assert Path("子目录/新 单位.xlsx").is_file()
        result = runner.invoke(main, ["init", "子目录/单位.xlsx"])
        assert "juesuan build 子目录/单位.xlsx" in result.output
