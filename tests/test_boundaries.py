"""Architecture rules that a grep can enforce: who imports what, no floats, no reference figures."""
from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest

PKG = Path(__file__).resolve().parents[1] / "generator"
TEMPLATE = PKG.parent / "templates" / "report.docx"
SOURCES = sorted(PKG.rglob("*.py"))


def importers(module: str) -> set[str]:
    pattern = re.compile(rf"^\s*(?:from|import)\s+{module}\b", re.M)
    return {str(p.relative_to(PKG)) for p in SOURCES if pattern.search(p.read_text(encoding="utf-8"))}


@pytest.mark.parametrize("module, allowed", [
    ("openpyxl", "excel/"), ("xlrd", "excel/"), ("click", "cli/"), ("docxtpl", "render"), ("docx", "render"),
])
def test_only_one_layer_imports(module, allowed):
    offenders = {p for p in importers(module) if not p.startswith(allowed)}
    assert not offenders, f"{module} imported outside {allowed}: {offenders}"


def test_no_float_arithmetic_in_the_package():
    for path in SOURCES:
        text = path.read_text(encoding="utf-8")
        assert "float(" not in text.replace("float(value).is_integer()", ""), path


def test_rounding_happens_only_in_money():
    for path in SOURCES:
        if path.name == "money.py":
            continue
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"\.quantize\(|rounding\s*=|(?<![\w.])round\(|import.*ROUND_", text), path


# Figures and names that only the sample workbook may hold.
REFERENCE_FIGURES = ["207.02", "203.9", "203.90", "141.33", "157.36", "49.66", "2.28", "211.25",
                     "211.26", "208.13", "200.65", "6.37", "23.86", "108.13", "146.48", "怀化",
                     "工伤保险"]


def test_no_reference_figure_in_generator_or_template():
    with zipfile.ZipFile(TEMPLATE) as zf:
        template_text = "".join(zf.read(n).decode("utf-8", "ignore") for n in zf.namelist()
                                if n.endswith(".xml"))
    for figure in REFERENCE_FIGURES:
        for path in SOURCES:
            assert figure not in path.read_text(encoding="utf-8"), (figure, path)
        assert figure not in template_text, figure
