"""Entities as an analyst's table: one row per entity of a graph, with its kind, names, links and how
often it is mentioned (``kg entities``).  Reads any graph kg wrote; no spaCy."""

from __future__ import annotations

from rdflib import OWL, RDF, RDFS, Dataset, Graph

from kg.graphs import sorted_nodes
from kg.vocab import CKG, CLASS_KINDS, local_name


def list_entities(graph: Graph | Dataset) -> list[dict[str, object]]:
    """Every entity of a graph with its kind, label, aliases, links and how often it is mentioned,
    most mentioned first (``kg entities``)."""
    rows: list[dict[str, object]] = []
    for cls, kind in CLASS_KINDS.items():
        for node in set(graph.subjects(RDF.type, cls)):
            labels = sorted(graph.objects(node, RDFS.label), key=lambda v: (getattr(v, "language", "") == "en", str(v)))
            name = str(labels[0]) if labels else local_name(node)
            aliases = sorted(({str(v) for v in graph.objects(node, CKG.alias)} | {str(v) for v in labels}) - {name})
            links = [local_name(o) for o in sorted_nodes(graph.objects(node, OWL.sameAs))]
            geonames = graph.value(node, CKG.geonamesId)
            iso = graph.value(node, CKG.isoCode)
            country = graph.value(node, CKG.countryOf)
            rows.append({
                "entity": name,
                "kind": kind,
                "aliases": aliases,
                "wikidata": links[0] if links else None,
                "geonames": int(str(geonames)) if geonames is not None else None,
                "iso": str(iso) if iso is not None else None,
                "country": local_name(country) if country is not None else None,
                "mentions": len(set(graph.subjects(CKG.refersTo, node))),
                "documents": len(set(graph.objects(node, CKG.mentionedIn))),
                "iri": str(node),
            })
    return sorted(rows, key=lambda r: (-int(str(r["mentions"])), str(r["entity"]).lower()))
