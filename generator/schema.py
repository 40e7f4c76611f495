"""The one home of layout facts (spec/workbook.md): titles, header labels, row labels, aliases,
code levels, table identities. Pure data, shared by the reader (which finds tables and columns by
these labels), the writer (which lays out workbooks with them), the audit and the display tables.
No openpyxl here.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from dataclasses import dataclass

# ---------------------------------------------------------------------------------------------
# Label folding


_PUNCT = str.maketrans({
    "（": "(", "）": ")", "：": ":", "，": ",", "；": ";", "。": ".", "“": '"', "”": '"',
    "‘": "'", "’": "'", "、": ",", "【": "[", "】": "]", "〔": "[", "〕": "]", "－": "-",
    "—": "-", "　": "",
})
_ENUMERATOR = re.compile(
    r"^(?:[一二三四五六七八九十]+[、.．]|[(（][一二三四五六七八九十\d]+[)）]|\d+[、.．]|其中[:：]?)"
)


def fold(text: object) -> str:
    """Fold a label for matching: NFKC, no white space, full-width punctuation as ASCII."""
    if text is None:
        return ""
    return _fold(text if isinstance(text, str) else str(text))


@lru_cache(maxsize=8192)
def _fold(text: str) -> str:
    # Labels repeat across sheets and scans: folding each distinct string once is enough.
    folded = unicodedata.normalize("NFKC", text).translate(_PUNCT)
    return re.sub(r"\s+", "", folded)


def fold_label(text: object) -> str:
    """Fold a row label and drop a leading enumerator (一、 （二） 3、 其中：)."""
    folded = fold(text)
    previous = None
    while previous != folded:
        previous, folded = folded, _ENUMERATOR.sub("", folded)
    return folded


def strip_enumerator(text: str) -> str:
    """A row label without its leading enumerator, spaces trimmed (for names shown in reports)."""
    text = re.sub(r"\s+", "", str(text))
    previous = None
    while previous != text:
        previous, text = text, _ENUMERATOR.sub("", text)
    return text


# ---------------------------------------------------------------------------------------------
# 功能分类 类 (2021 edition), for table 01/04 expense lines and the writer.

CLASSES: tuple[tuple[str, str], ...] = (
    ("201", "一般公共服务支出"), ("202", "外交支出"), ("203", "国防支出"), ("204", "公共安全支出"),
    ("205", "教育支出"), ("206", "科学技术支出"), ("207", "文化旅游体育与传媒支出"),
    ("208", "社会保障和就业支出"), ("210", "卫生健康支出"), ("211", "节能环保支出"),
    ("212", "城乡社区支出"), ("213", "农林水支出"), ("214", "交通运输支出"),
    ("215", "资源勘探工业信息等支出"), ("216", "商业服务业等支出"), ("217", "金融支出"),
    ("219", "援助其他地区支出"), ("220", "自然资源海洋气象等支出"), ("221", "住房保障支出"),
    ("222", "粮油物资储备支出"), ("223", "国有资本经营预算支出"), ("224", "灾害防治及应急管理支出"),
    ("229", "其他支出"), ("232", "债务付息支出"), ("233", "债务发行费用支出"),
    ("234", "抗疫特别国债安排的支出"),
)

CHINESE_NUMERALS = (
    "一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二", "十三", "十四",
    "十五", "十六", "十七", "十八", "十九", "二十", "二十一", "二十二", "二十三", "二十四",
    "二十五", "二十六", "二十七", "二十八", "二十九", "三十",
)


# ---------------------------------------------------------------------------------------------
# Table specifications


@dataclass(frozen=True)
class Header:
    """A header cell: its label (aliases accepted when reading) and the cells below it."""

    label: str
    children: tuple["Header", ...] = ()
    aliases: tuple[str, ...] = ()
    key: str = ""  # the column key of a leaf; defaults to the label

    @property
    def names(self) -> tuple[str, ...]:
        return (self.label, *self.aliases)

    def leaves(self, path: tuple["Header", ...] = ()) -> list[tuple[tuple["Header", ...], "Header"]]:
        if not self.children:
            return [(path, self)]
        out = []
        for child in self.children:
            out.extend(child.leaves(path + (self,)))
        return out

    @property
    def depth(self) -> int:
        return 1 + max((c.depth for c in self.children), default=0)


def H(label: str, *children: Header, aliases: tuple[str, ...] = (), key: str = "") -> Header:
    return Header(label, tuple(children), aliases, key or label)


@dataclass(frozen=True)
class Line:
    """A labelled line of table 01 or 04: canonical key, printed label, accepted aliases."""

    key: str
    label: str
    aliases: tuple[str, ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        return (self.label, *self.aliases)


@dataclass(frozen=True)
class TableSpec:
    """One of the nine disclosure tables."""

    key: str                       # "01" … "09"
    title: str                     # 收入支出决算总表
    aliases: tuple[str, ...]       # other accepted titles (2022+ editions, variants)
    kind: str                      # labelled | coded | basic | three
    header: tuple[Header, ...] = ()   # coded / three / basic: the header tree, left to right
    income: tuple[Line, ...] = ()     # labelled: left block lines in order (class lines excluded)
    expense: tuple[Line, ...] = ()    # labelled: right block lines after the classes
    amount_columns: tuple[Header, ...] = ()  # labelled: right block amount columns
    row_total: tuple[str, tuple[str, ...]] | None = None  # coded: total column = Σ part columns
    empty_note: str = ""
    notes: tuple[str, ...] = ()
    landscape: bool = False

    @property
    def number(self) -> str:
        return f"公开{self.key}表"

    @property
    def titles(self) -> tuple[str, ...]:
        return (self.title, *self.aliases)

    @property
    def columns(self) -> tuple[tuple[tuple[Header, ...], Header], ...]:
        """Amount columns (leaves after the 项目 header) with their header paths."""
        out = []
        for top in self.header:
            if top.label == "项目":
                continue
            out.extend(top.leaves())
        return tuple(out)

    @property
    def column_keys(self) -> tuple[str, ...]:
        return tuple(leaf.key for _, leaf in self.columns)


SUBJECT = H("项目", H("科目编码"), H("科目名称"))
# The three kinds of 财政拨款 (table 04's amount columns and its 年初/年末 breakdown lines).
FISCAL_KINDS = ("一般公共预算财政拨款", "政府性基金预算财政拨款", "国有资本经营预算财政拨款")
BASIC_PLUS_PROJECT = ("基本支出", "项目支出")


T01 = TableSpec(
    key="01", title="收入支出决算总表", aliases=("收入支出决算表",), kind="labelled",
    income=(
        Line("一般公共预算财政拨款收入", "一、一般公共预算财政拨款收入"),
        Line("政府性基金预算财政拨款收入", "二、政府性基金预算财政拨款收入"),
        Line("国有资本经营预算财政拨款收入", "三、国有资本经营预算财政拨款收入"),
        Line("上级补助收入", "四、上级补助收入"),
        Line("事业收入", "五、事业收入"),
        Line("经营收入", "六、经营收入"),
        Line("附属单位上缴收入", "七、附属单位上缴收入"),
        Line("其他收入", "八、其他收入"),
        Line("本年收入合计", "本年收入合计"),
        Line("使用非财政拨款结余", "使用非财政拨款结余", ("使用非财政拨款结余(含专用结余)", "使用非财政拨款结余（含专用结余）")),
        Line("年初结转和结余", "年初结转和结余"),
        Line("收入总计", "总计", ("收入总计",)),
    ),
    expense=(
        Line("本年支出合计", "本年支出合计"),
        Line("结余分配", "结余分配"),
        Line("年末结转和结余", "年末结转和结余"),
        Line("支出总计", "总计", ("支出总计",)),
    ),
    amount_columns=(H("金额", aliases=("决算数", "金额(万元)")),),
)

T04 = TableSpec(
    key="04", title="财政拨款收入支出决算总表", aliases=("财政拨款收入支出决算表",), kind="labelled",
    income=(
        Line("一般公共预算财政拨款", "一、一般公共预算财政拨款", ("一般公共预算财政拨款收入",)),
        Line("政府性基金预算财政拨款", "二、政府性基金预算财政拨款", ("政府性基金预算财政拨款收入",)),
        Line("国有资本经营预算财政拨款", "三、国有资本经营预算财政拨款", ("国有资本经营预算财政拨款收入",)),
        Line("本年收入合计", "本年收入合计"),
        Line("年初财政拨款结转和结余", "年初财政拨款结转和结余"),
        Line("年初一般公共预算财政拨款", "一般公共预算财政拨款"),
        Line("年初政府性基金预算财政拨款", "政府性基金预算财政拨款"),
        Line("年初国有资本经营预算财政拨款", "国有资本经营预算财政拨款"),
        Line("收入总计", "总计", ("收入总计",)),
    ),
    expense=(
        Line("本年支出合计", "本年支出合计"),
        Line("年末财政拨款结转和结余", "年末财政拨款结转和结余"),
        Line("年末一般公共预算财政拨款", "一般公共预算财政拨款"),
        Line("年末政府性基金预算财政拨款", "政府性基金预算财政拨款"),
        Line("年末国有资本经营预算财政拨款", "国有资本经营预算财政拨款"),
        Line("支出总计", "总计", ("支出总计",)),
    ),
    amount_columns=(H("合计", aliases=("小计",)), *(H(kind) for kind in FISCAL_KINDS)),
    landscape=True,
)

T02 = TableSpec(
    key="02", title="收入决算表", aliases=(), kind="coded",
    header=(
        SUBJECT,
        H("本年收入合计", aliases=("合计",)),
        H("财政拨款收入"), H("上级补助收入"), H("事业收入"), H("经营收入"),
        H("附属单位上缴收入"), H("其他收入"),
    ),
    row_total=("本年收入合计", ("财政拨款收入", "上级补助收入", "事业收入", "经营收入",
                           "附属单位上缴收入", "其他收入")),
    landscape=True,
)

T03 = TableSpec(
    key="03", title="支出决算表", aliases=(), kind="coded",
    header=(
        SUBJECT,
        H("本年支出合计", aliases=("合计",)),
        H("基本支出"), H("项目支出"), H("上缴上级支出"), H("经营支出"), H("对附属单位补助支出"),
    ),
    row_total=("本年支出合计", ("基本支出", "项目支出", "上缴上级支出", "经营支出", "对附属单位补助支出")),
    landscape=True,
)

T05 = TableSpec(
    key="05", title="一般公共预算财政拨款支出决算表", aliases=(), kind="coded",
    header=(
        SUBJECT,
        H("本年支出", H("小计", aliases=("合计",), key="合计"), H("基本支出"), H("项目支出"),
          aliases=("本年支出决算",)),
    ),
    row_total=("合计", BASIC_PLUS_PROJECT),
)

T06 = TableSpec(
    key="06", title="一般公共预算财政拨款基本支出决算表",
    aliases=("一般公共预算财政拨款基本支出决算明细表",), kind="basic",
    header=(
        H("人员经费", H("科目编码"), H("科目名称"), H("决算数", aliases=("金额",))),
        H("公用经费", H("科目编码"), H("科目名称"), H("决算数", aliases=("金额",)),
          H("科目编码"), H("科目名称"), H("决算数", aliases=("金额",))),
    ),
    landscape=True,
)

_CAR = H("公务用车购置及运行费", H("小计", key="公务用车购置及运行费"),
         H("公务用车购置费"), H("公务用车运行费", aliases=("公务用车运行维护费",)),
         aliases=("公务用车购置及运行维护费",))
THREE_COST_ITEMS = ("合计", "因公出国（境）费", "公务用车购置及运行费", "公务用车购置费",
                    "公务用车运行费", "公务接待费")

T07 = TableSpec(
    key="07", title="一般公共预算财政拨款“三公”经费支出决算表",
    aliases=("财政拨款“三公”经费支出决算表", "“三公”经费支出决算表"), kind="three",
    header=tuple(
        H(side, H("合计"), H("因公出国（境）费", aliases=("因公出国(境)费",)), _CAR, H("公务接待费"))
        for side in ("预算数", "决算数")
    ),
    notes=("注：“三公”经费预算数为年初预算数。",),
    landscape=True,
)

T08 = TableSpec(
    key="08", title="政府性基金预算财政拨款收入支出决算表", aliases=(), kind="coded",
    header=(
        SUBJECT,
        H("年初结转和结余"),
        H("本年收入"),
        H("本年支出", H("小计", key="本年支出", aliases=("合计",)), H("基本支出"), H("项目支出")),
        H("年末结转和结余"),
    ),
    row_total=("本年支出", BASIC_PLUS_PROJECT),
    empty_note="本单位无政府性基金收支，故本表为空表。",
    landscape=True,
)

T09 = TableSpec(
    key="09", title="国有资本经营预算财政拨款支出决算表",
    aliases=("国有资本经营预算财政拨款收入支出决算表",), kind="coded",
    header=(
        SUBJECT,
        H("本年支出", H("合计", aliases=("小计",)), H("基本支出"), H("项目支出")),
    ),
    row_total=("合计", BASIC_PLUS_PROJECT),
    empty_note="本单位无国有资本经营预算财政拨款支出，故本表为空表。",
)

TABLES: tuple[TableSpec, ...] = (T01, T02, T03, T04, T05, T06, T07, T08, T09)
TABLE_BY_KEY = {t.key: t for t in TABLES}

# Standard 经济分类 items of table 06 (2021): 人员经费 = 301 and 303, 公用经费 = the rest.
ECONOMIC_ITEMS: tuple[tuple[str, str], ...] = (
    ("301", "工资福利支出"), ("30101", "基本工资"), ("30102", "津贴补贴"), ("30103", "奖金"),
    ("30106", "伙食补助费"), ("30107", "绩效工资"), ("30108", "机关事业单位基本养老保险缴费"),
    ("30109", "职业年金缴费"), ("30110", "职工基本医疗保险缴费"), ("30111", "公务员医疗补助缴费"),
    ("30112", "其他社会保障缴费"), ("30113", "住房公积金"), ("30114", "医疗费"),
    ("30199", "其他工资福利支出"),
    ("303", "对个人和家庭的补助"), ("30301", "离休费"), ("30302", "退休费"),
    ("30303", "退职（役）费"), ("30304", "抚恤金"), ("30305", "生活补助"), ("30306", "救济费"),
    ("30307", "医疗费补助"), ("30308", "助学金"), ("30309", "奖励金"),
    ("30310", "个人农业生产补贴"), ("30311", "代缴社会保险费"), ("30399", "其他对个人和家庭的补助"),
    ("302", "商品和服务支出"), ("30201", "办公费"), ("30202", "印刷费"), ("30203", "咨询费"),
    ("30204", "手续费"), ("30205", "水费"), ("30206", "电费"), ("30207", "邮电费"),
    ("30208", "取暖费"), ("30209", "物业管理费"), ("30211", "差旅费"),
    ("30212", "因公出国（境）费用"), ("30213", "维修（护）费"), ("30214", "租赁费"),
    ("30215", "会议费"), ("30216", "培训费"), ("30217", "公务接待费"), ("30218", "专用材料费"),
    ("30224", "被装购置费"), ("30225", "专用燃料费"), ("30226", "劳务费"), ("30227", "委托业务费"),
    ("30228", "工会经费"), ("30229", "福利费"), ("30231", "公务用车运行维护费"),
    ("30239", "其他交通费用"), ("30240", "税金及附加费用"), ("30299", "其他商品和服务支出"),
    ("307", "债务利息及费用支出"), ("30701", "国内债务付息"), ("30702", "国外债务付息"),
    ("310", "资本性支出"), ("31001", "房屋建筑物购建"), ("31002", "办公设备购置"),
    ("31003", "专用设备购置"), ("31005", "基础设施建设"), ("31006", "大型修缮"),
    ("31007", "信息网络及软件购置更新"), ("31013", "公务用车购置"), ("31019", "其他交通工具购置"),
    ("31022", "无形资产购置"), ("31099", "其他资本性支出"),
    ("399", "其他支出"), ("39999", "其他支出"),
)
PERSONNEL_TOTAL = "人员经费合计"
PUBLIC_TOTAL = "公用经费合计"


# ---------------------------------------------------------------------------------------------
# Supplementary sheets


@dataclass(frozen=True)
class SheetSpec:
    """A supplementary sheet: title, its columns, and the labels it knows (in order)."""

    title: str
    columns: tuple[str, ...]
    labels: tuple[str, ...] = ()
    numeric: tuple[str, ...] = ()   # labels whose value is a number (money or count)
    required: tuple[str, ...] = ()
    optional: bool = False
    blank_is_unknown: bool = False  # a blank value means "not known" (label dropped), not 0


UNIT_INFO = SheetSpec(
    title="单位信息", columns=("项目", "内容"),
    labels=("单位名称", "年度", "部门职责", "内设机构设置", "决算单位构成"),
    required=("单位名称", "年度"),
)

PRIOR_LABELS = (
    "收支总计", "本年收入合计", "本年支出合计", "财政拨款收支总计", "财政拨款支出",
    "一般公共预算财政拨款支出", "基本支出", "人员经费", "公用经费", "“三公”经费合计",
    "因公出国（境）费", "公务用车购置费", "公务用车运行维护费", "公务接待费", "机关运行经费",
    "会议费", "培训费",
)
PRIOR = SheetSpec(title="上年数", columns=("项目", "上年决算数"), labels=PRIOR_LABELS,
                  numeric=PRIOR_LABELS, blank_is_unknown=True)

BUDGET = SheetSpec(title="年初预算", columns=("科目编码", "科目名称", "年初预算数", "说明"))

SUPPLEMENT_GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("“三公”经费相关数量", (
        "因公出国（境）团组数", "因公出国（境）人次", "公务接待批次", "公务接待人次",
        "外事接待批次", "外事接待人次", "公务用车购置数", "公务用车保有量")),
    ("机关运行经费（万元）", ("机关运行经费", "机关运行经费年初预算")),
    ("一般性支出（万元）", ("会议费", "培训费", "节庆晚会论坛赛事费")),
    ("政府采购（万元）", (
        "政府采购支出总额", "政府采购货物支出", "政府采购工程支出", "政府采购服务支出",
        "授予中小企业合同金额", "授予小微企业合同金额")),
    ("国有资产（辆、台套）", (
        "车辆总数", "副部（省）级及以上领导用车", "主要领导干部用车", "机要通信用车",
        "应急保障用车", "执法执勤用车", "特种专业技术用车", "离退休干部用车", "其他用车",
        "单位价值50万元以上通用设备", "单位价值100万元以上专用设备")),
    ("预算绩效", (
        "一般公共预算绩效自评一级项目数", "一般公共预算绩效自评二级项目数",
        "一般公共预算绩效自评资金", "政府性基金绩效自评项目数", "政府性基金绩效自评资金",
        "国有资本经营绩效自评项目数", "国有资本经营绩效自评资金", "部门评价项目数",
        "部门评价项目名称", "部门评价资金", "部门评价政府性基金资金", "部门评价国有资本经营资金",
        "整体支出评价单位数")),
)
SUPPLEMENT_TEXT_LABELS = ("部门评价项目名称",)
_SUPPLEMENT_LABELS = tuple(label for _, labels in SUPPLEMENT_GROUPS for label in labels)
SUPPLEMENT = SheetSpec(
    title="补充数据", columns=("项目", "数值"), labels=_SUPPLEMENT_LABELS,
    numeric=tuple(l for l in _SUPPLEMENT_LABELS if l not in SUPPLEMENT_TEXT_LABELS),
)
# Money labels of 补充数据 (万元; the others are counts).
SUPPLEMENT_MONEY = (
    "机关运行经费", "机关运行经费年初预算", "会议费", "培训费", "节庆晚会论坛赛事费",
    "政府采购支出总额", "政府采购货物支出", "政府采购工程支出", "政府采购服务支出",
    "授予中小企业合同金额", "授予小微企业合同金额", "一般公共预算绩效自评资金",
    "政府性基金绩效自评资金", "国有资本经营绩效自评资金", "部门评价资金",
    "部门评价政府性基金资金", "部门评价国有资本经营资金",
)

EXPLANATION_LABELS = (
    "收支总计增减原因", "财政拨款收支增减原因", "财政拨款支出增减原因", "三公经费预算执行原因",
    "因公出国（境）费预算执行原因", "因公出国（境）费增减原因", "公务接待费预算执行原因",
    "公务接待费增减原因", "公务接待费用途", "公务用车预算执行原因", "公务用车增减原因",
    "机关运行经费增减原因", "一般性支出说明", "政府采购说明", "国有资产说明", "绩效管理工作情况",
    "部门评价结论", "整体支出评价结论", "项目绩效自评结果", "部门评价项目绩效评价结果",
)
EXPLANATIONS = SheetSpec(title="情况说明", columns=("项目", "说明"), labels=EXPLANATION_LABELS)

APPENDIX = SheetSpec(title="绩效评价报告", columns=("层级", "内容"))
APPENDIX_LEVELS = ("标题", "1", "2", "正文")

GLOSSARY = SheetSpec(title="名词解释", columns=("名词", "解释"), optional=True)

SHEETS: tuple[SheetSpec, ...] = (UNIT_INFO, PRIOR, BUDGET, SUPPLEMENT, EXPLANATIONS, APPENDIX,
                                 GLOSSARY)

# Unit lines: 单位：万元 / 金额单位：万元 / 单位：元.
UNIT_LINE = re.compile(r"(?:金额)?单位[:：]\s*(万元|元)")
