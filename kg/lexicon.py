"""Language knowledge read from ``ontologies/``: word lists, word tables and event triggers.

Every list field of :class:`Lexicon` is filled from a resource of the same name in
``ontologies/lexicon-<lang>.ttl`` (``lex:<field>``), and the event triggers come from the SKOS
scheme ``ontologies/event-types.ttl``.  A list the file does not define is empty (the rules that
read it find nothing), but a list of the file that no field reads, or one with no word in the
language, is an error at load time, so a typo in a list name fails loudly instead of silently
matching nothing; and a language with no event triggers (:data:`REQUIRED`) has no lexicon.
The language's rules on word forms are its module in :mod:`kg.lang` (``lex.rules``).

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
import typing
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from rdflib import RDF, Graph, Literal, Node, URIRef
from rdflib.namespace import SKOS

from kg.cache import cached_value, code_key, data_key
from kg.gazetteer import Entry, Gazetteer, load_gazetteer
from kg.lang import LanguageRules, UnknownLanguage, rules_for
from kg.text import fold
from kg.vocab import CKG, EVT_MEANS, EVT_SCHEME, LEX, ontologies_dir


class LexiconError(Exception):
    """The ontology files lack data that the extractor needs."""


@dataclasses.dataclass(frozen=True)
class Lexicon:
    """Word lists and tables of one language.  See ``ontologies/lexicon-fr.ttl`` for what each holds."""

    lang: str
    # attribution, hedging, negation
    speech_verbs: frozenset[str] = frozenset()
    incise_verbs: frozenset[str] = frozenset()
    reporting_verbs: frozenset[str] = frozenset()
    attribution_prepositions: frozenset[str] = frozenset()
    channel_heads: frozenset[str] = frozenset()
    channel_prepositions: frozenset[str] = frozenset()
    hedge_verbs: frozenset[str] = frozenset()
    hedge_words: frozenset[str] = frozenset()
    hedge_moods: frozenset[str] = frozenset()
    conditional_forms: frozenset[str] = frozenset()
    negation_adverbs: frozenset[str] = frozenset()
    negative_conjunctions: frozenset[str] = frozenset()
    bare_ne_verbs: frozenset[str] = frozenset()
    negation_determiners: frozenset[str] = frozenset()
    privative_markers: frozenset[str] = frozenset()
    generic_determiners: frozenset[str] = frozenset()
    # clause structure
    object_control_verbs: frozenset[str] = frozenset()
    light_verbs: frozenset[str] = frozenset()
    empty_verbs: frozenset[str] = frozenset()
    consequence_verbs: frozenset[str] = frozenset()
    claim_verbs: frozenset[str] = frozenset()
    attribution_verbs: frozenset[str] = frozenset()
    author_nouns: frozenset[str] = frozenset()
    work_nouns: frozenset[str] = frozenset()
    location_predicates: frozenset[str] = frozenset()
    occurrence_verbs: frozenset[str] = frozenset()
    subordinators: frozenset[str] = frozenset()
    irrealis_verbs: frozenset[str] = frozenset()
    purpose_markers: frozenset[str] = frozenset()
    be_perfect_verbs: frozenset[str] = frozenset()
    pronominal_clitics: frozenset[str] = frozenset()
    new_incident_markers: frozenset[str] = frozenset()
    call_verbs: frozenset[str] = frozenset()
    victim_nouns: frozenset[str] = frozenset()
    alterity_words: frozenset[str] = frozenset()
    sameness_words: frozenset[str] = frozenset()
    inverted_subject_clitics: frozenset[str] = frozenset()
    sequence_prepositions: frozenset[str] = frozenset()
    latter_heads: frozenset[str] = frozenset()
    referring_heads: frozenset[str] = frozenset()
    subset_pronouns: frozenset[str] = frozenset()
    light_verb_prepositions: frozenset[str] = frozenset()
    partitive_articles: frozenset[str] = frozenset()
    de_complement_verbs: frozenset[str] = frozenset()
    present_participle_endings: frozenset[str] = frozenset()
    infinitive_endings: frozenset[str] = frozenset()
    infinitive_markers: frozenset[str] = frozenset()
    causative_verbs: frozenset[str] = frozenset()
    verb_idioms: frozenset[str] = frozenset()
    directional_prepositions: frozenset[str] = frozenset()
    state_participles: frozenset[str] = frozenset()
    affiliation_participles: frozenset[str] = frozenset()
    target_prepositions: frozenset[str] = frozenset()
    argument_prepositions: frozenset[str] = frozenset()
    agent_prepositions: frozenset[str] = frozenset()
    prepositional_adverbs: frozenset[str] = frozenset()
    prepositional_nouns: frozenset[str] = frozenset()
    distance_nouns: frozenset[str] = frozenset()
    instrument_nouns: frozenset[str] = frozenset()
    instrument_prepositions: frozenset[str] = frozenset()
    firing_verbs: frozenset[str] = frozenset()
    armed_participles: frozenset[str] = frozenset()
    impact_verbs: frozenset[str] = frozenset()
    relational_nouns: frozenset[str] = frozenset()
    partitive_pronouns: frozenset[str] = frozenset()
    # function words: prepositions, articles, pronouns, particles
    adjective_prepositions: frozenset[str] = frozenset()
    phrase_prepositions: frozenset[str] = frozenset()
    locative_prepositions: frozenset[str] = frozenset()
    act_target_prepositions: frozenset[str] = frozenset()
    oblique_target_prepositions: frozenset[str] = frozenset()
    passive_target_prepositions: frozenset[str] = frozenset()
    dative_prepositions: frozenset[str] = frozenset()
    genitive_prepositions: frozenset[str] = frozenset()
    genitive_forms: frozenset[str] = frozenset()
    fixed_expression_prepositions: frozenset[str] = frozenset()
    accompaniment_prepositions: frozenset[str] = frozenset()
    weapon_complement_prepositions: frozenset[str] = frozenset()
    compound_name_prepositions: frozenset[str] = frozenset()
    article_prepositions: frozenset[str] = frozenset()
    definite_contractions: frozenset[str] = frozenset()
    plural_determiners: frozenset[str] = frozenset()
    singular_determiners: frozenset[str] = frozenset()
    indefinite_articles: frozenset[str] = frozenset()
    idiom_articles: frozenset[str] = frozenset()
    complementizer_forms: frozenset[str] = frozenset()
    relative_subject_pronouns: frozenset[str] = frozenset()
    nonreferential_pronouns: frozenset[str] = frozenset()
    feminine_pronouns: frozenset[str] = frozenset()
    masculine_pronouns: frozenset[str] = frozenset()
    plural_pronouns: frozenset[str] = frozenset()
    object_clitics: frozenset[str] = frozenset()
    strong_pronouns: frozenset[str] = frozenset()
    place_pronouns: Mapping[str, str] = dataclasses.field(default_factory=dict)
    relative_place_pronouns: Mapping[str, str] = dataclasses.field(default_factory=dict)
    negation_particles: frozenset[str] = frozenset()
    standalone_negators: frozenset[str] = frozenset()
    alignment_prefixes: frozenset[str] = frozenset()
    # verbs the rules single out
    auxiliary_verbs: frozenset[str] = frozenset()
    having_verbs: frozenset[str] = frozenset()
    toll_consequence_verbs: frozenset[str] = frozenset()
    transfer_verbs: frozenset[str] = frozenset()
    quantity_nouns: frozenset[str] = frozenset()
    # heads
    premises_nouns: frozenset[str] = frozenset()
    member_nouns: frozenset[str] = frozenset()
    person_heads: frozenset[str] = frozenset()
    armed_group_heads: frozenset[str] = frozenset()
    state_heads: frozenset[str] = frozenset()
    organisation_heads: frozenset[str] = frozenset()
    place_heads: frozenset[str] = frozenset()
    facility_heads: frozenset[str] = frozenset()
    weapon_heads: frozenset[str] = frozenset()
    weapon_modifiers: frozenset[str] = frozenset()
    demonym_adjectives: frozenset[str] = frozenset()
    crowd_control_weapons: frozenset[str] = frozenset()
    temporal_heads: frozenset[str] = frozenset()
    circumstance_heads: frozenset[str] = frozenset()
    abstract_heads: frozenset[str] = frozenset()
    anaphoric_event_nouns: frozenset[str] = frozenset()
    patient_de_nouns: frozenset[str] = frozenset()
    # casualties and quantities
    killed_words: frozenset[str] = frozenset()
    injured_words: frozenset[str] = frozenset()
    lower_bound_markers: frozenset[str] = frozenset()
    approximate_markers: frozenset[str] = frozenset()
    approximate_numbers: Mapping[str, int] = dataclasses.field(default_factory=dict)
    # time
    weekdays: Mapping[str, int] = dataclasses.field(default_factory=dict)
    months: Mapping[str, int] = dataclasses.field(default_factory=dict)
    day_offsets: Mapping[str, int] = dataclasses.field(default_factory=dict)
    seasons: Mapping[str, int] = dataclasses.field(default_factory=dict)
    day_parts: frozenset[str] = frozenset()
    date_links: frozenset[str] = frozenset()
    past_markers: frozenset[str] = frozenset()
    night_words: frozenset[str] = frozenset()
    ordinal_days: Mapping[str, str] = dataclasses.field(default_factory=dict)
    mid_month_prefixes: frozenset[str] = frozenset()
    distal_particles: frozenset[str] = frozenset()
    # word forms
    preposition_contractions: Mapping[str, str] = dataclasses.field(default_factory=dict)
    nominalizations: Mapping[str, str] = dataclasses.field(default_factory=dict)
    agentive_event_nouns: Mapping[str, str] = dataclasses.field(default_factory=dict)
    # event triggers: lemma or predicate phrase -> PLOVER type (lower case)
    event_types: Mapping[str, str] = dataclasses.field(default_factory=dict)
    # mode cues: type -> {cue word -> mode notation (ASSAULT.drone)}
    event_modes: Mapping[str, Mapping[str, str]] = dataclasses.field(default_factory=dict)
    # notations of the modes that say with what an act was done (evt:means)
    means_modes: frozenset[str] = frozenset()
    # well-known participants (ontologies/gazetteer*.ttl)
    gazetteer: Gazetteer = dataclasses.field(default_factory=lambda: Gazetteer(""), repr=False, compare=False)
    #: every inflected form of the gazetteer's demonyms, folded → the key of its country (made by
    #: the language's rules from the masculine singular the gazetteer gives)
    demonyms: Mapping[str, str] = dataclasses.field(default_factory=dict, repr=False, compare=False)

    @property
    def trigger_phrases(self) -> frozenset[str]:
        """Multi-word triggers, matched against whole predicate phrases."""
        return frozenset(t for t in self.event_types if " " in t or "'" in t)

    @property
    def rules(self) -> LanguageRules:
        """The language's rules on word forms (:mod:`kg.lang`)."""
        return rules_for(self.lang)

    def demonym(self, word: str) -> Entry | None:
        """The country an adjective of nationality designates (irakiennes → Irak), or None."""
        key = self.demonyms.get(fold(word))
        return self.gazetteer.entries.get(key) if key else None


def _words(graph: Graph, subject: URIRef, lang: str) -> frozenset[str]:
    return frozenset(
        str(o).lower() for o in graph.objects(subject, CKG.word) if isinstance(o, Literal) and o.language == lang
    )


def _table_rows(graph: Graph, table: URIRef, lang: str) -> list[Node]:
    return [row for row in graph.subjects(CKG.inTable, table)]


def _valued_table(graph: Graph, table: URIRef, lang: str) -> dict[str, int]:
    out: dict[str, int] = {}
    for row in _table_rows(graph, table, lang):
        value = graph.value(row, RDF.value)
        for word in graph.objects(row, CKG.word):
            if isinstance(word, Literal) and word.language == lang and value is not None:
                out[str(word).lower()] = int(str(value))
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
        for mode in sorted(graph.subjects(SKOS.broader, concept), key=str):
            mode_notation = graph.value(mode, SKOS.notation)
            for cue in graph.objects(mode, CKG.modeCue):
                if isinstance(cue, Literal) and cue.language == lang and mode_notation is not None:
                    cues.setdefault(str(cue).lower(), str(mode_notation))
        out[str(notation).lower()] = cues
    return out


def _means_modes(graph: Graph) -> frozenset[str]:
    members = graph.objects(EVT_MEANS, SKOS.member)
    return frozenset(str(n) for m in members if (n := graph.value(m, SKOS.notation)) is not None)


#: Fields that the extractor cannot work without: a lexicon with no data for them is an error.
REQUIRED = ("event_types",)
#: Fields that are not lists of the lexicon file: read from the event-type scheme and the gazetteer.
_NOT_LISTS = ("lang", "event_types", "event_modes", "means_modes", "gazetteer", "demonyms")
#: How a list of the lexicon file is read, by the type of the field it fills.
_READERS: dict[object, typing.Callable[[Graph, URIRef, str], object]] = {
    frozenset[str]: _words,
    Mapping[str, int]: _valued_table,
    Mapping[str, str]: _mapping_table,
}


def list_fields() -> dict[str, object]:
    """The fields of :class:`Lexicon` filled from the lexicon file, with their types."""
    hints = typing.get_type_hints(Lexicon)
    return {f.name: hints[f.name] for f in dataclasses.fields(Lexicon) if f.name not in _NOT_LISTS}


@functools.cache
def load_lexicon(lang: str, directory: Path | None = None) -> Lexicon:
    """Read the lexicon of ``lang`` from the ontology files (cached per language, and on disk: see
    :mod:`kg.cache`)."""
    directory = directory or ontologies_dir()
    lexicon_file = directory / f"lexicon-{lang}.ttl"
    if not lexicon_file.exists():
        raise LexiconError(f"no lexicon for language {lang!r} (expected {lexicon_file})")
    try:
        rules = rules_for(lang)
    except UnknownLanguage as err:
        raise LexiconError(f"{lexicon_file.name}: {err}") from None
    sources = [lexicon_file, directory / "event-types.ttl"]
    values = cached_value(f"lexicon-{lang}.pickle", data_key(sources), lambda: _read_lexicon(lang, *sources))
    gazetteer = load_gazetteer(lang, directory)
    return Lexicon(**values, gazetteer=gazetteer, demonyms=gazetteer.demonym_index(rules.demonym_forms))


def _defined_lists(graph: Graph) -> set[str]:
    """The names of the lists and tables the lexicon file defines (``lex:<name> a ckg:WordList``)."""
    nodes = set(graph.subjects(RDF.type, CKG.WordList)) | set(graph.subjects(RDF.type, CKG.WordTable)) \
        | set(graph.objects(None, CKG.inTable))
    return {str(n)[len(LEX):] for n in nodes if str(n).startswith(str(LEX))}


def _read_lexicon(lang: str, lexicon_file: Path, event_types_file: Path) -> dict[str, Any]:
    """Every field of the lexicon but the gazetteer, from the lexicon and the event-type scheme.

    A list that no field reads (a typo in its name) is an error, and so is a list with no word in
    ``lang``; a field whose list the file does not define keeps its empty default, unless the
    extractor needs it (:data:`REQUIRED`)."""
    graph = Graph()
    graph.parse(lexicon_file, format="turtle")
    graph.parse(event_types_file, format="turtle")

    fields = list_fields()
    defined = _defined_lists(graph)
    unknown = sorted(defined - set(fields))
    if unknown:
        names = ", ".join(f"lex:{n}" for n in unknown)
        raise LexiconError(f"{lexicon_file.name}: {names} is read by no field of kg.lexicon.Lexicon")
    values: dict[str, Any] = {"lang": lang, "event_types": _event_types(graph, lang),
                                 "event_modes": _event_modes(graph, lang), "means_modes": _means_modes(graph)}
    for name, kind in fields.items():
        if name not in defined:
            continue
        values[name] = _READERS[kind](graph, LEX[name], lang)
        if not values[name]:
            raise LexiconError(f"{lexicon_file.name}: no {lang!r} data for lex:{name}")
    for name in REQUIRED:
        if not values.get(name):
            raise LexiconError(f"no {lang!r} data for {name}, which the extractor needs")
    return values


code_key()  # read when this module is imported, with the code it runs (see kg.cache.code_key)
