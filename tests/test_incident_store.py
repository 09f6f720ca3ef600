"""Incidents in a store: ``kg add`` links each new document to the incidents the store holds, through
an index by type, country and week, and the store ends with the incidents that linking every document
at once gives, whatever the order they came in.

The articles are those written for tests/test_incidents.py (three reports of one market attack, the
same market attacked again two days later, another town's market the same day), and one more of
another month."""

from __future__ import annotations

import json
import random

import pytest
from rdflib import URIRef
from test_incidents import AGAIN, ELSEWHERE, REPORTS, _results

from kg.documents import make_document
from kg.errors import InputError
from kg.ingest import add_documents
from kg.model import Report
from kg.rdf import document_iri, incident_graph_iri, reported_events
from kg.resolve.incidents import facts, link_incidents
from kg.store import MemoryStore, add_document, new_graph, open_store
from kg.store.incidents import (
    Neighbourhood,
    decode_report,
    document_reports,
    encode_report,
    filing_keys,
    link_documents,
    lookup_keys,
    stored_reports,
)
from kg.vocab import CKG

pytestmark = pytest.mark.slow

LATER = ("market-june", "2024-06-20", "AFP", "Des hommes armés ont attaqué mardi le marché de Djibo, tuant trois "
         "personnes.")


@pytest.fixture(scope="module")
def results():
    return _results([*REPORTS, AGAIN, ELSEWHERE, LATER])


def _stored(store) -> tuple[set[frozenset[str]], set[tuple[str, str, str]], dict[frozenset[str], str]]:
    """The store's incidents as sets of event IRIs, its disagreements, and each incident's id."""
    groups: dict[str, set[str]] = {}
    for incident, event in store.query("SELECT ?i ?e WHERE { ?i ckg:reportedBy ?e }").rows:
        groups.setdefault(str(incident), set()).add(str(event))
    apart = {tuple(str(t) for t in row) for row in store.query(
        "SELECT ?i ?o ?f WHERE { ?i ckg:keptApart ?d . ?d ckg:apartFrom ?o ; ckg:disagreedOn ?f }").rows}
    ids = {frozenset(events): iri.rsplit("/", 1)[-1] for iri, events in groups.items()}
    return set(ids), apart, ids


def _batch(results) -> dict[frozenset[str], str]:
    reported = reported_events({r.document.id: r for r in results})
    return {frozenset(reported[r].iri for r in incident.reports): incident.id for incident in link_incidents(results)}


def _add_one_by_one(store, results) -> None:
    for result in results:
        assert add_document(store, result)
        link_documents(store, [result.document.id])


def test_documents_added_one_by_one_in_any_order_give_the_incidents_of_one_batch(results, tmp_path):
    batch = _batch(results)
    assert any(len(group) == 3 for group in batch)  # the three reports of the market attack
    seen = []
    for seed in range(3):
        order = results[:]
        random.Random(seed).shuffle(order)
        with open_store(tmp_path / f"db{seed}") as store:
            _add_one_by_one(store, order)
            groups, apart, ids = _stored(store)
        assert ids == batch  # the same reports together, under the same ids
        seen.append(apart)
    assert seen[0] == seen[1] == seen[2] and seen[0]  # the market attacked again is kept apart, said once


def test_an_incident_grows_as_its_reports_come_and_its_graph_is_replaced(results):
    by_id = {r.document.id: r for r in results}
    store = MemoryStore()
    _add_one_by_one(store, [by_id["market-rfi"]])
    _, _, alone = _stored(store)
    _add_one_by_one(store, [by_id["market-afp"], by_id["market-reuters"]])
    groups, _, ids = _stored(store)
    market = next(group for group in groups if len(group) == 3)
    # the earliest report (AFP's, the day before RFI's) names the incident now: RFI's lone incident is gone
    assert ids[market] not in alone.values()
    incident_graphs = sorted(name for name in store.graph_names() if "/id/graph/incident/" in name)
    assert incident_graphs == sorted(str(incident_graph_iri(i)) for i in ids.values())


def test_re_adding_a_document_changes_nothing(results, tmp_path):
    documents = [make_document(text, where=doc_id, doc_id=doc_id, date=date, source=source)
                 for doc_id, date, source, text in REPORTS]
    with open_store(tmp_path / "db") as store:
        assert [status for _, status in add_documents(store, documents)] == ["added"] * 3
        before = sorted(map(str, store.quads()))
        assert [status for _, status in add_documents(store, documents[1:2])] == ["present"]
        assert sorted(map(str, store.quads())) == before


def test_a_document_left_unlinked_by_a_stopped_run_is_linked_when_added_again(results):
    documents = {doc_id: make_document(text, where=doc_id, doc_id=doc_id, date=date, source=source)
                 for doc_id, date, source, text in REPORTS}
    store = MemoryStore()
    by_id = {r.document.id: r for r in results}
    add_document(store, by_id["market-afp"])  # written, then the run stopped before linking it
    assert not store.query("ASK { ?i ckg:reportedBy ?e }").boolean
    assert [status for _, status in add_documents(store, documents.values())] == ["present", "added", "added"]
    groups, _, _ = _stored(store)
    assert any(len(group) == 3 for group in groups)


def test_a_new_report_reads_the_reports_of_its_weeks_not_the_archive(results):
    store = MemoryStore()
    _add_one_by_one(store, [r for r in results if r.document.id != "market-reuters"])
    reuters = next(r for r in results if r.document.id == "market-reuters")
    hood = Neighbourhood(store, stored_reports(reuters))
    read = {report.doc for report in hood.reports}
    assert {"market-afp", "market-rfi"} <= read  # the same week's reports of the attack
    assert "market-june" not in read  # another month's attack on the same market is not read
    june = next(r for r in results if r.document.id == "market-june")
    assert not set(lookup_keys(facts(june, 0))) & set(filing_keys(facts(reuters, 0)))


def test_each_stored_event_keeps_its_facts_for_linking_and_they_read_back_the_same(results):
    result = results[0]
    store = MemoryStore()
    add_document(store, result)
    stored = document_reports(store, [result.document.id])
    assert [f for f, _ in stored] == [facts(result, i) for i in range(len(result.resolution.events))]
    for stored_facts, reported in stored:
        assert decode_report(encode_report(stored_facts, reported), reported.iri) == (stored_facts, reported)
    node = URIRef(stored[0][1].iri)
    graph = store.dataset().graph(document_iri(result.document.id))
    assert json.loads(str(graph.value(node, CKG.reportFacts)))["facts"]["report"] == [result.document.id, 0]
    assert set(map(str, graph.objects(node, CKG.linkKey))) == set(filing_keys(stored[0][0]))


@pytest.mark.parametrize("backend", ["memory", "oxigraph"])
def test_dropping_a_graph_keeps_what_another_graph_also_holds(tmp_path, backend):
    store = MemoryStore() if backend == "memory" else open_store(tmp_path / "db")
    shared = (URIRef("urn:x:a"), URIRef("urn:x:p"), URIRef("urn:x:b"))
    own = (URIRef("urn:x:a"), URIRef("urn:x:p"), URIRef("urn:x:c"))
    first, second = new_graph(), new_graph()
    first.add(shared)
    first.add(own)
    second.add(shared)
    store.put_graph(URIRef("urn:g:1"), first)
    store.put_graph(URIRef("urn:g:2"), second)
    store.drop_graph(URIRef("urn:g:1"))
    store.drop_graph(URIRef("urn:g:none"))  # no such graph: nothing happens
    assert store.graph_names() == ["urn:g:2"]
    assert store.query("ASK { <urn:x:a> <urn:x:p> <urn:x:b> }").boolean
    assert not store.query("ASK { <urn:x:a> <urn:x:p> <urn:x:c> }").boolean
    store.close()


def test_a_read_only_store_cannot_drop_a_graph(tmp_path):
    with open_store(tmp_path / "db") as store:
        store.put_graph(URIRef("urn:g:1"), new_graph())
    with open_store(tmp_path / "db", read_only=True) as store, pytest.raises(InputError, match="read-only"):
        store.drop_graph(URIRef("urn:g:1"))


def test_the_reports_of_a_stored_document_are_found_by_its_id(results):
    store = MemoryStore()
    add_document(store, results[0])
    assert [f.report for f, _ in document_reports(store, [results[0].document.id])][0] == Report(
        results[0].document.id, 0)
    assert document_reports(store, ["not-there"]) == []


def _write_articles(folder, articles) -> list[str]:
    folder.mkdir()
    paths = []
    for doc_id, date, source, text in articles:
        path = folder / f"{doc_id}.jsonl"
        path.write_text(json.dumps({"id": doc_id, "date": date, "source": source, "text": text},
                                   ensure_ascii=False) + "\n", encoding="utf-8")
        paths.append(str(path))
    return paths


def test_kg_add_links_a_later_report_and_extract_store_gives_its_stored_incident(tmp_path):
    from test_cli import kg, one_line_error

    first, second, third = _write_articles(tmp_path / "in", REPORTS)
    db = str(tmp_path / "db")
    assert kg("add", first, second, "--store", db, "--quiet").returncode == 0
    # a new report, not added: extract --store gives its attack the incident the store holds
    lines = [json.loads(line) for line in kg("extract", third, "--format", "jsonl", "--store", db,
                                             "--quiet").stdout.splitlines()]
    (attack,) = [r for r in lines if r["kind"] == "event" and r["type"] == "assault"]
    stored = kg("incidents", "--store", db, "--format", "json", "--min-reports", "2")
    (market,) = json.loads(stored.stdout)
    assert attack["incident"] == market["incident"] and int(market["reports"]) == 2
    # the store was only read
    assert json.loads(kg("stats", "--store", db, "--format", "json").stdout)["documents"] == 2
    assert kg("add", third, "--store", db, "--quiet").returncode == 0  # now it joins the incident
    (market,) = json.loads(kg("incidents", "--store", db, "--format", "json", "--min-reports", "2").stdout)
    assert int(market["reports"]) == 3 and market["incident"] == attack["incident"]
    # --store needs the records that carry incidents
    refused = kg("extract", third, "--store", db)
    assert refused.returncode == 2 and "--format jsonl" in one_line_error(refused)


def test_a_document_rewrites_only_the_incidents_it_changes(results):
    by_id = {r.document.id: r for r in results}
    store = MemoryStore()
    _add_one_by_one(store, [by_id[doc_id] for doc_id in ("market-afp", "market-rfi", "market-again")])
    before = {name: sorted(map(str, store.dataset().graph(URIRef(name)))) for name in store.graph_names()}
    june = by_id["market-june"]  # the same market, months later: nothing of the March incidents changes
    add_document(store, june)
    gone, written = link_documents(store, [june.document.id])
    assert gone == 0 and written == len(june.resolution.events)
    after = {name: sorted(map(str, store.dataset().graph(URIRef(name)))) for name in store.graph_names()}
    assert all(after[name] == graph for name, graph in before.items())
    reuters = by_id["market-reuters"]  # a third report of the March attack: its incident is replaced
    add_document(store, reuters)
    gone, written = link_documents(store, [reuters.document.id])
    assert gone >= 1 and written >= 1
