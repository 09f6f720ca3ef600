"""SHACL shapes and the ontology check: the tool's own graphs conform, broken graphs are caught with readable lines."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import pytest
from rdflib import OWL, RDF, RDFS, SH, Dataset, Graph, Literal, URIRef

from kg.documents import iter_documents
from kg.model import Incident, Link, Report, Result, TollFigure
from kg.rdf import add_incidents, build_dataset, build_graph, document_iri, entity_iri, incident_iri
from kg.run import run
from kg.validate import (
    Violation,
    describe,
    load_shapes,
    main_validate,
    ontology_errors,
    shorten,
    validate_graph,
)
from kg.vocab import BASE, CKG, EVT, ontologies_dir

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
# Not rdflib's XSD itself: pytest's collection probes module globals, and XSD warns on unknown names.
DECIMAL = URIRef("http://www.w3.org/2001/XMLSchema#decimal")
DATETIME = URIRef("http://www.w3.org/2001/XMLSchema#dateTime")


@pytest.fixture(scope="session")
def results() -> list[Result]:
    return list(run(iter_documents([str(EXAMPLES)])))


@pytest.fixture(scope="session")
def good(results: list[Result]) -> Graph:
    return build_graph(results)


@pytest.fixture(scope="session")
def shapes() -> Graph:
    return load_shapes()


def copy(graph: Graph) -> Graph:
    result = Graph()
    for triple in graph:
        result.add(triple)
    return result


def nodes(graph: Graph, cls: URIRef, having: URIRef | None = None, value: Literal | None = None) -> list[URIRef]:
    """The nodes of a class in IRI order, optionally only those with a ``having`` property (of ``value``)."""
    found = sorted(n for n in graph.subjects(RDF.type, cls)
                   if having is None or (n, having, value) in graph)
    assert found, f"no {cls} in the examples graph"
    return found


def first(graph: Graph, cls: URIRef, having: URIRef | None = None) -> URIRef:
    return nodes(graph, cls, having)[0]


def an_incident(results: list[Result]) -> Incident:
    """A made-up incident of the examples: the first assaults of the first two documents that report one,
    linked on their type, with a toll figure from each (the linker's own output is tested with the linker)."""
    firsts = [(r, next(i for i, e in enumerate(r.resolution.events) if e.type == "assault")) for r in results
              if any(e.type == "assault" for e in r.resolution.events)]
    (first, i), (second, j) = sorted(firsts, key=lambda pair: pair[0].document.id)[:2]
    a, b = Report(first.document.id, i), Report(second.document.id, j)
    event = first.resolution.events[i]
    dates = sorted(d.date for d in (first.document, second.document) if d.date)
    return Incident(
        id=f"{a.doc}-{a.index}", type="assault", reports=[a, b], links=[Link(a, b, 0.6, ("type",))],
        actors=sorted({e.key for m in event.actor if (e := first.resolution.entity(m)) is not None}),
        killed=[TollFigure(3, a, first.document.date, first.document.source),
                TollFigure(5, b, second.document.date, second.document.source)],
        sources=sorted({d.source for d in (first.document, second.document) if d.source}),
        first_reported=dates[0] if dates else None, last_reported=dates[-1] if dates else None,
    )


def with_incident(graph: Graph, results: list[Result]) -> Graph:
    """A copy of the examples graph with :func:`an_incident` added."""
    return add_incidents(copy(graph), [an_incident(results)], {r.document.id: r for r in results})


def dataset_of(results: list[Result]) -> Dataset:
    """One named graph per document, as the project stores them."""
    return build_dataset(results)


# --- the tool's own output conforms -------------------------------------------------------------


@pytest.mark.slow
def test_examples_graph_conforms(good: Graph, shapes: Graph):
    assert [describe(v) for v in validate_graph(good, shapes)] == []


@pytest.mark.slow
def test_examples_as_one_named_graph_per_document_conform(results: list[Result], shapes: Graph):
    dataset = dataset_of(results)
    assert {g.identifier for g in dataset.graphs()} >= {document_iri(r.document.id) for r in results}
    assert [describe(v) for v in validate_graph(dataset, shapes)] == []


@pytest.mark.slow
def test_examples_graph_with_an_incident_conforms(good: Graph, results: list[Result], shapes: Graph):
    graph = with_incident(good, results)
    assert len(list(graph.subjects(RDF.type, CKG.Incident))) == 1
    assert [describe(v) for v in validate_graph(graph, shapes)] == []


@pytest.mark.slow
def test_validation_leaves_the_input_untouched(good: Graph, shapes: Graph):
    before = len(good)
    validate_graph(good, shapes)
    assert len(good) == before


def test_empty_graph_conforms(shapes: Graph):
    assert validate_graph(Graph(), shapes) == []


# --- broken graphs are caught, and the line says what is wrong ---------------------------------
#
# Each edit breaks a different node of one copy of the examples graph, which is validated once;
# each test then reads the lines about the node its edit broke.


def confidence_out_of_range(g: Graph, pick: Callable[..., URIRef]) -> URIRef:
    statement = pick(CKG.Statement)
    g.set((statement, CKG.confidence, Literal("1.5", datatype=DECIMAL)))
    return statement


def event_without_type(g: Graph, pick: Callable[..., URIRef]) -> URIRef:
    event = pick(CKG.Event)
    g.remove((event, CKG.eventType, None))
    return event


def entity_without_label(g: Graph, pick: Callable[..., URIRef]) -> URIRef:
    entity = pick(CKG.Person)
    g.remove((entity, RDFS.label, None))
    return entity


def statement_with_two_subjects(g: Graph, pick: Callable[..., URIRef]) -> URIRef:
    statement = pick(CKG.Statement)
    other = next(e for e in nodes(g, CKG.Place) if (statement, None, e) not in g)
    g.add((statement, CKG.subject, other))
    return statement


def modality_outside_the_three(g: Graph, pick: Callable[..., URIRef]) -> URIRef:
    statement = pick(CKG.Statement)
    g.set((statement, CKG.modality, URIRef(BASE + "ontology#Certain")))
    return statement


def actor_is_a_literal(g: Graph, pick: Callable[..., URIRef]) -> URIRef:
    event = pick(CKG.Event, having=CKG.actor)
    g.remove((event, CKG.actor, None))
    g.add((event, CKG.actor, Literal("les rebelles")))
    return event


def document_without_id(g: Graph, pick: Callable[..., URIRef]) -> URIRef:
    document = pick(CKG.Document)
    g.remove((document, CKG.documentId, None))
    return document


def start_after_end(g: Graph, pick: Callable[..., URIRef]) -> URIRef:
    evidence = pick(CKG.Evidence)
    g.set((evidence, CKG.startOffset, Literal(int(g.value(evidence, CKG.endOffset)) + 1)))
    return evidence


def date_of_the_wrong_type(g: Graph, pick: Callable[..., URIRef]) -> URIRef:
    event = pick(CKG.Event, having=CKG.date)
    g.set((event, CKG.date, Literal("2024-02-09T10:00:00", datatype=DATETIME)))
    return event


def date_basis_outside_the_two(g: Graph, pick: Callable[..., URIRef]) -> URIRef:
    event = pick(CKG.Event, having=CKG.date)
    g.set((event, CKG.dateBasis, Literal("guess")))
    return event


def date_without_basis(g: Graph, pick: Callable[..., URIRef]) -> URIRef:
    event = pick(CKG.Event, having=CKG.date)
    g.remove((event, CKG.dateBasis, None))
    return event


def period_ending_before_it_starts(g: Graph, pick: Callable[..., URIRef]) -> URIRef:
    event = pick(CKG.Event, having=CKG.dateStart)
    g.set((event, CKG.dateEnd, Literal("2001-01-01", datatype=URIRef("http://www.w3.org/2001/XMLSchema#date"))))
    return event


def date_precision_outside_the_four(g: Graph, pick: Callable[..., URIRef]) -> URIRef:
    event = pick(CKG.Event, having=CKG.datePrecision)
    g.set((event, CKG.datePrecision, Literal("hour")))
    return event


def event_type_outside_the_scheme(g: Graph, pick: Callable[..., URIRef]) -> URIRef:
    event = pick(CKG.Event)
    g.set((event, CKG.eventType, EVT["explode"]))
    return event


def event_type_in_another_namespace(g: Graph, pick: Callable[..., URIRef]) -> URIRef:
    event = pick(CKG.Event)
    g.set((event, CKG.eventType, URIRef("http://example.org/attack")))
    return event


def missing_direct_edge(g: Graph, pick: Callable[..., URIRef]) -> URIRef:
    statement = pick(CKG.Statement, having=CKG.modality, value=CKG.Asserted)  # one that has its edge
    while (statement, CKG.negated, Literal(True)) in g:
        statement = pick(CKG.Statement, having=CKG.modality, value=CKG.Asserted)
    g.remove((g.value(statement, CKG.subject), g.value(statement, CKG.relation), g.value(statement, CKG.object)))
    return statement


def edge_without_statement(g: Graph, pick: Callable[..., URIRef]) -> URIRef:
    subject, relation = entity_iri("houthis"), first(g, OWL.ObjectProperty)
    assert (subject, RDF.type, None) in g
    g.add((subject, relation, entity_iri("bamako")))
    return subject


def untyped_statement(g: Graph, pick: Callable[..., URIRef]) -> URIRef:
    statement = pick(CKG.Statement)
    g.remove((statement, RDF.type, None))
    return statement


def entity_not_mentioned_in_the_document(g: Graph, pick: Callable[..., URIRef]) -> URIRef:
    statement = pick(CKG.Statement)
    g.remove((g.value(statement, CKG.subject), CKG.mentionedIn, g.value(statement, CKG.mentionedIn)))
    return statement


def untyped_relation(g: Graph, pick: Callable[..., URIRef]) -> URIRef:
    relation = sorted(g.subjects(RDFS.subPropertyOf, CKG.relatedTo))[-1]
    g.remove((relation, RDF.type, OWL.ObjectProperty))
    return relation


def incident_report_is_no_event(g: Graph, pick: Callable[..., URIRef]) -> URIRef:
    incident = pick(CKG.Incident)
    g.add((incident, CKG.reportedBy, first(g, CKG.Document)))
    return incident


def link_score_out_of_range(g: Graph, pick: Callable[..., URIRef]) -> URIRef:
    link = pick(CKG.IncidentLink)
    g.set((link, CKG.linkScore, Literal("1.5", datatype=DECIMAL)))
    return link


def toll_figure_without_count(g: Graph, pick: Callable[..., URIRef]) -> URIRef:
    figure = pick(CKG.TollFigure)
    g.remove((figure, CKG.count, None))
    return figure


def event_reporting_two_incidents(g: Graph, pick: Callable[..., URIRef]) -> URIRef:
    event = pick(CKG.Event)
    for name in ("one", "two"):  # bare incidents: their own lines are about them, not the event
        g.add((incident_iri(name), RDF.type, CKG.Incident))
        g.add((incident_iri(name), CKG.reportedBy, event))
    return event


BROKEN = {
    # edit: what the line about the broken node must say
    confidence_out_of_range: ["confidence (ckg:confidence) must be an xsd:decimal between 0 and 1 (found 1.5)"],
    event_without_type: ["an event must have exactly one event type (ckg:eventType)"],
    entity_without_label: ["an entity must have a name (rdfs:label)"],
    statement_with_two_subjects: ["a statement must have exactly one subject (ckg:subject)"],
    modality_outside_the_three: ["modality (ckg:modality) must be ckg:Asserted, ckg:Hedged or ckg:Reported "
                                 "(found ckg:Certain)"],
    actor_is_a_literal: ["actor (ckg:actor) must be an entity", '(found "les rebelles")'],
    document_without_id: ["a document must have exactly one identifier (ckg:documentId)"],
    start_after_end: ["the start offset (ckg:startOffset) must be less than the end offset (ckg:endOffset)"],
    date_of_the_wrong_type: ["xsd:gYear, xsd:gYearMonth or xsd:date", 'found "2024-02-09T10:00:00"^^xsd:dateTime'],
    date_basis_outside_the_two: ["date basis (ckg:dateBasis)", '(found "guess")'],
    date_without_basis: ["both a date (ckg:date) and its basis (ckg:dateBasis), or neither"],
    period_ending_before_it_starts: ["a period's start (ckg:dateStart) must not be after its end (ckg:dateEnd)"],
    date_precision_outside_the_four: ["date precision (ckg:datePrecision)", '(found "hour")'],
    event_type_outside_the_scheme: ["not one of the types of the event-type scheme", "(found evt:explode)"],
    event_type_in_another_namespace: ["concept of the evt: namespace", "(found <http://example.org/attack>)"],
    missing_direct_edge: ["neither negated nor hedged but its direct edge (subject relation object) is missing"],
    edge_without_statement: ["a direct edge has no statement", "found id:entity/bamako"],
    untyped_statement: ["the node has no rdf:type matching its IRI (statement/ → ckg:Statement"],
    entity_not_mentioned_in_the_document: ["an entity of the statement is not mentioned (ckg:mentionedIn)"],
    untyped_relation: ["a relation must be typed owl:ObjectProperty (rdf:type)"],
    incident_report_is_no_event: ["an incident's report (ckg:reportedBy) must be a node typed ckg:Event",
                                  "(found id:document/"],
    link_score_out_of_range: ["a link's score (ckg:linkScore) must be an xsd:decimal between 0 and 1 (found 1.5)"],
    toll_figure_without_count: ["a toll figure has exactly one count (ckg:count), an integer ≥ 0"],
    event_reporting_two_incidents: ["an event reports at most one incident (^ckg:reportedBy), a node typed "
                                    "ckg:Incident"],
}


@pytest.fixture(scope="module")
def broken(good: Graph, results: list[Result], shapes: Graph) -> dict[str, tuple[URIRef, list[str]]]:
    """For each edit: the node it broke and the lines about that node."""
    graph = with_incident(good, results)
    used: set[URIRef] = set()

    def pick(cls: URIRef, having: URIRef | None = None, value: Literal | None = None) -> URIRef:
        node = next(n for n in nodes(graph, cls, having, value) if n not in used)
        used.add(node)
        return node

    focus = {edit.__name__: edit(graph, pick) for edit in BROKEN}
    lines: dict[str, list[str]] = {}
    for violation in validate_graph(graph, shapes):
        lines.setdefault(violation.focus, []).append(describe(violation))
    return {name: (node, lines.get(str(node), [])) for name, node in focus.items()}


@pytest.mark.slow
@pytest.mark.parametrize(("edit", "expected"), BROKEN.items(), ids=[edit.__name__ for edit in BROKEN])
def test_broken_graph_is_caught(broken, edit, expected):
    node, lines = broken[edit.__name__]
    assert any(all(text in line for text in expected) for line in lines), lines
    kind = {"entity": "Entity", "statement": "Statement", "event": "Event", "evidence": "Evidence",
            "document": "Document", "incident": "Incident", "link": "Link",
            "toll": "Toll"}.get(str(node).split("/id/")[-1].split("/")[0], "Relation")
    assert all(line.startswith(f"{kind} {shorten(str(node))}: ") for line in lines), lines


@pytest.mark.slow
def test_entity_with_two_kinds_is_a_warning(good: Graph, shapes: Graph, tmp_path: Path):
    graph = copy(good)
    entity = first(graph, CKG.Person)
    graph.add((entity, RDF.type, CKG.Place))
    violations = validate_graph(graph, shapes)
    assert [v.severity for v in violations] == ["Warning"]
    assert violations[0].focus == str(entity)
    assert describe(violations[0]).startswith("warning: Entity id:entity/")
    path = tmp_path / "graph.ttl"
    graph.serialize(path, format="turtle")
    out = io.StringIO()
    assert main_validate([str(path)], out=out) == 0  # warnings are printed but do not fail
    assert out.getvalue().startswith("warning: ")


@pytest.mark.slow
def test_broken_node_in_a_named_graph_is_caught(results: list[Result], shapes: Graph):
    dataset = dataset_of(results)
    named = dataset.graph(document_iri(results[0].document.id))
    statement = first(named, CKG.Statement)
    named.set((statement, CKG.confidence, Literal("-0.5", datatype=DECIMAL)))
    assert [(v.focus, v.path, v.value) for v in validate_graph(dataset, shapes)] == [
        (str(statement), "ckg:confidence", "-0.5")]


@pytest.mark.slow
def test_messages_in_french_and_sorted(good: Graph, shapes: Graph):
    graph = copy(good)
    statements = nodes(graph, CKG.Statement)[:3]
    for statement in reversed(statements):
        graph.set((statement, CKG.confidence, Literal("7", datatype=DECIMAL)))
    violations = validate_graph(graph, shapes, lang="fr")
    assert [v.focus for v in violations] == [str(s) for s in statements]
    assert {v.message for v in violations} == {
        "la confiance (ckg:confidence) doit être un xsd:decimal compris entre 0 et 1"}


# --- describe ------------------------------------------------------------------------------------


def test_describe_is_one_readable_line():
    violation = Violation(focus=BASE + "id/statement/ab12cd34ef56ab78", path="ckg:confidence", value="1.5",
                          message="confidence (ckg:confidence) must be between 0 and 1", severity="Violation")
    assert describe(violation) == ("Statement id:statement/ab12cd34ef56ab78: "
                                   "confidence (ckg:confidence) must be between 0 and 1 (found 1.5)")
    no_value = Violation(BASE + "relation/attaquer", None, None, "a relation must have a label", "Violation")
    assert describe(no_value) == "Relation rel:attaquer: a relation must have a label"
    elsewhere = Violation("http://example.org/x", "rel:attaquer", "id:entity/y", "an edge has no statement", "Info")
    assert describe(elsewhere) == ("info: Node <http://example.org/x>: an edge has no statement "
                                   "(at rel:attaquer, found id:entity/y)")


# --- the shapes file ------------------------------------------------------------------------------


def named_shapes(shapes: Graph) -> set[URIRef]:
    return {shape for shape in shapes.subjects(RDF.type, SH.NodeShape) if isinstance(shape, URIRef)}


def test_every_shape_says_what_is_wrong_in_english_and_french(shapes: Graph):
    constrained = {c for shape in named_shapes(shapes) for p in (SH.property, SH.sparql)
                   for c in shapes.objects(shape, p)}
    constrained |= {shape for shape in named_shapes(shapes)
                    if any(shapes.value(shape, c) is not None for c in (SH.nodeKind, SH.pattern, SH["or"]))
                    and any(shapes.value(shape, t) is not None for t in (SH.targetClass, SH.targetObjectsOf))}
    assert len(constrained) > 50
    for shape in constrained:
        languages = {m.language for m in shapes.objects(shape, SH.message)}
        assert {"en", "fr"} <= languages, (shape, shapes.value(shape, SH.path))


def test_property_messages_name_their_property(shapes: Graph):
    for shape in (p for node in named_shapes(shapes) for p in shapes.objects(node, SH.property)):
        path = shapes.value(shape, SH.path)
        if isinstance(path, URIRef):
            english = [str(m) for m in shapes.objects(shape, SH.message) if m.language == "en"]
            assert english and all(shorten(str(path)) in m for m in english), (path, english)


# --- the command-line helper ---------------------------------------------------------------------


@pytest.mark.slow
def test_main_validate(good: Graph, tmp_path: Path):
    path = tmp_path / "graph.ttl"
    good.serialize(path, format="turtle")
    out = io.StringIO()
    assert main_validate([str(path)], out=out) == 0
    assert out.getvalue().splitlines() == [f"{path}: conforms to ontologies/shapes.ttl ({len(good)} triples)"]
    graph = copy(good)
    graph.set((first(graph, CKG.Statement), CKG.confidence, Literal("1.5", datatype=DECIMAL)))
    graph.serialize(path, format="turtle")
    out = io.StringIO()
    assert main_validate([str(path)], out=out) == 1
    lines = out.getvalue().splitlines()
    assert len(lines) == 2 and lines[0].startswith("Statement id:statement/") and "(found 1.5)" in lines[0]
    assert lines[1] == f"{path}: 1 violation(s) of ontologies/shapes.ttl in {len(graph)} triples"


@pytest.mark.slow
def test_main_validate_reads_named_graphs(results: list[Result], tmp_path: Path):
    dataset = dataset_of(results)
    named = dataset.graph(document_iri(results[-1].document.id))
    named.remove((first(named, CKG.Event), CKG.eventType, None))
    path = tmp_path / "graph.trig"
    dataset.serialize(path, format="trig")
    out = io.StringIO()
    assert main_validate([str(path)], out=out) == 1
    assert "exactly one event type (ckg:eventType)" in out.getvalue()


# --- the ontology -------------------------------------------------------------------------------


def test_shipped_ontology_has_no_errors():
    assert ontology_errors() == []


def test_ontology_errors_are_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    ontology = Graph().parse(ontologies_dir() / "conflict.ttl", format="turtle")
    ontology.remove((CKG.Weapon, RDFS.label, Literal("arme", lang="fr")))
    ontology.remove((CKG.documentId, RDF.type, None))
    ontology.add((CKG.Person, OWL.disjointWith, CKG.Place))
    ontology.add((entity_iri("x"), RDF.type, CKG.Person))
    ontology.add((entity_iri("x"), RDF.type, CKG.Place))
    ontology.serialize(tmp_path / "conflict.ttl", format="turtle")
    monkeypatch.setenv("KG_ONTOLOGIES", str(tmp_path))
    errors = ontology_errors()
    assert any(e.startswith("OWL RL inconsistency: Disjoint classes ckg:Person and ckg:Place") for e in errors), errors
    assert "ckg:documentId is in kg/vocab.py but not declared in conflict.ttl (no rdf:type)" in errors
    assert "ckg:Weapon has no rdfs:label in French (@fr)" in errors
