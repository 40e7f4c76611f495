"""An annotated copy of a workbook: every finding marked at its cells, and a 审核结果 sheet.

Every finding's cells are filled and given a comment with the message, and a 审核结果 sheet
lists all findings. The probable cause of several errors is filled in a strong colour, each
finding's own (first) cell in its severity's colour, the other cells involved in a lighter one.
Marks of an earlier annotation (our comments, recognised by their 【错误】… opening even after
LibreOffice or Excel re-saved the copy and dropped the author, the fills that came with them,
our 审核结果 sheet) are cleared first, so a re-annotated copy shows only the new ones.

The kind of file is told by content, not by name. An .xlsx/.xlsm is marked through openpyxl and
then the cached formula values, which openpyxl does not keep, are written back from the original
file's sheet XML (``_with_cached_values``), so the copy reads and audits like the original. An
.xls (openpyxl cannot write it) is annotated into an .xlsx copy of its values and merged ranges.
The input file is never modified: the copy is written to a temporary file beside the target and
moved into place.
"""
from __future__ import annotations

import io
import re
import zipfile
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

import openpyxl
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill

from ..findings import Finding, Severity
from ..destination import replace_atomically
from ..errors import GeneratorError
from .grid import UnreadableWorkbook, check_limits, load_grids, sniff
from .sheet_xml import formula_cells, sheet_members

FILLS = {
    Severity.ERROR: "FFC7CE",    # light red
    Severity.WARNING: "FFEB9C",  # light yellow
    Severity.INFO: "DDEBF7",     # light blue
}
RELATED_FILLS = {                # the other cells of a finding: lighter
    Severity.ERROR: "FDEBEE",
    Severity.WARNING: "FFF7DA",
    Severity.INFO: "F0F6FB",
}
CULPRIT_FILL = "FF6B6B"          # the probable cause: strong red
CULPRIT = "probable-cause"
CULPRIT_MARK = "最可能填错的单元格"
RELATED_MARK = "相关单元格"
_OURS = {c for c in (*FILLS.values(), *RELATED_FILLS.values(), CULPRIT_FILL)}
# Our comments open with 【错误】, 【警告·相关单元格】, 【最可能填错的单元格】 …; Excel may put an
# "author:" line before the text of a note it re-saves.
_OUR_COMMENT = re.compile(
    r"^(?:[^\n【]*[:：]\s*\n)?【(?:%s|%s)(?:·%s)?】" % (
        "|".join(s.value for s in Severity), CULPRIT_MARK, RELATED_MARK))
SUMMARY_SHEET = "审核结果"
AUTHOR = "juesuan 审核"


class CannotAnnotate(GeneratorError):
    """The workbook cannot be annotated; the message (Chinese) says why and what to do."""


@dataclass(frozen=True)
class Annotated:
    """The copy written: its path (an .xls source gives an .xlsx copy), the cells marked, and
    whether the source was an .xls (the copy then holds its values, not its formatting)."""

    path: Path
    marked: int
    from_xls: bool = False

    @property
    def note(self) -> str:
        """What the user should know about the copy ("" when nothing special)."""
        if not self.from_xls:
            return ""
        return (f"原工作簿是 .xls 格式，标注副本另存为 .xlsx（{self.path.name}），"
                "其中只有各单元格的数值和文字，没有原来的格式和公式。")


def annotated_path(source: Path | str, target: Path | str) -> Path:
    """Where the copy of ``source`` goes when ``target`` is asked for: an .xls source (by
    content) is annotated into an .xlsx, so a target not ending in .xlsx gets that suffix."""
    target = Path(target)
    try:
        kind = sniff(Path(source))
    except (UnreadableWorkbook, OSError):
        return target
    if kind == "xls" and target.suffix.lower() != ".xlsx":
        return target.with_suffix(".xlsx")
    return target


def annotate_workbook(source: Path | str, target: Path | str, findings: Iterable[Finding]) -> Annotated:
    """Write a copy of ``source`` with each finding's cells highlighted and commented, at
    ``annotated_path(source, target)``. Findings whose sheet or cell is not in the workbook are
    only listed on the 审核结果 sheet."""
    source = Path(source)
    target = annotated_path(source, target)
    if source.resolve() == target.resolve():
        raise CannotAnnotate("标注结果不能覆盖原工作簿，请另外指定输出文件。")
    kind, wb = _open(source)
    findings = list(findings)
    _clear_marks(wb)
    marked = _mark_cells(wb, findings)
    _summary(wb, findings)
    if kind == "xls":
        replace_atomically(target, lambda tmp: wb.save(tmp))
    else:
        replace_atomically(target, lambda tmp: Path(tmp).write_bytes(_with_cached_values(source, wb)))
    return Annotated(target, marked, kind == "xls")


def _open(source: Path):
    """``(kind, openpyxl workbook)`` of ``source``: an .xlsx/.xlsm as it is, an .xls as a new
    workbook of its values and merged ranges. Raises ``CannotAnnotate`` (Chinese only)."""
    try:
        kind = sniff(source)
        check_limits(source, kind)
        if kind == "xls":
            return kind, _from_grids(load_grids(source))
        with open(source, "rb") as stream:  # a stream: openpyxl judges a name by its suffix
            return kind, openpyxl.load_workbook(stream)
    except UnreadableWorkbook as exc:
        raise CannotAnnotate(f"无法标注“{source.name}”：{exc}。") from exc
    except OSError as exc:
        raise CannotAnnotate(f"无法打开“{source.name}”（{exc.strerror or '读取失败'}），未生成标注副本。") from exc
    except Exception as exc:  # noqa: BLE001 — any parser failure: the file cannot be annotated
        raise CannotAnnotate(f"无法标注“{source.name}”：文件已损坏或格式无法识别。",
                             hint="请用 Excel 或 WPS 打开后另存为 .xlsx，再重新标注。") from exc


def _from_grids(grids) -> openpyxl.Workbook:
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for grid in grids:
        ws = wb.create_sheet(grid.name)
        for (r, c), value in grid.values.items():
            ws.cell(row=r, column=c, value=value)
        for r1, c1, r2, c2 in grid.merged:
            if (r1, c1) != (r2, c2):
                ws.merge_cells(start_row=r1, start_column=c1, end_row=r2, end_column=c2)
    return wb


def _mark_cells(wb, findings: list[Finding]) -> int:
    """Fill and comment every cell a finding names; the number of cells marked."""
    by_cell: dict[tuple[str, str], list[Finding]] = defaultdict(list)
    for finding in findings:
        for ref in finding.refs:
            by_cell[(ref.sheet, ref.cell)].append(finding)
    marked = 0
    for (sheet, cell), items in by_cell.items():
        if sheet not in wb.sheetnames:
            continue
        try:
            target_cell = wb[sheet][cell]
        except (ValueError, KeyError):
            continue
        colour = min((_mark(f, sheet, cell) for f in items))[1]
        text = "\n".join(_comment_line(f, sheet, cell) for f in items)
        comment = Comment(text, AUTHOR)
        comment.width = 360
        comment.height = min(80 + 60 * len(items), 600)
        try:
            target_cell.comment = comment  # first: a cell that takes no comment gets no fill
            target_cell.fill = PatternFill("solid", start_color=colour, end_color=colour)
        except AttributeError:  # a covered cell of a merged range takes no marks
            continue
        marked += 1
    return marked


_F_VALUE = re.compile(r"<c\b([^>]*)>(<f\b(?:[^>]*/>|.*?</f>))(?:<v\s*/>|<v></v>)?</c>", re.S)
_T_ATTR = re.compile(r'\st="\w+"')
_R_ATTR = re.compile(r'\br="([A-Z]+\d+)"')


def _with_cached_values(source: Path, wb) -> bytes:
    """``wb`` saved as .xlsx bytes, each formula cell given back the value cached for it in
    ``source`` (openpyxl writes formulas without values: Excel would recompute them on opening,
    but a reader of the file, this tool included, would see none)."""
    with zipfile.ZipFile(source) as zf:
        cached = {title: {coord: (value, kind) for coord, _, value, kind in
                          formula_cells(zf.read(member).decode("utf-8", errors="replace")) if value}
                  for title, member in sheet_members(zf).items()}
    buffer = io.BytesIO()
    wb.save(buffer)
    out = io.BytesIO()
    with zipfile.ZipFile(buffer) as saved, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as copy:
        members = {member: cached.get(title) for title, member in sheet_members(saved).items()}
        for info in saved.infolist():
            data = saved.read(info.filename)
            values = members.get(info.filename)
            if values:
                data = _put_values(data.decode("utf-8"), values).encode("utf-8")
            copy.writestr(info, data)
    return out.getvalue()


def _put_values(xml: str, values: dict[str, tuple[str, str]]) -> str:
    def put(m: re.Match) -> str:
        attrs, formula = m.group(1), m.group(2)
        ref = _R_ATTR.search(attrs)
        if ref is None or ref.group(1) not in values:
            return m.group(0)
        value, kind = values[ref.group(1)]
        attrs = _T_ATTR.sub("", attrs) + (f' t="{kind}"' if kind and kind != "n" else "")
        return f"<c{attrs}>{formula}<v>{value}</v></c>"
    return _F_VALUE.sub(put, xml)


def _is_main(f: Finding, sheet: str, cell: str) -> bool:
    """The finding's own cell: its first location, unless it follows from a probable cause."""
    return bool(f.refs) and not f.causes and (f.refs[0].sheet, f.refs[0].cell) == (sheet, cell)


def _mark(f: Finding, sheet: str, cell: str) -> tuple[int, str]:
    """(rank, fill colour) of a finding at a cell; the lowest rank of a cell's findings wins."""
    if f.code == CULPRIT:
        return (0, CULPRIT_FILL)
    if _is_main(f, sheet, cell):
        return (1 + 2 * f.severity.rank, FILLS[f.severity])
    return (2 + 2 * f.severity.rank, RELATED_FILLS[f.severity])


def _clear_marks(wb) -> int:
    """Remove the comments an earlier annotation added (author ``AUTHOR``) and, on those cells,
    the fills it set (one of our colours); the user's own comments and fills stay."""
    cleared = 0
    for ws in wb.worksheets:
        if ws.title == SUMMARY_SHEET:
            continue
        for row in ws.iter_rows():
            for c in row:
                if c.comment is None or not (c.comment.author == AUTHOR
                                             or _OUR_COMMENT.match(c.comment.text or "")):
                    continue
                c.comment = None
                rgb = str(getattr(c.fill.start_color, "rgb", "") or "")
                if c.fill.fill_type == "solid" and rgb[-6:].upper() in _OURS:
                    c.fill = PatternFill(fill_type=None)
                cleared += 1
    return cleared


def _comment_line(f: Finding, sheet: str, cell: str) -> str:
    if f.code == CULPRIT:
        return f"【{CULPRIT_MARK}】{f.message}\n处理建议：{f.hint}"
    main = _is_main(f, sheet, cell)
    prefix = f"【{f.severity.value}】" if main else f"【{f.severity.value}·{RELATED_MARK}】"
    cause = f"\n{f.cause_text}" if f.causes else ""
    return f"{prefix}{f.message}{cause}" + (f"\n处理建议：{f.hint}" if main and f.hint else "")


def _summary(wb, findings: list[Finding]) -> None:
    """A 审核结果 sheet: one row per finding (severity, code, cells, message, hint)."""
    if SUMMARY_SHEET in wb.sheetnames:
        del wb[SUMMARY_SHEET]
    ws = wb.create_sheet(SUMMARY_SHEET)
    ws.append(["严重程度", "代码", "单元格", "说明", "处理建议"])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for f in sorted(findings, key=lambda f: f.severity.rank):
        message = f"{f.message}\n{f.cause_text}" if f.causes else f.message
        ws.append([f.severity.value, f.code, f.location or "工作簿", message, f.hint])
        fill = CULPRIT_FILL if f.code == CULPRIT else FILLS[f.severity]
        ws.cell(row=ws.max_row, column=1).fill = PatternFill("solid", start_color=fill, end_color=fill)
    for column, width in zip("ABCDE", (10, 22, 30, 80, 50)):
        ws.column_dimensions[column].width = width
    for row in ws.iter_rows(min_row=2):
        for cell in row[3:]:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
