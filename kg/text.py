"""Small text helpers shared by the stages: accent folding and entity keys."""

from __future__ import annotations

import functools
import re
import unicodedata

ARTICLES = ("le ", "la ", "les ", "l'", "l’", "un ", "une ", "des ", "du ", "de la ", "de l'", "d'")


@functools.lru_cache(maxsize=1 << 16)
def fold(text: str) -> str:
    """Lower case, no accents, ligatures spelt out: ``Œuvre Été`` → ``oeuvre ete``.

    Cached: extraction folds the same words again and again (a bounded cache, flat on any corpus)."""
    text = text.replace("œ", "oe").replace("Œ", "Oe").replace("æ", "ae").replace("Æ", "Ae")
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if not unicodedata.combining(c)).lower()


@functools.lru_cache(maxsize=1 << 16)
def normalize_key(name: str) -> str:
    """A readable, stable key for a name: lower case, no accents, no leading article.

    >>> normalize_key("les États-Unis")
    'etats-unis'
    >>> normalize_key("L'Armée israélienne")
    'armee-israelienne'
    """
    text = fold(name).strip().replace("’", "'")
    changed = True
    while changed:
        changed = False
        for article in ARTICLES:
            if text.startswith(article) and len(text) > len(article):
                text = text[len(article):]
                changed = True
    slug = re.sub(r"[^a-z0-9]+", "-", text).strip("-")
    return slug or "x"
