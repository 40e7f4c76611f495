"""Build templates/report.docx, the default report template (docxtpl).

The .docx is what users edit in Word (``juesuan template export``); this script is its source in
the repository, so that changes to the default template are reviewed as text. Its typography
(GB/T 9704-2012: faces, sizes, grid, page numbers) lives in ``typography.py`` beside it; this
file holds the content.

Run:  python templates/build_template.py   (writes templates/report.docx and tables-last.docx)
"""
from __future__ import annotations

import copy
import importlib.util
import io
import re
import sys
import zipfile
from datetime import datetime, timezone
from pathlib import Path

from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt

HERE = Path(__file__).resolve().parent
OUT = HERE / "report.docx"


def _typography():
    """templates/typography.py, loaded by path (this script is run, not imported as a package)."""
    spec = importlib.util.spec_from_file_location("juesuan_template_typography", HERE / "typography.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


T = _typography()

# The content: (style, text). Each Jinja tag is its own run (typed whole, so Word keeps it in one
# piece); a {%p %} tag is a paragraph of its own. The wording of 第三部分 is here: figures come
# as names (``{{ 收支总计|万元 }}``), the wording rules as helpers (``{{ 变化(收支总计) }}``,
# generator/render/helpers.py).
BODY = "Normal"
ITEM = "Item Heading"
CHART = "Chart"
Y = "{{ 年度 }}"


def _reason(name: str, before: str = "，", after: str = "") -> str:
    """A 情况说明 clause with its joining punctuation, left out when the workbook has none."""
    return f"{{% if {name} %}}{before}{{{{ {name} }}}}{after}{{% endif %}}"


def _share(part: str, whole: str, lead: str = "，占") -> str:
    return f"{{% if 占比({part}, {whole}) %}}{lead}{{{{ 占比({part}, {whole}) }}}}{{% endif %}}"


def _paragraphs(name: str, style: str = BODY) -> list[tuple[str, str]]:
    return [(BODY, f"{{%p for p in {name} %}}"), (style, "{{ p }}"), (BODY, "{%p endfor %}")]


def _chart(tag: str) -> list[tuple[str, str]]:
    """A chart of 第三部分 (generator/derive/chart_data.py): its own paragraph, gone when it has nothing to show."""
    return [(BODY, f"{{%p if {tag} %}}"), (CHART, f"{{{{ {tag} }}}}"), (BODY, "{%p endif %}")]


def _versus_prior(name: str, lead: str = "比上年") -> str:
    """，与上年持平 / ，比上年增加…: only when the workbook has the 上年数."""
    return (f"{{% if {name}.上年 is not none %}}，{{% if 方向({name}) == '持平' %}}与上年持平"
            f"{{% else %}}{lead}{{{{ 变化({name}) }}}}{{% endif %}}{{% endif %}}")


def _three_cost_item(number: str, title: str, name: str, budget: str, why: str) -> str:
    return (f"{number}、{title}支出预算为{{{{ {budget}|万元 }}}}万元，支出决算为{{{{ {name}|万元 }}}}万元"
            f"{{% if 完成率({name}) %}}，完成预算的{{{{ 完成率({name}) }}}}{{% endif %}}，{{{{ 预算对比({name}) }}}}"
            + _reason(f"{why}预算执行原因")
            + f"{{% if {name}.上年 is not none %}}；{{% if 方向({name}) == '持平' %}}与上年持平{{% else %}}"
            f"与上年相比{{{{ 变化({name}) }}}}{{% endif %}}" + _reason(f"{why}增减原因") + "{% endif %}。")


def _self_evaluation(kind: str, prefix: str, whole: str) -> str:
    """One sentence on the self-evaluated projects of a budget kind (政府性基金, 国有资本经营)."""
    n, money = f"{prefix}绩效自评项目数", f"{prefix}绩效自评资金"
    return (f"{{% if {n} is not none or {money} is not none %}}组织对{Y}年度{{{{ {n}|数量 }}}}个{kind}项目支出"
            f"开展绩效自评，共涉及资金{{{{ {money}|万元 }}}}万元，{{% if 占比({money}, {whole}) %}}"
            f"占{kind}项目支出总额的{{{{ 占比({money}, {whole}) }}}}{{% else %}}由于{kind}项目支出总额为"
            f"{{{{ {whole}|万元 }}}}万元，无法计算占比{{% endif %}}。{{% endif %}}")


_SOURCES_IN = ("上级补助收入", "事业收入", "经营收入", "附属单位上缴收入", "其他收入")
_SPENDING = ("基本支出", "项目支出", "上缴上级支出", "经营支出", "对附属单位补助支出")

UNIT = [
    ("Heading 2", "一、部门职责"),
    *_paragraphs("部门职责"),
    ("Heading 2", "二、机构设置及决算单位构成"),
    (BODY, "（一）内设机构设置。{% if 内设机构设置 %}{{ 内设机构设置[0] }}{% endif %}"),
    *_paragraphs("内设机构设置[1:]"),
    (BODY, "（二）决算单位构成。{% if 决算单位构成 %}{{ 决算单位构成[0] }}{% endif %}"),
    *_paragraphs("决算单位构成[1:]"),
]

# The nine tables: each tag's paragraph becomes the table with its title (drawn from the model).
TABLES = [(BODY, f"{{{{ 表{n:02d} }}}}") for n in range(1, 10)]

EXPLANATION = [
    ("Heading 2", "一、收入支出决算总体情况说明"),
    (BODY, f"{Y}年度收、支总计各{{{{ 收支总计|万元 }}}}万元。{{% if 收支总计.上年 is not none %}}与上年相比，"
           "收、支总计{% if 方向(收支总计) != '持平' %}各{% endif %}{{ 变化(收支总计) }}"
           + _reason("收支总计增减原因") + "。{% endif %}"),
    *_chart("图_上年对比"),
    ("Heading 2", "二、收入决算情况说明"),
    (BODY, f"{Y}年度收入合计{{{{ 本年收入合计|万元 }}}}万元，其中：财政拨款收入{{{{ 财政拨款收入|万元 }}}}万元"
           + _share("财政拨款收入", "本年收入合计")
           + "{% if 财政拨款种类|length > 1 %}（其中：{% for k in 财政拨款种类 %}{{ k.名称 }}{{ k.金额|万元 }}万元"
           + _share("k.金额", "本年收入合计") + "{% if not loop.last %}；{% endif %}{% endfor %}）{% endif %}"
           + "".join(f"；{s}{{{{ {s}|万元 }}}}万元" + _share(s, "本年收入合计") for s in _SOURCES_IN) + "。"),
    *_chart("图_收入结构"),
    ("Heading 2", "三、支出决算情况说明"),
    (BODY, f"{Y}年度支出合计{{{{ 支出合计|万元 }}}}万元，其中："
           + "；".join(f"{s}{{{{ {s}|万元 }}}}万元" + _share(s, "支出合计") for s in _SPENDING) + "。"),
    *_chart("图_支出结构"),
    ("Heading 2", "四、财政拨款收入支出决算总体情况说明"),
    (BODY, f"{Y}年度财政拨款收、支总计{{{{ 财政拨款收支总计|万元 }}}}万元{{% if 财政拨款收支总计.上年 is not none %}}"
           "，与上年相比，{{ 变化(财政拨款收支总计) }}" + _reason("财政拨款收支增减原因") + "{% endif %}。"),
    ("Heading 2", "五、一般公共预算财政拨款支出决算情况说明"),
    ("Heading 3", "（一）财政拨款支出决算总体情况"),
    (BODY, f"{Y}年度财政拨款支出{{{{ 财政拨款支出|万元 }}}}万元" + _share("财政拨款支出", "本年支出合计", "，占本年支出合计的")
           + "{% if 财政拨款支出.上年 is not none %}，与上年相比，财政拨款支出{{ 变化(财政拨款支出) }}"
           + _reason("财政拨款支出增减原因") + "{% endif %}。"),
    ("Heading 3", "（二）财政拨款支出决算结构情况"),
    (BODY, f"{Y}年度财政拨款支出{{{{ 财政拨款支出|万元 }}}}万元{{% if 财政拨款支出功能分类 %}}，主要用于以下方面："
           "{% for r in 财政拨款支出功能分类 %}{{ r.名称 }}{{ r.金额|万元 }}万元" + _share("r.金额", "财政拨款支出")
           + "{% if not loop.last %}；{% endif %}{% endfor %}{% endif %}。"),
    *_chart("图_财政拨款支出"),
    ("Heading 3", "（三）财政拨款支出决算具体情况"),
    (BODY, f"{Y}年度财政拨款支出年初预算数为{{{{ 年初预算合计|万元 }}}}万元，支出决算数为{{{{ 财政拨款支出|万元 }}}}万元，"
           "{% if 完成率(财政拨款支出) %}完成年初预算的{{ 完成率(财政拨款支出) }}{% else %}"
           "{{ 预算对比(财政拨款支出, 年初预算合计, '年初预算数') }}{% endif %}{% if 项目明细 %}，其中：{% else %}。{% endif %}"),
    (BODY, "{%p for i in 项目明细 %}"),
    (ITEM, "{{ i.序号 }}、{% if i.类 %}{{ i.类 }}（类）{% endif %}{% if i.款 %}{{ i.款 }}（款）{% endif %}{{ i.项 }}（项）"),
    (BODY, "年初预算为{{ i.年初预算|万元 }}万元，支出决算为{{ i.决算|万元 }}万元{% if 完成率(i.决算) %}，完成年初预算的"
           "{{ 完成率(i.决算) }}{% elif not i.说明含比较 %}，{{ 预算对比(i.决算, i.年初预算, '年初预算数') }}{% endif %}"
           + _reason("i.说明") + "。"),
    (BODY, "{%p endfor %}"),
    ("Heading 2", "六、一般公共预算财政拨款基本支出决算情况说明"),
    (BODY, f"{Y}年度财政拨款基本支出{{{{ 财政拨款基本支出|万元 }}}}万元，其中："
           + "；".join(f"{g}{{{{ {g}|万元 }}}}万元" + _share(g, "财政拨款基本支出", "，占基本支出的")
                      + f"{{% if {g}科目 %}}，主要包括{{{{ {g}科目|join('、') }}}}等{{% endif %}}" for g in ("人员经费", "公用经费"))
           + "。"),
    ("Heading 2", "七、一般公共预算财政拨款“三公”经费支出决算情况说明"),
    ("Heading 3", "（一）“三公”经费财政拨款支出决算总体情况说明"),
    (BODY, f"{Y}年度“三公”经费财政拨款支出预算为{{{{ 三公经费预算数|万元 }}}}万元，支出决算为{{{{ 三公经费合计|万元 }}}}万元，"
           "{% if 完成率(三公经费合计) %}完成预算的{{ 完成率(三公经费合计) }}{% else %}{{ 预算对比(三公经费合计) }}{% endif %}"
           + _reason("三公经费预算执行原因") + "，其中："),
    (BODY, _three_cost_item("1", "因公出国（境）费", "因公出国境费", "因公出国境费预算数", "因公出国境费")),
    (BODY, _three_cost_item("2", "公务接待费", "公务接待费", "公务接待费预算数", "公务接待费")),
    (BODY, _three_cost_item("3", "公务用车购置费及运行维护费", "公务用车购置及运行维护费",
                            "公务用车购置及运行维护费预算数", "公务用车")),
    *_chart("图_三公经费"),
    ("Heading 3", "（二）“三公”经费财政拨款支出决算具体情况说明"),
    (BODY, f"{Y}年度“三公”经费财政拨款支出决算中，{{% for x in 三公经费构成 %}}{{{{ x.名称 }}}}支出决算{{{{ x.金额|万元 }}}}万元"
           + _share("x.金额", "三公经费合计") + "{% if not loop.last %}；{% endif %}{% endfor %}。其中："),
    (BODY, "1、因公出国（境）费支出决算为{{ 因公出国境费|万元 }}万元{% if 因公出国境团组数 is not none %}，全年安排因公出国（境）团组"
           "{{ 因公出国境团组数|数量 }}个{% if 因公出国境人次 is not none %}，累计{{ 因公出国境人次|数量 }}人次{% endif %}{% endif %}。"),
    (BODY, "2、公务接待费支出决算为{{ 公务接待费|万元 }}万元{% if 公务接待批次 is not none %}，全年共接待来访团组"
           "{{ 公务接待批次|数量 }}个{% if 公务接待人次 is not none %}、来宾{{ 公务接待人次|数量 }}人次{% endif %}{% endif %}"
           "{% if 外事接待批次 %}，其中外事接待{{ 外事接待批次|数量 }}批次{% if 外事接待人次 is not none %}、"
           "{{ 外事接待人次|数量 }}人次{% endif %}{% endif %}" + _reason("公务接待费用途") + "。"),
    (BODY, "3、公务用车购置费及运行维护费支出决算为{{ 公务用车购置及运行维护费|万元 }}万元，其中：公务用车购置费"
           "{{ 公务用车购置费|万元 }}万元{% if 公务用车购置数 is not none %}，更新公务用车{{ 公务用车购置数|数量 }}辆{% endif %}。"
           "公务用车运行维护费{{ 公务用车运行维护费|万元 }}万元{% if 公务用车保有量 is not none %}，截至" + Y
           + "年12月31日，我单位开支财政拨款的公务用车保有量为{{ 公务用车保有量|数量 }}辆{% endif %}。"),
    ("Heading 2", "八、政府性基金预算收入支出决算情况"),
    (BODY, "{%p if 有政府性基金 %}"),
    (BODY, f"{Y}年度政府性基金预算财政拨款年初结转和结余{{{{ 政府性基金年初结转和结余|万元 }}}}万元，本年收入"
           "{{ 政府性基金本年收入|万元 }}万元，本年支出{{ 政府性基金本年支出|万元 }}万元（其中：基本支出"
           "{{ 政府性基金基本支出|万元 }}万元，项目支出{{ 政府性基金项目支出|万元 }}万元），年末结转和结余"
           "{{ 政府性基金年末结转和结余|万元 }}万元。{% if 政府性基金支出功能分类 %}本年支出主要用于："
           "{% for r in 政府性基金支出功能分类 %}{{ r.名称 }}{{ r.金额|万元 }}万元" + _share("r.金额", "政府性基金本年支出")
           + "{% if not loop.last %}；{% endif %}{% endfor %}。{% endif %}"),
    (BODY, "{%p else %}"), (BODY, "本单位无政府性基金收支。"), (BODY, "{%p endif %}"),
    ("Heading 2", "九、国有资本经营预算财政拨款支出决算情况说明"),
    (BODY, "{%p if 有国有资本经营 %}"),
    (BODY, f"{Y}年度国有资本经营预算财政拨款支出{{{{ 国有资本经营预算财政拨款支出|万元 }}}}万元，其中：基本支出"
           "{{ 国有资本经营基本支出|万元 }}万元，项目支出{{ 国有资本经营项目支出|万元 }}万元。"),
    (BODY, "{%p else %}"), (BODY, "本单位无国有资本经营预算财政拨款支出。"), (BODY, "{%p endif %}"),
    ("Heading 2", "十、机关运行经费支出说明"),
    (BODY, "{%p if 机关运行经费 is not none %}"),
    (BODY, f"本部门{Y}年度机关运行经费支出{{{{ 机关运行经费|万元 }}}}万元{{% if 机关运行经费.预算 is not none %}}，"
           "{% if 方向(机关运行经费, 机关运行经费.预算) == '持平' %}与年初预算数持平{% else %}比年初预算数"
           "{{ 变化(机关运行经费, 机关运行经费.预算, '年初预算数为0') }}{% endif %}{% endif %}"
           + _versus_prior("机关运行经费") + "。" + _reason("机关运行经费增减原因", "", "。")),
    (BODY, "{%p else %}"), (BODY, "本单位无机关运行经费支出。"), (BODY, "{%p endif %}"),
    ("Heading 2", "十一、一般性支出情况说明"),
    (BODY, "{%p if 会议费和培训费 or 节庆晚会论坛赛事费 is not none %}"),
    (BODY, f"{Y}年本部门{{% for x in 会议费和培训费 %}}开支{{{{ x.名称 }}}}{{{{ x.金额|万元 }}}}万元" + _versus_prior("x.金额")
           + "{% if not loop.last %}；{% endif %}{% endfor %}{% if 节庆晚会论坛赛事费 is not none %}"
           "{% if 会议费和培训费 %}；{% endif %}{% if 节庆晚会论坛赛事费 %}开支节庆、晚会、论坛、赛事等费用"
           "{{ 节庆晚会论坛赛事费|万元 }}万元{% else %}本部门无节庆、晚会、论坛、赛事等支出{% endif %}{% endif %}。"
           + _reason("一般性支出说明", "", "。")),
    (BODY, "{%p elif 一般性支出说明 %}"), (BODY, "{{ 一般性支出说明 }}。"),
    (BODY, "{%p else %}"), (BODY, "本单位无会议费、培训费及节庆、晚会、论坛、赛事等一般性支出。"), (BODY, "{%p endif %}"),
    ("Heading 2", "十二、政府采购支出说明"),
    (BODY, "{%p if 政府采购支出总额 is not none %}"),
    (BODY, f"{Y}年度政府采购支出总额{{{{ 政府采购支出总额|万元 }}}}万元，其中：政府采购货物支出{{{{ 政府采购货物支出|万元 }}}}万元、"
           "政府采购工程支出{{ 政府采购工程支出|万元 }}万元、政府采购服务支出{{ 政府采购服务支出|万元 }}万元。"
           + "，其中：".join(f"{s}{{{{ {s}|万元 }}}}万元，{{% if 政府采购支出总额 %}}占政府采购支出总额的"
                            f"{{{{ 占比({s}, 政府采购支出总额) }}}}{{% else %}}由于政府采购总额为{{{{ 政府采购支出总额|万元 }}}}万元，"
                            "无法计算百分比{% endif %}" for s in ("授予中小企业合同金额", "授予小微企业合同金额"))
           + "。" + _reason("政府采购说明", "", "。")),
    (BODY, "{%p elif 政府采购说明 %}"), (BODY, "{{ 政府采购说明 }}。"),
    (BODY, "{%p else %}"), (BODY, "本单位无政府采购支出。"), (BODY, "{%p endif %}"),
    ("Heading 2", "十三、国有资产占用情况说明"),
    (BODY, "{%p if 车辆总数 is not none or 大型设备 %}"),
    (BODY, f"{{% if 车辆总数 is not none %}}截至{Y}年12月31日，部门共有车辆{{{{ 车辆总数|数量 }}}}辆{{% if 车辆分类 %}}，其中，"
           "{% for c in 车辆分类 %}{{ c.名称 }}{{ c.数量|数量 }}辆{% if not loop.last %}、{% endif %}{% endfor %}{% endif %}"
           "{% endif %}{% for e in 大型设备 %}{% if 车辆总数 is not none or not loop.first %}；{% endif %}"
           "{{ e.名称 }}{{ e.数量|数量 }}台（套）{% endfor %}。" + _reason("国有资产说明", "", "。")),
    (BODY, "{%p elif 国有资产说明 %}"), (BODY, "{{ 国有资产说明 }}。"),
    (BODY, "{%p else %}"), (BODY, f"截至{Y}年12月31日，本单位无车辆及单位价值50万元以上通用设备、单位价值100万元以上专用设备。"),
    (BODY, "{%p endif %}"),
    ("Heading 2", f"十四、{Y}年度预算绩效情况说明"),
    ("Heading 3", "（一）绩效管理评价工作开展情况。"),
    (BODY, "{%p set 有绩效自评 = 一般公共预算绩效自评一级项目数 is not none or 一般公共预算绩效自评资金 is not none or "
           "政府性基金绩效自评项目数 is not none or 政府性基金绩效自评资金 is not none or "
           "国有资本经营绩效自评项目数 is not none or 国有资本经营绩效自评资金 is not none %}"),
    (BODY, "{%p if 有绩效自评 %}"),
    (BODY, "{% if 一般公共预算绩效自评一级项目数 is not none or 一般公共预算绩效自评资金 is not none %}根据预算绩效管理要求，"
           f"我部门组织对{Y}年度一般公共预算项目支出全面开展绩效自评{{% if 一般公共预算绩效自评一级项目数 is not none and "
           "一般公共预算绩效自评二级项目数 is not none %}，其中，一级项目{{ 一般公共预算绩效自评一级项目数|数量 }}个，"
           "二级项目{{ 一般公共预算绩效自评二级项目数|数量 }}个{% endif %}，共涉及资金{{ 一般公共预算绩效自评资金|万元 }}万元，"
           "{% if 占比(一般公共预算绩效自评资金, 财政拨款项目支出) %}占一般公共预算项目支出总额的"
           "{{ 占比(一般公共预算绩效自评资金, 财政拨款项目支出) }}{% else %}由于一般公共预算项目支出总额为"
           "{{ 财政拨款项目支出|万元 }}万元，无法计算占比{% endif %}。{% endif %}"
           + _self_evaluation("政府性基金预算", "政府性基金", "政府性基金项目支出")
           + _self_evaluation("国有资本经营预算", "国有资本经营", "国有资本经营项目支出")),
    (BODY, "{%p endif %}"),
    *_paragraphs("绩效管理工作情况"),
    (BODY, "{%p if 部门评价项目数 is not none %}"),
    (BODY, "{% if 部门评价项目数 %}组织对{% if 部门评价项目名称 %}“{{ 部门评价项目名称 }}”等{% endif %}{{ 部门评价项目数|数量 }}"
           "个项目开展了部门评价，涉及一般公共预算支出{{ 部门评价资金|万元 }}万元，政府性基金预算支出"
           "{{ 部门评价政府性基金资金|万元 }}万元，国有资本经营预算支出{{ 部门评价国有资本经营资金|万元 }}万元。"
           + _reason("部门评价结论", "从评价情况来看，", "。") + "{% else %}本年度未开展部门评价。{% endif %}"),
    (BODY, "{%p endif %}"),
    (BODY, "{%p if 整体支出评价单位数 %}"),
    (BODY, "组织对“{{ 单位名称 }}”{% if 整体支出评价单位数 > 1 %}等{% endif %}{{ 整体支出评价单位数|数量 }}个单位开展整体支出"
           "绩效评价，涉及一般公共预算支出{{ 一般公共预算财政拨款支出|万元 }}万元，政府性基金预算支出"
           "{{ 政府性基金本年支出|万元 }}万元。" + _reason("整体支出评价结论", "从评价情况来看，", "。")),
    (BODY, "{%p endif %}"),
    (BODY, "{%p if not (有绩效自评 or 绩效管理工作情况 or 部门评价项目数 is not none or 整体支出评价单位数) %}"),
    (BODY, "本单位本年度未开展预算绩效管理评价工作。"),
    (BODY, "{%p endif %}"),
    ("Heading 3", "（二）部门决算中项目绩效自评结果。"),
    (BODY, "{%p for p in 项目绩效自评结果 %}"), (BODY, "{{ p }}"),
    (BODY, "{%p else %}"), (BODY, "本单位无项目绩效自评结果。"), (BODY, "{%p endfor %}"),
    ("Heading 3", "（三）部门评价项目绩效评价结果。"),
    (BODY, "{%p for p in 部门评价项目绩效评价结果 %}"), (BODY, "{{ p }}"),
    (BODY, "{%p else %}"), (BODY, "本单位本年度未开展部门评价。"), (BODY, "{%p endfor %}"),
]

GLOSSARY = [
    (BODY, "{%p if 名词解释 %}"),
    (BODY, "{%p for g in 名词解释 %}"), (BODY, "{{ g.名词 }}：{{ g.解释 }}"), (BODY, "{%p endfor %}"),
    (BODY, "{%p else %}"),
    (BODY, "基本支出：指单位为保障其机构正常运转、完成日常工作任务而发生的人员支出和公用支出。"),
    (BODY, "项目支出：指单位为完成特定行政任务和事业发展目标在基本支出之外所发生的支出。"),
    (BODY, "机关运行经费：为保障行政单位（包括参照公务员法管理的事业单位）运行，用一般公共预算拨款安排，"
           "用于购买货物和服务的各项资金，包括办公及印刷费、邮电费、差旅费、会议费、福利费、日常维修费、"
           "办公用房水电费、办公用房取暖费、办公用房物业管理费、公务用车运行维护费以及其他费用，"
           "即为行政单位和参照公务员法管理事业单位一般公共预算财政拨款基本支出中的公用经费支出。"),
    (BODY, "“三公”经费：纳入财政预算管理的“三公”经费，是指用一般公共预算拨款安排的公务接待费、"
           "公务用车购置及运行维护费和因公出国（境）费。其中，公务接待费反映单位按规定开支的各类公务接待支出；"
           "公务用车购置及运行费反映单位公务用车车辆购置支出（含车辆购置税），以及燃料费、维修费、保险费等支出；"
           "因公出国（境）费反映单位公务出国（境）的国际旅费、国外城市间交通费、食宿费等支出。"),
    (BODY, "{%p endif %}"),
]

APPENDIX = [
    (BODY, "{%p for a in 附件 %}"),
    (BODY, "{%p if a.层级 == '标题' %}"), ("Appendix Title", "{{ a.文本 }}"),
    (BODY, "{%p elif a.层级 == '1' %}"), ("Appendix Heading", "{{ a.文本 }}"),
    (BODY, "{%p elif a.层级 == '2' %}"), ("Heading 3", "{{ a.文本 }}"),
    (BODY, "{%p else %}"), (BODY, "{{ a.文本 }}"),
    (BODY, "{%p endif %}"),
    (BODY, "{%p else %}"), (BODY, "本单位无附件。"),
    (BODY, "{%p endfor %}"),
]

PARTS = {"概况": UNIT, "决算表": TABLES, "情况说明": EXPLANATION, "名词解释": GLOSSARY, "附件": APPENDIX}

# The built-in layouts: file → the parts in order, each with its heading after "第N部分 ".
# The two differ only here (generator/render/document.py BUILTIN_TEMPLATES names them).
LAYOUTS: dict[str, tuple[tuple[str, str], ...]] = {
    "report.docx": (("概况", "{{ 单位名称 }}概况"), ("决算表", f"{Y}年度部门决算表"),
                    ("情况说明", f"{Y}年度部门决算情况说明"), ("名词解释", "名词解释"), ("附件", "附件")),
    "tables-last.docx": (("概况", "单位概况"), ("情况说明", f"{Y}年度部门决算情况说明"),
                         ("名词解释", "名词解释"), ("附件", "附件"), ("决算表", "附表")),
}
_ORDINALS = "一二三四五六七八九"


def content(layout: str) -> list[tuple[str, str]]:
    """The paragraphs of a layout. Lines starting with "@" are structure, not text: section
    breaks and the 目录 field."""
    out = [
        # 封面 (its own section: no page number)
        ("Title", "{{ 单位名称 }}"),
        ("Title", f"{Y}年度部门决算"),
        ("@section", "cover"),
        # 目录 (its own section, no page number; entries filled when rendering, refreshed on open)
        ("TOC Heading", "目  录"),
        ("@toc", ""),
        ("@section", "toc"),
    ]
    for n, (part, heading) in enumerate(LAYOUTS[layout]):
        out.append(("Heading 1", f"第{_ORDINALS[n]}部分 {heading}"))
        out += PARTS[part]
    return out


_TAG = re.compile(r"(\{\{.*?\}\}|\{%.*?%\})")


def add_paragraph(doc, style: str, text: str) -> None:
    """A paragraph whose every Jinja tag is a run of its own (and every text between tags)."""
    paragraph = doc.add_paragraph(style=style)
    for piece in _TAG.split(text):
        if piece:
            paragraph.add_run(piece)


def _section_break(doc, cover: bool) -> None:
    """End a section here (next page): a copy of the document's page setup without footer, so
    the cover and the 目录 carry no page number."""
    final = doc.element.body.sectPr
    sect = copy.deepcopy(final)
    for ref in sect.findall(qn("w:footerReference")) + sect.findall(qn("w:headerReference")):
        sect.remove(ref)
    paragraph = doc.add_paragraph(style="Section Break")
    paragraph._p.get_or_add_pPr().append(sect)


def _toc_field(doc) -> None:
    """A TOC field over outline levels 1–2 and the appendix's sections. Its shown result is
    written by the renderer (the headings of the report); Word and WPS refresh it on opening
    (w:updateFields)."""
    paragraph = doc.add_paragraph(style="toc 1")
    parts = [("fldChar", "begin"), ("instrText", T.TOC_INSTRUCTION), ("fldChar", "separate"),
             ("t", "（目录）"), ("fldChar", "end")]
    for tag, value in parts:
        run = OxmlElement("w:r")
        node = OxmlElement(f"w:{tag}")
        if tag == "fldChar":
            node.set(qn("w:fldCharType"), value)
            if value == "begin":
                node.set(qn("w:dirty"), "true")
        else:
            node.set(qn("xml:space"), "preserve")
            node.text = value
        run.append(node)
        paragraph._p.append(run)


def build(path: Path = OUT, layout: str | None = None) -> Path:
    """Write the template of ``layout`` (a file name of ``LAYOUTS``; default: that of ``path``)."""
    layout = layout or (path.name if path.name in LAYOUTS else OUT.name)
    doc = Document()
    T.configure_styles(doc)
    T.configure_page(doc)
    T.font_table(doc)
    body = doc.element.body
    # Drop the empty first paragraph of python-docx's default document.
    for p in list(body.iterchildren(qn("w:p"))):
        body.remove(p)
    for style, text in content(layout):
        if style == "@section":
            _section_break(doc, cover=text == "cover")
        elif style == "@toc":
            _toc_field(doc)
        else:
            add_paragraph(doc, style, text)
    # The cover: the title lines stand in the upper third of the page (a space before rather than
    # w:vAlign, which LibreOffice does not honour).
    doc.paragraphs[0].paragraph_format.space_before = Pt(200)
    settings = doc.settings.element
    update = OxmlElement("w:updateFields")
    update.set(qn("w:val"), "true")
    settings.append(update)
    core = doc.core_properties
    core.author = "决算公开报告生成器"
    core.title = "部门决算公开报告模板"
    core.comments = ""
    core.last_modified_by = ""
    # Fixed dates and zip entry times: rebuilding the template changes its bytes only when its
    # content changes, so the committed report.docx diffs mean something.
    fixed = datetime(2000, 1, 1, tzinfo=timezone.utc)
    core.created = core.modified = fixed
    core.revision = 1
    buffer = io.BytesIO()
    doc.save(buffer)
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as src, \
            zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for item in src.infolist():
            info = zipfile.ZipInfo(item.filename, date_time=(2000, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            out.writestr(info, src.read(item.filename))
    return path


def build_all(directory: Path = HERE) -> list[Path]:
    """Every built-in template into ``directory``."""
    return [build(directory / name, name) for name in LAYOUTS]


if __name__ == "__main__":
    if len(sys.argv) > 1:
        print(build(Path(sys.argv[1]), sys.argv[2] if len(sys.argv) > 2 else None))
    else:
        print("\n".join(str(p) for p in build_all()))
