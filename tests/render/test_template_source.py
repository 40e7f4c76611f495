"""The committed built-in templates are exactly what templates/build_template.py builds from the
湖南2021 profile (no drift), and its two layouts differ only in the order and headings of their parts."""
import importlib.util
import re
import zipfile
from pathlib import Path

import pytest

from generator.profiles import load
from generator.render import BUILTIN_TEMPLATES, template_content

ROOT = Path(__file__).resolve().parents[2]


def _source():
    spec = importlib.util.spec_from_file_location("build_template", ROOT / "templates" / "build_template.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("name", ["report.docx", "tables-last.docx"])
def test_committed_template_matches_its_source(tmp_path, name):
    fresh = _source().build(tmp_path / name)
    assert fresh.read_bytes() == (ROOT / "templates" / name).read_bytes(), \
        f"templates/{name} is stale: run python templates/build_template.py"


def test_every_builtin_template_is_built_by_the_source():
    assert sorted(f for f, _ in BUILTIN_TEMPLATES.values()) == sorted(_source().LAYOUTS)


def test_layouts_hold_the_same_parts():
    profile = load("湖南2021")
    default, last = (template_content(profile, layout) for layout in (None, "附表在后"))
    assert sorted(default) != default and len(default) == len(last)
    body = lambda c: sorted(p for p in c if p[0] != "Heading 1")  # noqa: E731
    assert body(default) == body(last)
    assert [t for s, t in last if s == "Heading 1"][-1] == "第五部分 附表"


def test_every_tag_is_a_run_of_its_own():
    with zipfile.ZipFile(ROOT / "templates" / "report.docx") as zf:
        xml = zf.read("word/document.xml").decode()
    runs = re.findall(r"<w:t(?:\s[^>]*)?>([^<]*)</w:t>", xml)
    tags = [r for r in runs if "{" in r]
    assert len(tags) > 300
    assert all(re.fullmatch(r"\{\{.*\}\}|\{%.*%\}", t) for t in tags), [t for t in tags if "}" not in t][:3]
