"""French is data (ontologies/lexicon-fr.ttl) and one module (kg/lang/fr.py): no French word is written
in the extractors or in resolution, each list of the lexicon is defined once, and a language the
extractor has never seen runs on a lexicon and a module of its own."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib import RDF, Graph, Literal
from spacy.lang.fr.stop_words import STOP_WORDS

from kg.vocab import CKG, LEX, ontologies_dir

ROOT = Path(__file__).resolve().parent.parent
SCANNED = [ROOT / "kg" / "extract", ROOT / "kg" / "resolve"]

# ---------------------------------------------------------------- what counts as a French word

#: Universal Dependencies (and spaCy's) vocabulary, which the rules read off the parse: dependency
#: labels, part-of-speech tags, morphological features and their values, entity labels, IOB tags.
UD_VOCABULARY = frozenset({
    # dependency relations (with the subtypes of the French treebanks and spaCy's ROOT)
    "acl", "acl:relcl", "advcl", "advmod", "amod", "appos", "aux", "aux:caus", "aux:pass", "aux:tense", "case",
    "cc", "ccomp", "clf", "compound", "conj", "cop", "csubj", "csubj:pass", "dep", "det", "discourse",
    "dislocated", "expl", "expl:comp", "expl:pass", "expl:subj", "fixed", "flat", "flat:foreign", "flat:name",
    "goeswith", "iobj", "list", "mark", "nmod", "nsubj", "nsubj:pass", "nummod", "obj", "obl", "obl:agent",
    "obl:arg", "obl:mod", "orphan", "parataxis", "punct", "reparandum", "root", "ROOT", "vocative", "xcomp",
    # universal part-of-speech tags
    "ADJ", "ADP", "ADV", "AUX", "CCONJ", "DET", "INTJ", "NOUN", "NUM", "PART", "PRON", "PROPN", "PUNCT", "SCONJ",
    "SYM", "VERB", "X",
    # morphological features and their values
    "Gender", "Number", "Person", "VerbForm", "Tense", "Mood", "PronType", "Reflex", "Definite", "NumType",
    "Poss", "Polarity", "Voice", "Masc", "Fem", "Neut", "Sing", "Plur", "Part", "Inf", "Fin", "Ger", "Pres",
    "Past", "Fut", "Imp", "Ind", "Cnd", "Sub", "Rel", "Dem", "Int", "Prs", "Art", "Neg", "Tot", "Yes", "Def",
    "Ord", "Card", "1", "2", "3",
    # entity labels of spaCy's French pipelines, and IOB tags
    "PER", "LOC", "ORG", "MISC", "B", "I", "O",
})

#: kg's own identifiers that are spelt like French words.  Keep this short: a word here is one the
#: scan can no longer catch in any literal that is only that word.
KG_IDENTIFIERS = frozenset({
    "place",  # a kind of participant (kg.vocab.CLASS_KINDS); also a French noun (sur place)
    "organisation",  # a kind of participant, spelt as the ontology spells it (ckg:Organisation)
    "agent",  # how a clause names an act's author (kg.extract.clauses.AGENT: mener une frappe)
    "date",  # a field of the records (the JSON "date") and what two reports of an incident agree on (kg.model.Link)
})

FRENCH_LETTERS = re.compile(r"[àâäçéèêëîïôöùûüÿœæ]", re.IGNORECASE)
WORD = re.compile(r"[^\W\d_]+['’]?")


def _lexicon_words() -> frozenset[str]:
    graph = Graph().parse(ontologies_dir() / "lexicon-fr.ttl", format="turtle")
    words = set()
    for prop in (CKG.word, CKG.fromWord):
        for literal in graph.objects(None, prop):
            if isinstance(literal, Literal) and literal.language == "fr":
                words.update(w.lower() for w in WORD.findall(str(literal)))
    return frozenset(words)


FRENCH_WORDS = frozenset(w.lower() for w in STOP_WORDS) | _lexicon_words()


def french_word(literal: str, french_words: frozenset[str] = FRENCH_WORDS) -> str | None:
    """The French word a string constant holds, or None.

    A literal is French when one of its words is a French stop word (spaCy's list) or a word of the
    French lexicon, or when it has a letter that only French spelling uses here (é, ç, œ …); unless
    the whole literal is a label of the parse (Universal Dependencies) or one of kg's identifiers.
    Words in capitals are not read: they are keywords and names of other languages (SQL's OR,
    spaCy's SENT_START, dateparser's RELATIVE_BASE), never the lower-case words the rules match.
    """
    if literal in UD_VOCABULARY or literal in KG_IDENTIFIERS:
        return None
    for word in WORD.findall(literal):
        if word.isupper() and len(word) > 1:
            continue
        low = word.lower()
        if low in french_words or low.rstrip("'’") in french_words or FRENCH_LETTERS.search(low):
            return word
    return None


def _not_words(tree: ast.AST) -> set[int]:
    """The ids of the string constants that are no words a rule matches: docstrings (of a module, a
    class or a function) and the attribute names of ``__slots__``."""
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) \
                    and isinstance(first.value.value, str):
                out.add(id(first.value))
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "__slots__" for t in node.targets):
            out.update(id(c) for c in ast.walk(node.value) if isinstance(c, ast.Constant))
    return out


def french_literals(source: str) -> Iterator[tuple[int, str, str]]:
    """(line, literal, French word) for each string constant of ``source`` that is no docstring and
    holds a French word."""
    tree = ast.parse(source)
    skipped = _not_words(tree)
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skipped:
            word = french_word(node.value)
            if word is not None:
                yield node.lineno, node.value, word


def _scanned_files() -> list[Path]:
    return sorted(p for folder in SCANNED for p in folder.rglob("*.py"))


def test_the_extractors_and_resolution_write_no_french_word():
    found = [f"{path.relative_to(ROOT)}:{line}: {literal!r} ({word})"
             for path in _scanned_files()
             for line, literal, word in french_literals(path.read_text(encoding="utf-8"))]
    assert not found, "French words belong in ontologies/lexicon-fr.ttl or kg/lang/fr.py:\n" + "\n".join(found)


def test_the_scan_reads_the_extractors():
    assert len(_scanned_files()) > 10


def test_the_scan_finds_a_planted_french_literal():
    source = '''
"""Les attaques (docstring: not scanned)."""

class View:
    __slots__ = ("i", "sent", "end")

def f(token):
    """Docstring: l'attaque contre le poste."""
    if token.dep_ == "obl:arg" and token.pos_ == "NOUN" and "Plur" in token.morph.get("Number"):
        return token.lower_ in ("contre", "envers")
    return token.kind == "place" and token.has_annotation("SENT_START")
'''
    found = list(french_literals(source))
    assert sorted(literal for _, literal, _ in found) == ["contre", "envers"]


@pytest.mark.parametrize("literal", ["de", "d'", "l’", "être ", "s'", "coûter la vie", "millier", "1er", "mi-",
                                     "ne", "quantité", "y"])
def test_french_words_are_recognised(literal):
    assert french_word(literal) is not None, literal


@pytest.mark.parametrize("literal", ["obl:arg", "nsubj:pass", "aux", "PROPN", "Fem", "Plur", "place", "assault",
                                     "hedged", ",", "«", "svo", "copula", r"^\d{1,2}[hH:]\d{0,2}$",
                                     "SELECT id FROM town WHERE name = ? OR alias = ?"])
def test_parse_labels_and_kg_identifiers_are_not_french(literal):
    assert french_word(literal) is None, literal


# ---------------------------------------------------------------- the lexicon file


def _lexicon_graph() -> Graph:
    return Graph().parse(ontologies_dir() / "lexicon-fr.ttl", format="turtle")


def test_each_list_is_defined_once():
    text = (ontologies_dir() / "lexicon-fr.ttl").read_text(encoding="utf-8")
    subjects = re.findall(r"^(lex:\w+) a ckg:", text, flags=re.MULTILINE)
    repeated = sorted({s for s in subjects if subjects.count(s) > 1})
    assert not repeated


#: Lists with the same words that are kept apart, because the rules read them for different things.
SAME_WORDS_OTHER_USE = {
    # the à of a light verb's act (procéder à l'arrestation) and the à of an indirect object (imputer à X)
    frozenset({"light_verb_prepositions", "dative_prepositions"}),
}


def test_no_two_word_lists_are_the_same():
    graph = _lexicon_graph()
    lists: dict[frozenset[str], str] = {}
    same = []
    for node in sorted(graph.subjects(RDF.type, CKG.WordList)):
        words = frozenset(str(w) for w in graph.objects(node, CKG.word))
        name = str(node)[len(LEX):]
        if words in lists:
            same.append(frozenset({lists[words], name}))
        lists[words] = name
    assert set(same) <= SAME_WORDS_OTHER_USE, same


# ---------------------------------------------------------------- a language is data and one module

TOY_LEXICON = """\
@prefix ckg: <https://w3id.org/conflict-kg/ontology#> .
@prefix lex: <https://w3id.org/conflict-kg/lexicon#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .

lex:agent_prepositions a ckg:WordList ;
    rdfs:comment "The preposition of a passive verb's agent."@en ;
    ckg:word "bo"@xx .

lex:argument_prepositions a ckg:WordList ;
    rdfs:comment "Prepositions whose complement can be a participant."@en ;
    ckg:word "bo"@xx , "ka"@xx .

lex:auxiliary_verbs a ckg:WordList ;
    rdfs:comment "The copula."@en ;
    ckg:word "esi"@xx .
"""

TOY_EVENT_TYPES = """\
@prefix ckg: <https://w3id.org/conflict-kg/ontology#> .
@prefix evt: <https://w3id.org/conflict-kg/event-type/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .

evt:assault skos:topConceptOf evt:scheme ; skos:notation "ASSAULT" ; ckg:triggerLemma "vok"@xx .
"""


class ToyRules:
    """The rules of a made-up language with no elision, no reflexive and no inflection."""

    def elide(self, word: str, following: str) -> str:
        return f"{word} {following}"

    def reflexive(self, lemma: str, clitic: str | None = None) -> str:
        return f"{lemma} zi"

    def is_reflexive(self, phrase: str) -> bool:
        return phrase.endswith(" zi")

    def masculine_singular(self, form: str, *, feminine: bool, plural: bool) -> str:
        return form

    def past_participle(self, lemma: str, form: str) -> str | None:
        return None

    def stative(self, words: str) -> str:
        return f"esi {words}"

    def demonym_forms(self, base: str) -> set[str]:
        return {base}

    def infinitive_of_finite(self, form: str) -> str | None:
        return None

    def name_words(self, text: str) -> list[str]:
        return [word for word in text.split() if word[:1].isupper()]


@pytest.fixture
def toy_lexicon(tmp_path, monkeypatch):
    import kg.lang
    from kg.lexicon import load_lexicon

    (tmp_path / "lexicon-xx.ttl").write_text(TOY_LEXICON, encoding="utf-8")
    (tmp_path / "event-types.ttl").write_text(TOY_EVENT_TYPES, encoding="utf-8")
    monkeypatch.setitem(kg.lang._MODULES, "xx", ToyRules())
    return load_lexicon.__wrapped__("xx", tmp_path)


def _toy_doc():
    """``Tuna vok pa kamu ka Zolo.``: the rebels attack the camp at Zolo, parsed by hand."""
    from spacy.tokens import Doc
    from spacy.vocab import Vocab

    doc = Doc(Vocab(), words=["Tuna", "vok", "pa", "kamu", "ka", "Zolo", "."],
              spaces=[True, True, True, True, True, False, False],
              lemmas=["tuna", "vok", "pa", "kamu", "ka", "Zolo", "."],
              pos=["NOUN", "VERB", "DET", "NOUN", "ADP", "PROPN", "PUNCT"],
              morphs=["Number=Plur", "Mood=Ind|VerbForm=Fin", "Definite=Def", "Number=Sing", "", "", ""],
              heads=[1, 1, 3, 1, 5, 1, 1],
              deps=["nsubj", "ROOT", "det", "obj", "case", "obl:mod", "punct"],
              sent_starts=[True, False, False, False, False, False, False])
    doc.ents = []
    return doc


def test_a_language_unknown_to_the_extractor_needs_only_its_lexicon_and_its_rules(toy_lexicon):
    from kg.extract.document import extract_document
    from kg.model import Document

    assert toy_lexicon.rules.stative("hala") == "esi hala" and toy_lexicon.event_types == {"vok": "assault"}
    extraction = extract_document(Document(id="toy", text="Tuna vok pa kamu ka Zolo.", lang="xx"), _toy_doc(),
                                  toy_lexicon)
    # (beside an object, only a complement aimed at someone makes a triple: the toy has no such preposition)
    assert [(t.subject.text, t.predicate, t.object.text) for t in extraction.triples] == [("Tuna", "vok", "kamu")]
    [event] = extraction.event_mentions
    assert event.type == "assault" and [m.text for m in event.actor] == ["Tuna"] \
        and [m.text for m in event.target] == ["kamu"]


def test_a_language_with_a_lexicon_and_no_module_is_named_in_the_error(tmp_path):
    from kg.lexicon import LexiconError, load_lexicon

    (tmp_path / "lexicon-xy.ttl").write_text(TOY_LEXICON.replace("@xx", "@xy"), encoding="utf-8")
    (tmp_path / "event-types.ttl").write_text(TOY_EVENT_TYPES.replace("@xx", "@xy"), encoding="utf-8")
    with pytest.raises(LexiconError, match=r"no language module for 'xy' \(supported: fr"):
        load_lexicon.__wrapped__("xy", tmp_path)


def _verb_with_mood(mood: str):
    import spacy
    from spacy.tokens import Doc

    words = ["Les", "rebelles", "frapperaient", "Goma"]
    return Doc(spacy.blank("fr").vocab, words=words, heads=[1, 2, 2, 2], deps=["det", "nsubj", "ROOT", "obj"],
               pos=["DET", "NOUN", "VERB", "PROPN"], morphs=["", "", f"Mood={mood}|VerbForm=Fin", ""])[2]


def test_a_verb_in_a_hedging_mood_is_hedged_whatever_the_case_of_the_list():
    # the lexicon folds its words to lower case, Universal Dependencies writes Cnd: the mood is compared folded
    from kg.extract.modality import is_hedged
    from kg.lexicon import load_lexicon

    lex = load_lexicon("fr")
    assert "frapperaient" not in lex.conditional_forms
    assert is_hedged(_verb_with_mood("Cnd"), lex)
    assert not is_hedged(_verb_with_mood("Ind"), lex)
