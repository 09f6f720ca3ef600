"""Stores compared: in-memory rdflib against an embedded Oxigraph database, on graphs of 10k, 100k
and 1M triples, in the same run.

    python benchmarks/store.py [--sizes 10000 100000 1000000] [--repeat 3]

The graphs have the shape of real ones: the document graphs that kg builds from examples/*.txt,
copied with fresh IRIs for documents, events, statements, mentions and evidence, while entities
are drawn from a pool that grows ten times slower than the documents (the same actors and places
recur across articles). Each document is added as kg add adds it, one transaction per document.

Printed per size: load time (and documents per second at the start and at the end of the load,
which stay level when adding is linear in the number of documents), store size (the database's
directory on disk; for rdflib, the growth of the process's resident memory), and the latency of
every sample query of examples/queries/ (best of --repeat), with the ratio rdflib / Oxigraph.
"""

from __future__ import annotations

import argparse
import gc
import math
import platform
import shutil
import statistics
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from rdflib import Graph, URIRef

from kg.documents import iter_documents
from kg.rdf import add_result, document_iri
from kg.run import run
from kg.store import MemoryStore, new_graph
from kg.store.oxigraph import OxigraphStore
from kg.vocab import BASE

ROOT = Path(__file__).resolve().parent.parent
QUERIES = sorted((ROOT / "examples" / "queries").glob("*.rq"))
ENTITY = BASE + "id/entity/"
COPIED = tuple(BASE + f"id/{kind}/" for kind in ("event", "statement", "mention", "evidence", "document"))


def seed_graphs() -> list[tuple[URIRef, Graph]]:
    """The real document graphs of the bundled examples."""
    results = run(iter_documents([str(ROOT / "examples")]), progress=False)
    return [(document_iri(r.document.id), add_result(new_graph(), r)) for r in results]


def renamed(term: object, copy: int, pool: int) -> object:
    if isinstance(term, URIRef):
        text = str(term)
        if text.startswith(COPIED):
            return URIRef(f"{text}-{copy}")
        if text.startswith(ENTITY):
            return URIRef(f"{text}-{copy % pool}")
    return term


def synthetic_documents(seeds: list[tuple[URIRef, Graph]], triples: int) -> Iterator[tuple[URIRef, Graph]]:
    """Copies of the seed documents, with fresh IRIs, until about ``triples`` triples."""
    per_round = sum(len(g) for _, g in seeds)
    rounds = max(1, math.ceil(triples / per_round))
    pool = max(1, rounds // 10)
    for copy in range(rounds):
        for name, graph in seeds:
            out = Graph()
            for s, p, o in graph:
                out.add((renamed(s, copy, pool), p, renamed(o, copy, pool)))
            yield URIRef(f"{name}-{copy}"), out


def resident_bytes() -> int:
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * 4096


def folder_bytes(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def load(store: object, documents: list[tuple[URIRef, Graph]]) -> tuple[float, float, float]:
    """Seconds to add every document, and documents per second over the first and last tenth."""
    tenth = max(1, len(documents) // 10)
    times = []
    start = time.perf_counter()
    for name, graph in documents:
        before = time.perf_counter()
        store.put_graph(name, graph)  # type: ignore[attr-defined]
        times.append(time.perf_counter() - before)
    total = time.perf_counter() - start
    return total, tenth / sum(times[:tenth]), tenth / sum(times[-tenth:])


def latency(store: object, sparql: str, repeat: int) -> tuple[float, int]:
    best, rows = math.inf, 0
    for _ in range(repeat):
        start = time.perf_counter()
        result = store.query(sparql)  # type: ignore[attr-defined]
        best = min(best, time.perf_counter() - start)
        rows = len({tuple(map(str, row)) for row in result.rows})
        if best > 20:  # one run of a slow query is figure enough
            break
    return best, rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--repeat", type=int, default=3, help="runs of each query; the best is kept")
    args = parser.parse_args()

    seeds = seed_graphs()
    print(f"machine: {platform.machine()}, Python {platform.python_version()}; seed: {len(seeds)} documents, "
          f"{sum(len(g) for _, g in seeds)} triples")
    for size in args.sizes:
        documents = list(synthetic_documents(seeds, size))
        triples = sum(len(g) for _, g in documents)
        print(f"\n== {triples:,} triples in {len(documents):,} documents")
        gc.collect()
        rss = resident_bytes()
        memory = MemoryStore()
        memory_load = load(memory, documents)
        memory_size = resident_bytes() - rss
        folder = Path(tempfile.mkdtemp(prefix="kg-bench-"))
        try:
            oxigraph = OxigraphStore(folder / "db")
            oxigraph_load = load(oxigraph, documents)
            oxigraph.db.flush()  # type: ignore[union-attr]
            oxigraph_size = folder_bytes(folder / "db")
            print(f"{'':<28}{'rdflib (memory)':>18}{'Oxigraph (disk)':>18}{'ratio':>8}")
            print(f"{'load, s':<28}{memory_load[0]:>18.2f}{oxigraph_load[0]:>18.2f}"
                  f"{memory_load[0] / oxigraph_load[0]:>8.1f}")
            print(f"{'docs/s, first / last 10%':<28}{f'{memory_load[1]:.0f} / {memory_load[2]:.0f}':>18}"
                  f"{f'{oxigraph_load[1]:.0f} / {oxigraph_load[2]:.0f}':>18}")
            print(f"{'size, MB':<28}{memory_size / 1e6:>18.1f}{oxigraph_size / 1e6:>18.1f}")
            ratios = []
            for path in QUERIES:
                sparql = path.read_text(encoding="utf-8")
                slow, slow_rows = latency(memory, sparql, args.repeat)
                fast, fast_rows = latency(oxigraph, sparql, args.repeat)
                ratios.append(slow / fast)
                check = "" if slow_rows == fast_rows else f"  (rows differ: {slow_rows} vs {fast_rows})"
                print(f"{path.stem + ', ms':<28}{slow * 1000:>18.1f}{fast * 1000:>18.1f}{slow / fast:>8.1f}{check}")
            print(f"{'queries, geometric mean':<28}{'':>36}{statistics.geometric_mean(ratios):>8.1f}")
            oxigraph.close()
        finally:
            del memory
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
