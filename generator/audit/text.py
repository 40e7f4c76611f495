"""Audit of free text: figure references, amounts beside figure names, template residue.

Free-text rules (spec/report.md § Audit 4): ``{…}`` references must name known figures; an
amount written right after any name of a figure must agree with the figure; template residue
(``XX``, ``××``, ``（降低）``, ``增长（减少）``, ``□``, a stray ``{``) is an error, as the report never
contains it; XML-illegal control characters are warned and removed.
"""
from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from .. import findings as F
from ..derive.figures import REFERENCE, lookup, prose_names
from ..money import ZERO, tolerance
from ..xmltext import ILLEGAL_XML
from .rule import rule

# XML 1.0 forbids these; the renderer strips them (``xmltext.clean``). Excel stores such a
# character as the escape ``_x0007_``, which openpyxl hands over as those seven characters.
CONTROL = re.compile(ILLEGAL_XML.pattern + "|_x00(?:0[0-8]|0[bBcC]|0[eEfF]|1[0-9a-fA-F])_")
PLACEHOLDER = re.compile(
    r"(?<![A-Za-z])(?:[XＸ]{2,}|[xｘ]{2,})(?![A-Za-z])|[×＊*]{2,}|○{2,}|[□☐]+"
    r"|[（(](?:降低|减少|下降|增加|增长|持平|上升)[)）]"
    r"|(?:增加|减少|增长|下降|降低)[/／](?:增加|减少|增长|下降|降低)"
    r"|(?<![A-Za-z])None(?![A-Za-z])|[{}｛｝]")
# Between a figure name and its amount: 为 / 是 / 共 / 合计 / 决算数 / a colon, a few characters at most.
_LINK = r"(?:(?:支出)?决算数?|合计|共计|共|总额|总计)?(?:为|是|达|[:：])?\s*"
_NUMBER = r"(-?\d{1,3}(?:,\d{3})+(?:\.\d+)?|-?\d+(?:\.\d+)?)\s*万元"


def free_texts(d):
    """Every free-text cell of the workbook: (Text) from 单位信息, 情况说明, 年初预算 and 政府性基金年初预算 说明 and 主要用途,
    绩效评价报告 and 名词解释."""
    yield from d.unit.values()
    yield from d.explanations.values()
    yield from d.supplement_text.values()
    for line in (*d.budgets, *d.fund_budgets):
        yield from (t for t in (line.note, line.use) if t)
    for item in d.appendix:
        yield item.text
    for term, text in d.glossary:
        yield term
        yield text


@rule("TXT-1", "文字中 {…} 引用的数字名称必须存在", "unknown-figure")
def unknown_references(d, figures):
    """绩效评价报告等文字中的 {名称} 必须是可引用的数字名称（juesuan check --figures 列出）。"""
    # A figure built from an unreadable cell is a known name whose value is unknown: not reported.
    unknown = dict.fromkeys(getattr(figures, "unknown", ()), ZERO)
    for text in free_texts(d):
        for m in REFERENCE.finditer(text.value):
            if lookup(figures, m.group(1)) is None and lookup(unknown, m.group(1)) is None:
                yield F.make("unknown-figure", text.ref, name=m.group(1))


def _amount_pattern(figures) -> tuple[re.Pattern, dict[str, str]] | None:
    """One regex for ``<prose name><link><number>万元`` over every name a money figure goes by
    (``figures.prose_names``; longest first, so 财政拨款基本支出 wins over 基本支出); and the
    prose-name → canonical-name map."""
    names = prose_names(figures)
    if not names:
        return None
    alternatives = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    return re.compile(rf"({alternatives}){_LINK}{_NUMBER}"), names


@rule("TXT-2", "文字中写在数字名称后的金额必须与表中数字一致（错误）", "text-amount-mismatch")
def written_amounts(d, figures):
    """文字中“名称 + 金额万元”（如 基本支出180.5万元）的金额应等于该名称的数字；写得较粗（如 181万元）时
    按写出的位数比较（相差不超过末位的一半）。"""
    built = _amount_pattern(figures)
    if built is None:
        return
    pattern, names = built
    for text in free_texts(d):
        for m in pattern.finditer(text.value):
            name = names[m.group(1)]
            try:
                written = Decimal(m.group(2).replace(",", ""))
            except InvalidOperation:
                continue
            value = figures[name]
            exponent = written.as_tuple().exponent
            half_unit = Decimal(1).scaleb(exponent) / 2 if isinstance(exponent, int) else tolerance(0)
            if abs(written - value) > half_unit:
                yield F.make("text-amount-mismatch", text.ref, expected=value, actual=written,
                             name=name, excerpt=m.group(0))


def _excerpt(text: str, start: int, end: int, width: int = 10) -> str:
    return text[max(0, start - width):end + width].replace("\n", " ")


@rule("TXT-3", "文字中不能有模板残留（XX、××、（降低）、增长（减少）、□、未替换的 {…}，错误）", "text-placeholder")
def placeholders(d, figures):
    """文字中出现 XX、××、（降低）、增长（减少）、增加/减少、□、None 或未成对、未替换的花括号等模板残留时报错
    （公开报告中不能出现）；每个单元格每种残留报告一次。{数字名称} 引用不算残留。"""
    for text in free_texts(d):
        seen = set()
        value = REFERENCE.sub(lambda m: " " * len(m.group(0)), text.value)  # {名称} is a reference
        for m in PLACEHOLDER.finditer(value):
            token = "{…}" if m.group(0) in "{}｛｝" else m.group(0)
            if token in seen:
                continue
            seen.add(token)
            yield F.make("text-placeholder", text.ref, token=token,
                         excerpt=_excerpt(text.value, m.start(), m.end()))


@rule("TXT-4", "文字中不能有不可见的控制字符（警告，生成报告时删除）", "text-control-char")
def control_characters(d, figures):
    """文字中 XML 不允许的控制字符（U+0000–U+001F 中除制表符、换行、回车外的字符，或 Excel 保存的转义形式
    如 _x0007_）会被删除并警告。"""
    for text in free_texts(d):
        found = CONTROL.findall(text.value)
        if found:
            codes = "、".join(sorted({f"U+{ord(c):04X}" if len(c) == 1 else f"U+{c[2:6].upper()}"
                                      for c in found}))
            yield F.make("text-control-char", text.ref, count=len(found), codes=codes)



