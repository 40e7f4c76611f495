"""The characters XML 1.0 cannot carry: their one definition (render drops them, the audit warns)."""
from __future__ import annotations

import re

# A workbook cell may hold control characters; XML (and so Word) cannot.
ILLEGAL_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def clean(text: str) -> str:
    """``text`` without the characters XML cannot carry."""
    return ILLEGAL_XML.sub("", text)
