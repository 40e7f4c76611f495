"""``juesuan serve`` as a process: startup line, one log line per request without workbook
contents, deletion of every result at shutdown, a clear message when the port is taken, and no
web import for ``juesuan --help``."""
from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time

from generator.pipeline import BUILT

from .conftest import ROOT, SAMPLE, Client


def _start(tmp_path, *args, browser: bool = False):
    # webbrowser runs $BROWSER with the URL: here a script that records what it was asked to open
    opener = f"{sys.executable} -c \"import sys; open('opened.txt', 'w').write(sys.argv[1])\" %s"
    env = {**os.environ, "TMPDIR": str(tmp_path), "PYTHONPATH": str(ROOT), "BROWSER": opener}
    flags = () if browser else ("--no-browser",)
    return subprocess.Popen([sys.executable, "-m", "generator", "serve", *flags, *args],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
                            cwd=tmp_path)


def test_serve_logs_each_request_and_deletes_results_at_shutdown(tmp_path):
    proc = _start(tmp_path, "--port", "0", "-j", "1")
    try:
        first = proc.stdout.readline()
        url = re.search(r"http://127\.0\.0\.1:\d+/", first).group(0)
        client = Client(url)
        assert client.get("/")[0] == 200
        status, _, body = client.upload_and_follow(SAMPLE.read_bytes(), "huaihua.xlsx")
        assert status == 200
        rid = re.search(r'href="/r/([A-Za-z0-9_-]{32})"', body.decode()).group(1)
        assert client.get(f"/r/{rid}/report.docx")[0] == 200
        assert client.get("/r/nothing-here")[0] == 404
        with socket.create_connection((client.host, client.port), timeout=30) as sock:
            sock.sendall(b"POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 62914560\r\n\r\n")
            assert sock.recv(100).startswith(b"HTTP/1.1 413")
        folders = list(tmp_path.glob("juesuan-web-*"))
        assert len(folders) == 1 and any(folders[0].rglob("report.docx"))
    finally:
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err
    assert "已停止，全部结果已删除" in out
    assert not list(tmp_path.glob("juesuan-web-*"))
    assert not (tmp_path / "opened.txt").exists()  # --no-browser
    lines = [line for line in err.splitlines() if re.match(r"\d{4}-\d\d-\d\d ", line)]
    assert len(lines) == 6, err  # the upload's 303 and the result page it points to are two
    assert re.search(rf"POST /upload 303 id={rid[:8]} {BUILT}", lines[1])
    assert re.search(rf"GET /r/… 200 id={rid[:8]} page", lines[2])
    assert re.search(r"POST /upload 413 id=- too-large", lines[5])
    assert rid not in err  # the full id (the key to the result) is never logged
    for secret in ("怀化", "工伤", "huaihua", "207.02"):  # unit, file name, an amount
        assert secret not in err


def test_serve_opens_the_browser_at_its_page_unless_told_not_to(tmp_path):
    proc = _start(tmp_path, "--port", "0", "-j", "1", browser=True)
    try:
        url = re.search(r"http://127\.0\.0\.1:\d+/", proc.stdout.readline()).group(0)
        opened = tmp_path / "opened.txt"
        deadline = time.monotonic() + 30
        while not opened.exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        time.sleep(0.2)
        assert opened.read_text() == url
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.communicate(timeout=60)
    assert proc.returncode == 0


def test_serve_binds_127_0_0_1_by_default_and_says_so_when_the_port_is_taken(tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        proc = _start(tmp_path, "--port", str(port))
        out, err = proc.communicate(timeout=60)
    assert proc.returncode == 2
    assert f"无法在 127.0.0.1:{port} 启动服务" in err and "--port" in err and "Traceback" not in err
    assert not list(tmp_path.glob("juesuan-web-*"))


def test_help_does_not_import_the_web_stack():
    started = time.monotonic()
    proc = subprocess.run([sys.executable, "-X", "importtime", "-m", "generator", "--help"],
                          capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert proc.returncode == 0 and "serve" in proc.stdout
    imported = {line.rsplit("|", 1)[-1].strip() for line in proc.stderr.splitlines()}
    assert not {"waitress", "multipart", "generator.web"} & imported
    assert time.monotonic() - started < 10
