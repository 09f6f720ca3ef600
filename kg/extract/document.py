"""One parsed document through the extractors, sentence by sentence: its mentions, triples and events."""

from __future__ import annotations

from typing import cast

from spacy.tokens import Doc, Span, Token

from kg.extract.clauses import clauses
from kg.extract.dates import date_anchors
from kg.extract.events import sentence_events
from kg.extract.modality import QUOTED, inverted_speech_verbs, is_inverted_clitic, quoted_speakers, speaker_of_sentence
from kg.extract.nominal import apposition_clauses, nominal_clauses, nominal_events
from kg.extract.phrases import make_mention, sentence_mentions
from kg.extract.quantities import toll
from kg.extract.tokens import document_memo
from kg.extract.triples import clause_triples
from kg.extract.view import DocView
from kg.lexicon import Lexicon
from kg.model import Document, DocumentExtraction, EventMention, Mention, Sentence, Triple


def _unattributed(triple: Triple, lex: Lexicon) -> bool:
    """``l'attaque contre le poste``: an act's noun stands as its own subject (its author unnamed)."""
    return triple.rule == "nominal" and triple.subject.head in lex.event_types


def _one_telling(triples: list[Triple], lex: Lexicon) -> list[Triple]:
    """``a lancé une offensive contre Kidal`` tells one relation, which the verb (lancer contre) and
    the act's noun (attaquer) both give: keep the noun's where the verb is a light verb, which says
    nothing of its own, else the verb's."""
    def pair(t: Triple) -> tuple[int, str, str, bool]:
        return (t.sentence, t.subject.text.lower(), t.object.text.lower(), t.negated)

    nominal = {pair(t) for t in triples if t.rule == "nominal"}
    verbal = {pair(t) for t in triples if t.rule != "nominal"}
    out = []
    for t in triples:
        light = t.predicate.split(" ", 1)[0] in lex.light_verbs
        if t.rule == "nominal" and pair(t) in verbal and not any(
                u.rule != "nominal" and pair(u) == pair(t) and u.predicate.split(" ", 1)[0] in lex.light_verbs
                for u in triples):
            continue  # the verb tells it
        if t.rule != "nominal" and light and pair(t) in nominal:
            continue  # the act's noun tells it
        out.append(t)
    return out


def _dedupe(triples: list[Triple], lex: Lexicon) -> list[Triple]:
    """One triple per (subject, predicate, object, polarity) in a document: the most confident; an
    act's noun standing for its unnamed author only where no other triple of the document has that
    target (the text names who hit it elsewhere)."""
    targets = {t.object.text.lower() for t in triples if not _unattributed(t, lex)}
    triples = [t for t in triples if not (_unattributed(t, lex) and t.object.text.lower() in targets)]
    triples = _one_telling(triples, lex)
    best: dict[tuple[str, str, str, bool], Triple] = {}
    for triple in triples:
        key = (triple.subject.text.lower(), triple.predicate, triple.object.text.lower(), triple.negated)
        if key not in best or triple.confidence > best[key].confidence:
            best[key] = triple
    return sorted(best.values(), key=lambda t: (t.start, t.end, t.predicate))


def extract_document(document: Document, doc: Doc, lex: Lexicon) -> DocumentExtraction:
    """Mentions, triples and event mentions of one parsed document, sentence by sentence."""
    view = DocView(doc)
    try:
        with document_memo():
            return _extract(document, view, lex)
    finally:
        view.release()


def _extract(document: Document, doc: DocView, lex: Lexicon) -> DocumentExtraction:
    sentences: list[Sentence] = []
    mentions: list[Mention] = []
    triples: list[Triple] = []
    event_mentions: list[EventMention] = []
    cache: dict[int, Mention | None] = {}
    spoken_by: dict[int, tuple[int, int]] = {}
    last_speaker: Token | None = None  # who spoke last: the "il" of a later "…, a-t-il ajouté"
    last_listed: dict[tuple[int, int], int] = {}  # mention key -> its index in mentions

    # a view's sentences answer as spaCy's spans do, for all that the extractors read (kg.extract.view)
    sents = cast(list[Span], [s for s in doc.sents if s.text.strip()])
    quoted = quoted_speakers(sents, lex)  # « … . … », a dit X: X speaks the first sentence too
    for index, sent in enumerate(sents):
        sentences.append(Sentence(index, sent.text.strip(), sent.start_char, sent.end_char))

        def mention_of(token: Token, index: int = index) -> Mention | None:
            if token.i not in cache:
                cache[token.i] = make_mention(token, index, lex)
            return cache[token.i]

        inverted = inverted_speech_verbs(sent, lex)
        named_speaker = speaker_of_sentence(sent, lex, inverted)
        for verb_index, speaker in list(inverted.items()):
            if is_inverted_clitic(speaker, lex) and last_speaker is not None:
                inverted[verb_index] = last_speaker
        if named_speaker is not None and not is_inverted_clitic(named_speaker, lex):
            last_speaker = named_speaker
        speakers = {speaker.i for speaker in inverted.values()}
        if index in quoted:
            inverted[QUOTED] = quoted[index]
        sentence_speaker = quoted.get(index) or next(iter(inverted.values()), None)
        speaker_mention = mention_of(sentence_speaker) if sentence_speaker is not None else None
        if speaker_mention is not None:
            spoken_by[index] = speaker_mention.key
        for mention in sentence_mentions(sent, index, lex, salient=speakers, mention_of=mention_of):
            # a phrase is listed once among the last 40 mentions
            last = last_listed.get(mention.key)
            if last is None or last < len(mentions) - 40:
                last_listed[mention.key] = len(mentions)
                mentions.append(mention)
        nominals = nominal_events(sent, lex)
        sentence_clauses = clauses(sent, lex)
        for clause in sentence_clauses + nominal_clauses(nominals, lex) + apposition_clauses(sent, lex):
            triples.extend(clause_triples(clause, sent, index, lex, mention_of, inverted))
        event_mentions.extend(
            sentence_events(
                sent, index, sentence_clauses, nominals, lex, mention_of, inverted,
                date_anchors(sent, lex, document.date), toll(sent, lex),
            )
        )

    triples = _dedupe(triples, lex)
    return DocumentExtraction(
        doc_id=document.id,
        sentences=sentences,
        mentions=mentions,
        triples=triples,
        event_mentions=event_mentions,
        speakers=spoken_by,
    )
