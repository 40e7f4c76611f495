"""Read a profile file (TOML) into a ``Profile``; every problem a ``ProfileError`` naming file and line.

Text blocks (``text = '''…'''``) follow three rules (docs/profiles.md):

* a blank line ends a paragraph; the lines of one paragraph are joined without a separator
  (each stripped), so a long sentence can be broken anywhere outside a ``{…}`` tag;
* a line that is a ``{%p … %}`` tag is a paragraph of its own;
* ``【样式】`` at the start of a paragraph sets its Word style (``model.STYLES``), and
  ``${名称}`` is replaced by the profile's ``[phrases]`` entry of that name.
"""
from __future__ import annotations

import re
import tomllib
from functools import lru_cache
from pathlib import Path

from ..errors import GeneratorError
from .parsed import (BODY, NOTE_NAME, NOTE_NAMES, PART_KINDS, REQUIRED_PARTS, STYLES, ZERO_KINDS, Evidence,
                     Paragraph, Part,
                     Profile, Section, TableEntry)

BUILTIN_DIR = Path(__file__).resolve().parent / "builtin"
DEFAULT_PROFILE = "湖南2021"
_P_TAG = re.compile(r"\{%p\s.*%\}")
_STYLE = re.compile(r"【([^】]*)】")
_PHRASE = re.compile(r"\$\{([^}]*)\}")
_TOML_WHERE = re.compile(r"\(at line (\d+), column (\d+)\)")
TABLE_KEYS = tuple(f"{n:02d}" for n in range(1, 10))
# The parts whose paragraphs a profile writes in a table of their own: part → TOML table.
TEXT_PARTS = {"概况": "unit", "名词解释": "glossary", "附件": "appendix"}


class ProfileError(GeneratorError):
    """A profile that cannot be used: unknown name, unreadable file, or an error in it (the
    message names the file, the line and the problem)."""


@lru_cache(maxsize=1)
def _builtin_names() -> tuple[tuple[str, Path], ...]:
    out = []
    for path in sorted(BUILTIN_DIR.glob("*.toml")):
        head = tomllib.loads(path.read_text(encoding="utf-8")).get("profile", {})
        out.append((head.get("name", path.stem), path))
    return tuple(out)


def builtin_names() -> dict[str, Path]:
    """The built-in profiles: name (the file's ``name``) → file, in file-name order."""
    return dict(_builtin_names())


def find(name_or_file: str | Path | None) -> Path:
    """The file of a built-in profile name, or the given file (None: the default profile)."""
    name = DEFAULT_PROFILE if name_or_file is None else str(name_or_file)
    builtins = builtin_names()
    if name in builtins:
        return builtins[name]
    path = Path(name)
    if path.is_file():
        return path
    raise ProfileError(f"没有名为“{name}”的版式，也没有这个文件；可用的版式：{'、'.join(builtins)}",
                       hint="用 juesuan profile list 查看各版式适用的省份和年度，或给出版式文件（.toml）的路径。")


def load(name_or_file: str | Path | None = None) -> Profile:
    """The profile of a built-in name or a file (None: the default)."""
    path = find(name_or_file)
    try:
        return _load(path, path.stat().st_mtime_ns)
    except OSError as exc:
        raise ProfileError(f"版式文件 {path} 无法读取（{exc}）。") from exc


@lru_cache(maxsize=16)
def _load(path: Path, mtime: int) -> Profile:
    """A profile file read once per process while it is unchanged (``mtime``)."""
    try:
        raw = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ProfileError(f"版式文件 {path} 无法读取（{exc}）；请保存为 UTF-8 编码的文本文件。") from exc
    return load_text(raw, path)


class _Reader:
    """Turns the parsed TOML into a Profile, finding the line of each value in the raw text."""

    def __init__(self, raw: str, path: Path) -> None:
        self.raw, self.path = raw, path
        self.cursors: dict[str, int] = {}  # needle → where its next occurrence is searched from

    def fail(self, line: int, problem: str) -> ProfileError:
        return ProfileError(f"版式文件 {self.path} 第{line}行：{problem}",
                            hint="请按 docs/profiles.md 修改版式文件，再用 juesuan profile check 检查。")

    def line_of(self, needle: str, advance: bool = True) -> int:
        """The line (1-based) of the next occurrence of ``needle`` after the last one found."""
        at = self.raw.find(needle, self.cursors.get(needle, 0))
        if at < 0:
            at = self.raw.find(needle)
        if at < 0:
            return 1
        if advance:
            self.cursors[needle] = at + 1
        return self.raw.count("\n", 0, at) + 1

    def text(self, value, what: str, line: int) -> str:
        if not isinstance(value, str):
            raise self.fail(line, f"{what}应为文字（用引号括起）。")
        return value

    def paragraphs(self, block, phrases: dict[str, str], what: str) -> tuple[Paragraph, ...]:
        block = self.text(block, what, self.line_of("text", advance=False))
        first = self.line_of(block) if block.strip() else self.line_of("text")
        out: list[Paragraph] = []
        pending: list[str] = []
        start = first

        def flush() -> None:
            if pending:
                out.append(self.paragraph(pending, start, phrases))
                pending.clear()

        for n, raw_line in enumerate(block.split("\n")):
            line = raw_line.strip()
            if not line:
                flush()
            elif _P_TAG.fullmatch(line):
                flush()
                out.append(Paragraph(BODY, line, first + n, (line,)))
            else:
                if not pending:
                    start = first + n
                pending.append(line)
        flush()
        return tuple(out)

    def paragraph(self, lines: list[str], line: int, phrases: dict[str, str]) -> Paragraph:
        text = "".join(lines)
        def phrase(match: re.Match) -> str:
            if match.group(1) not in phrases:
                raise self.fail(line, f"用语“${{{match.group(1)}}}”未在 [phrases] 中定义"
                                      f"（已定义：{'、'.join(phrases) or '无'}）。")
            return phrases[match.group(1)]

        text = _PHRASE.sub(phrase, text)
        style = BODY
        if (m := _STYLE.match(text)):
            if m.group(1) not in STYLES:
                raise self.fail(line, f"未知的段落样式“【{m.group(1)}】”（可用：{'、'.join(f'【{s}】' for s in STYLES)}）。")
            style, text = STYLES[m.group(1)], text[m.end():]
        return Paragraph(style, text, line, tuple(lines))

    def parts(self, items, what: str) -> tuple[Part, ...]:
        line = self.line_of(what, advance=False)
        if not isinstance(items, list) or not items:
            raise self.fail(line, f"缺少“{what}”：应列出报告各部分的顺序，如 {{ part = \"概况\", heading = \"…\" }}。")
        out = []
        for item in items:
            kind = item.get("part") if isinstance(item, dict) else None
            where = self.line_of(f'"{kind}"') if kind else line
            if kind not in PART_KINDS:
                raise self.fail(where, f"parts 中的 part 应为 {'、'.join(PART_KINDS)} 之一，实为“{kind}”。")
            out.append(Part(kind, self.text(item.get("heading", ""), "parts 中的 heading", where), where))
        kinds = [p.kind for p in out]
        missing = [k for k in REQUIRED_PARTS if k not in kinds]
        if missing:
            raise self.fail(line, f"“{what}”缺少必需的部分：{'、'.join(missing)}。")
        if len(set(kinds)) != len(kinds):
            raise self.fail(line, f"“{what}”中同一部分出现了不止一次：{'、'.join(kinds)}。")
        return tuple(out)

    def tables(self, items) -> tuple[TableEntry, ...]:
        line = self.line_of("[[tables]]", advance=False)
        if not isinstance(items, list):
            raise self.fail(line, "缺少 [[tables]]：应按打印顺序列出九张表（key 表号、title 表名、label 标签）。")
        out = []
        for item in items:
            key = str(item.get("key", ""))
            where = self.line_of(f'key = "{key}"')
            if key not in TABLE_KEYS:
                raise self.fail(where, f"[[tables]] 的 key 应为 01–09（工作簿中的表号），实为“{key}”。")
            note = item.get("empty_note")
            if note is not None:
                note = self.text(note, "[[tables]] 的 empty_note", where)
                unknown = [m.group(1) for m in NOTE_NAME.finditer(note) if m.group(1) not in NOTE_NAMES]
                if unknown:
                    allowed = "、".join(f"{{{{ {n} }}}}" for n in NOTE_NAMES)
                    raise self.fail(where, f"[[tables]] 的 empty_note 中只能用 {allowed}，不能用“{unknown[0]}”。")
            out.append(TableEntry(key, self.text(item.get("title"), "[[tables]] 的 title", where),
                                  self.text(item.get("label", ""), "[[tables]] 的 label", where), where, note))
        keys = [t.key for t in out]
        if sorted(keys) != list(TABLE_KEYS):
            lacking = [k for k in TABLE_KEYS if k not in keys]
            raise self.fail(line, f"[[tables]] 应恰好列出 01–09 九张表各一次（缺少：{'、'.join(lacking) or '无'}；"
                                  f"实为：{'、'.join(keys)}）。")
        return tuple(out)

    def sections(self, items, phrases) -> tuple[Section, ...]:
        if not isinstance(items, list) or not items:
            raise self.fail(1, "缺少 [[sections]]：第三部分（决算情况说明）的各节。")
        out = []
        for item in items:
            where = self.line_of("[[sections]]")
            key = self.text(item.get("key", ""), "[[sections]] 的 key", where)
            where = self.line_of(f'key = "{key}"') if key else where
            heading = self.text(item.get("heading"), "[[sections]] 的 heading", where)
            out.append(Section(key, heading, self.paragraphs(item.get("text", ""), phrases, "[[sections]] 的 text"),
                               where))
        return tuple(out)

    def zero_kinds(self, value) -> frozenset[str]:
        """``list_zeros``: the kinds whose zeros are listed — a list of ``ZERO_KINDS``, or true (all)
        / false (none); not written: all (the 湖南 convention of the first profiles)."""
        where = self.line_of("list_zeros", advance=False)
        if value is None or value is True:
            return frozenset(ZERO_KINDS)
        if value is False:
            return frozenset()
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self.fail(where, "list_zeros 应为列出零值的种类（如 [\"收入\", \"支出\"]），或 true / false。")
        unknown = [v for v in value if v not in ZERO_KINDS]
        if unknown:
            raise self.fail(where, f"list_zeros 中有未知的种类“{'”“'.join(unknown)}”"
                                   f"（可用的种类：{'、'.join(ZERO_KINDS)}）。")
        return frozenset(value)


def load_text(raw: str, path: Path) -> Profile:
    """Parse the text of a profile file (``path`` names it in messages)."""
    reader = _Reader(raw, path)
    try:
        data = tomllib.loads(raw)
    except tomllib.TOMLDecodeError as exc:
        m = _TOML_WHERE.search(str(exc))
        line = int(m.group(1)) if m else 1
        detail = _TOML_WHERE.sub("", str(exc)).strip()
        raise reader.fail(line, f"不是有效的 TOML（{detail}）；常见原因：引号或 ''' 未成对、"
                                "键名重复、数组缺少逗号。") from exc
    head = data.get("profile")
    if not isinstance(head, dict) or not head.get("name"):
        raise reader.fail(1, "缺少 [profile] 及其 name（版式名称）。")
    phrases = data.get("phrases", {})
    if not isinstance(phrases, dict) or not all(isinstance(v, str) for v in phrases.values()):
        raise reader.fail(reader.line_of("[phrases]", advance=False), "[phrases] 中的每一项都应为文字。")
    parts = reader.parts(data.get("parts"), "parts")
    layouts = {name: reader.parts(option.get("parts"), "parts")
               for name, option in data.get("layouts", {}).items()}
    texts = {kind: reader.paragraphs(data[table].get("text", ""), phrases, f"[{table}] 的 text")
             for kind, table in TEXT_PARTS.items() if isinstance(data.get(table), dict)}
    used = {p.kind for option in (parts, *layouts.values()) for p in option}
    for kind, table in TEXT_PARTS.items():
        if kind in used and kind not in texts:
            raise reader.fail(reader.line_of(f'"{kind}"', advance=False),
                              f"parts 中有“{kind}”，但文件中没有 [{table}] 及其 text。")
    evidence = tuple(Evidence(str(e.get("unit", "")), str(e.get("year", "")), str(e.get("shows", "")),
                              str(e.get("source", ""))) for e in head.get("evidence", []))
    return Profile(
        name=str(head["name"]), province=str(head.get("province", "")),
        editions=tuple(str(e) for e in head.get("editions", [])), description=str(head.get("description", "")),
        evidence=evidence, cover=tuple(head.get("cover", ("{{ 单位名称 }}", "{{ 年度 }}年度部门决算"))),
        parts=parts, tables=reader.tables(data.get("tables")),
        sections=reader.sections(data.get("sections"), phrases), texts=texts, phrases=dict(phrases),
        layouts=layouts, list_zero=reader.zero_kinds(head.get("list_zeros")), path=path)
