"""Incidents across documents: the reports of one occurrence share an incident, look-alikes do not.

The articles are written for these tests (an attack on a market reported three times, the same
market attacked again two days later, another town's market attacked the same day)."""

from __future__ import annotations

import json
import random

import pytest

from kg.documents import make_document
from kg.model import Apart, Report
from kg.resolve.incidents import incident_of_events, link_incidents
from kg.run import run

pytestmark = pytest.mark.slow

REPORTS = [
    ("market-afp", "2024-03-12", "AFP", "Au moins douze civils ont été tués lundi dans une attaque contre le marché "
     "de Djibo, dans le nord du Burkina Faso, ont indiqué des sources locales."),
    ("market-rfi", "2024-03-13", "RFI", "Le bilan de l'attaque du marché de Djibo s'est alourdi : quinze personnes "
     "ont été tuées lundi par des hommes armés, selon un responsable local."),
    ("market-reuters", "2024-03-14", "Reuters", "Des jihadistes ont attaqué lundi le marché de Djibo, au Burkina "
     "Faso, faisant une vingtaine de morts."),
]
AGAIN = ("market-again", "2024-03-14", "AFP", "Des hommes armés ont de nouveau attaqué mercredi le marché de Djibo, "
         "tuant quatre commerçants.")
ELSEWHERE = ("market-elsewhere", "2024-03-12", "AFP", "Lundi, des jihadistes ont attaqué le marché de Kaya, tuant "
             "six personnes.")


def _results(articles):
    documents = [make_document(text, where=doc_id, doc_id=doc_id, date=date, source=source)
                 for doc_id, date, source, text in articles]
    return list(run(documents))


@pytest.fixture(scope="module")
def results():
    return _results([*REPORTS, AGAIN, ELSEWHERE])


def _attack_incidents(results) -> dict[str, str]:
    """document id → the incident of its (first) attack."""
    incident_of = incident_of_events(link_incidents(results))
    return {r.document.id: incident_of[Report(r.document.id, next(i for i, e in enumerate(r.resolution.events)
                                                                   if e.type == "assault"))] for r in results}


def test_three_reports_of_one_attack_are_one_incident(results):
    attacks = _attack_incidents(results)
    assert attacks["market-afp"] == attacks["market-rfi"] == attacks["market-reuters"]


def test_the_same_market_attacked_two_days_later_is_another_incident(results):
    attacks = _attack_incidents(results)
    assert attacks["market-again"] != attacks["market-afp"]


def test_another_towns_market_the_same_day_is_another_incident(results):
    elsewhere = next(r for r in results if r.document.id == "market-elsewhere").resolution.events[0]
    assert any("Kaya" in m.text for m in elsewhere.target + elsewhere.location)  # a place that disagrees
    attacks = _attack_incidents(results)
    assert attacks["market-elsewhere"] != attacks["market-afp"]


def test_the_incident_keeps_every_toll_its_reports_give_and_why_they_were_linked(results):
    incident = next(i for i in link_incidents(results) if len(i.reports) == 3)
    assert sorted(t.count for t in incident.killed) == [12, 15, 20]
    assert incident.when is not None and incident.when.iso == "2024-03-11"
    assert incident.sources == ["AFP", "RFI", "Reuters"]
    assert (incident.first_reported, incident.last_reported) == ("2024-03-12", "2024-03-14")
    assert incident.links and all({"type", "date"} <= set(link.agreed) and 0 < link.score <= 1
                                  for link in incident.links)


def test_the_incidents_do_not_depend_on_the_order_of_the_documents(results):
    def key(incidents):
        return sorted((i.id, tuple(i.reports)) for i in incidents)

    shuffled = list(results)
    random.Random(19).shuffle(shuffled)
    assert key(link_incidents(shuffled)) == key(link_incidents(results))


def test_kg_extract_gives_the_events_of_one_incident_one_id(tmp_path):
    from kg.cli import main

    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text("".join(json.dumps({"id": i, "date": d, "source": s, "text": t}, ensure_ascii=False) + "\n"
                              for i, d, s, t in [*REPORTS, AGAIN]), encoding="utf-8")
    out = tmp_path / "facts.jsonl"
    assert main(["extract", str(corpus), "--format", "jsonl", "--quiet", "--out", str(out)]) == 0
    events = [r for r in map(json.loads, out.read_text(encoding="utf-8").splitlines()) if r["kind"] == "event"]
    by_doc = {r["doc"]: r["incident"] for r in events if r["type"] == "assault"}
    assert by_doc["market-afp"] == by_doc["market-rfi"] == by_doc["market-reuters"] != by_doc["market-again"]


def test_no_incidents_streams_the_records_without_incident_ids(tmp_path):
    from kg.cli import main

    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text("".join(json.dumps({"id": i, "date": d, "source": s, "text": t}, ensure_ascii=False) + "\n"
                              for i, d, s, t in REPORTS), encoding="utf-8")
    out = tmp_path / "facts.jsonl"
    assert main(["extract", str(corpus), "--format", "jsonl", "--quiet", "--no-incidents", "--out", str(out)]) == 0
    events = [r for r in map(json.loads, out.read_text(encoding="utf-8").splitlines()) if r["kind"] == "event"]
    assert events and all("incident" not in r for r in events)


def test_kg_build_writes_the_incidents_in_a_valid_graph_and_stats_counts_them(tmp_path):
    from kg.cli import main
    from kg.store import load_graph, query_graph, store_stats
    from kg.store.memory import MemoryStore
    from kg.validate import validate_graph

    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text("".join(json.dumps({"id": i, "date": d, "source": s, "text": t}, ensure_ascii=False) + "\n"
                              for i, d, s, t in [*REPORTS, AGAIN]), encoding="utf-8")
    assert main(["build", str(corpus), "--out", str(tmp_path / "out"), "--quiet"]) == 0
    graph = load_graph(tmp_path / "out" / "graph.ttl")
    assert validate_graph(graph) == []
    reports = query_graph(graph, "SELECT ?i (COUNT(?e) AS ?n) WHERE { ?i a ckg:Incident ; ckg:reportedBy ?e } "
                                 "GROUP BY ?i ORDER BY DESC(?n)").rows
    assert int(reports[0][1]) == 3  # the three reports of the attack on the market
    stats = store_stats(MemoryStore(tmp_path / "out" / "graph.ttl"))
    assert 0 < stats["incidents"] < stats["events"]


def _built(tmp_path):
    from kg.cli import main

    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text("".join(json.dumps({"id": i, "date": d, "source": s, "text": t}, ensure_ascii=False) + "\n"
                              for i, d, s, t in [*REPORTS, AGAIN]), encoding="utf-8")
    assert main(["build", str(corpus), "--out", str(tmp_path / "out"), "--quiet"]) == 0
    return tmp_path / "out" / "graph.ttl"


def test_kg_incidents_lists_each_incident_with_its_reports_sources_and_toll_range(tmp_path, capsys):
    from kg.cli import main

    graph = _built(tmp_path)
    capsys.readouterr()
    assert main(["incidents", str(graph), "--format", "jsonl", "--min-reports", "2"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert len(rows) == 1  # the market attack; the attack two days later has one report
    row = rows[0]
    assert row["reports"] == "3" and row["sources"] == "AFP; RFI; Reuters" and row["date"] == "2024-03-11"
    assert (row["killed_min"], row["killed_max"], row["killed_latest"]) == ("12", "20", "20")
    assert row["documents"] == "market-afp; market-reuters; market-rfi"


def test_kg_events_by_incident_writes_one_row_per_incident(tmp_path, capsys):
    from kg.cli import main

    graph = _built(tmp_path)
    capsys.readouterr()
    assert main(["events", str(graph), "--format", "jsonl"]) == 0
    events = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert main(["events", str(graph), "--by", "incident", "--format", "jsonl"]) == 0
    incidents = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    attacks = [r for r in incidents if r["plover_type"] == "ASSAULT"]
    assert len(attacks) == 2 == len([r for r in events if r["plover_type"] == "ASSAULT"]) - 2
    market = next(r for r in attacks if r["reports"] == "3")
    assert market["fatalities"] == "12"  # the lowest figure, as ACLED keeps when sources disagree


def test_kg_incidents_on_a_missing_graph_is_a_one_line_error(tmp_path, capsys):
    from kg.cli import main

    assert main(["incidents", str(tmp_path / "nothing.ttl")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("kg: error:") and err.count("\n") == 1 and "Traceback" not in err


@pytest.mark.xfail(strict=True, reason="known gap (issue 20): 'celle du 3 mars contre le marché de …' is no event "
                   "mention yet, so the recap cannot join the earlier incident")
def test_a_recap_of_an_earlier_attack_reports_its_incident():
    results = _results([
        ("first", "2025-03-04", "AFP", "Au moins huit personnes ont été tuées lundi 3 mars dans une attaque contre le "
         "marché de Djibo, dans le nord du Burkina Faso."),
        ("recap", "2025-03-12", "RFI", "Des hommes armés ont attaqué mardi un convoi près de Kaya, tuant cinq soldats. "
         "Cette attaque survient une semaine après celle du 3 mars contre le marché de Djibo."),
    ])
    incident_of = incident_of_events(link_incidents(results))
    first = incident_of[Report("first", 0)]
    assert any(incident == first for report, incident in incident_of.items() if report.doc == "recap")


def test_the_same_market_two_days_later_is_kept_apart_and_said_why(results):
    incidents = {i.id: i for i in link_incidents(results)}
    attacks = _attack_incidents(results)
    market, again = incidents[attacks["market-afp"]], incidents[attacks["market-again"]]
    assert Apart(again.id, "date") in market.apart and Apart(market.id, "date") in again.apart


def test_a_disagreement_in_the_graph_is_checked_by_the_shapes(tmp_path, capsys):
    from rdflib import Literal

    from kg.cli import main
    from kg.store import load_graph
    from kg.validate import validate_graph
    from kg.vocab import CKG

    graph_file = _built(tmp_path)
    capsys.readouterr()
    assert main(["incidents", str(graph_file), "--format", "jsonl", "--min-reports", "3"]) == 0
    row = json.loads(capsys.readouterr().out.splitlines()[0])
    assert row["kept_apart"].endswith("(date)")  # the attack two days later, on another day
    graph = load_graph(graph_file)
    apart = next(graph.subjects(CKG.disagreedOn, Literal("date")))
    graph.set((apart, CKG.disagreedOn, Literal("weather")))
    assert any("disagreedOn" in str(v.path) for v in validate_graph(graph))
