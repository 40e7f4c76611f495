"""The report as PDF, through LibreOffice (soffice) headless.

Rules:

* soffice is looked up on PATH, then in the usual install folders (Windows ``C:\\Program Files
  \\LibreOffice\\program\\soffice.exe``, macOS ``/Applications/LibreOffice.app``); absent →
  ``PdfProblem`` with a Chinese message saying how to install it.
* Every conversion runs with a private, throw-away LibreOffice profile
  (``-env:UserInstallation=file://…``), so it neither disturbs nor waits for a running
  LibreOffice, and with a time limit (``TIMEOUT`` seconds per document). A ``Converter`` keeps
  its profile and one long-lived LibreOffice driven over UNO (``office.Office``: restarted when
  it dies, killed when a conversion hangs); without a Python that has ``uno`` it converts the
  documents of each call with one ``soffice --convert-to pdf``.
* The 目录's page numbers: LibreOffice does not refresh a Word TOC field; ``toc_layout`` reads the
  page of every heading from the PDF's bookmarks (outline) and ``splice_front`` puts the
  separately converted, numbered 目录 in front of the first PDF (``publish`` drives the passes).
* The official fonts (方正小标宋简体, 黑体, 楷体_GB2312, 仿宋_GB2312) and the Latin face (Times New
  Roman) are checked with ``fc-list`` where it exists; each missing one is mapped to the closest
  free face (``fonts.PDF_FACES``: simplified-Chinese faces, Liberation Serif for Latin) through
  the replacement table of the private profile, and reported (``fonts.font_note``).
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Sequence

from .errors import GeneratorError
from .xmltext import escape
from .fonts import font_note, font_substitutes, replacements  # noqa: F401  (font_* for publish)

TIMEOUT = 180
_CANDIDATES = (
    r"C:\Program Files\LibreOffice\program\soffice.exe",
    r"C:\Program Files (x86)\LibreOffice\program\soffice.exe",
    "/Applications/LibreOffice.app/Contents/MacOS/soffice",
    "/usr/lib/libreoffice/program/soffice",
    "/opt/libreoffice/program/soffice",
)


class PdfProblem(GeneratorError):
    """The PDF could not be made; the message (Chinese) says why and what to do."""


def find_soffice() -> Path | None:
    """soffice on PATH (soffice, libreoffice), else in the usual install folders."""
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return Path(found)
    for env in ("PROGRAMFILES", "PROGRAMFILES(X86)"):
        base = os.environ.get(env)
        if base:
            candidate = Path(base) / "LibreOffice" / "program" / "soffice.exe"
            if candidate.is_file():
                return candidate
    for candidate in _CANDIDATES:
        if Path(candidate).is_file():
            return Path(candidate)
    return None


def _missing_office() -> PdfProblem:
    return PdfProblem("未找到 LibreOffice（soffice），无法生成 PDF。请安装 LibreOffice "
                      "（https://zh-cn.libreoffice.org/ ；Debian/Ubuntu：apt-get install "
                      "libreoffice-writer-nogui），或在 Word/WPS 中打开报告后另存为 PDF。")


class Converter:
    """One LibreOffice for many documents: a private profile made once and, where a Python with
    ``uno`` is found, one long-lived LibreOffice (``office.Office``) that converts every document
    it is given, one after the other, started once (``start`` starts it without waiting) and
    again only when it dies, hangs or has converted ``office.RESTART_AFTER`` documents. Without
    ``uno``, one ``soffice --convert-to pdf`` call per ``convert`` however many documents it is
    given. Use as a context manager (LibreOffice is ended and the profile removed on exit)."""

    def __init__(self, soffice: Path | None = None, timeout: int = TIMEOUT):
        from .office import Office

        self.soffice = soffice or find_soffice()
        self.timeout = timeout
        self._tmp = tempfile.TemporaryDirectory(prefix="juesuan-lo-")
        self.profile = Path(self._tmp.name) / "profile"
        write_profile(self.profile, replacements())
        self.office = Office(self.soffice, self.profile, timeout) if self.soffice else None
        self.calls = 0  # ``soffice --convert-to`` start-ups (without uno)

    def __enter__(self) -> "Converter":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def start(self) -> "Converter":
        """Start LibreOffice now, in the background (a build renders while it starts)."""
        if self.office is not None:
            self.office.start()
        return self

    @property
    def starts(self) -> int:
        """LibreOffice start-ups so far, whichever way."""
        return self.calls + (self.office.starts if self.office else 0)

    def close(self) -> None:
        if self.office is not None:
            self.office.stop()
        self._tmp.cleanup()

    def convert(self, docxs: Sequence[Path], outdir: Path) -> list[Path | PdfProblem]:
        """PDFs of ``docxs`` (distinct stems) in ``outdir``: one path or ``PdfProblem`` per
        document; one document's failure does not take the others with it."""
        if self.soffice is None:
            return [_missing_office() for _ in docxs]
        docxs = [Path(d).resolve() for d in docxs]
        outdir = Path(outdir).resolve()
        outdir.mkdir(parents=True, exist_ok=True)
        if not docxs:
            return []
        out = self._call(docxs, outdir)
        if len(docxs) > 1 and any(isinstance(r, PdfProblem) for r in out) and not self._uno():
            out = [r if not isinstance(r, PdfProblem) else self._call([d], outdir)[0]
                   for d, r in zip(docxs, out)]
        return out

    def convert_numbered(self, docx: Path, pdf: Path, entries: list[str], on_pages) -> Path | PdfProblem | None:
        """``docx`` → ``pdf`` in one conversion with the 目录 numbered inside LibreOffice
        (``office.Office.convert_numbered``; ``on_pages`` gets the numbers before the export);
        None when that cannot be done here (no uno, no script provider, a 目录 it cannot number):
        nothing was written, and ``convert`` with the front pass is the way."""
        from .office import NoUno

        if not self._uno():
            return None
        pdf = Path(pdf).resolve()
        pdf.unlink(missing_ok=True)
        try:
            problem = self.office.convert_numbered(Path(docx).resolve(), pdf, entries, on_pages)
        except NoUno:
            return None
        if problem is None:
            return None
        return PdfProblem(problem) if problem else pdf

    def _uno(self) -> bool:
        return self.office is not None and self.office.available

    def _call(self, docxs: list[Path], outdir: Path) -> list[Path | PdfProblem]:
        for d in docxs:
            (outdir / (d.stem + ".pdf")).unlink(missing_ok=True)
        out: list[Path | PdfProblem] = []
        for i, d in enumerate(docxs):
            made = self._through_office(d, outdir / (d.stem + ".pdf")) if self._uno() else None
            if made is None:  # no uno: this one and the rest with one soffice --convert-to
                return out + self._command(docxs[i:], outdir)
            out.append(made)
        return out

    def _through_office(self, docx: Path, pdf: Path) -> Path | PdfProblem | None:
        from .office import NoUno

        try:
            problem = self.office.convert(docx, pdf)
        except NoUno:
            return None
        return PdfProblem(problem) if problem else pdf

    def _command(self, docxs: list[Path], outdir: Path) -> list[Path | PdfProblem]:
        timeout = self.timeout * len(docxs)
        command = [str(self.soffice), f"-env:UserInstallation={self.profile.as_uri()}", "--headless",
                   "--norestore", "--convert-to", "pdf", "--outdir", str(outdir), *map(str, docxs)]
        self.calls += 1
        try:
            proc = subprocess.run(command, capture_output=True, text=True, timeout=timeout,
                                  stdin=subprocess.DEVNULL)
        except subprocess.TimeoutExpired:
            return [PdfProblem(f"LibreOffice 转换 PDF 超时（{timeout} 秒），请稍后重试。") for _ in docxs]
        except OSError as exc:
            return [PdfProblem(f"无法启动 LibreOffice（{self.soffice}）：{exc}") for _ in docxs]
        out: list[Path | PdfProblem] = []
        for d in docxs:
            produced = outdir / (d.stem + ".pdf")
            if produced.is_file() and produced.stat().st_size > 0:
                out.append(produced)
            else:
                detail = (proc.stderr or proc.stdout or "").strip()[:300]
                out.append(PdfProblem(f"LibreOffice 未能生成 PDF（退出码 {proc.returncode}）：{detail}"))
        return out


def convert(docx: Path, pdf: Path, *, soffice: Path | None = None, timeout: int = TIMEOUT) -> Path:
    """Convert one ``docx`` to ``pdf`` with LibreOffice headless (private profile, time limit)."""
    with Converter(soffice, timeout) as office:
        if office.soffice is None:
            raise _missing_office()
        with tempfile.TemporaryDirectory(prefix="juesuan-pdf-") as tmp:
            (result,) = office.convert([docx], Path(tmp))
            if isinstance(result, PdfProblem):
                raise result
            pdf = Path(pdf)
            pdf.parent.mkdir(parents=True, exist_ok=True)
            shutil.move(str(result), str(pdf))
    return pdf


# -- 目录 page numbers ------------------------------------------------------------------------

_OBJ = re.compile(rb"(\d+) 0 obj(.*?)endobj", re.S)
_TITLE = re.compile(rb"/Title\s*<([0-9A-Fa-f]*)>")
_DEST = re.compile(rb"/Dest\s*\[\s*(\d+) 0 R")
_KIDS = re.compile(rb"/Type\s*/Pages\b.*?/Kids\s*\[([^\]]*)\]", re.S)
_REF = re.compile(rb"(\d+) 0 R")


def _key(text: str) -> str:
    return re.sub(r"\s+", "", text)


def outline(pdf: Path) -> list[tuple[str, int]]:
    """(bookmark title, 0-based page index) of a LibreOffice PDF, in document order.

    LibreOffice writes the outline and the page tree as plain (uncompressed) objects; a PDF
    from elsewhere may give an empty list."""
    data = Path(pdf).read_bytes()
    objects = {int(m.group(1)): m.group(2) for m in _OBJ.finditer(data)}
    pages: list[int] = []
    for body in objects.values():
        kids = _KIDS.search(body)
        if kids and b"/Parent" not in body.split(b"/Kids")[0]:
            pages = [int(r) for r in _REF.findall(kids.group(1))]
            break
    index = {obj: i for i, obj in enumerate(pages)}
    out = []
    for body in objects.values():
        title, dest = _TITLE.search(body), _DEST.search(body)
        if not title or not dest or int(dest.group(1)) not in index:
            continue
        raw = bytes.fromhex(title.group(1).decode())
        text = raw[2:].decode("utf-16-be") if raw[:2] == b"\xfe\xff" else raw.decode("latin-1")
        out.append((text, index[int(dest.group(1))]))
    out.sort(key=lambda item: item[1])
    return out


def heading_pages(pdf: Path, entries: Sequence[tuple[int, str]]) -> list[str]:
    """Printed page numbers of the 目录 ``entries`` (level, text) found in the PDF's outline.

    Numbering starts at 1 on the page of the first entry (the report's first part; cover and
    目录 are unnumbered). An entry not found gets ''."""
    return toc_layout(pdf, entries)[0]


def toc_layout(pdf: Path, entries: Sequence[tuple[int, str]]) -> tuple[list[str], int | None]:
    """``heading_pages`` and the 0-based index of the page of the first entry found (the
    number of front pages: cover and 目录), None when no entry is found."""
    marks = outline(pdf)
    pages: list[str] = []
    first: int | None = None
    pos = 0
    for _, text in entries:
        key = _key(text)
        for i in range(pos, len(marks)):
            if _key(marks[i][0]) == key:
                if first is None:
                    first = marks[i][1]
                pages.append(str(marks[i][1] - first + 1))
                pos = i + 1
                break
        else:
            pages.append("")
    return pages, first


def splice_front(full: Path, front: Path, count: int, out: Path) -> bool:
    """Write ``out``: ``full`` whose first ``count`` pages show the pages of ``front`` instead
    (the 目录 with its page numbers, converted on its own). Page objects, bookmarks and the
    rest of ``full`` are kept. False (nothing written) when ``front`` has not exactly ``count``
    pages, i.e. the numbers changed the 目录's length and so the pagination."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import NameObject

    source = PdfReader(str(front))
    if len(source.pages) != count:
        return False
    writer = PdfWriter(clone_from=str(full))
    for i in range(count):
        page = source.pages[i].clone(writer)
        target = writer.pages[i]
        for key in ("/Resources", "/Contents", "/MediaBox", "/CropBox"):
            if key in page:
                target[NameObject(key)] = page.raw_get(key)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(out, "wb") as fh:
        writer.write(fh)
    return True


# -- the profile's font replacement table ----------------------------------------------------

def write_profile(profile: Path, table: dict[str, str]) -> None:
    """Prepare a fresh LibreOffice user profile whose font replacement table (Tools ▸ Options ▸
    Fonts, "Always") maps each official face to its free stand-in."""
    user = Path(profile) / "user"
    user.mkdir(parents=True, exist_ok=True)
    items = ['<item oor:path="/org.openoffice.Office.Common/Font/Substitution">'
             '<prop oor:name="Replacement" oor:op="fuse"><value>true</value></prop></item>']
    for i, (font, face) in enumerate(table.items()):
        items.append(
            '<item oor:path="/org.openoffice.Office.Common/Font/Substitution/FontPairs">'
            f'<node oor:name="_{i}" oor:op="replace">'
            '<prop oor:name="Always" oor:op="fuse"><value>true</value></prop>'
            '<prop oor:name="OnScreenOnly" oor:op="fuse"><value>false</value></prop>'
            f'<prop oor:name="ReplaceFont" oor:op="fuse"><value>{escape(font, quote=True)}</value></prop>'
            f'<prop oor:name="SubstituteFont" oor:op="fuse"><value>{escape(face, quote=True)}</value></prop>'
            '</node></item>')
    scripts = user / "Scripts" / "python"  # the 目录 macro (office_toc.py), run inside LibreOffice
    scripts.mkdir(parents=True, exist_ok=True)
    macro = Path(__file__).with_name("office_toc.py").read_text(encoding="utf-8")
    (scripts / "juesuan_toc.py").write_text(macro.split('"""', 2)[2].lstrip(), encoding="ascii")
    (user / "registrymodifications.xcu").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<oor:items xmlns:oor="http://openoffice.org/2001/registry" '
        'xmlns:xs="http://www.w3.org/2001/XMLSchema" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\n'
        + "\n".join(items) + "\n</oor:items>\n", encoding="utf-8")
