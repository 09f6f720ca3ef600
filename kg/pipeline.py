"""The unit of work: a batch of documents parsed together, then extracted and resolved one by one, and
the two helpers every executor uses to keep results in input order with flat memory.

:mod:`kg.run` (one process, ``--jobs N``) and :mod:`kg.cluster` (Dask) run these functions; they never
change what they compute, so the output is the same whichever runs them.
"""

from __future__ import annotations

import itertools
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from spacy.tokens import Doc

from kg.documents import Document
from kg.errors import DocumentError, KgError
from kg.extract.document import extract_document
from kg.lexicon import Lexicon, load_lexicon
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
            yield _result(document, parsed, lex)


def _result(document: Document, parsed: Doc, lex: Lexicon) -> Result:
    """One parsed document extracted and resolved; a failure of kg's own on it is a DocumentError that
    names it (a one-line error, not a traceback in the middle of a corpus)."""
    try:
        extraction = extract_document(document, parsed, lex)
        return Result(document, extraction, resolve_document(document, extraction, lex))
    except KgError:
        raise
    except Exception as err:
        where = document.where or document.id
        raise DocumentError(f"{where}: kg failed on this document ({type(err).__name__}: "
                            f"{' '.join(str(err).split())[:200]}); please report it with the document") from None


def process_batch(documents: list[Document], model: str | None = None) -> list[Result]:
    """:func:`iter_batch` as a list: what a worker process or a Dask task sends back."""
    return list(iter_batch(documents, model))


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
