"""Incidents in a store: a new document's events linked to the incidents the store already holds.

When ``kg add`` writes a document, each of its events also gets what linking reads of it
(``ckg:reportFacts``, the :class:`~kg.resolve.incidents.ReportFacts` as JSON) and the keys it is filed
under (``ckg:linkKey``: its type, a country, an ISO week its date allows).  Linking a new document then
reads only its *neighbourhood*: the reports filed under the keys of its events' days (a week more on
each side, for the look-alikes kept apart), every report of the incidents those belong to, and the
incidents that say they are apart from those.  The neighbourhood is linked again as a whole
(:func:`kg.resolve.incidents.link_reports`, whose result does not depend on the order of its reports),
the incidents it held are dropped and the new ones written, each in its own named graph.  So the cost of
a document grows with the reports of its weeks, not with the archive, and documents added one by one,
in any order, give the incidents that linking them all at once gives.

Nothing here parses: the results of the documents being added give their facts; the store gives the rest.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import types
import typing
from collections.abc import Iterable, Iterator
from typing import Any
from urllib.parse import unquote

from rdflib import RDF, Graph, Literal, URIRef

from kg.model import Apart, Incident, Report, Result, When
from kg.rdf import ReportedEvent, document_iri, incident_graph, incident_graph_iri, incident_iri, reported_event
from kg.resolve.incidents import APART_DAYS, DAY_TOLERANCE, ReportFacts, link_reports, report_facts, resembles
from kg.store.base import Store
from kg.vocab import CKG, ID

#: rdf:JSON, the datatype of ``ckg:reportFacts``
JSON = RDF.JSON if hasattr(RDF, "JSON") else URIRef(str(RDF) + "JSON")
#: Reports of one neighbourhood asked for at once (a VALUES block of this many terms).
CHUNK = 200
INCIDENT_PREFIX = str(ID["incident/"])

StoredReport = tuple[ReportFacts, ReportedEvent]


# ---------------------------------------------------------------- facts as JSON

_HINTS = typing.get_type_hints(ReportFacts)


def _encode(value: Any) -> Any:
    if isinstance(value, Report):
        return [value.doc, value.index]
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, frozenset):
        return sorted(value)
    if isinstance(value, tuple):
        return list(value)
    if isinstance(value, When):
        return dataclasses.asdict(value)
    return value


def _decode(hint: Any, value: Any) -> Any:
    if value is None:
        return None
    if hint is Report:
        return Report(value[0], value[1])
    args = [a for a in typing.get_args(hint) if a is not type(None)]
    origin = typing.get_origin(hint)
    if origin is frozenset:
        return frozenset(value)
    if origin is tuple:
        return tuple(value)
    if args and origin in (typing.Union, types.UnionType):
        return _decode(args[0], value)
    if hint is dt.date:
        return dt.date.fromisoformat(value)
    if hint is When:
        return When(**value)
    return value


def encode_report(facts: ReportFacts, reported: ReportedEvent) -> str:
    """One report as the JSON of its ``ckg:reportFacts``: its linking facts, and what the incident writer
    needs of it (its document's language, the keys it names)."""
    return json.dumps({"facts": {f.name: _encode(getattr(facts, f.name)) for f in dataclasses.fields(facts)},
                       "lang": reported.lang, "keys": sorted(reported.keys)},
                      ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def decode_report(text: str, iri: str) -> StoredReport:
    """:func:`encode_report` read back; ``iri`` is the event's (the subject of its ``ckg:reportFacts``)."""
    data = json.loads(text)
    facts = ReportFacts(**{name: _decode(_HINTS[name], value) for name, value in data["facts"].items()
                           if name in _HINTS})
    return facts, ReportedEvent(iri, facts.report.doc, data["lang"], frozenset(data["keys"]))


# ---------------------------------------------------------------- the index: keys by type, country and week

ANY, NONE = "*", ""


def _week(day: dt.date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def _weeks(facts: ReportFacts, margin: int) -> list[str]:
    if facts.first is None or facts.last is None:
        return []  # no date: linked to nothing (kg.resolve.incidents.ReportIndex files it nowhere)
    first = facts.first - dt.timedelta(days=DAY_TOLERANCE + margin)
    last = facts.last + dt.timedelta(days=DAY_TOLERANCE + margin)
    return sorted({_week(first + dt.timedelta(days=n)) for n in range((last - first).days + 1)})


def filing_keys(facts: ReportFacts) -> list[str]:
    """The keys a report is filed under: its type, each of its countries (or none) and ``*``, each week its
    date allows (a day's tolerance on each side)."""
    countries = [ANY, *(sorted(facts.countries) or [NONE])]
    return [f"{facts.type}|{country}|{week}" for week in _weeks(facts, 0) for country in countries]


def lookup_keys(facts: ReportFacts) -> list[str]:
    """The keys under which a report finds every report it may be linked to or kept apart from: as
    :class:`kg.resolve.incidents.ReportIndex` looks (its countries and none, or any country when it has
    none), over its weeks and :data:`~kg.resolve.incidents.APART_DAYS` more on each side."""
    countries = [*sorted(facts.countries), NONE] if facts.countries else [ANY]
    return [f"{facts.type}|{country}|{week}" for week in _weeks(facts, APART_DAYS) for country in countries]


def add_report_index(graph: Graph, result: Result) -> Graph:
    """Add to a document's graph what linking later documents reads of each of its events."""
    for index, facts in enumerate(report_facts(result)):
        reported = reported_event(result, index)
        node = URIRef(reported.iri)
        graph.add((node, CKG.reportFacts, Literal(encode_report(facts, reported), datatype=JSON)))
        for key in filing_keys(facts):
            graph.add((node, CKG.linkKey, Literal(key)))
    return graph


def stored_reports(result: Result) -> list[StoredReport]:
    """The reports of a result as they would be read back from a store."""
    return [(facts, reported_event(result, index)) for index, facts in enumerate(report_facts(result))]


# ---------------------------------------------------------------- reading the neighbourhood

def _terms(values: Iterable[str], kind: str) -> Iterator[str]:
    """VALUES blocks of at most :data:`CHUNK` terms: IRIs (``kind="iri"``) or string literals."""
    items = sorted(set(values))
    for start in range(0, len(items), CHUNK):
        chunk = items[start:start + CHUNK]
        yield " ".join(f"<{v}>" if kind == "iri" else json.dumps(v, ensure_ascii=False) for v in chunk)


def _rows(store: Store, template: str, values: Iterable[str], kind: str) -> list[list[Any]]:
    rows: list[list[Any]] = []
    for block in _terms(values, kind):
        rows += store.query(template.replace("$VALUES", block)).rows
    return rows


def _incident_id(iri: object) -> str:
    return unquote(str(iri).removeprefix(INCIDENT_PREFIX))


def document_reports(store: Store, doc_ids: Iterable[str]) -> list[StoredReport]:
    """The reports the store holds of the documents ``doc_ids`` (their events' ``ckg:reportFacts``)."""
    found: list[StoredReport] = []
    for doc_id in doc_ids:
        rows = store.query(f"SELECT ?e ?f WHERE {{ GRAPH <{document_iri(doc_id)}> {{ ?e ckg:reportFacts ?f }} }}").rows
        found += [decode_report(str(f), str(e)) for e, f in rows]
    return found


def unlinked(store: Store, doc_id: str) -> bool:
    """Whether some event of the stored document ``doc_id`` is in no incident (linking was interrupted)."""
    answer = store.query(f"ASK {{ GRAPH <{document_iri(doc_id)}> {{ ?e ckg:reportFacts ?f }} "
                         f"FILTER NOT EXISTS {{ ?i ckg:reportedBy ?e }} }}")
    return bool(answer.boolean)


class Neighbourhood:
    """The stored reports a set of new reports may change the incidents of, the incidents they are in
    now (with their reports and disagreements), and the incidents that say they are apart from those."""

    def __init__(self, store: Store, new: Iterable[StoredReport]) -> None:
        self.reports: dict[Report, StoredReport] = {}
        for item in new:
            self.reports[item[0].report] = item
        arrivals = [facts for facts, _ in self.reports.values()]
        keys = {key for facts in arrivals for key in lookup_keys(facts)}
        for event, text in _rows(store, "SELECT ?e ?f WHERE { VALUES ?k { $VALUES } ?e ckg:linkKey ?k ; "
                                        "ckg:reportFacts ?f }", keys, "literal"):
            item = decode_report(str(text), str(event))
            if any(resembles(facts, item[0]) for facts in arrivals):  # the others' incidents stay as they are
                self._add(item)
        iris = [reported.iri for _, reported in self.reports.values()]
        self.incidents = {_incident_id(i) for i, in _rows(
            store, "SELECT DISTINCT ?i WHERE { VALUES ?e { $VALUES } ?i ckg:reportedBy ?e }", iris, "iri")}
        # the incidents apart from these: their records of disagreement name incidents that may change
        self.incidents |= {_incident_id(j) for j, in _rows(
            store, "SELECT DISTINCT ?j WHERE { VALUES ?i { $VALUES } ?j ckg:keptApart/ckg:apartFrom ?i }",
            [str(incident_iri(i)) for i in self.incidents], "iri")}
        incident_iris = [str(incident_iri(i)) for i in self.incidents]
        #: each stored incident's reports, as the store holds them now
        self.members: dict[str, set[Report]] = {}
        members = "SELECT ?i ?e ?f WHERE { VALUES ?i { $VALUES } ?i ckg:reportedBy ?e . ?e ckg:reportFacts ?f }"
        for incident, event, text in _rows(store, members, incident_iris, "iri"):
            item = decode_report(str(text), str(event))
            self._add(item)
            self.members.setdefault(_incident_id(incident), set()).add(item[0].report)
        self.apart: dict[str, set[Apart]] = {}
        for i, other, field in _rows(store, "SELECT ?i ?o ?field WHERE { VALUES ?i { $VALUES } ?i ckg:keptApart ?d . "
                                            "?d ckg:apartFrom ?o ; ckg:disagreedOn ?field }", incident_iris, "iri"):
            self.apart.setdefault(_incident_id(i), set()).add(Apart(_incident_id(other), str(field)))

    def _add(self, item: StoredReport) -> None:
        self.reports.setdefault(item[0].report, item)  # a report of the run wins over its stored copy

    def link(self) -> list[Incident]:
        """The neighbourhood's incidents, linked again as a whole; an incident that was apart from one
        outside the neighbourhood still says so."""
        ordered = sorted(self.reports.values(),
                         key=lambda item: (item[0].document_date or "", item[0].report.doc, item[0].report.index))
        incidents = link_reports(facts for facts, _ in ordered)
        ids = {incident.id for incident in incidents}
        for incident in incidents:
            kept = {a for a in self.apart.get(incident.id, ()) if a.other not in self.incidents and a.other not in ids}
            incident.apart = sorted(set(incident.apart) | kept)
        return incidents

    def unchanged(self, incident: Incident) -> bool:
        """Whether the store holds this incident as it is: the same id, reports and disagreements (the rest
        is a function of its reports, whose facts do not change)."""
        return (self.members.get(incident.id) == set(incident.reports)
                and self.apart.get(incident.id, set()) == set(incident.apart))

    def reported(self) -> dict[Report, ReportedEvent]:
        return {report: reported for report, (_, reported) in self.reports.items()}


def link_documents(store: Store, doc_ids: Iterable[str]) -> tuple[int, int]:
    """Link the events of the stored documents ``doc_ids`` to the incidents of the store: the incidents of
    their neighbourhood are linked again with them, and those that changed replaced.  Returns (incidents
    dropped, incidents written)."""
    new = document_reports(store, doc_ids)
    if not new:
        return 0, 0
    hood = Neighbourhood(store, new)
    linked = hood.link()
    changed = [incident for incident in linked if not hood.unchanged(incident)]
    gone = hood.incidents - {incident.id for incident in linked if hood.unchanged(incident)}
    reported = hood.reported()
    # dropped before written: an incident whose id stays is replaced, not added to
    for incident_id in sorted(gone):
        store.drop_graph(incident_graph_iri(incident_id))
    for incident in changed:
        store.put_graph(incident_graph_iri(incident.id), incident_graph(incident, reported))
    return len(gone), len(changed)


def incidents_with_store(store: Store, reports: Iterable[ReportFacts]) -> list[Incident]:
    """The incidents of new reports (of documents not necessarily in the store) linked with the store's
    neighbourhood of them: what ``kg extract --store`` gives each event, the store left as it is."""
    # a report not in the store has no event IRI yet: a stand-in, which no stored incident names
    new = [(facts, ReportedEvent(str(ID[f"report/{facts.report.doc}/{facts.report.index}"]), facts.report.doc, "",
                                 frozenset())) for facts in reports]
    return Neighbourhood(store, new).link()
