"""Language modules: what kg knows of a language as code rather than as word lists.

Word lists and tables are data (``ontologies/lexicon-<lang>.ttl``, read by :mod:`kg.lexicon`); the
knowledge that is rules on word forms (how a word elides before a vowel, the masculine singular of
a participle, the forms of a demonym) is one small module per language, chosen by the language's
code as spaCy chooses ``FrenchDefaults`` for ``fr``.  The extractors reach it through the lexicon
(``lex.rules``), so that they name no language.

>>> rules_for("fr").elide("de", "assaut")
"d'assaut"
>>> rules_for("xx")
Traceback (most recent call last):
...
kg.lang.UnknownLanguage: no language module for 'xx' (supported: fr)
"""

from __future__ import annotations

import importlib
from typing import Protocol, cast


class LanguageRules(Protocol):
    """What a language module provides (see :mod:`kg.lang.fr` for the French one)."""

    def elide(self, word: str, following: str) -> str:
        """``word`` and ``following`` as written together (de + assaut: d'assaut)."""
        ...

    def reflexive(self, lemma: str, clitic: str | None = None) -> str:
        """The lemma of a pronominal verb with its reflexive, and its clitic if it has one."""
        ...

    def is_reflexive(self, phrase: str) -> bool:
        """Does a predicate phrase begin with a reflexive (a pronominal verb)?"""
        ...

    def masculine_singular(self, form: str, *, feminine: bool, plural: bool) -> str:
        """The masculine singular of an inflected adjective or participle."""
        ...

    def past_participle(self, lemma: str, form: str) -> str | None:
        """The masculine singular past participle of a verb made from its lemma, when the written
        ``form`` is one of that verb's; None when the lemma does not tell it."""
        ...

    def stative(self, words: str) -> str:
        """The predicate that states a quality or a relation with the copula (the copula + ``words``)."""
        ...

    def demonym_forms(self, base: str) -> set[str]:
        """The inflected forms of a demonym given in its masculine singular."""
        ...

    def infinitive_of_finite(self, form: str) -> str | None:
        """The infinitive a finite verb form tells by itself, when the lemmatizer gave it none."""
        ...

    def name_words(self, text: str) -> list[str]:
        """The words of the proper names in a phrase, as written (Dnipro in l'immeuble de Dnipro)."""
        ...


class UnknownLanguage(LookupError):
    """No language module is registered for a language."""


#: Language code → the module (or any object) with that language's rules.
_MODULES: dict[str, str | LanguageRules] = {"fr": "kg.lang.fr"}


def supported() -> tuple[str, ...]:
    """The languages with a module."""
    return tuple(sorted(_MODULES))


def register(lang: str, rules: str | LanguageRules) -> None:
    """Make ``rules`` (a module name, or an object with the functions of :class:`LanguageRules`)
    the rules of ``lang``."""
    _MODULES[lang] = rules


def rules_for(lang: str) -> LanguageRules:
    """The rules of ``lang``; :class:`UnknownLanguage`, naming the supported languages, if none."""
    try:
        rules = _MODULES[lang]
    except KeyError:
        raise UnknownLanguage(f"no language module for {lang!r} (supported: {', '.join(supported())})") from None
    if isinstance(rules, str):
        rules = _MODULES[lang] = cast(LanguageRules, importlib.import_module(rules))  # imported once
    return rules
