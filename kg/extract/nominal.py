"""Relations carried by nouns: event nouns (``l'attaque de drones russes contre Kiev``) and
appositions (``Croix-des-Bouquets, fief du gang``; ``le porte-parole du gouvernement, Patrick Muyaya``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Span, Token

from kg.extract.clauses import (
    AGENT,
    ATTRIBUTION,
    AUTHORSHIP,
    CLAIM,
    Authorship,
    Clause,
    agents_of,
    expand,
    qualified_noun,
    subjects_of,
)
from kg.extract.modality import is_hedged, is_negated, modality_of
from kg.extract.phrases import entity_kind, is_in, is_participant_head, phrase_tokens, preposition, union
from kg.lexicon import Lexicon
from kg.model import Modality

AGENT_KINDS = ("person", "armed_group", "state", "organisation", "weapon")

@dataclass
class NominalEvent:
    """An event noun with the participants its own phrase, or the verb governing it, names."""

    noun: Token
    verb: str | None  # the verb naming the relation (attaque → attaquer), if the noun has one
    agents: list[Token] = field(default_factory=list)
    targets: list[Token] = field(default_factory=list)
    weapons: list[Token] = field(default_factory=list)
    authorship: Authorship | None = None  # how the clause around the noun names its author, if it does
    agent_from_phrase: bool = False  # the agent is inside the noun's own phrase (attaque de drones)
    aimed: bool = False  # a target preposition names the target (contre, sur), not just "de"


def authorship_modality(found: Authorship, sent: Span, lex: Lexicon,
                        inverted: dict[int, Token]) -> tuple[Modality, Token | None]:
    """How a relation drawn from an authorship is stated, and on whose word: a claim is its
    claimant's word and an attribution its imputer's (reported; hedged when no one is named), an
    authorship or a light verb as their clause states them (``semblent être les auteurs probables``:
    hedged).  Never asserted when the event would not take the author as its actor."""
    if found.how == CLAIM:
        return "reported", found.agents[0] if found.agents else None
    if found.how == ATTRIBUTION:
        return ("reported", found.attributed_by[0]) if found.attributed_by else ("hedged", None)
    if is_in(found.clause, lex.speech_verbs) and found.agents:
        return "reported", found.agents[0]  # l'armée annonce une frappe: on the army's word
    modality, source = modality_of(found.clause, sent, lex, inverted, found.agents)
    # semblent être les auteurs, les auteurs probables: the verb or the noun that names the author hedges
    if is_in(found.clause, lex.hedge_verbs) or (found.author_noun is not None and is_hedged(found.author_noun, lex)):
        modality = "hedged"
    return modality, source


def is_generic(noun: Token, lex: Lexicon) -> bool:
    """toute attaque, chaque frappe: a kind of event, not an occurrence."""
    return any(c.dep_ == "det" and is_in(c, lex.generic_determiners) for c in noun.children)


def is_qualifier(noun: Token, lex: Lexicon) -> bool:
    """installations de soutien, tirs de sommation: a bare event noun after "de" qualifies the noun
    before it; it names no occurrence of its own."""
    return (
        noun.dep_ == "nmod"
        and any(c.dep_ == "case" and c.lower_ in lex.genitive_forms for c in noun.children)
        and not any(c.dep_ in ("det", "nummod") for c in noun.children)
    )


def _complements(head: Token, deps: tuple[str, ...], prepositions: frozenset[str], lex: Lexicon) -> list[Token]:
    return expand([c for c in head.children if c.dep_ in deps and preposition(c, lex) in prepositions
                   and is_participant_head(c, lex)], lex)


def _participles_on(noun: Token) -> list[Token]:
    """The participles that qualify a noun: its own, and one the parser hung on its complement but
    agreeing with the noun (une attaque par drone menée par …)."""
    own = [c for c in noun.children if c.dep_ == "acl" and c.pos_ == "VERB"]
    hung = [g for c in noun.children if c.dep_ == "nmod" for g in c.children
            if g.dep_ == "acl" and g.pos_ == "VERB" and qualified_noun(g, c) == noun]
    return own + hung


def authorship(noun: Token, lex: Lexicon) -> Authorship | None:
    """The author that the verb or noun governing an act's noun names: ``mener une frappe``,
    ``revendiquer l'attaque``, ``imputer l'attentat à X``, ``les auteurs de l'attaque``,
    ``l'attaque est l'œuvre de X`` (also with a pronoun for the act: ``il était l'œuvre de X``).
    None where the text names none, or denies it (``n'a pas revendiqué``)."""
    for participle in _participles_on(noun):
        # une attaque menée par les rebelles, un attentat revendiqué par l'EI: the agent of a
        # light or claim verb's participle qualifying the act is its author
        if is_negated(participle, lex):
            continue
        if is_in(participle, lex.light_verbs):
            agents = agents_of(participle, lex)
            if agents:
                return Authorship(agents, CLAIM if is_in(participle, lex.claim_verbs) else AGENT, participle)
        if is_in(participle, lex.attribution_verbs):
            # des frappes imputées à Israël: an author by imputation, on the word of the agent if any
            authors = _complements(participle, ("obl", "obl:arg", "obl:mod", "iobj"), lex.dative_prepositions, lex)
            if authors:
                imputers = _complements(participle, ("obl:agent", "obl:mod", "obl"), lex.agent_prepositions, lex)
                return Authorship(authors, ATTRIBUTION, participle, attributed_by=imputers)
    head = noun.head
    if noun.dep_ == "nmod" and is_in(head, lex.temporal_heads) and head.dep_.startswith("obl"):
        # a mené samedi des frappes: the parser hangs the act on the day; it is the verb's object
        noun_dep, head = "obj", head.head
    else:
        noun_dep = noun.dep_
    if head == noun or is_negated(head, lex):
        return None
    claim = is_in(head, lex.claim_verbs)
    # procéder à l'arrestation: a light verb's act may also come after a preposition
    light = is_in(head, lex.light_verbs) and (noun_dep == "obj" or (
        noun_dep in ("obl:arg", "obl") and preposition(noun, lex) in lex.light_verb_prepositions))
    if (noun_dep == "obj" and claim) or light:
        subjects, _ = subjects_of(head, lex)
        return Authorship(subjects, CLAIM if claim else AGENT, head)
    if noun_dep == "nsubj:pass" and claim:
        return Authorship(_complements(head, ("obl:agent",), lex.agent_prepositions, lex), CLAIM, head)
    if is_in(head, lex.attribution_verbs) and noun_dep in ("obj", "nsubj:pass"):
        authors = _complements(head, ("obl", "obl:arg", "obl:mod", "iobj"), lex.dative_prepositions, lex) \
            or _complements(noun, ("nmod",), lex.dative_prepositions, lex)  # "aux services" may hang on the act
        if noun_dep == "obj":
            imputers, _ = subjects_of(head, lex)
        else:
            imputers = _complements(head, ("obl:agent", "obl:mod", "obl"), lex.agent_prepositions, lex)
        return Authorship(authors, ATTRIBUTION, head, attributed_by=imputers) if authors else None
    copula = any(c.dep_ == "cop" for c in head.children)
    if noun_dep == "nmod" and is_in(head, lex.author_nouns) and (copula or head.dep_ in ("obj", "xcomp")):
        clause = head if copula else head.head
        if clause != head and is_negated(clause, lex):
            return None
        subjects, _ = subjects_of(clause, lex)
        return Authorship(subjects, AUTHORSHIP, clause, author_noun=head)
    if noun_dep in ("nsubj", "expl:subj") and is_in(head, lex.work_nouns) and copula:
        authors = _complements(head, ("nmod",), lex.genitive_prepositions, lex)
        return Authorship(authors, AUTHORSHIP, head, author_noun=head) if authors else None
    return None


def act_lemma(noun: Token, lex: Lexicon) -> str | None:
    """The trigger an event noun is: its lemma, or for a compound the trigger it starts with
    (attentat-suicide, attaque-éclair: attentat, attaque); None for a noun that names no act."""
    lemma = noun.lemma_.lower()
    if lemma in lex.event_types:
        return lemma
    first = lemma.split("-", 1)[0]
    return first if "-" in lemma and first in lex.event_types else None


def nominal_events(sent: Span, lex: Lexicon) -> list[NominalEvent]:
    """Event nouns of the sentence (those in the event-type scheme) with their agent and target."""
    out: list[NominalEvent] = []
    for noun in sent:
        if noun.pos_ != "NOUN":
            continue
        found = act_lemma(noun, lex)
        if found is None or is_generic(noun, lex) or is_qualifier(noun, lex):
            continue
        lemma = found
        event = NominalEvent(noun, lex.nominalizations.get(lemma))
        de_args: list[Token] = []
        # the parser often hangs "contre X" on the noun's adjective or complement instead of the
        # noun itself (une frappe israélienne contre une école, l'attaque de drones contre Kiev)
        misattached = [
            g for c in noun.children if c.dep_ in ("amod", "nmod", "acl")
            for g in c.children if g.dep_ in ("nmod", "obl", "obl:arg", "obl:mod")
            and preposition(g, lex) in lex.act_target_prepositions
        ]
        # lors de frappes russes contre un quartier: "contre" hung beside the noun instead of on it
        misattached += [
            s for s in noun.head.children
            if s.left_edge.i == noun.right_edge.i + 1 and s.dep_ in ("nmod", "obl", "obl:arg", "obl:mod")
            and preposition(s, lex) in lex.act_target_prepositions and noun.head != noun
        ]
        for child in list(noun.children) + misattached:
            if child.dep_ not in ("nmod", "obl", "obl:arg", "obl:mod"):
                continue
            prep = preposition(child, lex)
            if not is_participant_head(child, lex):
                continue
            if prep in lex.agent_prepositions:
                bare = not any(c.dep_ in ("det", "nummod") for c in child.children) and child.pos_ == "NOUN"
                if entity_kind(child, phrase_tokens(child, lex), lex) == "weapon":
                    event.weapons.extend(expand([child], lex))  # une attaque par drone: the means, not the author
                elif not bare:
                    event.agents.extend(expand([child], lex))  # une attaque par surprise: a manner
            elif prep in lex.act_target_prepositions:
                event.targets.extend(expand([child], lex))
                event.aimed = True
            elif prep in lex.genitive_prepositions:
                de_args.extend(expand([child], lex))
        for arg in de_args:
            kind = entity_kind(arg, phrase_tokens(arg, lex), lex)
            patient = lemma in lex.patient_de_nouns or event.agents or kind in ("facility", "place")
            if patient and not event.targets:
                event.targets.append(arg)
            elif kind == "weapon":
                event.weapons.append(arg)  # tirs de missiles, attaque de drones
            elif kind in AGENT_KINDS and not event.agents:
                event.agents.append(arg)
                event.agent_from_phrase = True
        # (not a toll: l'attaque a tué trois civils says whom it killed, not whom it was aimed at)
        if not event.targets and noun.dep_ == "nsubj" and (
            is_in(noun.head, lex.impact_verbs) or lex.event_types.get(noun.head.lemma_.lower()) == "assault"
        ) and not is_in(noun.head, union(lex.killed_words, lex.injured_words)):
            # la frappe a touché un camp de déplacés: what the act hit is its target
            event.targets.extend(expand([c for c in noun.head.children if c.dep_ == "obj"], lex))
        if not event.agents:
            event.authorship = authorship(noun, lex)
            event.agents = list(event.authorship.agents) if event.authorship else []
        if not event.targets and event.authorship is not None and event.authorship.how == AGENT:
            # imposer des sanctions au chef, infliger des pertes à l'ennemi: whom the light verb's
            # act is aimed at follows the verb
            verb = event.authorship.clause
            event.targets.extend(expand([c for c in verb.children if c.dep_ in ("obl", "obl:arg", "iobj")
                                         and preposition(c, lex) in union(lex.dative_prepositions,
                                                                          lex.act_target_prepositions)
                                         and is_participant_head(c, lex)], lex))
        fired = lex.nominalizations.get(lemma, "") in lex.firing_verbs  # tirs de missiles: what was fired
        if not event.agents and event.weapons and not fired:
            # l'attaque de drones russes: the weapon is all the text says of the attacker
            event.agents = list(event.weapons)
            event.agent_from_phrase = True
        out.append(event)
    return out


def nominal_clauses(events: list[NominalEvent], lex: Lexicon) -> list[Clause]:
    """Relations stated by event nouns with a target: (agent, verb, target) when the text names the
    author, else (noun, verb, target): ``des frappes contre des dépôts`` says what was hit even when
    it does not say by whom."""
    out = []
    for event in events:
        if not event.targets or not event.verb:
            continue
        authored = any(c.dep_ == "amod" and is_in(c, lex.demonym_adjectives) for c in event.noun.children)
        attack = lex.event_types.get(act_lemma(event.noun, lex) or "") == "assault"
        if not event.agents and not authored and not (attack and event.aimed):
            # des frappes contre des dépôts says what was hit; l'attaque de leur poste, des sanctions
            # contre l'Iran are told as a relation only with their author
            continue
        subjects = event.agents or [event.noun]
        out.append(Clause(event.noun, event.verb, event.verb, subjects, objects=event.targets,
                          inherited=True, rule="nominal", authorship=event.authorship if event.agents else None))
    return out


def _part_of_title(complement: Token) -> bool:
    """``le chef de l'État``, ``le ministre de la Justice``, ``secrétaire d'État``: a bare common
    noun after a title completes the title; it names no participant (le porte-parole de la
    Défense civile de Gaza, le maire de Moscou do)."""
    return complement.pos_ == "NOUN" and not complement.ent_id_ and not any(
        c.dep_ in ("amod", "nmod", "appos", "flat:name") or c.pos_ == "PROPN" for c in complement.children)


def _named_before_comma(appos: Token, anchor: Token, lex: Lexicon) -> Token | None:
    """``les forces déployées à Peshawar, capitale de la province``; ``Mutengene, près de Buea,
    chef-lieu du Sud-Ouest``: an apposition describes the name right before its comma, where that
    name is a place complement of the noun the parser hung it on (not its de-complement: la ville de
    Kalo, fief des rebelles, is the town)."""
    comma = appos.left_edge.i if appos.left_edge.text == "," else appos.left_edge.i - 1
    if comma <= anchor.i or appos.doc[comma].text != ",":
        return None
    name = appos.doc[comma - 1]
    while name.dep_ == "flat:name" and name.head.i < name.i:
        name = name.head
    if name == anchor or anchor not in name.ancestors:
        return None
    return name if _place_complement(name, lex) else None


def _place_complement(name: Token, lex: Lexicon) -> bool:
    """``à Kidal``, ``près de Buea``: a name introduced as where something is, not as a de-complement."""
    prep = preposition(name, lex)
    return name.pos_ == "PROPN" and bool(prep) and prep not in lex.genitive_prepositions


def apposition_clauses(sent: Span, lex: Lexicon) -> list[Clause]:
    """Relations stated by an apposition of a relational noun: X, fief de Y; le porte-parole de Y, X."""
    out = []
    for appos in sent:
        # le district de Kaya, frontalier du Mali, …: the parser may make the apposition a conjunct
        # (set off by a comma, with no coordinator)
        loose = appos.dep_ == "conj" and appos.i > 0 and appos.doc[appos.i - 1].text == "," \
            and not any(c.dep_ == "cc" for c in appos.children)
        if (appos.dep_ != "appos" and not loose) or appos.head == appos:
            continue
        anchor = appos.head
        if act_lemma(anchor, lex) is not None:
            continue  # une frappe sur Mekele, capitale du Tigré: the parser hung it on the act, not the place
        for holder, named in ((appos, anchor), (anchor, appos)):
            if not is_in(holder, lex.relational_nouns):
                continue
            if holder == anchor and named.pos_ != "PROPN":
                continue
            if holder == appos:
                # la région de l'Extrême-Nord du Cameroun, frontalière du Nigeria: the region borders it
                # but a noun in apposition to a place complement describes the place (un camp à Kidal,
                # chef-lieu de la région), not the thing it locates
                located = appos.pos_ == "NOUN" and _place_complement(anchor, lex)
                named = _named_before_comma(appos, anchor, lex) or (
                    anchor if located else qualified_noun(appos, anchor))
            complements = [c for c in holder.children if c.dep_ == "nmod" and preposition(c, lex)
                           and is_participant_head(c, lex)]
            if not complements or (is_in(holder, lex.person_heads) and _part_of_title(complements[0])):
                continue
            prep = preposition(complements[0], lex)
            relation = lex.rules.stative(f"{holder.lemma_.lower()} {prep}")
            out.append(Clause(holder, relation, holder.lemma_.lower(), [named], objects=expand(complements[:1], lex),
                              copula=True, inherited=True, rule="apposition"))
            break
    return out
