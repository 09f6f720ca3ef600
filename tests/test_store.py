"""The stores: the same graph and the same answers in memory, in an Oxigraph directory and behind a
real SPARQL server; documents added one transaction each, re-adding a no-op, SIGKILL survived."""

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import free_port
from rdflib import URIRef

from kg.documents import iter_documents
from kg.errors import InputError, QueryError
from kg.rdf import add_result, document_iri
from kg.run import run
from kg.store import MemoryStore, add_document, new_graph, open_store, store_stats, write_graph
from kg.store.incidents import add_report_index, link_documents
from kg.store.oxigraph import OxigraphStore
from kg.store.remote import RemoteStore, endpoints

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
QUERIES = sorted((EXAMPLES / "queries").glob("*.rq"))
KG = [sys.executable, "-m", "kg.cli"]


@pytest.fixture(scope="module")
def results():
    return list(run(iter_documents([str(EXAMPLES)]), progress=False))


@pytest.fixture(scope="module")
def memory(results):
    store = MemoryStore()
    for result in results:
        assert add_document(store, result)
    return store


def quads(store) -> set:
    return set(store.quads())


def answers(store, sparql: str) -> list:
    """A query's rows as a sorted list (backends may order unordered rows differently)."""
    return sorted(tuple("" if t is None else str(t) for t in row) for row in store.query(sparql).rows)


@pytest.mark.slow
def test_oxigraph_store_holds_the_same_quads_and_answers_the_same(results, memory, tmp_path):
    with OxigraphStore(tmp_path / "db") as store:
        for result in results:
            assert add_document(store, result)
        assert quads(store) == quads(memory)
        for path in QUERIES:
            sparql = path.read_text(encoding="utf-8")
            assert set(answers(store, sparql)) == set(answers(memory, sparql)), path.name
        assert store_stats(store) == {**store_stats(memory), "store": str(tmp_path / "db"), "backend": "OxigraphStore"}


@pytest.mark.slow
def test_the_store_lasts_and_readding_is_a_no_op(results, tmp_path):
    with open_store(tmp_path / "db") as store:
        assert isinstance(store, OxigraphStore)
        assert add_document(store, results[0])
    with open_store(tmp_path / "db") as store:  # reopened: the document is still there
        before = quads(store)
        assert len(before) > 100
        assert not add_document(store, results[0])
        assert quads(store) == before
        assert store.graph_names() == [str(document_iri(results[0].document.id))]


def test_one_writer_at_a_time_and_clear_errors(tmp_path):
    with open_store(tmp_path / "db"), pytest.raises(InputError, match="open in another process"):
        open_store(tmp_path / "db")
    (tmp_path / "file").write_text("not a store")
    with pytest.raises(InputError, match="not a directory"):
        open_store(tmp_path / "file")
    with pytest.raises(InputError, match="no such store"):
        open_store(tmp_path / "missing", read_only=True)
    with open_store(tmp_path / "db") as store, pytest.raises(QueryError, match="does not parse"):
        store.query("SELECT ?x WHERE { ?x")


@pytest.mark.slow
def test_a_graph_file_is_a_read_only_store(memory, tmp_path):
    path = write_graph(memory.dataset(), tmp_path / "graph.trig", "trig")
    store = open_store(path)
    assert quads(store) == quads(memory)
    assert not store.writable
    with pytest.raises(InputError, match="read-only"):
        store.put_graph(URIRef("https://example.org/g"), new_graph())


@pytest.mark.slow
def test_max_rows_keeps_one_more_than_the_limit(memory, tmp_path):
    with OxigraphStore(tmp_path / "db") as store:
        store.put_graph(URIRef("https://example.org/g"), memory.dataset())
        assert len(store.query("SELECT * WHERE { ?s ?p ?o }", max_rows=10).rows) == 11
    assert len(memory.query("SELECT * WHERE { ?s ?p ?o }", max_rows=10).rows) == 11
    assert len(memory.query("SELECT * WHERE { ?s a ckg:Document }", max_rows=10).rows) == 5


def test_where_a_servers_endpoints_are():
    oxigraph = endpoints("http://localhost:7878")
    assert (oxigraph.query, oxigraph.update, oxigraph.graph_store) == (
        "http://localhost:7878/query", "http://localhost:7878/update", "http://localhost:7878/store")
    assert endpoints("http://localhost:7878/query") == oxigraph
    fuseki = endpoints("http://h:3030/ds/")
    assert (fuseki.query, fuseki.update, fuseki.graph_store) == ("http://h:3030/ds/query", "http://h:3030/ds/update",
                                                                  "http://h:3030/ds/data")
    graphdb = endpoints("http://h:7200/repositories/news")
    assert graphdb.update == "http://h:7200/repositories/news/statements"
    virtuoso = endpoints("http://h:8890/sparql")
    assert (virtuoso.query, virtuoso.update, virtuoso.graph_store) == ("http://h:8890/sparql",) * 2 + (None,)


@pytest.mark.slow
def test_push_to_a_real_oxigraph_server_and_query_it_back(results, memory, oxigraph_server):
    store = open_store(oxigraph_server)
    assert isinstance(store, RemoteStore)
    for result in results[:3]:  # SPARQL Update: one INSERT DATA per document
        assert add_document(store, result)
    store.use_graph_store = True  # the other path: the Graph Store Protocol, POST then PUT
    for result in results[3:]:
        assert add_document(store, result)
    assert not add_document(store, results[0])
    assert quads(store) == quads(memory)
    for path in QUERIES:
        sparql = path.read_text(encoding="utf-8")
        assert set(answers(store, sparql)) == set(answers(memory, sparql)), path.name
    assert store.query("ASK { ?e a ckg:Event }").boolean is True
    constructed = store.query("CONSTRUCT { ?e a ckg:Event } WHERE { ?e a ckg:Event }").graph
    assert len(constructed) == store_stats(memory)["events"]


@pytest.mark.slow
def test_kg_add_to_a_server_from_the_command_line(oxigraph_server, tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("date 2024-05-02\nDes drones ont frappé Kharkiv mardi, tuant trois civils.\n", encoding="utf-8")
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    first = subprocess.run(KG + ["add", str(article), "--store", oxigraph_server, "--quiet"], capture_output=True,
                           text=True, env=env, timeout=300)
    assert first.returncode == 0, first.stderr
    assert first.stdout.startswith("added\tdoc-")
    second = subprocess.run(KG + ["add", str(article), "--store", oxigraph_server, "--quiet"], capture_output=True,
                            text=True, env=env, timeout=300)
    assert second.stdout.startswith("present\tdoc-") and "0 document(s) added, 1 already" in second.stderr
    answer = subprocess.run(KG + ["query", "--store", oxigraph_server, "--format", "csv",
                                  "SELECT ?k WHERE { ?e ckg:killed ?k }"], capture_output=True, text=True, env=env)
    assert answer.stdout.splitlines() == ["k", "3"]


def test_an_unreachable_server_is_one_line(tmp_path):
    result = subprocess.run(KG + ["stats", "--store", f"http://127.0.0.1:{free_port()}"], capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "cannot reach the SPARQL endpoint" in result.stderr


def corpus(folder: Path, count: int) -> list[Path]:
    """Distinct short articles, long enough that a run takes a while."""
    towns = ["Kharkiv", "Goma", "Mossoul", "Gao", "Alep", "Rafah", "Bakhmout", "Mopti", "Kidal", "Idlib",
             "Beni", "Tombouctou"]
    paths = []
    for i in range(count):
        town = towns[i % len(towns)]
        body = (f"Des hommes armés ont attaqué un poste de police à {town} lundi, tuant {i + 2} policiers. "
                f"L'armée a riposté et a arrêté {i + 1} suspects. Le gouverneur a condamné l'attaque et a "
                f"appelé la population au calme. ")
        text = f"date 2024-0{1 + i % 9}-1{i % 9}\n" + body * 6
        path = folder / f"article-{i:02d}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


@pytest.mark.slow
def test_sigkill_mid_run_leaves_every_completed_document_exactly_once(tmp_path):
    (tmp_path / "in").mkdir()
    articles = corpus(tmp_path / "in", 12)
    reference = MemoryStore()
    expected = {}
    for result in run(iter_documents([str(tmp_path / "in")]), progress=False):
        add_document(reference, result)
        link_documents(reference, [result.document.id])
        name = document_iri(result.document.id)
        expected[name] = set(add_report_index(add_result(new_graph(), result), result))
    db = tmp_path / "db"
    writer = subprocess.Popen(KG + ["add", str(tmp_path / "in"), "--store", str(db), "--quiet"],
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    reported = []
    for line in writer.stdout:
        reported.append(line.split("\t")[1].strip())
        if len(reported) == 3:
            writer.send_signal(signal.SIGKILL)
            break
    writer.wait(30)
    assert writer.returncode == -signal.SIGKILL
    with open_store(db) as store:
        names = [name for name in store.graph_names() if "/id/document/" in name]  # the incidents' graphs aside
        assert {str(document_iri(d)) for d in reported} <= set(names)
        assert len(names) < len(articles), "the kill came after the run ended: nothing was tested"
        for name in names:  # every graph in the store is a whole document, none half-written
            graph = {(s, p, o) for s, p, o, g in store.quads() if str(g) == name}
            assert graph == expected[URIRef(name)]
    rerun = subprocess.run(KG + ["add", str(tmp_path / "in"), "--store", str(db), "--quiet"], capture_output=True,
                           text=True, timeout=600)
    assert rerun.returncode == 0, rerun.stderr
    assert rerun.stdout.count("present\t") == len(names)
    assert rerun.stdout.count("added\t") == len(articles) - len(names)
    with open_store(db) as store:
        assert quads(store) == quads(reference)
