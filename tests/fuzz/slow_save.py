"""Test-only wrapper: run ``juesuan`` with the report write paused, so a test can SIGKILL it.

``JUESUAN_TEST_PAUSE=write``: the temporary report file gets half its bytes, then the process
prints ``PAUSED <path>`` and sleeps. ``JUESUAN_TEST_PAUSE=replace``: the temporary file is
complete but not yet renamed over the report. The library has no such hook: this script patches
``open``/``os.replace`` in its own process only.

Usage: python tests/fuzz/slow_save.py build WORKBOOK -o REPORT
"""
from __future__ import annotations

import builtins
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))


def pause(path) -> None:
    print(f"PAUSED {path}", flush=True)
    time.sleep(120)


def install(mode: str) -> None:
    real_open, real_replace = builtins.open, os.replace

    class HalfWriter:
        def __init__(self, fh, name):
            self.fh, self.name = fh, name

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return self.fh.__exit__(*exc)

        def write(self, data):
            self.fh.write(data[: len(data) // 2])
            self.fh.flush()
            pause(self.name)

        def __getattr__(self, name):
            return getattr(self.fh, name)

    def open_(file, mode_="r", *args, **kwargs):
        fh = real_open(file, mode_, *args, **kwargs)
        if (mode == "write" and "w" in mode_ and isinstance(file, (str, os.PathLike))
                and Path(file).name.startswith(".~") and Path(file).suffix == ".docx"):
            return HalfWriter(fh, str(file))
        return fh

    def replace(src, dst, *args, **kwargs):
        if mode == "replace" and Path(src).name.startswith(".~"):
            pause(src)
        return real_replace(src, dst, *args, **kwargs)

    builtins.open, os.replace = open_, replace


if __name__ == "__main__":
    install(os.environ.get("JUESUAN_TEST_PAUSE", ""))
    from generator.cli import main

    main(prog_name="juesuan")
