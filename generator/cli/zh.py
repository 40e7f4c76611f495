"""Click's own words in simplified Chinese (用法、选项、错误提示…).

Click marks its messages for gettext but ships no Chinese catalogue; finance staff must not meet
"Usage:" or "Missing argument". ``install`` points the gettext functions that click's modules
imported at this table (messages not listed stay as click wrote them). It runs before any
command is declared, because some texts (the --version help) are translated at declaration.
Click also puts English punctuation around the translated words (``'工作簿'``, a closing ``.``,
``'a', 'b'``): ``install`` passes every usage error's message through ``punctuate``.
"""
from __future__ import annotations

import functools
import importlib
import re

ZH: dict[str, str] = {
    "Usage:": "用法：",
    "Options": "选项",
    "Commands": "命令",
    "Show this message and exit.": "显示本帮助并退出。",
    "Show the version and exit.": "显示版本号并退出。",
    "%(prog)s, version %(version)s": "%(prog)s 版本 %(version)s",
    "Error: {message}": "错误：{message}",
    "Try '{command} {option}' for help.": "运行“{command} {option}”查看帮助。",
    "Missing argument": "缺少参数",
    "Missing option": "缺少选项",
    "Missing parameter": "缺少参数",
    "Missing {param_type}": "缺少{param_type}",
    "Missing parameter: {param_name}": "缺少参数：{param_name}",
    "Missing command.": "缺少命令。",
    "No such option {name!r}.": "没有选项 {name!r}。",
    "No such command {name!r}.": "没有命令 {name!r}。",
    "Did you mean {possibility}?": "您是否要输入 {possibility}？",
    "(Did you mean one of: {possibilities}?)": "（您是否要输入其中之一：{possibilities}？）",
    "Invalid value: {message}": "值无效：{message}",
    "Invalid value for {param_hint}: {message}": "{param_hint} 的值无效：{message}",
    "Got unexpected extra argument ({args})": "多余的参数（{args}）",
    "Got unexpected extra arguments ({args})": "多余的参数（{args}）",
    "Option {name!r} requires an argument.": "选项 {name!r} 需要一个值。",
    "Option {name!r} requires {nargs} arguments.": "选项 {name!r} 需要 {nargs} 个值。",
    "Option {name!r} does not take a value.": "选项 {name!r} 不需要值。",
    "{value!r} is not {choice}.": "{value!r} 不是 {choice}。",
    "{value!r} is not one of {choices}.": "{value!r} 不在可选值 {choices} 中。",
    "{value!r} is not a valid {number_type}.": "{value!r} 不是有效的数字。",
    "{value} is not in the range {range}.": "{value} 不在范围 {range} 内。",
    "{name} {filename!r} does not exist.": "{name} {filename!r} 不存在。",
    "{name} {filename!r} is a directory.": "{name} {filename!r} 是文件夹。",
    "{name} {filename!r} is a file.": "{name} {filename!r} 是文件。",
    "{name} {filename!r} is not readable.": "{name} {filename!r} 无法读取。",
    "{name} {filename!r} is not writable.": "{name} {filename!r} 无法写入。",
    "file": "文件",
    "directory": "文件夹",
    "path": "路径",
    "default: {default}": "默认：{default}",
    "Aborted!": "已中止。",
}

_MODULES = ("core", "exceptions", "formatting", "decorators", "parser", "types", "termui")


def gettext(message: str) -> str:
    return ZH.get(message, message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return gettext(singular if n == 1 else plural)


_QUOTED = re.compile(r"'([^'\n]*)'")
_CJK = "\u3400-\u9fff\uff00-\uffef“”（）：、"
_FULL_STOP = re.compile(rf"(?<=[{_CJK}])\.(?=\s|$)")


def punctuate(text: str) -> str:
    """Chinese punctuation in a message click assembled: ``'x'`` → “x”, ``”, “`` → ``”、“``, a
    full stop after Chinese text → 。, no spaces around the Chinese quotes."""
    text = _QUOTED.sub(r"“\1”", text)
    text = text.replace("”, “", "”、“")
    text = re.sub(r" +“", "“", text)
    text = re.sub(r"” +", "”", text)
    text = _FULL_STOP.sub("。", text)
    return re.sub(r"(?<=[。？！]) +", "", text)


def _punctuated(format_message):
    @functools.wraps(format_message)
    def wrapper(self) -> str:
        return punctuate(format_message(self))
    wrapper.punctuated = True
    return wrapper


def install() -> None:
    """Make click speak Chinese (idempotent)."""
    import click.exceptions as exceptions

    for name in _MODULES:
        module = importlib.import_module(f"click.{name}")
        if hasattr(module, "_"):
            module._ = gettext
        if hasattr(module, "ngettext"):
            module.ngettext = ngettext
    for cls in (exceptions.ClickException, *_subclasses(exceptions.ClickException)):
        own = cls.__dict__.get("format_message")
        if own is not None and not getattr(own, "punctuated", False):
            cls.format_message = _punctuated(own)
    import click.formatting as formatting

    formatting.HelpFormatter.write_heading = _write_heading
    if not getattr(formatting.HelpFormatter.write_usage, "punctuated", False):
        formatting.HelpFormatter.write_usage = _usage(formatting.HelpFormatter.write_usage)


def _write_heading(self, heading: str) -> None:
    """``选项：`` (click writes ``heading:``)."""
    self.write(f"{'':>{self.current_indent}}{heading}：\n")


def _usage(write_usage):
    """``用法：juesuan …`` (click writes the prefix, then a space)."""
    @functools.wraps(write_usage)
    def wrapper(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        write_usage(self, prog, args, gettext("Usage:") if prefix is None else prefix)
    wrapper.punctuated = True
    return wrapper


def _subclasses(cls) -> list[type]:
    return [c for sub in cls.__subclasses__() for c in (sub, *_subclasses(sub))]
