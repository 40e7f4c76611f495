"""表间审核: the same figure in two tables must agree (spec/report.md § Audit 2).

Each finding names the cell of the table being checked first and the cell it must agree with
second. A copied figure is a "sum over one item": a difference within 0.01 is a 尾差 (提示).
"""
from __future__ import annotations

from decimal import Decimal

from .. import findings as F
from ..schema import BASIC_PLUS_PROJECT, CLASSES, fold, strip_enumerator
from ..model import Amount
from ..money import ZERO, negligible, tolerance
from .common import compare, compare_parts, refs_of
from .identities import identity
from .rule import rule

CROSS = ("cross-mismatch", "rounding-difference", "parts-exceed-total")

# 02 column → the 01 income lines it must equal.
INCOME_SOURCES = (
    ("本年收入合计", ("本年收入合计",)),
    ("财政拨款收入", ("一般公共预算财政拨款收入", "政府性基金预算财政拨款收入", "国有资本经营预算财政拨款收入")),
    ("上级补助收入", ("上级补助收入",)),
    ("事业收入", ("事业收入",)),
    ("经营收入", ("经营收入",)),
    ("附属单位上缴收入", ("附属单位上缴收入",)),
    ("其他收入", ("其他收入",)),
)


def _agree(stated: Amount | None, other: list[Amount | None], expected: Decimal, *, what: str,
           other_text: str):
    """``stated`` must equal ``expected`` (read from the ``other`` cells)."""
    if stated is None:
        return None
    return compare("cross-mismatch", stated, expected, 1, terms=other,
                   what=what, other=other_text, formula="两表数字应一致")


@rule("X-1", "公开02表合计行 = 公开01表本年收入合计及各项收入", *CROSS)
def income_02_vs_01(d, figures):
    """收入决算表合计行: 本年收入合计 = 01 本年收入合计；财政拨款收入 = 01 一 + 二 + 三；
    上级补助收入、事业收入、经营收入、附属单位上缴收入、其他收入 = 01 对应行。"""
    if d.t01 is None or d.t02 is None or d.t02.total is None:
        return
    for column, lines in INCOME_SOURCES:
        stated = d.t02.total.values.get(column)
        other = [d.t01.amount(line) for line in lines]  # a line 01 does not print is unknown
        if stated is None:
            continue
        yield compare_parts("cross-mismatch", stated, other, n_items=1,
                            what=f"公开02表合计行的“{column}”",
                            other="公开01表“" + "”“".join(lines) + "”", formula="两表数字应一致")


def _class_name(code: str, fallback: str) -> str:
    return next((name for c, name in CLASSES if c == code), fallback)


@rule("X-2", "公开03表合计行、各类 = 公开01表本年支出合计、各类支出", *CROSS)
def expense_03_vs_01(d, figures):
    """支出决算表: 合计行 本年支出合计 = 01 本年支出合计；每个“类”的本年支出合计 = 01 右侧同名类的金额；
    01 中有金额而 03 中没有的类也是不一致。"""
    t01, t03 = d.t01, d.t03
    if t01 is None or t03 is None:
        return
    if t03.total is not None:
        yield _agree(t03.total.values.get("本年支出合计"), [t01.amount("本年支出合计")],
                     t01.get("本年支出合计"), what="公开03表合计行的“本年支出合计”",
                     other_text="公开01表“本年支出合计”")
    classes = {fold(strip_enumerator(name)): (name, amounts) for name, amounts in t01.classes}
    seen = set()
    for row in t03.of_level("类"):
        key = fold(_class_name(row.code, row.name))
        seen.add(key)
        name, amounts = classes.get(key, (row.name, {}))
        other = amounts.get("金额")
        yield _agree(row.values.get("本年支出合计"), [other], other.value if other else ZERO,
                     what=f"公开03表 {row.code} {row.name}的“本年支出合计”",
                     other_text=f"公开01表“{name}”")
    for key, (name, amounts) in classes.items():
        other = amounts.get("金额")
        if key not in seen and other is not None and not negligible(other.value):
            yield F.make("cross-mismatch", refs_of(other, t03.total.ref if t03.total else None),
                         expected=other.value, actual=ZERO, what=f"公开03表中的“{name}”（该类缺失，按 0 计）",
                         other=f"公开01表“{name}”")


@rule("X-3", "公开04表本年支出合计各栏 = 公开05、08、09表合计", *CROSS)
def grants_04_vs_05_08_09(d, figures):
    """财政拨款收入支出决算总表 本年支出合计: 一般公共预算财政拨款栏 = 05 合计；政府性基金预算财政拨款栏 =
    08 本年支出合计；国有资本经营预算财政拨款栏 = 09 合计。"""
    t04 = d.t04
    if t04 is None:
        return
    pairs = (
        ("一般公共预算财政拨款", d.t05, "合计", "公开05表合计行“合计”"),
        ("政府性基金预算财政拨款", d.t08, "本年支出", "公开08表合计行“本年支出”"),
        ("国有资本经营预算财政拨款", d.t09, "合计", "公开09表合计行“合计”"),
    )
    for column, table, key, text in pairs:
        if table is None:
            continue
        other = table.total.values.get(key) if table.total else None
        expected = table.total_of(key)
        if other is None and table.total is None and table.rows:
            expected = sum((r.get(key) for r in table.of_level("类")), ZERO)
            other = None
        yield _agree(t04.amount("本年支出合计", column), [other], expected,
                     what=f"公开04表本年支出合计的“{column}”栏", other_text=text)


@rule("X-4", "公开04表收入一至三 = 公开01表收入一至三", *CROSS)
def grants_04_vs_01(d, figures):
    """财政拨款收入支出决算总表: 一般公共预算财政拨款、政府性基金预算财政拨款、国有资本经营预算财政拨款（收入）=
    01 表对应的三行收入。"""
    if d.t01 is None or d.t04 is None:
        return
    for line04, line01 in (("一般公共预算财政拨款", "一般公共预算财政拨款收入"),
                           ("政府性基金预算财政拨款", "政府性基金预算财政拨款收入"),
                           ("国有资本经营预算财政拨款", "国有资本经营预算财政拨款收入")):
        other = d.t01.amount(line01)
        if other is None:  # 01 does not print the line: unknown, nothing to compare
            continue
        yield _agree(d.t04.amount(line04), [other], other.value,
                     what=f"公开04表收入“{line04}”", other_text=f"公开01表“{line01}”")


@rule("X-5", "公开06表人员经费合计 + 公用经费合计 = 公开05表合计行基本支出", *CROSS)
def basic_06_vs_05(d, figures):
    """一般公共预算财政拨款基本支出决算表: 人员经费合计 + 公用经费合计 = 05 合计行“基本支出”。"""
    t05, t06 = d.t05, d.t06
    if t05 is None or t06 is None or t05.total is None:
        return
    stated = t05.total.values.get("基本支出")
    parts = [t06.personnel_total, t06.public_total]
    if stated is None:
        return
    yield compare_parts("cross-mismatch", stated, parts,
                        what="公开05表合计行的“基本支出”", other="公开06表人员经费合计 + 公用经费合计",
                        formula="05 基本支出 = 06 人员经费合计 + 公用经费合计")


@rule("X-6", "公开07表公务接待费决算数 ≤ 公开06表公务接待费（30217）", "reception-exceeds")
def reception_07_vs_06(d, figures):
    """“三公”经费表 决算数 公务接待费 ≤ 基本支出表 30217 公务接待费（06 表列有 30217 时检查）。"""
    if d.t06 is None or d.t07 is None:
        return
    item = next((i for i in d.t06.items if i.code == "30217"), None)
    actual = d.t07.actual.get("公务接待费")
    if item is None or actual is None:
        return
    if actual.value - item.amount.value > tolerance(0):
        yield F.make("reception-exceeds", refs_of(actual, item.amount), expected=item.amount.value,
                     actual=actual.value, what="公开07表决算数“公务接待费”")



@rule("X-7", "公开05表每个科目的基本支出、项目支出不大于公开03表同一科目的数", "exceeds-03")
def items_05_within_03(d, figures):
    """一般公共预算财政拨款支出决算表是支出决算表的一部分：05 表每个科目（合计行、类、款、项）的“基本支出”
    “项目支出”不应大于 03 表同一科目的同一栏（相差不超过 0.01 的尾差不算）。03 表没有该科目时不比较。"""
    t03, t05 = d.t03, d.t05
    if t03 is None or t05 is None:
        return
    for row in ((t05.total,) if t05.total else ()) + t05.rows:
        other = t03.total if not row.code else t03.find(row.code)
        if other is None:
            continue
        for column in BASIC_PLUS_PROJECT:
            mine, theirs = row.values.get(column), other.values.get(column)
            if mine is None or theirs is None:
                continue
            excess, allowed = mine.value - theirs.value, tolerance(1)
            finding = None
            if excess > allowed:
                finding = F.make("exceeds-03", refs_of(mine, theirs), expected=theirs.value, actual=mine.value,
                                 subject=f"{row.code} {row.name}".strip() or "合计", column=column)
            yield identity(mine, [theirs], None, excess, allowed, finding, bound=True)
