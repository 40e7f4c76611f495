"""Property: any workbook of the layout corpus, shuffled within what spec/workbook.md allows
(sheet order, table sheet names, extra blank rows and columns, stray spaces in labels), gives
the same model. The shuffles work on the loaded grids, as Excel would lay them out."""
from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import given, settings, strategies as st

from generator.excel.grid import Grid, load_grids
from generator.excel.reader import read_grids
from tests.excel.corpus import VARIANTS, corpus, digest, sample_digest

TABLE_SHEET = "公开"


def insert(grid: Grid, at: int, column: bool) -> Grid:
    """A blank row (or column) inserted before ``at``; merged ranges across it grow, as in Excel."""
    def move(r: int, c: int) -> tuple[int, int]:
        if column:
            return r, c + 1 if c >= at else c
        return r + 1 if r >= at else r, c

    merged = []
    for r1, c1, r2, c2 in grid.merged:
        (r1, c1), (r2, c2) = move(r1, c1), move(r2, c2)
        merged.append((r1, c1, r2, c2))
    return Grid(grid.name, {move(*k): v for k, v in grid.values.items()},
                grid.max_row + (not column), grid.max_col + column, merged,
                {move(*k): v for k, v in grid.formulas.items()})


def spaced(grid: Grid, keys: list[tuple[int, int]]) -> Grid:
    """Stray spaces inside some text cells (labels, codes, titles)."""
    values = dict(grid.values)
    for key in keys:
        text = values[key]
        middle = len(text) // 2
        values[key] = f" {text[:middle]} {text[middle:]}"
    return Grid(grid.name, values, grid.max_row, grid.max_col, list(grid.merged), dict(grid.formulas))


_CACHE: dict = {}


def loaded() -> tuple[dict[str, list[Grid]], dict]:
    """The corpus as grids and the sample's digest (built once; kept out of Hypothesis' report)."""
    if not _CACHE:
        directory = Path(tempfile.mkdtemp(prefix="real-layouts-"))
        _CACHE["grids"] = {name: load_grids(Path(path)) for name, path in corpus(directory).items()}
        _CACHE["expected"] = sample_digest()
    return _CACHE["grids"], _CACHE["expected"]


@st.composite
def shuffles(draw):
    name = draw(st.sampled_from(sorted(VARIANTS)))
    n = 15  # sheets per workbook (9 tables + 6 supplementary)
    order = draw(st.permutations(range(n)))
    edits = draw(st.lists(st.tuples(st.integers(0, n - 1), st.sampled_from(["row", "col", "space"]),
                                    st.integers(1, 40)), max_size=12))
    rename = draw(st.booleans())
    return name, order, edits, rename


@settings(max_examples=40, deadline=None)
@given(case=shuffles())
def test_shuffled_workbook_gives_the_same_model(case):
    grids, expected = loaded()
    name, order, edits, rename = case
    sheets = list(grids[name])
    inserted: dict[int, int] = {}
    for index, kind, at in edits:
        index %= len(sheets)
        grid = sheets[index]
        if kind == "space":
            texts = sorted(k for k, v in grid.values.items() if isinstance(v, str)
                           and grid.name.startswith(TABLE_SHEET) and len(v) > 1)
            if texts:
                sheets[index] = spaced(grid, [texts[at % len(texts)]])
            continue
        if inserted.get(index, 0) >= 3:   # a few extra rows/columns per sheet, not pages of them
            continue
        inserted[index] = inserted.get(index, 0) + 1
        limit = grid.max_col if kind == "col" else grid.max_row
        sheets[index] = insert(grid, 1 + at % (limit + 1), kind == "col")
    if rename:
        sheets = [Grid(f"表{i}", g.values, g.max_row, g.max_col, g.merged, g.formulas)
                  if g.name.startswith(TABLE_SHEET) else g for i, g in enumerate(sheets)]
    sheets = [sheets[i] for i in order if i < len(sheets)]
    result = read_grids(sheets)
    assert [f for f in result.findings if f.severity.value == "错误"] == []
    assert digest(result.disclosure) == expected
