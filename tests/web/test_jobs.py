"""The build pool: a worker that dies or a build that fails becomes a Chinese page, and the
server goes on serving."""
from __future__ import annotations

import os

from generator.web.jobs import CRASHED, BUILT, Builder, run_job

from tests.test_pdf import needs_soffice

from .conftest import SAMPLE


def die_or_build(upload, folder, display_name, template, pdf, profile=""):
    """A job that kills its worker process for the file called die.xlsx."""
    if display_name == "die.xlsx":
        os._exit(3)
    return run_job(upload, folder, display_name, template, pdf, profile)


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
    status, headers, body = client.upload_and_follow(SAMPLE.read_bytes(), "a.xlsx")
    text = body.decode("utf-8")
    assert status == 500 and headers["Content-Type"].startswith("text/html")
    assert "程序内部错误" in text and "boom" not in text and "Traceback" not in text
    assert set(service.store.root.iterdir()) == before  # the upload was not kept
    monkeypatch.undo()
    assert client.upload_and_follow(SAMPLE.read_bytes(), "a.xlsx")[0] == 200


def build_and_name_the_office(upload, folder, display_name, template, pdf, profile=""):
    """run_job, and which LibreOffice of the worker converted (start-ups so far, its process)."""
    from generator.publish import shared_converter

    outcome = run_job(upload, folder, display_name, template, pdf, profile)
    office = shared_converter().office
    outcome.notes.append(f"{office.starts} {office._proc.pid if office._proc else None}")
    return outcome


@needs_soffice
def test_concurrent_pdf_uploads_each_worker_keeps_one_libreoffice(tmp_path):
    from concurrent.futures import ThreadPoolExecutor

    builder = Builder(2, job=build_and_name_the_office)
    try:
        upload = tmp_path / "upload.xlsx"
        upload.write_bytes(SAMPLE.read_bytes())
        folders = [tmp_path / f"r{i}" for i in range(4)]
        for folder in folders:
            folder.mkdir()
        with ThreadPoolExecutor(4) as threads:
            outcomes = list(threads.map(
                lambda folder: builder.run(upload, folder, "a.xlsx", "默认", True), folders))
    finally:
        builder.close()
    for folder, outcome in zip(folders, outcomes):
        assert outcome.status == BUILT and "report.pdf" in outcome.files, outcome.notes
        assert (folder / "report.pdf").read_bytes().startswith(b"%PDF")
    offices = {outcome.notes[-1] for outcome in outcomes}
    assert len(offices) <= 2 and all(o.startswith("1 ") for o in offices), offices  # one start each
