"""``check --layout``: what the reader understood of each table, in Chinese, for an officer."""
from __future__ import annotations

from pathlib import Path

from .. import schema

# Reader findings about the shape of a table (shown with the layout, so a label can be fixed).
SHAPE_CODES = ("table-missing", "table-duplicate", "column-missing", "column-ambiguous",
               "total-duplicate", "line-missing")


def _rows(span: tuple[int, int] | None) -> str:
    if span is None:
        return "无"
    first, last = span
    return f"第 {first} 行" if first == last else f"第 {first}–{last} 行"


def layout_text(path: Path) -> str:
    """The layout report of the workbook at ``path`` (raises ``WorkbookUnusable``)."""
    from ..excel.reader import read_workbook

    result = read_workbook(path)
    by_key = {layout.key: layout for layout in result.layouts}
    lines = [f"表格识别结果：{path}", ""]
    for spec in schema.TABLES:
        head = spec.display_name
        layout = by_key.get(spec.key)
        if layout is None:
            lines += [f"{head}：未找到", ""]
            continue
        scale = "元（折算为万元）" if layout.scale == "元" else "万元"
        lines.append(head)
        lines.append(f"  工作表：{layout.sheet}　标题单元格：{layout.title_cell}　金额单位：{scale}")
        lines.append(f"  标题：{layout.title_text}")
        numbers = "、".join(str(r) for r in layout.number_rows)
        lines.append(f"  表头：{_rows(layout.header_rows)}"
                     + (f"；栏次行（不作数据）：第 {numbers} 行" if numbers else "；无栏次行"))
        lines.append("  栏目：")
        for meaning, column, header in layout.columns:
            if not column:
                lines.append(f"    {meaning} ← 未找到（见下方识别问题）")
                continue
            shown = header.replace("/", " / ") if header else "（无表头文字）"
            lines.append(f"    {meaning} ← {column} 列（{shown}）")
        lines.append(f"  数据：{_rows(layout.data_rows)}")
        for note in layout.notes:
            lines.append(f"  说明：{note}")
        lines.append("")
    problems = [f for f in result.findings if f.code in SHAPE_CODES]
    if problems:
        lines.append(f"识别问题（{len(problems)} 个）：")
        for n, f in enumerate(problems, 1):
            lines.append(f"{n}. [{f.code}] {f.location or '工作簿'}：{f.message}")
    else:
        lines.append("九张表均已识别，未发现表头或合计行的问题。")
    return "\n".join(lines)
