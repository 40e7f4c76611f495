"""No cascades: a cell that could not be read is reported once (by the reader); the identities
and comparisons involving it are not reported again. And template residue stops the build."""
from __future__ import annotations

from click.testing import CliRunner

from generator.cli import main
from generator.pipeline import check
from tests.audit.workbooks import appendix_cell, change, coded, copy_sample, value_cell


def _set(tmp_path, locate, value):
    path = copy_sample(tmp_path)
    where = {}

    def mutate(wb):
        cell = locate(wb)
        cell.value = value
        where["ref"] = f"{cell.parent.title}!{cell.coordinate}"
    change(path, mutate)
    return path, where["ref"]


def test_text_in_an_item_amount_is_reported_once(tmp_path):
    """05 2080109 基本支出 reads “一百四十二”: without the rule its row total and 20801's
    基本支出 would fail too (the amount counts as 0)."""
    path, cell = _set(tmp_path, lambda wb: coded(wb, "公开05表", "2080109", "基本支出"), "一百四十二")
    report = check(path).report
    assert [(f.code, str(f.refs[0])) for f in report.errors] == [("not-a-number", cell)]


def test_formula_without_value_in_prior_year_is_reported_once(tmp_path):
    """上年收支总计 as a formula never computed: no 'change' warnings built on its 0."""
    path, cell = _set(tmp_path, lambda wb: value_cell(wb["上年数"], "收支总计"), "=200+11.25")
    report = check(path).report
    assert [(f.code, str(f.refs[0])) for f in report.errors] == [("formula-no-value", cell)]
    assert not [f for f in report.findings if f.code in ("reason-direction", "prior-change-large",
                                                          "prior-unit-mix", "prior-decimal-slip")]


def test_residue_stops_the_build_with_exit_1_and_no_report(tmp_path):
    path, cell = _set(tmp_path, lambda wb: appendix_cell(wb, "2、项目支出"),
                      "2、项目支出：组织对0等XX个项目有所增长（降低）。")
    out = tmp_path / "dist" / "报告.docx"
    result = CliRunner().invoke(main, ["build", str(path), "-o", str(out)])
    assert result.exit_code == 1, result.output
    assert not out.exists() and not list(tmp_path.glob("dist/*"))
    assert cell in result.output and "text-placeholder" in result.output
