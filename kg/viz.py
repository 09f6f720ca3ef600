"""RDF → networkx projection → pyvis network → one self-contained, offline HTML page.

* :func:`project` turns the RDF graph into a :class:`networkx.MultiDiGraph`: one node per entity, per
  event and per incident, one edge per (subject, relation, object) of the non-negated ``ckg:Statement``
  nodes, one edge per event role, one "reported by" edge from each incident to each of its reports (its
  events) and one dashed edge per pair of incidents kept apart (``ckg:Disagreement``), named by the field.
* :func:`select_view` keeps the entities and their statements, or the events, their roles and incidents;
  :func:`neighbourhood` the nodes within a few links of a named one; :func:`cap` the most important.
* :func:`to_pyvis` styles it (colour and shape by type, size by :func:`importance`) into a pyvis
  :class:`~pyvis.network.Network`; graphs over ``LAYOUT_THRESHOLD`` nodes get positions computed here
  (:func:`spring_positions`) so that the browser does not run the physics.
* :func:`render_html` writes the page from ``kg/templates/graph.html``, with vis-network inlined from
  the installed pyvis package: the page loads nothing from anywhere.

Every string that comes from the graph (labels, sentences, sources) is article text, so untrusted.
It reaches the page only as JSON escaped for a ``<script>`` element (:func:`script_json`), and the
page's own script puts it into the DOM only through ``textContent`` (tooltips are DOM elements built
that way, never HTML strings).
"""

from __future__ import annotations

import functools
import hashlib
import json
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources
from typing import Any

import networkx as nx
from jinja2 import Environment
from markupsafe import Markup
from pyvis.network import Network
from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL
from rdflib.term import Node

from kg import viz_options
from kg.errors import InputError
from kg.graphs import sorted_nodes
from kg.text import fold
from kg.vocab import CKG, CLASS_KINDS, ID, MODALITY_NAMES, WD

#: Above this many nodes, positions are computed in Python and physics stays off in the browser.
LAYOUT_THRESHOLD = 300
LAYOUT_SEED = 7
#: Pull towards the centre in :func:`spring_positions` (2 keeps loose parts near the rest).
GRAVITY = 2.0
#: Supporting sentences listed in one tooltip; longer lists end with "… and N more".
MAX_TOOLTIP_SENTENCES = 6
MAX_SENTENCE_CHARS = 400
MAX_LABEL_CHARS = 48
VIS_DIR = "lib/vis-9.1.2"


@dataclass(frozen=True)
class Style:
    name: str
    shape: str
    color: str
    border: str


#: Node types in legend order; the order also settles an entity typed twice (the first type wins).
STYLES: dict[str, Style] = {
    "person": Style("Person", "dot", "#4e79a7", "#2f4f74"),
    "armed_group": Style("Armed group", "diamond", "#e15759", "#a33537"),
    "country": Style("Country", "square", "#2e7d5b", "#1d5540"),
    "state": Style("State", "square", "#59a14f", "#3a7033"),
    "organisation": Style("Organisation", "triangle", "#f28e2b", "#b8641a"),
    "place": Style("Place", "hexagon", "#76b7b2", "#4c8a85"),
    "facility": Style("Facility", "triangleDown", "#9c755f", "#6e503e"),
    "weapon": Style("Weapon", "star", "#b07aa1", "#7e5272"),
    "other": Style("Other", "dot", "#bab0ac", "#857b77"),
    "event": Style("Event", "box", "#f1ce63", "#b8962e"),
    "incident": Style("Incident", "ellipse", "#a0cbe8", "#3f6f98"),
}
ROLES = (("actor", CKG.actor), ("target", CKG.target), ("location", CKG.location), ("weapon", CKG.weapon))
#: Document node → its id, date and source (what a sentence is shown with).
Documents = dict[Node | None, dict[str, str | None]]
STATEMENT_EDGE_COLOR = "#5b6b7a"
ROLE_EDGE_COLOR = "#b9a45a"
REPORT_EDGE_COLOR = "#3f6f98"
APART_EDGE_COLOR = "#c0504d"
EDGE_COLORS = {"statement": STATEMENT_EDGE_COLOR, "role": ROLE_EDGE_COLOR, "report": REPORT_EDGE_COLOR,
               "apart": APART_EDGE_COLOR}
#: An incident told by fewer reports than this is in the page but hidden until the page is asked to
#: show every incident: most incidents have one report, and would only double their event.
MIN_INCIDENT_REPORTS = 2


# --- RDF → networkx -------------------------------------------------------------------------------


def _text(graph: Graph, node: Node, prop: URIRef) -> str | None:
    """The smallest value of ``prop`` as a string, so that several values still give one answer."""
    values = sorted(str(value) for value in graph.objects(node, prop))
    return values[0] if values else None


def _number(graph: Graph, node: Node, prop: URIRef) -> int | None:
    value = graph.value(node, prop)
    return int(value.toPython()) if isinstance(value, Literal) else None


def _flag(graph: Graph, node: Node, prop: URIRef) -> bool:
    value = graph.value(node, prop)
    return isinstance(value, Literal) and value.toPython() is True


def _local_name(iri: object) -> str:
    text = str(iri)
    return re.split(r"[/#]", text.rstrip("/#"))[-1] or text


def _modality(graph: Graph, node: Node) -> str:
    return MODALITY_NAMES.get(graph.value(node, CKG.modality), "asserted")


def _documents(graph: Graph) -> Documents:
    """Document node → its id, date and source, as shown next to every sentence."""
    return {
        doc: {
            "doc": _text(graph, doc, CKG.documentId) or _local_name(doc),
            "date": _text(graph, doc, DCTERMS.date),
            "source": _text(graph, doc, DCTERMS.source),
        }
        for doc in graph.subjects(RDF.type, CKG.Document)
    }


def _mentions(graph: Graph, node: Node, documents: Documents) -> list[dict[str, str | None]]:
    found = [documents[doc] for doc in graph.objects(node, CKG.mentionedIn) if doc in documents]
    return sorted(found, key=lambda d: (d["date"] or "", d["doc"] or ""))


def _label(graph: Graph, node: Node) -> str:
    """The name in the articles' language when there is one (États-Unis rather than United States)."""
    native = sorted(str(v) for v in graph.objects(node, RDFS.label) if getattr(v, "language", None) != "en")
    return native[0] if native else (_text(graph, node, RDFS.label) or _local_name(node))


def _links(graph: Graph, node: Node) -> list[str]:
    """Where the entity is in the world: Wikidata, GeoNames, ISO code, its country."""
    links = [f"Wikidata {_local_name(o)}" for o in sorted_nodes(graph.objects(node, OWL.sameAs))
             if str(o).startswith(WD)]
    if (geonames := _number(graph, node, CKG.geonamesId)) is not None:
        links.append(f"GeoNames {geonames}")
    if (iso := _text(graph, node, CKG.isoCode)) is not None:
        links.append(f"ISO {iso}")
    if (country := graph.value(node, CKG.countryOf)) is not None:
        links.append(f"country: {_label(graph, country)}")
    return links


def _entity_attrs(graph: Graph, node: Node, documents: Documents) -> dict[str, Any]:
    kinds = {CLASS_KINDS[cls] for cls in graph.objects(node, RDF.type) if cls in CLASS_KINDS}
    label = _label(graph, node)
    # Other documents may have named the entity differently: those labels are aliases too.
    aliases = {str(v) for v in graph.objects(node, RDFS.label)} | {str(v) for v in graph.objects(node, CKG.alias)}
    return {
        "kind": next((kind for kind in STYLES if kind in kinds), "other"),
        "label": label,
        "aliases": sorted(aliases - {label}),
        "links": _links(graph, node),
        "documents": _mentions(graph, node, documents),
    }


NO_DOCUMENT: dict[str, str | None] = {"doc": None, "date": None, "source": None}


def _support(graph: Graph, nodes: list[Node], documents: Documents) -> list[dict]:
    """The sentences behind statement or evidence nodes: one entry per (document, sentence), stable order."""
    merged: dict[tuple[str, str, str, str], tuple[set[str], set[str]]] = {}
    for node in nodes:
        sentence = _text(graph, node, CKG.sentence)
        if sentence is None:
            continue
        doc = documents.get(graph.value(node, CKG.mentionedIn), NO_DOCUMENT)
        key = (doc["date"] or "", doc["doc"] or "", sentence, doc["source"] or "")
        modalities, sources = merged.setdefault(key, (set(), set()))
        modalities.add(_modality(graph, node))
        sources.update(_label(graph, source) for source in graph.objects(node, CKG.attributedTo))
    return [
        {
            "date": date or None,
            "doc": doc or None,
            "source": source or None,
            "sentence": sentence,
            # One asserted reading of the sentence is enough to call it asserted.
            "modality": "asserted" if "asserted" in modalities else "/".join(sorted(modalities)),
            "attributed_to": ", ".join(sorted(sources)) or None,
        }
        for (date, doc, sentence, source), (modalities, sources) in sorted(merged.items())
    ]


def event_label(event_type: str, date: str | None, killed: int | None, injured: int | None,
                approximate: bool = False) -> str:
    """``"assault 2024-09 · 0 injured"``: type, date and toll, whichever are known."""
    label = f"{event_type} {date}" if date else event_type
    mark = "≈" if approximate else ""
    toll = [f"{mark}{count} {word}" for count, word in ((killed, "killed"), (injured, "injured")) if count is not None]
    return f"{label} · {', '.join(toll)}" if toll else label


def _event_attrs(graph: Graph, node: Node, documents: Documents) -> dict[str, Any]:
    event_type = _local_name(graph.value(node, CKG.eventType) or "event")
    date = _text(graph, node, CKG.date)
    killed, injured = _number(graph, node, CKG.killed), _number(graph, node, CKG.injured)
    approximate = _flag(graph, node, CKG.approximate)
    source = graph.value(node, CKG.attributedTo)
    return {
        "kind": "event",
        "label": event_label(event_type, date, killed, injured, approximate),
        "event_type": event_type,
        "date": date,
        "killed": killed,
        "injured": injured,
        "approximate": approximate,
        "trigger": _text(graph, node, CKG.trigger),
        "modality": _modality(graph, node),
        "attributed_to": _label(graph, source) if source is not None else None,
        "evidence": _support(graph, sorted_nodes(graph.objects(node, CKG.evidence)), documents),
        "documents": _mentions(graph, node, documents),
    }


def incident_label(event_type: str, reports: int, date: str | None) -> str:
    """``"assault · 3 reports · 2025-03-03"``: type, number of reports and date, whichever are known."""
    parts = [event_type, f"{reports} report{'s' if reports != 1 else ''}"]
    return " · ".join([*parts, date] if date else parts)


def _toll_range(graph: Graph, node: Node, kind: str) -> tuple[int, int, int | None] | None:
    """(lowest, highest, latest) of the killed or injured figures an incident's reports give."""
    low, high = _number(graph, node, CKG[f"{kind}Min"]), _number(graph, node, CKG[f"{kind}Max"])
    if low is None or high is None:
        return None
    return low, high, _number(graph, node, CKG[f"{kind}Latest"])


def _names(graph: Graph, nodes: Iterable[Node]) -> list[str]:
    return sorted({_label(graph, node) for node in nodes})


def _incident_attrs(graph: Graph, node: Node, documents: Documents) -> dict[str, Any]:
    event_type = _local_name(graph.value(node, CKG.eventType) or "incident")
    date = _text(graph, node, CKG.date)
    events = sorted_nodes(graph.objects(node, CKG.reportedBy))
    reports = _number(graph, node, CKG.reportCount)
    reports = len(events) if reports is None else reports
    sources = sorted(str(source) for source in graph.objects(node, DCTERMS.source))
    source_count = _number(graph, node, CKG.sourceCount)
    place = graph.value(node, CKG.location)
    agreed = {str(field) for link in graph.objects(node, CKG.incidentLink)
              for field in graph.objects(link, CKG.agreedOn)}
    found = {(d["date"] or "", d["doc"] or ""): d for event in events for d in _mentions(graph, event, documents)}
    return {
        "kind": "incident",
        "label": incident_label(event_type, reports, date),
        "event_type": event_type,
        "date": date,
        "date_precision": _text(graph, node, CKG.datePrecision),
        "place": _label(graph, place) if place is not None else None,
        "countries": _names(graph, graph.objects(node, CKG.country)),
        "killed": _toll_range(graph, node, "killed"),
        "injured": _toll_range(graph, node, "injured"),
        "reports": reports,
        "sources": sources,
        "source_count": len(sources) if source_count is None else source_count,
        "first_reported": _text(graph, node, CKG.firstReported),
        "last_reported": _text(graph, node, CKG.lastReported),
        "actors": _names(graph, graph.objects(node, CKG.actor)),
        "alleged": _names(graph, graph.objects(node, CKG.allegedActor)),
        "targets": _names(graph, graph.objects(node, CKG.target)),
        "agreed": sorted(agreed),
        "documents": [found[key] for key in sorted(found)],
    }


def _ensure_node(g: nx.MultiDiGraph, graph: Graph, node: Node, documents: Documents) -> str:
    """A statement may name a node no class was given to (a hand-made graph): draw it as "other"."""
    key = str(node)
    if key not in g:
        g.add_node(key, **_entity_attrs(graph, node, documents))
    return key


def _add_statement_edges(g: nx.MultiDiGraph, graph: Graph, documents: Documents) -> None:
    grouped: dict[tuple[Node, Node, Node], list[Node]] = defaultdict(list)
    for statement in graph.subjects(RDF.type, CKG.Statement):
        if _flag(graph, statement, CKG.negated):
            continue  # a denial is not a link: it only lives on the statement node
        subject, relation, obj = (graph.value(statement, p) for p in (CKG.subject, CKG.relation, CKG.object))
        if subject is not None and relation is not None and obj is not None:
            grouped[subject, relation, obj].append(statement)
    for (subject, relation, obj), statements in sorted(grouped.items()):
        statements[:] = sorted_nodes(statements)
        modalities = [_modality(graph, st) for st in statements]
        predicates = Counter(_text(graph, st, CKG.predicateText) or _label(graph, relation) for st in statements)
        g.add_edge(
            _ensure_node(g, graph, subject, documents),
            _ensure_node(g, graph, obj, documents),
            key=str(relation),
            kind="statement",
            label=min(predicates, key=lambda text: (-predicates[text], text)),
            count=len(statements),
            dashed=all(m != "asserted" for m in modalities),
            modalities=sorted(set(modalities)),
            support=_support(graph, statements, documents),
        )


def _add_role_edges(g: nx.MultiDiGraph, graph: Graph, documents: Documents) -> None:
    for event in sorted_nodes(graph.subjects(RDF.type, CKG.Event)):
        dashed = g.nodes[str(event)]["modality"] != "asserted"
        for role, prop in ROLES:
            for entity in sorted_nodes(graph.objects(event, prop)):
                entity_key = _ensure_node(g, graph, entity, documents)
                # Actors point at what they did, everything else hangs off the event: "X → attack → Y".
                ends = (entity_key, str(event)) if role == "actor" else (str(event), entity_key)
                g.add_edge(*ends, key=f"role:{role}", kind="role", label=role, count=1, dashed=dashed, support=[])


def _add_incident_edges(g: nx.MultiDiGraph, graph: Graph) -> None:
    """Each incident to each of its reports; one dashed edge per pair of incidents kept apart and field
    (each of the two says it of the other: one edge is enough)."""
    apart: set[tuple[str, str, str]] = set()
    for incident in sorted_nodes(graph.subjects(RDF.type, CKG.Incident)):
        for event in sorted_nodes(graph.objects(incident, CKG.reportedBy)):
            if str(event) in g:
                g.add_edge(str(incident), str(event), key="report", kind="report", label="reported by", count=1,
                           dashed=False, support=[])
        for disagreement in sorted_nodes(graph.objects(incident, CKG.keptApart)):
            other, field = graph.value(disagreement, CKG.apartFrom), _text(graph, disagreement, CKG.disagreedOn)
            if other is None or str(other) not in g or other == incident:
                continue
            a, b = sorted((str(incident), str(other)))
            apart.add((a, b, field or "?"))
    for a, b, field in sorted(apart):
        g.add_edge(a, b, key=f"apart:{field}", kind="apart", label=f"≠ {field}", field=field, count=1, dashed=True,
                   support=[])


def project(graph: Graph) -> nx.MultiDiGraph:
    """The drawable view of a conflict-kg RDF graph.

    Nodes are keyed by IRI; each has ``kind`` (a key of :data:`STYLES`), ``label`` and ``documents``;
    entities also have ``aliases``, events their type, date, toll, modality and ``evidence``, incidents
    their type, date, place, toll ranges, number of reports and sources.  Edges are keyed by relation IRI
    (statements), ``"role:<role>"`` (events), ``"report"`` (incident → event) or ``"apart:<field>"``
    (incidents kept apart) and have ``kind``, ``label``, ``count`` (supporting statements), ``dashed``
    (no supporting statement is asserted; always for incidents kept apart) and ``support`` (sentences
    with document id and date).  Negated statements give no edge.
    """
    documents = _documents(graph)
    g = nx.MultiDiGraph()
    entities = {node for cls in CLASS_KINDS for node in graph.subjects(RDF.type, cls)}
    for node in sorted_nodes(entities):
        g.add_node(str(node), **_entity_attrs(graph, node, documents))
    for node in sorted_nodes(graph.subjects(RDF.type, CKG.Event)):
        g.add_node(str(node), **_event_attrs(graph, node, documents))
    for node in sorted_nodes(graph.subjects(RDF.type, CKG.Incident)):
        g.add_node(str(node), **_incident_attrs(graph, node, documents))
    _add_statement_edges(g, graph, documents)
    _add_role_edges(g, graph, documents)
    _add_incident_edges(g, graph)
    return g


# --- views ----------------------------------------------------------------------------------------

#: What ``kg viz --view`` can show, the depth of a focus, the most nodes drawn: kg.viz_options's, which
#: the command line shares (and which checks them).
VIEWS, DEFAULT_DEPTH, MAX_NODES = viz_options.VIEWS, viz_options.DEFAULT_DEPTH, viz_options.MAX_NODES


def select_view(g: nx.MultiDiGraph, view: str) -> nx.MultiDiGraph:
    """``full``: everything; ``entities``: the entities linked by statements, without events or incidents;
    ``events``: the events, the entities that fill their roles and the incidents they report, without
    statements."""
    if view == "full":
        return g
    viz_options.check_view(view)
    wanted = {"statement"} if view == "entities" else {"role", "report", "apart"}
    out = nx.MultiDiGraph()
    if view == "events":  # an event whose roles are all unknown is still an event
        out.add_nodes_from((n, a) for n, a in g.nodes(data=True) if a["kind"] == "event")
    for u, v, key, attrs in g.edges(keys=True, data=True):
        if attrs["kind"] in wanted:
            out.add_node(u, **g.nodes[u])
            out.add_node(v, **g.nodes[v])
            out.add_edge(u, v, key=key, **attrs)
    return out


def find_nodes(g: nx.MultiDiGraph, name: str) -> list[str]:
    """The nodes called ``name`` (label or alias; case and accents ignored), else those whose label
    contains it; an :class:`~kg.errors.InputError` naming a few labels when nothing matches."""
    wanted = fold(name).strip()
    if not wanted:
        raise InputError("--focus needs a name")

    def names(node: str) -> list[str]:
        attrs = g.nodes[node]
        return [fold(attrs["label"]), *(fold(alias) for alias in attrs.get("aliases", []))]

    exact = sorted(n for n in g if wanted in names(n))
    if exact:
        return exact
    partial = sorted(n for n in g if any(wanted in text for text in names(n)))
    if partial:
        return partial
    scores = importance(g)
    known = sorted(g, key=lambda n: (-scores[n], n))[:5]
    hint = "; the most connected are: " + ", ".join(g.nodes[n]["label"] for n in known) if known else ""
    raise InputError(f"no node is called {name!r} in this view{hint}")


def neighbourhood(g: nx.MultiDiGraph, name: str, depth: int = DEFAULT_DEPTH) -> nx.MultiDiGraph:
    """The nodes at most ``depth`` links from the node(s) called ``name``, whatever the links' direction.

    An event is a node, so ``depth=2`` from an attacker reaches the event and its target."""
    return _around(g, find_nodes(g, name), depth)


def _around(g: nx.MultiDiGraph, centres: Iterable[str], depth: int) -> nx.MultiDiGraph:
    viz_options.check_depth(depth)
    undirected = g.to_undirected(as_view=True)
    keep: set[str] = set()
    for centre in centres:
        keep |= set(nx.single_source_shortest_path_length(undirected, centre, cutoff=depth))
    return nx.MultiDiGraph(g.subgraph(keep))


# --- networkx → pyvis -----------------------------------------------------------------------------


def importance(g: nx.MultiDiGraph) -> dict[str, float]:
    """Degree weighted by supporting statements: what the articles say most about counts most.

    (networkx's PageRank needs scipy, which is not a dependency; on these graphs degree ranks alike.)
    """
    return {node: float(degree) for node, degree in g.degree(weight="count")}


def cap(g: nx.MultiDiGraph, max_nodes: int | None = None, pinned: frozenset[str] = frozenset()) -> nx.MultiDiGraph:
    """The subgraph of the ``max_nodes`` (default :data:`MAX_NODES`) most important nodes, ties broken by
    key; ``pinned`` nodes (the centre of a focus) come first whatever their importance, the incidents the
    page hides at first (:func:`shown_at_first`) last."""
    limit = MAX_NODES if max_nodes is None else max_nodes
    if len(g) <= limit:
        return g
    scores = importance(g)
    keep = sorted(g, key=lambda node: (node not in pinned, not shown_at_first(g.nodes[node]), -scores[node],
                                       node))[:limit]
    return nx.MultiDiGraph(g.subgraph(keep))


def spring_positions(g: nx.Graph, seed: int = LAYOUT_SEED, iterations: int = 80,
                     gravity: float = GRAVITY) -> dict[str, tuple[int, int]]:
    """Fruchterman–Reingold positions in vis pixels, the same for the same graph.

    networkx's dense ``spring_layout`` algorithm written out on numpy (networkx itself needs scipy from
    500 nodes on, and scipy is not a dependency), plus a pull towards the centre: without it, small
    components and lone nodes fly to the edge and the scale that fits them squeezes the rest into a
    hairball.  O(n²) per iteration: under 2 s for 1,500 nodes, about 8 s for 5,000 on one core.
    """
    import numpy as np  # only big graphs need it (it comes with spaCy)

    nodes = sorted(g)
    n = len(nodes)
    if n == 0:
        return {}
    index = {node: i for i, node in enumerate(nodes)}
    neighbours = np.zeros((n, n), dtype=np.float32)
    for u, v in g.edges():
        if u != v:
            neighbours[index[u], index[v]] = neighbours[index[v], index[u]] = 1.0
    x, y = (np.random.default_rng(seed).random((2, n)) - 0.5).astype(np.float32)
    k = 1 / math.sqrt(n)  # ideal edge length in the unit square
    temperature = 0.1
    # Forces are summed over blocks of rows: the n × n temporaries of 5,000 nodes would take gigabytes.
    block = max(1, 2_000_000 // n)
    fx, fy = np.empty(n, dtype=np.float32), np.empty(n, dtype=np.float32)
    for _ in range(iterations):
        for start in range(0, n, block):
            rows = slice(start, start + block)
            dx, dy = x[rows, None] - x[None, :], y[rows, None] - y[None, :]
            squared = np.maximum(dx * dx + dy * dy, 1e-4)
            force = k * k / squared - neighbours[rows] * np.sqrt(squared) / k  # repulsion k²/d, attraction d²/k
            fx[rows], fy[rows] = (dx * force).sum(axis=1), (dy * force).sum(axis=1)
        fx -= gravity * x
        fy -= gravity * y
        length = np.maximum(np.hypot(fx, fy), 1e-2)
        step = np.minimum(length, temperature) / length
        x, y = x + fx * step, y + fy * step
        temperature -= 0.1 / (iterations + 1)
    x, y = x - x.mean(), y - y.mean()
    # About 90 px between neighbours whatever the size: readable once zoomed in.
    scale = 45 * math.sqrt(n) / (float(max(np.abs(x).max(), np.abs(y).max())) or 1.0)
    return {node: (round(float(a) * scale), round(float(b) * scale)) for node, a, b in zip(nodes, x, y, strict=True)}


def shown_at_first(attrs: dict[str, Any]) -> bool:
    """Whether the page shows the node when it opens: all but the incidents of fewer than
    :data:`MIN_INCIDENT_REPORTS` reports (the page has a box to show them)."""
    return attrs["kind"] != "incident" or attrs["reports"] >= MIN_INCIDENT_REPORTS


def vis_id(node: str) -> str:
    """A short id for the page (``entity/etats-unis``): no IRIs, hence no "https://", in the HTML."""
    prefix = str(ID)
    if node.startswith(prefix):
        return node[len(prefix):]
    return "n/" + hashlib.sha1(node.encode("utf-8")).hexdigest()[:16]


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _where(item: dict) -> str:
    return ", ".join(str(item[k]) for k in ("doc", "date", "source") if item.get(k))


def _sentence_lines(items: list[dict]) -> list[str]:
    lines = []
    for item in items[:MAX_TOOLTIP_SENTENCES]:
        notes = [item["modality"]] if item.get("modality", "asserted") != "asserted" else []
        if item.get("attributed_to"):
            notes.append(f"according to {item['attributed_to']}")
        note = f" [{'; '.join(notes)}]" if notes else ""
        lines.append(f"« {_clip(item['sentence'], MAX_SENTENCE_CHARS)} »{note}\n    — {_where(item)}")
    if len(items) > MAX_TOOLTIP_SENTENCES:
        lines.append(f"… and {len(items) - MAX_TOOLTIP_SENTENCES} more")
    return lines


def _toll_text(word: str, toll: tuple[int, int, int | None] | None) -> str | None:
    """``"killed: 4–7 (latest 7)"``, ``"killed: 4"`` when every report says the same."""
    if toll is None:
        return None
    low, high, latest = toll
    if low == high:
        return f"{word}: {low}"
    return f"{word}: {low}–{high}" + (f" (latest {latest})" if latest is not None else "")


def _incident_lines(attrs: dict[str, Any]) -> list[str]:
    date = attrs["date"] or "unknown"
    lines = [f"date: {date}" + (f" ({attrs['date_precision']})" if attrs["date"] and attrs["date_precision"] else "")]
    place = ", ".join(filter(None, [attrs["place"], *(c for c in attrs["countries"] if c != attrs["place"])]))
    lines.append(f"place: {place or 'unknown'}")
    lines.extend(text for text in (_toll_text("killed", attrs["killed"]), _toll_text("injured", attrs["injured"]))
                 if text)
    count = attrs["source_count"]
    sources = f": {'; '.join(attrs['sources'])}" if attrs["sources"] else ""
    lines.append(f"{attrs['reports']} report{'s' if attrs['reports'] != 1 else ''}, "
                 f"{count} source{'s' if count != 1 else ''}{sources}")
    if attrs["first_reported"]:
        last = attrs["last_reported"]
        lines.append(f"first reported {attrs['first_reported']}"
                     + (f", last {last}" if last and last != attrs["first_reported"] else ""))
    for word, key in (("actors", "actors"), ("alleged", "alleged"), ("targets", "targets")):
        if attrs[key]:
            lines.append(f"{word}: " + "; ".join(attrs[key][:MAX_TOOLTIP_SENTENCES])
                         + (f" … and {len(attrs[key]) - MAX_TOOLTIP_SENTENCES} more"
                            if len(attrs[key]) > MAX_TOOLTIP_SENTENCES else ""))
    if attrs["agreed"]:
        lines.append("reports agree on: " + ", ".join(attrs["agreed"]))
    if attrs["documents"]:
        lines.append("reported in: " + "; ".join(_where(d) for d in attrs["documents"][:MAX_TOOLTIP_SENTENCES]))
    return lines


def node_tooltip(attrs: dict[str, Any]) -> str:
    """Plain text (first line is the heading); the page turns it into DOM text, never into HTML."""
    lines = [f"{STYLES[attrs['kind']].name}: {attrs['label']}"]
    if attrs["kind"] == "incident":
        lines.extend(_incident_lines(attrs))
    elif attrs["kind"] == "event":
        lines.append(f"date: {attrs['date'] or 'unknown'}")
        toll = [f"{attrs[k]} {k}" for k in ("killed", "injured") if attrs[k] is not None]
        if toll:
            lines.append(("about " if attrs["approximate"] else "") + ", ".join(toll))
        if attrs["trigger"]:
            lines.append(f"trigger: {attrs['trigger']}")
        source = f", according to {attrs['attributed_to']}" if attrs["attributed_to"] else ""
        lines.append(f"{attrs['modality']}{source}")
        lines.extend(_sentence_lines(attrs["evidence"]))
    else:
        if attrs["aliases"]:
            lines.append("aliases: " + ", ".join(attrs["aliases"]))
        if attrs.get("links"):
            lines.append("links: " + " · ".join(attrs["links"]))
        if attrs["documents"]:
            lines.append("mentioned in: " + "; ".join(_where(d) for d in attrs["documents"][:MAX_TOOLTIP_SENTENCES]))
    return "\n".join(lines)


def edge_tooltip(source_label: str, target_label: str, attrs: dict[str, Any]) -> str:
    head = f"{source_label} — {attrs['label']} → {target_label}"
    if attrs["kind"] == "role":
        return f"{head}\n(event role)"
    if attrs["kind"] == "report":
        return f"{head}\n(one document's report of the incident)"
    if attrs["kind"] == "apart":
        return (f"{source_label} — kept apart from → {target_label}\n"
                f"their reports look alike but disagree on: {attrs['field']}")
    count = attrs["count"]
    summary = f"{count} supporting statement{'s' if count > 1 else ''}"
    if attrs["dashed"]:
        summary += ", none asserted"
    return "\n".join([head, summary, *_sentence_lines(attrs["support"])])


def _size(score: float) -> float:
    return round(min(12 + 5 * math.sqrt(score), 48), 1)


def _curves(edges: list[tuple[str, str, str, dict]]) -> dict[tuple[str, str, str], Any]:
    """Parallel edges between the same two nodes bend apart instead of drawing on top of each other."""
    seen: Counter[frozenset[str]] = Counter()
    curves: dict[tuple[str, str, str], Any] = {}
    for u, v, key, _ in edges:
        rank = seen[frozenset((u, v))]
        seen[frozenset((u, v))] += 1
        curves[u, v, key] = {"enabled": True, "type": "curvedCW", "roundness": 0.2 * rank} if rank else False
    return curves


def vis_options(physics: bool) -> dict[str, Any]:
    font = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif"
    return {
        "autoResize": True,
        "layout": {"randomSeed": LAYOUT_SEED, "improvedLayout": physics},
        "nodes": {
            "font": {"size": 16, "face": font, "color": "#1d232a", "strokeWidth": 4, "strokeColor": "#ffffff"},
            "borderWidth": 1,
            "borderWidthSelected": 3,
        },
        "edges": {
            "font": {"size": 13, "face": font, "color": "#45505b", "strokeWidth": 4, "strokeColor": "#ffffff",
                     "align": "middle"},
            "arrows": {"to": {"enabled": True, "scaleFactor": 0.6}},
            "selectionWidth": 2,
            "hoverWidth": 1,
        },
        "physics": {
            "enabled": physics,
            "solver": "forceAtlas2Based",
            "forceAtlas2Based": {"gravitationalConstant": -90, "centralGravity": 0.012, "springLength": 130,
                                 "springConstant": 0.06, "avoidOverlap": 0.8},
            "stabilization": {"enabled": physics, "iterations": 600, "updateInterval": 50, "fit": True},
            "minVelocity": 1.5,
        },
        "interaction": {"hover": True, "tooltipDelay": 120, "hideEdgesOnDrag": not physics, "multiselect": True},
    }


def to_pyvis(g: nx.MultiDiGraph) -> Network:
    """Styled pyvis network of a projection; ids are :func:`vis_id`, tooltips plain text."""
    net = Network(directed=True)
    scores = importance(g)
    positions = spring_positions(nx.Graph(g)) if len(g) > LAYOUT_THRESHOLD else {}
    for node in sorted(g):
        attrs = g.nodes[node]
        style = STYLES[attrs["kind"]]
        # "kind", not vis's "group": pyvis drops the colour of a node that has a group.
        extra: dict[str, Any] = {"x": positions[node][0], "y": positions[node][1]} if node in positions else {}
        if attrs["kind"] == "event":  # what the page's event type, date and modality filters read
            extra.update(event_type=attrs["event_type"], date=attrs["date"], modality=attrs["modality"])
        elif attrs["kind"] == "incident":  # the filters, the single-report box and the selection panel
            extra.update(event_type=attrs["event_type"], date=attrs["date"], reports=attrs["reports"],
                         details=node_tooltip(attrs), hidden=not shown_at_first(attrs),
                         report_ids=[vis_id(v) for _, v, kind in g.out_edges(node, data="kind")
                                     if kind == "report"])
        net.add_node(vis_id(node), label=_clip(attrs["label"], MAX_LABEL_CHARS), shape=style.shape,
                     color={"background": style.color, "border": style.border}, size=_size(scores[node]),
                     title=node_tooltip(attrs), kind=attrs["kind"], search=attrs["label"], **extra)
    edges = sorted(g.edges(keys=True, data=True), key=lambda e: (e[0], e[1], e[2]))
    curves = _curves(edges)
    for index, (u, v, key, attrs) in enumerate(edges):
        is_statement = attrs["kind"] == "statement"
        # Statement edges are filtered by their sentences' modalities and their articles' dates; the
        # others follow their ends.
        filters: dict[str, Any] = {"modalities": attrs["modalities"], "dates": sorted(
            {item["date"] for item in attrs["support"] if item["date"]})} if is_statement else {}
        if not (shown_at_first(g.nodes[u]) and shown_at_first(g.nodes[v])):
            filters["hidden"] = True
        net.add_edge(vis_id(u), vis_id(v), id=f"e{index}", label=attrs["label"],
                     title=edge_tooltip(g.nodes[u]["label"], g.nodes[v]["label"], attrs),
                     width=min(1 + attrs["count"], 8) if is_statement else 1, dashes=attrs["dashed"],
                     color=EDGE_COLORS[attrs["kind"]], smooth=curves[u, v, key], **filters)
    # Assigned rather than net.set_options(), which strips every space, those inside strings too.
    net.options = vis_options(physics=not positions)
    return net


# --- pyvis → HTML ---------------------------------------------------------------------------------


def script_json(value: Any) -> str:
    """JSON that is safe inside ``<script>``: no ``<``, ``>`` or ``&`` can end the element or open a comment."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    for char, escape in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                         ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(char, escape)
    return text


@functools.cache
def _vis_assets() -> tuple[str, str]:
    """vis-network's JS and CSS from the installed pyvis package, to inline (never a CDN, never lib/)."""
    folder = resources.files("pyvis").joinpath(VIS_DIR)
    js = folder.joinpath("vis-network.min.js").read_text(encoding="utf-8")
    css = folder.joinpath("vis-network.css").read_text(encoding="utf-8")
    # Inlined code must not be able to close its own element; this vis version cannot, check anyway.
    if re.search(r"</script", js, re.IGNORECASE) or re.search(r"</style", css, re.IGNORECASE):
        raise RuntimeError(f"pyvis {VIS_DIR} cannot be inlined safely")
    return js, css


@functools.cache
def _template():
    source = resources.files("kg.templates").joinpath("graph.html").read_text(encoding="utf-8")
    return Environment(autoescape=True, trim_blocks=True, lstrip_blocks=True).from_string(source)


def _legend(g: nx.MultiDiGraph) -> list[dict[str, Any]]:
    counts = Counter(kind for _, kind in g.nodes(data="kind"))
    return [{"kind": kind, "name": style.name, "shape": style.shape, "color": style.color, "count": counts[kind]}
            for kind, style in STYLES.items() if counts[kind]]


def _scope(view: str, focus: str | None, depth: int) -> str:
    """What part of the graph the page shows, in words (empty for the whole graph)."""
    parts = [] if view == "full" else [f"{view} view"]
    if focus is not None:
        parts.append(f"within {depth} link{'s' if depth != 1 else ''} of {focus!r}")
    return ", ".join(parts)


def render_html(graph: Graph, title: str = "conflict-kg", *, view: str = "full", focus: str | None = None,
                depth: int = DEFAULT_DEPTH, max_nodes: int | None = None) -> str:
    """One complete HTML document showing ``graph``: self-contained, offline, deterministic.

    ``view`` is one of :data:`VIEWS`; ``focus`` keeps the neighbourhood of the node(s) of that name up to
    ``depth`` links; at most ``max_nodes`` nodes (default :data:`MAX_NODES`) are drawn, the most
    connected ones, and the page says so when it cut.  An unknown view or focus is an
    :class:`~kg.errors.InputError`, and so are a depth or a node limit outside
    :func:`kg.viz_options.check_drawing`'s bounds."""
    viz_options.check_drawing(view, depth, max_nodes)
    full = select_view(project(graph), view)
    pinned: frozenset[str] = frozenset()
    if focus is not None:
        pinned = frozenset(find_nodes(full, focus))
        full = _around(full, pinned, depth)
    shown = cap(full, max_nodes, pinned)
    net = to_pyvis(shown)
    # The focus centre is selected when the page opens: it stands out, its links highlighted.
    data = {"nodes": net.nodes, "edges": net.edges, "options": net.options,
            "selected": sorted(vis_id(node) for node in pinned if node in shown),
            "min_reports": MIN_INCIDENT_REPORTS}
    js, css = _vis_assets()
    event_types = sorted({attrs["event_type"] for _, attrs in shown.nodes(data=True)
                          if attrs["kind"] in ("event", "incident")})
    incidents = [attrs for _, attrs in shown.nodes(data=True) if attrs["kind"] == "incident"]
    return _template().render(
        title=title,
        data_json=Markup(script_json(data)),
        vis_js=Markup(js),
        vis_css=Markup(css),
        legend=_legend(shown),
        event_types=event_types,
        modalities=list(MODALITY_NAMES.values()),
        scope=_scope(view, focus, depth),
        node_count=len(shown),
        edge_count=shown.number_of_edges(),
        total_nodes=len(full),
        capped=len(shown) < len(full),
        role_color=ROLE_EDGE_COLOR,
        statement_color=STATEMENT_EDGE_COLOR,
        report_color=REPORT_EDGE_COLOR,
        apart_color=APART_EDGE_COLOR,
        incident_count=len(incidents),
        minor_incidents=sum(not shown_at_first(attrs) for attrs in incidents),
        min_reports=MIN_INCIDENT_REPORTS,
    )
