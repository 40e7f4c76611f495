"""Audit of free-text wording: doubled words, half-width punctuation, another year's name.

Wording of free text: a doubled word (主要主要, 的的), half-width brackets or commas among
Chinese characters, and a year naming another year's report (e.g. ``2020年部门决算`` in a 2021
workbook, typical after ``init --from``). Warnings at the cell, the corrected text in the hint.
"""
from __future__ import annotations

import re

from .. import findings as F
from .rule import rule
from .text import free_texts

HAN = "\u4e00-\u9fff"
# ABAB (主要主要) and doubled function characters (的的); 了了 (不了了之), 人人, 等等 are words.
DOUBLED = re.compile(rf"([{HAN}]{{2}})\1|([的是在和与及对将把被并而或于从向由])\2")
HALF_BRACKETS = re.compile(r"\(([^()]{0,30})\)")
HALF_COMMA = re.compile(rf"(?<=[{HAN}])[,;]|[,;](?=[{HAN}])")
FULL = {",": "，", ";": "；", "(": "（", ")": "）"}
REPORT_YEAR = re.compile(r"(\d{4})(\s*年度?\s*)(?=部门决算|部门整体支出绩效评价|决算公开|决算报告)")


def _excerpt(text: str, start: int, end: int, width: int = 8) -> tuple[int, int]:
    return max(0, start - width), min(len(text), end + width)


def _doubles(value: str):
    for m in DOUBLED.finditer(value):
        word = m.group(1) or m.group(2)
        if m.group(2):
            before, after = value[m.start() - 2:m.start()], value[m.end():m.end() + 2]
            if (len(before) == 2 and before[0] == before[1]) or (len(after) == 2 and after[0] == after[1]):
                continue  # AABB: 实实在在, 的的确确
        elif word[0] == word[1]:
            continue
        yield m, word


@rule("TXT-5", "文字中不应有重复的词（如“主要主要”“的的”，警告）", "text-doubled-word")
def doubled_words(d, figures):
    """文字中连续重复的两字词（主要主要）或虚词（的的、是是）时警告，并在处理建议中给出删去重复后的文字；
    “人人”“等等”“实实在在”等叠词不算。每个单元格报告一次。"""
    for text in free_texts(d):
        found = list(_doubles(text.value))
        if not found:
            continue
        m, word = found[0]
        a, b = _excerpt(text.value, m.start(), m.end())
        fixed = text.value[a:m.start()] + word + text.value[m.end():b]
        yield F.make("text-doubled-word", text.ref, token=m.group(0), excerpt=text.value[a:b],
                     fixed=fixed)


def _full_width(value: str) -> str:
    value = HALF_BRACKETS.sub(lambda m: f"（{m.group(1)}）" if _chinese_bracket(value, m) else m.group(0),
                              value)
    return HALF_COMMA.sub(lambda m: FULL[m.group(0)], value)


def _chinese_bracket(value: str, m: re.Match) -> bool:
    around = value[max(0, m.start() - 1):m.end() + 1]
    return bool(re.search(f"[{HAN}]", around))


@rule("TXT-6", "中文文字中不应使用半角括号、逗号、分号（警告）", "text-halfwidth")
def halfwidth_punctuation(d, figures):
    """中文文字中的半角括号 ( )（括号内或紧邻有汉字时）以及紧邻汉字的半角逗号、分号时警告，处理建议给出
    改为全角标点后的文字（如“(一)”改为“（一）”）。数字中的千分位逗号不算。每个单元格报告一次。"""
    for text in free_texts(d):
        value = text.value
        hits = [m for m in HALF_BRACKETS.finditer(value) if _chinese_bracket(value, m)]
        hits += list(HALF_COMMA.finditer(value))
        if not hits:
            continue
        first = min(hits, key=lambda m: m.start())
        a, b = _excerpt(value, first.start(), first.end())
        tokens = "".join(dict.fromkeys(c for m in hits for c in m.group(0) if c in FULL))
        yield F.make("text-halfwidth", text.ref, token=tokens, excerpt=value[a:b],
                     fixed=_full_width(value)[a:b])


@rule("TXT-7", "文字中提到的决算年度应为本报告年度（警告）", "text-wrong-year")
def wrong_years(d, figures):
    """文字中“2020年部门决算”“2020年度部门决算”“2020年度部门整体支出绩效评价”等指向报告本身的年度与
    单位信息的年度不同时警告（常见于沿用上年工作簿），处理建议给出改正后的文字。"""
    year = d.year
    if not re.fullmatch(r"\d{4}", year or ""):
        return
    for text in free_texts(d):
        if text is d.unit.get("年度"):
            continue
        for m in REPORT_YEAR.finditer(text.value):
            if m.group(1) == year:
                continue
            a, b = _excerpt(text.value, m.start(), m.end())
            fixed = text.value[a:m.start()] + year + text.value[m.start() + 4:b]
            yield F.make("text-wrong-year", text.ref, token=m.group(0).strip() + text.value[m.end():m.end() + 4],
                         year=year, excerpt=text.value[a:b], fixed=fixed)
            break
