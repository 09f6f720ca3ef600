"""The only module that knows the vocabulary: results → RDF with stable IRIs.

Every node gets the same IRI in every run on every machine:

* entities: ``…/id/entity/<normalized name>`` (``…/id/entity/etats-unis``), shared across documents;
* documents: ``…/id/document/<id>``;
* statements, events, evidence: ``…/id/<kind>/<hash of what identifies them>``.

Each triple is a ``ckg:Statement`` node (subject, relation, object, sentence, offsets, confidence,
negation, modality, attribution) and, unless negated, also a direct edge between the two
entities, so that plain SPARQL works.  Graphs of several documents are plain unions, so building
A then B equals building A+B, and adding A twice changes nothing.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from decimal import Decimal
from urllib.parse import quote

from rdflib import RDF, RDFS, XSD, Dataset, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, SKOS, DefinedNamespace

from kg.extract.model import Event, Mention, Triple
from kg.resolve import fold, normalize_key
from kg.run import Result

BASE = "https://w3id.org/conflict-kg/"


class CKG(DefinedNamespace):
    """The conflict-kg ontology (``ontologies/conflict.ttl``); an undefined term fails at use."""

    _NS = Namespace(BASE + "ontology#")
    _fail = True

    Entity: URIRef
    Agent: URIRef
    Person: URIRef
    ArmedGroup: URIRef
    StateActor: URIRef
    Organisation: URIRef
    Place: URIRef
    Facility: URIRef
    Weapon: URIRef
    Other: URIRef
    Event: URIRef
    Statement: URIRef
    Evidence: URIRef
    Document: URIRef
    Modality: URIRef
    Asserted: URIRef
    Hedged: URIRef
    Reported: URIRef
    alias: URIRef
    eventType: URIRef
    actor: URIRef
    target: URIRef
    location: URIRef
    weapon: URIRef
    date: URIRef
    dateBasis: URIRef
    killed: URIRef
    injured: URIRef
    approximate: URIRef
    trigger: URIRef
    relatedTo: URIRef
    subject: URIRef
    object: URIRef
    relation: URIRef
    predicateText: URIRef
    subjectText: URIRef
    objectText: URIRef
    negated: URIRef
    modality: URIRef
    attributedTo: URIRef
    confidence: URIRef
    evidence: URIRef
    sentence: URIRef
    sentenceIndex: URIRef
    startOffset: URIRef
    endOffset: URIRef
    documentId: URIRef
    mentionedIn: URIRef


EVT = Namespace(BASE + "event-type/")
REL = Namespace(BASE + "relation/")
ID = Namespace(BASE + "id/")

PREFIXES = {
    "ckg": CKG._NS,
    "evt": EVT,
    "rel": REL,
    "id": ID,
    "rdfs": RDFS,
    "rdf": RDF,
    "xsd": XSD,
    "owl": OWL,
    "prov": PROV,
    "skos": SKOS,
    "dcterms": DCTERMS,
}

KIND_CLASSES = {
    "person": CKG.Person,
    "armed_group": CKG.ArmedGroup,
    "state": CKG.StateActor,
    "organisation": CKG.Organisation,
    "place": CKG.Place,
    "facility": CKG.Facility,
    "weapon": CKG.Weapon,
    "event": CKG.Other,
    "other": CKG.Other,
}
MODALITIES = {"asserted": CKG.Asserted, "hedged": CKG.Hedged, "reported": CKG.Reported}


def new_graph() -> Graph:
    graph = Graph()
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True)
    return graph


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
    """An xsd:decimal with two places (a float's str() can be 1e-05, which is no xsd:decimal)."""
    return Literal(Decimal(value).quantize(Decimal("0.01")), datatype=XSD.decimal)


def date_literal(value: str) -> Literal:
    datatype = {4: XSD.gYear, 7: XSD.gYearMonth}.get(len(value), XSD.date)
    return Literal(value, datatype=datatype)


def _entity(graph: Graph, result: Result, mention: Mention) -> URIRef | None:
    """The node of the entity a mention names (added to the graph), or None for an unresolved pronoun."""
    named = result.resolution.named(mention)
    if named.pronoun:
        return None
    key = normalize_key(named.text)
    node = entity_iri(key)
    entity = result.resolution.entities.get(key)
    kind = entity.kind if entity else named.kind
    graph.add((node, RDF.type, KIND_CLASSES[kind]))
    graph.add((node, RDFS.label, Literal(entity.label if entity else named.text)))
    if named.text != (entity.label if entity else named.text):
        graph.add((node, CKG.alias, Literal(named.text)))
    graph.add((node, CKG.mentionedIn, document_iri(result.document.id)))
    return node


def _document(graph: Graph, result: Result) -> URIRef:
    document = result.document
    node = document_iri(document.id)
    graph.add((node, RDF.type, CKG.Document))
    graph.add((node, RDF.type, PROV.Entity))
    graph.add((node, CKG.documentId, Literal(document.id)))
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
    if not triple.negated:
        graph.add((subject, relation, obj))


def _event(graph: Graph, result: Result, event: Event, doc_node: URIRef) -> None:
    first = event.first
    node = ID[f"event/{_digest(result.document.id, event.type, first.start, first.end)}"]
    graph.add((node, RDF.type, CKG.Event))
    graph.add((node, CKG.eventType, EVT[event.type]))
    label = f"{event.type}: {first.trigger or first.trigger_text}"
    if event.date:
        label += f" ({event.date})"
    graph.add((node, RDFS.label, Literal(label)))
    graph.add((node, CKG.trigger, Literal(first.trigger_text or first.trigger)))
    graph.add((node, CKG.mentionedIn, doc_node))
    for role, prop in (("actor", CKG.actor), ("target", CKG.target), ("location", CKG.location),
                       ("weapon", CKG.weapon)):
        for mention in getattr(event, role):
            if (entity := _entity(graph, result, mention)) is not None:
                graph.add((node, prop, entity))
    if event.date:
        graph.add((node, CKG.date, date_literal(event.date)))
        graph.add((node, CKG.dateBasis, Literal(event.date_basis or "text")))
    if event.killed is not None:
        graph.add((node, CKG.killed, Literal(event.killed)))
    if event.injured is not None:
        graph.add((node, CKG.injured, Literal(event.injured)))
    if event.approximate:
        graph.add((node, CKG.approximate, Literal(True)))
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


def add_result(graph: Graph, result: Result) -> Graph:
    """Add one document's entities, statements and events to ``graph``."""
    doc_node = _document(graph, result)
    for triple in result.extraction.triples:
        _statement(graph, result, triple, doc_node)
    for event in result.extraction.events:
        _event(graph, result, event, doc_node)
    return graph


def new_dataset() -> Dataset:
    """A dataset whose default graph, for queries, is the union of its named graphs."""
    dataset = Dataset(default_union=True)
    for prefix, namespace in PREFIXES.items():
        dataset.bind(prefix, namespace, override=True)
    return dataset


def add_document_graph(dataset: Dataset, result: Result) -> Graph:
    """Put one document's triples in its own named graph, named by the document's IRI.

    Re-adding a document replaces nothing and adds nothing: its graph gets the same triples again.
    """
    return add_result(dataset.graph(document_iri(result.document.id)), result)


def build_dataset(results: Iterable[Result]) -> Dataset:
    """One named graph per document."""
    dataset = new_dataset()
    for result in results:
        add_document_graph(dataset, result)
    return dataset


def union_graph(dataset: Dataset) -> Graph:
    """All the triples of all the graphs of a dataset, as one graph."""
    graph = new_graph()
    for s, p, o, _ in dataset.quads((None, None, None, None)):
        graph.add((s, p, o))
    return graph


def build_graph(results: Iterable[Result]) -> Graph:
    """The union graph of several documents."""
    graph = new_graph()
    for result in results:
        add_result(graph, result)
    return graph
