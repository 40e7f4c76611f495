"""Finding the nine tables by title and reading their header bands (rows, number rows, columns by meaning)."""
from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from decimal import Decimal

from .. import schema
from ..money import TEN_THOUSAND
from .cells import ReadContext, integer, text
from .grid import Grid

TITLE_ROWS = 8        # a table's title is looked for in the first rows of a sheet
HEADER_SCAN = 12      # header labels are looked for this many rows below the title


@dataclass
class TableLayout:
    """What the reader understood of one table (shown by ``check --layout``)."""

    key: str
    title: str
    sheet: str
    title_cell: str
    title_text: str = ""
    scale: str = "万元"
    header_rows: tuple[int, int] | None = None
    number_rows: list[int] = field(default_factory=list)
    columns: list[tuple[str, str, str]] = field(default_factory=list)  # meaning, column, header
    data_rows: tuple[int, int] | None = None
    notes: list[str] = field(default_factory=list)

    def column(self, meaning: str, col: int, header: str) -> None:
        self.columns.append((meaning, Grid.coordinate(1, col)[:-1], header))

    def missing(self, meaning: str) -> None:
        """A meaning no column could be taken for (the finding says what was found instead)."""
        self.columns.append((meaning, "", ""))


# -- titles --------------------------------------------------------------------------------------


def is_title_cell(folded: str, titles: tuple[str, ...]) -> bool:
    """A title cell: the title itself, optionally after a year (2021年度) or before 公开0N表."""
    m = schema.TITLE_DECORATION.match(folded)
    core = m.group(1) if m else folded
    return any(folded == schema.fold(t) or core == schema.fold(t) for t in titles)


def _title_in(grid: Grid, specs) -> tuple[schema.TableSpec, int, int] | None:
    for row in range(1, min(grid.max_row, TITLE_ROWS) + 1):
        for col in range(1, grid.max_col + 1):
            folded = schema.fold(grid.raw(row, col))
            if not folded or len(folded) < 4:
                continue
            for spec in specs:
                if is_title_cell(folded, spec.titles):
                    return spec, row, col
    sheet = schema.fold(grid.name)
    for spec in specs:
        if is_title_cell(sheet, spec.titles):
            return spec, 0, 0
    return None


def locate_tables(ctx: ReadContext) -> dict[str, tuple[Grid, int, int]]:
    """Table key → (grid, title row, title column), with findings for duplicates and missing
    tables (title row 0: identified by the sheet name)."""
    found: dict[str, tuple[Grid, int, int]] = {}
    # Longer titles first, so 一般公共预算财政拨款支出决算表 is not taken for 支出决算表.
    specs = sorted(schema.TABLES, key=lambda t: -max(len(x) for x in t.titles))
    for grid in ctx.grids:
        hit = _title_in(grid, specs)
        if hit is None:
            continue
        spec, row, col = hit
        if spec.key in found:
            first, frow, fcol = found[spec.key]
            ctx.add("table-duplicate", [ctx.ref(grid, max(row, 1), max(col, 1)),
                                        ctx.ref(first, max(frow, 1), max(fcol, 1))],
                    table=spec.number, title=spec.title, first=first.name, second=grid.name)
            continue
        found[spec.key] = (grid, row, col)
    for spec in schema.TABLES:
        if spec.key not in found:
            ctx.add("table-missing", table=spec.number, title=spec.title)
    return found


# -- rows of the header band ---------------------------------------------------------------------


def scale_of(grid: Grid, top: int) -> tuple[Decimal, str]:
    """The unit line near the title (单位：万元 / 单位：元) sets the scale; 万元 by default."""
    for row in range(max(1, top - 2), min(grid.max_row, top + TITLE_ROWS) + 1):
        for col in range(1, grid.max_col + 1):
            m = schema.UNIT_LINE.search(text(grid.raw(row, col)).replace(" ", ""))
            if m:
                return (TEN_THOUSAND, "元") if m.group(1) == "元" else (Decimal(1), "万元")
    return Decimal(1), "万元"


def is_number_row(grid: Grid, row: int, first_col: int = 1, last_col: int | None = None) -> bool:
    """A column-number row: 栏次 (or nothing) and consecutive whole numbers (1 2 3 …).

    Such a row under a header is never data."""
    last_col = last_col or grid.max_col
    labelled, numbers = False, []
    for col in range(first_col, last_col + 1):
        value = grid.raw(row, col)
        folded = schema.fold(value)
        if not folded:
            continue
        if folded in schema.NUMBER_ROW_LABELS:
            labelled = True
            continue
        n = integer(value)
        if n is None:
            return False
        numbers.append(n)
    if labelled:
        return True
    if not numbers:
        return labelled
    consecutive = all(b == a + 1 for a, b in zip(numbers, numbers[1:]))
    return consecutive and (labelled or len(numbers) >= 2)


def _skip_header_text(folded: str, skip: set[str]) -> bool:
    return (not folded or folded in skip or bool(schema.TABLE_NUMBER.match(folded))
            or bool(schema.UNIT_LINE.search(folded)) or folded.startswith(schema.PREAMBLE_PREFIXES))


def header_paths(grid: Grid, top: int, bottom: int, spec: schema.TableSpec) -> dict[int, list[str]]:
    """Folded header texts per column between rows ``top`` and ``bottom`` (inclusive), without
    the title, the unit line, preamble lines and column-number rows."""
    skip = {schema.fold(t) for t in spec.titles}
    rows = [r for r in range(top, bottom + 1) if not is_number_row(grid, r)]
    paths: dict[int, list[str]] = {}
    for col in range(1, grid.max_col + 1):
        path: list[str] = []
        for row in rows:
            folded = schema.fold(grid.value(row, col))
            if _skip_header_text(folded, skip) or folded in schema.NUMBER_ROW_LABELS:
                continue
            if not path or path[-1] != folded:
                path.append(folded)
        paths[col] = path
    return paths


def header_rows(grid: Grid, top: int, bottom: int, spec: schema.TableSpec) -> tuple[int, int] | None:
    """The first and last row of the band holding header texts (None when there are none)."""
    skip = {schema.fold(t) for t in spec.titles}
    rows = [r for r in range(top, bottom + 1) if not is_number_row(grid, r) and any(
        not _skip_header_text(schema.fold(grid.raw(r, c)), skip) for c in range(1, grid.max_col + 1))]
    return (rows[0], rows[-1]) if rows else None


def find_cells(grid: Grid, top: int, labels, rows: int = HEADER_SCAN) -> list[tuple[int, int]]:
    """Cells reading one of ``labels`` (folded) in the ``rows`` rows from ``top``."""
    wanted = {schema.fold(x) for x in labels}
    out = []
    for row in range(max(top, 1), min(grid.max_row, top + rows) + 1):
        for col in range(1, grid.max_col + 1):
            if schema.fold(grid.raw(row, col)) in wanted:
                out.append((row, col))
    return out


# -- columns by meaning --------------------------------------------------------------------------


def _leaf_hit(path: list[str], names: set[str]) -> bool:
    if not path:
        return False
    if path[-1] in names:
        return True
    fillers = {schema.fold(f) for f in schema.AMOUNT_FILLERS}
    core = [p for p in path if p not in fillers]
    return bool(core) and core[-1] in names


def header_cell(grid: Grid, col: int, top: int, bottom: int, label: str) -> tuple[int, int]:
    """The cell of ``label`` in column ``col`` of the header band (its merge anchor)."""
    for row in range(bottom, top - 1, -1):
        if schema.fold(grid.value(row, col)) == label:
            return grid.anchor(row, col)
    return top, col


def nearest_headers(paths: dict[int, list[str]], label: str, cols) -> str:
    """The header texts of ``cols`` most like ``label`` (for a column-missing finding)."""
    texts = sorted({paths[c][-1] for c in cols if paths.get(c)})
    if not texts:
        return ""
    close = difflib.get_close_matches(schema.fold(label), texts, n=3, cutoff=0.0)
    return "；表头中找到的是：" + "、".join(f"“{t}”" for t in close)


def match_columns(ctx: ReadContext, grid: Grid, spec: schema.TableSpec, where: str,
                  columns, paths: dict[int, list[str]], band: tuple[int, int],
                  cols: range, *, report: bool = True) -> dict[str, int]:
    """Column key → sheet column for ``columns`` ((ancestors, leaf) pairs) among ``cols``.

    A leaf label matches the last header text of a column (an extra 决算数 row or group label is
    passed over); its ancestors (group labels such as 本年支出) must be above it when the table
    has them, and may be absent. Two columns for one meaning is an error naming both."""
    taken: set[int] = set()
    out: dict[str, int] = {}
    for ancestors, leaf in columns:
        names = {schema.fold(n) for n in leaf.names}
        free = [c for c in cols if c not in taken and _leaf_hit(paths.get(c, []), names)]
        strict = [c for c in free if all(any(schema.fold(n) in paths[c] for n in a.names)
                                         for a in ancestors)]
        found = strict or free
        if len(found) > 1:
            refs = [ctx.ref(grid, *header_cell(grid, c, *band, paths[c][-1])) for c in found[:2]]
            ctx.add("column-ambiguous", refs, table=where, column=leaf.label,
                    refs="、".join(map(str, refs)))
            taken.update(found)
            continue
        if found:
            out[leaf.key] = found[0]
            taken.add(found[0])
        elif report:
            top = (header_rows(grid, *band, spec) or band)[0]
            ctx.add("column-missing", ctx.ref(grid, top, cols.start if cols else 1),
                    table=where, column="/".join([a.label for a in ancestors] + [leaf.label]),
                    found=nearest_headers(paths, leaf.label, [c for c in cols if c not in taken]))
    return out
