"""The WSGI application: home page, upload, result page, downloads; one log line per request.

Routes (anything else is 404, and no part of a request is ever joined into a file path):
``GET /`` the form; ``POST /upload`` check and build, answering ``303 See Other`` to the result
page (post/redirect/get: refreshing the result page never uploads again); ``GET /r/<id>`` the
result page; ``GET /r/<id>/<key>`` a file of the result, where ``key``
is one of the fixed download keys of ``pages.DOWNLOAD_LABELS``.
"""
from __future__ import annotations

import logging
import os
import time
from http import HTTPStatus
from pathlib import PurePath
from urllib.parse import quote

from multipart import MultipartError, MultipartParser, ParserLimitReached, parse_options_header

from . import pages
from .jobs import BUILT, CRASHED, REFUSED, UNREADABLE, Builder, profile_choices, template_choices
from .store import Download, ResultStore

log = logging.getLogger("juesuan.web")

ENVELOPE = 64 * 1024  # room for the multipart headers and the small form fields around the file
SUFFIXES = (".xlsx", ".xlsm", ".xls")
MEDIA = {
    "report.docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "report.pdf": "application/pdf",
    "audit.txt": "text/plain; charset=utf-8",
    "annotated.xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
SECURITY_HEADERS = [
    ("X-Content-Type-Options", "nosniff"),
    ("X-Frame-Options", "DENY"),
    ("Referrer-Policy", "no-referrer"),
    ("Cache-Control", "no-store"),
    ("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; "
     "script-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'"),
]
TOO_LARGE_TEXT = ("上传的文件太大", "文件超过 {mb} MB 的上限，未被接收。",
                  "决算工作簿通常不到 1 MB；请删除多余的工作表、图片和空白行列（或另存为新的 .xlsx）后重试。")


class Reply:
    """A response: status, body (bytes or a file to stream), extra headers, and what to log."""

    def __init__(self, status: int, body: bytes = b"", *, headers=(), download: Download | None = None,
                 rid: str = "-", outcome: str = "-") -> None:
        self.status, self.body, self.headers = status, body, list(headers)
        self.download, self.rid, self.outcome = download, rid, outcome


class App:
    """The WSGI callable. ``max_bytes`` is the workbook size limit (the CLI's, 50 MB)."""

    def __init__(self, store: ResultStore, builder: Builder, *, max_bytes: int | None = None,
                 pdf_available: bool | None = None) -> None:
        if max_bytes is None:
            from ..excel.grid import MAX_FILE_BYTES as max_bytes
        if pdf_available is None:
            from ..pdf import find_soffice

            pdf_available = find_soffice() is not None
        self.store, self.builder = store, builder
        self.max_bytes, self.pdf_available = max_bytes, pdf_available

    @property
    def max_request_bytes(self) -> int:
        """The largest request body accepted (the server refuses bigger ones unread)."""
        return self.max_bytes + ENVELOPE

    def __call__(self, environ, start_response):
        started = time.monotonic()
        method = environ.get("REQUEST_METHOD", "GET")
        try:
            reply = self.dispatch(method, environ.get("PATH_INFO", "") or "/", environ)
        except Exception as exc:  # noqa: BLE001 — never a traceback on the page
            log.exception("request failed: %s", type(exc).__name__)
            reply = Reply(500, pages.problem("程序内部错误", "处理请求时出现意外错误，请稍后重试。",
                                             "如多次出现，请联系服务器管理员。"), outcome=CRASHED)
        log.info("%s %s %d id=%s %s %.2fs", method, self._route(environ), reply.status,
                 reply.rid[:8], reply.outcome, time.monotonic() - started)
        if reply.download is not None:
            d = reply.download
            try:
                fh = open(d.path, "rb")  # noqa: SIM115 — closed by the server through the wrapper
            except FileNotFoundError:  # expired in the meantime
                reply = self.not_found(expired=True)
            else:
                headers = [*SECURITY_HEADERS, *reply.headers, ("Content-Type", d.media_type),
                           ("Content-Length", str(os.fstat(fh.fileno()).st_size))]
                start_response(_status(reply.status), headers)
                wrapper = environ.get("wsgi.file_wrapper")
                return wrapper(fh, 64 * 1024) if wrapper else iter(lambda: fh.read(64 * 1024), b"")
        headers = [*SECURITY_HEADERS, *reply.headers, ("Content-Type", "text/html; charset=utf-8"),
                   ("Content-Length", str(len(reply.body)))]
        start_response(_status(reply.status), headers)
        return [reply.body]

    @staticmethod
    def _route(environ) -> str:
        """The route for the log: result ids shortened, unknown paths not repeated."""
        parts = environ.get("PATH_INFO", "").split("/")
        if len(parts) >= 3 and parts[1] == "r":
            return "/r/…" + ("/" + parts[3] if len(parts) == 4 and parts[3] in MEDIA else "")
        path = environ.get("PATH_INFO", "")
        return path if path in ("/", "/upload") else "(other)"

    def dispatch(self, method: str, path: str, environ) -> Reply:
        parts = path.split("/")[1:]
        read = method in ("GET", "HEAD")
        if path == "/":
            return self.home() if read else self.not_allowed()
        if path == "/upload":
            return self.upload(environ) if method == "POST" else self.not_allowed()
        if len(parts) in (2, 3) and parts[0] == "r":
            if not read:
                return self.not_allowed()
            result = self.store.get(parts[1])
            if result is None or result.outcome is None:
                return self.not_found(expired=True)
            if len(parts) == 2:
                return Reply(200, pages.result(result.id, result.outcome, result.expires_at),
                             rid=result.id, outcome="page")
            download = result.files.get(parts[2])
            if download is None or not download.path.is_file():
                return self.not_found()
            disposition = f"attachment; filename=\"{parts[2]}\"; filename*=UTF-8''{quote(download.name)}"
            return Reply(200, download=download, headers=[("Content-Disposition", disposition)],
                         rid=result.id, outcome="download")
        return self.not_found()

    def home(self) -> Reply:
        templates = {name: description for name, (_, description) in template_choices().items()}
        return Reply(200, pages.home(templates, self.pdf_available, profile_choices()[1:],
                                     self.max_bytes // (1024 * 1024), self.store.keep_seconds / 3600),
                     outcome="home")

    @staticmethod
    def not_found(expired: bool = False) -> Reply:
        message = ("找不到该结果：链接有误，或结果已过期被删除。" if expired else "找不到该页面。")
        hint = "结果只保留一段时间；如需要，请重新上传工作簿。" if expired else ""
        return Reply(404, pages.problem("找不到页面", message, hint), outcome="not-found")

    @staticmethod
    def not_allowed() -> Reply:
        return Reply(405, pages.problem("请求方式不正确", "请从首页的表单上传工作簿。"),
                     headers=[("Allow", "GET, HEAD, POST")], outcome="not-allowed")

    def too_large(self) -> Reply:
        title, message, hint = TOO_LARGE_TEXT
        return Reply(413, pages.problem(title, message.format(mb=self.max_bytes // (1024 * 1024)),
                                        hint), outcome="too-large")

    def upload(self, environ) -> Reply:
        """Receive the form, run the build in the pool, answer with the result page."""
        ctype, options = parse_options_header(environ.get("CONTENT_TYPE", ""))
        if ctype != "multipart/form-data" or not options.get("boundary"):
            return _bad("请通过首页的表单选择文件上传。", "上传表单应为 multipart/form-data。")
        try:
            length = int(environ.get("CONTENT_LENGTH") or -1)
        except ValueError:
            return _bad("请求格式不正确。")
        if length > self.max_request_bytes:
            return self.too_large()
        result = self.store.new()
        try:
            return self._receive_and_build(environ, options["boundary"], length, result)
        finally:
            if self.store.get(result.id) is None:  # not published: nothing to keep
                self.store.discard(result)

    def _receive_and_build(self, environ, boundary: str, length: int, result) -> Reply:
        fields: dict[str, str] = {}
        upload = display = None
        try:
            parser = MultipartParser(environ["wsgi.input"], boundary, length, part_limit=8,
                                     partsize_limit=self.max_bytes, disk_limit=self.max_request_bytes,
                                     memory_limit=ENVELOPE, spool_limit=1024 * 1024)
            for part in parser:
                if part.filename is not None and part.name == "workbook" and upload is None:
                    display = _display_name(part.filename)
                    if not display or part.size == 0:
                        part.close()
                        continue
                    suffix = PurePath(display).suffix.lower()
                    upload = result.folder / ("upload" + (suffix if suffix in SUFFIXES else ".xlsx"))
                    part.save_as(upload)
                elif part.filename is None and part.name in ("template", "pdf", "profile"):
                    fields[part.name] = part.value
                part.close()
        except ParserLimitReached:
            return self.too_large()
        except MultipartError:
            return _bad("上传的内容不完整或格式不正确，请重新上传。")
        if upload is None:
            return _bad("没有收到工作簿：请先选择要上传的文件（不能是空文件）。")
        template = fields.get("template") or next(iter(template_choices()))
        if template not in template_choices():
            return _bad(f"没有名为“{template}”的报告模板。", "请在首页的列表中选择报告模板。")
        profile = fields.get("profile") or ""
        if profile not in profile_choices():
            return _bad(f"没有名为“{profile}”的版式。", "请在首页的列表中选择版式。")
        outcome = self.builder.run(upload, result.folder, display, template, fields.get("pdf") == "1", profile)
        upload.unlink(missing_ok=True)  # only what the unit downloads is kept
        if outcome.status == UNREADABLE:
            too_large = outcome.code == "file-too-large"
            title = "上传的文件太大" if too_large else "无法读取上传的文件"
            return Reply(413 if too_large else 400,
                         pages.problem(title, outcome.message, outcome.hint), outcome=outcome.status)
        if outcome.status == CRASHED or outcome.status not in (BUILT, REFUSED):
            return Reply(500, pages.problem("程序内部错误", "处理该工作簿时程序出错，未能完成审核。",
                                            "请稍后重试；如仍出错，请把工作簿发给服务器管理员。"),
                         outcome=CRASHED)
        result.outcome = outcome
        result.files = {key: Download(result.folder / fname, name, MEDIA[key])
                        for key, (fname, name) in outcome.files.items() if key in MEDIA}
        self.store.publish(result)
        return Reply(303, pages.moved(result.id), headers=[("Location", f"/r/{result.id}")],
                     rid=result.id, outcome=f"{outcome.status} errors={outcome.errors}")


def _display_name(filename: str) -> str:
    """The uploaded file's own name (shown on the page only; never used as a path)."""
    name = filename.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if ch.isprintable()).strip()
    return name[:120]


def _bad(message: str, hint: str = "") -> Reply:
    return Reply(400, pages.problem("上传失败", message, hint), outcome="bad-request")


def _status(code: int) -> str:
    return f"{code} {HTTPStatus(code).phrase}"
