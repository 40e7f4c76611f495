"""generator.derive.figures/sections: each figure name means one row, compared with the 上年数 of
the same row (issue 21 item 2). The unit is tests/fixtures/second_unit.json, which has 政府性基金
(08 filled; 04 本年支出合计 806.60 = 一般公共预算 656.60 + 基金 150.00) and both 上年 labels:
财政拨款支出 780.00 (last year's 04 total) and 一般公共预算财政拨款支出 640.00 (last year's 05 合计).
Expected sentences are computed by hand from those figures."""
from __future__ import annotations

from decimal import Decimal

import pytest

from generator import schema
from generator.derive.chart_data import chart_context
from generator.derive.sections import PRIOR_OF, SECTIONS
from generator.pipeline import build, check
from generator.render import docx_text
from tests.audit.workbooks import write_second


@pytest.fixture(scope="module")
def second(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("second-prior")
    path = write_second(tmp)
    result = build(path, tmp / "second.docx")
    assert result.output, result.report.to_text()
    return check(path), docx_text(result.output)


def test_the_two_spending_figures_are_different_rows(second):
    checked, _ = second
    assert checked.figures["财政拨款支出"] == Decimal("806.60")          # 04 本年支出合计, three kinds
    assert checked.figures["一般公共预算财政拨款支出"] == Decimal("656.60")  # 05 合计


def test_every_prior_label_is_the_row_of_its_figure():
    # a figure is compared with the 上年数 of its own name only: no neighbour as a stand-in
    for name, labels in PRIOR_OF.items():
        if name != "公务用车购置及运行维护费":  # the sum of its two parts
            assert labels == (name,), name
    # and the 上年数 sheet says which row each label means
    assert set(schema.PRIOR_MEANING) == set(schema.PRIOR_LABELS)
    assert "04" in schema.PRIOR_MEANING["财政拨款支出"] and "三类" in schema.PRIOR_MEANING["财政拨款支出"]
    assert "05" in schema.PRIOR_MEANING["一般公共预算财政拨款支出"]


# One sentence per section that compares with last year, like with like (hand computed).
LIKE_WITH_LIKE = [
    # 一: 01 总计 902.10 against 上年 收支总计 850.00
    ("一", "与上年相比，收、支总计各增加52.10万元，增长6.13%"),
    # 五（一）: 05 合计 656.60 against 上年 一般公共预算财政拨款支出 640.00 (not 780.00, the 04 total:
    # before the fix "减少123.40万元，下降15.82%")
    ("五", "2022年度一般公共预算财政拨款支出656.60万元，占本年支出合计的73.60%，与上年相比，"
           "一般公共预算财政拨款支出增加16.60万元，增长2.59%"),
    # 七: 公务接待费 3.50 against 4.00; 公务用车 33.40 against 9.00 + 0
    ("七", "公务接待费支出预算为5.00万元，支出决算为3.50万元，完成预算的70.00%，决算数小于预算数，"
           "主要原因是严格控制接待标准；与上年相比减少0.50万元，下降12.50%"),
    ("七", "与上年相比增加24.40万元，增长271.11%"),
    # 十: 机关运行经费 126.30 against 118.00
    ("十", "比上年增加8.30万元，增长7.03%"),
    # 十一: 会议费 4.80 against 5.00, 培训费 6.20 against 6.20
    ("十一", "开支会议费4.80万元，比上年减少0.20万元，下降4.00%；开支培训费6.20万元，与上年持平"),
]


def _section(text: list[str], number: str) -> str:
    """The paragraphs of one section of 第三部分 (after its heading in the body, up to the next)."""
    numbers = {s.number for s in SECTIONS}
    part = max(i for i, p in enumerate(text) if p.startswith("第三部分"))  # the body, not the 目录
    start = next(i for i, p in enumerate(text) if i > part and p.startswith(f"{number}、"))
    end = next((i for i, p in enumerate(text) if i > start and p.split("、")[0] in numbers), len(text))
    return "\n".join(text[start:end])


@pytest.mark.parametrize("section, sentence", LIKE_WITH_LIKE,
                         ids=[f"{s}-{i}" for i, (s, _) in enumerate(LIKE_WITH_LIKE)])
def test_each_section_compares_like_with_like(second, section, sentence):
    _, text = second
    assert sentence in _section(text, section)


def test_section_five_uses_the_general_budget_row_and_its_prior():
    five = next(s for s in SECTIONS if s.number == "五")
    assert "一般公共预算财政拨款支出" in five.figures
    assert dict(five.clauses)["财政拨款支出增减原因"] == "上年:一般公共预算财政拨款支出"


def test_prior_year_chart_shows_the_same_pair_as_section_five(second):
    checked, _ = second
    chart = chart_context(checked.disclosure, checked.figures)["图_上年对比"]
    # 收支总计 850.00 → 902.10; 一般公共预算财政拨款支出 640.00 → 656.60 (财政拨款收支总计: no 上年数)
    assert chart.categories == ("收支总计", "一般公共预算财政拨款支出")
    assert chart.series[0][1] == (Decimal("850.00"), Decimal("640.00"))
    assert chart.series[1][1] == (Decimal("902.10"), Decimal("656.60"))


def test_a_unit_with_only_general_budget_keeps_the_published_wording(sample_report):
    # huaihua has no 政府性基金: 财政拨款支出 as its published report says (reference 五（一）)
    text = "\n".join(docx_text(sample_report))
    assert "2021年度财政拨款支出207.02万元，占本年支出合计的100%，与上年相比，财政拨款支出减少1.11万元，下降0.53%" in text
    assert "一般公共预算财政拨款支出207.02" not in text
