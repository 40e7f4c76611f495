"""The broken-workbook corpus: one clean workbook (the sample, or the second unit written by
the writer) with a few cells changed per rule. Each case must yield its rule's code at the
expected cell, and no error of any other code; every registered rule must have a case."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

import pytest

from generator.audit import REGISTRY
from generator.findings import Severity
from generator.pipeline import check
from tests.audit.workbooks import (
    add, appendix_cell, basic_cell, change, coded, copy_sample, line_cell, three_cell,
    value_cell, write_second,
)


@dataclass(frozen=True)
class Case:
    rule: str
    code: str
    sheet: str                      # expected location: sheet …
    locate: Callable                # … and cell, found by label in the changed workbook
    mutate: Callable
    base: str = "sample"            # sample | second
    also: frozenset = field(default_factory=frozenset)  # other error codes the change must cause
    why: str = ""


def _chain(*cells_of):
    """Add 1 to each cell returned by the callables (a consistent change along a 科目 branch)."""
    def mutate(wb):
        for cell_of in cells_of:
            add(cell_of(wb), 1)
    return mutate


def branch(table, column, codes=("2080109", "20801", "208", "合计")):
    return [lambda wb, c=c: coded(wb, table, c, column) for c in codes]


def t01(label, nth=1):
    return lambda wb: line_cell(wb["公开01表"], label, nth=nth)


def t04(label, column="金额", nth=1):
    return lambda wb: line_cell(wb["公开04表"], label, column, nth=nth)


def sup(sheet, label):
    return lambda wb: value_cell(wb[sheet], label)


def label_of(sheet, label):
    from tests.helpers import find_cell
    return lambda wb: find_cell(wb[sheet], label)


def set_to(cell_of, value):
    def mutate(wb):
        cell_of(wb).value = value
    return mutate


def clear_row(sheet, label):
    def mutate(wb):
        cell = label_of(sheet, label)(wb)
        for c in wb[sheet][cell.row]:
            c.value = None
    return mutate


def append_rows(sheet, *rows):
    """Rows (项目, 数值) added below the last row of a labelled sheet (e.g. the 上海 labels)."""
    def mutate(wb):
        ws = wb[sheet]
        for label, value in rows:
            ws.append([label, value])
    return mutate


def first_cell(sheet):
    return lambda wb: wb[sheet]["A1"]


APPENDIX_ROW = "2、项目支出"
appendix = lambda wb: appendix_cell(wb, APPENDIX_ROW)  # noqa: E731


def add_class_302(wb):
    """Table 06: a 302 class line in the empty third block, stated 1 more than its items."""
    ws = wb["公开06表"]
    code_cell = basic_cell(wb, "30201")
    row = code_cell.row
    col = max(c.column for c in ws[row - 1] if c.value == "决算数")  # last block
    ws.cell(row=row, column=col - 2).value = "302"
    ws.cell(row=row, column=col - 1).value = "商品和服务支出"
    items = [basic_cell(wb, code).value for code in
             ("30201", "30207", "30211", "30217", "30228", "30229", "30239", "30299")]
    ws.cell(row=row, column=col).value = round(sum(items), 2) + 1


def class_302(wb):
    ws = wb["公开06表"]
    from tests.helpers import find_cell
    label = find_cell(ws, "302")
    return ws.cell(row=label.row, column=label.column + 2)


def carried_unchanged(wb):
    """As ``init --from`` leaves it: 部门职责 recorded as carried from last year, still unchanged."""
    ws = wb.create_sheet("上年结转文字")
    ws.append(["工作表", "项目", "上年文字"])
    ws.append(["单位信息", "部门职责", value_cell(wb["单位信息"], "部门职责").value])
    ws.sheet_state = "hidden"


CASES = [
    Case("CAR-1", "carried-text-unchanged", "单位信息", sup("单位信息", "部门职责"), carried_unchanged),
    Case("T01-1", "sum-mismatch", "公开01表", t01("本年收入合计"), _chain(t01("五、事业收入")),
         also=frozenset({"cross-mismatch"}), why="02 合计行的事业收入随之与 01 不一致"),
    Case("T01-2", "sum-mismatch", "公开01表", t01("总计"), _chain(t01("年初结转和结余"))),
    Case("T01-3", "total-mismatch", "公开01表", t01("本年支出合计"), _chain(t01("八、社会保障和就业支出")),
         also=frozenset({"cross-mismatch"}), why="03 表的 208 类随之与 01 不一致"),
    Case("T01-4", "sum-mismatch", "公开01表", t01("总计", nth=2), _chain(t01("结余分配"))),
    Case("T01-5", "unbalanced", "公开01表", t01("总计", nth=2),
         _chain(t01("年初结转和结余"), t01("总计"))),
    Case("T04-1", "sum-mismatch", "公开04表", t04("年初财政拨款结转和结余"),
         _chain(t04("一般公共预算财政拨款"))),
    Case("T04-2", "sum-mismatch", "公开04表", t04("年末财政拨款结转和结余", "合计"),
         _chain(t04("一般公共预算财政拨款", "合计", nth=2))),
    Case("T04-3", "unbalanced", "公开04表", t04("总计", "合计", nth=2),
         _chain(t04("年初财政拨款结转和结余"), t04("一般公共预算财政拨款"), t04("总计"))),
    Case("TAB-1", "row-total-mismatch", "公开03表", lambda wb: coded(wb, "公开03表", "2080109", "本年支出合计"),
         _chain(*branch("公开03表", "上缴上级支出"))),
    Case("TAB-2", "subtotal-mismatch", "公开05表", lambda wb: coded(wb, "公开05表", "20801", "小计"),
         _chain(*branch("公开05表", "小计", ("20801",)), *branch("公开05表", "基本支出", ("20801",))),
         also=frozenset({"exceeds-03"}), why="05 20801 基本支出 now exceeds 03's"),
    Case("TAB-3", "total-mismatch", "公开05表", lambda wb: coded(wb, "公开05表", "合计", "小计"),
         _chain(*branch("公开05表", "小计", ("2080109", "20801", "208")),
                *branch("公开05表", "基本支出", ("2080109", "20801", "208"))),
         also=frozenset({"exceeds-03"}), why="05 基本支出 now exceeds 03's along the branch"),
    Case("T08-1", "carryover-mismatch", "公开08表", lambda wb: coded(wb, "公开08表", "2120801", "年末结转和结余"),
         _chain(*branch("公开08表", "年末结转和结余", ("2120801", "21208", "212", "合计"))), base="second"),
    Case("T06-1", "sum-mismatch", "公开06表", lambda wb: basic_cell(wb, "人员经费合计"),
         _chain(lambda wb: basic_cell(wb, "30101"))),
    Case("T06-2", "subtotal-mismatch", "公开06表", class_302, add_class_302),
    Case("T07-1", "sum-mismatch", "公开07表", lambda wb: three_cell(wb, "决算数", "合计"),
         _chain(lambda wb: three_cell(wb, "决算数", "合计"))),
    Case("T07-2", "sum-mismatch", "公开07表", lambda wb: three_cell(wb, "预算数", "小计"),
         _chain(lambda wb: three_cell(wb, "预算数", "公务用车购置费"))),
    Case("X-1", "cross-mismatch", "公开02表", lambda wb: coded(wb, "公开02表", "合计", "本年收入合计"),
         _chain(*branch("公开02表", "事业收入"), *branch("公开02表", "本年收入合计"))),
    Case("X-2", "cross-mismatch", "公开03表", lambda wb: coded(wb, "公开03表", "合计", "本年支出合计"),
         _chain(*branch("公开03表", "上缴上级支出"), *branch("公开03表", "本年支出合计"))),
    Case("X-3", "cross-mismatch", "公开04表", t04("本年支出合计", "一般公共预算财政拨款"),
         _chain(*branch("公开05表", "项目支出"), *branch("公开05表", "小计")),
         also=frozenset({"exceeds-03"}), why="05 项目支出 now exceeds 03's along the branch"),
    Case("X-4", "cross-mismatch", "公开04表", t04("一、一般公共预算财政拨款"),
         lambda wb: [add(t04("一、一般公共预算财政拨款")(wb), 1), add(t04("本年收入合计")(wb), 1),
                     add(t04("年初财政拨款结转和结余")(wb), -1), add(t04("一般公共预算财政拨款")(wb), -1)]),
    Case("X-5", "cross-mismatch", "公开05表", lambda wb: coded(wb, "公开05表", "合计", "基本支出"),
         _chain(lambda wb: basic_cell(wb, "30101"), lambda wb: basic_cell(wb, "人员经费合计"))),
    Case("X-6", "reception-exceeds", "公开07表", lambda wb: three_cell(wb, "决算数", "公务接待费"),
         _chain(lambda wb: three_cell(wb, "决算数", "公务接待费"), lambda wb: three_cell(wb, "决算数", "合计"))),
    Case("X-7", "exceeds-03", "公开05表", lambda wb: coded(wb, "公开05表", "2080109", "基本支出"),
         lambda wb: [add(coded(wb, "公开03表", "2080109", "基本支出"), -1),
                     add(coded(wb, "公开03表", "2080109", "本年支出合计"), -1),
                     add(coded(wb, "公开03表", "2080199", "基本支出"), 1),
                     add(coded(wb, "公开03表", "2080199", "本年支出合计"), 1)],
         why="1 moved within 03's 20801 from 2080109 to 2080199: 05 2080109 (142.93) > 03 (141.93)"),
    Case("SUP-1", "budget-code-unknown", "年初预算", label_of("年初预算", "2080110"),
         set_to(label_of("年初预算", "2080109"), "2080110")),
    Case("SUP-12", "fund-budget-code-unknown", "政府性基金年初预算", label_of("政府性基金年初预算", "2080109"),
         lambda wb: [ws := wb.create_sheet("政府性基金年初预算"), ws.append(["科目编码", "科目名称", "年初预算数", "说明"]),
                     ws.append(["2080109", "社会保险经办机构", 10, "追加预算"])],
         why="a 一般公共预算 项 (05) entered as a 政府性基金 one: not a 项 of 08"),
    Case("SUP-2", "negative-prior", "上年数", sup("上年数", "收支总计"), set_to(sup("上年数", "收支总计"), -1)),
    Case("SUP-3", "sum-mismatch", "补充数据", sup("补充数据", "政府采购支出总额"),
         set_to(sup("补充数据", "政府采购货物支出"), 5)),
    Case("SUP-3", "procurement-order", "补充数据", sup("补充数据", "授予中小企业合同金额"),
         set_to(sup("补充数据", "授予中小企业合同金额"), 5)),
    Case("SUP-4", "sum-mismatch", "补充数据", sup("补充数据", "车辆总数"), set_to(sup("补充数据", "其他用车"), 2)),
    Case("SUP-5", "evaluation-exceeds", "补充数据", sup("补充数据", "一般公共预算绩效自评资金"),
         set_to(sup("补充数据", "一般公共预算绩效自评资金"), 61), base="second"),
    Case("SUP-6", "label-missing", "上年数", first_cell("上年数"), clear_row("上年数", "收支总计")),
    Case("SUP-7", "label-missing", "补充数据", first_cell("补充数据"), clear_row("补充数据", "会议费")),
    Case("SUP-8", "clause-missing", "情况说明", sup("情况说明", "机关运行经费增减原因"),
         set_to(sup("情况说明", "机关运行经费增减原因"), None)),
    # 上海 2024+ labels added to the sample: 12 won in projects reserved for 10.
    Case("SUP-9", "reserved-exceeds", "补充数据", sup("补充数据", "预留项目中小企业中标金额"),
         append_rows("补充数据", ("面向中小企业预留项目预算金额", 10), ("预留项目中小企业中标金额", 12))),
    Case("SUP-10", "count-not-whole", "补充数据", sup("补充数据", "公务接待批次"),
         set_to(sup("补充数据", "公务接待批次"), 2.5)),
    # 4 projects self-evaluated, graded 3 + 0 + 0 + 0.
    Case("SUP-11", "sum-mismatch", "补充数据", sup("补充数据", "绩效自评项目数"),
         append_rows("补充数据", ("绩效自评项目数", 4), ("绩效评级优项目数", 3), ("绩效评级良项目数", 0),
                     ("绩效评级合格项目数", 0), ("绩效评级不合格项目数", 0))),
    Case("CMP-1", "workbook-empty", "", None, lambda wb: blank_tables(wb)),
    Case("TXT-1", "unknown-figure", "绩效评价报告", appendix,
         set_to(appendix, "2、项目支出：{不存在的数字}万元。")),
    Case("TXT-2", "text-amount-mismatch", "绩效评价报告", appendix,
         set_to(appendix, "2、项目支出：共产生基本支出203.9万元。")),
    Case("TXT-3", "text-placeholder", "绩效评价报告", appendix,
         set_to(appendix, "2、项目支出：共涉及0等XX个项目。")),
    Case("TXT-4", "text-control-char", "绩效评价报告", appendix,
         set_to(appendix, "2、项目支出：2021年无项目_x0007_资金安排。")),
    # 上年 211.25 typed as 21.13: 207.02 / 21.13 ≈ 9.8, a tenfold jump (issue 10's example).
    Case("PLB-1", "prior-decimal-slip", "上年数", sup("上年数", "收支总计"),
         set_to(sup("上年数", "收支总计"), 21.13)),
    # 上年 211.25 万元 typed in 元: 2112500 / 207.02 ≈ 10⁴ (issue 21), an error.
    Case("PLB-1", "prior-unit-mix", "上年数", sup("上年数", "收支总计"), set_to(sup("上年数", "收支总计"), 2112500)),
    # 公务接待费 2.28 this year against 1.00 last year: +128 %, beyond ±50 % but no power of ten.
    Case("PLB-1", "prior-change-large", "上年数", sup("上年数", "公务接待费"),
         set_to(sup("上年数", "公务接待费"), 1)),
    # 公务接待费 fell from 2.43 to 2.28, the clause speaks of an increase.
    Case("PLB-2", "reason-direction", "情况说明", sup("情况说明", "公务接待费增减原因"),
         set_to(sup("情况说明", "公务接待费增减原因"), "增加的主要原因是接待批次增加")),
    Case("SEC-1", "section-empty", "单位信息", sup("单位信息", "内设机构设置"),
         set_to(sup("单位信息", "内设机构设置"), None)),
    Case("SEC-1", "section-empty", "绩效评价报告", lambda wb: appendix_cell(wb, "三、部门专项组织实施情况"),
         lambda wb: set_to(appendix_after("三、部门专项组织实施情况"), None)(wb)),
    Case("TXT-5", "text-doubled-word", "绩效评价报告", appendix,
         set_to(appendix, "2、项目支出：2021年无项目的的资金安排。")),
    Case("TXT-6", "text-halfwidth", "绩效评价报告", appendix,
         set_to(appendix, "2、项目支出(一):2021年无项目资金安排,特此说明。")),
    # 05 2080109 基本支出 typed 124.93 (is 142.93): its row total and 20801's 基本支出 fail.
    Case("CAUSE", "probable-cause", "公开05表", lambda wb: coded(wb, "公开05表", "2080109", "基本支出"),
         set_to(lambda wb: coded(wb, "公开05表", "2080109", "基本支出"), 124.93),
         also=frozenset({"row-total-mismatch", "subtotal-mismatch"}), why="the errors it causes"),
    Case("TXT-7", "text-wrong-year", "单位信息", sup("单位信息", "决算单位构成"),
         set_to(sup("单位信息", "决算单位构成"), "2020年部门决算公开单位构成包括：本单位。")),
]


def appendix_after(starts_with):
    """绩效评价报告: the 内容 cell right below the row starting with ``starts_with``."""
    def cell(wb):
        above = appendix_cell(wb, starts_with)
        return above.parent.cell(row=above.row + 1, column=above.column)
    return cell


def blank_tables(wb):
    """Every number of the nine tables set to blank (an unfilled workbook)."""
    for ws in wb.worksheets:
        if not ws.title.startswith("公开"):
            continue
        for row in ws.iter_rows(min_row=6):
            if any(c.value == "栏次" for c in row):
                continue
            for cell in row:
                if isinstance(cell.value, (int, float)) and cell.column not in (2, 5):  # keep 行次
                    cell.value = None


def _ids(case: Case) -> str:
    return f"{case.rule}-{case.code}"


def build_case(case: Case, tmp_path):
    path = copy_sample(tmp_path) if case.base == "sample" else write_second(tmp_path)
    change(path, case.mutate)
    if case.locate is None:  # a finding about the whole workbook: no cell
        return check(path).report, ""
    import openpyxl
    cell = case.locate(openpyxl.load_workbook(path))
    return check(path).report, f"{case.sheet}!{cell.coordinate}"


@pytest.mark.parametrize("case", CASES, ids=_ids)
def test_corpus_case_yields_its_code_at_its_cell(case: Case, tmp_path):
    report, where = build_case(case, tmp_path)
    hits = [f for f in report.findings
            if f.code == case.code and (str(f.refs[0]) if f.refs else "") == where]
    assert hits, f"{case.code} at {where} not found in:\n{report.to_text()}"
    assert all(f.rule == case.rule for f in hits)
    # probable-cause only names the culprit of the case's own errors (tested in test_culprit)
    other_errors = {f.code for f in report.errors} - {case.code, "probable-cause"} - case.also
    assert not other_errors, report.to_text()
    for code in case.also:  # the coupled errors really are caused by the change
        assert code in {f.code for f in report.errors}, report.to_text()


@pytest.mark.parametrize("base", ["sample", "second"])
def test_clean_bases_have_no_error(base, tmp_path):
    path = copy_sample(tmp_path) if base == "sample" else write_second(tmp_path)
    report = check(path).report
    assert report.valid, report.to_text()


def test_every_registered_rule_has_a_corpus_case():
    covered = {c.rule for c in CASES}
    missing = [r.id for r in REGISTRY if r.id not in covered]
    assert not missing, f"rules without a broken-workbook case: {missing}"


def test_every_case_code_is_declared_by_its_rule():
    codes = {r.id: set(r.codes) for r in REGISTRY}
    for case in CASES:
        assert case.code in codes[case.rule], case


def test_error_cases_block_and_warning_cases_do_not(tmp_path):
    """Severity is part of the contract: errors block the report, warnings do not."""
    from generator.findings import CATALOGUE
    assert CATALOGUE["sum-mismatch"].severity is Severity.ERROR
    assert CATALOGUE["evaluation-exceeds"].severity is Severity.WARNING
    assert CATALOGUE["rounding-difference"].severity is Severity.INFO
    # issue 21: wrong figures in print block the build
    assert CATALOGUE["text-amount-mismatch"].severity is Severity.ERROR
    assert CATALOGUE["prior-unit-mix"].severity is Severity.ERROR
    assert CATALOGUE["prior-decimal-slip"].severity is Severity.WARNING
