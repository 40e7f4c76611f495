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
