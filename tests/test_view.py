"""The view the extractors walk answers every question as spaCy does, and extraction through it gives
what extraction on the spaCy Doc itself gives."""

from __future__ import annotations

import gc
import sys
from pathlib import Path

import numpy
import pytest
from spacy.attrs import SENT_START
from spacy.tokens import Doc

from kg.documents import iter_documents
from kg.extract.document import _extract, extract_document
from kg.extract.tokens import entity_of, morph
from kg.extract.view import DocView

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent
TEXTS = [
    # names, entities and hyphens; a relative clause; a quote; numbers; a blank line; a parenthesis
    "Les rebelles du M23, soutenus par le Rwanda selon l'ONU, ont pris mardi la ville de Rubaya, "
    "qu'ils contrôlaient déjà en partie.\n\nTrois civils ont été tués (dont un enfant) et 12 blessés.",
    "« Nous ne céderons pas », a déclaré samedi le porte-parole de l'armée malienne à Bamako.  "
    "Des drones ont frappé Kharkiv dans la nuit de vendredi à samedi, blessant au moins quinze personnes.",
    "Le Conseil de sécurité des Nations unies a condamné l'attaque contre la base d'Al-Assad.",
]
ATTRIBUTES = ["text", "whitespace_", "text_with_ws", "idx", "lemma_", "lower_", "pos_", "tag_", "dep_", "ent_type",
              "ent_type_", "ent_iob_", "ent_id_", "like_num", "is_punct", "is_space"]


@pytest.fixture(scope="module")
def docs(nlp_fr):
    return list(nlp_fr.pipe(TEXTS))


def test_every_token_attribute_is_spacys(docs):
    for doc in docs:
        view = DocView(doc)
        assert len(view) == len(doc)
        for token, seen in zip(doc, view, strict=True):
            assert seen.i == token.i
            for name in ATTRIBUTES:
                assert getattr(seen, name) == getattr(token, name), (token.text, name)
            assert str(seen.morph) == str(token.morph)
            for feature in ("Number", "Gender", "VerbForm", "Tense", "Definite"):
                assert morph(seen, feature) == morph(token, feature) == tuple(token.morph.get(feature))
            assert seen.head.i == token.head.i
            assert [c.i for c in seen.children] == [c.i for c in token.children]
            assert (seen.left_edge.i, seen.right_edge.i) == (token.left_edge.i, token.right_edge.i)
            assert [t.i for t in seen.subtree] == [t.i for t in token.subtree]
            assert [t.i for t in seen.ancestors] == [t.i for t in token.ancestors]
            assert (seen.sent.start, seen.sent.end) == (token.sent.start, token.sent.end)


def test_a_sentence_whose_root_lies_outside_it_gets_spacys_root(nlp_fr):
    # sentence starts written after the parse (as kg_sentence_bounds does) can cut a tree: the
    # second sentence here has no token that is its own head, and spaCy takes the highest one
    words = ["Il", "dit", "hier", "soir", "que", "non"]
    deps = ["nsubj", "ROOT", "obl", "nmod", "ccomp", "advmod"]
    doc = Doc(nlp_fr.vocab, words=words, heads=[1, 1, 1, 2, 1, 4], deps=deps)
    starts = numpy.array([[1], [0], [1], [0], [0], [0]], dtype="uint64")
    doc.from_array([SENT_START], starts)
    view = DocView(doc)
    assert [(s.start, s.end) for s in view.sents] == [(0, 2), (2, 6)]
    assert [s.root.i for s in view.sents] == [s.root.i for s in doc.sents] == [1, 2]


def test_a_document_without_sentences_fails_as_spacy_does(nlp_fr):
    with pytest.raises(ValueError, match="E030"):
        DocView(Doc(nlp_fr.vocab, words=["un", "mot"]))


def test_sentences_entities_and_slices_are_spacys(docs):
    for doc in docs:
        view = DocView(doc)
        assert [(s.start, s.end, s.text, s.start_char, s.end_char, s.root.i) for s in view.sents] == \
            [(s.start, s.end, s.text, s.start_char, s.end_char, s.root.i) for s in doc.sents]
        assert [(e.start, e.end, e.root.i, e.ent_id_) for e in view.ents] == \
            [(e.start, e.end, e.root.i, e.ent_id_) for e in doc.ents]
        n = len(doc)
        for start, end in [(0, 3), (2, 2), (5, 1), (n - 2, n + 5), (-3, n), (0, n)]:
            assert view[start:end].text == doc[start:end].text, (start, end)
            assert [t.i for t in view[start:end]] == [t.i for t in doc[start:end]]
            assert bool(view[start:end]) == bool(doc[start:end])
        assert view[-1].i == doc[-1].i
        with pytest.raises(IndexError):
            view[n]


def test_an_entity_is_found_from_any_of_its_tokens(docs):
    for doc in docs:
        view = DocView(doc)
        for ent in doc.ents:
            for i in range(ent.start, ent.end):
                for token in (doc[i], view[i]):
                    found = entity_of(token)
                    assert (found.start, found.end) == (ent.start, ent.end)
        outside = [t for t in doc if t.ent_iob_ == "O"]
        assert outside and all(entity_of(t) is None and entity_of(view[t.i]) is None for t in outside)


def test_an_unknown_attribute_fails_loudly(docs):
    with pytest.raises(AttributeError):
        DocView(docs[0]).noun_chunks  # noqa: B018 - the access is the test


def test_extraction_through_the_view_is_extraction_on_the_doc(nlp_fr, lex_fr):
    # extract_document walks the view, with answers kept per token; _extract on the Doc asks spaCy each time
    for document in iter_documents([str(ROOT / "examples")]):
        doc = nlp_fr(document.text)
        assert extract_document(document, doc, lex_fr) == _extract(document, doc, lex_fr), document.id


def test_a_document_is_let_go_once_extracted(nlp_fr, lex_fr):
    # The view's tokens point at each other and at the spaCy Doc; were they left to the cycle
    # collector, a stream of documents would keep thousands of Docs alive between its full passes.
    document = next(iter_documents([str(ROOT / "examples" / "baghdad.txt")]))
    doc = nlp_fr(document.text)
    gc.disable()
    try:
        held = sys.getrefcount(doc)
        extract_document(document, doc, lex_fr)
        assert sys.getrefcount(doc) == held
    finally:
        gc.enable()
