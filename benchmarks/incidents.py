"""Incident linking: the cost of a new document's events against the number of events already read.

    python benchmarks/incidents.py [--sizes 1000 10000 100000] [--new 200] [--per-day 200]

The events are generated (no model): a monitoring stream of ``--per-day`` events a day over as many
days as the size needs, of six types, in 40 countries and 400 towns, with a day's, a month's or a
story's date, some targets, sides and tolls, and documents of four events.  For each size, an index
of that many events is filled (not timed), then ``--new`` new documents are linked into it one by
one (timed): for each of their events, the candidates the index gives (:class:`ReportIndex`) and
the link decision against each (:func:`link`), then the event filed.  Printed: microseconds per new
document, candidates looked at per event, and the ratio to the smallest size (the baseline, run in
the same benchmark): flat means ~1.0 whatever the archive.  A naive linker that compares a new event
with every event read so far is timed alongside on the same documents, for scale.

With ``--store``, the same archive is also put in an Oxigraph store as ``kg add`` leaves it (each
document's events with their ``ckg:reportFacts`` and ``ckg:linkKey``, the incidents linked, each in
its graph; the documents hold nothing else, which linking does not read), and the new documents are
added and linked one by one as ``kg add`` does (:func:`kg.store.incidents.link_documents`: the
neighbourhood read through the keys, linked again, its incidents' graphs replaced), timed per
document.
"""

from __future__ import annotations

import argparse
import datetime as dt
import platform
import random
import time

from kg.model import Report, When
from kg.resolve.incidents import APART_DAYS, LEAD_DAYS, ReportFacts, ReportIndex, disagreement, link, link_reports

TYPES = ("assault", "coerce", "protest", "accuse", "request", "threaten")
COUNTRIES = [f"country-{i}" for i in range(40)]
TOWNS = {country: [f"{country}-town-{j}" for j in range(10)] for country in COUNTRIES}
START = dt.date(2020, 1, 1)


def _facts(rng: random.Random, doc: str, index: int, day: dt.date) -> ReportFacts:
    country = rng.choice(COUNTRIES)
    town = rng.choice(TOWNS[country])
    kind = rng.random()
    if kind < 0.7:  # the text gives the day
        when, basis, first, last = When(day.isoformat(), "day"), "text", day, day
    elif kind < 0.9:  # the story's day
        when, basis, first, last = When(day.isoformat(), "day"), "story", day - dt.timedelta(days=LEAD_DAYS), day
    else:  # only the document's month
        first = day.replace(day=1)
        last = (first + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
        when, basis, first = When(day.strftime("%Y-%m"), "month"), "document", first - dt.timedelta(days=LEAD_DAYS)
    side = f"group-{rng.randrange(300)}"
    target = f"site-{rng.randrange(2000)}" if rng.random() < 0.5 else None
    return ReportFacts(
        report=Report(doc, index), type=rng.choice(TYPES), first=first, last=last, precision=when.precision,
        places=frozenset({town}), towns=frozenset({town}), names=frozenset({town}),
        countries=frozenset({country}), targets=frozenset({target} if target else ()),
        sites=frozenset({target} if target else ()), parties=frozenset({side}),
        target_parties=frozenset({f"group-{rng.randrange(300)}"}), when=when, date_basis=basis,
        place_candidates=(town,), country_keys=(country,), actors=(side,), alleged=(), claimed_by=(),
        target_keys=(target,) if target else (), killed=rng.choice((None, None, 0, 3, 12)), injured=None,
        toll_source="AFP", document_date=day.isoformat(), document_source="AFP")


def stream(rng: random.Random, events: int, per_day: int, first_doc: int = 0) -> list[list[ReportFacts]]:
    """Documents of four events, ``per_day`` events a day from START."""
    documents = []
    for number in range(first_doc, first_doc + events // 4):
        day = START + dt.timedelta(days=number * 4 // per_day)
        documents.append([_facts(rng, f"doc-{number}", i, day) for i in range(4)])
    return documents


def _time_indexed(index: ReportIndex, documents: list[list[ReportFacts]]) -> tuple[float, float]:
    """(seconds per document, candidates per event) of linking the documents into the index."""
    looked = 0
    start = time.perf_counter()
    for document in documents:
        for facts in document:
            candidates = index.candidates(facts, margin=APART_DAYS)  # as link_reports looks
            looked += len(candidates)
            for other in candidates:
                link(facts, other) or disagreement(facts, other)
            index.add(facts)
    elapsed = time.perf_counter() - start
    return elapsed / len(documents), looked / sum(len(d) for d in documents)


def _time_naive(read: list[ReportFacts], documents: list[list[ReportFacts]]) -> float:
    """Seconds per document of comparing each new event with every event read so far."""
    start = time.perf_counter()
    for document in documents:
        for facts in document:
            for other in read:
                if other.type == facts.type:
                    link(facts, other)
            read.append(facts)
    return (time.perf_counter() - start) / len(documents)


def _document_graph(document: list[ReportFacts]):  # noqa: ANN202 - rdflib Graph
    """A document's graph as ``kg add`` files its events for linking (nothing else: linking reads no more)."""
    from rdflib import Literal, URIRef

    from kg.rdf import ReportedEvent, new_graph
    from kg.store.incidents import JSON, encode_report, filing_keys
    from kg.vocab import CKG, ID

    graph = new_graph()
    for facts in document:
        reported = _reported(facts)
        node = URIRef(reported.iri)
        graph.add((node, CKG.reportFacts, Literal(encode_report(facts, reported), datatype=JSON)))
        for key in filing_keys(facts):
            graph.add((node, CKG.linkKey, Literal(key)))
    del ID, ReportedEvent
    return graph


def _reported(facts: ReportFacts):  # noqa: ANN202 - ReportedEvent
    from kg.rdf import ReportedEvent
    from kg.vocab import ID

    return ReportedEvent(str(ID[f"event/{facts.report.doc}-{facts.report.index}"]), facts.report.doc, "fr",
                         frozenset())


def _time_store(archive: list[list[ReportFacts]], new: list[list[ReportFacts]], folder: str) -> float:
    """Seconds per new document of adding it to an Oxigraph store of the archive and linking it there."""
    import pyoxigraph as ox

    from kg.rdf import document_iri, incident_graph, incident_graph_iri
    from kg.store import open_store
    from kg.store.incidents import link_documents
    from kg.store.oxigraph import _oxigraph_triple

    store = open_store(folder)
    db = store.db
    assert db is not None
    reported = {f.report: _reported(f) for d in archive for f in d}
    quads = []

    def put(name, graph) -> None:  # noqa: ANN001 - bulk, as put_graph writes (the graph and the default graph)
        graph_name = ox.NamedNode(str(name))
        for s, p, o in graph:
            triple = _oxigraph_triple(s, p, o)
            quads.append(ox.Quad(*triple, graph_name))
            quads.append(ox.Quad(*triple, ox.DefaultGraph()))

    for document in archive:
        put(document_iri(document[0].report.doc), _document_graph(document))
    for incident in link_reports(f for d in archive for f in d):
        put(incident_graph_iri(incident.id), incident_graph(incident, reported))
    db.bulk_extend(quads)
    start = time.perf_counter()
    for document in new:
        store.put_graph(document_iri(document[0].report.doc), _document_graph(document))
        link_documents(store, [document[0].report.doc])
    elapsed = time.perf_counter() - start
    store.close()
    return elapsed / len(new)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10_000, 100_000])
    parser.add_argument("--new", type=int, default=200, help="new documents linked at each size")
    parser.add_argument("--per-day", type=int, default=200, help="events a day in the generated stream")
    parser.add_argument("--naive-up-to", type=int, default=100_000, help="largest size the naive linker runs at")
    parser.add_argument("--store", action="store_true", help="also time kg add's linking in an Oxigraph store")
    args = parser.parse_args()
    print(f"incident linking, {platform.python_implementation()} {platform.python_version()}, "
          f"{args.per_day} events a day, {args.new} new documents of 4 events per size")
    print(f"{'events read':>12} {'µs / new doc':>13} {'candidates / event':>19} {'ratio':>6} {'naive µs / doc':>15}"
          + (f" {'store ms / doc':>15} {'ratio':>6}" if args.store else ""))
    store_baseline = None
    baseline = None
    for size in args.sizes:
        rng = random.Random(20)
        archive = stream(rng, size, args.per_day)
        new = stream(rng, args.new * 4, args.per_day, first_doc=len(archive))
        # the new documents are of the archive's last days: what a monitoring stream adds each day
        last_day = archive[-1][0].first
        new = [[_facts(random.Random(hash((d[0].report.doc, i))), f.report.doc, i, last_day)
                for i, f in enumerate(d)] for d in new]
        index = ReportIndex()
        for document in archive:
            for facts in document:
                index.add(facts)
        seconds, candidates = _time_indexed(index, new)
        baseline = baseline or seconds
        naive = f"{_time_naive([f for d in archive for f in d], new) * 1e6:15.0f}" if size <= args.naive_up_to \
            else f"{'-':>15}"
        line = f"{size:12d} {seconds * 1e6:13.0f} {candidates:19.1f} {seconds / baseline:6.2f} {naive}"
        if args.store:
            import tempfile

            with tempfile.TemporaryDirectory() as folder:
                in_store = _time_store(archive, new, folder + "/db")
            store_baseline = store_baseline or in_store
            line += f" {in_store * 1e3:15.1f} {in_store / store_baseline:6.2f}"
        print(line, flush=True)


if __name__ == "__main__":
    main()
