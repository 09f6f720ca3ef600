"""French as rules on word forms: elision, reflexives, the masculine singular, demonyms, the copula.

The word lists of French are data (``ontologies/lexicon-fr.ttl``); this module holds what is
better said as a rule than as a list.

>>> elide("de", "assaut"), elide("se", "retirer"), elide("se", "en prendre")
("d'assaut", 'se retirer', "s'en prendre")
>>> masculine_singular("affiliées", feminine=True, plural=True), past_participle("affilier", "affiliées")
('affilié', 'affilié')
>>> sorted(demonym_forms("irakien"))
['irakien', 'irakienne', 'irakiennes', 'irakiens']
"""

from __future__ import annotations

import re

#: Letters that begin a word before which de, se, que, ne, le and la lose their vowel.
VOWELS = "aeiouyhéèêàâîïôûœ"
#: Words written with an apostrophe before a vowel (de assaut: d'assaut).
ELIDING = ("de", "se", "que", "ne", "le", "la")
#: The reflexive pronoun, as it begins a pronominal verb's lemma (se retirer, s'emparer).
REFLEXIVE = "se"
#: The copula, which begins the predicate of a quality or a relation (être proche de).
COPULA = "être"


def elide(word: str, following: str) -> str:
    """``word`` then ``following``, with the apostrophe of elision where French writes one."""
    if word in ELIDING and following[:1] in VOWELS:
        return f"{word[:-1]}'{following}"
    return f"{word} {following}"


def reflexive(lemma: str, clitic: str | None = None) -> str:
    """A pronominal verb's lemma: se retirer, s'emparer, and with its clitic s'en prendre."""
    return elide(REFLEXIVE, f"{clitic} {lemma}" if clitic else lemma)


def is_reflexive(phrase: str) -> bool:
    """Does the predicate begin with the reflexive (se retirer, s'abattre)?"""
    return phrase.startswith((f"{REFLEXIVE} ", f"{REFLEXIVE[:-1]}'"))


def masculine_singular(form: str, *, feminine: bool, plural: bool) -> str:
    """The masculine singular of an adjective or a participle as written: a plural loses its s or x,
    a feminine its e (armées → armé, tenue → tenu); a short word keeps its e (née)."""
    if plural and form.endswith(("s", "x")):
        form = form[:-1]
    if feminine and form.endswith("e") and len(form) > 3:
        form = form[:-1]
    return form


def past_participle(lemma: str, form: str) -> str | None:
    """A verb in -er makes its past participle from its lemma (affilier → affilié), whatever the
    tagger says of the form; None for other verbs, whose participle is read off the form."""
    stem = lemma[:-2]
    if lemma.endswith("er") and len(lemma) > 3 and form.startswith(stem):
        return stem + "é"
    return None


def infinitive_of_finite(form: str) -> str | None:
    """A finite form in -e is of a verb in -er (il reproche, elle frappe: reprocher, frapper).

    >>> infinitive_of_finite("contrôle"), infinitive_of_finite("va")
    ('contrôler', None)
    """
    return form + "r" if form.endswith("e") and len(form) > 2 else None


#: A word of a proper name: capitalised, four letters or more (Dnipro, Solhan, DusitD2, Ahli).
NAME_WORD = re.compile(r"\b[A-ZÀ-ÖØ-Þ][\w-]{3,}")


def name_words(text: str) -> list[str]:
    """The words of the proper names in a phrase: capitalised, four letters or more.

    >>> name_words("l'immeuble de Dnipro"), name_words("le marché de Djibo, au Burkina Faso")
    (['Dnipro'], ['Djibo', 'Burkina', 'Faso'])
    """
    return NAME_WORD.findall(text)


def stative(words: str) -> str:
    """The predicate of a quality or a relation stated with the copula: être proche de, être l'œuvre de."""
    return f"{COPULA} {words}"


def demonym_forms(base: str) -> set[str]:
    """The forms of a demonym given masculine singular: américain → américaine(s), américains."""
    forms = {base}
    if base.endswith("e"):
        forms.add(base + "s")  # russe, belge
    elif base.endswith(("ais", "ois")):
        forms |= {base + "e", base + "es"}  # français, française, françaises
    elif base.endswith(("ien", "éen")):
        forms |= {base + "ne", base + "nes", base + "s"}  # irakien(ne)(s), européen(ne)(s)
    elif base.endswith(("è", "i")) and not base.endswith("ai"):
        forms |= {base + "s"}  # burkinabè(s), qatari(s)
    else:
        forms |= {base + "e", base + "es", base + "s"}
    return forms
