"""Raw cell grids: a workbook file (.xlsx or .xls, told apart by content) as plain values.

The only place that opens spreadsheet files. Each sheet becomes a ``Grid`` of raw values with its
merged ranges and the formula cells that carry no cached value, so that the table reader can work
on labels alone and never on openpyxl objects.
"""
from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl.utils import get_column_letter
from ..errors import GeneratorError
from .sheet_xml import scan_sheets

XLSX_MAGIC = b"PK\x03\x04"
XLS_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


class UnreadableWorkbook(GeneratorError):
    """The file is not a workbook this tool can read; the message is Chinese for the user."""


class WorkbookTooLarge(UnreadableWorkbook):
    """The file exceeds a size limit (file, unpacked members, sheet extent): refused unread."""


# Limits checked before a parser sees the file, so a hostile workbook cannot exhaust memory.
# A 决算 workbook is well under 1 MB, with sheets of a few hundred rows and a few dozen columns.
MAX_FILE_BYTES = 50 * 1024 * 1024        # the file on disk
MAX_UNPACKED_BYTES = 200 * 1024 * 1024   # sum of the uncompressed sizes of the .xlsx members
MAX_MEMBERS = 10_000                     # members of the .xlsx package
MAX_RATIO = 200                          # uncompressed / compressed size of one large member
MAX_ROWS = 100_000                       # last row of a sheet (cells and <dimension>)
MAX_COLS = 1_000                         # last column of a sheet (column ALL)
MAX_AREA = 2_000_000                     # last row × last column of a sheet


@dataclass
class Grid:
    """One sheet: values by (row, column), 1-based, with merged ranges resolved on lookup."""

    name: str
    values: dict[tuple[int, int], object]
    max_row: int
    max_col: int
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)  # r1, c1, r2, c2
    formulas: dict[tuple[int, int], str] = field(default_factory=dict)  # no cached value
    computed: frozenset[tuple[int, int]] = frozenset()  # every cell holding a formula (.xlsx)
    _anchor: dict[tuple[int, int], tuple[int, int]] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        for r1, c1, r2, c2 in self.merged:
            # Guard against absurd ranges (a whole-column merge) blowing up memory.
            if (r2 - r1 + 1) * (c2 - c1 + 1) > 10000:
                r2 = min(r2, r1 + 100)
                c2 = min(c2, c1 + 100)
            for r in range(r1, r2 + 1):
                for c in range(c1, c2 + 1):
                    if (r, c) != (r1, c1):
                        self._anchor[(r, c)] = (r1, c1)

    def raw(self, row: int, col: int) -> object:
        """The cell's own value (None inside a merged range except at its top-left)."""
        return self.values.get((row, col))

    def value(self, row: int, col: int) -> object:
        """The value shown at a cell: a merged range shows its top-left value everywhere."""
        return self.values.get(self._anchor.get((row, col), (row, col)))

    def anchor(self, row: int, col: int) -> tuple[int, int]:
        return self._anchor.get((row, col), (row, col))

    def merged_end_col(self, row: int, col: int) -> int:
        """Last column of the merged range that starts at (row, col), or col itself."""
        for r1, c1, _, c2 in self.merged:
            if r1 == row and c1 == col:
                return c2
        return col

    def merged_span(self, row: int, col: int) -> tuple[int, int]:
        """First and last column of the merged range containing (row, col)."""
        for r1, c1, r2, c2 in self.merged:
            if r1 <= row <= r2 and c1 <= col <= c2:
                return c1, c2
        return col, col

    @staticmethod
    def coordinate(row: int, col: int) -> str:
        return f"{get_column_letter(col)}{row}"


def sniff(path: Path) -> str:
    """'xlsx' or 'xls' from the file's first bytes (never from its extension)."""
    with open(path, "rb") as fh:
        head = fh.read(8)
    if head.startswith(XLSX_MAGIC):
        return "xlsx"
    if head == XLS_MAGIC:
        return "xls"
    with open(path, "rb") as fh:
        start = fh.read(512).lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if start.startswith((b"<html", b"<!doctype html", b"<table", b"<?xml", b"<meta")):
        # Web systems often export HTML or XML Spreadsheet 2003 under an .xls name.
        raise UnreadableWorkbook("文件内容是网页（HTML）或 XML 表格，不是真正的 Excel 工作簿；"
                                 "请用 Excel 或 WPS 打开后另存为 .xlsx")
    raise UnreadableWorkbook("不是 Excel 工作簿（文件内容既不是 .xlsx/.xlsm，也不是 .xls）")


def is_workbook(path: Path) -> bool:
    """True when the file's content is an .xls (OLE2) or an .xlsx/.xlsm: a zip holding
    xl/workbook.xml (a .docx or .pptx is a zip too, and is not a workbook)."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(8)
        if head.startswith(XLSX_MAGIC):
            with zipfile.ZipFile(path) as zf:
                return "xl/workbook.xml" in zf.namelist()
    except (OSError, zipfile.BadZipFile, ValueError):
        return False
    return head == XLS_MAGIC


def load_grids(path: Path) -> list[Grid]:
    """All sheets of the workbook at ``path`` as grids, in workbook order."""
    kind = sniff(path)
    check_limits(path, kind)
    try:
        return _load_xlsx(path) if kind == "xlsx" else _load_xls(path)
    except UnreadableWorkbook:
        raise
    except Exception as exc:  # any parser failure is a user-facing "cannot read" finding
        raise UnreadableWorkbook("文件已损坏或格式无法识别") from exc


_MB = 1024 * 1024


def _whole_mb(n_bytes: int) -> int:
    """A size in whole MB, counted up (integer arithmetic: no float, no rounding rule)."""
    return -(-n_bytes // _MB)


_ROW_TAG = re.compile(rb"<(?:\w+:)?row\b[^>]*?\sr=\"(\d+)\"")
_CELL_TAG = re.compile(rb"<(?:\w+:)?c\b[^>]*?\sr=\"([A-Z]+)(\d+)\"")
_ANY_CELL = re.compile(rb"<(?:\w+:)?c[\s/>]")
_DIMENSION = re.compile(rb"<(?:\w+:)?dimension\b[^>]*?\sref=\"([A-Z]+\d+:)?([A-Z]+)(\d+)\"")


def check_limits(path: Path, kind: str = "xlsx") -> None:
    """Refuse a file that is too large to read safely, before any parser loads it.

    Rules: file ≤ 50 MB; for .xlsx also ≤ 10 000 members, unpacked ≤ 200 MB, no large member
    compressed more than 200:1 (a zip bomb), and in every sheet the last row ≤ 100 000, the last
    column ≤ 1 000 (ALL) and last row × last column ≤ 2 000 000, counting both the declared
    ``<dimension>`` and every cell. Raises ``WorkbookTooLarge`` with a Chinese message.
    """
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise WorkbookTooLarge(f"文件大小为 {_whole_mb(size)} MB，超过 {MAX_FILE_BYTES // _MB} MB 的上限")
    if kind != "xlsx":
        return
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise UnreadableWorkbook("文件不是有效的 .xlsx（压缩包损坏）") from exc
    with zf:
        members = zf.infolist()
        _refuse_other_packages({m.filename for m in members})
        if len(members) > MAX_MEMBERS:
            raise WorkbookTooLarge(f"压缩包内有 {len(members)} 个文件，超过 {MAX_MEMBERS} 个的上限")
        unpacked = sum(m.file_size for m in members)
        if unpacked > MAX_UNPACKED_BYTES:
            raise WorkbookTooLarge(f"解压后大小为 {_whole_mb(unpacked)} MB，超过 {MAX_UNPACKED_BYTES // _MB} MB 的上限")
        for m in members:
            if m.file_size > _MB and m.file_size > MAX_RATIO * max(m.compress_size, 1):
                raise WorkbookTooLarge(f"压缩包成员 {m.filename} 的压缩比异常（疑似压缩炸弹）")
        for m in members:
            if m.filename.startswith("xl/worksheets/") and m.filename.endswith(".xml"):
                _check_sheet_extent(zf, m)


# Other Office packages are zip files too: say what the file is instead of "cannot read".
_OTHER_PACKAGES = (("word/document.xml", "Word 文档（.docx）"), ("ppt/presentation.xml", "PowerPoint 演示文稿（.pptx）"),
                   ("content.xml", "OpenDocument 文件（如 WPS/LibreOffice 的 .ods、.odt）"))


def _refuse_other_packages(names: set[str]) -> None:
    if "xl/workbook.xml" in names:
        return
    for member, what in _OTHER_PACKAGES:
        if member in names:
            raise UnreadableWorkbook(f"文件内容是 {what}，不是 Excel 工作簿")
    raise UnreadableWorkbook("文件是压缩包，但其中没有 Excel 工作簿")


def _check_sheet_extent(zf: zipfile.ZipFile, member: zipfile.ZipInfo) -> None:
    """Scan one sheet's XML in chunks for its declared and actual last row and column."""
    last_row = last_col = cells = 0
    carry = b""
    with zf.open(member) as fh:
        while True:
            chunk = fh.read(_MB)
            data = carry + chunk
            # A tag may straddle two chunks: scan up to the last '<' and carry the rest over.
            cut = data.rfind(b"<") if chunk else -1
            body, carry = (data[:cut], data[cut:cut + 64 * 1024]) if cut >= 0 else (data, b"")
            for m in _DIMENSION.finditer(body):
                last_row = max(last_row, int(m.group(3)))
                last_col = max(last_col, _column_index(m.group(2)))
            cells += len(_ANY_CELL.findall(body))
            for m in _ROW_TAG.finditer(body):
                last_row = max(last_row, int(m.group(1)))
            for m in _CELL_TAG.finditer(body):
                last_col = max(last_col, _column_index(m.group(1)))
                last_row = max(last_row, int(m.group(2)))
            if (last_row > MAX_ROWS or last_col > MAX_COLS or last_row * last_col > MAX_AREA
                    or cells > MAX_AREA):
                raise WorkbookTooLarge(
                    f"工作表（{member.filename}）的范围延伸到第 {last_row} 行、第 {last_col} 列，超过上限"
                    f"（最多 {MAX_ROWS} 行、{MAX_COLS} 列、共 {MAX_AREA} 个单元格）")
            if not chunk:
                return


def _column_index(letters: bytes) -> int:
    """1-based index of a column name (A → 1, ALL → 1000); no upper bound, unlike openpyxl."""
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n


def _load_xlsx(path: Path) -> list[Grid]:
    """Values through openpyxl's read-only reader (it skips the per-cell style objects that the
    full reader builds for merged ranges); merged ranges and formulas without a cached value come
    from one scan of the sheet XML (``sheet_xml.scan_sheets``)."""
    import openpyxl

    from .dimensions import install

    install()  # read-only sheets sized without one more parse each (excel/dimensions.py)
    # A file object, not the name: openpyxl refuses names not ending in .xlsx/.xlsm, and the
    # kind was told from the content (an .xlsx saved as .xls or .csv reads like any other).
    stream = open(path, "rb")
    try:
        book = openpyxl.load_workbook(stream, data_only=True, read_only=True)
    except zipfile.BadZipFile as exc:
        stream.close()
        raise UnreadableWorkbook("文件不是有效的 .xlsx（压缩包损坏）") from exc
    except BaseException:
        stream.close()
        raise
    try:
        scans = scan_sheets(path)
        grids = []
        for ws in book.worksheets:
            values: dict[tuple[int, int], object] = {}
            max_row = max_col = 0
            if hasattr(ws, "iter_rows"):  # chart sheets have no cells
                for row in ws.iter_rows():
                    for cell in row:
                        value = cell.value
                        if value is None or value == "":
                            continue
                        if isinstance(value, str) and "_x" in value:
                            value = _unescape(value)
                        r, c = cell.row, cell.column
                        values[(r, c)] = value
                        max_row, max_col = max(max_row, r), max(max_col, c)
            formulas_by_coord, merged_refs, computed = scans.get(ws.title, ({}, [], set()))
            merged = []
            for ref in merged_refs:
                first, _, last = ref.partition(":")
                (r1, c1), (r2, c2) = _split_coordinate(first), _split_coordinate(last or first)
                merged.append((r1, c1, r2, c2))
                max_row, max_col = max(max_row, r2), max(max_col, c2)
            formulas = {}
            for coord, formula in formulas_by_coord.items():
                row, col = _split_coordinate(coord)
                formulas[(row, col)] = formula
                max_row, max_col = max(max_row, row), max(max_col, col)
            grids.append(Grid(ws.title, values, max_row, max_col, merged, formulas,
                              frozenset(_split_coordinate(c) for c in computed)))
    finally:
        book.close()
        stream.close()
    return grids


_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")


def _unescape(text: str) -> str:
    """Decode OOXML's ``_xHHHH_`` escapes (how Excel stores control characters in strings), so
    that a control character is seen as one and can be removed and warned about."""
    return _ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text)


_COORD = re.compile(r"^([A-Z]+)(\d+)$")


def _split_coordinate(coord: str) -> tuple[int, int]:
    from openpyxl.utils import column_index_from_string

    m = _COORD.match(coord)
    assert m, coord
    return int(m.group(2)), column_index_from_string(m.group(1))


def _load_xls(path: Path) -> list[Grid]:
    import xlrd

    try:
        book = xlrd.open_workbook(str(path), formatting_info=True, on_demand=True)
    except xlrd.biffh.XLRDError as exc:
        if "encrypted" in str(exc).lower() or "can't find workbook" in str(exc).lower():
            # An OLE2 file without a plain workbook stream: a password-protected workbook
            # (Excel stores encrypted .xlsx this way too) or another Office document.
            raise UnreadableWorkbook("文件已加密（设置了打开密码）或不是 Excel 工作簿；"
                                     "请取消密码后另存为 .xlsx") from exc
        raise UnreadableWorkbook(f"无法读取 .xls 文件（{exc}）") from exc
    grids = []
    for index in range(book.nsheets):
        sh = book.sheet_by_index(index)
        if sh.nrows * sh.ncols > MAX_AREA:
            raise WorkbookTooLarge(f"工作表“{sh.name}”有 {sh.nrows} 行、{sh.ncols} 列，超过 {MAX_AREA} 个单元格的上限")
        values: dict[tuple[int, int], object] = {}
        for r in range(sh.nrows):
            for c in range(sh.ncols):
                cell = sh.cell(r, c)
                if cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
                    continue
                value = cell.value
                if cell.ctype == xlrd.XL_CELL_NUMBER and float(value).is_integer():
                    value = int(value)
                elif cell.ctype == xlrd.XL_CELL_ERROR:
                    value = "#错误"
                if value == "":
                    continue
                values[(r + 1, c + 1)] = value
        merged = [(r1 + 1, c1 + 1, r2, c2) for r1, r2, c1, c2 in sh.merged_cells]
        grids.append(Grid(sh.name, values, sh.nrows, sh.ncols, merged))
        book.unload_sheet(index)
    book.release_resources()
    return grids
