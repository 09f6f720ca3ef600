"""Language knowledge read from ``ontologies/``: word lists, word tables and event triggers.

Every field of :class:`Lexicon` is filled from a resource of the same name in
``ontologies/lexicon-<lang>.ttl`` (``lex:<field>``), and the event triggers come from the SKOS
scheme ``ontologies/event-types.ttl``.  A field with no data in the files is an error at load
time, so a typo in a list name fails loudly instead of silently matching nothing.

>>> lex = load_lexicon("fr")
>>> "selon" in lex.attribution_prepositions
True
>>> lex.event_types["attaque"]
'assault'
>>> lex.approximate_numbers["dizaine"]
10
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Mapping
from pathlib import Path

from rdflib import RDF, Graph, Literal, URIRef
from rdflib.namespace import SKOS

from kg.cache import cached_value, code_key, data_key
from kg.gazetteer import Gazetteer, load_gazetteer
from kg.vocab import CKG, EVT_MEANS, EVT_SCHEME, LEX, ontologies_dir


class LexiconError(Exception):
    """The ontology files lack data that the extractor needs."""


@dataclasses.dataclass(frozen=True)
class Lexicon:
    """Word lists and tables of one language.  See ``ontologies/lexicon-fr.ttl`` for what each holds."""

    lang: str
    # attribution, hedging, negation
    speech_verbs: frozenset[str]
    incise_verbs: frozenset[str]
    reporting_verbs: frozenset[str]
    attribution_prepositions: frozenset[str]
    channel_heads: frozenset[str]
    channel_prepositions: frozenset[str]
    hedge_verbs: frozenset[str]
    hedge_words: frozenset[str]
    hedge_moods: frozenset[str]
    conditional_forms: frozenset[str]
    negation_adverbs: frozenset[str]
    negative_conjunctions: frozenset[str]
    bare_ne_verbs: frozenset[str]
    negation_determiners: frozenset[str]
    privative_markers: frozenset[str]
    generic_determiners: frozenset[str]
    # clause structure
    object_control_verbs: frozenset[str]
    light_verbs: frozenset[str]
    empty_verbs: frozenset[str]
    consequence_verbs: frozenset[str]
    claim_verbs: frozenset[str]
    attribution_verbs: frozenset[str]
    author_nouns: frozenset[str]
    work_nouns: frozenset[str]
    location_predicates: frozenset[str]
    occurrence_verbs: frozenset[str]
    subordinators: frozenset[str]
    irrealis_verbs: frozenset[str]
    purpose_markers: frozenset[str]
    etre_auxiliary_verbs: frozenset[str]
    pronominal_clitics: frozenset[str]
    new_incident_markers: frozenset[str]
    call_verbs: frozenset[str]
    victim_nouns: frozenset[str]
    alterity_words: frozenset[str]
    sameness_words: frozenset[str]
    inverted_subject_clitics: frozenset[str]
    sequence_prepositions: frozenset[str]
    latter_heads: frozenset[str]
    referring_heads: frozenset[str]
    subset_pronouns: frozenset[str]
    light_verb_prepositions: frozenset[str]
    partitive_articles: frozenset[str]
    de_complement_verbs: frozenset[str]
    present_participle_endings: frozenset[str]
    infinitive_endings: frozenset[str]
    causative_verbs: frozenset[str]
    verb_idioms: frozenset[str]
    directional_prepositions: frozenset[str]
    state_participles: frozenset[str]
    affiliation_participles: frozenset[str]
    target_prepositions: frozenset[str]
    argument_prepositions: frozenset[str]
    agent_prepositions: frozenset[str]
    prepositional_adverbs: frozenset[str]
    prepositional_nouns: frozenset[str]
    distance_nouns: frozenset[str]
    instrument_nouns: frozenset[str]
    instrument_prepositions: frozenset[str]
    firing_verbs: frozenset[str]
    armed_participles: frozenset[str]
    impact_verbs: frozenset[str]
    relational_nouns: frozenset[str]
    partitive_pronouns: frozenset[str]
    # heads
    premises_nouns: frozenset[str]
    member_nouns: frozenset[str]
    person_heads: frozenset[str]
    armed_group_heads: frozenset[str]
    state_heads: frozenset[str]
    organisation_heads: frozenset[str]
    place_heads: frozenset[str]
    facility_heads: frozenset[str]
    weapon_heads: frozenset[str]
    weapon_modifiers: frozenset[str]
    demonym_adjectives: frozenset[str]
    crowd_control_weapons: frozenset[str]
    temporal_heads: frozenset[str]
    circumstance_heads: frozenset[str]
    abstract_heads: frozenset[str]
    anaphoric_event_nouns: frozenset[str]
    patient_de_nouns: frozenset[str]
    # casualties and quantities
    killed_words: frozenset[str]
    injured_words: frozenset[str]
    lower_bound_markers: frozenset[str]
    approximate_markers: frozenset[str]
    approximate_numbers: Mapping[str, int]
    # time
    weekdays: Mapping[str, int]
    months: Mapping[str, int]
    day_offsets: Mapping[str, int]
    seasons: Mapping[str, int]
    day_parts: frozenset[str]
    date_links: frozenset[str]
    past_markers: frozenset[str]
    night_words: frozenset[str]
    # word forms
    preposition_contractions: Mapping[str, str]
    nominalizations: Mapping[str, str]
    agentive_event_nouns: Mapping[str, str]
    # event triggers: lemma or predicate phrase -> PLOVER type (lower case)
    event_types: Mapping[str, str]
    # mode cues: type -> {cue word -> mode notation (ASSAULT.drone)}
    event_modes: Mapping[str, Mapping[str, str]]
    # notations of the modes that say with what an act was done (evt:means)
    means_modes: frozenset[str]
    # well-known participants (ontologies/gazetteer*.ttl)
    gazetteer: Gazetteer = dataclasses.field(repr=False, compare=False)

    @property
    def trigger_phrases(self) -> frozenset[str]:
        """Multi-word triggers, matched against whole predicate phrases."""
        return frozenset(t for t in self.event_types if " " in t or "'" in t)


def _words(graph: Graph, subject: URIRef, lang: str) -> frozenset[str]:
    return frozenset(
        str(o).lower() for o in graph.objects(subject, CKG.word) if isinstance(o, Literal) and o.language == lang
    )


def _table_rows(graph: Graph, table: URIRef, lang: str) -> list[URIRef]:
    return [row for row in graph.subjects(CKG.inTable, table)]


def _valued_table(graph: Graph, table: URIRef, lang: str) -> dict[str, int]:
    out: dict[str, int] = {}
    for row in _table_rows(graph, table, lang):
        value = graph.value(row, RDF.value)
        for word in graph.objects(row, CKG.word):
            if isinstance(word, Literal) and word.language == lang and value is not None:
                out[str(word).lower()] = int(value)
    return out


def _mapping_table(graph: Graph, table: URIRef, lang: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for row in _table_rows(graph, table, lang):
        src, dst = graph.value(row, CKG.fromWord), graph.value(row, CKG.toWord)
        if isinstance(src, Literal) and src.language == lang and dst is not None:
            out[str(src).lower()] = str(dst).lower()
    return out


def _event_types(graph: Graph, lang: str) -> dict[str, str]:
    """Trigger lemma → type, from the sixteen top concepts of the event-type scheme."""
    out: dict[str, str] = {}
    for concept in graph.subjects(SKOS.topConceptOf, EVT_SCHEME):
        notation = graph.value(concept, SKOS.notation)
        if notation is None:
            continue
        for lemma in graph.objects(concept, CKG.triggerLemma):
            if isinstance(lemma, Literal) and lemma.language == lang:
                out[str(lemma).lower()] = str(notation).lower()
    return out


def _event_modes(graph: Graph, lang: str) -> dict[str, dict[str, str]]:
    """Type (lower case) → {cue word → mode notation}, from the narrower concepts of each type."""
    out: dict[str, dict[str, str]] = {}
    for concept in graph.subjects(SKOS.topConceptOf, EVT_SCHEME):
        notation = graph.value(concept, SKOS.notation)
        if notation is None:
            continue
        cues: dict[str, str] = {}
        for mode in sorted(graph.subjects(SKOS.broader, concept)):
            mode_notation = graph.value(mode, SKOS.notation)
            for cue in graph.objects(mode, CKG.modeCue):
                if isinstance(cue, Literal) and cue.language == lang and mode_notation is not None:
                    cues.setdefault(str(cue).lower(), str(mode_notation))
        out[str(notation).lower()] = cues
    return out


def _means_modes(graph: Graph) -> frozenset[str]:
    members = graph.objects(EVT_MEANS, SKOS.member)
    return frozenset(str(n) for m in members if (n := graph.value(m, SKOS.notation)) is not None)


@functools.cache
def load_lexicon(lang: str, directory: Path | None = None) -> Lexicon:
    """Read the lexicon of ``lang`` from the ontology files (cached per language, and on disk: see
    :mod:`kg.cache`)."""
    directory = directory or ontologies_dir()
    lexicon_file = directory / f"lexicon-{lang}.ttl"
    if not lexicon_file.exists():
        raise LexiconError(f"no lexicon for language {lang!r} (expected {lexicon_file})")
    sources = [lexicon_file, directory / "event-types.ttl"]
    values = cached_value(f"lexicon-{lang}.pickle", data_key(sources), lambda: _read_lexicon(lang, *sources))
    return Lexicon(**values, gazetteer=load_gazetteer(lang, directory))


def _read_lexicon(lang: str, lexicon_file: Path, event_types_file: Path) -> dict[str, object]:
    """Every field of the lexicon but the gazetteer, from the lexicon and the event-type scheme."""
    graph = Graph()
    graph.parse(lexicon_file, format="turtle")
    graph.parse(event_types_file, format="turtle")

    values: dict[str, object] = {"lang": lang, "event_types": _event_types(graph, lang),
                                 "event_modes": _event_modes(graph, lang), "means_modes": _means_modes(graph)}
    for field in dataclasses.fields(Lexicon):
        if field.name in values or field.name == "gazetteer":
            continue
        node = LEX[field.name]
        if field.type == "frozenset[str]":
            values[field.name] = _words(graph, node, lang)
        elif field.type == "Mapping[str, int]":
            values[field.name] = _valued_table(graph, node, lang)
        else:
            values[field.name] = _mapping_table(graph, node, lang)
        if not values[field.name]:
            raise LexiconError(f"{lexicon_file.name}: no {lang!r} data for lex:{field.name}")
    if not values["event_types"]:
        raise LexiconError(f"event-types.ttl: no {lang!r} trigger lemmas")
    return values


code_key()  # read when this module is imported, with the code it runs (see kg.cache.code_key)
