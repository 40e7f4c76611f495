"""The nine tables as a profile prints them: its order (landscape ones grouped in that order), its
titles and labels, and its note under an empty table."""
from __future__ import annotations

from generator.derive.display import build_table_rows
from generator.model import Disclosure

EMPTY = Disclosure(source="", unit={}, t01=None, t02=None, t03=None, t04=None, t05=None, t06=None,
                   t07=None, t08=None, t09=None)
# 湖南2022 (汨罗市发展和改革局 2024): the 三公 table printed 9th under its new title.
ORDER = [(k, f"表{k}", f"公开{n:02d}表", None) for n, k in enumerate(("01", "02", "03", "04", "05", "06", "08", "09"), 1)]
ORDER.append(("07", "财政拨款“三公”经费支出决算表", "公开09表", None))


def test_order_titles_and_labels_are_the_profiles():
    tables = build_table_rows(EMPTY, ORDER)
    assert [t.key for t in tables] == ["01", "02", "03", "04", "05", "06", "08", "09", "07"]
    assert (tables[-1].title, tables[-1].number) == ("财政拨款“三公”经费支出决算表", "公开09表")
    assert tables[6].number == "公开07表"
    # 02–04 and 06–08 are wide (05 lies between them); 09, printed between 08 and 07 here, turns
    # landscape too, so the pages turn once into landscape and once back
    assert [t.landscape for t in tables] == [False] + [True] * 8
    assert [t.landscape for t in build_table_rows(EMPTY)] == [False] + [True] * 7 + [False]


def test_an_empty_table_gets_the_profiles_note_instead_of_the_standard_one():
    standard = {t.key: t.notes for t in build_table_rows(EMPTY)}
    assert "本单位无政府性基金收支，故本表为空表。" in standard["08"]
    note = "说明：本单位本年度没有政府性基金预算财政拨款收支，故本表无数据。"
    order = [(k, "表", "", note if k == "08" else ("" if k == "09" else None)) for k in sorted(standard)]
    tables = {t.key: t for t in build_table_rows(EMPTY, order)}
    assert tables["08"].notes[-1] == note and "本单位无政府性基金收支，故本表为空表。" not in tables["08"].notes
    assert not any("故本表为空表" in n for n in tables["09"].notes)  # "" prints no note
    assert tables["05"].notes == standard["05"]  # None keeps the standard notes


def test_an_empty_tables_note_names_the_unit_and_year_where_the_profile_says_so():
    # 上海 (普陀区文化和旅游局 2025, its 09 empty): 说明：上海市普陀区文化和旅游局本年度没有……
    from generator.model import Ref, Text

    unit = {"单位名称": Text("上海市普陀区文化和旅游局", Ref("单位信息", "B2")), "年度": Text("2025", Ref("单位信息", "B3"))}
    d = Disclosure(source="", unit=unit, t01=None, t02=None, t03=None, t04=None, t05=None, t06=None,
                   t07=None, t08=None, t09=None)
    note = "说明：{{ 单位名称 }}本年度没有国有资本经营预算财政拨款收入和支出，故本表无数据（{{年度}}）。"
    order = [(k, "表", "", note if k == "09" else None) for k in ("01", "02", "03", "04", "05", "06", "07", "08", "09")]
    tables = {t.key: t for t in build_table_rows(d, order)}
    assert tables["09"].notes[-1] == ("说明：上海市普陀区文化和旅游局本年度没有国有资本经营预算财政拨款收入和支出，"
                                      "故本表无数据（2025）。")
