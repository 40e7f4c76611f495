"""Workbook → model. Tables are found by title, columns by header labels, rows by labels and
科目编码 (spec/workbook.md); nothing is read from a fixed coordinate.

The reader never guesses and never raises on bad content: a money cell that is not a number, a
formula without a cached value, a missing table or column becomes a ``Finding`` naming
``sheet!cell``, and reading goes on so that one run reports every problem.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from .. import findings as F
from ..findings import Finding
from ..model import (
    Amount, AppendixItem, BasicTable, BudgetLine, CodedTable, Disclosure, EconomicItem,
    LabelledTable, Ref, SubjectRow, Text, ThreeCostsTable, frozen_map,
)
from ..money import TEN_THOUSAND, ZERO, NotANumber, parse_amount
from .. import schema as L
from .grid import Grid, UnreadableWorkbook, WorkbookTooLarge, load_grids

MAX_AMOUNT = Decimal(10) ** 12  # 万元 (10¹⁶ 元): larger amounts are refused as out of range
TITLE_ROWS = 6        # a table's title is looked for in the first rows of a sheet
HEADER_SCAN = 12      # header labels are looked for this many rows below the title
_CODE = re.compile(r"^\d{3}(\d{2}){0,2}$")
_TABLE_NO = re.compile(r"^公开\d{1,2}表$")


class WorkbookUnusable(Exception):
    """The file cannot be read at all (missing, not Excel): exit code 2 with this finding."""

    def __init__(self, finding: Finding):
        super().__init__(finding.message)
        self.finding = finding


@dataclass
class ReadResult:
    disclosure: Disclosure
    findings: list[Finding] = field(default_factory=list)


def read_workbook(path: Path | str) -> ReadResult:
    """Read a workbook file into a ``Disclosure`` and the findings met while reading.

    Raises ``WorkbookUnusable`` only when the file is missing or is not a workbook.
    """
    path = Path(path)
    if not path.is_file():
        raise WorkbookUnusable(F.make("file-missing", path=path))
    try:
        grids = load_grids(path)
    except WorkbookTooLarge as exc:
        raise WorkbookUnusable(F.make("file-too-large", path=path, detail=str(exc))) from exc
    except UnreadableWorkbook as exc:
        raise WorkbookUnusable(F.make("file-unreadable", path=path, detail=str(exc))) from exc
    return read_grids(grids, source=str(path))


def read_grids(grids: list[Grid], source: str = "") -> ReadResult:
    """The model from already loaded grids (shared by .xlsx and .xls)."""
    reader = _Reader(grids)
    disclosure = reader.read(source)
    return ReadResult(disclosure, reader.findings)


# ---------------------------------------------------------------------------------------------


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _numeric(value: object) -> bool:
    """A cell holding a number or a text number (a data cell rather than a header label)."""
    if value is None or isinstance(value, bool):
        return False
    if isinstance(value, (int, float, Decimal)):
        return True
    try:
        parse_amount(value)
    except NotANumber:
        return False
    return bool(re.search(r"\d", str(value)))


def _is_title_cell(folded: str, titles: tuple[str, ...]) -> bool:
    """A title cell: the title itself, optionally after a year (2021年度) or before 公开0N表."""
    for title in titles:
        t = L.fold(title)
        if folded == t:
            return True
        m = re.match(r"^(?:\d{4}年度?)?(.*?)(?:\(?公开\d{1,2}表\)?)?$", folded)
        if m and m.group(1) == t:
            return True
    return False


class _Reader:
    def __init__(self, grids: list[Grid]):
        self.grids = grids
        self.findings: list[Finding] = []

    # -- plumbing --------------------------------------------------------------------------------

    def ref(self, grid: Grid, row: int, col: int) -> Ref:
        return Ref(grid.name, Grid.coordinate(row, col))

    def amount(self, grid: Grid, row: int, col: int, scale: Decimal) -> Amount:
        """A money cell as 万元, with findings for text and for formulas without a value."""
        ref = self.ref(grid, row, col)
        if (row, col) in grid.formulas:
            self.findings.append(F.make("formula-no-value", ref, formula=grid.formulas[(row, col)]))
            return Amount(ZERO, ref)
        raw = grid.raw(row, col)
        try:
            value = parse_amount(raw)
        except NotANumber:
            self.findings.append(F.make("not-a-number", ref, value=_text(raw)))
            return Amount(ZERO, ref)
        if abs(value) >= MAX_AMOUNT * scale:
            # Beyond this, sums and rounding exceed Decimal's 28 significant digits.
            self.findings.append(F.make("amount-out-of-range", ref, value=_text(raw)[:40]))
            return Amount(ZERO, ref)
        return Amount(value / scale if scale != 1 else value, ref)

    def scale_of(self, grid: Grid, top: int) -> Decimal:
        """The unit line near the title (单位：万元 / 单位：元) sets the scale; 万元 by default."""
        for row in range(max(1, top - 2), min(grid.max_row, top + TITLE_ROWS) + 1):
            for col in range(1, grid.max_col + 1):
                m = L.UNIT_LINE.search(_text(grid.raw(row, col)).replace(" ", ""))
                if m:
                    return TEN_THOUSAND if m.group(1) == "元" else Decimal(1)
        return Decimal(1)

    # -- locating tables -------------------------------------------------------------------------

    def locate(self) -> dict[str, tuple[Grid, int]]:
        """Table key → (grid, title row), with findings for duplicates and missing tables."""
        found: dict[str, tuple[Grid, int]] = {}
        claimed: set[str] = set()
        # Longer titles first, so 一般公共预算财政拨款支出决算表 is not taken for 支出决算表.
        specs = sorted(L.TABLES, key=lambda t: -max(len(x) for x in t.titles))
        for grid in self.grids:
            hit = self._title_in(grid, specs)
            if hit is None:
                continue
            spec, row = hit
            if spec.key in found:
                self.findings.append(F.make(
                    "table-duplicate", [self.ref(grid, row, 1), self.ref(found[spec.key][0], found[spec.key][1], 1)],
                    table=spec.number, title=spec.title, first=found[spec.key][0].name, second=grid.name))
                continue
            found[spec.key] = (grid, row)
            claimed.add(grid.name)
        for spec in L.TABLES:
            if spec.key not in found:
                self.findings.append(F.make("table-missing", table=spec.number, title=spec.title))
        return found

    def _title_in(self, grid: Grid, specs) -> tuple[L.TableSpec, int] | None:
        for row in range(1, min(grid.max_row, TITLE_ROWS) + 1):
            for col in range(1, grid.max_col + 1):
                folded = L.fold(grid.raw(row, col))
                if not folded:
                    continue
                for spec in specs:
                    if _is_title_cell(folded, spec.titles):
                        return spec, row
        sheet = L.fold(grid.name)
        for spec in specs:
            if _is_title_cell(sheet, spec.titles):
                return spec, 1
        return None

    # -- header analysis -------------------------------------------------------------------------

    def header_paths(self, grid: Grid, top: int, bottom: int, spec: L.TableSpec) -> dict[int, list[str]]:
        """Folded header texts per column between rows ``top`` and ``bottom`` (inclusive)."""
        skip = {L.fold(t) for t in spec.titles}
        paths: dict[int, list[str]] = {}
        lanci_rows = {row for row in range(top, bottom + 1)
                      if any(L.fold(grid.raw(row, c)) == "栏次" for c in range(1, grid.max_col + 1))}
        for col in range(1, grid.max_col + 1):
            path: list[str] = []
            for row in range(top, bottom + 1):
                if row in lanci_rows:
                    continue
                text = L.fold(grid.value(row, col))
                if (not text or text in skip or _TABLE_NO.match(text) or L.UNIT_LINE.search(text)
                        or text.startswith(("编制单位", "部门:", "单位名称", "填报单位"))):
                    continue
                if not path or path[-1] != text:
                    path.append(text)
            paths[col] = path
        return paths

    def match_columns(self, grid: Grid, spec: L.TableSpec, paths: dict[int, list[str]],
                      first_col: int, title_row: int, *, report: bool = True) -> dict[str, int]:
        """Spec column key → sheet column, by header path (leaf label, then its ancestors)."""
        taken: set[int] = set()
        out: dict[str, int] = {}
        for ancestors, leaf in spec.columns:
            leaf_names = {L.fold(n) for n in leaf.names}
            for col in sorted(paths):
                if col < first_col or col in taken:
                    continue
                path = paths[col]
                if not path or path[-1] not in leaf_names:
                    continue
                if all(any(L.fold(n) in path for n in a.names) for a in ancestors):
                    out[leaf.key] = col
                    taken.add(col)
                    break
            else:
                if report:
                    self.findings.append(F.make(
                        "column-missing", self.ref(grid, title_row, 1),
                        table=f"{spec.number}“{spec.title}”", column="/".join(
                            [a.label for a in ancestors] + [leaf.label])))
        return out

    # -- coded tables (02, 03, 05, 08, 09) -------------------------------------------------------

    def find_cells(self, grid: Grid, top: int, labels: set[str], rows: int = HEADER_SCAN) -> list[tuple[int, int]]:
        out = []
        for row in range(top, min(grid.max_row, top + rows) + 1):
            for col in range(1, grid.max_col + 1):
                if L.fold(grid.raw(row, col)) in labels:
                    out.append((row, col))
        return out

    def code_columns(self, grid: Grid, top: int) -> tuple[list[int], int, int] | None:
        """(code columns, name column, header row) of a 科目 table: one code column or 类/款/项."""
        code_cells = self.find_cells(grid, top, {"科目编码"})
        name_cells = self.find_cells(grid, top, {"科目名称"})
        if not name_cells:
            return None
        name_row, name_col = name_cells[0]
        if code_cells:
            row, col = code_cells[0]
            end = grid.merged_end_col(row, col)
            parts = [(r, c) for r, c in self.find_cells(grid, row + 1, {"类", "款", "项"}, rows=2)
                     if col <= c <= max(end, col + 2)]
            if end > col or parts:
                cols = sorted(c for _, c in parts)[:3]
                bottom = max([row, name_row] + [r for r, _ in parts])
                return (cols or list(range(col, end + 1))), name_col, bottom
            return [col], name_col, max(row, name_row)
        parts = self.find_cells(grid, top, {"类", "款", "项"})
        if parts:
            return sorted(c for _, c in parts)[:3], name_col, name_row
        return None

    def read_code(self, grid: Grid, row: int, cols: list[int], context: list[str]) -> tuple[str | None, bool]:
        """The 科目编码 of a row ('' for none) and whether it is a valid code.

        With 类/款/项 columns a blank leading part inherits the 类/款 of the rows above
        (``context`` carries the last 类 and 款 seen).
        """
        if len(cols) == 1:
            text = _text(grid.raw(row, cols[0])).replace(" ", "")
            if not text:
                return "", True
            return text, bool(_CODE.match(text))
        parts = [_text(grid.raw(row, c)).replace(" ", "") for c in cols]
        if not any(parts):
            return "", True
        lei, kuan, xiang = (parts + ["", "", ""])[:3]
        if lei:
            code = lei + kuan + xiang
        elif kuan:
            code = context[0] + kuan + xiang
        else:
            code = context[1] + xiang
        ok = bool(_CODE.match(code)) and all(p.isdigit() or not p for p in parts)
        if ok:
            if len(code) >= 3:
                context[0] = code[:3]
            if len(code) >= 5:
                context[1] = code[:5]
        return code, ok

    def read_coded(self, spec: L.TableSpec, grid: Grid, title_row: int) -> CodedTable | None:
        found = self.code_columns(grid, title_row)
        if found is None:
            self.findings.append(F.make("column-missing", self.ref(grid, title_row, 1),
                                        table=f"{spec.number}“{spec.title}”", column="科目编码/科目名称"))
            return None
        code_cols, name_col, header_row = found
        scale = self.scale_of(grid, title_row)
        first_data = self._first_data_row(grid, header_row + 1, code_cols, name_col)
        paths = self.header_paths(grid, title_row + 1, first_data - 1, spec)
        columns = self.match_columns(grid, spec, paths, name_col + 1, title_row)
        total: SubjectRow | None = None
        rows: list[SubjectRow] = []
        seen: dict[str, Ref] = {}
        context = ["", ""]
        for row in range(first_data, grid.max_row + 1):
            lead = L.fold(grid.value(row, code_cols[0]))
            name = _text(grid.value(row, name_col))
            if lead.startswith("注") or L.fold(name).startswith("注:"):
                continue
            if lead == "栏次" or L.fold(name) == "栏次":
                continue
            if lead in ("合计", "总计") or (not lead and L.fold(name) in ("合计", "总计")):
                values = {k: self.amount(grid, row, c, scale) for k, c in columns.items()}
                if total is None:
                    total = SubjectRow("", "合计", frozen_map(values), self.ref(grid, row, code_cols[0]))
                continue
            code, ok = self.read_code(grid, row, code_cols, context)
            if not code and not name:
                continue
            if not ok or not code:
                if not code and not any(_text(grid.raw(row, c)) for c in columns.values()):
                    continue  # a free-text line (an empty-table note)
                self.findings.append(F.make("bad-code", self.ref(grid, row, code_cols[0]),
                                            value=code or name))
                continue
            ref = self.ref(grid, row, code_cols[0])
            if code in seen:
                self.findings.append(F.make("code-duplicate", [ref, seen[code]],
                                            table=spec.number, code=code, refs=f"{seen[code]}、{ref}"))
                continue
            seen[code] = ref
            values = {k: self.amount(grid, row, c, scale) for k, c in columns.items()}
            rows.append(SubjectRow(code, L.strip_enumerator(name), frozen_map(values), ref))
        return CodedTable(spec.key, spec.title, grid.name, tuple(columns), total, tuple(rows))

    def _first_data_row(self, grid: Grid, start: int, code_cols: list[int], name_col: int) -> int:
        """First row below the header: a 栏次 row, a 合计 row or a row with a code."""
        for row in range(start, grid.max_row + 1):
            lead = L.fold(grid.raw(row, code_cols[0]))
            name = L.fold(grid.raw(row, name_col))
            if lead in ("栏次", "合计", "总计") or name in ("栏次", "合计", "总计"):
                return row
            if any(_CODE.match(L.fold(grid.raw(row, c))) for c in code_cols) and lead not in ("类",):
                return row
            if lead.startswith("注") or name.startswith("注"):
                return row
        return grid.max_row + 1

    # -- labelled tables (01, 04) ----------------------------------------------------------------

    def read_labelled(self, spec: L.TableSpec, grid: Grid, title_row: int) -> LabelledTable | None:
        item_cells = self.find_cells(grid, title_row + 1, {"项目"})
        if not item_cells:
            self.findings.append(F.make("column-missing", self.ref(grid, title_row, 1),
                                        table=f"{spec.number}“{spec.title}”", column="项目"))
            return None
        header_row = item_cells[0][0]
        block_cols = sorted(c for r, c in item_cells if r == header_row)
        scale = self.scale_of(grid, title_row)
        # Data starts below the last header row: skip rows whose label cells read 项目 / 栏次 / blank.
        first_data = header_row + 1
        while first_data <= grid.max_row and all(
                L.fold(grid.value(first_data, c)) in ("项目", "栏次", "")
                for c in block_cols):
            first_data += 1
        paths = self.header_paths(grid, title_row + 1, first_data - 1, spec)
        blocks = []
        for i, col in enumerate(block_cols):
            end = block_cols[i + 1] - 1 if i + 1 < len(block_cols) else grid.max_col
            block_paths = {c: p for c, p in paths.items() if col < c <= end}
            blocks.append((col, block_paths))
        if len(blocks) < 2:
            self.findings.append(F.make("column-missing", self.ref(grid, header_row, block_cols[0]),
                                        table=f"{spec.number}“{spec.title}”", column="支出 项目"))
            return None
        income_cols = self._amount_cols(blocks[0][1], (L.H("金额", aliases=("决算数", "金额(万元)")),))
        expense_cols = self._amount_cols(blocks[1][1], spec.amount_columns)
        for (col, _), cols, needed in ((blocks[0], income_cols, ("金额",)),
                                       (blocks[1], expense_cols, [h.key for h in spec.amount_columns])):
            for key in needed:
                if key not in cols:
                    self.findings.append(F.make("column-missing", self.ref(grid, header_row, col),
                                                table=f"{spec.number}“{spec.title}”", column=key))
        lines: dict[str, dict[str, Amount]] = {}
        # Income side: labels matched in order against the spec's lines.
        income_rows = self._label_rows(grid, blocks[0][0], first_data)
        for line, row in self._align(spec.income, income_rows, grid, spec).items():
            if "金额" in income_cols:
                lines[line] = {"金额": self.amount(grid, row, income_cols["金额"], scale)}
        # Expense side: 类 lines until the first fixed line (本年支出合计), then the fixed lines.
        expense_rows = self._label_rows(grid, blocks[1][0], first_data)
        fixed_names = {L.fold_label(n) for line in spec.expense for n in line.names}
        split = next((i for i, (_, label) in enumerate(expense_rows)
                      if L.fold_label(label) in fixed_names), len(expense_rows))
        classes = []
        for row, label in expense_rows[:split]:
            amounts = {k: self.amount(grid, row, c, scale) for k, c in expense_cols.items()}
            classes.append((L.strip_enumerator(label), frozen_map(amounts)))
        for line, row in self._align(spec.expense, expense_rows[split:], grid, spec).items():
            lines[line] = {k: self.amount(grid, row, c, scale) for k, c in expense_cols.items()}
        return LabelledTable(spec.key, spec.title, grid.name,
                             frozen_map({k: frozen_map(v) for k, v in lines.items()}), tuple(classes))

    def _amount_cols(self, paths: dict[int, list[str]], headers: tuple[L.Header, ...]) -> dict[str, int]:
        out: dict[str, int] = {}
        for h in headers:
            names = {L.fold(n) for n in h.names}
            for col in sorted(paths):
                if paths[col] and paths[col][-1] in names and col not in out.values():
                    out[h.key] = col
                    break
        return out

    def _label_rows(self, grid: Grid, col: int, first: int) -> list[tuple[int, str]]:
        out = []
        for row in range(first, grid.max_row + 1):
            label = _text(grid.raw(row, col))
            if not label or L.fold(label).startswith("注"):
                continue
            out.append((row, label))
        return out

    def _align(self, lines: tuple[L.Line, ...], rows: list[tuple[int, str]], grid: Grid,
               spec: L.TableSpec) -> dict[str, int]:
        """Match spec lines to sheet rows in order (a label such as 一般公共预算财政拨款 can occur
        twice in table 04; order tells them apart). A line not found is reported and read as 0."""
        out: dict[str, int] = {}
        pos = 0
        for line in lines:
            names = {L.fold_label(n) for n in line.names}
            for i in range(pos, len(rows)):
                if L.fold_label(rows[i][1]) in names:
                    out[line.key] = rows[i][0]
                    pos = i + 1
                    break
            else:
                self.findings.append(F.make("line-missing", Ref(grid.name, "A1"),
                                            table=f"{spec.number}“{spec.title}”", line=line.label))
        return out

    # -- table 06 --------------------------------------------------------------------------------

    def read_basic(self, spec: L.TableSpec, grid: Grid, title_row: int) -> BasicTable | None:
        code_cells = self.find_cells(grid, title_row + 1, {"科目编码"})
        if not code_cells:
            self.findings.append(F.make("column-missing", self.ref(grid, title_row, 1),
                                        table=f"{spec.number}“{spec.title}”", column="科目编码"))
            return None
        header_row = code_cells[0][0]
        scale = self.scale_of(grid, title_row)
        name_cols = sorted(c for r, c in self.find_cells(grid, header_row, {"科目名称"}, rows=0))
        value_cols = sorted(c for r, c in self.find_cells(grid, header_row, {"决算数", "金额"}, rows=0))
        blocks = []
        for _, code_col in sorted(code_cells, key=lambda rc: rc[1]):
            name_col = next((c for c in name_cols if c > code_col), code_col + 1)
            value_col = next((c for c in value_cols if c > name_col), name_col + 1)
            blocks.append((code_col, name_col, value_col))
        items: list[EconomicItem] = []
        personnel = public = None
        for row in range(header_row + 1, grid.max_row + 1):
            for code_col, name_col, value_col in blocks:
                code = L.fold(grid.raw(row, code_col))
                label = L.fold(grid.raw(row, code_col)) or L.fold(grid.raw(row, name_col))
                if label in (L.PERSONNEL_TOTAL, L.PUBLIC_TOTAL):
                    label_col = code_col if L.fold(grid.raw(row, code_col)) else name_col
                    end = grid.merged_end_col(row, label_col)
                    target = next((c for c in value_cols if c > end), None)
                    if target is not None:
                        amount = self.amount(grid, row, target, scale)
                        if label == L.PERSONNEL_TOTAL:
                            personnel = amount
                        else:
                            public = amount
                    continue
                if not code or code == "栏次":
                    continue
                if not re.match(r"^\d{3}(\d{2})?$", code):
                    if code.startswith("注"):
                        continue
                    self.findings.append(F.make("bad-code", self.ref(grid, row, code_col), value=code))
                    continue
                name = L.strip_enumerator(_text(grid.raw(row, name_col)))
                items.append(EconomicItem(code, name, self.amount(grid, row, value_col, scale)))
        return BasicTable(spec.title, grid.name, tuple(items), personnel, public)

    # -- table 07 --------------------------------------------------------------------------------

    def read_three(self, spec: L.TableSpec, grid: Grid, title_row: int) -> ThreeCostsTable | None:
        scale = self.scale_of(grid, title_row)
        # Vertical variant: 项目 | 预算数 | 决算数 with one row per item.
        item_cells = self.find_cells(grid, title_row + 1, {"项目"})
        if item_cells:
            return self._read_three_vertical(spec, grid, title_row, item_cells[0], scale)
        first_data = None
        end = grid.max_row + 1  # a 注 line ends the header and data (a blank data row: all 0)
        for row in range(title_row + 1, grid.max_row + 1):
            cells = [grid.raw(row, c) for c in range(1, grid.max_col + 1)]
            if "栏次" in (L.fold(v) for v in cells):
                continue
            if L.fold(cells[0] if cells else "").startswith("注"):
                end = row
                break
            if any(_numeric(v) for v in cells):
                first_data = row
                break
        if first_data is None:
            first_data = grid.max_row + 1
            while end - 1 > title_row and not any(
                    _text(grid.raw(end - 1, c)) for c in range(1, grid.max_col + 1)):
                end -= 1  # blank data rows are not header rows
            last_header = end - 1
        else:
            last_header = first_data - 1
        while last_header > title_row and "栏次" in [L.fold(grid.raw(last_header, c)) for c in range(1, grid.max_col + 1)]:
            last_header -= 1
        paths = self.header_paths(grid, title_row + 1, last_header, spec)
        budget_spec = L.TableSpec(spec.key, spec.title, spec.aliases, spec.kind, header=(spec.header[0],))
        actual_spec = L.TableSpec(spec.key, spec.title, spec.aliases, spec.kind, header=(spec.header[1],))
        budget_cols = self.match_columns(grid, budget_spec, paths, 1, title_row)
        actual_cols = self.match_columns(grid, actual_spec, paths, 1, title_row)
        if first_data > grid.max_row:
            return ThreeCostsTable(spec.title, grid.name, frozen_map({}), frozen_map({}))
        budget = {k: self.amount(grid, first_data, c, scale) for k, c in budget_cols.items()}
        actual = {k: self.amount(grid, first_data, c, scale) for k, c in actual_cols.items()}
        return ThreeCostsTable(spec.title, grid.name, frozen_map(budget), frozen_map(actual))

    def _read_three_vertical(self, spec, grid, title_row, item_cell, scale) -> ThreeCostsTable:
        header_row, label_col = item_cell
        cols = {}
        for col in range(label_col + 1, grid.max_col + 1):
            text = L.fold(grid.value(header_row, col))
            if text in ("预算数", "预算") and "budget" not in cols:
                cols["budget"] = col
            elif text in ("决算数", "决算") and "actual" not in cols:
                cols["actual"] = col
        budget, actual = {}, {}
        names = {
            "合计": "合计", "因公出国(境)费": "因公出国（境）费", "公务用车购置及运行费": "公务用车购置及运行费",
            "公务用车购置及运行维护费": "公务用车购置及运行费", "公务用车购置费": "公务用车购置费",
            "公务用车运行费": "公务用车运行费", "公务用车运行维护费": "公务用车运行费", "公务接待费": "公务接待费",
        }
        for row in range(header_row + 1, grid.max_row + 1):
            key = names.get(L.fold_label(grid.raw(row, label_col)))
            if not key:
                continue
            if "budget" in cols:
                budget[key] = self.amount(grid, row, cols["budget"], scale)
            if "actual" in cols:
                actual[key] = self.amount(grid, row, cols["actual"], scale)
        return ThreeCostsTable(spec.title, grid.name, frozen_map(budget), frozen_map(actual))

    # -- supplementary sheets --------------------------------------------------------------------

    def find_sheet(self, spec: L.SheetSpec) -> tuple[Grid, int, dict[str, int]] | None:
        """(grid, header row, column label → column) of a supplementary sheet, or None."""
        wanted = [L.fold(c) for c in spec.columns]
        for grid in self.grids:
            named = L.fold(grid.name) == L.fold(spec.title)
            titled = any(L.fold(grid.raw(r, c)) == L.fold(spec.title)
                         for r in range(1, 3) for c in range(1, 3))
            if not (named or titled):
                continue
            for row in range(1, min(grid.max_row, 6) + 1):
                cols: dict[str, int] = {}
                for col in range(1, grid.max_col + 1):
                    text = re.sub(r"\((万元|元)\)$", "", L.fold(grid.raw(row, col)))
                    for label in wanted:
                        if label not in cols and (text == label or (label == "上年决算数" and text in ("上年数", "金额", "数值"))
                                                  or (label == "数值" and text in ("数量", "金额", "值"))):
                            cols[label] = col
                if wanted[0] in cols and wanted[-1] in cols or (len(cols) >= 2 and wanted[0] in cols):
                    return grid, row, cols
            self.findings.append(F.make("header-missing", Ref(grid.name, "A1"), sheet=grid.name,
                                        columns="、".join(spec.columns)))
            return None
        if not spec.optional:
            self.findings.append(F.make("sheet-missing", title=spec.title))
        return None

    def labelled_rows(self, spec: L.SheetSpec) -> list[tuple[str, Ref, int, Grid, dict[str, int]]]:
        """(canonical label, label cell, row, grid, columns) of a 项目-list sheet."""
        found = self.find_sheet(spec)
        if found is None:
            return []
        grid, header_row, cols = found
        key_col = cols[L.fold(spec.columns[0])]
        known = {L.fold_label(label): label for label in spec.labels}
        out = []
        seen: dict[str, Ref] = {}
        for row in range(header_row + 1, grid.max_row + 1):
            raw = _text(grid.raw(row, key_col))
            if not raw:
                continue
            ref = self.ref(grid, row, key_col)
            label = known.get(L.fold_label(raw))
            if spec.labels and label is None:
                self.findings.append(F.make("unknown-label", ref, label=raw, sheet=spec.title))
                continue
            label = label or raw
            if label in seen:
                self.findings.append(F.make("label-duplicate", [ref, seen[label]], sheet=spec.title,
                                            label=label, refs=f"{seen[label]}、{ref}"))
                continue
            seen[label] = ref
            out.append((label, ref, row, grid, cols))
        return out

    def text_cell(self, grid: Grid, row: int, col: int | None) -> Text | None:
        if col is None:
            return None
        value = grid.raw(row, col)
        text = _text(value).replace("\r\n", "\n").replace("\r", "\n")
        return Text(text, self.ref(grid, row, col))

    def read_unit(self) -> dict[str, Text]:
        out = {}
        for label, ref, row, grid, cols in self.labelled_rows(L.UNIT_INFO):
            text = self.text_cell(grid, row, cols.get("内容"))
            if text is not None:
                out[label] = text
        for label in L.UNIT_INFO.required:
            if label not in out or not out[label].value:
                self.findings.append(F.make("required-missing", out[label].ref if label in out else None,
                                            sheet=L.UNIT_INFO.title, label=label))
        year = out.get("年度")
        if year and year.value and not re.match(r"^\d{4}$", year.value.replace("年", "").replace("度", "")):
            self.findings.append(F.make("bad-year", year.ref, value=year.value))
        elif year and year.value:
            out["年度"] = Text(year.value.replace("年度", "").replace("年", ""), year.ref)
        return out

    def read_numeric_sheet(self, spec: L.SheetSpec, value_label: str) -> tuple[dict[str, Amount], dict[str, Text]]:
        numbers: dict[str, Amount] = {}
        texts: dict[str, Text] = {}
        for label, ref, row, grid, cols in self.labelled_rows(spec):
            col = cols.get(L.fold(value_label))
            if col is None:
                continue
            if label in spec.numeric:
                if spec.blank_is_unknown and _text(grid.raw(row, col)) == "" and (row, col) not in grid.formulas:
                    continue  # e.g. a blank 上年数 is unknown, not 0: its "与上年相比" clause is dropped
                numbers[label] = self.amount(grid, row, col, Decimal(1))
            else:
                text = self.text_cell(grid, row, col)
                if text is not None:
                    texts[label] = text
        return numbers, texts

    def read_explanations(self) -> dict[str, Text]:
        """情况说明 by label; a label row with an empty 说明 is kept (as empty text with its cell),
        so that the audit can point at the cell to fill in."""
        out = {}
        for label, ref, row, grid, cols in self.labelled_rows(L.EXPLANATIONS):
            text = self.text_cell(grid, row, cols.get("说明"))
            if text is not None:
                out[label] = text
        return out

    def read_budgets(self) -> list[BudgetLine]:
        found = self.find_sheet(L.BUDGET)
        if found is None:
            return []
        grid, header_row, cols = found
        code_info = self.code_columns(grid, header_row)
        code_cols = code_info[0] if code_info else [cols["科目编码"]]
        name_col = cols.get("科目名称")
        value_col = cols.get("年初预算数")
        note_col = cols.get("说明")
        start = header_row + 1
        if len(code_cols) > 1:
            start = max(start, code_info[2] + 1)
        out = []
        context = ["", ""]
        for row in range(start, grid.max_row + 1):
            code, ok = self.read_code(grid, row, code_cols, context)
            name = _text(grid.raw(row, name_col)) if name_col else ""
            if not code:
                if L.fold(name) in ("合计", "总计") or not name:
                    continue
            ref = self.ref(grid, row, code_cols[0])
            if not ok or len(code) != 7:
                if len(code) in (3, 5) and ok:
                    continue  # 类/款 subtotal lines are allowed and ignored
                self.findings.append(F.make("bad-code", ref, value=code or name))
                continue
            budget = self.amount(grid, row, value_col, Decimal(1)) if value_col else Amount.zero()
            note = self.text_cell(grid, row, note_col)
            out.append(BudgetLine(code, name, budget, note if note and note.value else None, ref))
        return out

    def read_appendix(self) -> list[AppendixItem]:
        found = self.find_sheet(L.APPENDIX)
        if found is None:
            return []
        grid, header_row, cols = found
        out = []
        for row in range(header_row + 1, grid.max_row + 1):
            level = L.fold(grid.raw(row, cols["层级"]))
            text = self.text_cell(grid, row, cols.get("内容"))
            if not text or not text.value:
                continue
            if level not in L.APPENDIX_LEVELS:
                if not level:
                    level = "正文"
                else:
                    self.findings.append(F.make("bad-level", self.ref(grid, row, cols["层级"]), value=level))
                    continue
            out.append(AppendixItem(level, text))
        return out

    def read_glossary(self) -> list[tuple[Text, Text]]:
        found = self.find_sheet(L.GLOSSARY)
        if found is None:
            return []
        grid, header_row, cols = found
        out = []
        for row in range(header_row + 1, grid.max_row + 1):
            term = self.text_cell(grid, row, cols.get("名词"))
            text = self.text_cell(grid, row, cols.get("解释"))
            if term and term.value and text and text.value:
                out.append((term, text))
        return out

    # -- everything ------------------------------------------------------------------------------

    def read(self, source: str) -> Disclosure:
        located = self.locate()
        tables: dict[str, object] = {}
        for spec in L.TABLES:
            if spec.key not in located:
                tables[spec.key] = None
                continue
            grid, row = located[spec.key]
            reader = {"labelled": self.read_labelled, "coded": self.read_coded,
                      "basic": self.read_basic, "three": self.read_three}[spec.kind]
            tables[spec.key] = reader(spec, grid, row)
        prior, _ = self.read_numeric_sheet(L.PRIOR, "上年决算数")
        supplement, supplement_text = self.read_numeric_sheet(L.SUPPLEMENT, "数值")
        return Disclosure(
            source=source,
            unit=frozen_map(self.read_unit()),
            t01=tables["01"], t02=tables["02"], t03=tables["03"], t04=tables["04"],
            t05=tables["05"], t06=tables["06"], t07=tables["07"], t08=tables["08"],
            t09=tables["09"],
            prior=frozen_map(prior),
            budgets=tuple(self.read_budgets()),
            supplement=frozen_map(supplement),
            supplement_text=frozen_map(supplement_text),
            explanations=frozen_map(self.read_explanations()),
            appendix=tuple(self.read_appendix()),
            glossary=tuple(self.read_glossary()),
        )
