"""Zip entries with large contents deflated once (render/deflated.py): the archive is byte for byte
what ZipFile.writestr writes, whether the stream was kept or not."""
from __future__ import annotations

import io
import zipfile

from generator.render import deflated
from generator.render.deflated import KEPT, MIN_SIZE, write_entry

BIG = ("".join(f'<w:style w:styleId="S{i}"><w:name w:val="样式{i}"/></w:style>' for i in range(4000))).encode()
SMALL = b"<w:document/>"


def _archive(writer, contents) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for i, data in enumerate(contents):
            entry = zipfile.ZipInfo(f"word/part{i}.xml", date_time=(1980, 1, 1, 0, 0, 0))
            entry.compress_type, entry.external_attr = zipfile.ZIP_DEFLATED, 0o644 << 16
            writer(archive, entry, data)
    return out.getvalue()


def _writestr(archive, entry, data):
    archive.writestr(entry, data)


def test_the_same_bytes_as_writestr_first_and_when_kept(monkeypatch):
    monkeypatch.setattr(deflated, "_kept", type(deflated._kept)())
    assert len(BIG) >= MIN_SIZE
    contents = [SMALL, BIG, BIG + b"<w:x/>", BIG]
    expected = _archive(_writestr, contents)
    assert _archive(write_entry, contents) == expected  # BIG deflated once, then given back
    assert len(deflated._kept) == 2
    assert _archive(write_entry, contents) == expected  # all kept now
    with zipfile.ZipFile(io.BytesIO(expected)) as z:
        assert z.testzip() is None and z.read("word/part3.xml") == BIG


def test_only_the_most_recently_used_streams_are_kept(monkeypatch):
    monkeypatch.setattr(deflated, "_kept", type(deflated._kept)())
    first = [BIG + str(i).encode() for i in range(KEPT + 3)]
    assert _archive(write_entry, first) == _archive(_writestr, first)
    assert len(deflated._kept) == KEPT
    assert all(key[2] in first[3:] for key in deflated._kept)


def test_a_zipfile_without_those_internals_gets_plain_writestr(monkeypatch):
    """Should a later Python's zipfile lose the internals used here, the entry is written by
    writestr: the same archive, only not faster."""
    monkeypatch.setattr(deflated, "_kept", type(deflated._kept)())
    expected = _archive(_writestr, [SMALL, BIG])

    def internals_gone(entry, data):
        raise AttributeError("module 'zipfile' has no attribute '_get_compressor'")

    monkeypatch.setattr(deflated, "_stream", internals_gone)
    assert _archive(write_entry, [SMALL, BIG]) == expected
    assert not deflated._kept
