"""Adding documents to a store that lasts (``kg add``, ``kg build --store``): each document in its own
transaction, the ones the store already holds skipped before they are parsed, each told in input order.

Usage::

    from kg.documents import iter_documents
    from kg.ingest import add_documents
    from kg.store import open_store

    with open_store("kgdb/") as store:
        for doc_id, status in add_documents(store, iter_documents(["corpus/"]), jobs=4):
            print(status, doc_id)  # added, or present (already in the store: not parsed)

How the documents are executed (this process, ``jobs`` processes, a Dask cluster whose workers may
write to an HTTP store themselves) is :func:`kg.run.run_into`'s choice, not this module's.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator
from typing import Literal

from kg.documents import OnError, content_digest, report
from kg.errors import InputError, KgError
from kg.model import Document
from kg.store import Store

Status = Literal["added", "present"]


def stored_as(store: Store, document: Document) -> str:
    """``new``; ``present`` (the store holds this document); or ``other`` (it holds another document
    under this id)."""
    from kg.rdf import document_iri

    iri = document_iri(document.id)
    if not store.has_graph(iri):
        return "new"
    rows = store.query(f"SELECT ?d WHERE {{ <{iri}> ckg:contentDigest ?d }}").rows
    if not rows or str(rows[0][0]) == content_digest(document):
        return "present"  # the same document, or one stored before digests were kept
    return "other"


def add_documents(
    store: Store,
    documents: Iterable[Document],
    *,
    model: str | None = None,
    jobs: int = 1,
    cluster: str | None = None,
    progress: bool = False,
    total: int | None = None,
    on_error: OnError = None,
) -> Iterator[tuple[str, Status]]:
    """Add each document to ``store`` as its own named graph, in one transaction; yield
    (document id, ``"added"`` or ``"present"``) for every document, in input order, once it is committed.

    Each added document's events are linked to the incidents of the store before it is reported
    (:func:`kg.store.incidents.link_documents`: the incidents of its neighbourhood are linked again).
    A document the store already holds is ``present`` and is not parsed, so adding again is a no-op
    and a rerun finishes an interrupted run (a present document whose events were left unlinked is
    linked then); so is a document given twice.  A document whose id the
    store gives to another document is an :class:`~kg.errors.InputError`, raised, or given to
    ``on_error`` (as :func:`kg.documents.iter_documents` does with bad documents) and skipped.
    ``model``, ``jobs``, ``cluster``, ``progress`` and ``total`` are :func:`kg.run.run`'s.
    """
    from kg.run import run_into
    from kg.store.incidents import link_documents, unlinked

    if not store.writable:
        raise InputError(f"{store.location}: a graph file cannot be added to; use a directory (Oxigraph) or an "
                         "http:// SPARQL endpoint")
    # Every document read, in input order: [id, "present"] when skipped, [id, None] while being added.
    log: deque[list] = deque()

    def new_documents() -> Iterator[Document]:
        for document in documents:
            status = stored_as(store, document)
            if status == "other":
                report(InputError(f"{document.where}: the id {document.id!r} is that of another document in "
                                  f"{store.location}; give each document its own id"), on_error)
                continue
            log.append([document.id, "present" if status == "present" else None])
            if status == "present" and unlinked(store, document.id):
                link_documents(store, [document.id])  # an earlier run stopped between adding and linking
            if status == "new":
                yield document

    def skipped() -> Iterator[tuple[str, Status]]:
        while log and log[0][1] is not None:
            doc_id, status = log.popleft()
            yield doc_id, status

    try:
        for doc_id, added in run_into(store, new_documents(), model=model, jobs=jobs, cluster=cluster,
                                      progress=progress, total=total):
            yield from skipped()
            log.popleft()
            if added:
                link_documents(store, [doc_id])
            yield doc_id, "added" if added else "present"  # present: the same document twice in the input
    except (KgError, KeyboardInterrupt):
        yield from skipped()  # the documents before the one that failed were read, and are in the store
        raise
    yield from skipped()
