"""kg serve and kg query against hostile requests: nothing outside the graph is read or reached,
foreign hosts and other sites' pages are refused, a query cannot take the machine's memory, long
queries cannot starve short ones, and bad options get one line."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from test_serve import call, get, one_document_store, serving

from kg.errors import QueryError
from kg.serve import Limits, allowed_host, cross_origin
from kg.store.reach import check_reach

ARTICLE = "Des drones ont frappé Kharkiv mardi, tuant trois civils. L'Ukraine a condamné l'attaque."
#: a cross join sorted: its rows must all be held before the first is sent
HUNGRY = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l } ORDER BY ?a ?f ?i ?l"
#: a cross join counted: minutes on any machine, in constant memory
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n ?o }"


class Listener:
    """An HTTP server that records every request it gets (and answers a small Turtle graph)."""

    def __init__(self) -> None:
        self.requests: list[str] = []
        listener = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def _answer(self) -> None:
                listener.requests.append(f"{self.command} {self.path}")
                body = b"<https://example.org/leak> <https://example.org/p> <https://example.org/o> .\n"
                self.send_response(200)
                self.send_header("Content-Type", "text/turtle")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_GET = do_POST = _answer

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture(scope="module")
def listener():
    server = Listener()
    yield server
    server.close()


@pytest.fixture(scope="module")
def secret(tmp_path_factory):
    path = tmp_path_factory.mktemp("secret") / "secret.ttl"
    path.write_text("<https://example.org/secret> <https://example.org/p> \"the secret\" .\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module", params=["oxigraph", "graph-file"])
def spec(request, tmp_path_factory):
    return one_document_store(request.param, tmp_path_factory.mktemp("hostile"), ARTICLE)


@pytest.fixture(scope="module")
def endpoint(spec):
    server, base = serving(spec, Limits(timeout=20, max_rows=1000, max_memory=300, concurrent=3, quick=0.5))
    yield base
    server.shutdown()
    server.server_close()


def document_graph(base: str) -> str:
    _, _, body = get(base, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
    return json.loads(body)["results"]["bindings"][0]["g"]["value"]


@pytest.mark.slow
def test_from_a_file_or_a_url_and_service_are_refused_and_reach_nothing(endpoint, listener, secret):
    attempts = {
        f"ASK FROM <{secret.as_uri()}> {{ ?s ?p \"the secret\" }}": b"FROM <file:",
        f"SELECT * FROM <{secret.as_uri()}> WHERE {{ ?s ?p ?o }}": b"FROM <file:",
        f"SELECT * FROM NAMED <{listener.url}/g.ttl> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}": b"FROM NAMED <http:",
        f"PREFIX x: <{listener.url}/>\nSELECT * FROM x:g.ttl WHERE {{ ?s ?p ?o }}": b"FROM <http:",
        f"SELECT * WHERE {{ SERVICE <{listener.url}/sparql> {{ ?s ?p ?o }} }}": b"SERVICE is refused",
        f"SELECT * WHERE {{ SERVICE SILENT <{listener.url}/sparql> {{ ?s ?p ?o }} }}": b"SERVICE is refused",
    }
    for query, message in attempts.items():
        status, _, body = get(endpoint, query)
        assert status == 400 and message in body, (query, body)
        assert b"the secret" not in body and b"leak" not in body
    assert listener.requests == []


@pytest.mark.slow
def test_from_a_graph_of_the_store_is_answered(endpoint):
    graph = document_graph(endpoint)
    status, _, body = get(endpoint, f"SELECT (COUNT(*) AS ?n) FROM <{graph}> WHERE {{ ?e a ckg:Event }}")
    assert status == 200 and int(json.loads(body)["results"]["bindings"][0]["n"]["value"]) >= 1
    # keywords inside strings, IRIs and comments are no clause
    query = 'SELECT ?s WHERE { ?s ?p "SERVICE <http://x/> FROM" } # FROM <file:///etc/passwd>'
    status, _, body = get(endpoint, query)
    assert status == 200


@pytest.mark.slow
def test_a_foreign_host_or_another_sites_page_is_refused(endpoint):
    url = f"{endpoint}/sparql?{urllib.parse.urlencode({'query': 'ASK { ?s ?p ?o }'})}"
    port = endpoint.rsplit(":", 1)[1]
    status, _, body = call(url, headers={"Host": f"attacker.example:{port}"})
    assert status == 403 and b"Host" in body
    form = urllib.parse.urlencode({"query": "ASK { ?s ?p ?o }"}).encode()
    status, _, body = call(endpoint + "/sparql", form, {"Content-Type": "application/x-www-form-urlencoded",
                                                         "Origin": "https://attacker.example"})
    assert status == 403 and b"another site" in body
    status, _, _ = call(url, headers={"Sec-Fetch-Site": "cross-site"})
    assert status == 403
    # the endpoint's own page, curl and localhost are answered
    status, _, _ = call(endpoint + "/sparql", form, {"Content-Type": "application/x-www-form-urlencoded",
                                                      "Origin": endpoint, "Sec-Fetch-Site": "same-origin"})
    assert status == 200
    status, _, _ = call(url, headers={"Host": f"localhost:{port}"})
    assert status == 200


def test_host_and_origin_rules():
    assert allowed_host("127.0.0.1:7879", "127.0.0.1") and allowed_host("[::1]:7879", "127.0.0.1")
    assert allowed_host("localhost", "127.0.0.1")
    assert not allowed_host("rebind.attacker.example:7879", "127.0.0.1")
    assert not allowed_host("192.168.1.5:7879", "127.0.0.1")  # a loopback server is reached by loopback only
    assert allowed_host("192.168.1.5:7879", "0.0.0.0") and not allowed_host("kg.lan:7879", "0.0.0.0")
    assert not allowed_host(None, "127.0.0.1")
    assert cross_origin("null", None, "127.0.0.1:7879")
    assert not cross_origin("http://127.0.0.1:7879", "same-origin", "127.0.0.1:7879")
    assert not cross_origin(None, None, "127.0.0.1:7879")


@pytest.mark.slow
def test_a_query_over_the_memory_bound_is_stopped_while_a_short_one_answers(endpoint):
    answers: dict[str, tuple[int, bytes, float]] = {}

    def hungry() -> None:
        start = time.monotonic()
        status, _, body = get(endpoint, HUNGRY)
        answers["hungry"] = (status, body, time.monotonic() - start)

    thread = threading.Thread(target=hungry)
    thread.start()
    time.sleep(0.3)
    start = time.monotonic()
    status, _, _ = get(endpoint, "ASK { ?e a ckg:Event }")
    assert status == 200 and time.monotonic() - start < 2
    thread.join(60)
    status, body, seconds = answers["hungry"]
    assert status == 503 and b"more than 300 MB (--max-memory)" in body
    assert seconds < 20  # stopped by the memory bound, not by the timeout
    status, _, _ = get(endpoint, "ASK { ?e a ckg:Event }")
    assert status == 200


@pytest.mark.slow
def test_long_queries_never_take_the_last_slot(spec):
    server, base = serving(spec, Limits(timeout=6, max_rows=1000, concurrent=2, quick=0.3))
    try:
        answers: list[tuple[int, bytes]] = []
        threads = [threading.Thread(target=lambda: answers.append(get(base, SLOW)[::2])) for _ in range(2)]
        for thread in threads:
            thread.start()
            time.sleep(0.1)
        time.sleep(0.5)  # both are long now: one holds the long slot, the other was stopped
        start = time.monotonic()
        status, _, _ = get(base, "ASK { ?e a ckg:Event }")
        assert status == 200 and time.monotonic() - start < 2
        for thread in threads:
            thread.join(30)
        assert sorted(status for status, _ in answers) == [503, 503]
        messages = sorted(body for _, body in answers)
        assert b"busy with 1 long queries" in messages[0] + messages[1]
        assert any(b"stopped after 6 s" in body for body in messages)
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.slow
def test_a_bad_content_length_gets_400(endpoint):
    status, _, body = call(endpoint + "/sparql", b"ASK {}", {"Content-Type": "application/sparql-query",
                                                            "Content-Length": "-5"})
    assert status == 400 and b"Content-Length" in body


def test_reach_is_read_as_sparqls_lexer_reads_it():
    graphs = ["https://w3id.org/conflict-kg/id/doc-1"]
    check_reach("SELECT ?from ?service WHERE { ?from ex:FROM ?service }", list)
    check_reach("SELECT * FROM <https://w3id.org/conflict-kg/id/doc-1> WHERE { ?s ?p ?o }", lambda: graphs)
    check_reach("SELECT * FROM id:doc-1 WHERE { ?s ?p ?o }", lambda: graphs)  # a predeclared prefix
    check_reach("SELECT * WHERE { ?s ?p '''a long\nSERVICE <http://x/> string''' }", list)
    for query in ["select * from <file:///etc/passwd> where {}", "SELECT * WHERE { service<http://x/>{} }",
                  "SELECT * FROM unknown:g WHERE {}", "SELECT * FROM NAMED <http://x/> WHERE {}"]:
        with pytest.raises(QueryError):
            check_reach(query, lambda: graphs)


def kg(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "kg.cli", *args], capture_output=True, text=True, timeout=120)


@pytest.mark.slow
def test_kg_query_reads_nothing_outside_the_graph(spec, secret, listener):
    store = ["--store", spec] if not spec.endswith(".trig") else [spec]
    for query in [f"SELECT * FROM <{secret.as_uri()}> WHERE {{ ?s ?p ?o }}",
                  f"SELECT * WHERE {{ SERVICE <{listener.url}/sparql> {{ ?s ?p ?o }} }}"]:
        done = kg("query", *store, query)
        assert done.returncode == 2 and done.stderr.startswith("kg: error:") and len(done.stderr.splitlines()) == 1
        assert "the secret" not in done.stdout
    assert listener.requests == []
    done = kg("query", *store, "INSERT DATA { <https://example.org/a> <https://example.org/b> 1 }")
    assert done.returncode == 2 and "SPARQL Update is refused" in done.stderr
    # an inline query longer than a file name can be
    filters = " ".join(f"FILTER (?e != <https://example.org/not-an-event/{i}>)" for i in range(10))
    long_query = "SELECT (COUNT(*) AS ?n) WHERE { ?e a ckg:Event " + filters + " }"
    assert len(long_query) > 255
    done = kg("query", *store, long_query, "--format", "json")
    assert done.returncode == 0, done.stderr
    assert int(json.loads(done.stdout)[0]["n"]) >= 1


@pytest.mark.parametrize("option, message", [
    (["--timeout", "0"], "--timeout must be more than 0"),
    (["--max-rows", "-1"], "--max-rows must be 1 or more"),
    (["--port", "99999"], "between 0 and 65535"),
    (["--max-memory", "10"], "--max-memory must be 64 MB or more"),
    (["--concurrent", "0"], "--concurrent must be 1 or more"),
])
def test_bad_serve_options_get_one_line(tmp_path, option, message):
    done = kg("serve", str(tmp_path / "none.ttl"), *option)
    assert done.returncode == 2 and message in done.stderr and len(done.stderr.splitlines()) == 1


@pytest.mark.slow
def test_serving_beyond_loopback_warns(spec):
    process = subprocess.Popen([sys.executable, "-m", "kg.cli", "serve", *(["--store", spec] if not
                                spec.endswith(".trig") else [spec]), "--host", "0.0.0.0", "--port", "0"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert process.stdout is not None and process.stderr is not None
        line = process.stdout.readline()  # the endpoint's address: it is serving
        assert "SPARQL endpoint" in line
        warning = process.stderr.readline()
        assert warning.startswith("kg: warning: listening on 0.0.0.0") and "no authentication" in warning
    finally:
        process.kill()
        process.wait()
