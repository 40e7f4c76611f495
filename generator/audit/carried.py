"""Audit: warn about each text carried from last year that is still unchanged.

Texts carried from last year (``juesuan init --from``) that are still unchanged: a warning each,
so that last year's wording (and year) does not slip into this year's report unreviewed."""
from __future__ import annotations

from typing import Iterable

from .. import findings as F
from ..model import Disclosure, Text
from .rule import rule


def _current(d: Disclosure, sheet: str, label: str) -> Text | None:
    """The text now at the place a carried text was written (None when it is gone)."""
    if sheet == "单位信息":
        return d.unit.get(label)
    if sheet == "名词解释":
        return next((text for term, text in d.glossary if term.value == label), None)
    if sheet == "绩效评价报告":
        return next((item.text for item in d.appendix if item.text.value.strip() == label.strip()), None)
    if sheet == "情况说明":
        return d.explanations.get(label)
    return None


@rule("CAR-1", "从上年结转的文字应按本年情况修改", "carried-text-unchanged")
def carried_texts_reviewed(d: Disclosure, figures) -> Iterable[F.Finding]:
    """每段从上年工作簿结转的文字（单位信息、名词解释、绩效评价报告标题）仍与上年相同时给出警告。"""
    for sheet, label, old in d.carried:
        text = _current(d, sheet, label)
        if text is not None and text.value.strip() == old.strip():
            yield F.make("carried-text-unchanged", text.ref, sheet=sheet, label=label)
