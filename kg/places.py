"""Where places are: the town a name designates and the country a place lies in.

Shared by the RDF writer (``ckg:countryOf``, coordinates) and the event records (their
``country`` column), so that both tell the same geography.  A place is tied to a country by its
gazetteer entry, by the GeoNames town of that name in the countries the document names, or by
an adjective of nationality (``l'armée malienne``); a facility only through the first two.
"""

from __future__ import annotations

from kg import geo
from kg.gazetteer import Entry, Gazetteer
from kg.resolve import Entity, Resolution


def document_countries(resolution: Resolution, gaz: Gazetteer) -> set[str]:
    """ISO codes of the countries a document names, itself or through its known places."""
    codes = set()
    for entity in resolution.entities.values():
        entry = gaz.entries.get(entity.link) if entity.link else None
        if entry is not None and entry.kind == "country" and entry.iso_code:
            codes.add(entry.iso_code)
        elif entry is not None and entry.country in gaz.entries and gaz.entries[entry.country].iso_code:
            codes.add(gaz.entries[entry.country].iso_code)  # type: ignore[arg-type]
    return codes


class Geography:
    """The places of one document, looked up once each."""

    def __init__(self, resolution: Resolution, gaz: Gazetteer) -> None:
        self.resolution = resolution
        self.gaz = gaz
        self._countries: set[str] | None = None

    @property
    def countries(self) -> set[str]:
        if self._countries is None:
            self._countries = document_countries(self.resolution, self.gaz)
        return self._countries

    def entry(self, entity: Entity) -> Entry | None:
        return self.gaz.entries.get(entity.link) if entity.link else None

    def town(self, entity: Entity) -> geo.Town | None:
        """The GeoNames town a proper place name of the document designates, if that is safe to say."""
        if self.entry(entity) is not None or entity.kind != "place" or not any(m.proper for m in entity.mentions):
            return None
        return geo.find_town(entity.label, self.countries)

    def country(self, entity: Entity) -> Entry | None:
        """The country the entity lies in or belongs to; a country is its own."""
        entry = self.entry(entity)
        if entry is not None and entry.kind == "country":
            return entry
        if entry is not None:
            return self.gaz.entries.get(entry.country) if entry.country else None
        town = self.town(entity)
        if town is not None:
            return self.gaz.country_of_code(town.country)
        if entity.kind not in ("facility", "country") and entity.country in self.gaz.entries:
            return self.gaz.entries[entity.country]
        if entity.kind in ("place", "facility"):
            return self._named_country(entity)
        return None

    def _named_country(self, entity: Entity) -> Entry | None:
        """centre du Mali, aéroport de Bagdad: the country a place's own name holds, or that of the
        known place it holds."""
        for mention in entity.mentions:
            for word in mention.key_words:
                entry = self.gaz.entries.get(word)
                if entry is not None and entry.kind == "country":
                    return entry
                if entry is not None and entry.kind in ("place", "facility") and entry.country:
                    return self.gaz.entries.get(entry.country)
        return None

    def coordinates(self, entity: Entity) -> tuple[float, float] | None:
        """(latitude, longitude) of a known place or town."""
        entry = self.entry(entity)
        if entry is not None and entry.wkt:
            lon, lat = entry.wkt.removeprefix("POINT(").removesuffix(")").split()
            return float(lat), float(lon)
        town = self.town(entity)
        return (town.latitude, town.longitude) if town is not None else None
