"""Shared fixtures: the sample workbook, the second unit, a built sample report."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "inputs" / "huaihua-2021.xlsx"
SAMPLE_JSON = ROOT / "inputs" / "huaihua-2021.json"
SECOND_JSON = ROOT / "tests" / "fixtures" / "second_unit.json"
SHARED = ROOT.parent / "shared"


GOLDEN = ROOT / "tests" / "golden"


def pytest_addoption(parser):
    parser.addoption("--update-golden", action="store_true",
                     help="rewrite tests/golden/*.txt with what the reports print now (review the diff)")


@pytest.fixture
def update_golden(request) -> bool:
    return request.config.getoption("--update-golden")


@pytest.fixture
def golden(update_golden):
    """``golden(name, text)``: compare ``text`` with ``tests/golden/{name}``; a difference fails with
    a unified diff (golden → now). With ``--update-golden`` the file is rewritten instead."""
    import difflib

    def compare(name: str, text: str) -> None:
        path = GOLDEN / name
        if update_golden:
            path.write_text(text, encoding="utf-8", newline="\n")
            return
        if not path.is_file():
            pytest.fail(f"{path} is missing: run pytest --update-golden and review the new file", pytrace=False)
        expected = path.read_text(encoding="utf-8")
        if text != expected:
            diff = difflib.unified_diff(expected.splitlines(), text.splitlines(), f"golden/{name}", "now",
                                        lineterm="")
            pytest.fail(f"printed text differs from tests/golden/{name} (pytest --update-golden rewrites it "
                        "after review):\n" + "\n".join(diff), pytrace=False)
    return compare


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
def second_report(tmp_path_factory) -> Path:
    """The second unit's report (tests/fixtures/second_unit.json), built once per test session."""
    from generator.excel.writer import write_workbook
    from generator.pipeline import build

    folder = tmp_path_factory.mktemp("second")
    write_workbook(load_json(SECOND_JSON), folder / "second.xlsx")
    result = build(folder / "second.xlsx", folder / "second.docx")
    assert result.output, result.report.to_text()
    return result.output


@pytest.fixture(scope="session")
def sample_report(tmp_path_factory) -> Path:
    """The sample report, built once per test session."""
    from generator.pipeline import build

    out = tmp_path_factory.mktemp("report") / "sample.docx"
    result = build(SAMPLE, out)
    assert result.output == out, result.report.to_text()
    return out


@pytest.fixture(scope="session")
def sample_xls(tmp_path_factory) -> Path:
    """The sample converted to BIFF .xls by LibreOffice (private profile)."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        if os.environ.get("CI"):
            pytest.fail("soffice is required in CI")
        pytest.skip("LibreOffice (soffice) not installed")
    tmp = tmp_path_factory.mktemp("xls")
    proc = subprocess.run(
        [soffice, f"-env:UserInstallation={(tmp / 'profile').as_uri()}", "--headless",
         "--convert-to", "xls", "--outdir", str(tmp), str(SAMPLE)],
        capture_output=True, text=True, timeout=180)
    out = tmp / (SAMPLE.stem + ".xls")
    assert out.is_file(), f"conversion failed (is libreoffice-calc installed?): {proc.stdout}{proc.stderr}"
    return out
