"""Plain JSON records of a result: the ``kg extract --format jsonl`` interface.

One object a line: ``{"kind": "triple", ...}`` and ``{"kind": "event", ...}``, with the
participants named as the text names them (pronouns replaced by their antecedent).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from kg.extract.model import Event, Mention, Triple
from kg.resolve import Resolution
from kg.run import Result


def _names(mentions: list[Mention], resolution: Resolution) -> list[str]:
    out: list[str] = []
    for mention in mentions:
        name = resolution.display(mention)
        if name.lower() not in (n.lower() for n in out) and not resolution.named(mention).pronoun:
            out.append(name)
    return out


def triple_record(result: Result, triple: Triple) -> dict[str, Any]:
    resolution = result.resolution
    sentence = result.extraction.sentences[triple.sentence]
    return {
        "kind": "triple",
        "doc": result.document.id,
        "sentence": sentence.text,
        "subject": resolution.display(triple.subject),
        "predicate": triple.predicate,
        "object": resolution.display(triple.object),
        "negated": triple.negated,
        "modality": triple.modality,
        "source": resolution.display(triple.source) if triple.source else None,
        "confidence": triple.confidence,
        "start": triple.start,
        "end": triple.end,
        "rule": triple.rule,
    }


def event_record(result: Result, event: Event) -> dict[str, Any]:
    resolution = result.resolution
    first = event.first
    sentence = result.extraction.sentences[first.sentence]
    return {
        "kind": "event",
        "doc": result.document.id,
        "type": event.type,
        "trigger": first.trigger_text,
        "actor": _names(event.actor, resolution),
        "target": _names(event.target, resolution),
        "location": _names(event.location, resolution),
        "date": event.date,
        "date_basis": event.date_basis,
        "weapon": _names(event.weapon, resolution),
        "killed": event.killed,
        "injured": event.injured,
        "approximate": event.approximate,
        "negated": event.negated,
        "modality": event.modality,
        "source": resolution.display(event.source) if event.source else None,
        "confidence": event.confidence,
        "sentence": sentence.text,
        "start": first.start,
        "end": first.end,
        "mentions": len(event.mentions),
    }


def records(result: Result) -> Iterator[dict[str, Any]]:
    """Every triple, then every event, of one result."""
    resolution = result.resolution
    for triple in result.extraction.triples:
        if resolution.named(triple.subject).pronoun or resolution.named(triple.object).pronoun:
            continue  # a pronoun we could not resolve names nobody
        yield triple_record(result, triple)
    for event in result.extraction.events:
        yield event_record(result, event)
