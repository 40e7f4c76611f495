"""The accounting identities of the nine tables, declared once as data.

Each ``Sum`` says that a total line (or column) equals the signed sum of its parts. Three
consumers are generated from these declarations and from nothing else: the 表内 audit rules
(``audit/within.py``), the SUM formulas of the blank form (``excel/table_sheets.py``) and the
test builder that fills the totals of hand-made workbooks (``tests/builder.py``).

* 01 and 04 (labelled tables): ``side`` is 收入 (left block) or 支出 (right block); a part
  ``CLASS_LINES`` stands for every 功能分类 类 line of the right block; ``columns`` limits a sum of
  04 to some amount columns (the 年末 breakdown lines carry their amount in 合计 only).
* ``ACROSS_04``: on every line of 04's 支出 block, the 合计 column is the sum of the three kinds.
* 02/03/05/08/09 (coded tables): a row's total column = Σ its part columns (``TableSpec.row_total``);
  the 合计 row = Σ the 类 rows per column (``TOTAL_OF_CLASSES``); 类 = Σ 款 = Σ 项 (``CHILD_LENGTH``).
* 08: 年末结转和结余 = 年初结转和结余 + 本年收入 − 本年支出 on every row (``CARRYOVER_08``).
* 06: 人员经费合计 / 公用经费合计 = Σ the items of their group (``GROUP_TOTALS``).
* 07: ``SUMS["07"]`` per side (预算数, 决算数).
"""
from __future__ import annotations

from dataclasses import dataclass

from .tables import FISCAL_KINDS, PERSONNEL_TOTAL, PUBLIC_TOTAL, T01, THREE_CAR, THREE_CAR_PARTS, THREE_TOTAL_PARTS

CLASS_LINES = "功能分类各类"  # a part standing for every 类 line of a labelled table's 支出 block


@dataclass(frozen=True)
class Sum:
    """``total`` = Σ sign × part (signs +1 unless given), one identity of a table.

    Attributes:
        rule: the audit rule that checks it (``T01-1`` …).
        total: the key of the total line (or item, or column).
        parts: the keys of its parts, in order (``CLASS_LINES`` for every 类 line).
        side: 收入 or 支出 for 01/04; '' elsewhere.
        columns: the amount columns it holds in (None: every column of the side).
        signs: ±1 per part (None: all +1).
    """

    rule: str
    total: str
    parts: tuple[str, ...]
    side: str = ""
    columns: tuple[str, ...] | None = None
    signs: tuple[int, ...] | None = None

    def sign(self, n: int) -> int:
        return self.signs[n] if self.signs else 1


_INCOME_01 = tuple(line.key for line in T01.income[:8])  # 一 … 八

SUMS: dict[str, tuple[Sum, ...]] = {
    "01": (
        Sum("T01-1", "本年收入合计", _INCOME_01, "收入"),
        Sum("T01-2", "收入总计", ("本年收入合计", "使用非财政拨款结余", "年初结转和结余"), "收入"),
        Sum("T01-3", "本年支出合计", (CLASS_LINES,), "支出"),
        Sum("T01-4", "支出总计", ("本年支出合计", "结余分配", "年末结转和结余"), "支出"),
    ),
    "04": (
        Sum("T04-1", "本年收入合计", FISCAL_KINDS, "收入"),
        Sum("T04-1", "年初财政拨款结转和结余", tuple(f"年初{k}" for k in FISCAL_KINDS), "收入"),
        Sum("T04-1", "收入总计", ("本年收入合计", "年初财政拨款结转和结余"), "收入"),
        Sum("T04-2", "本年支出合计", (CLASS_LINES,), "支出"),
        Sum("T04-2", "年末财政拨款结转和结余", tuple(f"年末{k}" for k in FISCAL_KINDS), "支出",
            columns=("合计",)),
        Sum("T04-2", "支出总计", ("本年支出合计", "年末财政拨款结转和结余"), "支出"),
    ),
    "07": (
        Sum("T07-1", "合计", THREE_TOTAL_PARTS),
        Sum("T07-2", THREE_CAR.key, THREE_CAR_PARTS),
    ),
}
# 04's 支出 block: on every line the 合计 column = Σ the three kinds of 财政拨款.
ACROSS_04 = Sum("T04-2", "合计", FISCAL_KINDS, "支出")
# 02/03/05/08/09: the 合计 row = Σ the 类 rows, per column.
TOTAL_OF_CLASSES = "类"
# 08: 年末结转和结余 = 年初结转和结余 + 本年收入 − 本年支出, on every row.
CARRYOVER_08 = Sum("T08-1", "年末结转和结余", ("年初结转和结余", "本年收入", "本年支出"), signs=(1, 1, -1))
# 06: each group total = Σ the items of the group (人员经费 = 301 and 303 classes, 公用经费 the rest).
GROUP_TOTALS = (("人员经费", PERSONNEL_TOTAL), ("公用经费", PUBLIC_TOTAL))


def sums_of(table: str, side: str = "") -> tuple[Sum, ...]:
    """The declared sums of ``table`` (01, 04, 07), of one side for 01 and 04."""
    return tuple(s for s in SUMS.get(table, ()) if not side or s.side == side)


def sums_of_rule(rule_id: str) -> tuple[Sum, ...]:
    """The declared sums an audit rule checks."""
    return tuple(s for sums in SUMS.values() for s in sums if s.rule == rule_id)
