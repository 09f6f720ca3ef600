"""Event coreference and completion in one document: event mentions → events, one per occurrence.

``merge_events`` links the event mentions of a document: a demonstrative (``cet incident``) refers to
the latest event, a definite noun (``l'attaque``) to the main one, and a new mention that shares its
target or place with an event already told is that event; events the text does not date take the
story's date.  ``complete_events`` adds what the rest of the document tells of each event: where its
target lies, its mode, how many weapons, the story's place.  No spaCy here: records in, records out.
"""

from __future__ import annotations

from kg.lexicon import Lexicon
from kg.model import (
    PLACE_KINDS,
    ROLES,
    VIOLENT_TYPES,
    DocDate,
    Event,
    EventMention,
    Mention,
    Triple,
    When,
    names_differ,
    participant_words,
)


def _dates_conflict(a: When | None, b: When | None) -> bool:
    return bool(a and b and not (a.iso.startswith(b.iso) or b.iso.startswith(a.iso)))


def _text_date(event: Event) -> When | None:
    """The date the text gives the event, not the document's."""
    return event.when if event.date_basis == "text" else None


def _parties(mentions: list[Mention]) -> set[str]:
    """What identifies the authors of an act: their words, and the country or known party they name
    (l'armée russe and la Russie, les forces israéliennes and l'armée israélienne)."""
    return participant_words(mentions) | {key for m in mentions for key in (m.link, m.country) if key}


def _same_occurrence(event: Event, mention: EventMention, lex: Lexicon) -> bool:
    if _dates_conflict(_text_date(event), mention.when):
        return False
    if event.type not in VIOLENT_TYPES + ("protest",) and event.authors and mention.authors \
            and not all(m.pronoun for m in mention.authors) \
            and not _parties(event.authors) & _parties(mention.authors):
        return False  # la France a condamné l'attaque, l'Allemagne aussi: two statements
    place_e = participant_words(event.target + event.location)
    place_m = participant_words(mention.target + mention.location)
    if mention.authors and all(m.pronoun or m.head in lex.referring_heads for m in mention.authors) \
            and mention.sentence - event.mentions[-1].sentence <= 2:
        # ils ont blessé un homme, les deux parties ont convenu, des débris ont incendié leur
        # immeuble: the authors told just before (or what is left of their weapon), doing more of
        # the same act, unless the text names another place for it
        return not names_differ(event.target + event.location, mention.target + mention.location)
    if place_e and place_m:
        return bool(place_e & place_m)
    if any(m.another for m in mention.authors):
        return False  # d'autres drones ont visé …: other authors, another act
    return bool(_parties(event.authors) & _parties(mention.authors))


def _add(event: Event, mention: EventMention) -> None:
    event.mentions.append(mention)
    for role in ROLES:
        have = getattr(event, role)
        for m in getattr(mention, role):
            if all(m.key != h.key and m.text.lower() != h.text.lower() for h in have):
                have.append(m)
    if mention.when and (event.when is None or event.date_basis != "text"):
        event.when, event.date_basis = mention.when, "text"
    if event.killed is None:
        event.killed = mention.killed
    if event.injured is None:
        event.injured = mention.injured
    event.approximate = event.approximate or mention.approximate
    if event.source is None and mention.source is not None:
        event.source = mention.source
    if event.modality == "asserted" and mention.modality != "asserted" and not mention.anaphoric_only:
        event.modality = mention.modality


def _continues(event: Event, mention: EventMention) -> bool:
    """``plusieurs véhicules ont été incendiés``: an act with no author and no date of its own, or a
    violent one with no target and no place of its own, told right after an event of its type, is
    part of it."""
    near = mention.sentence - event.mentions[-1].sentence <= 2
    told_by_another = event.source is not None and mention.source is not None \
        and event.source.text.lower() != mention.source.text.lower()
    if near and mention.type in VIOLENT_TYPES and not mention.target and not mention.location \
            and not told_by_another and not _dates_conflict(_text_date(event), mention.when):
        return True  # des hommes armés avaient ouvert le feu: no place and no target of its own
    return not mention.authors and not mention.when and not mention.nominal and near


#: How many days before a dated document its lead may have happened (samedi, in Monday's paper).
LEAD_DAYS = 7


def _is_recent(iso: str, base: DocDate) -> bool:
    """Is a day of the document's month, or of the week before the document's day?"""
    if iso.startswith(base.month_iso()):
        return True
    published = base.as_date()
    return published is not None and base.minus_days(LEAD_DAYS) <= iso <= published.isoformat()


def _story_date(events: list[Event], base: DocDate | None) -> When | None:
    """The date of the story: that of the first event the text dates to a recent day (the lead: in
    the document's month or the week before its day), not one told as background (en avril, le 8
    octobre of another year)."""
    if base is None or not base.month:
        return None
    for event in events:
        if event.date_basis == "text" and event.when is not None and event.when.precision == "day" \
                and _is_recent(event.when.iso, base) and not any(m.background for m in event.mentions):
            return event.when
    return None


def merge_events(mentions: list[EventMention], doc_date: str | None, lex: Lexicon) -> list[Event]:
    """Event mentions of a document → events, one per occurrence."""
    events: list[Event] = []
    for mention in mentions:
        types = VIOLENT_TYPES if mention.anaphoric_only else (mention.type,)
        candidates = [e for e in events if e.type in types]
        if mention.another_incident and not (mention.anaphoric_only or mention.demonstrative):
            candidates = [e for e in candidates if e.mentions[-1].sentence == mention.sentence]
        has_roles = bool(mention.authors or mention.target or mention.location)
        target: Event | None = None
        if candidates and (mention.anaphoric_only or mention.definite or mention.demonstrative):
            if mention.demonstrative:
                target = candidates[-1]
            else:
                sharing = [e for e in candidates if has_roles and _same_occurrence(e, mention, lex)]
                # l'attaque: the one told before; but l'attentat contre la salle de concert, where
                # that one names another target, is another act
                first = candidates[0]
                elsewhere = names_differ(first.target, mention.target) and not mention.anaphoric_only
                target = sharing[-1] if sharing else (None if elsewhere else first)
            if target is not None and _dates_conflict(_text_date(target), mention.when):
                target = None
        elif candidates and (not has_roles or mention.toll_only):
            target = candidates[-1]
            if _dates_conflict(_text_date(target), mention.when):
                target = None
        elif candidates and _continues(candidates[-1], mention):
            target = candidates[-1]
        elif candidates:
            target = next((e for e in reversed(candidates) if _same_occurrence(e, mention, lex)), None)
        if target is not None:
            _add(target, mention)
        elif not mention.anaphoric_only:
            event = Event(type=mention.type, mentions=[], modality=mention.modality, confidence=mention.confidence)
            _add(event, mention)
            event.modality = mention.modality
            events.append(event)

    base = DocDate.parse(doc_date)
    lead = _story_date(events, base)
    for event in events:
        if event.when is not None:
            continue
        if lead is not None and not any(m.background for m in event.mentions):
            # news tells its story in the time of its lead: an act it does not date is of that day
            event.when, event.date_basis = When(lead.iso, lead.precision), "story"
        elif base is not None:
            iso = base.month_iso()
            event.when, event.date_basis = When(iso, "month" if base.month else "year"), "document"
    # an event with no participant, place or toll says nothing an analyst can use
    return [e for e in events if e.authors or e.target or e.location or e.killed is not None or e.injured is not None]


# ---------------------------------------------------------------- what the document says around an event

#: Most specific first: a facility lies in a place, which lies in a country.
SPECIFICITY = {"facility": 0, "place": 1, "country": 2}


def _same_participant(a: Mention, b: Mention) -> bool:
    return (a.key_words and a.key_words == b.key_words) or a.text.lower() == b.text.lower()


def _part_of_target(place: Mention, target: Mention) -> bool:
    return place.kind == "facility" and place.head == target.head and set(place.key_words) <= set(target.key_words)


def _sited_locations(event: Event, triples: list[Triple], lex: Lexicon) -> list[Mention]:
    """l'annexe de l'ambassade, située à l'aéroport de Bagdad: where a target lies, the event happened."""
    return [
        t.object for t in triples
        if t.predicate in lex.location_predicates and not t.negated and t.object.kind in PLACE_KINDS
        and any(_same_participant(t.subject, target) for target in event.target)
    ]


def weapon_count(weapons: list[Mention]) -> int | None:
    """How many weapons the text counts (deux missiles Grad, trois drones et deux missiles → 5);
    a weapon named twice (deux missiles … les missiles) counts once, at its highest figure."""
    by_head: dict[str, int] = {}
    for weapon in weapons:
        if weapon.count is not None:
            by_head[weapon.head] = max(by_head.get(weapon.head, 0), weapon.count)
    return sum(by_head.values()) if by_head else None


def event_mode(event: Event, lex: Lexicon) -> str | None:
    """The mode of the event's type that its words tell: what was done, from the trigger (enlèvement:
    abduct), else with what, from the weapon (missiles Grad: heavy weapons), else from the trigger
    (bombardement).  None where nothing tells."""
    cues = lex.event_modes.get(event.type, {})
    told = [m for m in event.mentions if not m.anaphoric_only]
    trigger_modes = [cues[w] for m in told for w in m.cues if w in cues]
    weapon_words = [w for m in event.weapon for w in (m.head, m.text.lower(), *m.key_words, *m.text.lower().split())]
    weapon_modes = [cues[w] for w in weapon_words if w in cues]
    # what was done is what the first telling says (an ambush in which vehicles were burnt is an ambush)
    manner = [cues[w] for w in (told[0].cues if told else ()) if w in cues and cues[w] not in lex.means_modes]
    means = [m for m in trigger_modes if m in lex.means_modes]
    return next(iter(manner or weapon_modes or means), None)


def complete_events(events: list[Event], triples: list[Triple], lex: Lexicon) -> list[Event]:
    """Add what the rest of the document tells of each event: where its target lies, its mode and
    how many weapons; order its places from the most specific."""
    for event in events:
        if event.type in VIOLENT_TYPES + ("protest",):
            # se sont emparés de Kiwanja, ont visé Zaporijjia: an attack on a town happens in the town
            targeted_places = [t for t in event.target if t.kind == "place"]
            for place in targeted_places + _sited_locations(event, triples, lex):
                if not any(_same_participant(place, have) for have in event.location):
                    event.location.append(place)
        # dommages aux installations auxiliaires: a facility that is (part of) the target is no place of it
        event.location = [p for p in event.location if not any(_part_of_target(p, t) for t in event.target)]
        event.location.sort(key=lambda m: SPECIFICITY.get(m.kind, 1))
        event.weapon_count = weapon_count(event.weapon)
        event.mode = event_mode(event, lex)
    _story_places(events)
    return events


def _story_places(events: list[Event]) -> None:
    """News tells its story in the place of its lead: a violent act or a protest that the text
    places nowhere happened where the one told before it did (same day or no date of its own),
    unless it is background (told in the pluperfect, of another time) or another incident (Par
    ailleurs, …)."""
    located: Event | None = None
    for event in events:
        if event.type not in VIOLENT_TYPES + ("protest",):
            continue
        if event.location:
            located = event
            continue
        background = any(m.background or m.another_incident for m in event.mentions)
        if located is not None and not background and not _dates_conflict(_text_date(located), _text_date(event)):
            # only places the text names (Goma, le district de Zakho), not "le village" of the other act
            event.location = [m for m in located.location if m.named and m.kind in PLACE_KINDS]
