"""The supplementary sheets: titles, columns, the labels each knows, the unit line."""
from __future__ import annotations

import re
from dataclasses import dataclass

from .tables import THREE_COST_EXPLANATIONS, THREE_COSTS_PRIOR

# ---------------------------------------------------------------------------------------------
# Supplementary sheets


@dataclass(frozen=True)
class SheetSpec:
    """A supplementary sheet: title, its columns, and the labels it knows (in order)."""

    title: str
    columns: tuple[str, ...]
    labels: tuple[str, ...] = ()
    numeric: tuple[str, ...] = ()   # labels whose value is a number (money or count)
    required: tuple[str, ...] = ()
    optional: bool = False
    extra_columns: tuple[str, ...] = ()  # optional columns (read when present)
    blank_is_unknown: bool = False  # a blank value means "not known" (label dropped), not 0


UNIT_INFO = SheetSpec(
    title="单位信息", columns=("项目", "内容"),
    labels=("单位名称", "年度", "部门职责", "内设机构设置", "决算单位构成", "版式"),
    required=("单位名称", "年度"),
)

PRIOR_LABELS = (
    "收支总计", "本年收入合计", "本年支出合计", "财政拨款收支总计", "财政拨款支出",
    "一般公共预算财政拨款支出", "基本支出", "人员经费", "公用经费",
    *(cost.figure for cost in THREE_COSTS_PRIOR),  # “三公”经费合计 … 公务接待费 (07's order)
    "机关运行经费", "会议费", "培训费",
)
PRIOR = SheetSpec(title="上年数", columns=("项目", "上年决算数"), labels=PRIOR_LABELS,
                  numeric=PRIOR_LABELS, blank_is_unknown=True)
# Which row of last year's tables each 上年数 label means: the same row as the figure of this year
# it is compared with (derive.sections.PRIOR_OF). The form prints it beside each label.
PRIOR_MEANING_COLUMN = "对应上年决算的数字"
PRIOR_MEANING: dict[str, str] = {
    "收支总计": "上年公开01表“收入总计”（= 支出总计）",
    "本年收入合计": "上年公开01表“本年收入合计”",
    "本年支出合计": "上年公开01表“本年支出合计”",
    "财政拨款收支总计": "上年公开04表“收入总计”（= 支出总计）",
    "财政拨款支出": "上年公开04表“本年支出合计”的“合计”栏（一般公共预算、政府性基金、国有资本经营三类之和）",
    "一般公共预算财政拨款支出": "上年公开05表“合计”行的“合计”栏（只含一般公共预算；第三部分五用它比较）",
    "基本支出": "上年公开03表“合计”行的“基本支出”栏",
    "人员经费": "上年公开06表“人员经费合计”",
    "公用经费": "上年公开06表“公用经费合计”",
    **{cost.figure: f"上年公开07表“{cost.key}”的决算数" for cost in THREE_COSTS_PRIOR},
    "机关运行经费": "上年“补充数据”的“机关运行经费”",
    "会议费": "上年“补充数据”的“会议费”",
    "培训费": "上年“补充数据”的“培训费”",
}

# The hidden sheet where ``init --from`` records the texts it carried from last year:
# (工作表, 项目, 上年文字) rows under a header row (the carried-text rule compares them).
CARRIED_SHEET = "上年结转文字"

BUDGET = SheetSpec(title="年初预算", columns=("科目编码", "科目名称", "年初预算数", "说明"),
                   extra_columns=("主要用途",))
# 年初预算 主要用途 (上海 2024+): what the 项 paid for, printed as 五（三）'s `主要用于：…`.
BUDGET_USE = "主要用途"
# 政府性基金年初预算 (上海 2024+, optional): the same columns for each 项 of table 08 (§八 lists each
# like 五（三）). A sheet of its own: a 项 code may be in 05 and in 08 with different amounts.
FUND_BUDGET = SheetSpec(title="政府性基金年初预算", columns=BUDGET.columns, extra_columns=BUDGET.extra_columns,
                        optional=True)
BUDGET_SHEETS = (BUDGET, FUND_BUDGET)

# 国有资产: the vehicle kinds (their sum is 车辆总数) and the large equipment counted.
VEHICLE_KINDS = ("副部（省）级及以上领导用车", "主要领导干部用车", "机要通信用车", "应急保障用车",
                 "执法执勤用车", "特种专业技术用车", "离退休干部用车", "其他用车")
LARGE_EQUIPMENT = ("单位价值50万元以上通用设备", "单位价值100万元以上专用设备")
# 上海 2024+: one count of equipment at 100万元 or more a piece (vehicles excluded).
LARGE_EQUIPMENT_SH = "单价100万元（含）以上设备"

# 上海 2024+ 政府采购 预留 (万元): reserved for small firms, and who won the reserved projects.
RESERVED_SMALL, RESERVED_MICRO = "面向中小企业预留项目预算金额", "面向小微企业预留项目预算金额"
RESERVED_SMALL_WON, RESERVED_MICRO_WON = "预留项目中小企业中标金额", "预留项目中小微企业中标金额"
RESERVED = (RESERVED_SMALL, RESERVED_MICRO, RESERVED_SMALL_WON, RESERVED_MICRO_WON, "其他项目中小企业中标金额")

# 上海 2024+ 预算绩效管理情况: projects with 绩效目标 / 跟踪 / 自评 (count, 万元), the average score,
# the 自评 projects by grade, the problems found and their rectification.
PERFORMANCE_STAGES = ("绩效目标", "绩效跟踪", "绩效自评")
PERFORMANCE_SELF_COUNT = "绩效自评项目数"
PERFORMANCE_GRADES = ("绩效评级优项目数", "绩效评级良项目数", "绩效评级合格项目数", "绩效评级不合格项目数")
PERFORMANCE_PROBLEMS = ("绩效发现问题数", "绩效已整改问题数", "绩效正在整改问题数")
PERFORMANCE_SCORE = "绩效自评平均得分"
PERFORMANCE_SH = (*(f"{stage}{what}" for stage in PERFORMANCE_STAGES for what in ("项目数", "金额")),
                  PERFORMANCE_SCORE, *PERFORMANCE_GRADES, *PERFORMANCE_PROBLEMS)

SUPPLEMENT_GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("“三公”经费相关数量", (
        "因公出国（境）团组数", "因公出国（境）人次", "公务接待批次", "公务接待人次",
        "外事接待批次", "外事接待人次", "公务用车购置数", "公务用车保有量")),
    ("机关运行经费（万元）", ("机关运行经费", "机关运行经费年初预算")),
    ("一般性支出（万元）", ("会议费", "培训费", "节庆晚会论坛赛事费")),
    ("政府采购（万元）", (
        "政府采购支出总额", "政府采购货物支出", "政府采购工程支出", "政府采购服务支出",
        "授予中小企业合同金额", "授予小微企业合同金额")),
    ("国有资产（辆、台套）", ("车辆总数", *VEHICLE_KINDS, *LARGE_EQUIPMENT)),
    ("预算绩效", (
        "一般公共预算绩效自评一级项目数", "一般公共预算绩效自评二级项目数",
        "一般公共预算绩效自评资金", "政府性基金绩效自评项目数", "政府性基金绩效自评资金",
        "国有资本经营绩效自评项目数", "国有资本经营绩效自评资金", "部门评价项目数",
        "部门评价项目名称", "部门评价资金", "部门评价政府性基金资金", "部门评价国有资本经营资金",
        "整体支出评价单位数")),
    ("政府采购预留（万元，上海2024起）", RESERVED),
    ("国有资产（上海2024起，台套）", (LARGE_EQUIPMENT_SH,)),
    ("预算绩效（上海2024起）", PERFORMANCE_SH),
)
# The groups only some editions print (湖南: 一般性支出, the 湖南 绩效 counts, 50/100万元 equipment,
# 机关运行经费年初预算 and the contracts awarded to small firms;
# 上海 2024+: 预留, 100万元（含） equipment, the 上海 绩效 block). A workbook is warned about a missing
# label of such a group only when it has another label of its edition (``supplement_expected``).
_HUNAN_GROUPS = ("一般性支出（万元）", "预算绩效")
_SHANGHAI_GROUPS = ("政府采购预留（万元，上海2024起）", "国有资产（上海2024起，台套）", "预算绩效（上海2024起）")
SUPPLEMENT_SHANGHAI = tuple(label for name, labels in SUPPLEMENT_GROUPS if name in _SHANGHAI_GROUPS
                            for label in labels)
SUPPLEMENT_HUNAN = (*(label for name, labels in SUPPLEMENT_GROUPS if name in _HUNAN_GROUPS
                      for label in labels), *LARGE_EQUIPMENT,
                    "机关运行经费年初预算", "授予中小企业合同金额", "授予小微企业合同金额")
# Other names of a label (matched like the label itself).
LABEL_ALIASES = {"部级领导干部用车": "副部（省）级及以上领导用车"}
SUPPLEMENT_TEXT_LABELS = ("部门评价项目名称",)
_SUPPLEMENT_LABELS = tuple(label for _, labels in SUPPLEMENT_GROUPS for label in labels)
SUPPLEMENT = SheetSpec(
    title="补充数据", columns=("项目", "数值"), labels=_SUPPLEMENT_LABELS,
    numeric=tuple(l for l in _SUPPLEMENT_LABELS if l not in SUPPLEMENT_TEXT_LABELS),
)
# Money labels of 补充数据 (万元; the others are counts).
SUPPLEMENT_MONEY = (
    "机关运行经费", "机关运行经费年初预算", "会议费", "培训费", "节庆晚会论坛赛事费",
    "政府采购支出总额", "政府采购货物支出", "政府采购工程支出", "政府采购服务支出",
    "授予中小企业合同金额", "授予小微企业合同金额", "一般公共预算绩效自评资金",
    "政府性基金绩效自评资金", "国有资本经营绩效自评资金", "部门评价资金",
    "部门评价政府性基金资金", "部门评价国有资本经营资金", *RESERVED,
    *(f"{stage}金额" for stage in PERFORMANCE_STAGES),
)
# Labels of 补充数据 that are neither money nor a whole count.
SUPPLEMENT_SCORES = (PERFORMANCE_SCORE,)


def supplement_expected(present: "set[str] | frozenset[str]") -> tuple[str, ...]:
    """The 补充数据 labels a workbook with the labels ``present`` should have: the common ones, and
    those of the editions (湖南 / 上海 2024+) it has a label of (湖南 when it has neither)."""
    shanghai = any(label in present for label in SUPPLEMENT_SHANGHAI)
    hunan = any(label in present for label in SUPPLEMENT_HUNAN) or not shanghai
    return tuple(label for label in SUPPLEMENT.labels
                 if (label not in SUPPLEMENT_SHANGHAI or shanghai) and (label not in SUPPLEMENT_HUNAN or hunan))

EXPLANATION_LABELS = (
    "收支总计增减原因", "财政拨款收支增减原因", "财政拨款支出增减原因", "财政拨款支出预算执行原因",
    *(label for _, label in THREE_COST_EXPLANATIONS),  # 三公经费预算执行原因 … 公务用车运行维护费用途
    "机关运行经费增减原因", "一般性支出说明", "政府采购说明", "国有资产说明", "绩效管理工作情况",
    "部门评价结论", "整体支出评价结论", "项目绩效自评结果", "部门评价项目绩效评价结果",
)
EXPLANATIONS = SheetSpec(title="情况说明", columns=("项目", "说明"), labels=EXPLANATION_LABELS)
# Printed by the 上海 2024+ template only (五（三）的总体原因, 七（二）2 的公务用车运行维护费用途): the
# default blank (湖南) leaves them out; ``init --profile`` writes exactly the rows a profile prints.
EXPLANATION_SHANGHAI = ("财政拨款支出预算执行原因", "公务用车运行维护费用途")

APPENDIX = SheetSpec(title="绩效评价报告", columns=("层级", "内容"))
APPENDIX_LEVELS = ("标题", "1", "2", "正文")

GLOSSARY = SheetSpec(title="名词解释", columns=("名词", "解释"), optional=True)

# 单位构成 (a 部门 with member units, 上海 2024+): one row per unit, 本级 first.
MEMBERS = SheetSpec(title="单位构成", columns=("单位名称", "备注"), optional=True)

SHEETS: tuple[SheetSpec, ...] = (UNIT_INFO, PRIOR, BUDGET, FUND_BUDGET, SUPPLEMENT, EXPLANATIONS,
                                 APPENDIX, GLOSSARY, MEMBERS)

# Unit lines: 单位：万元 / 金额单位：万元 / 单位：元.
UNIT_LINE = re.compile(r"(?:金额)?单位[:：]\s*(万元|元)")
