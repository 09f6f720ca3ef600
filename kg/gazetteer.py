"""Well-known participants of armed conflicts, read from ``ontologies/gazetteer*.ttl``.

Each entry is an entity of the graph (its subject is the entity's IRI), with its kind, French and
English labels, the other names and acronyms the press uses, and its links to the world: ISO code,
GeoNames id and coordinates, Wikidata id.  Countries also have their demonym (américain), from
which the language's rules derive every inflected form (:meth:`Gazetteer.demonym_index`).

>>> gaz = load_gazetteer("fr")
>>> gaz.lookup("Etats-Unis").key, gaz.lookup("USA").key
('etats-unis', 'etats-unis')
>>> gaz.entries["etats-unis"].demonyms
('américain', 'états-unien')
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import OWL, RDF, RDFS, Graph, Literal, URIRef

from kg.cache import cached_value, data_key
from kg.text import fold
from kg.vocab import CKG, CLASS_KINDS, ENTITY, GEO, WD, ontologies_dir


@dataclass(frozen=True)
class Entry:
    """One well-known participant."""

    key: str  # the local name of its entity IRI
    kind: str
    label: str  # in the gazetteer's language
    label_en: str | None = None
    names: tuple[str, ...] = ()  # label and aliases, matched without case or accents
    acronyms: tuple[str, ...] = ()  # matched with their case
    demonyms: tuple[str, ...] = ()  # masculine singular
    iso_code: str | None = None
    geonames_id: int | None = None
    wkt: str | None = None
    country: str | None = None  # key of the country it lies in or belongs to
    wikidata: str | None = None  # Q-id

    @property
    def iri(self) -> URIRef:
        return URIRef(ENTITY + self.key)


@dataclass
class Gazetteer:
    lang: str
    entries: dict[str, Entry] = field(default_factory=dict)
    _by_name: dict[str, str] = field(default_factory=dict)
    _by_acronym: dict[str, str] = field(default_factory=dict)

    def lookup(self, text: str) -> Entry | None:
        """The entry a name or an acronym designates, or None."""
        key = self._by_acronym.get(text.strip()) or self._by_name.get(fold_name(text))
        return self.entries.get(key) if key else None

    def demonym_index(self, forms: Callable[[str], Iterable[str]]) -> dict[str, str]:
        """Each inflected form of the entries' demonyms, folded, → the entry's key; ``forms`` makes
        the forms of a masculine singular (the language's rule: :mod:`kg.lang`).  A form two
        entries share goes to the first key in alphabetical order."""
        index: dict[str, str] = {}
        for key in sorted(self.entries):
            for base in self.entries[key].demonyms:
                for form in forms(base):
                    index.setdefault(fold(form), key)
        return index

    def country_of_code(self, iso_code: str) -> Entry | None:
        """The country with this ISO 3166-1 alpha-2 code."""
        return next((e for e in self.entries.values() if e.iso_code == iso_code and e.kind == "country"), None)

    def names(self) -> Iterator[tuple[str, Entry, bool]]:
        """Every (name, entry, is_acronym) to match in texts."""
        for entry in self.entries.values():
            for name in entry.names:
                yield name, entry, False
            for acronym in entry.acronyms:
                yield acronym, entry, True


def fold_name(text: str) -> str:
    """A name compared without case, accents, apostrophe style or hyphens: Etats-Unis = États Unis."""
    return " ".join(fold(text).replace("’", "'").replace("-", " ").split())


def _literals(graph: Graph, node: URIRef, prop: URIRef, lang: str | None) -> list[str]:
    return sorted(str(o) for o in graph.objects(node, prop)
                  if isinstance(o, Literal) and (lang is None or o.language == lang))


def _entry(graph: Graph, node: URIRef, kind: str, lang: str) -> Entry | None:
    labels = _literals(graph, node, RDFS.label, lang)
    if not labels or not str(node).startswith(ENTITY):
        return None
    label = labels[0]
    english = _literals(graph, node, RDFS.label, "en")
    wkt = next((str(graph.value(geometry, GEO.asWKT)) for geometry in graph.objects(node, GEO.hasGeometry)
                if graph.value(geometry, GEO.asWKT) is not None), None)
    country = graph.value(node, CKG.countryOf)
    same_as = [str(o) for o in graph.objects(node, OWL.sameAs) if str(o).startswith(WD)]
    geonames = graph.value(node, CKG.geonamesId)
    iso = graph.value(node, CKG.isoCode)
    return Entry(
        key=str(node)[len(ENTITY):],
        kind=kind,
        label=label,
        label_en=english[0] if english else None,
        names=tuple(dict.fromkeys([label] + _literals(graph, node, CKG.alias, lang))),
        acronyms=tuple(_literals(graph, node, CKG.acronym, None)),
        demonyms=tuple(_literals(graph, node, CKG.demonym, lang)),
        iso_code=str(iso) if iso is not None else None,
        geonames_id=int(str(geonames)) if geonames is not None else None,
        wkt=wkt,
        country=str(country)[len(ENTITY):] if country is not None and str(country).startswith(ENTITY) else None,
        wikidata=sorted(same_as)[0][len(WD):] if same_as else None,
    )


@functools.cache  # the writers ask once per document: no folder lookup after the first
def load_gazetteer(lang: str, directory: Path | None = None) -> Gazetteer:
    """The gazetteer for ``lang`` (entries with a label in that language), cached per language and
    folder (``load_gazetteer("fr")`` and ``load_gazetteer("fr", ontologies_dir())`` are one object,
    read once per process), and on disk (see :mod:`kg.cache`)."""
    return _load_gazetteer(lang, Path(directory or ontologies_dir()).resolve())


@functools.cache
def _load_gazetteer(lang: str, directory: Path) -> Gazetteer:
    files = sorted(directory.glob("gazetteer*.ttl"))
    return cached_value(f"gazetteer-{lang}.pickle", data_key(files), lambda: _read_gazetteer(lang, files))


def _read_gazetteer(lang: str, files: list[Path]) -> Gazetteer:
    graph = Graph()
    for path in files:
        graph.parse(path, format="turtle")
    gazetteer = Gazetteer(lang)
    for cls, kind in CLASS_KINDS.items():
        for node in graph.subjects(RDF.type, cls):
            if isinstance(node, URIRef) and (entry := _entry(graph, node, kind, lang)) is not None:
                gazetteer.entries[entry.key] = entry
    for key in sorted(gazetteer.entries):
        entry = gazetteer.entries[key]
        for name in entry.names:
            gazetteer._by_name.setdefault(fold_name(name), key)
        for acronym in entry.acronyms:
            gazetteer._by_acronym.setdefault(acronym, key)
    return gazetteer
