"""One row per event with ACLED-like columns: the mapping to ACLED, the rows, and `kg events`."""

import csv
import io
import json

import pytest
from conftest import extract
from rdflib import RDF
from test_cli import EXAMPLES, kg

from kg.event_table import COLUMNS, default_mapping, event_rows
from kg.lexicon import load_lexicon
from kg.rdf import build_graph, mode_slug
from kg.vocab import CKG, EVT


def test_every_mode_the_extractor_can_give_is_a_concept_of_the_scheme():
    scheme = default_mapping().scheme
    for cues in load_lexicon("fr").event_modes.values():
        for notation in set(cues.values()):
            assert (EVT[mode_slug(notation)], RDF.type, None) in scheme, notation


@pytest.mark.parametrize("plover, mode, actors, targets, expected", [
    ("assault", "assault-drone", set(), set(), ("Explosions/Remote violence", "Air/drone strike")),
    ("assault", "assault-heavy-weapons", set(), set(), ("Explosions/Remote violence",
                                                        "Shelling/artillery/missile attack")),
    ("assault", "assault-abduct", set(), {"person"}, ("Violence against civilians", "Abduction/forced disappearance")),
    ("assault", None, {"armed_group"}, {"person"}, ("Violence against civilians", "Attack")),
    ("assault", None, {"armed_group"}, {"state"}, ("Battles", "Armed clash")),
    ("assault", "assault-seize-territory", {"state"}, set(), ("Battles", "Government regains territory")),
    ("assault", "assault-seize-territory", {"armed_group"}, set(), ("Battles", "Non-state actor overtakes territory")),
    ("protest", "protest-demo", set(), set(), ("Protests", "Peaceful protest")),
    ("protest", "protest-riot", set(), set(), ("Riots", "Violent demonstration")),
    ("coerce", "coerce-arrest", {"state"}, {"person"}, ("Strategic developments", "Arrests")),
])
def test_acled_codes(plover, mode, actors, targets, expected):
    code = default_mapping().code(plover, mode, actors, targets)
    assert (code.event_type, code.sub_event_type) == expected


def test_statements_acled_does_not_code_get_no_acled_type():
    assert default_mapping().code("request", None, {"state"}, {"state"}) is None
    assert default_mapping().code("accuse", None, {"state"}, {"armed_group"}) is None


def rows_of(text: str, date: str = "2024-03-14") -> list[dict]:
    return event_rows(build_graph([extract(text, date)]))


@pytest.mark.slow
def test_row_of_an_attack():
    rows = rows_of("Au moins douze civils ont été tués mardi soir à Gao par des hommes armés. "
                   "L'attaque a été revendiquée par le JNIM.")
    [attack] = [r for r in rows if r["plover_type"] == "ASSAULT"]
    assert set(attack) == set(COLUMNS)
    assert (attack["event_date"], attack["date_precision"], attack["date_text"]) == ("2024-03-12", "day", "mardi soir")
    assert attack["fatalities"] == "12" and attack["approximate"] == "true" and attack["injured"] == ""
    assert attack["location"] == "Gao" and attack["country"] == "Mali"
    assert abs(float(attack["latitude"]) - 16.27) < 0.1 and abs(float(attack["longitude"]) + 0.04) < 0.1
    assert attack["claimed_by"] == "Groupe de soutien à l'islam et aux musulmans"  # JNIM, by its known name
    assert (attack["event_type"], attack["sub_event_type"]) == ("Violence against civilians", "Attack")
    assert attack["notes"].startswith("Au moins douze civils")


@pytest.mark.slow
def test_unknown_stays_empty_and_none_is_zero():
    row = next(r for r in rows_of("Des roquettes ont visé la base. Il n'y a eu aucun blessé.")
               if r["plover_type"] == "ASSAULT")
    assert (row["fatalities"], row["injured"], row["latitude"], row["date_text"]) == ("", "0", "", "")


@pytest.mark.slow
def test_kg_events_from_documents_and_from_a_graph_agree(tmp_path):
    from_text = kg("events", str(EXAMPLES / "baghdad.txt"), "--quiet")
    assert from_text.returncode == 0, from_text.stderr
    rows = list(csv.DictReader(io.StringIO(from_text.stdout)))
    assert rows and list(rows[0]) == COLUMNS
    attack = next(r for r in rows if r["weapon_count"] == "2")
    assert attack["sub_event_type"] == "Shelling/artillery/missile attack"
    assert "groupes pro-iraniens" in attack["alleged_actor"] and attack["actor1"] == ""

    built = kg("build", str(EXAMPLES / "baghdad.txt"), "--out", str(tmp_path), "--quiet", "--format", "trig")
    assert built.returncode == 0, built.stderr
    out = tmp_path / "events.jsonl"
    from_graph = kg("events", str(tmp_path / "graph.trig"), "--format", "jsonl", "--out", str(out))
    assert from_graph.returncode == 0, from_graph.stderr
    assert str(out) in from_graph.stderr
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert all(list(line) == COLUMNS for line in lines)
    assert sorted(r["event_id"] for r in lines) == sorted(r["event_id"] for r in rows)


def test_kg_events_refuses_graphs_mixed_with_documents(tmp_path):
    graph = tmp_path / "g.ttl"
    graph.write_text("", encoding="utf-8")
    result = kg("events", str(graph), str(EXAMPLES / "baghdad.txt"))
    assert result.returncode == 2 and result.stderr.startswith("kg: error:")
    assert "Traceback" not in result.stderr


@pytest.mark.slow
def test_graph_has_the_new_event_properties():
    graph = build_graph([extract("Dans la nuit de samedi à dimanche, deux drones ont frappé un dépôt à Kharkiv. "
                                 "L'attaque a été revendiquée par les forces russes.")])
    event = next(graph.subjects(CKG.eventMode, EVT["assault-drone"]))
    period = str(graph.value(event, CKG.dateStart)), str(graph.value(event, CKG.dateEnd))
    assert period == ("2024-03-09", "2024-03-10")
    assert str(graph.value(event, CKG.datePrecision)) == "day"
    assert str(graph.value(event, CKG.dateText)) == "nuit de samedi à dimanche"
    assert int(graph.value(event, CKG.weaponCount)) == 2
    assert graph.value(event, CKG.claimedBy) is not None
    assert (graph.value(event, CKG.country), RDF.type, CKG.Country) in graph
