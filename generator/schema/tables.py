"""The nine disclosure tables: titles, header trees, labelled lines, 功能分类 类 and 经济分类 items."""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

# The two standard code lists (功能分类 类, 经济分类) are data: generator/schema/codes.json.
_CODE_FILE = Path(__file__).parent / "codes.json"
_CODES = {name: tuple((code, label) for code, label in rows)
          for name, rows in json.loads(_CODE_FILE.read_text(encoding="utf-8")).items() if name != "说明"}

# ---------------------------------------------------------------------------------------------
# 功能分类 类 (2021 edition), for table 01/04 expense lines and the writer.

CLASSES: tuple[tuple[str, str], ...] = _CODES["功能分类科目“类”"]

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
    def display_name(self) -> str:
        """How messages name the table: ``公开01表“收入支出决算总表”``."""
        return f"{self.number}“{self.title}”"

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
        *(Line(f"年初{kind}", kind) for kind in FISCAL_KINDS),  # the three kinds under it
        Line("收入总计", "总计", ("收入总计",)),
    ),
    expense=(
        Line("本年支出合计", "本年支出合计"),
        Line("年末财政拨款结转和结余", "年末财政拨款结转和结余"),
        *(Line(f"年末{kind}", kind) for kind in FISCAL_KINDS),  # the three kinds under it
        Line("支出总计", "总计", ("支出总计",)),
    ),
    amount_columns=(H("合计", aliases=("小计",)), *(H(kind) for kind in FISCAL_KINDS)),
    landscape=True,
)



def _flat_coded(key: str, title: str, total: str, parts: tuple[str, ...]) -> TableSpec:
    """A coded table whose amount columns are one total and its flat parts (02, 03): the header
    and the row identity (total = Σ parts) come from the one list of parts."""
    return TableSpec(key=key, title=title, aliases=(), kind="coded",
                     header=(SUBJECT, H(total, aliases=("合计",)), *(H(part) for part in parts)),
                     row_total=(total, parts), landscape=True)


T02 = _flat_coded("02", "收入决算表", "本年收入合计",
                  ("财政拨款收入", "上级补助收入", "事业收入", "经营收入", "附属单位上缴收入", "其他收入"))
T03 = _flat_coded("03", "支出决算表", "本年支出合计",
                  ("基本支出", "项目支出", "上缴上级支出", "经营支出", "对附属单位补助支出"))

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


def t06_body_rows(n_personnel: int, n_public: int) -> int:
    """Rows of table 06's body: 人员经费 items fill one block, 公用经费 two (the left one first)."""
    return max(n_personnel, (n_public + 1) // 2)


_CAR = H("公务用车购置及运行费", H("小计", key="公务用车购置及运行费"),
         H("公务用车购置费"), H("公务用车运行费", aliases=("公务用车运行维护费",)),
         aliases=("公务用车购置及运行维护费",))


@dataclass(frozen=True)
class ThreeCost:
    """A “三公” line: its table-07 column key, the report's figure names of its 决算数 and 预算数,
    how the ranking of §七 names it, whether it is one of the three items, and its 情况说明 labels
    (``explained`` + each of ``explanations``: 公务用车预算执行原因 …)."""

    key: str
    figure: str
    budget: str
    ranked: str = ""
    item: bool = False
    explained: str = ""
    explanations: tuple[str, ...] = ()


# The “三公” lines in the report's order (§七): the total, the three items, the two 公务用车 parts.
_REASONS = ("预算执行原因", "增减原因")
THREE_COSTS: tuple[ThreeCost, ...] = (
    ThreeCost("合计", "“三公”经费合计", "“三公”经费预算数", explained="三公经费", explanations=_REASONS[:1]),
    ThreeCost("因公出国（境）费", "因公出国（境）费", "因公出国（境）费预算数", "因公出国（境）费", True,
              "因公出国（境）费", _REASONS),
    ThreeCost("公务接待费", "公务接待费", "公务接待费预算数", "公务接待费", True, "公务接待费", _REASONS + ("用途",)),
    ThreeCost("公务用车购置及运行费", "公务用车购置及运行维护费", "公务用车购置及运行维护费预算数",
              "公务用车购置费及运行维护费", True, "公务用车", _REASONS),
    ThreeCost("公务用车购置费", "公务用车购置费", "公务用车购置费预算数"),
    # 公务用车运行维护费用途: 上海2024起 七（二）2 “主要用于安排市内因公出差……等支出”
    ThreeCost("公务用车运行费", "公务用车运行维护费", "公务用车运行维护费预算数",
              explained="公务用车运行维护费", explanations=("用途",)),
)
THREE_COST_FIGURES = tuple(c.figure for c in THREE_COSTS)

T07 = TableSpec(
    key="07", title="一般公共预算财政拨款“三公”经费支出决算表",
    aliases=("财政拨款“三公”经费支出决算表", "“三公”经费支出决算表",
             # 陕西 2020 edition (e.g. 柞水县审计局 2020年部门决算): the table adds 会议费、培训费.
             "一般公共预算财政拨款“三公”经费及会议费、培训费支出决算表"), kind="three",
    header=tuple(
        H(side, H("合计"), H("因公出国（境）费", aliases=("因公出国(境)费",)), _CAR, H("公务接待费"))
        for side in ("预算数", "决算数")
    ),
    notes=("注：“三公”经费预算数为年初预算数。",),
    landscape=True,
)
# Table 07's column keys in its column order (one side): 合计, 因公出国（境）费, 公务用车购置及运行费 …
THREE_COST_ITEMS = tuple(leaf.key for path, leaf in T07.columns if path[0].label == "预算数")
assert {c.key for c in THREE_COSTS} == set(THREE_COST_ITEMS)
_THREE_BY_KEY = {c.key: c for c in THREE_COSTS}
_T07_LEAVES = [(path, leaf) for path, leaf in T07.columns if path[0].label == "预算数"]
# The 公务用车 小计 (a column of its own under 公务用车购置及运行费) and its two parts.
THREE_CAR = next(_THREE_BY_KEY[leaf.key] for path, leaf in _T07_LEAVES if leaf.label == "小计")
THREE_CAR_PARTS = tuple(leaf.key for path, leaf in _T07_LEAVES if len(path) > 1 and leaf.label != "小计")
# 合计 = these (07's column order): the items that are not part of another.
THREE_TOTAL_PARTS = tuple(leaf.key for path, leaf in _T07_LEAVES if leaf.key != "合计" and leaf.key not in THREE_CAR_PARTS)
# The lines with a 上年数 row of their own (schema.PRIOR_LABELS), in 07's column order: all but the
# 小计, whose 上年数 is its parts' sum (derive.sections.PRIOR_SUMMED).
THREE_COSTS_PRIOR = tuple(_THREE_BY_KEY[k] for k in THREE_COST_ITEMS if k != THREE_CAR.key)
# The 情况说明 labels of §七 in order (三公经费预算执行原因, 因公出国（境）费预算执行原因 …).
THREE_COST_EXPLANATIONS = tuple((c, c.explained + e) for c in THREE_COSTS for e in c.explanations)

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
# The 注 printed under each table of the report (财政部 2021 部门决算公开 sample tables); 07 has
# its own (``T07.notes``). Only the report shows them; the workbooks do not carry them.
REPORT_NOTES = {
    "01": "注：本表反映部门本年度的总收支和年末结转结余情况。",
    "02": "注：本表反映部门本年度取得的各项收入情况。",
    "03": "注：本表反映部门本年度各项支出情况。",
    "04": "注：本表反映部门本年度一般公共预算财政拨款、政府性基金预算财政拨款和国有资本经营预算"
          "财政拨款的总收支和年末结转结余情况。",
    "05": "注：本表反映部门本年度一般公共预算财政拨款支出情况。",
    "06": "注：本表反映部门本年度一般公共预算财政拨款基本支出明细情况。",
    "08": "注：本表反映部门本年度政府性基金预算财政拨款收入、支出及结转和结余情况。",
    "09": "注：本表反映部门本年度国有资本经营预算财政拨款支出情况。",
}
TABLE_BY_KEY = {t.key: t for t in TABLES}

# Standard 经济分类 items of table 06 (2021): 人员经费 = 301 and 303, 公用经费 = the rest.
ECONOMIC_ITEMS: tuple[tuple[str, str], ...] = _CODES["部门预算支出经济分类科目"]
PERSONNEL_TOTAL = "人员经费合计"
PUBLIC_TOTAL = "公用经费合计"
