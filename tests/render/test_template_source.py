"""The committed default template is exactly what templates/build_template.py builds (no drift)."""
import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_committed_template_matches_its_source(tmp_path):
    spec = importlib.util.spec_from_file_location("build_template", ROOT / "templates" / "build_template.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    fresh = module.build(tmp_path / "report.docx")
    assert fresh.read_bytes() == (ROOT / "templates" / "report.docx").read_bytes(), \
        "templates/report.docx is stale: run python templates/build_template.py"
