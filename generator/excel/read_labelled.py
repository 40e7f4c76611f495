"""Reading the labelled tables (公开01、04表): 收入 and 支出 blocks of 项目 lines matched by label."""
from __future__ import annotations

from .. import schema
from ..model import Amount, LabelledTable, Ref, frozen_map
from .cells import ReadContext, is_note, text
from .grid import Grid
from .locate import (HEADER_SCAN, TableLayout, find_cells, header_paths, header_rows,
                     is_number_row, match_columns, nearest_headers, scale_of)

INCOME_AMOUNT = (schema.H(schema.INCOME_AMOUNT_HEADERS[0], aliases=schema.INCOME_AMOUNT_HEADERS[1:]),)
YEAR_END = schema.YEAR_END_LINE


def _label_rows(grid: Grid, col: int, first: int) -> list[tuple[int, str]]:
    out = []
    for row in range(first, grid.max_row + 1):
        label = text(grid.raw(row, col))
        folded = schema.fold(label)
        if not label or is_note(folded) or folded in schema.NUMBER_ROW_LABELS:
            continue
        if is_number_row(grid, row):
            continue
        out.append((row, label))
    return out


def _align(ctx: ReadContext, lines: tuple[schema.Line, ...], rows: list[tuple[int, str]], grid: Grid,
           where: str, block: Ref, optional: set[str] = frozenset()) -> dict[str, int]:
    """Match spec lines to sheet rows in order (a label such as 一般公共预算财政拨款 can occur
    twice in table 04; order tells them apart). A line not found is reported (unless the layout
    may leave it out) and absent from the model."""
    out: dict[str, int] = {}
    _duplicates(ctx, lines, rows, grid, where)
    pos = 0
    for line in lines:
        names = {schema.fold_label(n) for n in line.names}
        for i in range(pos, len(rows)):
            if schema.fold_label(rows[i][1]) in names:
                out[line.key] = rows[i][0]
                pos = i + 1
                break
        else:
            if line.key not in optional:
                ctx.add("line-missing", block, table=where, line=line.label)
    return out


def _duplicates(ctx: ReadContext, lines: tuple[schema.Line, ...], rows: list[tuple[int, str]],
                grid: Grid, where: str) -> None:
    """A line whose label belongs to no other line (本年收入合计, 总计 …) written twice is an
    error naming both rows: which one holds the figure cannot be told."""
    names = [{schema.fold_label(n) for n in line.names} for line in lines]
    for i, line in enumerate(lines):
        if any(names[i] & other for j, other in enumerate(names) if j != i):
            continue  # e.g. 一般公共预算财政拨款 (a kind and a 年初 breakdown line) on 04
        found = [row for row, label in rows if schema.fold_label(label) in names[i]]
        if len(found) > 1:
            col = next(c for c in range(1, grid.max_col + 1)
                       if schema.fold_label(grid.raw(found[0], c)) in names[i])
            refs = [ctx.ref(grid, found[1], col), ctx.ref(grid, found[0], col)]
            ctx.add("total-duplicate", refs, table=where, column=line.label,
                    refs=f"{refs[1]}、{refs[0]}")


def read_labelled(ctx: ReadContext, spec: schema.TableSpec, grid: Grid, title_row: int,
                  layout: TableLayout) -> LabelledTable | None:
    """A 项目/金额 table (01, 04) under its title row: its amounts by row label."""
    where = spec.display_name
    item_cells = find_cells(grid, title_row + 1, schema.ITEM_HEADERS)
    if not item_cells:
        paths = header_paths(grid, title_row + 1, min(grid.max_row, title_row + HEADER_SCAN), spec)
        ctx.add("column-missing", ctx.ref(grid, max(title_row, 1), 1), table=where, column="项目",
                found=nearest_headers(paths, "项目", range(1, grid.max_col + 1)))
        return None
    header_row = item_cells[0][0]
    block_cols = sorted(c for r, c in item_cells if r == header_row)
    scale, layout.scale = scale_of(grid, title_row)
    skip = {schema.fold(x) for x in (*schema.ITEM_HEADERS, *schema.NUMBER_ROW_LABELS)} | {""}
    first_data = header_row + 1
    while first_data <= grid.max_row and (
            all(schema.fold(grid.value(first_data, c)) in skip for c in block_cols)
            or is_number_row(grid, first_data)):
        first_data += 1
    band = (title_row + 1, first_data - 1)
    layout.header_rows = header_rows(grid, *band, spec)
    layout.number_rows = [r for r in range(header_row + 1, first_data) if is_number_row(grid, r)]
    if len(block_cols) < 2:
        ctx.add("column-missing", ctx.ref(grid, header_row, block_cols[0]), table=where,
                column="支出 项目", found="")
        return None
    paths = header_paths(grid, *band, spec)
    income_range = range(block_cols[0] + 1, block_cols[1])
    expense_range = range(block_cols[1] + 1, (block_cols[2] if len(block_cols) > 2 else grid.max_col + 1))
    income_cols = match_columns(ctx, grid, spec, where, [((), h) for h in INCOME_AMOUNT], paths,
                                band, income_range)
    expense_cols = match_columns(ctx, grid, spec, where, [((), h) for h in spec.amount_columns],
                                 paths, band, expense_range)
    for side, col, headers, found in (("收入", block_cols[0], INCOME_AMOUNT, income_cols),
                                      ("支出", block_cols[1], spec.amount_columns, expense_cols)):
        layout.column(f"{side}项目", col, paths[col][-1])
        for h in headers:
            if h.key in found:
                layout.column(f"{side}{h.key}", found[h.key], "/".join(paths[found[h.key]]))
            else:
                layout.missing(f"{side}{h.key}")

    def amounts(row: int, cols: dict[str, int]) -> dict[str, Amount]:
        return {k: ctx.amount(grid, row, c, scale) for k, c in cols.items()}

    lines: dict[str, dict[str, Amount]] = {}
    income_rows = _label_rows(grid, block_cols[0], first_data)
    income_block = ctx.ref(grid, header_row, block_cols[0])
    expense_block = ctx.ref(grid, header_row, block_cols[1])
    start_kinds = {f"年初{k}" for k in schema.FISCAL_KINDS} if spec.key == "04" else set()
    for line, row in _align(ctx, spec.income, income_rows, grid, where, income_block,
                            start_kinds).items():
        lines[line] = amounts(row, income_cols)
    _breakdown(ctx, spec.income, start_kinds, lines, income_block, where, layout, "年初财政拨款结转和结余")
    # Expense side: 类 lines until the first fixed line (本年支出合计), then the fixed lines.
    expense_rows = _label_rows(grid, block_cols[1], first_data)
    fixed_names = {schema.fold_label(n) for line in spec.expense for n in line.names}
    split = next((i for i, (_, label) in enumerate(expense_rows)
                  if schema.fold_label(label) in fixed_names), len(expense_rows))
    classes = [(schema.strip_enumerator(label), frozen_map(amounts(row, expense_cols)))
               for row, label in expense_rows[:split]]
    kind_lines = {f"年末{k}": k for k in schema.FISCAL_KINDS} if spec.key == "04" else {}
    aligned = _align(ctx, spec.expense, expense_rows[split:], grid, where, expense_block,
                     set(kind_lines))
    for line, row in aligned.items():
        if line not in kind_lines:
            lines[line] = amounts(row, expense_cols)
    if kind_lines:
        _year_end(ctx, grid, aligned, kind_lines, expense_cols, scale, lines, layout,
                  (header_row, block_cols[1]))
    rows_used = [r for r, _ in income_rows + expense_rows]
    if rows_used:
        layout.data_rows = (min(rows_used), max(rows_used))
    return LabelledTable(spec.key, spec.title, grid.name,
                         frozen_map({k: frozen_map(v) for k, v in lines.items()}), tuple(classes))


def _year_end(ctx: ReadContext, grid: Grid, aligned: dict[str, int], kind_lines: dict[str, str],
              cols: dict[str, int], scale, lines: dict, layout: TableLayout,
              header: tuple[int, int]) -> None:
    """Table 04's 年末财政拨款结转和结余: one row split across 合计 and the three kind columns,
    and/or three kind rows carrying their amount in the 合计 column. Either layout gives both
    views in the model; a kind cell the layout leaves blank is filled from the other view, and
    when neither view has it, it stays unknown (absent)."""
    split = lines.get(YEAR_END)
    split_row = aligned.get(YEAR_END)
    kind_rows = {key: aligned[key] for key in kind_lines if key in aligned}
    if split is not None and split_row is not None:
        for kind in schema.FISCAL_KINDS:
            if kind in cols and ctx.blank(grid, split_row, cols[kind]):
                split.pop(kind)  # blank by design: unknown unless the kind row says it
    for key, kind in kind_lines.items():
        row = kind_rows.get(key)
        if row is not None:
            col = cols.get("合计")
            if col is None or ctx.blank(grid, row, col):
                col = cols.get(kind, col)
            if col is not None:
                lines[key] = {"合计": ctx.amount(grid, row, col, scale)}
                if split is not None and kind not in split:
                    split[kind] = lines[key]["合计"]
        elif split is not None and kind in split:
            lines[key] = {"合计": split[kind]}
    if not any(key in lines for key in kind_lines):
        layout.notes.append("年末财政拨款结转和结余：只列合计，各类未列示（视为未知，不按 0 核对）")
        return
    where = ctx.ref(grid, split_row or header[0], header[1])
    for key, kind in kind_lines.items():
        if key not in lines:  # printed in part: the kind left out is named
            ctx.add("line-missing", where, table=schema.T04.display_name, line=kind)
    layout.notes.append("年末财政拨款结转和结余：" + (
        "分三行列示" if len(kind_rows) == len(kind_lines) else "一行分栏列示"))


def _breakdown(ctx: ReadContext, spec_lines: tuple[schema.Line, ...], keys: set[str], lines: dict,
               block: Ref, where: str, layout: TableLayout, whole: str) -> None:
    """A breakdown the layout may leave out (04's 年初 kind rows): absent altogether it is
    unknown by design and only noted; printed in part, each line left out is reported."""
    if not keys:
        return
    if not keys & set(lines):
        layout.notes.append(f"{whole}：未分类列示（各类视为未知，不按 0 核对）")
        return
    for line in spec_lines:
        if line.key in keys and line.key not in lines:
            ctx.add("line-missing", block, table=where, line=line.label)
