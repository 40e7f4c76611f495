"""The web tests' server: one ``Service`` on a free port in a background thread for the session."""
from __future__ import annotations

import http.client
import uuid
from pathlib import Path
from urllib.parse import urlsplit

import pytest

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "inputs" / "huaihua-2021.xlsx"


@pytest.fixture(scope="session")
def service():
    from generator.web.server import Service

    svc = Service("127.0.0.1", 0, workers=2)
    svc.builder.warm_up()
    thread = svc.start_thread()
    yield svc
    svc.stop()
    thread.join(10)


class Client:
    """A tiny HTTP client that sends paths exactly as given (no normalisation)."""

    def __init__(self, url: str) -> None:
        parts = urlsplit(url)
        self.host, self.port = parts.hostname, parts.port

    def request(self, method: str, path: str, body: bytes | None = None, headers=None):
        conn = http.client.HTTPConnection(self.host, self.port, timeout=120)
        try:
            conn.request(method, path, body=body, headers=headers or {})
            resp = conn.getresponse()
            return resp.status, dict(resp.getheaders()), resp.read()
        finally:
            conn.close()

    def get(self, path: str):
        return self.request("GET", path)

    def upload(self, content: bytes, filename: str = "工作簿.xlsx", **fields: str):
        boundary = uuid.uuid4().hex
        chunks = []
        for name, value in fields.items():
            chunks.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
                          f"{value}\r\n".encode())
        chunks.append(f'--{boundary}\r\nContent-Disposition: form-data; name="workbook"; '
                      f'filename="{filename}"\r\nContent-Type: application/octet-stream\r\n\r\n'.encode())
        chunks.append(content)
        chunks.append(f"\r\n--{boundary}--\r\n".encode())
        return self.request("POST", "/upload", b"".join(chunks),
                            {"Content-Type": f"multipart/form-data; boundary={boundary}"})

    def upload_and_follow(self, content: bytes, filename: str = "工作簿.xlsx", **fields: str):
        """``upload``, then the result page its ``303`` points to, as a browser does (a refused
        upload's page of problems, which has no result, is returned as it is)."""
        status, headers, body = self.upload(content, filename, **fields)
        if status != 303:
            return status, headers, body
        return self.get(headers["Location"])


@pytest.fixture
def client(service) -> Client:
    return Client(service.url)
