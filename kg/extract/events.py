"""Events: typed occurrences with actor, target, location, weapon, date and toll.

Two passes.  ``sentence_events`` reads event mentions off one sentence: verbs and predicate
phrases of the event-type scheme (``attaquer``, ``prendre pour cible``) with the arguments of
their clause, and event nouns (``l'attaque de … contre …``) with those of their phrase; mentions
of one type in one sentence are one occurrence.  ``merge_events`` then links mentions across the
document: a demonstrative (``cet incident``) refers to the latest event, a definite noun
(``l'attaque``) to the main one, and a new mention that shares its target or place with an event
already told is that event.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from spacy.tokens import Span, Token

from kg.extract.clauses import Clause, effective_head, has_child, is_irrealis, is_past_participle
from kg.extract.dates import DocDate, date_for
from kg.extract.modality import is_negated, modality_of
from kg.extract.model import Event, EventMention, Mention
from kg.extract.nominal import NominalEvent
from kg.extract.phrases import is_in, is_participant_head, preposition
from kg.extract.quantities import Toll
from kg.lexicon import Lexicon

LOCATIVE_PREPOSITIONS = ("à", "dans", "en", "près de", "au large de", "à proximité de", "au-dessus de", "sur")
PLACE_KINDS = ("place", "facility")
#: Types an anaphoric noun (l'incident, ce drame) may refer to.
VIOLENT_TYPES = ("assault", "coerce")

MentionOf = Callable[[Token], Mention | None]


def _mentions(tokens: list[Token], mention_of: MentionOf) -> list[Mention]:
    out: list[Mention] = []
    for token in tokens:
        mention = mention_of(token)
        if mention is not None and all(m.key != mention.key for m in out):
            out.append(mention)
    return out


def _is_location(mention: Mention, prep: str) -> bool:
    return prep in LOCATIVE_PREPOSITIONS and mention.kind in PLACE_KINDS


def _clause_locations(trigger: Token, lex: Lexicon, mention_of: MentionOf) -> list[Mention]:
    """Places the trigger's own clause gives: its locative complements, also those the parser hangs
    on a coordinated word or on the object (signé un accord à Doha, blessés lundi à Gao), else
    those of the clauses above it (tués à Kiev lors d'une attaque gives Kiev to the attack)."""

    def places_under(token: Token, depth: int) -> list[Mention]:
        found = []
        for child in token.children:
            if child.pos_ in ("VERB", "AUX") or child.dep_ in ("acl:relcl", "acl", "advcl", "ccomp", "parataxis"):
                continue  # another clause
            if child.dep_ in ("obl", "obl:mod", "obl:arg", "nmod") and is_participant_head(child, lex):
                mention = mention_of(child)
                if mention is not None and _is_location(mention, preposition(child, lex)):
                    found.append(mention)
                    continue
            if depth < 3 and child.dep_ in ("conj", "nmod", "obj", "obl", "obl:mod", "obl:arg"):
                found.extend(places_under(child, depth + 1))
        return found

    out = places_under(trigger, 0)
    for verb in (t for t in trigger.ancestors if t.pos_ in ("VERB", "AUX")):
        if out:
            break
        out = [m for c in verb.children if c.dep_ in ("obl", "obl:mod", "obl:arg") and is_participant_head(c, lex)
               and (m := mention_of(c)) is not None and _is_location(m, preposition(c, lex))]
    return out


def _trigger_type(clause: Clause, lex: Lexicon) -> tuple[str | None, str]:
    for prep, _ in clause.obliques:
        phrase = f"{clause.key} {prep}"
        if phrase in lex.event_types:
            return lex.event_types[phrase], phrase
    keys = [clause.key]
    if not clause.key.startswith(("se ", "s'")):
        keys.append(clause.head.lemma_.lower())  # not for s'abattre (fall), which is not abattre (shoot down)
    for key in keys:
        if key in lex.event_types:
            return lex.event_types[key], key
    return None, clause.key


def _attributive(verb: Token) -> bool:
    """A past participle qualifying a noun, with no auxiliary (le mouvement soutenu par l'Iran)."""
    return verb.dep_ == "acl" and is_past_participle(verb) and not has_child(verb, "aux", "aux:tense", "aux:pass")


def is_occurrence(head: Token, lex: Lexicon) -> bool:
    """Does this verb tell of something that happened?  Not when it is denied, threatened, called for
    or a purpose; not when it is the content of an accusation (accuser Kigali de soutenir …)."""
    if is_negated(head, lex) or is_irrealis(head, lex):
        return False
    parent, dep = effective_head(head, lex)
    accusation_content = dep in ("xcomp", "ccomp") and lex.event_types.get(parent.lemma_.lower()) == "accuse"
    return not accusation_content


def _agentive_type(clause: Clause, lex: Lexicon) -> tuple[str | None, str]:
    """Des manifestants encerclent le QG: people named by a collective act make their clause that act."""
    for subject in clause.subjects:
        lemma = subject.lemma_.lower()
        counted = [c for c in subject.children if c.dep_ == "nmod"]  # des centaines de manifestants
        for noun in [subject] + counted[:1]:
            lemma = noun.lemma_.lower()
            if lemma in lex.agentive_event_nouns:
                return lex.agentive_event_nouns[lemma], lemma
    return None, clause.key


def _with_weapon_type(mention: EventMention, lex: Lexicon) -> None:
    """Force with less-lethal means (gaz lacrymogène) is coercion, not assault."""
    if mention.type == "assault" and any(
        set(w.text.lower().split()) & lex.crowd_control_weapons or w.head in lex.crowd_control_weapons
        for w in mention.weapon
    ):
        mention.type = "coerce"


def _split_weapons(mentions: list[Mention]) -> tuple[list[Mention], list[Mention]]:
    weapons = [m for m in mentions if m.kind == "weapon"]
    return [m for m in mentions if m.kind != "weapon"], weapons


def clause_event(
    clause: Clause, sent: Span, sent_index: int, lex: Lexicon, mention_of: MentionOf, inverted: dict[int, Token]
) -> EventMention | None:
    """The event a verbal clause names, if its predicate is a trigger."""
    if clause.rule not in ("svo", "passive", "state") or clause.head.i in inverted:
        return None
    if not is_occurrence(clause.head, lex):
        return None
    agentive_type, agentive_trigger = _agentive_type(clause, lex)
    event_type, trigger = _trigger_type(clause, lex)
    if event_type is None and is_in(clause.head, lex.firing_verbs) and any(
        (m := mention_of(o)) is not None and m.kind == "weapon" for o in clause.objects
    ):
        event_type, trigger = "assault", clause.key  # ont lancé trois missiles: firing weapons is an attack
    if agentive_type is not None:
        # des centaines de manifestants encerclent le QG: what protesters do is their protest
        event_type, trigger = agentive_type, agentive_trigger
    if event_type is None:
        return None
    if _attributive(clause.head) and (event_type not in VIOLENT_TYPES or clause.passive):
        return None  # le mouvement soutenu par l'Iran: a lasting state; visés par des avions: an act
    head = clause.head
    subjects = _mentions(clause.subjects, mention_of)
    objects = _mentions(clause.objects, mention_of)
    obliques = [(prep, m) for prep, tok in clause.obliques if (m := mention_of(tok)) is not None]
    if clause.passive:
        actor, target = [], subjects
    else:
        actor, target = subjects, objects
    weapons: list[Mention] = []
    if is_in(head, lex.firing_verbs):
        target, weapons = _split_weapons(target)  # tirer des roquettes: the object is the weapon
    actor_plain, actor_weapons = _split_weapons(actor)
    weapons += actor_weapons
    if event_type == "accuse":
        # imputer le rapt aux 400 Mawozo, reprocher à Kinshasa: the one accused is after "à"
        accused = [m for prep, m in obliques if prep == "à"]
        target = accused or target
    if not target:
        target = [m for prep, m in obliques if prep in ("contre", "sur", "vers", "de") and m.kind != "weapon"]
    weapons += [m for prep, m in obliques if m.kind == "weapon" and prep in ("avec", "à", "par", "de")]
    location = [m for prep, m in obliques if _is_location(m, prep) and m not in target]
    modality, source_token = modality_of(head, sent, lex, inverted, clause.subjects + clause.objects)
    mention = EventMention(
        type=event_type,
        trigger=trigger,
        trigger_text=head.text,
        sentence=sent_index,
        start=head.idx,
        end=head.idx + len(head.text),
        # un drone a frappé: the drone is all the text says of the attacker
        actor=actor_plain or actor_weapons,
        target=target,
        location=location,
        weapon=weapons,
        modality=modality,
        source=mention_of(source_token) if source_token is not None else None,
        confidence=0.7 if not clause.inherited else 0.6,
    )
    _with_weapon_type(mention, lex)
    return mention


def nominal_event(
    nominal: NominalEvent, sent: Span, sent_index: int, lex: Lexicon, mention_of: MentionOf,
    inverted: dict[int, Token],
) -> EventMention:
    noun = nominal.noun
    lemma = noun.lemma_.lower()
    event_type = lex.event_types[lemma]
    # tirs de sommation: a trigger noun complementing another names the kind of act
    for child in noun.children:
        if child.dep_ == "nmod" and child.lemma_.lower() in lex.event_types and preposition(child, lex) == "de" \
                and not any(c.dep_ == "det" for c in child.children):
            event_type = lex.event_types[child.lemma_.lower()]
    determiners = [c for c in noun.children if c.dep_ == "det"]
    agents = _mentions(nominal.agents, mention_of)
    targets = _mentions(nominal.targets, mention_of)
    targets, weapons = _split_weapons(targets)
    weapons += [m for m in _mentions(nominal.weapons, mention_of) if all(m.key != w.key for w in weapons)]
    agents_plain, agent_weapons = _split_weapons(agents)
    weapons += agent_weapons
    modality, source_token = modality_of(noun, sent, lex, inverted, nominal.agents)
    mention = EventMention(
        type=event_type,
        trigger=lemma,
        trigger_text=noun.text,
        sentence=sent_index,
        start=noun.idx,
        end=noun.idx + len(noun.text),
        actor=agents_plain or agent_weapons,
        target=targets,
        weapon=weapons,
        modality=modality,
        source=mention_of(source_token) if source_token is not None else None,
        confidence=0.6,
        nominal=True,
        definite=any("Def" in d.morph.get("Definite") or "Yes" in d.morph.get("Poss") for d in determiners),
        demonstrative=any("Dem" in d.morph.get("PronType") for d in determiners),
        claimed=nominal.claimed,
    )
    _with_weapon_type(mention, lex)
    return mention


def anaphoric_mentions(sent: Span, sent_index: int, lex: Lexicon) -> list[EventMention]:
    """Nouns that refer back to an event (l'incident, ce drame): they carry dates and tolls to it."""
    out = []
    for noun in sent:
        if noun.pos_ == "NOUN" and is_in(noun, lex.anaphoric_event_nouns):
            determiners = [c for c in noun.children if c.dep_ == "det"]
            out.append(EventMention(
                type="assault", trigger=noun.lemma_.lower(), trigger_text=noun.text, sentence=sent_index,
                start=noun.idx, end=noun.idx + len(noun.text), nominal=True, anaphoric_only=True,
                definite=any("Def" in d.morph.get("Definite") for d in determiners),
                demonstrative=any("Dem" in d.morph.get("PronType") for d in determiners),
            ))
    return out


def _token_at(sent: Span, start: int) -> Token:
    for token in sent:
        if token.idx == start:
            return token
    return sent.root


def sentence_events(
    sent: Span,
    sent_index: int,
    clauses: list[Clause],
    nominals: list[NominalEvent],
    lex: Lexicon,
    mention_of: MentionOf,
    inverted: dict[int, Token],
    anchors: dict[int, str],
    toll: Toll,
) -> list[EventMention]:
    """Event mentions of one sentence, one per type, with date, place and toll."""
    found: list[EventMention] = []
    for clause in clauses:
        mention = clause_event(clause, sent, sent_index, lex, mention_of, inverted)
        if mention is not None:
            found.append(mention)
    for nominal in nominals:
        governor = nominal.noun.head
        if nominal.noun.dep_ == "obj" and (is_irrealis(governor, lex) or is_in(governor, lex.irrealis_verbs)):
            continue  # obtenir la libération de …, promettre une enquête: not (yet) an occurrence
        found.append(nominal_event(nominal, sent, sent_index, lex, mention_of, inverted))
    found.extend(anaphoric_mentions(sent, sent_index, lex))

    casualty = lex.killed_words | lex.injured_words
    others = [m for m in found if m.trigger not in casualty and not m.anaphoric_only]
    for mention in found:
        if mention.trigger not in casualty or mention.actor or mention.type != "assault":
            continue
        if others:
            # "cinq personnes ont été tuées lors de manifestations": the killing is the toll of the protest
            mention.type = others[0].type
        else:
            # "une vingtaine de militaires ont été blessés": the toll of an event told before, if any
            mention.toll_only = True
    merged: list[EventMention] = []
    for mention in found:
        same = next((m for m in merged if m.type == mention.type and not m.anaphoric_only
                     and not mention.anaphoric_only), None)
        if same is None:
            merged.append(mention)
        else:
            _absorb(same, mention)
    occurrences = {c.head.i: c for c in clauses if c.key in lex.occurrence_verbs}
    for mention in merged:
        token = _token_at(sent, mention.start)
        mention.date = _mention_date(token, anchors, lex)
        occurrence = occurrences.get(token.head.i) if token.dep_ == "nsubj" else None
        if occurrence is not None:  # l'explosion a eu lieu dans la zone de l'aéroport
            mention.location += [m for prep, tok in occurrence.obliques
                                 if (m := mention_of(tok)) is not None and _is_location(m, prep)]
        if not mention.location:
            places = _clause_locations(token, lex, mention_of)
            mention.location = [p for p in places if all(p.key != t.key for t in mention.target)]
    main = next((m for m in merged if m.type in ("assault", "protest", "coerce") and not m.anaphoric_only), None)
    main = main or next((m for m in merged if m.type in VIOLENT_TYPES), None)
    if toll and main is not None:
        main.killed, main.injured, main.approximate = toll.killed, toll.injured, toll.approximate
    elif toll:
        # a toll with no event in its sentence belongs to the event told just before
        merged.append(EventMention(
            type="assault", trigger="", trigger_text="", sentence=sent_index, start=sent.start_char,
            end=sent.end_char, killed=toll.killed, injured=toll.injured, approximate=toll.approximate,
            anaphoric_only=True, nominal=True, definite=True,
        ))
    return merged


def _mention_date(token: Token, anchors: dict[int, str], lex: Lexicon) -> str | None:
    """The date of an event mention.

    A verb takes the date of its clause.  A noun takes its own (l'attaque du 3 mars); the date
    of the verb it hangs on only when that verb tells when the event happened (tués mercredi
    dans une embuscade, mener une frappe mardi, l'incident s'est produit mardi) — not when it
    tells of something else done later (l'attaque a été revendiquée jeudi).
    """
    if token.pos_ != "NOUN":
        return date_for(token, anchors)
    own = {i: v for i, v in anchors.items() if token.left_edge.i <= i <= token.right_edge.i}
    if own:
        return date_for(token, own)
    head = token.head
    circumstantial = token.dep_.startswith("obl") or (token.dep_ == "nmod" and head.pos_ not in ("NOUN", "PROPN"))
    told_by_verb = (
        is_in(head, lex.light_verbs | lex.killed_words | lex.injured_words)
        or (token.dep_ == "nsubj" and _clause_key(head) in lex.occurrence_verbs)
    )
    return date_for(token, anchors) if circumstantial or told_by_verb else None


def _clause_key(verb: Token) -> str:
    lemma = verb.lemma_.lower()
    if any(c.dep_.startswith("expl") and "Yes" in c.morph.get("Reflex") for c in verb.children):
        lemma = "se " + lemma
    bare = [c.lemma_.lower() for c in verb.children if c.dep_ == "obj" and not any(d.dep_ == "det" for d in c.children)]
    return " ".join([lemma] + bare[:1])


def _absorb(into: EventMention, other: EventMention) -> None:
    for role in ("actor", "target", "location", "weapon"):
        have = getattr(into, role)
        for m in getattr(other, role):
            if all(m.key != h.key for h in have):
                have.append(m)
    into.date = into.date or other.date
    into.claimed = into.claimed or other.claimed
    if into.killed is None:
        into.killed = other.killed
    if into.injured is None:
        into.injured = other.injured
    into.approximate = into.approximate or other.approximate
    if into.source is None:
        into.source = other.source


# ---------------------------------------------------------------- across the document


def _words(mentions: list[Mention]) -> set[str]:
    """Words that identify a place or a party; victims (deux personnes, quatre civils) identify nothing."""
    out = set()
    for m in mentions:
        if m.kind == "person" and not m.proper:
            continue
        for word in re.findall(r"\w{4,}", m.text.lower()):
            out.add(word.rstrip("sx"))
    return out


def _dates_conflict(a: str | None, b: str | None) -> bool:
    return bool(a and b and not (a.startswith(b) or b.startswith(a)))


def _same_occurrence(event: Event, mention: EventMention) -> bool:
    if _dates_conflict(event.date if event.date_basis == "text" else None, mention.date):
        return False
    place_e = _words(event.target + event.location)
    place_m = _words(mention.target + mention.location)
    if place_e and place_m:
        return bool(place_e & place_m)
    return bool(_words(event.actor) & _words(mention.actor))


def _add(event: Event, mention: EventMention) -> None:
    event.mentions.append(mention)
    for role in ("actor", "target", "location", "weapon"):
        have = getattr(event, role)
        for m in getattr(mention, role):
            if all(m.key != h.key and m.text.lower() != h.text.lower() for h in have):
                have.append(m)
    if mention.date and (event.date is None or event.date_basis != "text"):
        event.date, event.date_basis = mention.date, "text"
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
    """``plusieurs véhicules ont été incendiés``: an act with no author and no date of its own, told
    right after an event of its type, is part of it."""
    return (
        not mention.actor
        and not mention.date
        and not mention.nominal
        and mention.sentence - event.mentions[-1].sentence <= 2
    )


def merge_events(mentions: list[EventMention], doc_date: str | None) -> list[Event]:
    """Event mentions of a document → events, one per occurrence."""
    events: list[Event] = []
    for mention in mentions:
        types = VIOLENT_TYPES if mention.anaphoric_only else (mention.type,)
        candidates = [e for e in events if e.type in types]
        has_roles = bool(mention.actor or mention.target or mention.location)
        target: Event | None = None
        if candidates and (mention.anaphoric_only or mention.definite or mention.demonstrative):
            if mention.demonstrative:
                target = candidates[-1]
            else:
                sharing = [e for e in candidates if has_roles and _same_occurrence(e, mention)]
                target = sharing[-1] if sharing else candidates[0]
            if _dates_conflict(target.date if target.date_basis == "text" else None, mention.date):
                target = None
        elif candidates and (not has_roles or mention.toll_only):
            target = candidates[-1]
            if _dates_conflict(target.date if target.date_basis == "text" else None, mention.date):
                target = None
        elif candidates and _continues(candidates[-1], mention):
            target = candidates[-1]
        elif candidates:
            target = next((e for e in reversed(candidates) if _same_occurrence(e, mention)), None)
        if target is not None:
            _add(target, mention)
        elif not mention.anaphoric_only:
            event = Event(type=mention.type, mentions=[], modality=mention.modality, confidence=mention.confidence)
            _add(event, mention)
            event.modality = mention.modality
            events.append(event)

    base = DocDate.parse(doc_date)
    for event in events:
        if event.date is None and base is not None:
            event.date, event.date_basis = base.month_iso(), "document"
    # an event with no participant, place or toll says nothing an analyst can use
    return [e for e in events if e.actor or e.target or e.location or e.killed is not None or e.injured is not None]
