"""The records every stage passes on, from a document to its resolved entities and events.

Plain dataclasses over the standard library: nothing here knows spaCy, RDF or how documents are
executed, so every stage, writer and command can import them without loading a language pipeline.

The flow: a :class:`Document` is parsed and read sentence by sentence into a
:class:`DocumentExtraction` (sentences, mentions, triples, event mentions); resolution turns it into a
:class:`Resolution` (antecedents, entities with their geography, events, the statements as named);
a :class:`Result` carries all three to the writers.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass, field
from typing import Literal, get_args

#: Entity kinds, in the words of the ontology (ckg:Person, ckg:ArmedGroup, ...).
Kind = Literal["person", "armed_group", "state", "organisation", "country", "place", "facility", "weapon", "event",
               "other"]
KINDS: tuple[Kind, ...] = get_args(Kind)


def as_kind(value: str) -> Kind:
    """``value`` as an entity kind (kinds also come from the data: the gazetteer, the lexicon's tables).

    >>> as_kind("place")
    'place'
    >>> as_kind("town")
    Traceback (most recent call last):
    ...
    ValueError: not an entity kind: 'town'
    """
    if value not in KINDS:
        raise ValueError(f"not an entity kind: {value!r}")
    return value

#: Kinds that can act (subjects of speech and attacks, antecedents of "il" / "elle").
AGENT_KINDS = ("person", "armed_group", "state", "organisation", "country")
#: Kinds that are places (locations of events).
PLACE_KINDS = ("country", "place", "facility")
#: How the text tells a fact: as so, with doubt (selon, aurait), or as what someone reports (a annoncé).
Modality = Literal["asserted", "hedged", "reported"]
MODALITIES: tuple[Modality, ...] = get_args(Modality)
#: How precise a date is, and what gave an event its date (its own words, the story's lead, the document).
Precision = Literal["day", "month", "season", "year"]
PRECISIONS: tuple[Precision, ...] = get_args(Precision)
DateBasis = Literal["text", "story", "document"]
DATE_BASES: tuple[DateBasis, ...] = get_args(DateBasis)
#: Types an anaphoric noun (l'incident, ce drame) may refer to, and whose acts happen at a place.
VIOLENT_TYPES = ("assault", "coerce")
#: The roles of an event mention and of an event, in the order they are merged.
ROLES = ("actor", "alleged", "claimed_by", "target", "location", "weapon")


@dataclass(frozen=True)
class Sentence:
    index: int
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class When:
    """A date as the text gives it, resolved against the document's date.

    ``iso`` is as precise as what is known (``2024-09-10``, ``2024-09``, ``2023``); a period
    (``dans la nuit de samedi à dimanche``, ``l'hiver 2023``) also has its first and last day.
    """

    iso: str
    precision: Precision
    text: str = ""  # the words that give it: "mardi soir"
    start: str | None = None  # first day of the period (ISO date), for a period
    end: str | None = None  # last day of the period


@dataclass(frozen=True)
class Mention:
    """A participant as one sentence names it: a short noun phrase with no leading article."""

    text: str
    start: int  # character offsets of the phrase in the document
    end: int
    head: str  # lemma of the head word, lower case
    kind: Kind
    sentence: int
    gender: str | None = None  # "Masc" / "Fem" from the head's morphology
    number: str | None = None  # "Sing" / "Plur"
    pronoun: bool = False  # a pronoun: its antecedent names the participant
    proper: bool = False  # headed by a proper noun
    subject: bool = False  # grammatical subject of its clause (salience for pronouns)
    definite: bool = False  # l'ambassade, cette décision: may name something told before
    premises_of: bool = False  # ses installations: the site of its possessor, told before
    key_words: tuple[str, ...] = ()  # lemmas of its content words, names as their gazetteer key
    named: bool = False  # holds a proper name or a known name (names the same thing in every document)
    link: str | None = None  # gazetteer key of the participant it names (etats-unis)
    country: str | None = None  # gazetteer key of the country an adjective ties it to (armée malienne)
    aligned: str | None = None  # gazetteer key of the side a "pro-" adjective gives it (pro-iraniens)
    count: int | None = None  # how many the phrase counts (deux missiles Grad → 2)
    attributing: bool = False  # in the source its sentence cites (selon des sources citées par des médias)
    latter: bool = False  # ce dernier, ces derniers: a pronoun for the participant named last
    another: bool = False  # d'autres drones, un autre groupe: not the one named before
    again: bool = False  # la même source: the one named before (a source cited again)
    addressee: bool = False  # a déclaré à l'AFP: whom a statement was made to, no actor of the story
    act_subject: bool = False  # il a fait six morts: the subject of a verb whose subject is an act
    passive_subject: bool = False  # ce dernier a été détruit: who or what undergoes, not who acts
    first_person: bool = False  # nous, je: the speaker of the quotation it is in
    speaker: bool = False  # who closes the sentence speaking (…, a déclaré le colonel)

    @property
    def key(self) -> tuple[int, int]:
        return (self.start, self.end)


@dataclass(frozen=True)
class Triple:
    """One relation between two participants, as one sentence states it."""

    subject: Mention
    predicate: str  # lemma phrase: "lancer contre", "prendre pour cible", "être situé à"
    object: Mention
    sentence: int
    start: int  # character span of the clause that states it
    end: int
    negated: bool = False
    modality: Modality = "asserted"
    source: Mention | None = None
    confidence: float = 0.7
    rule: str = ""  # the construction that produced it: "svo", "passive", "copula", ...


@dataclass
class EventMention:
    """One word of one sentence that names an event, with the roles the sentence gives it."""

    type: str  # PLOVER type, lower case
    trigger: str  # lemma (or predicate phrase) of the trigger
    trigger_text: str
    sentence: int
    start: int
    end: int
    actor: list[Mention] = field(default_factory=list)  # who did it, as the text asserts
    target: list[Mention] = field(default_factory=list)
    location: list[Mention] = field(default_factory=list)
    weapon: list[Mention] = field(default_factory=list)
    alleged: list[Mention] = field(default_factory=list)  # who did it, with doubt or on someone's word
    claimed_by: list[Mention] = field(default_factory=list)  # who claimed it (revendiquer)
    when: When | None = None
    killed: int | None = None
    injured: int | None = None
    approximate: bool = False
    negated: bool = False
    modality: Modality = "asserted"
    source: Mention | None = None
    confidence: float = 0.6
    nominal: bool = False  # named by a noun (l'attaque) rather than a verb
    definite: bool = False  # l'attaque: may refer back to an event already told
    demonstrative: bool = False  # cette attaque: refers to the most recent one
    anaphoric_only: bool = False  # l'incident: never starts an event of its own
    toll_only: bool = False  # "dix soldats ont été tués": the toll of the event told before, if any
    background: bool = False  # told in the pluperfect (avait enlevé): earlier than the story's time
    another_incident: bool = False  # its sentence opens with "Par ailleurs", "Dans un autre incident"
    cues: tuple[str, ...] = ()  # words that may tell the mode: trigger lemma, its adjectives (frappe aérienne)

    @property
    def authors(self) -> list[Mention]:
        return self.actor + self.alleged + self.claimed_by


@dataclass
class Event:
    """One occurrence, possibly named several times in a document."""

    type: str
    mentions: list[EventMention]
    actor: list[Mention] = field(default_factory=list)
    target: list[Mention] = field(default_factory=list)
    location: list[Mention] = field(default_factory=list)  # most specific first
    weapon: list[Mention] = field(default_factory=list)
    alleged: list[Mention] = field(default_factory=list)
    claimed_by: list[Mention] = field(default_factory=list)
    when: When | None = None
    date_basis: DateBasis | None = None
    killed: int | None = None
    injured: int | None = None
    approximate: bool = False
    weapon_count: int | None = None  # deux missiles Grad → 2
    mode: str | None = None  # notation of a mode of the type (ASSAULT.heavy-weapons)
    negated: bool = False
    modality: Modality = "asserted"
    source: Mention | None = None
    confidence: float = 0.6

    @property
    def first(self) -> EventMention:
        return self.mentions[0]

    @property
    def date(self) -> str | None:
        return self.when.iso if self.when else None

    @property
    def authors(self) -> list[Mention]:
        """Everyone the text names as its author, asserted or not."""
        return self.actor + [m for m in self.alleged + self.claimed_by if m not in self.actor]


@dataclass(frozen=True)
class DocDate:
    year: int
    month: int | None = None
    day: int | None = None

    @classmethod
    def parse(cls, value: str | None) -> DocDate | None:
        if not value:
            return None
        parts = [int(p) for p in value.split("-")]
        return cls(*parts)

    def iso(self) -> str:
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    def month_iso(self) -> str:
        return DocDate(self.year, self.month).iso()

    def as_date(self) -> dt.date | None:
        if self.month is None or self.day is None:
            return None
        return dt.date(self.year, self.month, self.day)

    def minus_days(self, days: int) -> str:
        date = self.as_date()
        if date is None:
            return self.iso()
        return (date - dt.timedelta(days=days)).isoformat()

    @property
    def precision(self) -> Precision:
        return precision_of(self.iso())


def precision_of(iso: str) -> Precision:
    """``2024-09-10`` → day, ``2024-09`` → month, ``2024`` → year."""
    by_length: dict[int, Precision] = {4: "year", 7: "month"}
    return by_length.get(len(iso), "day")


# ---------------------------------------------------------------- what identifies a participant

WORD = re.compile(r"\w{4,}")


def participant_words(mentions: list[Mention]) -> set[str]:
    """Words that identify a place or a party; victims (deux personnes, quatre civils) identify nothing."""
    out: set[str] = set()
    for m in mentions:
        if m.kind == "person" and not m.proper:
            continue
        out |= _identifying_words(m.text)
    return out


@functools.lru_cache(maxsize=1 << 14)
def _identifying_words(text: str) -> frozenset[str]:
    """The words of four letters or more of a phrase, without a plural ending (compared once per phrase:
    every event of a document is compared with every mention after it)."""
    return frozenset(word.rstrip("sx") for word in WORD.findall(text.lower()))


def names_differ(a: list[Mention], b: list[Mention]) -> bool:
    """Do both lists name participants, by proper names, and none the same?"""
    named_a = participant_words([m for m in a if m.named])
    named_b = participant_words([m for m in b if m.named])
    return bool(named_a and named_b and not named_a & named_b)


@dataclass
class DocumentExtraction:
    """Everything extracted from one document sentence by sentence, before resolution."""

    doc_id: str
    sentences: list[Sentence]
    mentions: list[Mention]
    triples: list[Triple]
    event_mentions: list[EventMention]
    aliases: list[tuple[Mention, Mention]] = field(default_factory=list)  # (name, other name) pairs
    #: sentence index → the key of the mention of who speaks it (…, a déclaré X; a quotation's speaker)
    speakers: dict[int, tuple[int, int]] = field(default_factory=dict)


@dataclass(frozen=True)
class Document:
    """One article: its text and what is known about it."""

    id: str
    text: str
    date: str | None = None
    lang: str = "fr"
    source: str | None = None
    #: where it was read (``a.txt``, ``corpus.jsonl line 3``), for messages; not part of the document
    where: str = field(default="", compare=False)


@dataclass(frozen=True)
class Town:
    geonames_id: int
    name: str
    country: str  # ISO 3166-1 alpha-2
    latitude: float
    longitude: float
    population: int

    @property
    def wkt(self) -> str:
        return f"POINT({self.longitude} {self.latitude})"


@dataclass
class Entity:
    """One participant of a document: every mention that names it, and where it is."""

    key: str
    label: str
    kind: Kind
    mentions: list[Mention] = field(default_factory=list)
    aliases: set[str] = field(default_factory=set)
    link: str | None = None  # gazetteer key
    country: str | None = None  # the country an adjective ties it to
    aligned: set[str] = field(default_factory=set)  # sides "pro-" adjectives give it
    town: Town | None = None  # the GeoNames town its proper place name designates, when that is safe to say
    located_in: str | None = None  # gazetteer key of the country it lies in or belongs to (a country: its own)


@dataclass
class Resolution:
    """The result of resolving one document: antecedents, entities, how each mention was tied, the
    events (event mentions joined into occurrences and completed) and the statements as named."""

    antecedents: dict[tuple[int, int], Mention] = field(default_factory=dict)
    entities: dict[str, Entity] = field(default_factory=dict)
    entity_of: dict[tuple[int, int], str] = field(default_factory=dict)
    how: dict[tuple[int, int], str] = field(default_factory=dict)
    confidence: dict[tuple[int, int], float] = field(default_factory=dict)
    events: list[Event] = field(default_factory=list)
    #: the triples the document states once its pronouns are resolved (see kg.resolve.entities.statements)
    statements: list[Triple] = field(default_factory=list)

    def named(self, mention: Mention) -> Mention:
        """The mention that names the participant: the antecedent of a pronoun, else itself."""
        return self.antecedents.get(mention.key, mention) if mention.pronoun or mention.again else mention

    def display(self, mention: Mention) -> str:
        return self.named(mention).text

    def entity(self, mention: Mention) -> Entity | None:
        key = self.entity_of.get(mention.key)
        return self.entities.get(key) if key else None

    def countries_of(self, event: Event) -> list[str]:
        """The gazetteer keys of the countries the event's located places lie in, most specific place first."""
        found: list[str] = []
        for mention in event.location:
            entity = self.entity(mention)
            if entity is not None and entity.located_in is not None and entity.located_in not in found:
                found.append(entity.located_in)
        return found


@dataclass
class Result:
    """One document through the pipeline."""

    document: Document
    extraction: DocumentExtraction
    resolution: Resolution


# ---------------------------------------------------------------- incidents: one occurrence, many reports


@dataclass(frozen=True, order=True)
class Report:
    """One event of one document, as an incident's report: the event ``index`` of ``doc``'s
    ``Resolution.events``."""

    doc: str
    index: int


@dataclass(frozen=True)
class Link:
    """Why two reports were taken for one incident: the fields that agreed and how strongly."""

    a: Report
    b: Report
    score: float
    agreed: tuple[str, ...]  # among "type", "date", "place", "actor", "target", "toll"


@dataclass(frozen=True, order=True)
class Apart:
    """Why an incident was kept apart from another that its reports resemble (they share a place, a
    target or a party): the other incident and the field on which their reports disagree."""

    other: str  # the other incident's id
    field: str  # "date" (different days), "town", "country" or "target" (different sites)


@dataclass(frozen=True)
class TollFigure:
    """A figure of killed or injured as one report gives it."""

    count: int
    report: Report
    reported_on: str | None  # the report's document date
    source: str | None  # who gave it (the event's attributed source, else the document's source)


@dataclass
class Incident:
    """One real-world occurrence and every report of it, with the facts the reports agree on."""

    id: str  # stable: made from its earliest report, whatever order the documents came in
    type: str
    reports: list[Report]
    links: list[Link] = field(default_factory=list)
    when: When | None = None  # the most precise date the reports agree on
    place: str | None = None  # entity key of the most specific place the reports agree on
    country: str | None = None  # gazetteer key
    actors: list[str] = field(default_factory=list)  # entity keys, as asserted by some report
    alleged: list[str] = field(default_factory=list)  # only alleged
    claimed_by: list[str] = field(default_factory=list)
    targets: list[str] = field(default_factory=list)
    killed: list[TollFigure] = field(default_factory=list)  # every figure given, in report order
    injured: list[TollFigure] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)  # distinct sources of the documents that report it
    first_reported: str | None = None  # the earliest and latest document dates
    last_reported: str | None = None
    apart: list[Apart] = field(default_factory=list)  # the incidents it resembles but was kept apart from
