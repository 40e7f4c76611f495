"""The result store: unguessable ids, expiry, deletion at close."""
from __future__ import annotations

import time

from generator.web.store import ResultStore


def test_ids_are_random_and_at_least_128_bits(tmp_path):
    store = ResultStore(root=tmp_path)
    ids = {store.new().id for _ in range(200)}
    assert len(ids) == 200
    for rid in ids:
        assert len(rid) >= 22 and set(rid) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
        assert len(rid) * 6 >= 128  # base64url: 6 bits a character
    store.close()


def test_unpublished_results_are_not_reachable_and_results_are_never_listed(tmp_path):
    store = ResultStore(root=tmp_path)
    result = store.new()
    assert store.get(result.id) is None and len(store) == 0
    store.publish(result)
    assert store.get(result.id) is result and len(store) == 1
    assert not hasattr(store, "list") and not hasattr(store, "__iter__")
    store.close()


def test_sweeper_deletes_expired_results_and_close_deletes_everything(tmp_path):
    store = ResultStore(keep_seconds=0.3, root=tmp_path)
    old = store.new()
    (old.folder / "report.docx").write_bytes(b"x")
    store.publish(old)
    store.start_sweeper()
    deadline = time.monotonic() + 5
    while old.folder.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not old.folder.exists() and len(store) == 0  # swept without anyone asking for it
    store.keep_seconds = 3600
    live = store.new()
    store.publish(live)
    assert store.get(live.id) is live
    root = store.root
    store.close()
    assert not root.exists() and store.get(live.id) is None
