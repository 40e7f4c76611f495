"""Every text defect of issue 10 planted at once, each in its own cell of the sample: each found at
its cell with its code and severity; the residue alone are errors."""
from __future__ import annotations

from generator.pipeline import check
from tests.audit.workbooks import change, copy_sample, value_cell

PLANTED = {  # (sheet, label) → (text, code, severity)
    ("情况说明", "一般性支出说明"): ("会议费有所增长（降低）。", "text-placeholder", "错误"),
    ("情况说明", "政府采购说明"): ("本年度政府采购XX万元。", "text-placeholder", "错误"),
    ("情况说明", "国有资产说明"): ("车辆□辆。", "text-placeholder", "错误"),
    ("情况说明", "绩效管理工作情况"): ("绩效管理{年度-1}年已完成", "unknown-figure", "错误"),
    ("情况说明", "三公经费预算执行原因"): ("主要主要是厉行节约", "text-doubled-word", "警告"),
    ("情况说明", "公务接待费用途"): ("主要是市级统筹(对接各县市区)", "text-halfwidth", "警告"),
    ("单位信息", "决算单位构成"): ("2020年度部门决算公开单位构成包括：本单位。", "text-wrong-year", "警告"),
    ("单位信息", "部门职责"): ("其中“三公”经费2.27万元。", "text-amount-mismatch", "错误"),
}


def test_each_planted_defect_is_found_at_its_cell(tmp_path):
    path = copy_sample(tmp_path)
    cells = {}

    def plant(wb):
        for (sheet, label), (text, code, severity) in PLANTED.items():
            cell = value_cell(wb[sheet], label)
            cell.value = text
            cells[f"{sheet}!{cell.coordinate}"] = (code, severity)
    change(path, plant)
    report = check(path).report
    found = {(str(f.refs[0]), f.code, f.severity.value) for f in report.findings if f.refs}
    for where, (code, severity) in cells.items():
        assert (where, code, severity) in found, (where, code)
    # nothing else blocks: the errors are exactly the four residue cells
    assert {(str(f.refs[0]), f.code) for f in report.errors} == {
        (w, c) for w, (c, s) in cells.items() if s == "错误"}
