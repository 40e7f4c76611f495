"""Check a Word report template (.docx) before rendering it.

Checks a Word report template (.docx) before rendering, so that a template edited in Word is
refused with a message naming the offending tag instead of failing half-way or printing nonsense.

Refused (each a ``TemplateIssue`` with a Chinese message naming the tag):

* a tag split by Word: ``{{``/``{%`` opened in one ``w:t`` text run and closed in another (Word
  splits a tag when part of it was retyped, spell-checked or formatted), or a delimiter itself
  split (``{`` ending one run, ``{``/``%`` starting the next); a tag never closed in its paragraph;
* typographic quotes (“ ” ‘ ’) inside a tag (Word's AutoCorrect; Jinja needs ASCII quotes);
* a tag that is not valid Jinja;
* a name that the report context does not define (``jinja2.meta.find_undeclared_variables``
  over the tags, minus the names the context provides and the wording helpers);
* a filter that is neither a wording filter (``万元``, ``数量``, ``百分比``) nor a Jinja built-in;
* a template with a table tag (``{{ 表01 }}`` …) whose styles.xml lacks one of the styles the
  tables are drawn with (``word_tables.TABLE_STYLES``), each named;
* a table tag that does not stand alone in a paragraph of the body (with other text, in a table
  cell, in a header or footer): tables are drawn only in place of such paragraphs
  (``docx_template``, which refuses the others while rendering with the same message).

A name of the templates before Part 3 moved into the template (``{{ s1 }}``…``{{ s14 }}``,
``{{ part2 }}``, ``year`` …, listed once in ``OLD_NAMES``) is refused saying the template is from an
older version, what replaces the name, and how to get the new template.

Only the XML text is read (zipfile + regex + jinja2); the render layer does the rendering.
"""
from __future__ import annotations

import difflib
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from jinja2 import Environment, TemplateSyntaxError, meta, nodes

from ..errors import GeneratorError
from .helpers import FILTERS, HELPERS

_PARTS = re.compile(r"^word/(document|header\d*|footer\d*|footnotes|endnotes)\.xml$")
_PARAGRAPH = re.compile(r"<w:p(?:\s[^>]*)?>.*?</w:p>", re.S)
_RUN_TEXT = re.compile(r"<w:t(?:\s[^>]*)?>(.*?)</w:t>", re.S)
_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.S)
_OPENER = re.compile(r"\{\{|\{%")
# docxtpl's paragraph/row/cell/run forms: {%p if … %}, {%tr for … %}, {{r x }} …
_DOCXTPL_PREFIX = re.compile(r"^(\{[{%])(?:p|tr|tc|r)\s")
_SMART_QUOTES = "“”‘’„‟‚‛"
# A table tag: a name starting with 表 (表01 … 表09, 表单位构成), plain or in docxtpl's paragraph form.
TABLE_TAG = re.compile(r"\{\{(?:p\s+|\s*)(表\w+)\s*\}\}")
_CELL = re.compile(r"<w:tc[ >].*?</w:tc>", re.S)
_ENTITIES = {"&lt;": "<", "&gt;": ">", "&quot;": '"', "&apos;": "'", "&amp;": "&"}


_PART3_IN_TEMPLATE = "第三部分（决算情况说明）的文字现在直接写在模板中，可在 Word 里逐句修改"
# The context names of older templates → what the current template uses instead.
OLD_NAMES: dict[str, str] = {
    "part2": "“表01”…“表09”（每张表一个标签，可放在任意位置）",
    "year": "“年度”",
    "unit_name": "“单位名称”",
    "unit": "“部门职责”“内设机构设置”“决算单位构成”",
    "glossary": "“名词解释”",
    "appendix": "“附件”",
    **{f"s{n}": _PART3_IN_TEMPLATE for n in range(1, 15)},
}
EXPORT_HINT = "请用 juesuan template export 新模板.docx 导出新版模板，再把自己的修改移过去"


def table_place_message(name: str) -> tuple[str, str]:
    """The message and hint for the table tag of ``name`` where no table can be drawn."""
    return (f"报告模板中决算表的标签“{{{{ {name} }}}}”没有单独占一段（同一段中还有其他文字，或在表格、页眉页脚中），"
            "无法在该处排出决算表。", "请把该标签单独放在正文的一段中（前后不加文字），"
            "或用 juesuan template export 导出内置模板对照。")


def table_place_issues(part: str, xml: str) -> list[TemplateIssue]:
    """The table tags of one part that do not stand alone in a body paragraph outside tables."""
    body = part == "word/document.xml"
    cells = [m.span() for m in _CELL.finditer(xml)] if body and "表" in xml else []
    issues = []
    for p in _PARAGRAPH.finditer(xml) if "表" in xml else ():
        text = "".join(_unescape(t) for t in _RUN_TEXT.findall(p.group(0)))
        for m in TABLE_TAG.finditer(text):
            if not (body and text.strip() == m.group(0) and not any(a <= p.start() < b for a, b in cells)):
                message, hint = table_place_message(m.group(1))
                issues.append(TemplateIssue("place", m.group(0), f"{message}{hint}"))
    return issues


def _old_name_message(tag: str, name: str) -> str:
    replacement = OLD_NAMES[name]
    instead = replacement if replacement == _PART3_IN_TEMPLATE else f"现在应为{replacement}"
    return (f"模板标签“{_short(tag)}”使用的名称“{name}”来自旧版本的报告模板：{instead}。"
            f"{EXPORT_HINT}。")


class TemplateRefused(GeneratorError):
    """The template cannot be used; the message (Chinese) names every offending tag."""


@dataclass(frozen=True)
class TemplateIssue:
    """One problem of a template: its kind (split, unclosed, quotes, syntax, unknown, old, file), the
    tag concerned and the Chinese message."""

    kind: str
    tag: str
    message: str


def _unescape(text: str) -> str:
    return re.sub("|".join(_ENTITIES), lambda m: _ENTITIES[m.group(0)], text)


def _short(tag: str) -> str:
    tag = re.sub(r"\s+", " ", tag)
    return tag if len(tag) <= 60 else tag[:57] + "…"


def _paragraphs(xml: str) -> Iterable[list[str]]:
    """The w:t texts of each paragraph, unescaped."""
    for p in _PARAGRAPH.finditer(xml):
        yield [_unescape(t) for t in _RUN_TEXT.findall(p.group(0))]


def scan(xml: str) -> tuple[list[str], list[TemplateIssue]]:
    """Tags of one XML part in order (run boundaries removed) and the split/unclosed/quote issues."""
    tags: list[str] = []
    issues: list[TemplateIssue] = []
    for runs in _paragraphs(xml):
        text = "".join(runs)
        if "{" not in text:
            continue
        owner: list[int] = []
        for i, run in enumerate(runs):
            owner.extend([i] * len(run))
        covered: set[int] = set()
        for m in _TAG.finditer(text):
            tag = m.group(0)
            tags.append(tag)
            covered.update(range(m.start(), m.end()))
            if owner[m.start()] != owner[m.end() - 1]:
                issues.append(TemplateIssue("split", tag, (
                    f"模板标签“{_short(tag)}”被 Word 拆分成了几段（标签的一部分被单独修改或设置了格式）。"
                    "请在 Word 中删除整个标签，再一次性重新输入（或粘贴为纯文本）。")))
            elif any(q in tag for q in _SMART_QUOTES):
                issues.append(TemplateIssue("quotes", tag, (
                    f"模板标签“{_short(tag)}”中有中文引号（“ ” ‘ ’），标签中只能用英文引号。"
                    "请在 Word 中关闭“自动更正→直引号替换为弯引号”后重新输入该标签。")))
        for m in _OPENER.finditer(text):
            if m.start() not in covered:
                rest = text[m.start():m.start() + 40]
                issues.append(TemplateIssue("unclosed", rest, (
                    f"模板标签“{_short(rest)}”没有结束符号（}}}} 或 %}}），或被拆到了不同段落中。"
                    "请检查该标签是否完整。")))
        for i in range(len(runs) - 1):
            if runs[i].endswith("{") and runs[i + 1][:1] in ("{", "%") and not runs[i].endswith("{{"):
                tag = next((t for t in tags if t.startswith("{" + runs[i + 1][:1])), "{" + runs[i + 1][:20])
                if not any(x.tag == tag and x.kind == "split" for x in issues):
                    issues.append(TemplateIssue("split", tag, (
                        f"模板标签“{_short(tag)}”的起始符号被 Word 拆分成了两段。"
                        "请在 Word 中删除整个标签，再一次性重新输入（或粘贴为纯文本）。")))
    return tags, issues


def _jinja_source(tag: str) -> str:
    """A docxtpl tag as plain Jinja (``{%p if x %}`` → ``{% if x %}``)."""
    return _DOCXTPL_PREFIX.sub(r"\1 ", tag)


def _environment() -> Environment:
    env = Environment()
    env.filters.update(FILTERS)
    return env


def _filters_unknown(env: Environment, ast) -> list[str]:
    return sorted({node.name for node in ast.find_all(nodes.Filter)} - set(env.filters))


def unknown_filters(tags: list[str]) -> list[TemplateIssue]:
    """Filters that are neither wording filters nor Jinja built-ins (``{{ x|千元 }}``), each
    named with its tag. The tags are assumed to parse (``undeclared`` reports syntax first)."""
    source = "\n".join(_jinja_source(t) for t in tags)
    env = _environment()
    issues = []
    for name in _filters_unknown(env, env.parse(source)):
        tag = next((t for t in tags if re.search(rf"\|\s*{re.escape(name)}\b", t)), name)
        issues.append(TemplateIssue("unknown", tag, (
            f"模板标签“{_short(tag)}”使用了未知的格式“{name}”。"
            f"可用的格式：{'、'.join(FILTERS)}（以及 Jinja 自带的 join、length 等）。")))
    return issues


def undeclared(tags: list[str]) -> tuple[set[str], TemplateIssue | None]:
    """Names the tags use without defining them; or a syntax issue."""
    source = "\n".join(_jinja_source(t) for t in tags)
    env = _environment()
    try:
        ast = env.parse(source)
    except TemplateSyntaxError as exc:
        lines = source.split("\n")
        near = lines[exc.lineno - 1] if exc.lineno and exc.lineno <= len(lines) else ""
        return set(), TemplateIssue("syntax", near, (
            f"模板标签有语法错误（{exc.message}），位置在标签“{_short(near)}”附近。"
            "请检查 {% if %}/{% endif %}、{% for %}/{% endfor %} 是否成对。"))
    for name in _filters_unknown(env, ast):
        env.filters[name] = str  # reported by ``unknown_filters``; the names are still checked
    return set(meta.find_undeclared_variables(ast)), None


def check_template(path: Path | str, allowed: Iterable[str]) -> list[TemplateIssue]:
    """Every issue of the template at ``path``; ``allowed`` are the names the context provides."""
    path = Path(path)
    try:
        with zipfile.ZipFile(path) as zf:
            parts = sorted(n for n in zf.namelist() if _PARTS.match(n))
            xmls = [zf.read(n).decode("utf-8", errors="replace") for n in parts]
    except (OSError, zipfile.BadZipFile):
        return [TemplateIssue("file", "", f"无法读取报告模板 {path.name}：{_what_it_is(path)}。")]
    if "word/document.xml" not in parts:
        return [TemplateIssue("file", "", f"无法使用报告模板 {path.name}：{_what_it_is(path)}。")]
    tags: list[str] = []
    issues: list[TemplateIssue] = []
    for xml in xmls:
        part_tags, part_issues = scan(xml)
        tags += part_tags
        issues += part_issues
    if issues:
        return issues  # names of broken tags would only add noise
    names, syntax = undeclared(tags)
    if syntax:
        return [syntax]
    issues += unknown_filters(tags)
    issues += _style_issues(path, names)
    issues += [issue for part, xml in zip(parts, xmls) for issue in table_place_issues(part, xml)]
    allowed = set(allowed) | set(HELPERS)
    for name in sorted(names - allowed):
        tag = next((t for t in tags if re.search(rf"(?<![\w.]){re.escape(name)}\b", _jinja_source(t))), name)
        if name in OLD_NAMES:
            issues.append(TemplateIssue("old", tag, _old_name_message(tag, name)))
            continue
        issues.append(TemplateIssue("unknown", tag, (
            f"模板标签“{_short(tag)}”使用了未知的名称“{name}”，报告中没有这项内容。"
            + (f"是否应为“{'”或“'.join(close)}”？" if (close := difflib.get_close_matches(name, allowed, 2, 0.6))
               else "") + f"可用的名称见 juesuan check --figures 与内置模板；辅助函数：{'、'.join(HELPERS)}。")))
    return issues


_STYLE = re.compile(r"<w:style\b[^>]*>.*?</w:style>", re.S)
_STYLE_NAME = re.compile(r'<w:name\s+w:val="([^"]*)"')
TABLE_TAGS = frozenset(f"表0{n}" for n in range(1, 10))


def missing_styles(zf: zipfile.ZipFile) -> list[str]:
    """The table styles (``word_tables.TABLE_STYLES``) that the template's styles.xml lacks."""
    from docx.styles import BabelFish

    from .word_tables import TABLE_STYLES

    try:
        xml = zf.read("word/styles.xml").decode("utf-8", errors="replace")
    except KeyError:
        xml = ""
    defined = {_unescape(m.group(1)) for s in _STYLE.finditer(xml)
               for m in [_STYLE_NAME.search(s.group(0))] if m}
    return [name for name in TABLE_STYLES if BabelFish.ui2internal(name) not in defined]


def _style_issues(path: Path, names: set[str]) -> list[TemplateIssue]:
    """One issue per table style missing from a template that draws tables."""
    used = sorted(names & TABLE_TAGS)
    if not used:
        return []
    with zipfile.ZipFile(path) as zf:
        missing = missing_styles(zf)
    return [TemplateIssue("style", name, (
        f"模板缺少样式“{name}”（决算表 {'、'.join(used[:2])}{'等' if len(used) > 2 else ''} 用它排版）。"
        "请用 juesuan template export 导出内置模板，在其基础上修改（保留其中的样式），"
        "或在 Word 的“样式”中新建同名样式。")) for name in missing]


_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _what_it_is(path: Path) -> str:
    """What a template file that is no .docx is, told by its content (Chinese)."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(8)
        if head.startswith(b"PK\x03\x04"):
            with zipfile.ZipFile(path) as zf:
                if "xl/workbook.xml" in zf.namelist():
                    return "文件内容是 Excel 工作簿，不是 Word 文档（.docx）"
    except (OSError, zipfile.BadZipFile):
        return "文件无法打开或已损坏，不是 Word 文档（.docx）"
    if head == _OLE2:
        return "文件是旧版 Word 文档（.doc）或其他旧格式；请在 Word 或 WPS 中另存为 .docx"
    return "不是 Word 文档（.docx）"


def context_names() -> set[str]:
    """The top-level names of the report context (they do not depend on the workbook)."""
    from ..derive.context import context_names as names

    return names()


def validate_template(path: Path | str, allowed: Iterable[str] | None = None, *,
                      building: bool = True) -> None:
    """Raise ``TemplateRefused`` naming every offending tag when the template has issues
    (``building``: for a report, whose message says that none was generated)."""
    from .document import BUILTIN_TEMPLATES, resolve_template

    path = resolve_template(path)
    if not path.is_file():
        raise TemplateRefused(f"找不到报告模板：{path}（内置模板：{'、'.join(BUILTIN_TEMPLATES)}）")
    issues = check_template(path, context_names() if allowed is None else allowed)
    if issues:
        older = "（该模板来自旧版本的生成器）" if any(i.kind == "old" for i in issues) else ""
        lines = [f"报告模板 {path.name}{older or ' '}有 {len(issues)} 处问题{'，未生成报告' if building else ''}："]
        lines += [f"{n}. {issue.message}" for n, issue in enumerate(issues, 1)]
        raise TemplateRefused("\n".join(lines))
