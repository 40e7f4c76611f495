"""Fatal conditions: one base class carrying the exit code and the Chinese message.

Problems in a workbook's *content* are findings (``findings.Report``), never exceptions. An
exception is for what stops a command altogether: a file that is not a workbook, a template that
cannot be used, an output that cannot be written. Every such exception subclasses
``GeneratorError``; the CLI maps it in one place (``cli.main``).
"""
from __future__ import annotations

import errno
import os
from contextlib import contextmanager
from enum import IntEnum
from pathlib import Path
from typing import Iterator


class ExitCode(IntEnum):
    """The exit codes of every command (README “退出码”)."""

    OK = 0        # done (warnings possible)
    CONTENT = 1   # the workbook has errors: no report (in a batch: some unit has none)
    UNUSABLE = 2  # a file missing or not Excel, an output that cannot be written, bad usage


class GeneratorError(Exception):
    """A command cannot go on. ``str(exc)`` is the Chinese message for the user.

    Attributes:
        exit_code: 2 for unusable input or output (file missing, not Excel, unwritable path,
            broken template); 1 for problems of the workbook's content.
        hint: what the user can do about it (Chinese), or "".
    """

    exit_code: int = ExitCode.UNUSABLE
    hint: str = ""

    def __init__(self, message: str, *, hint: str = "", exit_code: int | None = None) -> None:
        super().__init__(message)
        if hint:
            self.hint = hint
        if exit_code is not None:
            self.exit_code = exit_code


class OutputUnwritable(GeneratorError):
    """An output file or folder cannot be written (read-only, open in Word/WPS, a path through
    a file …). The message names the path and the likely cause."""


def _first_existing(path: Path) -> Path | None:
    """The nearest existing path at or above ``path`` (None when none exists)."""
    for candidate in (path, *path.parents):
        if os.path.lexists(candidate):
            return candidate
    return None


# The program a file of each kind is likely open in when it cannot be replaced.
_OPEN_IN = {".docx": " Word 或 WPS ", ".xlsx": " Excel 或 WPS ", ".xlsm": " Excel 或 WPS ",
            ".pdf": " PDF 阅读器（或浏览器、WPS）", ".txt": "记事本等程序"}


def unwritable(path: Path | str, exc: OSError) -> OutputUnwritable:
    """The Chinese ``OutputUnwritable`` for an ``OSError`` raised while writing ``path``."""
    path = Path(path)
    existing = _first_existing(path.parent)
    hint = ""
    if existing is not None and existing.is_file():
        cause = f"路径中的“{existing}”是文件而不是文件夹"
        hint = "请换一个输出位置，或改用其他文件夹名。"
    elif isinstance(exc, IsADirectoryError) or (path.is_dir() and not isinstance(exc, PermissionError)):
        cause = "该位置是一个文件夹"
        hint = "请指定文件名，或指定该文件夹作为输出文件夹。"
    elif isinstance(exc, PermissionError) or exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        if path.exists() and not path.is_dir():
            cause = f"文件可能正在{_OPEN_IN.get(path.suffix.lower(), '其他程序')}中打开，或文件是只读的"
            hint = "请关闭该文件后重试，或换一个文件名。"
        else:
            cause = "文件夹是只读的或没有写入权限"
            hint = "请换一个有写入权限的输出位置（如桌面或“文档”中的文件夹）。"
    elif exc.errno == errno.ENOSPC:
        cause = "磁盘空间不足"
        hint = "请清理磁盘空间或换一个输出位置。"
    elif isinstance(exc, (NotADirectoryError, FileExistsError)):
        cause = "路径中有同名的文件"
        hint = "请换一个输出位置。"
    else:
        cause = exc.strerror or type(exc).__name__
        hint = "请换一个输出位置后重试。"
    return OutputUnwritable(f"无法写入“{path}”：{cause}。", hint=hint)


@contextmanager
def writing(path: Path | str) -> Iterator[None]:
    """Turn an ``OSError`` raised while writing ``path`` into ``OutputUnwritable``."""
    try:
        yield
    except OutputUnwritable:
        raise
    except OSError as exc:
        raise unwritable(path, exc) from exc
