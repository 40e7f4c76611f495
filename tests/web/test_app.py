"""The web page through a real server: form, upload, result page, downloads, bad uploads, limits."""
from __future__ import annotations

import io
import re
import secrets
import shutil
import socket
import time
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import unquote

import pytest

from tests.helpers import put_coded

from .conftest import SAMPLE, Client

ID = re.compile(r'href="/r/([A-Za-z0-9_-]{32})"')


def page_text(body: bytes) -> str:
    return body.decode("utf-8")


def result_id(body: bytes) -> str:
    ids = set(ID.findall(page_text(body)))
    assert len(ids) == 1, ids
    return ids.pop()


def links(body: bytes) -> list[str]:
    return re.findall(r'href="(/r/[^"]+/[^"/]+)"', page_text(body))


def test_home_page_is_a_plain_chinese_upload_form(client):
    status, headers, body = client.get("/")
    text = page_text(body)
    assert status == 200 and headers["Content-Type"] == "text/html; charset=utf-8"
    form = re.search(r"<form[^>]*>", text).group(0)
    assert 'method="post"' in form and 'enctype="multipart/form-data"' in form and 'action="/upload"' in form
    assert len(re.findall(r'type="file"', text)) == 1 and 'name="workbook"' in text
    assert 'name="template"' in text and 'name="pdf"' in text
    assert "上传并审核" in text and "内网" in text
    assert 'type="submit"' in text  # submitting needs no JavaScript
    assert "<script src" not in text


def test_upload_of_the_sample_gives_counts_and_a_working_report(client):
    import docx

    from generator.pipeline import check

    expected = check(SAMPLE).report.by_severity()
    status, _, body = client.upload_and_follow(SAMPLE.read_bytes(), "huaihua-2021.xlsx")
    text = page_text(body)
    assert status == 200, text
    counts = "，".join(f"{s.value} {len(items)} 个" for s, items in expected.items())
    assert f"审核结果：{counts}。" in text
    assert "没有错误，已生成报告" in text
    rid = result_id(body)
    hrefs = links(body)
    assert hrefs[0] == f"/r/{rid}/report.docx"
    assert {h.rsplit("/", 1)[1] for h in hrefs} >= {"report.docx", "audit.txt", "annotated.xlsx"}

    status, headers, data = client.get(f"/r/{rid}/report.docx")
    assert status == 200 and headers["Content-Type"].endswith("wordprocessingml.document")
    assert unquote(headers["Content-Disposition"].split("filename*=UTF-8''")[1]) == \
        "怀化市工伤保险服务中心2021年度部门决算.docx"
    document = docx.Document(io.BytesIO(data))
    full = "\n".join(p.text for p in document.paragraphs)
    assert "怀化市工伤保险服务中心" in full and "收、支总计各" in full

    status, _, audit = client.get(f"/r/{rid}/audit.txt")
    assert status == 200 and audit.decode("utf-8").startswith("审核结果：huaihua-2021.xlsx")

    import openpyxl

    status, _, annotated = client.get(f"/r/{rid}/annotated.xlsx")
    assert status == 200 and "审核结果" in openpyxl.load_workbook(io.BytesIO(annotated)).sheetnames

    status, _, again = client.get(f"/r/{rid}")  # the result page again, by its link
    assert status == 200 and f"审核结果：{counts}。" in page_text(again)


def test_the_form_offers_each_built_in_template_and_the_choice_is_used(client):
    """附表在后 (tables last): all nine tables come after the 第五部分 附表 heading."""
    import docx

    from generator.render import BUILTIN_TEMPLATES

    text = page_text(client.get("/")[2])
    choices = text.split('name="template"')[1].split("</select>")[0]
    assert re.findall(r'<option value="([^"]+)"', choices) == list(BUILTIN_TEMPLATES)
    status, _, body = client.upload_and_follow(SAMPLE.read_bytes(), "a.xlsx", template="附表在后")
    assert status == 200
    data = client.get(f"/r/{result_id(body)}/report.docx")[2]
    children = list(docx.Document(io.BytesIO(data)).element.body.iterchildren())
    kinds = [(c.tag.rsplit("}", 1)[1], "".join(c.itertext()).strip()) for c in children]
    heading = max(i for i, (kind, words) in enumerate(kinds) if kind == "p" and words.startswith("第五部分"))
    tables = [i for i, (kind, _) in enumerate(kinds) if kind == "tbl"]
    assert len(tables) >= 9 and min(tables) > heading


def test_findings_table_lists_errors_first_with_cells(client, sample_copy):
    ref = put_coded(sample_copy, "公开05表", "2080109", "基本支出", "十四万")
    status, _, body = client.upload_and_follow(sample_copy.read_bytes(), "有错误.xlsx")
    text = page_text(body)
    assert status == 200
    assert "未生成报告" in text and "需要修改的地方" in text
    rows = re.findall(r'<tr class="([^"]+)"><td class="sev">.*?</td><td class="cell"><b>([^<]*)</b>', text)
    order = ["错误", "警告", "提示"].index
    groups = [[cls.split()[0] for cls in re.findall(r'<tr class="([^"]+)">', group)]
              for group in text.split('<h3 class="sheet">')[1:]]
    assert groups[0][0] == "错误"
    for severities in groups:  # errors first within each sheet, and the sheets by their worst
        assert severities == sorted(severities, key=order)
    assert [g[0] for g in groups] == sorted((g[0] for g in groups), key=order)
    assert len(rows) == text.count("<tr class=")
    assert (("错误", ref) in [(cls.split()[0], cell) for cls, cell in rows])
    names = {h.rsplit("/", 1)[1] for h in links(body)}
    assert "report.docx" not in names and {"audit.txt", "annotated.xlsx"} <= names
    rid = result_id(body)
    assert client.get(f"/r/{rid}/report.docx")[0] == 404


def test_the_probable_cause_is_first_and_marked(client, sample_copy):
    """05 2080109 基本支出 typed 124.93 for 142.93 (shared/reference/huaihua-2021-figures.md): the
    page's first finding is that cell, marked as the probable culprit, with the repairing value;
    the errors it causes say so."""
    ref = put_coded(sample_copy, "公开05表", "2080109", "基本支出", 124.93)
    status, _, body = client.upload_and_follow(sample_copy.read_bytes(), "填错.xlsx")
    text = page_text(body)
    assert status == 200
    rows = re.findall(r'<tr class="([^"]+)"><td class="sev">(.*?)</td><td class="cell"><b>([^<]*)</b>', text)
    assert rows[0][0] == "错误 culprit" and "最可能填错" in rows[0][1] and rows[0][2] == ref
    assert sum("culprit" in cls for cls, _, _ in rows) == 1
    first_row = text.split('<tr class="错误 culprit">')[1].split("</tr>")[0]
    assert "142.93" in first_row
    assert f"可能由 {ref} 填错引起" in text
    fixes = text.split("需要修改的地方")[1].split("</ol>")[0]
    assert fixes.index(ref) < fixes.index("<li>", fixes.index("<li>") + 1)


def test_formula_without_cached_value_is_refused_with_the_cell(client, sample_copy):
    ref = put_coded(sample_copy, "公开03表", "2080109", "基本支出", "=1+1")  # saved without a value
    status, _, body = client.upload_and_follow(sample_copy.read_bytes(), "公式.xlsx")
    assert status == 200 and ref in page_text(body) and "保存" in page_text(body)


@pytest.mark.parametrize("content, name", [
    (b"hello, this is not a workbook", "报告.txt"),
    (b"PK\x03\x04broken zip" + bytes(200), "坏文件.xlsx"),
])
def test_a_file_that_is_not_a_workbook_gets_a_chinese_400(client, content, name):
    status, headers, body = client.upload_and_follow(content, name)
    text = page_text(body)
    assert status == 400 and headers["Content-Type"].startswith("text/html")
    assert "无法读取" in text and f"“{name}”" in text and "另存为 .xlsx" in text
    assert "Traceback" not in text and "/tmp" not in text
    assert client.get("/")[0] == 200  # still serving


def test_upload_without_a_file_or_with_a_foreign_template(client):
    status, _, body = client.upload_and_follow(b"", "")
    assert status == 400 and "请先选择" in page_text(body)
    status, _, body = client.upload_and_follow(SAMPLE.read_bytes(), "a.xlsx", template="../../etc/passwd")
    assert status == 400 and "报告模板" in page_text(body)
    status, _, body = client.request("POST", "/upload", b"a=1",
                                     {"Content-Type": "application/x-www-form-urlencoded"})
    assert status == 400 and "表单" in page_text(body)


def test_a_60_mb_upload_is_refused_with_413_before_it_is_read(service):
    """The client announces 60 MB and starts sending: the answer (413, Chinese) comes while most of
    the body is still unsent, so the server never reads it whole."""
    host, port = service.url.split("//")[1].rstrip("/").rsplit(":", 1)
    total = 60 * 1024 * 1024
    sock = socket.create_connection((host, int(port)), timeout=30)
    sock.sendall(b"POST /upload HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; boundary=b\r\n"
                 + f"Content-Length: {total}\r\n\r\n".encode())
    sent, answer = 0, b""
    sock.settimeout(0.05)
    chunk = b"x" * (256 * 1024)
    while sent < total:
        try:
            answer += sock.recv(65536)
            if answer:
                break
        except socket.timeout:
            pass
        try:
            sock.sendall(chunk)
            sent += len(chunk)
        except OSError:  # the server closed the connection after answering
            break
    sock.settimeout(10)
    try:
        while True:
            data = sock.recv(65536)
            if not data:
                break
            answer += data
    except OSError:
        pass
    sock.close()
    assert answer.startswith(b"HTTP/1.1 413"), answer[:200]
    assert sent < total // 2
    assert "上传的文件太大" in answer.decode("utf-8", "replace")
    assert Client(service.url).get("/")[0] == 200  # still serving


def test_an_upload_just_over_the_limit_inside_the_envelope_is_refused(client, service, monkeypatch):
    """Bodies the server lets through (limit < size ≤ limit + envelope) are still capped: 413."""
    monkeypatch.setattr(service.app, "max_bytes", 1024)
    status, _, body = client.upload_and_follow(bytes(4096), "big.xlsx")
    assert status == 413 and "上传的文件太大" in page_text(body)


def test_a_guessed_result_id_is_404(client):
    for path in (f"/r/{secrets.token_urlsafe(24)}", f"/r/{secrets.token_urlsafe(24)}/report.docx", "/r/",
                 "/r", "/results", "/r/index"):
        status, _, body = client.get(path)
        assert status == 404 and "找不到" in page_text(body), path


def test_dot_dot_in_a_path_is_404(client):
    status, _, body = client.upload_and_follow(SAMPLE.read_bytes(), "a.xlsx")
    rid = result_id(body)
    for path in ("/..", "/../etc/passwd", "/r/../../etc/passwd", f"/r/{rid}/../../../etc/passwd",
                 f"/r/{rid}/..", f"/r/{rid}/..%2F..%2Fetc%2Fpasswd", f"/r/{rid}/%2e%2e/report.docx",
                 f"/r/..%2F{rid}/report.docx", f"/r/{rid}/report.docx/..", "/r/%2E%2E/%2E%2E/etc/passwd",
                 f"/r/{rid}/upload.xlsx", f"/r/{rid}/report.docx%00"):
        status, _, body = client.get(path)
        assert status == 404 and b"root:" not in body, path
    assert client.get(f"/r/{rid}/report.docx")[0] == 200


def test_eight_concurrent_uploads_all_succeed(client):
    data = SAMPLE.read_bytes()
    with ThreadPoolExecutor(8) as pool:
        answers = list(pool.map(lambda n: client.upload_and_follow(data, f"unit{n}.xlsx"), range(8)))
    assert [status for status, _, _ in answers] == [200] * 8
    ids = {result_id(body) for _, _, body in answers}
    assert len(ids) == 8
    for rid in ids:
        status, _, data_back = client.get(f"/r/{rid}/report.docx")
        assert status == 200 and data_back[:2] == b"PK"


def test_results_expire(client, service, monkeypatch):
    status, _, body = client.upload_and_follow(SAMPLE.read_bytes(), "a.xlsx")
    rid = result_id(body)
    folder = service.store.get(rid).folder
    assert folder.is_dir() and client.get(f"/r/{rid}")[0] == 200
    monkeypatch.setattr(service.store, "keep_seconds", 0.5)
    time.sleep(0.6)
    status, _, body = client.get(f"/r/{rid}/report.docx")
    assert status == 404 and "过期" in page_text(body)
    assert not folder.exists()


@pytest.mark.skipif(shutil.which("soffice") is None and shutil.which("libreoffice") is None,
                    reason="LibreOffice is not installed")
def test_pdf_when_asked(client):
    status, _, body = client.upload_and_follow(SAMPLE.read_bytes(), "a.xlsx", pdf="1")
    assert status == 200, page_text(body)
    rid = result_id(body)
    status, headers, data = client.get(f"/r/{rid}/report.pdf")
    assert status == 200 and headers["Content-Type"] == "application/pdf" and data.startswith(b"%PDF")


def test_an_xls_renamed_xlsx_is_checked_and_annotated(client, sample_xls):
    """决算 software's .xls exports often carry an .xlsx name: read by content, the annotated
    copy is an .xlsx of its values, and the page says so (it answered 500 before)."""
    import openpyxl

    status, _, body = client.upload_and_follow(sample_xls.read_bytes(), "导出.xlsx")
    text = page_text(body)
    assert status == 200, text
    assert "标注副本为 .xlsx" in text
    rid = result_id(body)
    status, _, annotated = client.get(f"/r/{rid}/annotated.xlsx")
    assert status == 200 and "审核结果" in openpyxl.load_workbook(io.BytesIO(annotated)).sheetnames


def test_the_upload_redirects_to_the_result_page(client, service):
    """Post/redirect/get: the upload answers 303 to /r/<id>, so refreshing the result page asks
    for the page again (the same result) and never posts the workbook again; the page's own
    link is near its top."""
    before = len(list(service.store.root.iterdir()))
    status, headers, body = client.upload(SAMPLE.read_bytes(), "a.xlsx")
    assert status == 303 and re.fullmatch(r"/r/[A-Za-z0-9_-]{32}", headers["Location"])
    rid = headers["Location"].rsplit("/", 1)[1]
    first, again = client.get(headers["Location"]), client.get(headers["Location"])
    assert first[0] == again[0] == 200 and first[2] == again[2]
    assert len(list(service.store.root.iterdir())) == before + 1  # one upload, one result
    text = page_text(first[2])
    assert text.index(f'href="/r/{rid}"') < text.index("下载") < text.index("审核结果明细")


def test_findings_are_grouped_by_sheet_and_long_groups_fold(client, sample_copy):
    """One table per sheet in the order of the findings; a sheet with many findings of one kind
    shows the first of each kind and folds the rest into a <details> (no JavaScript needed)."""
    from generator.web.pages import SHOWN

    wrong = [put_coded(sample_copy, "公开05表", code, "基本支出", "十四万")
             for code in ("2080109", "2080199", "2080502", "2080505", "2101101", "2101199",
                          "2080599", "2080705", "2089999", "20801")]
    status, _, body = client.upload_and_follow(sample_copy.read_bytes(), "多处错误.xlsx")
    text = page_text(body)
    assert status == 200 and "未生成报告" in text
    sheets = re.findall(r'<h3 class="sheet">([^<]*)<', text)
    assert len(sheets) == len(set(sheets)) and "公开05表" in sheets
    table = text.split('<h3 class="sheet">公开05表')[1].split('<h3 class="sheet">')[0]
    shown, folded = table.split("<details>")
    counted = sum(int(n) for n in re.findall(r"(\d+) 个", table.split("</h3>")[0]))
    assert 1 <= shown.count("<tr class=") <= SHOWN and folded.count("<tr class=") >= 1
    assert shown.count("<tr class=") + folded.count("<tr class=") == counted >= len(wrong)
    assert all(cell.startswith("公开05表!") for cell in re.findall(r'<td class="cell"><b>([^<]*)</b>', table))


def test_the_form_offers_each_built_in_profile_and_the_choice_is_used(client):
    import docx

    from generator.profiles import builtin_names

    text = page_text(client.get("/")[2])
    choices = text.split('name="profile"')[1].split("</select>")[0]
    assert re.findall(r'<option value="([^"]*)"', choices) == ["", *builtin_names()]
    status, _, body = client.upload_and_follow(SAMPLE.read_bytes(), "a.xlsx", profile="湖南2022")
    assert status == 200
    data = client.get(f"/r/{result_id(body)}/report.docx")[2]
    texts = [p.text for p in docx.Document(io.BytesIO(data)).paragraphs]
    assert "七、财政拨款“三公”经费支出决算情况说明" in texts
    status, _, body = client.upload(SAMPLE.read_bytes(), "a.xlsx", profile="../../x.toml")
    assert status == 400 and "没有名为“../../x.toml”的版式" in page_text(body)
