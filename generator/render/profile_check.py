"""``juesuan profile check``: lint a profile file, every problem with the line of the file it is on.

Checked: the file reads as a profile (TOML syntax, required parts, the nine tables …:
``profiles.load`` raises ``ProfileError`` naming the line); every section's ``key`` is a known
section; the Jinja text of every paragraph parses (the error's paragraph gives the line); every
name the text uses is in the report context or a wording helper; every filter is known; no tag
holds typographic quotes (Jinja needs ASCII quotes).
"""
from __future__ import annotations

import difflib
import re
from pathlib import Path

from jinja2 import TemplateSyntaxError, meta, nodes

from ..profiles.parsed import Paragraph
from .helpers import FILTERS, HELPERS
from .template_check import _SMART_QUOTES, _environment, _filters_unknown, _jinja_source, context_names

_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}")
_P_TAG = re.compile(r"\{%p\s.*%\}")


def _lines(profile) -> list[Paragraph]:
    """Everything of the profile that becomes template text, each with its line in the file."""
    def one(line: int, text: str) -> Paragraph:
        return Paragraph("", text, line, (text,))

    out = [one(1, line) for line in profile.cover]
    for parts in (profile.parts, *profile.layouts.values()):
        out += [one(p.line, p.heading) for p in parts]
    out += [one(t.line, t.title) for t in profile.tables]
    for section in profile.sections:
        out.append(one(section.line, section.heading))
        out += section.paragraphs
    for paragraphs in profile.texts.values():
        out += paragraphs
    return out


def _first(items: list[Paragraph], pattern: str) -> int:
    """The line of the first paragraph matching ``pattern`` (the line it is written on)."""
    for p in items:
        if (m := re.search(pattern, p.text)):
            return p.line_of(m.group(0))
    return 1


def _syntax_problem(p: Paragraph, exc: TemplateSyntaxError) -> str:
    text = p.text
    near = text if len(text) <= 60 else text[:57] + "…"
    return (f"第{p.line}行：Jinja 语法错误（{exc.message}），在“{near}”处；请检查 {{% if %}}/{{% endif %}}、"
            "{% for %}/{% endfor %} 是否成对，标签是否完整。")


def _syntax(env, items) -> tuple[object, str]:
    """The parsed template of all paragraphs in order, or the Chinese syntax problem with its line.
    A paragraph's own tags must close within it (only ``{%p … %}`` paragraphs span paragraphs),
    so each other paragraph is parsed alone first: an unclosed ``{% if %}`` is found on its line."""
    for p in items:
        if not _P_TAG.fullmatch(p.text):
            try:
                env.parse(p.text)
            except TemplateSyntaxError as exc:
                return None, _syntax_problem(p, exc)
    source = "\n".join(_jinja_source(p.text) for p in items)
    try:
        return env.parse(source), ""
    except TemplateSyntaxError as exc:
        return None, _syntax_problem(items[min(max((exc.lineno or 1) - 1, 0), len(items) - 1)], exc)


def profile_names(profile) -> set[str]:
    """The names of the report context the profile's text uses (none when it does not parse), and
    ``名称.预算`` for each figure whose 预算数 it reads (``x.预算``, ``完成率(x)``, ``预算对比(x)``; every
    figure's when it reads the 预算 of a loop variable, which may be any). Kept per text: every
    workbook's check asks (a batch or a web worker, the same profile each time)."""
    items = _lines(profile)
    key = tuple(p.text for p in items)
    if key not in _NAMES:
        if len(_NAMES) >= 16:
            _NAMES.clear()
        _NAMES[key] = _stored_names(key, items)
    return set(_NAMES[key])


_NAMES: dict[tuple[str, ...], frozenset[str]] = {}


def _stored_names(key: tuple[str, ...], items) -> frozenset[str]:
    """``_names`` of the texts ``key``, kept between processes (``generator.kept``: per text,
    Jinja's version and the package's code): parsing a profile's text and finding its names is a
    tenth of a single build, and the same for every build of a profile."""
    import jinja2

    from ..kept import kept

    return frozenset(kept("profile-names", lambda: sorted(_names(items)), jinja2.__version__, *key))


def _names(items) -> set[str]:
    ast, problem = _syntax(_environment(), items)
    if problem:
        return set()
    names = set(meta.find_undeclared_variables(ast))
    read: set[str] = set()
    for node in ast.find_all(nodes.Getattr):
        if node.attr == "预算" and isinstance(node.node, nodes.Name):
            read.add(node.node.name)
    for node in ast.find_all(nodes.Call):
        if isinstance(node.node, nodes.Name) and node.node.name in _READ_BUDGET and len(node.args) == 1:
            arg = node.args[0]
            read.add(arg.name if isinstance(arg, nodes.Name) else "")
    if read - names:  # a loop variable's (or an expression's) 预算: any figure's may be read
        read = names
    return names | {f"{name}.预算" for name in read}


# The wording helpers that read the 预算数 of the one figure they are given.
_READ_BUDGET = ("完成率", "预算对比")


def profile_issues(profile) -> list[str]:
    """Every problem of a loaded profile, each a Chinese message starting with its line."""
    from ..profiles import SECTION_KEYS

    issues = [f"第{s.line}行：未知的节“{s.key}”（可用的节：{'、'.join(SECTION_KEYS)}）。"
              for s in profile.sections if s.key not in SECTION_KEYS]
    items = _lines(profile)
    for p in items:
        for tag in _TAG.findall(p.text):
            if any(q in tag for q in _SMART_QUOTES):
                quote = next(q for q in tag if q in _SMART_QUOTES)
                issues.append(f"第{p.line_of(quote)}行：标签“{tag}”中有中文引号；模板标签中只能用英文引号（' 或 \"）。")
    if issues and any("中文引号" in i for i in issues):
        return issues  # the quotes also break the syntax: one message is enough
    env = _environment()
    ast, problem = _syntax(env, items)
    if problem:
        return issues + [problem]
    for name in _filters_unknown(env, ast):
        line = _first(items, rf"\|\s*{re.escape(name)}\b")
        issues.append(f"第{line}行：未知的格式“{name}”（可用的格式：{'、'.join(FILTERS)}，以及 Jinja 自带的 join、length 等）。")
        env.filters[name] = str
    allowed = context_names() | set(HELPERS)
    for name in sorted(meta.find_undeclared_variables(ast) - allowed):
        line = _first(items, rf"(?<![\w.]){re.escape(name)}\b")
        close = difflib.get_close_matches(name, allowed, 2, 0.6)
        issues.append(f"第{line}行：未知的名称“{name}”，报告中没有这项内容"
                      + (f"；是否应为“{'”或“'.join(close)}”" if close else "")
                      + "（全部名称见 juesuan check --figures）。")
    return issues


def check_profile(path: Path | str) -> str:
    """Load and lint the profile at ``path`` (a file or a built-in name); its name when it has no
    problem, else ``ProfileError`` listing every problem with its line."""
    from ..profiles import ProfileError, load

    profile = load(path)
    issues = profile_issues(profile)
    if issues:
        lines = [f"版式文件 {profile.path} 有 {len(issues)} 处问题，不能使用："]
        lines += [f"{n}. {issue}" for n, issue in enumerate(issues, 1)]
        raise ProfileError("\n".join(lines), hint="请按 docs/profiles.md 修改后再运行 juesuan profile check。")
    return profile.name
