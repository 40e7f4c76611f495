"""Fuzz the command line: mutated workbooks through ``juesuan build`` and ``juesuan check`` with
click's CliRunner. Exit code 0, 1 or 2; never a traceback; the input is unchanged."""
from __future__ import annotations

import pickle

import openpyxl
import pytest
from click.testing import CliRunner

from tests.conftest import SAMPLE
from tests.fuzz.conftest import sha256
from tests.fuzz.mutate import mutate_workbook

CLI_CASES = 24


@pytest.fixture(scope="module")
def pickled() -> bytes:
    return pickle.dumps(openpyxl.load_workbook(SAMPLE))


def _assert_clean(result, label) -> None:
    assert result.exit_code in (0, 1, 2), (label, result.exit_code, result.output)
    assert result.exception is None or isinstance(result.exception, SystemExit), (label, result.exception)
    assert "Traceback" not in result.output, label


@pytest.mark.parametrize("seed", range(CLI_CASES))
def test_fuzz_cli(seed, pickled, tmp_path):
    from docx import Document

    from generator.cli import main

    wb = pickle.loads(pickled)
    done = mutate_workbook(wb, 30_000 + seed)
    path = tmp_path / "unit.xlsx"
    wb.save(path)
    before = sha256(path)
    label = f"cli seed={seed}: {done}"
    out = tmp_path / "out" / "report.docx"
    runner = CliRunner()
    built = runner.invoke(main, ["build", str(path), "-o", str(out)])
    _assert_clean(built, label)
    assert (built.exit_code == 0) == out.is_file(), label
    if out.is_file():
        Document(str(out))
    checked = runner.invoke(main, ["check", str(path), "--format", "json" if seed % 2 else "text"])
    _assert_clean(checked, label)
    assert sha256(path) == before, label


@pytest.mark.parametrize("content", [b"", b"PK\x03\x04garbage", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1junk",
                                     "不是表格".encode(), b"\x00" * 4096], ids=["empty", "zip", "ole", "text", "zeros"])
def test_fuzz_cli_not_a_workbook(content, tmp_path):
    """Bytes that are not a workbook: exit code 2 with a Chinese message, no traceback."""
    from generator.cli import main

    path = tmp_path / "x.xlsx"
    path.write_bytes(content)
    for args in (["build", str(path), "-o", str(tmp_path / "r.docx")], ["check", str(path)]):
        result = CliRunner().invoke(main, args)
        _assert_clean(result, content[:10])
        assert result.exit_code == 2 and "错误" in result.output
    assert path.read_bytes() == content
