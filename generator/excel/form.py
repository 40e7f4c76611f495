"""The blank form of ``juesuan init``: guidance, input colour, protection, validation, formulas.

The blank form to fill in (``juesuan init``): its data, the 填表说明 sheet and comments, the
input colour, sheet protection and number validation, totals left to formulas (with the value
they have in a blank form), texts carried from last year marked for review."""
from __future__ import annotations

import io
import zipfile
from pathlib import Path

from openpyxl.comments import Comment
from openpyxl.styles import PatternFill
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from .style import BODY_FONT, LEFT_WRAP, TITLE_FONT, Context, style

GUIDANCE_TITLE = "填表说明"
APPENDIX_FORM_ROWS, GLOSSARY_FORM_ROWS = 60, 10
# Any finite amount passes; text (十四万, 1,2) is refused when typed in Excel/WPS.
MONEY_LIMIT = "1E+15"
# The cells to type in are light yellow (the guidance says so); carried texts to review, orange.
INPUT_COLOUR, REVIEW_COLOUR = "FFF2CC", "F8CBAD"
INPUT_FILL = PatternFill("solid", start_color=INPUT_COLOUR, end_color=INPUT_COLOUR)
REVIEW_FILL = PatternFill("solid", start_color=REVIEW_COLOUR, end_color=REVIEW_COLOUR)
REVIEW_NOTE = ("这段文字是从上年工作簿结转的，可能仍写着上年的情况和年度。请按本年情况核对修改；"
               "修改前 juesuan check 会提示“carried-text-unchanged”。")
# Where ``init --from`` records the carried texts: a hidden sheet of (sheet, label, text).

GUIDANCE = (
    "填表说明",
    "本工作簿用于生成部门决算公开报告：填好后运行 juesuan build 工作簿.xlsx 即可得到 Word 报告。",
    "一、九张公开表（公开01表～公开09表）按发布格式排列。标题、表头和栏次已锁定（工作表保护，无密码，"
    "可在“审阅→撤销工作表保护”中解除）；浅黄色的单元格是填写区域，可直接填写。",
    "二、合计、小计、总计等由公式自动计算（未着色、已锁定），只需填写各明细项；用 Excel 或 WPS 保存后，"
    "公式的结果随工作簿保存。",
    "三、金额单位见各表“单位：万元”行；如按元填写，请把该行改为“单位：元”，程序会自动换算为万元。"
    "金额单元格只能填写数字，没有金额请留空（按 0 处理）。",
    "四、公开02、03、05、08、09表：每行一个科目，类 3 位、款 5 位、项 7 位编码（如 208、20801、2080109），"
    "按类、款、项顺序填写，类、款行填写其下各项之和；第一行“合计”自动等于各类之和。行数不够时可在表中插入行。",
    "五、公开06表：人员经费（301、303 及其明细）填在左侧，公用经费（302、307、310 等）填在右侧两栏；"
    "最后一行的人员经费合计和公用经费合计自动计算。",
    "六、公开08表、公开09表没有数据时保持空白即可，报告中会写明本单位无相关收支。",
    "七、单位信息：单位名称和年度必填；部门职责、内设机构设置、决算单位构成为报告第一部分的文字（换行即分段）。",
    "八、上年数：填写上年决算报告中的数字（万元），用于“与上年相比”的增减说明；每个项目对应上年哪张表的哪个数字"
    "见该表第三栏，如“财政拨款支出”是上年公开04表本年支出合计（三类财政拨款之和），“一般公共预算财政拨款支出”"
    "是上年公开05表合计，两者不能互相代替；没有的项目请删除该行。",
    "九、年初预算：公开05表中每个项级科目一行，填写年初预算数和决算数与预算数差异的原因（如“主要原因是追加预算”）；"
    "有“主要用途”栏时填写该项资金的用途（如“局本部人员经费及公用经费等的基本支出”）。",
    "十、补充数据：“三公”经费相关数量、机关运行经费、会议费、培训费、政府采购、国有资产、预算绩效等；"
    "数量填整数，金额单位为万元。",
    "十一、情况说明：每项填写一句原因或说明，原样写入报告；不需要的项目可留空。",
    "十二、绩效评价报告：每行一个标题或段落，层级填 标题、1（一、）、2（（一））或 正文；"
    "文字中可用 {基本支出} 这样的花括号引用程序计算的数字。",
    "十三、名词解释（可选）：填写后替换报告第四部分的默认名词解释。单位构成（可选）：部门决算包含的各单位，本级在前。",
    "十四、从上年工作簿结转的文字（橙色单元格，带批注）请按本年情况核对修改。",
    "填好后可先运行 juesuan check 工作簿.xlsx 检查，程序会列出每个问题所在的单元格。",
)

# Comment on the title of each table / the header of each supplementary sheet.
TABLE_TIPS = {
    "01": "按行填写各项收入和支出金额（万元）；支出按功能分类的类填写；合计和总计自动计算。",
    "02": "每行一个科目（类 3 位、款 5 位、项 7 位编码）；“合计”行和“本年收入合计”栏自动计算。",
    "03": "每行一个科目（类 3 位、款 5 位、项 7 位编码）；“合计”行和“本年支出合计”栏自动计算。",
    "04": "财政拨款收入和支出，支出按功能分类的类填写；合计栏、本年合计和总计自动计算。",
    "05": "每行一个科目；与年初预算表中的项级科目对应；“合计”行和“小计”栏自动计算。",
    "06": "人员经费（301、303 类）填左侧，公用经费填右侧两栏；最后一行的两个合计自动计算。",
    "07": "预算数为年初预算数；没有的项目留空；合计和小计自动计算。",
    "08": "没有政府性基金收支时保持空白。",
    "09": "没有国有资本经营预算财政拨款支出时保持空白。",
}
SHEET_TIPS = {
    "单位信息": "单位名称和年度必填；文字中的换行即报告中的分段。",
    "上年数": "上年决算报告中的数字（万元），第三栏写明对应上年哪张表的哪个数字；没有的项目请删除该行，报告将省略相应的“与上年相比”。",
    "年初预算": "公开05表中每个项级科目一行；说明填写决算数与年初预算数差异的原因。",
    "政府性基金年初预算": "可选（上海 2024 起）：公开08表中每个项级科目一行；说明填写差异原因，主要用途填写该项用于什么。",
    "补充数据": "数量填整数；机关运行经费、会议费、培训费、政府采购、绩效资金等金额单位为万元。",
    "情况说明": "每项填写一句原因或说明，原样写入报告。",
    "绩效评价报告": "层级：标题、1、2 或 正文；可用 {基本支出} 引用程序计算的数字。",
    "名词解释": "可选：填写后替换报告第四部分的默认名词解释。",
    "单位构成": "可选（部门）：每行一个纳入本部门决算的单位，本级在前；备注如“预算不单列，并入本级”。",
}


# Printed 填表说明: A4 portrait, one column as wide as the printable width (in characters of
# the body font; a Chinese character takes two), every line wrapped inside it.
GUIDANCE_WIDTH = 70


def write_guidance(ws: Worksheet) -> None:
    for r, text in enumerate(GUIDANCE, start=1):
        cell = ws.cell(row=r, column=1, value=text)
        style(cell, TITLE_FONT if r == 1 else BODY_FONT, LEFT_WRAP, border=None)
        # Explicit heights: not every program grows a row for wrapped text when it opens the file.
        lines = -(-sum(2 if ord(ch) > 0x2E80 else 1 for ch in text) // (GUIDANCE_WIDTH - 6))
        ws.row_dimensions[r].height = 26 if r == 1 else 14 * max(lines, 1) + 4
    ws.column_dimensions["A"].width = GUIDANCE_WIDTH
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "portrait"
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.sheet_properties.pageSetUpPr.fitToPage = True  # print on one page width
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.print_area = f"A1:A{len(GUIDANCE)}"


def tip(cell, text: str) -> None:
    comment = Comment(text, "juesuan")
    comment.width, comment.height = 260, 90
    cell.comment = comment


def table_tip(cell, key: str) -> None:
    tip(cell, TABLE_TIPS[key])


def mark_for_review(cell) -> None:
    """A text carried from last year: orange, with a comment asking to review it."""
    cell.fill = REVIEW_FILL
    comment = Comment(REVIEW_NOTE, "juesuan")
    comment.width, comment.height = 300, 110
    cell.comment = comment


def write_carried(ws: Worksheet, carried: list[tuple[str, str, str]]) -> None:
    """The hidden record of the texts carried from last year: (sheet, label, text) rows."""
    ws.append(["工作表", "项目", "上年文字"])
    for row in carried:
        ws.append(list(row))
    ws.sheet_state = "hidden"


def protect(ws: Worksheet, ctx: Context) -> None:
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


def cache_zero_totals(path: Path) -> None:
    """Store 0 as the value of every formula of a form with no amount filled in — which is what
    the formulas give — so that the untouched form reads as empty (``workbook-empty``) rather
    than as formulas without a value. Excel and WPS recompute on opening (``fullCalcOnLoad``)."""
    src = Path(path).read_bytes()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(src)) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename.startswith("xl/worksheets/") and item.filename.endswith(".xml"):
                data = data.replace(b"</f><v></v>", b"</f><v>0</v>").replace(b"</f><v/>", b"</f><v>0</v>")
            zout.writestr(item, data)
    Path(path).write_bytes(out.getvalue())
