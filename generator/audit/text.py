"""Free-text rules: ``{…}`` references must name known figures."""
from __future__ import annotations

from .. import findings as F
from ..figures import REFERENCE, lookup
from .registry import rule


def free_texts(d):
    """Every free-text cell of the workbook: (Text) from 单位信息, 情况说明, 年初预算 说明,
    绩效评价报告 and 名词解释."""
    yield from d.unit.values()
    yield from d.explanations.values()
    for line in d.budgets:
        if line.note:
            yield line.note
    for item in d.appendix:
        yield item.text
    for term, text in d.glossary:
        yield term
        yield text


@rule("TXT-1", "文字中 {…} 引用的数字名称必须存在", "unknown-figure")
def unknown_references(d, figures):
    """绩效评价报告等文字中的 {名称} 必须是可引用的数字名称（juesuan check --figures 列出）。"""
    for text in free_texts(d):
        for m in REFERENCE.finditer(text.value):
            if lookup(figures, m.group(1)) is None:
                yield F.make("unknown-figure", text.ref, name=m.group(1))
