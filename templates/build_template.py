"""Build the committed built-in templates (templates/report.docx, tables-last.docx) from their profile.

The content of a template is its profile (generator/profiles/builtin/*.toml, the format in
docs/profiles.md); the typography is ``typography.py`` beside this script; the builder is
``generator.render.build_template`` (so that a bureau's own profile is built at run time after
``pip install .``). tests/render/test_template_source.py checks the committed files equal
what this script builds.

Run:  python templates/build_template.py
"""
from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from generator.profiles import load  # noqa: E402
from generator.render import COMMITTED, build_template  # noqa: E402

# file → (profile, layout option of the profile or None); generator/render/document.py
# BUILTIN_TEMPLATES names them.
LAYOUTS = COMMITTED


def build(path: Path, name: str | None = None) -> Path:
    """Write the built-in template ``name`` (a file name of ``LAYOUTS``; default: that of ``path``)."""
    profile, layout = LAYOUTS[name or path.name]
    return build_template(load(profile), path, layout)


def build_all(directory: Path = HERE) -> list[Path]:
    """Every built-in template into ``directory``."""
    return [build(directory / name, name) for name in LAYOUTS]


if __name__ == "__main__":
    print("\n".join(str(p) for p in build_all()))
