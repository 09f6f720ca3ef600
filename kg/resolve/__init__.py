"""Resolution: what one document's sentences say, read as a whole.

* :mod:`kg.resolve.events`: event mentions joined into events, one per occurrence, and completed;
* :mod:`kg.resolve.entities`: pronouns and descriptions to their antecedents, mentions to entities,
  the statements as named;
* :mod:`kg.resolve.places`: each entity's town and country (GeoNames through :mod:`kg.resolve.geo`).

Records in, records out (:mod:`kg.model`): nothing here loads spaCy.
"""

from __future__ import annotations

from kg.lexicon import Lexicon
from kg.model import Document, DocumentExtraction, Resolution
from kg.resolve.entities import resolve_entities, statements
from kg.resolve.events import complete_events, merge_events
from kg.resolve.places import locate_entities

__all__ = ["resolve_document"]


def resolve_document(document: Document, extraction: DocumentExtraction, lex: Lexicon) -> Resolution:
    """The events, entities, statements and places of one extracted document."""
    events = complete_events(merge_events(extraction.event_mentions, document.date, lex), extraction.triples, lex)
    resolution = resolve_entities(extraction, events, lex)
    resolution.events = events
    resolution.statements = statements(resolution, extraction.triples)
    locate_entities(resolution, lex.gazetteer)
    return resolution
