"""The in-memory store: an rdflib dataset, the default for one-off builds.

It can start from a graph file (``--store out/graph.ttl``) to query or serve it; it is then
read-only, because rewriting a whole file per document would make ``kg add`` quadratic: adding
to a store that lasts is the job of an Oxigraph directory or a SPARQL endpoint.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import cast

from rdflib import Dataset, Graph, URIRef
from rdflib.plugins.sparql import prepareQuery
from rdflib.query import ResultRow
from rdflib.term import Node

from kg.errors import InputError, QueryError
from kg.graphs import new_dataset, new_graph, union_graph  # noqa: F401 - union_graph re-exported
from kg.store.base import PREFIXES, Quad, QueryResult, Store, first_rows
from kg.store.reach import check_reach, no_graph_loading

no_graph_loading()


def query_graph(graph: Graph | Dataset, sparql: str, max_rows: int | None = None) -> QueryResult:
    """Run SPARQL on an rdflib graph; the project's prefixes (ckg:, evt:, rel:, …) need not be declared."""
    try:
        prepared = prepareQuery(sparql, initNs=PREFIXES)
    except Exception as err:
        message = " ".join(str(err).split())[:300]
        raise QueryError(f"the query does not parse: {message}") from None
    check_reach(sparql, lambda: _graph_names(graph))
    try:
        result = graph.query(prepared)
    except MemoryError:
        raise  # not the query's fault: the caller's bound (kg serve --max-memory)
    except Exception as err:
        raise QueryError(f"the query failed: {' '.join(str(err).split())[:300]}") from None
    if result.type == "ASK":
        return QueryResult([], [], boolean=bool(result.askAnswer))
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        out = new_graph()
        for triple in first_rows(result, max_rows):
            out.add(cast(tuple[Node, Node, Node], triple))
        return QueryResult([], [], graph=out)
    variables = [str(v) for v in result.vars or []]
    return QueryResult(variables, [list(cast(ResultRow, row)) for row in first_rows(result, max_rows)])


def _graph_names(graph: Graph | Dataset) -> list[str]:
    if isinstance(graph, Dataset):
        return [str(context.identifier) for context in graph.contexts()]
    return []


class MemoryStore(Store):
    """An rdflib dataset in this process; gone when it ends unless written to a file."""

    def __init__(self, path: str | Path | None = None) -> None:
        from kg.store.files import load_graph

        self.location = str(path) if path is not None else "memory"
        self.writable = path is None
        self.data: Dataset = load_graph(path) if path is not None else new_dataset()

    def has_graph(self, name: URIRef) -> bool:
        # quads(), not graph(name): graph() would create an empty graph of that name as a side effect
        # rdflib takes a graph's name as well as a graph here, which its annotations do not say
        return next(self.data.quads((None, None, None, name)), None) is not None  # type: ignore[arg-type]

    def put_graph(self, name: URIRef, graph: Graph) -> None:
        if not self.writable:
            raise InputError(f"{self.location}: a graph file is read-only as a store; add documents to an "
                             "Oxigraph directory (--store DIR) or a SPARQL endpoint (--store http://…)")
        target = self.data.graph(name)
        for triple in graph.triples((None, None, None)):
            target.add(triple)

    def drop_graph(self, name: URIRef) -> None:
        if not self.writable:
            raise InputError(f"{self.location}: a graph file is read-only as a store")
        self.data.remove_graph(self.data.graph(name))

    def query(self, sparql: str, max_rows: int | None = None) -> QueryResult:
        return query_graph(self.data, sparql, max_rows)

    def quads(self) -> Iterator[Quad]:
        for s, p, o, g in self.data.quads((None, None, None, None)):
            yield s, p, o, g.identifier if isinstance(g, Graph) else g  # type: ignore[misc]

    def dataset(self) -> Dataset:
        return self.data
