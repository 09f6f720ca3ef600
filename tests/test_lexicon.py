"""Language knowledge is data in ontologies/, and missing data fails at load time."""

import shutil

import pytest

from kg.lexicon import Lexicon, LexiconError, load_lexicon
from kg.vocab import ontologies_dir


def test_french_lexicon_fills_every_field():
    lex = load_lexicon("fr")
    for field in Lexicon.__dataclass_fields__:
        assert getattr(lex, field), field
    assert lex.event_types["prendre pour cible"] == "assault"
    assert lex.event_types["exhorter"] == "request"
    assert lex.weekdays["mercredi"] == 2 and lex.months["août"] == 8


def test_every_trigger_type_is_a_plover_type():
    plover = {"agree", "consult", "support", "concede", "cooperate", "aid", "retreat", "request", "accuse",
              "reject", "threaten", "protest", "sanction", "mobilize", "coerce", "assault"}
    assert set(load_lexicon("fr").event_types.values()) == plover


def test_a_list_missing_from_the_files_is_an_error(tmp_path):
    for name in ("conflict.ttl", "event-types.ttl", "lexicon-fr.ttl"):
        shutil.copy(ontologies_dir() / name, tmp_path / name)
    path = tmp_path / "lexicon-fr.ttl"
    path.write_text(path.read_text(encoding="utf-8").replace("lex:hedge_verbs", "lex:renamed_list"),
                    encoding="utf-8")
    with pytest.raises(LexiconError, match="hedge_verbs"):
        load_lexicon.__wrapped__("fr", tmp_path)


def test_unknown_language_has_no_lexicon():
    with pytest.raises(LexiconError, match="no lexicon for language 'de'"):
        load_lexicon("de")
