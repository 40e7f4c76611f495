"""A part that the layout leaves out by design is unknown, never 0 (spec/workbook.md): hand-laid
04 tables (tests/fixtures/real/build.py, openpyxl only) that print no 年初 kind rows, or a 年末
row with only 合计, give no false sum error; a real mismatch with every part known still does."""
from __future__ import annotations

from decimal import Decimal

import openpyxl
import pytest

from generator.pipeline import check
from tests.excel.corpus import digest, sample_digest
from tests.fixtures.real.build import Shape, build

SUM_CODES = {"sum-mismatch", "row-total-mismatch", "parts-exceed-total", "total-mismatch",
             "unbalanced", "rounding-difference", "probable-cause"}
YEAR_START_KINDS = {f"年初{k}" for k in ("一般公共预算财政拨款", "政府性基金预算财政拨款", "国有资本经营预算财政拨款")}
YEAR_END_KINDS = {k.replace("年初", "年末") for k in YEAR_START_KINDS}


@pytest.fixture(scope="module")
def workdir(tmp_path_factory):
    return tmp_path_factory.mktemp("unknown")


@pytest.fixture(scope="module")
def sample(workdir):
    """The sample's model and the finding codes of the standard hand-laid shape."""
    return sample_digest(), sorted(f.code for f in check(build(Shape(), workdir / "std.xlsx")).report.findings)


def _without(model: dict, keys: set[str]) -> dict:
    out = dict(model)
    out["t04"] = {k: v for k, v in model["t04"].items() if k not in keys}
    return out


def _rows(ws, col: int, label: str) -> list[int]:
    return [r for r in range(1, ws.max_row + 1) if ws.cell(r, col).value == label]


def _edit(path, change):
    wb = openpyxl.load_workbook(path)
    change(wb["公开04表"])
    wb.save(path)
    return path


# Standard shape of table 04 (build.py): income labels in A, amount in C; expense labels in D,
# 合计 | 一般公共预算 | 政府性基金 | 国有资本经营 in F | G | H | I.
A, C, D, F, G = 1, 3, 4, 6, 7


def test_04_without_year_start_kind_rows_has_no_sum_error(sample, workdir):
    model, codes = sample
    result = check(build(Shape(year_start="none"), workdir / "no-start-kinds.xlsx"))
    # 年初财政拨款结转和结余 3.12 with no kind rows under it: unknown, not 0 + 0 + 0
    assert sorted(f.code for f in result.report.findings) == codes
    d = result.disclosure
    assert d.t04.get("年初财政拨款结转和结余") == Decimal("3.12")
    assert not YEAR_START_KINDS & set(d.t04.lines)
    assert digest(d) == _without(model, YEAR_START_KINDS)


def _year_end_only_total(path, kind_cell=None, shape="total-only"):
    """年末 5.00 in 合计 only (no kind rows, blank kind cells); 年初 and both 总计 raised to match.
    With ``shape="both"`` the same figures with the 年末 kinds printed (一般公共预算 5.00)."""
    def change(ws):
        end = _rows(ws, D, "年末财政拨款结转和结余")[0]
        ws.cell(end, F).value = 5.0
        if kind_cell is not None:
            ws.cell(end, G).value = kind_cell
        total = _rows(ws, D, "总计")[0]
        ws.cell(total, F).value = 212.02
        ws.cell(total, G).value = 212.02
        start = _rows(ws, A, "年初财政拨款结转和结余")[0]
        ws.cell(start, C).value = 8.12
        ws.cell(start + 1, C).value = 8.12   # its 一般公共预算财政拨款 kind row
        ws.cell(_rows(ws, A, "总计")[0], C).value = 212.02
        if shape == "both":
            ws.cell(end, G).value = 5.0
            ws.cell(end + 1, F).value = 5.0   # the 年末 一般公共预算财政拨款 kind row
    return _edit(build(Shape(year_end=shape), path), change)


def test_04_year_end_row_with_only_its_total_has_no_sum_error(workdir):
    result = check(_year_end_only_total(workdir / "end-total-only.xlsx"))
    on_04 = [f for f in result.report.findings if f.code in SUM_CODES and f.refs[0].sheet == "公开04表"]
    assert on_04 == []
    assert [f for f in result.report.findings if f.severity.value == "错误"] == []
    assert "line-missing" not in {f.code for f in result.report.findings}
    t04 = result.disclosure.t04
    assert t04.amount("年末财政拨款结转和结余", "合计").value == Decimal("5.00")
    # the kinds are unknown (absent), not zeros
    assert set(t04.lines["年末财政拨款结转和结余"]) == {"合计"}
    assert not YEAR_END_KINDS & set(t04.lines)
    # otherwise the same model and figures as the same numbers with the kinds printed
    full = digest(check(_year_end_only_total(workdir / "end-both.xlsx", shape="both")).disclosure)
    full = _without(full, YEAR_END_KINDS)
    full["t04"]["年末财政拨款结转和结余"] = {"合计": Decimal("5")}
    assert digest(result.disclosure) == full


def test_04_year_end_kinds_shown_in_part_are_bounded_by_the_total(workdir):
    # 一般公共预算 6.00 on a 年末 row whose 合计 is 5.00: no unknown kind can repair that
    path = _year_end_only_total(workdir / "end-exceeds.xlsx", kind_cell=6.0)
    row = _rows(openpyxl.load_workbook(path)["公开04表"], D, "年末财政拨款结转和结余")[0]
    result = check(path)
    found = [f for f in result.report.findings if f.code == "parts-exceed-total"]
    # the row's 合计 = three kinds, and the 年末 合计 = its kind lines (copied from this row)
    assert found and all([str(r) for r in f.refs] == [f"公开04表!F{row}", f"公开04表!G{row}"]
                         for f in found)
    assert (found[0].expected, found[0].actual) == (Decimal("6"), Decimal("5"))
    missing = [f for f in result.report.findings if f.code == "line-missing"]
    assert len(missing) == 2  # the two kinds left out of a breakdown printed in part are named


def test_a_real_mismatch_with_every_part_known_is_still_an_error(workdir):
    def change(ws):  # 年末 一般公共预算财政拨款 kind row 0.00 → 1.00; the 年末 合计 stays 0.00
        end = _rows(ws, D, "年末财政拨款结转和结余")[0]
        ws.cell(end + 1, F).value = 1.0
    path = _edit(build(Shape(year_end="kinds"), workdir / "kinds-wrong.xlsx"), change)
    row = _rows(openpyxl.load_workbook(path)["公开04表"], D, "年末财政拨款结转和结余")[0]
    result = check(path)
    errors = [f for f in result.report.findings if f.code == "sum-mismatch"]
    at_total = [f for f in errors if str(f.refs[0]) == f"公开04表!F{row}"]
    assert len(at_total) == 1 and (at_total[0].expected, at_total[0].actual) == (Decimal("1"), Decimal("0"))
    # the culprit search still names the typed cell (all parts known)
    causes = [f for f in result.report.findings if f.code == "probable-cause"]
    assert [str(f.refs[0]) for f in causes] == [f"公开04表!F{row + 1}"]


def test_a_wrong_year_start_total_without_kind_rows_is_still_an_error(workdir):
    def change(ws):  # 年初 3.12 → 4.12: 收入总计 = 本年收入合计 + 年初 (all known) fails
        ws.cell(_rows(ws, A, "年初财政拨款结转和结余")[0], C).value = 4.12
    result = check(_edit(build(Shape(year_start="none"), workdir / "start-wrong.xlsx"), change))
    assert "sum-mismatch" in {f.code for f in result.report.findings if f.severity.value == "错误"}
