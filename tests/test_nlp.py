"""kg's spaCy components: sentence bounds (and that they stay linear in the document's length), the
gazetteer ruler's matching rules."""

from __future__ import annotations

import time

import pytest

from kg.nlp import GazetteerRuler, join_hyphenated, sentence_bounds

pytestmark = pytest.mark.slow


def _starts(nlp, text: str) -> list[tuple[str, bool | None]]:
    doc = sentence_bounds(nlp.make_doc(text))
    return [(t.text, t.is_sent_start) for t in doc if not t.is_space]


def test_a_blank_line_starts_a_sentence_even_without_punctuation(nlp_fr):
    starts = dict(_starts(nlp_fr, "Attaque à Goma\n\nLes rebelles ont avancé"))
    assert starts["Les"] is True


def test_no_sentence_starts_inside_a_clause_and_one_may_start_after_a_full_stop(nlp_fr):
    starts = dict(_starts(nlp_fr, "Le camp proche de Tawila a été visé. Les secours arrivent"))
    assert starts["camp"] is False and starts["Tawila"] is False and starts["visé"] is False
    assert starts["Les"] is None  # allowed: the parser decides
    assert starts["Le"] is True  # the first token, as spaCy sets it


def test_a_closing_quote_leaves_the_next_start_to_the_parser(nlp_fr):
    starts = dict(_starts(nlp_fr, "« Nous résisterons » Le ministre a parlé"))
    assert starts["Le"] is None and starts["ministre"] is False


def test_a_parenthesis_after_a_full_stop_is_a_sentence_of_its_own(nlp_fr):
    # an agency credit after the last sentence (… a-t-il précisé. (Reuters)) is no argument of it
    starts = _starts(nlp_fr, "Deux obus sont tombés sur le marché, a-t-il précisé. (Reuters)")
    assert ("(", True) in starts
    inside = _starts(nlp_fr, "Le groupe État islamique (EI) a revendiqué l'attaque.")
    assert ("(", False) in inside


def test_the_parser_keeps_the_bounds(nlp_fr):
    doc = nlp_fr("Des tirs ont visé le camp de Zamzam mardi\n\nLes humanitaires ont quitté la zone.")
    assert [s.text.strip() for s in doc.sents] == ["Des tirs ont visé le camp de Zamzam mardi",
                                                  "Les humanitaires ont quitté la zone."]


def _seconds(nlp, text: str) -> float:
    """Best of five runs of the component alone on a fresh Doc of ``text``."""
    best = float("inf")
    for _ in range(5):
        doc = nlp.make_doc(text)
        start = time.perf_counter()
        sentence_bounds(doc)
        best = min(best, time.perf_counter() - start)
    return best


def test_sentence_bounds_are_linear_in_the_documents_length(nlp_fr):
    # Ten times the tokens must cost about ten times as much, not a hundred (the component once read
    # doc.text and set is_sent_start token by token, each a pass over the document).  A ratio of
    # two timings on the same machine, so a fast machine cannot hide a quadratic cost.
    paragraph = "Les rebelles du M23 ont attaqué Goma mardi, selon l'armée. Trois civils ont été tués.\n\n"
    small = paragraph * 100
    large = paragraph * 1000
    assert len(nlp_fr.make_doc(small)) == pytest.approx(2_000, rel=0.1)
    assert len(nlp_fr.make_doc(large)) == pytest.approx(20_000, rel=0.1)
    assert _seconds(nlp_fr, large) <= 25 * _seconds(nlp_fr, small)


@pytest.fixture(scope="module")
def ruler(nlp_fr) -> GazetteerRuler:
    return nlp_fr.get_pipe("kg_gazetteer")


def _keys(nlp, ruler: GazetteerRuler, text: str) -> set[str]:
    """The entries whose names the ruler finds in ``text``, tokenized as the pipeline does."""
    return {key for key, _, _ in ruler.matches(join_hyphenated(nlp.make_doc(text)))}


def test_names_match_without_case_or_accents_and_acronyms_with_their_case(nlp_fr, ruler):
    congo = "republique-democratique-du-congo"
    assert congo in _keys(nlp_fr, ruler, "en RÉPUBLIQUE DÉMOCRATIQUE DU CONGO")
    assert congo in _keys(nlp_fr, ruler, "en republique democratique du congo")
    assert congo not in _keys(nlp_fr, ruler, "en republique democratique")
    assert "etats-unis" in _keys(nlp_fr, ruler, "les USA")
    assert "etats-unis" not in _keys(nlp_fr, ruler, "les usa")


def test_the_longest_name_wins_and_becomes_the_entity(nlp_fr):
    doc = nlp_fr("Des soldats de la République démocratique du Congo ont été déployés.")
    ents = {(e.text, e.id_) for e in doc.ents}
    assert ("République démocratique du Congo", "republique-democratique-du-congo") in ents
    assert not any(e.text == "Congo" for e in doc.ents)


def test_a_name_split_by_a_space_token_does_not_match(nlp_fr, ruler):
    assert "republique-democratique-du-congo" in _keys(nlp_fr, ruler, "la RD Congo")
    assert "republique-democratique-du-congo" not in _keys(nlp_fr, ruler, "la RD\n\nCongo")


def _words(nlp, text: str) -> list[str]:
    return [t.text for t in join_hyphenated(nlp.make_doc(text))]


def test_names_split_on_hyphens_are_joined_chains_included(nlp_fr):
    assert "El-Fasher" in _words(nlp_fr, "Le camp proche d'El-Fasher.")
    assert _words(nlp_fr, "à Croix-des-Bouquets et à Al-Qaïda") == ["à", "Croix-des-Bouquets", "et", "à", "Al-Qaïda"]


def test_a_spaced_dash_numbers_and_clitics_stay_apart(nlp_fr):
    assert _words(nlp_fr, "la route Paris - Lyon") == ["la", "route", "Paris", "-", "Lyon"]
    assert _words(nlp_fr, "les 12-15 ans") == ["les", "12", "-", "15", "ans"]
    assert _words(nlp_fr, "Que dit-il ?") == ["Que", "dit", "-il", "?"]
