"""Rules on the supplementary sheets (年初预算, 上年数, 补充数据, 情况说明).

Required 单位信息 (单位名称, 年度 as a 4-digit year) is checked by the reader
(``required-missing``, ``bad-year``) and not repeated here.
"""
from __future__ import annotations


from .. import findings as F
from .. import schema
from ..schema import EXPLANATION_LABELS, SUPPLEMENT, VEHICLE_KINDS
from ..model import Ref
from ..money import ZERO, tolerance
from ..derive.sections import clause_conditions, clause_needs_prior, prior_used
from .common import compare_parts, compare_sum, refs_of
from .rule import rule


# 上年数 labels the report uses (a tuple lists alternatives) and the conditions under which a
# 情况说明 clause is used: declared once per section in ``generator.derive.sections``.
PRIOR_USED: tuple[tuple[str, ...], ...] = prior_used()
_CLAUSE_NEEDS_PRIOR = clause_needs_prior()
_CLAUSE_NEEDS_COUNT = clause_conditions("数量")
_CLAUSE_NEEDS_SPENDING = clause_conditions("非零")


def _sheet_ref(mapping, fallback: str) -> Ref:
    """A1 of the sheet the mapping was read from (the place to add a missing label)."""
    for value in mapping.values():
        if getattr(value, "ref", None) is not None:
            return Ref(value.ref.sheet, "A1")
    return Ref(fallback, "A1")


@rule("SUP-1", "年初预算表的科目编码必须是公开05表中的项级科目", "budget-code-unknown")
def budget_codes_in_table_05(d, figures):
    """年初预算!科目编码 ⊆ 公开05表 项级科目编码。"""
    if d.t05 is None:
        return
    known = {r.code for r in d.t05.of_level("项")}
    for line in d.budgets:
        if line.code not in known:
            yield F.make("budget-code-unknown", line.ref, code=line.code)


@rule("SUP-12", "政府性基金年初预算表的科目编码必须是公开08表中的项级科目", "fund-budget-code-unknown")
def fund_budget_codes_in_table_08(d, figures):
    """政府性基金年初预算!科目编码 ⊆ 公开08表 项级科目编码（公开08表为空或没有时，每一行都是错误）。"""
    known = {r.code for r in d.t08.of_level("项")} if d.t08 is not None else set()
    for line in d.fund_budgets:
        if line.code not in known:
            yield F.make("fund-budget-code-unknown", line.ref, code=line.code)


@rule("SUP-2", "上年数不能为负数", "negative-prior")
def prior_not_negative(d, figures):
    """上年数!上年决算数 ≥ 0（每个项目）。"""
    for label, amount in d.prior.items():
        if amount.value < ZERO:
            yield F.make("negative-prior", amount.ref, actual=amount.value, label=label)


@rule("SUP-3", "政府采购：总额 = 货物 + 工程 + 服务；小微企业 ≤ 中小企业 ≤ 总额",
      "sum-mismatch", "rounding-difference", "procurement-order", "parts-exceed-total")
def procurement(d, figures):
    """补充数据: 政府采购支出总额 = 政府采购货物支出 + 政府采购工程支出 + 政府采购服务支出；
    授予小微企业合同金额 ≤ 授予中小企业合同金额 ≤ 政府采购支出总额。"""
    s = d.supplement
    whole = s.get("政府采购支出总额")
    if whole is None:
        return
    parts = [s.get(k) for k in ("政府采购货物支出", "政府采购工程支出", "政府采购服务支出")]
    if any(p is not None for p in parts):
        yield compare_sum("sum-mismatch", whole, parts,
                          what="补充数据“政府采购支出总额”",
                          formula="政府采购支出总额 = 货物支出 + 工程支出 + 服务支出")
    small, micro = s.get("授予中小企业合同金额"), s.get("授予小微企业合同金额")
    for lower, upper, left, right in ((micro, small, "授予小微企业合同金额", "授予中小企业合同金额"),
                                      (small, whole, "授予中小企业合同金额", "政府采购支出总额")):
        if lower is not None and upper is not None and lower.value - upper.value > tolerance(0):
            yield F.make("procurement-order", refs_of(lower, upper), expected=upper.value,
                         actual=lower.value, what="补充数据", formula=f"{left}不应大于{right}",
                         left=left, right=right)


@rule("SUP-4", "国有资产：车辆总数 = 各类用车之和", "sum-mismatch", "parts-exceed-total")
def vehicles(d, figures):
    """补充数据: 车辆总数 = 副部（省）级及以上领导用车 + 主要领导干部用车 + … + 其他用车（辆，须完全相等）。"""
    s = d.supplement
    whole = s.get("车辆总数")
    parts = [s.get(k) for k in VEHICLE_KINDS]
    if whole is None:
        return
    yield compare_parts("sum-mismatch", whole, parts, n_items=1, exact=True,
                        what="补充数据“车辆总数”", formula="车辆总数 = 各类用车之和")


@rule("SUP-5", "绩效自评资金不应大于对应的项目支出（警告）", "evaluation-exceeds")
def evaluation_money(d, figures):
    """补充数据: 一般公共预算绩效自评资金 ≤ 公开05表项目支出；政府性基金绩效自评资金 ≤ 公开08表项目支出；
    国有资本经营绩效自评资金 ≤ 公开09表项目支出。超过时为警告。"""
    for label, table, whole_name in (
            ("一般公共预算绩效自评资金", d.t05, "一般公共预算财政拨款项目支出（公开05表）"),
            ("政府性基金绩效自评资金", d.t08, "政府性基金预算财政拨款项目支出（公开08表）"),
            ("国有资本经营绩效自评资金", d.t09, "国有资本经营预算财政拨款项目支出（公开09表）")):
        money = d.supplement.get(label)
        if money is None or table is None:
            continue
        whole = table.total.values.get("项目支出") if table.total else None
        whole_value = table.total_of("项目支出")
        if money.value - whole_value > tolerance(0):
            yield F.make("evaluation-exceeds", refs_of(money, whole), expected=whole_value,
                         actual=money.value, label=label, whole=whole_name)


@rule("SUP-6", "上年数：报告用到的项目应填写（缺少时省略“与上年相比”，警告）", "label-missing")
def prior_labels(d, figures):
    """上年数: 收支总计、财政拨款收支总计、财政拨款支出、因公出国（境）费、公务接待费、公务用车购置费、
    公务用车运行维护费、机关运行经费、会议费、培训费 应有上年决算数。整张表缺少时只报告缺表。"""
    if not d.prior:
        return
    where = _sheet_ref(d.prior, "上年数")
    for labels in PRIOR_USED:
        if not any(label in d.prior for label in labels):
            yield F.make("label-missing", where, sheet=where.sheet, label=labels[0])


@rule("SUP-7", "补充数据：所用版式印出的各项目应填写（缺少时报告省略相关内容，警告）", "label-missing",
      takes=("supplement_rows",))
def supplement_labels(d, figures, supplement_rows=None):
    """补充数据: 所用版式的文字印出的每个项目（``supplement_rows``：“三公”数量、机关运行经费、政府采购、国有资产，
    湖南的一般性支出和绩效项目，上海2024起的预留金额和绩效项目……）都应填写；版式不印的项目不要求。
    整张表缺少时只报告缺表。"""
    if not supplement_rows or not d.supplement and not d.supplement_text:
        return
    where = _sheet_ref({**d.supplement, **d.supplement_text}, SUPPLEMENT.title)
    for label in (label for label in SUPPLEMENT.labels if label in supplement_rows):
        if label not in d.supplement and label not in d.supplement_text:
            yield F.make("label-missing", where, sheet=where.sheet, label=label)


@rule("SUP-8", "情况说明：所用版式印出的原因说明应填写（缺少时句子省略原因，警告）", "clause-missing",
      takes=("explanation_rows",))
def explanation_clauses(d, figures, explanation_rows=None):
    """情况说明: 所用版式的文字印出的每个说明项目（``explanation_rows``；未给出时为全部项目）都应填写；
    “…增减原因”只在有对应上年数时需要，“…用途”只在该项支出不为 0 时需要，部门评价、整体支出评价的结论只在评价
    项目数、单位数大于 0 时需要。
    整张表缺少时只报告缺表。"""
    if not d.explanations:
        return
    where = _sheet_ref(d.explanations, "情况说明")
    for label in EXPLANATION_LABELS:
        if explanation_rows is not None and label not in explanation_rows:
            continue
        present = d.explanations.get(label)
        if present is not None and present.value.strip():
            continue
        needs = _CLAUSE_NEEDS_PRIOR.get(label)
        if needs and not any(n in d.prior for n in needs):
            continue
        count = _CLAUSE_NEEDS_COUNT.get(label)
        if count and (count not in d.supplement or d.supplement[count].value <= ZERO):
            continue
        spent = _CLAUSE_NEEDS_SPENDING.get(label)
        if spent and not figures.get(spent):
            continue
        yield F.make("clause-missing", present.ref if present is not None else where, label=label)


@rule("SUP-9", "政府采购预留：预留项目中标金额不应大于预留项目预算金额", "reserved-exceeds")
def reserved_procurement(d, figures):
    """补充数据（上海2024起）: 预留项目中小企业中标金额 ≤ 面向中小企业预留项目预算金额；
    预留项目中小微企业中标金额 ≤ 面向小微企业预留项目预算金额。"""
    s = d.supplement
    for won_label, budget_label in ((schema.RESERVED_SMALL_WON, schema.RESERVED_SMALL),
                                    (schema.RESERVED_MICRO_WON, schema.RESERVED_MICRO)):
        won, budget = s.get(won_label), s.get(budget_label)
        if won is not None and budget is not None and won.value - budget.value > tolerance(0):
            yield F.make("reserved-exceeds", refs_of(won, budget), expected=budget.value,
                         actual=won.value, label=won_label, budget=budget_label)


@rule("SUP-10", "补充数据：数量（团组、批次、人次、辆、台套、项目数、问题数）应为不小于 0 的整数", "count-not-whole")
def whole_counts(d, figures):
    """补充数据: 每个数量项目（非金额、非平均得分）为不小于 0 的整数。"""
    for label, amount in d.supplement.items():
        if label in schema.SUPPLEMENT_MONEY or label in schema.SUPPLEMENT_SCORES:
            continue
        if amount.value < ZERO or amount.value != amount.value.to_integral_value():
            yield F.make("count-not-whole", amount.ref, label=label, actual=amount.value)


@rule("SUP-11", "预算绩效：各评级项目数之和 = 绩效自评项目数；已整改 + 正在整改 = 发现问题数", "sum-mismatch",
      "parts-exceed-total")
def performance_counts(d, figures):
    """补充数据（上海2024起）: 绩效评级优、良、合格、不合格项目数之和 = 绩效自评项目数；
    绩效已整改问题数 + 绩效正在整改问题数 = 绩效发现问题数（个，须完全相等）。"""
    s = d.supplement
    found, done, doing = schema.PERFORMANCE_PROBLEMS
    for whole, parts, formula in (
            (schema.PERFORMANCE_SELF_COUNT, schema.PERFORMANCE_GRADES, "绩效自评项目数 = 优 + 良 + 合格 + 不合格项目数"),
            (found, (done, doing), "绩效发现问题数 = 已整改 + 正在整改问题数")):
        amounts = [s.get(k) for k in parts]
        if s.get(whole) is None or all(a is None for a in amounts):
            continue
        yield compare_parts("sum-mismatch", s[whole], amounts, n_items=1, exact=True,
                            what=f"补充数据“{whole}”", formula=formula)
