"""Part 3's charts: native Word charts whose data are the report's figures, deterministic, dropped
when they have nothing to show. Expected figures are the reference's (huaihua-2021-figures.md)."""
from __future__ import annotations

import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from lxml import etree

from generator.derive.chart_data import BAR, CHART_TAGS, COLUMNS, PIE, Chart, chart_context
from generator.render.charts import chart_parts
from tests.conftest import SAMPLE

C = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"


def read_chart(xml: bytes) -> dict:
    """Title, categories and {series name: values} of a chart part, as Word/LibreOffice read them."""
    root = etree.fromstring(xml)
    title = "".join(t.text or "" for t in root.iter("{http://schemas.openxmlformats.org/drawingml/2006/main}t"))
    series = {}
    categories: list[str] = []
    for ser in root.iter(f"{C}ser"):
        name = ser.find(f"{C}tx").find(f".//{C}v").text
        categories = [v.text for v in ser.find(f"{C}cat").iter(f"{C}v")]
        series[name] = [Decimal(v.text) for v in ser.find(f"{C}val").iter(f"{C}v")]
    return {"title": title, "categories": categories, "series": series}


def charts_of(docx: Path) -> dict[str, dict]:
    """The charts of a report by the tag word in their title (收入结构, 支出结构, …)."""
    out = {}
    for xml in chart_parts(docx):
        chart = read_chart(xml)
        key = next(k for k in ("收入结构", "支出结构", "财政拨款支出", "三公", "上年") if k in chart["title"])
        out[key] = chart
    return out


def chart_template(path: Path) -> Path:
    """A template holding every chart tag, each in its own paragraph inside ``{%p if %}``."""
    from docx import Document

    doc = Document()
    doc.add_paragraph("图表")
    for tag in CHART_TAGS:
        doc.add_paragraph(f"{{%p if {tag} %}}")
        doc.add_paragraph(f"{{{{ {tag} }}}}")
        doc.add_paragraph("{%p endif %}")
        doc.add_paragraph(f"之后：{tag}")
    doc.save(str(path))
    return path


@pytest.fixture(scope="module")
def sample_checked():
    from generator.pipeline import check

    return check(SAMPLE)


@pytest.fixture(scope="module")
def sample_report(tmp_path_factory):
    from generator.pipeline import build

    out = tmp_path_factory.mktemp("charts") / "sample.docx"
    built = build(SAMPLE, out)
    assert built.output is not None
    return built.output


def test_sample_report_has_every_chart_with_the_reference_figures(sample_report):
    charts = charts_of(sample_report)
    # §二 (收入合计 203.90, all 财政拨款收入) and §三 (支出合计 207.02, all 基本支出) have one part
    # each: no single-slice pie (issue 21)
    assert set(charts) == {"财政拨款支出", "三公", "上年"}
    # §五（二）: 社会保障和就业支出 200.65, 卫生健康支出 6.37
    assert charts["财政拨款支出"]["categories"] == ["社会保障和就业支出", "卫生健康支出"]
    assert list(charts["财政拨款支出"]["series"].values()) == [[Decimal("200.65"), Decimal("6.37")]]
    # §七: 公务接待费 budget 6.00, actual 2.28 (出国 and 公务用车 are 0 / 0: not drawn)
    assert charts["三公"]["categories"] == ["公务接待费"]
    assert charts["三公"]["series"] == {"预算数": [Decimal("6.00")], "决算数": [Decimal("2.28")]}
    # this year against 上年数: 收支总计 211.25 → 207.02, 财政拨款收支总计 211.26 → 207.02,
    # 财政拨款支出 208.13 → 207.02
    assert charts["上年"]["categories"] == ["收支总计", "财政拨款收支总计", "财政拨款支出"]
    assert charts["上年"]["series"] == {
        "2020年度": [Decimal("211.25"), Decimal("211.26"), Decimal("208.13")],
        "2021年度": [Decimal("207.02")] * 3}


def test_chart_figures_are_the_ones_the_text_writes(sample_report):
    """Every amount a chart shows appears in Part 3's text, written the same way; last year's
    amounts as this year's plus the decrease the text states."""
    from generator.render import docx_text

    text = "".join(docx_text(sample_report))
    charts = charts_of(sample_report)
    for key, chart in charts.items():
        for name, values in chart["series"].items():
            if key == "上年" and name.startswith("2020"):
                continue
            for v in values:
                assert f"{v}万元" in text, (key, v)
    prior, now = charts["上年"]["series"]["2020年度"], charts["上年"]["series"]["2021年度"]
    for before, after in zip(prior, now):
        assert f"减少{before - after}万元" in text, (before, after)


def test_charts_are_native_word_charts_with_their_data_workbook(sample_report):
    with zipfile.ZipFile(sample_report) as z:
        names = z.namelist()
        types = z.read("[Content_Types].xml").decode()
        body = z.read("word/document.xml").decode()
        rels = z.read("word/charts/_rels/chart1.xml.rels").decode()
    assert sum(n.startswith("word/charts/chart") for n in names) == 3
    assert sum(n.startswith("word/embeddings/") and n.endswith(".xlsx") for n in names) == 3
    assert "drawingml.chart+xml" in types
    assert body.count("drawingml/2006/chart") >= 3 and "<w:drawing>" in body
    assert "../embeddings/" in rels


def test_two_builds_are_byte_identical(sample_report, tmp_path):
    import time

    from generator.pipeline import build

    time.sleep(1.1)  # a clock stamped anywhere (zip entries, the embedded workbooks) would show
    again = build(SAMPLE, tmp_path / "again.docx").output
    assert again.read_bytes() == sample_report.read_bytes()


def test_a_chart_with_nothing_to_show_is_none(sample_checked):
    figures = {k: Decimal(0) for k in sample_checked.figures}
    charts = chart_context(sample_checked.disclosure, figures)
    for tag in ("图_收入结构", "图_支出结构", "图_三公经费"):
        assert charts[tag] is None, tag
    assert set(charts) == set(CHART_TAGS)


def test_unit_without_three_costs_has_no_three_costs_chart(sample_checked, tmp_path):
    from generator.render import render_docx

    figures = dict(sample_checked.figures)
    for name in list(figures):
        if any(k in name for k in ("三公", "因公出国", "公务接待", "公务用车")):
            figures[name] = Decimal(0)
    context = chart_context(sample_checked.disclosure, figures)
    assert context["图_三公经费"] is None and context["图_财政拨款支出"] is not None
    out = render_docx(context, tmp_path / "r.docx", chart_template(tmp_path / "t.docx"), year="2021")
    assert set(charts_of(out)) == {"财政拨款支出", "上年"}
    from docx import Document

    texts = [p.text for p in Document(str(out)).paragraphs]
    # the dropped chart leaves no paragraph: its neighbours touch
    i = texts.index("之后：图_财政拨款支出")
    assert texts[i + 1] == "之后：图_三公经费"


def test_unit_without_prior_year_has_no_comparison(sample_checked):
    from dataclasses import replace

    d = replace(sample_checked.disclosure, prior={})
    assert chart_context(d, sample_checked.figures)["图_上年对比"] is None


def test_chart_xml_labels_in_chinese_values_with_two_decimals():
    from generator.render.charts import chart_xml

    xml = chart_xml(Chart(COLUMNS, "测试图（万元）", ("甲", "乙"),
                          (("预算数", (Decimal("1.50"), Decimal("0.00"))),
                           ("决算数", (Decimal("2.25"), Decimal("3.10"))))))
    chart = read_chart(xml)
    assert chart["title"] == "测试图（万元）"
    assert chart["series"] == {"预算数": [Decimal("1.50"), Decimal("0.00")],
                               "决算数": [Decimal("2.25"), Decimal("3.10")]}
    root = etree.fromstring(xml)
    assert root.find(f".//{C}dLbls/{C}numFmt").get("formatCode") == "0.00"
    assert root.find(f"{C}lang").get("val") == "zh-CN"
    pie = etree.fromstring(chart_xml(Chart(PIE, "饼", ("甲",), (("收入", (Decimal("1.00"),)),))))
    assert pie.find(f".//{C}pieChart") is not None


def test_workbook_without_three_costs_builds_a_report_without_that_chart(sample_data, write_unit, tmp_path):
    from generator.pipeline import build

    for side in sample_data["tables"]["07"].values():
        for item in side:
            side[item] = "0.00"
    sample_data["sheets"]["补充数据"].update({"公务接待批次": 0, "公务接待人次": 0})
    sample_data["sheets"]["上年数"]["公务接待费"] = "0"
    built = build(write_unit(sample_data), tmp_path / "r.docx")
    assert built.output is not None, [f.message for f in built.report.errors]
    assert set(charts_of(built.output)) == {"财政拨款支出", "上年"}


def test_a_structure_needs_two_non_zero_parts(sample_checked):
    """Issue 21: the sample's income is all 财政拨款收入 (203.90) and its spending all 基本支出
    (207.02): a pie of one slice (100 %) says nothing; two parts make a chart."""
    charts = chart_context(sample_checked.disclosure, sample_checked.figures)
    assert charts["图_收入结构"] is None and charts["图_支出结构"] is None
    figures = dict(sample_checked.figures, 其他收入=Decimal("1.25"))
    pie = chart_context(sample_checked.disclosure, figures)["图_收入结构"]
    assert pie.kind == PIE and pie.categories == ("财政拨款收入", "其他收入")


def test_column_labels_clear_each_other_and_the_top_gridline():
    """Issue 21: the labels of a cluster's two bars touched each other and the top gridline."""
    from generator.render.charts import chart_xml

    values = (("预算数", (Decimal("6.00"), Decimal("0.50"))), ("决算数", (Decimal("2.28"), Decimal("0.40"))))
    root = etree.fromstring(chart_xml(Chart(COLUMNS, "“三公”经费（万元）", ("公务接待费", "因公出国（境）费"), values)))
    group = root.find(f".//{C}barChart")
    assert int(group.find(f"{C}overlap").get("val")) < 0      # bars of a cluster apart
    assert int(group.find(f"{C}gapWidth").get("val")) >= 100  # clusters apart
    for labels in root.iter(f"{C}dLbls"):
        assert labels.find(f"{C}dLblPos").get("val") == "outEnd"  # above its own bar
        assert labels.find(f"{C}numFmt").get("formatCode") == "0.00"
        assert labels.find(f"{C}showCatName").get("val") == "0"
    top = Decimal(root.find(f".//{C}valAx/{C}scaling/{C}max").get("val"))
    assert top >= Decimal("6.00") * Decimal("1.2")  # room above the tallest bar for its label
    assert top == 8                                   # a round axis end, not 7.2


def test_pie_labels_are_numbers_and_the_names_in_the_legend():
    """Issue 21: a pie label "财政拨款收入：203.90" broke inside the word ("财政拨款收/入"); the slices
    now carry their amounts only (no line break: wrap none) and the legend names them."""
    from generator.render.charts import chart_xml

    root = etree.fromstring(chart_xml(Chart(PIE, "收入结构（万元）", ("财政拨款收入", "事业收入"),
                                            (("收入", (Decimal("790.00"), Decimal("60.00"))),))))
    labels = root.find(f".//{C}dLbls")
    assert labels.find(f"{C}showCatName").get("val") == "0" and labels.find(f"{C}showVal").get("val") == "1"
    assert labels.find(f"{C}numFmt").get("formatCode") == "0.00"
    body = labels.find(f"{C}txPr/{{http://schemas.openxmlformats.org/drawingml/2006/main}}bodyPr")
    assert body.get("wrap") == "none"
    assert root.find(f".//{C}legend/{C}legendPos").get("val") == "r"


def test_a_negative_part_is_drawn_as_bars_not_as_a_pie(sample_checked):
    figures = dict(sample_checked.figures)
    figures["其他收入"] = Decimal("-1.50")
    chart = chart_context(sample_checked.disclosure, figures)["图_收入结构"]
    assert chart.kind != PIE
    assert dict(zip(chart.categories, chart.series[0][1]))["其他收入"] == Decimal("-1.50")


def test_names_with_characters_xml_cannot_carry_still_make_a_chart():
    from generator.render.charts import chart_xml

    xml = chart_xml(Chart(PIE, "标题\x0b<&>\"", ("甲\x01乙",), (("收\x1f入", (Decimal("1.00"),)),)))
    chart = read_chart(xml)
    assert chart["categories"] == ["甲乙"] and list(chart["series"]) == ["收入"]
    assert chart["title"] == "标题<&>\""


def test_each_chart_part_states_its_settings_once(sample_report):
    """The chart space's first settings appear once each, in schema order (a second date1904,
    which python-pptx writes for bar charts, makes the part invalid for strict readers)."""
    for xml in chart_parts(sample_report):
        root = etree.fromstring(xml)
        first = [etree.QName(child).localname for child in root][:3]
        assert first == ["date1904", "lang", "roundedCorners"]
        assert [etree.QName(child).localname for child in root].count("date1904") == 1


CASES = [Chart(PIE, "收入结构（万元）", ("财政拨款收入", "事业收入&<其他>"), (("收入", (Decimal("1.50"), Decimal("0.25"))),)),
         Chart(BAR, "支出 <结构>", ("基本\x01支出", "项目支出", "其他"),
               (("支出", (Decimal("-3.00"), Decimal("12.10"), Decimal("0"))),)),
         Chart(COLUMNS, "上年对比", ("收支总计", "财政拨款"),
               tuple((f"{2000 + i}年", (Decimal(i), Decimal("0.01") * i)) for i in range(27)))]


@pytest.mark.parametrize("chart", CASES, ids=lambda c: c.kind)
def test_chart_space_and_workbook_are_python_pptx_s(chart):
    """The chart space and its workbook are what python-pptx's chart XML writer and category
    workbook writer make of the same data (pptx is the reference; charts.py no longer imports it),
    byte for byte: a pie, bars with a negative value and names XML must escape, 27 series of
    columns (series columns B … AB)."""
    pytest.importorskip("pptx")
    from pptx.chart.data import CategoryChartData
    from pptx.chart.xmlwriter import ChartXmlWriter
    from pptx.enum.chart import XL_CHART_TYPE

    from generator.render import charts
    from generator.xmltext import clean

    data = CategoryChartData(number_format="0.00")
    data.categories = [clean(c) for c in chart.categories]
    for name, values in chart.series:
        data.add_series(clean(name), list(values))
    kind = {PIE: XL_CHART_TYPE.PIE, BAR: XL_CHART_TYPE.BAR_CLUSTERED, COLUMNS: XL_CHART_TYPE.COLUMN_CLUSTERED}
    assert charts._space_xml(chart) == ChartXmlWriter(kind[chart.kind], data).xml

    class Fixed(type(data._workbook_writer)):  # python-pptx's writer, dated as ours
        def _open_worksheet(self, xlsx_file):
            from contextlib import contextmanager

            from xlsxwriter import Workbook

            @contextmanager
            def opened():
                workbook = Workbook(xlsx_file, {"in_memory": True})
                workbook.set_properties({"created": charts._FIXED, "author": "", "title": chart.title})
                yield workbook, workbook.add_worksheet()
                workbook.close()
            return opened()
    assert charts._workbook(chart) == Fixed(data).xlsx_blob
