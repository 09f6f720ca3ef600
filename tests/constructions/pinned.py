"""Pinned parses: the pipeline's analysis of each case text, kept as CoNLL-U, read back into spaCy Docs.

``tools/pin_parses.py`` parses every case text once with the real pipeline (``kg.nlp.load_pipeline``:
spaCy's model plus kg's components) and writes ``parses/<group>.conllu``; the fast tests rebuild each
Doc from it on a blank French vocabulary (no model loaded) and run kg's extraction, resolution and
records on it, as ``kg.pipeline.iter_batch`` does on a live parse.

One ``# newdoc id = <group>-<case>`` per case, then one CoNLL-U sentence per spaCy sentence:

* ``# sent_id`` and ``# text`` (the sentence's text);
* columns ID FORM LEMMA UPOS XPOS FEATS HEAD DEPREL DEPS MISC with ``XPOS`` = ``token.tag_``,
  ``FEATS`` = ``token.morph``, ``HEAD`` in the sentence (0 for its root);
* ``MISC``: ``SpaceAfter=No``, and for a token of a named entity ``Ent=B-LOC`` / ``Ent=I-LOC`` and, when
  the entity has an id (the gazetteer's key, read by ``kg.extract.phrases`` as ``token.ent_id_``),
  ``EntId=<key>``; a lexical flag the pipeline set on a word, where it differs from what spaCy's
  French word rules give (``kg_join_numbers`` marks ``1 200`` as a number): ``LikeNum=Yes``,
  ``IsPunct=``, ``IsSpace=``, ``Lower=``.

FORM and LEMMA write a whitespace character or a backslash as ``\\uXXXX`` (a space token, a narrow
no-break space), and ``# text`` lines any whitespace but a plain space, so that every line stays one
line of tab-separated fields; an empty lemma is ``\\0``; an empty UPOS, XPOS, FEATS or DEPREL is ``_``.
The loader reads the tokens only (the ``# text`` lines are for the reader).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
PARSES = HERE / "parses"
REPIN = "run `python tools/pin_parses.py` (it parses the case texts with the spaCy model)"
_ESCAPED = re.compile(r"\\u([0-9a-f]{4})")


def escape(text: str) -> str:
    if text == "":
        return "\\0"
    return "".join(f"\\u{ord(c):04x}" if c.isspace() or c == "\\" else c for c in text)


def escape_text(text: str) -> str:
    """A ``# text`` line: plain spaces kept, other whitespace and backslashes escaped."""
    return "".join(f"\\u{ord(c):04x}" if (c.isspace() and c != " ") or c == "\\" else c for c in text)


def unescape(text: str) -> str:
    if text == "\\0":
        return ""
    return _ESCAPED.sub(lambda m: chr(int(m.group(1), 16)), text)


#: Lexical attributes the extractors read (kg.extract.view), by their MISC key: spaCy computes them per
#: word when a vocabulary first meets it; a pipeline component may set them otherwise.
LEXICAL = {"LikeNum": ("like_num", "LIKE_NUM"), "IsPunct": ("is_punct", "IS_PUNCT"),
           "IsSpace": ("is_space", "IS_SPACE"), "Lower": ("lower_", "LOWER")}


def _lexical_differences(token) -> list[str]:
    """MISC items for the lexical attributes of ``token`` that spaCy's word rules would not give it."""
    import spacy.attrs

    getters = blank_vocab().lex_attr_getters
    out = []
    for key, (attr, attr_id) in LEXICAL.items():
        value, default = getattr(token, attr), getters[getattr(spacy.attrs, attr_id)](token.text)
        if value != default:
            out.append(f"{key}={escape(value) if isinstance(value, str) else ('Yes' if value else 'No')}")
    return out


def _field(value: str) -> str:
    return value if value else "_"


def _unfield(value: str) -> str:
    return "" if value == "_" else value


# ---------------------------------------------------------------- writing


def to_conllu(doc, doc_id: str) -> str:
    """One document's parse as a CoNLL-U block (``doc``: a spaCy Doc from the pipeline)."""
    ent_of: dict[int, tuple[str, str]] = {}
    for ent in doc.ents:
        for token in ent:
            iob = "B" if token.i == ent.start else "I"
            ent_of[token.i] = (f"{iob}-{ent.label_}", ent.id_)
    lines = [f"# newdoc id = {doc_id}"]
    for number, sent in enumerate(doc.sents, 1):
        lines.append(f"# sent_id = {doc_id}/{number}")
        lines.append(f"# text = {escape_text(sent.text)}")
        for token in sent:
            if token.head.i < sent.start or token.head.i >= sent.end:
                raise ValueError(f"{doc_id}: the head of {token.text!r} lies outside its sentence")
            head = 0 if token.head.i == token.i else token.head.i - sent.start + 1
            misc = [] if token.whitespace_ else ["SpaceAfter=No"]
            if token.i in ent_of:
                tag, ent_id = ent_of[token.i]
                misc.append(f"Ent={tag}")
                if ent_id:
                    misc.append(f"EntId={ent_id}")
            misc += _lexical_differences(token)
            if token.whitespace_ not in ("", " "):
                raise ValueError(f"{doc_id}: unexpected whitespace after {token.text!r}")
            lines.append("\t".join([
                str(token.i - sent.start + 1), escape(token.text), escape(token.lemma_), _field(token.pos_),
                _field(token.tag_), _field(str(token.morph)), str(head), _field(token.dep_), "_",
                "|".join(misc) or "_",
            ]))
        lines.append("")
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------- reading


@dataclass(frozen=True)
class PinnedToken:
    form: str
    lemma: str
    pos: str
    tag: str
    morph: str
    head: int  # in the document
    dep: str
    space: bool
    ent: str  # "B-LOC", "I-LOC" or ""
    ent_id: str
    sent_start: bool
    lexical: tuple[tuple[str, str], ...] = ()  # (MISC key, value) of the lexical attributes set otherwise


@dataclass(frozen=True)
class PinnedDoc:
    doc_id: str
    tokens: tuple[PinnedToken, ...]

    @property
    def text(self) -> str:
        return "".join(t.form + (" " if t.space else "") for t in self.tokens)


def _read_block(doc_id: str, lines: list[str]) -> PinnedDoc:
    tokens: list[PinnedToken] = []
    sent_offset = 0
    first_of_sentence = True
    for line in lines:
        if not line:
            first_of_sentence = True
            sent_offset = len(tokens)
            continue
        if line.startswith("#"):
            continue
        cols = line.split("\t")
        if len(cols) != 10:
            raise ValueError(f"{doc_id}: a token line has {len(cols)} fields, not 10: {line!r}")
        number, form, lemma, pos, tag, feats, head, dep, _, misc = cols
        attrs = dict(m.split("=", 1) for m in misc.split("|")) if misc != "_" else {}
        index = sent_offset + int(number) - 1
        tokens.append(PinnedToken(
            form=unescape(form), lemma=unescape(lemma), pos=_unfield(pos), tag=_unfield(tag), morph=_unfield(feats),
            head=index if head == "0" else sent_offset + int(head) - 1, dep=_unfield(dep),
            space=attrs.get("SpaceAfter") != "No", ent=attrs.get("Ent", ""), ent_id=attrs.get("EntId", ""),
            sent_start=first_of_sentence, lexical=tuple((k, v) for k, v in attrs.items() if k in LEXICAL),
        ))
        first_of_sentence = False
    return PinnedDoc(doc_id, tuple(tokens))


def read_conllu(path: Path) -> dict[str, PinnedDoc]:
    """Every document of a CoNLL-U file, by id."""
    return parse_conllu(path.read_text(encoding="utf-8"))


def parse_conllu(text: str) -> dict[str, PinnedDoc]:
    """Every document of CoNLL-U text, by id (lines before the first ``# newdoc`` are a header)."""
    out: dict[str, PinnedDoc] = {}
    doc_id: str | None = None
    block: list[str] = []
    for line in text.split("\n"):
        if line.startswith("# newdoc id = "):
            if doc_id is not None:
                out[doc_id] = _read_block(doc_id, block)
            doc_id, block = line.removeprefix("# newdoc id = "), []
        elif doc_id is not None:
            block.append(line)
    if doc_id is not None:
        out[doc_id] = _read_block(doc_id, block)
    return out


@functools.cache
def group_parses(group: str) -> dict[str, PinnedDoc]:
    path = PARSES / f"{group}.conllu"
    return read_conllu(path) if path.exists() else {}


@functools.cache
def blank_vocab():
    import spacy

    return spacy.blank("fr").vocab


def to_doc(pinned: PinnedDoc, vocab=None):
    """The spaCy Doc of a pinned parse, on a blank French vocabulary (no model needed)."""
    from spacy.tokens import Doc, Span

    tokens = pinned.tokens
    vocab = vocab or blank_vocab()
    for token in tokens:
        for key, value in token.lexical:
            attr = LEXICAL[key][0]
            # as the pipeline did: on the word in the vocabulary (a flag of every token of that text)
            setattr(vocab[token.form], attr, unescape(value) if attr == "lower_" else value == "Yes")
    doc = Doc(
        vocab,
        words=[t.form for t in tokens],
        spaces=[t.space for t in tokens],
        lemmas=[t.lemma for t in tokens],
        pos=[t.pos for t in tokens],
        tags=[t.tag for t in tokens],
        morphs=[t.morph for t in tokens],
        heads=[t.head for t in tokens],
        deps=[t.dep for t in tokens],
        sent_starts=[t.sent_start for t in tokens],
    )
    ents = []
    for start, token in enumerate(tokens):
        if token.ent.startswith("B-"):
            end = start + 1
            while end < len(tokens) and tokens[end].ent == "I-" + token.ent[2:]:
                end += 1
            ents.append(Span(doc, start, end, label=token.ent[2:], span_id=token.ent_id or 0))
    doc.ents = ents
    return doc


class NotPinned(LookupError):
    """A case whose text has no pinned parse, or a pinned parse of another text."""


def pinned_doc(case) -> PinnedDoc:
    pinned = group_parses(case.group).get(case.id)
    if pinned is None:
        raise NotPinned(f"{case.id} has no pinned parse in parses/{case.group}.conllu: {REPIN}")
    if pinned.text != case.text:
        raise NotPinned(f"{case.id}: the pinned parse is of another text: {REPIN}")
    return pinned


# ---------------------------------------------------------------- extraction, as kg.run does it


def document_of(case):
    from kg.documents import make_document

    return make_document(case.text, where="test", date=case.date)


def records_of(document, doc) -> list[dict]:
    """kg's records for a parsed document, as ``kg.pipeline.iter_batch`` and ``kg.records`` make them."""
    from kg.extract.document import extract_document
    from kg.lexicon import load_lexicon
    from kg.model import Result
    from kg.records import records
    from kg.resolve import resolve_document

    extraction = extract_document(document, doc, load_lexicon(document.lang))
    lex = load_lexicon(document.lang)
    return list(records(Result(document, extraction, resolve_document(document, extraction, lex))))


def pinned_records(case) -> list[dict]:
    """The case's records from its pinned parse."""
    return records_of(document_of(case), to_doc(pinned_doc(case)))


# ---------------------------------------------------------------- comparing parses


def pinned_of(doc, doc_id: str) -> PinnedDoc:
    """A live Doc as its pinned form reads back (to compare a live parse with a pinned one)."""
    return parse_conllu(to_conllu(doc, doc_id))[doc_id]


def doc_differences(live, rebuilt) -> list[str]:
    """Where a Doc rebuilt from a pinned parse differs from the live Doc in what extraction reads:
    every column kg's document view reads (kg.extract.view.ATTRIBUTES), the entities with their ids,
    the subtrees' edges and the sentences.  Empty when they are the same."""
    import numpy
    import spacy.attrs

    from kg.extract.view import ATTRIBUTES

    names = {value: name for name, value in vars(spacy.attrs).items() if name.isupper() and isinstance(value, int)}
    out = []
    if len(live) != len(rebuilt):
        return [f"{len(live)} tokens live, {len(rebuilt)} pinned"]
    a, b = live.to_array(ATTRIBUTES), rebuilt.to_array(ATTRIBUTES)
    for column, attr in enumerate(ATTRIBUTES):
        if not numpy.array_equal(a[:, column], b[:, column]):
            first = int(numpy.flatnonzero(a[:, column] != b[:, column])[0])
            out.append(f"{names.get(attr, attr)} differs at token {first} ({live[first].text!r})")
    def entities(doc):
        return [(e.start, e.end, e.label_, e.id_) for e in doc.ents]

    if entities(live) != entities(rebuilt):
        out.append("entities differ")
    if [(t.left_edge.i, t.right_edge.i) for t in live] != [(t.left_edge.i, t.right_edge.i) for t in rebuilt]:
        out.append("subtree edges differ")
    if [(s.start, s.end) for s in live.sents] != [(s.start, s.end) for s in rebuilt.sents]:
        out.append("sentences differ")
    return out
