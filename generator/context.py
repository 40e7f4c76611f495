"""Model + derived figures → the template context: preformatted Chinese strings and row lists.

This is the display boundary. Every sentence of 第三部分 is assembled here from the figures and
the workbook's verbatim clauses; the template only places them. Amounts are written by
``money.fmt_amount`` (万元, two decimals, 0 for zero), percentages by ``money.fmt_pct``.
A clause whose source is missing is left out of its sentence; nothing here prints a placeholder.
"""
from __future__ import annotations

import re
from decimal import Decimal
from typing import Iterable, Mapping

from .derive import Change, Completion, share_text
from .figures import REFERENCE, is_money, lookup, named_figures
from .model import CodedTable, Disclosure, Text
from .money import ZERO, display, fmt_amount, fmt_count
from .tables import build_table_rows

_TRAILING = "。；;，,：: \n"


def A(value: Decimal) -> str:
    """万元 amount as written in the report."""
    return fmt_amount(value)


def clause(text: str | None) -> str:
    """A verbatim clause without its final punctuation (the sentence supplies it)."""
    return (text or "").strip().rstrip(_TRAILING).strip()


def sentence(*parts: str | None, sep: str = "，") -> str:
    """Join the non-empty parts with ``sep`` and end with 。 ('' when all parts are empty)."""
    kept = [clause(p) for p in parts if clause(p)]
    return sep.join(kept) + "。" if kept else ""


def paragraphs(text: str | None) -> list[str]:
    """A multi-line cell as paragraphs (each line one paragraph, blank lines dropped)."""
    return [line.strip() for line in (text or "").split("\n") if line.strip()]


def _finish(text: str) -> str:
    """A paragraph ends with a full stop unless it already ends with punctuation."""
    text = text.strip()
    return text if not text or text[-1] in "。！？；：”）)" else text + "。"


class Builder:
    """Builds the context of one report. Figures come from ``named_figures``; wording is here."""

    def __init__(self, d: Disclosure, figures: Mapping[str, Decimal] | None = None):
        self.d = d
        self.f = dict(figures if figures is not None else named_figures(d))
        self.year = d.year

    # -- access ------------------------------------------------------------------------------

    def fig(self, name: str) -> Decimal:
        return self.f.get(name, ZERO)

    def sup(self, label: str) -> Decimal | None:
        amount = self.d.supplement.get(label)
        return amount.value if amount else None

    def prior(self, *labels: str) -> Decimal | None:
        """The first of ``labels`` present on the 上年数 sheet (None: drop the comparison)."""
        for label in labels:
            if label in self.d.prior:
                return self.d.prior[label].value
        return None

    def why(self, label: str) -> str:
        text = self.d.explanations.get(label)
        return clause(self.resolve(text.value)) if text else ""

    def resolve(self, text: str) -> str:
        """Replace ``{名称}`` references with the figure as the report writes it."""
        def sub(m: re.Match) -> str:
            hit = lookup(self.f, m.group(1))
            if hit is None:
                return m.group(0)  # the audit reports unknown names as errors before rendering
            name, value = hit
            return fmt_amount(value) if is_money(name) else fmt_count(value)
        return REFERENCE.sub(sub, text)

    # -- helpers for sentences ------------------------------------------------------------------

    def change_clause(self, current: Decimal, previous: Decimal | None, lead: str) -> str:
        """``与上年相比，{lead}减少4.23万元，下降2.00%`` or ``与上年相比，{lead}持平``; '' if no prior."""
        if previous is None:
            return ""
        change = Change(current, previous)
        return f"与上年相比，{lead}{change.text()}"

    def shares(self, items: Iterable[tuple[str, Decimal]], whole: Decimal, sep: str = "；") -> str:
        parts = []
        for name, value in items:
            pct = share_text(value, whole)
            parts.append(f"{name}{A(value)}万元" + (f"，占{pct}" if pct else ""))
        return sep.join(parts)

    # -- 第一部分 ----------------------------------------------------------------------------------

    def unit(self) -> dict:
        """第一部分 texts as paragraphs; the first paragraph of 内设机构设置 and 决算单位构成 runs on
        after its heading (“（一）内设机构设置。市工伤…”), the rest follow as paragraphs."""
        def texts(label: str) -> list[str]:
            text = self.d.unit.get(label)
            return [self.resolve(p) for p in paragraphs(text.value if text else "")]
        structure, composition = texts("内设机构设置"), texts("决算单位构成")
        return {
            "duties": texts("部门职责"),
            "structure_lead": structure[0] if structure else "",
            "structure_more": structure[1:],
            "composition_lead": composition[0] if composition else "",
            "composition_more": composition[1:],
        }

    # -- 第三部分 ----------------------------------------------------------------------------------

    def s1(self) -> str:
        total = self.fig("收支总计")
        prior = self.prior("收支总计")
        return f"{self.year}年度收、支总计各{A(total)}万元。" + sentence(
            self.change_clause(total, prior, "收、支总计各" if prior is not None and
                               Change(total, prior).direction != "持平" else "收、支总计"),
            self.why("收支总计增减原因") if prior is not None else "")

    def s2(self) -> str:
        whole = self.fig("本年收入合计")
        fiscal = self.fig("财政拨款收入")
        detail = ""
        if self.fig("政府性基金预算财政拨款收入") or self.fig("国有资本经营预算财政拨款收入"):
            detail = "（其中：" + "，".join(
                f"{n}{A(self.fig(n))}万元" for n in
                ("一般公共预算财政拨款收入", "政府性基金预算财政拨款收入", "国有资本经营预算财政拨款收入")
                if self.fig(n)) + "）"
        first = f"财政拨款收入{A(fiscal)}万元{detail}"
        pct = share_text(fiscal, whole)
        first += f"，占{pct}" if pct else ""
        rest = self.shares(((n, self.fig(n)) for n in
                            ("上级补助收入", "事业收入", "经营收入", "附属单位上缴收入", "其他收入")), whole)
        return f"{self.year}年度收入合计{A(whole)}万元，其中：{first}；{rest}。"

    def s3(self) -> str:
        whole = self.d.t03.total_of("本年支出合计") if self.d.t03 else self.fig("本年支出合计")
        rest = self.shares(((n, self.fig(n)) for n in
                            ("基本支出", "项目支出", "上缴上级支出", "经营支出", "对附属单位补助支出")), whole)
        return f"{self.year}年度支出合计{A(whole)}万元，其中：{rest}。"

    def s4(self) -> str:
        total = self.fig("财政拨款收支总计")
        prior = self.prior("财政拨款收支总计")
        return sentence(f"{self.year}年度财政拨款收、支总计{A(total)}万元",
                        self.change_clause(total, prior, ""),
                        self.why("财政拨款收支增减原因") if prior is not None else "")

    def s5(self) -> dict:
        spend = self.fig("财政拨款支出")
        prior = self.prior("财政拨款支出", "一般公共预算财政拨款支出")
        pct = share_text(spend, self.fig("本年支出合计"))
        overall = sentence(
            f"{self.year}年度财政拨款支出{A(spend)}万元" + (f"，占本年支出合计的{pct}" if pct else ""),
            self.change_clause(spend, prior, "财政拨款支出"),
            self.why("财政拨款支出增减原因") if prior is not None else "")
        t05 = self.d.t05
        classes = t05.of_level("类") if t05 else ()
        structure = f"{self.year}年度财政拨款支出{A(spend)}万元"
        if classes:
            structure += "，主要用于以下方面：" + self.shares(
                ((r.name, r.get("合计")) for r in classes), spend) + "。"
        else:
            structure += "。"
        budget_total = self.fig("年初预算合计")
        completion = Completion(spend, budget_total)
        rate = completion.rate_text()
        detail_intro = (f"{self.year}年度财政拨款支出年初预算数为{A(budget_total)}万元，"
                        f"支出决算数为{A(spend)}万元，"
                        + (f"完成年初预算的{rate}" if rate else completion.comparison_text("年初预算数"))
                        + "，其中：")
        return {"overall": overall, "structure": structure, "detail_intro": detail_intro,
                "lines": self.budget_items(t05)}

    def budget_items(self, t05: CodedTable | None) -> list[dict]:
        """Per 项 of table 05: the 类/款/项 heading and the budget-completion sentence."""
        if t05 is None:
            return []
        notes = {b.code: b for b in self.d.budgets}
        names = {r.code: r.name for r in t05.rows}
        out = []
        for row in t05.of_level("项"):
            actual = row.get("合计")
            line = notes.get(row.code)
            budget = line.budget.value if line else ZERO
            if display(actual) == ZERO and display(budget) == ZERO:
                continue
            heading = "".join(
                f"{names[c]}（{lvl}）" for c, lvl in ((row.code[:3], "类"), (row.code[:5], "款"))
                if c in names) + f"{row.name}（项）"
            completion = Completion(actual, budget)
            note = clause(self.resolve(line.note.value)) if line and line.note else ""
            parts = [f"年初预算为{A(budget)}万元", f"支出决算为{A(actual)}万元"]
            rate = completion.rate_text()
            if rate:
                parts.append(f"完成年初预算的{rate}")
            elif not re.search(r"大于|小于|持平|等于|按预算执行", note):
                parts.append(completion.comparison_text("年初预算数"))
            parts.append(note)
            out.append({"number": str(len(out) + 1), "heading": heading, "text": sentence(*parts)})
        return out

    def s6(self) -> str:
        basic = self.fig("财政拨款基本支出")
        parts = []
        for group in ("人员经费", "公用经费"):
            value = self.fig(group)
            pct = share_text(value, basic)
            text = f"{group}{A(value)}万元" + (f"，占基本支出的{pct}" if pct else "")
            names = []
            if self.d.t06:
                for item in self.d.t06.group_items(group):
                    if len(item.code) == 5 and display(item.amount.value) != ZERO and item.name not in names:
                        names.append(item.name)
            if names:
                text += "，主要包括" + "、".join(names) + "等"
            parts.append(text)
        return f"{self.year}年度财政拨款基本支出{A(basic)}万元，其中：" + "；".join(parts) + "。"

    def s7(self) -> dict:
        total, budget = self.fig("“三公”经费合计"), self.fig("“三公”经费预算数")
        completion = Completion(total, budget)
        rate = completion.rate_text()
        overall = (f"{self.year}年度“三公”经费财政拨款支出预算为{A(budget)}万元，支出决算为{A(total)}万元，"
                   + (f"完成预算的{rate}" if rate else completion.comparison_text()))
        reason = self.why("三公经费预算执行原因")
        overall += (f"，{reason}" if reason else "") + "，其中："
        car_prior_parts = [self.prior(x) for x in ("公务用车购置费", "公务用车运行维护费")]
        car_prior = (None if all(p is None for p in car_prior_parts)
                     else sum((p for p in car_prior_parts if p is not None), ZERO))
        items = [
            ("因公出国（境）费", "因公出国（境）费", self.prior("因公出国（境）费"), "因公出国（境）费"),
            ("公务接待费", "公务接待费", self.prior("公务接待费"), "公务接待费"),
            ("公务用车购置费及运行维护费", "公务用车购置及运行维护费", car_prior, "公务用车"),
        ]
        budget_lines = []
        for n, (title, name, prior, why) in enumerate(items, 1):
            actual, planned = self.fig(name), self.fig(f"{name}预算数")
            c = Completion(actual, planned)
            rate = c.rate_text()
            first = [f"{title}支出预算为{A(planned)}万元", f"支出决算为{A(actual)}万元"]
            if rate:
                first.append(f"完成预算的{rate}")
            first.append(c.comparison_text())
            first.append(self.why(f"{why}预算执行原因"))
            text = sentence(*first).rstrip("。")
            if prior is not None:
                change = Change(actual, prior)
                second = "与上年持平" if change.direction == "持平" else f"与上年相比{change.text()}"
                text += "；" + sentence(second, self.why(f"{why}增减原因"))
            else:
                text += "。"
            budget_lines.append(f"{n}、{text}")
        # （二）shares of each item in the 三公 total, largest first (ties in the standard order).
        ranked = sorted(((self.fig(name), i, title) for i, (title, name, _, _) in enumerate(items)),
                        key=lambda t: (-display(t[0]), t[1]))
        shares = "；".join(
            f"{title}支出决算{A(v)}万元" + (f"，占{share_text(v, total)}" if share_text(v, total) else "")
            for v, _, title in ranked)
        detail = f"{self.year}年度“三公”经费财政拨款支出决算中，{shares}。其中："
        count = lambda label: self.sup(label)  # noqa: E731
        abroad = f"1、因公出国（境）费支出决算为{A(self.fig('因公出国（境）费'))}万元"
        if count("因公出国（境）团组数") is not None:
            abroad += f"，全年安排因公出国（境）团组{fmt_count(count('因公出国（境）团组数'))}个"
            if count("因公出国（境）人次") is not None:
                abroad += f"，累计{fmt_count(count('因公出国（境）人次'))}人次"
        reception = f"2、公务接待费支出决算为{A(self.fig('公务接待费'))}万元"
        if count("公务接待批次") is not None:
            reception += f"，全年共接待来访团组{fmt_count(count('公务接待批次'))}个"
            if count("公务接待人次") is not None:
                reception += f"、来宾{fmt_count(count('公务接待人次'))}人次"
        if count("外事接待批次"):
            reception += f"，其中外事接待{fmt_count(count('外事接待批次'))}批次"
            if count("外事接待人次") is not None:
                reception += f"、{fmt_count(count('外事接待人次'))}人次"
        reception = sentence(reception, self.why("公务接待费用途"))
        car = (f"3、公务用车购置费及运行维护费支出决算为{A(self.fig('公务用车购置及运行维护费'))}万元，"
               f"其中：公务用车购置费{A(self.fig('公务用车购置费'))}万元")
        if count("公务用车购置数") is not None:
            car += f"，更新公务用车{fmt_count(count('公务用车购置数'))}辆"
        car += f"。公务用车运行维护费{A(self.fig('公务用车运行维护费'))}万元"
        if count("公务用车保有量") is not None:
            car += (f"，截至{self.year}年12月31日，我单位开支财政拨款的公务用车保有量为"
                    f"{fmt_count(count('公务用车保有量'))}辆")
        return {"overall": overall, "lines": budget_lines, "detail": detail,
                "details": [sentence(abroad), reception, sentence(car)]}

    def s8(self) -> dict:
        t08 = self.d.t08
        if t08 is None or t08.is_empty:
            return {"empty": True, "text": ""}
        text = sentence(
            f"{self.year}年度政府性基金预算财政拨款年初结转和结余{A(self.fig('政府性基金年初结转和结余'))}万元",
            f"本年收入{A(self.fig('政府性基金本年收入'))}万元",
            f"本年支出{A(self.fig('政府性基金本年支出'))}万元（其中：基本支出{A(self.fig('政府性基金基本支出'))}万元，"
            f"项目支出{A(self.fig('政府性基金项目支出'))}万元）",
            f"年末结转和结余{A(self.fig('政府性基金年末结转和结余'))}万元")
        classes = t08.of_level("类")
        if classes:
            text += "本年支出主要用于：" + self.shares(
                ((r.name, r.get("本年支出")) for r in classes), self.fig("政府性基金本年支出")) + "。"
        return {"empty": False, "text": text}

    def s9(self) -> dict:
        t09 = self.d.t09
        if t09 is None or t09.is_empty:
            return {"empty": True, "text": ""}
        return {"empty": False, "text": sentence(
            f"{self.year}年度国有资本经营预算财政拨款支出{A(self.fig('国有资本经营预算财政拨款支出'))}万元",
            f"其中：基本支出{A(self.fig('国有资本经营基本支出'))}万元",
            f"项目支出{A(self.fig('国有资本经营项目支出'))}万元")}

    def s10(self) -> str:
        cost = self.sup("机关运行经费")
        if cost is None:
            return ""
        parts = [f"本部门{self.year}年度机关运行经费支出{A(cost)}万元"]
        budget = self.sup("机关运行经费年初预算")
        if budget is not None:
            change = Change(cost, budget)
            parts.append("与年初预算数持平" if change.direction == "持平"
                         else f"比年初预算数{change.text('年初预算数为0')}")
        prior = self.prior("机关运行经费")
        if prior is not None:
            change = Change(cost, prior)
            parts.append("与上年持平" if change.direction == "持平" else f"比上年{change.text()}")
        return sentence(*parts) + sentence(self.why("机关运行经费增减原因"))

    def s11(self) -> str:
        parts = []
        for label in ("会议费", "培训费"):
            value = self.sup(label)
            if value is None:
                continue
            text = f"开支{label}{A(value)}万元"
            prior = self.prior(label)
            if prior is not None:
                change = Change(value, prior)
                text += "，与上年持平" if change.direction == "持平" else f"，比上年{change.text()}"
            parts.append(text)
        festival = self.sup("节庆晚会论坛赛事费")
        if festival is not None:
            parts.append("本部门无节庆、晚会、论坛、赛事等支出" if display(festival) == ZERO
                         else f"开支节庆、晚会、论坛、赛事等费用{A(festival)}万元")
        text = f"{self.year}年本部门" + sentence(*parts, sep="；") if parts else ""
        return text + sentence(self.why("一般性支出说明"))

    def s12(self) -> str:
        total = self.sup("政府采购支出总额")
        if total is None:
            return sentence(self.why("政府采购说明"))
        get = lambda k: self.sup(k) or ZERO  # noqa: E731
        text = (f"{self.year}年度政府采购支出总额{A(total)}万元，其中：政府采购货物支出{A(get('政府采购货物支出'))}万元、"
                f"政府采购工程支出{A(get('政府采购工程支出'))}万元、政府采购服务支出{A(get('政府采购服务支出'))}万元。")
        shares = []
        for label in ("授予中小企业合同金额", "授予小微企业合同金额"):
            value = get(label)
            pct = share_text(value, total) if display(total) != ZERO else None
            shares.append(f"{label}{A(value)}万元，" + (
                f"占政府采购支出总额的{pct}" if pct else f"由于政府采购总额为{A(total)}万元，无法计算百分比"))
        return text + "，其中：".join(shares) + "。" + sentence(self.why("政府采购说明"))

    def s13(self) -> str:
        total = self.sup("车辆总数")
        parts = []
        if total is not None:
            cats = []
            for label in ("副部（省）级及以上领导用车", "主要领导干部用车", "机要通信用车", "应急保障用车",
                          "执法执勤用车", "特种专业技术用车", "离退休干部用车", "其他用车"):
                value = self.sup(label)
                optional = label in ("副部（省）级及以上领导用车", "离退休干部用车")
                if value is None or (optional and value == ZERO):
                    continue
                cats.append(f"{label}{fmt_count(value)}辆")
            vehicles = f"截至{self.year}年12月31日，部门共有车辆{fmt_count(total)}辆"
            if cats:
                vehicles += "，其中，" + "、".join(cats)
            parts.append(vehicles)
        for label in ("单位价值50万元以上通用设备", "单位价值100万元以上专用设备"):
            value = self.sup(label)
            if value is not None:
                parts.append(f"{label}{fmt_count(value)}台（套）")
        text = sentence(*parts, sep="；")
        return text + sentence(self.why("国有资产说明"))

    def s14(self) -> dict:
        y = self.year
        count = lambda k: fmt_count(self.sup(k)) if self.sup(k) is not None else None  # noqa: E731

        def evaluated(kind: str, projects: str, money_label: str, whole: Decimal, total_name: str) -> str:
            money = self.sup(money_label) or ZERO
            pct = share_text(money, whole)
            return (f"共涉及资金{A(money)}万元，" + (
                f"占{total_name}总额的{pct}" if pct else
                f"由于{total_name}总额为{A(whole)}万元，无法计算占比"))

        sentences = []
        n1, n2 = count("一般公共预算绩效自评一级项目数"), count("一般公共预算绩效自评二级项目数")
        if n1 is not None or self.sup("一般公共预算绩效自评资金") is not None:
            levels = "，".join(p for p in (f"一级项目{n1}个" if n1 is not None else "",
                                          f"二级项目{n2}个" if n2 is not None else "") if p)
            sentences.append(sentence(
                f"根据预算绩效管理要求，我部门组织对{y}年度一般公共预算项目支出全面开展绩效自评",
                f"其中，{levels}" if levels else "",
                evaluated("一般公共预算", "", "一般公共预算绩效自评资金", self.fig("财政拨款项目支出"),
                          "一般公共预算项目支出")))
        for kind, prefix, whole in (("政府性基金预算", "政府性基金", self.fig("政府性基金项目支出")),
                                    ("国有资本经营预算", "国有资本经营", self.fig("国有资本经营项目支出"))):
            n = count(f"{prefix}绩效自评项目数")
            if n is None and self.sup(f"{prefix}绩效自评资金") is None:
                continue
            sentences.append(sentence(
                f"组织对{y}年度{n or 0}个{kind}项目支出开展绩效自评",
                evaluated(kind, n or "0", f"{prefix}绩效自评资金", whole, f"{kind}项目支出")))
        self_eval = "".join(sentences)
        department = ""
        n_dept = self.sup("部门评价项目数")
        if n_dept is not None:
            name = self.d.supplement_text.get("部门评价项目名称")
            who = f"“{name.value}”等" if name and name.value and display(n_dept) > ZERO else ""
            if display(n_dept) == ZERO:
                department = "本年度未开展部门评价。"
            else:
                department = sentence(
                    f"组织对{who}{fmt_count(n_dept)}个项目开展了部门评价",
                    f"涉及一般公共预算支出{A(self.sup('部门评价资金') or ZERO)}万元",
                    f"政府性基金预算支出{A(self.sup('部门评价政府性基金资金') or ZERO)}万元",
                    f"国有资本经营预算支出{A(self.sup('部门评价国有资本经营资金') or ZERO)}万元")
                conclusion = self.why("部门评价结论")
                department += f"从评价情况来看，{conclusion}。" if conclusion else ""
        whole_unit = ""
        n_units = self.sup("整体支出评价单位数")
        if n_units is not None and display(n_units) > ZERO:
            who = (f"“{self.d.unit_name}”" + ("等" if display(n_units) > 1 else ""))
            whole_unit = sentence(
                f"组织对{who}{fmt_count(n_units)}个单位开展整体支出绩效评价",
                f"涉及一般公共预算支出{A(self.fig('一般公共预算财政拨款支出'))}万元",
                f"政府性基金预算支出{A(self.fig('政府性基金本年支出'))}万元")
            conclusion = self.why("整体支出评价结论")
            whole_unit += f"从评价情况来看，{conclusion}。" if conclusion else ""
        texts = lambda label: [_finish(self.resolve(p)) for p in  # noqa: E731
                               paragraphs(self.d.explanations.get(label, Text("")).value)]
        return {
            "self_eval": self_eval,
            "management": texts("绩效管理工作情况"),
            "department": department,
            "whole_unit": whole_unit,
            "project_results": texts("项目绩效自评结果"),
            "department_results": texts("部门评价项目绩效评价结果"),
        }

    # -- 第二、四、五部分 -------------------------------------------------------------------------

    def glossary(self) -> list[dict]:
        return [{"term": clause(term.value), "text": _finish(self.resolve(text.value))}
                for term, text in self.d.glossary]

    def appendix(self) -> list[dict]:
        level = {"标题": "title", "1": "h1", "2": "h2", "正文": "body"}
        return [{"level": level.get(item.level, "body"), "text": self.resolve(item.text.value).strip()}
                for item in self.d.appendix if item.text.value.strip()]

    def build(self) -> dict:
        return {
            "unit_name": self.d.unit_name,
            "year": self.year,
            "unit": self.unit(),
            "part2": build_table_rows(self.d),
            "s1": self.s1(), "s2": self.s2(), "s3": self.s3(), "s4": self.s4(), "s5": self.s5(),
            "s6": self.s6(), "s7": self.s7(), "s8": self.s8(), "s9": self.s9(), "s10": self.s10(),
            "s11": self.s11(), "s12": self.s12(), "s13": self.s13(), "s14": self.s14(),
            "glossary": self.glossary(),
            "appendix": self.appendix(),
        }


def build_context(d: Disclosure, figures: Mapping[str, Decimal] | None = None) -> dict:
    """The complete template context for one report."""
    return Builder(d, figures).build()
