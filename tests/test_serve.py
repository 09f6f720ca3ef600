"""kg serve as a SPARQL client sees it: the query protocol, content negotiation, a read-only endpoint,
and limits that stop long queries and refuse huge answers."""

import csv
import io
import json
import threading
import urllib.error
import urllib.parse
import urllib.request
from http.server import ThreadingHTTPServer
from pathlib import Path

import pytest
from rdflib import Graph

from kg.documents import make_document
from kg.run import run
from kg.serve import Limits, make_server, negotiate, query_form
from kg.store import add_document, open_store
from kg.store.remote import RemoteStore

ARTICLE = ("Des drones ont frappé Kharkiv mardi, tuant trois civils. L'Ukraine a condamné l'attaque. "
           "Des hommes armés ont attaqué un convoi près de Gao jeudi.")
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


def one_document_store(kind: str, folder: Path, text: str) -> str:
    """What kg serve is pointed at, holding one document's graph: an Oxigraph directory or a TriG file
    (checked against the shapes)."""
    result = next(run([make_document(text, where="test", date="2024-05-02")], progress=False))
    if kind == "oxigraph":
        with open_store(str(folder / "db")) as store:
            add_document(store, result)
        return str(folder / "db")
    from kg.rdf import build_dataset
    from kg.store import write_graph
    from kg.validate import describe, load_shapes, validate_graph

    dataset = build_dataset([result])
    assert [describe(v) for v in validate_graph(dataset, load_shapes())] == []
    return str(write_graph(dataset, folder / "graph.trig", "trig"))


def serving(spec: str, limits: Limits) -> tuple[ThreadingHTTPServer, str]:
    """A server over ``spec`` answering in a thread, and its address."""
    server = make_server(spec, port=0, limits=limits)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


@pytest.fixture(scope="module", params=["oxigraph", "graph-file"])
def endpoint(request, tmp_path_factory):
    spec = one_document_store(request.param, tmp_path_factory.mktemp("serve"), ARTICLE)
    server, base = serving(spec, Limits(timeout=1.5, max_rows=200))
    yield base
    server.shutdown()
    server.server_close()


def call(url: str, data: bytes | None = None, headers: dict | None = None) -> tuple[int, str, bytes]:
    request = urllib.request.Request(url, data=data, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.headers.get("Content-Type", ""), response.read()
    except urllib.error.HTTPError as err:
        return err.code, err.headers.get("Content-Type", ""), err.read()


def get(base: str, query: str, accept: str | None = None, **params: str) -> tuple[int, str, bytes]:
    url = f"{base}/sparql?{urllib.parse.urlencode({'query': query, **params})}"
    return call(url, headers={"Accept": accept} if accept else {})


@pytest.mark.slow
def test_select_as_json_by_default_with_predeclared_prefixes(endpoint):
    status, media, body = get(endpoint, "SELECT ?k WHERE { ?e a ckg:Event ; ckg:killed ?k }")
    assert status == 200 and media.startswith("application/sparql-results+json")
    answer = json.loads(body)
    assert answer["head"]["vars"] == ["k"]
    assert [b["k"]["value"] for b in answer["results"]["bindings"]] == ["3"]
    assert answer["results"]["bindings"][0]["k"]["datatype"].endswith("#integer")


@pytest.mark.slow
def test_content_negotiation(endpoint):
    status, media, body = get(endpoint, "SELECT ?type WHERE { ?e ckg:eventType ?type }", accept="text/csv")
    assert status == 200 and media.startswith("text/csv")
    rows = list(csv.reader(io.StringIO(body.decode())))
    assert rows[0] == ["type"] and {"https://w3id.org/conflict-kg/event-type/assault"} <= {r[0] for r in rows[1:]}
    status, media, body = get(endpoint, "SELECT ?k WHERE { ?e ckg:killed ?k }",
                              accept="text/tab-separated-values")
    assert body.decode().splitlines()[0] == "?k" and "3" in body.decode()
    status, media, body = get(endpoint, "CONSTRUCT { ?e a ckg:Event } WHERE { ?e a ckg:Event }",
                              accept="application/n-triples, text/turtle;q=0.5")
    assert media.startswith("application/n-triples")
    assert len(Graph().parse(data=body.decode(), format="nt")) >= 2
    status, media, body = get(endpoint, "CONSTRUCT { ?e a ckg:Event } WHERE { ?e a ckg:Event }", format="turtle")
    assert media.startswith("text/turtle") and len(Graph().parse(data=body.decode(), format="turtle")) >= 2
    status, media, body = get(endpoint, "SELECT ?k WHERE { ?e ckg:killed ?k }", accept="application/sparql-results+xml")
    from xml.etree import ElementTree

    assert status == 200 and media.startswith("application/sparql-results+xml")
    ns = {"r": "http://www.w3.org/2005/sparql-results#"}
    root = ElementTree.fromstring(body)
    assert [v.get("name") for v in root.findall("r:head/r:variable", ns)] == ["k"]
    literal = root.find("r:results/r:result/r:binding[@name='k']/r:literal", ns)
    assert literal is not None and literal.text == "3" and literal.get("datatype").endswith("#integer")
    status, _, body = get(endpoint, "ASK { ?e a ckg:Event }", format="srx")
    assert ElementTree.fromstring(body).find("r:boolean", ns).text == "true"
    status, _, body = get(endpoint, "ASK { ?e a ckg:Event }", accept="*/*")
    assert json.loads(body)["boolean"] is True
    status, _, body = get(endpoint, "SELECT * WHERE { ?s ?p ?o } LIMIT 1", accept="image/png")
    assert status == 406 and b"text/csv" in body


@pytest.mark.slow
def test_post_a_form_or_a_query_body(endpoint):
    form = urllib.parse.urlencode({"query": "SELECT ?k WHERE { ?e ckg:killed ?k }"}).encode()
    status, _, body = call(endpoint + "/sparql", form, {"Content-Type": "application/x-www-form-urlencoded"})
    assert status == 200 and json.loads(body)["results"]["bindings"][0]["k"]["value"] == "3"
    status, _, body = call(endpoint + "/sparql", b"ASK { ?e ckg:killed 3 }",
                           {"Content-Type": "application/sparql-query"})
    assert status == 200 and json.loads(body)["boolean"] is True


@pytest.mark.slow
def test_updates_are_refused_and_nothing_changes(endpoint):
    insert = "INSERT DATA { <https://example.org/a> <https://example.org/b> <https://example.org/c> }"
    attempts = [
        call(endpoint + "/sparql", urllib.parse.urlencode({"update": insert}).encode(),
             {"Content-Type": "application/x-www-form-urlencoded"}),
        call(endpoint + "/sparql", insert.encode(), {"Content-Type": "application/sparql-update"}),
        call(endpoint + "/update", insert.encode(), {"Content-Type": "application/sparql-update"}),
        get(endpoint, "PREFIX ex: <https://example.org/>\n# a comment\n" + insert),
        get(endpoint, "DELETE WHERE { ?s ?p ?o }"),
    ]
    for status, _, body in attempts:
        assert status == 403 and b"read-only" in body
    _, _, body = get(endpoint, "ASK { <https://example.org/a> ?p ?o }")
    assert json.loads(body)["boolean"] is False
    _, _, body = get(endpoint, "ASK { ?e ckg:killed 3 }")
    assert json.loads(body)["boolean"] is True


@pytest.mark.slow
def test_a_long_query_is_stopped_and_the_endpoint_goes_on(endpoint):
    status, _, body = get(endpoint, SLOW)
    assert status == 503 and b"stopped after 1.5 s" in body
    status, _, _ = get(endpoint, "ASK { ?s ?p ?o }")
    assert status == 200


@pytest.mark.slow
def test_a_huge_answer_is_refused_and_errors_are_clear(endpoint):
    status, _, body = get(endpoint, "SELECT * WHERE { ?s ?p ?o }")
    assert status == 413 and b"more than 200 rows" in body and b"LIMIT" in body
    status, _, _ = get(endpoint, "SELECT * WHERE { ?s ?p ?o } LIMIT 200")
    assert status == 200
    status, _, body = get(endpoint, "SELECT ?x WHERE { ?x")
    assert status == 400 and b"does not parse" in body
    status, _, _ = call(endpoint + "/nowhere")
    assert status == 404
    status, media, body = call(endpoint + "/")
    assert status == 200 and media.startswith("text/html") and b"<form" in body


@pytest.mark.slow
def test_kg_can_query_its_own_endpoint_as_a_remote_store(endpoint):
    store = RemoteStore(endpoint + "/sparql")
    rows = store.query("SELECT ?k WHERE { ?e ckg:killed ?k }").rows
    assert [str(r[0]) for r in rows] == ["3"]


def test_query_form_and_negotiation_rules():
    assert query_form("PREFIX ex: <http://ex/SELECT#>\nCONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }") == "CONSTRUCT"
    assert query_form("# ASK me\nselect * where { ?s ?p ?o }") == "SELECT"
    assert negotiate(None, "SELECT") == "application/sparql-results+json"
    assert negotiate("text/csv;q=0.4, text/tab-separated-values", "SELECT") == "text/tab-separated-values"
    assert negotiate("text/*", "DESCRIBE") == "text/turtle"
