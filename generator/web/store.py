"""Result store: each upload's files in a private temporary folder, reachable only by a random id.

A result id is ``secrets.token_urlsafe(24)`` (192 random bits). Results are never listed; a
request names one by its id and a file by a fixed key (``report.docx``, ``audit.txt`` …), both
looked up in dictionaries, so nothing a request says is ever joined into a path. Results expire
``keep_seconds`` after they were made (checked on every lookup and by a sweeper thread) and are
all deleted when the store is closed (server shutdown).
"""
from __future__ import annotations

import secrets
import shutil
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

ID_BYTES = 24  # token_urlsafe(24): 192 bits, 32 characters


@dataclass(frozen=True)
class Download:
    """A file of a result: where it is, the name the browser saves it under, its media type."""

    path: Path
    name: str
    media_type: str


@dataclass
class Result:
    """One upload's outcome (see ``jobs.Outcome``) and its downloadable files by key."""

    id: str
    folder: Path
    created: float                      # time.monotonic()
    expires_at: float                   # time.time() at which it is deleted (for the page)
    outcome: object = None              # jobs.Outcome, set when the build finished
    files: dict[str, Download] = field(default_factory=dict)


class ResultStore:
    """Results by id in folders under one private temporary root."""

    def __init__(self, keep_seconds: float = 24 * 3600, root: Path | None = None) -> None:
        self.keep_seconds = keep_seconds
        self.root = Path(tempfile.mkdtemp(prefix="juesuan-web-", dir=root))
        self._results: dict[str, Result] = {}
        self._lock = threading.Lock()
        self._closed = threading.Event()
        self._sweeper: threading.Thread | None = None

    def new(self) -> Result:
        """A new, empty result with its own folder (not visible until ``publish``)."""
        rid = secrets.token_urlsafe(ID_BYTES)
        folder = Path(tempfile.mkdtemp(prefix="r-", dir=self.root))
        now = time.monotonic()
        return Result(rid, folder, now, time.time() + self.keep_seconds)

    def publish(self, result: Result) -> None:
        """Make ``result`` reachable by its id."""
        with self._lock:
            self._results[result.id] = result

    def discard(self, result: Result) -> None:
        """Forget ``result`` and delete its folder."""
        with self._lock:
            self._results.pop(result.id, None)
        shutil.rmtree(result.folder, ignore_errors=True)

    def get(self, rid: str) -> Result | None:
        """The live result with id ``rid`` (None if unknown or expired; an expired one is deleted)."""
        with self._lock:
            result = self._results.get(rid)
        if result is None:
            return None
        if self._expired(result, time.monotonic()):
            self.discard(result)
            return None
        return result

    def _expired(self, result: Result, now: float) -> bool:
        return now - result.created >= self.keep_seconds

    def sweep(self) -> int:
        """Delete every expired result; returns how many."""
        now = time.monotonic()
        with self._lock:
            old = [r for r in self._results.values() if self._expired(r, now)]
        for result in old:
            self.discard(result)
        return len(old)

    def start_sweeper(self) -> None:
        """Sweep in a daemon thread every few seconds to minutes (a quarter of the keep time)."""
        interval = min(max(self.keep_seconds / 4, 0.2), 60.0)

        def loop() -> None:
            while not self._closed.wait(interval):
                self.sweep()

        self._sweeper = threading.Thread(target=loop, name="juesuan-sweeper", daemon=True)
        self._sweeper.start()

    def __len__(self) -> int:
        with self._lock:
            return len(self._results)

    def close(self) -> None:
        """Delete every result and the root folder (server shutdown)."""
        self._closed.set()
        with self._lock:
            self._results.clear()
        shutil.rmtree(self.root, ignore_errors=True)
