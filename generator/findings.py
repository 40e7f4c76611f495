"""Findings: every problem the reader or the audit sees, as data, and the report that collects them.

A ``Finding`` has a stable ``code`` (kebab-case, listed in ``CATALOGUE``), a ``severity``
(错误 blocks the report; 警告 and 提示 do not), the ``sheet!cell`` locations involved, a Chinese
message with expected, actual and difference, and a hint. Messages are rendered from the
catalogue's templates, so tests assert codes and locations, never wording.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from decimal import Decimal
from enum import Enum
from typing import Iterable, Sequence

from .model import Ref


class Severity(Enum):
    """How bad a finding is: 错误 stops the build, 警告 and 提示 do not."""

    ERROR = "错误"
    WARNING = "警告"
    INFO = "提示"

    @property
    def rank(self) -> int:
        """0 for 错误, 1 for 警告, 2 for 提示 (the order findings are listed in)."""
        return list(Severity).index(self)


@dataclass(frozen=True)
class Entry:
    """A catalogue entry: severity, short Chinese title, message template, hint."""

    severity: Severity
    title: str
    template: str
    hint: str


E, W, I = Severity.ERROR, Severity.WARNING, Severity.INFO

CATALOGUE: dict[str, Entry] = {
    # -- the file itself (exit code 2) ---------------------------------------------------------
    "file-missing": Entry(E, "文件不存在", "找不到文件：{path}", "请检查文件路径是否正确。"),
    "file-is-folder": Entry(E, "指定的是文件夹", "“{path}”是文件夹，不是工作簿。",
                            "请指定文件夹中的一个工作簿；要一次生成文件夹中全部工作簿的报告，请用 juesuan build 文件夹。"),
    "file-unreadable": Entry(E, "不是可读取的 Excel 文件", "无法读取 {path}：{detail}",
                             "请用 Excel 或 WPS 打开该文件，另存为 .xlsx 格式后重试。"),
    "file-too-large": Entry(E, "文件过大", "拒绝读取 {path}：{detail}。",
                            "决算工作簿通常不到 1 MB；请删除多余的工作表、图片和空白行列（或另存为新的 .xlsx）后重试。"),
    # -- tables and sheets ---------------------------------------------------------------------
    "table-missing": Entry(E, "缺少决算表", "工作簿中找不到{table}（标题“{title}”）。",
                           "请确认该表所在工作表的前几行有表格标题“{title}”。"),
    "table-duplicate": Entry(E, "决算表重复", "{table}（“{title}”）同时出现在工作表“{first}”和“{second}”中。",
                             "请删除或改名其中一个工作表，只保留一份。"),
    "sheet-missing": Entry(W, "缺少补充工作表", "工作簿中没有“{title}”工作表。",
                           "请按模板补充该工作表；缺少时报告中相关内容将被省略。"),
    "column-missing": Entry(E, "找不到栏目", "{table}中找不到栏目“{column}”{found}。",
                            "请检查表头文字是否为标准栏目名称“{column}”。"),
    "column-ambiguous": Entry(E, "栏目不唯一", "{table}中有两个栏目都可作为“{column}”（{refs}），无法确定取哪一个。",
                              "请修改其中一个栏目的表头文字，使每个栏目只出现一次。"),
    "total-duplicate": Entry(E, "合计行重复", "{table}中有两个“{column}”行（{refs}），无法确定取哪一个。",
                             "请删除多余的合计行，只保留一行。"),
    "line-missing": Entry(W, "找不到项目行", "{table}中找不到项目“{line}”，该项视为未知（不按 0 计，涉及它的合计只核对已列示的各项）。",
                          "请检查该行的项目名称是否为“{line}”。"),
    "header-missing": Entry(E, "找不到表头", "工作表“{sheet}”中找不到表头（应有栏目：{columns}）。",
                            "请在表格第一行填写表头：{columns}。"),
    # -- cells ---------------------------------------------------------------------------------
    "not-a-number": Entry(E, "金额不是数字", "{ref} 应为金额，实为“{value}”。",
                          "请填写数字（如 1234.56），没有金额请留空或填 0。"),
    "amount-out-of-range": Entry(E, "金额超出范围", "{ref} 的金额“{value}”超出可处理的范围（绝对值应小于 1 万亿万元）。",
                                 "请检查该单元格是否多填了数位或误填了其他数字。"),
    "formula-no-value": Entry(E, "公式没有计算结果", "工作表“{sheet}”中有 {count} 个公式单元格没有保存计算结果（{span}，如“{example}”）；这些金额未知，由它们算出的数字不再核对。",
                              "请用 Excel 或 WPS 打开该文件并保存一次（会自动计算公式），然后重试。"),
    "exceeds-03": Entry(E, "财政拨款支出大于总支出", "公开05表“{subject}”的“{column}”为 {actual}，大于公开03表同一科目的 {expected}，差额 {diff}；一般公共预算财政拨款支出只是总支出的一部分。",
                        "请核对这两个单元格：05 表的数不应大于 03 表同一科目、同一栏的数。"),
    "formula-error": Entry(E, "公式计算出错", "工作表“{sheet}”中有 {count} 个公式单元格的计算结果是错误值（{span}，如“{example}”）；这些金额未知，由它们算出的数字不再核对。",
                           "公式引用的单元格中多半填了文字（如全角数字、多余的空格或符号）：请改正这些单元格后用 Excel 或 WPS 重新保存。"),
    "fullwidth-digits": Entry(W, "金额用了全角数字", "{ref} 的金额“{value}”用了全角数字，已按 {number} 读取；Excel 和 WPS 不把它当作数字，引用它的公式会出错或漏算。",
                              "请改用半角数字重新输入（如 {number}）。"),
    "bad-code": Entry(E, "科目编码无效", "{ref} 的科目编码“{value}”不是 3、5 或 7 位数字。",
                      "功能分类科目编码应为 类 3 位、款 5 位、项 7 位数字，如 2080109。"),
    "code-duplicate": Entry(E, "科目编码重复", "{table}中科目编码 {code} 出现了两次（{refs}）。",
                            "请删除重复的行。"),
    "required-missing": Entry(E, "缺少必填项", "“{sheet}”中缺少必填项“{label}”。",
                              "请在“{sheet}”工作表中填写“{label}”。"),
    "bad-year": Entry(E, "年度无效", "{ref} 的年度应为四位数字年份，实为“{value}”。", "请填写如 2021。"),
    "unknown-label": Entry(W, "未知项目", "{ref} 的项目“{label}”不是“{sheet}”的标准项目，已忽略。",
                           "请检查项目名称是否有错别字，标准项目见填表说明。"),
    "label-duplicate": Entry(W, "项目重复", "“{sheet}”中项目“{label}”出现了两次（{refs}），使用第一次的值。",
                             "请删除重复的行。"),
    "label-missing": Entry(W, "缺少项目", "“{sheet}”中缺少项目“{label}”，报告中相关内容将被省略。",
                           "如有该项数据，请在“{sheet}”中补充“{label}”。"),
    "bad-level": Entry(E, "层级无效", "{ref} 的层级“{value}”无效。", "层级只能是：标题、1、2、正文。"),
    "unknown-figure": Entry(E, "引用了未知数字", "{ref} 引用了未知的数字名称“{{{name}}}”。",
                            "花括号中只能填写可引用的数字名称，可用 juesuan check 工作簿.xlsx --figures 查看。"),
    "budget-code-unknown": Entry(E, "年初预算科目不在支出表中", "{ref} 的科目编码 {code} 不在一般公共预算财政拨款支出决算表（公开05表）的项级科目中。",
                                 "请核对科目编码，年初预算表只能列公开05表中的项级科目。"),
    "fund-budget-code-unknown": Entry(E, "政府性基金年初预算科目不在基金表中",
                                      "{ref} 的科目编码 {code} 不在政府性基金预算财政拨款收入支出决算表（公开08表）的项级科目中。",
                                      "请核对科目编码，政府性基金年初预算表只能列公开08表中的项级科目（一般公共预算的项填在“年初预算”表）。"),
    # -- audit: the probable cause of several failing identities (culprit first) ---------------
    "probable-cause": Entry(E, "最可能填错的单元格", "{ref} 很可能填错：表中为 {actual}，改为 {expected} 即可同时消除随后的 {count} 个错误（{codes}）。",
                            "请先核对并改正这个单元格，再重新审核；其他相关错误通常会随之消失。"),
    # -- audit: sums within a table (表内审核) --------------------------------------------------
    "sum-mismatch": Entry(E, "合计数与各项之和不符", "{what}：{formula}，应为 {expected}，实为 {actual}，差额 {diff}。",
                          "请核对该合计数及组成它的各项金额（相关单元格已列出）。"),
    "parts-exceed-total": Entry(E, "已列示各项与合计数矛盾", "{what}：{formula}，其中 {unknown} 项未列示（视为未知，不按 0 计），已列示各项合计 {expected}，表中为 {actual}，差额 {diff}；未列示的各项无论取何非负数都无法使等式成立。",
                                "请核对该合计数及已列示的各项金额（相关单元格已列出）。"),
    "row-total-mismatch": Entry(E, "行合计与各栏之和不符", "{what}：“{total}”应等于{parts}之和，应为 {expected}，实为 {actual}，差额 {diff}。",
                                "请核对该行的合计栏和各明细栏。"),
    "subtotal-mismatch": Entry(E, "上级科目与下级科目之和不符", "{what}：应等于下级科目{children}之和，应为 {expected}，实为 {actual}，差额 {diff}。",
                               "类 = 所属各款之和，款 = 所属各项之和；请核对该科目及其下级科目的金额。"),
    "total-mismatch": Entry(E, "合计行与各类之和不符", "{what}：合计应等于各类科目之和，应为 {expected}，实为 {actual}，差额 {diff}。",
                            "请核对合计行及各类（3 位编码）科目的金额。"),
    "unbalanced": Entry(E, "收支总计不平衡", "{what}：收入总计应等于支出总计，收入总计 {expected}，支出总计 {actual}，差额 {diff}。",
                        "请核对两侧的总计及其组成各项。"),
    "carryover-mismatch": Entry(E, "年末结转和结余不符", "{what}：年末结转和结余应等于 年初结转和结余 + 本年收入 − 本年支出，应为 {expected}，实为 {actual}，差额 {diff}。",
                                "请核对该行的年初结转和结余、本年收入、本年支出和年末结转和结余。"),
    "rounding-difference": Entry(I, "尾差", "{what}：{formula}，各项之和为 {expected}，表中为 {actual}，差额 {diff}，在 {n} 项金额的四舍五入允许范围（±{tolerance}）内。",
                                 "属于万元取整造成的尾差，可不处理；如需消除，请按原始金额重新取整。"),
    # -- audit: between tables (表间审核) -------------------------------------------------------
    "cross-mismatch": Entry(E, "表间数据不一致", "{what}：应与{other}一致，应为 {expected}，实为 {actual}，差额 {diff}。",
                            "同一数字在不同表中必须相同；请核对两张表中的相关单元格。"),
    "reception-exceeds": Entry(E, "公务接待费超过基本支出中的公务接待费", "{what}：“三公”经费表的公务接待费决算数不应大于公开06表的公务接待费（30217），后者为 {expected}，前者为 {actual}，差额 {diff}。",
                               "请核对公开07表的公务接待费决算数和公开06表的 30217 公务接待费。"),
    # -- audit: plausibility against 上年数 -----------------------------------------------------
    "prior-change-large": Entry(W, "与上年相比变动较大", "{ref} 的上年数“{label}”为 {actual} 万元，本年为 {expected} 万元，{direction}{pct}，变动超过 50%。",
                                "请确认上年数是否按上年决算报告填写（单位为万元）；确属实际变动的可忽略本警告，并在情况说明中写明原因。"),
    "prior-unit-mix": Entry(E, "上年数的单位有误（万元与元混用）", "{ref} 的上年数“{label}”为 {actual} 万元，本年为 {expected} 万元，相差约 {factor} 倍：万元与元混用，报告中“与上年相比”的增减将是错误的数字。",
                            "上年数以万元填写（保留两位小数），如 39000 元应填 3.90；请按上年决算报告改正该数字。"),
    "prior-decimal-slip": Entry(W, "上年数可能小数点有误", "{ref} 的上年数“{label}”为 {actual} 万元，本年为 {expected} 万元，相差约 {factor} 倍，可能是小数点错位或少写、多写了一位。",
                                "请按上年决算报告核对该数字（应以万元填写，保留两位小数）；确属实际变动的可忽略本警告。"),
    # -- audit: supplementary sheets ----------------------------------------------------------
    "negative-prior": Entry(E, "上年数为负数", "{ref} 的上年数“{label}”为 {actual}，不应为负数。",
                            "请填写上年决算报告中的数字（万元，不小于 0）。"),
    "procurement-order": Entry(E, "政府采购金额关系不正确", "{what}：{formula}，{left} 为 {actual}，{right} 为 {expected}。",
                               "应满足：授予小微企业合同金额 ≤ 授予中小企业合同金额 ≤ 政府采购支出总额。"),
    "evaluation-exceeds": Entry(W, "绩效自评资金超过项目支出", "补充数据“{label}”为 {actual} 万元，大于{whole} {expected} 万元，差额 {diff}。",
                                "绩效自评资金一般不超过对应的项目支出；请核对补充数据中的绩效自评资金或支出表中的项目支出。"),
    "reserved-exceeds": Entry(E, "预留项目中标金额超过预留预算", "补充数据“{label}”为 {actual} 万元，大于“{budget}” {expected} 万元，差额 {diff}。",
                              "预留项目的中标（成交）金额不能超过预留的项目预算金额；请核对补充数据中的这两个金额。"),
    "count-not-whole": Entry(E, "数量不是整数", "{ref} 的“{label}”为 {actual}，数量应为不小于 0 的整数。",
                             "请填写整数（个、辆、台套、人次等），金额类项目请核对项目名称。"),
    "clause-missing": Entry(W, "缺少情况说明", "“情况说明”中“{label}”没有填写，报告中相应句子将省略这部分说明。",
                            "请在“情况说明”工作表“{label}”一行的“说明”栏填写；确实无需说明的可忽略本警告。"),
    # -- audit: free text ---------------------------------------------------------------------
    "text-amount-mismatch": Entry(E, "文字中的金额与表中数字不符", "{ref} 的文字“{excerpt}”写的是 {actual} 万元，而{name}为 {expected} 万元，差额 {diff}。",
                                  "请改正文字中的金额，或改用 {{{name}}} 引用，由程序自动填入。"),
    "text-placeholder": Entry(E, "文字中有模板残留", "{ref} 的文字中有模板残留“{token}”（……{excerpt}……），不能出现在公开报告中。",
                              "请把“{token}”改成实际内容（如删去备选词“（降低）”，把“XX”换成实际数字）。"),
    "reason-direction": Entry(W, "原因说明与增减方向矛盾", "{ref} 的“{label}”写的是“{words}”，但{name}本年为 {this} 万元，{base}为 {last} 万元，实际是{direction}。",
                              "请核对原因说明与数字：说明应与实际增减方向一致（{direction}）。"),
    "text-doubled-word": Entry(W, "文字中有重复的词", "{ref} 的文字中“{token}”重复（……{excerpt}……）。",
                               "建议改为：……{fixed}……"),
    "text-halfwidth": Entry(W, "中文中夹有半角标点", "{ref} 的中文文字中有半角标点“{token}”（……{excerpt}……）。",
                            "建议改用全角标点：……{fixed}……"),
    "text-wrong-year": Entry(W, "文字中的年度与本报告不符", "{ref} 的文字写的是“{token}”，而本报告为{year}年度（……{excerpt}……）。",
                             "建议改为：……{fixed}……（常见于沿用上年工作簿后未改年度）"),
    "section-empty": Entry(W, "报告中的一节没有内容", "“{section}”没有内容（{ref} 为空），报告中该标题下将没有正文。",
                           "请在 {ref} 填写该节内容；确实没有的，可填写“无”或说明情况（如“本单位无此项内容。”）。"),
    "text-control-char": Entry(W, "文字中有不可见的控制字符", "{ref} 的文字中有 {count} 个不可见的控制字符（如 {codes}），生成报告时将被删除。",
                               "这些字符通常来自复制粘贴；请删除后重新输入该段文字。"),
    "carried-text-unchanged": Entry(W, "上年结转的文字尚未修改", "“{sheet}”中“{label}”的文字是从上年工作簿结转的，至今未改动。",
                                    "请按本年情况核对修改（年度、机构、人员等）；确实无需修改时可忽略本警告，报告照常生成。"),
    # -- the profile (版式) ---------------------------------------------------------------------
    "profile-not-installed": Entry(W, "工作簿记录的版式未安装", "{ref}：{message}",
                                   "请安装该版式，或用 build --profile 指定版式（juesuan profile list 列出可用的版式）。"),
    "profile-edition-mismatch": Entry(W, "表名属于另一版式", "{ref} 的表名“{found}”是版式“{other}”的写法，"
                                      "而本报告使用版式“{profile}”，报告中将印为“{expected}”。",
                                      "如该工作簿是{other}的格式，请用 --profile {other}（或在单位信息中把“版式”填为 {other}）。"),
    # -- audit: completeness ------------------------------------------------------------------
    "workbook-empty": Entry(E, "工作簿尚未填写", "九张决算公开表（公开01表～公开09表）中没有任何金额，工作簿尚未填写。",
                            "请先在公开01表～公开09表中填写决算数据（可参考“填表说明”工作表），再生成报告。"),
}


@dataclass(frozen=True)
class Finding:
    """One problem found in a workbook."""

    code: str
    severity: Severity
    refs: tuple[Ref, ...]
    message: str
    hint: str
    expected: Decimal | None = None
    actual: Decimal | None = None
    rule: str = ""
    causes: tuple[Ref, ...] = ()  # the probable-cause cell(s) this finding follows from

    @property
    def location(self) -> str:
        return "、".join(str(r) for r in self.refs)

    @property
    def cause_text(self) -> str:
        """Chinese note naming the probable cause ('' when there is none)."""
        if not self.causes:
            return ""
        return "可能由 " + "、".join(map(str, self.causes)) + " 填错引起（见“最可能填错的单元格”）。"

    def to_dict(self) -> dict:
        """The one JSON shape of a finding (``Report.to_json``)."""
        return {
            "code": self.code, "severity": self.severity.value, "rule": self.rule,
            "locations": [str(r) for r in self.refs], "message": self.message, "hint": self.hint,
            "expected": None if self.expected is None else str(self.expected),
            "actual": None if self.actual is None else str(self.actual),
            "cause": [str(r) for r in self.causes],
        }


def make(code: str, refs: Sequence[Ref] | Ref | None = (), /, *, rule: str = "",
         expected: Decimal | None = None, actual: Decimal | None = None,
         severity: Severity | None = None, **fields: object) -> Finding:
    """Build a finding from the catalogue, rendering its message and hint from ``fields``
    (``code`` and ``refs`` are positional-only, so template fields may use those names)."""
    entry = CATALOGUE[code]
    if isinstance(refs, Ref):
        refs = (refs,)
    refs = tuple(r for r in (refs or ()) if r is not None)
    values = {"ref": "、".join(map(str, refs)) or "工作簿", "expected": expected,
              "actual": actual, **fields}
    if expected is not None and actual is not None and "diff" not in values:
        values["diff"] = actual - expected
    # Amounts are shown as stored (no rounding, no exponent): 200.66, -0.01, 33.
    values = {k: format(v, "f") if isinstance(v, Decimal) else v for k, v in values.items()}
    return Finding(
        code=code, severity=severity or entry.severity, refs=refs,
        message=entry.template.format(**values), hint=entry.hint.format(**values),
        expected=expected, actual=actual, rule=rule,
    )


@dataclass
class Report:
    """All findings of one workbook; ``valid`` when none blocks the report."""

    source: str = ""
    findings: list[Finding] = field(default_factory=list)

    def add(self, finding: Finding) -> None:
        self.findings.append(finding)

    def extend(self, findings: Iterable[Finding]) -> None:
        self.findings.extend(findings)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity is Severity.WARNING]

    @property
    def valid(self) -> bool:
        return not self.errors

    def by_severity(self) -> dict[Severity, list[Finding]]:
        groups: dict[Severity, list[Finding]] = {s: [] for s in Severity}
        for f in self.findings:
            groups[f.severity].append(f)
        return groups

    def flatten(self) -> list[tuple[str, str]]:
        """(code, first location) pairs, for tests and summaries."""
        return [(f.code, str(f.refs[0]) if f.refs else "") for f in self.findings]

    def summary(self) -> str:
        g = self.by_severity()
        return (f"错误 {len(g[Severity.ERROR])} 个，警告 {len(g[Severity.WARNING])} 个，"
                f"提示 {len(g[Severity.INFO])} 个")

    def to_text(self, *, include_info: bool = True) -> str:
        """Readable report grouped by severity (错误, 警告, 提示)."""
        lines = [f"审核结果：{self.source}" if self.source else "审核结果", self.summary()]
        for severity, items in self.by_severity().items():
            if not items or (severity is Severity.INFO and not include_info):
                continue
            lines.append("")
            lines.append(f"【{severity.value}】{len(items)} 个")
            for n, f in enumerate(items, 1):
                where = f.location or "工作簿"
                lines.append(f"{n}. [{f.code}] {where}")
                lines.append(f"   {f.message}")
                if f.causes:
                    lines.append(f"   {f.cause_text}")
                if f.hint:
                    lines.append(f"   处理建议：{f.hint}")
        return "\n".join(lines)

    def to_json(self) -> str:
        g = self.by_severity()
        return json.dumps({
            "source": self.source, "valid": self.valid,
            "counts": {s.value: len(items) for s, items in g.items()},
            "findings": [f.to_dict() for f in self.findings],
        }, ensure_ascii=False, indent=2)
