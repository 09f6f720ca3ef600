"""The record every stage after the parse passes on: one document with what was extracted and resolved.

Nothing here imports spaCy, so the RDF writer, the event records and the page can be imported (and
commands that read graphs can start) without loading a language pipeline.
"""

from __future__ import annotations

from dataclasses import dataclass

from kg.documents import Document
from kg.extract.model import DocumentExtraction
from kg.resolve import Resolution


@dataclass
class Result:
    """One document through the pipeline."""

    document: Document
    extraction: DocumentExtraction
    resolution: Resolution
