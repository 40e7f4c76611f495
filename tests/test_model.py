"""model: derived totals of table 06."""
from decimal import Decimal

from generator.model import Amount, BasicTable, EconomicItem


def item(code, value):
    return EconomicItem(code, code, Amount(Decimal(value)))


def test_group_total_prefers_the_stated_total():
    t = BasicTable("", "", (item("301", "10"), item("30101", "10")), Amount(Decimal("10.01")), None)
    assert t.group_total("人员经费") == Decimal("10.01")


def test_group_total_without_stated_total_sums_items_not_their_class_lines():
    items = (item("301", "12"), item("30101", "10"), item("30102", "2"), item("302", "5"), item("30201", "5"))
    t = BasicTable("", "", items, None, None)
    assert t.group_total("人员经费") == Decimal("12")
    assert t.group_total("公用经费") == Decimal("5")


def test_group_total_counts_a_class_line_listed_without_its_items():
    """302 given only as its 类 line (49.66) is the 公用经费; 301's 类 line is not added to its 款."""
    items = (item("301", "12"), item("30101", "10"), item("30102", "2"), item("302", "49.66"))
    t = BasicTable("", "", items, None, None)
    assert t.group_total("人员经费") == Decimal("12")
    assert t.group_total("公用经费") == Decimal("49.66")
    assert [i.code for i in t.group_parts("人员经费")] == ["30101", "30102"]
