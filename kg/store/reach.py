"""What a query reaches outside the store: nothing, or it is refused before it runs.

SPARQL lets a query name other sources: ``SERVICE <url> { … }`` sends a request to another
endpoint, and ``FROM <iri>`` / ``FROM NAMED <iri>`` make rdflib load the IRI when the dataset
has no graph of that name (a ``file:`` IRI reads a local file, an ``http:`` one fetches a URL).
For a local tool, and an endpoint any web page could drive, both are a way out: kg answers from
the graphs it holds and nothing else.  So a query is read as SPARQL's lexer reads it (strings,
IRIs and comments skipped, so that a keyword inside them does not count) and refused when it
has a ``SERVICE``, or a dataset clause naming a graph the store does not hold (``FROM`` one of
the store's documents stays allowed).  rdflib's loading of ``FROM`` graphs is also switched off
(:func:`no_graph_loading`), should a clause slip through.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection

from kg.errors import QueryError
from kg.vocab import PREFIXES

#: SPARQL's tokens that can hide a keyword, then words, each at the position where it starts
_TOKEN = re.compile(
    r"""(?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
                   |'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*")
      |(?P<iri><[^<>"{}|^`\\\s]*>)
      |(?P<comment>\#[^\n]*)
      |(?P<variable>[?$][\w\u00b7\u00c0-\uffff]+)
      |(?P<pname>(?:[A-Za-z\u00c0-\uffff][\w.\-\u00b7\u00c0-\uffff]*)?:[\w.\-\u00b7\u00c0-\uffff%\\:]*)
      |(?P<word>[A-Za-z_][\w\-]*)
    """,
    re.VERBOSE,
)


def tokens(sparql: str) -> list[tuple[str, str]]:
    """The query's tokens that matter here, as (kind, text): strings, IRIs, variables, prefixed
    names and words; comments dropped, punctuation skipped."""
    return [(match.lastgroup or "", match.group()) for match in _TOKEN.finditer(sparql)
            if match.lastgroup != "comment"]


def _iri(kind: str, text: str, prefixes: dict[str, str]) -> str | None:
    """The IRI a token names: ``<iri>`` or a prefixed name with a known prefix; None for anything else."""
    if kind == "iri":
        return text[1:-1]
    if kind == "pname":
        prefix, _, local = text.partition(":")
        if prefix in prefixes:
            return prefixes[prefix] + local.rstrip(".")  # a name never ends with a dot: a triple's end
    return None


def check_reach(sparql: str, graph_names: Callable[[], Collection[str]]) -> None:
    """Raise QueryError if ``sparql`` would read anything but the store: a ``SERVICE``, or a ``FROM`` /
    ``FROM NAMED`` whose graph is not one of ``graph_names()`` (asked only when there is one).

    >>> check_reach('SELECT * WHERE { ?s ?p "SERVICE <http://x/>" }  # FROM <file:///etc/passwd>', list)
    >>> check_reach("SELECT * WHERE { SERVICE <http://x/sparql> { ?s ?p ?o } }", list)
    Traceback (most recent call last):
    ...
    kg.errors.QueryError: SERVICE is refused: a query reads the store's graphs only, never another endpoint
    """
    found = tokens(sparql)
    prefixes = dict(PREFIXES)
    held: Collection[str] | None = None
    for index, (kind, text) in enumerate(found):
        if kind != "word":
            continue
        keyword = text.upper()
        if keyword == "PREFIX" and index + 2 < len(found):
            (name_kind, name), (iri_kind, iri) = found[index + 1], found[index + 2]
            if name_kind == "pname" and name.endswith(":") and iri_kind == "iri":
                prefixes[name[:-1]] = iri[1:-1]
        elif keyword == "SERVICE":
            raise QueryError("SERVICE is refused: a query reads the store's graphs only, never another endpoint")
        elif keyword == "FROM":
            rest = found[index + 1 : index + 3]
            named = bool(rest) and rest[0][0] == "word" and rest[0][1].upper() == "NAMED"
            target = rest[1] if named and len(rest) > 1 else (rest[0] if rest else ("", ""))
            clause = "FROM NAMED" if named else "FROM"
            graph = _iri(*target, prefixes)
            if graph is None:
                raise QueryError(f"{clause} {target[1]}: not the IRI of a graph of the store")
            if held is None:
                held = set(graph_names())
            if graph not in held:
                raise QueryError(f"{clause} <{graph}> is refused: the store has no such graph, and a query reads "
                                 "the store's graphs only (never a file or a URL)")


def no_graph_loading() -> None:
    """Stop rdflib from loading a ``FROM`` graph the dataset does not hold (from a file or a URL)."""
    import rdflib.plugins.sparql

    rdflib.plugins.sparql.SPARQL_LOAD_GRAPHS = False
