"""Workbook → model: load the grids, find the nine tables, read each with its table reader.

Then the supplementary sheets; nothing is read from a fixed coordinate.

The reader never guesses and never raises on bad content: a money cell that is not a number, a
formula without a cached value, a missing or ambiguous table, column or total becomes a
``Finding`` naming ``sheet!cell``, and reading goes on so that one run reports every problem.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .. import findings as F
from ..errors import GeneratorError
from .. import schema
from ..findings import Finding
from ..model import Disclosure, Ref, frozen_map
from . import read_supplement as S
from .cells import ReadContext
from .grid import Grid, UnreadableWorkbook, WorkbookTooLarge, load_grids
from .locate import TableLayout, locate_tables
from .read_basic import read_basic
from .read_coded import read_coded
from .read_labelled import read_labelled
from .read_three import read_three

READERS = {"labelled": read_labelled, "coded": read_coded, "basic": read_basic,
           "three": read_three}


class WorkbookUnusable(GeneratorError):
    """The file cannot be read at all (missing, not Excel): exit code 2 with this finding."""

    def __init__(self, finding: Finding):
        super().__init__(finding.message)
        self.finding = finding


@dataclass
class ReadResult:
    """A workbook read: the model, the findings met while reading, where each table was found."""

    disclosure: Disclosure
    findings: list[Finding] = field(default_factory=list)
    layouts: list[TableLayout] = field(default_factory=list)
    unreadable: frozenset[Ref] = frozenset()  # money cells whose amount is unknown (reported once)
    computed: frozenset[Ref] = frozenset()    # money cells holding a formula (never typed)


def read_workbook(path: Path | str) -> ReadResult:
    """Read a workbook file into a ``Disclosure`` and the findings met while reading.

    Raises ``WorkbookUnusable`` only when the file is missing or is not a workbook.
    """
    path = Path(path)
    if path.is_dir():
        raise WorkbookUnusable(F.make("file-is-folder", path=path))
    if not path.is_file():
        raise WorkbookUnusable(F.make("file-missing", path=path))
    try:
        grids = load_grids(path)
    except WorkbookTooLarge as exc:
        raise WorkbookUnusable(F.make("file-too-large", path=path, detail=str(exc))) from exc
    except UnreadableWorkbook as exc:
        raise WorkbookUnusable(F.make("file-unreadable", path=path, detail=str(exc))) from exc
    return read_grids(grids, source=str(path))


def _carried(grids: list[Grid]) -> tuple[tuple[str, str, str], ...]:
    """The (sheet, label, text) rows ``init --from`` recorded in its hidden sheet (none without it)."""
    for grid in grids:
        if grid.name == schema.CARRIED_SHEET:
            rows = ((grid.raw(r, 1), grid.raw(r, 2), grid.raw(r, 3)) for r in range(2, grid.max_row + 1))
            return tuple((str(a), str(b), str(c)) for a, b, c in rows if a and b and c)
    return ()


def read_grids(grids: list[Grid], source: str = "") -> ReadResult:
    """The model from already loaded grids (shared by .xlsx and .xls)."""
    ctx = ReadContext(grids)
    tables: dict[str, object] = {}
    located = locate_tables(ctx)
    for spec in schema.TABLES:
        if spec.key not in located:
            tables[spec.key] = None
            continue
        grid, row, col = located[spec.key]
        layout = TableLayout(spec.key, spec.title, grid.name,
                             Grid.coordinate(row, col) if row else "（工作表名称）",
                             str(grid.raw(row, col)).strip() if row else grid.name)
        ctx.layouts.append(layout)
        tables[spec.key] = READERS[spec.kind](ctx, spec, grid, row, layout)
    prior, _ = S.read_numeric_sheet(ctx, schema.PRIOR, "上年决算数")
    supplement, supplement_text = S.read_numeric_sheet(ctx, schema.SUPPLEMENT, "数值")
    disclosure = Disclosure(
        source=source,
        unit=frozen_map(S.read_unit(ctx)),
        t01=tables["01"], t02=tables["02"], t03=tables["03"], t04=tables["04"],
        t05=tables["05"], t06=tables["06"], t07=tables["07"], t08=tables["08"],
        t09=tables["09"],
        prior=frozen_map(prior),
        budgets=tuple(S.read_budgets(ctx)),
        fund_budgets=tuple(S.read_budgets(ctx, schema.FUND_BUDGET)),
        supplement=frozen_map(supplement),
        supplement_text=frozen_map(supplement_text),
        explanations=frozen_map(S.read_explanations(ctx)),
        appendix=tuple(S.read_appendix(ctx)),
        glossary=tuple(S.read_glossary(ctx)),
        members=tuple(S.read_members(ctx)),
        carried=_carried(grids),
    )
    ctx.finish()
    return ReadResult(disclosure, ctx.findings, ctx.layouts, frozenset(ctx.unreadable),
                      frozenset(ctx.computed))
