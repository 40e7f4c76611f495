"""render.wording: the wording rules of spec/report.md ("Numbers and wording rules") as template
filters and helpers, and the Part 3 sentences living in the template, not in generator/."""
import re
import zipfile
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest
from hypothesis import given, strategies as st

from generator.derive.values import Figure
from generator.derive.figures import FIGURE_NAMES, template_name
from generator.render.helpers import (
    FILTERS, HELPERS, against_budget, change, completion, count, direction, nonzero, share_of, wan_yuan,
    without_zeros,
)
from generator.schema import EXPLANATION_LABELS

D = Decimal
ROOT = Path(__file__).resolve().parents[2]
amounts = st.decimals(min_value=0, max_value=10**7, places=3, allow_nan=False, allow_infinity=False)


def test_change_against_last_year():
    assert change(Figure(D("207.02"), prior=D("211.25"))) == "减少4.23万元，下降2.00%"
    assert change(Figure(D("5"), prior=D("0"))) == "增加5.00万元（上年无此项支出）"
    assert change(Figure(D("0"), prior=D("0"))) == "持平"
    assert change(Figure(D("1.004"), prior=D("0.996"))) == "持平"
    assert change(Figure(D("3"))) == ""  # no 上年数: nothing to compare with


def test_change_against_a_given_base():
    assert change(Figure(D("49.66")), D("23.86")) == "增加25.80万元，增长108.13%"
    assert change(D("5"), D("0"), "年初预算数为0") == "增加5.00万元（年初预算数为0）"
    assert direction(D("1"), D("2")) == "减少" and direction(D("2"), D("2")) == "持平"


def shown(x: Decimal) -> Decimal:
    """What the report prints for an amount: 四舍五入 to the cent (spec/report.md)."""
    return x.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


@given(amounts, amounts)
def test_change_never_says_zero_and_follows_the_displayed_difference(cur, prev):
    text = change(Figure(cur, prior=prev))
    diff = shown(cur) - shown(prev)
    word = "增加" if diff > 0 else "减少" if diff < 0 else "持平"
    assert "增加0万元" not in text and "减少0万元" not in text
    if word == "持平":
        assert text == "持平"
    else:
        assert text.startswith(f"{word}{abs(diff)}万元")  # Decimal str keeps its two places
        if shown(prev) != 0:
            rate = shown(abs(diff) * 100 / shown(prev))
            assert text.endswith(f"，{'增长' if word == '增加' else '下降'}{'100' if rate == 100 else rate}%")
        else:
            assert text.endswith("（上年无此项支出）")


@pytest.mark.parametrize("actual, budget, rate, word", [
    ("142.93", "141.10", "101.30%", "决算数大于预算数"), ("2.28", "6", "38.00%", "决算数小于预算数"),
    ("0.23", "0.23", "100%", "决算数与预算数持平"), ("33", "0", "", "决算数大于预算数"),
    ("0", "0", "", "决算数与预算数持平"),
])
def test_completion_and_comparison(actual, budget, rate, word):
    figure = Figure(D(actual), budget=D(budget))
    assert completion(figure) == rate == completion(D(actual), D(budget))
    assert against_budget(figure) == word
    assert against_budget(D(actual), D(budget), "年初预算数") == word.replace("预算数", "年初预算数")


def test_shares_and_formats():
    assert share_of(D("200.65"), D("207.02")) == "96.92%"
    assert share_of(D("0"), D("0")) == ""  # issue 21: never "0%" of nothing
    assert share_of(D("0"), D("203.9")) == "0%"  # the 湖南 lists: a zero part of a whole
    assert share_of(D("203.9"), D("203.9")) == "100%"
    assert share_of(D("33"), D("0")) == ""
    assert wan_yuan(D("0")) == "0" and wan_yuan(D("33")) == "33.00" and wan_yuan(None) == "0"
    assert count(Figure(D("40"), money=False)) == "40"


@pytest.mark.parametrize("clause, joined", [
    ("严格控制接待标准和陪餐人数", "主要原因是严格控制接待标准和陪餐人数"),   # issue 21's example
    ("厉行节约，压减一般性支出", "主要原因是厉行节约，压减一般性支出"),
    ("主要原因是按预算执行", "主要原因是按预算执行"),
    ("减少的主要原因是接待人次略有下降", "减少的主要原因是接待人次略有下降"),
    ("决算数大于年初预算数的主要原因是：财政追加预算", "决算数大于年初预算数的主要原因是：财政追加预算"),
    ("主要是因为财政对公用经费进行了压减", "主要是因为财政对公用经费进行了压减"),
    ("由于新增人员", "由于新增人员"),
    ("受疫情影响，会议减少", "受疫情影响，会议减少"),
    ("", ""),
])
def test_reason_clause_joined_so_the_sentence_reads(clause, joined):
    from generator.render.helpers import reason

    assert reason(clause) == joined
    assert reason("办公设备更新", "原因是") == "原因是办公设备更新"  # the profile may choose the lead


def test_helper_names_are_the_documented_chinese_ones():
    assert set(FILTERS) == {"万元", "数量", "百分比", "去零"}
    assert set(HELPERS) == {"变化", "方向", "完成率", "预算对比", "占比", "原因", "非零"}


def test_every_figure_and_clause_has_a_template_name():
    for name in FIGURE_NAMES + EXPLANATION_LABELS:
        assert template_name(name).isidentifier(), name
    assert template_name("“三公”经费合计") == "三公经费合计"


# Fixed phrases of Part 3: they live in the template (templates/), never in generator/.
PART3_PHRASES = ("收、支总计各", "完成年初预算的", "主要用于以下方面", "本单位无政府采购支出。", "全年共接待来访团组",
                 "占本年支出合计的", "本单位无政府性基金收支。", "开展整体支出绩效评价", "公务用车保有量为")


def test_part3_wording_is_in_the_template_not_in_the_package():
    source = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "generator").rglob("*.py"))
    with zipfile.ZipFile(ROOT / "templates" / "report.docx") as zf:
        template = "".join(re.findall(r"<w:t(?:\s[^>]*)?>([^<]*)</w:t>", zf.read("word/document.xml").decode()))
    for phrase in PART3_PHRASES:
        assert phrase not in source, phrase
        assert phrase in template, phrase


def test_context_is_data_only_and_small():
    context = ROOT / "generator" / "derive" / "context.py"
    assert len(context.read_text(encoding="utf-8").splitlines()) <= 400


def test_nonzero_is_what_prints_as_not_zero():
    """非零: any figure, amount or list of them not 0 at two decimals; a missing figure is 0."""
    assert not nonzero(None, D("0"), Figure(D("0.004")), [D("0"), Figure(D("0"), prior=D("3"))])
    assert nonzero(None, Figure(D("0.005")))            # prints 0.01
    assert nonzero([D("0"), [Figure(D("2"), money=False)]])
    assert not nonzero()


def test_without_zeros_keeps_what_is_not_0_this_year_or_last():
    items = [{"名称": "会议费", "金额": Figure(D("0"), prior=D("5"))}, {"名称": "培训费", "金额": Figure(D("0"))},
             {"名称": "用车", "金额": Figure(D("2"), money=False)}, {"名称": "设备", "金额": D("0")}]
    assert [i["名称"] for i in without_zeros(items, "金额")] == ["会议费", "用车"]
