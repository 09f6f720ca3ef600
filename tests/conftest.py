"""Shared helpers: run the pipeline on a text and look at what it found."""

from __future__ import annotations

import pytest

from kg.documents import make_document
from kg.records import records
from kg.run import Result, run


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
