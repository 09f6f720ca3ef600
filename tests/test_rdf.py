"""The RDF graph: parseable by other stores, deterministic, with provenance and polarity."""

import pyoxigraph
import pytest
from conftest import extract
from rdflib import RDF, Graph, Literal
from rdflib.compare import isomorphic

from kg.rdf import build_graph, entity_iri, relation_iri
from kg.store import query
from kg.vocab import CKG

pytestmark = pytest.mark.slow

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


def test_names_are_shared_across_documents_and_bare_descriptions_are_not():
    other = "Les rebelles ont encerclé la caserne de Tillabéri. Les États-Unis ont condamné l'attaque."
    graph = graph_of(TEXT_A, other + " Le Mali a condamné l'attaque.")
    barracks = entity_iri("caserne-tillaberi")  # keys: the phrase's lemmas, without function words
    assert len(set(graph.objects(barracks, CKG.mentionedIn))) == 2
    rebels = {s for s in graph.subjects(RDF.type, None) if str(s).endswith("/rebelle")}
    assert len(rebels) == 2  # "les rebelles" of two articles: nothing says they are the same
    assert all(str(r).startswith(str(entity_iri("doc-"))) for r in rebels)


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


# ---------------------------------------------------------------- named graphs and formats


def dataset_of(*texts: str):
    from kg.rdf import build_dataset

    return build_dataset(extract(t) for t in texts)


def same_dataset(a, b) -> bool:
    """Same named graphs, each isomorphic to its counterpart."""
    names_a = {g.identifier for g in a.graphs() if len(g)}
    names_b = {g.identifier for g in b.graphs() if len(g)}
    return names_a == names_b and all(isomorphic(a.graph(n), b.graph(n)) for n in names_a)


def test_one_named_graph_per_document_named_by_its_iri():
    from kg.rdf import document_iri

    result_a, result_b = extract(TEXT_A), extract(TEXT_B)
    dataset = dataset_of(TEXT_A, TEXT_B)
    names = {g.identifier for g in dataset.graphs() if len(g)}
    assert names == {document_iri(result_a.document.id), document_iri(result_b.document.id)}
    assert isomorphic(dataset.graph(document_iri(result_a.document.id)), graph_of(TEXT_A))


def test_union_of_the_dataset_is_the_graph():
    from kg.rdf import union_graph

    assert isomorphic(union_graph(dataset_of(TEXT_A, TEXT_B)), graph_of(TEXT_A, TEXT_B))


def test_datasets_merge_as_unions_and_adding_twice_changes_nothing():
    from kg.rdf import add_document_graph

    together = dataset_of(TEXT_A, TEXT_B)
    stepwise = dataset_of(TEXT_A)
    add_document_graph(stepwise, extract(TEXT_B))
    assert same_dataset(together, stepwise)
    add_document_graph(stepwise, extract(TEXT_A))
    assert same_dataset(together, stepwise)


def test_every_format_round_trips(tmp_path):
    from kg.rdf import union_graph
    from kg.store import FORMATS, load_graph, write_graph

    dataset = dataset_of(TEXT_A, TEXT_B)
    for fmt, (_, suffix, keeps_graphs) in FORMATS.items():
        path = write_graph(dataset, tmp_path / f"g{suffix}", fmt)
        back = load_graph(path)
        if keeps_graphs:
            assert same_dataset(dataset, back), fmt
        else:
            assert isomorphic(union_graph(back), union_graph(dataset)), fmt


def test_trig_and_nquads_load_in_pyoxigraph(tmp_path):
    from kg.store import write_graph

    dataset = dataset_of(TEXT_A, TEXT_B)
    quads = len(list(dataset.quads((None, None, None, None))))
    for fmt, rdf_format in (("trig", pyoxigraph.RdfFormat.TRIG), ("nquads", pyoxigraph.RdfFormat.N_QUADS)):
        path = write_graph(dataset, tmp_path / f"g.{fmt}", fmt)
        store = pyoxigraph.Store()
        store.load(path=str(path), format=rdf_format)
        assert len(store) == quads
        assert len(list(store.named_graphs())) == 2


def test_documents_are_prov_entities_with_date_source_and_language():
    from kg.documents import make_document
    from kg.run import run

    document = make_document(TEXT_A, where="test", date="2024-03", source="AFP", doc_id="a-1")
    graph = build_graph(run([document]))
    assert query(graph, """ASK { ?d a ckg:Document , prov:Entity ; ckg:documentId "a-1" ;
                                    dcterms:language "fr" ; dcterms:date "2024-03"^^xsd:gYearMonth ;
                                    dcterms:source "AFP" }""").boolean
