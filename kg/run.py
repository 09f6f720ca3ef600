"""The executors: run :mod:`kg.pipeline`'s unit of work over a stream of documents, in this process,
in ``jobs`` worker processes or (through :mod:`kg.cluster`) on a Dask cluster.

The one place that chooses how documents are executed; the stages never know.

Documents stream through in batches: whatever the size of the corpus, only a few batches are in
memory at once (no list of every parsed Doc).  With ``jobs > 1`` each batch goes, whole, to one of
``jobs`` worker processes, which parses, extracts and resolves it and sends back plain results
(dataclasses, much smaller than spaCy Docs); the results come out in input order, so the output is
the same for any number of jobs.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import TYPE_CHECKING

from tqdm import tqdm

from kg.documents import Document
from kg.errors import InputError, WorkerError
from kg.model import Result
from kg.pipeline import BATCH_SIZE, BATCHES_IN_FLIGHT_PER_JOB, batches_of, in_order, iter_batch, process_batch

if TYPE_CHECKING:
    from kg.store import Store


def resolve_jobs(jobs: int) -> int:
    """``--jobs``: a number of processes, or 0 for one per CPU core."""
    if jobs < 0:
        raise InputError("--jobs must be 0 (one per core) or more")
    return jobs or os.cpu_count() or 1


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


def run_into(store: Store, documents: Iterable[Document], *, model: str | None = None, batch_size: int = BATCH_SIZE,
             progress: bool = False, jobs: int = 1, cluster: str | None = None,
             total: int | None = None) -> Iterator[tuple[str, bool]]:
    """:func:`run`, each document added to ``store`` as its own named graph (:func:`kg.store.add_document`):
    (document id, added) pairs in input order, added by this process as the results come, or, on a
    cluster and a store the workers can reach (one with a :attr:`~kg.store.Store.url`), by the workers
    themselves."""
    from kg.store import add_document

    if cluster is not None and store.url is not None:
        from kg.cluster import add_batch_to_store, on_cluster

        check_one_runner(jobs, cluster)
        # The workers write to the store themselves: nothing comes back but the ids.
        with progress_bar(progress, total) as bar:
            for pairs in on_cluster(cluster, add_batch_to_store, batches_of(documents, batch_size), model,
                                    store.url):
                yield from pairs
                bar.update(len(pairs))
        return
    for result in run(documents, model=model, batch_size=batch_size, progress=progress, jobs=jobs, cluster=cluster,
                      total=total):
        yield result.document.id, add_document(store, result)
