"""Casualty counts: ``au moins douze personnes ont été tuées``, ``une quinzaine de blessés``,
``aucun blessé``, ``personne n'a été blessé``, ``93 morts``.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Span, Token

from kg.extract.clauses import verb_idiom
from kg.extract.numbers import number_value
from kg.extract.phrases import is_in, union
from kg.extract.tokens import morph
from kg.lexicon import Lexicon


@dataclass(frozen=True)
class Toll:
    killed: int | None = None
    injured: int | None = None
    approximate: bool = False

    def __bool__(self) -> bool:
        return self.killed is not None or self.injured is not None


def _count(noun: Token, lex: Lexicon) -> tuple[int | None, bool]:
    """How many a noun phrase counts, and whether the figure is approximate or a lower bound."""
    approximate = False
    for child in noun.children:
        if child.dep_ == "advmod" and (
            is_in(child, union(lex.lower_bound_markers, lex.approximate_markers))
            or any(is_in(g, lex.lower_bound_markers) for g in child.children)
        ):
            approximate = True
    lemma = noun.lemma_.lower()
    if lemma in lex.approximate_numbers:
        return lex.approximate_numbers[lemma], True
    for child in noun.children:
        numeral_article = child.dep_ == "det" and child.like_num and child.lower_ not in lex.indefinite_articles
        if child.dep_ == "nummod" or numeral_article:
            value = number_value(child, lex.lang)
            if value is not None:
                bounded = any(  # plus de 30, au moins 12: the marker hangs on the number
                    g.dep_ in ("advmod", "case") and is_in(g, union(lex.lower_bound_markers, lex.approximate_markers))
                    for g in child.children
                )
                return value, approximate or bounded
        if child.dep_ == "det" and child.text.lower() in lex.negation_determiners:
            return 0, False
    if "Sing" in morph(noun, "Number") and any(c.dep_ == "det" and c.lower_ in lex.indefinite_articles
                                               for c in noun.children):
        return 1, approximate  # un soldat a été tué
    negated_verb = any(c.text.lower() in lex.negation_particles for c in noun.head.children)
    if noun.text.lower() in lex.negation_determiners and negated_verb:
        return 0, False  # personne n'a été blessé
    # une quinzaine de blessés: the number word heads the phrase
    head = noun.head
    if noun.dep_ == "nmod" and head.lemma_.lower() in lex.approximate_numbers:
        return lex.approximate_numbers[head.lemma_.lower()], True
    if noun.dep_ == "nmod" and head.like_num:
        return number_value(head, lex.lang), approximate
    return None, approximate


def _victims(word: Token) -> list[Token]:
    """Who a casualty word counts: the passive subject, the object, the noun it qualifies, or for
    a noun (morts, blessés) the noun itself."""
    if word.pos_ == "NOUN" and word.dep_ not in ("amod", "acl"):
        return [word]
    victims = [c for c in word.children if c.dep_ in ("nsubj:pass", "obj")]
    if not victims and word.dep_ in ("acl", "amod"):
        victims = [word.head, word]  # huit militaires blessés
    if not victims:
        victims = [c for c in word.children if c.dep_ == "nsubj"]
    return victims or [word]


def _whole(victim: Token, lex: Lexicon) -> Token:
    """``40 personnes, dont trois enfants, ont été tuées``: the parser may make the part after
    ``dont`` the subject; the count is the whole's, the noun before ``dont``."""
    doc = victim.doc
    for child in victim.children:
        if child.i < victim.i and is_in(child, lex.subset_pronouns):
            i = child.i - 1
            while i >= victim.sent.start and doc[i].is_punct:
                i -= 1
            if i >= victim.sent.start and doc[i].pos_ == "NOUN":
                return doc[i]
    return victim


def _with_conjuncts(victim: Token, value: int, lex: Lexicon) -> int:
    """``tuant 12 villageois et un policier``: coordinated victims add up (not ``12 morts et 15
    blessés``, which are two counts)."""
    for conj in victim.children:
        if conj.dep_ != "conj" or conj.pos_ != "NOUN":
            continue
        if not {conj.lemma_.lower(), conj.text.lower()}.isdisjoint(lex.killed_words | lex.injured_words):
            continue
        more, _ = _count(conj, lex)
        if more is not None:
            value += more
    return value


def toll(sent: Span, lex: Lexicon) -> Toll:
    """The dead and injured the sentence counts (the first figure of each)."""
    killed: int | None = None
    injured: int | None = None
    approximate = False
    for word in sent:
        forms = {word.lemma_.lower(), word.text.lower()}
        idiom = verb_idiom(word.head, word, lex) if word.head != word else None
        if idiom is not None and idiom in union(lex.killed_words, lex.injured_words):
            # coûter la vie à trois civils: the idiom counts, the victims are its complements
            forms.add(idiom)
            victims = [c for c in word.head.children if c.dep_.startswith("obl")]
        else:
            victims = None
        is_killed = not forms.isdisjoint(lex.killed_words)
        is_injured = not forms.isdisjoint(lex.injured_words)
        if not (is_killed or is_injured):
            continue
        value: int | None = None
        for victim in victims if victims is not None else _victims(word):
            victim = _whole(victim, lex)
            value, approx = _count(victim, lex)
            if value is not None:
                value = _with_conjuncts(victim, value, lex)
                approximate = approximate or approx
                break
        if value is None:
            continue
        if is_killed and killed is None:
            killed = value
        elif is_injured and injured is None:
            injured = value
    return Toll(killed, injured, approximate)
