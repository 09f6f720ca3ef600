"""Plain JSON records of a result: the ``kg extract --format jsonl`` interface.

One object a line: ``{"kind": "triple", ...}`` and ``{"kind": "event", ...}``, with the
participants named as the text names them (pronouns replaced by their antecedent).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any

from kg.errors import KgError
from kg.gazetteer import Gazetteer, load_gazetteer
from kg.model import Event, Incident, Mention, Report, Resolution, Result, Triple
from kg.resolve.incidents import ReportFacts, incident_of_events, link_reports, report_facts


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


def _country(event: Event, result: Result, gaz: Gazetteer) -> str | None:
    """The country of the event's most specific located place, in the gazetteer's words."""
    countries = result.resolution.countries_of(event)
    return gaz.entries[countries[0]].label if countries else None


def event_record(result: Result, event: Event, incident: str | None = None,
                 gaz: Gazetteer | None = None) -> dict[str, Any]:
    """One event as a JSON record; ``incident``, when given, is the id of the incident it reports
    (shared by the events of other documents that report the same occurrence)."""
    resolution = result.resolution
    gaz = gaz or load_gazetteer(result.document.lang)
    first = event.first
    sentence = result.extraction.sentences[first.sentence]
    when = event.when
    country = _country(event, result, gaz)
    location = _names(event.location, resolution)
    if country and country.lower() not in (name.lower() for name in location):
        location.append(country)  # the most specific place first, its country last
    return {
        "kind": "event",
        "doc": result.document.id,
        "type": event.type,
        "mode": event.mode,
        "trigger": first.trigger_text,
        # everyone the text names as author, as the evaluation counts them; the next two say
        # which of them it only alleges or who only claimed it
        "actor": _names(event.authors, resolution),
        "alleged_actor": _names([m for m in event.alleged if m not in event.actor], resolution),
        "claimed_by": _names(event.claimed_by, resolution),
        "target": _names(event.target, resolution),
        "location": location,
        "country": country,
        "date": event.date,
        "date_basis": event.date_basis,
        "date_precision": when.precision if when else None,
        "date_start": when.start if when else None,
        "date_end": when.end if when else None,
        "date_text": when.text or None if when else None,
        "weapon": _names(event.weapon, resolution),
        "weapon_count": event.weapon_count,
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
        **({"incident": incident} if incident is not None else {}),
    }


def records(result: Result, incident_of: Mapping[Report, str] | None = None) -> Iterator[dict[str, Any]]:
    """Every triple, then every event, of one result (each event with its incident, when
    ``incident_of`` tells it)."""
    resolution = result.resolution
    for triple in resolution.statements:
        yield triple_record(result, triple)
    gaz = load_gazetteer(result.document.lang)  # once per document, not per event
    for index, event in enumerate(resolution.events):
        incident = incident_of.get(Report(result.document.id, index)) if incident_of is not None else None
        yield event_record(result, event, incident, gaz)


def records_with_incidents(results: Iterable[Result],
                           link: Callable[[list[ReportFacts]], list[Incident]] = link_reports,
                           ) -> Iterator[dict[str, Any]]:
    """The records of every result, each event with the incident it reports across the documents
    (``link``: :func:`kg.resolve.incidents.link_reports`, or one that also reads a store's incidents).
    Incidents need every document read first: the records and each event's facts are kept (not the
    results) until the last document is in, then the records come out in input order.  When reading
    stops on an error, the records of the documents read before it still come out, then the error."""
    kept: list[dict[str, Any]] = []
    reports: list[ReportFacts] = []
    try:
        for result in results:
            kept += records(result)
            reports += report_facts(result)
    except KgError:
        yield from _with_incidents(kept, reports, link)
        raise
    yield from _with_incidents(kept, reports, link)


def _with_incidents(kept: list[dict[str, Any]], reports: list[ReportFacts],
                    link: Callable[[list[ReportFacts]], list[Incident]]) -> Iterator[dict[str, Any]]:
    incident_of = incident_of_events(link(reports))
    index_in_doc: dict[str, int] = {}
    for record in kept:
        if record["kind"] == "event":
            index = index_in_doc.get(record["doc"], 0)
            index_in_doc[record["doc"]] = index + 1
            record["incident"] = incident_of[Report(record["doc"], index)]
        yield record
