"""Mentions → entities: pronouns to their antecedents, equal names to one entity; the statements as named.

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

import bisect

from kg.lexicon import Lexicon
from kg.model import AGENT_KINDS, PLACE_KINDS, DocumentExtraction, Entity, Event, Mention, Resolution, Triple
from kg.text import normalize_key

SENTENCE_WINDOW = 3
#: The lexicon of a resolution told no language: no word of a pronoun tells its gender or number,
#: the tagger's features alone do.
NO_LANGUAGE = Lexicon(lang="")


def _pronoun_features(m: Mention, lex: Lexicon) -> tuple[str | None, str | None]:
    form = m.text.lower()
    gender = m.gender or (
        "Fem" if form in lex.feminine_pronouns else "Masc" if form in lex.masculine_pronouns else None)
    number = m.number or ("Plur" if form in lex.plural_pronouns else None)
    return gender, number


def _agrees(pronoun: Mention, candidate: Mention, lex: Lexicon) -> bool:
    gender, number = _pronoun_features(pronoun, lex)
    if candidate.pronoun:
        return False
    if number and candidate.number and number != candidate.number:
        return False
    # names often carry no gender; a known gender must agree
    return not (gender and candidate.gender and gender != candidate.gender)


def _salience(pronoun: Mention, candidate: Mention, position: int, lex: Lexicon) -> float:
    """How likely ``candidate`` is what ``pronoun`` stands for: near, a subject, an actor."""
    score = -1.0 * (pronoun.sentence - candidate.sentence) + 0.001 * position
    if candidate.subject:
        score += 1.0
    if candidate.proper:
        score += 0.3
    _, number = _pronoun_features(pronoun, lex)
    if number and candidate.number == number:
        score += 0.5  # les … : a phrase that is plural beats a name of unknown number
    agentive = pronoun.subject or pronoun.text.lower() in lex.strong_pronouns
    if pronoun.act_subject and candidate.kind == "event":
        # il a fait quatorze morts, elle a entraîné la mort de …: what kills is the act told before
        score += 3.0
    elif agentive and candidate.kind in AGENT_KINDS:
        score += 1.5
    elif agentive and candidate.kind in ("other", "event"):
        score -= 0.5
    return score


def _is_partitive(mention: Mention, lex: Lexicon) -> bool:
    return mention.head in lex.partitive_pronouns or mention.text.lower() in lex.partitive_pronouns


def find_antecedent(pronoun: Mention, before: list[Mention], lex: Lexicon = NO_LANGUAGE) -> Mention | None:
    """The mention a pronoun stands for, among the mentions that precede it (reading order)."""
    window = [m for m in before if pronoun.sentence - m.sentence <= SENTENCE_WINDOW and m.start < pronoun.start
              and not m.pronoun]
    form = pronoun.text.lower()
    if _is_partitive(pronoun, lex):
        # L'un a atterri dans l'enceinte des unités …, tandis que l'autre a touché …: the other is one
        # of the same group as the one, not of a plural named after it
        first = next((m for m in before if m.sentence == pronoun.sentence and m.pronoun and _is_partitive(m, lex)),
                     None)
        plural = [m for m in window if m.number == "Plur" and (first is None or m.start < first.start)]
        return plural[-1] if plural else None
    if form in lex.place_pronouns:
        places = [m for m in window if m.kind in ("place", "facility")]
        return places[-1] if places else None
    candidates = [m for m in window if _agrees(pronoun, m, lex)
                  # selon des médias, ils ont égorgé …: the source a sentence cites is not who acts in it
                  and not (m.attributing and m.sentence == pronoun.sentence)
                  # a déclaré à Xinhua …. Ils ont incendié: whom it was said to is no actor of the story
                  and not (m.addressee and pronoun.subject)]
    if pronoun.act_subject:
        candidates = [m for m in candidates if m.kind not in PLACE_KINDS]  # il a fait six morts: no place
    if form in lex.object_clitics and not pronoun.subject:
        # an object clitic never stands for the subject of its own clause (il l'a vu)
        candidates = [m for m in candidates if not (m.sentence == pronoun.sentence and m.subject)]
    if not candidates:
        return None
    if pronoun.latter:
        # ce dernier: the participant named last, whatever its role (le ministre a reçu X. Ce dernier …);
        # the subject of an act is the last who can act, not a thing named after it (… du conflit.
        # Ce dernier a dénoncé …: the village chief)
        if pronoun.subject and not pronoun.passive_subject:
            actors = [m for m in candidates if m.kind in AGENT_KINDS]
            if actors:
                return actors[-1]
        last = candidates[-1]
        # le camion de Kalo. Ce dernier …: the last phrase named, not the name inside it
        return next((m for m in candidates if m is not last and m.sentence == last.sentence
                     and m.start <= last.start and last.end <= m.end), last)
    scored = [(_salience(pronoun, m, i, lex), m) for i, m in enumerate(candidates)]
    return max(scored, key=lambda pair: pair[0])[1]


def compatible(a: str, b: str) -> bool:
    """Can two kinds name the same participant?  Never an agent and a place or a weapon."""
    if a == b or "other" in (a, b):
        return True
    return {a, b} <= set(AGENT_KINDS) or {a, b} <= set(PLACE_KINDS)


def word_key(mention: Mention) -> str:
    """The key of what a mention names from its own words: ``ambassade-etats-unis-bagdad``."""
    return normalize_key(" ".join(mention.key_words)) if mention.key_words else normalize_key(mention.text)


def is_global(mention: Mention) -> bool:
    """Does the phrase name the same participant in every document?  A name does (l'ambassade des
    États-Unis à Bagdad, le poste de Boni), and so does a state body or group given a country
    (l'armée malienne); a bare description does not (l'armée, deux soldats, les habitants)."""
    if mention.link or mention.named:
        return True
    return mention.country is not None and mention.kind in ("state", "armed_group", "organisation") \
        and not any(w.isdigit() for w in mention.text.split())


def entity_key(mention: Mention, doc_id: str) -> str:
    """The key of the entity a mention names by its own words; a bare description is scoped to its
    document (``doc-bd24442d1d05/armee``) so that "l'armée" of two articles are two armies."""
    if mention.link:
        return mention.link
    key = word_key(mention)
    return key if is_global(mention) else f"{normalize_key(doc_id)}/{key}"


def described_antecedent(mention: Mention, before: list[Mention]) -> Mention | None:
    """``l'ambassade`` after ``l'ambassade des États-Unis à Bagdad``: a definite description with
    fewer words than an earlier phrase of the same head and a compatible kind names the same thing."""
    if not mention.definite or mention.proper or mention.link or not mention.key_words:
        return None
    words = set(mention.key_words)
    for candidate in reversed(before):
        if candidate.pronoun or candidate.head != mention.head or not compatible(candidate.kind, mention.kind):
            continue
        if mention.number and candidate.number and mention.number != candidate.number:
            continue  # l'attaque is not one of "multiples attaques"
        if candidate.link or words < set(candidate.key_words):
            return candidate  # la coalition, after la coalition internationale (a known name)
    return None


def possessor(mention: Mention, before: list[Mention]) -> Mention | None:
    """``ses installations`` after ``l'ambassade …``: the premises of an institution named just before
    are the institution's site, one participant.  The possessor is the nearest facility or body."""
    if not mention.premises_of:
        return None
    window = [m for m in before if mention.sentence - m.sentence <= 1 and not m.pronoun]
    sites = [m for m in window if m.kind in ("facility", "organisation", "state") and m.head != mention.head]
    return sites[-1] if sites else None


def _same_participant(resolution: Resolution, a: Mention, b: Mention) -> bool:
    entity_a, entity_b = resolution.entity_of.get(a.key), resolution.entity_of.get(b.key)
    return (entity_a is not None and entity_a == entity_b) \
        or resolution.display(a).lower() == resolution.display(b).lower()


def statements(resolution: Resolution, triples: list[Triple]) -> list[Triple]:
    """The triples a document states once its pronouns are resolved: none whose pronoun names
    nobody or that ties a participant to itself, one per (subject, predicate, object, polarity)
    as named (``les pompiers … ils ont éteint le feu`` and ``les pompiers ont éteint le feu``
    are one), the most confident, in order."""
    best: dict[tuple[str, str, str, bool], Triple] = {}
    for triple in triples:
        subject, obj = resolution.named(triple.subject), resolution.named(triple.object)
        if subject.pronoun or obj.pronoun or _same_participant(resolution, triple.subject, triple.object):
            continue  # a relation of something with itself is a misreading (le Conseil qu'il préside)
        key = (subject.text.lower(), triple.predicate, obj.text.lower(), triple.negated)
        if key not in best or triple.confidence > best[key].confidence:
            best[key] = triple
    return [t for t in triples if best.get((resolution.named(t.subject).text.lower(), t.predicate,
                                            resolution.named(t.object).text.lower(), t.negated)) is t]


def _all_mentions(extraction: DocumentExtraction, events: list[Event]) -> list[Mention]:
    seen: dict[tuple[int, int], Mention] = {m.key: m for m in extraction.mentions}
    for t in extraction.triples:
        for m in (t.subject, t.object, t.source):
            if m is not None:
                seen.setdefault(m.key, m)
    for e in events:
        for m in e.actor + e.target + e.location + e.weapon + ([e.source] if e.source else []):
            seen.setdefault(m.key, m)
    return sorted(seen.values(), key=lambda m: (m.start, -m.end))


def _cited_sources(extraction: DocumentExtraction, events: list[Event]) -> set[tuple[int, int]]:
    """The mentions that some statement or event of the document is attributed to."""
    sources = [t.source for t in extraction.triples] + [e.source for e in events]
    return {m.key for m in sources if m is not None}


class _Before:
    """The mentions before the i-th, as much of them as each look-back reads: the last few sentences
    (pronouns, possessives).  Each answers as the whole list of earlier mentions would, without
    copying it for every mention of a long document."""

    def __init__(self, mentions: list[Mention]) -> None:
        self.mentions = mentions
        self.sentence = [m.sentence for m in mentions]
        # in reading order the sentence indices never go down; should they, look at every earlier mention
        self.ordered = all(a <= b for a, b in zip(self.sentence, self.sentence[1:], strict=False))

    def sentences_back(self, i: int, window: int) -> list[Mention]:
        """The mentions before the i-th from ``window`` sentences back on, in reading order."""
        first = bisect.bisect_left(self.sentence, self.sentence[i] - window, 0, i) if self.ordered else 0
        return self.mentions[first:i]


class _Descriptions:
    """What :func:`described_antecedent` finds among the mentions added so far, without reading them all
    back: for each head word, kind and number, the latest mention of each set of key words (and the
    latest with a gazetteer link), so that a head named a thousand times in a long document is looked
    up by its few distinct phrasings."""

    LINKED = frozenset({"\0linked"})  # stands for "any mention with a link" among the sets of key words

    def __init__(self) -> None:
        self.latest: dict[str, dict[tuple[str, str | None], dict[frozenset[str], tuple[int, Mention]]]] = {}

    def add(self, position: int, mention: Mention) -> None:
        if mention.pronoun:
            return
        group = self.latest.setdefault(mention.head, {}).setdefault((mention.kind, mention.number), {})
        group[self.LINKED if mention.link else frozenset(mention.key_words)] = (position, mention)

    def antecedent(self, mention: Mention) -> Mention | None:
        """The latest mention added that :func:`described_antecedent` would return for ``mention``."""
        if not mention.definite or mention.proper or mention.link or not mention.key_words:
            return None
        words = set(mention.key_words)
        best: tuple[int, Mention] | None = None
        for (kind, number), group in self.latest.get(mention.head, {}).items():
            if not compatible(kind, mention.kind) or (mention.number and number and mention.number != number):
                continue
            for key_words, found in group.items():
                if (key_words is self.LINKED or words < key_words) and (best is None or found[0] > best[0]):
                    best = found
        return best[1] if best else None


#: How sure we are of each way of tying a mention to its entity.
HOW_CONFIDENCE = {"gazetteer": 0.95, "name": 0.9, "definite description": 0.7, "pronoun": 0.6, "possessive": 0.55,
                  "partitive": 0.5}


def resolve_entities(extraction: DocumentExtraction, events: list[Event], lex: Lexicon = NO_LANGUAGE) -> Resolution:
    """Antecedents of the pronouns and definite descriptions of one document, and the entities its
    mentions name (one per gazetteer entry or per identifying words); ``lex``, the document's
    language, tells the gender and number of pronouns the tagger leaves without."""
    resolution = Resolution()
    mentions = _all_mentions(extraction, events)
    before, descriptions = _Before(mentions), _Descriptions()
    by_key = {m.key: m for m in mentions}
    speakers = {m.sentence: m for m in mentions if m.speaker}
    speakers.update({index: by_key[key] for index, key in extraction.speakers.items() if key in by_key})
    cited = _cited_sources(extraction, events)
    # kept as the mentions are read, so that each look-up is one step (long documents stay linear)
    last_cited: list[Mention] = []  # the sources cited so far, the latest last
    last_of_head: dict[str, Mention] = {}  # the latest mention of each head word
    cited_in: dict[int, set[tuple[int, int]]] = {}  # sentence → antecedents of the sources it cites
    for i, mention in enumerate(mentions):
        earlier = next((m for m in reversed(last_cited[-3:]) if m.sentence < mention.sentence), None)
        same = last_of_head.get(mention.head)
        if mention.again and mention.key in cited:
            # …, selon la même source: the source cited last before this sentence
            if earlier is not None:
                resolution.antecedents[mention.key] = earlier
                resolution.how[mention.key] = "definite description"
            else:
                resolution.how[mention.key] = "name"
        elif mention.again and same is not None:
            # ce même district: the district named before, as it was named in full
            while same.key in resolution.antecedents:
                same = resolution.antecedents[same.key]
            resolution.antecedents[mention.key] = same
            resolution.how[mention.key] = "definite description"
        elif mention.first_person:
            # « Nous avons repoussé l'attaque », a déclaré le colonel: nous is the speaker's side;
            # with no speaker known, nobody the text names in the third person
            if mention.sentence in speakers:
                resolution.antecedents[mention.key] = speakers[mention.sentence]
            resolution.how[mention.key] = "pronoun"
        elif mention.pronoun:
            # selon lui, ils ont incendié …: whom the sentence cites does not act in it
            cited_here = cited_in.get(mention.sentence, set())
            window = [m for m in before.sentences_back(i, SENTENCE_WINDOW) if m.key not in cited_here]
            antecedent = find_antecedent(mention, window, lex)
            if antecedent is not None:
                resolution.antecedents[mention.key] = antecedent
                resolution.how[mention.key] = "partitive" if _is_partitive(mention, lex) else "pronoun"
        elif mention.link:
            resolution.how[mention.key] = "gazetteer"
        elif (site := possessor(mention, before.sentences_back(i, 1))) is not None:
            resolution.antecedents[mention.key] = site
            resolution.how[mention.key] = "possessive"
        elif (antecedent := descriptions.antecedent(mention)) is not None:
            resolution.antecedents[mention.key] = antecedent
            resolution.how[mention.key] = "definite description"
        else:
            resolution.how[mention.key] = "name"
        descriptions.add(i, mention)
        if mention.key in cited and not mention.again:
            last_cited.append(mention)
        if not (mention.again or mention.pronoun):
            last_of_head[mention.head] = mention
        if mention.attributing and mention.key in resolution.antecedents:
            cited_in.setdefault(mention.sentence, set()).add(resolution.antecedents[mention.key].key)

    for mention in mentions:
        source = mention
        while source.key in resolution.antecedents:  # a description of a description …
            source = resolution.antecedents[source.key]
        if source.pronoun:
            continue  # an unresolved pronoun names no entity
        key = resolution.entity_of.get(source.key) or entity_key(source, extraction.doc_id)
        entity = resolution.entities.get(key)
        if entity is None:
            entity = resolution.entities[key] = Entity(key=key, label=source.text, kind=source.kind,
                                                       link=source.link)
        entity.mentions.append(mention)
        if not mention.pronoun:
            entity.aliases.add(mention.text)
        if entity.kind == "other" and mention.kind != "other" and not mention.pronoun:
            entity.kind = mention.kind
        entity.country = entity.country or mention.country
        if mention.aligned:
            entity.aligned.add(mention.aligned)
        resolution.entity_of[mention.key] = key
        resolution.confidence[mention.key] = HOW_CONFIDENCE[resolution.how[mention.key]]
    for entity in resolution.entities.values():
        # the most specific name the document gives it, the first of equals
        named = [m for m in entity.mentions if not m.pronoun]
        entity.label = max(named, key=lambda m: (len(m.key_words), -m.start)).text
    return resolution
