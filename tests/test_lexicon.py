"""Language knowledge is data in ontologies/, and missing data fails at load time."""

import shutil
from collections.abc import Mapping

import pytest

from kg.lexicon import Lexicon, LexiconError, list_fields, load_lexicon
from kg.vocab import ontologies_dir


def test_french_lexicon_fills_every_field():
    lex = load_lexicon("fr")
    for field in Lexicon.__dataclass_fields__:
        assert getattr(lex, field), field
    assert lex.rules.elide("de", "assaut") == "d'assaut"
    assert lex.event_types["prendre pour cible"] == "assault"
    assert lex.event_types["exhorter"] == "request"
    assert lex.weekdays["mercredi"] == 2 and lex.months["août"] == 8


def test_every_trigger_type_is_a_plover_type():
    plover = {"agree", "consult", "support", "concede", "cooperate", "aid", "retreat", "request", "accuse",
              "reject", "threaten", "protest", "sanction", "mobilize", "coerce", "assault"}
    assert set(load_lexicon("fr").event_types.values()) == plover


def _copy_of_the_ontologies(tmp_path):
    for name in ("conflict.ttl", "event-types.ttl", "lexicon-fr.ttl"):
        shutil.copy(ontologies_dir() / name, tmp_path / name)
    for path in ontologies_dir().glob("gazetteer*.ttl"):
        shutil.copy(path, tmp_path / path.name)
    return tmp_path / "lexicon-fr.ttl"


def _edited(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_a_list_no_field_reads_is_an_error(tmp_path):
    path = _copy_of_the_ontologies(tmp_path)
    _edited(path, "lex:hedge_verbs", "lex:hedge_verb")  # a typo in the list's name
    with pytest.raises(LexiconError, match="lex:hedge_verb is read by no field"):
        load_lexicon.__wrapped__("fr", tmp_path)


def test_a_list_with_no_word_in_the_language_is_an_error(tmp_path):
    path = _copy_of_the_ontologies(tmp_path)
    _edited(path, '"sembler"@fr , "paraître"@fr', '"sembler"@fx , "paraître"@fx')
    with pytest.raises(LexiconError, match="no 'fr' data for lex:hedge_verbs"):
        load_lexicon.__wrapped__("fr", tmp_path)


def test_a_list_the_file_does_not_define_is_empty(tmp_path):
    path = _copy_of_the_ontologies(tmp_path)
    text = path.read_text(encoding="utf-8")
    start = text.index("lex:hedge_verbs a ckg:WordList")
    path.write_text(text[:start] + text[text.index("\n\n", start):], encoding="utf-8")
    lex = load_lexicon.__wrapped__("fr", tmp_path)
    assert lex.hedge_verbs == frozenset() and lex.speech_verbs


def test_a_language_with_no_event_triggers_has_no_lexicon(tmp_path):
    _copy_of_the_ontologies(tmp_path)
    _edited(tmp_path / "event-types.ttl", "@fr", "@fx")
    with pytest.raises(LexiconError, match="event_types"):
        load_lexicon.__wrapped__("fr", tmp_path)


def test_every_list_field_is_a_set_of_words_or_a_table():
    kinds = set(list_fields().values())
    assert kinds == {frozenset[str], Mapping[str, int], Mapping[str, str]}
    assert "be_perfect_verbs" in list_fields() and "gazetteer" not in list_fields()


def test_a_lexicon_needs_no_list_to_be_made():
    lex = Lexicon(lang="xx")
    assert lex.speech_verbs == frozenset() and lex.preposition_contractions == {}


def test_unknown_language_has_no_lexicon():
    with pytest.raises(LexiconError, match="no lexicon for language 'de'"):
        load_lexicon("de")
