"""Output survives a Chinese Windows console (GBK), which cannot encode characters such as ✓."""
from __future__ import annotations

import os
import subprocess
import sys

from tests.conftest import ROOT
from tests.helpers import edit


def test_gbk_console_does_not_crash(sample_copy):
    label = "“测试” — ≤ ✓ 项目"
    edit(sample_copy, lambda wb: wb["补充数据"].append([label, 1]))
    env = dict(os.environ, PYTHONIOENCODING="gbk", PYTHONPATH=str(ROOT))
    proc = subprocess.run([sys.executable, "-m", "generator", "check", str(sample_copy)],
                          capture_output=True, env=env, cwd=ROOT, timeout=120)
    out = proc.stdout.decode("gbk")
    assert proc.returncode == 0, proc.stderr.decode("gbk", "replace")
    assert "Traceback" not in proc.stderr.decode("gbk", "replace")
    assert "unknown-label" in out and "“测试” — ≤ ? 项目" in out  # ✓ is not in GBK: shown as ?
