"""The characters XML 1.0 cannot carry: their one definition (render drops them, the audit warns)."""
from __future__ import annotations

import re

# A workbook cell may hold control characters; XML (and so Word) cannot.
ILLEGAL_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def clean(text: str) -> str:
    """``text`` without the characters XML cannot carry."""
    return ILLEGAL_XML.sub("", text)


def escape(text: str, quote: bool = False) -> str:
    """``text`` as XML character data: & < > as references, and " too with ``quote`` (for an
    attribute value). Not xml.sax.saxutils.escape: its module imports urllib, http and email
    (~15 ms of every start)."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text.replace('"', "&quot;") if quote else text
