"""juesuan init: the blank workbook (layout, guidance, validation, protection), the refusal of an
unfilled workbook, the round trip blank → filled → report, and the carry-forward from last year."""
from __future__ import annotations

import re
import zipfile
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from openpyxl.cell.cell import MergedCell
from click.testing import CliRunner

from generator.cli import main
from generator import schema as L
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
    for spec in L.TABLES:
        ws = by_title(wb, spec.title)
        assert find_cell(ws, "单位：万元")
        if spec.kind == "coded":
            assert find_cell(ws, "栏次") and find_cell(ws, "合计")
    labels = {
        "单位信息": L.UNIT_INFO.labels, "上年数": L.PRIOR_LABELS, "情况说明": L.EXPLANATION_LABELS,
        "补充数据": [label for _, group in L.SUPPLEMENT_GROUPS for label in group],
    }
    for sheet, wanted in labels.items():
        column = [c.value for c in wb[sheet]["A"]][1:]
        assert column == list(wanted), sheet
    info = wb["单位信息"]
    assert info["B2"].value == "某某局" and info["B3"].value == 2022
    for sheet in ("年初预算", "绩效评价报告", "名词解释"):
        assert wb[sheet]["A1"].value == getattr(L, {"年初预算": "BUDGET", "绩效评价报告": "APPENDIX",
                                                   "名词解释": "GLOSSARY"}[sheet]).columns[0]


def test_blank_is_protected_with_open_data_cells_and_number_validation(blank):
    wb = openpyxl.load_workbook(blank)
    ws = by_title(wb, L.T05.title)
    assert ws.protection.sheet and not ws.protection.password
    header = find_cell(ws, "科目编码")
    assert header.protection.locked
    total = find_cell(ws, "合计")
    money = ws.cell(row=total.row, column=3)
    code = ws.cell(row=total.row + 1, column=1)
    assert not money.protection.locked and not code.protection.locked
    assert find_cell(ws, "栏次").protection.locked
    assert ws.freeze_panes == f"A{total.row}"
    validations = ws.data_validations.dataValidation
    assert validations and validations[0].type == "decimal"
    assert money.coordinate in validations[0].sqref
    assert code.coordinate not in validations[0].sqref
    prior = wb["上年数"]
    assert prior.protection.sheet and prior["A1"].protection.locked
    assert not prior["B2"].protection.locked
    assert "B2" in prior.data_validations.dataValidation[0].sqref
    assert by_title(wb, L.T01.title)["A1"].comment is not None  # guidance on each table


def test_build_on_blank_says_what_is_missing(blank, tmp_path):
    out = tmp_path / "r.docx"
    result = run("build", blank, "-o", out)
    assert result.exit_code == 1
    assert "workbook-empty" in result.output and "尚未填写" in result.output
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
    for spec in L.TABLES:
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
            for r in _list_rows(s, first, L.PERSONNEL_TOTAL):
                for c in range(1, 10):
                    d.cell(row=r, column=c).value = s.cell(row=r, column=c).value
            s_tot, d_tot = find_cell(s, L.PERSONNEL_TOTAL).row, find_cell(d, L.PERSONNEL_TOTAL).row
            for c in (3, 9):
                d.cell(row=d_tot, column=c).value = s.cell(row=s_tot, column=c).value
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


def test_round_trip_blank_filled_gives_the_sample_report(blank, tmp_path, sample_report):
    fill_from(SAMPLE, blank)
    out = tmp_path / "r.docx"
    result = run("build", blank, "-o", out)
    assert result.exit_code == 0, result.output
    assert report_text(out) == report_text(sample_report)


# ---------------------------------------------------------------------------------------------
# Carry forward from last year


@pytest.fixture(scope="module")
def carried(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("carry") / "2022.xlsx"
    result = run("init", out, "--from", SAMPLE)
    assert result.exit_code == 0, result.output
    return out


def test_carry_fills_prior_year_from_last_years_tables(carried):
    from generator.excel.reader import read_workbook
    from generator.figures import named_figures

    d = read_workbook(carried).disclosure
    assert d.year == "2022" and d.unit_name == read_workbook(SAMPLE).disclosure.unit_name
    prior = {label: a.value for label, a in d.prior.items()}
    assert prior["收支总计"] == Decimal("207.02")
    last = named_figures(read_workbook(SAMPLE).disclosure)
    assert prior == {label: last[label] for label in L.PRIOR_LABELS}


def test_carry_keeps_subjects_and_texts_without_amounts(carried):
    from generator.excel.reader import read_workbook

    new, old = read_workbook(carried).disclosure, read_workbook(SAMPLE).disclosure
    for key in ("t02", "t03", "t05", "t08", "t09"):
        assert [(r.code, r.name) for r in getattr(new, key).rows] == \
               [(r.code, r.name) for r in getattr(old, key).rows]
        assert all(a.value == 0 for r in getattr(new, key).rows for a in r.values.values())
    assert [(i.code, i.name) for i in new.t06.items] == [(i.code, i.name) for i in old.t06.items]
    assert [(b.code, b.name, b.budget.value, b.note) for b in new.budgets] == \
           [(b.code, b.name, 0, None) for b in old.budgets]
    for label in ("部门职责", "内设机构设置", "决算单位构成"):
        assert new.unit[label].value == old.unit[label].value
    assert not any(t.value for t in new.explanations.values()) and not new.appendix
    wb = openpyxl.load_workbook(carried)
    assert all(c.value is None for c in by_title(wb, L.T07.title)[find_cell(
        by_title(wb, L.T07.title), "公务接待费").row + 2])


def test_carry_workbook_is_refused_until_filled(carried, tmp_path):
    result = run("build", carried, "-o", tmp_path / "r.docx")
    assert result.exit_code == 1 and "workbook-empty" in result.output


def test_carry_from_unreadable_file(tmp_path):
    bogus = tmp_path / "去年.xlsx"
    bogus.write_text("不是表格", encoding="utf-8")
    result = run("init", tmp_path / "n.xlsx", "--from", bogus)
    assert result.exit_code == 2 and "去年.xlsx" in result.output
    assert not (tmp_path / "n.xlsx").exists()
