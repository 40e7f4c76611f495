"""Reading the 科目 tables (公开02、03、05、08、09表): code columns, amounts by meaning, the 合计 row."""
from __future__ import annotations

from .. import schema
from ..model import CodedTable, SubjectRow, frozen_map
from .cells import ReadContext, is_note, text
from .grid import Grid
from .locate import (HEADER_SCAN, TableLayout, find_cells, header_paths, header_rows,
                     is_number_row, match_columns, nearest_headers, scale_of)


def code_columns(grid: Grid, top: int) -> tuple[list[int], int, int] | None:
    """(code columns, name column, last header row) of a 科目 table: one code column, or 类/款/项
    sub-columns under a code header (or standing alone)."""
    code_cells = find_cells(grid, top, schema.CODE_HEADERS)
    name_cells = find_cells(grid, top, schema.NAME_HEADERS)
    if not name_cells:
        return None
    name_row, name_col = name_cells[0]
    if code_cells:
        row, col = code_cells[0]
        end = grid.merged_end_col(row, col)
        parts = [(r, c) for r, c in find_cells(grid, row + 1, schema.CODE_PARTS, rows=2)
                 if col <= c <= max(end, col + 2)]
        if end > col or parts:
            cols = sorted(c for _, c in parts)[:3]
            bottom = max([row, name_row] + [r for r, _ in parts])
            return (cols or list(range(col, end + 1))), name_col, bottom
        return [col], name_col, max(row, name_row)
    parts = find_cells(grid, top, schema.CODE_PARTS)
    if parts:
        return sorted(c for _, c in parts)[:3], name_col, max(name_row, max(r for r, _ in parts))
    return None


def read_code(grid: Grid, row: int, cols: list[int], context: list[str]) -> tuple[str, bool]:
    """The 科目编码 of a row ('' for none) and whether it is a valid code.

    With 类/款/项 columns a blank leading part inherits the 类/款 of the rows above
    (``context`` carries the last 类 and 款 seen)."""
    if len(cols) == 1:
        code = text(grid.raw(row, cols[0])).replace(" ", "")
        return code, (not code) or bool(schema.FUNCTION_CODE.match(code))
    parts = [text(grid.raw(row, c)).replace(" ", "") for c in cols]
    if not any(parts):
        return "", True
    lei, kuan, xiang = (parts + ["", "", ""])[:3]
    if lei:
        code = lei + kuan + xiang
    elif kuan:
        code = context[0] + kuan + xiang
    else:
        code = context[1] + xiang
    ok = bool(schema.FUNCTION_CODE.match(code)) and all(p.isdigit() or not p for p in parts)
    if ok:
        if len(code) >= schema.CLASS_DIGITS:
            context[0] = code[:schema.CLASS_DIGITS]
        if len(code) >= schema.SUBCLASS_DIGITS:
            context[1] = code[:schema.SUBCLASS_DIGITS]
    return code, ok


def _label_cells(grid: Grid, row: int, last: int) -> list[tuple[int, str]]:
    return [(c, schema.fold(grid.value(row, c))) for c in range(1, last + 1)]


HEADER_WORDS = {schema.fold(x) for x in (*schema.CODE_HEADERS, *schema.NAME_HEADERS, *schema.CODE_PARTS,
                                    *schema.ITEM_HEADERS, *schema.NUMBER_ROW_LABELS)}


def _first_data_row(grid: Grid, start: int, code_cols: list[int], name_col: int) -> int:
    """First row below the header: a 合计 row, a row with a code, a note or any other text in
    the label columns (an empty table's sentence); never a number row."""
    for row in range(start, grid.max_row + 1):
        if is_number_row(grid, row):
            continue
        own = [schema.fold(grid.raw(row, c)) for c in (*code_cols, name_col)]
        if any(f and f not in HEADER_WORDS for f in own):
            return row
        labels = [f for _, f in _label_cells(grid, row, max(name_col, *code_cols))]
        if any(f in schema.TOTAL_LABELS for f in labels):
            return row
        if any(schema.FUNCTION_CODE.match(schema.fold(grid.raw(row, c))) for c in code_cols):
            return row
        if any(is_note(f) for f in labels if f):
            return row
    return grid.max_row + 1


def read_coded(ctx: ReadContext, spec: schema.TableSpec, grid: Grid, title_row: int,
               layout: TableLayout) -> CodedTable | None:
    """A 科目编码 table (02, 03, 05, 08, 09) under its title row: the 合计 and one row per code."""
    where = spec.display_name
    found = code_columns(grid, title_row + 1)
    if found is None:
        paths = header_paths(grid, title_row + 1, min(grid.max_row, title_row + HEADER_SCAN), spec)
        ctx.add("column-missing", ctx.ref(grid, max(title_row, 1), 1), table=where,
                column="科目编码/科目名称",
                found=nearest_headers(paths, "科目名称", range(1, grid.max_col + 1)))
        return None
    code_cols, name_col, header_row = found
    scale, layout.scale = scale_of(grid, title_row)
    first_data = _first_data_row(grid, header_row + 1, code_cols, name_col)
    band = (title_row + 1, first_data - 1)
    layout.header_rows = header_rows(grid, *band, spec)
    layout.number_rows = [r for r in range(header_row + 1, first_data) if is_number_row(grid, r)]
    paths = header_paths(grid, *band, spec)
    columns = match_columns(ctx, grid, spec, where, spec.columns, paths, band,
                            range(max(name_col, *code_cols) + 1, grid.max_col + 1))
    if len(code_cols) == 1:
        layout.column("科目编码", code_cols[0], "/".join(paths[code_cols[0]]))
    for part, col in zip(schema.CODE_PARTS if len(code_cols) > 1 else (), code_cols):
        layout.column(f"科目编码（{part}）", col, "/".join(paths[col]))
    layout.column("科目名称", name_col, paths[name_col][-1] if paths[name_col] else "")
    for _, leaf in spec.columns:
        if leaf.key in columns:
            layout.column(leaf.key, columns[leaf.key], "/".join(paths[columns[leaf.key]]))
        else:
            layout.missing(leaf.key)
    label_end = max(name_col, *code_cols)
    total: SubjectRow | None = None
    rows: list[SubjectRow] = []
    seen: dict = {}
    context = ["", ""]
    data_rows = []
    for row in range(first_data, grid.max_row + 1):
        labels = _label_cells(grid, row, label_end)
        if any(is_note(f) for _, f in labels if f) or is_number_row(grid, row):
            continue
        total_at = next((c for c, f in labels if f in schema.TOTAL_LABELS), None)
        if total_at is not None:
            ref = ctx.ref(grid, row, total_at)
            if total is not None:
                ctx.add("total-duplicate", [ref, total.ref], table=where, column="合计",
                        refs=f"{total.ref}、{ref}")
                continue
            values = {k: ctx.amount(grid, row, c, scale) for k, c in columns.items()}
            total = SubjectRow("", "合计", frozen_map(values), ref)
            data_rows.append(row)
            continue
        name = text(grid.value(row, name_col))
        code, ok = read_code(grid, row, code_cols, context)
        if not code and not name:
            continue
        if not ok or not code:
            wordy = not code or not any(ch.isdigit() for ch in code)
            if wordy and not any(text(grid.raw(row, c)) for c in columns.values()):
                continue  # a free-text line (an empty-table note such as 本单位无…故本表为空表)
            ctx.add("bad-code", ctx.ref(grid, row, code_cols[0]), value=code or name)
            continue
        ref = ctx.ref(grid, row, code_cols[0])
        if code in seen:
            ctx.add("code-duplicate", [ref, seen[code]], table=spec.number, code=code,
                    refs=f"{seen[code]}、{ref}")
            continue
        seen[code] = ref
        values = {k: ctx.amount(grid, row, c, scale) for k, c in columns.items()}
        rows.append(SubjectRow(code, schema.strip_enumerator(name), frozen_map(values), ref))
        data_rows.append(row)
    if data_rows:
        layout.data_rows = (data_rows[0], data_rows[-1])
    if not rows and total is not None and all(a.value == 0 for a in total.values.values()):
        total = None  # an empty table printed with a 合计 row of zeros: the same as no rows
        layout.notes.append("空表（合计行为零）")
    return CodedTable(spec.key, spec.title, grid.name, tuple(columns), total, tuple(rows))
