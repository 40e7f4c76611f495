"""Fatal conditions: one base class carrying the exit code and the Chinese message.

Problems in a workbook's *content* are findings (``findings.Report``), never exceptions. An
exception is for what stops a command altogether: a file that is not a workbook, a template that
cannot be used, an output that cannot be written. The CLI maps ``GeneratorError`` in one place.
"""
from __future__ import annotations


class GeneratorError(Exception):
    """A command cannot go on. ``str(exc)`` is the Chinese message for the user.

    Attributes:
        exit_code: 2 for unusable input or output (file missing, not Excel, unwritable path,
            broken template); 1 for problems of the workbook's content.
        hint: what the user can do about it (Chinese), or "".
    """

    exit_code: int = 2

    def __init__(self, message: str, *, hint: str = "", exit_code: int | None = None) -> None:
        super().__init__(message)
        self.hint = hint
        if exit_code is not None:
            self.exit_code = exit_code
