"""A parsed document as plain Python objects, read once from spaCy, for the extractors to walk.

The extractors ask hundreds of questions per sentence of the parse: a token's relation, its head,
its children, its lemma.  Each answer from spaCy is a call into its C code that builds a new
``Token`` (``token.head``, every child of ``token.children``) or decodes a string
(``token.dep_``): about 0.1 µs a question, more than the rules' own work.  A view reads every
attribute the extractors use once per token, so that each later question is a Python attribute.

The view answers as spaCy does, with the same names (``TokenView`` for ``Token``, ``SpanView``
for ``Span``, ``DocView`` for ``Doc``), so every extractor takes either: the tests build spaCy
``Doc`` objects from fixed parses and call the extractors on them directly, and
``extract_document`` runs them on the view of a whole document.  Only what the extractors read is
there; anything else is an AttributeError, never a silent difference.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any, overload

import numpy
from spacy.attrs import (  # compiled, with no stub (pyproject.toml tells mypy)
    DEP,
    ENT_ID,
    ENT_IOB,
    ENT_TYPE,
    HEAD,
    IDX,
    IS_PUNCT,
    IS_SPACE,
    LEMMA,
    LIKE_NUM,
    LOWER,
    MORPH,
    ORTH,
    POS,
    SENT_START,
    SPACY,
    TAG,
)
from spacy.parts_of_speech import NAMES as POS_NAMES  # type: ignore[import-not-found]  # compiled, with no stub
from spacy.strings import StringStore
from spacy.tokens import Doc, MorphAnalysis, Span

#: The columns a view reads, in this order (HEAD: the head's offset from the token).
ATTRIBUTES = [ORTH, LEMMA, LOWER, POS, TAG, DEP, ENT_TYPE, ENT_IOB, ENT_ID, HEAD, IDX, SPACY, LIKE_NUM, IS_PUNCT,
              IS_SPACE, MORPH, SENT_START]
IOB_NAMES = ("", "I", "O", "B")  # Token.ent_iob_ for ent_iob 0 to 3
#: string hash -> string, per string store (a pipeline's vocabulary), filled as documents come
_DECODED: dict[int, dict[int, str]] = {}


def _decoder(doc: Doc) -> Callable[[int], str]:
    strings: StringStore = doc.vocab.strings
    decoded = _DECODED.setdefault(id(strings), {0: ""})

    def text(key: int) -> str:
        value = decoded.get(key)
        if value is None:
            value = decoded[key] = strings[key]
        return value

    return text


class TokenView:
    """One token: what spaCy's ``Token`` tells of it, read once."""

    __slots__ = ("doc", "i", "text", "whitespace_", "idx", "lemma_", "lower_", "pos_", "tag_", "dep_",
                 "ent_type", "ent_type_", "ent_iob_", "ent_id_", "like_num", "is_punct", "is_space",
                 "morph_key", "head", "children", "sent", "_subtree", "_edges")

    doc: DocView
    i: int
    text: str
    whitespace_: str
    idx: int
    lemma_: str
    lower_: str
    pos_: str
    tag_: str
    dep_: str
    ent_type: int
    ent_type_: str
    ent_iob_: str
    ent_id_: str
    like_num: bool
    is_punct: bool
    is_space: bool
    morph_key: int  # the hash of the morphological analysis (kg.extract.tokens.morph reads it)
    head: TokenView
    children: tuple[TokenView, ...]
    sent: SpanView
    _subtree: tuple[TokenView, ...] | None
    _edges: tuple[int, int] | None

    @property
    def morph(self) -> MorphAnalysis:
        return MorphAnalysis.from_id(self.doc.vocab, self.morph_key)

    @property
    def left_edge(self) -> TokenView:
        return self.doc.tokens[self._edge_indices()[0]]

    @property
    def right_edge(self) -> TokenView:
        return self.doc.tokens[self._edge_indices()[1]]

    def _edge_indices(self) -> tuple[int, int]:
        # spaCy's own edges (set by its parser, for non-projective trees too), asked only when needed
        if self._edges is None:
            token = self.doc.source[self.i]
            self._edges = (token.left_edge.i, token.right_edge.i)
        return self._edges

    @property
    def text_with_ws(self) -> str:
        return self.text + self.whitespace_

    @property
    def subtree(self) -> tuple[TokenView, ...]:
        """The token and its descendants, in spaCy's order (left subtrees, the token, right subtrees)."""
        if self._subtree is None:
            out: list[TokenView] = []
            for child in self.children:
                if child.i < self.i:
                    out.extend(child.subtree)
            out.append(self)
            for child in self.children:
                if child.i > self.i:
                    out.extend(child.subtree)
            self._subtree = tuple(out)
        return self._subtree

    @property
    def ancestors(self) -> Iterator[TokenView]:
        token = self
        while token.head is not token:
            token = token.head
            yield token

    def __repr__(self) -> str:
        return self.text

    def __len__(self) -> int:
        return len(self.text)


class SpanView:
    """Tokens ``start`` to ``end`` (excluded) of a document, as spaCy's ``Span``."""

    __slots__ = ("doc", "start", "end", "_root")

    def __init__(self, doc: DocView, start: int, end: int, root: int | None = None) -> None:
        self.doc = doc
        self.start = start
        self.end = end
        self._root = root

    @property
    def tokens(self) -> list[TokenView]:
        return self.doc.tokens[self.start : self.end]

    def __iter__(self) -> Iterator[TokenView]:
        return iter(self.doc.tokens[self.start : self.end])

    def __len__(self) -> int:
        return self.end - self.start

    def __bool__(self) -> bool:
        return self.end > self.start

    @overload
    def __getitem__(self, key: int) -> TokenView: ...
    @overload
    def __getitem__(self, key: slice) -> SpanView: ...

    def __getitem__(self, key: int | slice) -> TokenView | SpanView:
        if isinstance(key, slice):
            start, stop, _ = key.indices(len(self))
            return SpanView(self.doc, self.start + start, self.start + max(start, stop))
        return self.tokens[key]

    @property
    def start_char(self) -> int:
        return self.doc.tokens[self.start].idx if self else 0

    @property
    def end_char(self) -> int:
        if not self:
            return 0
        last = self.doc.tokens[self.end - 1]
        return last.idx + len(last.text)

    @property
    def text(self) -> str:
        tokens = self.tokens
        if not tokens:
            return ""
        return "".join(t.text + t.whitespace_ for t in tokens[:-1]) + tokens[-1].text

    @property
    def root(self) -> TokenView:
        if self._root is None:
            self._root = self.doc.source[self.start : self.end].root.i
        return self.doc.tokens[self._root]

    @property
    def ent_id_(self) -> str:
        return self.root.ent_id_


def _root(heads: list[int], start: int, end: int) -> int | None:
    """Span.root's first answer: the first token of the span that is its own head (else None: the
    span's root is then found by spaCy, when asked)."""
    for i in range(start, end):
        if heads[i] == 0:
            return i
    return None


class DocView:
    """A parsed document: its tokens as :class:`TokenView`, its sentences and entities as spans."""

    def __init__(self, doc: Doc) -> None:
        self.source = doc
        self.vocab = doc.vocab
        self.text = doc.text
        # every attribute in one array, its strings decoded once per process (spaCy's per token
        # attributes would cost a call each, and a Token object built for each)
        array = doc.to_array(ATTRIBUTES)
        columns = array.tolist()
        heads = array[:, ATTRIBUTES.index(HEAD)].astype(numpy.int64).tolist()  # offsets, negative to the left
        tokens = [TokenView() for _ in columns]
        self.tokens = tokens
        children: list[list[TokenView]] = [[] for _ in tokens]
        text = _decoder(doc)
        sent_starts = [0]
        for i, ((orth, lemma, lower, pos, tag, dep, ent_type, ent_iob, ent_id, _, idx, space, like_num,
                 is_punct, is_space, morph_key, sent_start), head, view) in enumerate(
                     zip(columns, heads, tokens, strict=True)):
            view.doc = self
            view.i = i
            view.text = text(orth)
            view.whitespace_ = " " if space else ""
            view.idx = idx
            view.lemma_ = text(lemma)
            view.lower_ = text(lower)
            view.pos_ = POS_NAMES[pos]
            view.tag_ = text(tag)
            view.dep_ = text(dep)
            view.ent_type = ent_type
            view.ent_type_ = text(ent_type)
            view.ent_iob_ = IOB_NAMES[ent_iob]
            view.ent_id_ = text(ent_id)
            view.like_num = bool(like_num)
            view.is_punct = bool(is_punct)
            view.is_space = bool(is_space)
            view.morph_key = morph_key
            view._subtree = None
            view._edges = None
            view.head = tokens[i + head]
            if head:
                children[i + head].append(view)
            if sent_start == 1 and i:
                sent_starts.append(i)
        for view, kids in zip(tokens, children, strict=True):
            view.children = tuple(kids)  # in text order, as spaCy gives them
        if "sents" in doc.user_hooks or not doc.has_annotation("SENT_START"):
            self.sents = [SpanView(self, s.start, s.end) for s in doc.sents]  # as spaCy has them, or its error
        else:
            # Doc.sents: a sentence starts at each token marked as a start
            bounds = sent_starts + [len(tokens)] if tokens else []
            self.sents = [SpanView(self, start, end, _root(heads, start, end))
                          for start, end in zip(bounds[:-1], bounds[1:], strict=True)]
        for sent in self.sents:
            for view in tokens[sent.start : sent.end]:
                view.sent = sent
        self.ents = tuple(SpanView(self, e.start, e.end) for e in doc.ents)

    def release(self) -> None:
        """Drop the references between the tokens, and to spaCy's Doc, once extraction is done.

        Tokens point at their head, their children and their document, which point back: left to
        Python's cycle collector, the views of thousands of documents (and the spaCy Docs they
        hold, with their arrays) would pile up between its rare full passes."""
        for token in self.tokens:
            del token.head, token.children, token.doc, token.sent, token._subtree
        self.tokens = []
        self.sents = []
        self.ents = ()
        del self.source

    def __iter__(self) -> Iterator[TokenView]:
        return iter(self.tokens)

    def __len__(self) -> int:
        return len(self.tokens)

    @overload
    def __getitem__(self, key: int) -> TokenView: ...
    @overload
    def __getitem__(self, key: slice) -> SpanView: ...

    def __getitem__(self, key: int | slice) -> TokenView | SpanView:
        if isinstance(key, slice):
            start, stop, _ = key.indices(len(self.tokens))
            return SpanView(self, start, max(start, stop))
        return self.tokens[key]

    def __getattr__(self, name: str) -> Any:
        raise AttributeError(f"DocView has no {name!r}: add it to kg/extract/view.py if the extractors need it")


def view_of(span: Span, view: DocView) -> SpanView:
    """The view of a spaCy span (a sentence) in the view of its document."""
    return SpanView(view, span.start, span.end)
