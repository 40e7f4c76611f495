"""juesuan check: every finding in one run, grouped text and JSON, --rules, --annotate; and the
findings saved beside a built report (X.审核.txt)."""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from generator.audit import REGISTRY
from generator.cli import main
from tests.audit.workbooks import change, coded, copy_sample, value_cell
from tests.conftest import SAMPLE


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def broken(tmp_path) -> Path:
    """The sample with one error (05 款 20801 stated 1 too high in both columns) and one warning."""
    path = copy_sample(tmp_path)

    def mutate(wb):
        for column in ("小计", "基本支出"):
            cell = coded(wb, "公开05表", "20801", column)
            cell.value = cell.value + 1
    return change(path, mutate)


def test_sample_passes_with_warnings_grouped_by_severity():
    result = run("check", SAMPLE)
    assert result.exit_code == 0, result.output
    out = result.output
    assert "错误 0 个" in out
    assert out.index("【警告】") < out.index("【提示】")
    assert "evaluation-exceeds" in out and "rounding-difference" in out


def test_errors_exit_1_and_name_the_cell(broken):
    result = run("check", broken)
    assert result.exit_code == 1
    wb = openpyxl.load_workbook(broken)
    cell = coded(wb, "公开05表", "20801", "小计").coordinate
    assert "【错误】" in result.output and f"公开05表!{cell}" in result.output
    assert "subtotal-mismatch" in result.output and "处理建议" in result.output


def test_json_output_shape(broken):
    result = run("check", broken, "--format", "json")
    assert result.exit_code == 1
    data = json.loads(result.output)
    assert data["valid"] is False
    first = next(f for f in data["findings"] if f["code"] == "subtotal-mismatch")
    assert set(first) >= {"code", "severity", "rule", "locations", "message", "hint", "expected", "actual"}
    assert first["severity"] == "错误" and first["rule"] == "TAB-2"
    assert first["locations"][0].startswith("公开05表!")


def test_thirty_problems_are_listed_in_one_run(tmp_path):
    path = copy_sample(tmp_path)

    def mutate(wb):
        for n, row in enumerate(r for r in wb["年初预算"].iter_rows(min_row=2) if r[0].value):
            row[0].value = f"20899{n:02d}"          # 9 errors
        for row in (r for r in wb["上年数"].iter_rows(min_row=2) if r[0].value):
            row[1].value = -5                        # 9 errors (the sample's 9 上年数 rows)
        bodies = [r[1] for r in wb["绩效评价报告"].iter_rows(min_row=2) if r[0].value == "正文"]
        for cell in bodies[:14]:
            cell.value = "××单位XX万元。"             # 14 cells with 2 placeholders each
    change(path, mutate)
    data = json.loads(run("check", path, "--format", "json").output)
    codes = [f["code"] for f in data["findings"]]
    assert codes.count("budget-code-unknown") + codes.count("negative-prior") == 18
    assert codes.count("text-placeholder") == 28
    assert data["counts"]["错误"] == 18 + 28  # template residue is an error too


def test_rules_lists_every_rule_in_chinese():
    result = run("check", "--rules")
    assert result.exit_code == 0
    for r in REGISTRY:
        assert f"{r.id}  {r.title}" in result.output
        for code in r.codes:
            assert code in result.output
    assert "审核规则" in result.output


def test_workbook_required_without_rules():
    result = run("check")
    assert result.exit_code == 2
    assert "请指定要审核的工作簿" in result.output


def test_annotate_writes_marked_copy_and_leaves_input_alone(broken, tmp_path):
    before = digest(broken)
    out = tmp_path / "标注" / "marked.xlsx"
    result = run("check", broken, "--annotate", out)
    assert result.exit_code == 1
    assert digest(broken) == before
    assert out.is_file() and "已保存标注副本" in result.output
    wb = openpyxl.load_workbook(out)
    error_cell = coded(wb, "公开05表", "20801", "小计")   # the probable cause: strongest red
    assert error_cell.fill.fgColor.rgb.endswith("FF6B6B")
    assert error_cell.comment is not None and "应等于下级科目" in error_cell.comment.text
    assert "最可能填错" in error_cell.comment.text
    part = coded(wb, "公开05表", "2080109", "小计")   # a part of the broken sum: marked too
    assert part.comment is not None and "相关单元格" in part.comment.text
    warning_cell = value_cell(wb["补充数据"], "一般公共预算绩效自评资金")
    assert warning_cell.fill.fgColor.rgb.endswith("FFEB9C")
    summary = wb["审核结果"]
    codes = [row[1] for row in summary.iter_rows(min_row=2, values_only=True)]
    assert "subtotal-mismatch" in codes and "evaluation-exceeds" in codes
    untouched = coded(wb, "公开05表", "2080705", "小计")
    assert untouched.comment is None


def test_annotate_refuses_to_overwrite_the_input(broken):
    before = digest(broken)
    result = run("check", broken, "--annotate", broken)
    assert result.exit_code == 2
    assert digest(broken) == before


def test_build_saves_findings_beside_the_report(tmp_path):
    out = tmp_path / "out" / "报告.docx"
    result = run("build", SAMPLE, "-o", out)
    assert result.exit_code == 0, result.output
    saved = out.with_name("报告.审核.txt")
    assert saved.is_file()
    text = saved.read_text(encoding="utf-8")
    assert "evaluation-exceeds" in text and "rounding-difference" in text
    assert "evaluation-exceeds" in result.output      # warnings printed …
    assert "【提示】" not in result.output             # … 尾差 only in the file
    assert str(saved) in result.output


def test_build_with_errors_writes_neither_report_nor_audit_file(broken, tmp_path):
    out = tmp_path / "r.docx"
    result = run("build", broken, "-o", out)
    assert result.exit_code == 1
    assert not out.exists() and not out.with_name("r.审核.txt").exists()


def test_figures_list_the_template_name_and_prose_names_beside_the_free_text_name():
    result = run("check", "--figures", SAMPLE)
    assert result.exit_code == 0, result.output
    lines = {line.split("\t")[0]: line.split("\t")[1:] for line in result.output.splitlines()}
    # {“三公”经费合计} in free text; {{ 三公经费合计 }} in the Word template; prose also says “三公”经费
    value, template, prose = lines["{“三公”经费合计}"]
    assert value == "2.28 万元" and template == "{{ 三公经费合计 }}"
    assert "“三公”经费" in prose.split("、") and "“三公”经费支出" in prose.split("、")
    assert lines["{因公出国（境）费}"][1] == "{{ 因公出国境费 }}"
    assert "日常公用经费" in lines["{公用经费}"][2]
    assert lines["{本年收入合计}"][1:] == ["{{ 本年收入合计 }}"]  # no other prose name
