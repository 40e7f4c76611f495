"""Build the sample workbook ``inputs/huaihua-2021.xlsx`` from ``inputs/huaihua-2021.json``.

The JSON holds the figures of ``shared/reference/huaihua-2021-figures.md`` in the data format of
``generator.excel.data`` (see its module docstring; written by ``generator.excel.writer``). Run from anywhere::

    python inputs/build_sample.py [OUTPUT.xlsx]

``tests/excel/test_datasets.py`` checks that the committed workbook equals a fresh build.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SOURCE = HERE / "huaihua-2021.json"
TARGET = HERE / "huaihua-2021.xlsx"

sys.path.insert(0, str(HERE.parent))

from generator.excel.writer import write_workbook  # noqa: E402


def load() -> dict:
    """The sample data as written in ``huaihua-2021.json``."""
    return json.loads(SOURCE.read_text(encoding="utf-8"))


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    target = Path(argv[0]) if argv else TARGET
    write_workbook(load(), target)
    print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
