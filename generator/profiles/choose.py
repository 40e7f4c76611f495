"""Which profile a report uses, and whether the workbook's tables belong to it.

The profile given on the command line wins; else the one the workbook records (单位信息
``版式``); else the default. A recorded profile that is not installed falls back to the default
with a warning naming both (a profile given explicitly and not found is an error).
"""
from __future__ import annotations

from ..schema import TITLE_DECORATION, fold
from .load import BUILTIN_DIR, DEFAULT_PROFILE, ProfileError, builtin_names, find, load
from .parsed import Profile


def is_builtin(profile: Profile) -> bool:
    return profile.path is not None and profile.path.resolve().parent == BUILTIN_DIR


def choose(requested: str | None, recorded: str | None, *, recorded_files: bool = True) -> tuple[Profile, str]:
    """(profile, warning): ``requested`` (name or file) > ``recorded`` > the default. The warning
    (Chinese, or "") says a recorded profile is not installed and which one is used instead.
    Without ``recorded_files`` a recorded file path is not followed (the web service: a workbook
    must not make the server read a file of its choice)."""
    if requested:
        return load(requested), ""
    if recorded:
        try:
            if not recorded_files and recorded not in builtin_names():
                raise ProfileError(recorded)
            path = find(recorded)
        except ProfileError:
            return load(DEFAULT_PROFILE), (f"工作簿记录的版式“{recorded}”未安装（也不是版式文件），已改用默认版式"
                                           f"“{DEFAULT_PROFILE}”；可用的版式：{'、'.join(builtin_names())}。")
        return load(path), ""
    return load(DEFAULT_PROFILE), ""


def _matches(found: str, title: str) -> bool:
    """The workbook's title cell is this title (possibly after a year, before 公开0N表)."""
    folded = fold(found)
    m = TITLE_DECORATION.match(folded)
    return fold(title) in (folded, m.group(1) if m else folded)


def edition_mismatches(profile: Profile, found: dict[str, str]) -> list[tuple[str, str, str, str]]:
    """Tables whose title in the workbook (``found``: key → title text) is the title another
    built-in profile prints and not the one of ``profile``: (key, found title, expected title,
    the other profile's name)."""
    expected = {t.key: t.title for t in profile.tables}
    out = []
    others = [load(path) for name, path in builtin_names().items() if name != profile.name]
    for key, text in sorted(found.items()):
        if key not in expected or _matches(text, expected[key]):
            continue
        owner = next((o.name for o in others for t in o.tables if t.key == key and _matches(text, t.title)), None)
        if owner is not None:
            out.append((key, text, expected[key], owner))
    return out
