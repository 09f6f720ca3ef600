"""Runs the stages over a stream of documents: parse in batches, extract, resolve.

The one place that chooses how documents are executed; the stages never know.
"""

from __future__ import annotations

import itertools
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from tqdm import tqdm

from kg.documents import Document
from kg.extract import DocumentExtraction, extract_document
from kg.lexicon import load_lexicon
from kg.nlp import load_pipeline
from kg.resolve import Resolution, resolve_document


@dataclass
class Result:
    """One document through the pipeline."""

    document: Document
    extraction: DocumentExtraction
    resolution: Resolution


def run(
    documents: Iterable[Document],
    *,
    model: str | None = None,
    batch_size: int = 16,
    progress: bool = False,
) -> Iterator[Result]:
    """Documents → results, streamed in order; languages may be mixed."""
    stream = iter(documents)
    bar = tqdm(desc="documents", unit="doc", disable=not progress or not sys.stderr.isatty(), file=sys.stderr)
    try:
        while batch := list(itertools.islice(stream, batch_size)):
            for lang, group in itertools.groupby(batch, key=lambda d: d.lang):
                docs = list(group)
                nlp = load_pipeline(lang, model)
                lex = load_lexicon(lang)
                for document, parsed in zip(docs, nlp.pipe(d.text for d in docs), strict=True):
                    extraction = extract_document(document, parsed, lex)
                    yield Result(document, extraction, resolve_document(extraction))
                    bar.update(1)
    finally:
        bar.close()
