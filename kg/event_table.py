"""Events as an analyst's table: one row per event, with ACLED-like columns (``kg events``).

Rows are read from the RDF graph, so that a table made from a graph built last month and one
made straight from articles are the same.  Event types are PLOVER's (``plover_type``,
``plover_mode``) and, where ``ontologies/event-types.ttl`` maps them with ``skos:closeMatch``,
ACLED's (``event_type``, ``sub_event_type``).  Two of ACLED's distinctions need the participants:
an attack with no mode that tells how is a clash when its target is armed (``Battles / Armed
clash``) and violence against civilians otherwise; territory taken by a state is ``Government
regains territory``.  Events ACLED does not code (statements, demands) leave both columns empty.

Unknown stays empty: no fatalities is ``0`` only where the text says none.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, SKOS
from rdflib.term import Node

from kg.vocab import ACLED, CKG, CLASS_KINDS, EVT, GEO, ontologies_dir

COLUMNS = [
    "event_id", "event_date", "date_precision", "date_start", "date_end", "date_text",
    "event_type", "sub_event_type", "plover_type", "plover_mode",
    "actor1", "actor2", "alleged_actor", "claimed_by",
    "location", "country", "latitude", "longitude",
    "fatalities", "injured", "approximate", "weapon", "weapon_count",
    "modality", "reported_by", "source", "document", "notes",
]
#: Most specific first: a facility lies in a place, a place in a country.
SPECIFICITY = {"facility": 0, "place": 1, "country": 2}
ARMED_KINDS = {"armed_group", "state"}


@dataclass(frozen=True)
class AcledCode:
    event_type: str
    sub_event_type: str


class AcledMapping:
    """PLOVER type and mode → ACLED event type and sub-event type, from the SKOS mappings."""

    def __init__(self, scheme: Graph) -> None:
        self.scheme = scheme

    def _acled_matches(self, concept: URIRef) -> list[URIRef]:
        return sorted(o for o in self.scheme.objects(concept, SKOS.closeMatch)
                      if isinstance(o, URIRef) and str(o).startswith(ACLED))

    def _code(self, concept: URIRef) -> AcledCode:
        broader = self.scheme.value(concept, SKOS.broader)
        notation = str(self.scheme.value(concept, SKOS.notation))
        if broader is None:
            return AcledCode(notation, "")
        return AcledCode(str(self.scheme.value(broader, SKOS.notation)), notation)

    def code(
        self, plover_type: str, mode: str | None, actor_kinds: set[str], target_kinds: set[str]
    ) -> AcledCode | None:
        matches = self._acled_matches(EVT[mode]) if mode else []
        if not matches and plover_type == "assault":
            # an attack that says nothing of how: ACLED tells a fight from violence against civilians
            matches = [URIRef(ACLED + ("armed-clash" if target_kinds & ARMED_KINDS else "attack"))]
        if not matches:
            matches = self._acled_matches(EVT[plover_type])
        if not matches:
            return None
        if URIRef(ACLED + "government-regains-territory") in matches:
            regains = bool(actor_kinds & {"state"})
            return self._code(URIRef(ACLED + ("government-regains-territory" if regains
                                              else "non-state-actor-overtakes-territory")))
        # a sub-event type says more than an event type; a riot of protesters is ACLED's default riot
        subs = [m for m in matches if self.scheme.value(m, SKOS.broader) is not None]
        preferred = [m for m in subs if m == URIRef(ACLED + "violent-demonstration")] or subs or matches
        return self._code(preferred[0])

    def notation(self, concept: URIRef) -> str:
        value = self.scheme.value(concept, SKOS.notation)
        return "" if value is None else str(value)


@functools.cache
def default_mapping() -> AcledMapping:
    scheme = Graph()
    scheme.parse(Path(ontologies_dir()) / "event-types.ttl", format="turtle")
    return AcledMapping(scheme)


def _label(graph: Graph, node: Node, lang: str = "fr") -> str:
    labels = list(graph.objects(node, RDFS.label))
    for wanted in (lang, "en", None):
        for label in labels:
            if isinstance(label, Literal) and label.language == wanted:
                return str(label)
    return str(labels[0]) if labels else str(node).rsplit("/", 1)[-1]


def _kind(graph: Graph, node: Node) -> str:
    kinds = [CLASS_KINDS[c] for c in graph.objects(node, RDF.type) if c in CLASS_KINDS]
    return kinds[0] if kinds else "other"


def _point(graph: Graph, node: Node) -> tuple[float, float] | None:
    """(latitude, longitude) of a node's geometry, if it has one."""
    for geometry in graph.objects(node, GEO.hasGeometry):
        wkt = graph.value(geometry, GEO.asWKT)
        if wkt is not None and str(wkt).startswith("POINT("):
            lon, lat = str(wkt).removeprefix("POINT(").removesuffix(")").split()
            return float(lat), float(lon)
    return None


def _names(graph: Graph, nodes: Iterable[Node]) -> str:
    return "; ".join(sorted({_label(graph, n) for n in nodes}, key=str.lower))


def _value(graph: Graph, node: Node, prop: URIRef) -> str:
    value = graph.value(node, prop)
    return "" if value is None else str(value)


def _notes(graph: Graph, event: URIRef) -> str:
    evidence = sorted(graph.objects(event, CKG.evidence),
                      key=lambda e: int(str(graph.value(e, CKG.sentenceIndex) or 0)))
    return _value(graph, evidence[0], CKG.sentence) if evidence else ""


def event_row(graph: Graph, event: URIRef, mapping: AcledMapping | None = None) -> dict[str, object]:
    """One event of the graph as a row of :data:`COLUMNS` (empty string where unknown)."""
    mapping = mapping or default_mapping()
    plover_type = str(graph.value(event, CKG.eventType)).rsplit("/", 1)[-1]
    mode_node = graph.value(event, CKG.eventMode)
    mode = str(mode_node).rsplit("/", 1)[-1] if mode_node is not None else None
    actors = set(graph.objects(event, CKG.actor))
    alleged = set(graph.objects(event, CKG.allegedActor)) - actors
    claimed = set(graph.objects(event, CKG.claimedBy))
    targets = set(graph.objects(event, CKG.target))
    code = mapping.code(plover_type, mode, {_kind(graph, a) for a in actors | alleged | claimed},
                        {_kind(graph, t) for t in targets})
    locations = sorted(set(graph.objects(event, CKG.location)) - set(graph.objects(event, CKG.country)),
                       key=lambda n: (SPECIFICITY.get(_kind(graph, n), 1), _label(graph, n)))
    countries = set(graph.objects(event, CKG.country))
    point = next((p for n in locations if _kind(graph, n) != "country" and (p := _point(graph, n))), None)
    document = graph.value(event, CKG.mentionedIn)
    source = graph.value(event, CKG.attributedTo)
    return {
        "event_id": str(event),
        "event_date": _value(graph, event, CKG.date),
        "date_precision": _value(graph, event, CKG.datePrecision),
        "date_start": _value(graph, event, CKG.dateStart),
        "date_end": _value(graph, event, CKG.dateEnd),
        "date_text": _value(graph, event, CKG.dateText),
        "event_type": code.event_type if code else "",
        "sub_event_type": code.sub_event_type if code else "",
        "plover_type": plover_type.upper(),
        "plover_mode": mapping.notation(mode_node) if isinstance(mode_node, URIRef) else "",
        "actor1": _names(graph, actors),
        "actor2": _names(graph, targets),
        "alleged_actor": _names(graph, alleged),
        "claimed_by": _names(graph, claimed),
        "location": _label(graph, locations[0]) if locations else (_names(graph, countries)),
        "country": _names(graph, countries),
        "latitude": point[0] if point else "",
        "longitude": point[1] if point else "",
        "fatalities": _value(graph, event, CKG.killed),
        "injured": _value(graph, event, CKG.injured),
        "approximate": "true" if graph.value(event, CKG.approximate) is not None else "",
        "weapon": _names(graph, graph.objects(event, CKG.weapon)),
        "weapon_count": _value(graph, event, CKG.weaponCount),
        "modality": _value(graph, event, CKG.modality).rsplit("#", 1)[-1].lower(),
        "reported_by": _label(graph, source) if isinstance(source, URIRef) else "",
        "source": _value(graph, document, DCTERMS.source) if document is not None else "",
        "document": _value(graph, document, CKG.documentId) if document is not None else "",
        "notes": _notes(graph, event),
    }


def event_rows(graph: Graph) -> list[dict[str, object]]:
    """Every event of a graph, by document, date and place in the text."""
    mapping = default_mapping()
    rows = [event_row(graph, event, mapping) for event in set(graph.subjects(RDF.type, CKG.Event))
            if isinstance(event, URIRef)]
    return sorted(rows, key=lambda r: (str(r["document"]), str(r["event_date"]), str(r["notes"]), str(r["event_id"])))
