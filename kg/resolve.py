"""Mentions → entities: pronouns to their antecedents, equal names to one entity.

Pronoun resolution is a salience heuristic over the mentions of the document, in reading order:
an agreeing subject of the same sentence, else the main subject of the nearest previous sentence
that has one, else the nearest agreeing mention.  ``l'un`` / ``l'autre`` pick the nearest plural
phrase (``deux missiles Grad``).  Entities are keyed by a normalized form of the name (case,
accents, articles and plural folded), so ``l'ambassade américaine`` in two documents is one node.

>>> normalize_key("les États-Unis")
'etats-unis'
>>> normalize_key("L'Armée israélienne")
'armee-israelienne'
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from kg.extract.model import DocumentExtraction, Mention

ARTICLES = ("le ", "la ", "les ", "l'", "l’", "un ", "une ", "des ", "du ", "de la ", "de l'", "d'")
FEMININE_PRONOUNS = {"elle", "elles", "celle-ci", "celles-ci", "celle-là", "la"}
MASCULINE_PRONOUNS = {"il", "ils", "lui", "eux", "celui-ci", "ceux-ci", "celui-là", "le"}
PLURAL_PRONOUNS = {"ils", "elles", "eux", "ceux-ci", "celles-ci", "les", "leur", "leurs"}
PARTITIVE_PRONOUNS = {"un", "autre", "l'un", "l'autre", "l’un", "l’autre"}
SENTENCE_WINDOW = 3
KIND_PRIORITY = ("person", "armed_group", "state", "organisation", "facility", "place", "weapon", "event", "other")


def fold(text: str) -> str:
    text = text.replace("œ", "oe").replace("Œ", "Oe").replace("æ", "ae")
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if not unicodedata.combining(c)).lower()


def normalize_key(name: str) -> str:
    """A readable, stable key for a name: lower case, no accents, no leading article."""
    text = fold(name).strip().replace("’", "'")
    changed = True
    while changed:
        changed = False
        for article in ARTICLES:
            if text.startswith(article) and len(text) > len(article):
                text = text[len(article):]
                changed = True
    slug = re.sub(r"[^a-z0-9]+", "-", text).strip("-")
    return slug or "x"


def _pronoun_features(m: Mention) -> tuple[str | None, str | None]:
    form = m.text.lower()
    gender = m.gender or ("Fem" if form in FEMININE_PRONOUNS else "Masc" if form in MASCULINE_PRONOUNS else None)
    number = m.number or ("Plur" if form in PLURAL_PRONOUNS else None)
    return gender, number


def _agrees(pronoun: Mention, candidate: Mention) -> bool:
    gender, number = _pronoun_features(pronoun)
    if candidate.pronoun:
        return False
    if number and candidate.number and number != candidate.number:
        return False
    # names often carry no gender; a known gender must agree
    return not (gender and candidate.gender and gender != candidate.gender)


AGENT_KINDS = ("person", "armed_group", "state", "organisation")
OBJECT_CLITICS = {"le", "la", "les", "l'", "l’", "lui", "leur"}


def _salience(pronoun: Mention, candidate: Mention, position: int) -> float:
    """How likely ``candidate`` is what ``pronoun`` stands for: near, a subject, an actor."""
    score = -1.0 * (pronoun.sentence - candidate.sentence) + 0.001 * position
    if candidate.subject:
        score += 1.0
    if candidate.proper:
        score += 0.3
    agentive = pronoun.subject or pronoun.text.lower() in ("lui", "eux", "elle", "elles")
    if agentive and candidate.kind in AGENT_KINDS:
        score += 1.5
    elif agentive and candidate.kind in ("other", "event"):
        score -= 0.5
    return score


def find_antecedent(pronoun: Mention, before: list[Mention]) -> Mention | None:
    """The mention a pronoun stands for, among the mentions that precede it (reading order)."""
    window = [m for m in before if pronoun.sentence - m.sentence <= SENTENCE_WINDOW and m.start < pronoun.start
              and not m.pronoun]
    form = pronoun.text.lower()
    if pronoun.head in PARTITIVE_PRONOUNS or form in PARTITIVE_PRONOUNS:
        plural = [m for m in window if m.number == "Plur"]
        return plural[-1] if plural else None
    if form == "y":
        places = [m for m in window if m.kind in ("place", "facility")]
        return places[-1] if places else None
    candidates = [m for m in window if _agrees(pronoun, m)]
    if form in OBJECT_CLITICS and not pronoun.subject:
        # an object clitic never stands for the subject of its own clause (il l'a vu)
        candidates = [m for m in candidates if not (m.sentence == pronoun.sentence and m.subject)]
    if not candidates:
        return None
    scored = [(_salience(pronoun, m, i), m) for i, m in enumerate(candidates)]
    return max(scored, key=lambda pair: pair[0])[1]


@dataclass
class Entity:
    key: str
    label: str
    kind: str
    mentions: list[Mention] = field(default_factory=list)
    aliases: set[str] = field(default_factory=set)


@dataclass
class Resolution:
    """The result of resolving one document: antecedents and entities."""

    antecedents: dict[tuple[int, int], Mention] = field(default_factory=dict)
    entities: dict[str, Entity] = field(default_factory=dict)
    entity_of: dict[tuple[int, int], str] = field(default_factory=dict)

    def named(self, mention: Mention) -> Mention:
        """The mention that names the participant: the antecedent of a pronoun, else itself."""
        return self.antecedents.get(mention.key, mention)

    def display(self, mention: Mention) -> str:
        return self.named(mention).text

    def entity(self, mention: Mention) -> Entity | None:
        key = self.entity_of.get(mention.key)
        return self.entities.get(key) if key else None


def _all_mentions(extraction: DocumentExtraction) -> list[Mention]:
    seen: dict[tuple[int, int], Mention] = {m.key: m for m in extraction.mentions}
    for t in extraction.triples:
        for m in (t.subject, t.object, t.source):
            if m is not None:
                seen.setdefault(m.key, m)
    for e in extraction.events:
        for m in e.actor + e.target + e.location + e.weapon + ([e.source] if e.source else []):
            seen.setdefault(m.key, m)
    return sorted(seen.values(), key=lambda m: (m.start, -m.end))


def resolve_document(extraction: DocumentExtraction) -> Resolution:
    """Antecedents of the pronouns of one document and the entities its mentions name."""
    resolution = Resolution()
    mentions = _all_mentions(extraction)
    for i, mention in enumerate(mentions):
        if mention.pronoun:
            antecedent = find_antecedent(mention, mentions[:i])
            if antecedent is not None:
                resolution.antecedents[mention.key] = antecedent
    for mention in mentions:
        named = resolution.named(mention)
        if named.pronoun:
            continue  # an unresolved pronoun names no entity
        key = normalize_key(named.text)
        entity = resolution.entities.get(key)
        if entity is None:
            entity = resolution.entities[key] = Entity(key=key, label=named.text, kind=named.kind)
        entity.mentions.append(mention)
        entity.aliases.add(named.text)
        if KIND_PRIORITY.index(named.kind) < KIND_PRIORITY.index(entity.kind) and entity.kind == "other":
            entity.kind = named.kind
        resolution.entity_of[mention.key] = key
    return resolution
