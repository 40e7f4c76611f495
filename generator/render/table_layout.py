"""Column widths and header line breaks of the display tables, in hundredths of an em (no Word).

All lengths are integers in hundredths of an em of the table font (``EM`` = 100). Rules:

* A text's width: one em per Chinese character or full-width sign, 0.64 em per ASCII character
  (digits of the serif faces Word and LibreOffice use run 0.5–0.64 em).
* A column needs the widest single-column body text it holds (科目名称, amounts, 行次) and the
  width that sets its header on two lines broken between words, plus the cell padding; the
  amount columns holding figures share the widest one's need (at least a four-digit figure's),
  an empty amount column is only as wide as its two-line header.
* When the needs fit the line they all grow in proportion to fill it; when they do not, the
  left-aligned text columns (names) give up width first, down to ``MIN_TEXT``, and wrap.
* Header text breaks between words (``WORDS``: 政府性基金预算|财政拨款, 附属单位|上缴|收入, …),
  never inside one unless a single word is wider than its cell.
"""
from __future__ import annotations

from typing import Sequence

from ..derive.display import LEFT, RIGHT, DisplayTable

EM = 100
ASCII = 64
MIN_TEXT = 6 * EM
SLACK = 30  # kept free in each column so that rounding never wraps a line that fits
TYPICAL_FIGURE = "0000.00"  # figures' columns are at least this wide (thousands of 万元)

# The words of the nine tables' header labels; a label breaks only between them.
WORDS = (
    "一般公共预算", "政府性基金预算", "国有资本经营预算", "财政拨款", "本年", "年初", "年末",
    "收入", "支出", "合计", "小计", "上级补助", "上级", "上缴", "事业", "经营", "附属单位",
    "对附属单位", "补助", "其他", "基本", "项目", "人员经费", "公用经费", "决算数", "预算数",
    "因公出国", "（境）费", "公务用车", "购置及运行费", "购置费", "运行费", "公务接待费", "结转和结余",
    "科目编码", "科目名称", "行次", "栏次", "金额",
)
_BY_LENGTH = sorted(WORDS, key=len, reverse=True)


def text_width(text: str) -> int:
    """Width of ``text`` (hundredths of an em)."""
    return sum(ASCII if ord(ch) < 128 else EM for ch in text)


def words(label: str) -> list[str]:
    """``label`` cut into known words (longest first); other characters stand alone."""
    out: list[str] = []
    i = 0
    while i < len(label):
        word = next((w for w in _BY_LENGTH if label.startswith(w, i)), None)
        if word is None:
            # Runs of ASCII (numbers) stay together.
            j = i + 1
            while label[i].isascii() and j < len(label) and label[j].isascii():
                j += 1
            word = label[i:j]
        out.append(word)
        i += len(word)
    return out


def header_lines(label: str, width: int) -> list[str]:
    """``label`` broken into lines of at most ``width`` between words (a word wider than the
    line is broken between its characters)."""
    lines: list[str] = []
    current = ""
    for word in words(label):
        if current and text_width(current + word) > width:
            lines.append(current)
            current = ""
        while text_width(word) > width and len(word) > 1:
            cut = max(1, width // EM)
            if current:
                lines.append(current)
                current = ""
            lines.append(word[:cut])
            word = word[cut:]
        current += word
    if current or not lines:
        lines.append(current)
    return lines


def two_lines(label: str) -> int:
    """The narrowest width that sets ``label`` on at most two lines broken between words."""
    parts = words(label)
    best = text_width(label)
    for i in range(1, len(parts)):
        best = min(best, max(text_width("".join(parts[:i])), text_width("".join(parts[i:]))))
    return best


def column_needs(t: DisplayTable, padding: int) -> list[int]:
    """Width each column needs: its widest one-column body text, its header on two lines."""
    needs = [EM] * t.n_cols
    for row in t.body:
        for c in row:
            if c.colspan == 1 and c.text:
                needs[c.col] = max(needs[c.col], text_width(c.text) + SLACK)
    # The amount columns holding figures share one width (the widest figure's).
    filled = {c.col for row in t.body for c in row
              if c.colspan == 1 and c.align == RIGHT and c.text}
    widest = max([needs[c] for c in filled] + [text_width(TYPICAL_FIGURE) + SLACK])
    needs = [widest if c in filled else n for c, n in enumerate(needs)]
    for row in t.header:
        for c in row:
            if c.colspan == 1 and c.text:
                needs[c.col] = max(needs[c.col], two_lines(c.text) + SLACK)
    return [n + padding for n in needs]


def _text_columns(t: DisplayTable) -> set[int]:
    """Columns whose body text is left-aligned (names and labels)."""
    return {c.col for row in t.body for c in row if c.colspan == 1 and c.align == LEFT and c.text}


def _fill(widths: list[int], line: int) -> list[int]:
    """``widths`` scaled to sum to ``line`` exactly (the remainder goes to the last column)."""
    total = sum(widths)
    out = [w * line // total for w in widths]
    out[-1] += line - sum(out)
    return out


def column_widths(t: DisplayTable, line: int, padding: int) -> list[int]:
    """Widths of the columns of ``t`` filling a line of width ``line``."""
    needs = column_needs(t, padding)
    total = sum(needs)
    if total <= line:
        return _fill(needs, line)
    widths = list(needs)
    excess = total - line
    text = _text_columns(t)
    room = {c: max(0, needs[c] - MIN_TEXT - padding) for c in text}
    available = sum(room.values())
    if available > 0:
        give = min(excess, available)
        cuts = {c: room[c] * give // available for c in text}
        cuts[max(text, key=lambda c: room[c])] += give - sum(cuts.values())
        for c, cut in cuts.items():
            widths[c] -= cut
    if sum(widths) == line:
        return widths
    return _fill(widths, line)  # still too wide: everything shrinks alike


def row_lines(row: Sequence, widths: Sequence[int], padding: int, header: bool) -> int:
    """Lines the tallest cell of ``row`` takes at ``widths`` (for the page-fill estimate)."""
    most = 1
    for c in row:
        if c.rowspan > 1 or not c.text:
            continue
        room = max(sum(widths[c.col:c.col + c.colspan]) - padding, EM)
        if header:
            most = max(most, len(header_lines(c.text, room)))
        else:
            most = max(most, -(-text_width(c.text) // room))
    return most
