"""Check graphs against the SHACL shapes (``ontologies/shapes.ttl``) and the ontology against OWL RL.

>>> from rdflib import Graph
>>> validate_graph(Graph())
[]

:func:`validate_graph` returns one :class:`Violation` per problem, in a stable order, and
:func:`describe` turns one into a line a user can read::

    Statement id:statement/027c…: confidence (ckg:confidence) must be an xsd:decimal between 0 and 1 (found 1.5)

:func:`ontology_errors` checks the ontology itself: OWL RL consistency (owlrl), every term of
``kg.vocab.CKG`` declared, and English and French labels on every class and property.

Besides the shapes, :func:`validate_graph` checks in Python that every ``ckg:eventType`` in the ``evt:``
namespace is one of the sixteen types of ``ontologies/event-types.ttl`` (SHACL cannot see that file).
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyshacl
from rdflib import RDF, RDFS, SH, XSD, BNode, Dataset, Graph, Literal, Namespace, URIRef
from rdflib.namespace import OWL, SKOS
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.sparql import Query

from kg.graphs import sorted_nodes
from kg.store import load_graph
from kg.vocab import CKG, EVT_SCHEME, PREFIXES, ontologies_dir

# How owlrl writes inconsistencies into the closure (owlrl/Closure.py, owlrl/Namespaces.py).
OWLRL_ERR = Namespace("http://www.daml.org/2002/03/agents/agent-ont#")
SEVERITY_ORDER = {"Violation": 0, "Warning": 1, "Info": 2}


@dataclass(frozen=True)
class Violation:
    """One SHACL result: ``focus`` is the full IRI of the node at fault, ``path`` and ``value`` are
    shortened (``ckg:confidence``, ``1.5``, ``"texte"``), ``severity`` is Violation, Warning or Info."""

    focus: str
    path: str | None
    value: str | None
    message: str
    severity: str


def shorten(iri: str) -> str:
    """``https://w3id.org/conflict-kg/id/statement/ab12`` → ``id:statement/ab12``; unknown IRIs in brackets."""
    for prefix, namespace in sorted(PREFIXES.items(), key=lambda item: -len(item[1])):
        if iri.startswith(namespace):
            return f"{prefix}:{iri[len(namespace):]}"
    return f"<{iri}>"


def _shorten_text(text: str) -> str:
    """Every known namespace in a free text (owlrl's messages) replaced by its prefix."""
    for prefix, namespace in sorted(PREFIXES.items(), key=lambda item: -len(item[1])):
        text = text.replace(namespace, f"{prefix}:")
    return text


def _kind(focus: str) -> str:
    """What the focus node is, read from its IRI: Statement, Event, Entity, Relation…"""
    if focus.startswith(PREFIXES["id"]):
        return focus[len(PREFIXES["id"]):].split("/", 1)[0].capitalize() or "Node"
    if focus.startswith(PREFIXES["rel"]):
        return "Relation"
    return "Node"


def describe(v: Violation) -> str:
    """One readable line: ``Statement id:statement/ab12…: confidence must be … (found 1.5)``; the path and
    the value are added in brackets unless the message already names them."""
    focus = shorten(v.focus) if not v.focus.startswith("_:") else v.focus
    line = f"{_kind(v.focus)} {focus}: {v.message}"
    where = [f"at {v.path}"] if v.path is not None and v.path not in v.message else []
    where += [f"found {v.value}"] if v.value is not None and v.value not in v.message else []
    if where:
        line += f" ({', '.join(where)})"
    if v.severity != "Violation":
        line = f"{v.severity.lower()}: {line}"
    return line


def _render(term: Any) -> str:
    """A term as a user would write it: a prefixed name, a quoted string, a bare number."""
    if isinstance(term, URIRef):
        return shorten(str(term))
    if isinstance(term, BNode):
        return f"_:{term}"
    if isinstance(term, Literal):
        if term.language:
            return f'"{term}"@{term.language}'
        if term.datatype in (None, XSD.string):
            return f'"{term}"'
        if term.datatype in (XSD.integer, XSD.decimal, XSD.double, XSD.boolean):
            return str(term)
        return f'"{term}"^^{shorten(str(term.datatype))}'
    return str(term)


def _render_path(shapes: Graph, path: Any) -> str:
    """A SHACL property path as text: ``ckg:confidence``, ``^ckg:evidence``, ``ckg:a/ckg:b``."""
    if isinstance(path, URIRef):
        return shorten(str(path))
    if (inverse := shapes.value(path, SH.inversePath)) is not None:
        return "^" + _render_path(shapes, inverse)
    if shapes.value(path, RDF.first) is not None:
        return "/".join(_render_path(shapes, step) for step in shapes.items(path))
    return _render(path)


def _message(report: Graph, result: Any, shapes: Graph, lang: str) -> str:
    """The result's message in ``lang``, else an English or untagged one, else pyshacl's own wording.

    For a SPARQL constraint the message is read from the constraint in the shapes graph: pyshacl
    copies it into the report without its language tag, next to the message of the enclosing shape.
    """
    messages: Iterable[Any] = report.objects(result, SH.resultMessage)
    if (constraint := report.value(result, SH.sourceConstraint)) is not None:
        messages = list(shapes.objects(constraint, SH.message)) or messages
    ranked = sorted((m for m in messages if isinstance(m, Literal)),
                    key=lambda m: ({lang: 0, "en": 1, None: 2}.get(m.language, 3), str(m)))
    return str(ranked[0]) if ranked else "does not conform"


def load_shapes(path: str | Path | None = None) -> Graph:
    """The SHACL shapes graph (by default ``ontologies/shapes.ttl``)."""
    return Graph().parse(Path(path) if path is not None else ontologies_dir() / "shapes.ttl", format="turtle")


class _ValidationGraph(Graph):
    """A graph that parses each SPARQL text once.

    pyshacl sends the text of a SPARQL constraint to ``query`` once per focus node; rdflib spends
    about fifty times longer parsing such a query than running it, so caching the parse turns
    seconds into tenths of a second.
    """

    def __init__(self) -> None:
        super().__init__()
        self._prepared: dict[str, Query] = {}

    def query(self, query_object: Any, *args: Any, **kwargs: Any) -> Any:
        if isinstance(query_object, str) and not kwargs.get("initNs"):
            if (prepared := self._prepared.get(query_object)) is None:
                prepared = prepareQuery(query_object, initNs=dict(self.namespaces()))
                self._prepared[query_object] = prepared
            query_object = prepared
        return super().query(query_object, *args, **kwargs)


def _union(data: Graph | Dataset) -> _ValidationGraph:
    """A copy of ``data``: for a Dataset, the union of all its graphs (default and named)."""
    union = _ValidationGraph()
    for prefix, namespace in data.namespaces():
        union.bind(prefix, namespace, override=False)
    if isinstance(data, Dataset):
        for s, p, o, _ in data.quads((None, None, None, None)):
            union.add((s, p, o))
    else:
        for triple in data:
            union.add(triple)
    return union


def _event_type_violations(data: Graph) -> list[Violation]:
    """Events whose ``ckg:eventType`` is not one of the event types of ``ontologies/event-types.ttl``
    (a top concept of ``evt:scheme``); the shapes only see the namespace of the IRI."""
    scheme_file = ontologies_dir() / "event-types.ttl"
    if not scheme_file.exists():
        return []
    scheme = Graph().parse(scheme_file, format="turtle")
    evt_scheme = EVT_SCHEME
    types = set(scheme.subjects(SKOS.topConceptOf, evt_scheme)) | set(scheme.objects(evt_scheme, SKOS.hasTopConcept))
    return [
        Violation(str(event), "ckg:eventType", _render(concept),
                  "the event type (ckg:eventType) is not one of the types of the event-type scheme "
                  "(a top concept of evt:scheme in event-types.ttl)", "Violation")
        for event, concept in data.subject_objects(CKG.eventType)
        if str(concept).startswith(PREFIXES["evt"]) and concept not in types  # others: the shapes report them
    ]


def validate_graph(data: Graph | Dataset, shapes: Graph | None = None, *, lang: str = "en") -> list[Violation]:
    """Every SHACL result of ``data`` (a Dataset is validated as the union of its graphs), sorted;
    an empty list means the graph conforms.  ``lang`` picks the language of the messages."""
    shapes = load_shapes() if shapes is None else shapes
    union = _union(data)
    _, report, _ = pyshacl.validate(union, shacl_graph=shapes, inference="none", advanced=True,
                                    allow_warnings=True, inplace=True)
    violations = _event_type_violations(union)
    for report_node in report.subjects(RDF.type, SH.ValidationReport):
        for result in report.objects(report_node, SH.result):
            focus = report.value(result, SH.focusNode)
            path = report.value(result, SH.resultPath)
            value = report.value(result, SH.value)
            severity = report.value(result, SH.resultSeverity)
            violations.append(Violation(
                focus=str(focus) if not isinstance(focus, BNode) else f"_:{focus}",
                path=_render_path(report, path) if path is not None else None,
                value=_render(value) if value is not None and value != focus else None,
                message=_message(report, result, shapes, lang),
                severity=str(severity).rsplit("#", 1)[-1] if severity is not None else "Violation",
            ))
    return sorted(set(violations), key=lambda v: (SEVERITY_ORDER.get(v.severity, 3), v.focus, v.path or "",
                                                  v.message, v.value or ""))


def _ontology_graph() -> Graph:
    graph = Graph().parse(ontologies_dir() / "conflict.ttl", format="turtle")
    if (event_types := ontologies_dir() / "event-types.ttl").exists():
        graph.parse(event_types, format="turtle")
    return graph


def _inconsistencies(ontology: Graph) -> list[str]:
    """What owlrl finds inconsistent.  owlrl keeps no result object: ``DeductiveClosure.expand`` adds one
    blank node ``a err:ErrorMessage ; err:error "…"`` per inconsistency to the expanded graph."""
    import owlrl

    closure = Graph()
    for triple in ontology:
        closure.add(triple)
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(closure)
    return sorted(f"OWL RL inconsistency: {_shorten_text(str(message))}"
                  for error in closure.subjects(RDF.type, OWLRL_ERR.ErrorMessage)
                  for message in closure.objects(error, OWLRL_ERR.error))


def ontology_errors() -> list[str]:
    """What is wrong with ``ontologies/conflict.ttl`` (+ ``event-types.ttl``); an empty list means nothing:

    * OWL RL inconsistencies found by owlrl's deductive closure;
    * terms of ``kg.vocab.CKG`` (the terms the graphs use) that the ontology does not declare;
    * classes, properties and individuals of the ckg: namespace without an ``rdfs:label`` in English or French.
    """
    ontology = _ontology_graph()
    errors = _inconsistencies(ontology)
    used = [CKG[name] for name in CKG.__annotations__ if not name.startswith("_")]
    errors += [f"{shorten(str(term))} is in kg/vocab.py but not declared in conflict.ttl (no rdf:type)"
               for term in used if ontology.value(term, RDF.type) is None]
    declared = {term for kind in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)
                for term in ontology.subjects(RDF.type, kind) if str(term).startswith(str(CKG))}
    for term in sorted_nodes(declared | {t for t in used if ontology.value(t, RDF.type) is not None}):
        languages = {label.language for label in ontology.objects(term, RDFS.label) if isinstance(label, Literal)}
        errors += [f"{shorten(str(term))} has no rdfs:label in {name} (@{code})"
                   for code, name in (("en", "English"), ("fr", "French")) if code not in languages]
    return errors


def main_validate(paths: Sequence[str], *, out: Any = None) -> int:
    """``kg validate``: load RDF files (format from the suffix, named graphs kept), validate their union and
    print one line per result; 1 if any violation, else 0 (warnings and infos are printed but do not fail).
    Unreadable files raise :class:`kg.errors.InputError`."""
    out = out if out is not None else sys.stdout
    union = Graph()
    for path in paths:
        for s, p, o, _ in load_graph(path).quads((None, None, None, None)):
            union.add((s, p, o))
    violations = validate_graph(union)
    for violation in violations:
        print(describe(violation), file=out)
    errors = sum(1 for v in violations if v.severity == "Violation")
    names = ", ".join(str(p) for p in paths)
    if errors:
        print(f"{names}: {errors} violation(s) of ontologies/shapes.ttl in {len(union)} triples", file=out)
    else:
        print(f"{names}: conforms to ontologies/shapes.ttl ({len(union)} triples)", file=out)
    return 1 if errors else 0
