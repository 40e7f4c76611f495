"""The parsed profile: frozen dataclasses, every piece of text with the line of the file it came from."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

# The parts a report can have (第一部分 …): their names in a profile file. The first three are required.
PART_KINDS = ("概况", "决算表", "情况说明", "名词解释", "附件")
REQUIRED_PARTS = PART_KINDS[:3]
# 【…】 at the start of a paragraph → the Word style (templates/typography.py defines them).
STYLES = {"标题": "Heading 2", "小标题": "Heading 3", "条目": "Item Heading", "图表": "Chart",
          "附件标题": "Appendix Title", "附件一级标题": "Appendix Heading"}
BODY = "Normal"
# The names an empty table's note (``empty_note``) may contain, as ``{{ 单位名称 }}``: it is printed
# under a drawn table, not rendered by Jinja (上海: 说明：上海市普陀区文化和旅游局本年度没有……).
NOTE_NAMES = ("单位名称", "年度")
NOTE_NAME = re.compile(r"\{\{\s*([^{}]*?)\s*\}\}")


def fill_note(note: str, values: dict[str, str]) -> str:
    """An empty table's note with its ``{{ 单位名称 }}`` / ``{{ 年度 }}`` filled in."""
    return NOTE_NAME.sub(lambda m: values.get(m.group(1), m.group(0)), note)
# The sections a 第三部分 can have (a section's ``key``): what each is about, for the checks and docs.
SECTION_KEYS = {
    "收支总体": "收入支出决算总体情况", "收入": "收入决算情况", "支出": "支出决算情况",
    "财政拨款收支总体": "财政拨款收入支出决算总体情况", "一般公共预算支出": "一般公共预算财政拨款支出决算情况",
    "基本支出": "一般公共预算财政拨款基本支出决算情况", "三公经费": "“三公”经费支出决算情况",
    "政府性基金": "政府性基金预算收入支出决算情况", "国有资本经营": "国有资本经营预算财政拨款支出决算情况",
    "机关运行经费": "机关运行经费支出", "一般性支出": "会议费、培训费等一般性支出", "政府采购": "政府采购支出",
    "国有资产": "国有资产占用情况", "预算绩效": "预算绩效情况（湖南：自评、部门评价、整体支出评价）",
    "绩效管理": "预算绩效管理情况（上海：目标、跟踪、自评、评级）",
    "其他重要事项": "其他重要事项（上海：机关运行经费、政府采购、国有资产占有使用）",
}
# The kinds whose zeros a profile may list (``list_zeros``): where a unit has none of a kind, the
# report prints the kind's zeros (the profile's convention, as a published report does) or one
# none-statement (本单位无……). Kind → what it covers, for the checks and docs.
ZERO_KINDS = {
    "收入": "二、各项收入来源（上级补助收入0万元，占0%）",
    "支出": "三、各项支出（上缴上级支出0万元）",
    "三公经费": "“三公”经费：没有“三公”经费预算和支出的单位",
    "机关运行经费": "机关运行经费支出为0",
    "一般性支出": "会议费、培训费（开支会议费0万元）",
    "政府采购": "政府采购支出总额为0",
    "车辆": "车辆（部门共有车辆0辆，其中……0辆）",
    "设备": "大型设备（单位价值50万元以上通用设备0台（套））",
    "绩效自评": "绩效自评：没有项目支出、未自评的一般公共预算、政府性基金、国有资本经营",
    "部门评价": "部门评价涉及的各类资金（政府性基金预算支出0万元）",
    "整体支出评价": "整体支出绩效评价涉及的各类资金（政府性基金预算支出0万元）",
}


@dataclass(frozen=True)
class Paragraph:
    """One paragraph of the template: its Word style, its text (Jinja), its first line in the file
    and the lines it was written on (joined into ``text``)."""
    style: str
    text: str
    line: int
    source: tuple[str, ...] = ()

    def line_of(self, needle: str) -> int:
        """The line of the file where ``needle`` (a tag, a name) is written, else the first."""
        return self.line + next((n for n, piece in enumerate(self.source) if needle in piece), 0)


@dataclass(frozen=True)
class Part:
    """A part of the report (第N部分): what it holds and its heading after ``第N部分 ``."""
    kind: str
    heading: str
    line: int = 0


@dataclass(frozen=True)
class TableEntry:
    """One of the nine tables as this edition prints it: the table (``01`` … ``09``, the
    workbook's numbering), its printed title and label (``公开07表`` or empty), and the note an
    empty table gets (``本单位无政府性基金收支，故本表为空表。``; "" for none)."""
    key: str
    title: str
    label: str
    line: int = 0
    empty_note: str | None = None  # printed under the table when it has no rows (None: the standard one)


@dataclass(frozen=True)
class Section:
    """A section of 第三部分: its key (``sections.SECTION_KEYS``), heading without the number, paragraphs."""
    key: str
    heading: str
    paragraphs: tuple[Paragraph, ...]
    line: int = 0


@dataclass(frozen=True)
class Evidence:
    """A published report the profile follows: unit, year, what it shows, where it is."""
    unit: str
    year: str
    shows: str
    source: str = ""


@dataclass(frozen=True)
class Profile:
    name: str
    province: str
    editions: tuple[str, ...]
    description: str
    evidence: tuple[Evidence, ...]
    cover: tuple[str, ...]
    parts: tuple[Part, ...]
    tables: tuple[TableEntry, ...]
    sections: tuple[Section, ...]
    texts: dict[str, tuple[Paragraph, ...]]   # 概况 / 名词解释 / 附件 → their paragraphs
    phrases: dict[str, str] = field(default_factory=dict)
    layouts: dict[str, tuple[Part, ...]] = field(default_factory=dict)  # options: 附表在后 → parts
    # the kinds (``ZERO_KINDS``) whose zeros are listed; the others get one none-statement
    list_zero: frozenset[str] = frozenset(ZERO_KINDS)
    path: Path | None = None

    def parts_of(self, layout: str | None) -> tuple[Part, ...]:
        """The parts in order: the profile's own, or those of one of its layout options."""
        return self.parts if not layout else self.layouts[layout]
