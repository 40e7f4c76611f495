"""CMP-1 workbook-empty: a workbook whose nine tables hold no amount is refused, one finding."""
from __future__ import annotations

from dataclasses import replace

from generator.audit import run_audit
from generator.excel.reader import read_workbook
from generator.excel.writer import blank_data, write_workbook
from generator.derive.figures import named_figures
from tests.conftest import SAMPLE


def codes(d):
    return [f.code for f in run_audit(d, named_figures(d), only=["CMP-1"])]


def test_blank_workbook_is_empty(tmp_path):
    path = tmp_path / "b.xlsx"
    write_workbook(blank_data(2022, "某单位"), path)
    assert codes(read_workbook(path).disclosure) == ["workbook-empty"]


def test_one_amount_is_enough(tmp_path):
    data = blank_data(2022, "某单位")
    data["tables"]["07"] = {"决算数": {"公务接待费": "0.01"}}
    path = tmp_path / "b.xlsx"
    write_workbook(data, path)
    assert codes(read_workbook(path).disclosure) == []


def test_sample_is_not_empty_and_no_tables_is_left_to_the_reader():
    d = read_workbook(SAMPLE).disclosure
    assert codes(d) == []
    bare = replace(d, t01=None, t02=None, t03=None, t04=None, t05=None, t06=None, t07=None,
                   t08=None, t09=None)
    assert codes(bare) == []  # table-missing findings already say it
