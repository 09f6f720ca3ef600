"""Results → RDF with stable IRIs (the terms come from :mod:`kg.vocab`).

Every node gets the same IRI in every run on every machine:

* entities: ``…/id/entity/<normalized name>`` (``…/id/entity/etats-unis``), shared across documents;
* documents: ``…/id/document/<id>``;
* statements, events, evidence: ``…/id/<kind>/<hash of what identifies them>``;
* incidents (one real-world occurrence, every event that reports it): ``…/id/incident/<incident id>`` (each in
  its named graph ``…/id/graph/incident/<incident id>``), their
  links between reports and toll figures ``…/id/link/<hash>``, ``…/id/toll/<hash>`` (:func:`add_incidents`).

Each triple is a ``ckg:Statement`` node (subject, relation, object, sentence, offsets, confidence,
negation, modality, attribution) and, unless negated or hedged, also a direct edge between the
two entities, so that plain SPARQL works and reads facts only (what the text presumes, threatens or
calls for stays a statement).  Graphs of several documents are plain unions, so building
A then B equals building A+B, and adding A twice changes nothing.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from urllib.parse import quote

from rdflib import RDF, RDFS, XSD, Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV

from kg import gazetteer
from kg.documents import content_digest
from kg.gazetteer import load_gazetteer
from kg.graphs import new_dataset, new_graph, union_graph  # noqa: F401 - re-exported
from kg.model import Event, Incident, Link, Mention, Report, Result, TollFigure, Town, Triple
from kg.text import fold
from kg.vocab import CKG, EVT, GEO, ID, KIND_CLASSES, MODALITIES, REL, WD


def _digest(*parts: object) -> str:
    return hashlib.sha1("\x1f".join(str(p) for p in parts).encode("utf-8")).hexdigest()[:16]


def entity_iri(key: str) -> URIRef:
    return ID[f"entity/{key}"]


def document_iri(doc_id: str) -> URIRef:
    return ID[f"document/{quote(doc_id, safe='-_.~')}"]


def relation_iri(predicate: str) -> URIRef:
    slug = re.sub(r"[^a-z0-9]+", "-", fold(predicate).replace("'", " ")).strip("-")
    return REL[slug or "related"]


def decimal_literal(value: float) -> Literal:
    """An xsd:decimal rounded to two places, in canonical form (``0.9``, ``1``), as stores such as Oxigraph
    keep it, so that the same graph compares equal everywhere (a float's str() can be 1e-05, which is no
    xsd:decimal)."""
    canonical = format(Decimal(value).quantize(Decimal("0.01")).normalize(), "f")
    return Literal(canonical, datatype=XSD.decimal)


def mode_slug(notation: str) -> str:
    """``ASSAULT.heavy-weapons`` → ``assault-heavy-weapons``, the local name of the mode's concept."""
    return notation.lower().replace(".", "-")


def date_literal(value: str) -> Literal:
    datatype = {4: XSD.gYear, 7: XSD.gYearMonth}.get(len(value), XSD.date)
    return Literal(value, datatype=datatype)


def _entity(graph: Graph, result: Result, mention: Mention) -> URIRef | None:
    """The node of the entity a mention names, or None for an unresolved pronoun.

    The entity itself is described once per document, by :func:`_describe_entities`.
    """
    entity = result.resolution.entity(mention)
    return entity_iri(entity.key) if entity is not None else None


def _describe_gazetteer_entry(graph: Graph, entry: gazetteer.Entry, doc_node: URIRef, lang: str) -> URIRef:
    """Type, labels and links to the world of a well-known participant."""
    node = entity_iri(entry.key)
    graph.add((node, RDF.type, KIND_CLASSES[entry.kind]))
    graph.add((node, RDFS.label, Literal(entry.label, lang=lang)))
    if entry.label_en:
        graph.add((node, RDFS.label, Literal(entry.label_en, lang="en")))
    graph.add((node, CKG.mentionedIn, doc_node))
    if entry.iso_code:
        graph.add((node, CKG.isoCode, Literal(entry.iso_code)))
    if entry.geonames_id is not None:
        graph.add((node, CKG.geonamesId, Literal(entry.geonames_id)))
    if entry.wkt:
        geometry = ID[f"geometry/{entry.key}"]
        graph.add((node, GEO.hasGeometry, geometry))
        graph.add((geometry, RDF.type, GEO.Geometry))
        graph.add((geometry, GEO.asWKT, Literal(entry.wkt, datatype=GEO.wktLiteral)))
    if entry.wikidata:
        graph.add((node, OWL.sameAs, WD[entry.wikidata]))
    return node


def _describe_town(graph: Graph, node: URIRef, town: Town, gaz: gazetteer.Gazetteer, doc_node: URIRef,
                   lang: str) -> None:
    graph.add((node, CKG.geonamesId, Literal(town.geonames_id)))
    geometry = ID[f"geometry/{node.rsplit('/', 1)[-1]}"]
    graph.add((node, GEO.hasGeometry, geometry))
    graph.add((geometry, RDF.type, GEO.Geometry))
    graph.add((geometry, GEO.asWKT, Literal(town.wkt, datatype=GEO.wktLiteral)))
    if (country := gaz.country_of_code(town.country)) is not None:
        graph.add((node, CKG.countryOf, _describe_gazetteer_entry(graph, country, doc_node, lang)))


def _describe_entities(graph: Graph, result: Result, doc_node: URIRef, keys: set[str],
                       gaz: gazetteer.Gazetteer) -> None:
    """Every entity the document's statements and events use: type, label, aliases, links, the
    countries and sides adjectives tie it to, and each mention of it with how it was resolved."""
    resolution, lang = result.resolution, result.document.lang
    for key in sorted(keys):
        entity = resolution.entities[key]
        node = entity_iri(key)
        entry = gaz.entries.get(entity.link) if entity.link else None
        town = None
        if entry is not None:
            _describe_gazetteer_entry(graph, entry, doc_node, lang)
        else:
            graph.add((node, RDF.type, KIND_CLASSES[entity.kind]))
            graph.add((node, RDFS.label, Literal(entity.label, lang=lang)))
            graph.add((node, CKG.mentionedIn, doc_node))
            if (town := entity.town) is not None:
                _describe_town(graph, node, town, gaz, doc_node, lang)
        label = entry.label if entry is not None else entity.label
        for alias in sorted(entity.aliases - {label}):
            graph.add((node, CKG.alias, Literal(alias, lang=lang)))
        country = gaz.entries[entity.located_in] if entity.located_in else None
        if town is None and country is not None and entity.kind not in ("facility", "country") \
                and country.key != entity.link:
            graph.add((node, CKG.countryOf, _describe_gazetteer_entry(graph, country, doc_node, lang)))
        for side in sorted(entity.aligned & gaz.entries.keys()):
            graph.add((node, CKG.alignedWith, _describe_gazetteer_entry(graph, gaz.entries[side], doc_node, lang)))
        for mention in entity.mentions:
            _mention(graph, result, mention, node, doc_node)


def _mention(graph: Graph, result: Result, mention: Mention, entity: URIRef, doc_node: URIRef) -> None:
    node = ID[f"mention/{_digest(result.document.id, mention.start, mention.end)}"]
    graph.add((node, RDF.type, CKG.Mention))
    graph.add((node, CKG.refersTo, entity))
    graph.add((node, CKG.surfaceForm, Literal(mention.text)))
    graph.add((node, CKG.sentenceIndex, Literal(mention.sentence)))
    graph.add((node, CKG.startOffset, Literal(mention.start)))
    graph.add((node, CKG.endOffset, Literal(mention.end)))
    graph.add((node, CKG.resolution, Literal(result.resolution.how[mention.key])))
    graph.add((node, CKG.confidence, decimal_literal(result.resolution.confidence[mention.key])))
    graph.add((node, CKG.mentionedIn, doc_node))


def _used_entities(result: Result) -> set[str]:
    """Keys of the entities that the document's statements and events name."""
    mentions: list[Mention] = []
    for triple in result.resolution.statements:
        mentions += [triple.subject, triple.object] + ([triple.source] if triple.source else [])
    for event in result.resolution.events:
        mentions += event.actor + event.target + event.location + event.weapon
        mentions += [event.source] if event.source else []
    return {e.key for m in mentions if (e := result.resolution.entity(m)) is not None}


def _document(graph: Graph, result: Result) -> URIRef:
    document = result.document
    node = document_iri(document.id)
    graph.add((node, RDF.type, CKG.Document))
    graph.add((node, RDF.type, PROV.Entity))
    graph.add((node, CKG.documentId, Literal(document.id)))
    graph.add((node, CKG.contentDigest, Literal(content_digest(document))))
    graph.add((node, DCTERMS.language, Literal(document.lang)))
    if document.date:
        graph.add((node, DCTERMS.date, date_literal(document.date)))
    if document.source:
        graph.add((node, DCTERMS.source, Literal(document.source)))
    return node


def _statement(graph: Graph, result: Result, triple: Triple, doc_node: URIRef) -> None:
    subject = _entity(graph, result, triple.subject)
    obj = _entity(graph, result, triple.object)
    if subject is None or obj is None or subject == obj:
        return
    relation = relation_iri(triple.predicate)
    graph.add((relation, RDF.type, OWL.ObjectProperty))
    graph.add((relation, RDFS.subPropertyOf, CKG.relatedTo))
    graph.add((relation, RDFS.label, Literal(triple.predicate, lang=result.document.lang)))
    digest = _digest(result.document.id, triple.start, triple.end, subject, relation, obj, triple.negated)
    node = ID[f"statement/{digest}"]
    sentence = result.extraction.sentences[triple.sentence]
    graph.add((node, RDF.type, CKG.Statement))
    graph.add((node, CKG.subject, subject))
    graph.add((node, CKG.relation, relation))
    graph.add((node, CKG.object, obj))
    graph.add((node, CKG.predicateText, Literal(triple.predicate)))
    graph.add((node, CKG.subjectText, Literal(result.resolution.display(triple.subject))))
    graph.add((node, CKG.objectText, Literal(result.resolution.display(triple.object))))
    graph.add((node, CKG.negated, Literal(triple.negated)))
    graph.add((node, CKG.modality, MODALITIES[triple.modality]))
    graph.add((node, CKG.confidence, decimal_literal(triple.confidence)))
    graph.add((node, CKG.sentence, Literal(sentence.text)))
    graph.add((node, CKG.sentenceIndex, Literal(triple.sentence)))
    graph.add((node, CKG.startOffset, Literal(triple.start)))
    graph.add((node, CKG.endOffset, Literal(triple.end)))
    graph.add((node, CKG.mentionedIn, doc_node))
    if triple.source is not None and (source := _entity(graph, result, triple.source)) is not None:
        graph.add((node, CKG.attributedTo, source))
    if not triple.negated and triple.modality != "hedged":
        graph.add((subject, relation, obj))


def event_iri(doc_id: str, event: Event) -> URIRef:
    """The IRI of an event of a document: a hash of the document, the type and where the event is first named."""
    first = event.first
    return ID[f"event/{_digest(doc_id, event.type, first.start, first.end)}"]


def _event(graph: Graph, result: Result, event: Event, doc_node: URIRef, gaz: gazetteer.Gazetteer) -> None:
    first = event.first
    node = event_iri(result.document.id, event)
    graph.add((node, RDF.type, CKG.Event))
    graph.add((node, CKG.eventType, EVT[event.type]))
    if event.mode:
        graph.add((node, CKG.eventMode, EVT[mode_slug(event.mode)]))
    label = f"{event.type}: {first.trigger or first.trigger_text}"
    if event.date:
        label += f" ({event.date})"
    graph.add((node, RDFS.label, Literal(label)))
    graph.add((node, CKG.trigger, Literal(first.trigger_text or first.trigger)))
    graph.add((node, CKG.mentionedIn, doc_node))
    asserted = {e for m in event.actor if (e := _entity(graph, result, m)) is not None}
    for role, prop in (("actor", CKG.actor), ("target", CKG.target), ("location", CKG.location),
                       ("weapon", CKG.weapon), ("alleged", CKG.allegedActor), ("claimed_by", CKG.claimedBy)):
        for mention in getattr(event, role):
            if (entity := _entity(graph, result, mention)) is not None:
                if prop == CKG.allegedActor and entity in asserted:
                    continue  # told as a fact elsewhere in the text
                graph.add((node, prop, entity))
    for country in result.resolution.countries_of(event):
        graph.add((node, CKG.country, _describe_gazetteer_entry(graph, gaz.entries[country], doc_node,
                                                                result.document.lang)))
    if event.when:
        when = event.when
        graph.add((node, CKG.date, date_literal(when.iso)))
        graph.add((node, CKG.dateBasis, Literal(event.date_basis or "text")))
        graph.add((node, CKG.datePrecision, Literal(when.precision)))
        if when.start and when.end:
            graph.add((node, CKG.dateStart, Literal(when.start, datatype=XSD.date)))
            graph.add((node, CKG.dateEnd, Literal(when.end, datatype=XSD.date)))
        if when.text:
            graph.add((node, CKG.dateText, Literal(when.text, lang=result.document.lang)))
    if event.killed is not None:
        graph.add((node, CKG.killed, Literal(event.killed)))
    if event.injured is not None:
        graph.add((node, CKG.injured, Literal(event.injured)))
    if event.approximate:
        graph.add((node, CKG.approximate, Literal(True)))
    if event.weapon_count is not None:
        graph.add((node, CKG.weaponCount, Literal(event.weapon_count)))
    graph.add((node, CKG.modality, MODALITIES[event.modality]))
    graph.add((node, CKG.confidence, decimal_literal(event.confidence)))
    if event.source is not None and (source := _entity(graph, result, event.source)) is not None:
        graph.add((node, CKG.attributedTo, source))
    for mention in event.mentions:
        if not mention.trigger_text:
            continue
        sentence = result.extraction.sentences[mention.sentence]
        evidence = ID[f"evidence/{_digest(result.document.id, mention.start, mention.end)}"]
        graph.add((node, CKG.evidence, evidence))
        graph.add((evidence, RDF.type, CKG.Evidence))
        graph.add((evidence, CKG.sentence, Literal(sentence.text)))
        graph.add((evidence, CKG.sentenceIndex, Literal(mention.sentence)))
        graph.add((evidence, CKG.startOffset, Literal(mention.start)))
        graph.add((evidence, CKG.endOffset, Literal(mention.end)))
        graph.add((evidence, CKG.mentionedIn, doc_node))


# ---------------------------------------------------------------- incidents: one occurrence, many reports


def incident_iri(incident_id: str) -> URIRef:
    return ID[f"incident/{quote(incident_id, safe='-_.~')}"]


def incident_graph_iri(incident_id: str) -> URIRef:
    """The named graph of one incident in a dataset or a store (see :func:`add_incident_graph`)."""
    return ID[f"graph/incident/{quote(incident_id, safe='-_.~')}"]


#: Where the incidents' named graphs are: each under this IRI (``STRSTARTS(STR(?g), …)`` finds them).
INCIDENT_GRAPHS = ID["graph/incident/"]


@dataclass(frozen=True)
class ReportedEvent:
    """What the incident writer needs of one report: its event's IRI, its document and language, and the
    keys of the entities it names in a role and of its countries (a well-known one the incident names is
    described as the report describes it).  Made from a result (:func:`reported_events`) or read back
    from a store, so that incidents are written without the documents' results."""

    iri: str
    document: str
    lang: str
    keys: frozenset[str]


def reported_event(result: Result, index: int) -> ReportedEvent:
    event = result.resolution.events[index]
    mentions = event.actor + event.target + event.location + event.weapon + event.alleged + event.claimed_by
    keys = {e.key for m in mentions if (e := result.resolution.entity(m)) is not None}
    return ReportedEvent(str(event_iri(result.document.id, event)), result.document.id, result.document.lang,
                         frozenset(keys | set(result.resolution.countries_of(event))))


def reported_events(results: Mapping[str, Result]) -> dict[Report, ReportedEvent]:
    """Every event of the results, by report."""
    return {Report(doc_id, index): reported_event(result, index)
            for doc_id, result in results.items() for index in range(len(result.resolution.events))}


Reported = Mapping[Report, ReportedEvent]


def _reported(incident: Incident, report: Report, reported: Reported) -> ReportedEvent:
    found = reported.get(report)
    if found is None:
        raise ValueError(f"incident {incident.id}: its report {report.doc}#{report.index} is no event of the "
                         f"results given")
    return found


def _incident_entity(graph: Graph, key: str, reports: list[ReportedEvent]) -> URIRef:
    """The node of an entity of an incident; a well-known one (of the gazetteer) is also described as each
    report that names it describes it, so that the incident's own graph says what it is."""
    for report in reports:
        entry = load_gazetteer(report.lang).entries.get(key)
        if entry is not None and key in report.keys:
            _describe_gazetteer_entry(graph, entry, document_iri(report.document), report.lang)
    return entity_iri(key)


def _latest(figures: list[TollFigure]) -> TollFigure:
    """The figure of the latest document date (ISO dates compare as strings); of equal dates, the last."""
    return max(reversed(figures), key=lambda f: f.reported_on or "")


def _toll(graph: Graph, node: URIRef, incident: Incident, reported: Reported) -> None:
    for kind, figures, prop, low, high, latest in (
            ("killed", incident.killed, CKG.killedFigure, CKG.killedMin, CKG.killedMax, CKG.killedLatest),
            ("injured", incident.injured, CKG.injuredFigure, CKG.injuredMin, CKG.injuredMax, CKG.injuredLatest)):
        if not figures:
            continue
        graph.add((node, low, Literal(min(f.count for f in figures))))
        graph.add((node, high, Literal(max(f.count for f in figures))))
        graph.add((node, latest, Literal(_latest(figures).count)))
        for figure in figures:
            event = _reported(incident, figure.report, reported)
            figure_node = ID[f"toll/{_digest(incident.id, kind, figure.report.doc, figure.report.index)}"]
            graph.add((node, prop, figure_node))
            graph.add((figure_node, RDF.type, CKG.TollFigure))
            graph.add((figure_node, CKG.count, Literal(figure.count)))
            graph.add((figure_node, CKG.givenIn, URIRef(event.iri)))
            if figure.reported_on:
                graph.add((figure_node, CKG.reportedOn, date_literal(figure.reported_on)))
            if figure.source:
                graph.add((figure_node, CKG.givenBy, Literal(figure.source)))


def _link(graph: Graph, node: URIRef, incident: Incident, link: Link, reported: Reported) -> None:
    a, b = sorted((link.a, link.b))
    link_node = ID[f"link/{_digest(incident.id, a.doc, a.index, b.doc, b.index)}"]
    graph.add((node, CKG.incidentLink, link_node))
    graph.add((link_node, RDF.type, CKG.IncidentLink))
    for report in (a, b):
        graph.add((link_node, CKG.linkedReport, URIRef(_reported(incident, report, reported).iri)))
    graph.add((link_node, CKG.linkScore, decimal_literal(link.score)))
    for field_name in link.agreed:
        graph.add((link_node, CKG.agreedOn, Literal(field_name)))


def _incident(graph: Graph, incident: Incident, reported: Reported) -> None:
    node = incident_iri(incident.id)
    reports = [_reported(incident, report, reported) for report in incident.reports]
    graph.add((node, RDF.type, CKG.Incident))
    graph.add((node, CKG.eventType, EVT[incident.type]))
    events = {URIRef(report.iri) for report in reports}
    label = f"{incident.type}: {len(events)} report{'s' if len(events) != 1 else ''}"
    if incident.when:
        label += f" ({incident.when.iso})"
    graph.add((node, RDFS.label, Literal(label)))
    for event_node in events:
        graph.add((node, CKG.reportedBy, event_node))
    graph.add((node, CKG.reportCount, Literal(len(events))))
    sources = set(incident.sources)
    graph.add((node, CKG.sourceCount, Literal(len(sources))))
    for source in sorted(sources):
        graph.add((node, DCTERMS.source, Literal(source)))
    if incident.first_reported:
        graph.add((node, CKG.firstReported, date_literal(incident.first_reported)))
    if incident.last_reported:
        graph.add((node, CKG.lastReported, date_literal(incident.last_reported)))
    if (when := incident.when) is not None:
        graph.add((node, CKG.date, date_literal(when.iso)))
        graph.add((node, CKG.datePrecision, Literal(when.precision)))
        if when.start and when.end:
            graph.add((node, CKG.dateStart, Literal(when.start, datatype=XSD.date)))
            graph.add((node, CKG.dateEnd, Literal(when.end, datatype=XSD.date)))
    if incident.place:
        graph.add((node, CKG.location, _incident_entity(graph, incident.place, reports)))
    if incident.country:
        graph.add((node, CKG.country, _incident_entity(graph, incident.country, reports)))
    for keys, prop in ((incident.actors, CKG.actor), (incident.alleged, CKG.allegedActor),
                       (incident.claimed_by, CKG.claimedBy), (incident.targets, CKG.target)):
        for key in keys:
            if prop == CKG.allegedActor and key in incident.actors:
                continue  # asserted by another report
            graph.add((node, prop, _incident_entity(graph, key, reports)))
    _toll(graph, node, incident, reported)
    for link in incident.links:
        _link(graph, node, incident, link, reported)
    for apart in incident.apart:
        # an incident its reports resemble (the same place or site) and why it is another one
        apart_node = ID[f"apart/{_digest(incident.id, apart.other, apart.field)}"]
        graph.add((node, CKG.keptApart, apart_node))
        graph.add((apart_node, RDF.type, CKG.Disagreement))
        graph.add((apart_node, CKG.apartFrom, incident_iri(apart.other)))
        graph.add((apart_node, CKG.disagreedOn, Literal(apart.field)))


def add_reported_incidents(graph: Graph, incidents: Iterable[Incident], reported: Reported) -> Graph:
    """:func:`add_incidents` from what the writer needs of each report (:class:`ReportedEvent`) rather than
    from the documents' results: how a store writes incidents it linked without parsing its documents again."""
    for incident in incidents:
        _incident(graph, incident, reported)
    return graph


def add_incidents(graph: Graph, incidents: Iterable[Incident], results: Mapping[str, Result]) -> Graph:
    """Add incidents to ``graph``: each a ``ckg:Incident`` (``…/id/incident/<id>``) that points at the events
    of its reports (``ckg:reportedBy``, their IRIs as :func:`add_result` writes them), with what the reports
    agree on, the toll as a range and as the figures each report gives (``ckg:TollFigure``), and the links
    between reports with their reasons (``ckg:IncidentLink``).

    ``results`` maps a document id to its result; each report must be an event of one of them.  Every node
    has an IRI made of the incident's id and what identifies it in the incident, so adding the same
    incidents again changes nothing.
    """
    return add_reported_incidents(graph, incidents, reported_events(results))


def incident_graph(incident: Incident, reported: Reported) -> Graph:
    """One incident alone in a graph: what :func:`add_incident_graph` names ``incident_graph_iri(id)``."""
    return add_reported_incidents(new_graph(), [incident], reported)


def add_incident_graph(dataset: Dataset, incidents: Iterable[Incident], results: Mapping[str, Result]) -> None:
    """Put each incident in a named graph of its own, ``…/id/graph/incident/<id>``, next to the documents'.

    Not in a document's graph: an incident is read from several documents, while a document's graph holds
    what was read from that document alone, so that a document is replaced or dropped with its graph.
    One graph per incident: when a new document joins or splits incidents, a store replaces the graphs of
    those incidents only, without touching any document's or any other incident's.  Queries see them in
    the union, as the rest.
    """
    reported = reported_events(results)
    for incident in incidents:
        add_reported_incidents(dataset.graph(incident_graph_iri(incident.id)), [incident], reported)


def add_result(graph: Graph, result: Result) -> Graph:
    """Add one document's entities, statements and events to ``graph``."""
    doc_node = _document(graph, result)
    gaz = load_gazetteer(result.document.lang)
    _describe_entities(graph, result, doc_node, _used_entities(result), gaz)
    for triple in result.resolution.statements:
        _statement(graph, result, triple, doc_node)
    for event in result.resolution.events:
        _event(graph, result, event, doc_node, gaz)
    return graph


def add_document_graph(dataset: Dataset, result: Result) -> Graph:
    """Put one document's triples in its own named graph, named by the document's IRI.

    Re-adding a document replaces nothing and adds nothing: its graph gets the same triples again.
    """
    return add_result(dataset.graph(document_iri(result.document.id)), result)


def build_dataset(results: Iterable[Result], incidents: Iterable[Incident] | None = None) -> Dataset:
    """One named graph per document, and the incidents, if given, in theirs (:func:`add_incident_graph`)."""
    dataset = new_dataset()
    kept: dict[str, Result] = {}
    for result in results:
        add_document_graph(dataset, result)
        if incidents is not None:
            kept[result.document.id] = result
    if incidents is not None:
        incidents = list(incidents)
        if incidents:
            add_incident_graph(dataset, incidents, kept)
    return dataset


def build_graph(results: Iterable[Result], incidents: Iterable[Incident] | None = None) -> Graph:
    """The union graph of several documents, and of the incidents if given."""
    graph = new_graph()
    kept: dict[str, Result] = {}
    for result in results:
        add_result(graph, result)
        if incidents is not None:
            kept[result.document.id] = result
    if incidents is not None:
        add_incidents(graph, incidents, kept)
    return graph
