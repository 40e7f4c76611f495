"""Results that only the code decides, kept between processes beside the bytecode.

``kept(name, compute, *texts)`` returns ``compute()`` (JSON data) and keeps it in
``generator/__pycache__/{name}.{hash}.json``, as Python keeps a module's bytecode: the hash covers
``texts`` and every source file of the package by name, size and modification time (as Python
checks a module's bytecode against its source), so any change of the code or of the texts
computes anew. A folder that cannot be written or a damaged file only means computing; a file is
written whole or not at all (batch workers may write it at once). Each new file leaves at most
``KEEP`` files of its name, the newest: the others were for code or texts of before.
"""
from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Callable

_ROOT = Path(__file__).resolve().parent
_SOURCES = (".py", ".json", ".toml")
KEEP = 32  # files kept per name: every profile of a bureau's, and a few upgrades


def _code_stamp() -> str | None:
    """Name, size and modification time of every source file of the package (None: unreadable)."""
    entries = []
    try:
        for folder, dirs, files in os.walk(_ROOT):
            dirs[:] = sorted(d for d in dirs if d != "__pycache__")
            for name in sorted(files):
                if name.endswith(_SOURCES):
                    path = os.path.join(folder, name)
                    st = os.stat(path)
                    entries.append(f"{os.path.relpath(path, _ROOT)}:{st.st_size}:{st.st_mtime_ns}")
    except OSError:
        return None
    return "\n".join(entries)


def kept_file(name: str, *texts: str) -> Path | None:
    """Where ``kept`` keeps ``name`` for ``texts`` and this code (None: the code is unreadable)."""
    stamp = _code_stamp()
    if stamp is None:
        return None
    digest = hashlib.sha256("\x00".join((stamp, *texts)).encode("utf-8")).hexdigest()[:40]
    return _ROOT / "__pycache__" / f"{name}.{digest}.json"


def kept(name: str, compute: Callable[[], object], *texts: str):
    """``compute()``, read from its kept file when there is one, else computed and kept."""
    stored = kept_file(name, *texts)
    if stored is not None:
        try:
            return json.loads(stored.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            pass
    value = compute()
    if stored is not None:
        part = stored.with_name(f"{stored.name}.{os.getpid()}.tmp")
        try:
            stored.parent.mkdir(exist_ok=True)
            part.write_text(json.dumps(value, ensure_ascii=False), encoding="utf-8")
            os.replace(part, stored)
            _prune(stored.parent, name)
        except OSError:
            try:
                part.unlink(missing_ok=True)
            except OSError:  # not even there (the folder is a file): nothing was written
                pass
    return value


def _prune(folder: Path, name: str) -> None:
    """Remove all but the ``KEEP`` newest kept files of ``name`` (another process may remove them too)."""
    files = []
    for path in folder.glob(f"{name}.*.json"):
        try:
            files.append((path.stat().st_mtime_ns, path.name, path))
        except OSError:  # removed meanwhile
            pass
    for _, _, path in sorted(files, reverse=True)[KEEP:]:
        try:
            path.unlink()
        except OSError:
            pass
