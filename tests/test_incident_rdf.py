"""Incidents in RDF: one occurrence, its reports (each document's event), the links between them with their
reasons, the toll as a range and as figures; valid against the shapes, answered by the sample queries, stable.

No language model: the two reports are hand-made records, as the linker would get them from the pipeline.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from rdflib import RDF, BNode, Graph, Literal, URIRef
from rdflib.compare import isomorphic

from kg.model import (
    Document,
    DocumentExtraction,
    Entity,
    Event,
    EventMention,
    Incident,
    Link,
    Mention,
    Report,
    Resolution,
    Result,
    Sentence,
    TollFigure,
    Triple,
    When,
)
from kg.rdf import (
    INCIDENT_GRAPHS,
    add_incidents,
    build_dataset,
    build_graph,
    document_iri,
    entity_iri,
    event_iri,
    incident_graph_iri,
    incident_iri,
)
from kg.store import query
from kg.validate import describe, load_shapes, validate_graph
from kg.vocab import CKG, EVT

QUERIES = Path(__file__).resolve().parent.parent / "examples" / "queries"
DECIMAL = URIRef("http://www.w3.org/2001/XMLSchema#decimal")


def report(doc_id: str, date: str, source: str, killed: int, injured: int | None, *, alleged: bool = False) -> Result:
    """One article that tells the ambush near Gao: armed men attacked a convoy, killing ``killed`` soldiers."""
    text = (f"Des hommes armés ont attaqué un convoi près de Gao mardi, tuant {killed} soldats. "
            f"Le JNIM serait derrière l'attaque.")
    first_end = text.index(".") + 1
    sentences = [Sentence(0, text[:first_end], 0, first_end), Sentence(1, text[first_end + 1:], first_end + 1,
                                                                        len(text))]

    def mention(words: str, head: str, kind, sentence: int = 0, **more) -> Mention:
        start = text.index(words)
        return Mention(words, start, start + len(words), head, kind, sentence, **more)

    men = mention("hommes armés", "homme", "armed_group")
    convoy = mention("convoi", "convoi", "other")
    gao = mention("Gao", "gao", "place", proper=True, named=True, link="gao")
    jnim = mention("JNIM", "jnim", "armed_group", 1, proper=True, named=True)
    attack = mention("attaque", "attaque", "event", 1)
    trigger_start = text.index("attaqué")
    trigger = EventMention("assault", "attaquer", "attaqué", 0, trigger_start, trigger_start + len("attaqué"),
                           actor=[men], target=[convoy], location=[gao])
    again = text.index("l'attaque") + 2
    second = EventMention("assault", "attaque", "attaque", 1, again, again + len("attaque"))
    event = Event("assault", [trigger, second], actor=[men], target=[convoy], location=[gao],
                  alleged=[jnim] if alleged else [], when=When("2024-02-06", "day", "mardi"), date_basis="text",
                  killed=killed, injured=injured, confidence=0.8)
    entities = {
        f"{doc_id}/homme-arme": Entity(f"{doc_id}/homme-arme", "hommes armés", "armed_group", [men]),
        f"{doc_id}/convoi": Entity(f"{doc_id}/convoi", "convoi", "other", [convoy]),
        "gao": Entity("gao", "Gao", "place", [gao], link="gao", located_in="mali"),
        "jnim": Entity("jnim", "JNIM", "armed_group", [jnim]),
        f"{doc_id}/attaque": Entity(f"{doc_id}/attaque", "attaque", "event", [attack]),
    }
    mentions = [men, convoy, gao, jnim, attack]
    # the writer describes the entities that statements and events' actors, targets, places name
    hedged = [Triple(jnim, "être derrière", attack, 1, sentences[1].start, sentences[1].end, modality="hedged")]
    resolution = Resolution(
        entities=entities,
        entity_of={m.key: key for key, e in entities.items() for m in e.mentions},
        how={m.key: "name" for m in mentions},
        confidence={m.key: 0.9 for m in mentions},
        events=[event],
        statements=hedged if alleged else [],
    )
    document = Document(doc_id, text, date=date, source=source)
    extraction = DocumentExtraction(doc_id, sentences, mentions, resolution.statements, [trigger, second])
    return Result(document, extraction, resolution)


A = report("a1", "2024-02-09", "AFP", killed=7, injured=None)
B = report("b1", "2024-02-10", "RFI", killed=5, injured=12, alleged=True)
RESULTS = {r.document.id: r for r in (A, B)}
RA, RB = Report("a1", 0), Report("b1", 0)
INCIDENT = Incident(
    id="a1-0", type="assault", reports=[RA, RB],
    links=[Link(RB, RA, 0.85, ("type", "date", "place", "actor"))],
    when=When("2024-02-06", "day"), place="gao", country="mali",
    actors=["a1/homme-arme", "b1/homme-arme"], alleged=["jnim"], targets=["a1/convoi", "b1/convoi"],
    killed=[TollFigure(7, RA, "2024-02-09", "AFP"), TollFigure(5, RB, "2024-02-10", "RFI")],
    injured=[TollFigure(12, RB, "2024-02-10", "RFI")],
    sources=["AFP", "RFI"], first_reported="2024-02-09", last_reported="2024-02-10",
)
NODE = incident_iri("a1-0")
EA, EB = event_iri("a1", A.resolution.events[0]), event_iri("b1", B.resolution.events[0])


@pytest.fixture(scope="module")
def graph() -> Graph:
    return build_graph([A, B], [INCIDENT])


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return load_shapes()


def value(graph: Graph, prop: URIRef, node: URIRef = NODE) -> object:
    found = list(graph.objects(node, prop))
    assert len(found) == 1, (prop, found)
    return found[0].toPython() if isinstance(found[0], Literal) else found[0]


def rows(graph: Graph, name: str) -> list[dict[str, str]]:
    answer = query(graph, (QUERIES / name).read_text(encoding="utf-8"))
    return [{k: str(v) for k, v in zip(answer.variables, row, strict=True) if v is not None} for row in answer.rows]


# --- what is written ------------------------------------------------------------------------------


def test_the_incident_points_at_the_events_of_its_reports(graph: Graph):
    assert set(graph.subjects(RDF.type, CKG.Event)) == {EA, EB}  # event_iri is the IRI the events are written at
    assert set(graph.objects(NODE, CKG.reportedBy)) == {EA, EB}
    assert value(graph, CKG.eventType) == EVT.assault
    assert str(NODE) == "https://w3id.org/conflict-kg/id/incident/a1-0"
    for event, doc in ((EA, "a1"), (EB, "b1")):  # each report keeps its own document and sentences
        assert value(graph, CKG.mentionedIn, event) == document_iri(doc)
        assert len(set(graph.objects(event, CKG.evidence))) == 2


def test_report_counts_sources_and_dates(graph: Graph):
    assert value(graph, CKG.reportCount) == 2
    assert value(graph, CKG.sourceCount) == 2
    assert {str(s) for s in graph.objects(NODE, URIRef("http://purl.org/dc/terms/source"))} == {"AFP", "RFI"}
    assert str(value(graph, CKG.firstReported)) == "2024-02-09"
    assert str(value(graph, CKG.lastReported)) == "2024-02-10"
    assert str(value(graph, CKG.date)) == "2024-02-06" and value(graph, CKG.datePrecision) == "day"


def test_the_toll_is_a_range_with_the_figures_and_who_gave_them(graph: Graph):
    assert (value(graph, CKG.killedMin), value(graph, CKG.killedMax), value(graph, CKG.killedLatest)) == (5, 7, 5)
    assert (value(graph, CKG.injuredMin), value(graph, CKG.injuredMax), value(graph, CKG.injuredLatest)) == \
        (12, 12, 12)
    figures = {(value(graph, CKG.count, f), value(graph, CKG.givenIn, f), str(value(graph, CKG.reportedOn, f)),
                value(graph, CKG.givenBy, f)) for f in graph.objects(NODE, CKG.killedFigure)}
    assert figures == {(7, EA, "2024-02-09", "AFP"), (5, EB, "2024-02-10", "RFI")}
    assert len(set(graph.objects(NODE, CKG.injuredFigure))) == 1


def test_the_latest_figure_is_that_of_the_latest_document_else_the_last():
    late_first = Incident("x", "assault", [RA, RB], killed=[TollFigure(9, RB, "2024-03-01", None),
                                                             TollFigure(4, RA, "2024-02-01", None)])
    same_day = Incident("y", "assault", [RA, RB], killed=[TollFigure(9, RA, "2024-02-01", None),
                                                           TollFigure(4, RB, "2024-02-01", None)])
    graph = add_incidents(Graph(), [late_first, same_day], RESULTS)
    assert value(graph, CKG.killedLatest, incident_iri("x")) == 9
    assert value(graph, CKG.killedLatest, incident_iri("y")) == 4


def test_the_link_keeps_its_reasons(graph: Graph):
    link = value(graph, CKG.incidentLink)
    assert isinstance(link, URIRef) and str(link).startswith("https://w3id.org/conflict-kg/id/link/")
    assert set(graph.objects(link, CKG.linkedReport)) == {EA, EB}
    assert value(graph, CKG.linkScore, link) == Literal("0.85", datatype=DECIMAL).toPython()
    assert {str(a) for a in graph.objects(link, CKG.agreedOn)} == {"type", "date", "place", "actor"}


def test_participants_asserted_alleged_and_claiming_are_kept_apart(graph: Graph):
    assert set(graph.objects(NODE, CKG.actor)) == {entity_iri("a1/homme-arme"), entity_iri("b1/homme-arme")}
    assert set(graph.objects(NODE, CKG.allegedActor)) == {entity_iri("jnim")}
    assert set(graph.objects(NODE, CKG.claimedBy)) == set()
    assert set(graph.objects(NODE, CKG.target)) == {entity_iri("a1/convoi"), entity_iri("b1/convoi")}
    assert value(graph, CKG.location) == entity_iri("gao") and value(graph, CKG.country) == entity_iri("mali")


def test_the_incident_alone_describes_its_well_known_places():
    alone = add_incidents(Graph(), [INCIDENT], RESULTS)
    assert (entity_iri("gao"), RDF.type, CKG.Place) in alone and (entity_iri("mali"), RDF.type, CKG.Country) in alone
    # as the reports that name them do: mentioned in their documents
    assert set(alone.objects(entity_iri("gao"), CKG.mentionedIn)) == {document_iri("a1"), document_iri("b1")}
    assert not list(alone.subjects(RDF.type, CKG.Event))  # the events stay in their documents' graphs


# --- valid, stable, where it belongs ---------------------------------------------------------------


def test_the_graph_with_its_incident_conforms(graph: Graph, shapes: Graph):
    assert [describe(v) for v in validate_graph(graph, shapes)] == []


def test_writing_twice_changes_nothing(graph: Graph):
    again = build_graph([A, B], [INCIDENT])
    assert isomorphic(again, graph)
    before = len(again)
    add_incidents(again, [INCIDENT], RESULTS)
    assert len(again) == before and isomorphic(again, graph)
    assert not any(isinstance(term, BNode) for triple in graph for term in triple)


def test_without_incidents_the_writers_are_unchanged():
    plain = build_graph([A, B])
    assert isomorphic(build_graph([A, B], []), plain)
    assert not list(plain.subjects(RDF.type, CKG.Incident))
    names = {g.identifier for g in build_dataset([A, B]).graphs()}
    assert names == {g.identifier for g in build_dataset([A, B], []).graphs()}
    assert not any(str(name).startswith(INCIDENT_GRAPHS) for name in names)


def test_in_a_dataset_incidents_have_a_graph_of_their_own(graph: Graph, shapes: Graph):
    dataset = build_dataset(iter([A, B]), iter([INCIDENT]))  # streams are fine
    incidents = dataset.graph(incident_graph_iri(INCIDENT.id))
    assert (NODE, RDF.type, CKG.Incident) in incidents
    assert isomorphic(incidents, add_incidents(Graph(), [INCIDENT], RESULTS))  # the incident's whole graph
    assert not list(dataset.graph(document_iri("a1")).subjects(RDF.type, CKG.Incident))
    union = Graph()
    for s, p, o, _ in dataset.quads((None, None, None, None)):
        union.add((s, p, o))
    assert isomorphic(union, graph)
    assert validate_graph(dataset, shapes) == []


def test_a_report_of_no_given_result_is_refused():
    with pytest.raises(ValueError, match=r"incident a1-0: its report b1#0 is no event of the results given"):
        add_incidents(Graph(), [INCIDENT], {"a1": A})
    wrong = Incident("z", "assault", [Report("a1", 3)])
    with pytest.raises(ValueError, match=r"a1#3"):
        add_incidents(Graph(), [wrong], RESULTS)


# --- the sample queries ----------------------------------------------------------------------------


def test_incidents_query(graph: Graph):
    assert rows(graph, "incidents.rq") == [{
        "incident": str(NODE), "type": str(EVT.assault), "date": "2024-02-06", "place": "Gao", "reports": "2",
        "sources": "2", "killedMin": "5", "killedMax": "7", "killedLatest": "5", "injuredMin": "12",
        "injuredMax": "12", "injuredLatest": "12", "firstReported": "2024-02-09", "lastReported": "2024-02-10"}]


def test_incident_reports_query(graph: Graph):
    found = rows(graph, "incident-reports.rq")
    assert [(r["document"], r["source"], r["published"], r["date"]) for r in found] == \
        [("a1", "AFP", "2024-02-09", "2024-02-06")] * 2 + [("b1", "RFI", "2024-02-10", "2024-02-06")] * 2
    assert found[0]["sentence"].startswith("Des hommes armés ont attaqué un convoi près de Gao mardi, tuant 7")
    assert found[1]["sentence"] == "Le JNIM serait derrière l'attaque."


@pytest.mark.parametrize("name", ["incidents.rq", "incident-reports.rq"])
def test_the_queries_give_no_rows_without_incidents(name: str):
    assert rows(build_graph([A, B]), name) == []


@pytest.mark.parametrize("name", ["incidents.rq", "incident-reports.rq"])
def test_oxigraph_answers_the_queries_as_rdflib_does(graph: Graph, name: str, tmp_path: Path):
    from kg.store.oxigraph import OxigraphStore

    dataset = build_dataset([A, B], [INCIDENT])
    store = OxigraphStore(tmp_path / "db")
    try:
        for named in dataset.graphs():
            if len(named):
                store.put_graph(named.identifier, named)
        sparql = (QUERIES / name).read_text(encoding="utf-8")
        assert store.query(sparql).rows == query(graph, sparql).rows
    finally:
        store.close()


# --- broken incidents are caught, and the line says what is wrong ----------------------------------


def report_is_no_event(g: Graph) -> URIRef:
    g.add((NODE, CKG.reportedBy, document_iri("a1")))
    return NODE


def no_report(g: Graph) -> URIRef:
    g.remove((NODE, CKG.reportedBy, None))
    return NODE


def wrong_report_count(g: Graph) -> URIRef:
    g.set((NODE, CKG.reportCount, Literal(3)))
    return NODE


def fewest_above_most(g: Graph) -> URIRef:
    g.set((NODE, CKG.killedMin, Literal(9)))
    return NODE


def score_out_of_range(g: Graph) -> URIRef:
    link = next(g.objects(NODE, CKG.incidentLink))
    g.set((link, CKG.linkScore, Literal("1.5", datatype=DECIMAL)))
    return link


def link_of_one_report(g: Graph) -> URIRef:
    link = next(g.objects(NODE, CKG.incidentLink))
    g.remove((link, CKG.linkedReport, EB))
    return link


def figure_of_another_event(g: Graph) -> URIRef:
    figure = next(f for f in g.objects(NODE, CKG.injuredFigure))
    g.set((figure, CKG.givenIn, URIRef(str(EA) + "0")))
    return figure


BROKEN: dict[Callable[[Graph], URIRef], str] = {
    report_is_no_event: "Incident id:incident/a1-0: an incident's report (ckg:reportedBy) must be a node typed "
                        "ckg:Event (found id:document/a1)",
    no_report: "Incident id:incident/a1-0: an incident must have at least one report (ckg:reportedBy)",
    wrong_report_count: "Incident id:incident/a1-0: the number of reports (ckg:reportCount) is not the number of the "
                        "incident's reports (ckg:reportedBy) (found 3)",
    fewest_above_most: "the lowest number of killed (ckg:killedMin) must not be above the highest (ckg:killedMax)",
    score_out_of_range: "a link's score (ckg:linkScore) must be an xsd:decimal between 0 and 1 (found 1.5)",
    link_of_one_report: "a link joins exactly two different reports (ckg:linkedReport)",
    figure_of_another_event: "a toll figure is given in (ckg:givenIn) exactly one report, a node typed ckg:Event",
}


@pytest.mark.parametrize(("edit", "expected"), BROKEN.items(), ids=[edit.__name__ for edit in BROKEN])
def test_a_broken_incident_is_caught(graph: Graph, shapes: Graph, edit, expected: str):
    broken = Graph()
    for triple in graph:
        broken.add(triple)
    node = edit(broken)
    lines = [describe(v) for v in validate_graph(broken, shapes) if v.focus == str(node)]
    assert any(expected in line for line in lines), lines
