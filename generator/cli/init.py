"""``juesuan init``: write a blank workbook to fill in (optionally carried forward from last year)."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import click

from . import CONTEXT, check_new_file, main, quoted


@main.command(context_settings=CONTEXT)
@click.argument("output", type=click.Path(), metavar="新工作簿.xlsx")
@click.option("--year", type=click.IntRange(1990, 2100), metavar="年度",
              help="决算年度（默认：上一年度；使用 --from 时为上年工作簿的年度加一）。")
@click.option("--unit", metavar="单位名称", help="单位名称（使用 --from 时默认沿用上年）。")
@click.option("--from", "previous", type=click.Path(path_type=Path), metavar="上年工作簿",
              help="从上年工作簿结转：单位信息、科目、年初预算科目、名词解释、绩效评价报告标题，并填好上年数。")
@click.option("--profile", metavar="版式",
              help="报告版式（内置版式名称或 .toml 文件，见 profile list）：记录在单位信息“版式”中，"
                   "补充数据只列该版式用到的项目。默认为湖南2021（使用 --from 时沿用上年的记录）。")
@click.option("--force", is_flag=True, help="文件已存在时覆盖。")
def init(output: str, year: int | None, unit: str | None, previous: Path | None, force: bool,
         profile: str | None = None) -> None:
    """生成待填写的空白工作簿（九张公开表和全部补充表，附填表说明）。"""
    from ..destination import ensure_folder
    from ..errors import writing
    from ..excel.writer import blank_data, write_workbook

    given, output = output, Path(output)
    check_new_file(output, ".xlsx", "新工作簿", force)
    if previous is not None:
        from ..carry import carry_forward
        from ..derive.figures import named_figures
        from ..findings import Severity
        from ..pipeline import read_workbook

        last = read_workbook(previous)
        errors = [f for f in last.findings if f.severity is Severity.ERROR]
        if errors:
            click.echo(f"提示：上年工作簿有 {len(errors)} 个读取问题（可用 juesuan check 查看），"
                       "相关内容可能未能结转。", err=True)
        d = last.disclosure
        data = carry_forward(d, named_figures(d), year)
        if unit:
            data["sheets"]["单位信息"]["单位名称"] = unit
    else:
        data = blank_data(year or date.today().year - 1, unit)
    if profile is None and previous is not None:
        profile = _recorded_profile(data)
    if profile is not None:
        _apply_profile(data, profile)
    ensure_folder(output.parent, output)
    with writing(output):
        write_workbook(data, output, form=True)
    info = data["sheets"]["单位信息"]
    click.echo(f"已生成工作簿：{output}（{info.get('单位名称') or '单位名称待填写'}，"
               f"{info.get('年度') or '年度待填写'}年度）")
    if previous is not None:
        click.echo(f"已从 {previous} 结转单位信息、科目、上年数和文字；请填写本年金额，"
                   "并按本年情况修改橙色单元格中从上年结转的文字（修改前 check 会给出警告）。")
    click.echo("请在 Excel 或 WPS 中填写（见“填表说明”工作表），然后运行：juesuan build "
               f"{quoted(given)}")


def _recorded_profile(data: dict) -> str | None:
    """The profile last year's workbook records (carried into 单位信息), so that the new blank has
    exactly the 补充数据 rows it prints; one that is not installed falls back, with a warning."""
    from ..profiles import choose, is_builtin

    recorded = data["sheets"]["单位信息"].get("版式")
    if not recorded:
        return None
    chosen, warning = choose(None, str(recorded))
    if warning:
        click.echo(f"提示：{warning}", err=True)
    return chosen.name if is_builtin(chosen) else str(chosen.path)


def _apply_profile(data: dict, requested: str) -> None:
    """Record the profile in 单位信息, title the tables as it prints them and keep only the 补充数据
    and 情况说明 rows it prints."""
    from ..pipeline import explanation_rows, supplement_rows
    from ..profiles import is_builtin, load
    from ..render import check_profile, profile_names
    from ..schema import EXPLANATIONS, FUND_BUDGET, SUPPLEMENT, UNIT_INFO

    check_profile(requested)  # an unknown name or a broken file: refused (exit 2)
    profile = load(requested)
    data["sheets"][UNIT_INFO.title]["版式"] = profile.name if is_builtin(profile) else str(profile.path)
    # The tables under the titles this edition prints (the reader knows every edition's titles).
    data["options"]["titles"] = {t.key: t.title for t in profile.tables}
    names = profile_names(profile)  # 八 lists each 项 of 08 (上海2024): the 政府性基金年初预算 sheet
    if "政府性基金项目明细" in names:
        data["sheets"].setdefault(FUND_BUDGET.title, [])
    data["options"]["budget_use"] = data["options"].get("budget_use") or "主要用途" in " ".join(
        p.text for s in profile.sections for p in s.paragraphs)
    rows = data["sheets"][SUPPLEMENT.title]
    # exactly the rows it prints, in the form's order: the blank's default rows are 湖南's, so a
    # 上海 profile's own (预留, 100万元设备, 绩效) are added here, not only the others taken away
    data["sheets"][SUPPLEMENT.title] = {label: rows.get(label) for label in supplement_rows(profile)}
    clauses = data["sheets"][EXPLANATIONS.title]
    data["sheets"][EXPLANATIONS.title] = {label: clauses.get(label) for label in explanation_rows(profile)}
