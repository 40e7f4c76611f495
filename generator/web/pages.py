"""The web pages: simplified Chinese, plain HTML, every value escaped.

The web pages (simplified Chinese, plain HTML that works without JavaScript); every value
shown is HTML-escaped here."""
from __future__ import annotations

import time
from html import escape
from urllib.parse import quote

from ..findings import Severity
from .jobs import BUILT, REFUSED, FindingRow, Outcome

SEVERITY_WORDS = tuple(s.value for s in Severity)  # 错误, 警告, 提示

STYLE = """
body{font-family:"Microsoft YaHei","PingFang SC","Noto Sans CJK SC",sans-serif;margin:0;
 background:#f4f6f8;color:#222;line-height:1.6}
header{background:#9b1c1c;color:#fff;padding:14px 24px}
header h1{margin:0;font-size:22px}header a{color:#fff;text-decoration:none}
main{max-width:1100px;margin:20px auto;background:#fff;padding:20px 28px;border-radius:6px;
 box-shadow:0 1px 3px rgba(0,0,0,.12)}
h2{font-size:19px;margin:18px 0 8px}
.box{padding:10px 14px;border-radius:4px;margin:12px 0}
.ok{background:#e8f5e9;border:1px solid #81c784}.bad{background:#fdecea;border:1px solid #e57373}
.warn{background:#fff8e1;border:1px solid #ffd54f}.info{background:#e3f2fd;border:1px solid #90caf9}
table{border-collapse:collapse;width:100%;font-size:14px}
th,td{border:1px solid #ccc;padding:6px 8px;vertical-align:top;text-align:left}
th{background:#eef1f4}
tr.错误 td:first-child{background:#fdecea;color:#b71c1c;font-weight:bold}
tr.警告 td:first-child{background:#fff8e1;color:#8d6e00}
tr.提示 td:first-child{background:#e3f2fd;color:#0d47a1}
tr.culprit td{border-top:2px solid #b71c1c}
.tag{display:inline-block;background:#b71c1c;color:#fff;border-radius:3px;padding:0 5px;
 font-size:12px;margin-left:4px}
.cell{font-family:Consolas,"Courier New",monospace;width:22%}
.cell b{white-space:nowrap}.more{display:block;color:#666;font-size:12px}
td.sev{white-space:nowrap;width:5em}
ul.files li{margin:6px 0;font-size:16px}
form p{margin:14px 0}
button{font-size:16px;padding:6px 22px}
.small{color:#666;font-size:13px}
table.findings{table-layout:fixed}col.c-sev{width:6.5em}col.c-cell{width:20%}col.c-hint{width:30%}
.cell b{word-break:break-all}table.findings td{overflow-wrap:anywhere}
h3.sheet{font-size:16px;margin:14px 0 6px}details{margin:6px 0 10px}summary{cursor:pointer;color:#0d47a1}
"""

SIZE_CHECK = """
<script>
(function(){var f=document.getElementById('workbook'),m=document.getElementById('toolarge'),
b=document.getElementById('submit'),max=%d;
if(!f||!window.FileReader){return;}
f.onchange=function(){var big=f.files&&f.files[0]&&f.files[0].size>max;
m.style.display=big?'block':'none';b.disabled=big;};
document.getElementById('upload').onsubmit=function(){b.disabled=true;b.textContent='正在审核，请稍候……';};
})();
</script>
"""


def _page(title: str, body: str) -> bytes:
    return (f'<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width,initial-scale=1">'
            f'<meta name="referrer" content="no-referrer">'
            f"<title>{escape(title)}</title><style>{STYLE}</style></head><body>"
            f'<header><h1><a href="/">决算公开报告生成器</a></h1></header>'
            f"<main>{body}</main></body></html>").encode("utf-8")


def home(templates: dict[str, str], pdf_available: bool, profiles: tuple[str, ...], max_mb: int,
         keep_hours: float) -> bytes:
    """The upload form; ``templates`` maps each built-in template's name to its description,
    ``profiles`` are the built-in 版式."""
    versions = '<option value="">工作簿中记录的版式（没有记录时为湖南2021）</option>' + "".join(
        f'<option value="{escape(n)}">{escape(n)}</option>' for n in profiles)
    options = "".join(f'<option value="{escape(n)}">{escape(n)}{"：" + escape(d) if d else ""}</option>'
                      for n, d in templates.items())
    pdf = ('<label><input type="checkbox" name="pdf" value="1"> 同时生成 PDF（较慢，约需 1 分钟）</label>'
           if pdf_available else
           '<label><input type="checkbox" name="pdf" value="1" disabled> 同时生成 PDF</label>'
           '<span class="small">（本服务器未安装 LibreOffice，暂不能生成 PDF）</span>')
    body = f"""
<h2>上传决算公开表工作簿</h2>
<p>选择填好的工作簿（.xlsx、.xlsm 或 .xls），点击“上传并审核”。程序审核表内、表间数据和文字，\
列出全部问题；没有错误时生成《部门决算》公开报告（Word），可直接下载。</p>
<form id="upload" action="/upload" method="post" enctype="multipart/form-data">
<p><label for="workbook">工作簿：</label>
<input type="file" id="workbook" name="workbook" accept=".xlsx,.xlsm,.xls" required></p>
<p id="toolarge" class="box bad" style="display:none">文件超过 {max_mb} MB，无法上传。\
决算工作簿通常不到 1 MB，请删除多余的工作表和图片后另存。</p>
<p><label for="template">报告模板：</label>
<select id="template" name="template">{options}</select></p>
<p><label for="profile">版式：</label>
<select id="profile" name="profile">{versions}</select></p>
<p>{pdf}</p>
<p><button type="submit" id="submit">上传并审核</button></p>
</form>
<div class="box info small">
<p>说明：文件不超过 {max_mb} MB。每次上传的结果只能通过结果页面的链接访问，不会被列出，\
{_hours(keep_hours)}后自动删除（服务器停止时也会删除）。结果链接相当于密码，请勿转发给无关人员。</p>
<p>本服务没有账号：能访问本网址的人都可以上传，请只在单位内网中使用。</p>
</div>
{SIZE_CHECK % (max_mb * 1024 * 1024)}"""
    return _page("决算公开报告生成器", body)


def _hours(hours: float) -> str:
    if hours >= 1 and hours == int(hours):
        return f"{int(hours)} 小时"
    minutes = hours * 60
    return f"{minutes:g} 分钟" if minutes >= 1 else f"{hours * 3600:g} 秒"


SHOWN = 5  # findings of one sheet (and fixes) shown open; the rest behind a <details> summary
_HEAD = ('<table class="findings"><colgroup><col class="c-sev"><col class="c-cell"><col><col class="c-hint">'
         "</colgroup><thead><tr><th>严重程度</th><th>单元格</th><th>问题</th><th>处理建议</th></tr>"
         "</thead><tbody>")


def by_sheet(rows: list[FindingRow]) -> dict[str, list[FindingRow]]:
    """The rows grouped by the sheet of their first cell ("工作簿" for none), the groups in the
    order of their first row (so the group of the most probable cause and the errors first)."""
    groups: dict[str, list[FindingRow]] = {}
    for r in rows:
        sheet = r.cells[0].rpartition("!")[0] if r.cells and "!" in r.cells[0] else "工作簿"
        groups.setdefault(sheet, []).append(r)
    return groups


def _fold(items: list[FindingRow]) -> tuple[list[FindingRow], list[FindingRow]]:
    """(shown, folded): the first finding of each kind (code), up to ``SHOWN``, is shown; the
    others of the same kind (a workbook saved without values has one per formula) fold away."""
    kinds: set[str] = set()
    shown, folded = [], []
    for r in items:
        if r.code not in kinds and len(shown) < SHOWN:
            kinds.add(r.code)
            shown.append(r)
        else:
            folded.append(r)
    return shown, folded


def _findings_table(rows: list[FindingRow]) -> str:
    """The findings, one table per sheet, each showing one finding of each kind and folding
    the rest into a <details> (``_fold``), so that the page stays short."""
    if not rows:
        return ""
    lines = ["<h2>审核结果明细（按工作表）</h2>"]
    for sheet, items in by_sheet(rows).items():
        counts = "，".join(f"{s} {n} 个" for s in SEVERITY_WORDS
                          if (n := sum(r.severity == s for r in items)))
        lines.append(f'<h3 class="sheet">{escape(sheet)}<span class="small">（{escape(counts)}）</span></h3>')
        shown, folded = _fold(items)
        lines.append(_HEAD + "".join(map(_row, shown)) + "</tbody></table>")
        if folded:
            lines.append(f"<details><summary>该表其余 {len(folded)} 个问题（与上面的问题同类的在此）</summary>"
                         + _HEAD + "".join(map(_row, folded)) + "</tbody></table></details>")
    return "\n".join(lines)


def _row(r: FindingRow) -> str:
    tag = '<span class="tag">最可能填错</span>' if r.culprit else ""
    cls = f"{r.severity} culprit" if r.culprit else r.severity
    return (f'<tr class="{escape(cls)}"><td class="sev">{escape(r.severity)}{tag}</td>'
            f'<td class="cell">{_cells(r.cells)}</td><td>{escape(r.message)}'
            + (f'<span class="more">{escape(r.cause)}</span>' if r.cause else "")
            + f"</td><td>{escape(r.hint)}</td></tr>")


def _cells(cells: tuple[str, ...]) -> str:
    """The first cell (the culprit) in bold, the others below it, smaller."""
    if not cells:
        return "<b>工作簿</b>"
    more = f'<span class="more">相关：{escape("、".join(cells[1:]))}</span>' if cells[1:] else ""
    return f"<b>{escape(cells[0])}</b>{more}"


DOWNLOAD_LABELS = {
    "report.docx": "决算公开报告（Word）",
    "report.pdf": "决算公开报告（PDF）",
    "audit.txt": "审核结果（文本）",
    "annotated.xlsx": "标注了问题单元格的工作簿副本",
}


def result(rid: str, outcome: Outcome, expires_at: float) -> bytes:
    """The result page of one upload: summary, downloads, what to fix, the findings."""
    counts = "，".join(f"{s} {outcome.counts.get(s, 0)} 个" for s in SEVERITY_WORDS)
    who = f"{outcome.unit}{outcome.year}年度" if outcome.unit else "工作簿"
    parts = [f"<h2>{escape(who)}审核结果</h2>", f'<p class="summary">审核结果：{escape(counts)}。</p>',
             _link(rid, expires_at)]
    if outcome.status == BUILT:
        parts.append('<div class="box ok">没有错误，已生成报告，请下载。'
                     + ("警告请逐项核实，确认无误后再公开。" if outcome.counts.get(Severity.WARNING.value) else "")
                     + "</div>")
    elif outcome.status == REFUSED:
        parts.append(f'<div class="box bad"><strong>工作簿有 {outcome.errors} 个错误，未生成报告。</strong>'
                     "请按下表逐项修改工作簿（可下载标注副本，有问题的单元格已标色并加批注），"
                     "保存后重新上传。</div>")
        fixes = [r for r in outcome.findings if r.rank == 0]
        shown, folded = _fold(fixes)
        parts.append("<h2>需要修改的地方</h2><ol>" + "".join(map(_fix, shown)) + "</ol>")
        if folded:
            parts.append(f"<details><summary>其余 {len(folded)} 处（多与上面的同类，另见下方按工作表列出的明细）"
                         f'</summary><ol start="{len(shown) + 1}">' + "".join(map(_fix, folded)) + "</ol></details>")
    for note in outcome.notes:
        parts.append(f'<div class="box warn">{escape(note)}</div>')
    if outcome.files:
        items = "".join(
            f'<li><a href="/r/{quote(rid)}/{quote(key)}" download>{escape(label)}</a>'
            f' <span class="small">{escape(name)}</span></li>'
            for key, label in DOWNLOAD_LABELS.items() if key in outcome.files
            for name in [outcome.files[key][1]])
        parts.append(f'<h2>下载</h2><ul class="files">{items}</ul>')
    parts.append(_findings_table(outcome.findings))
    parts.append('<p class="small"><a href="/">返回首页，上传其他工作簿</a></p>')
    return _page(f"{who}审核结果", "\n".join(parts))


def _fix(r: FindingRow) -> str:
    return (f'<li><b>{escape(r.cells[0] if r.cells else "工作簿")}</b>'
            + ('<span class="tag">最可能填错</span>' if r.culprit else "")
            + f"：{escape(r.message)}" + (f"<br>{escape(r.hint)}" if r.hint else "") + "</li>")


def _link(rid: str, expires_at: float) -> str:
    """The result's own address, near the top: this page can be bookmarked or reopened."""
    until = time.strftime("%Y-%m-%d %H:%M", time.localtime(expires_at))
    return (f'<p class="small link">本结果的链接：<a href="/r/{quote(rid)}">/r/{escape(rid)}</a>'
            f"（可收藏或刷新；{escape(until)} 后自动删除，请及时保存所需文件）</p>")


def moved(rid: str) -> bytes:
    """The body of the upload's redirect (a browser follows the Location header at once)."""
    return _page("审核完成", f'<p>审核完成，请打开<a href="/r/{quote(rid)}">审核结果页面</a>。</p>')


def problem(title: str, message: str, hint: str = "") -> bytes:
    """A page for a request that could not be served (bad upload, unknown link …)."""
    body = (f'<h2>{escape(title)}</h2><div class="box bad">{escape(message)}</div>'
            + (f"<p>处理建议：{escape(hint)}</p>" if hint else "")
            + '<p><a href="/">返回首页</a></p>')
    return _page(title, body)
