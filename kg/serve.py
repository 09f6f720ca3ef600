"""``kg serve``: a read-only SPARQL 1.1 endpoint over a store, on localhost.

It speaks the query operation of the SPARQL 1.1 Protocol (``GET /sparql?query=…``, ``POST`` of a
form or of ``application/sparql-query``) and negotiates the answer's format from the ``Accept``
header (or a ``format=`` parameter): SPARQL JSON, CSV or TSV for SELECT and ASK; Turtle,
N-Triples, JSON-LD or RDF/XML for CONSTRUCT and DESCRIBE. SPARQL Update is refused.

Each query runs in a forked child process that is killed when it outlives the timeout, the only
sure way to stop a query engine (rdflib or Oxigraph) in the middle of a join; the child's address
space is bounded too (``RLIMIT_AS``), so that one query cannot take the machine's memory. An
Oxigraph store is opened read-only in the child, so the server never holds the database's write
lock; do not ``kg add`` to a store while it is served.

The endpoint answers from the store and reaches nothing else (``SERVICE`` and ``FROM`` of a file
or a URL are refused by the store, see :mod:`kg.store.reach`). A web page the user visits could
still send it requests: those that name another host (``Host``, the DNS-rebinding attack) or come
from another origin (``Origin``, ``Sec-Fetch-Site``) are refused.
"""

from __future__ import annotations

import contextlib
import csv
import faulthandler
import io
import ipaddress
import json
import multiprocessing
import os
import re
import threading
import urllib.parse
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import cast

from rdflib import BNode, Literal, URIRef

from kg.errors import KgError
from kg.store import Store, looks_like_update, open_store
from kg.store.base import QueryResult, keywords_only

#: format= shorthand → media type
FORMAT_NAMES = {
    "json": "application/sparql-results+json", "csv": "text/csv", "tsv": "text/tab-separated-values",
    "turtle": "text/turtle", "ttl": "text/turtle", "ntriples": "application/n-triples", "nt": "application/n-triples",
    "jsonld": "application/ld+json", "xml": "application/rdf+xml", "srx": "application/sparql-results+xml",
}
#: what each kind of answer can be written as, the default first
SOLUTION_TYPES = ["application/sparql-results+json", "application/json", "application/sparql-results+xml",
                  "text/csv", "text/tab-separated-values"]
GRAPH_TYPES = {"text/turtle": "turtle", "application/n-triples": "nt", "text/plain": "nt",
               "application/ld+json": "json-ld", "application/rdf+xml": "xml"}

_QUERY_FORM = re.compile(r"\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", re.IGNORECASE)

FRONT_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>conflict-kg SPARQL endpoint</title></head>
<body><h1>conflict-kg SPARQL endpoint</h1>
<p>Read-only SPARQL 1.1 endpoint at <code>/sparql</code>. Predeclared prefixes: ckg: evt: rel: id: rdfs: rdf:
xsd: owl: prov: skos: dcterms: geo: wd:.</p>
<form action="/sparql" method="post">
<textarea name="query" rows="12" cols="100">SELECT ?type (COUNT(?e) AS ?events) WHERE {
  ?e a ckg:Event ; ckg:eventType ?type
} GROUP BY ?type ORDER BY DESC(?events)</textarea><br>
<select name="format"><option>json</option><option>csv</option><option>tsv</option><option>turtle</option></select>
<button type="submit">Run</button></form></body></html>
"""


class RequestError(Exception):
    """An answer other than 200, with the message the client reads."""

    def __init__(self, status: HTTPStatus, message: str) -> None:
        super().__init__(message)
        self.status = status


@dataclass(frozen=True)
class Limits:
    """What one query may take: seconds, rows, memory; and how many run at once."""

    timeout: float = 30.0
    max_rows: int = 100_000
    #: megabytes a query's process may allocate beyond what the server holds when it forks
    max_memory: int = 2048
    #: queries running at once; all but one of them may be long ones (see QuerySlots)
    concurrent: int = 4
    #: seconds after which a query counts as long
    quick: float = 1.0


class QuerySlots:
    """At most ``concurrent`` queries run at once, and at most ``concurrent - 1`` of them long ones.

    A query is long once it has run ``quick`` seconds.  Long queries never take the last slot, so a
    short one waits at most about ``quick`` seconds, however many long ones clients send; a query
    that turns long while the long slots are taken is stopped (503, try again later) instead of
    holding the slot that short ones need."""

    def __init__(self, concurrent: int) -> None:
        self.concurrent = concurrent
        self.running = threading.BoundedSemaphore(concurrent)
        self.long = threading.BoundedSemaphore(max(1, concurrent - 1))

    @contextlib.contextmanager
    def slot(self) -> Iterator[None]:
        with self.running:
            yield

    def turn_long(self) -> bool:
        """Take a long slot for a query that has run ``quick`` seconds; False if none is free."""
        return self.long.acquire(blocking=False)

    def end_long(self) -> None:
        self.long.release()


def loopback(host: str) -> bool:
    """Whether a host name or address is this machine's loopback (localhost, 127.0.0.0/8, ::1)."""
    host = host.strip("[]").lower()
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _host_name(host_header: str) -> str:
    """The host of a ``Host`` header or of an origin's authority, without the port."""
    if host_header.startswith("["):  # [::1]:7879
        return host_header[1 : host_header.find("]")] if "]" in host_header else host_header
    return host_header.rsplit(":", 1)[0] if host_header.count(":") == 1 else host_header


def allowed_host(host_header: str | None, bound: str) -> bool:
    """Whether a request's ``Host`` may be answered by a server bound to ``bound``.

    A DNS-rebinding page reaches the server under a name of its own: only ``localhost`` and IP
    addresses are answered (loopback ones when the server listens on loopback), never a name."""
    if not host_header:
        return False
    name = _host_name(host_header.strip())
    if loopback(name):
        return True
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False  # a name: a page's own, never answered
    return not loopback(bound)  # another address of this machine, when it listens beyond loopback


def cross_origin(origin: str | None, fetch_site: str | None, host_header: str | None) -> bool:
    """Whether a browser says the request comes from another site's page (``Origin`` other than the
    endpoint's own, ``Sec-Fetch-Site`` cross-site or same-site); a client that says nothing (curl,
    a SPARQL library) is not."""
    if fetch_site is not None and fetch_site.lower() in ("cross-site", "same-site"):
        return True
    if origin is None:
        return False
    parts = urllib.parse.urlsplit(origin.strip())
    return origin.strip() == "null" or parts.netloc.lower() != (host_header or "").strip().lower()


def query_form(sparql: str) -> str:
    """SELECT, ASK, CONSTRUCT or DESCRIBE: the first of these keywords outside comments and IRIs."""
    match = _QUERY_FORM.search(keywords_only(sparql))
    return match.group(1).upper() if match else "SELECT"


def _quality(accept: str) -> list[tuple[str, float]]:
    """The media types of an Accept header with their q-values, best first."""
    ranked = []
    for index, part in enumerate(accept.split(",")):
        fields = [f.strip() for f in part.split(";")]
        if not fields[0]:
            continue
        q = 1.0
        for field in fields[1:]:
            if field.startswith("q="):
                try:
                    q = float(field[2:])
                except ValueError:
                    q = 0.0
        ranked.append((fields[0].lower(), q, -index))
    return [(media, q) for media, q, _ in sorted(ranked, key=lambda r: (r[1], r[2]), reverse=True) if q > 0]


def negotiate(accept: str | None, form: str) -> str:
    """The media type to answer with, from the Accept header, for a query of this form."""
    offered = list(GRAPH_TYPES) if form in ("CONSTRUCT", "DESCRIBE") else SOLUTION_TYPES
    if not accept:
        return offered[0]
    for media, _ in _quality(accept):
        if media in offered:
            return media
        if media in ("*/*", "application/*", "text/*"):
            prefix = media.split("/")[0]
            return next((m for m in offered if prefix == "*" or m.startswith(prefix + "/")), offered[0])
    raise RequestError(HTTPStatus.NOT_ACCEPTABLE,
                       f"cannot answer a {form} query as {accept}; offered: {', '.join(offered)}")


def _json_term(term: object) -> dict[str, str]:
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    assert isinstance(term, Literal)
    value = {"type": "literal", "value": str(term)}
    if term.language:
        value["xml:lang"] = term.language
    elif term.datatype is not None:
        value["datatype"] = str(term.datatype)
    return value


def serialize(result: QueryResult, media: str) -> bytes:
    """A query's answer in the negotiated media type."""
    if result.graph is not None:
        return result.graph.serialize(format=GRAPH_TYPES[media], encoding="utf-8")
    if media in ("application/sparql-results+json", "application/json"):
        if result.boolean is not None:
            return json.dumps({"head": {}, "boolean": result.boolean}).encode("utf-8")
        bindings = [{v: _json_term(t) for v, t in zip(result.variables, row, strict=True) if t is not None}
                    for row in result.rows]
        body = {"head": {"vars": result.variables}, "results": {"bindings": bindings}}
        return json.dumps(body, ensure_ascii=False).encode("utf-8")
    if media == "application/sparql-results+xml":
        return _results_xml(result)
    buffer = io.StringIO()
    if media == "text/csv":
        writer = csv.writer(buffer, lineterminator="\r\n")
        if result.boolean is not None:
            writer.writerows([["_askResult"], [str(result.boolean).lower()]])
        else:
            writer.writerow(result.variables)
            writer.writerows(["" if t is None else (f"_:{t}" if isinstance(t, BNode) else str(t)) for t in row]
                             for row in result.rows)
    else:  # TSV: terms in their N-Triples form
        if result.boolean is not None:
            buffer.write(f"?_askResult\n{str(result.boolean).lower()}\n")
        else:
            buffer.write("\t".join(f"?{v}" for v in result.variables) + "\n")
            for row in result.rows:
                buffer.write("\t".join("" if t is None else t.n3() for t in row) + "\n")
    return buffer.getvalue().encode("utf-8")


def _bound_memory(megabytes: int) -> None:
    """Bound this process's address space to what it holds now plus ``megabytes`` (Linux: the
    size read from /proc; elsewhere nothing is bounded)."""
    import resource

    try:
        with open("/proc/self/status", encoding="ascii") as status:
            held_kb = next(int(line.split()[1]) for line in status if line.startswith("VmSize:"))
    except (OSError, StopIteration, ValueError):
        return
    limit = (held_kb + megabytes * 1024) * 1024
    with contextlib.suppress(ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def _results_xml(result: QueryResult) -> bytes:
    """The SPARQL 1.1 Query Results XML Format."""
    from xml.etree import ElementTree as ET

    root = ET.Element("sparql", xmlns="http://www.w3.org/2005/sparql-results#")
    head = ET.SubElement(root, "head")
    if result.boolean is not None:
        ET.SubElement(root, "boolean").text = str(result.boolean).lower()
    else:
        for name in result.variables:
            ET.SubElement(head, "variable", name=name)
        results = ET.SubElement(root, "results")
        for row in result.rows:
            solution = ET.SubElement(results, "result")
            for name, term in zip(result.variables, row, strict=True):
                if term is None:
                    continue
                binding = ET.SubElement(solution, "binding", name=name)
                described = _json_term(term)
                kind = described["type"]
                element = ET.SubElement(binding, "uri" if kind == "uri" else "bnode" if kind == "bnode" else "literal")
                element.text = described["value"]
                if "xml:lang" in described:
                    element.set("xml:lang", described["xml:lang"])
                elif "datatype" in described:
                    element.set("datatype", described["datatype"])
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def _answer_in_child(open_worker_store: Callable[[], Store], sparql: str, media: str, limits: Limits,
                     conn: multiprocessing.connection.Connection) -> None:
    """Run in the forked child: the answer's bytes, or an error, back through the pipe."""
    try:
        # a query engine out of memory may abort with a message of its own: the client gets ours
        faulthandler.disable()
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 2)
        _bound_memory(limits.max_memory)
        store = open_worker_store()
        result = store.query(sparql, max_rows=limits.max_rows)
        size = len(result.graph) if result.graph is not None else len(result.rows)
        if size > limits.max_rows:
            conn.send(("error", HTTPStatus.REQUEST_ENTITY_TOO_LARGE,
                       f"the answer has more than {limits.max_rows} rows; add a LIMIT or raise --max-rows"))
        else:
            conn.send(("ok", media, serialize(result, media)))
    except MemoryError:
        conn.send(("error", HTTPStatus.SERVICE_UNAVAILABLE, _over_memory(limits)))
    except KgError as err:
        conn.send(("error", HTTPStatus.BAD_REQUEST, str(err)))
    except Exception as err:  # the child must always answer
        conn.send(("error", HTTPStatus.INTERNAL_SERVER_ERROR, f"{type(err).__name__}: {err}"))
    finally:
        conn.close()


def _over_memory(limits: Limits) -> str:
    return f"the query was stopped: it needed more than {limits.max_memory} MB (--max-memory)"


class Endpoint:
    """A store behind the SPARQL protocol, with limits."""

    def __init__(self, spec: str | Store, limits: Limits) -> None:
        self.limits = limits
        self.slots = QuerySlots(limits.concurrent)
        self.context = multiprocessing.get_context("fork")
        # opened now, so that what is no store fails now, clearly
        store = spec if isinstance(spec, Store) else open_store(spec, read_only=True)
        # Each child gets its handle from here: a graph in memory is shared by the fork; a database,
        # whose handle does not survive a fork, is closed here and opened again, read-only, in the child.
        self.open_worker_store: Callable[[], Store] = store.reopen_read_only
        store.close()
        self.location = store.location

    def answer(self, sparql: str, accept: str | None) -> tuple[str, bytes]:
        """The media type and body answering ``sparql``, or a RequestError."""
        if not sparql.strip():
            raise RequestError(HTTPStatus.BAD_REQUEST, "no query: give one as query=…")
        if looks_like_update(sparql):
            raise RequestError(HTTPStatus.FORBIDDEN, "this endpoint is read-only: SPARQL Update is refused")
        media = negotiate(accept, query_form(sparql))
        with self.slots.slot():
            status, first, second = self._run_child(sparql, media)
        if status == "error":  # ("error", an HTTP status, a message)
            raise RequestError(cast(HTTPStatus, first), cast(str, second))
        return cast(str, first), cast(bytes, second)  # ("ok", the media type, the body)

    def _run_child(self, sparql: str, media: str) -> tuple[str, object, object]:
        """Run the query in a child process, within the limits; its answer as the child sent it."""
        limits = self.limits
        receiver, sender = self.context.Pipe(duplex=False)
        child = self.context.Process(target=_answer_in_child, daemon=True,
                                     args=(self.open_worker_store, sparql, media, limits, sender))
        child.start()
        sender.close()
        long = False
        try:
            quick = min(limits.quick, limits.timeout)
            if not receiver.poll(quick):
                long = self.slots.turn_long()
                if not long:
                    child.kill()
                    raise RequestError(HTTPStatus.SERVICE_UNAVAILABLE,
                                       f"the endpoint is busy with {self.slots.concurrent - 1} long queries; "
                                       "the query was stopped, try again later")
                if not receiver.poll(limits.timeout - quick):
                    child.kill()
                    raise RequestError(HTTPStatus.SERVICE_UNAVAILABLE,
                                       f"the query was stopped after {limits.timeout:g} s (--timeout)")
            try:
                return receiver.recv()  # what _answer_in_child sent
            except EOFError:
                child.join(5)
                if child.exitcode is not None and child.exitcode < 0:
                    # killed by a signal: an engine that cannot allocate aborts (Oxigraph), the kernel kills
                    raise RequestError(HTTPStatus.SERVICE_UNAVAILABLE, _over_memory(limits)) from None
                raise RequestError(HTTPStatus.INTERNAL_SERVER_ERROR, "the query process died") from None
        finally:
            if long:
                self.slots.end_long()
            receiver.close()
            child.join(1)


def _handler(endpoint: Endpoint, bound_host: str) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        server_version = "conflict-kg"

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base class's name
            pass  # one line per request on stderr is noise for a local tool

        def _send(self, status: HTTPStatus, media: str, body: bytes) -> None:
            self.send_response(status)
            self.send_header("Content-Type", f"{media}; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Vary", "Accept")
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)

        def _error(self, status: HTTPStatus, message: str) -> None:
            self._send(status, "text/plain", (message + "\n").encode("utf-8"))

        def _refused(self) -> bool:
            """Answer 403 to a request under a foreign host name or from another site's page."""
            host = self.headers.get("Host")
            if not allowed_host(host, bound_host):
                self._error(HTTPStatus.FORBIDDEN, f"refused: the Host {host!r} is not this endpoint's "
                            "(ask for localhost or an IP address)")
                return True
            if cross_origin(self.headers.get("Origin"), self.headers.get("Sec-Fetch-Site"), host):
                self._error(HTTPStatus.FORBIDDEN, "refused: a request from another site's page")
                return True
            return False

        def _run(self, params: dict[str, list[str]], sparql: str | None) -> None:
            if "update" in params:
                self._error(HTTPStatus.FORBIDDEN, "this endpoint is read-only: SPARQL Update is refused")
                return
            query = sparql if sparql is not None else (params.get("query") or [""])[0]
            accept = self.headers.get("Accept")
            wanted = (params.get("format") or [""])[0].lower()
            if wanted:
                if wanted not in FORMAT_NAMES:
                    self._error(HTTPStatus.BAD_REQUEST, f"unknown format {wanted!r}; one of {', '.join(FORMAT_NAMES)}")
                    return
                accept = FORMAT_NAMES[wanted]
            try:
                media, body = endpoint.answer(query, accept)
            except RequestError as err:
                self._error(err.status, str(err))
                return
            self._send(HTTPStatus.OK, media, body)

        def do_GET(self) -> None:  # noqa: N802 - http.server's naming
            if self._refused():
                return
            url = urllib.parse.urlsplit(self.path)
            if url.path in ("/", "/index.html") and not url.query:
                self._send(HTTPStatus.OK, "text/html", FRONT_PAGE.encode("utf-8"))
            elif url.path in ("/sparql", "/query", "/"):
                self._run(urllib.parse.parse_qs(url.query), None)
            else:
                self._error(HTTPStatus.NOT_FOUND, f"no such resource: {url.path}; the endpoint is /sparql")

        do_HEAD = do_GET

        def do_POST(self) -> None:  # noqa: N802
            if self._refused():
                return
            url = urllib.parse.urlsplit(self.path)
            if url.path not in ("/sparql", "/query", "/", "/update"):
                self._error(HTTPStatus.NOT_FOUND, f"no such resource: {url.path}; the endpoint is /sparql")
                return
            try:
                length = int(self.headers.get("Content-Length") or 0)
            except ValueError:
                length = -1
            if length < 0:
                self._error(HTTPStatus.BAD_REQUEST, "a POST needs a Content-Length of 0 or more bytes")
                return
            if length > 10_000_000:
                self._error(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, "a query of more than 10 MB is refused")
                return
            body = self.rfile.read(length).decode("utf-8", "replace")
            media = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
            params = urllib.parse.parse_qs(url.query)
            if url.path == "/update" or media == "application/sparql-update":
                self._error(HTTPStatus.FORBIDDEN, "this endpoint is read-only: SPARQL Update is refused")
            elif media == "application/sparql-query":
                self._run(params, body)
            elif media == "application/x-www-form-urlencoded":
                params.update(urllib.parse.parse_qs(body))
                self._run(params, None)
            else:
                self._error(HTTPStatus.UNSUPPORTED_MEDIA_TYPE,
                            "POST a form (query=…) or application/sparql-query")

    return Handler


def make_server(spec: str | Store, host: str = "127.0.0.1", port: int = 7879,
                limits: Limits | None = None) -> ThreadingHTTPServer:
    """A server (not yet serving) answering SPARQL over a store, or the store ``spec`` names
    (:func:`kg.store.open_store`, read-only)."""
    endpoint = Endpoint(spec, limits or Limits())
    server = ThreadingHTTPServer((host, port), _handler(endpoint, host))
    server.daemon_threads = True
    return server
