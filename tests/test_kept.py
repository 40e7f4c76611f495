"""generator.kept: results only the code decides, kept between processes beside the bytecode."""
from __future__ import annotations

import json

from generator import kept as k


def test_a_kept_result_is_read_back_and_a_damaged_one_computed_anew(tmp_path, monkeypatch):
    store = tmp_path / "x.json"
    monkeypatch.setattr(k, "kept_file", lambda name, *texts: store)
    calls = []

    def compute():
        calls.append(1)
        return {"甲": [1, 2]}

    assert k.kept("x", compute) == {"甲": [1, 2]} and len(calls) == 1
    assert json.loads(store.read_text(encoding="utf-8")) == {"甲": [1, 2]}
    store.write_text('{"乙": []}', encoding="utf-8")  # what is kept is what is returned
    assert k.kept("x", compute) == {"乙": []} and len(calls) == 1
    store.write_text('{"损坏', encoding="utf-8")
    assert k.kept("x", compute) == {"甲": [1, 2]} and len(calls) == 2
    assert json.loads(store.read_text(encoding="utf-8")) == {"甲": [1, 2]}
    assert not list(tmp_path.glob("*.tmp"))


def test_an_unwritable_place_only_means_computing(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("")
    monkeypatch.setattr(k, "kept_file", lambda name, *texts: blocker / "x.json")  # under a file
    assert k.kept("x", lambda: [3]) == [3]
    assert k.kept("x", lambda: [4]) == [4]


def test_the_place_changes_with_the_texts_and_with_the_code(tmp_path, monkeypatch):
    (tmp_path / "a.py").write_text("A = 1\n")
    (tmp_path / "data.json").write_text("{}")
    monkeypatch.setattr(k, "_ROOT", tmp_path)
    first = k.kept_file("x", "文字")
    assert first.parent == tmp_path / "__pycache__"
    assert k.kept_file("x", "文字") == first
    assert k.kept_file("x", "文字。") != first and k.kept_file("y", "文字") != first
    (tmp_path / "a.py").write_text("A = 22\n")  # another size
    second = k.kept_file("x", "文字")
    assert second != first
    (tmp_path / "__pycache__").mkdir()
    (tmp_path / "__pycache__" / "b.py").write_text("")  # bytecode folders are not the code
    assert k.kept_file("x", "文字") == second


def test_each_new_file_leaves_only_the_newest_of_its_name(tmp_path, monkeypatch):
    import os

    monkeypatch.setattr(k, "_ROOT", tmp_path)
    monkeypatch.setattr(k, "KEEP", 3)
    for i in range(5):  # five texts, each kept once, the later ones newer
        k.kept("x", lambda i=i: [i], f"文字{i}")
        os.utime(k.kept_file("x", f"文字{i}"), ns=(i * 10**9, i * 10**9))
    k.kept("y", lambda: ["其他"], "文字")
    left = sorted(json.loads(p.read_text(encoding="utf-8"))[0] for p in (tmp_path / "__pycache__").glob("x.*.json"))
    assert left == [2, 3, 4]  # 0 and 1 went when 3 and 4 were written; y's file is its own
    assert k.kept_file("y", "文字").is_file()
    assert k.kept("x", lambda: ["新"], "文字4") == [4]  # a kept file is still read back
