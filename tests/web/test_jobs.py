"""The build pool: a worker that dies or a build that fails becomes a Chinese page, and the
server goes on serving."""
from __future__ import annotations

import os

from generator.web.jobs import CRASHED, BUILT, Builder, run_job

from .conftest import SAMPLE


def die_or_build(upload, folder, display_name, template, pdf):
    """A job that kills its worker process for the file called die.xlsx."""
    if display_name == "die.xlsx":
        os._exit(3)
    return run_job(upload, folder, display_name, template, pdf)


def test_a_dead_worker_is_replaced(tmp_path):
    builder = Builder(1, job=die_or_build)
    try:
        upload = tmp_path / "upload.xlsx"
        upload.write_bytes(SAMPLE.read_bytes())
        assert builder.run(upload, tmp_path, "die.xlsx", "默认", False).status == CRASHED
        outcome = builder.run(upload, tmp_path, "sample.xlsx", "默认", False)
        assert outcome.status == BUILT and (tmp_path / "report.docx").is_file()
    finally:
        builder.close()


def test_an_unexpected_failure_is_a_chinese_500_page_and_the_server_goes_on(client, service, monkeypatch):
    def fail(*args, **kwargs):
        raise RuntimeError("boom /secret/path")

    monkeypatch.setattr(service.builder, "run", fail)
    before = set(service.store.root.iterdir())
    status, headers, body = client.upload(SAMPLE.read_bytes(), "a.xlsx")
    text = body.decode("utf-8")
    assert status == 500 and headers["Content-Type"].startswith("text/html")
    assert "程序内部错误" in text and "boom" not in text and "Traceback" not in text
    assert set(service.store.root.iterdir()) == before  # the upload was not kept
    monkeypatch.undo()
    assert client.upload(SAMPLE.read_bytes(), "a.xlsx")[0] == 200
