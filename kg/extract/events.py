"""Events: typed occurrences with actor, target, location, weapon, date and toll.

``sentence_events`` reads event mentions off one sentence: verbs and predicate phrases of the
event-type scheme (``attaquer``, ``prendre pour cible``) with the arguments of their clause, and
event nouns (``l'attaque de … contre …``) with those of their phrase; mentions of one type in one
sentence are one occurrence.  Linking them across the document is resolution
(:mod:`kg.resolve.events`).
"""

from __future__ import annotations

from collections.abc import Callable

from spacy.tokens import Span, Token

from kg.extract.clauses import Clause, effective_head, has_child, is_irrealis, is_past_participle
from kg.extract.dates import date_for
from kg.extract.modality import is_hedged, is_negated, modality_of
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
from kg.model import ROLES, VIOLENT_TYPES, EventMention, Mention, When, names_differ

PLACE_KINDS = ("place", "facility")  # countries are places too, but a country as target is a party

MentionOf = Callable[[Token], Mention | None]


def _mentions(tokens: list[Token], mention_of: MentionOf) -> list[Mention]:
    out: list[Mention] = []
    for token in tokens:
        mention = mention_of(token)
        if mention is not None and all(m.key != mention.key for m in out):
            out.append(mention)
    return out


def _is_location(mention: Mention, prep: str, lex: Lexicon) -> bool:
    return prep in lex.locative_prepositions and mention.kind in PLACE_KINDS + ("country",)


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
                if mention is not None and _is_location(mention, preposition(child, lex), lex):
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
               and (m := mention_of(c)) is not None and _is_location(m, preposition(c, lex), lex)]
    return out


def _phrase_locations(heads: list[Token], lex: Lexicon, mention_of: MentionOf) -> list[Mention]:
    """Places that complement noun phrases (milices en Irak et en Syrie, l'ambassade à Bagdad)."""
    found: list[Mention] = []
    for head in heads:
        for child in head.children:
            # en Irak et en Syrie: the parser makes the second place a conjunct of the noun
            if child.dep_ != "nmod" and not (child.dep_ == "conj" and is_pp_coordination(child, lex)):
                continue
            for place in [child] + [c for c in child.children if c.dep_ == "conj"]:
                mention = mention_of(place)
                if mention is not None and _is_location(mention, preposition(place, lex), lex) \
                        and all(mention.key != f.key for f in found):
                    found.append(mention)
    return found


def _trigger_type(clause: Clause, lex: Lexicon) -> tuple[str | None, str]:
    for prep, _ in clause.obliques:
        phrase = f"{clause.key} {prep}"
        if phrase in lex.event_types:
            return lex.event_types[phrase], phrase
    keys = [clause.key]
    if not lex.rules.is_reflexive(clause.key) and not clause.idiom:
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


def _aspectual(verb: Token, lex: Lexicon) -> bool:
    """``arrêter de patrouiller``: a verb with an infinitive after "de" and no object of its own says
    when something stops or starts, not an act on someone."""
    def only_de(infinitive: Token) -> bool:
        marks = [m for m in infinitive.children if m.dep_ in ("mark", "case") and m.i < infinitive.i]
        return bool(marks) and all(m.lower_ in lex.genitive_forms for m in marks)  # not avant de

    return not has_child(verb, "obj", "nsubj:pass", "aux:pass") and any(
        c.dep_ in ("xcomp", "ccomp", "acl", "advcl") and "Inf" in morph(c, "VerbForm") and c.i > verb.i
        and only_de(c) for c in verb.children)


def _says_what(clause: Clause, lex: Lexicon) -> bool:
    """Does a call say what it calls for: an infinitive or a clause (appeler les habitants à rester,
    appeler à la retenue), not just whom it calls (appeler son homologue)?"""
    verb = clause.head
    if any(c.dep_ in ("xcomp", "ccomp") for c in verb.children):
        return True
    if any(prep in lex.dative_prepositions for prep, _ in clause.obliques):
        return True
    return any(c.dep_ == "acl" and "Inf" in morph(c, "VerbForm") for o in clause.objects for c in o.children) \
        or any(c.dep_.startswith("obl") and preposition(c, lex) in lex.dative_prepositions for c in verb.children)


def _armed_with(actors: list[Token], lex: Lexicon) -> list[Token]:
    """``des assaillants, armés de fusils et de machettes``: the weapons an actor is said to carry."""
    return [w for actor in actors for p in actor.children
            if p.dep_ in ("acl", "amod", "appos") and is_in(p, lex.armed_participles)  # tagged a noun too
            for c in p.children if c.dep_.startswith("obl") or c.dep_ == "nmod"
            for w in conjuncts(c, lex) if is_in(w, lex.weapon_heads)]


def _weapon_complements(participants: list[Token], lex: Lexicon) -> list[Token]:
    """``blessé trois villageois à la machette``: a weapon the parser hung on a participant is the act's."""
    return [w for p in participants for c in p.children
            if c.dep_ == "nmod" and preposition(c, lex) in lex.weapon_complement_prepositions and c.i > p.i
            for w in conjuncts(c, lex) if is_in(w, lex.weapon_heads)]


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
    if event_type in VIOLENT_TYPES and _aspectual(clause.head, lex):
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
        accused = [m for prep, m in obliques if prep in lex.dative_prepositions]
        target = accused or target
    if not target:
        # s'en prendre à X, s'emparer de X: a trigger phrase's own preposition introduces its target;
        # porter assistance à X: so does the "à" of a trigger with a noun folded in
        target = [m for prep, m in obliques if m.kind != "weapon" and (
            trigger == f"{clause.key} {prep}"
            or (prep in lex.dative_prepositions and " " in trigger and trigger == clause.key))]
    if not target:
        target = [m for prep, m in obliques if prep in lex.oblique_target_prepositions and m.kind != "weapon"]
    # faire usage de gaz lacrymogène: a weapon after the trigger phrase's own preposition
    weapons += [m for prep, m in obliques if m.kind == "weapon"
                and (prep in lex.instrument_prepositions or trigger == f"{clause.key} {prep}")]
    location = [m for prep, m in obliques if _is_location(m, prep, lex) and m not in target]
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
        if child.dep_ == "nmod" and child.lemma_.lower() in lex.event_types \
                and preposition(child, lex) in lex.genitive_prepositions \
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
                                 if (m := mention_of(tok)) is not None and _is_location(m, prep, lex)]
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
    return names_differ(a.target, b.target)


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
        or (token.dep_ == "nsubj" and _clause_key(head, lex) in lex.occurrence_verbs)
    )
    return date_for(token, anchors) if circumstantial or told_by_verb else None


def _pluperfect(token: Token) -> bool:
    """Is the clause that tells of the event in the pluperfect (avait enlevé, s'étaient réfugiés)?"""
    verb = token
    while verb.pos_ not in ("VERB", "AUX") and verb.head != verb:
        verb = verb.head
    return any(c.dep_.startswith("aux") and "Imp" in morph(c, "Tense") for c in verb.children)


def _clause_key(verb: Token, lex: Lexicon) -> str:
    lemma = verb.lemma_.lower()
    if any(c.dep_.startswith("expl") and "Yes" in morph(c, "Reflex") for c in verb.children):
        lemma = lex.rules.reflexive(lemma)
    bare = [c.lemma_.lower() for c in verb.children if c.dep_ == "obj" and not any(d.dep_ == "det" for d in c.children)]
    return " ".join([lemma] + bare[:1])




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
