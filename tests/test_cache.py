"""kg's on-disk cache: built once, read back, rebuilt when damaged or when its inputs change, and never
needed (an unwritable cache only makes kg slower)."""

from __future__ import annotations

import os
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from kg import cache
from kg.cache import data_key as cache_key
from kg.gazetteer import _load_gazetteer
from kg.lexicon import load_lexicon
from kg.resolve import geo
from kg.vocab import ontologies_dir

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def cache_dir(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("KG_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache"


def test_a_value_is_built_once_then_read_back_and_replaced_when_its_key_changes(cache_dir):
    built = []

    def build() -> dict:
        built.append(1)
        return {"words": frozenset({"attaque", "frappe"})}

    first, second = "0123456789abcdef", "fedcba9876543210"
    assert cache.cached_value("words.pickle", first, build) == {"words": frozenset({"attaque", "frappe"})}
    assert cache.cached_value("words.pickle", first, build) == {"words": frozenset({"attaque", "frappe"})}
    assert len(built) == 1
    assert [p.name for p in cache_dir.iterdir()] == [f"words-{first}.pickle"]
    cache.cached_value("words.pickle", second, build)  # new inputs: built again, the stale file removed
    assert len(built) == 2
    assert [p.name for p in cache_dir.iterdir()] == [f"words-{second}.pickle"]


def test_a_damaged_file_is_built_again(cache_dir):
    cache.cached_value("words.pickle", "k", lambda: [1, 2, 3])
    (cache_dir / "words-k.pickle").write_bytes(b"\x80\x05 truncated")
    assert cache.cached_value("words.pickle", "k", lambda: [4]) == [4]
    assert cache.cached_value("words.pickle", "k", lambda: [5]) == [4]


def test_an_unwritable_cache_only_costs_time(tmp_path, monkeypatch):
    if os.geteuid() == 0:
        target = tmp_path / "a-file"  # root writes anywhere: make the cache path a regular file instead
        target.write_text("")
        monkeypatch.setenv("KG_CACHE_DIR", str(target / "cache"))
    else:
        locked = tmp_path / "locked"
        locked.mkdir()
        locked.chmod(stat.S_IRUSR | stat.S_IXUSR)
        monkeypatch.setenv("KG_CACHE_DIR", str(locked / "cache"))
    assert cache.cached_value("words.pickle", "k", lambda: "built") == "built"
    assert cache.build_file("towns.sqlite", "k", lambda path: path.write_text("x")) is None


def test_the_key_follows_the_bytes_of_the_inputs(tmp_path):
    data = tmp_path / "lexicon-xx.ttl"
    data.write_text("a")
    first = cache_key([data])
    assert cache_key([data]) == first
    data.write_text("b")
    assert cache_key([data]) != first


def test_the_lexicon_and_gazetteer_from_the_cache_are_those_of_the_files(cache_dir):
    # __wrapped__: past the in-process cache, to the files and the disk cache
    folder = ontologies_dir().resolve()
    fresh, fresh_gazetteer = load_lexicon.__wrapped__("fr"), _load_gazetteer.__wrapped__("fr", folder)
    assert any(cache_dir.glob("lexicon-fr-*.pickle")) and any(cache_dir.glob("gazetteer-fr-*.pickle"))
    again, again_gazetteer = load_lexicon.__wrapped__("fr"), _load_gazetteer.__wrapped__("fr", folder)
    assert again == fresh  # every word list and table
    assert again_gazetteer.entries == fresh_gazetteer.entries
    assert again_gazetteer.lookup("Daech") == fresh_gazetteer.lookup("Daech") is not None


def test_the_town_index_is_built_once_and_answers_as_geonames(cache_dir):
    # A fresh process builds the index into the cache; this one then reads the file.
    code = "from kg.resolve import geo; print(geo.find_town('Gao', ['ML']).geonames_id)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT,
                          env={**os.environ}, timeout=300)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "2457163"
    [path] = cache_dir.glob("towns-*.sqlite")
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT COUNT(*) FROM town").fetchone()[0] > 50_000
    geo._index.cache_clear()
    assert geo.find_town("Gao", ["ML"]).name == "Gao"
    assert geo.find_town("Gao", ["BF"]) is None or geo.find_town("Gao", ["BF"]).country == "BF"
    assert geo.find_town("Kramatorsk", []).country == "UA"  # one town of that name
    assert geo.find_town("Springfield", []) is None  # many towns of that name, no country: no link
    assert geo.find_town("Nulle-Part-sur-Rien", ["FR"]) is None


def test_a_damaged_town_index_is_not_used(cache_dir):
    key = geo._index_key()
    cache_dir.mkdir(parents=True)
    (cache_dir / f"towns-{key}.sqlite").write_bytes(b"not a database" * 100)
    geo._index.cache_clear()
    try:
        assert geo.find_town("Kramatorsk", []).country == "UA"  # built in memory instead
        assert not (cache_dir / f"towns-{key}.sqlite").exists()  # and the damaged file removed
    finally:
        geo._index.cache_clear()
