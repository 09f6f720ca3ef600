"""A remote store: any SPARQL 1.1 endpoint (Oxigraph server, Fuseki, GraphDB, Virtuoso, …).

Reads use the SPARQL 1.1 Protocol. A document is written with one SPARQL 1.1 Update request (one
transaction on the server): ``INSERT DATA`` of its triples into its named graph and into the
default graph, which is so the union of the documents as a set (see ``oxigraph.py`` for why).
Where a server has no update endpoint, the Graph Store Protocol does it in two requests: ``POST``
to the default graph, then ``PUT`` of the named graph, which marks the document as in; a run
stopped between the two leaves the document not in, and the next run adds it again, harmlessly.
Only the standard library speaks HTTP here.

Where the endpoints are, from the URL given (``--store URL``):

===================================  =============  ==============  =========================
URL                                  query          update          graph store
===================================  =============  ==============  =========================
``http://host:7878`` (Oxigraph)      ``/query``     ``/update``     ``/store``
``…/repositories/NAME`` (GraphDB)    URL            ``/statements`` ``/rdf-graphs/service``
``…/sparql`` (Virtuoso, Blazegraph)  URL            URL             none (``INSERT DATA``)
``…/DATASET`` (Fuseki)               ``/query``     ``/update``     ``/data``
===================================  =============  ==============  =========================

Queries see the server's default graph, which kg fills: leave the server's own "union default
graph" options off, or every triple stated by several documents is seen once per document.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from kg.errors import InputError, QueryError
from kg.graphs import new_graph
from kg.store.base import Quad, QueryResult, Store, first_rows, prologue

RESULTS_ACCEPT = "application/sparql-results+json, application/n-triples;q=0.9, text/turtle;q=0.8"


@dataclass(frozen=True)
class Endpoints:
    query: str
    update: str
    graph_store: str | None


def endpoints(url: str) -> Endpoints:
    """Where a server's query, update and graph-store endpoints are, from the URL a user gives."""
    url = url.rstrip("/")
    path = urllib.parse.urlsplit(url).path
    if path in ("", "/"):
        return Endpoints(url + "/query", url + "/update", url + "/store")
    if "/repositories/" in path:
        return Endpoints(url, url + "/statements", url + "/rdf-graphs/service")
    if path.endswith("/sparql"):
        return Endpoints(url, url, None)
    for suffix in ("/query", "/update", "/store", "/data"):
        if path.endswith(suffix):  # a user who named one endpoint of the server: start from its base
            return endpoints(url[: -len(suffix)])
    return Endpoints(url + "/query", url + "/update", url + "/data")


def _json_term(value: dict[str, str]) -> Node:
    """A term of SPARQL 1.1 JSON results as rdflib's."""
    kind = value["type"]
    if kind == "uri":
        return URIRef(value["value"])
    if kind == "bnode":
        return BNode(value["value"])
    if "xml:lang" in value:
        return Literal(value["value"], lang=value["xml:lang"])
    datatype = value.get("datatype")
    if datatype and datatype != "http://www.w3.org/2001/XMLSchema#string":
        return Literal(value["value"], datatype=URIRef(datatype))
    return Literal(value["value"])


class RemoteStore(Store):
    """A SPARQL 1.1 endpoint over HTTP."""

    def __init__(self, url: str, timeout: float = 120.0) -> None:
        self.location = url
        self.endpoints = endpoints(url)
        self.timeout = timeout
        self.use_graph_store = False  # SPARQL Update until the server says it has none

    def _request(self, url: str, data: bytes | None, headers: dict[str, str],
                 method: str = "POST") -> tuple[str, bytes]:
        request = urllib.request.Request(url, data=data, headers=headers, method=method)
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310 - user's endpoint
                return response.headers.get("Content-Type", ""), response.read()
        except urllib.error.HTTPError as err:
            body = err.read().decode("utf-8", "replace")
            raise QueryError(f"{url}: HTTP {err.code} {err.reason}: {' '.join(body.split())[:300]}") from None
        except (urllib.error.URLError, OSError) as err:
            reason = getattr(err, "reason", err)
            raise InputError(f"{url}: cannot reach the SPARQL endpoint ({reason})") from None

    def query(self, sparql: str, max_rows: int | None = None) -> QueryResult:

        content_type, body = self._request(
            self.endpoints.query,
            urllib.parse.urlencode({"query": prologue() + sparql}).encode("utf-8"),
            {"Content-Type": "application/x-www-form-urlencoded", "Accept": RESULTS_ACCEPT},
        )
        media = content_type.split(";")[0].strip().lower()
        if media in ("application/sparql-results+json", "application/json"):
            answer = json.loads(body)
            if "boolean" in answer:
                return QueryResult([], [], boolean=bool(answer["boolean"]))
            variables = answer["head"].get("vars", [])
            bindings = first_rows(answer["results"]["bindings"], max_rows)
            rows = [[_json_term(b[v]) if v in b else None for v in variables] for b in bindings]
            return QueryResult(variables, rows)
        formats = {"application/n-triples": "nt", "text/plain": "nt", "text/turtle": "turtle",
                   "application/rdf+xml": "xml", "application/ld+json": "json-ld"}
        if media in formats:
            graph = new_graph()
            graph.parse(data=body.decode("utf-8"), format=formats[media])
            return QueryResult([], [], graph=graph)
        raise QueryError(f"{self.endpoints.query}: unexpected answer of type {content_type or 'unknown'}")

    def has_graph(self, name: URIRef) -> bool:
        result = self.query(f"ASK {{ GRAPH <{name}> {{ ?s ?p ?o }} }}")
        return bool(result.boolean)

    def put_graph(self, name: URIRef, graph: Graph) -> None:
        ntriples = graph.serialize(format="nt", encoding="utf-8")
        if not self.use_graph_store:
            text = ntriples.decode("utf-8")
            update = f"INSERT DATA {{\n{text}GRAPH <{name}> {{\n{text}}} }}"
            try:
                self._request(self.endpoints.update, update.encode("utf-8"),
                              {"Content-Type": "application/sparql-update"})
                return
            except QueryError as err:
                if self.endpoints.graph_store is None or not any(f"HTTP {code}" in str(err)
                                                                 for code in (404, 405, 501)):
                    raise
                self.use_graph_store = True  # no update endpoint here: the Graph Store Protocol from now on
        headers = {"Content-Type": "application/n-triples"}
        self._request(f"{self.endpoints.graph_store}?default", ntriples, headers, method="POST")
        named = f"{self.endpoints.graph_store}?{urllib.parse.urlencode({'graph': str(name)})}"
        self._request(named, ntriples, headers, method="PUT")

    def drop_graph(self, name: URIRef) -> None:
        if self.use_graph_store and self.endpoints.graph_store is not None:
            named = f"{self.endpoints.graph_store}?{urllib.parse.urlencode({'graph': str(name)})}"
            try:
                self._request(named, None, {}, method="DELETE")
            except QueryError as err:
                if "HTTP 404" not in str(err):
                    raise
            return
        # the copies put_graph wrote into the default graph go too, unless another graph holds them
        update = (f"DELETE {{ ?s ?p ?o }} WHERE {{ GRAPH <{name}> {{ ?s ?p ?o }} "
                  f"FILTER NOT EXISTS {{ GRAPH ?other {{ ?s ?p ?o }} FILTER (?other != <{name}>) }} }} ;\n"
                  f"DROP SILENT GRAPH <{name}>")
        self._request(self.endpoints.update, update.encode("utf-8"), {"Content-Type": "application/sparql-update"})

    def quads(self) -> Iterator[Quad]:
        result = self.query("SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
        yield from (tuple(row) for row in result.rows)  # type: ignore[misc]

    @property
    def url(self) -> str:  # type: ignore[override]
        """The endpoint as the user named it: what a Dask worker opens to write there itself."""
        return self.location
