"""Incidents: the events of different documents that report one real-world occurrence.

Corpus-level resolution.  Each event of each document is a *report*; two reports of different
documents are linked when

* their types are the same;
* their dates fit at their precision: two days at most a day apart, a day inside a month or a
  season, two months that overlap;
* their places are compatible: nothing rules them out (two different towns or named places, which no
  word of their names joins), and
* something positive ties them: the same specific place (an entity, a GeoNames town, a word of a
  place's name), the same named target, or, for statements (accusations, demands …), the same
  speaker and the same party they speak of.  Weaker, for acts: the place of one is where the other's
  document tells its story, a place it names that none of its events is at or targets (the village
  next door where the victims were buried; the town of the headline, when the event's own phrases
  name no place: a town named beside a place of the event's own is only a landmark).

Every link keeps its reasons (:class:`kg.model.Link`); reports joined by links, directly or through
others, are one :class:`kg.model.Incident`, which carries what the reports agree on.  Each decision
is a function of the two reports alone, and reports are compared through an index by type and
month, so the incidents are the same whatever order the documents come in, and the cost of a new
document does not grow with the reports of other months.

No spaCy here: records in, records out.
"""

from __future__ import annotations

import calendar
import datetime as dt
import hashlib
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from kg.lang import LanguageRules, rules_for
from kg.model import (
    PLACE_KINDS,
    VIOLENT_TYPES,
    Apart,
    Entity,
    Event,
    Incident,
    Link,
    Mention,
    Report,
    Result,
    TollFigure,
    When,
)
from kg.text import fold

#: Types whose reports are acts at a place (an attack, a protest), told by where and against whom; the
#: others (accusations, demands, threats …) are statements, told by who says what of whom.
PLACED_TYPES = (*VIOLENT_TYPES, "protest")
#: How far apart two days may be and still date one act (a night attack is Friday's or Saturday's).
DAY_TOLERANCE = 1
#: How much each kind of agreement says that two reports tell one act (a link's score is their sum).
#: "story": the place of one is where the other's document tells its story, a weaker "place".
WEIGHTS = {"type": 0.1, "date": 0.2, "place": 0.25, "actor": 0.15, "target": 0.3, "story": 0.1}
#: How far around a report's days to look for the reports it resembles but disagrees with (the same
#: market attacked again two days later): said, not linked.
APART_DAYS = 7
#: How many days before a date the text does not give the act (the story's, the document's) it may be of.
LEAD_DAYS = 7
PRECISION_RANK = {"day": 0, "season": 1, "month": 2, "year": 3}
BASIS_RANK = {"text": 0, "story": 1, "document": 2, None: 3}


@dataclass(frozen=True)
class ReportFacts:
    """What one report says that another can agree or disagree with, and what its incident takes
    from it: read once from its document's result, so that linking needs no result kept."""

    report: Report
    type: str
    first: dt.date | None  # the first and last day its date allows
    last: dt.date | None
    precision: str | None
    places: frozenset[str]  # entity keys of its specific places (not countries, not regions of a country)
    towns: frozenset[str]  # the known towns among them (GeoNames, gazetteer): two different ones rule a link out
    names: frozenset[str]  # the proper names' words of its places and targets (Dnipro in l'immeuble de Dnipro)
    countries: frozenset[str]
    targets: frozenset[str]  # keys of its targets that name the same thing in every document
    sites: frozenset[str]  # the proper names' words of the facilities it targets (hôpital Ahli Arab)
    parties: frozenset[str]  # keys of who did or said it (and the country or known party they name)
    target_parties: frozenset[str]  # keys of whom it was done to or said of (and their country or party)
    # what its incident takes from it
    when: When | None
    date_basis: str | None
    place_candidates: tuple[str, ...]
    country_keys: tuple[str, ...]
    actors: tuple[str, ...]
    alleged: tuple[str, ...]
    claimed_by: tuple[str, ...]
    target_keys: tuple[str, ...]
    killed: int | None
    injured: int | None
    toll_source: str | None  # who gives its toll: its attributed source, else its document's
    document_date: str | None
    document_source: str  # the document's source, else its id
    # where its document tells the story (:func:`_story`): the proper names' words of the places the document
    # names that none of its events is at or targets (the village next door where the victims were buried,
    # the town of the headline), those of places not known as towns, then those of known towns
    story: frozenset[str] = frozenset()
    story_towns: frozenset[str] = frozenset()


def _span(when: When | None) -> tuple[dt.date | None, dt.date | None]:
    """The first and last day a date allows."""
    if when is None:
        return None, None
    if when.start and when.end:
        return dt.date.fromisoformat(when.start), dt.date.fromisoformat(when.end)
    parts = [int(p) for p in when.iso.split("-")]
    if len(parts) == 3:
        day = dt.date(*parts)
        return day, day
    if len(parts) == 2:
        year, month = parts
        return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])
    return dt.date(parts[0], 1, 1), dt.date(parts[0], 12, 31)


def _global(entity: Entity | None) -> str | None:
    """The key of an entity that names the same thing in every document (a name, a known entity);
    a bare description (``doc-…/village``) names nothing another document can share."""
    return entity.key if entity is not None and "/" not in entity.key else None


def _keys(result: Result, mentions: Iterable[Mention]) -> set[str]:
    return {key for m in mentions if (key := _global(result.resolution.entity(m))) is not None}


def _party_keys(result: Result, mentions: Iterable[Mention]) -> set[str]:
    """Who a list of mentions names: their entities, the countries and known parties they name
    (l'armée israélienne and Israël, les forces russes and la Russie)."""
    keys: set[str] = set()
    for mention in mentions:
        named = result.resolution.named(mention)
        entity = result.resolution.entity(mention)
        keys |= {k for k in (_global(entity), named.link, named.country) if k}
        if entity is not None and entity.kind in ("state", "armed_group") and entity.located_in:
            keys.add(entity.located_in)
    return keys


def _is_region(entity: Entity) -> bool:
    """``le nord-est du Burkina Faso``, ``centre-est de l'Ukraine``: a part of a country, named by it."""
    return entity.located_in is not None and entity.located_in in entity.key and entity.key != entity.located_in


def _town(entity: Entity) -> str | None:
    """The town an entity is, when that is known: its GeoNames town, or its gazetteer entry as a place."""
    if entity.town is not None:
        return f"geonames:{entity.town.geonames_id}"
    return entity.link if entity.link and entity.kind == "place" else None


def _name_words(rules: LanguageRules, names: Iterable[str], countries: set[str]) -> set[str]:
    """The words of proper names (by the language's rule), those of the countries left out: what two
    reports of one act share however they phrase its place."""
    country_words = {word for key in countries for word in key.split("-")}
    return {fold(word) for name in names for word in rules.name_words(name) if fold(word) not in country_words}


def _labels(result: Result, mentions: Iterable[Mention]) -> list[str]:
    """How the document names what the mentions stand for at its fullest (l'hôpital → hôpital Ahli Arab)."""
    return [e.label if (e := result.resolution.entity(m)) is not None else m.text for m in mentions]


def report_facts(result: Result) -> list[ReportFacts]:
    """The facts of every event of one document, in order."""
    story = _story(result)
    return [_facts(result, index, story) for index in range(len(result.resolution.events))]


def _located(result: Result, event: Event) -> list[tuple[Mention, Entity]]:
    """The specific places where an event is (not countries, not regions of a country), with their entities."""
    return [(m, e) for m in event.location if m.kind in PLACE_KINDS and m.kind != "country"
            and (e := result.resolution.entity(m)) is not None and not _is_region(e)]


def _story(result: Result) -> tuple[frozenset[str], frozenset[str]]:
    """The proper names' words of the places a document names that none of its events is at or targets,
    those of places not known as towns and those of known towns: where the story is, as far as the
    document tells it beyond its events' own phrases (the village next to the fields where the workers
    were killed, the town of the headline).  A place one of the document's events is at is that event's,
    no evidence for another.  The countries' words are left out."""
    rules = rules_for(result.document.lang)
    countries = {e.key for e in result.resolution.entities.values() if e.kind == "country"} | {
        e.located_in for e in result.resolution.entities.values() if e.located_in}
    taken = {fold(word) for event in result.resolution.events
             for name in [e.label for _, e in _located(result, event)] + _labels(result, event.target)
             for word in rules.name_words(name)}
    untowned: set[str] = set()
    towns: set[str] = set()
    for entity in result.resolution.entities.values():
        if entity.kind != "place" or _is_region(entity) or not any(m.proper for m in entity.mentions):
            continue
        words = _name_words(rules, [entity.label], countries) - taken
        (towns if _town(entity) is not None else untowned).update(words)
    return frozenset(untowned), frozenset(towns)


def facts(result: Result, index: int) -> ReportFacts:
    """The facts of the event ``index`` of one document."""
    return _facts(result, index, _story(result))


def _facts(result: Result, index: int, story: tuple[frozenset[str], frozenset[str]]) -> ReportFacts:
    event = result.resolution.events[index]
    located = _located(result, event)
    first, last = _span(event.when)
    if first is not None and event.date_basis in ("story", "document"):
        # a date the text does not give the act (the story's, the document's month) is a guess: the
        # act may be of the days before it (told as the lead's, or in the first days of the month)
        first -= dt.timedelta(days=LEAD_DAYS)
    countries = set(result.resolution.countries_of(event))
    rules = rules_for(result.document.lang)
    return ReportFacts(
        report=Report(result.document.id, index),
        type=event.type,
        first=first,
        last=last,
        precision=event.when.precision if event.when else None,
        places=frozenset(k for _, e in located if (k := _global(e)) is not None),
        towns=frozenset(t for _, e in located if (t := _town(e)) is not None),
        names=frozenset(_name_words(rules, [e.label for _, e in located] + _labels(result, event.target), countries)),
        countries=frozenset(countries),
        targets=frozenset(_keys(result, event.target)),
        sites=frozenset(_name_words(rules, _labels(result, [m for m in event.target if m.kind == "facility"]),
                                    countries)),
        parties=frozenset(_party_keys(result, event.authors) | _name_words(rules, _labels(result, event.authors),
                                                                              set())),
        target_parties=frozenset(_party_keys(result, event.target) | _name_words(rules, _labels(result, event.target),
                                                                                 set())),
        when=event.when,
        date_basis=event.date_basis,
        place_candidates=tuple(_places(result, event)),
        country_keys=tuple(result.resolution.countries_of(event)),
        actors=tuple(sorted(_entity_keys(result, event.actor))),
        alleged=tuple(sorted(_entity_keys(result, event.alleged))),
        claimed_by=tuple(sorted(_entity_keys(result, event.claimed_by))),
        target_keys=tuple(sorted(_entity_keys(result, event.target))),
        killed=event.killed,
        injured=event.injured,
        toll_source=result.resolution.display(event.source) if event.source else result.document.source,
        document_date=result.document.date,
        document_source=result.document.source or result.document.id,
        story=story[0],
        story_towns=story[1],
    )


def _dates_fit(a: ReportFacts, b: ReportFacts) -> bool:
    if a.first is None or b.first is None or a.last is None or b.last is None:
        return False
    if a.precision == "day" and b.precision == "day" and a.first == a.last and b.first == b.last:
        return abs((a.first - b.first).days) <= DAY_TOLERANCE
    return a.first <= b.last and b.first <= a.last


def disagreement(a: ReportFacts, b: ReportFacts) -> str | None:
    """The field on which two reports (of one type) disagree so that they cannot tell one act, if any:
    ``date`` (different days), ``town``, ``country``, or ``target`` (different sites)."""
    if not _dates_fit(a, b):
        return "date"
    if a.towns and b.towns and not a.towns & b.towns and not a.names & b.names:
        return "town"
    if a.countries and b.countries and not a.countries & b.countries:
        return "country"
    if a.type in PLACED_TYPES and a.sites and b.sites and not a.sites & b.sites:
        return "target"  # a church and a hospital of one town: two acts
    return None


def link(a: ReportFacts, b: ReportFacts) -> Link | None:
    """The link between two reports of different documents, or None: symmetric, and a function of the
    two reports alone."""
    if disagreement(a, b) is not None:
        return None
    return _resemblance(a, b)


def _resemblance(a: ReportFacts, b: ReportFacts) -> Link | None:
    """What two reports of different documents have in common that would tie them, as a link, whatever
    they disagree on; None when nothing does."""
    if a.report.doc == b.report.doc or a.type != b.type:
        return None
    shared_place = bool(a.places & b.places or a.towns & b.towns or a.names & b.names)
    shared_target = bool(a.targets & b.targets or a.sites & b.sites)
    shared_actor = bool(a.parties & b.parties)
    storied = a.type in PLACED_TYPES and not shared_place and (_in_story(a, b) or _in_story(b, a))
    if a.type in PLACED_TYPES and not (shared_place or shared_target or storied):
        return None  # nothing ties them: the same type on the same days is not one act
    if a.type not in PLACED_TYPES and not (shared_actor and (a.target_parties & b.target_parties or shared_target)):
        return None  # a statement is the same one when the same speaker says it of the same party
    agreed = ("type", "date") + ("place",) * (shared_place or storied) + ("actor",) * shared_actor \
        + ("target",) * shared_target
    score = round(sum(WEIGHTS["story" if field == "place" and storied else field] for field in agreed), 2)
    first, second = sorted((a.report, b.report))
    return Link(first, second, score, agreed)


def resembles(a: ReportFacts, b: ReportFacts) -> bool:
    """Whether something ties two reports of different documents (a place, a site, a speaker …), whatever
    they disagree on: only then can one change the incident of the other, linked or kept apart."""
    return _resemblance(a, b) is not None


def _in_story(a: ReportFacts, b: ReportFacts) -> bool:
    """Is ``a``'s place where ``b``'s document tells its story?  Through a place no known town, or, when
    ``b`` has no place of its own, through any: a town named beside a place of its own is often only
    the landmark it is near (à vingt kilomètres de Djibo)."""
    return bool(a.names & b.story or not b.places and not b.names and a.names & b.story_towns)


class ReportIndex:
    """The reports read so far, by type, country and day: where a new report finds the reports it may
    be linked to without reading the others.  A report is filed under every day its date allows (a
    day's tolerance on each side) and under each of its countries (or none); a report with countries
    looks among the reports of those countries and of none, one with no country among all of its
    type on its days.  So a new report's cost grows with the reports of its days, not with the
    archive."""

    ANY = "*"
    NONE = ""

    def __init__(self) -> None:
        self.buckets: dict[tuple[str, str, int], list[ReportFacts]] = defaultdict(list)

    @staticmethod
    def _days(f: ReportFacts) -> range:
        if f.first is None or f.last is None:
            return range(0)
        return range(f.first.toordinal() - DAY_TOLERANCE, f.last.toordinal() + DAY_TOLERANCE + 1)

    def candidates(self, f: ReportFacts, margin: int = 0) -> list[ReportFacts]:
        """The reports filed so far that share a day (``margin`` days more on each side) and a country
        (or lack one) with ``f``, each once."""
        keys = [self.ANY] if not f.countries else [*sorted(f.countries), self.NONE]
        found: dict[Report, ReportFacts] = {}
        days = self._days(f)
        for day in range(days.start - margin, days.stop + margin) if days else days:
            for key in keys:
                for other in self.buckets.get((f.type, key, day), ()):
                    found.setdefault(other.report, other)
        return list(found.values())

    def add(self, f: ReportFacts) -> None:
        for day in self._days(f):
            for key in (self.ANY, *(sorted(f.countries) or [self.NONE])):
                self.buckets[(f.type, key, day)].append(f)


class _Groups:
    """The reports' groups: each a set of reports, joined two by two unless they disagree."""

    def __init__(self, reports: dict[Report, ReportFacts]) -> None:
        self.reports = reports
        self.group_of: dict[Report, frozenset[Report]] = {r: frozenset([r]) for r in reports}

    def find(self, report: Report) -> Report:
        """The group's representative: its smallest report."""
        return min(self.group_of[report])

    def join(self, a: Report, b: Report) -> bool:
        """Join the groups of ``a`` and ``b``, unless a report of one disagrees with a report of the other."""
        first, second = self.group_of[a], self.group_of[b]
        if first is second:
            return True
        if any(disagreement(self.reports[x], self.reports[y]) is not None
               for x in first for y in second):
            return False
        joined = first | second
        for report in joined:
            self.group_of[report] = joined
        return True

    def disagreement(self, a: Report, b: Report) -> str | None:
        """The field on which a report of ``a``'s group and one of ``b``'s disagree, if any does."""
        return next((field for x in sorted(self.group_of[a]) for y in sorted(self.group_of[b])
                     if (field := disagreement(self.reports[x], self.reports[y])) is not None), None)

    def members(self) -> dict[Report, list[Report]]:
        groups = {id(g): g for g in self.group_of.values()}
        return {min(g): sorted(g) for g in groups.values()}


def link_incidents(results: Iterable[Result]) -> list[Incident]:
    """The incidents of a corpus: every event of every result in exactly one incident, in the order
    of their first report (documents in the order given, events in document order)."""
    return link_reports(f for result in results for f in report_facts(result))


def link_reports(reports: Iterable[ReportFacts]) -> list[Incident]:
    """:func:`link_incidents` over the facts of the reports (:func:`report_facts`), in reading order.

    Links are found through an index by type, country and day (:class:`ReportIndex`); then they join
    their reports' groups, the strongest first, unless some report of one group disagrees with some
    report of the other (:func:`disagreement`): a weak link does not chain two acts that something
    tells apart.  The
    links' order is by score and reports, so the groups do not depend on the reading order."""
    index = ReportIndex()
    links: list[Link] = []
    apart: list[tuple[Report, Report, str]] = []  # reports that resemble each other but disagree, and on what
    read: dict[Report, ReportFacts] = {}
    for f in reports:
        read[f.report] = f
        for other in index.candidates(f, margin=APART_DAYS):
            if (found := _resemblance(f, other)) is None:
                continue
            if (field := disagreement(f, other)) is None:
                links.append(found)
            elif f.type in PLACED_TYPES and ("place" in found.agreed or "target" in found.agreed):
                apart.append((f.report, other.report, field))  # the same place or site: said why they are two
        index.add(f)
    groups = _Groups(read)
    kept: list[Link] = []
    for found in sorted(links, key=lambda k: (-k.score, k.a, k.b)):
        if groups.join(found.a, found.b):
            kept.append(found)
        elif (field := groups.disagreement(found.a, found.b)) is not None:
            apart.append((found.a, found.b, field))
    link_of: dict[Report, list[Link]] = defaultdict(list)
    for found in sorted(kept, key=lambda k: (k.a, k.b)):
        link_of[groups.find(found.a)].append(found)
    order = {report: n for n, report in enumerate(read)}
    incidents = [_incident([read[r] for r in sorted(members)], link_of[root])
                 for root, members in groups.members().items()]
    of_report = {report: incident for incident in incidents for report in incident.reports}
    kept_apart: dict[str, set[Apart]] = defaultdict(set)
    for a, b, field in apart:
        first, second = of_report[a], of_report[b]
        if first is not second:
            kept_apart[first.id].add(Apart(second.id, field))
            kept_apart[second.id].add(Apart(first.id, field))
    for incident in incidents:
        incident.apart = sorted(kept_apart[incident.id])
    return sorted(incidents, key=lambda inc: min(order[r] for r in inc.reports))


def _incident_id(reports: list[ReportFacts]) -> str:
    """Made from the earliest report (by document date, then id): the same whatever the input order."""
    first = min(reports, key=lambda f: (f.document_date or "", f.report.doc, f.report.index)).report
    return "inc-" + hashlib.sha1(f"{first.doc}\x1f{first.index}".encode()).hexdigest()[:16]


def _agreed_date(reports: list[ReportFacts]) -> When | None:
    """The most precise date that fits every report's: a day the text gives over one the story or
    the document gives, the most reported first."""
    dated = [(f.when, f.date_basis) for f in reports if f.when is not None]
    if not dated:
        return None
    spans = [_span(when) for when, _ in dated]
    counts = Counter(when.iso for when, _ in dated)

    def fits(when: When) -> bool:
        first, last = _span(when)
        assert first is not None and last is not None
        return all(s is not None and t is not None and s - dt.timedelta(days=DAY_TOLERANCE) <= last
                   and first <= t + dt.timedelta(days=DAY_TOLERANCE) for s, t in spans)

    ranked = sorted(dated, key=lambda d: (PRECISION_RANK.get(d[0].precision, 4), BASIS_RANK.get(d[1], 3),
                                          -counts[d[0].iso], d[0].iso))
    return next((when for when, _ in ranked if fits(when)), ranked[0][0])


def _most_reported(keys: Iterable[str]) -> str | None:
    counts = Counter(keys)
    return min(counts, key=lambda k: (-counts[k], k)) if counts else None


def _incident(reports: list[ReportFacts], links: list[Link]) -> Incident:
    places = [p for f in reports for p in f.place_candidates]
    actors = _unique(k for f in reports for k in f.actors)
    killed = [TollFigure(f.killed, f.report, f.document_date, f.toll_source) for f in reports if f.killed is not None]
    injured = [TollFigure(f.injured, f.report, f.document_date, f.toll_source) for f in reports
               if f.injured is not None]
    dates = sorted(d for f in reports if (d := f.document_date))
    return Incident(
        id=_incident_id(reports),
        type=reports[0].type,
        reports=[f.report for f in reports],
        links=links,
        when=_agreed_date(reports),
        place=_most_reported(p for p in places if not p.startswith(REGION)) or _most_reported(
            p.removeprefix(REGION) for p in places),
        country=_most_reported(k for f in reports for k in f.country_keys),
        actors=actors,
        alleged=[k for k in _unique(k for f in reports for k in f.alleged) if k not in actors],
        claimed_by=_unique(k for f in reports for k in f.claimed_by),
        targets=_unique(k for f in reports for k in f.target_keys),
        killed=killed,
        injured=injured,
        sources=sorted({f.document_source for f in reports}),
        first_reported=dates[0] if dates else None,
        last_reported=dates[-1] if dates else None,
    )


#: Marks a region of a country among an incident's candidate places: chosen only when nothing more precise is.
REGION = "\0region:"


def _places(result: Result, event: Event) -> list[str]:
    """The keys of the places where a report puts the act, the most precise it has: its specific places,
    else the places and sites it targets, else the regions of a country it names (marked REGION)."""
    entities = [e for m in event.location if m.kind in PLACE_KINDS and m.kind != "country"
                and (e := result.resolution.entity(m)) is not None and _global(e)]
    specific = sorted(e.key for e in entities if not _is_region(e))
    sites = sorted(e.key for m in event.target if m.kind in ("place", "facility")
                   and (e := result.resolution.entity(m)) is not None and _global(e))
    return specific or sites or sorted(REGION + e.key for e in entities)


def _entity_keys(result: Result, mentions: Iterable[Mention]) -> set[str]:
    return {e.key for m in mentions if (e := result.resolution.entity(m)) is not None}


def _unique(keys: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(keys))


def incident_of_events(incidents: Iterable[Incident]) -> dict[Report, str]:
    """Each report's incident id."""
    return {report: incident.id for incident in incidents for report in incident.reports}
