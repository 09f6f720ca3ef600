"""Incidents as an analyst's table (``kg incidents``) and as ACLED-like rows (``kg events --by incident``).

An incident (``ckg:Incident``) is one real-world occurrence and every report of it, from several
documents (see :mod:`kg.resolve.incidents`).  Its row says what the reports agree on: type, date,
place and country, the toll as a range (lowest, highest and latest figure), who did it and to whom,
how many reports and distinct sources tell it, and when it was first and last reported.  Reads any
graph kg wrote; no spaCy.
"""

from __future__ import annotations

from rdflib import RDF, Graph, URIRef
from rdflib.term import Node

from kg.event_table import COLUMNS as EVENT_COLUMNS
from kg.event_table import _label, _names, _value, default_mapping, event_row
from kg.graphs import sorted_nodes
from kg.vocab import CKG, DCTERMS, local_name

COLUMNS = ["incident", "type", "date", "date_precision", "location", "country", "reports", "sources",
           "first_reported", "last_reported", "killed_min", "killed_max", "killed_latest", "injured_min",
           "injured_max", "injured_latest", "actors", "alleged", "claimed_by", "targets", "documents", "kept_apart"]
#: The columns of ``kg events --by incident``: an event row, then how many reports and sources.
INCIDENT_EVENT_COLUMNS = [*EVENT_COLUMNS, "incident", "reports", "sources"]


def _documents(graph: Graph, incident: Node) -> str:
    """The ids of the documents that report the incident."""
    ids = {_value(graph, doc, CKG.documentId) for event in graph.objects(incident, CKG.reportedBy)
           for doc in graph.objects(event, CKG.mentionedIn)}
    return "; ".join(sorted(ids - {""}))


def incident_row(graph: Graph, incident: URIRef) -> dict[str, object]:
    """One incident of the graph as a row of :data:`COLUMNS` (empty string where unknown)."""
    place = graph.value(incident, CKG.location)
    return {
        "incident": local_name(incident),
        "type": local_name(graph.value(incident, CKG.eventType) or ""),
        "date": _value(graph, incident, CKG.date),
        "date_precision": _value(graph, incident, CKG.datePrecision),
        "location": _label(graph, place) if place is not None else "",
        "country": _names(graph, graph.objects(incident, CKG.country)),
        "reports": _value(graph, incident, CKG.reportCount),
        "sources": "; ".join(sorted(str(s) for s in graph.objects(incident, DCTERMS.source))),
        "first_reported": _value(graph, incident, CKG.firstReported),
        "last_reported": _value(graph, incident, CKG.lastReported),
        **{f"{toll}_{end}": _value(graph, incident, CKG[f"{toll}{end.capitalize()}"])
           for toll in ("killed", "injured") for end in ("min", "max", "latest")},
        "actors": _names(graph, graph.objects(incident, CKG.actor)),
        "alleged": _names(graph, graph.objects(incident, CKG.allegedActor)),
        "claimed_by": _names(graph, graph.objects(incident, CKG.claimedBy)),
        "targets": _names(graph, graph.objects(incident, CKG.target)),
        "documents": _documents(graph, incident),
        "kept_apart": "; ".join(sorted(
            f"{local_name(graph.value(apart, CKG.apartFrom))} ({_value(graph, apart, CKG.disagreedOn)})"
            for apart in graph.objects(incident, CKG.keptApart))),
    }


def _incidents(graph: Graph) -> list[URIRef]:
    return [i for i in sorted_nodes(graph.subjects(RDF.type, CKG.Incident)) if isinstance(i, URIRef)]


def incident_rows(graph: Graph) -> list[dict[str, object]]:
    """Every incident of a graph, the most reported first, then by date."""
    rows = [incident_row(graph, incident) for incident in _incidents(graph)]
    return sorted(rows, key=lambda r: (-int(str(r["reports"]) or 0), str(r["date"]), str(r["incident"])))


def incident_event_rows(graph: Graph) -> list[dict[str, object]]:
    """One ACLED-like row per incident (``kg events --by incident``): the row of its first report's
    event, with what the reports agree on in place of one report's words: the incident's date, place,
    country and actors, and as fatalities the lowest figure a report gives (ACLED's rule when sources
    disagree), then how many reports and distinct sources tell it."""
    mapping = default_mapping()
    rows = []
    for incident in _incidents(graph):
        reports = sorted_nodes(graph.objects(incident, CKG.reportedBy))
        if not reports or not isinstance(reports[0], URIRef):
            continue
        row = event_row(graph, reports[0], mapping)
        summary = incident_row(graph, incident)
        row.update({
            "event_date": summary["date"] or row["event_date"],
            "date_precision": summary["date_precision"] or row["date_precision"],
            "location": summary["location"] or row["location"],
            "country": summary["country"] or row["country"],
            "actor1": summary["actors"] or row["actor1"],
            "actor2": summary["targets"] or row["actor2"],
            "fatalities": summary["killed_min"],
            "injured": summary["injured_min"],
            "document": summary["documents"],
            "incident": summary["incident"],
            "reports": summary["reports"],
            "sources": summary["sources"],
        })
        rows.append(row)
    return sorted(rows, key=lambda r: (str(r["event_date"]), str(r["incident"])))
