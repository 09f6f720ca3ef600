"""Scaling out: documents per second and parallel efficiency on a Dask cluster, against `--jobs 1`.

    python benchmarks/scale.py [--docs 5000] [--workers 1 2 4 …] [--scheduler tcp://host:8786]

The corpus is --docs paragraphs of examples/*.txt, shuffled (throughput.paragraph_corpus).  The baseline is
kg in this process (`--jobs 1`), pipeline loaded.  Each cluster row starts a LocalCluster of that many
worker processes (or uses --scheduler's workers), loads the pipeline on every worker first, then times
the corpus through it: documents per second, speed-up over the baseline, and parallel efficiency
(speed-up / workers).  Rows for `--jobs N` (kg's own process pool, no Dask) are printed alongside.
"""

from __future__ import annotations

import argparse
import os
import platform
import time
from pathlib import Path

from throughput import paragraph_corpus

from kg.cluster import map_in_order, open_cluster
from kg.documents import Document, make_document
from kg.nlp import load_pipeline
from kg.run import BATCH_SIZE, batches_of, process_batch, run

ROOT = Path(__file__).resolve().parent.parent


def documents(n: int) -> list[Document]:
    return [make_document(text, where=f"scale-{i}", date="2024-03-14") for i, text in enumerate(paragraph_corpus(n))]


def on_cluster(spec: str, docs: list[Document]) -> tuple[int, float]:
    """(workers, seconds) for the corpus on the cluster, pipelines loaded beforehand."""
    with open_cluster(spec) as client:
        client.run(load_pipeline, "fr")  # every worker loads its pipeline before the clock starts
        workers = len(client.nthreads())
        start = time.perf_counter()
        done = sum(len(results) for results in map_in_order(client, process_batch, batches_of(docs, BATCH_SIZE), None))
        seconds = time.perf_counter() - start
    assert done == len(docs)
    return workers, seconds


def with_jobs(jobs: int, docs: list[Document]) -> float:
    run(docs[: jobs * BATCH_SIZE], jobs=jobs)  # start the pool once; the pipeline is loaded in this process
    start = time.perf_counter()
    assert sum(1 for _ in run(docs, jobs=jobs)) == len(docs)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, default=5000)
    parser.add_argument("--workers", type=int, nargs="+", default=None,
                        help="LocalCluster sizes (default: 1, 2, 4, … up to the machine's cores)")
    parser.add_argument("--scheduler", help="also time an existing cluster at this address")
    args = parser.parse_args()
    cores = os.cpu_count() or 1
    sizes = args.workers or [n for n in (1, 2, 4, 8, 16, 32, 64) if n <= cores]

    docs = documents(args.docs)
    load_pipeline("fr")
    list(run(docs[:20]))  # first-use costs (lexicon, date parser) out of the baseline
    start = time.perf_counter()
    assert sum(1 for _ in run(docs)) == len(docs)
    baseline = time.perf_counter() - start

    print(f"machine: {platform.machine()}, {cores} cores, Python {platform.python_version()}; "
          f"corpus: {len(docs)} paragraphs; batches of {BATCH_SIZE}")
    print(f"{'runner':<26}{'seconds':>9}{'docs/s':>9}{'speed-up':>10}{'efficiency':>12}")

    def row(name: str, workers: int, seconds: float) -> None:
        speedup = baseline / seconds
        print(f"{name:<26}{seconds:>9.1f}{len(docs) / seconds:>9.1f}{speedup:>10.2f}{speedup / workers:>12.2f}")

    row("--jobs 1 (baseline)", 1, baseline)
    for size in sizes:
        if size > 1:
            row(f"--jobs {size}", size, with_jobs(size, docs))
        row(f"--cluster local:{size}", *on_cluster(f"local:{size}", docs))
    if args.scheduler:
        workers, seconds = on_cluster(args.scheduler, docs)
        row(f"--cluster {args.scheduler}", workers, seconds)


if __name__ == "__main__":
    main()
