"""Empty rdflib graphs and datasets with the project's prefixes bound, and the union of a dataset.

Every writer and every store starts its graphs here, so that each graph file kg writes uses the same
prefixes (``ckg:``, ``evt:``, ``id:`` …) in the same order.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypeVar

from rdflib import Dataset, Graph
from rdflib.term import Node

from kg.vocab import PREFIXES

N = TypeVar("N", bound=Node)


def new_graph() -> Graph:
    """An empty graph with the project's prefixes bound."""
    graph = Graph()
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True)
    return graph


def new_dataset() -> Dataset:
    """A dataset whose default graph, for queries, is the union of its named graphs."""
    dataset = Dataset(default_union=True)
    for prefix, namespace in PREFIXES.items():
        dataset.bind(prefix, namespace, override=True)
    return dataset


def union_graph(dataset: Dataset) -> Graph:
    """All the triples of all the graphs of a dataset, as one graph."""
    graph = new_graph()
    for s, p, o, _ in dataset.quads((None, None, None, None)):
        graph.add((s, p, o))
    return graph


def sorted_nodes(nodes: Iterable[N]) -> list[N]:
    """Terms in rdflib's own order (IRIs, blank nodes and literals compare with each other; rdflib's
    annotations do not declare it, hence the one ignore)."""
    return sorted(nodes)  # type: ignore[type-var]
