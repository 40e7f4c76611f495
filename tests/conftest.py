"""Shared fixtures: the sample workbook, the second unit, a built sample report."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "inputs" / "huaihua-2021.xlsx"
SAMPLE_JSON = ROOT / "inputs" / "huaihua-2021.json"
SECOND_JSON = ROOT / "tests" / "fixtures" / "second_unit.json"
SHARED = ROOT.parent / "shared"


def pytest_addoption(parser):
    parser.addoption("--update-golden", action="store_true", help="rewrite tests/golden/*.txt")


@pytest.fixture
def update_golden(request) -> bool:
    return request.config.getoption("--update-golden")


def load_json(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.fixture
def sample_data() -> dict:
    return load_json(SAMPLE_JSON)


@pytest.fixture
def second_data() -> dict:
    return load_json(SECOND_JSON)


@pytest.fixture
def write_unit(tmp_path):
    """Write a workbook from writer data: ``write_unit(data, name="x.xlsx", **options)``."""
    from generator.excel.writer import write_workbook

    def write(data: dict, name: str = "unit.xlsx", **options) -> Path:
        path = tmp_path / name
        write_workbook(data, path, **options)
        return path
    return write


@pytest.fixture
def sample_copy(tmp_path) -> Path:
    """A copy of the sample workbook that a test may change."""
    target = tmp_path / "sample.xlsx"
    shutil.copyfile(SAMPLE, target)
    return target


@pytest.fixture(scope="session")
def sample_report(tmp_path_factory) -> Path:
    """The sample report, built once per test session."""
    from generator.pipeline import build

    out = tmp_path_factory.mktemp("report") / "sample.docx"
    result = build(SAMPLE, out)
    assert result.output == out, result.report.to_text()
    return out
