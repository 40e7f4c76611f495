"""The rendered report: golden files of everything the sample and the second unit print
(paragraphs, table cells, chart series), closeness to the published reference, the errata stated
correctly, no template residue, and a second unit that takes every other branch."""
from __future__ import annotations

import re
import subprocess
import sys

import pytest

from generator.pipeline import build
from generator.render import docx_text
from tests import printed
from tests.conftest import SHARED

RESIDUE = re.compile(r"XX|×××|（降低）|\(降低\)|\{|\}|None|nan|增加0万元|减少0万元")


@pytest.mark.parametrize("kind", list(printed.KINDS))
@pytest.mark.parametrize("unit, stem", [("sample_report", "huaihua-2021"), ("second_report", "second-unit")])
def test_report_prints_the_golden_text(unit, stem, kind, request, golden):
    """Every paragraph, table row and chart series as reviewed in tests/golden/ (``--update-golden``
    rewrites the files; review their diff before committing)."""
    report = request.getfixturevalue(unit)
    golden(f"{stem}{'.' + kind if kind else ''}.txt", printed.KINDS[kind](report))


@pytest.mark.skipif(not (SHARED / "tools" / "compare_reference.py").exists(), reason="../shared not present")
def test_sample_regenerates_the_reference(sample_report):
    proc = subprocess.run([sys.executable, str(SHARED / "tools" / "compare_reference.py"), str(sample_report)],
                          capture_output=True, text=True)
    summary = proc.stdout.strip().splitlines()[-1]
    m = re.search(r"reproduced: (\d+)/(\d+)", summary)
    assert m and int(m.group(1)) >= 114, proc.stdout
    assert "order kept" in summary, proc.stdout


def test_errata_are_stated_correctly(sample_report):
    text = "\n".join(docx_text(sample_report))
    assert "收、支总计各减少4.23万元，下降2.00%" in text
    assert "减少4.24万元，下降2.01%" in text
    assert "减少1.11万元，下降0.53%" in text
    assert "比年初预算数增加25.80万元，增长108.13%" in text
    assert "共产生基本支出207.02万元，其中人员经费157.36万元，公用经费49.66万元，其中“三公”经费2.28万元" in text
    # published "组织对2021年度0等XX个政府性基金预算项目支出开展绩效自评，共涉及资金0万元，占…0%": the unit
    # has no 政府性基金 (§八), so one none-statement (issue 21)
    assert "本单位无政府性基金预算项目支出。本单位无国有资本经营预算项目支出。" in text
    assert "0个政府性基金预算项目" not in text and "无法计算" not in text


def test_no_template_residue(sample_report):
    for paragraph in docx_text(sample_report):
        assert not RESIDUE.search(paragraph), paragraph


@pytest.fixture(scope="module")
def second_text(second_report):
    return docx_text(second_report)


def _para(paragraphs, start):
    hits = [p for p in paragraphs if p.startswith(start)]
    assert hits, start
    return hits[0]


def test_second_unit_income_with_other_sources(second_text):
    # two 财政拨款 kinds: each with its own share of 收入合计 (650/870, 140/870; spec §二)
    assert _para(second_text, "2022年度收入合计") == (
        "2022年度收入合计870.00万元，其中：财政拨款收入790.00万元，占90.80%（其中：一般公共预算财政拨款收入650.00万元，"
        "占74.71%；政府性基金预算财政拨款收入140.00万元，占16.09%）；上级补助收入0万元，占0%；事业收入60.00万元，占6.90%；"
        "经营收入0万元，占0%；附属单位上缴收入0万元，占0%；其他收入20.00万元，占2.30%。")


def test_second_unit_expenditure_with_project_spending(second_text):
    assert _para(second_text, "2022年度支出合计") == (
        "2022年度支出合计892.10万元，其中：基本支出636.60万元，占71.36%；项目支出255.50万元，占28.64%；"
        "上缴上级支出0万元，占0%；经营支出0万元，占0%；对附属单位补助支出0万元，占0%。")


def test_second_unit_missing_prior_year_drops_the_comparison(second_text):
    assert _para(second_text, "2022年度财政拨款收、支总计") == "2022年度财政拨款收、支总计816.60万元。"
    assert "收、支总计各增加52.10万元，增长6.13%" in _para(second_text, "2022年度收、支总计")


def test_second_unit_several_classes(second_text):
    structure = _para(second_text, "2022年度一般公共预算财政拨款支出656.60万元，主要用于")
    assert "一般公共服务支出480.00万元，占73.10%" in structure
    assert "住房保障支出40.50万元，占6.17%" in structure


def test_second_unit_budget_below_above_and_missing(second_text):
    items = "\n".join(second_text)
    assert "年初预算为330.00万元，支出决算为320.00万元，完成年初预算的96.97%，决算数小于年初预算数的主要原因是" in items
    assert "年初预算为50.00万元，支出决算为60.00万元，完成年初预算的120.00%" in items
    # a 项 of table 05 with no 年初预算 row: budget 0, no rate, the comparison stated
    assert "年初预算为0万元，支出决算为12.00万元，决算数大于年初预算数。" in items


def test_second_unit_three_costs_with_vehicles_and_travel(second_text):
    items = "\n".join(second_text)
    assert "1、因公出国（境）费支出预算为10.00万元，支出决算为8.00万元，完成预算的80.00%，决算数小于预算数" in items
    assert "与上年相比增加8.00万元（上年无此项支出）" in items
    assert "公务用车购置费及运行维护费支出决算33.40万元，占74.39%" in items
    assert "公务用车购置费25.00万元，更新公务用车1辆" in items
    assert "全年安排因公出国（境）团组1个，累计3人次" in items


def test_second_unit_fund_table_procurement_and_assets(second_text):
    items = "\n".join(second_text)
    assert "本单位无政府性基金收支" not in items
    assert ("2022年度政府性基金预算财政拨款年初结转和结余20.00万元，本年收入140.00万元，本年支出150.00万元"
            "（其中：基本支出0万元，项目支出150.00万元），年末结转和结余10.00万元。") in items
    assert "授予中小企业合同金额50.00万元，占政府采购支出总额的83.33%" in items
    assert "授予小微企业合同金额30.00万元，占政府采购支出总额的50.00%" in items
    assert "部门共有车辆5辆，其中，主要领导干部用车1辆、机要通信用车1辆" in items
    assert "执法执勤用车2辆" in items
    assert "本单位无国有资本经营预算财政拨款支出。" in items


def test_second_unit_glossary_and_appendix_references(second_text):
    start = len(second_text) - second_text[::-1].index("第四部分 名词解释")  # after the 目录 entry
    part4 = second_text[start:]
    assert part4[2].startswith("政府性基金：")
    assert "“三公”经费：" not in "\n".join(part4[:4])
    for paragraph in second_text:
        assert not RESIDUE.search(paragraph), paragraph


def _body(path):
    """Body in order: each paragraph's text, each table as TABLE."""
    from docx import Document
    from docx.oxml.ns import qn
    return ["TABLE" if el.tag == qn("w:tbl") else "".join(t.text or "" for t in el.iter(qn("w:t")))
            for el in Document(str(path)).element.body]


@pytest.mark.parametrize("unit", ["sample", "second"])
def test_tables_last_layout(unit, tmp_path):
    """附表在后: 第一部分 单位概况 … 第五部分 附表, the nine tables (with their titles) only there."""
    import json
    from generator.excel.writer import write_workbook
    from tests.conftest import SAMPLE, SECOND_JSON
    workbook = SAMPLE
    if unit == "second":
        workbook = tmp_path / "second.xlsx"
        write_workbook(json.loads(SECOND_JSON.read_text(encoding="utf-8")), workbook)
    result = build(workbook, tmp_path / "r.docx", "附表在后")
    assert result.output, result.report.to_text()
    body = _body(result.output)
    year = "2021" if unit == "sample" else "2022"
    parts = ["第一部分 单位概况", f"第二部分 {year}年度部门决算情况说明", "第三部分 名词解释", "第四部分 附件",
             "第五部分 附表"]
    toc_end = body.index(parts[-1]) + 1  # the 目录 lists the parts first
    at = [body.index(p, toc_end) for p in parts]
    assert at == sorted(at)
    continued = sum(1 for x in body if x.startswith("续表（"))  # a long table's further parts
    assert body.count("TABLE") == 9 + continued and body.index("TABLE") > at[-1]
    titles = ["收入支出决算总表", "收入决算表", "支出决算表", "财政拨款收入支出决算总表", "一般公共预算财政拨款支出决算表",
              "一般公共预算财政拨款基本支出决算表", "一般公共预算财政拨款“三公”经费支出决算表",
              "政府性基金预算财政拨款收入支出决算表", "国有资本经营预算财政拨款支出决算表"]
    assert [x for x in body[at[-1]:] if x in titles] == titles
    assert "一、收入支出决算总体情况说明" in body[at[1]:at[2]]
    assert not any(RESIDUE.search(p) for p in body)


def test_sections_without_content_say_so(second_data, write_unit, tmp_path):
    """No bare headings: a section whose inputs are all absent states that there is nothing to
    report (published wording), instead of a heading followed by the next heading."""
    supplement = second_data["sheets"]["补充数据"]
    for label in ("机关运行经费", "机关运行经费年初预算", "政府采购支出总额", "一般公共预算绩效自评一级项目数",
                  "一般公共预算绩效自评资金", "政府性基金绩效自评项目数", "政府性基金绩效自评资金",
                  "国有资本经营绩效自评项目数", "国有资本经营绩效自评资金", "部门评价项目数", "整体支出评价单位数"):
        supplement.pop(label, None)
    explanations = second_data["sheets"]["情况说明"]
    for label in ("机关运行经费增减原因", "政府采购说明", "项目绩效自评结果", "绩效管理工作情况"):
        explanations.pop(label)
    result = build(write_unit(second_data), tmp_path / "r.docx")
    assert result.output, result.report.to_text()
    body = docx_text(result.output)
    after = lambda heading: body[len(body) - body[::-1].index(heading)]  # noqa: E731  (body, not 目录)
    assert after("十、机关运行经费支出说明") == "本单位无机关运行经费支出。"
    assert after("十二、政府采购支出说明") == "本单位无政府采购支出。"
    assert after("（二）部门决算中项目绩效自评结果。") == "本单位无项目绩效自评结果。"
    assert after("（一）绩效管理评价工作开展情况。") == "本单位本年度未开展预算绩效管理评价工作。"


def test_tables_last_builds_are_byte_identical(tmp_path):
    from tests.conftest import SAMPLE
    first = build(SAMPLE, tmp_path / "a.docx", "附表在后").output
    second = build(SAMPLE, tmp_path / "b.docx", "附表在后").output
    assert first.read_bytes() == second.read_bytes()


def test_partly_filled_sections_state_what_is_there(second_data, write_unit, tmp_path):
    """A 补充数据 label left out drops its clause only; the rest of the section keeps its figures."""
    supplement = second_data["sheets"]["补充数据"]
    for label in ("节庆晚会论坛赛事费", "车辆总数", "培训费"):
        supplement.pop(label)
    result = build(write_unit(second_data), tmp_path / "r.docx")
    assert result.output, result.report.to_text()
    body = docx_text(result.output)
    after = lambda heading: body[len(body) - body[::-1].index(heading)]  # noqa: E731  (body, not 目录)
    general = after("十一、一般性支出情况说明")
    assert general.startswith("2022年本部门开支会议费4.80万元，比上年减少0.20万元，下降4.00%。")  # 5.00 → 4.80
    assert "开支培训费" not in general and "节庆" not in general
    assets = after("十三、国有资产占用情况说明")
    assert assets.startswith("单位价值50万元以上通用设备0台（套）；单位价值100万元以上专用设备1台（套）。")


def test_nothing_is_said_once_not_as_a_chain_of_zeros(sample_report, second_text):
    """Issue 21 item 4: no share of a zero whole, no "无法计算百分比" chains, no 等1个项目."""
    for text in ("\n".join(docx_text(sample_report)), "\n".join(second_text)):
        assert "无法计算" not in text and "等1个项目" not in text
        assert "0个国有资本经营预算项目" not in text and "本单位无国有资本经营预算项目支出。" in text
    sample = "\n".join(docx_text(sample_report))
    # 政府采购支出总额 0: one none-statement instead of "…0万元，由于政府采购总额为0万元，无法计算百分比，其中：…"
    assert "本单位无政府采购支出。" in sample and "授予中小企业合同金额" not in sample
    assert "组织对1个项目（“专项业务（工作）经费”）开展了部门评价" in sample
    # the 湖南 §二/§三 lists keep their zeros (a zero part of a non-zero whole), as the reference does
    assert "上级补助收入0万元，占0%" in sample and "项目支出0万元，占0%" in sample


def test_a_reason_without_its_lead_is_joined_so_the_sentence_reads(second_data, write_unit, tmp_path):
    second_data["sheets"]["情况说明"]["公务接待费预算执行原因"] = "严格控制接待标准和陪餐人数"
    built = build(write_unit(second_data), tmp_path / "r.docx")
    assert built.output, built.report.to_text()
    text = "\n".join(docx_text(built.output))
    assert "决算数小于预算数，主要原因是严格控制接待标准和陪餐人数；" in text
    assert "减少的主要原因是接待批次减少" in text  # a clause that states its cause is kept as typed
