"""Model → display grids of the nine tables of 第二部分, as published (公开01表 … 公开09表).

Pure data, no Word: the render layer draws each ``DisplayTable`` as a Word table. The header
trees, line lists and notes come from :mod:`generator.schema` (the same ones the reader and
the writer use), so a table reads in the report exactly as in the workbook.

Rules:

* Every money cell shows 万元 with two decimals (``money.display``, ROUND_HALF_UP); a cell whose
  displayed value is zero is left blank, as the published tables leave it — in all nine tables.
* 科目 rows keep the workbook's order; the 合计 row comes first (02, 03, 05, 08, 09).
* Table 01/04: income lines on the left, expense lines (功能分类 类, then the fixed lines) on the
  right; 本年收入合计 and 本年支出合计 share a row, the two 总计 lines share the last row;
  行次 numbers run on from the left block to the right block.
* Table 06: 人员经费 items (301/303) in the left block, 公用经费 items in the two right blocks
  (filled top to bottom, left block first), items ordered by code; the totals are the stated
  ones, else Σ items.
* A table with no rows is shown with its header and its ``empty_note`` (本单位无…，故本表为空表).
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Iterable, Sequence

from .. import schema
from ..schema import H, Header, TableSpec
from ..model import Amount, CodedTable, Disclosure, LabelledTable
from ..money import ZERO, fmt_amount
from ..profiles.parsed import fill_note

LEFT, CENTER, RIGHT = "left", "center", "right"

# Relative widths of the kinds of columns (the render layer scales them to the page).
W_CODE, W_NAME, W_MONEY, W_LINE, W_ROWNO = 11, 30, 13, 40, 6


@dataclass(frozen=True)
class Cell:
    """One cell placed on the grid: its first column, text, alignment and spans."""

    col: int
    text: str
    align: str = LEFT
    colspan: int = 1
    rowspan: int = 1
    bold: bool = False


Row = tuple[Cell, ...]


@dataclass(frozen=True)
class DisplayTable:
    """A table of 第二部分 as it is drawn: frame lines, header rows, body rows, notes."""

    key: str
    number: str          # 公开01表
    title: str
    unit_name: str       # 编制单位
    unit: str            # 单位：万元
    landscape: bool
    widths: tuple[int, ...]   # relative column widths
    header: tuple[Row, ...]   # repeated on every page the table crosses
    body: tuple[Row, ...]
    notes: tuple[str, ...]
    empty: bool
    framed: bool = True  # with its title, 表号 and 编制单位/单位 lines (a list table in the text has none)

    @property
    def n_cols(self) -> int:
        return len(self.widths)


def money_cell(value: Decimal | None) -> str:
    """A money cell: ``1234.56``, ``33.00``, ``-1.50``; blank for a displayed zero or None."""
    if value is None:
        return ""
    text = fmt_amount(value)
    return "" if text == "0" else text


def _value(amount: Amount | None) -> Decimal | None:
    return amount.value if amount is not None else None


def header_rows(nodes: Sequence[Header], first_col: int = 0) -> list[list[Cell]]:
    """Lay out header trees left to right: a node with children spans its leaves; a leaf spans
    down to the last header row when other branches are deeper."""
    depth = max(n.depth for n in nodes)
    rows: list[list[Cell]] = [[] for _ in range(depth)]

    def place(node: Header, level: int, col: int) -> int:
        width = len(node.leaves())
        span_down = 1 if node.children else depth - level
        rows[level].append(Cell(col, node.label, CENTER, colspan=width, rowspan=span_down, bold=True))
        child_col = col
        for child in node.children:
            child_col = place(child, level + 1, child_col)
        return col + width

    col = first_col
    for node in nodes:
        col = place(node, 0, col)
    return rows


def _notes(spec: TableSpec) -> list[str]:
    """The 注 under a table in the report: the published one, then the table's own."""
    published = schema.REPORT_NOTES.get(spec.key)
    return ([published] if published else []) + list(spec.notes)


def _rows(rows: Iterable[Iterable[Cell]]) -> tuple[Row, ...]:
    return tuple(tuple(sorted(r, key=lambda c: c.col)) for r in rows)


# ---------------------------------------------------------------------------------------------
# 02, 03, 05, 08, 09


def coded_table(spec: TableSpec, table: CodedTable | None, unit_name: str) -> DisplayTable:
    """A 科目编码 table's grid: header, 合计 first, then one row per code."""
    keys = spec.column_keys
    header = header_rows(spec.header)
    header.append([Cell(0, "栏次", CENTER, colspan=2),
                   *(Cell(2 + i, str(i + 1), CENTER) for i in range(len(keys)))])
    body: list[list[Cell]] = []
    rows = table.rows if table else ()
    total = table.total if table else None
    empty = table is None or table.is_empty
    if total is not None and not empty:
        body.append([Cell(0, "合计", CENTER, colspan=2, bold=True),
                     *(Cell(2 + i, money_cell(total.get(k)), RIGHT, bold=True)
                       for i, k in enumerate(keys))])
    for row in rows:
        body.append([Cell(0, row.code), Cell(1, row.name),
                     *(Cell(2 + i, money_cell(row.get(k)), RIGHT) for i, k in enumerate(keys))])
    notes = _notes(spec)
    if empty and spec.empty_note:
        notes.append(spec.empty_note)
    return DisplayTable(spec.key, spec.number, spec.title, unit_name, "万元", spec.landscape,
                        (W_CODE, W_NAME) + (W_MONEY,) * len(keys), _rows(header), _rows(body),
                        tuple(notes), empty)


# ---------------------------------------------------------------------------------------------
# 01, 04


def _class_label(name: str, position: int) -> str:
    """八、社会保障和就业支出: the class numbered by its place among the lines printed (the first
    一), so that a workbook with a class the standard list lacks (231 债务还本支出) still counts
    一、二、三… without a repeat or a gap."""
    numeral = schema.CHINESE_NUMERALS[position] if position < len(schema.CHINESE_NUMERALS) else str(position + 1)
    return f"{numeral}、{name}"


def labelled_table(spec: TableSpec, table: LabelledTable | None, unit_name: str) -> DisplayTable:
    """Table 01 or 04's grid: income lines left, spending lines right, totals on shared rows."""
    split = next(i for i, line in enumerate(spec.income) if line.key == "本年收入合计")
    columns = [h.key for h in spec.amount_columns]
    lines = table.lines if table else {}
    left = [(line.label, [_value((lines.get(line.key) or {}).get("金额"))]) for line in spec.income]
    right = [(_class_label(name, i), [_value(amounts.get(c)) for c in columns])
             for i, (name, amounts) in enumerate(table.classes if table else ())]
    right_split = len(right)
    right += [(line.label, [_value((lines.get(line.key) or {}).get(c)) for c in columns])
              for line in spec.expense]
    n_right = len(columns)
    header = header_rows((
        H("收入", H("项目"), H("行次"), H("金额")),
        H("支出", H("项目"), H("行次"), *(H(h.label) for h in spec.amount_columns)),
    ))
    header.append([Cell(0, "栏次", CENTER), Cell(1, "", CENTER), Cell(2, "1", CENTER),
                   Cell(3, "栏次", CENTER), Cell(4, "", CENTER),
                   *(Cell(5 + i, str(2 + i), CENTER) for i in range(n_right))])
    pre = max(split, right_split)
    post_left, post_right = len(left) - split - 1, len(right) - right_split - 1
    n_rows = pre + 1 + max(post_left, post_right)

    def row_of(index: int, split_at: int, n_post: int) -> int:
        if index < split_at:
            return index
        if index == split_at:
            return pre
        if index == split_at + n_post:
            return n_rows - 1
        return pre + index - split_at

    grid: list[dict[int, Cell]] = [{} for _ in range(n_rows)]
    number = 1
    for _side, (items, split_at, n_post, first_col) in enumerate(
            ((left, split, post_left, 0), (right, right_split, post_right, 3))):
        for i, (label, amounts) in enumerate(items):
            r = row_of(i, split_at, n_post)
            grid[r][first_col] = Cell(first_col, label, LEFT)
            grid[r][first_col + 1] = Cell(first_col + 1, str(number), CENTER)
            for j, amount in enumerate(amounts):
                col = first_col + 2 + j
                grid[r][col] = Cell(col, money_cell(amount), RIGHT)
            number += 1
    width = 5 + n_right
    empty_align = {1: CENTER, 2: RIGHT, 4: CENTER}  # 行次 centred, amounts right, names left
    body = [[cells.get(c, Cell(c, "", RIGHT if c >= 5 else empty_align.get(c, LEFT)))
             for c in range(width)] for cells in grid]
    # The 合计 and 总计 rows (本年收入合计 | 本年支出合计, 总计 | 总计) are bold.
    totals = {pre, n_rows - 1}
    body = [[replace(c, bold=True) for c in row] if r in totals else row
            for r, row in enumerate(body)]
    return DisplayTable(spec.key, spec.number, spec.title, unit_name, "万元", spec.landscape,
                        (W_LINE, W_ROWNO, W_MONEY, W_LINE, W_ROWNO) + (W_MONEY,) * n_right,
                        _rows(header), _rows(body), tuple(_notes(spec)), table is None)


# ---------------------------------------------------------------------------------------------
# 06, 07


def basic_table(spec: TableSpec, d: Disclosure) -> DisplayTable:
    """Table 06's grid: 人员经费 items in one block, 公用经费 in two, the totals last."""
    t06 = d.t06
    items = sorted(t06.items if t06 else (), key=lambda i: i.code)
    personnel = [i for i in items if i.group == "人员经费"]
    public = [i for i in items if i.group == "公用经费"]
    n_rows = schema.t06_body_rows(len(personnel), len(public))
    blocks = [personnel, public[:n_rows], public[n_rows:]]
    body: list[list[Cell]] = []
    for r in range(n_rows):
        row = []
        for b, block in enumerate(blocks):
            col = 3 * b
            item = block[r] if r < len(block) else None
            row += [Cell(col, item.code if item else ""), Cell(col + 1, item.name if item else ""),
                    Cell(col + 2, money_cell(item.amount.value) if item else "", RIGHT)]
        body.append(row)
    body.append([
        Cell(0, schema.PERSONNEL_TOTAL, CENTER, colspan=2, bold=True),
        Cell(2, money_cell(t06.group_total("人员经费") if t06 else ZERO), RIGHT, bold=True),
        Cell(3, schema.PUBLIC_TOTAL, CENTER, colspan=5, bold=True),
        Cell(8, money_cell(t06.group_total("公用经费") if t06 else ZERO), RIGHT, bold=True),
    ])
    return DisplayTable(spec.key, spec.number, spec.title, d.unit_name, "万元", spec.landscape,
                        (W_CODE - 2, W_NAME - 6, W_MONEY) * 3, _rows(header_rows(spec.header)),
                        _rows(body), tuple(_notes(spec)), t06 is None)


def three_costs_table(spec: TableSpec, d: Disclosure) -> DisplayTable:
    """Table 07's grid: one row, the 预算数 columns then the 决算数 columns."""
    t07 = d.t07
    sides = {"预算数": t07.budget if t07 else {}, "决算数": t07.actual if t07 else {}}
    leaves = spec.columns
    header = header_rows(spec.header)
    header.append([Cell(i, str(i + 1), CENTER) for i in range(len(leaves))])
    body = [[Cell(i, money_cell(_value(sides[path[0].label].get(leaf.key))), RIGHT)
             for i, (path, leaf) in enumerate(leaves)]]
    return DisplayTable(spec.key, spec.number, spec.title, d.unit_name, "万元", spec.landscape,
                        (W_MONEY,) * len(leaves), _rows(header), _rows(body), tuple(_notes(spec)),
                        t07 is None or not (t07.budget or t07.actual))  # a header without a data row


def group_orientation(tables: Sequence[DisplayTable]) -> list[DisplayTable]:
    """Landscape tables made consecutive: a table lying between two wide (landscape) tables is
    set landscape too, so the pages turn once into landscape and once back."""
    wide = [i for i, t in enumerate(tables) if t.landscape]
    if not wide:
        return list(tables)
    return [replace(t, landscape=True) if wide[0] <= i <= wide[-1] else t
            for i, t in enumerate(tables)]


def _as_printed(t: DisplayTable, title: str, label: str, empty_note: str | None,
                names: dict[str, str]) -> DisplayTable:
    notes = t.notes
    if empty_note is not None and t.empty:  # the profile's note for an empty table instead of the standard one
        standard = schema.TABLE_BY_KEY[t.key].empty_note
        notes = tuple(n for n in notes if n != standard) + ((fill_note(empty_note, names),) if empty_note else ())
    return replace(t, title=title, number=label, notes=notes)


def build_table_rows(d: Disclosure, order: Sequence[tuple[str, str, str, str | None]] | None = None
                     ) -> list[DisplayTable]:
    """The nine tables of 第二部分 in printed order, landscape ones grouped: the workbook's order
    (公开01表 … 公开09表), or ``order``'s (key, title, label, empty-table note) — a profile's, which
    also sets the printed title, label (``公开09表``, or "" for none) and the note of an empty table
    (None: the standard one; its ``{{ 单位名称 }}`` and ``{{ 年度 }}`` filled in)."""
    name = d.unit_name
    tables = {t.key: t for t in (
        labelled_table(schema.T01, d.t01, name),
        coded_table(schema.T02, d.t02, name),
        coded_table(schema.T03, d.t03, name),
        labelled_table(schema.T04, d.t04, name),
        coded_table(schema.T05, d.t05, name),
        basic_table(schema.T06, d),
        three_costs_table(schema.T07, d),
        coded_table(schema.T08, d.t08, name),
        coded_table(schema.T09, d.t09, name),
    )}
    if order is None:
        return group_orientation(list(tables.values()))
    names = {"单位名称": name, "年度": d.year}
    return group_orientation([_as_printed(tables[key], *printed, names) for key, *printed in order])


def members_table(d: Disclosure) -> DisplayTable | None:
    """第一部分 二's table of the units in a 部门's 决算 (单位构成 sheet): 序号 | 单位名称 | 备注;
    None without the sheet."""
    if not d.members:
        return None
    header = [[Cell(c, label, CENTER, bold=True) for c, label in enumerate(("序号", "单位名称", "备注"))]]
    body = [[Cell(0, str(n), CENTER), Cell(1, m.name.value.strip()),
             Cell(2, m.note.value.strip() if m.note else "")] for n, m in enumerate(d.members, 1)]
    return DisplayTable("单位构成", "", "", d.unit_name, "", False, (4, 30, 20), _rows(header), _rows(body),
                        (), False, framed=False)
