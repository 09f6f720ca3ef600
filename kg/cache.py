"""Files kg derives once from its data and keeps between runs, so that start-up stays short.

The cache lives in ``$KG_CACHE_DIR``, else ``$XDG_CACHE_HOME/conflict-kg``, else
``~/.cache/conflict-kg``.  Each file's name carries a key: a hash of everything it was made from
(the data files, the source of the code that builds it, the versions of Python and of the
libraries it reads), so a changed input makes a new file and a stale one is never read.  Files are
written to a temporary name and renamed, so a reader never sees half a file, and several
processes may build the same file at once.  When the cache cannot be written (a read-only home,
a full disk), or a cached file cannot be read, the value is built in memory as before: the
cache makes kg faster, never different.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import pickle
import re
import sys
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TypeVar, cast

T = TypeVar("T")


def cache_dir() -> Path:
    """Where the cache is (not necessarily there yet)."""
    if env := os.environ.get("KG_CACHE_DIR"):
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "conflict-kg"


def key_of(files: Iterable[Path], *parts: str) -> str:
    """A short hash of the files' bytes and of ``parts`` (versions, parameters)."""
    digest = hashlib.sha256(f"python {sys.version_info[:2]}".encode())
    for part in parts:
        digest.update(b"\0" + part.encode())
    for path in files:
        digest.update(b"\0" + path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def build_file(name: str, key: str, build: Callable[[Path], None]) -> Path | None:
    """The cached file ``name`` for ``key``, made with ``build(path)`` if it is not there yet;
    None when the cache cannot be written."""
    stem, dot, suffix = name.partition(".")
    path = cache_dir() / f"{stem}-{key}{dot}{suffix}"
    if path.is_file():
        return path
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{stem}-", suffix=".tmp")
        os.close(fd)
    except OSError:
        return None
    try:
        build(Path(tmp))
        os.replace(tmp, path)
    except OSError:
        return None
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    _remove_older(path, stem, dot + suffix)
    return path


def _remove_older(path: Path, stem: str, suffix: str) -> None:
    """Files of the same name made for other keys are stale (an upgrade, an edited lexicon)."""
    stale = re.compile(re.escape(stem) + r"-[0-9a-f]{16}" + re.escape(suffix))
    for other in path.parent.iterdir():
        if other != path and stale.fullmatch(other.name):
            with contextlib.suppress(OSError):
                other.unlink()


def _read_pickle(path: Path) -> tuple[bool, object]:
    """(True, value) from a cached pickle; (False, None) if it is missing or damaged (then removed)."""
    try:
        with open(path, "rb") as file:
            return True, pickle.load(file)
    except FileNotFoundError:
        return False, None
    except Exception:  # a truncated or damaged file, whatever the error: built again
        with contextlib.suppress(OSError):
            path.unlink()
        return False, None


def cached_value(name: str, key: str, build: Callable[[], T]) -> T:
    """``build()``, pickled once in the cache as ``name`` for ``key`` and read back from then on."""
    stem = name.removesuffix(".pickle")
    found, value = _read_pickle(cache_dir() / f"{stem}-{key}.pickle")
    if found:
        return cast(T, value)
    built = build()

    def write(tmp: Path) -> None:
        with open(tmp, "wb") as file:
            pickle.dump(built, file, protocol=pickle.HIGHEST_PROTOCOL)

    build_file(f"{stem}.pickle", key, write)
    return built


def _reader_sources() -> list[Path]:
    """The code that turns the ontology files into a lexicon and a gazetteer (part of their cache key)."""
    here = Path(__file__).resolve().parent
    return [here / "lexicon.py", here / "gazetteer.py", here / "text.py", here / "lang" / "__init__.py",
            here / "lang" / "fr.py"]


@functools.cache
def code_key() -> str:
    """The cache key of the code this process runs, read once: a process started before the code
    changed builds with its old code and must not file the result under the new code's key."""
    from importlib.metadata import version

    return key_of([p for p in _reader_sources() if p.exists()], version("rdflib"))


def data_key(files: list[Path]) -> str:
    """The cache key of what the lexicon and gazetteer readers make of ``files`` with this rdflib."""
    return key_of(sorted(files), code_key())
