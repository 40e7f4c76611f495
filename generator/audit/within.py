"""表内审核: identities inside one table (spec/report.md § Audit 1).

Every sum is compared under the tolerance rule of ``common.compare`` (0.01 万元 per part, 尾差 as
提示) and its unknown-part rule (a line or cell the layout leaves out is unknown, never 0: all
parts unknown → not checked; some → only the bound ``parts-exceed-total``). The stated total's
cell is always the first location of a finding, its parts follow.
"""
from __future__ import annotations

from .. import schema
from ..schema import CHILD_LENGTH, CLASS_DIGITS, SUBCLASS_DIGITS, T01, T04, TABLE_BY_KEY
from ..model import Amount, CodedTable
from .common import compare, compare_parts, compare_sum
from .rule import rule

SUM = ("sum-mismatch", "rounding-difference", "parts-exceed-total")

def coded_tables(d) -> list[CodedTable]:
    """The 科目编码 tables the workbook has (02, 03, 05, 08, 09)."""
    return [t for t in (d.t02, d.t03, d.t05, d.t08, d.t09) if t is not None]


def _line(table, label: str, column: str = "金额") -> Amount | None:
    return table.amount(label, column)


def _label(spec, key: str) -> str:
    line = next((l for l in (*spec.income, *spec.expense) if l.key == key), None)
    return line.label if line else key


def _parts(table, declared: schema.Sum, column: str) -> list[Amount | None]:
    """The part amounts of a declared sum on a labelled table (``CLASS_LINES``: every 类 line)."""
    out: list[Amount | None] = []
    for key in declared.parts:
        if key == schema.CLASS_LINES:
            out.extend(amounts.get(column) for _, amounts in table.classes)
        else:
            out.append(_line(table, key, column))
    return out


def _formula(spec, declared: schema.Sum) -> str:
    parts = ("各类支出之和" if k == schema.CLASS_LINES else _label(spec, k) for k in declared.parts)
    return f"{_label(spec, declared.total)} = " + " + ".join(parts)


def _declared_sums(table, spec, rule_id: str):
    """The findings of the sums declared for ``rule_id`` (``schema.SUMS``) on a labelled table,
    each in every amount column it holds in."""
    if table is None:
        return
    several = len(spec.amount_columns) > 1
    for declared in schema.sums_of_rule(rule_id):
        columns = declared.columns or ([h.key for h in spec.amount_columns] if declared.side == "支出"
                                       else ["金额"])
        for column in columns:
            stated = _line(table, declared.total, column)
            if stated is None:
                continue
            code = "total-mismatch" if declared.parts == (schema.CLASS_LINES,) and not several else "sum-mismatch"
            what_column = f"“{column}”栏" if several and declared.side == "支出" else ""
            yield compare_sum(code, stated, _parts(table, declared, column),
                              what=spec.display_name + what_column, formula=_formula(spec, declared))


# ---------------------------------------------------------------------------------------------
# 公开01表


@rule("T01-1", "公开01表：本年收入合计 = 一至八各项收入之和", *SUM)
def t01_income(d, figures):
    """收入支出决算总表: 本年收入合计 = 一般公共预算财政拨款收入 + … + 其他收入（八项）。"""
    yield from _declared_sums(d.t01, T01, "T01-1")


@rule("T01-2", "公开01表：收入总计 = 本年收入合计 + 使用非财政拨款结余 + 年初结转和结余", *SUM)
def t01_income_total(d, figures):
    """收入支出决算总表: 收入总计 = 本年收入合计 + 使用非财政拨款结余 + 年初结转和结余。"""
    yield from _declared_sums(d.t01, T01, "T01-2")


@rule("T01-3", "公开01表：本年支出合计 = 各类支出之和", "total-mismatch", "rounding-difference", "parts-exceed-total")
def t01_expense(d, figures):
    """收入支出决算总表: 本年支出合计 = Σ 功能分类各类支出（右侧各“类”行）。"""
    yield from _declared_sums(d.t01, T01, "T01-3")


@rule("T01-4", "公开01表：支出总计 = 本年支出合计 + 结余分配 + 年末结转和结余", *SUM)
def t01_expense_total(d, figures):
    """收入支出决算总表: 支出总计 = 本年支出合计 + 结余分配 + 年末结转和结余。"""
    yield from _declared_sums(d.t01, T01, "T01-4")


@rule("T01-5", "公开01表：收入总计 = 支出总计", "unbalanced", "rounding-difference")
def t01_balanced(d, figures):
    """收入支出决算总表: 左侧总计（收入）= 右侧总计（支出）。"""
    t = d.t01
    if t is None or _line(t, "收入总计") is None or _line(t, "支出总计") is None:
        return
    yield compare("unbalanced", _line(t, "支出总计"), t.get("收入总计"), 1,
                  terms=[_line(t, "收入总计")], what=T01.display_name,
                  formula="收入总计 = 支出总计")


# ---------------------------------------------------------------------------------------------
# 公开04表

@rule("T04-1", "公开04表：收入侧 本年收入合计、年初结转和结余、总计的组成", *SUM)
def t04_income(d, figures):
    """财政拨款收入支出决算总表（收入）: 本年收入合计 = 一 + 二 + 三；年初财政拨款结转和结余 = 其三类之和；
    收入总计 = 本年收入合计 + 年初财政拨款结转和结余。"""
    yield from _declared_sums(d.t04, T04, "T04-1")


@rule("T04-2", "公开04表：支出侧 合计栏 = 三类财政拨款之和；本年支出合计 = 各类之和；支出总计 = 本年支出合计 + 年末结转和结余",
      "row-total-mismatch", "sum-mismatch", "rounding-difference", "parts-exceed-total")
def t04_expense(d, figures):
    """财政拨款收入支出决算总表（支出）: 每行 合计 = 一般公共预算 + 政府性基金 + 国有资本经营；
    每栏 本年支出合计 = Σ 各类，支出总计 = 本年支出合计 + 年末财政拨款结转和结余；
    年末财政拨款结转和结余（合计栏）= 其下三行（一般公共预算、政府性基金、国有资本经营）之和。"""
    t = d.t04
    if t is None:
        return
    what = T04.display_name
    across = schema.ACROSS_04
    lines = [(name, amounts) for name, amounts in t.classes] + [
        (_label(T04, key), amounts) for key, amounts in t.lines.items()
        if across.total in amounts and not key.startswith("年末") or key == "年末财政拨款结转和结余"]
    for name, amounts in lines:
        parts = [amounts.get(k) for k in across.parts]
        yield compare_sum("row-total-mismatch", amounts.get(across.total), parts, what=f"{what}“{name}”行",
                          total=across.total, parts="三类财政拨款", formula="合计 = 三类财政拨款之和")
    yield from _declared_sums(t, T04, "T04-2")


@rule("T04-3", "公开04表：收入总计 = 支出总计", "unbalanced", "rounding-difference")
def t04_balanced(d, figures):
    """财政拨款收入支出决算总表: 收入总计 = 支出总计（合计栏）。"""
    t = d.t04
    if t is None or t.amount("收入总计") is None or t.amount("支出总计", "合计") is None:
        return
    yield compare("unbalanced", t.amount("支出总计", "合计"), t.get("收入总计"), 1,
                  terms=[t.amount("收入总计")], what=T04.display_name,
                  formula="收入总计 = 支出总计")


# ---------------------------------------------------------------------------------------------
# 公开02、03、05、08、09表


def _table_name(t: CodedTable) -> str:
    return TABLE_BY_KEY[t.key].display_name


def _row_name(t: CodedTable, row) -> str:
    return f"{_table_name(t)} {row.code or '合计'} {row.name}".rstrip()


@rule("TAB-1", "公开02、03、05、08、09表：每行的合计栏 = 各明细栏之和", "row-total-mismatch", "rounding-difference", "parts-exceed-total")
def row_totals(d, figures):
    """02: 本年收入合计 = 财政拨款收入 + 上级补助收入 + 事业收入 + 经营收入 + 附属单位上缴收入 + 其他收入；
    03: 本年支出合计 = 基本支出 + 项目支出 + 上缴上级支出 + 经营支出 + 对附属单位补助支出；
    05、09: 合计 = 基本支出 + 项目支出；08: 本年支出 = 基本支出 + 项目支出（合计行和每个科目行）。"""
    for t in coded_tables(d):
        total_key, part_keys = TABLE_BY_KEY[t.key].row_total
        for row in ((t.total,) if t.total else ()) + t.rows:
            stated = row.values.get(total_key)
            parts = [row.values.get(k) for k in part_keys]  # a column not read is unknown
            if stated is None:
                continue
            yield compare_sum("row-total-mismatch", stated, parts,
                              what=_row_name(t, row), total=total_key,
                              parts="、".join(part_keys), formula=f"{total_key} = 各明细栏之和")


def children_of(t: CodedTable, row) -> list:
    """The direct children of a 类 (its 款) or a 款 (its 项), in sheet order."""
    length = CHILD_LENGTH.get(len(row.code))
    if length is None:
        return []
    return [r for r in t.rows if len(r.code) == length and r.code.startswith(row.code)]


@rule("TAB-2", "公开02、03、05、08、09表：类 = 所属各款之和，款 = 所属各项之和", "subtotal-mismatch", "rounding-difference", "parts-exceed-total")
def subtotals(d, figures):
    """科目层级: 每个“类”（3 位编码）= 其下各“款”（5 位）之和；每个“款”= 其下各“项”（7 位）之和（每一栏）。
    没有下级科目的类或款不检查。"""
    for t in coded_tables(d):
        for row in t.rows:
            children = children_of(t, row)
            if not children:
                continue
            for key in t.columns:
                stated = row.values.get(key)
                parts = [c.values.get(key) for c in children]
                yield compare_sum("subtotal-mismatch", stated, parts,
                                  what=f"{_row_name(t, row)}的“{key}”",
                                  children="、".join(c.code for c in children),
                                  formula=f"{row.code} = " + " + ".join(c.code for c in children))


@rule("TAB-3", "公开02、03、05、08、09表：合计行 = 各类之和", "total-mismatch", "rounding-difference", "parts-exceed-total")
def totals(d, figures):
    """合计行每一栏 = Σ 各“类”（3 位编码）行；表中只有合计行而没有类时不检查。"""
    for t in coded_tables(d):
        classes = t.of_level("类")
        if t.total is None or not classes:
            continue
        for key in t.columns:
            parts = [c.values.get(key) for c in classes]
            yield compare_sum("total-mismatch", t.total.values.get(key), parts, what=f"{_table_name(t)}合计行的“{key}”",
                              formula="合计 = " + " + ".join(c.code for c in classes))


@rule("T08-1", "公开08表：年末结转和结余 = 年初结转和结余 + 本年收入 − 本年支出", "carryover-mismatch", "rounding-difference", "parts-exceed-total")
def t08_carryover(d, figures):
    """政府性基金预算财政拨款收入支出决算表: 每行 年末结转和结余 = 年初结转和结余 + 本年收入 − 本年支出。"""
    t = d.t08
    if t is None:
        return
    declared = schema.CARRYOVER_08
    formula = f"{declared.total} = " + "".join(
        ("" if n == 0 else " + " if declared.sign(n) > 0 else " − ") + part for n, part in enumerate(declared.parts))
    for row in ((t.total,) if t.total else ()) + t.rows:
        v = row.values
        if declared.total not in v:
            continue
        parts = [v.get(k) for k in declared.parts]
        yield compare_parts("carryover-mismatch", v[declared.total], parts, signs=declared.signs,
                            what=_row_name(t, row), formula=formula)


# ---------------------------------------------------------------------------------------------
# 公开06表、07表


@rule("T06-1", "公开06表：人员经费合计 = 人员经费各项之和，公用经费合计 = 公用经费各项之和", *SUM)
def t06_totals(d, figures):
    """一般公共预算财政拨款基本支出决算表: 人员经费合计 = Σ 301、303 各项；公用经费合计 = Σ 302、307、310、399 等各项。"""
    t = d.t06
    if t is None:
        return
    stated_of = {schema.PERSONNEL_TOTAL: t.personnel_total, schema.PUBLIC_TOTAL: t.public_total}
    for group, total in schema.GROUP_TOTALS:
        stated = stated_of[total]
        if stated is None:
            continue
        parts = [i.amount for i in t.group_parts(group)]
        yield compare_sum("sum-mismatch", stated, parts,
                          what=TABLE_BY_KEY["06"].display_name, formula=f"{total} = {group}各项之和")


@rule("T06-2", "公开06表：经济分类的类（3 位）= 所属各款（5 位）之和", "subtotal-mismatch", "rounding-difference", "parts-exceed-total")
def t06_classes(d, figures):
    """一般公共预算财政拨款基本支出决算表: 同时列出类（如 301）和其下各款（30101…）时，类 = Σ 款。"""
    t = d.t06
    if t is None:
        return
    for cls in (i for i in t.items if len(i.code) == CLASS_DIGITS):
        details = [i for i in t.items if len(i.code) == SUBCLASS_DIGITS and i.code[:CLASS_DIGITS] == cls.code]
        if not details:
            continue
        parts = [i.amount for i in details]
        yield compare_sum("subtotal-mismatch", cls.amount, parts,
                          what=f"公开06表 {cls.code} {cls.name}", children="、".join(i.code for i in details),
                          formula=f"{cls.code} = 各款之和")


def _three_costs_sum(d, rule_id: str):
    """公开07表: the sums declared for ``rule_id``, for 预算数 and 决算数 alike."""
    t = d.t07
    if t is None:
        return
    for declared in schema.sums_of_rule(rule_id):
        formula = f"{declared.total} = " + " + ".join(declared.parts)
        for side, amounts in (("预算数", t.budget), ("决算数", t.actual)):
            if declared.total not in amounts:
                continue
            parts = [amounts.get(k) for k in declared.parts]
            yield compare_sum("sum-mismatch", amounts[declared.total], parts, what=f"公开07表“三公”经费{side}",
                              formula=formula)


def _three_costs_title(rule_id: str) -> str:
    """The rule's title from its declared sum (schema.SUMS)."""
    declared, = schema.sums_of_rule(rule_id)
    return f"公开07表：{declared.total} = {' + '.join(declared.parts)}（预算数、决算数）"


@rule("T07-1", _three_costs_title("T07-1"), *SUM)
def t07_total(d, figures):
    """“三公”经费支出决算表: 合计 = 因公出国（境）费 + 公务用车购置及运行费（小计）+ 公务接待费，预算数和决算数各一次。"""
    yield from _three_costs_sum(d, "T07-1")


@rule("T07-2", _three_costs_title("T07-2"), *SUM)
def t07_cars(d, figures):
    """“三公”经费支出决算表: 公务用车购置及运行费（小计）= 公务用车购置费 + 公务用车运行费。"""
    yield from _three_costs_sum(d, "T07-2")
