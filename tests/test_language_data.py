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
