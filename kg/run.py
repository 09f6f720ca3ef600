"""Runs the stages over a stream of documents: parse in batches, extract, resolve.

The one place that chooses how documents are executed; the stages never know.

Documents stream through in batches: whatever the size of the corpus, only a few batches are in
memory at once (no list of every parsed Doc).  With ``jobs > 1`` each batch goes, whole, to one of
``jobs`` worker processes, which parses, extracts and resolves it and sends back plain results
(dataclasses, much smaller than spaCy Docs); the results come out in input order, so the output is
the same for any number of jobs.
"""

from __future__ import annotations

import itertools
import multiprocessing
import os
import signal
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from tqdm import tqdm

from kg.documents import Document
from kg.errors import InputError, KgError, WorkerError
from kg.extract.document import extract_document
from kg.lexicon import load_lexicon
from kg.model import Result
from kg.nlp import load_pipeline
from kg.resolve import resolve_document

#: Documents per batch: what one worker parses, extracts and resolves in one go.
BATCH_SIZE = 16
#: Batches waiting or running per worker: enough to keep every worker busy, few enough to keep
#: memory flat on a stream of any length.
BATCHES_IN_FLIGHT_PER_JOB = 2


def iter_batch(documents: list[Document], model: str | None = None) -> Iterator[Result]:
    """Parse a batch of documents together, then extract and resolve them one by one, in order,
    each result given as soon as it is ready; languages may be mixed.

    Each process loads a language's pipeline and lexicon once (they are cached), then reuses them."""
    for lang, group in itertools.groupby(documents, key=lambda d: d.lang):
        docs = list(group)
        nlp = load_pipeline(lang, model)
        lex = load_lexicon(lang)
        for document, parsed in zip(docs, nlp.pipe(d.text for d in docs), strict=True):
            extraction = extract_document(document, parsed, lex)
            yield Result(document, extraction, resolve_document(extraction))


def process_batch(documents: list[Document], model: str | None = None) -> list[Result]:
    """:func:`iter_batch` as a list: what a worker process or a Dask task sends back."""
    return list(iter_batch(documents, model))


def resolve_jobs(jobs: int) -> int:
    """``--jobs``: a number of processes, or 0 for one per CPU core."""
    if jobs < 0:
        raise InputError("--jobs must be 0 (one per core) or more")
    return jobs or os.cpu_count() or 1


def in_order(submit: Callable[[list[Document]], Any], batches: Iterable[list[Document]],
             in_flight: int) -> Iterator[Any]:
    """Submit every batch (``submit`` returns a future), at most ``in_flight`` ahead of the one being
    waited for, and yield the futures' results in input order: memory stays flat, output stable.

    When reading the next batch fails (a bad record), the batches already sent are still yielded
    before the error, as a single process would have done."""
    pending: deque = deque()
    try:
        for batch in batches:
            pending.append(submit(batch))
            if len(pending) >= in_flight:
                yield pending.popleft().result()
    except KgError:
        while pending:
            yield pending.popleft().result()
        raise
    while pending:
        yield pending.popleft().result()


def _ignore_interrupts() -> None:
    """In a worker: Ctrl-C reaches the whole process group, but only the main process acts on it; it
    stops the pool, whose workers end their batch and exit, with nothing to print."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _parallel(batches: Iterator[list[Document]], model: str | None, jobs: int) -> Iterator[list[Result]]:
    # fork where there is one: the workers start at once and share the parent's loaded modules.
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    pool = ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=_ignore_interrupts)
    try:
        yield from in_order(lambda batch: pool.submit(process_batch, batch, model), batches,
                            jobs * BATCHES_IN_FLIGHT_PER_JOB)
    except BrokenProcessPool:
        raise WorkerError("a worker process died (killed, or out of memory?); the documents written so "
                          "far are complete; try fewer --jobs") from None
    finally:
        # On an error or Ctrl-C, batches not started are dropped rather than run to no purpose.
        pool.shutdown(wait=True, cancel_futures=True)


def batches_of(documents: Iterable[Document], batch_size: int) -> Iterator[list[Document]]:
    """Lists of ``batch_size`` documents; when reading fails, the documents read before the bad one
    still come out as a last batch, then the error."""
    batch: list[Document] = []
    try:
        for document in documents:
            batch.append(document)
            if len(batch) == batch_size:
                yield batch
                batch = []
    except KgError:
        if batch:
            yield batch
        raise
    if batch:
        yield batch


def progress_bar(progress: bool, total: int | None = None) -> tqdm:
    """Documents done (of ``total`` when known) and documents per second, on a terminal only."""
    return tqdm(desc="documents", unit="doc", total=total, disable=not progress or not sys.stderr.isatty(),
                file=sys.stderr)


def check_one_runner(jobs: int, cluster: str | None) -> None:
    """``--jobs`` and ``--cluster`` choose the same thing: one of them at most."""
    if cluster is not None and jobs != 1:
        raise InputError("give --jobs or --cluster, not both")


def run(
    documents: Iterable[Document],
    *,
    model: str | None = None,
    batch_size: int = BATCH_SIZE,
    progress: bool = False,
    jobs: int = 1,
    cluster: str | None = None,
    total: int | None = None,
) -> Iterator[Result]:
    """Documents → results, streamed in input order, on ``jobs`` processes (0: one per core) or on the
    Dask cluster ``cluster`` (see :mod:`kg.cluster`).  ``total`` is for the progress bar."""
    check_one_runner(jobs, cluster)
    jobs = resolve_jobs(jobs)
    batches = batches_of(documents, batch_size)
    if cluster is not None:
        from kg.cluster import on_cluster

        done = on_cluster(cluster, process_batch, batches, model)
    elif jobs == 1:
        # one process: each result goes out once extracted, not once its whole batch is
        done = ([result] for batch in batches for result in iter_batch(batch, model))
    else:
        done = _parallel(batches, model, jobs)
    with progress_bar(progress, total) as bar:
        for results in done:
            yield from results
            bar.update(len(results))
