"""Zip entries whose large contents are deflated once per process (``write_entry``).

Every report carries the template's large unchanged parts (``styles.xml``,
``stylesWithEffects.xml``: some 800 KB of XML, ~4 ms of deflate a report). ``write_entry`` writes
an entry as ``ZipFile.writestr`` does (the same header, CRC and sizes, computed by zipfile), but
the deflated stream of a content of at least ``MIN_SIZE`` bytes is kept (the last ``KEPT`` such
contents, the most recently used kept) and given back for the same bytes: zipfile's own
compressor for the entry made it, and deflate gives the same stream for the same input and
settings, so the archive is byte for byte the one ``writestr`` writes.
"""
from __future__ import annotations

import threading
import zipfile
from collections import OrderedDict

MIN_SIZE = 64 * 1024
KEPT = 8
_kept: OrderedDict[tuple, bytes] = OrderedDict()
_lock = threading.Lock()  # renders in threads of one process share the kept streams


class _Deflated:
    """Stands in for the entry's compressor: the whole kept stream at the one ``compress``."""

    def __init__(self, stream: bytes):
        self.stream = stream

    def compress(self, data) -> bytes:
        stream, self.stream = self.stream, b""
        return stream

    def flush(self) -> bytes:
        return b""


def _stream(entry: zipfile.ZipInfo, data: bytes) -> bytes:
    key = (entry.compress_type, entry._compresslevel, data)
    with _lock:
        stream = _kept.get(key)
        if stream is not None:
            _kept.move_to_end(key)
            return stream
    compressor = zipfile._get_compressor(entry.compress_type, entry._compresslevel)
    stream = compressor.compress(data) + compressor.flush()
    with _lock:
        _kept[key] = stream
        while len(_kept) > KEPT:
            _kept.popitem(last=False)
    return stream


def write_entry(archive: zipfile.ZipFile, entry: zipfile.ZipInfo, data: bytes) -> None:
    """``archive.writestr(entry, data)``, with the deflated stream of a large ``data`` kept."""
    if entry.compress_type != zipfile.ZIP_DEFLATED or len(data) < MIN_SIZE:
        archive.writestr(entry, data)
        return
    try:
        stream = _stream(entry, data)
    except AttributeError:  # a Python whose zipfile has other internals: plain writestr, same bytes
        archive.writestr(entry, data)
        return
    entry.file_size = len(data)  # as writestr does before opening the entry
    with archive.open(entry, mode="w") as dest:
        # (a zipfile that no longer uses ``_compressor`` deflates ``data`` itself: same bytes)
        dest._compressor = _Deflated(stream)
        dest.write(data)
