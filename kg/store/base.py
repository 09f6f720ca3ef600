"""The store interface: where the graph lives, whichever backend holds it.

A store holds one named graph per document (named by the document's IRI) and answers SPARQL over
their union. Three backends implement it: :class:`~kg.store.memory.MemoryStore` (rdflib, in
memory, optionally loaded from a graph file), :class:`~kg.store.oxigraph.OxigraphStore` (an
embedded Oxigraph database on disk) and :class:`~kg.store.remote.RemoteStore` (any SPARQL 1.1
endpoint). Everything else in ``kg`` talks to :class:`Store` only.
"""

from __future__ import annotations

import itertools
import re
from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import BinaryIO, TypeVar

from rdflib import Dataset, Graph, URIRef
from rdflib.term import Node

from kg.graphs import new_dataset
from kg.vocab import PREFIXES

Quad = tuple[Node, Node, Node, Node]
T = TypeVar("T")


@dataclass
class QueryResult:
    """Rows of a SELECT, the answer of an ASK, or the graph of a CONSTRUCT / DESCRIBE, as rdflib terms
    whichever store answered."""

    variables: list[str]
    rows: list[list[Node | None]]  # None: the variable is unbound in that row
    boolean: bool | None = None
    graph: Graph | None = None


def first_rows(rows: Iterable[T], max_rows: int | None) -> list[T]:
    """All the rows, or the first ``max_rows + 1`` (enough to tell that there were more)."""
    return list(rows) if max_rows is None else list(itertools.islice(rows, max_rows + 1))


def prologue() -> str:
    """``PREFIX`` lines for the predeclared prefixes; a query's own declarations, later, win."""
    return "".join(f"PREFIX {name}: <{iri}>\n" for name, iri in PREFIXES.items())


_UPDATE_KEYWORDS = re.compile(
    r"^\s*(?:(?:PREFIX\s+\S*\s*<[^>]*>|BASE\s*<[^>]*>)\s*)*"
    r"(?:INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|WITH)\b",
    re.IGNORECASE,
)


def keywords_only(sparql: str) -> str:
    """The text of a request with IRIs emptied (``<>``) and comments removed, to look for its keywords.

    IRIs go first: one may hold a ``#`` or a keyword."""
    without_iris = re.sub(r"<[^>\s]*>", "<>", sparql)
    return "\n".join(line.split("#", 1)[0] for line in without_iris.splitlines())


def looks_like_update(sparql: str) -> bool:
    """Whether a request is a SPARQL Update rather than a query (comments and IRIs ignored)."""
    return bool(_UPDATE_KEYWORDS.match(keywords_only(sparql)))


class Store(ABC):
    """One knowledge graph: a named graph per document, queried as their union."""

    #: where it is, as the user named it (for messages)
    location: str = ""
    #: whether documents can be added
    writable: bool = True
    #: the URL by which other processes and machines open this same store (a SPARQL endpoint's), or
    #: None for a store that only this process reaches (in memory, or a directory with one writer)
    url: str | None = None

    @abstractmethod
    def has_graph(self, name: URIRef) -> bool:
        """Whether the store holds a graph of that name (a document already added)."""

    @abstractmethod
    def put_graph(self, name: URIRef, graph: Graph) -> None:
        """Store ``graph`` as the named graph ``name`` in one transaction: all of it or nothing."""

    @abstractmethod
    def drop_graph(self, name: URIRef) -> None:
        """Remove the named graph ``name`` (nothing when there is none); a triple that another graph also
        holds stays in the union."""

    @abstractmethod
    def query(self, sparql: str, max_rows: int | None = None) -> QueryResult:
        """Run a SPARQL query over the union of the graphs; the prefixes of :data:`PREFIXES` are
        predeclared. Raises :class:`kg.errors.QueryError` for a query that does not parse or fails.

        With ``max_rows``, at most ``max_rows + 1`` rows (or triples) are kept: one more than the
        limit says that the answer was cut."""

    @abstractmethod
    def quads(self) -> Iterator[Quad]:
        """Every (subject, predicate, object, graph) of the store, as rdflib terms."""

    def graph_names(self) -> list[str]:
        """The IRIs of the named graphs, sorted."""
        result = self.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
        return sorted(str(row[0]) for row in result.rows)

    def dataset(self) -> Dataset:
        """The whole store as an rdflib dataset (named graphs kept, default graph their union)."""

        dataset = new_dataset()
        for quad in self.quads():
            dataset.add(quad)  # type: ignore[arg-type]
        return dataset

    def close(self) -> None:  # noqa: B027 - most stores hold nothing to release
        """Release the store (flush and unlock a database)."""

    def __enter__(self) -> Store:
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None,
                 traceback: TracebackType | None) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.location!r})"

    def dump(self, output: BinaryIO, fmt: str) -> None:
        """Write the whole store to a binary stream in ``fmt`` (a key of :data:`kg.store.FORMATS`): one
        named graph per document in the formats that have graphs (TriG, N-Quads, JSON-LD), their union in
        the others.  This default serialises :meth:`dataset`; a backend may write more directly."""
        from kg.graphs import union_graph
        from kg.store.files import FORMATS

        rdflib_format, _, keeps_graphs = FORMATS[fmt]
        dataset = self.dataset()
        (dataset if keeps_graphs else union_graph(dataset)).serialize(output, format=rdflib_format,
                                                                      encoding="utf-8")

    def save(self, path: str | Path, fmt: str) -> Path:
        """:meth:`dump` to a file, atomically (an earlier file is replaced only once the new one is
        complete); its path."""
        from kg.store.files import write_binary

        return write_binary(path, lambda output: self.dump(output, fmt))

    def reopen_read_only(self) -> Store:
        """A read-only handle on this same store, for a process forked from this one (each query of
        ``kg serve`` runs in one); it may be called after :meth:`close`.  The default is the store itself,
        which a fork shares: a dataset in memory, or an endpoint known by its URL."""
        return self


#: name → (projection, graph pattern, modifiers) of the counting queries of :func:`store_stats`
STATS_QUERIES = {
    "documents": ("(COUNT(DISTINCT ?d) AS ?n)", "?d a ckg:Document", ""),
    "triples": ("(COUNT(*) AS ?n)", "?s ?p ?o", ""),
    "events": ("(COUNT(DISTINCT ?e) AS ?n)", "?e a ckg:Event", ""),
    "incidents": ("(COUNT(DISTINCT ?i) AS ?n)", "?i a ckg:Incident", ""),
    "statements": ("(COUNT(DISTINCT ?s) AS ?n)", "?s a ckg:Statement", ""),
    "entities": ("(COUNT(DISTINCT ?e) AS ?n)", "?m ckg:refersTo ?e", ""),
    "mentions": ("(COUNT(DISTINCT ?m) AS ?n)", "?m ckg:refersTo ?e", ""),
    "events_by_type": ("?type (COUNT(DISTINCT ?e) AS ?n)", "?e a ckg:Event ; ckg:eventType ?type",
                       "GROUP BY ?type ORDER BY DESC(?n) ?type"),
}


def store_stats(store: Store) -> dict[str, object]:
    """How much a store holds: documents, distinct triples, events and events by type, statements,
    entities, mentions (counted in the union of the documents' graphs)."""
    stats: dict[str, object] = {"store": store.location, "backend": type(store).__name__}
    for name, (projection, pattern, modifiers) in STATS_QUERIES.items():
        rows = store.query(f"SELECT {projection} WHERE {{ {pattern} }} {modifiers}").rows
        if name == "events_by_type":
            stats[name] = {str(type_).rsplit("/", 1)[-1]: int(str(count)) for type_, count in rows}
        else:
            stats[name] = int(str(rows[0][0])) if rows and rows[0][0] is not None else 0
    return stats
