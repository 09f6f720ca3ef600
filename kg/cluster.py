"""Extraction on a Dask cluster (``--cluster``): batches of documents go to the workers, and the results
come back in input order, or go from the workers straight into a SPARQL store.

* ``--cluster tcp://host:8786`` uses the workers of a running scheduler (``dask scheduler`` and
  ``dask worker``); ``--cluster local:N`` starts a ``LocalCluster`` of N worker processes on this
  machine, one thread each (a spaCy pipeline is not shared between threads), and stops it after.
* A task is a whole batch (:func:`kg.pipeline.process_batch`), and :func:`kg.nlp.load_pipeline` is cached
  per process, so each worker loads a language's pipeline once, on its first batch.
* A worker that dies is replaced by its nanny and the scheduler reruns its tasks on the others.  Every
  result is taken from its batch's future, once, in input order, and every store write is a whole
  named graph that a rerun writes identically: nothing is lost, nothing is stored twice.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, TypeVar

from kg.documents import Document
from kg.errors import InputError, WorkerError
from kg.pipeline import in_order, process_batch

if TYPE_CHECKING:
    from distributed import Client

LOCAL = "local:"
#: How long to wait for a scheduler before saying it cannot be reached.
CONNECT_TIMEOUT_S = 10
#: Batches submitted ahead per worker thread: every worker busy, memory flat on any stream.
BATCHES_IN_FLIGHT_PER_THREAD = 2

T = TypeVar("T")


def _quiet_dask() -> None:
    """Dask's own log lines (worker restarts, closed comms, failed tasks) are for its operators: kg says
    what went wrong in its own one-line errors."""
    for name in ("distributed", "tornado"):
        logging.getLogger(name).setLevel(logging.CRITICAL)


def local_workers(spec: str) -> int | None:
    """N for ``local:N``; None for a scheduler address."""
    if not spec.startswith(LOCAL):
        return None
    count = spec[len(LOCAL):]
    if not count.isdigit() or int(count) < 1:
        raise InputError(f"--cluster {spec}: expected local:N with N ≥ 1 worker processes, or tcp://host:port")
    return int(count)


@contextmanager
def open_cluster(spec: str) -> Iterator[Client]:
    """A Dask client for ``spec`` (``local:N`` or a scheduler address); a one-line error when unreachable."""
    import dask
    from distributed import Client, LocalCluster

    _quiet_dask()
    workers = local_workers(spec)
    if workers is not None:
        # Dask's sampling profiler (a stack walk every 10 ms under the GIL) cost a quarter of the
        # throughput here (31 vs 42 documents/s on one worker); the nannies pass this to their workers.
        with dask.config.set({"distributed.worker.profile.enabled": False}), \
                LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None,
                             silence_logs=logging.ERROR) as cluster, Client(cluster) as client:
            yield client
        return
    try:
        client = Client(spec, timeout=f"{CONNECT_TIMEOUT_S}s")
    except (OSError, TimeoutError, ValueError) as err:
        reason = " ".join(str(err).split())[:200]
        raise InputError(f"cannot reach the Dask scheduler at {spec} ({reason})") from None
    with client:
        if not client.nthreads():
            raise InputError(f"the Dask scheduler at {spec} has no workers; start some with `dask worker {spec}`")
        yield client


def map_in_order(client: Client, function: Callable[..., T], batches: Iterable[list[Document]],
                 *args: Any) -> Iterator[T]:
    """``function(batch, *args)`` for every batch, on the cluster, yielded in input order; only a few
    batches per worker thread are submitted ahead of the one being yielded."""
    from distributed import KilledWorker
    from distributed.comm import CommClosedError

    in_flight = max(1, sum(client.nthreads().values())) * BATCHES_IN_FLIGHT_PER_THREAD
    try:
        # pure=False: two equal batches are two tasks (a key from the contents would merge them).
        yield from in_order(lambda batch: client.submit(function, batch, *args, pure=False), batches, in_flight)
    except KilledWorker:
        raise WorkerError("a batch killed every Dask worker that ran it (out of memory?); the documents "
                          "written so far are complete") from None
    except CommClosedError:
        raise WorkerError("lost the connection to the Dask scheduler; the documents written so far are "
                          "complete") from None


def on_cluster(spec: str, function: Callable[..., T], batches: Iterable[list[Document]], *args: Any) -> Iterator[T]:
    """:func:`map_in_order` on the cluster ``spec``, opened for the run and closed after it."""
    with open_cluster(spec) as client:
        yield from map_in_order(client, function, batches, *args)


def add_batch_to_store(documents: list[Document], model: str | None, store_url: str) -> list[tuple[str, bool]]:
    """On a worker: parse, extract and resolve a batch, and add each document to the SPARQL store at
    ``store_url`` as its own named graph.  Returns (document id, added) pairs; False: already there."""
    from kg.store import add_document, open_store

    with open_store(store_url) as store:
        return [(result.document.id, add_document(store, result)) for result in process_batch(documents, model)]
