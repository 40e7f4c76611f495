"""Rules on the supplementary sheets (年初预算, 补充数据, 单位信息)."""
from __future__ import annotations

from .. import findings as F
from .registry import rule


@rule("SUP-1", "年初预算表的科目编码必须是公开05表中的项级科目", "budget-code-unknown")
def budget_codes_in_table_05(d, figures):
    """年初预算!科目编码 ⊆ 公开05表 项级科目编码。"""
    if d.t05 is None:
        return
    known = {r.code for r in d.t05.of_level("项")}
    for line in d.budgets:
        if line.code not in known:
            yield F.make("budget-code-unknown", line.ref, code=line.code)
