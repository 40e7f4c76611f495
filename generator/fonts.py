"""The PDF's faces: missing official and Latin fonts, their free stand-ins, the note.

Which official fonts (and the Latin face) are missing, the free face LibreOffice's replacement
table puts in for each (``PDF_FACES``), and the note that says so.

fontconfig (``fc-list``, ``fc-match``) is asked where it exists; without it every replacement is
written and the note says the fonts could not be checked.
"""
from __future__ import annotations

import functools
import shutil
import subprocess

OFFICIAL_FONTS = ("方正小标宋简体", "黑体", "楷体_GB2312", "仿宋_GB2312")
# The face the report's styles name for Latin text and digits (templates/typography.py).
LATIN_FONT = "Times New Roman"

# Official face (and the stock Windows faces the .docx names as fallbacks) → the free
# simplified-Chinese face the PDF uses when the official one is not installed (Debian packages
# fonts-noto-cjk, fonts-noto-cjk-extra, fonts-arphic-ukai): serif for 仿宋/宋体, a heavy serif
# for 小标宋 (titles), a heavy sans for 黑体, a Kai face for 楷体. Latin text and digits: Times
# New Roman → Liberation Serif (fonts-liberation2), metric-compatible, so that they keep Word's
# widths instead of falling back to whatever fontconfig finds (DejaVu Serif, wider).
PDF_FACES = {
    LATIN_FONT: "Liberation Serif",
    "方正小标宋简体": "Noto Serif CJK SC Black",
    "黑体": "Noto Sans CJK SC Black",
    "楷体_GB2312": "AR PL UKai CN",
    "仿宋_GB2312": "Noto Serif CJK SC",
    "宋体": "Noto Serif CJK SC",
    "仿宋": "Noto Serif CJK SC",
    "楷体": "AR PL UKai CN",
    "SimHei": "Noto Sans CJK SC Black",
    "SimSun": "Noto Serif CJK SC",
}


@functools.lru_cache(maxsize=1)
def _installed_families() -> frozenset[str] | None:
    """The font families fontconfig knows (asked once per process), None without fc-list."""
    fc_list = shutil.which("fc-list")
    if not fc_list:
        return None
    try:
        families = subprocess.run([fc_list, ":", "family"], capture_output=True, text=True,
                                  timeout=30).stdout
    except (OSError, subprocess.TimeoutExpired):
        return None
    return frozenset(name.strip() for line in families.splitlines() for name in line.split(","))


def _face_installed(face: str, installed: set[str]) -> bool:
    """A family name, or a family plus a weight fontconfig knows (Noto Sans CJK SC Bold)."""
    if face in installed:
        return True
    family, _, weight = face.rpartition(" ")
    return bool(family) and family in installed and weight in ("Bold", "Black", "Medium")


def replacements(installed: set[str] | None = None) -> dict[str, str]:
    """The replacement table for LibreOffice: official face → free face, for each official face
    not installed whose free face is (all of ``PDF_FACES`` when fc-list is missing)."""
    installed = _installed_families() if installed is None else installed
    if installed is None:
        return dict(PDF_FACES)
    return {font: face for font, face in PDF_FACES.items()
            if font not in installed and _face_installed(face, installed)}


def _fc_match(pattern: str) -> str:
    """The family fontconfig picks for ``pattern`` ('' when it cannot tell)."""
    fc_match = shutil.which("fc-match")
    if not fc_match:
        return ""
    try:
        return subprocess.run([fc_match, "-f", "%{family[0]}", pattern], capture_output=True,
                              text=True, timeout=30).stdout.strip()
    except (OSError, subprocess.TimeoutExpired):
        return ""


def font_substitutes() -> dict[str, str] | None:
    """Official font (and the Latin face) → the face the PDF uses, for each one not installed
    (None: cannot tell)."""
    installed = _installed_families()
    if installed is None:
        return None
    table = replacements(installed)
    out = {}
    for font in (*OFFICIAL_FONTS, LATIN_FONT):
        if font in installed:
            continue
        substitute = table.get(font) or _fc_match(
            font if font == LATIN_FONT else f"{font}:lang=zh-cn") or "（由 LibreOffice 自动选择）"
        out[font] = substitute
    return out


def font_note() -> str:
    """One Chinese sentence on the fonts of the PDF ('' when all official fonts are present)."""
    subs = font_substitutes()
    if subs is None:
        return "无法检查公文字体是否已安装（本机没有 fc-list）；如未安装，PDF 中将使用替代字体。"
    latin = subs.pop(LATIN_FONT, None)
    parts = []
    if subs:
        pairs = "、".join(f"{font}→{sub}" for font, sub in subs.items())
        parts.append(f"本机未安装以下公文字体，PDF 中已使用最接近的免费简体中文字体替代：{pairs}")
    if latin:
        how = ("字宽相同的免费字体" if latin == PDF_FACES[LATIN_FONT]
               else "替代字体（字宽不同，版面可能与 Word 中略有差别）")
        parts.append(f"西文和数字所用的 {LATIN_FONT} 未安装，已改用{how}：{LATIN_FONT}→{latin}")
    if not parts:
        return ""
    return ("；".join(parts) + "（Word 文档中仍保留原字体名称）。正式印发前请在已安装公文字体的电脑上导出。")
