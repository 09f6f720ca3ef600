"""Linking decisions: when two reports of different documents tell one act, and when they stay apart.

Two layers: the rules on the reports' facts alone (fast, :class:`ReportFacts` made by hand), then
articles written for these tests, read through the pipeline (slow): a strike in a town the headline
names while the event's sentence does not, a massacre reported by the village next door, and the
look-alikes that must stay apart (another town's strike, the same town struck again three days later,
a hamlet that only lies near a town, the other village a document names for another of its events)."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from kg.documents import make_document
from kg.model import Apart, Report, When
from kg.resolve.incidents import ReportFacts, disagreement, incident_of_events, link, link_incidents, link_reports
from kg.run import run

DAY = dt.date(2024, 2, 2)


def _report(doc: str, **fields) -> ReportFacts:
    """An assault of ``doc`` on DAY, told by nothing but what ``fields`` give."""
    empty: frozenset[str] = frozenset()
    base = ReportFacts(
        report=Report(doc, 0), type="assault", first=DAY, last=DAY, precision="day", places=empty, towns=empty,
        names=empty, countries=empty, targets=empty, sites=empty, parties=empty, target_parties=empty,
        when=When(DAY.isoformat(), "day"), date_basis="text", place_candidates=(), country_keys=(), actors=(),
        alleged=(), claimed_by=(), target_keys=(), killed=None, injured=None, toll_source=None,
        document_date=DAY.isoformat(), document_source=doc)
    return replace(base, **{k: frozenset(v) if isinstance(v, set) else v for k, v in fields.items()})


# ---------------------------------------------------------------- the rules on the facts


def test_a_place_the_other_document_names_beside_its_own_ties_them_weaker_than_a_shared_place():
    village = _report("a", places={"kourmele"}, names={"kourmele"})
    next_door = _report("b", places={"bangoube"}, names={"bangoube"}, story={"kourmele"})
    same = _report("c", places={"kourmele"}, names={"kourmele"})
    weak, strong = link(village, next_door), link(village, same)
    assert weak is not None and strong is not None
    assert "place" in weak.agreed and weak.score < strong.score  # the strongest links join first


def test_a_town_of_the_story_stands_for_a_report_with_no_place_of_its_own():
    town = _report("a", towns={"geonames:1"}, names={"kharkiv"})
    placeless = _report("b", story_towns={"kharkiv"})
    assert link(town, placeless) is not None and link(placeless, town) is not None


def test_a_town_beside_a_place_of_its_own_is_a_landmark_not_a_tie():
    town = _report("a", towns={"geonames:1"}, names={"niamey"})
    hamlet = _report("b", places={"sakoira"}, names={"sakoira"}, story_towns={"niamey"})
    assert link(town, hamlet) is None


def test_the_story_ties_only_acts_of_the_same_days():
    village = _report("a", places={"kourmele"}, names={"kourmele"})
    later = _report("b", places={"bangoube"}, names={"bangoube"}, story={"kourmele"},
                    first=DAY + dt.timedelta(days=3), last=DAY + dt.timedelta(days=3))
    assert disagreement(village, later) == "date" and link(village, later) is None


def test_the_story_ties_acts_not_statements():
    said = _report("a", type="accuse", places={"kourmele"}, names={"kourmele"}, parties={"onu"})
    other = _report("b", type="accuse", story={"kourmele"}, parties={"onu"})
    assert link(said, other) is None  # statements are told by who says what of whom


def test_a_weak_tie_does_not_chain_two_towns():
    first = _report("a", towns={"geonames:1"}, places={"djibo"}, names={"djibo"})
    placeless = _report("b", story_towns={"djibo", "kaya"})
    second = _report("c", towns={"geonames:2"}, places={"kaya"}, names={"kaya"})
    incidents = incident_of_events(link_reports([first, placeless, second]))
    assert incidents[first.report] != incidents[second.report]


# ---------------------------------------------------------------- articles through the pipeline

ARTICLES = [
    ("strike-afp", "2024-05-11", "AFP", "Un missile russe a frappé samedi un immeuble d'habitation de Kharkiv, "
     "tuant six personnes, selon le gouverneur régional."),
    ("strike-reuters", "2024-05-13", "Reuters", "Kharkiv : le bilan de la frappe s'alourdit\n\nUn missile a "
     "détruit samedi un immeuble d'habitation, tuant neuf personnes, selon les secours."),
    ("strike-odessa", "2024-05-13", "RFI", "Odessa : deux morts dans une frappe\n\nUn missile a détruit samedi "
     "un entrepôt, tuant deux personnes, selon les secours."),
    ("strike-again", "2024-05-15", "AFP", "Kharkiv : une nouvelle frappe\n\nUn missile a détruit mardi un "
     "immeuble d'habitation, tuant trois personnes, selon les secours."),
    ("herders-afp", "2024-02-03", "AFP", "Au moins quinze éleveurs ont été tués vendredi par des hommes armés à "
     "Kourmélé, dans l'ouest du Niger, selon des sources locales."),
    ("herders-rfi", "2024-02-04", "RFI", "Le bilan de l'attaque de vendredi contre les éleveurs de Bangoubé "
     "s'élève à vingt morts, selon un élu local. Les victimes ont été inhumées samedi à Kourmélé, le village "
     "voisin."),
    ("fishers-reuters", "2024-02-04", "Reuters", "Des hommes armés ont tué vendredi huit pêcheurs à Tagabati, "
     "dans l'ouest du Niger, selon des sources locales.\n\nLe même jour, des jihadistes ont incendié le marché "
     "de Kourmélé."),
    ("market-niamey", "2024-02-03", "AFP", "Des hommes armés ont attaqué vendredi le marché de Niamey, tuant "
     "quinze commerçants, selon des sources locales."),
    ("hamlet-voa", "2024-02-04", "VOA", "Des hommes armés ont tué vendredi douze villageois à Sakoïra, selon un "
     "élu local. Le hameau se trouve à une trentaine de kilomètres de Niamey."),
]


@pytest.fixture(scope="module")
def linked():
    results = list(run(make_document(text, where=doc_id, doc_id=doc_id, date=date, source=source)
                       for doc_id, date, source, text in ARTICLES))
    incidents = link_incidents(results)
    return {r.document.id: r for r in results}, incidents, incident_of_events(incidents)


def _attack(linked, doc: str, words: str = "") -> Report:
    """The report of ``doc``'s first assault whose target or place holds ``words``."""
    results, _, _ = linked
    events = results[doc].resolution.events
    return Report(doc, next(i for i, e in enumerate(events) if e.type == "assault"
                            and words in " ".join(m.text for m in e.target + e.location)))


@pytest.mark.slow
def test_a_report_whose_sentence_names_no_place_takes_the_town_of_its_headline(linked):
    _, _, incident_of = linked
    assert incident_of[_attack(linked, "strike-afp")] == incident_of[_attack(linked, "strike-reuters")]


@pytest.mark.slow
def test_another_towns_strike_the_same_day_stays_apart(linked):
    _, _, incident_of = linked
    afp = incident_of[_attack(linked, "strike-afp")]
    assert all(incident_of[Report("strike-odessa", i)] != afp for i in range(2))


@pytest.mark.slow
def test_the_headlines_town_struck_again_three_days_later_is_kept_apart_on_the_date(linked):
    _, incidents, incident_of = linked
    again = incident_of[_attack(linked, "strike-again")]
    assert again != incident_of[_attack(linked, "strike-afp")]
    first = next(i for i in incidents if i.id == incident_of[_attack(linked, "strike-afp")])
    assert Apart(again, "date") in first.apart


@pytest.mark.slow
def test_a_massacre_told_by_the_village_next_door_is_one_incident(linked):
    _, _, incident_of = linked
    assert incident_of[_attack(linked, "herders-afp")] == incident_of[_attack(linked, "herders-rfi")]


@pytest.mark.slow
def test_a_village_the_document_names_for_another_of_its_events_ties_nothing_else(linked):
    _, _, incident_of = linked
    fishers = _attack(linked, "fishers-reuters", "pêcheurs")
    assert incident_of[fishers] != incident_of[_attack(linked, "herders-afp")]


@pytest.mark.slow
def test_a_hamlet_that_lies_near_a_town_is_not_the_towns_attack(linked):
    _, _, incident_of = linked
    assert incident_of[_attack(linked, "hamlet-voa")] != incident_of[_attack(linked, "market-niamey")]
