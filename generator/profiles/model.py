"""The parsed profile: frozen dataclasses, every piece of text with the line of the file it came from."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

# The parts a report can have (第一部分 …): their names in a profile file. The first three are required.
PART_KINDS = ("概况", "决算表", "情况说明", "名词解释", "附件")
REQUIRED_PARTS = PART_KINDS[:3]
# 【…】 at the start of a paragraph → the Word style (templates/typography.py defines them).
STYLES = {"标题": "Heading 2", "小标题": "Heading 3", "条目": "Item Heading", "图表": "Chart",
          "附件标题": "Appendix Title", "附件一级标题": "Appendix Heading"}
BODY = "Normal"


@dataclass(frozen=True)
class Paragraph:
    """One paragraph of the template: its Word style, its text (Jinja) and its line in the file."""
    style: str
    text: str
    line: int


@dataclass(frozen=True)
class Part:
    """A part of the report (第N部分): what it holds and its heading after ``第N部分 ``."""
    kind: str
    heading: str
    line: int = 0


@dataclass(frozen=True)
class TableEntry:
    """One of the nine tables as this edition prints it: the table (``01`` … ``09``, the
    workbook's numbering), its printed title and label (``公开07表`` or empty)."""
    key: str
    title: str
    label: str
    line: int = 0


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
    list_zero: bool = True   # 二、三 list every source, 0 included (湖南), or only those not 0
    path: Path | None = None

    def parts_of(self, layout: str | None) -> tuple[Part, ...]:
        """The parts in order: the profile's own, or those of one of its layout options."""
        return self.parts if not layout else self.layouts[layout]
