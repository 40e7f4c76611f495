"""Seeded mutations for the fuzz suite: of an openpyxl workbook and of the writer's JSON data.

Each mutation takes a ``random.Random`` and changes its target in place; ``mutate_workbook``
applies one to three of them, so a seed alone reproduces a case.
"""
from __future__ import annotations

import copy
import random
import re
from typing import Any, Callable

# Values that finance staff (or a broken export) could put into any cell.
HOSTILE_TEXT = [
    "", " ", "　", "abc", "-", "—", "１２３．４５", "1,234.56", "(12.00)", "12.3.4", "1e400", "-1e-400",
    "nan", "NaN", "inf", "-Infinity", "None", "#REF!", "#DIV/0!", "TRUE", "0x1F", "½", "Ⅷ",
    "\x00", "\x01\x02\x1f", "a\x0bb\x0cc", "\ud7ff\ue000\ufffd", "😀💰🧾", "👨‍👩‍👧‍👦",
    "& < > \" '", "<w:p>&amp;</w:p>", "]]>", "{收支总计}", "{不存在}", "{{ 1 }}", "{% if x %}",
    "{{ ''.__class__ }}", "%s %d {0}", "\\n\\t", "\r\n\r\n", "\u202e反转", "\u200b", "A" * 100_000,
    "很长的中文" * 20_000,
]
HOSTILE_NUMBERS: list[Any] = [
    -1, -0.01, 0, 0.001, 1e300, -1e300, 10**30, -(10**30), 1e-300, 123456789.123456789,
    0.1 + 0.2, 2**63, float("nan"), float("inf"), float("-inf"), True, False,
]
FORMULAS = ["=SUM(A1:A3)", "=1/0", "=A1", '=HYPERLINK("http://x","y")', "=NOW()"]


_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")


def cell_text(text: str) -> str:
    """Text as a cell can hold it: control characters as Excel's ``_xHHHH_`` escapes, which
    openpyxl refuses to write raw but decodes back to the character when reading."""
    return _CONTROL.sub(lambda m: f"_x{ord(m.group()):04X}_", text)


def hostile_value(rng: random.Random) -> Any:
    pick = rng.random()
    if pick < 0.45:
        return cell_text(rng.choice(HOSTILE_TEXT))
    if pick < 0.85:
        return rng.choice(HOSTILE_NUMBERS)
    if pick < 0.95:
        return rng.choice(FORMULAS)
    return None


def _filled(ws) -> list:
    # ws._cells: only the cells present; iter_rows() would walk the whole rectangle up to a far cell.
    return [c for _, c in sorted(ws._cells.items()) if c.value is not None and not _merged(c)]


def _merged(cell) -> bool:
    return type(cell).__name__ == "MergedCell"


def _sheet(wb, rng):
    return rng.choice(wb.worksheets)


# -- workbook mutations (openpyxl) ----------------------------------------------------------------

def set_cell(wb, rng) -> str:
    ws = _sheet(wb, rng)
    cells = _filled(ws)
    if not cells:
        return "set_cell: empty sheet"
    cell = rng.choice(cells)
    cell.value = hostile_value(rng)
    return f"set_cell {ws.title}!{cell.coordinate}"


def set_many(wb, rng) -> str:
    """Several hostile values in one sheet at once."""
    ws = _sheet(wb, rng)
    cells = _filled(ws)
    for cell in rng.sample(cells, min(len(cells), rng.randint(2, 8))):
        cell.value = hostile_value(rng)
    return f"set_many {ws.title}"


def clear_cells(wb, rng) -> str:
    ws = _sheet(wb, rng)
    cells = _filled(ws)
    for cell in rng.sample(cells, min(len(cells), rng.randint(1, 6))):
        cell.value = None
    return f"clear_cells {ws.title}"


def write_text(wb, rng) -> str:
    """Hostile text into a text sheet (单位信息, 情况说明, …): reaches the report."""
    names = [n for n in ("单位信息", "情况说明", "绩效评价报告", "名词解释", "年初预算") if n in wb.sheetnames]
    if not names:
        return set_cell(wb, rng)
    ws = wb[rng.choice(names)]
    cells = [c for c in _filled(ws) if c.column > 1 and c.row > 1] or _filled(ws)
    if not cells:
        return "write_text: empty"
    cell = rng.choice(cells)
    cell.value = cell_text(rng.choice(HOSTILE_TEXT))
    return f"write_text {ws.title}!{cell.coordinate}"


def formula(wb, rng) -> str:
    ws = _sheet(wb, rng)
    cells = [c for c in _filled(ws) if isinstance(c.value, (int, float))] or _filled(ws)
    cell = rng.choice(cells)
    cell.value = rng.choice(FORMULAS)
    return f"formula {ws.title}!{cell.coordinate}"


def delete_sheet(wb, rng) -> str:
    if len(wb.worksheets) < 2:
        return "delete_sheet: last"
    ws = _sheet(wb, rng)
    wb.remove(ws)
    return f"delete_sheet {ws.title}"


def duplicate_sheet(wb, rng) -> str:
    ws = _sheet(wb, rng)
    wb.copy_worksheet(ws)
    return f"duplicate_sheet {ws.title}"


def shuffle_sheets(wb, rng) -> str:
    rng.shuffle(wb._sheets)
    wb.active = 0
    return "shuffle_sheets"


def rename_sheet(wb, rng) -> str:
    ws = _sheet(wb, rng)
    old = ws.title
    ws.title = rng.choice(["Sheet1", "表" + old[::-1], old + " (2)", "😀", "x" * 31])[:31]
    return f"rename_sheet {old}"


def rename_title(wb, rng) -> str:
    """Change the table title (first rows) so the table may no longer be recognised."""
    ws = _sheet(wb, rng)
    cells = [c for c in _filled(ws) if c.row <= 3 and isinstance(c.value, str)]
    if not cells:
        return "rename_title: none"
    cell = rng.choice(cells)
    cell.value = rng.choice([cell.value + "（修订）", cell.value[:2], "", "收入支出决算总表", "支出决算表",
                             cell.value.replace("表", "")])
    return f"rename_title {ws.title}!{cell.coordinate}"


def delete_rows(wb, rng) -> str:
    ws = _sheet(wb, rng)
    if ws.max_row < 2:
        return "delete_rows: short"
    row = rng.randint(1, ws.max_row)
    ws.delete_rows(row, rng.randint(1, 3))
    return f"delete_rows {ws.title}:{row}"


def duplicate_row(wb, rng) -> str:
    ws = _sheet(wb, rng)
    if ws.max_row < 2:
        return "duplicate_row: short"
    src = rng.randint(1, ws.max_row)
    at = rng.randint(1, ws.max_row + 1)
    values = [c.value for c in ws[src]]
    ws.insert_rows(at)
    for col, value in enumerate(values, 1):
        if not _merged(ws.cell(row=at, column=col)):
            ws.cell(row=at, column=col, value=value)
    return f"duplicate_row {ws.title}:{src}->{at}"


def insert_column(wb, rng) -> str:
    ws = _sheet(wb, rng)
    at = rng.randint(1, max(ws.max_column, 1))
    ws.insert_cols(at)
    return f"insert_column {ws.title}:{at}"


def merge_data(wb, rng) -> str:
    """Merge a block inside the data area (merged cells where numbers are expected)."""
    ws = _sheet(wb, rng)
    if ws.max_row < 3 or ws.max_column < 2:
        return "merge_data: small"
    r = rng.randint(max(1, ws.max_row // 3), ws.max_row)
    c = rng.randint(1, ws.max_column)
    r2 = min(r + rng.randint(0, 3), ws.max_row + 2)
    c2 = min(c + rng.randint(1, 3), ws.max_column + 1)
    try:
        ws.merge_cells(start_row=r, start_column=c, end_row=r2, end_column=c2)
    except ValueError:  # overlaps an existing merged range: openpyxl refuses, Excel would too
        return "merge_data: overlap"
    return f"merge_data {ws.title}!R{r}C{c}:R{r2}C{c2}"


def far_cell(wb, rng) -> str:
    """A stray value far from the table: within the reader's limits, or beyond them (refused)."""
    ws = _sheet(wb, rng)
    ws.cell(row=rng.choice([200, 5000, 60000]), column=rng.choice([30, 200, 900]), value=hostile_value(rng))
    return f"far_cell {ws.title}"


WORKBOOK_MUTATIONS: list[Callable] = [
    set_cell, set_cell, set_cell, set_many, clear_cells, write_text, write_text, formula,
    delete_sheet, duplicate_sheet, shuffle_sheets, rename_sheet, rename_title, delete_rows,
    duplicate_row, insert_column, merge_data, far_cell,
]


def mutate_workbook(wb, seed: int) -> list[str]:
    """Apply 1–3 seeded mutations to ``wb`` in place; returns what was done (for messages)."""
    rng = random.Random(seed)
    return [rng.choice(WORKBOOK_MUTATIONS)(wb, rng) for _ in range(rng.choice([1, 1, 2, 3]))]


# -- writer data mutations (JSON) -----------------------------------------------------------------

HOSTILE_AMOUNTS = ["-1", "-0.01", "0", "1e300", "-1e300", str(10**30), "0.001", "99999999999.99",
                   "1E-300", None, "", 7, "12345678901234567890.123456789"]


def leaves(node: Any, path: tuple = ()) -> list[tuple]:
    """Paths of every scalar in a nested dict/list."""
    if isinstance(node, dict):
        return [p for k, v in node.items() for p in leaves(v, path + (k,))]
    if isinstance(node, list):
        return [p for i, v in enumerate(node) for p in leaves(v, path + (i,))]
    return [path]


def containers(node: Any, path: tuple = ()) -> list[tuple]:
    """Paths of every list and dict (rows and key sets that can lose or repeat an entry)."""
    out = []
    if isinstance(node, (dict, list)):
        out.append(path)
        items = node.items() if isinstance(node, dict) else enumerate(node)
        for k, v in items:
            out.extend(containers(v, path + (k,)))
    return out


def _get(node, path):
    for k in path:
        node = node[k]
    return node


def is_amount_path(path: tuple) -> bool:
    """Whether a leaf holds an amount (the writer parses those as numbers)."""
    text_keys = {"科目编码", "科目名称", "说明", "注"}
    if path[0] == "tables":
        return not any(k in text_keys for k in path if isinstance(k, str))
    return path[:2] in (("sheets", "上年数"),) or (path[:2] == ("sheets", "年初预算") and path[-1] == "年初预算数")


def mutate_data(data: dict, choices: list[tuple[int, str, int]]) -> list[str]:
    """Apply mutations chosen by Hypothesis: (index, operation, value index) triples."""
    done = []
    for index, op, value in choices:
        if op in ("amount", "text"):
            paths = [p for p in leaves(data) if p and p[0] != "options" and is_amount_path(p) == (op == "amount")]
            if not paths:
                continue
            path = paths[index % len(paths)]
            new = (HOSTILE_AMOUNTS if op == "amount" else HOSTILE_TEXT)[value % len(HOSTILE_AMOUNTS if op == "amount" else HOSTILE_TEXT)]
            _get(data, path[:-1])[path[-1]] = cell_text(new) if isinstance(new, str) else new
            done.append(f"{op} {'/'.join(map(str, path))}")
        elif op in ("drop", "repeat"):
            # Lists of rows and dicts of labels; not the [层级, 内容] pairs, whose shape is fixed.
            paths = [p for p in containers(data) if len(p) >= 2 and p[0] != "options"
                     and not (isinstance(_get(data, p), list)
                              and not all(isinstance(x, (dict, list)) for x in _get(data, p)))]
            path = paths[index % len(paths)]
            node = _get(data, path)
            if not node:
                continue
            if isinstance(node, list):
                i = value % len(node)
                if op == "drop":
                    del node[i]
                else:
                    node.insert(i, copy.deepcopy(node[i]))
            elif op == "drop":
                del node[list(node)[value % len(node)]]
            else:
                continue  # a dict key cannot repeat
            done.append(f"{op} {'/'.join(map(str, path))}")
    return done
