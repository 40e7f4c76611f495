"""The two JSON datasets (inputs/huaihua-2021.json, tests/fixtures/second_unit.json) once written:
the committed sample workbook equals a fresh build, both pass the real audit, and the second unit
takes every branch."""
from __future__ import annotations

import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import openpyxl

from generator.excel.writer import write_workbook
from tests.conftest import ROOT

SAMPLE_XLSX = ROOT / "inputs" / "huaihua-2021.xlsx"


def merged(ws) -> set[str]:
    return {str(r) for r in ws.merged_cells.ranges}


# The committed sample workbook cannot drift from its JSON


def sheet_contents(path: Path) -> dict:
    wb = openpyxl.load_workbook(path)
    return {
        ws.title: ([list(r) for r in ws.iter_rows(values_only=True)], sorted(merged(ws)))
        for ws in wb
    }


def test_committed_sample_equals_fresh_build(tmp_path):
    fresh = tmp_path / "fresh.xlsx"
    subprocess.run([sys.executable, str(ROOT / "inputs" / "build_sample.py"), str(fresh)],
                   check=True, capture_output=True)
    assert sheet_contents(SAMPLE_XLSX) == sheet_contents(fresh), (
        "inputs/huaihua-2021.xlsx is stale: run python inputs/build_sample.py")


# ---------------------------------------------------------------------------------------------
# The two datasets pass the real audit once written


def written_report(tmp_path: Path, data: dict, name: str):
    from generator.pipeline import check

    path = tmp_path / name
    write_workbook(data, path)
    return path, check(path).report


def d(value) -> Decimal:
    return Decimal(0) if value in (None, "") else Decimal(str(value))


def total_row(table: dict, key: str):
    return (table.get("合计") or {}).get(key)


def class_value(table: dict, code: str, key: str) -> Decimal:
    return next((d(r.get(key)) for r in table.get("rows") or [] if r["科目编码"] == code), Decimal(0))


def test_sample_passes_the_audit_with_only_its_published_residues(tmp_path, sample):
    path, report = written_report(tmp_path, sample, "sample.xlsx")
    assert report.valid, report.to_text()
    # The only sums off by a cent are the published 尾差: 208 ≠ Σ 款 and 21011 ≠ Σ 项 (0.01 each),
    # in the three tables that list them (02, 03, 05).
    residues = [f for f in report.findings if f.code == "rounding-difference"]
    assert residues
    wb = openpyxl.load_workbook(path)
    culprits = {(f.refs[0].sheet, wb[f.refs[0].sheet][f.refs[0].cell].row) for f in residues}
    codes = {wb[sheet].cell(row=row, column=1).value for sheet, row in culprits}
    assert codes == {"208", "21011"}
    assert {sheet for sheet, _ in culprits} == {"公开02表", "公开03表", "公开05表"}
    t = sample["tables"]
    # The figures of huaihua-2021-figures.md, with their real 尾差.
    assert total_row(t["03"], "本年支出合计") == "207.02"
    assert total_row(t["02"], "本年收入合计") == "203.90"
    assert class_value(t["03"], "208", "本年支出合计") == Decimal("200.65")
    assert sum(class_value(t["03"], c, "本年支出合计") for c in ("20801", "20805", "20807", "20899")) \
        == Decimal("200.66")
    assert class_value(t["03"], "21011", "本年支出合计") == Decimal("6.37")
    assert class_value(t["03"], "2101101", "本年支出合计") + class_value(t["03"], "2101199", "本年支出合计") \
        == Decimal("6.36")
    assert [r["科目编码"] for r in t["03"]["rows"]] == [r["科目编码"] for r in t["05"]["rows"]]
    assert sum(d(r["年初预算数"]) for r in sample["sheets"]["年初预算"]) == Decimal("141.33")
    assert not t["08"].get("rows") and not t["09"].get("rows")
    assert "名词解释" not in sample["sheets"]


def test_second_unit_passes_the_audit_exactly(tmp_path, second):
    _, report = written_report(tmp_path, second, "second.xlsx")
    assert report.valid, report.to_text()
    assert not [f for f in report.findings if f.code == "rounding-difference"]


def test_second_unit_covers_every_branch(second):
    t, s = second["tables"], second["sheets"]
    inc = t["01"]["收入"]
    assert d(inc["事业收入"]) > 0 and d(inc["其他收入"]) > 0
    assert d(total_row(t["03"], "项目支出")) > 0
    classes = [r for r in t["05"]["rows"] if len(r["科目编码"]) == 3]
    assert len(classes) >= 3
    assert len([r for r in t["05"]["rows"] if len(r["科目编码"]) == 7]) > len(classes)
    assert t["08"]["rows"] and d(total_row(t["08"], "本年支出")) > 0
    assert d(inc["政府性基金预算财政拨款收入"]) > 0
    actual = t["07"]["决算数"]
    assert all(d(actual[k]) > 0 for k in ("公务用车购置费", "公务用车运行费", "因公出国（境）费"))
    sup = s["补充数据"]
    assert d(sup["政府采购支出总额"]) > 0 and d(sup["授予小微企业合同金额"]) > 0
    assert sum(1 for k in ("主要领导干部用车", "机要通信用车", "执法执勤用车", "其他用车") if d(sup[k]) > 0) >= 3
    budget = {r["科目编码"]: d(r["年初预算数"]) for r in s["年初预算"]}
    spent = {r["科目编码"]: d(r["合计"]) for r in t["05"]["rows"] if len(r["科目编码"]) == 7}
    assert any(spent[c] < b for c, b in budget.items()) and any(spent[c] > b for c, b in budget.items())
    assert all(r["说明"] for r in s["年初预算"])
    assert set(spent) - set(budget)
    # both 上年 spending rows, different (04 total with 基金 vs 05 合计): §五 must take the 05 one
    assert d(s["上年数"]["财政拨款支出"]) != d(s["上年数"]["一般公共预算财政拨款支出"]) and len(s["上年数"]) >= 10
    assert d(sup["一般公共预算绩效自评一级项目数"]) > 0
    assert 2 <= len(s["名词解释"]) <= 3
    appendix = "".join(text for _, text in s["绩效评价报告"])
    assert "{基本支出}" in appendix and "{项目支出}" in appendix and "{收支总计}" in appendix
    assert s["单位信息"]["年度"] == "2022"
