"""`pip install .` (the README's Windows route) ships every module, its data (built-in profiles included),
the built-in templates and their typography (so that a profile's template is built at run time)."""
from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_the_wheel_holds_every_module_and_both_builtin_templates(tmp_path):
    done = subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", str(ROOT),
                           "-w", str(tmp_path)], capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    (wheel,) = tmp_path.glob("juesuan-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    # the sources only: generator/__pycache__ also holds what generator/kept.py keeps (*.json)
    modules = {p.relative_to(ROOT).as_posix() for pattern in ("*.py", "*.json", "*.toml")
               for p in (ROOT / "generator").rglob(pattern) if "__pycache__" not in p.parts}
    assert modules - names == set()
    assert not [n for n in names if "__pycache__" in n]  # nothing kept on this machine is shipped
    templates = {p.name for p in (ROOT / "templates").glob("*.docx")} | {"typography.py"}
    assert templates == {"report.docx", "tables-last.docx", "typography.py"}
    shipped = {n.rsplit("/", 1)[-1] for n in names if "/share/juesuan/templates/" in n}
    assert shipped == templates
