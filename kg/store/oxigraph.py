"""The persistent store: an embedded Oxigraph database (RocksDB) in a directory.

Each document's triples go in twice: into the document's named graph, and into the default graph,
which is thus the union of the documents as a set. Queries run on that default graph, so a triple
that several documents state (an entity's label, a shared edge) matches once, as in rdflib's
union, and not once per graph, which multiplies rows and time. The named graphs keep provenance
(``GRAPH ?g``), tell which documents are in, and are what an export writes.

Each document goes in with one ``Store.extend`` call, which Oxigraph applies as one transaction:
a run killed mid-way leaves every document it finished and none of the one in flight. A
committed transaction is in RocksDB's write-ahead log before ``extend`` returns, so even SIGKILL
loses nothing that was reported added.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO, cast

import pyoxigraph as ox
from rdflib import XSD, BNode, Graph, Literal, URIRef
from rdflib.term import Node

from kg.errors import InputError, QueryError
from kg.graphs import new_graph
from kg.store.base import PREFIXES, Quad, QueryResult, Store, first_rows
from kg.store.reach import check_reach


def to_oxigraph(term: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """An rdflib term as pyoxigraph's."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"not an RDF term: {term!r}")


@functools.lru_cache(maxsize=65536)
def to_rdflib(term: object) -> Node | None:
    """A pyoxigraph term as rdflib's (xsd:string literals become plain ones, as in Turtle files).

    Cached: answers repeat the same labels and types, and an rdflib Literal is slow to build."""
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        return Literal(term.value) if datatype == str(XSD.string) else Literal(term.value, datatype=URIRef(datatype))
    if isinstance(term, ox.DefaultGraph):
        return None
    raise TypeError(f"unsupported term: {term!r}")


def _oxigraph_triple(subject: Node, predicate: Node, obj: Node) -> tuple[
        ox.NamedNode | ox.BlankNode, ox.NamedNode, ox.NamedNode | ox.BlankNode | ox.Literal]:
    """An rdflib triple as pyoxigraph's terms (a literal is never a subject, a predicate is an IRI)."""
    s, p, o = to_oxigraph(subject), to_oxigraph(predicate), to_oxigraph(obj)
    if isinstance(s, ox.Literal) or not isinstance(p, ox.NamedNode):
        raise TypeError(f"not an RDF triple: {subject!r} {predicate!r} {obj!r}")
    return s, p, o


def convert_result(answer: object, max_rows: int | None = None) -> QueryResult:
    """pyoxigraph's answer to a query as a :class:`QueryResult` of rdflib terms."""

    if isinstance(answer, ox.QueryBoolean):
        return QueryResult([], [], boolean=bool(answer))
    if isinstance(answer, ox.QueryTriples):
        graph = new_graph()
        for triple in first_rows(answer, max_rows):
            graph.add((_term(triple.subject), _term(triple.predicate), _term(triple.object)))
        return QueryResult([], [], graph=graph)
    solutions = cast(ox.QuerySolutions, answer)
    variables = [v.value for v in solutions.variables]
    rows = [[to_rdflib(solution[v]) for v in variables] for solution in first_rows(solutions, max_rows)]
    return QueryResult(variables, rows)


def _term(term: object) -> Node:
    """A term of a triple (never the default graph) as rdflib's."""
    node = to_rdflib(term)
    if node is None:
        raise TypeError(f"not a term of a triple: {term!r}")
    return node


def run_query(store: ox.Store, sparql: str) -> object:
    """Run a query with the project's prefixes over the union of the graphs; errors as QueryError."""
    check_reach(sparql, lambda: [g.value for g in store.named_graphs() if isinstance(g, ox.NamedNode)])
    try:
        return store.query(sparql, prefixes=PREFIXES)
    except SyntaxError as err:
        raise QueryError(f"the query does not parse: {' '.join(str(err).split())[:300]}") from None
    except (OSError, ValueError, RuntimeError) as err:
        raise QueryError(f"the query failed: {' '.join(str(err).split())[:300]}") from None


def open_database(path: Path, read_only: bool) -> ox.Store:
    """Open (or, read-write, create) an Oxigraph directory; a clear error when another process holds it."""
    if read_only and not path.is_dir():
        raise InputError(f"{path}: no such store (create it with kg add … --store {path})")
    if path.exists() and not path.is_dir():
        raise InputError(f"{path}: not a directory; an Oxigraph store is a directory")
    if not read_only and path.is_dir() and not (path / "CURRENT").exists() and any(path.iterdir()):
        # a folder of other files (out/, a corpus): the database's files must not go in among them
        raise InputError(f"{path}: a folder that is not a store; give a new or empty folder for one")
    try:
        return ox.Store.read_only(str(path)) if read_only else ox.Store(str(path))
    except (OSError, RuntimeError) as err:  # RuntimeError: RocksDB's "Corruption: …"
        message = " ".join(str(err).split())
        if "lock" in message.lower():
            raise InputError(f"{path}: the store is open in another process (one writer at a time)") from None
        raise InputError(f"{path}: not an Oxigraph store ({message[:200]})") from None


class OxigraphStore(Store):
    """An Oxigraph database in a directory, created on first use."""

    def __init__(self, path: str | Path, read_only: bool = False) -> None:
        self.path = Path(path)
        self.location = str(path)
        self.writable = not read_only
        self.db: ox.Store | None = open_database(self.path, read_only)

    def _open(self) -> ox.Store:
        if self.db is None:
            raise InputError(f"{self.location}: the store is closed")
        return self.db

    def has_graph(self, name: URIRef) -> bool:
        return self._open().contains_named_graph(ox.NamedNode(str(name)))

    def put_graph(self, name: URIRef, graph: Graph) -> None:
        if not self.writable:
            raise InputError(f"{self.location}: opened read-only")
        graph_name = ox.NamedNode(str(name))
        triples = [_oxigraph_triple(s, p, o) for s, p, o in graph.triples((None, None, None))]
        self._open().extend([ox.Quad(s, p, o, graph_name) for s, p, o in triples]
                            + [ox.Quad(s, p, o, ox.DefaultGraph()) for s, p, o in triples])

    def drop_graph(self, name: URIRef) -> None:
        if not self.writable:
            raise InputError(f"{self.location}: opened read-only")
        db, graph_name = self._open(), ox.NamedNode(str(name))
        if not db.contains_named_graph(graph_name):
            return
        # put_graph copies each triple into the default graph (the union queries read): a copy goes
        # with the graph unless another named graph holds the triple too
        orphans = [ox.Quad(q.subject, q.predicate, q.object, ox.DefaultGraph())
                   for q in db.quads_for_pattern(None, None, None, graph_name)
                   if not any(other.graph_name != graph_name and not isinstance(other.graph_name, ox.DefaultGraph)
                              for other in db.quads_for_pattern(q.subject, q.predicate, q.object, None))]
        db.remove_graph(graph_name)
        for quad in orphans:
            db.remove(quad)

    def query(self, sparql: str, max_rows: int | None = None) -> QueryResult:
        return convert_result(run_query(self._open(), sparql), max_rows)

    def quads(self) -> Iterator[Quad]:
        for quad in self._open().quads_for_pattern(None, None, None, None):
            if isinstance(quad.graph_name, ox.DefaultGraph):
                continue  # kg writes named graphs only
            yield (to_rdflib(quad.subject), to_rdflib(quad.predicate), to_rdflib(quad.object),  # type: ignore[misc]
                   to_rdflib(quad.graph_name))

    def graph_names(self) -> list[str]:
        return sorted(g.value for g in self._open().named_graphs() if isinstance(g, ox.NamedNode))

    def dump(self, output: BinaryIO, fmt: str) -> None:
        """Write the store straight from the database, without rdflib: the documents' named graphs in
        formats that have graphs, their union (the default graph) in the others. ``fmt`` is a key of
        :data:`kg.store.FORMATS`."""
        formats = {"turtle": ox.RdfFormat.TURTLE, "trig": ox.RdfFormat.TRIG, "ntriples": ox.RdfFormat.N_TRIPLES,
                   "nquads": ox.RdfFormat.N_QUADS, "jsonld": ox.RdfFormat.JSON_LD, "xml": ox.RdfFormat.RDF_XML}
        prefixes = PREFIXES if fmt in ("turtle", "trig", "xml") else None
        db = self._open()
        if fmt in ("trig", "nquads", "jsonld"):
            named = (q for q in db.quads_for_pattern(None, None, None, None)
                     if not isinstance(q.graph_name, ox.DefaultGraph))
            ox.serialize(named, output, formats[fmt], prefixes=prefixes)
        else:
            db.dump(output, formats[fmt], from_graph=ox.DefaultGraph(), prefixes=prefixes)

    def close(self) -> None:
        if self.db is not None:
            if self.writable:
                self.db.flush()
            self.db = None  # RocksDB closes and unlocks when pyoxigraph's Store is collected

    def reopen_read_only(self) -> OxigraphStore:
        """A new read-only handle on the directory: a RocksDB handle does not survive a fork, so each
        child opens its own (several readers may share the directory)."""
        return OxigraphStore(self.path, read_only=True)
