"""Reading aliases: header texts, row labels and code patterns seen in published tables."""
from __future__ import annotations

import re

from .tables import PERSONNEL_TOTAL, PUBLIC_TOTAL, THREE_COST_ITEMS

# ---------------------------------------------------------------------------------------------
# Reading aliases: header texts, row labels and code patterns met in published tables
# (spec/workbook.md, "Real tables vary"). All compared after ``fold``.

# 科目编码 headers: one column, or a group over 类/款/项 sub-columns.
CODE_HEADERS = ("科目编码", "支出功能分类科目编码", "功能分类科目编码", "收入功能分类科目编码",
                "经济分类科目编码", "部门经济分类科目编码", "政府经济分类科目编码", "科目代码")
CODE_PARTS = ("类", "款", "项")
NAME_HEADERS = ("科目名称", "功能分类科目名称", "经济分类科目名称", "支出功能分类科目名称")
# The 项目 header over a labelled block (01, 04) or over the 07 vertical list.
ITEM_HEADERS = ("项目", "收入项目", "支出项目", "项目(按功能分类)", "项目(按支出功能分类科目)")
# A column-number row is labelled 栏次 (or nothing); a 行次 column numbers the lines of 01/04.
# The 财决 forms letter the label columns of that row 甲 乙 丙 instead.
NUMBER_ROW_LABELS = ("栏次", "甲", "乙", "丙", "丁")
LINE_NUMBER_HEADERS = ("行次",)
TOTAL_LABELS = ("合计", "总计")
# Header texts that only say "this is an amount" (an extra row or group label over the amount
# columns); they never name a column by themselves unless the column's own label is one.
AMOUNT_FILLERS = ("决算数", "收入决算数", "支出决算数", "本年决算数", "决算金额", "金额",
                  "本年数", "本年支出决算数", "本年收入决算数")
# The amount column of a labelled table's 收入 block (01, 04), and of each 06 block.
INCOME_AMOUNT_HEADERS = ("金额", "决算数", "金额(万元)", "本年数")
BASIC_VALUE_HEADERS = ("决算数", "金额", "本年决算数", "决算金额", "合计")
# 04's year-end line: one row split across the kind columns, or followed by three kind rows.
YEAR_END_LINE = "年末财政拨款结转和结余"
# Lines above a table's header that are not headers.
PREAMBLE_PREFIXES = ("编制单位", "部门:", "部门名称", "单位名称", "填报单位", "单位:", "编报单位")
NOTE_PREFIXES = ("注", "说明:", "备注")

# Code levels (功能分类 类 3 digits, 款 5, 项 7; 经济分类 类 3, 款 5) and a code's children's length.
CLASS_DIGITS, SUBCLASS_DIGITS, ITEM_DIGITS = 3, 5, 7
CODE_LEVELS = {CLASS_DIGITS: "类", SUBCLASS_DIGITS: "款", ITEM_DIGITS: "项"}
CHILD_LENGTH = {CLASS_DIGITS: SUBCLASS_DIGITS, SUBCLASS_DIGITS: ITEM_DIGITS}
FUNCTION_CODE = re.compile(r"^\d{3}(\d{2}){0,2}$")
ECONOMIC_CODE = re.compile(r"^\d{3}(\d{2})?$")
# 经济分类 类 that make up 人员经费 in table 06; every other 类 is 公用经费.
PERSONNEL_CLASSES = ("301", "303")
PERSONNEL_TOTALS = (PERSONNEL_TOTAL, "人员经费小计")
PUBLIC_TOTALS = (PUBLIC_TOTAL, "公用经费小计")
BASIC_GROUPS = ("人员经费", "公用经费")

# Table 07: the two sides and the items, as header texts (horizontal and item-major layouts)
# or row labels (vertical layout).
THREE_SIDES = {"预算数": ("预算数", "预算", "年初预算数", "全年预算数"),
               "决算数": ("决算数", "决算", "实际支出数", "支出数")}
# Vertical lists seen: 施甸县 2016 (云南) “1.因公出国(境)费 … 其中:(1)公务用车购置费”, 岳阳县 2017
# (湖南) “一、支出合计 1、因公出国(境)费用 3、公务用车费 其中:(1)公务用车运行维护费 (2)公务用车购置”.
THREE_ITEM_NAMES = {
    "合计": ("合计", "“三公”经费合计", "三公经费合计", "支出合计"),
    "因公出国（境）费": ("因公出国（境）费", "因公出国（境）费用", "因公出国（境）经费"),
    "公务用车购置及运行费": ("公务用车购置及运行费", "公务用车购置及运行维护费", "公务用车费"),
    "公务用车购置费": ("公务用车购置费", "公务用车购置"),
    "公务用车运行费": ("公务用车运行费", "公务用车运行维护费"),
    "公务接待费": ("公务接待费",),
}
assert set(THREE_ITEM_NAMES) == set(THREE_COST_ITEMS)
SUBTOTAL_LABELS = ("小计",)

# Title cells: the title, optionally after a year (2021年度) or unit name and before 公开0N表.
TABLE_NUMBER = re.compile(r"^[(（]?公开\d{1,2}表[)）]?$")
TITLE_DECORATION = re.compile(r"^(?:.*?\d{4}年度?)?(.*?)(?:\(?公开\d{1,2}表\)?)?$")

# Supplementary sheets: accepted spellings of their value headers.
COLUMN_ALIASES = {"上年决算数": ("上年数", "金额", "数值", "上年决算"),
                  "数值": ("数量", "金额", "值"),
                  "科目编码": CODE_HEADERS}
