"""Line breaks a renderer cannot find by itself: balanced titles, unwidowed headings, long Latin runs.

* **Titles** (every centred paragraph with text: cover, part headings, table and appendix titles)
  that do not fit on one line are broken by hand (``w:br``) into lines of nearly equal width, so
  that no line is left with a single character ("…绩效评价报" / "告"). Breaks fall where the
  title's words allow: before a Latin or digit run (after the unit's name, before "2021年度"),
  after a closing bracket or quotation mark, before an opening one, before a word titles are
  made of (部门, 整体, 绩效 …); never inside a Latin or digit run, never before a ，。、）.
* **Left-aligned headings** (一、 （一） 1、 and the appendix's sections) whose last line would
  hold one or two characters ("……按时足额发" / "放") get a break by hand a little earlier, after a
  ，、 where one is near, and are set ragged right (a line ending in a break is not spread).
* **Long Latin or digit runs** (a URL, a project code) in a justified paragraph: Word and
  LibreOffice cannot break inside them, so the whole run moves to the next line and the line
  before it is spread letter by letter ("2024 年 度 我 局 基 本 支 出 …"). Runs of more than
  ``LONG_RUN`` characters get zero-width break opportunities (U+200B) after a URL's separators
  and every ``CHUNK`` characters otherwise; shorter runs (amounts, years) are left whole.
  Headings are left alone (the 目录 and the PDF's bookmarks carry their text).

Widths are estimated in em of the paragraph's size: Chinese characters and full-width
punctuation 1 em, Latin letters and digits after Liberation Serif / Times New Roman (the
faces the report names), so a title is only broken when it surely does not fit.
"""
from __future__ import annotations

import re
from typing import Sequence

from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from .pages import text_width
from .style_values import StyleValues

BREAK_OPPORTUNITY = "\u200b"
LONG_RUN = 15
CHUNK = 4
_LATIN = re.compile(r"[!-~\u00a0-\u024f]+")
_URL_SEPARATORS = "/.?&=_-#:"
# A title is broken only when its estimated width exceeds the line by this margin (em), since
# a wrong "fits" would leave the renderer to wrap it unbalanced.
_SLACK = 0.5
_CLOSING, _OPENING = "）》」』”’〕】", "（《「『“‘〔【"
_NO_LINE_START = set("，。、；：？！…—·%" + _CLOSING)
_NO_LINE_END = set(_OPENING)
# Words report titles are made of: a line may start with one (cost of a break elsewhere
# between two Chinese characters: ``_INSIDE_WORD``).
_TITLE_WORDS = ("部门", "整体", "支出", "绩效", "评价", "报告", "项目", "决算", "预算", "情况",
                "说明", "财政", "拨款", "单位", "公开", "自评", "专项", "资金", "收入")
_INSIDE_WORD = 6.0
_WORD_START = 2.0
_NARROW = {" ": 0.25, ".": 0.25, ",": 0.25, ":": 0.28, ";": 0.28, "i": 0.28, "j": 0.28,
           "l": 0.28, "f": 0.33, "t": 0.28, "r": 0.33, "I": 0.33, "(": 0.33, ")": 0.33,
           "/": 0.28, "-": 0.33, "m": 0.78, "w": 0.72, "M": 0.89, "W": 0.94, "%": 0.83}


def char_em(ch: str) -> float:
    """Estimated advance of ``ch`` in em (Latin after Times New Roman's metrics)."""
    if ch in _NARROW:
        return _NARROW[ch]
    if ch.isascii():
        return 0.72 if ch.isupper() else 0.5
    return 1.0


def text_em(text: str) -> float:
    return sum(char_em(ch) for ch in text)


# -- titles -----------------------------------------------------------------------------------

def _cost(text: str, i: int, names: Sequence[str] = ()) -> float | None:
    """Cost of a line break before ``text[i]`` (None: not allowed); ``names`` (the unit's name)
    are words whose ends are free breaks."""
    before, after = text[i - 1], text[i]
    if any(name and (text.startswith(name, i) or text.endswith(name, 0, i)) for name in names):
        return 0.0
    if after in _NO_LINE_START or before in _NO_LINE_END or after.isspace():
        return None
    latin_before, latin_after = bool(_LATIN.match(before)), bool(_LATIN.match(after))
    if latin_before and latin_after:
        return None
    if latin_after or before in _CLOSING or after in _OPENING or before.isspace():
        return 0.0
    if latin_before:          # "2021|年度", "3.5|万元": the number belongs to its unit
        return _INSIDE_WORD * 2
    if text.startswith(_TITLE_WORDS, i):
        return _WORD_START
    return _INSIDE_WORD


def balanced_breaks(text: str, capacity: float, names: Sequence[str] = ()) -> list[int]:
    """Positions (indices into ``text``) before which to break ``text`` so that it fills the
    fewest lines of ``capacity`` em with line widths as equal as the allowed breaks permit;
    [] when it fits on one line. A break inside one of ``names`` (the unit's name) is taken only
    when the title cannot be set without one ("第一部分 | 中共上海市普陀区委社会工作部概况", never
    "第一部分 中共上海市普 | 陀区委社会工作部概况")."""
    total = text_em(text)
    if total <= capacity - _SLACK:
        return []
    widths = [0.0]
    for ch in text:
        widths.append(widths[-1] + char_em(ch))
    costs = {i: c for i in range(1, len(text)) if (c := _cost(text, i, names)) is not None}
    inside = _inside(text, names)
    for allowed in ({i: c for i, c in costs.items() if i not in inside}, costs):
        found = _fewest_balanced_lines(widths, allowed, capacity)
        if found is not None:
            return found
    return []


def _inside(text: str, names: Sequence[str]) -> set[int]:
    """The indices of ``text`` strictly inside an occurrence of one of ``names``."""
    out: set[int] = set()
    for name in filter(None, names):
        start = text.find(name)
        while start >= 0:
            out.update(range(start + 1, start + len(name)))
            start = text.find(name, start + 1)
    return out


def _fewest_balanced_lines(widths: list[float], costs: dict[int, float], capacity: float) -> list[int] | None:
    """The breaks (among ``costs``' positions) setting the text of cumulative ``widths`` on the
    fewest lines (2 to 5) of ``capacity`` em, widths as equal as possible; None when none fit."""
    total = widths[-1]
    points = [0, *sorted(costs), len(widths) - 1]
    for lines in range(2, 6):
        target = total / lines
        # best[k][j]: cheapest way to set text[:points[j]] on k lines ending at a break
        best: list[dict[int, tuple[float, list[int]]]] = [{0: (0.0, [])}]
        for _ in range(lines):
            step: dict[int, tuple[float, list[int]]] = {}
            for j0, (cost0, path0) in best[-1].items():
                for j in range(j0 + 1, len(points)):
                    width = widths[points[j]] - widths[points[j0]]
                    if width > capacity - _SLACK:
                        break
                    cost = cost0 + (width - target) ** 2 + costs.get(points[j], 0.0) ** 2
                    if j not in step or cost < step[j][0]:
                        step[j] = (cost, [*path0, points[j]])
            best.append(step)
        end = best[-1].get(len(points) - 1)
        if end is not None:
            return end[1][:-1]
    return None


def _sections(document):
    """(paragraph, its section's text width in twips) of each body paragraph."""
    from docx.text.paragraph import Paragraph

    body = document.element.body
    pending = []
    for child in body.iterchildren(qn("w:p")):
        pending.append(child)
        sect = child.find(f"{qn('w:pPr')}/{qn('w:sectPr')}")
        if sect is not None:
            width = text_width(sect)  # once per section, not per paragraph
            yield from ((Paragraph(p, document._body), width) for p in pending)
            pending = []
    final = body.find(qn("w:sectPr"))
    if final is not None:
        width = text_width(final)
        yield from ((Paragraph(p, document._body), width) for p in pending)


def _insert_break(paragraph, index: int) -> None:
    """A ``w:br`` before character ``index`` of the paragraph's text (its runs' ``w:t``)."""
    seen = 0
    for t in paragraph._p.iter(qn("w:t")):
        text = t.text or ""
        if seen + len(text) > index:
            cut = index - seen
            run = t.getparent()
            rest = OxmlElement("w:t")
            rest.text = text[cut:]
            rest.set(qn("xml:space"), "preserve")
            t.text = text[:cut]
            t.set(qn("xml:space"), "preserve")
            br = OxmlElement("w:br")
            t.addnext(br)
            br.addnext(rest)
            if not t.text:
                run.remove(t)
            return
        seen += len(text)


def balance_titles(document, names: Sequence[str] = ()) -> None:
    """Break every centred paragraph that does not fit its line into balanced lines (``names``:
    words to break around, such as the unit's name)."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    styles = StyleValues()
    for paragraph, width in _sections(document):
        if (styles.paragraph(paragraph, "alignment") != WD_ALIGN_PARAGRAPH.CENTER
                or paragraph._p.find(f".//{qn('w:br')}") is not None):
            continue
        text = "".join(t.text or "" for t in paragraph._p.iter(qn("w:t")))
        size = styles.font_size(paragraph)
        if not text.strip() or not size or paragraph._p.find(f".//{qn('w:drawing')}") is not None:
            continue
        indent = sum((getattr(styles.paragraph(paragraph, name), "twips", 0) or 0)
                     for name in ("left_indent", "right_indent"))
        capacity = (width - indent) / 20 / size
        for index in reversed(balanced_breaks(text, capacity, names)):
            _insert_break(paragraph, index)


# -- left-aligned headings --------------------------------------------------------------------

# A heading's last line must hold this many characters other than punctuation and brackets
# ("……按时足额发" / "放", "……涉及范围" / "等。", "……住房公积金" / "（项）" are widows).
MIN_LAST_LINE = 3
_PUNCTUATION = set("，。、；：？！…—·%（）《》「」『』“”‘’〔〕【】()[],.;:!?\"' ")
_CLAUSE_END = set("，、；：")
# Moving a character to the last line costs this much (against a break's cost: _cost).
_MOVE = 0.5
# Headings without an outline level (§五（三）'s 1、类（款）项 lines).
ITEM_HEADINGS = ("Item Heading",)
_ROUNDING = 0.01  # pt: a line filled exactly (28 characters of 15.75 pt in 441 pt) still fits


def _real(text: str) -> int:
    return sum(ch not in _PUNCTUATION for ch in text)


def _last_line_start(text: str, first: float, rest: float, width) -> int:
    """Where the renderer's last line of ``text`` starts (greedy filling of a first line of
    ``first`` pt and further lines of ``rest`` pt, ``width(ch)`` each; a character that may not
    start a line takes the one before it along); 0 when it fits on one line."""
    start, used, capacity = 0, 0.0, first
    for i, ch in enumerate(text):
        used += width(ch)
        if used > capacity + _ROUNDING and i > start:
            at = i - 1 if ch in _NO_LINE_START and i - 1 > start else i
            start, capacity = at, rest
            used = sum(width(c) for c in text[at:i + 1])
    return start


def widow_break(text: str, first: float, rest: float, width, names: Sequence[str] = ()) -> int | None:
    """Where to break a left-aligned heading by hand so that its last line is no widow (fewer than
    ``MIN_LAST_LINE`` characters besides punctuation): the cheapest allowed break at most half a
    line before the renderer's last line, a break after a ，、；： preferred; None when the last
    line is no widow (or the heading fits on one line)."""
    start = _last_line_start(text, first, rest, width)
    if not start or _real(text[start:]) >= MIN_LAST_LINE:
        return None
    best: tuple[float, int] | None = None
    moved = 0.0
    for i in range(start - 1, 0, -1):
        moved += width(text[i])
        if moved > rest / 2:
            break
        cost = 0.0 if text[i - 1] in _CLAUSE_END and text[i] not in _NO_LINE_START else _cost(text, i, names)
        if cost is None or _real(text[i:]) < MIN_LAST_LINE:
            continue
        score = cost + _MOVE * (start - i)
        if best is None or score < best[0]:
            best = (score, i)
    return best[1] if best else None


def _indent(styles: StyleValues, paragraph, name: str) -> float:
    """An indent of the paragraph (its own or its style's) in pt, 0 when none."""
    return getattr(styles.paragraph(paragraph, name), "pt", 0) or 0


def _advance(size: float, spacing: float):
    """The advance (pt) of a character at ``size`` pt with ``spacing`` pt of character spacing."""
    return lambda ch: char_em(ch) * size + spacing


def mend_heading_widows(document, headings: set[str], names: Sequence[str] = ()) -> None:
    """Break by hand every left-aligned paragraph of the styles ``headings`` (ids) and of the
    ``ITEM_HEADINGS`` whose last line would be a widow (``widow_break``); such a paragraph is set
    ragged right, so that the line before the break is not spread letter by letter."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    headings = headings | {s.get(qn("w:styleId")) for s in document.styles.element.findall(qn("w:style"))
                           if (n := s.find(qn("w:name"))) is not None and n.get(qn("w:val")) in ITEM_HEADINGS}
    styles = StyleValues()
    for paragraph, width in _sections(document):
        style = paragraph._p.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
        if (style is None or style.get(qn("w:val")) not in headings
                or styles.paragraph(paragraph, "alignment") == WD_ALIGN_PARAGRAPH.CENTER
                or paragraph._p.find(f".//{qn('w:br')}") is not None):
            continue
        text = "".join(t.text or "" for t in paragraph._p.iter(qn("w:t")))
        size = styles.font_size(paragraph)
        if not text.strip() or not size:
            continue
        rest = width / 20 - _indent(styles, paragraph, "left_indent") - _indent(styles, paragraph, "right_indent")
        index = widow_break(text, rest - _indent(styles, paragraph, "first_line_indent"), rest,
                            _advance(size, styles.character_spacing(paragraph)), names)
        if index is not None:
            _insert_break(paragraph, index)
            paragraph.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT


# -- long Latin runs ----------------------------------------------------------------------------

def breakable(text: str) -> str:
    """``text`` with break opportunities inside its Latin/digit runs longer than ``LONG_RUN``:
    after each URL separator, and inside the pieces between them every ``CHUNK`` characters."""
    def split(match: re.Match) -> str:
        run = match.group(0)
        if len(run) <= LONG_RUN:
            return run
        out, since = [], 0
        for ch, after in zip(run, run[1:] + " "):
            out.append(ch)
            since += 1
            if after == " " or after in _URL_SEPARATORS:
                continue
            if ch in _URL_SEPARATORS or since >= CHUNK:
                out.append(BREAK_OPPORTUNITY)
                since = 0
        return "".join(out)
    return _LATIN.sub(split, text)


def break_long_runs(document, headings: set[str]) -> None:
    """Break opportunities in the long Latin runs of every justified body paragraph, except
    those of the styles ``headings`` (their text is the 目录's and the PDF bookmarks')."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    styles = StyleValues()
    for paragraph, _ in _sections(document):
        long = [t for t in paragraph._p.iter(qn("w:t")) if t.text and len(t.text) > LONG_RUN]
        if not long:  # nothing to break: the paragraph's style need not be looked up
            continue
        style = paragraph._p.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
        if style is not None and style.get(qn("w:val")) in headings:
            continue
        if styles.paragraph(paragraph, "alignment") not in (
                WD_ALIGN_PARAGRAPH.JUSTIFY, WD_ALIGN_PARAGRAPH.DISTRIBUTE):
            continue
        for t in long:
            t.text = breakable(t.text)
