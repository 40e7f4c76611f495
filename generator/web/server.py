"""Serving the web app with waitress.

Serving the app with waitress: bind, answer oversized uploads with a Chinese 413 before reading
them, open the browser, and delete every result when the server stops."""
from __future__ import annotations

import logging
import signal
import threading
import webbrowser

from waitress import create_server, wasyncore
from waitress.channel import HTTPChannel
from waitress.parser import HTTPRequestParser
from waitress.server import BaseWSGIServer
from waitress.utilities import RequestEntityTooLarge

from . import pages
from .app import TOO_LARGE_TEXT, App
from .jobs import Builder
from .store import ResultStore

log = logging.getLogger("juesuan.web")


class _ChineseTooLarge(RequestEntityTooLarge):
    """waitress's refusal of a too-large request body, as a Chinese page."""

    mb = 0  # the workbook size limit in MB, set from ``App.max_bytes`` (excel.grid.MAX_FILE_BYTES)

    def to_response(self, ident=None):
        title, message, hint = TOO_LARGE_TEXT
        body = pages.problem(title, message.format(mb=self.mb), hint)
        return (f"{self.code} {self.reason}",
                [("Content-Type", "text/html; charset=utf-8"), ("Connection", "close")], body)


class _Parser(HTTPRequestParser):
    def received(self, data):
        consumed = super().received(data)
        if type(self.error) is RequestEntityTooLarge:
            route = self.path if self.path in ("/", "/upload") else "(other)"
            log.info("%s %s 413 id=- too-large (refused unread)", self.command, route)
            self.error = _ChineseTooLarge(self.error.body)
        return consumed


class _Channel(HTTPChannel):
    parser_class = _Parser


class Service:
    """The result store, the build pool, the app and the waitress server, started and stopped
    together. ``port=0`` picks a free port (see ``url``)."""

    def __init__(self, host: str = "127.0.0.1", port: int = 8000, *, keep_hours: float = 24,
                 workers: int | None = None, threads: int | None = None) -> None:
        self.store = ResultStore(keep_seconds=keep_hours * 3600)
        try:
            self.builder = Builder(workers)
            self.app = App(self.store, self.builder)
            _ChineseTooLarge.mb = self.app.max_bytes // (1024 * 1024)
            self.server = create_server(
                self.app, host=host, port=port, threads=threads or self.builder.workers + 4,
                max_request_body_size=self.app.max_request_bytes, ident="juesuan",
                clear_untrusted_proxy_headers=True)
        except BaseException:
            self.store.close()
            if hasattr(self, "builder"):
                self.builder.close()
            raise
        self._map = getattr(self.server, "map", None) or self.server._map
        self._listeners = [d for d in self._map.values() if isinstance(d, BaseWSGIServer)]
        for listener in self._listeners:
            listener.channel_class = _Channel
        self._stopped = threading.Event()
        self._loop_done = threading.Event()
        self._loop_done.set()

    @property
    def url(self) -> str:
        """The address of the home page (127.0.0.1 when listening on every interface)."""
        host = self._listeners[0].effective_host
        host = "127.0.0.1" if host in ("0.0.0.0", "") else ("[::1]" if host == "::" else host)
        if ":" in host and not host.startswith("["):
            host = f"[{host}]"
        return f"http://{host}:{self.port}/"

    @property
    def port(self) -> int:
        return self._listeners[0].effective_port

    def run(self) -> None:
        """Serve until ``stop`` (or Ctrl+C); then delete every result."""
        self.store.start_sweeper()
        self._loop_done.clear()
        try:
            self.server.run()
        finally:
            self._loop_done.set()
            self.stop()

    def start_thread(self) -> threading.Thread:
        """Serve in a background thread (for tests)."""
        thread = threading.Thread(target=self.run, name="juesuan-server", daemon=True)
        thread.start()
        return thread

    def stop(self) -> None:
        """Stop accepting requests, stop the pool, delete every result (idempotent)."""
        if self._stopped.is_set():
            return
        self._stopped.set()
        if not self._loop_done.is_set():  # close every socket from inside the server's loop
            self._listeners[0].trigger.pull_trigger(lambda: wasyncore.close_all(self._map))
            self._loop_done.wait(10)
        else:
            wasyncore.close_all(self._map)
        self.server.task_dispatcher.shutdown()
        self.builder.close()
        self.store.close()


def serve(host: str, port: int, *, open_browser: bool, keep_hours: float, workers: int | None,
          echo=print) -> None:
    """``juesuan serve``: run until Ctrl+C or SIGTERM, then delete every result."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    logging.getLogger("waitress").setLevel(logging.WARNING)
    service = Service(host, port, keep_hours=keep_hours, workers=workers)
    service.builder.warm_up()
    echo(f"决算公开报告生成器已启动：{service.url}")
    if host in ("0.0.0.0", "::"):
        echo(f"本机以外的电脑请访问 http://本机IP地址:{service.port}/（仅限内网）")
    echo(f"同时审核 {service.builder.workers} 个工作簿；结果保留 {keep_hours:g} 小时；按 Ctrl+C 停止（停止时删除全部结果）。")

    def terminate(signum, frame):  # SIGTERM: stop like Ctrl+C
        raise KeyboardInterrupt

    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, terminate)
    if open_browser:
        threading.Timer(0.5, webbrowser.open, args=(service.url,)).start()
    try:
        service.run()
    except KeyboardInterrupt:
        pass
    finally:
        service.stop()
    echo("已停止，全部结果已删除。")
