"""Where the graph lives: one interface (:class:`Store`), three backends, and graph files.

``open_store(spec)`` picks the backend from what the user wrote after ``--store``:

* nothing: an rdflib dataset in memory (:class:`MemoryStore`), for one-off builds;
* a graph file (``out/graph.ttl``, ``.trig``, ``.nq`` …): that file in memory, read-only;
* ``http://…`` or ``https://…``: a SPARQL 1.1 endpoint (:class:`RemoteStore`);
* any other path: an Oxigraph database in that directory, created if missing (:class:`OxigraphStore`).

>>> store = open_store(None)
>>> store.query("ASK { ?s ?p ?o }").boolean
False
"""

from __future__ import annotations

from pathlib import Path

from kg.graphs import new_dataset, new_graph, union_graph
from kg.model import Result
from kg.rdf import add_result, document_iri
from kg.store.base import PREFIXES, QueryResult, Store, looks_like_update, store_stats
from kg.store.files import FORMATS, SUFFIX_FORMATS, load_graph, shorten, write_binary, write_graph, write_text
from kg.store.memory import MemoryStore, query_graph

__all__ = [
    "FORMATS", "PREFIXES", "SUFFIX_FORMATS", "MemoryStore", "QueryResult", "Store", "add_document",
    "is_graph_file", "load_graph", "looks_like_update", "new_dataset", "new_graph", "open_store", "query",
    "query_graph", "shorten", "store_stats", "union_graph", "write_binary", "write_graph", "write_text",
]

#: the old name of :func:`query_graph`
query = query_graph


def is_graph_file(spec: str) -> bool:
    """Whether ``spec`` names an RDF file (by its suffix) rather than a store."""
    return Path(spec).suffix.lower() in SUFFIX_FORMATS


def open_store(spec: str | Path | None, read_only: bool = False) -> Store:
    """The store that ``spec`` names (see the module's docstring)."""
    if spec is None:
        return MemoryStore()
    text = str(spec)
    if text.startswith(("http://", "https://")):
        from kg.store.remote import RemoteStore

        return RemoteStore(text)
    if is_graph_file(text):
        return MemoryStore(text)
    from kg.store.oxigraph import OxigraphStore

    return OxigraphStore(text, read_only=read_only)


def add_document(store: Store, result: Result) -> bool:
    """Add one document's graph (a :class:`kg.model.Result`) as its own named graph, in one transaction.

    The graph also files each event for incident linking (:func:`kg.store.incidents.add_report_index`);
    linking it to the store's incidents is :func:`kg.store.incidents.link_documents`'s work, once it is in.
    Returns False, and changes nothing, when the store already holds the document.
    """
    from kg.store.incidents import add_report_index

    name = document_iri(result.document.id)
    if store.has_graph(name):
        return False
    store.put_graph(name, add_report_index(add_result(new_graph(), result), result))
    return True
