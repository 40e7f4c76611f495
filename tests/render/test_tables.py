"""generator.derive.display: the nine tables as display grids (pure data)."""
from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest

from generator import schema
from generator.excel.reader import read_workbook
from generator.derive.display import build_table_rows, header_rows, money_cell
from tests.conftest import SAMPLE


@pytest.fixture(scope="module")
def disclosure():
    return read_workbook(SAMPLE).disclosure


@pytest.fixture(scope="module")
def tables(disclosure):
    return {t.key: t for t in build_table_rows(disclosure)}


@pytest.mark.parametrize("value, shown", [
    (Decimal("1234.56"), "1234.56"), (Decimal("33"), "33.00"), (Decimal("0.005"), "0.01"),
    (Decimal("0"), ""), (Decimal("0.004"), ""), (Decimal("-1.5"), "-1.50"), (None, ""),
])
def test_money_cell__two_decimals_half_up_blank_zero(value, shown):
    assert money_cell(value) == shown


def test_all_nine_tables_in_order_with_spec_titles_and_orientation(tables):
    assert [t.key for t in tables.values()] == [s.key for s in schema.TABLES]
    # 02–04 and 06–08 are wide; 05 lies between them and joins them; 01 and 09 stay upright.
    upright = {"01", "09"}
    for spec in schema.TABLES:
        t = tables[spec.key]
        assert (t.number, t.title) == (spec.number, spec.title)
        assert t.landscape == (spec.key not in upright)


def test_every_row_covers_the_grid_exactly_once(tables):
    """Cells and their spans tile the grid: no gap, no overlap (else Word merges break)."""
    for t in tables.values():
        rows = t.header + t.body
        covered = [[0] * t.n_cols for _ in rows]
        for r, row in enumerate(rows):
            for c in row:
                for dr in range(c.rowspan):
                    for dc in range(c.colspan):
                        covered[r + dr][c.col + dc] += 1
        assert all(v == 1 for line in covered for v in line), t.key


def test_header_tree_spans_leaves_and_fills_down():
    rows = header_rows(schema.T05.header)
    assert [(c.text, c.colspan, c.rowspan) for c in rows[0]] == [
        ("项目", 2, 1), ("本年支出", 3, 1)]
    assert [(c.text, c.col) for c in rows[1]] == [
        ("科目编码", 0), ("科目名称", 1), ("小计", 2), ("基本支出", 3), ("项目支出", 4)]


def test_coded_table_has_column_numbers_total_first_then_rows(tables, disclosure):
    t05 = tables["05"]
    assert [c.text for c in t05.header[-1]] == ["栏次", "1", "2", "3"]
    first = t05.body[0]
    assert first[0].text == "合计" and first[0].colspan == 2
    assert first[1].text == "207.02"  # reference: 支出合计 207.02 (figures.md, table 05)
    codes = [row[0].text for row in t05.body[1:]]
    assert codes == [r.code for r in disclosure.t05.rows]
    assert all(c.align == "right" for row in t05.body for c in row if c.col >= 2)


def test_empty_table_keeps_header_and_says_why(tables):
    for key in ("08", "09"):
        t = tables[key]
        assert t.empty and not t.body and t.header
        assert t.notes[-1] == schema.TABLE_BY_KEY[key].empty_note


def test_labelled_01_pairs_totals_on_shared_rows(tables, disclosure):
    t01 = tables["01"]
    by_label = {row[0].text: row for row in t01.body if row[0].text}
    right = {row[3].text: row for row in t01.body if row[3].text}
    assert by_label["本年收入合计"] is right["本年支出合计"]
    assert t01.body[-1][0].text == "总计" and t01.body[-1][3].text == "总计"
    assert by_label["本年收入合计"][2].text == "203.90"  # reference: 收入合计203.90万元
    # 行次 run on from the left block to the right block.
    left_numbers = [int(r[1].text) for r in t01.body if r[1].text]
    right_numbers = [int(r[4].text) for r in t01.body if r[4].text]
    assert sorted(left_numbers) == list(range(1, len(schema.T01.income) + 1))
    assert min(right_numbers) == len(schema.T01.income) + 1
    # 类 lines carry the standard enumerator.
    assert any(label.startswith("八、社会保障和就业支出") for label in right)


def test_basic_06_blocks_by_group_and_stated_totals(tables, disclosure):
    t06 = tables["06"]
    personnel_codes = [row[0].text for row in t06.body[:-1] if row[0].text]
    public_codes = [row[c].text for c in (3, 6) for row in t06.body[:-1] if row[c].text]
    assert all(code[:3] in ("301", "303") for code in personnel_codes)
    assert not any(code[:3] in ("301", "303") for code in public_codes)
    assert personnel_codes == sorted(personnel_codes)
    last = t06.body[-1]
    assert last[0].text == schema.PERSONNEL_TOTAL
    # reference: 人员经费157.36万元 … 公用经费49.66万元
    assert (last[1].text, last[3].text) == ("157.36", "49.66")


def test_basic_06_total_missing_is_sum_of_items(disclosure):
    """Without 人员经费合计 the row shows the sum of the 款 items. The sample's items add to the
    reference's 157.36; dropping 30309 奖励金 (33.00) tells a sum from a stale total: 124.36."""
    items = tuple(i for i in disclosure.t06.items if i.code != "30309")
    d = replace(disclosure, t06=replace(disclosure.t06, items=items, personnel_total=None))
    t06 = {t.key: t for t in build_table_rows(d)}["06"]
    assert t06.body[-1][1].text == "124.36"


def test_three_costs_07_one_row_budget_then_actual(tables, disclosure):
    t07 = tables["07"]
    assert len(t07.body) == 1 and len(t07.body[0]) == 12
    assert t07.body[0][0].text == "6.00"  # reference: 三公 预算 合计 6.00
    assert t07.body[0][6].text == "2.28"  # 决算 合计 2.28 (公务接待费支出决算2.28万元)
    assert t07.notes == schema.T07.notes


def test_orientation_grouping_joins_tables_between_wide_ones():
    from generator.derive.display import group_orientation

    def t(key, wide):
        first = build_table_rows(read_workbook(SAMPLE).disclosure)[0]
        return replace(first, key=key, landscape=wide)

    row = [t("a", False), t("b", True), t("c", False), t("d", True), t("e", False)]
    assert [x.landscape for x in group_orientation(row)] == [False, True, True, True, False]
    assert [x.landscape for x in group_orientation(row[:1])] == [False]


def test_total_rows_are_bold(tables):
    for key in ("02", "03", "05"):
        total = tables[key].body[0]
        assert total[0].text == "合计" and all(c.bold for c in total)
        assert not any(c.bold for row in tables[key].body[1:] for c in row)
    for key in ("01", "04"):
        bold_rows = [row for row in tables[key].body if any(c.bold for c in row)]
        assert [row[0].text for row in bold_rows] == ["本年收入合计", "总计"]
        assert all(c.bold for row in bold_rows for c in row)
    assert all(c.bold for c in tables["06"].body[-1])


def test_row_and_column_numbers_are_centred(tables):
    for key in ("01", "04"):
        for row in tables[key].body:
            assert row[1].align == "center" and row[4].align == "center"
    for t in tables.values():
        for row in t.header:
            for c in row:
                assert c.align == "center", (t.key, c.text)


def test_every_table_carries_its_note(tables):
    for t in tables.values():
        assert t.notes and all(n for n in t.notes), t.key
        assert t.notes[0].startswith("注：") or t.empty, t.key


@pytest.mark.parametrize("key", ["01", "04"])
def test_class_lines_numbered_consecutively_with_231_and_232(disclosure, key):
    # A unit with 债务还本支出 (231, not in the 2021 code list) and 债务付息支出 (232): before, both
    # printed 二十四 (231 by its position, 232 by its place in the list) and 二十五 was missing.
    table = getattr(disclosure, f"t{key}")
    names = [name for name, _ in table.classes]
    at = names.index("其他支出") + 1
    classes = table.classes[:at] + (("债务还本支出", table.classes[at][1]),) + table.classes[at:]
    shown = {t.key: t for t in build_table_rows(replace(disclosure, **{f"t{key}": replace(table, classes=classes)}))}
    labels = [row[3].text for row in shown[key].body if "、" in row[3].text]
    assert labels[22:26] == ["二十三、其他支出", "二十四、债务还本支出", "二十五、债务付息支出", "二十六、债务发行费用支出"]
    numerals = [label.split("、")[0] for label in labels]
    assert numerals == list(schema.CHINESE_NUMERALS[:len(labels)]) and len(labels) == 27 == len(set(numerals))
