"""What each section of 第三部分 uses: figures, 上年数, 预算数 and 情况说明 clauses.

What each section of 第三部分 uses: its figures, the 上年数 labels they are compared with, the
预算数 they are measured against and the 情况说明 clauses (with the condition under which a
clause has a sentence to go into). Declared once: the template context (``context``) and the
audit's missing-input rules (``audit.supplementary``) both read it."""
from __future__ import annotations

from dataclasses import dataclass

from ..schema import (LARGE_EQUIPMENT, THREE_CAR, THREE_CAR_PARTS, THREE_COST_EXPLANATIONS, THREE_COST_FIGURES,
                      THREE_COSTS, THREE_COSTS_PRIOR, VEHICLE_KINDS)

# A clause is needed always (None), when a 上年数 of the figure exists ("上年:<figure>"), when a
# 补充数据 count is above 0 ("数量:<label>") or when the figure is not 0 ("非零:<figure>": what a
# spending was used for).
ALWAYS = None


@dataclass(frozen=True)
class Section:
    """One section of 第三部分: its number, its figures and its 情况说明 clauses."""

    number: str                              # 一 … 十四
    figures: tuple[str, ...]                 # canonical figure names (``figures.FIGURE_NAMES``)
    clauses: tuple[tuple[str, str | None], ...] = ()  # (情况说明 label, condition)


# Figure → the 上年数 labels it is compared with: the first present is used; for a figure in
# ``PRIOR_SUMMED`` the present ones are added up. Each label means the same row of last year's
# tables as the figure of this year (``schema.PRIOR_MEANING``): like with like, never a neighbour
# (财政拨款支出 is 04 本年支出合计, all three kinds; 一般公共预算财政拨款支出 is 05 合计).
_THREE_FIGURE = {cost.key: cost.figure for cost in THREE_COSTS}
PRIOR_OF: dict[str, tuple[str, ...]] = {
    "收支总计": ("收支总计",),
    "财政拨款收支总计": ("财政拨款收支总计",),
    "财政拨款支出": ("财政拨款支出",),
    "一般公共预算财政拨款支出": ("一般公共预算财政拨款支出",),
    # the 三公 lines: each its own 上年数 row (the total too: 07 决算数 合计, which 上海 §七 compares),
    # the 公务用车 小计 the sum of its parts' rows
    **{cost.figure: (cost.figure,) for cost in THREE_COSTS_PRIOR},
    THREE_CAR.figure: tuple(_THREE_FIGURE[key] for key in THREE_CAR_PARTS),
    "机关运行经费": ("机关运行经费",),
    "会议费": ("会议费",),
    "培训费": ("培训费",),
}
PRIOR_SUMMED = frozenset({THREE_CAR.figure})

# Figure → the figure (or 补充数据 label) holding its 预算数.
BUDGET_OF: dict[str, str] = {
    **{cost.figure: cost.budget for cost in THREE_COSTS},
    "一般公共预算财政拨款支出": "年初预算合计",
    "机关运行经费": "机关运行经费年初预算",
}

# 情况说明 clauses given to the template as paragraphs (several lines); the others are clauses
# that end a sentence.
PARAGRAPH_CLAUSES = ("绩效管理工作情况", "项目绩效自评结果", "部门评价项目绩效评价结果")

SECTIONS: tuple[Section, ...] = (
    Section("一", ("收支总计",), (("收支总计增减原因", "上年:收支总计"),)),
    Section("二", ("本年收入合计", "财政拨款收入", "一般公共预算财政拨款收入", "政府性基金预算财政拨款收入",
                  "国有资本经营预算财政拨款收入", "上级补助收入", "事业收入", "经营收入",
                  "附属单位上缴收入", "其他收入")),
    Section("三", ("本年支出合计", "基本支出", "项目支出", "上缴上级支出", "经营支出", "对附属单位补助支出")),
    Section("四", ("财政拨款收支总计",), (("财政拨款收支增减原因", "上年:财政拨款收支总计"),)),
    Section("五", ("一般公共预算财政拨款支出", "财政拨款支出", "本年支出合计", "年初预算合计"),
            (("财政拨款支出增减原因", "上年:一般公共预算财政拨款支出"), ("财政拨款支出预算执行原因", ALWAYS))),
    Section("六", ("财政拨款基本支出", "人员经费", "公用经费")),
    Section("七", THREE_COST_FIGURES + ("因公出国（境）团组数", "因公出国（境）人次", "公务接待批次", "公务接待人次",
                                 "外事接待批次", "外事接待人次", "公务用车购置数", "公务用车保有量"),
            # an 增减原因 is asked for when the line has a 上年数, an 用途 when it was spent; the others always
            tuple((label, f"上年:{cost.figure}" if label.endswith("增减原因")
                   else f"非零:{cost.figure}" if label.endswith("用途") else ALWAYS)
                  for cost, label in THREE_COST_EXPLANATIONS)),
    Section("八", ("政府性基金年初结转和结余", "政府性基金本年收入", "政府性基金本年支出", "政府性基金基本支出",
                  "政府性基金项目支出", "政府性基金年末结转和结余")),
    Section("九", ("国有资本经营预算财政拨款支出", "国有资本经营基本支出", "国有资本经营项目支出")),
    Section("十", ("机关运行经费", "机关运行经费年初预算"), (("机关运行经费增减原因", ALWAYS),)),
    Section("十一", ("会议费", "培训费", "节庆晚会论坛赛事费"), (("一般性支出说明", ALWAYS),)),
    Section("十二", ("政府采购支出总额", "政府采购货物支出", "政府采购工程支出", "政府采购服务支出",
                    "授予中小企业合同金额", "授予小微企业合同金额"), (("政府采购说明", ALWAYS),)),
    Section("十三", ("车辆总数", *VEHICLE_KINDS, *LARGE_EQUIPMENT), (("国有资产说明", ALWAYS),)),
    Section("十四", ("一般公共预算绩效自评一级项目数", "一般公共预算绩效自评二级项目数", "一般公共预算绩效自评资金",
                    "政府性基金绩效自评项目数", "政府性基金绩效自评资金", "国有资本经营绩效自评项目数",
                    "国有资本经营绩效自评资金", "部门评价项目数", "部门评价资金", "部门评价政府性基金资金",
                    "部门评价国有资本经营资金", "整体支出评价单位数", "财政拨款项目支出",
                    "政府性基金项目支出", "国有资本经营项目支出", "一般公共预算财政拨款支出",
                    "政府性基金本年支出"), (
        ("绩效管理工作情况", ALWAYS), ("部门评价结论", "数量:部门评价项目数"),
        ("整体支出评价结论", "数量:整体支出评价单位数"), ("项目绩效自评结果", ALWAYS),
        ("部门评价项目绩效评价结果", "数量:部门评价项目数"))),
)


def prior_used() -> tuple[tuple[str, ...], ...]:
    """The 上年数 labels the report uses (each a tuple of alternatives), in section order."""
    seen: list[tuple[str, ...]] = []
    for section in SECTIONS:
        for name in section.figures:
            labels = PRIOR_OF.get(name)
            if labels is None:
                continue
            groups = [(label,) for label in labels] if name in PRIOR_SUMMED else [labels]
            seen += [g for g in groups if g not in seen]
    return tuple(seen)


def clause_conditions(kind: str) -> dict[str, str]:
    """情况说明 label → what its condition of ``kind`` names: ``上年`` the figure whose 上年数 must
    exist, ``数量`` the 补充数据 count that must be above 0, ``非零`` the figure that must not be 0."""
    return {label: cond.split(":", 1)[1] for s in SECTIONS for label, cond in s.clauses
            if cond and cond.startswith(f"{kind}:")}


def clause_needs_prior() -> dict[str, tuple[str, ...]]:
    """情况说明 label → the 上年数 labels of which one must exist for the clause to be used."""
    return {label: PRIOR_OF[figure] for label, figure in clause_conditions("上年").items()}
