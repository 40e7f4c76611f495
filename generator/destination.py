"""Where outputs go: ``-o`` as a file or a folder, created folders, modes that follow the umask.

Rules (README § 用法): a path ending in a separator, an existing folder or a name without an
extension is a folder (created when missing; the report gets its default name inside); a name
ending in ``.docx`` is the report; one ending in ``.pdf`` is the PDF, with the .docx of the same
name beside it. Anything else is refused (exit code 2) rather than guessed.
"""
from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from .errors import GeneratorError, OutputUnwritable, writing

REPORT_SUFFIX, PDF_SUFFIX = ".docx", ".pdf"
_SEPARATORS = tuple({"/", os.sep, os.altsep or "/"})


@dataclass(frozen=True)
class Target:
    """The resolved destination of one report: the .docx and whether a PDF is wanted beside it."""

    docx: Path
    pdf: bool = False


def names_folder(raw: str | Path) -> bool:
    """True when ``raw`` designates a folder: a trailing separator, an existing folder, or no
    extension at all."""
    text = os.fspath(raw)
    path = Path(text)
    return text.endswith(_SEPARATORS) or path.is_dir() or path.suffix == ""


def ensure_folder(folder: Path, target: Path | None = None) -> Path:
    """Create ``folder`` (and its parents) unless it exists; refuse a path that is a file.
    ``target``, the file to be written in it, is what the message names."""
    if folder.exists() and not folder.is_dir():
        where = f"“{target}”：" if target is not None else ""
        raise OutputUnwritable(f"无法写入{where}“{folder}”是一个已有的文件，不是文件夹。",
                               hint="请指定文件夹，或换一个名字。")
    with writing(target or folder):
        folder.mkdir(parents=True, exist_ok=True)
    return folder


def report_target(output: str | Path | None, default_name: str, default_folder: Path) -> Target:
    """The report's .docx (and whether a PDF is asked for by a ``.pdf`` name) for ``-o output``;
    ``default_name`` (``X.docx``) is used inside a folder. The folder is created; nothing else is
    written."""
    if output is None or os.fspath(output) == "":
        return Target(ensure_folder(default_folder) / default_name)
    path = Path(output)
    if names_folder(output):
        return Target(ensure_folder(path) / default_name)
    suffix = path.suffix.lower()
    if suffix not in (REPORT_SUFFIX, PDF_SUFFIX):
        raise GeneratorError(
            f"报告应保存为 .docx（或 .pdf）文件，而不是“{path.name}”。",
            hint=f"如要保存到名为“{path.name}”的文件夹，请在末尾加 {os.sep}（例如 -o {path}{os.sep}）。")
    ensure_folder(path.parent, path)
    if suffix == PDF_SUFFIX:
        return Target(path.with_suffix(REPORT_SUFFIX), pdf=True)
    return Target(path)


def batch_folder(output: str | Path | None, default_folder: Path) -> Path:
    """The output folder of a batch build (created, and checked to be writable before any unit
    is built): ``-o`` must name a folder there."""
    if output is None or os.fspath(output) == "":
        return probe_writable(ensure_folder(default_folder))
    path = Path(output)
    if path.exists() and not path.is_dir() or (
            not names_folder(output) and path.suffix.lower() in (REPORT_SUFFIX, PDF_SUFFIX)):
        raise GeneratorError(f"批量生成时 -o 应为文件夹，而“{path}”是文件。",
                             hint="请指定一个文件夹（不存在时会自动创建），例如 -o 报告/。")
    return probe_writable(ensure_folder(path))


def probe_writable(folder: Path) -> Path:
    """Raise ``OutputUnwritable`` unless a file can be created in ``folder``."""
    with writing(folder):
        with tempfile.TemporaryFile(dir=folder, prefix=".~juesuan-"):
            pass
    return folder


def probe_replaceable(path: Path) -> Path:
    """Raise ``OutputUnwritable`` unless ``path`` can be written: an existing file is opened for
    writing (a file open in another program, or read-only, refuses), a new one needs a writable
    folder. Nothing is changed. For outputs made slowly (a PDF), checked before the work."""
    path = Path(path)
    if path.is_file():
        with writing(path):
            with open(path, "r+b"):
                pass
    elif path.parent.is_dir():
        probe_writable(path.parent)
    return path


def current_umask() -> int:
    """The process's file-creation mask (read by setting it and putting it back)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def replace_atomically(target: Path | str, fill: Callable[[Path], None]) -> Path:
    """Write ``target`` whole or not at all: ``fill(tmp)`` writes a temporary file beside it, which
    gets the mode of any new file (the umask) and is then renamed over ``target``; on any failure,
    or when interrupted, the temporary file is removed and an existing ``target`` is untouched."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=".~juesuan-", suffix=target.suffix, dir=target.parent)
    os.close(fd)
    tmp = Path(name)
    try:
        fill(tmp)
        follow_umask(tmp)
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return target


def follow_umask(path: Path | str) -> None:
    """Give ``path`` the mode any program's new file gets (0666 minus the umask): files written
    through ``tempfile.mkstemp`` and then renamed into place would otherwise be 0600."""
    if os.name != "nt":
        os.chmod(path, 0o666 & ~current_umask())
