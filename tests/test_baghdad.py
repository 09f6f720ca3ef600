"""The bundled Baghdad article, coded as an analyst would code it (issue 5's acceptance test)."""

from pathlib import Path

import pytest
from rdflib import RDF

from kg.documents import read_path
from kg.rdf import build_graph
from kg.records import records
from kg.run import run
from kg.vocab import CKG, EVT

pytestmark = pytest.mark.slow

ARTICLE = Path(__file__).resolve().parent.parent / "examples" / "baghdad.txt"


@pytest.fixture(scope="module")
def result():
    return next(run(read_path(ARTICLE)))


@pytest.fixture(scope="module")
def events(result):
    return [r for r in records(result) if r["kind"] == "event"]


def attacks(events):
    return [e for e in events if e["type"] == "assault"]


def test_one_attack_on_the_annex_this_month(events):
    this_month = [e for e in attacks(events) if e["date"] == "2024-09"]
    assert len(this_month) == 1
    attack = this_month[0]
    assert "annexe de l'ambassade des États-Unis" in attack["target"]
    assert attack["mentions"] >= 5  # l'attaque, cet incident, l'explosion, … are one occurrence


def test_the_attack_is_dated_a_tuesday_evening_at_month_precision(events):
    attack = attacks(events)[0]
    assert (attack["date"], attack["date_precision"], attack["date_basis"]) == ("2024-09", "month", "text")
    assert attack["date_text"] == "mardi soir"


def test_the_attack_is_at_baghdad_airport_in_iraq(events):
    attack = attacks(events)[0]
    assert attack["location"][0] == "aéroport international de Bagdad"
    assert "Bagdad" in attack["location"] and attack["country"] == "Irak"


def test_two_grad_missiles_and_no_one_injured(events):
    attack = attacks(events)[0]
    assert attack["weapon"] == ["deux missiles Grad"] and attack["weapon_count"] == 2
    assert attack["mode"] == "ASSAULT.heavy-weapons"
    assert (attack["injured"], attack["killed"]) == (0, None)


def test_pro_iranian_militias_are_alleged_not_asserted(events, result):
    attack = attacks(events)[0]
    assert "groupes pro-iraniens" in attack["alleged_actor"]
    assert "milices affiliées à l'Iran" in attack["alleged_actor"]
    graph = build_graph([result])
    event = next(e for e in graph.subjects(RDF.type, CKG.Event)
                 if (e, CKG.eventType, EVT.assault) in graph and (e, CKG.weaponCount, None) in graph)
    alleged = set(graph.objects(event, CKG.allegedActor))
    assert alleged and not set(graph.objects(event, CKG.actor)) & alleged


def test_condemnation_and_request_to_the_iraqi_authorities(events):
    condemnation = [e for e in events if e["type"] == "accuse" and e["trigger"] == "condamné"]
    assert len(condemnation) == 1 and condemnation[0]["actor"] == ["administration américaine"]
    request = [e for e in events if e["type"] == "request" and "autorités irakiennes" in e["target"]]
    assert len(request) == 1 and request[0]["actor"] == ["ambassade des États-Unis à Bagdad"]


def test_the_winter_2023_campaign_is_another_event(events):
    campaign = [e for e in attacks(events) if e["date"] == "2023"]
    assert len(campaign) == 1
    assert campaign[0]["date_precision"] == "season" and campaign[0]["date_start"] == "2023-12-01"
    assert campaign[0]["actor"] == ["milices pro-iraniennes en Irak et en Syrie"]
    assert campaign[0]["location"][:2] == ["Irak", "Syrie"]


def test_the_presumed_authors_of_the_attack_are_no_edge_of_the_graph(result):
    # "Il semble que des groupes pro-iraniens semblent être les auteurs probables de l'attaque …"
    graph = build_graph([result])
    groups = {s for s, text in graph.subject_objects(CKG.subjectText) if "pro-iraniens" in str(text)}
    assert groups, "the statements about the pro-Iranian groups are kept"
    for statement in groups:
        edge = (graph.value(statement, CKG.subject), graph.value(statement, CKG.relation),
                graph.value(statement, CKG.object))
        if graph.value(statement, CKG.modality) == CKG.Hedged:
            assert edge not in graph
    militias = {graph.value(s, CKG.subject) for s in groups}
    asserted = [(p, o) for m in militias for p, o in graph.predicate_objects(m)
                if str(p).startswith("https://w3id.org/conflict-kg/relation/") and str(o).endswith("ambassade")]
    assert asserted == []
