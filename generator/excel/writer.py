"""Write a 部门决算公开 workbook from plain data: the nine disclosure tables as finance staff
have them (公开01表 … 公开09表) and the supplementary sheets of spec/workbook.md § B.

Used to build the sample workbook (``inputs/build_sample.py``), blank templates and the
workbooks of the reader tests. The layout comes from :mod:`generator.schema`; this
module only places it on sheets. It computes nothing except missing totals (see below).

Data format
===========

One JSON-able ``dict``. Amounts are strings such as ``"1234.50"`` (ints and Decimals are
accepted too; never floats in committed data); ``None`` or an absent key means a blank cell.
All amounts are given in 万元, whatever the output scale::

    {
      "options": {"code_columns": 1, "unit": "万元"},      # optional, see below
      "tables": {                                          # only the tables present are written
        "01": {"收入": {LINE: amount, …},                   # keys: layout.T01.income Line.key
               "支出": {CODE: amount, …, LINE: amount, …}},  # 3-digit 类 codes + T01.expense keys
        "04": {"收入": {LINE: amount, …},                   # keys: layout.T04.income Line.key
               "支出": {CODE or LINE: {COLUMN: amount}}},   # COLUMN: 合计, 一般公共预算财政拨款,
                                                            #   政府性基金预算财政拨款, 国有资本经营预算财政拨款
        "02" | "03" | "05" | "08" | "09": {
               "合计": {COLUMN: amount, …} | None,          # the 合计 row (optional)
               "rows": [{"科目编码": "2080109", "科目名称": "社会保险经办机构",
                         COLUMN: amount, …}, …],            # 类/款/项 rows in sheet order
               "注": [str, …]},                             # optional: replaces the default notes
        "06": {"明细": [{"科目编码": "30101", "科目名称": "基本工资", "决算数": amount}, …],
               "人员经费合计": amount, "公用经费合计": amount, "注": [str, …]},
        "07": {"预算数": {ITEM: amount}, "决算数": {ITEM: amount}, "注": [str, …]},
      },
      "sheets": {                                          # only the sheets present are written
        "单位信息": {LABEL: text},                          # 单位名称, 年度, 部门职责, …
        "上年数": {LABEL: amount},
        "年初预算": [{"科目编码": "2080109", "科目名称": …, "年初预算数": amount, "说明": text}, …],
        "补充数据": {LABEL: amount | count | text},
        "情况说明": {LABEL: text | None},                   # None: the label row with a blank 说明
        "绩效评价报告": [[层级, 内容], …],                   # 层级: 标题 | 1 | 2 | 正文
        "名词解释": {名词: 解释},
      },
    }

* COLUMN of a coded table is the key of a leaf of its layout header
  (``TableSpec.column_keys``): 02 本年收入合计 财政拨款收入 上级补助收入 事业收入 经营收入
  附属单位上缴收入 其他收入; 03 本年支出合计 基本支出 项目支出 上缴上级支出 经营支出
  对附属单位补助支出; 05 and 09 合计 基本支出 项目支出; 08 年初结转和结余 本年收入 本年支出
  基本支出 项目支出 年末结转和结余.
* ITEM of table 07: 合计, 因公出国（境）费, 公务用车购置及运行费 (the 小计), 公务用车购置费,
  公务用车运行费, 公务接待费 (``layout.THREE_COST_ITEMS``).
* Table 06 items are placed by code: 301*/303* in the 人员经费 block, all others in the two
  公用经费 blocks (filled top to bottom, left block first).
* Table 01/04 class codes must be in ``layout.CLASSES``; every 类 is printed (``八、社会保障和就业支出``),
  with blank amounts when not given.
* Rows are written in the order given; the writer does not sort or check 科目 codes.
* Supplementary sheets: a header row (``SheetSpec.columns``), then one row per key in dict order.
  上年数 values, 年初预算数 and the numeric 补充数据 labels are written as numbers (counts as
  integers), 年度 and the 层级 1 / 2 as integers; everything else as text (long text wraps).

Totals filled in when absent (``None``/missing) — and only then; a given value is written as
given, so real 尾差 survive:

* 01: 本年收入合计 = Σ 一…八; 收入总计 = 本年收入合计 + 使用非财政拨款结余 + 年初结转和结余;
  本年支出合计 = Σ 类; 支出总计 = 本年支出合计 + 结余分配 + 年末结转和结余.
* 04: 本年收入合计 = Σ 一…三; 年初财政拨款结转和结余 = Σ its three kinds; 收入总计 = 本年收入合计 +
  年初财政拨款结转和结余; right block: 合计 column = Σ the three kind columns on every line;
  本年支出合计 = Σ 类 per column; 支出总计 = 本年支出合计 + 年末财政拨款结转和结余 per column.
* 02/03/05/08/09: a row's total column (02 本年收入合计, 03 本年支出合计, 05/09 合计, 08 本年支出) =
  Σ its part columns; the 合计 row = Σ the 类 rows (3-digit codes) per column. A table with no
  rows and no 合计 gets no 合计 row (published empty) and, for 08/09, its empty note.
* 06: 人员经费合计 / 公用经费合计 = Σ their items. 07: 公务用车购置及运行费 = 购置 + 运行;
  合计 = 因公出国（境）费 + 公务用车购置及运行费 + 公务接待费 (预算数 and 决算数 alike).

Options (``data["options"]``, overridden by the keyword arguments of :func:`write_workbook`):

* ``code_columns``: 1 (default) — one 科目编码 column (``2080109``); 3 — three columns
  类 | 款 | 项 (``208 | 01 | 09``) under a 科目编码 header, in tables 02, 03, 05, 08, 09 and in
  the 年初预算 sheet (there with two header rows: 科目编码 over 类 | 款 | 项).
* ``unit``: ``"万元"`` (default) or ``"元"`` — amounts of the nine tables ×10000 and the unit line
  ``单位：元``. Supplementary sheets stay in 万元.
* ``form``: ``False`` (default) or ``True`` — a workbook to be filled in Excel/WPS (``juesuan init``):
  a 填表说明 sheet first and a comment on each table's first header cell; every data cell
  (amounts, 科目编码/名称, supplementary values and labels) unlocked and every sheet protected
  without a password, so that titles, headers and 栏次 cannot be overwritten by accident; money
  cells accept numbers only (data validation); blank unlocked rows for the lists (coded tables,
  06, 年初预算, 绩效评价报告, 名词解释), at least ``FORM_ROWS`` rows in all and ``FORM_SPARE``
  more than given; a coded table always gets its 合计 row and never the empty-table note.

:func:`blank_data` gives the data of an empty workbook (all nine tables, every supplementary
sheet with all its labels) for a year and unit.
"""
from __future__ import annotations

import math
from decimal import Decimal
from pathlib import Path
from typing import Any, Iterable, Mapping

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Border, Font, Protection, Side
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from ..money import D, TEN_THOUSAND
from .. import schema as L
from ..schema import H, Header, TableSpec

__all__ = ["write_workbook", "build_workbook", "blank_data", "GUIDANCE_TITLE"]

FONT_NAME = "宋体"
MONEY_FORMAT = "#,##0.00"
_THIN = Side(style="thin", color="000000")
BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
TITLE_FONT = Font(name=FONT_NAME, size=16, bold=True)
HEADER_FONT = Font(name=FONT_NAME, size=10, bold=True)
BODY_FONT = Font(name=FONT_NAME, size=10)
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
LEFT = Alignment(horizontal="left", vertical="center", wrap_text=False)
LEFT_WRAP = Alignment(horizontal="left", vertical="center", wrap_text=True)
RIGHT = Alignment(horizontal="right", vertical="center")

# Width (characters) of the kinds of columns.
W_CODE, W_CODE_PART, W_NAME, W_LINE, W_ROWNO, W_MONEY = 12, 7, 34, 36, 6, 15

PERSONNEL_PREFIXES = ("301", "303")

# Form mode: rows offered for lists, spare blank rows after given ones, the guidance sheet.
FORM_ROWS, FORM_SPARE = 30, 5
APPENDIX_FORM_ROWS, GLOSSARY_FORM_ROWS = 60, 10
GUIDANCE_TITLE = "填表说明"
UNLOCKED = Protection(locked=False)
# Any finite amount passes; text (十四万, 1,2) is refused when typed in Excel/WPS.
MONEY_LIMIT = "1E+15"


# ---------------------------------------------------------------------------------------------
# Public entry points


def write_workbook(data: Mapping[str, Any], path: str | Path, *, code_columns: int | None = None,
                   unit: str | None = None, form: bool | None = None) -> None:
    """Write ``data`` (format: module docstring) as an .xlsx workbook at ``path``.

    Args:
        data: tables and supplementary sheets as plain values.
        path: the .xlsx file to write (overwritten).
        code_columns: 1 or 3 科目编码 columns (default: ``data["options"]``, else 1).
        unit: ``"万元"`` or ``"元"`` for the nine tables (default: ``data["options"]``, else 万元).
        form: a workbook to fill in (see the module docstring; default ``data["options"]``, else no).
    """
    build_workbook(data, code_columns=code_columns, unit=unit, form=form).save(str(path))


def blank_data(year: int | str | None = None, unit: str | None = None) -> dict:
    """Writer data of an empty workbook: the nine tables without rows or amounts and every
    supplementary sheet with all its labels and blank values (年度 and 单位名称 as given)."""
    return {
        "options": {"code_columns": 1, "unit": "万元", "form": True},
        "tables": {spec.key: {} for spec in L.TABLES},
        "sheets": {
            L.UNIT_INFO.title: {label: {"单位名称": unit, "年度": year}.get(label)
                                for label in L.UNIT_INFO.labels},
            L.PRIOR.title: dict.fromkeys(L.PRIOR_LABELS),
            L.BUDGET.title: [],
            L.SUPPLEMENT.title: dict.fromkeys(L.SUPPLEMENT.labels),
            L.EXPLANATIONS.title: dict.fromkeys(L.EXPLANATION_LABELS),
            L.APPENDIX.title: [],
            L.GLOSSARY.title: {},
        },
    }


def build_workbook(data: Mapping[str, Any], *, code_columns: int | None = None,
                   unit: str | None = None, form: bool | None = None) -> Workbook:
    """The openpyxl ``Workbook`` that :func:`write_workbook` saves."""
    options = dict(data.get("options") or {})
    if code_columns is not None:
        options["code_columns"] = code_columns
    if unit is not None:
        options["unit"] = unit
    if form is not None:
        options["form"] = form
    ctx = _Context(
        code_columns=int(options.get("code_columns", 1)),
        unit=str(options.get("unit", "万元")),
        unit_name=str(((data.get("sheets") or {}).get("单位信息") or {}).get("单位名称") or ""),
        form=bool(options.get("form", False)),
    )
    tables = data.get("tables") or {}
    sheets = data.get("sheets") or {}
    unknown = (set(tables) - set(L.TABLE_BY_KEY)) | (set(sheets) - {s.title for s in L.SHEETS})
    if unknown:
        raise ValueError(f"unknown tables/sheets in data: {sorted(unknown)}")
    wb = Workbook()
    wb.remove(wb.active)
    wb.properties.creator = "juesuan"
    if ctx.form:
        _write_guidance(wb.create_sheet(GUIDANCE_TITLE))
    for spec in L.TABLES:
        if spec.key in tables:
            ws = wb.create_sheet(spec.number)
            _TABLE_WRITERS[spec.key](ws, spec, tables[spec.key] or {}, ctx)
    for sheet in L.SHEETS:
        if sheet.title in sheets:
            _write_supplement(wb.create_sheet(sheet.title), sheet, sheets[sheet.title], ctx)
    if ctx.form:
        for ws in wb.worksheets:
            if ws.title != GUIDANCE_TITLE:
                _protect(ws, ctx)
    return wb


# ---------------------------------------------------------------------------------------------
# Values


class _Context:
    def __init__(self, code_columns: int, unit: str, unit_name: str, form: bool = False):
        if code_columns not in (1, 3):
            raise ValueError(f"code_columns must be 1 or 3, not {code_columns!r}")
        if unit not in ("万元", "元"):
            raise ValueError(f"unit must be 万元 or 元, not {unit!r}")
        self.code_columns = code_columns
        self.unit = unit
        self.unit_name = unit_name
        self.form = form
        self.money_cells: dict[str, list[str]] = {}  # sheet title → coordinates (form mode)

    def spare(self, given: int, rows: int = FORM_ROWS) -> int:
        """Blank rows to add after ``given`` list rows: none unless in form mode."""
        return max(FORM_SPARE, rows - given) if self.form else 0

    def open(self, cell, money: bool = False) -> None:
        """Form mode: unlock a data cell (and remember money cells for the validation)."""
        if not self.form:
            return
        cell.protection = UNLOCKED
        if money:
            self.money_cells.setdefault(cell.parent.title, []).append(cell.coordinate)

    def money(self, value: Decimal | None) -> Decimal | None:
        """A 万元 amount in the output scale."""
        if value is None:
            return None
        return value * TEN_THOUSAND if self.unit == "元" else value


def _amount(value: Any) -> Decimal | None:
    """An amount of the data (str, int, Decimal) as Decimal; None/'' stay None."""
    if value is None or (isinstance(value, str) and value.strip() == ""):
        return None
    return D(value)


def _sum(values: Iterable[Decimal | None]) -> Decimal | None:
    """Σ of the given values; None when none is given."""
    given = [v for v in values if v is not None]
    return sum(given, Decimal(0)) if given else None


def _or(value: Decimal | None, fallback: Decimal | None) -> Decimal | None:
    return value if value is not None else fallback


# ---------------------------------------------------------------------------------------------
# Sheet frame: title, 公开0N表, 编制单位 / 单位, header, 栏次, notes


def _style(cell, font=BODY_FONT, alignment=None, border=BORDER, number_format=None) -> None:
    cell.font = font
    if alignment is not None:
        cell.alignment = alignment
    if border is not None:
        cell.border = border
    if number_format:
        cell.number_format = number_format


def _frame(ws: Worksheet, spec: TableSpec, width: int, ctx: _Context) -> int:
    """Rows 1–3 (title, table number, 编制单位 / 单位); returns the first header row."""
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    title = ws.cell(row=1, column=1, value=spec.title)
    _style(title, TITLE_FONT, CENTER, border=None)
    if ctx.form:
        _tip(title, TABLE_TIPS[spec.key])
    ws.row_dimensions[1].height = 30
    number = ws.cell(row=2, column=width, value=spec.number)
    _style(number, BODY_FONT, RIGHT, border=None)
    left_span = max(1, width // 2)
    if left_span > 1:
        ws.merge_cells(start_row=3, start_column=1, end_row=3, end_column=left_span)
    _style(ws.cell(row=3, column=1, value=f"编制单位：{ctx.unit_name}"), BODY_FONT, LEFT, border=None)
    _style(ws.cell(row=3, column=width, value=f"单位：{ctx.unit}"), BODY_FONT, RIGHT, border=None)
    ctx.open(ws.cell(row=3, column=1))      # the unit's name and the 万元/元 line are the user's
    ctx.open(ws.cell(row=3, column=width))
    return 4


def _header(ws: Worksheet, top: int, nodes: tuple[Header, ...]) -> int:
    """Lay out header trees from row ``top``, column 1; returns the number of header rows.

    A node with children spans its leaves on one row; a leaf spans down to the last header
    row (vertical merge) when its siblings or cousins are deeper."""
    depth = max(n.depth for n in nodes)

    def place(node: Header, level: int, col: int) -> int:
        width = len(node.leaves())
        row = top + level
        ws.cell(row=row, column=col, value=node.label)
        if node.children:
            if width > 1:
                ws.merge_cells(start_row=row, start_column=col, end_row=row, end_column=col + width - 1)
            child_col = col
            for child in node.children:
                child_col = place(child, level + 1, child_col)
        elif level < depth - 1:
            ws.merge_cells(start_row=row, start_column=col, end_row=top + depth - 1, end_column=col)
        return col + width

    col = 1
    for node in nodes:
        col = place(node, 0, col)
    for row in range(top, top + depth):
        for c in range(1, col):
            _style(ws.cell(row=row, column=c), HEADER_FONT, CENTER)
    return depth


def _subject_header(ctx: _Context) -> Header:
    if ctx.code_columns == 3:
        return H("项目", H("科目编码", H("类"), H("款"), H("项")), H("科目名称"))
    return L.SUBJECT


def _notes(ws: Worksheet, row: int, width: int, notes: Iterable[str]) -> int:
    """Write 注 lines from ``row`` (each merged across the table); returns the next free row."""
    for note in notes:
        text = note if note.startswith("注") else f"注：{note}"
        if width > 1:
            ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)
        _style(ws.cell(row=row, column=1, value=text), BODY_FONT, LEFT_WRAP, border=None)
        row += 1
    return row


def _finish(ws: Worksheet, spec: TableSpec, widths: list[float], first_data_row: int) -> None:
    for i, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = w
    ws.freeze_panes = ws.cell(row=first_data_row, column=1)
    ws.page_setup.orientation = "landscape" if spec.landscape else "portrait"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True


def _money_cell(ws: Worksheet, row: int, col: int, value: Decimal | None, ctx: _Context) -> None:
    cell = ws.cell(row=row, column=col, value=ctx.money(value))
    _style(cell, BODY_FONT, RIGHT, number_format=MONEY_FORMAT)
    ctx.open(cell, money=True)


def _text_cell(ws: Worksheet, row: int, col: int, value: Any, alignment=LEFT,
               ctx: _Context | None = None) -> None:
    """A text cell; with ``ctx`` it is a data cell (unlocked in form mode)."""
    cell = ws.cell(row=row, column=col, value=value)
    _style(cell, BODY_FONT, alignment)
    if ctx is not None:
        ctx.open(cell)


# ---------------------------------------------------------------------------------------------
# Form mode: guidance, protection, validation

GUIDANCE = (
    "填表说明",
    "本工作簿用于生成部门决算公开报告：填好后运行 juesuan build 工作簿.xlsx 即可得到 Word 报告。",
    "一、九张公开表（公开01表～公开09表）按发布格式排列。标题、表头和栏次已锁定（工作表保护，无密码，"
    "可在“审阅→撤销工作表保护”中解除）；白色数据单元格可直接填写。",
    "二、金额单位见各表“单位：万元”行；如按元填写，请把该行改为“单位：元”，程序会自动换算为万元。"
    "金额单元格只能填写数字，没有金额请留空（按 0 处理）。",
    "三、公开02、03、05、08、09表：每行一个科目，类 3 位、款 5 位、项 7 位编码（如 208、20801、2080109），"
    "按类、款、项顺序填写；第一行“合计”填写各类之和。行数不够时可插入行。",
    "四、公开06表：人员经费（301、303 及其明细）填在左侧，公用经费（302、307、310 等）填在右侧两栏；"
    "最后一行填写人员经费合计和公用经费合计。",
    "五、公开08表、公开09表没有数据时保持空白即可，报告中会写明本单位无相关收支。",
    "六、单位信息：单位名称和年度必填；部门职责、内设机构设置、决算单位构成为报告第一部分的文字（换行即分段）。",
    "七、上年数：填写上年决算报告中的数字（万元），用于“与上年相比”的增减说明；没有的项目请删除该行。",
    "八、年初预算：公开05表中每个项级科目一行，填写年初预算数和决算数与预算数差异的原因（如“主要原因是追加预算”）。",
    "九、补充数据：“三公”经费相关数量、机关运行经费、会议费、培训费、政府采购、国有资产、预算绩效等；"
    "数量填整数，金额单位为万元。",
    "十、情况说明：每项填写一句原因或说明，原样写入报告；不需要的项目可留空。",
    "十一、绩效评价报告：每行一个标题或段落，层级填 标题、1（一、）、2（（一））或 正文；"
    "文字中可用 {基本支出} 这样的花括号引用程序计算的数字。",
    "十二、名词解释（可选）：填写后替换报告第四部分的默认名词解释。",
    "填好后可先运行 juesuan check 工作簿.xlsx 检查，程序会列出每个问题所在的单元格。",
)

# Comment on the first header cell of each table / the header of each supplementary sheet.
TABLE_TIPS = {
    "01": "按行填写各项收入和支出金额（万元）；支出按功能分类的类填写，合计和总计请一并填写。",
    "02": "每行一个科目（类 3 位、款 5 位、项 7 位编码）；第一行“合计”为各类之和。",
    "03": "每行一个科目（类 3 位、款 5 位、项 7 位编码）；第一行“合计”为各类之和。",
    "04": "财政拨款收入和支出，支出按功能分类的类填写，各栏合计和总计请一并填写。",
    "05": "每行一个科目；与年初预算表中的项级科目对应。",
    "06": "人员经费（301、303 类）填左侧，公用经费填右侧两栏；最后一行填写两个合计。",
    "07": "预算数为年初预算数；没有的项目留空。",
    "08": "没有政府性基金收支时保持空白。",
    "09": "没有国有资本经营预算财政拨款支出时保持空白。",
}
SHEET_TIPS = {
    "单位信息": "单位名称和年度必填；文字中的换行即报告中的分段。",
    "上年数": "上年决算报告中的数字（万元）；没有的项目请删除该行，报告将省略相应的“与上年相比”。",
    "年初预算": "公开05表中每个项级科目一行；说明填写决算数与年初预算数差异的原因。",
    "补充数据": "数量填整数；机关运行经费、会议费、培训费、政府采购、绩效资金等金额单位为万元。",
    "情况说明": "每项填写一句原因或说明，原样写入报告。",
    "绩效评价报告": "层级：标题、1、2 或 正文；可用 {基本支出} 引用程序计算的数字。",
    "名词解释": "可选：填写后替换报告第四部分的默认名词解释。",
}


def _write_guidance(ws: Worksheet) -> None:
    width = 110  # characters; a Chinese character takes two
    for r, text in enumerate(GUIDANCE, start=1):
        cell = ws.cell(row=r, column=1, value=text)
        _style(cell, TITLE_FONT if r == 1 else BODY_FONT, LEFT_WRAP, border=None)
        # Explicit heights: not every program grows a row for wrapped text when it opens the file.
        lines = math.ceil(sum(2 if ord(ch) > 0x2E80 else 1 for ch in text) / (width - 4))
        ws.row_dimensions[r].height = 26 if r == 1 else 15 * max(lines, 1) + 3
    ws.column_dimensions["A"].width = width
    ws.sheet_properties.pageSetUpPr.fitToPage = True  # print on one page width
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0


def _tip(cell, text: str) -> None:
    comment = Comment(text, "juesuan")
    comment.width, comment.height = 260, 90
    cell.comment = comment


def _protect(ws: Worksheet, ctx: _Context) -> None:
    """Protect the sheet (no password; row/column formatting and inserting rows allowed) and
    restrict its money cells to numbers."""
    coords = ctx.money_cells.get(ws.title)
    if coords:
        dv = DataValidation(type="decimal", operator="between", formula1=f"-{MONEY_LIMIT}",
                            formula2=MONEY_LIMIT, allow_blank=True, showErrorMessage=True,
                            errorTitle="请填写数字",
                            error="金额单元格只能填写数字（如 1234.56），没有金额请留空。")
        for coord in coords:
            dv.add(coord)
        ws.add_data_validation(dv)
    p = ws.protection
    p.sheet = True
    p.formatCells = p.formatColumns = p.formatRows = False
    p.insertRows = p.deleteRows = False


# ---------------------------------------------------------------------------------------------
# 01 and 04: labelled tables with an income block and an expense block side by side


def _class_label(code: str) -> str:
    for i, (class_code, name) in enumerate(L.CLASSES):
        if class_code == code:
            return f"{L.CHINESE_NUMERALS[i]}、{name}"
    raise ValueError(f"unknown 功能分类 类 code {code!r} (not in layout.CLASSES)")


def _check_keys(table: str, side: str, given: Mapping, allowed: Iterable[str]) -> None:
    unknown = set(given) - set(allowed)
    if unknown:
        raise ValueError(f"table {table} {side}: unknown keys {sorted(unknown)}")


def _labelled(ws: Worksheet, spec: TableSpec, left: list[tuple[str, Decimal | None]],
              right: list[tuple[str, list[Decimal | None]]], split: int, right_split: int,
              ctx: _Context) -> None:
    """Place a labelled table: ``left`` lines (label, amount) and ``right`` lines (label,
    amounts per column). ``split``/``right_split`` index the 本年…合计 line of each side, which
    share a row; the lines after them follow on, the last (总计) lines sharing the last row."""
    n_right_cols = len(spec.amount_columns)
    width = 3 + 2 + n_right_cols
    top = _frame(ws, spec, width, ctx)
    header = (
        H("收入", H("项目"), H("行次"), H("金额")),
        H("支出", H("项目"), H("行次"), *(H(h.label) for h in spec.amount_columns)),
    )
    depth = _header(ws, top, header)
    row = top + depth
    # 栏次 row
    _text_cell(ws, row, 1, "栏次", CENTER)
    _text_cell(ws, row, 2, None, CENTER)
    _text_cell(ws, row, 3, 1, CENTER)
    _text_cell(ws, row, 4, "栏次", CENTER)
    _text_cell(ws, row, 5, None, CENTER)
    for i in range(n_right_cols):
        _text_cell(ws, row, 6 + i, 2 + i, CENTER)
    first = row + 1

    pre = max(split, right_split)
    post_left, post_right = len(left) - split - 1, len(right) - right_split - 1
    post = max(post_left, post_right)
    n_rows = pre + 1 + post

    def row_of(index: int, split_at: int, n_post: int) -> int:
        if index < split_at:
            return first + index
        if index == split_at:
            return first + pre
        offset = index - split_at  # 1 … n_post; the last line goes to the last row
        if index == split_at + n_post:
            return first + n_rows - 1
        return first + pre + offset

    # Blank bordered grid first, then the lines.
    for r in range(first, first + n_rows):
        for c in range(1, width + 1):
            if c in (3,) or c >= 6:
                _money_cell(ws, r, c, None, ctx)
            else:
                _text_cell(ws, r, c, None, CENTER if c in (2, 5) else LEFT)
    number = 1
    for i, (label, amount) in enumerate(left):
        r = row_of(i, split, post_left)
        _text_cell(ws, r, 1, label, LEFT)
        _text_cell(ws, r, 2, number, CENTER)
        _money_cell(ws, r, 3, amount, ctx)
        number += 1
    for i, (label, amounts) in enumerate(right):
        r = row_of(i, right_split, post_right)
        _text_cell(ws, r, 4, label, LEFT)
        _text_cell(ws, r, 5, number, CENTER)
        for j, amount in enumerate(amounts):
            _money_cell(ws, r, 6 + j, amount, ctx)
        number += 1
    end = first + n_rows
    _notes(ws, end, width, spec.notes)
    _finish(ws, spec, [W_LINE, W_ROWNO, W_MONEY, W_LINE, W_ROWNO] + [W_MONEY] * n_right_cols, first)


def _write_01(ws: Worksheet, spec: TableSpec, data: Mapping, ctx: _Context) -> None:
    income = {k: _amount(v) for k, v in (data.get("收入") or {}).items()}
    expense = {k: _amount(v) for k, v in (data.get("支出") or {}).items()}
    class_codes = [c for c, _ in L.CLASSES]
    _check_keys("01", "收入", income, [l.key for l in spec.income])
    _check_keys("01", "支出", expense, class_codes + [l.key for l in spec.expense])
    parts = [l.key for l in spec.income[:8]]
    income["本年收入合计"] = _or(income.get("本年收入合计"), _sum(income.get(k) for k in parts))
    income["收入总计"] = _or(income.get("收入总计"), _sum(
        income.get(k) for k in ("本年收入合计", "使用非财政拨款结余", "年初结转和结余")))
    expense["本年支出合计"] = _or(expense.get("本年支出合计"), _sum(expense.get(c) for c in class_codes))
    expense["支出总计"] = _or(expense.get("支出总计"), _sum(
        expense.get(k) for k in ("本年支出合计", "结余分配", "年末结转和结余")))
    left = [(line.label, income.get(line.key)) for line in spec.income]
    right = [(_class_label(code), [expense.get(code)]) for code in class_codes]
    right += [(line.label, [expense.get(line.key)]) for line in spec.expense]
    _labelled(ws, spec, left, right, split=8, right_split=len(class_codes), ctx=ctx)


def _write_04(ws: Worksheet, spec: TableSpec, data: Mapping, ctx: _Context) -> None:
    income = {k: _amount(v) for k, v in (data.get("收入") or {}).items()}
    columns = [h.key for h in spec.amount_columns]
    expense: dict[str, dict[str, Decimal | None]] = {}
    for key, values in (data.get("支出") or {}).items():
        if not isinstance(values, Mapping):
            raise ValueError(f"table 04 支出 {key}: expected {{column: amount}}")
        _check_keys("04", f"支出 {key}", values, columns)
        expense[key] = {c: _amount(v) for c, v in values.items()}
    class_codes = [c for c, _ in L.CLASSES]
    _check_keys("04", "收入", income, [l.key for l in spec.income])
    _check_keys("04", "支出", expense, class_codes + [l.key for l in spec.expense])
    income["本年收入合计"] = _or(income.get("本年收入合计"), _sum(
        income.get(l.key) for l in spec.income[:3]))
    income["年初财政拨款结转和结余"] = _or(income.get("年初财政拨款结转和结余"), _sum(
        income.get(l.key) for l in spec.income[5:8]))
    income["收入总计"] = _or(income.get("收入总计"), _sum(
        income.get(k) for k in ("本年收入合计", "年初财政拨款结转和结余")))
    for values in expense.values():
        values["合计"] = _or(values.get("合计"), _sum(values.get(c) for c in L.FISCAL_KINDS))
    for key, parts in (("本年支出合计", class_codes),):
        line = expense.setdefault(key, {})
        for c in columns:
            line[c] = _or(line.get(c), _sum(expense.get(p, {}).get(c) for p in parts))
    total = expense.setdefault("支出总计", {})
    for c in columns:
        total[c] = _or(total.get(c), _sum(
            expense.get(k, {}).get(c) for k in ("本年支出合计", "年末财政拨款结转和结余")))
    left = [(line.label, income.get(line.key)) for line in spec.income]
    right = [(_class_label(code), [expense.get(code, {}).get(c) for c in columns])
             for code in class_codes]
    right += [(line.label, [expense.get(line.key, {}).get(c) for c in columns])
              for line in spec.expense]
    _labelled(ws, spec, left, right, split=3, right_split=len(class_codes), ctx=ctx)


# ---------------------------------------------------------------------------------------------
# Coded tables 02, 03, 05, 08, 09


def _code_cells(code: str, ctx: _Context) -> list[str | None]:
    """The 科目编码 cells of a row: ``["2080109"]``, or ``["208", "01", "09"]`` in three columns
    (a 款 row ``["208", "01", None]``, a 类 row ``["208", None, None]``); codes stay text."""
    if ctx.code_columns == 1:
        return [code]
    return [code[:3] or None, code[3:5] or None, code[5:7] or None]


def _write_coded(ws: Worksheet, spec: TableSpec, data: Mapping, ctx: _Context) -> None:
    _check_keys(spec.key, "", data, ("合计", "rows", "注"))
    keys = list(spec.column_keys)
    total_key, part_keys = spec.row_total
    rows: list[tuple[str, str, dict[str, Decimal | None]]] = []
    for raw in data.get("rows") or []:
        code = str(raw.get("科目编码") or "").strip()
        name = str(raw.get("科目名称") or "")
        values = {k: _amount(v) for k, v in raw.items() if k not in ("科目编码", "科目名称")}
        _check_keys(spec.key, f"row {code}", values, keys)
        values[total_key] = _or(values.get(total_key), _sum(values.get(k) for k in part_keys))
        rows.append((code, name, values))
    total_given = data.get("合计")
    total: dict[str, Decimal | None] | None = None
    if rows or total_given or ctx.form:
        total = {k: _amount(v) for k, v in (total_given or {}).items()}
        _check_keys(spec.key, "合计", total, keys)
        classes = [values for code, _, values in rows if len(code) == 3]
        for k in keys:
            total[k] = _or(total.get(k), _sum(v.get(k) for v in classes))
        total[total_key] = _or(total.get(total_key), _sum(total.get(k) for k in part_keys))

    n_code = ctx.code_columns
    width = n_code + 1 + len(keys)
    top = _frame(ws, spec, width, ctx)
    header = (_subject_header(ctx), *spec.header[1:])
    depth = _header(ws, top, header)
    row = top + depth
    # 栏次 row: the label over 科目编码 + 科目名称, then 1 … n.
    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=n_code + 1)
    for c in range(1, n_code + 2):
        _text_cell(ws, row, c, "栏次" if c == 1 else None, CENTER)
    for i in range(len(keys)):
        _text_cell(ws, row, n_code + 2 + i, i + 1, CENTER)
    row += 1
    first = row
    if total is not None:
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=n_code + 1)
        for c in range(1, n_code + 2):
            _text_cell(ws, row, c, "合计" if c == 1 else None, CENTER)
        for i, k in enumerate(keys):
            _money_cell(ws, row, n_code + 2 + i, total.get(k), ctx)
        row += 1
    blank: dict[str, Decimal | None] = {}
    for code, name, values in rows + [("", "", blank)] * ctx.spare(len(rows)):
        for i, part in enumerate(_code_cells(code, ctx)):
            _text_cell(ws, row, 1 + i, part or None, LEFT, ctx)
        _text_cell(ws, row, n_code + 1, name or None, LEFT, ctx)
        for i, k in enumerate(keys):
            _money_cell(ws, row, n_code + 2 + i, values.get(k), ctx)
        row += 1
    notes = data.get("注")
    if notes is None:
        notes = list(spec.notes)
        if not rows and spec.empty_note and not ctx.form:
            notes.append(spec.empty_note)
    _notes(ws, row, width, notes)
    code_widths = [W_CODE] if n_code == 1 else [W_CODE_PART] * 3
    _finish(ws, spec, code_widths + [W_NAME] + [W_MONEY] * len(keys), first)


# ---------------------------------------------------------------------------------------------
# 06: three blocks 科目编码 | 科目名称 | 决算数 (人员经费 | 公用经费 × 2)


def _write_06(ws: Worksheet, spec: TableSpec, data: Mapping, ctx: _Context) -> None:
    personnel: list[tuple[str, str, Decimal | None]] = []
    public: list[tuple[str, str, Decimal | None]] = []
    for raw in data.get("明细") or []:
        _check_keys("06", "明细", raw, ("科目编码", "科目名称", "决算数"))
        code = str(raw.get("科目编码") or "").strip()
        item = (code, str(raw.get("科目名称") or ""), _amount(raw.get("决算数")))
        (personnel if code.startswith(PERSONNEL_PREFIXES) else public).append(item)
    _check_keys("06", "", data, ("明细", L.PERSONNEL_TOTAL, L.PUBLIC_TOTAL, "注"))
    personnel_total = _or(_amount(data.get(L.PERSONNEL_TOTAL)), _sum(i[2] for i in personnel))
    public_total = _or(_amount(data.get(L.PUBLIC_TOTAL)), _sum(i[2] for i in public))

    width = 9
    top = _frame(ws, spec, width, ctx)
    depth = _header(ws, top, spec.header)
    first = top + depth
    n_rows = max(len(personnel), math.ceil(len(public) / 2))
    n_rows += ctx.spare(n_rows, FORM_ROWS - 5)
    blocks = [personnel, public[:n_rows], public[n_rows:]]
    for r in range(n_rows):
        row = first + r
        for b, items in enumerate(blocks):
            col = 1 + 3 * b
            code, name, amount = items[r] if r < len(items) else (None, None, None)
            _text_cell(ws, row, col, code, LEFT, ctx)
            _text_cell(ws, row, col + 1, name, LEFT, ctx)
            _money_cell(ws, row, col + 2, amount, ctx)
    row = first + n_rows
    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=2)
    ws.merge_cells(start_row=row, start_column=4, end_row=row, end_column=8)
    for c in range(1, width + 1):
        if c in (3, 9):
            continue
        label = {1: L.PERSONNEL_TOTAL, 4: L.PUBLIC_TOTAL}.get(c)
        _text_cell(ws, row, c, label, CENTER)
    _money_cell(ws, row, 3, personnel_total, ctx)
    _money_cell(ws, row, 9, public_total, ctx)
    _notes(ws, row + 1, width, data.get("注", spec.notes))
    _finish(ws, spec, [W_CODE - 2, W_NAME - 6, W_MONEY - 2] * 3, first)


# ---------------------------------------------------------------------------------------------
# 07: one data row under 预算数 / 决算数


def _write_07(ws: Worksheet, spec: TableSpec, data: Mapping, ctx: _Context) -> None:
    _check_keys("07", "", data, ("预算数", "决算数", "注"))
    sides = {}
    for side in ("预算数", "决算数"):
        given = data.get(side) or {}
        _check_keys("07", side, given, L.THREE_COST_ITEMS)
        values = {k: _amount(v) for k, v in given.items()}
        values["公务用车购置及运行费"] = _or(values.get("公务用车购置及运行费"), _sum(
            values.get(k) for k in ("公务用车购置费", "公务用车运行费")))
        values["合计"] = _or(values.get("合计"), _sum(
            values.get(k) for k in ("因公出国（境）费", "公务用车购置及运行费", "公务接待费")))
        sides[side] = values
    leaves = spec.columns
    width = len(leaves)
    top = _frame(ws, spec, width, ctx)
    depth = _header(ws, top, spec.header)
    row = top + depth
    for i, (path, leaf) in enumerate(leaves):
        _money_cell(ws, row, 1 + i, sides[path[0].label].get(leaf.key), ctx)
    _notes(ws, row + 1, width, data.get("注", spec.notes))
    _finish(ws, spec, [W_MONEY - 1] * width, row)
    ws.row_dimensions[top + 1].height = 28


_TABLE_WRITERS = {
    "01": _write_01, "04": _write_04, "06": _write_06, "07": _write_07,
    "02": _write_coded, "03": _write_coded, "05": _write_coded, "08": _write_coded,
    "09": _write_coded,
}


# ---------------------------------------------------------------------------------------------
# Supplementary sheets


def _number(value: Any, integer: bool) -> Any:
    """A numeric cell value: Decimal (int for whole counts); text that is no number stays text."""
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, str) and not value.strip():
        return None
    try:
        number = D(value.replace(",", "").strip() if isinstance(value, str) else value)
    except ValueError:
        return value
    if not number.is_finite():
        return value
    if integer and number == number.to_integral_value():
        return int(number)
    return number


def _write_supplement(ws: Worksheet, sheet: L.SheetSpec, data: Any, ctx: _Context) -> None:
    budget = sheet is L.BUDGET
    if budget and ctx.code_columns == 3:
        # Two header rows, as in the tables: 科目编码 over 类 | 款 | 项, the others merged down.
        _header(ws, 1, (H("科目编码", H("类"), H("款"), H("项")), *(H(c) for c in sheet.columns[1:])))
        first = 3
    else:
        for c, label in enumerate(sheet.columns, start=1):
            _style(ws.cell(row=1, column=c, value=label), HEADER_FONT, CENTER)
        first = 2
    if ctx.form:
        _tip(ws.cell(row=1, column=1), SHEET_TIPS[sheet.title])

    # Each cell as (value, kind) with kind: text | wrap | money | count.
    rows: list[list[tuple[Any, str]]] = []
    if budget:
        for raw in data or []:
            _check_keys("年初预算", "row", raw, L.BUDGET.columns)
            codes = _code_cells(str(raw.get("科目编码") or "").strip(), ctx)
            rows.append([*((c, "text") for c in codes), (raw.get("科目名称"), "text"),
                         (_amount(raw.get("年初预算数")), "money"), (raw.get("说明"), "wrap")])
        blank = [*((None, "text") for _ in range(ctx.code_columns)), (None, "text"),
                 (None, "money"), (None, "wrap")]
        rows += [blank] * ctx.spare(len(rows))
    elif sheet is L.APPENDIX:
        for level, text in data or []:
            level = int(level) if str(level).strip().isdigit() else level
            rows.append([(level, "text"), (text, "wrap")])
        rows += [[(None, "text"), (None, "wrap")]] * ctx.spare(len(rows), APPENDIX_FORM_ROWS)
    else:
        for label, value in (data or {}).items():
            kind = "wrap"
            if sheet is L.UNIT_INFO and label == "年度" and str(value or "").strip().isdigit():
                value, kind = int(str(value).strip()), "text"
            elif sheet is L.PRIOR or label in L.SUPPLEMENT_MONEY:
                value, kind = _number(value, integer=False), "money"
            elif sheet is L.SUPPLEMENT and label not in L.SUPPLEMENT_TEXT_LABELS:
                value, kind = _number(value, integer=True), "count"
            rows.append([(label, "text"), (value, kind)])
        if sheet is L.GLOSSARY:
            rows += [[(None, "text"), (None, "wrap")]] * ctx.spare(len(rows), GLOSSARY_FORM_ROWS)
    for r, values in enumerate(rows, start=first):
        for c, (value, kind) in enumerate(values, start=1):
            cell = ws.cell(row=r, column=c, value=value)
            ctx.open(cell, money=kind in ("money", "count"))
            if kind == "money" and not isinstance(value, str):
                _style(cell, BODY_FONT, RIGHT, number_format=MONEY_FORMAT)
            elif kind == "count" and not isinstance(value, str):
                _style(cell, BODY_FONT, RIGHT)
            elif kind == "wrap":
                _style(cell, BODY_FONT, LEFT_WRAP)
            else:
                _style(cell, BODY_FONT, LEFT)
    widths = {
        "单位信息": [16, 100], "上年数": [28, 16], "补充数据": [34, 26], "情况说明": [30, 90],
        "绩效评价报告": [10, 110], "名词解释": [18, 100],
    }.get(sheet.title)
    if widths is None:  # 年初预算
        widths = ([W_CODE] if ctx.code_columns == 1 else [W_CODE_PART] * 3) + [W_NAME, 14, 70]
    for i, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = w
    ws.freeze_panes = ws.cell(row=first, column=1)
