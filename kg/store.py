"""Where the graph lives: load, add, query, export.

This first version keeps the graph in memory (rdflib); query results come back as plain rows so
that the command line and the Python API can print or return them as they like.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.plugins.sparql import prepareQuery

from kg.errors import InputError, QueryError
from kg.rdf import PREFIXES, new_graph

FORMATS = {  # --format name → (rdflib format, file suffix)
    "turtle": ("turtle", ".ttl"),
    "ntriples": ("nt", ".nt"),
    "jsonld": ("json-ld", ".jsonld"),
    "xml": ("xml", ".rdf"),
}
SUFFIX_FORMATS = {".ttl": "turtle", ".nt": "nt", ".jsonld": "json-ld", ".json": "json-ld", ".rdf": "xml",
                  ".owl": "xml", ".n3": "n3"}


@dataclass
class QueryResult:
    """Rows of a SELECT, the answer of an ASK, or the graph of a CONSTRUCT / DESCRIBE."""

    variables: list[str]
    rows: list[list[object]]
    boolean: bool | None = None
    graph: Graph | None = None


def load_graph(path: str | Path) -> Graph:
    """Parse an RDF file, its format chosen by its suffix."""
    path = Path(path)
    if not path.exists():
        raise InputError(f"{path}: no such file")
    fmt = SUFFIX_FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise InputError(f"{path}: unknown RDF format (expected one of {', '.join(sorted(SUFFIX_FORMATS))})")
    graph = new_graph()
    try:
        graph.parse(path, format=fmt)
    except Exception as err:  # rdflib raises many kinds; all mean the file is not valid RDF
        message = " ".join(str(err).split())[:200]
        raise InputError(f"{path}: not valid {fmt} ({message})") from None
    return graph


def query(graph: Graph, sparql: str) -> QueryResult:
    """Run a SPARQL query; the project's prefixes (ckg:, evt:, rel:, rdfs:, …) need not be declared."""
    try:
        prepared = prepareQuery(sparql, initNs=PREFIXES)
    except Exception as err:
        message = " ".join(str(err).split())[:300]
        raise QueryError(f"the query does not parse: {message}") from None
    try:
        result = graph.query(prepared)
    except Exception as err:
        raise QueryError(f"the query failed: {' '.join(str(err).split())[:300]}") from None
    if result.type == "ASK":
        return QueryResult([], [], boolean=bool(result.askAnswer))
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        out = new_graph()
        for triple in result:
            out.add(triple)  # type: ignore[arg-type]
        return QueryResult([], [], graph=out)
    variables = [str(v) for v in result.vars or []]
    return QueryResult(variables, [list(row) for row in result])


def shorten(graph: Graph, term: object) -> str:
    """A term as a person reads it: prefixed name for IRIs, plain text for literals."""
    if term is None:
        return ""
    if isinstance(term, URIRef):
        try:
            return graph.namespace_manager.normalizeUri(term)
        except Exception:
            return str(term)
    if isinstance(term, BNode):
        return f"_:{term}"
    if isinstance(term, Literal):
        return str(term)
    return str(term)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _write_atomically(path: str | Path, write: Callable[[BinaryIO], None]) -> Path:
    """Write through a temporary file moved into place: a half-written file never replaces a good one."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            write(fh)
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; outputs are ordinary files
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def write_graph(graph: Graph, path: str | Path, fmt: str = "turtle") -> Path:
    """Serialize the graph to ``path`` in ``fmt`` (a key of FORMATS), atomically."""
    return _write_atomically(path, lambda fh: graph.serialize(fh, format=FORMATS[fmt][0]))


def write_text(path: str | Path, text: str) -> Path:
    """Write a UTF-8 text file atomically."""
    return _write_atomically(path, lambda fh: fh.write(text.encode("utf-8")))
