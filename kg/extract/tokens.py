"""What the parse says of a token, read the cheap way, for spaCy's tokens and the view's alike.

spaCy answers some questions at a cost far above a Python attribute: ``token.morph.get(...)``
parses the analysis string at each call (2.5 µs), ``doc.ents`` builds a span for every entity of
the document.  Extraction asks them hundreds of times per sentence, so these helpers give the same
answers from a table filled once or from the token's own tags; and :func:`per_token` keeps, while
one document is extracted, the answers to questions the extractors ask of the same token again and
again.
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
from collections.abc import Callable, Iterator
from typing import Any, TypeVar, cast

from spacy.tokens import Span, Token

#: (analysis key, feature) -> values, as ``MorphAnalysis.get`` gives them (a few thousand analyses).
_FEATURES: dict[tuple[int, str], tuple[str, ...]] = {}


def morph(token: Token, feature: str) -> tuple[str, ...]:
    """The values of a morphological feature (``morph(t, "Number")`` → ``("Plur",)``), as
    ``token.morph.get(feature)``, looked up once per analysis."""
    try:
        # a view's token (kg.extract.view.TokenView, which the extractors are given for a Token) has
        # the analysis's hash
        key = (token.morph_key, feature)  # type: ignore[attr-defined]
    except AttributeError:
        key = (token.morph.key, feature)  # type: ignore[attr-defined]  # spaCy's stub lacks MorphAnalysis.key
    values = _FEATURES.get(key)
    if values is None:
        # (spaCy's stub makes get's default required; at run time it is [] when left out)
        values = _FEATURES[key] = tuple(token.morph.get(feature, []))
    return values


def entity_of(token: Token) -> Span | None:
    """The named entity (one of ``doc.ents``) that contains ``token``, or None: found from the IOB
    tags around it instead of building every entity of the document."""
    iob = token.ent_iob_
    if not (iob == "I" or iob == "B" and token.ent_type):  # a B without a type is outside, as for doc.ents
        return None
    doc = token.doc
    start = token.i
    while doc[start].ent_iob_ == "I" and start > 0:
        start -= 1
    end = token.i + 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return doc[start:end]


# ---------------------------------------------------------------- answers kept for one document

#: While a document is extracted: (function, token index) -> answer.  None outside extract_document,
#: where the functions below just compute (tests call them on Docs of their own).
_MEMO: contextvars.ContextVar[dict[tuple[str, int], Any] | None] = contextvars.ContextVar("kg_memo", default=None)

F = TypeVar("F", bound=Callable[..., Any])


@contextlib.contextmanager
def document_memo() -> Iterator[None]:
    """Keep the answers of :func:`per_token` functions while one document is extracted: the
    extractors ask the same question of the same token many times (a noun's preposition, whether
    it can name a participant), and the parse does not change meanwhile."""
    reset = _MEMO.set({})
    try:
        yield
    finally:
        _MEMO.reset(reset)


def per_token(function: F) -> F:
    """Remember ``function(token, lex)`` per token within :func:`document_memo`.  Only for functions
    of the token's parse and the lexicon that return something immutable (a word, a flag, a token)."""
    name = function.__qualname__

    @functools.wraps(function)
    def remembered(token: Token, lex: Any) -> Any:
        memo = _MEMO.get()
        if memo is None:
            return function(token, lex)
        key = (name, token.i)
        try:
            return memo[key]
        except KeyError:
            value = memo[key] = function(token, lex)
            return value

    return cast(F, remembered)
