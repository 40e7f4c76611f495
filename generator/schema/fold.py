"""Label folding for matching: NFKC, no white space, full-width punctuation, enumerators."""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# ---------------------------------------------------------------------------------------------
# Label folding


_PUNCT = str.maketrans({
    "（": "(", "）": ")", "：": ":", "，": ",", "；": ";", "。": ".", "“": '"', "”": '"',
    "‘": "'", "’": "'", "、": ",", "【": "[", "】": "]", "〔": "[", "〕": "]", "－": "-",
    "—": "-", "　": "",
})
_ENUMERATOR = re.compile(
    # ``fold`` turns 、 into ",", so the folded forms are accepted as well.
    r"^(?:[一二三四五六七八九十]+[、.．,]|[(（][一二三四五六七八九十\d]+[)）]|\d+[、.．,]|其中[:：]?)"
)


def fold(text: object) -> str:
    """Fold a label for matching: NFKC, no white space, full-width punctuation as ASCII."""
    if text is None:
        return ""
    return _fold(text if isinstance(text, str) else str(text))


@lru_cache(maxsize=8192)
def _fold(text: str) -> str:
    # Labels repeat across sheets and scans: folding each distinct string once is enough.
    folded = unicodedata.normalize("NFKC", text).translate(_PUNCT)
    return re.sub(r"\s+", "", folded)


def fold_label(text: object) -> str:
    """Fold a row label and drop a leading enumerator (一、 （二） 3、 其中：)."""
    folded = fold(text)
    previous = None
    while previous != folded:
        previous, folded = folded, _ENUMERATOR.sub("", folded)
    return folded


def strip_enumerator(text: str) -> str:
    """A row label without its leading enumerator, spaces trimmed (for names shown in reports)."""
    text = re.sub(r"\s+", "", str(text))
    previous = None
    while previous != text:
        previous, text = text, _ENUMERATOR.sub("", text)
    return text
