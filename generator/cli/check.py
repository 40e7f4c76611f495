"""``juesuan check``: audit a workbook and list every finding.

``juesuan check``: audit a workbook and list every finding; ``--rules`` lists the rules,
``--figures`` the figure names free text may reference, ``--annotate`` writes a marked-up copy."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from ..errors import ExitCode
from . import CONTEXT, main


def rules_text() -> str:
    """The registered rules, one block per rule: id, Chinese title, finding codes."""
    from ..audit import REGISTRY
    from ..findings import CATALOGUE

    lines = [f"审核规则（共 {len(REGISTRY)} 条）：", ""]
    for r in REGISTRY:
        lines.append(f"{r.id}  {r.title}")
        codes = "、".join(f"{c}（{CATALOGUE[c].severity.value}：{CATALOGUE[c].title}）" for c in r.codes)
        lines.append(f"      可能的结果：{codes}")
    return "\n".join(lines)


def figures_text(figures) -> str:
    """One line per figure: its ``{…}`` name in free text, its value, its name in the Word template
    (``figures.template_name``) and the other names prose gives it (``figures.ALIASES``)."""
    from ..derive.figures import ALIASES, is_money, template_name
    from ..money import fmt_amount, fmt_count

    lines = ["文字中的引用\t数值\t模板中的名称\t文字中的其他叫法"]
    for name, value in figures.items():
        shown = f"{fmt_amount(value)} 万元" if is_money(name) else fmt_count(value)
        line = f"{{{name}}}\t{shown}\t{{{{ {template_name(name)} }}}}"
        if ALIASES.get(name):
            line += "\t" + "、".join(ALIASES[name])
        lines.append(line)
    return "\n".join(lines)


@main.command(context_settings=CONTEXT)
@click.argument("workbook", type=click.Path(path_type=Path), metavar="工作簿", required=False)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="输出格式：text 便于阅读，json 便于程序处理。")
@click.option("--annotate", type=click.Path(path_type=Path, dir_okay=False), metavar="输出.xlsx",
              help="另存一份标注了问题单元格（底色和批注）的工作簿副本；原工作簿不会被修改。")
@click.option("--profile", metavar="版式",
              help="按该版式审核（内置版式名称或 .toml 文件；默认为工作簿记录的版式）：表名属于另一版式时给出警告。")
@click.option("--rules", "list_rules", is_flag=True, help="列出全部审核规则及其结果代码，不审核。")
@click.option("--layout", "show_layout", is_flag=True,
              help="列出每张表的识别结果：工作表、标题、表头行、各栏目取自哪一列、数据行、金额单位。")
@click.option("--figures", "list_figures", is_flag=True,
              help="列出该工作簿中的数字：文字里用 {名称} 引用的名称、数值、Word 模板中的名称及文字中的其他叫法。")
def check(workbook: Path | None, fmt: str, annotate: Path | None, list_rules: bool,
          list_figures: bool, show_layout: bool = False, profile: str | None = None) -> None:
    """审核工作簿（表内、表间、补充数据和文字），一次列出全部问题，不生成报告。

    \b
    juesuan check 工作簿.xlsx [--format json] [--annotate 标注.xlsx]
    juesuan check --figures 工作簿.xlsx     列出该工作簿中的数字及其名称
    juesuan check --layout 工作簿.xlsx      列出每张表的识别结果
    juesuan check --rules                  列出审核规则（不需要工作簿）

    退出码：0 没有错误（可能有警告、提示）；1 有错误；2 文件无法读取或用法错误。
    """
    from ..pipeline import WorkbookUnusable, check as check_workbook
    from ..findings import Report

    if list_rules:
        click.echo(rules_text())
        return
    if workbook is None:
        option = "--figures " if list_figures else "--layout " if show_layout else ""
        raise click.UsageError(f"请指定{'要审核的' if not option else ''}工作簿，例如：juesuan check {option}工作簿.xlsx")
    if show_layout:
        from .layout import layout_text

        click.echo(layout_text(workbook))  # an unusable file: GeneratorError, mapped by the CLI
        return
    try:
        result = check_workbook(workbook, profile)
    except WorkbookUnusable as exc:
        if fmt == "json":  # the one JSON shape (Report.to_json); the message goes to stderr
            unusable = Report(source=str(workbook))
            unusable.extend([exc.finding])
            click.echo(unusable.to_json())
        raise
    report = result.report
    if list_figures:
        click.echo(figures_text(result.figures))
        return
    if fmt == "json":
        click.echo(report.to_json())
    else:
        click.echo(report.to_text() if report.findings else f"审核通过：{workbook}，未发现问题。")
    if annotate is not None:
        from ..errors import writing
        from ..excel.annotate import annotate_workbook

        with writing(annotate):
            annotated = annotate_workbook(workbook, annotate, report.findings)
        click.echo(f"已保存标注副本：{annotated.path}（标注 {annotated.marked} 个单元格）", err=fmt == "json")
        if annotated.note:
            click.echo(annotated.note, err=fmt == "json")
    sys.exit(ExitCode.OK if report.valid else ExitCode.CONTENT)
