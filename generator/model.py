"""The typed, immutable model between the workbook reader and everything after it.

Every amount is a ``Decimal`` in 万元 that carries the ``sheet!cell`` it was read from, so that a
finding or a figure can always point back at the workbook. Nothing here knows about openpyxl
or Word.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from types import MappingProxyType
from typing import Mapping

from .money import ZERO
from .schema import CLASS_DIGITS, CODE_LEVELS, PERSONNEL_CLASSES, SUBCLASS_DIGITS


@dataclass(frozen=True, order=True)
class Ref:
    """A cell of the workbook: ``收入支出决算总表!C7``."""

    sheet: str
    cell: str

    def __str__(self) -> str:
        return f"{self.sheet}!{self.cell}"


@dataclass(frozen=True)
class Amount:
    """An amount in 万元 with the cell it came from (None for an absent cell, read as 0)."""

    value: Decimal
    ref: Ref | None = None

    @staticmethod
    def zero() -> "Amount":
        return Amount(ZERO, None)


@dataclass(frozen=True)
class Text:
    """A free-text value of a supplementary sheet, with its cell."""

    value: str
    ref: Ref | None = None


def frozen_map(items: Mapping | None = None) -> Mapping:
    """A read-only mapping (dataclasses stay hashable-free but immutable in practice)."""
    return MappingProxyType(dict(items or {}))


def level_of(code: str) -> str:
    """科目 level from a 功能分类 code: 3 digits 类, 5 款, 7 项 ('' for a 合计 row)."""
    return CODE_LEVELS.get(len(code), "")


@dataclass(frozen=True)
class SubjectRow:
    """One 科目 row of a coded table (02, 03, 05, 08, 09): code, name and amounts by column key."""

    code: str
    name: str
    values: Mapping[str, Amount]
    ref: Ref

    @property
    def level(self) -> str:
        return level_of(self.code)

    def get(self, key: str) -> Decimal:
        amount = self.values.get(key)
        return amount.value if amount else ZERO


@dataclass(frozen=True)
class CodedTable:
    """A table of 科目 rows: ``total`` is its 合计 row, ``rows`` the 类/款/项 rows in sheet order."""

    key: str
    title: str
    sheet: str
    columns: tuple[str, ...]
    total: SubjectRow | None
    rows: tuple[SubjectRow, ...]

    def of_level(self, level: str) -> tuple[SubjectRow, ...]:
        return tuple(r for r in self.rows if r.level == level)

    def find(self, code: str) -> SubjectRow | None:
        return next((r for r in self.rows if r.code == code), None)

    def total_of(self, key: str) -> Decimal:
        """The 合计 row's amount in column ``key`` (0 for an empty table)."""
        return self.total.get(key) if self.total else ZERO

    @property
    def is_empty(self) -> bool:
        """No 科目 rows and no non-zero total: the table is published empty."""
        no_total = self.total is None or all(a.value == ZERO for a in self.total.values.values())
        return not self.rows and no_total


@dataclass(frozen=True)
class LabelledTable:
    """A table of labelled lines (01, 04): canonical label → amount per column key.

    ``lines`` maps a canonical label (e.g. ``本年收入合计``) to its amounts by column key;
    ``classes`` lists the 功能分类 类 lines (name without enumerator → amounts) in order.
    """

    key: str
    title: str
    sheet: str
    lines: Mapping[str, Mapping[str, Amount]]
    classes: tuple[tuple[str, Mapping[str, Amount]], ...]

    def get(self, label: str, column: str = "金额") -> Decimal:
        amounts = self.lines.get(label)
        if not amounts or column not in amounts:
            return ZERO
        return amounts[column].value

    def amount(self, label: str, column: str = "金额") -> Amount | None:
        amounts = self.lines.get(label)
        return amounts.get(column) if amounts else None


@dataclass(frozen=True)
class EconomicItem:
    """One 经济分类 line of table 06: code (3 or 5 digits), name, amount."""

    code: str
    name: str
    amount: Amount

    @property
    def group(self) -> str:
        """人员经费 for 301/303 codes, 公用经费 for all others (302, 307, 309, 310, 399)."""
        return "人员经费" if self.code[:CLASS_DIGITS] in PERSONNEL_CLASSES else "公用经费"


@dataclass(frozen=True)
class BasicTable:
    """Table 06: the 经济分类 items and the two stated totals."""

    title: str
    sheet: str
    items: tuple[EconomicItem, ...]
    personnel_total: Amount | None
    public_total: Amount | None

    def group_items(self, group: str) -> tuple[EconomicItem, ...]:
        return tuple(i for i in self.items if i.group == group)

    def group_parts(self, group: str) -> tuple[EconomicItem, ...]:
        """The items a group total adds up: the 款 items (5 digits) of each 类, or the 类 line
        itself (3 digits) when the table lists no 款 under it."""
        items = self.group_items(group)
        parts: list[EconomicItem] = []
        for cls in sorted({i.code[:CLASS_DIGITS] for i in items}):
            details = [i for i in items
                       if len(i.code) == SUBCLASS_DIGITS and i.code[:CLASS_DIGITS] == cls]
            parts.extend(details or [i for i in items if i.code == cls])
        return tuple(parts)

    def group_total(self, group: str) -> Decimal:
        """人员经费 or 公用经费: the stated total (人员经费合计 / 公用经费合计), or when the table has
        none, the sum of the group's parts (``group_parts``)."""
        stated = self.personnel_total if group == "人员经费" else self.public_total
        if stated is not None:
            return stated.value
        return sum((i.amount.value for i in self.group_parts(group)), ZERO)


@dataclass(frozen=True)
class ThreeCostsTable:
    """Table 07: 预算数 and 决算数 by item key (合计, 因公出国（境）费, 公务用车购置及运行费,
    公务用车购置费, 公务用车运行费, 公务接待费)."""

    title: str
    sheet: str
    budget: Mapping[str, Amount]
    actual: Mapping[str, Amount]


@dataclass(frozen=True)
class BudgetLine:
    """A row of the 年初预算 sheet: one 项 with its 年初预算数 and the explaining clause."""

    code: str
    name: str
    budget: Amount
    note: Text | None
    ref: Ref
    use: Text | None = None   # 主要用途 (上海 2024+): what the 项 paid for


@dataclass(frozen=True)
class MemberUnit:
    """A row of the 单位构成 sheet: a unit included in the 部门's 决算, with its 备注."""

    name: Text
    note: Text | None


@dataclass(frozen=True)
class AppendixItem:
    """A row of the 绩效评价报告 sheet: 层级 (标题, 1, 2, 正文) and its text."""

    level: str
    text: Text


@dataclass(frozen=True)
class Disclosure:
    """Everything one unit's workbook says for one year."""

    source: str
    unit: Mapping[str, Text]
    t01: LabelledTable | None
    t02: CodedTable | None
    t03: CodedTable | None
    t04: LabelledTable | None
    t05: CodedTable | None
    t06: BasicTable | None
    t07: ThreeCostsTable | None
    t08: CodedTable | None
    t09: CodedTable | None
    prior: Mapping[str, Amount] = field(default_factory=frozen_map)
    budgets: tuple[BudgetLine, ...] = ()
    fund_budgets: tuple[BudgetLine, ...] = ()  # 政府性基金年初预算: the 项 of table 08
    supplement: Mapping[str, Amount] = field(default_factory=frozen_map)
    supplement_text: Mapping[str, Text] = field(default_factory=frozen_map)
    explanations: Mapping[str, Text] = field(default_factory=frozen_map)
    appendix: tuple[AppendixItem, ...] = ()
    glossary: tuple[tuple[Text, Text], ...] = ()
    members: tuple[MemberUnit, ...] = ()   # 单位构成 (a 部门 with member units), 本级 first
    carried: tuple[tuple[str, str, str], ...] = ()  # texts carried from last year: (sheet, label, text)

    @property
    def unit_name(self) -> str:
        text = self.unit.get("单位名称")
        return text.value if text else ""

    @property
    def year(self) -> str:
        text = self.unit.get("年度")
        return text.value if text else ""
