"""A long-lived LibreOffice driven over UNO, converting the documents queued to it one at a time.

Started once, restarted when it dies or after ``RESTART_AFTER`` documents.

``Office`` starts ``soffice --headless --accept=pipe,…`` with the given private profile and, beside
it, ``office_worker.py`` under a Python that can ``import uno`` (``uno_pythons``: the one
LibreOffice bundles on Windows and macOS, Debian's /usr/bin/python3 with python3-uno, or
``JUESUAN_UNO_PYTHON``); the script converts each document it is sent with the filter of ``soffice
--convert-to pdf``. Starting is not waited for (``start``), so a build can read and render its
workbook while LibreOffice starts.

* A conversion that takes longer than ``timeout`` seconds: LibreOffice (its whole process group)
  is killed, the document reported as timed out, and the next conversion starts a fresh one.
* LibreOffice dies during a conversion (killed, crashed): it is started again and the document
  converted once more; when that fails too, the document is reported and the next one goes on.
* No Python with ``uno``: ``available`` is False and ``pdf.Converter`` falls back to ``soffice
  --convert-to pdf`` (one start-up per call).
"""
from __future__ import annotations

import json
import os
import queue
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

WORKER = Path(__file__).with_name("office_worker.py")
RESTART_AFTER = 200  # documents per LibreOffice start (its memory grows slowly with each)
NO_UNO = 3           # office_worker.py's exit status when ``uno`` cannot be imported
_checked: dict[str, bool] = {}  # Python → can import uno (learnt once per process)


def uno_pythons(soffice: Path) -> list[str]:
    """Pythons that may import ``uno``, most likely first."""
    program = Path(soffice).resolve().parent
    found = [os.environ.get("JUESUAN_UNO_PYTHON", ""),
             str(program / "python.exe"), str(program / "python"),   # Windows, LibreOffice's Linux builds
             str(program.parent / "Resources" / "python"),           # macOS app bundle
             "/usr/bin/python3", shutil.which("python3") or ""]
    out = []
    for candidate in found:
        if candidate and candidate not in out and Path(candidate).is_file() and _checked.get(candidate, True):
            if Path(candidate).resolve() != Path(sys.executable).resolve():
                out.append(candidate)
    return out


class OfficeGone(Exception):
    """The LibreOffice process or its UNO script went away, or did not answer in time."""


class NoUno(Exception):
    """No Python that can import ``uno`` was found (``soffice --convert-to`` instead)."""


class Office:
    def __init__(self, soffice: Path, profile: Path, timeout: int):
        self.soffice, self.profile, self.timeout = Path(soffice), Path(profile), timeout
        self.starts = 0          # LibreOffice start-ups so far
        self.available = True    # False once no Python with uno was found
        self._proc: subprocess.Popen | None = None
        self._worker: subprocess.Popen | None = None
        self._lines: queue.Queue = queue.Queue()
        self._ready = False
        self._done = 0           # documents converted by the running LibreOffice
        self._pythons: list[str] = []

    # -- processes -----------------------------------------------------------------------------

    def start(self) -> None:
        """Start LibreOffice and its UNO script unless running; returns at once."""
        if self._proc is not None or not self.available:
            return
        self._pythons = uno_pythons(self.soffice)
        if not self._pythons:
            self.available = False
            return
        (self.profile / "user" / ".lock").unlink(missing_ok=True)  # left by a killed LibreOffice
        self.starts += 1
        pipe = f"juesuan{os.getpid()}x{id(self)}x{self.starts}"
        self._pipe = pipe
        self._proc = subprocess.Popen(
            [str(self.soffice), f"-env:UserInstallation={self.profile.as_uri()}", "--headless",
             "--invisible", "--nologo", "--norestore", "--nodefault", "--nolockcheck",
             f"--accept=pipe,name={pipe};urp;StarOffice.ComponentContext"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            env=office_environment(python=self._pythons[0]), **_own_group())
        self._spawn_worker()

    def _spawn_worker(self) -> None:
        python = self._pythons[0]
        self._lines = queue.Queue()
        self._worker = subprocess.Popen(
            [python, str(WORKER), self._pipe, str(2 * self.timeout + 10), str(self._proc.pid)], stdin=subprocess.PIPE,
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, encoding="utf-8",
            **_own_group())
        threading.Thread(target=_pump, args=(self._worker.stdout, self._lines), daemon=True).start()

    def _wait_ready(self) -> None:
        while not self._ready:
            message = self._reply(self.timeout, "启动")
            if message is None:  # the script found no uno: the next Python, else give up
                python = self._pythons.pop(0)
                _checked[python] = False
                if not self._pythons:
                    self.available = False
                    self.stop()
                    raise NoUno()
                self._spawn_worker()
            elif message.get("ready"):
                _checked[self._pythons[0]] = True
                self._ready = True
            else:
                self.stop()
                raise OfficeGone(f"LibreOffice 未能启动：{message.get('error', '')}")

    def _reply(self, seconds: int, doing: str) -> dict | None:
        """The script's next message; None when it exited for want of uno. Raises OfficeGone
        when LibreOffice or the script dies, or nothing comes within ``seconds``."""
        deadline = time.monotonic() + seconds
        while True:
            try:
                line = self._lines.get(timeout=min(1, max(0, deadline - time.monotonic())))
            except queue.Empty:
                line = ""
            if line is None:  # the script's stdout closed
                code = self._worker.wait() if self._worker else None
                if code == NO_UNO and not self._ready:
                    return None
                self.stop()
                raise OfficeGone(f"LibreOffice 意外退出（{doing}时）")
            if line:
                return json.loads(line)
            if time.monotonic() >= deadline:
                self.stop()
                raise OfficeGone(f"LibreOffice {doing}超时（{seconds} 秒），已强制结束")
            if self._proc is not None and self._proc.poll() is not None:
                self.stop()
                raise OfficeGone(f"LibreOffice 意外退出（{doing}时）")

    def stop(self) -> None:
        """End LibreOffice and the script. LibreOffice is killed (its whole process group): it
        holds no unsaved work, every PDF is written before its answer, and the profile is
        private, so a polite shutdown would only cost time."""
        proc, worker = self._proc, self._worker
        self._proc = self._worker = None
        self._ready, self._done = False, 0
        for p in (worker, proc):
            if p is not None:
                if p.poll() is None:
                    _kill(p)
                for stream in (p.stdin, p.stdout):
                    if stream is not None:
                        try:
                            stream.close()
                        except OSError:
                            pass
                p.wait()

    # -- conversions ---------------------------------------------------------------------------

    def convert(self, src: Path, dst: Path) -> str:
        """``src`` (.docx) → ``dst`` (.pdf): '' when done, else why not (Chinese). Converted once
        more in a fresh LibreOffice when it died under the document (not when it hung: that
        would only hang again). Raises ``NoUno`` when no Python with ``uno`` is found."""
        for attempt in (1, 2):
            try:
                self._convert(src, dst)
            except OfficeGone as exc:
                if "超时" in str(exc) or attempt == 2:
                    return f"{exc}；此文档未生成 PDF。"
                continue
            except RuntimeError as exc:
                return f"LibreOffice 未能生成 PDF：{exc}"
            if dst.is_file() and dst.stat().st_size > 0:
                return ""
            return "LibreOffice 未能生成 PDF（没有得到文件）。"
        raise AssertionError("unreachable")

    def _ask(self, request: dict) -> dict:
        """Send ``request`` to the script of a running LibreOffice (started, or restarted after
        ``RESTART_AFTER`` documents, as needed) and return its first answer. Raises ``NoUno``, and
        ``OfficeGone`` when LibreOffice or the script dies or does not answer in time."""
        if self._done >= RESTART_AFTER:
            self.stop()
        self.start()
        if not self.available:
            raise NoUno()
        self._wait_ready()
        try:
            self._worker.stdin.write(json.dumps(request) + "\n")
            self._worker.stdin.flush()
        except OSError:
            self.stop()
            raise OfficeGone("LibreOffice 意外退出（转换时）") from None
        message = self._reply(self.timeout, "转换 PDF ")
        self._done += 1
        return message

    def _convert(self, src: Path, dst: Path) -> None:
        message = self._ask({"src": str(src), "dst": str(dst)})
        if message.get("ok"):
            return
        if message.get("dead") or self._died():
            self.stop()
            raise OfficeGone("LibreOffice 意外退出（转换时）")
        raise RuntimeError(message.get("error", ""))

    def convert_numbered(self, src: Path, dst: Path, entries: list[str], on_pages) -> str | None:
        """``convert`` with the 目录 numbered inside LibreOffice first (``office_toc.py``): once
        the numbers are known, ``on_pages(numbers)`` is called (while LibreOffice exports).
        '' when done, a reason (Chinese) when LibreOffice failed or hung, None when it could not
        number this document (no script provider, a 目录 that is not the headings') or died under
        it: then the caller converts it its usual way (which starts a new LibreOffice and converts
        once more). Raises ``NoUno`` as ``convert``."""
        try:
            first = self._ask({"src": str(src), "dst": str(dst), "toc": entries})
            if not first.get("pages"):  # not numbered here (or the macro failed): nothing exported
                if "error" in first and (first.get("dead") or self._died()):
                    self.stop()
                return None
            on_pages(first["pages"])
            message = self._reply(self.timeout, "转换 PDF ")
        except OfficeGone as exc:  # a hang is reported (it would only hang again), a death retried
            return f"{exc}；此文档未生成 PDF。" if "超时" in str(exc) else None
        if message.get("ok") and dst.is_file() and dst.stat().st_size > 0:
            return ""
        if message.get("dead") or self._died():  # it died under the export: converted again the usual way
            self.stop()
            return None
        return f"LibreOffice 未能生成 PDF：{message.get('error', '没有得到文件')}"

    def _died(self) -> bool:
        """Whether LibreOffice ended (given a moment: the script may answer before it is gone)."""
        try:
            self._proc.wait(timeout=1)
        except subprocess.TimeoutExpired:
            return False
        return True


def office_environment(environ=None, python: str | None = None) -> dict:
    """The environment LibreOffice is started with: ours without what points a Python elsewhere.
    LibreOffice's embedded Python (its script provider, which runs the 目录 macro) takes the
    first ``python3`` on PATH as its home: when that is another build (a virtual environment's, or
    pyenv's, whose ``bin`` ``pyenv exec`` puts first), loading the macro fails (std::bad_alloc) and
    every 目录 is numbered in a second conversion. So the folder of ``python``, LibreOffice's own
    Python (the first of ``uno_pythons``: /usr/bin/python3 with Debian's LibreOffice), comes first;
    PATH loses the folders of virtual environments (those beside a ``pyvenv.cfg``), and
    PYTHONHOME/PYTHONPATH/VIRTUAL_ENV go."""
    env = dict(os.environ if environ is None else environ)
    for name in ("PYTHONHOME", "PYTHONPATH", "VIRTUAL_ENV"):
        env.pop(name, None)
    folders = [str(Path(python).parent)] if python else []
    for folder in env.get("PATH", "").split(os.pathsep):
        if folder and folder not in folders and not (Path(folder).parent / "pyvenv.cfg").is_file():
            folders.append(folder)
    env["PATH"] = os.pathsep.join(folders)
    return env


def _pump(stream, lines: queue.Queue) -> None:
    for line in stream:
        lines.put(line.strip())
    lines.put(None)


def _own_group() -> dict:
    if os.name == "nt":
        return {"creationflags": subprocess.CREATE_NEW_PROCESS_GROUP}
    return {"start_new_session": True}


def _kill(proc: subprocess.Popen) -> None:
    """Kill ``proc`` and what it started (soffice is a launcher of soffice.bin)."""
    try:
        if os.name == "nt":
            subprocess.run(["taskkill", "/F", "/T", "/PID", str(proc.pid)], capture_output=True)
        else:
            os.killpg(proc.pid, signal.SIGKILL)
    except (OSError, ProcessLookupError):
        proc.kill()
