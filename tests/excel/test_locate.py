"""locate: titles with years and table numbers, column-number rows (栏次, 甲 乙, bare 1 2 3) told
apart from data rows, columns matched by meaning with extra 决算数 labels passed over."""
from __future__ import annotations

from generator import schema
from generator.excel.grid import Grid
from generator.excel.locate import is_number_row, is_title_cell


def grid(rows: list[list]) -> Grid:
    values = {(r, c): v for r, row in enumerate(rows, 1) for c, v in enumerate(row, 1) if v is not None}
    return Grid("t", values, len(rows), max(len(r) for r in rows))


def test_number_rows_and_data_rows():
    g = grid([
        ["栏次", None, 1, 2, 3],          # labelled
        [None, None, 1, 2, 3],            # bare
        ["甲", "乙", 1, 2, 3],            # lettered label columns
        ["栏次", None, "1.00", "2.00"],   # text numbers
        [None, None, 6, 0, 6],            # a data row of a table without labels (07)
        ["合计", None, 1, 2, 3],          # a total that happens to read 1 2 3: a label, so data
        [None, None, 1, 3, 4],            # not consecutive
        [None, None, 1, None, None],      # a single bare number: not enough to tell
    ])
    assert [is_number_row(g, r) for r in range(1, 9)] == [True, True, True, True, False, False, False,
                                                           False]


def test_title_cells():
    titles = schema.T01.titles
    assert is_title_cell(schema.fold("收入支出决算总表"), titles)
    assert is_title_cell(schema.fold("2021年度 收入支出决算总表"), titles)
    assert is_title_cell(schema.fold("怀化市工伤保险服务中心2021年度收入支出决算总表"), titles)
    assert is_title_cell(schema.fold("收入支出决算表（公开01表）"), titles)   # the 2022 title
    assert not is_title_cell(schema.fold("政府性基金预算财政拨款收入支出决算表"), titles)
    assert not is_title_cell(schema.fold("一般公共预算财政拨款支出决算表"), schema.T03.titles)


def test_enumerators_are_dropped_after_folding():
    assert schema.fold_label("一、一般公共预算财政拨款收入") == schema.fold_label("一般公共预算财政拨款收入")
    assert schema.fold_label("1、因公出国(境)费用") == schema.fold_label("因公出国（境）费用")
    assert schema.fold_label("其中:(1)公务用车运行维护费") == "公务用车运行维护费"
    assert schema.fold_label("一般公共预算财政拨款") == "一般公共预算财政拨款"   # 一般 is no enumerator
