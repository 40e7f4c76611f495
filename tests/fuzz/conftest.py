"""Fuzz suite helpers: the invariants every case must keep, and the LibreOffice sample.

Invariants (issue #6): the pipeline never raises (a file that cannot be used at all is a
``WorkbookUnusable`` carrying a finding); a refused build has at least one error finding; any
.docx written opens with python-docx; no temporary file is left beside it; the input file's
bytes are unchanged.
"""
from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
from pathlib import Path

import pytest

# The pipeline may raise only this for unusable files; anything else is a crash.
UNUSABLE_CODES = {"file-missing", "file-unreadable", "file-too-large"}
LO_EVERY = 8  # at least one .docx in ten is converted with LibreOffice


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def leftovers(directory: Path) -> list[str]:
    """Temporary files of an atomic write that were not cleaned up."""
    return sorted(p.name for p in directory.iterdir() if p.name.startswith((".~", ".juesuan-")))


def check_build(path: Path, output: Path | None, label: str):
    """Run ``pipeline.build`` on ``path`` and assert every invariant; returns the result or None."""
    from docx import Document

    from generator.pipeline import WorkbookUnusable, build

    before = sha256(path)
    try:
        result = build(path, output)
    except WorkbookUnusable as exc:
        assert exc.finding.code in UNUSABLE_CODES, label
        assert exc.finding.message and exc.finding.hint, label
        result = None
    assert sha256(path) == before, f"input modified: {label}"
    if result is None:
        return None
    for f in result.report.findings:
        assert isinstance(f.message, str) and f.message, (label, f)
    if result.output is None:
        assert result.report.errors, f"no report and no error: {label}"
        if output is not None:
            assert not output.exists(), label
    else:
        assert result.output.is_file(), label
        Document(str(result.output))  # opens: a well-formed package python-docx can read
        assert not leftovers(result.output.parent), label
        if result.audit_file is not None:
            result.audit_file.read_text(encoding="utf-8")
    return result


class LibreOfficeSample:
    """Collects every LO_EVERY-th .docx written and converts them in one soffice run."""

    def __init__(self, directory: Path):
        self.directory = directory
        self.seen = 0
        self.files: list[Path] = []

    def offer(self, docx: Path) -> None:
        if self.seen % LO_EVERY == 0:
            target = self.directory / f"case{len(self.files):03d}.docx"
            shutil.copyfile(docx, target)
            self.files.append(target)
        self.seen += 1

    def convert(self) -> list[Path]:
        """Convert the collected files to PDF; returns those that did not convert."""
        soffice = shutil.which("soffice")
        if soffice is None:
            if os.environ.get("CI"):
                pytest.fail("soffice is required in CI")
            pytest.skip("LibreOffice (soffice) is not installed")
        out = self.directory / "pdf"
        profile = self.directory / "lo-profile"
        subprocess.run(
            [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
             "--convert-to", "pdf", "--outdir", str(out), *map(str, self.files)],
            check=False, capture_output=True, timeout=600)
        return [f for f in self.files
                if not (out / f.with_suffix(".pdf").name).is_file()
                or (out / f.with_suffix(".pdf").name).stat().st_size < 1000]


@pytest.fixture(scope="module")
def lo_sample(tmp_path_factory) -> LibreOfficeSample:
    return LibreOfficeSample(tmp_path_factory.mktemp("lo"))
