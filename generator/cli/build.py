"""``juesuan build``: audit a workbook and write its report."""
from __future__ import annotations

import sys
from contextlib import ExitStack
from pathlib import Path

import click

from ..errors import ExitCode, GeneratorError
from . import CONTEXT, echo_findings, main, short_process


@main.command(context_settings=CONTEXT)
@click.argument("workbooks", nargs=-1, required=True, type=click.Path(path_type=Path),
                metavar="工作簿…")
@click.option("-o", "--output", metavar="路径",
              help="报告保存位置：文件（.docx；.pdf 时另存同名 .docx）或文件夹（以 / 结尾、已存在或没有扩展名，"
                   "不存在时自动创建）。默认 dist/{单位名称}{年度}年度部门决算.docx；批量生成时为输出文件夹（默认 dist/）。")
@click.option("--template", type=click.Path(path_type=Path), metavar="模板",
              help="Word 模板：模板文件或内置模板名称（见 template list；默认使用内置的“默认”模板）。")
@click.option("--profile", metavar="版式",
              help="报告版式：内置版式名称（见 profile list）或版式文件（.toml）。默认使用工作簿“单位信息”中记录的版式，"
                   "没有记录时为湖南2021。")
@click.option("--pdf", "pdf", is_flag=True,
              help="同时用 LibreOffice 生成 PDF（与报告同名，扩展名 .pdf），并填好目录页码。")
@click.option("-j", "--jobs", type=click.IntRange(min=1), metavar="N",
              help="批量生成时同时处理的工作簿数（默认为 CPU 核数）。")
def build(workbooks: tuple[Path, ...], output: str | None, template: Path | None, pdf: bool,
          jobs: int | None, profile: str | None = None) -> None:
    """审核工作簿并生成决算公开报告（.docx）。有错误时不生成报告。

    可一次给出多个工作簿或一个文件夹（其中所有 Excel 工作簿），批量生成到输出文件夹，
    并生成汇总表“汇总.xlsx”；任一单位未生成报告时退出码为 1。
    """
    single = len(workbooks) == 1 and not workbooks[0].is_dir()
    with ExitStack() as stack:
        office = None
        if single and (pdf or (output and str(output).lower().endswith(".pdf"))):
            require_libreoffice()
            from ..pdf import Converter

            # LibreOffice starts first, in the background: its start-up (about a second) overlaps
            # the imports, the checks, the reading and the rendering
            office = stack.enter_context(Converter().start())
        from ..pipeline import build as build_report

        if profile is not None:  # an unknown name or a profile file with an error: refused (exit 2)
            from ..render import check_profile

            check_profile(profile)
        if template is not None:
            from ..render.template_check import validate_template

            validate_template(template)
        if not single:
            from .build_many import run as run_batch

            if pdf:
                require_libreoffice()
            run_batch(workbooks, output, template, jobs, pdf, profile)
            return
        if office is not None:
            result = build_report(workbooks[0], output, template, pdf=pdf, converter=office, profile=profile)
        else:
            short_process()  # the reader's libraries are imported: frozen out of the collector
            result = build_report(workbooks[0], output, template, profile=profile)
    if result.output is None:
        echo_findings(result.report)
    elif result.report.findings:  # 提示 (尾差) only in the saved .审核.txt
        click.echo(result.report.to_text(include_info=False), err=True)
    if result.output is None:
        click.echo(f"未生成报告：工作簿有 {len(result.report.errors)} 个错误，请修改后重试。", err=True)
        sys.exit(ExitCode.CONTENT)
    click.echo(f"已生成报告：{result.output}")
    if result.audit_file is not None:
        click.echo(f"审核结果（{result.report.summary()}）已保存到：{result.audit_file}")
    for note in result.notes:
        click.echo(f"提示：{note}", err=True)
    if result.pdf is not None:
        click.echo(f"已生成 PDF：{result.pdf}")
    elif result.pdf_error:
        click.echo(f"错误：未能生成 PDF：{result.pdf_error}", err=True)
        sys.exit(ExitCode.UNUSABLE)


def require_libreoffice() -> None:
    """Refuse a PDF build before anything is written when LibreOffice is not installed."""
    from ..pdf import find_soffice

    if find_soffice() is None:
        raise GeneratorError(
            "生成 PDF 需要 LibreOffice，但本机未找到 LibreOffice（soffice），未生成任何文件。",
            hint="请安装 LibreOffice（https://zh-cn.libreoffice.org/），或改为生成 .docx"
                 "（去掉 --pdf，或 -o 使用 .docx 文件名）后在 Word/WPS 中另存为 PDF。")
