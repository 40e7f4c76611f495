"""Reading 公开06表: 经济分类 blocks side by side and the 人员经费合计 / 公用经费合计 lines by label."""
from __future__ import annotations

from .. import schema
from ..model import Amount, BasicTable, EconomicItem
from .cells import ReadContext, is_note, text
from .grid import Grid
from .locate import (TableLayout, find_cells, header_rows, is_number_row, nearest_headers,
                     header_paths, scale_of)


def _blocks(grid: Grid, header_row: int, code_cols: list[int]) -> list[tuple[int, int, int]]:
    """(code, name, value) columns of each block, left to right."""
    names = sorted(c for _, c in find_cells(grid, header_row, schema.NAME_HEADERS, rows=1))
    values = sorted(c for _, c in find_cells(grid, header_row, schema.BASIC_VALUE_HEADERS, rows=1))
    blocks = []
    for i, code_col in enumerate(code_cols):
        end = code_cols[i + 1] if i + 1 < len(code_cols) else grid.max_col + 1
        name_col = next((c for c in names if code_col < c < end), code_col + 1)
        value_col = next((c for c in values if name_col < c < end), name_col + 1)
        blocks.append((code_col, name_col, value_col))
    return blocks


def _group_spans(grid: Grid, top: int, bottom: int) -> dict[str, tuple[int, int]]:
    """Columns under the 人员经费 / 公用经费 group labels of the header, when it has them."""
    cells = sorted((c, schema.fold(grid.raw(r, c)), r) for r, c in
                   find_cells(grid, top, schema.BASIC_GROUPS, rows=max(bottom - top, 0)))
    spans = {}
    for i, (col, label, row) in enumerate(cells):
        first, last = grid.merged_span(row, col)
        if last == first:
            last = cells[i + 1][0] - 1 if i + 1 < len(cells) else grid.max_col
        spans[label] = (first, last)
    return spans


def read_basic(ctx: ReadContext, spec: schema.TableSpec, grid: Grid, title_row: int,
               layout: TableLayout) -> BasicTable | None:
    """Table 06 under its title row: the 经济分类 items and the 人员经费 / 公用经费 totals."""
    where = spec.display_name
    code_cells = find_cells(grid, title_row + 1, schema.CODE_HEADERS)
    if not code_cells:
        paths = header_paths(grid, title_row + 1, title_row + 8, spec)
        ctx.add("column-missing", ctx.ref(grid, max(title_row, 1), 1), table=where,
                column="科目编码", found=nearest_headers(paths, "科目编码", range(1, grid.max_col + 1)))
        return None
    header_row = code_cells[0][0]
    scale, layout.scale = scale_of(grid, title_row)
    layout.header_rows = header_rows(grid, title_row + 1, header_row, spec)
    blocks = _blocks(grid, header_row, sorted(c for r, c in code_cells if r == header_row))
    spans = _group_spans(grid, title_row + 1, header_row)
    for code_col, name_col, value_col in blocks:
        group = next((g for g, (a, b) in spans.items() if a <= code_col <= b), "")
        for meaning, col in (("科目编码", code_col), ("科目名称", name_col), ("决算数", value_col)):
            layout.column(f"{group}{meaning}", col, schema.fold(grid.raw(header_row, col)))
    totals: dict[str, Amount] = {}
    total_refs: dict = {}
    items: list[EconomicItem] = []
    data_rows = []
    for row in range(header_row + 1, grid.max_row + 1):
        if is_number_row(grid, row):
            layout.number_rows.append(row)
            continue
        used = _totals(ctx, grid, row, blocks, spans, scale, totals, total_refs, where)
        for code_col, name_col, value_col in blocks:
            if code_col in used:
                continue
            code = schema.fold(grid.raw(row, code_col))
            if not code or code in schema.NUMBER_ROW_LABELS or is_note(code):
                continue
            if not schema.ECONOMIC_CODE.match(code):
                ctx.add("bad-code", ctx.ref(grid, row, code_col), value=code)
                continue
            name = schema.strip_enumerator(text(grid.raw(row, name_col)))
            items.append(EconomicItem(code, name, ctx.amount(grid, row, value_col, scale)))
            data_rows.append(row)
        if used:
            data_rows.append(row)
    if data_rows:
        layout.data_rows = (min(data_rows), max(data_rows))
    return BasicTable(spec.title, grid.name, tuple(items), totals.get(schema.PERSONNEL_TOTAL),
                      totals.get(schema.PUBLIC_TOTAL))


def _totals(ctx: ReadContext, grid: Grid, row: int, blocks, spans, scale, totals, total_refs,
            where: str) -> set[int]:
    """Read the 人员经费合计 / 公用经费合计 labels of a row; the code columns they cover."""
    used: set[int] = set()
    kinds = {**{schema.fold(x): schema.PERSONNEL_TOTAL for x in schema.PERSONNEL_TOTALS},
             **{schema.fold(x): schema.PUBLIC_TOTAL for x in schema.PUBLIC_TOTALS}}
    for col in range(1, grid.max_col + 1):
        key = kinds.get(schema.fold(grid.raw(row, col)))
        if key is None:
            continue
        first, last = grid.merged_span(row, col)
        group = spans.get(key.replace("合计", ""))
        if group is None:  # no group labels: the label's own block, or the blocks it spans
            inside = [b for b in blocks if first <= b[0] <= last] or \
                [max((b for b in blocks if b[0] <= col), default=blocks[0])]
            group = (inside[0][0], inside[-1][2])
        candidates = [b[2] for b in blocks if group[0] <= b[2] <= group[1] and b[2] > last]
        used.update(b[0] for b in blocks if first <= b[0] <= last or b[0] == col)
        filled = [c for c in candidates if not ctx.blank(grid, row, c)]
        ref = ctx.ref(grid, row, col)
        if len(filled) > 1:
            refs = [ctx.ref(grid, row, c) for c in filled[:2]]
            ctx.add("column-ambiguous", refs, table=where, column=key,
                    refs="、".join(map(str, refs)))
            continue
        if key in totals:
            ctx.add("total-duplicate", [ref, total_refs[key]], table=where, column=key,
                    refs=f"{total_refs[key]}、{ref}")
            continue
        target = filled[0] if filled else (candidates[-1] if candidates else None)
        if target is not None:
            totals[key] = ctx.amount(grid, row, target, scale)
            total_refs[key] = ref
    return used
