"""Noun phrases: from a head token to the short phrase that names a participant.

A mention keeps what identifies the participant (adjectives, ``de``/``à``/``en`` complements,
numbers, a name in apposition without comma) and drops the rest: leading articles, relative
and participial clauses, comma appositions, coordinated phrases (each conjunct is a mention of
its own).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Collection, Iterator
from collections.abc import Set as AbstractSet
from dataclasses import replace

from spacy.tokens import Span, Token

from kg.extract.numbers import number_value
from kg.extract.tokens import entity_of, morph, per_token
from kg.lexicon import Lexicon
from kg.model import Mention, as_kind
from kg.text import fold

TIME_OF_DAY = re.compile(r"^\d{1,2}[hH:]\d{0,2}$")
NOMINAL_POS = {"NOUN", "PROPN", "PRON", "NUM", "X"}
#: Dependents kept inside a phrase, whatever their depth.
INNER_DEPS = {"amod", "compound", "flat:name", "flat:foreign", "flat", "fixed", "nummod", "case", "det", "advmod"}
MAX_NMOD_DEPTH = 3
MAX_TOKENS = 14
QUOTES = "«»\"“” "
#: Relations of a word used as a noun (with an article) though tagged otherwise.
PARTICIPANT_DEPS = ("nsubj", "nsubj:pass", "obj", "obl", "obl:arg", "obl:mod", "nmod")
#: Dependents that make a modifier a relation of its own (proche d'El-Fasher, combattant l'EI).
COMPLEMENT_DEPS = {"obj", "obl", "obl:arg", "obl:mod", "obl:agent", "nmod", "xcomp", "ccomp", "nsubj", "advcl", "acl"}


def forms(token: Token) -> set[str]:
    """The lower-cased lemma and surface form, the two keys looked up in word lists."""
    return {token.lemma_.lower(), token.lower_}


def is_in(token: Token, words: Collection[str]) -> bool:
    """Is the token's lower-cased lemma or surface form one of ``words``?"""
    return token.lemma_.lower() in words or token.lower_ in words


@functools.cache
def union(*word_lists: frozenset[str]) -> frozenset[str]:
    """Several word lists as one, made once (a frozenset keeps its hash, so the lookup is cheap)."""
    return frozenset().union(*word_lists)


@per_token
def preposition(token: Token, lex: Lexicon) -> str:
    """The preposition introducing ``token`` (``près de``, ``à``), contractions resolved; "" if none."""
    parts: list[Token] = []
    for child in token.children:
        if child.dep_ == "case" and child.i < token.i:
            parts.append(child)
            parts.extend(c for c in child.children if c.dep_ == "fixed")
    if not parts:
        return ""
    # an adverb right before the preposition belongs to it (près de, au-dessus de), wherever it hangs
    first = min(parts, key=lambda t: t.i)
    before = token.doc[first.i - 1] if first.i > 0 else None
    if before is not None and before.pos_ == "ADV" and before.lower_ in lex.prepositional_adverbs:
        parts.append(before)
    parts.sort(key=lambda t: t.i)
    text = "".join(t.text_with_ws for t in parts).strip().lower().replace("’", "'")
    if text in lex.preposition_contractions:
        return lex.preposition_contractions[text]
    words = text.split()
    if words and words[-1] in lex.preposition_contractions and not words[-1].endswith("'"):
        words[-1] = lex.preposition_contractions[words[-1]]
    return " ".join(words)


def has_case(token: Token) -> bool:
    return any(c.dep_ == "case" for c in token.children)


def month_word(word: str, lex: Lexicon) -> str:
    """A word that may name a month, without the prefix of a month's middle (mi-mars: mars)."""
    for prefix in lex.mid_month_prefixes:
        if word.startswith(prefix):
            return word[len(prefix):]
    return word


def genitive_words(lex: Lexicon) -> frozenset[str]:
    """The written forms of "de", alone and with the article (de, d', du, des)."""
    return union(lex.genitive_forms, lex.partitive_articles)


def _case_text(token: Token) -> str:
    return " ".join(c.lower_ for c in token.children if c.dep_ == "case")


def is_pp_coordination(conj: Token, lex: Lexicon) -> bool:
    """``milices en Irak et en Syrie``, ``revendiquée par le Groupe de soutien à l'islam et aux
    musulmans``: a coordinated complement, not a second participant.  Its preposition is one the
    phrase it is coordinated with does not have."""
    if conj.dep_ != "conj":
        return False
    genitive = genitive_words(lex)
    cases = [c for c in conj.children if c.dep_ == "case" and c.lower_ not in genitive]
    if not cases:
        # une patrouille de soldats et de VDP, les soldats du Mozambique et du Rwanda: a "de" phrase
        # after the head's own "de" complement goes on with that complement
        return any(c.dep_ == "case" and c.lower_ in genitive for c in conj.children) and not has_case(conj.head) \
            and any(n.dep_ == "nmod" and conj.head.i < n.i < conj.i and _case_text(n) in genitive
            for n in conj.head.children)
    return not has_case(conj.head) or _case_text(conj.head) != _case_text(conj)


def conjuncts(token: Token, lex: Lexicon) -> list[Token]:
    """The token and the tokens coordinated with it (Kiwanja et Rutshuru-centre)."""
    out = [token]
    for child in token.children:
        if child.dep_ == "conj" and child.pos_ in NOMINAL_POS | {"ADJ"} and not is_pp_coordination(child, lex):
            out.extend(conjuncts(child, lex))
    return out


def is_pronoun(token: Token) -> bool:
    return token.pos_ == "PRON"


def is_relative(token: Token) -> bool:
    return "Rel" in morph(token, "PronType")


def has_child_dep(token: Token, dep: str) -> bool:
    return any(c.dep_ == dep for c in token.children)


def is_present_participle(token: Token) -> bool:
    return "Part" in morph(token, "VerbForm") and "Pres" in morph(token, "Tense")


def is_past_participle(token: Token) -> bool:
    return "Part" in morph(token, "VerbForm") and "Pres" not in morph(token, "Tense")


def _bare_participle(token: Token) -> bool:
    """A participle used as an adjective: no complement of its own (hommes armés)."""
    return token.pos_ in ("VERB", "ADJ") and all(c.dep_ in ("advmod",) for c in token.children)


def _set_off(token: Token) -> bool:
    """Is a word set off by a comma before it (l'armée, appuyée par …)?"""
    return token.i > 0 and token.doc[token.i - 1].text == ","


def _keep(child: Token, depth: int, lex: Lexicon) -> bool:
    dep = child.dep_
    if dep in ("amod", "acl") and child.pos_ in ("VERB", "ADJ") and _set_off(child) and child.i > child.head.i:
        return False  # l'armée, appuyée par des troupes, …: a clause of its own, not part of the name
    if dep in ("amod", "nummod", "compound", "flat:name", "flat:foreign", "flat", "fixed"):
        if child.pos_ == "PUNCT" or is_present_participle(child):
            return False  # combattant l'EI is a clause, not a quality
        # hommes armés à Croix-des-Bouquets: an adjective right after its noun stays, its complement goes
        return child.i == child.head.i + 1 or not any(c.dep_ in COMPLEMENT_DEPS for c in child.children)
    if dep == "acl":
        if is_present_participle(child):
            return False  # blessant quatre personnes is a clause
        # personnes déplacées, soldats tués; a participle with a complement of its own (frappes
        # imputées à Israël, une moto chargée d'explosifs) is a clause, not a quality: the phrase
        # stops at the noun rather than keep the participle without what completes it
        adjacent = (
            child.i == child.head.i + 1
            and is_past_participle(child)
            and not any(c.dep_ in ("obj", "obl:agent", "xcomp") or c.dep_ in COMPLEMENT_DEPS for c in child.children)
        )
        # milices affiliées à l'Iran; but not le gouvernement soutenu par la communauté internationale,
        # whose complement (no name) is not kept: the participle would dangle without it
        affiliation = is_in(child, lex.affiliation_participles) and not has_child_dep(child, "obj") and all(
            c.pos_ == "PROPN" or bool(c.ent_id_) for c in child.children if c.dep_.startswith("obl"))
        return (_bare_participle(child) or adjacent or affiliation) and child.i > child.head.i
    if dep == "advmod":
        return child.head.pos_ in ("ADJ", "VERB") and child.head.dep_ in ("amod", "acl")
    if dep == "nmod":
        if depth > MAX_NMOD_DEPTH:
            return False
        if child.i > child.head.i and _set_off(child.left_edge):
            return False  # la station de Xai Xai, au nord de la capitale: a place of its own, set off
        bare_de = preposition(child, lex) in lex.genitive_prepositions and not has_child_dep(child, "det")
        if date_in_name(child, lex):
            return True  # le Front du 5 juin: the date is part of the name
        if is_in(child, union(lex.temporal_heads, lex.instrument_nouns)) or (
                is_in(child, lex.circumstance_heads) and not bare_de):
            # manifestants à coups de gaz: the instrument is the verb's, not the noun's; but l'état
            # d'urgence is one name
            return False
        prep = preposition(child, lex)
        if prep in lex.genitive_prepositions and any(
            c.dep_ == "nmod" and c.i < child.i and preposition(c, lex) in lex.genitive_prepositions
            for c in child.head.children
        ):
            return False  # one de-complement per noun: a second one is a misattachment
        if prep in lex.dative_prepositions:
            # ambassade des États-Unis à Bagdad, soutien à l'islam, droit à la légitime défense; but
            # not a recipient (armes aux Houthis) nor the verb's complement (appeler les autorités au dialogue)
            kind = entity_kind(child, [child], lex)
            head_kind = entity_kind(child.head, [child.head], lex)
            if kind == "weapon" and head_kind not in ("weapon", "event"):
                return False  # des villageois blessés à la machette: the weapon is the verb's instrument
            if kind in ("place", "facility"):
                return head_kind in ("place", "facility", "state", "organisation", "armed_group")
            governed = child.head.dep_ == "obj" and (
                is_in(child.head.head, lex.object_control_verbs) or is_in(child.head.head, lex.firing_verbs)
                or child.head.head.lemma_.lower() in lex.transfer_verbs
            )
            return kind not in ("person", "armed_group", "state", "organisation") and not governed
        if prep in lex.phrase_prepositions:
            return True
        # a name right after its head, without a preposition: le président chinois Xi Jinping
        between = child.doc[child.head.i + 1 : child.i]
        return (prep == "" and child.pos_ == "PROPN" and child.i > child.head.i and not has_child_dep(child, "det")
                and not any(t.pos_ in ("ADP", "ADV", "DET", "PUNCT", "VERB") for t in between))
    if dep in ("obl:arg", "obl:mod", "obl", "obl:agent"):
        # milices affiliées à l'Iran, rebelles soutenus par le Rwanda: the side named by an
        # affiliation is part of the name
        participle = child.head
        return (participle.dep_ == "acl" and is_in(participle, lex.affiliation_participles)
                and (child.pos_ == "PROPN" or bool(child.ent_id_)) and depth <= MAX_NMOD_DEPTH)
    if dep == "conj":
        return is_pp_coordination(child, lex) and depth <= MAX_NMOD_DEPTH
    if dep == "appos":
        # le maire Vitali Klitschko: a name after a title, with no comma in between
        between = child.doc[child.head.i + 1 : child.i]
        return (child.pos_ == "PROPN" and child.i > child.head.i and not has_case(child)
                and not any(t.text in ",(–-:" for t in between))
    return False


def phrase_tokens(head: Token, lex: Lexicon, complements: bool = True) -> list[Token]:
    """The tokens of the short noun phrase headed by ``head``, in text order.

    Without ``complements`` only the noun and its adjectives are kept (``frappe israélienne``).
    """
    kept: list[Token] = [head]

    def walk(token: Token, depth: int) -> None:
        # depth: how many de/à/en complements deep ``token`` is (the head is at 0)
        for child in token.children:
            if child.dep_ == "cc" and is_pp_coordination(token, lex) and token in kept and token != head:
                kept.append(child)  # the "et" of "en Irak et en Syrie"
                continue
            if child.dep_ in ("punct", "cc"):
                continue
            if child.dep_ == "conj" and not is_pp_coordination(child, lex):
                continue
            if child.dep_ in ("det", "case"):
                if depth > 0:  # the article of the head itself is dropped
                    kept.append(child)
                    walk(child, depth)
                continue
            # a complement, or a coordinated complement (… et aux musulmans), is one level down
            child_depth = depth + 1 if child.dep_ in ("nmod", "obl:arg", "obl:mod", "obl", "obl:agent") \
                or is_pp_coordination(child, lex) else depth
            if not complements and child.dep_ in ("nmod", "appos", "conj"):
                continue
            if _keep(child, child_depth, lex):
                kept.append(child)
                walk(child, child_depth)

    walk(head, 0)
    named = _sibling_name(head)
    if named is not None:
        # la force Takuba: the parser made the name a second argument
        kept += [t for t in named.subtree if t not in kept and not t.is_punct]
    # le groupe Boko Haram: a name begun inside the phrase is never cut
    last = max(kept, key=lambda t: t.i)
    while last.i + 1 < len(head.doc) and last.ent_iob_ in ("B", "I") and head.doc[last.i + 1].ent_iob_ == "I":
        last = head.doc[last.i + 1]
        kept.append(last)
    if head.ent_id_:
        # a known name is whole (Groupe de soutien à l'islam et aux musulmans), however it was parsed
        name = entity_of(head)
        if name is not None and name.ent_id_:
            kept += [t for t in name if t not in kept]
    kept.sort(key=lambda t: t.i)
    # no leading article, possessive, preposition or quote; no trailing one left by pruning
    while len(kept) > 1 and kept[0] != head and (kept[0].dep_ in ("det", "case") or kept[0].is_punct):
        kept.pop(0)
    while len(kept) > 1 and kept[-1] != head and (kept[-1].dep_ in ("det", "case") or kept[-1].is_punct):
        kept.pop()
    while len(kept) > MAX_TOKENS:
        # too long: drop the last complement of the head whole (never words from its middle)
        complement = max((t for t in kept if t.head == head and t.i > head.i), key=lambda t: t.i, default=None)
        if complement is None:
            kept = [t for t in kept if abs(t.i - head.i) <= MAX_TOKENS // 2]
            break
        dropped = {t.i for t in complement.subtree}
        kept = [t for t in kept if t.i not in dropped]
        while len(kept) > 1 and kept[-1] != head and (kept[-1].dep_ in ("det", "case", "cc") or kept[-1].is_punct):
            kept.pop()
    return kept


def _sibling_name(head: Token) -> Token | None:
    """The proper name right after a common noun that the parser hung beside it rather than on it
    (la force Takuba a quitté …: two subjects): the noun's name."""
    if head.pos_ != "NOUN" or head.i + 1 >= len(head.doc):
        return None
    after = head.doc[head.i + 1]
    if after.pos_ == "PROPN" and after.head == head.head and after.head != after and after.dep_ == head.dep_ \
            and not any(c.dep_ in ("case", "det") for c in after.children):
        return after
    return None


def is_sibling_name(token: Token) -> bool:
    """Is the token a proper name that :func:`_sibling_name` gives to the noun before it, or the
    rest of a name begun before it (le groupe Boko | Haram)?"""
    if token.i == 0:
        return False
    if _sibling_name(token.doc[token.i - 1]) == token:
        return True
    if token.ent_iob_ != "I":
        return False
    start = token.i
    while start > 0 and token.doc[start].ent_iob_ == "I":
        start -= 1
    # the name's first word hangs elsewhere (on "groupe"), not under this token (New Delhi)
    first = token.doc[start]
    return first != token and token not in first.ancestors and first.head != token


def _join(tokens: list[Token]) -> str:
    out = []
    for i, token in enumerate(tokens):
        text = token.text
        if text in ("«", "»", "“", "”", '"'):
            continue
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        space = token.whitespace_ if nxt is not None and nxt.i == token.i + 1 else " "
        out.append(text + (space if nxt is not None else ""))
    return " ".join("".join(out).split()).strip(QUOTES + ",;:")


def modifier_forms(token: Token, lex: Lexicon) -> set[str]:
    """A modifier's lemma, surface form and masculine singular form (armées → armé); the form is
    taken for a plural whatever the tagger says of its number."""
    text = token.text.lower()
    masc_sing = lex.rules.masculine_singular(text, feminine="Fem" in morph(token, "Gender"), plural=True)
    return {token.lemma_.lower(), text, masc_sing}


def entity_kind(head: Token, tokens: list[Token], lex: Lexicon) -> str:
    """The kind of participant a phrase names: from the gazetteer, its head word, else the named-entity label."""
    if head.ent_id_ and (entry := lex.gazetteer.entries.get(head.ent_id_)) is not None:
        return entry.kind
    if is_in(head, lex.weapon_heads) or any(
        t.dep_ in ("amod", "acl") and t.head == head and not modifier_forms(t, lex).isdisjoint(lex.weapon_modifiers)
        for t in tokens
    ):
        return "weapon"
    if head.pos_ != "PROPN":
        lemma = head.lemma_.lower()
        modifiers = [form for t in tokens if t.head == head and t.i > head.i for form in modifier_forms(t, lex)]
        # ceinture d'explosifs, bombe à sous-munitions: with the preposition as the name has it
        bigrams = {f"{lemma} {form}" for form in modifiers} | {
            f"{lemma} {lex.rules.elide(prep, form)}" for form in modifiers for prep in lex.compound_name_prepositions}
        for kind, words in (
            ("facility", lex.facility_heads),
            ("armed_group", lex.armed_group_heads),
            ("weapon", lex.weapon_heads),
        ):
            if not bigrams.isdisjoint(words):
                return kind
        # quantities take the kind of what they count: des milliers de déplacés
        if is_in(head, lex.approximate_numbers.keys()) or head.lemma_.lower() in lex.quantity_nouns:
            counted = [c for c in head.children if c.dep_ == "nmod"]
            if counted:
                return entity_kind(counted[0], phrase_tokens(counted[0], lex), lex)
        for kind, words in (
            ("facility", lex.facility_heads),
            ("armed_group", lex.armed_group_heads),
            ("person", lex.person_heads),
            ("state", lex.state_heads),
            ("organisation", lex.organisation_heads),
            ("place", lex.place_heads),
        ):
            if is_in(head, words):
                return kind
        if head.lemma_.lower() in lex.event_types or head.lemma_.lower() in lex.nominalizations:
            return "event"
    if head.text[:1].isupper() and \
            lex.demonym(head.text) is not None and not head.ent_id_:
        return "person"  # trois Israéliens, des Afghans: people of a country, not the country (NER: LOC)
    label = head.ent_type_ or next((t.ent_type_ for t in tokens if t.ent_type_), "")
    return {"PER": "person", "LOC": "place", "ORG": "organisation"}.get(label, "other")


def is_consequence(verb: Token, lex: Lexicon) -> bool:
    """A verb whose subject is an act: it wounds, kills, causes (a blessé, a entraîné, a fait six morts)."""
    if lex.event_types.get(verb.lemma_.lower()) == "assault":
        return True
    if not is_in(verb, lex.consequence_verbs):
        return False
    # faire: only with a toll for its object (a fait six morts), not faire une descente
    return not is_in(verb, lex.toll_consequence_verbs) or any(
        c.dep_ == "obj" and is_in(c, union(lex.killed_words, lex.injured_words, lex.victim_nouns))
        for c in verb.children)


@per_token
def is_participant_head(token: Token, lex: Lexicon) -> bool:
    """Can this token head a phrase naming a participant (not a time, a manner, a channel)?"""
    # the cheap tests first: this runs on most tokens of every sentence
    pos, dep = token.pos_, token.dep_
    if pos not in NOMINAL_POS:
        # les blessés, trois blessés; not toutes seules
        adjectival_argument = pos == "ADJ" and dep in ("nsubj", "obj", "obl:arg") and any(
            c.dep_ in ("det", "nummod") and c.pos_ in ("DET", "NUM") for c in token.children)
        # the tagger sometimes calls a noun an adverb (de drones russes); its article says otherwise
        # (an article, not "toutes" of "toutes seules", which the tagger may call a determiner)
        nominal_use = pos in ("ADJ", "ADV", "VERB") and dep in PARTICIPANT_DEPS and any(
            c.dep_ in ("det", "case") and c.pos_ in ("DET", "ADP") for c in token.children
        )
        if not (nominal_use or adjectival_argument):
            return False
    if pos == "PRON":
        if token.lower_ in lex.place_pronouns:
            return True  # a place told before (s'y étaient rassemblés)
        if is_relative(token) or dep.startswith("expl"):
            return False
    children = list(token.children)
    if pos == "NUM" and token.like_num and not any(c.dep_ == "nmod" for c in children):
        return False
    lemma, text = token.lemma_.lower(), token.text
    form = text.lower()
    if lemma in lex.temporal_heads or form in lex.temporal_heads or lemma in lex.circumstance_heads \
            or form in lex.circumstance_heads or TIME_OF_DAY.match(text):
        return False
    if lemma in lex.abstract_heads and not any(c.pos_ == "PROPN" for c in children):
        return False  # sur place, faire l'objet de; but la place Tahrir is a place
    if (lemma in lex.distance_nouns or form in lex.distance_nouns) and not any(
            c.dep_ == "nmod" and preposition(c, lex) in lex.genitive_prepositions for c in children):
        return False  # situé à 60 kilomètres: a distance measured from nothing named is no place
    if any(TIME_OF_DAY.match(c.text) for c in children if c.i < token.i):
        return False  # vers 17H49 locales
    if (pos == "NUM" or lemma in lex.approximate_numbers) and any(
            c.dep_ == "nmod" and (c.lemma_.lower() in lex.temporal_heads or c.lower_ in lex.temporal_heads)
            for c in children):
        return False  # en quelques dizaines de jours, depuis des centaines d'années: a time
    if any(c.dep_ == "det" and c.lower_ in lex.negation_determiners for c in children):
        return False  # aucun blessé: nobody
    if pos == "PRON" and token.lower_ in lex.negation_determiners:
        return False  # personne n'a été blessé
    if (lemma in lex.channel_heads or form in lex.channel_heads) and pos != "PROPN" \
            or token.lower_ in lex.channel_heads:
        # dans un communiqué, sur Telegram: how it was said, not who took part; but a frappe contre
        # des sites, un message enjoignant aux habitants: a participant, where no channel's
        # preposition introduces it
        said_through = any(c.dep_ == "case" and c.lower_ in lex.channel_prepositions for c in children)
        # selon la presse, d'après le bilan: with no author named, the channel is the source the text gives
        cited = preposition(token, lex) in lex.attribution_prepositions and pos != "PROPN"
        if not cited and (said_through or dep not in PARTICIPANT_DEPS or pos == "PROPN"):
            return False
    return lemma not in lex.nonreferential_pronouns


def _with_name(head: Token, tokens: list[Token]) -> list[Token]:
    """Never cut a name: if the head is part of a multi-word proper name, take all of it (Boko Haram,
    Groupe de soutien à l'islam et aux musulmans)."""
    if not head.ent_type_ or (head.pos_ != "PROPN" and head.ent_iob_ != "B"):
        return tokens
    ent = entity_of(head)
    if ent is None or len(ent) < 2:
        return tokens
    names = [t for t in ent if t.pos_ in ("PROPN", "NOUN", "ADJ", "ADP", "DET")]
    if names and all(t.pos_ == "PROPN" for t in (ent[0], ent[-1])):
        merged = {t.i: t for t in tokens}
        for t in ent:
            merged.setdefault(t.i, t)
        ordered = [merged[i] for i in sorted(merged)]
        # keep it one contiguous phrase
        if ordered[-1].i - ordered[0].i + 1 == len(ordered):
            return ordered
    return tokens


NAMING_DEPS = ("appos", "flat:name", "flat", "nmod", "compound", "amod")  # amod: les rebelles houthis
LINKABLE = {  # a common head may take the identity of a name of these kinds apposed to it
    "armed_group": ("armed_group", "organisation"),
    "organisation": ("armed_group", "organisation", "state"),
    "state": ("state", "organisation"),
    "weapon": ("weapon",),
    "person": ("person",),
}


def _link(head: Token, tokens: list[Token], kind: str, lex: Lexicon) -> str | None:
    """The gazetteer entry the phrase names, if any.

    * the head is a known name (les États-Unis, l'EI);
    * a common noun is given a known name with no preposition (le groupe jihadiste Boko Haram,
      l'organisation palestinienne Hamas, des missiles Grad);
    * members of a known armed group stand for the group (les rebelles du M23);
    * the whole phrase is a known name (la coalition internationale).
    """
    entries = lex.gazetteer.entries
    if head.ent_id_ in entries:
        return head.ent_id_
    for token in tokens:
        entry = entries.get(token.ent_id_)
        if entry is None or token.head != head or token.dep_ not in NAMING_DEPS or has_case(token):
            continue
        if token.dep_ == "amod" and token.pos_ != "PROPN" and not token.text[:1].isupper():
            continue  # an adjective is a name only when written as one
        if entry.kind in LINKABLE.get(kind, ()):
            return entry.key
    if is_in(head, lex.member_nouns):
        for child in head.children:
            entry = entries.get(child.ent_id_)
            if child.dep_ == "nmod" and entry is not None and entry.kind == "armed_group":
                return entry.key
    entry = lex.gazetteer.lookup(_join(tokens))
    return entry.key if entry is not None else None


def _nationality(head: Token, lex: Lexicon) -> tuple[str | None, str | None]:
    """The country an adjective of the head ties it to (armée malienne), and the side a pro- adjective
    puts it on (milices pro-iraniennes)."""
    country = aligned = None
    for child in head.children:
        if child.dep_ not in ("amod", "acl") or child.i < head.i:
            continue
        word = child.lower_
        prefix = next((p for p in lex.alignment_prefixes if word.startswith(p)), None)
        if prefix is not None and (entry := lex.demonym(word[len(prefix):])) is not None:
            aligned = aligned or entry.key
        elif (entry := lex.demonym(word)) is not None:
            country = country or entry.key
    return country, aligned


def _key_words(tokens: list[Token], lex: Lexicon) -> tuple[str, ...]:
    """What identifies the phrase, in order: content lemmas, known names as their key, adjectives of
    nationality as their country's key (ambassade américaine à Bagdad = ambassade des États-Unis à Bagdad)."""
    words: list[str] = []
    for token in tokens:
        if token.dep_ in ("det", "case", "cc", "punct") or token.is_punct or token.pos_ in ("ADP", "DET", "CCONJ"):
            continue
        if token.ent_id_ in lex.gazetteer.entries:
            word = token.ent_id_
        elif (entry := lex.demonym(token.lower_)) is not None:
            word = entry.key
        else:
            word = fold(token.lemma_ if token.pos_ in ("NOUN", "ADJ", "VERB") else token.text)
        if not words or words[-1] != word:
            words.append(word)
    return tuple(words)


def _group_of_one(head: Token, lex: Lexicon) -> Token | None:
    """``l'un des otages``: the group a partitive pronoun picks one of, named by its de-complement."""
    if head.pos_ != "PRON" or head.lemma_.lower().replace("’", "'") not in lex.partitive_pronouns:
        return None
    return next((c for c in head.children if c.dep_ == "nmod" and preposition(c, lex) in lex.genitive_prepositions
                 and c.pos_ in ("NOUN", "PROPN")), None)


def make_mention(head: Token, sent_index: int, lex: Lexicon, complements: bool = True) -> Mention | None:
    """The mention headed by ``head``, or None if it names no participant."""
    if not is_participant_head(head, lex):
        return None
    tokens = _with_name(head, phrase_tokens(head, lex, complements))
    text = _join(tokens)
    if not text or not any(c.isalnum() for c in text):
        return None
    latter = _is_latter(head, lex)
    # l'un des otages, une de leurs patrouilles: one of a group the phrase names, not a pronoun to resolve
    group = _group_of_one(head, lex)
    pronoun = (is_pronoun(head) and not head.ent_type_ and group is None) or latter
    kind = "other" if pronoun else entity_kind(group, [group], lex) if group is not None \
        else entity_kind(head, tokens, lex)
    link = None if pronoun else _link(head, tokens, kind, lex)
    if link is not None:
        kind = lex.gazetteer.entries[link].kind
    country, aligned = _nationality(head, lex)
    determiners = [c for c in head.children if c.dep_ == "det"]
    return Mention(
        text=text,
        start=tokens[0].idx,
        end=tokens[-1].idx + len(tokens[-1].text),
        head=head.lemma_.lower(),
        kind=as_kind(kind),
        sentence=sent_index,
        # the tagger guesses the gender of names badly (Jean: Fem); only common nouns carry one
        gender=None if head.pos_ == "PROPN" else (morph(head, "Gender") or [None])[0],
        # a person's name is one person (the tagger often gives a name no number)
        number=_grammatical_number(head, determiners, lex) or ("Sing" if kind == "person" else None),
        pronoun=pronoun,
        proper=head.pos_ == "PROPN",
        subject=head.dep_.startswith("nsubj"),
        definite=any("Def" in morph(d, "Definite") or "Dem" in morph(d, "PronType")
                     or "Yes" in morph(d, "Poss") for d in determiners)
        or any(c.dep_ == "case" and c.lower_ in lex.definite_contractions for c in head.children),
        key_words=() if pronoun else _key_words(tokens, lex),
        named=any(t.pos_ == "PROPN" or t.ent_id_ for t in tokens),
        premises_of=is_in(head, lex.premises_nouns) and any("Yes" in morph(d, "Poss") for d in determiners),
        link=link,
        country=country if link is None else None,
        aligned=aligned,
        count=_counted(head, lex),
        attributing=_in_attribution(head, lex),
        latter=latter,
        first_person=pronoun and "1" in morph(head, "Person"),
        another=any(c.dep_ in ("amod", "det") and is_in(c, lex.alterity_words) for c in head.children),
        again=any(c.dep_ in ("amod", "det") and is_in(c, lex.sameness_words) for c in head.children),
        addressee=head.dep_.startswith("obl") and is_in(head.head, lex.speech_verbs)
        and preposition(head, lex) in lex.dative_prepositions,
        act_subject=pronoun and head.dep_.startswith("nsubj") and is_consequence(head.head, lex),
        passive_subject=head.dep_ == "nsubj:pass",
    )


def date_in_name(token: Token, lex: Lexicon) -> bool:
    """Is a date word part of a name: of one the named-entity recognizer found, with other words
    than a date's (le Mouvement du 23 mars, la place du 1er-Mai), or the complement of a
    capitalised noun inside a sentence (le Front du 5 juin)?"""
    month = month_word(token.lower_, lex) in lex.months
    if not (month or (token.like_num and any(c.lower_ in lex.months for c in token.children))):
        return False
    if token.ent_type_:
        doc = token.doc
        start, end = token.i, token.i + 1
        while start > 0 and doc[start].ent_iob_ == "I":
            start -= 1
        while end < len(doc) and doc[end].ent_iob_ == "I":
            end += 1
        if any(t.pos_ in ("NOUN", "PROPN") and not t.like_num and t.lower_ not in lex.months
               for t in doc[start:end]):
            return True
    node = token
    while node.head != node and (node.head.like_num or node.head.lower_ in lex.months):
        node = node.head
    ruler = node.head
    named_after = any(c.dep_ == "case" and c.lower_ in genitive_words(lex) for c in node.children)
    return node.dep_ == "nmod" and named_after and ruler.i != ruler.sent.start and ruler.text[:1].isupper() \
        and ruler.pos_ in ("NOUN", "PROPN")


def _is_latter(head: Token, lex: Lexicon) -> bool:
    """``ce dernier``, ``ces derniers``: a demonstrative phrase that stands, like a pronoun, for the
    participant named last."""
    return head.lemma_.lower() in lex.latter_heads and any(
        c.dep_ == "det" and "Dem" in morph(c, "PronType") for c in head.children)


def _in_attribution(head: Token, lex: Lexicon) -> bool:
    """Is the phrase (part of) a source its sentence cites: selon des sources citées par des médias?"""
    node = head
    for _ in range(6):
        if any(c.dep_ == "case" and preposition(node, lex) in lex.attribution_prepositions for c in node.children):
            return True
        if node.head == node or node.pos_ in ("VERB", "AUX") and node.dep_ not in ("acl", "acl:relcl"):
            return False
        node = node.head
    return False


def _grammatical_number(head: Token, determiners: list[Token], lex: Lexicon) -> str | None:
    """Singular or plural: for a name, as its article says (les Houthis, aux Houthis: the tagger
    reads a name as singular), else as the tagger does."""
    if head.pos_ == "PROPN":
        for word in determiners + [c for c in head.children if c.dep_ == "case"]:
            if word.lower_ in lex.plural_determiners:
                return "Plur"
            if word.lower_ in lex.singular_determiners:
                return "Sing"
    return (morph(head, "Number") or [None])[0]


def _counted(head: Token, lex: Lexicon) -> int | None:
    """How many the phrase counts by a numeral (deux missiles, 40 roquettes); not "un", an article."""
    for child in head.children:
        numeral_article = child.dep_ == "det" and child.like_num and child.lower_ not in lex.indefinite_articles
        if child.dep_ == "nummod" or numeral_article:
            value = number_value(child, lex.lang)
            if value is not None:
                return value
    return None


def sentence_mentions(sent: Span, sent_index: int, lex: Lexicon, salient: AbstractSet[int] = frozenset(),
                      mention_of: Callable[[Token], Mention | None] | None = None) -> Iterator[Mention]:
    """Every participant phrase of a sentence (for pronoun resolution and the entity list).

    ``salient`` are tokens to count as subjects though the parser did not: the speaker who closes a
    sentence (…, a annoncé le maire).  ``mention_of`` is ``make_mention`` for this sentence, cached
    by the caller so that the triples and events reuse the phrases built here.
    """
    if mention_of is None:
        def mention_of(token: Token) -> Mention | None:
            return make_mention(token, sent_index, lex)

    for token in sent:
        if token.dep_ in ("nsubj", "nsubj:pass", "obj", "obl", "obl:arg", "obl:mod", "obl:agent", "nmod",
                          "appos", "conj", "ROOT", "iobj"):
            mention = mention_of(token)
            if mention is None:
                continue
            named_subject = token.dep_ in ("appos", "conj") and token.pos_ == "PROPN" and (
                token.head.dep_.startswith("nsubj") or token.head.i in salient
            )
            if named_subject or token.i in salient:
                # the name given to a subject (le maire, Jean Dupont, …) is as salient as the subject
                mention = replace(mention, subject=True, speaker=token.i in salient)
            yield mention
