"""Audit: a free-text section's heading whose body would be empty.

Which workbook cells feed each free-text section of the report, declared once (the template
side may reuse ``UNIT_SECTIONS``), and the audit warning for a heading whose body would be empty.
"""
from __future__ import annotations

from .. import findings as F
from ..model import Ref
from ..schema import APPENDIX, UNIT_INFO
from .rule import rule

# (heading as the report prints it, sheet, label of the row whose 内容 fills the section)
UNIT_SECTIONS: tuple[tuple[str, str, str], ...] = (
    ("第一部分 一、部门职责", UNIT_INFO.title, "部门职责"),
    ("第一部分 二、（一）内设机构设置", UNIT_INFO.title, "内设机构设置"),
    ("第一部分 二、（二）决算单位构成", UNIT_INFO.title, "决算单位构成"),
)
# 绩效评价报告 headings by 层级: a heading's body ends at the next heading of its rank or above.
APPENDIX_RANK = {"标题": 0, "1": 1, "2": 2}


def _empty_appendix_headings(items):
    """The heading items of the 绩效评价报告 sheet with nothing (no 正文, no subheading) below."""
    for n, item in enumerate(items):
        rank = APPENDIX_RANK.get(item.level)
        if rank is None or not item.text.value.strip():
            continue
        following = items[n + 1] if n + 1 < len(items) else None
        if following is None or APPENDIX_RANK.get(following.level, 99) <= rank:
            yield item


@rule("SEC-1", "报告中的每一节都应有内容（单位信息的部门职责、机构设置，绩效评价报告的各级标题，警告）",
      "section-empty")
def empty_sections(d, figures):
    """单位信息“部门职责”“内设机构设置”“决算单位构成”为空，或绩效评价报告中某个标题下没有正文或下级标题时警告，
    位置为应填写内容的单元格（绩效评价报告为该标题所在单元格）。工作表整张缺少时只报告缺表。"""
    if d.unit:
        sheet_a1 = next((Ref(t.ref.sheet, "A1") for t in d.unit.values() if t.ref), Ref(UNIT_INFO.title, "A1"))
        for heading, _, label in UNIT_SECTIONS:
            text = d.unit.get(label)
            if text is None or not text.value.strip():
                ref = text.ref if text is not None and text.ref else sheet_a1
                yield F.make("section-empty", ref, section=heading)
    for item in _empty_appendix_headings([i for i in d.appendix if i.text.value.strip()]):
        yield F.make("section-empty", item.text.ref, section=f"{APPENDIX.title}“{item.text.value.strip()}”")
