"""The 上海 2024+ rules of 补充数据 (SUP-9 预留, SUP-10 whole counts, SUP-11 绩效 counts) beyond their
corpus cases: what holds gives nothing, and which labels SUP-7 asks for depends on the profile."""
from __future__ import annotations

from generator.pipeline import check
from tests.audit.workbooks import change, copy_sample, value_cell


def _append(*rows):
    def mutate(wb):
        for row in rows:
            wb["补充数据"].append(list(row))
    return mutate


def _codes(path, *codes):
    return [f for f in check(path).report.findings if f.code in codes]


def test_consistent_shanghai_counts_give_nothing(tmp_path):
    # 普陀区财政局 2024: 4 projects self-evaluated, all 优; 246.47 reserved and won by small firms.
    path = change(copy_sample(tmp_path), _append(
        ("面向中小企业预留项目预算金额", 246.47), ("预留项目中小企业中标金额", 246.47),
        ("面向小微企业预留项目预算金额", 0), ("预留项目中小微企业中标金额", 0),
        ("绩效自评项目数", 4), ("绩效评级优项目数", 4), ("绩效评级良项目数", 0), ("绩效评级合格项目数", 0),
        ("绩效评级不合格项目数", 0), ("绩效发现问题数", 3), ("绩效已整改问题数", 2), ("绩效正在整改问题数", 1),
        ("绩效自评平均得分", 99.43)))
    assert not _codes(path, "reserved-exceeds", "count-not-whole", "sum-mismatch", "parts-exceed-total")


def test_problems_must_add_up(tmp_path):
    path = change(copy_sample(tmp_path), _append(
        ("绩效发现问题数", 3), ("绩效已整改问题数", 1), ("绩效正在整改问题数", 1)))
    hits = _codes(path, "sum-mismatch")
    assert len(hits) == 1 and "绩效发现问题数" in hits[0].message and "应为 2" in hits[0].message


def test_micro_reserved_won_beyond_its_budget(tmp_path):
    path = change(copy_sample(tmp_path), _append(
        ("面向小微企业预留项目预算金额", 5), ("预留项目中小微企业中标金额", 5.5)))
    [hit] = _codes(path, "reserved-exceeds")
    assert "预留项目中小微企业中标金额" in hit.message and "差额 0.5" in hit.message


def test_negative_count_is_not_a_count(tmp_path):
    path = change(copy_sample(tmp_path), lambda wb: setattr(value_cell(wb["补充数据"], "公务用车保有量"), "value", -1))
    [hit] = _codes(path, "count-not-whole")
    assert "公务用车保有量" in hit.message


def _missing(path):
    return {f.message.split("“")[-1].split("”")[0] for f in check(path).report.findings
            if f.code == "label-missing" and f.refs and f.refs[0].sheet == "补充数据"}


def test_hunan_workbook_is_not_asked_for_shanghai_labels(tmp_path):
    missing = _missing(copy_sample(tmp_path))
    assert missing == {"外事接待批次", "外事接待人次"}   # the sample's own gaps, no 上海 2024+ label


def test_shanghai_workbook_is_asked_for_the_rest_of_its_edition(tmp_path):
    # the profile decides which rows the report prints (单位信息 版式 = 上海2024), not the rows present
    def shanghai(wb):
        _append(("单价100万元（含）以上设备", 2))(wb)
        wb["单位信息"].append(["版式", "上海2024"])
    path = change(copy_sample(tmp_path), shanghai)
    missing = _missing(path)
    assert {"面向中小企业预留项目预算金额", "绩效自评项目数", "绩效评级优项目数"} <= missing
    assert "单价100万元（含）以上设备" not in missing and "会议费" not in missing  # the sample has 湖南 labels too


def test_hunan_workbook_with_some_shanghai_rows_is_not_asked_for_the_others(tmp_path):
    # 湖南2021 prints no 预留 amount: one present does not make the other 上海 2024+ rows required
    path = change(copy_sample(tmp_path), _append(("面向中小企业预留项目预算金额", 246.47), ("绩效自评项目数", 4)))
    missing = _missing(path)
    assert "面向小微企业预留项目预算金额" not in missing and "绩效评级优项目数" not in missing
    assert missing == {"外事接待批次", "外事接待人次"}


def test_shanghai_workbook_missing_one_of_its_rows_is_told_which(tmp_path):
    # 普陀区财政局 2024 (tests/fixtures/shanghai) without its 面向小微企业预留 row
    from tests.fixtures.shanghai.build import build
    from tests.fixtures.shanghai.units import CZJ

    unit = {**CZJ, "supplement": {k: v for k, v in CZJ["supplement"].items() if k != "面向小微企业预留项目预算金额"}}
    hits = [f for f in check(build(unit, tmp_path / "finance.xlsx")).report.findings
            if f.code == "label-missing" and f.refs and f.refs[0].sheet == "补充数据"]
    assert [(f.refs[0].sheet, f.message) for f in hits] == [
        ("补充数据", "“补充数据”中缺少项目“面向小微企业预留项目预算金额”，报告中相关内容将被省略。")]


def test_the_rule_asks_for_exactly_the_rows_it_is_given(tmp_path):
    from generator.audit import run_audit

    checked = check(copy_sample(tmp_path))
    d, figures = checked.disclosure, checked.figures

    def asked(rows):
        return {f.message.split("“")[-1].split("”")[0]
                for f in run_audit(d, figures, only=["SUP-7"], supplement_rows=rows)}
    assert asked(["外事接待批次", "面向中小企业预留项目预算金额", "会议费"]) == {"外事接待批次", "面向中小企业预留项目预算金额"}
    assert asked(None) == set() and asked([]) == set()


def _culture(tmp_path, mutate=None):
    from tests.fixtures.shanghai.build import build
    from tests.fixtures.shanghai.units import WENLV

    path = build(WENLV, tmp_path / "culture.xlsx")
    return check(change(path, mutate) if mutate else path)


def test_fund_budget_lines_are_the_items_of_08_and_kept_apart_from_05s(tmp_path):
    # 普陀区文化和旅游局 2025: its two 政府性基金 项 with their reasons, nothing to report
    checked = _culture(tmp_path)
    assert not [f for f in checked.report.findings if f.code in ("fund-budget-code-unknown", "budget-code-unknown")]
    d = checked.disclosure
    assert [(b.code, b.budget.value, b.use.value) for b in d.fund_budgets] == [
        ("2070904", 0, "旅游厕所质量提升工程"), ("2121999", 0, "真如海心剧院精装修工程")]
    assert "2070904" not in {b.code for b in d.budgets}  # not taken for a 一般公共预算 项


def test_a_fund_budget_reason_for_a_code_not_in_08_is_an_error(tmp_path):
    # 2070101 行政运行 is a 项 of 05, not of 08: its reason belongs in 年初预算
    def add(wb):
        wb["政府性基金年初预算"].append(["2070101", "行政运行", 0, "人员经费减少", "局本部运转"])
    hits = [f for f in _culture(tmp_path, add).report.findings if f.code == "fund-budget-code-unknown"]
    assert len(hits) == 1 and "2070101" in hits[0].message and hits[0].refs[0].sheet == "政府性基金年初预算"
    assert "公开08表" in hits[0].message


def test_a_placeholder_in_a_fund_budget_use_is_found_at_its_cell(tmp_path):
    def fill(wb):
        wb["政府性基金年初预算"]["E2"] = "XX工程"   # 2070904's 主要用途
    hits = [f for f in _culture(tmp_path, fill).report.findings if f.refs and str(f.refs[0]) == "政府性基金年初预算!E2"]
    assert [f.rule for f in hits] == ["TXT-3"]


def _clause(finding) -> str:
    """The row a clause-missing finding names: “情况说明”中“<row>”没有填写……"""
    return finding.message.split("中“", 1)[1].split("”", 1)[0]


def _clauses_asked(checked):
    return {_clause(f) for f in checked.report.findings if f.code == "clause-missing"}


def test_sup8_asks_only_for_the_explanations_the_profile_prints(tmp_path):
    """The 上海 template has no 一般性支出 section, no 部门评价 and no 附件, and its 七 gives no
    budget reason per “三公” item (the official template; the four published 普陀区 reports): a
    上海 workbook is not asked for those. The 湖南 sample still is (its report prints them)."""
    from tests.fixtures.shanghai.build import build
    from tests.fixtures.shanghai.units import WENLV

    blank = {**WENLV, "explanations": {"收支总计增减原因": "项目经费收入支出增加"}}  # the other rows left out
    asked = _clauses_asked(check(build(blank, tmp_path / "culture.xlsx")))
    never_printed = {"一般性支出说明", "部门评价结论", "整体支出评价结论", "项目绩效自评结果", "部门评价项目绩效评价结果",
                     "公务接待费预算执行原因", "公务用车预算执行原因", "因公出国（境）费预算执行原因"}
    assert not asked & never_printed
    assert {"财政拨款支出预算执行原因", "公务用车运行维护费用途", "三公经费预算执行原因", "政府采购说明"} <= asked
    # 普陀区财政局 2024 spent no “三公” (its published 七): what 公务接待 and 公务用车 were used for is not asked
    from tests.fixtures.shanghai.units import CZJ

    finance = _clauses_asked(check(build({**CZJ, "explanations": {"收支总计增减原因": "……"}}, tmp_path / "f.xlsx")))
    assert "财政拨款支出预算执行原因" in finance
    assert not finance & {"公务接待费用途", "公务用车运行维护费用途"}
    hunan = _clauses_asked(check(copy_sample(tmp_path)))
    assert {"一般性支出说明", "政府采购说明"} <= hunan
    assert not hunan & {"财政拨款支出预算执行原因", "公务用车运行维护费用途"}


def test_sup8_without_the_rows_asks_for_every_label(tmp_path):
    from generator.audit import run_audit

    checked = check(copy_sample(tmp_path))
    d, figures = checked.disclosure, checked.figures

    def asked(rows):
        return {_clause(f) for f in run_audit(d, figures, only=["SUP-8"], explanation_rows=rows)}
    everything = asked(None)
    assert {"一般性支出说明", "财政拨款支出预算执行原因"} <= everything
    assert asked(["一般性支出说明", "收支总计增减原因"]) == {"一般性支出说明"}  # the sample has 收支总计增减原因


def test_the_blanks_explanation_rows_are_those_the_default_profile_prints():
    """schema.EXPLANATION_SHANGHAI (left out of the 湖南 blank) is exactly what 湖南2021 does not print."""
    from generator.excel.writer import blank_data
    from generator.pipeline import explanation_rows
    from generator.profiles import choose

    hunan, _ = choose("湖南2021", None)
    assert list(blank_data(2024)["sheets"]["情况说明"]) == explanation_rows(hunan)
