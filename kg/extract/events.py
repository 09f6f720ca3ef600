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

import functools
import re
from collections.abc import Callable

from spacy.tokens import Span, Token

from kg.extract.clauses import Clause, effective_head, has_child, is_irrealis, is_past_participle
from kg.extract.dates import DocDate, date_for
from kg.extract.modality import is_hedged, is_negated, modality_of
from kg.extract.model import Event, EventMention, Mention, Triple, When
from kg.extract.nominal import (
    ATTRIBUTION,
    AUTHORSHIP,
    CLAIM,
    Authorship,
    NominalEvent,
    act_lemma,
    authorship,
    authorship_modality,
)
from kg.extract.phrases import conjuncts, is_in, is_participant_head, is_pp_coordination, preposition, union
from kg.extract.quantities import Toll
from kg.extract.tokens import morph
from kg.lexicon import Lexicon

LOCATIVE_PREPOSITIONS = ("à", "dans", "en", "près de", "au large de", "à proximité de", "au-dessus de", "sur")
PLACE_KINDS = ("place", "facility")  # countries are places too, but a country as target is a party
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
    return prep in LOCATIVE_PREPOSITIONS and mention.kind in PLACE_KINDS + ("country",)


def _clause_locations(trigger: Token, lex: Lexicon, mention_of: MentionOf) -> list[Mention]:
    """Places the trigger's own clause gives: its locative complements, also those the parser hangs
    on a coordinated word or on the object (signé un accord à Doha, blessés lundi à Gao), else
    those of the clauses above it (tués à Kiev lors d'une attaque gives Kiev to the attack)."""

    casualty = union(lex.killed_words, lex.injured_words)

    def places_under(token: Token, depth: int) -> list[Mention]:
        found = []
        for child in token.children:
            # tuées et blessées à Goma: a coordinated toll is part of the same act; any other verb
            # is another clause
            toll = child.dep_ == "conj" and is_in(child, casualty)
            if (child.pos_ in ("VERB", "AUX") and not toll) \
                    or child.dep_ in ("acl:relcl", "acl", "advcl", "ccomp", "parataxis"):
                continue
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


def _phrase_locations(heads: list[Token], lex: Lexicon, mention_of: MentionOf) -> list[Mention]:
    """Places that complement noun phrases (milices en Irak et en Syrie, l'ambassade à Bagdad)."""
    found: list[Mention] = []
    for head in heads:
        for child in head.children:
            # en Irak et en Syrie: the parser makes the second place a conjunct of the noun
            if child.dep_ != "nmod" and not (child.dep_ == "conj" and is_pp_coordination(child)):
                continue
            for place in [child] + [c for c in child.children if c.dep_ == "conj"]:
                mention = mention_of(place)
                if mention is not None and _is_location(mention, preposition(place, lex)) \
                        and all(mention.key != f.key for f in found):
                    found.append(mention)
    return found


def _trigger_type(clause: Clause, lex: Lexicon) -> tuple[str | None, str]:
    for prep, _ in clause.obliques:
        phrase = f"{clause.key} {prep}"
        if phrase in lex.event_types:
            return lex.event_types[phrase], phrase
    keys = [clause.key]
    if not clause.key.startswith(("se ", "s'")) and not clause.idiom:
        # not for s'abattre (fall), which is not abattre (shoot down), nor for an idiom (tirer la
        # sonnette d'alarme, tirer profit de), which is not the verb
        keys.append(clause.head.lemma_.lower())
    for key in keys:
        if key in lex.event_types:
            return lex.event_types[key], key
    return None, clause.key


def _is_act(token: Token, lex: Lexicon) -> bool:
    """Does the noun name an act (une explosion, la frappe, l'incident) rather than a participant?"""
    return token.pos_ == "NOUN" and (token.lemma_.lower() in lex.event_types or is_in(token, lex.anaphoric_event_nouns))


def _is_act_or_weapon(token: Token, lex: Lexicon, mention_of: MentionOf) -> bool:
    return _is_act(token, lex) or ((m := mention_of(token)) is not None and m.kind == "weapon")


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
    # dénoncé des exactions visant des civils: the participle says what is denounced
    denounced = dep == "acl" and parent.dep_ == "obj" and lex.event_types.get(parent.head.lemma_.lower()) == "accuse"
    return not (accusation_content or denounced)


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


def _aspectual(verb: Token) -> bool:
    """``arrêter de patrouiller``: a verb with an infinitive after "de" and no object of its own says
    when something stops or starts, not an act on someone."""
    def only_de(infinitive: Token) -> bool:
        marks = [m for m in infinitive.children if m.dep_ in ("mark", "case") and m.i < infinitive.i]
        return bool(marks) and all(m.lower_ in ("de", "d'", "d’") for m in marks)  # not avant de

    return not has_child(verb, "obj", "nsubj:pass", "aux:pass") and any(
        c.dep_ in ("xcomp", "ccomp", "acl", "advcl") and "Inf" in morph(c, "VerbForm") and c.i > verb.i
        and only_de(c) for c in verb.children)


def _says_what(clause: Clause, lex: Lexicon) -> bool:
    """Does a call say what it calls for: an infinitive or a clause (appeler les habitants à rester,
    appeler à la retenue), not just whom it calls (appeler son homologue)?"""
    verb = clause.head
    if any(c.dep_ in ("xcomp", "ccomp") for c in verb.children):
        return True
    if any(prep == "à" for prep, _ in clause.obliques):
        return True
    return any(c.dep_ == "acl" and "Inf" in morph(c, "VerbForm") for o in clause.objects for c in o.children) \
        or any(c.dep_.startswith("obl") and preposition(c, lex) == "à" for c in verb.children)


def _armed_with(actors: list[Token], lex: Lexicon) -> list[Token]:
    """``des assaillants, armés de fusils et de machettes``: the weapons an actor is said to carry."""
    return [w for actor in actors for p in actor.children
            if p.dep_ in ("acl", "amod", "appos") and is_in(p, lex.armed_participles)  # tagged a noun too
            for c in p.children if c.dep_.startswith("obl") or c.dep_ == "nmod"
            for w in conjuncts(c) if is_in(w, lex.weapon_heads)]


def _weapon_complements(participants: list[Token], lex: Lexicon) -> list[Token]:
    """``blessé trois villageois à la machette``: a weapon the parser hung on a participant is the act's."""
    return [w for p in participants for c in p.children
            if c.dep_ == "nmod" and preposition(c, lex) in ("à", "à coups de", "à coup de") and c.i > p.i
            for w in conjuncts(c) if is_in(w, lex.weapon_heads)]


def _split_weapons(mentions: list[Mention]) -> tuple[list[Mention], list[Mention]]:
    weapons = [m for m in mentions if m.kind == "weapon"]
    return [m for m in mentions if m.kind != "weapon"], weapons


def clause_event(
    clause: Clause, sent: Span, sent_index: int, lex: Lexicon, mention_of: MentionOf, inverted: dict[int, Token]
) -> EventMention | None:
    """The event a verbal clause names, if its predicate is a trigger."""
    if clause.rule not in ("svo", "passive", "state") or clause.head.i in inverted:
        return None
    if clause.speech and clause.rule == "passive":
        return None  # sollicité par l'AFP: how the story was sourced, no act of the story
    if not is_occurrence(clause.head, lex):
        return None
    agentive_type, agentive_trigger = _agentive_type(clause, lex)
    event_type, trigger = _trigger_type(clause, lex)
    if event_type is None and is_in(clause.head, lex.firing_verbs) and any(
        (m := mention_of(o)) is not None and m.kind == "weapon" for o in clause.objects
    ):
        event_type, trigger = "assault", clause.key  # ont lancé trois missiles: firing weapons is an attack
    if event_type is None and (is_in(clause.head, lex.impact_verbs) or clause.key in lex.impact_verbs) \
            and any(_is_act_or_weapon(s, lex, mention_of) for s in clause.subjects):
        event_type, trigger = "assault", clause.key  # un missile a touché l'immeuble: what hit it attacked it
    if agentive_type is not None:
        # des centaines de manifestants encerclent le QG: what protesters do is their protest
        event_type, trigger = agentive_type, agentive_trigger
    if event_type is None:
        return None
    if event_type in VIOLENT_TYPES and _aspectual(clause.head):
        return None  # la police a arrêté de patrouiller: it stopped doing something
    if event_type == "request" and is_in(clause.head, lex.call_verbs) and not _says_what(clause, lex):
        return None  # le ministre a appelé son homologue: a phone call, no demand
    if event_type == "accuse" and is_in(clause.head, lex.attribution_verbs) and (clause.passive or not clause.subjects):
        return None  # l'attaque, attribuée au GSIM: who did it, as the story tells it; no one accuses
    if _attributive(clause.head) and (event_type not in VIOLENT_TYPES or clause.passive):
        return None  # le mouvement soutenu par l'Iran: a lasting state; visés par des avions: an act
    head = clause.head
    subjects = _mentions(clause.subjects, mention_of)
    objects = _mentions(clause.objects, mention_of)
    obliques = [(prep, m) for prep, tok in clause.obliques if (m := mention_of(tok)) is not None]
    # la frappe a visé un camp: the act is no actor; its own noun names it (see nominal_event)
    subjects = [m for m, tok in zip(subjects, clause.subjects, strict=False) if not _is_act(tok, lex)] \
        if len(subjects) == len(clause.subjects) else subjects
    if clause.passive:
        actor, target = [], subjects
    else:
        actor, target = subjects, objects
    weapons: list[Mention] = []
    if is_in(head, lex.firing_verbs):
        target, weapons = _split_weapons(target)  # tirer des roquettes: the object is the weapon
    actor_plain, actor_weapons = _split_weapons(actor)
    weapons += actor_weapons
    weapons += _mentions(_armed_with(clause.subjects, lex), mention_of)  # des assaillants armés de fusils
    weapons += [m for m in _mentions(_weapon_complements(clause.objects, lex), mention_of)
                if all(m.key != w.key for w in weapons)]
    if event_type == "accuse":
        # imputer le rapt aux 400 Mawozo, reprocher à Kinshasa: the one accused is after "à"
        accused = [m for prep, m in obliques if prep == "à"]
        target = accused or target
    if not target:
        # s'en prendre à X, s'emparer de X: a trigger phrase's own preposition introduces its target;
        # porter assistance à X: so does the "à" of a trigger with a noun folded in
        target = [m for prep, m in obliques if m.kind != "weapon" and (
            trigger == f"{clause.key} {prep}" or (prep == "à" and " " in trigger and trigger == clause.key))]
    if not target:
        target = [m for prep, m in obliques if prep in ("contre", "sur", "vers", "de") and m.kind != "weapon"]
    # faire usage de gaz lacrymogène: a weapon after the trigger phrase's own preposition
    weapons += [m for prep, m in obliques if m.kind == "weapon"
                and (prep in lex.instrument_prepositions or trigger == f"{clause.key} {prep}")]
    location = [m for prep, m in obliques if _is_location(m, prep) and m not in target]
    if not location:
        # des milices en Irak et en Syrie ont pris pour cible …: where the actors are, it happened;
        # also where the target of an attack is (l'ambassade à Bagdad)
        located = clause.subjects + (clause.objects if event_type in VIOLENT_TYPES else [])
        location = [m for m in _phrase_locations(located, lex, mention_of) if m not in target]
    # the act and its author may be stated with different certainty: "des jihadistes présumés ont
    # attaqué le poste" asserts the attack and only presumes who did it
    modality, source_token = modality_of(head, sent, lex, inverted, clause.objects)
    # un drone a frappé: the drone is all the text says of the attacker
    authors = actor_plain or actor_weapons
    subjects_hedged = clause.passive is False and is_hedged(head, lex, clause.subjects)
    alleged = modality == "hedged" or subjects_hedged
    mention = EventMention(
        type=event_type,
        trigger=trigger,
        trigger_text=head.text,
        sentence=sent_index,
        start=head.idx,
        end=head.idx + len(head.text),
        actor=[] if alleged else authors,
        alleged=authors if alleged else [],
        target=target,
        location=location,
        weapon=weapons,
        modality=modality,
        source=mention_of(source_token) if source_token is not None else None,
        confidence=0.7 if not clause.inherited else 0.6,
        cues=(trigger, head.lemma_.lower()),
    )
    _with_weapon_type(mention, lex)
    return mention


def _authors(
    found: Authorship | None, agents: list[Mention], sent: Span, lex: Lexicon, mention_of: MentionOf,
    inverted: dict[int, Token],
) -> tuple[list[Mention], list[Mention], list[Mention], Mention | None]:
    """(actor, alleged, claimed_by, source) from how the text names an act's author: a claim is
    the claimant's word; an attribution, and an authorship stated with doubt or on someone's word
    (``semblent être les auteurs probables``, ``selon l'armée, l'attaque est l'œuvre de X``), are
    allegations, not facts."""
    if found is None:
        return agents, [], [], None
    if found.how == CLAIM:
        return [], [], agents, None
    if found.how == ATTRIBUTION:
        imputers = _mentions(found.attributed_by, mention_of)
        return [], agents, [], imputers[0] if imputers else None
    modality, source_token = authorship_modality(found, sent, lex, inverted)
    source = mention_of(source_token) if source_token is not None else None
    if modality == "hedged" or (found.how == AUTHORSHIP and modality == "reported"):
        return [], agents, [], source
    return agents, [], [], None


def _cue_words(noun: Token) -> tuple[str, ...]:
    """The noun and its adjectives and bare complements (frappe aérienne, attentat à la voiture piégée)."""
    words = [noun.lemma_.lower()]
    for child in noun.children:
        if child.dep_ in ("amod", "nmod", "compound", "flat:name"):
            words.append(child.lemma_.lower())
            words.append(" ".join(t.lemma_.lower() for t in child.subtree if t.dep_ not in ("det", "case")))
    return tuple(words)


def nominal_event(
    nominal: NominalEvent, sent: Span, sent_index: int, lex: Lexicon, mention_of: MentionOf,
    inverted: dict[int, Token],
) -> EventMention:
    noun = nominal.noun
    lemma = act_lemma(noun, lex) or noun.lemma_.lower()
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
    modality, source_token = modality_of(noun, sent, lex, inverted)
    actor, alleged, claimed_by, alleged_by = _authors(
        nominal.authorship, agents_plain or agent_weapons, sent, lex, mention_of, inverted)
    if is_hedged(noun, lex, nominal.agents) and actor:
        actor, alleged = [], actor  # l'attaque de jihadistes présumés
    source = mention_of(source_token) if source_token is not None else alleged_by
    mention = EventMention(
        type=event_type,
        trigger=lemma,
        trigger_text=noun.text,
        sentence=sent_index,
        start=noun.idx,
        end=noun.idx + len(noun.text),
        actor=actor,
        alleged=alleged,
        claimed_by=claimed_by,
        target=targets,
        weapon=weapons,
        modality=modality,
        source=source,
        confidence=0.6,
        nominal=True,
        definite=any("Def" in morph(d, "Definite") or "Yes" in morph(d, "Poss") for d in determiners),
        demonstrative=any("Dem" in morph(d, "PronType") for d in determiners),
        cues=_cue_words(noun),
    )
    _with_weapon_type(mention, lex)
    return mention


def _refers_back(token: Token, lex: Lexicon) -> bool:
    """l'incident, ce drame; or a pronoun that is the subject of "être l'œuvre de" (il était l'œuvre de X)."""
    if token.pos_ == "NOUN":
        return is_in(token, lex.anaphoric_event_nouns)
    return token.pos_ == "PRON" and token.dep_ in ("nsubj", "expl:subj") and is_in(token.head, lex.work_nouns)


def anaphoric_mentions(
    sent: Span, sent_index: int, lex: Lexicon, mention_of: MentionOf, inverted: dict[int, Token]
) -> list[EventMention]:
    """Words that refer back to an event (l'incident, ce drame, il): they carry dates, tolls and
    authors to it (l'incident n'a pas été revendiqué, il était l'œuvre de milices)."""
    out = []
    for token in sent:
        if not _refers_back(token, lex):
            continue
        determiners = [c for c in token.children if c.dep_ == "det"]
        found = authorship(token, lex)
        agents = _mentions(found.agents, mention_of) if found else []
        actor, alleged, claimed_by, alleged_by = _authors(found, agents, sent, lex, mention_of, inverted)
        out.append(EventMention(
            type="assault", trigger=token.lemma_.lower(), trigger_text=token.text, sentence=sent_index,
            start=token.idx, end=token.idx + len(token.text), nominal=True, anaphoric_only=True,
            actor=actor, alleged=alleged, claimed_by=claimed_by, source=alleged_by,
            definite=token.pos_ == "PRON" or any("Def" in morph(d, "Definite") for d in determiners),
            demonstrative=any("Dem" in morph(d, "PronType") for d in determiners),
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
    anchors: dict[int, When],
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
        governed = nominal.noun.dep_ == "obj" or (
            nominal.noun.dep_ in ("obl:arg", "obl") and is_in(governor, lex.light_verbs))
        if governed and (is_irrealis(governor, lex) or is_in(governor, lex.irrealis_verbs)):
            # obtenir la libération de …, promettre une enquête, convenu de procéder à un
            # désarmement: not (yet) an occurrence
            continue
        found.append(nominal_event(nominal, sent, sent_index, lex, mention_of, inverted))
    found.extend(anaphoric_mentions(sent, sent_index, lex, mention_of, inverted))

    casualty = union(lex.killed_words, lex.injured_words)
    # (a violent act only: in "deux policiers ont été tués, a indiqué le ministre, qui a condamné
    # l'attaque", the killing is no condemnation)
    others = [m for m in found if m.trigger not in casualty and not m.anaphoric_only
              and m.type in VIOLENT_TYPES + ("protest",)]
    for mention in found:
        if mention.trigger not in casualty or mention.authors or mention.type != "assault":
            continue
        if others:
            # "cinq personnes ont été tuées lors de manifestations": the killing is the toll of the protest
            mention.type = others[0].type
        else:
            # "une vingtaine de militaires ont été blessés": the toll of an event told before, if any
            mention.toll_only = True
    # survenues trois mois après l'attentat contre …: an act told as before or after another is another
    sequenced = {m.start for m in found if m.nominal and _sequenced(_token_at(sent, m.start), lex)}
    merged: list[EventMention] = []
    for mention in found:
        same = next((m for m in merged if m.type == mention.type and not m.anaphoric_only
                     and not mention.anaphoric_only and not _elsewhere(m, mention)
                     and m.start not in sequenced and mention.start not in sequenced), None)
        if same is None:
            merged.append(mention)
        else:
            _absorb(same, mention)
    occurrences = {c.head.i: c for c in clauses if c.key in lex.occurrence_verbs}
    for mention in merged:
        token = _token_at(sent, mention.start)
        mention.when = _mention_date(token, anchors, lex)
        mention.background = _pluperfect(token)
        mention.another_incident = opens_another_incident(sent, lex)
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


def opens_another_incident(sent: Span, lex: Lexicon) -> bool:
    """Does the sentence open with a marker of another incident (Par ailleurs, Dans un autre
    incident, Ailleurs)?  Its acts are not the ones told before."""
    words = " ".join(t.lower_ for t in sent[:5] if not t.is_punct)
    return any(words == marker or words.startswith(marker + " ") for marker in lex.new_incident_markers)


def _elsewhere(a: EventMention, b: EventMention) -> bool:
    """Do two acts of one sentence name different targets?  Then they are two (its places may
    differ in grain: tué en Cisjordanie lors d'une attaque contre Turmus Ayya)."""
    return _names_differ(a.target, b.target)


def _names_differ(a: list[Mention], b: list[Mention]) -> bool:
    """Do both lists name participants, by proper names, and none the same?"""
    named_a = _words([m for m in a if m.named])
    named_b = _words([m for m in b if m.named])
    return bool(named_a and named_b and not named_a & named_b)


def _sequenced(noun: Token, lex: Lexicon) -> bool:
    """Is an act's noun introduced as what came before or after (trois mois après l'attentat)?"""
    return any(c.dep_ == "case" and c.lower_ in lex.sequence_prepositions for c in noun.children) \
        or (noun.head.lower_ in lex.sequence_prepositions and noun.dep_ in ("obl", "obl:mod", "nmod"))


def _mention_date(token: Token, anchors: dict[int, When], lex: Lexicon) -> When | None:
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
        # not revendiquer or annoncer: a claim or an announcement comes later than the act
        is_in(head, union(lex.light_verbs - lex.claim_verbs - lex.speech_verbs, lex.killed_words, lex.injured_words))
        or (token.dep_ == "nsubj" and _clause_key(head) in lex.occurrence_verbs)
    )
    return date_for(token, anchors) if circumstantial or told_by_verb else None


def _pluperfect(token: Token) -> bool:
    """Is the clause that tells of the event in the pluperfect (avait enlevé, s'étaient réfugiés)?"""
    verb = token
    while verb.pos_ not in ("VERB", "AUX") and verb.head != verb:
        verb = verb.head
    return any(c.dep_.startswith("aux") and "Imp" in morph(c, "Tense") for c in verb.children)


def _clause_key(verb: Token) -> str:
    lemma = verb.lemma_.lower()
    if any(c.dep_.startswith("expl") and "Yes" in morph(c, "Reflex") for c in verb.children):
        lemma = "se " + lemma
    bare = [c.lemma_.lower() for c in verb.children if c.dep_ == "obj" and not any(d.dep_ == "det" for d in c.children)]
    return " ".join([lemma] + bare[:1])


ROLES = ("actor", "alleged", "claimed_by", "target", "location", "weapon")


def _absorb(into: EventMention, other: EventMention) -> None:
    for role in ROLES:
        have = getattr(into, role)
        for m in getattr(other, role):
            if all(m.key != h.key for h in have):
                have.append(m)
    into.when = into.when or other.when
    into.cues += other.cues
    if into.killed is None:
        into.killed = other.killed
    if into.injured is None:
        into.injured = other.injured
    into.approximate = into.approximate or other.approximate
    if into.source is None:
        into.source = other.source


# ---------------------------------------------------------------- across the document

WORD = re.compile(r"\w{4,}")


def _words(mentions: list[Mention]) -> set[str]:
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


def _dates_conflict(a: When | None, b: When | None) -> bool:
    return bool(a and b and not (a.iso.startswith(b.iso) or b.iso.startswith(a.iso)))


def _text_date(event: Event) -> When | None:
    """The date the text gives the event, not the document's."""
    return event.when if event.date_basis == "text" else None


def _parties(mentions: list[Mention]) -> set[str]:
    """What identifies the authors of an act: their words, and the country or known party they name
    (l'armée russe and la Russie, les forces israéliennes and l'armée israélienne)."""
    return _words(mentions) | {key for m in mentions for key in (m.link, m.country) if key}


def _same_occurrence(event: Event, mention: EventMention, lex: Lexicon) -> bool:
    if _dates_conflict(_text_date(event), mention.when):
        return False
    if event.type not in VIOLENT_TYPES + ("protest",) and event.authors and mention.authors \
            and not all(m.pronoun for m in mention.authors) \
            and not _parties(event.authors) & _parties(mention.authors):
        return False  # la France a condamné l'attaque, l'Allemagne aussi: two statements
    place_e = _words(event.target + event.location)
    place_m = _words(mention.target + mention.location)
    if mention.authors and all(m.pronoun or m.head in lex.referring_heads for m in mention.authors) \
            and mention.sentence - event.mentions[-1].sentence <= 2:
        # ils ont blessé un homme, les deux parties ont convenu, des débris ont incendié leur
        # immeuble: the authors told just before (or what is left of their weapon), doing more of
        # the same act, unless the text names another place for it
        return not _names_differ(event.target + event.location, mention.target + mention.location)
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
                elsewhere = _names_differ(first.target, mention.target) and not mention.anaphoric_only
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
        if t.predicate in lex.location_predicates and not t.negated and t.object.kind in PLACE_KINDS + ("country",)
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
    return (manner or weapon_modes or means or [None])[0]


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
            event.location = [m for m in located.location if m.named and m.kind in PLACE_KINDS + ("country",)]
