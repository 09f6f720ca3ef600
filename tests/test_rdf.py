"""The RDF graph: parseable by other stores, deterministic, with provenance and polarity."""

import pyoxigraph
from conftest import extract
from rdflib import RDF, Graph, Literal
from rdflib.compare import isomorphic

from kg.rdf import CKG, build_graph, entity_iri, relation_iri
from kg.store import query

TEXT_A = ("Les rebelles ont attaqué la caserne de Tillabéri mardi. Selon l'armée, le groupe n'a pas revendiqué "
          "l'attaque. Le gouvernement a condamné l'attaque.")
TEXT_B = "Des milices affiliées à l'Iran ont frappé la base américaine. Les rebelles ont attaqué la prison."


def graph_of(*texts: str) -> Graph:
    return build_graph(extract(t) for t in texts)


def test_turtle_parses_in_rdflib_and_pyoxigraph():
    turtle = graph_of(TEXT_A).serialize(format="turtle")
    assert len(Graph().parse(data=turtle, format="turtle")) > 20
    store = pyoxigraph.Store()
    store.load(turtle.encode("utf-8"), pyoxigraph.RdfFormat.TURTLE)
    assert len(store) == len(Graph().parse(data=turtle, format="turtle"))


def test_same_text_twice_gives_the_same_graph():
    assert isomorphic(graph_of(TEXT_A), graph_of(TEXT_A))
    first, second = graph_of(TEXT_A).serialize(format="nt"), graph_of(TEXT_A).serialize(format="nt")
    assert sorted(first.splitlines()) == sorted(second.splitlines())


def test_adding_documents_is_a_union():
    together = graph_of(TEXT_A, TEXT_B)
    apart = graph_of(TEXT_A) + graph_of(TEXT_B)
    assert isomorphic(together, apart)
    assert isomorphic(graph_of(TEXT_A, TEXT_A), graph_of(TEXT_A))


def test_entities_are_shared_across_documents():
    graph = graph_of(TEXT_A, TEXT_B)
    rebels = entity_iri("rebelles")
    assert (rebels, relation_iri("attaquer"), entity_iri("caserne-de-tillaberi")) in graph
    assert (rebels, relation_iri("attaquer"), entity_iri("prison")) in graph


def test_statement_carries_its_provenance():
    graph = graph_of(TEXT_A)
    rows = query(graph, """
        SELECT ?sentence ?start ?end ?confidence ?doc WHERE {
          ?s a ckg:Statement ; ckg:predicateText "attaquer" ; ckg:sentence ?sentence ;
             ckg:startOffset ?start ; ckg:endOffset ?end ; ckg:confidence ?confidence ; ckg:mentionedIn ?doc .
        }""").rows
    (sentence, start, end, confidence, doc), = rows
    assert str(sentence) == "Les rebelles ont attaqué la caserne de Tillabéri mardi."
    assert TEXT_A[int(start):int(end)].startswith("rebelles")
    assert 0 < float(confidence) <= 1
    assert (doc, RDF.type, CKG.Document) in graph


def test_negated_statement_is_no_edge_and_reported_has_its_source():
    graph = graph_of(TEXT_A)
    (node,) = graph.subjects(CKG.predicateText, Literal("revendiquer"))
    assert graph.value(node, CKG.negated).toPython() is True
    assert graph.value(node, CKG.modality) == CKG.Reported
    assert graph.value(graph.value(node, CKG.attributedTo), RDF.type) is not None
    assert (graph.value(node, CKG.subject), relation_iri("revendiquer"), graph.value(node, CKG.object)) not in graph


def test_events_have_type_roles_and_date():
    graph = graph_of(TEXT_A)
    rows = query(graph, """
        SELECT ?actor ?target ?date WHERE {
          ?e ckg:eventType evt:assault ; ckg:actor/rdfs:label ?actor ; ckg:target/rdfs:label ?target ;
             ckg:date ?date .
        }""").rows
    assert [(str(a), str(t), str(d)) for a, t, d in rows] == [("rebelles", "caserne de Tillabéri", "2024-03-12")]


def test_relations_are_declared_properties():
    graph = graph_of(TEXT_A)
    assert query(graph, "ASK { rel:attaquer rdfs:subPropertyOf ckg:relatedTo ; rdfs:label ?l }").boolean
