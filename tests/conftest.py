"""Shared helpers: run the pipeline on a text and look at what it found; a real Oxigraph server."""

from __future__ import annotations

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
