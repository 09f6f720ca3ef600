"""The construction suite on the live pipeline (slow: loads the spaCy model).

* the live parse of every case text is still its pinned parse (else the fast tests run on parses the
  pipeline no longer gives: re-pin);
* extraction from a Doc rebuilt from its pinned parse gives exactly the records of the live Doc;
* every case's expectations hold on the live parse (with the same strict xfails as the fast tests).
"""

from __future__ import annotations

import pytest

from .case import report
from .pinned import REPIN, NotPinned, doc_differences, document_of, pinned_doc, pinned_of, records_of, to_doc
from .test_pinned import CASES, case_params

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def live_docs():
    from kg.nlp import load_pipeline

    nlp = load_pipeline("fr")
    return dict(zip((c.id for c in CASES), nlp.pipe(c.text for c in CASES), strict=True))


def _pinned(case):
    try:
        return pinned_doc(case)
    except NotPinned as error:
        pytest.fail(str(error), pytrace=False)


@pytest.mark.parametrize("case", [pytest.param(c, id=c.id) for c in CASES])
def test_live_parse_is_the_pinned_parse(case, live_docs):
    pinned = _pinned(case)
    live = live_docs[case.id]
    if pinned_of(live, case.id) != pinned:
        tokens = [f"{t.text}/{t.pos_}/{t.dep_}->{t.head.i}" for t in live]
        pytest.fail(f"{case.id}: the pipeline parses the text differently now, {REPIN}\nlive: {' '.join(tokens)}",
                    pytrace=False)


def test_pinned_docs_give_exactly_the_records_of_live_docs(live_docs):
    differ = []
    for case in CASES:
        live = live_docs[case.id]
        rebuilt = to_doc(_pinned(case))
        problems = doc_differences(live, rebuilt)
        document = document_of(case)
        if not problems and records_of(document, live) != records_of(document, rebuilt):
            problems = ["records differ"]
        if problems:
            differ.append(f"{case.id}: {'; '.join(problems)}")
    assert not differ, "\n".join(differ)


@pytest.mark.parametrize("case", case_params(CASES))
def test_case_on_the_live_parse(case, live_docs):
    records = records_of(document_of(case), live_docs[case.id])
    problems = case.problems(records)
    assert not problems, report(case, records, problems)


def test_the_pinned_form_keeps_what_extraction_reads_of_whole_articles():
    """The format itself, on the bundled articles (headlines, paragraphs, long sentences): a Doc written
    as CoNLL-U and read back gives extraction exactly the live Doc's parse and records."""
    from pathlib import Path

    from kg.documents import read_path
    from kg.nlp import load_pipeline

    nlp = load_pipeline("fr")
    examples = sorted((Path(__file__).resolve().parents[2] / "examples").glob("*.txt"))
    documents = [d for path in examples for d in read_path(path)]
    assert len(documents) >= 3
    for document, live in zip(documents, nlp.pipe(d.text for d in documents), strict=True):
        rebuilt = to_doc(pinned_of(live, document.id))
        assert rebuilt.text == live.text
        assert doc_differences(live, rebuilt) == [], document.id
        assert records_of(document, rebuilt) == records_of(document, live), document.id
