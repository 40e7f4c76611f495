"""Write docs/audit.md from the audit registry and the findings catalogue.

The rules and finding codes are declared once, in generator/audit/registry.py and
generator/findings.py; this page is made from them, so that it cannot drift from what ``check``
does (tests/test_docs.py fails when the committed page differs from what this script writes).

Run:  python scripts/build_docs.py
"""
from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "audit.md"

HEAD = """# 审核规则

`juesuan check 工作簿.xlsx` 和 `juesuan build` 运行同一套规则（`juesuan check --rules` 在屏幕上列出）。
每个问题有稳定的结果代码、严重程度、所在单元格（`工作表!单元格`，最可能填错的在前）、应为/实为和处理建议。

- **错误**：阻止生成报告（退出码 1）。
- **警告**、**提示**：报告照常生成，问题另存为报告旁的 `{报告名}.审核.txt`。

原则：

- **先报最可能填错的单元格。** 几个等式同时不成立时，找出改动后能让它们全部成立的最少输入单元格（一个，其次两个；
  公式单元格不作为候选），作为第一个错误报告并给出改正后的数值，其余错误注明“可能由该单元格引起”。
- **一个原因只报一次。** 读不出的单元格（金额栏中的文字、没有计算结果的公式）只报告一次，不再引出与之相关的等式、
  合理性和措辞问题。
- **万元表格的尾差：** n 个有金额的项之和与合计相差不超过 0.01 × n 万元时记为“提示”，超过为“错误”。
- **按版式不列示的项目是未知，不按 0 计：** 各项都未列示时不核对；部分未列示时只核对已列示各项之和不超过合计。

本页由 `python scripts/build_docs.py` 从 `generator/audit/registry.py` 与 `generator/findings.py` 生成，请勿手工修改。
"""


def page() -> str:
    """The Markdown text of docs/audit.md."""
    sys.path.insert(0, str(ROOT))
    from generator.audit import REGISTRY
    from generator.findings import CATALOGUE

    def cell(text: str) -> str:
        return text.replace("|", "\\|").replace("\n", " ")

    lines = [HEAD, f"## 规则（共 {len(REGISTRY)} 条）", "", "| 规则 | 检查什么 | 可能的结果代码 |", "|---|---|---|"]
    for rule in REGISTRY:
        codes = "、".join(f"`{c}`" for c in rule.codes)
        lines.append(f"| {rule.id} | {cell(rule.title)} | {codes} |")
    lines += ["", f"## 结果代码（共 {len(CATALOGUE)} 个）", "",
              "| 代码 | 严重程度 | 问题 | 处理建议 |", "|---|---|---|---|"]
    for code, entry in CATALOGUE.items():
        lines.append(f"| `{code}` | {entry.severity.value} | {cell(entry.title)} | {cell(entry.hint)} |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    OUT.parent.mkdir(exist_ok=True)
    OUT.write_text(page(), encoding="utf-8", newline="\n")
    print(f"已写入 {OUT.relative_to(ROOT)}")
