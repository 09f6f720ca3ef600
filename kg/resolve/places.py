"""Where places are: the town a name designates and the country a place lies in, decided once per
entity during resolution (``Entity.town``, ``Entity.located_in``) so that every writer tells the same
geography.

A place is tied to a country by its gazetteer entry, by the GeoNames town of that name in the
countries the document names, or by an adjective of nationality (``l'armée malienne``); a facility
only through the first two.
"""

from __future__ import annotations

from kg.gazetteer import Entry, Gazetteer
from kg.model import Entity, Resolution, Town
from kg.resolve.geo import find_town


def document_countries(resolution: Resolution, gaz: Gazetteer) -> set[str]:
    """ISO codes of the countries a document names, itself or through its known places."""
    codes = set()
    for entity in resolution.entities.values():
        entry = gaz.entries.get(entity.link) if entity.link else None
        if entry is not None and entry.kind == "country" and entry.iso_code:
            codes.add(entry.iso_code)
        elif entry is not None and entry.country is not None and (country := gaz.entries.get(entry.country)) \
                and country.iso_code:
            codes.add(country.iso_code)
    return codes


def _town(entity: Entity, entry: Entry | None, countries: set[str]) -> Town | None:
    """The GeoNames town a proper place name of the document designates, if that is safe to say."""
    if entry is not None or entity.kind != "place" or not any(m.proper for m in entity.mentions):
        return None
    return find_town(entity.label, countries)


def _named_country(entity: Entity, gaz: Gazetteer) -> Entry | None:
    """centre du Mali, aéroport de Bagdad: the country a place's own name holds, or that of the
    known place it holds."""
    for mention in entity.mentions:
        for word in mention.key_words:
            entry = gaz.entries.get(word)
            if entry is not None and entry.kind == "country":
                return entry
            if entry is not None and entry.kind in ("place", "facility") and entry.country:
                return gaz.entries.get(entry.country)
    return None


def _country(entity: Entity, entry: Entry | None, town: Town | None, gaz: Gazetteer) -> Entry | None:
    """The country the entity lies in or belongs to; a country is its own."""
    if entry is not None and entry.kind == "country":
        return entry
    if entry is not None:
        return gaz.entries.get(entry.country) if entry.country else None
    if town is not None:
        return gaz.country_of_code(town.country)
    if entity.kind not in ("facility", "country") and entity.country in gaz.entries:
        return gaz.entries[entity.country]
    if entity.kind in ("place", "facility"):
        return _named_country(entity, gaz)
    return None


def locate_entities(resolution: Resolution, gaz: Gazetteer) -> None:
    """Set the town and the country of every entity of a resolved document."""
    countries = document_countries(resolution, gaz)
    for entity in resolution.entities.values():
        entry = gaz.entries.get(entity.link) if entity.link else None
        entity.town = _town(entity, entry, countries)
        country = _country(entity, entry, entity.town, gaz)
        entity.located_in = country.key if country is not None else None
