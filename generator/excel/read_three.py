"""Reading 公开07表 (“三公”经费): horizontal, item-major or vertical layouts."""
from __future__ import annotations

from .. import schema
from ..model import ThreeCostsTable, frozen_map
from .cells import ReadContext, is_note, numeric, text
from .grid import Grid
from .locate import (TableLayout, find_cells, header_cell, header_paths, header_rows,
                     is_number_row, nearest_headers, scale_of)

SIDES = {side: {schema.fold(n) for n in names} for side, names in schema.THREE_SIDES.items()}
ITEMS = {item: {schema.fold(n) for n in names} for item, names in schema.THREE_ITEM_NAMES.items()}
CAR, PARTS = schema.THREE_CAR.key, {schema.fold(n) for p in schema.THREE_CAR_PARTS for n in schema.THREE_ITEM_NAMES[p]}
SUBTOTAL = {schema.fold(n) for n in schema.SUBTOTAL_LABELS}


def _item_of(path: set[str]) -> str | None:
    """The item a header path names (the car subtotal: its group with 小计 or alone)."""
    hits = [item for item, names in ITEMS.items() if names & path]
    if CAR in hits:
        parts = [h for h in hits if h != CAR and ITEMS[h] & PARTS]
        hits = parts if parts and not SUBTOTAL & path else [CAR]
    if len(hits) > 1 and "合计" in hits:
        hits.remove("合计")  # e.g. 合计 over a group, the group's own item wins
    return hits[0] if len(hits) == 1 else None


def _side_of(path: set[str]) -> str | None:
    hits = [side for side, names in SIDES.items() if names & path]
    return hits[0] if len(hits) == 1 else None


def read_three(ctx: ReadContext, spec: schema.TableSpec, grid: Grid, title_row: int,
               layout: TableLayout) -> ThreeCostsTable | None:
    """Table 07 under its title row: the 预算数 and 决算数 of the “三公” items."""
    where = spec.display_name
    scale, layout.scale = scale_of(grid, title_row)
    vertical = _vertical_header(grid, title_row)
    if vertical:
        return _read_vertical(ctx, spec, grid, vertical, scale, layout)
    first_data = None
    end = grid.max_row + 1  # a 注 line ends the header and data (a blank data row: all 0)
    for row in range(title_row + 1, grid.max_row + 1):
        cells = [grid.raw(row, c) for c in range(1, grid.max_col + 1)]
        if any(is_note(schema.fold(v)) for v in cells if v is not None):
            end = row
            break
        if is_number_row(grid, row):
            layout.number_rows.append(row)
            continue
        if any(numeric(v) for v in cells):
            first_data = row
            break
    if first_data is None:
        last = end - 1
        while last > title_row and (not any(text(grid.raw(last, c)) for c in range(1, grid.max_col + 1))
                                    or is_number_row(grid, last)):
            last -= 1
        band = (title_row + 1, last)
    else:
        band = (title_row + 1, first_data - 1)
    layout.header_rows = header_rows(grid, *band, spec)
    paths = header_paths(grid, *band, spec)
    found: dict[tuple[str, str], list[int]] = {}
    for col, path in paths.items():
        words = set(path)
        side, item = _side_of(words), _item_of(words)
        if side and item:
            found.setdefault((side, item), []).append(col)
    for key, cols in found.items():
        # The car group's own column: 小计 under it, or the group alone when it has no parts;
        # a blank column under the group beside its 小计 is not a second claim.
        labelled = [c for c in cols if SUBTOTAL & set(paths[c])]
        if key[1] == CAR and labelled:
            found[key] = labelled
    budget, actual = {}, {}
    for side, out in (("预算数", budget), ("决算数", actual)):
        for item in schema.THREE_COST_ITEMS:
            cols = found.get((side, item), [])
            if len(cols) != 1:
                layout.missing(f"{side}/{item}")
            if len(cols) > 1:
                refs = [ctx.ref(grid, *header_cell(grid, c, *band, paths[c][-1])) for c in cols[:2]]
                ctx.add("column-ambiguous", refs, table=where, column=f"{side}/{item}",
                        refs="、".join(map(str, refs)))
                continue
            if not cols:
                ctx.add("column-missing", ctx.ref(grid, band[0], 1), table=where,
                        column=f"{side}/{item}",
                        found=nearest_headers(paths, item, range(1, grid.max_col + 1)))
                continue
            layout.column(f"{side}/{item}", cols[0], "/".join(paths[cols[0]]))
            if first_data is not None:
                out[item] = ctx.amount(grid, first_data, cols[0], scale)
    if first_data is not None:
        layout.data_rows = (first_data, first_data)
    return ThreeCostsTable(spec.title, grid.name, frozen_map(budget), frozen_map(actual))


def _vertical_header(grid: Grid, title_row: int) -> tuple[int, int, dict[str, int]] | None:
    """(header row, label column, side → column) of the vertical layout, or None."""
    for row, col in find_cells(grid, title_row + 1, schema.ITEM_HEADERS):
        sides = {}
        for c in range(col + 1, grid.max_col + 1):
            side = _side_of({schema.fold(grid.value(row, c))})
            if side and side not in sides:
                sides[side] = c
        if sides:
            return row, col, sides
    return None


def _read_vertical(ctx: ReadContext, spec, grid: Grid, header, scale, layout) -> ThreeCostsTable:
    header_row, label_col, sides = header
    layout.header_rows = (header_row, header_row)
    layout.column("项目", label_col, schema.fold(grid.raw(header_row, label_col)))
    for side, col in sides.items():
        layout.column(side, col, schema.fold(grid.raw(header_row, col)))
    by_name = {n: item for item, names in ITEMS.items() for n in names}
    budget, actual = {}, {}
    rows = []
    for row in range(header_row + 1, grid.max_row + 1):
        if is_number_row(grid, row):
            layout.number_rows.append(row)
            continue
        item = by_name.get(schema.fold_label(grid.raw(row, label_col)))
        if not item:
            continue
        rows.append(row)
        for side, out in (("预算数", budget), ("决算数", actual)):
            if side in sides:
                out[item] = ctx.amount(grid, row, sides[side], scale)
    if rows:
        layout.data_rows = (rows[0], rows[-1])
    return ThreeCostsTable(spec.title, grid.name, frozen_map(budget), frozen_map(actual))
