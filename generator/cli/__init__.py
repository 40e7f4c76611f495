"""Command line ``juesuan``: the click group on which every command registers.

Command line: ``juesuan build``, ``juesuan check`` …  The ``generator.cli`` package is the only
place importing click; each command lives in its own module and registers on ``main``.

Exit codes: 0 成功（可能有警告）; 1 有阻止生成报告的错误; 2 文件无法使用（不存在、不是 Excel）、
输出无法写入或用法错误. Fatal conditions are ``errors.GeneratorError``s, mapped in ``_Main.invoke``.
"""
from __future__ import annotations

import sys

import click

from .. import __version__
from . import zh

zh.install()  # before any command is declared: some help texts are translated at declaration

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


def echo_findings(report, *, err: bool = True) -> None:
    """Print a report's findings (grouped by severity) if there are any."""
    if report.findings:
        click.echo(report.to_text(), err=err)


def tolerant_console() -> None:
    """Let output survive a console that cannot encode every character (a Chinese Windows
    console uses GBK, which lacks e.g. ✓): such characters print as ``?`` instead of crashing
    the command. UTF-8 streams are left alone."""
    for stream in (sys.stdout, sys.stderr):
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "").replace("_", "")
        if encoding.startswith("utf") or not hasattr(stream, "reconfigure"):
            continue
        try:
            stream.reconfigure(errors="replace")
        except (ValueError, OSError):  # a closed or detached stream: nothing to protect
            pass


def check_new_file(path, suffix: str, what: str, force: bool) -> None:
    """Refuse (exit code 2) unless ``path`` has ``suffix`` and (without ``force``) does not exist."""
    from ..errors import GeneratorError

    if path.suffix.lower() != suffix:
        raise GeneratorError(f"{what}应保存为 {suffix} 文件，而不是“{path.name}”。")
    if path.exists() and not force:
        if path.is_dir():
            raise GeneratorError(f"“{path}”是文件夹；请指定{what}的文件名（{suffix}）。")
        raise GeneratorError(f"{path} 已存在；如需覆盖请加 --force。")


def quoted(path) -> str:
    """``path`` as the user would type it again: in double quotes when it holds spaces or
    characters a shell would split or interpret."""
    text = str(path)
    if text and not any(ch.isspace() or ch in "\"'&|<>()^;$`!*?[]{}#~%" for ch in text):
        return text
    return '"' + text.replace('"', '\\"') + '"'


_OWN_PROCESS = False  # set by ``run``: the command is the whole process


def run() -> None:
    """The ``juesuan`` program (its console script and ``python -m generator``): ``main`` in a
    process that ends with the command (tests call ``main``)."""
    global _OWN_PROCESS
    _OWN_PROCESS = True
    main(prog_name="juesuan")


def short_process() -> None:
    """In a process of its own (``run``), take what is alive now — the modules imported — out of
    the cyclic garbage collector for the rest of the command, and (``atexit``) everything left
    when it ends: the process ends with it, and the collector walking all of it again in each
    full collection and once more at exit was ~0.1 s of a 0.6 s build. Nothing is leaked that
    the process would have outlived. A no-op when the command runs inside another program."""
    if _OWN_PROCESS:
        import atexit
        import gc

        gc.freeze()
        atexit.register(gc.freeze)


class _Main(click.Group):
    """The command group; the one place mapping ``GeneratorError`` to its message and exit code."""

    def invoke(self, ctx: click.Context):
        from ..errors import GeneratorError

        try:
            return super().invoke(ctx)
        except GeneratorError as exc:
            click.echo(f"错误：{exc}", err=True)
            # WorkbookUnusable keeps its hint on the finding it carries.
            hint = exc.hint or getattr(getattr(exc, "finding", None), "hint", "")
            if hint:
                click.echo(f"处理建议：{hint}", err=True)
            ctx.exit(exc.exit_code)


@click.group(cls=_Main, context_settings=CONTEXT)
@click.version_option(__version__, "-V", "--version", message="juesuan %(version)s")
def main() -> None:
    """部门决算公开报告生成器：读取决算公开表工作簿，审核，生成决算公开报告（Word）。

    \b
    常用命令：
      juesuan build 工作簿.xlsx        审核并生成报告到 dist/
      juesuan check 工作簿.xlsx        只审核，列出全部问题
      juesuan init 新工作簿.xlsx       生成待填写的空白工作簿（--from 上年工作簿 可结转）
      juesuan build 文件夹/            批量生成多个单位的报告和汇总表
      juesuan template export 模板.docx  导出报告模板供修改

    退出码：0 成功；1 有错误，未生成报告；2 文件无法读取或用法错误。
    """
    tolerant_console()


# Commands register themselves on ``main`` when imported.
from . import build, check, init, profile, serve, template  # noqa: E402,F401


def _chinese_metavars(command: click.Command) -> None:
    """``[选项]`` and ``命令 [参数]...`` in usage lines, for every command."""
    command.options_metavar = "[选项]"
    if isinstance(command, click.Group):
        command.subcommand_metavar = "命令 [参数]..."
        for sub in command.commands.values():
            _chinese_metavars(sub)


_chinese_metavars(main)
