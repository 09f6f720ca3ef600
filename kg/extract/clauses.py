"""Verbal and copular clauses: who does what to whom, read off the dependency parse.

``clauses(sent)`` finds every predicate of a sentence and its arguments, undoing what French
syntax moves around: passive voice (the agent becomes the subject), relative pronouns (replaced
by their antecedent), participles and infinitives (their implicit subject is recovered from the
noun or the verb they hang on), coordination (each conjunct is an argument), and fixed
expressions folded into the predicate (``prendre pour cible``, ``avoir lieu``).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

from spacy.tokens import Span, Token

from kg.extract.phrases import (
    conjuncts,
    entity_kind,
    genitive_words,
    has_case,
    is_consequence,
    is_in,
    is_participant_head,
    is_present_participle,
    is_relative,
    is_sibling_name,
    month_word,
    preposition,
    union,
)
from kg.extract.tokens import morph, per_token
from kg.lexicon import Lexicon

SUBJECT_DEPS = ("nsubj", "nsubj:pass")
OBLIQUE_DEPS = ("obl", "obl:arg", "obl:mod", "iobj")


#: How the text ties an author to an act named by a noun.
AGENT = "agent"  # mener une frappe: the subject of a light verb did it
CLAIM = "claim"  # X a revendiqué l'attaque, l'attaque a été revendiquée par X
ATTRIBUTION = "attribution"  # Y impute l'attaque à X, l'attentat a été attribué à X: X on Y's word
AUTHORSHIP = "authorship"  # X est l'auteur de l'attaque, l'attaque est l'œuvre de X


@dataclass
class Authorship:
    """Who a clause around an event noun names as the act's author, and how."""

    agents: list[Token]
    how: str  # AGENT, CLAIM, ATTRIBUTION or AUTHORSHIP
    clause: Token  # the head of the clause that says so (its modality is the authorship's)
    attributed_by: list[Token] = field(default_factory=list)  # who imputes it (ATTRIBUTION)
    author_noun: Token | None = None  # auteur, œuvre (AUTHORSHIP): its own hedges count (les auteurs présumés)


@dataclass
class Clause:
    """One predicate of a sentence with its arguments (tokens heading noun phrases)."""

    head: Token  # the verb, or the noun / adjective of a copula
    predicate: str  # lemma phrase, without the preposition of an oblique
    key: str  # what event triggers are looked up by: the predicate without "être"
    subjects: list[Token]
    objects: list[Token] = field(default_factory=list)
    obliques: list[tuple[str, Token]] = field(default_factory=list)
    passive: bool = False  # passive with no agent: the subjects are who underwent it
    copula: bool = False
    inherited: bool = False  # the subject comes from another clause
    speech: bool = False  # a verb of saying whose content is a clause
    rule: str = "svo"
    #: the act's author as another clause names it (X semble être l'auteur de l'attaque contre Y):
    #: the relation is stated as that clause states it, not as the noun is
    authorship: Authorship | None = None
    #: the verb and its object form one predicate (tirer la sonnette d'alarme, tirer profit de),
    #: which is not the verb alone
    idiom: bool = False


# ---------------------------------------------------------------- small predicates on tokens

def is_verb(token: Token) -> bool:
    return token.pos_ == "VERB" or (token.pos_ == "AUX" and token.dep_ not in ("aux", "aux:tense", "aux:pass", "cop"))


def is_past_participle(token: Token) -> bool:
    return "Part" in morph(token, "VerbForm") and "Pres" not in morph(token, "Tense")


def is_infinitive(token: Token) -> bool:
    return "Inf" in morph(token, "VerbForm")


def has_child(token: Token, *deps: str) -> bool:
    return any(c.dep_ in deps for c in token.children)


def _is_reflexive(verb: Token) -> bool:
    """Has the verb its reflexive clitic (se, s')?  The parser labels it expl:comp, expl:pass, obj or
    even mark; the morphology and its place before the verb say what it is."""
    return any(c.pos_ == "PRON" and c.i < verb.i and c.dep_ not in SUBJECT_DEPS and "Yes" in morph(c, "Reflex")
               for c in verb.children)


def is_passive(verb: Token, lex: Lexicon | None = None) -> bool:
    if lex is not None and is_in(verb, lex.be_perfect_verbs):
        return False  # ils sont venus: être is the auxiliary of the past, not a passive
    if _is_reflexive(verb):
        return False  # ils s'en sont pris à, se sont emparés de: a pronominal verb's compound tenses take être
    if has_child(verb, "aux:pass"):
        return True
    # a past participle on a noun (milices affiliées à l'Iran) or fronted (Réunis à Luxembourg, …)
    # is passive unless it has an object or an auxiliary
    return (
        verb.dep_ in ("acl", "advcl")
        and is_past_participle(verb)
        and not has_child(verb, "obj", "aux", "aux:tense")
    )


def participle_form(verb: Token, lex: Lexicon) -> str:
    """Masculine singular past participle as written: affiliées → affilié, tenue → tenu; an
    adjective's lemma (voisine → voisin).  A verb whose lemma tells its participle makes it from its
    lemma (affilier → affilié), whatever the morphology says; other verbs from the written form and
    its morphology."""
    lemma = verb.lemma_.lower()
    if verb.pos_ == "ADJ" and "Part" not in morph(verb, "VerbForm") and lemma:
        return lemma
    if is_past_participle(verb) and (made := lex.rules.past_participle(lemma, verb.lower_)) is not None:
        return made
    return lex.rules.masculine_singular(verb.text.lower(), feminine="Fem" in morph(verb, "Gender"),
                                        plural="Plur" in morph(verb, "Number"))


def _pronominal_clitic(verb: Token, lex: Lexicon) -> Token | None:
    """The clitic of a pronominal verb's lemma (the ``en`` of ``s'en prendre``), if it has one."""
    if not _is_reflexive(verb):
        return None
    return next((c for c in verb.children if c.pos_ == "PRON" and c.i < verb.i and c.dep_ not in SUBJECT_DEPS
                 and is_in(c, lex.pronominal_clitics)), None)


def with_reflexive(lemma: str, verb: Token, lex: Lexicon) -> str:
    """The lemma of a pronominal verb with its reflexive (se retirer, s'emparer) and its clitic (s'en prendre)."""
    if not _is_reflexive(verb):
        return lemma
    clitic = _pronominal_clitic(verb, lex)
    return lex.rules.reflexive(lemma, clitic.lower_ if clitic is not None else None)


def _noun_before(token: Token) -> Token | None:
    """The noun right before a word, commas and the noun's own adjectives aside (écoles, qu'elles
    accusent …; l'école coranique, ravagée par …)."""
    doc = token.doc
    i = token.i - 1
    while i >= token.sent.start and (doc[i].is_punct or (doc[i].pos_ == "ADJ" and doc[i].dep_ == "amod"
                                                          and doc[i].head.i < i)):
        i -= 1
    if i >= token.sent.start and token.doc[i].pos_ in ("NOUN", "PROPN"):
        return token.doc[i]
    return None


def is_relative_que(token: Token, lex: Lexicon) -> bool:
    """``que`` opening a relative clause, which the parser sometimes takes for a conjunction."""
    if token.lower_ not in lex.complementizer_forms or token.dep_ not in ("obj", "mark"):
        return False
    if token.dep_ == "mark" and token.pos_ != "PRON":
        return False
    return _noun_before(token) is not None and is_verb(token.head)


def antecedent(token: Token, lex: Lexicon) -> Token:
    """A relative pronoun stands for the noun its clause hangs on; anything else for itself."""
    if is_relative(token):
        clause = token
        while clause.dep_ not in ("acl:relcl", "acl", "dep") and clause.head != clause:
            clause = clause.head
        if clause.dep_ in ("acl:relcl", "acl", "dep") and clause.head.pos_ in ("NOUN", "PROPN", "PRON"):
            return clause.head
        if any(c.dep_ == "case" for c in token.children):
            # une infirmière selon laquelle …, a clause the parser did not hang on her: the noun
            # right before the preposition
            noun = _noun_before(token.left_edge)
            if noun is not None:
                return noun
    if is_relative_que(token, lex):
        return _noun_before(token) or token
    if is_relative(token) and token.lemma_.lower() in lex.relative_place_pronouns:
        # la ville, où vivent …: a clause the parser hung on the main verb stands for the place before
        noun = _noun_before(token)
        while noun is not None and noun.dep_ == "nmod" and noun.head.i < noun.i:
            noun = noun.head  # le camp de Zam, où …: the whole name
        return noun or token
    return token


def _is_where_as_subject(token: Token, lex: Lexicon) -> bool:
    """The relative "où" that the parser made a subject (le camp, où s'entassent …)."""
    return token.dep_ == "nsubj" and token.lemma_.lower() in lex.relative_place_pronouns and is_relative(token)


def _where_subject(verb: Token, lex: Lexicon) -> Token | None:
    """``le camp, où s'entassent 10 000 déplacés``: the parser makes "où" the subject and the
    inverted subject the object; "où" is never a subject, the noun after the verb is."""
    if not any(_is_where_as_subject(c, lex) for c in verb.children):
        return None
    return next((c for c in verb.children if c.dep_ == "obj" and c.i > verb.i), None)


def appositive_name(token: Token, lex: Lexicon) -> Token | None:
    """``la présidente de la Commission, Ursula von der Leyen``: the name given to a common noun.

    The parser marks it as an apposition or as a coordination with no conjunction.
    """
    if token.pos_ != "NOUN" and not (token.pos_ == "PRON" and token.lemma_.lower() in lex.indefinite_articles):
        return None  # (l'une des victimes, Alejandro: one of a group, named)
    # la cheffe de la diplomatie européenne, Kaja Kallas: the parser may hang the name on the
    # title's complement; a person's name (PER) set off by a comma names the title's holder
    candidates = list(token.children) + [d for c in token.children if c.dep_ == "nmod" for d in c.children
                                         if d.dep_ in ("conj", "appos") and d.ent_type_ == "PER"]
    for child in candidates:
        if child.pos_ != "PROPN" or child.i < token.i or child.ent_type_ not in ("PER", ""):
            continue
        first = min((t.i for t in child.subtree if not t.is_punct), default=child.i)
        comma_before = first > 0 and token.doc[first - 1].text == ","
        if child.dep_ == "appos" and comma_before:
            return child
        if child.dep_ == "conj" and comma_before and not any(c.dep_ == "cc" for c in child.children):
            return child
    return None


def _fronted_conjunct(verb: Token) -> list[Token]:
    """``Le Ghana et le Togo ont condamné …``: the parser may make the first subject the root and
    the verb its conjunct; the root is a subject too, coordinated with the verb's own by the ``et``
    before it."""
    head = verb.head
    if verb.dep_ != "conj" or head.pos_ not in ("NOUN", "PROPN") or head.dep_ != "ROOT" or head.i > verb.i:
        return []
    subjects = [c for c in verb.children if c.dep_ in SUBJECT_DEPS]
    if not subjects:
        return []
    first = min(subjects, key=lambda t: t.i)
    coordinated = any(c.dep_ == "cc" and head.i < c.i < first.i for c in verb.children)
    return [head] if coordinated else []


def _listed_names(token: Token, lex: Lexicon) -> list[Token]:
    """``deux milices, les Kata et les Hamza, …``, ``trois compagnies : X, Y et Z``: a plural noun
    followed by the names of its members, which are the participants."""
    if token.pos_ != "NOUN" or "Plur" not in morph(token, "Number"):
        return []
    for child in token.children:
        if child.dep_ != "appos" or child.pos_ != "PROPN" or child.i < token.i:
            continue
        first = min((t.i for t in child.subtree if not t.is_punct), default=child.i)
        if first > 0 and token.doc[first - 1].text in (",", ":"):
            names = conjuncts(child, lex)
            if len(names) > 1:
                return names
    return []


def _drop_titles(subjects: list[Token]) -> list[Token]:
    """``Le maire de la ville, Jean Dupont, a …`` parsed as two subjects: the name is the subject."""
    if len(subjects) < 2:
        return subjects
    names = [t for t in subjects if t.pos_ == "PROPN"]
    out = []
    for token in subjects:
        after = max((t.i for t in token.subtree if not t.is_punct), default=token.i) + 1
        named = after < len(token.doc) and token.doc[after].text == "," and any(
            n.left_edge.i == after + 1 for n in names
        )
        if not (token.pos_ == "NOUN" and named):
            out.append(token)
    return out


def expand(tokens: list[Token], lex: Lexicon) -> list[Token]:
    """Relative pronouns replaced by their antecedent, titles by the name they are given,
    coordinated phrases spread out."""
    out: list[Token] = []
    for token in tokens:
        base = antecedent(token, lex)
        members = conjuncts(base, lex)
        name = appositive_name(base, lex)
        listed = _listed_names(base, lex)
        if listed:
            members = listed + [m for m in members if m != base and m not in listed]
        elif name is not None:
            members = [name] + [m for m in members if m not in (base, name)]
        members += [n for m in members for n in _named_members(m, lex)]
        out.extend(m for m in members if m not in out)
    return out


def _named_members(token: Token, lex: Lexicon) -> list[Token]:
    """``les villages de Kassa et de Bani``: a plural noun whose names are coordinated complements
    names each of them; the second (Bani) is a participant of its own."""
    if "Plur" not in morph(token, "Number"):
        return []
    return [conj for name in token.children if name.dep_ == "nmod" and name.pos_ == "PROPN"
            for conj in conjuncts(name, lex)[1:] if conj.pos_ == "PROPN" and has_case(conj)]


# ---------------------------------------------------------------- fixed expressions


def _is_bare_noun(token: Token, lex: Lexicon) -> bool:
    """A noun with no article or number: part of a fixed expression (prendre pour cible, avoir lieu)."""
    return (
        token.pos_ == "NOUN"
        and not any(c.dep_ in ("det", "nummod") for c in token.children)
        and not any(c.dep_ == "case" and c.lower_ in lex.article_prepositions for c in token.children)
        and not token.ent_type_
        and token.i > token.head.i
    )


def _article_free(words: str, articles: frozenset[str]) -> str:
    return " ".join(w for w in words.replace("'", "' ").split() if w not in articles)


def _prepositional_noun_before(token: Token, lex: Lexicon) -> Token | None:
    """``à bord de véhicules`` parsed as two obliques: the ``bord`` right before ``de véhicules``."""
    first = token.left_edge
    if first.i == 0 or first.lower_ not in genitive_words(lex):
        return None
    before = token.doc[first.i - 1]
    if before.head == token.head and before.dep_ in OBLIQUE_DEPS and is_in(before, lex.prepositional_nouns):
        return before
    return None


def prepositional_complement(noun: Token, lex: Lexicon) -> Token | None:
    """The complement of a prepositional noun (au large du port, à bord de véhicules): its own
    ``de`` complement, or the oblique right after it that the parser hung on the verb."""
    inner = next((n for n in noun.children if n.dep_ == "nmod"), None)
    if inner is not None:
        return inner
    return next((c for c in noun.head.children if c.i > noun.i and _prepositional_noun_before(c, lex) == noun), None)


@functools.cache
def _idioms(verb_idioms: frozenset[str], articles: frozenset[str]) -> dict[str, str]:
    """Each verb idiom (coûter la vie) by its words without articles (coûter vie), made once."""
    # by the verb and the first word of its object: tirer la sonnette d'alarme → "tirer sonnette"
    return {" ".join(_article_free(idiom, articles).split()[:2]): idiom for idiom in verb_idioms}


def verb_idiom(verb: Token, child: Token, lex: Lexicon) -> str | None:
    """The verb idiom a verb and this dependent begin (tirer + sonnette: tirer la sonnette d'alarme)."""
    idioms = _idioms(lex.verb_idioms, lex.idiom_articles)
    lemma = verb.lemma_.lower()
    return idioms.get(f"{lemma} {child.lemma_.lower()}") or idioms.get(f"{lemma} {child.lower_}")


def verb_key_words(verb: Token, lex: Lexicon) -> list[str]:
    """The words of the idiom a verb and its object form, if they form one (tirer la sonnette d'alarme)."""
    for child in verb.children:
        if child.dep_ in ("obj", "obl:arg") and (idiom := verb_idiom(verb, child, lex)):
            return idiom.replace("'", "' ").split()
    return []


def fixed_expression(verb: Token, lex: Lexicon) -> tuple[list[Token], str]:
    """Bare nouns folded into the predicate, and the words they add (``pour cible``)."""
    folded: list[Token] = []
    words: list[str] = []
    for child in sorted(verb.children, key=lambda t: t.i):
        # coûter la vie, mettre le feu: an object that belongs to the predicate, article and all
        idiom = verb_idiom(verb, child, lex)
        # (the parser may call such an object an xcomp: a pris le pouvoir)
        # (… or a partitive object an oblique: a gagné du terrain)
        if (child.dep_ in ("obj", "obl:arg") or (child.dep_ == "xcomp" and child.pos_ == "NOUN")) \
                and idiom and child.i > verb.i:
            folded.append(child)
            words.append(idiom.split(" ", 1)[1])
            continue
        if child.dep_ not in ("obj", "xcomp") + OBLIQUE_DEPS or not _is_bare_noun(child, lex):
            continue
        if "Plur" in morph(child, "Number"):
            # tirer profit, prendre en otage; but tuant neuf enfants (neuf taken for an adjective),
            # dégénérer en saccages: a plural is a participant
            continue
        if is_in(child, lex.temporal_heads) or child.i - verb.i > 4:
            continue
        if is_in(child, lex.prepositional_nouns) or _prepositional_noun_before(child, lex):
            continue  # arriver à bord de véhicules: a compound preposition and its complement, not an idiom
        prep = preposition(child, lex)
        if child.dep_ != "obj" and prep and prep not in lex.fixed_expression_prepositions:
            continue
        folded.append(child)
        lemma = child.lemma_.lower()
        words.append(lex.rules.elide(prep, lemma) if prep else lemma)
    return folded, " ".join(words)


# ---------------------------------------------------------------- arguments


def is_finite(verb: Token) -> bool:
    return "Fin" in morph(verb, "VerbForm") or any(
        c.dep_.startswith("aux") and "Fin" in morph(c, "VerbForm") for c in verb.children
    )


def _after_comma(token: Token) -> bool:
    return token.i > 0 and token.doc[token.i - 1].text == ","


def _real_subject(token: Token, lex: Lexicon) -> bool:
    """A subject with a preposition (D'après son porte-parole, …) is a parse error; "de" alone is
    an article (des hommes), "d'" with a word fixed to it a preposition (d'après)."""
    articles = union(lex.article_prepositions, lex.genitive_forms)
    return not any(c.dep_ == "case" and (c.lower_ not in articles or any(f.dep_ == "fixed" for f in c.children))
                   for c in token.children)


def _subject_after_fronted(phrase: Token) -> list[Token]:
    """``D'après des sources, des hommes armés ont enlevé …``: the parser makes the fronted phrase
    the subject and hangs the real one on it, after the comma."""
    return [c for c in phrase.children if c.dep_ in ("nmod", "appos") and c.i > phrase.i and _after_comma(c.left_edge)
            and not any(g.dep_ == "case" for g in c.children) and c.pos_ in ("NOUN", "PROPN")]


def _subject_hung_on_fronted(verb: Token) -> list[Token]:
    """``Dans le district de Musa Khel, des hommes armés ont bloqué …``: the parser hangs the subject
    on the fronted phrase, after its comma; a finite verb that agrees with it takes it back."""
    if not is_finite(verb):
        return []
    finite = next((c for c in verb.children if c.dep_.startswith("aux") and is_finite(c)), verb)
    for phrase in verb.children:
        if phrase.dep_.startswith("obl") and phrase.i < verb.i and has_case(phrase):
            found = [s for s in _subject_after_fronted(phrase) if s.i < verb.i
                     and any(d.dep_ in ("det", "nummod") for d in s.children)
                     and (not morph(finite, "Number") or morph(s, "Number") == morph(finite, "Number"))]
            if found:
                return found[:1]
    return []


def _orphan_subject(verb: Token, lex: Lexicon) -> list[Token]:
    """lorsqu'un drone a frappé: the parser hangs the subject on the noun before; find it back."""
    if not is_finite(verb):
        return []
    first = min([verb] + [c for c in verb.children if c.dep_.startswith("aux")], key=lambda t: t.i)
    for i in range(first.i - 1, max(verb.sent.start, first.i - 10) - 1, -1):
        token = verb.doc[i]
        if token.pos_ in ("VERB", "PUNCT") and token.text not in ("(", ")"):
            break
        if token.pos_ in ("NOUN", "PROPN") and any(
            c.dep_ in ("case", "mark") and is_in(c, lex.subordinators) for c in token.children
        ):
            return [token]
    return []


@per_token
def effective_head(verb: Token, lex: Lexicon) -> tuple[Token, str]:
    """Head and relation of a verb, repairing infinitives hung on an adverbial noun.

    In ``a affirmé de son côté avoir mené …`` or ``a indiqué sur les réseaux sociaux avoir
    bénéficié …`` the parser hangs the infinitive on ``côté`` / ``réseaux``; it belongs to the verb.
    """
    head = verb.head
    if head.pos_ == "ADV" and head.dep_ == "advmod" and head.head != head:
        return head.head, "advcl"  # tout en appelant à …: the gerund hangs on "tout"
    says_itself = is_in(verb, lex.speech_verbs) and has_child(verb, "ccomp")  # des rapports suggérant que …
    if verb.dep_ == "acl" and head.pos_ == "NOUN" and head.dep_.startswith("obl") and not says_itself and (
        is_in(head, lex.circumstance_heads) or is_in(head, lex.channel_heads) or is_in(head, lex.temporal_heads)
    ):
        return head.head, "xcomp"
    return head, verb.dep_


def _agrees(participle: Token, noun: Token) -> bool:
    for feature in ("Gender", "Number"):
        a, b = morph(participle, feature), morph(noun, feature)
        if a and b and a != b:
            return False
    return True


def _agrees_surely(qualifier: Token, noun: Token) -> bool:
    """Does the noun carry, with the same value, every gender and number the qualifier shows?"""
    features = [f for f in ("Gender", "Number") if morph(qualifier, f)]
    return bool(features) and all(morph(noun, f) == morph(qualifier, f) for f in features)


def qualified_noun(qualifier: Token, noun: Token) -> Token:
    """The noun a participle or an adjective hung on the last of a chain of complements qualifies:
    the nearest of the chain that agrees with it (une attaque par drone menée par …: the attack;
    la région de l'Extrême-Nord du Cameroun, frontalière du Nigeria: the region), else ``noun``."""
    if _agrees_surely(qualifier, noun):
        return noun
    chain: list[Token] = []
    node = noun
    while node.dep_ == "nmod" and node.head.i < node.i and node.head.pos_ in ("NOUN", "PROPN") and len(chain) < 4:
        node = node.head
        chain.append(node)
    up = next((n for n in chain if _agrees_surely(qualifier, n)), None)
    if up is not None:
        return up
    if _disagrees(qualifier, noun):
        # des rebelles au village de Matchika, situé à 20 km de Bambari: hung on the plural, the
        # singular participle qualifies the complement before it that agrees with it
        below = [n for n in noun.subtree if n.dep_ == "nmod" and n.pos_ == "NOUN" and noun.i < n.i < qualifier.i
                 and _agrees_surely(qualifier, n)]
        if below:
            return below[-1]
    return noun


def _disagrees(qualifier: Token, noun: Token) -> bool:
    """Do the qualifier and the noun both show a number (or a gender) and differ in it?"""
    return any(morph(qualifier, f) and morph(noun, f) and morph(qualifier, f) != morph(noun, f)
               for f in ("Gender", "Number"))


def patients_of(verb: Token, lex: Lexicon) -> list[Token]:
    """Who undergoes a passive verb: its passive subject, the noun a participle qualifies, or for a
    participle set off by a comma, the agreeing noun it follows (l'Iran, accusé de …)."""
    patients = [c for c in verb.children if c.dep_ == "nsubj:pass" and _real_subject(c, lex)]
    if patients:
        return expand(patients, lex)
    if verb.dep_ == "acl":
        return [antecedent(qualified_noun(verb, verb.head), lex)]
    if verb.dep_ == "advcl" and not is_finite(verb):
        # des sanctions contre l'Iran, accusé de …: a participle after a comma qualifies the noun
        # just before it, if they agree; a fronted one (Réunis à Luxembourg, les ministres …) the subject
        before = _noun_before(verb)
        if before is not None and verb.i > verb.head.i and _agrees(verb, before):
            return [before]
        return subjects_of(verb.head, lex)[0]
    return subjects_of(verb, lex)[0]


def _controller(verb: Token, lex: Lexicon) -> list[Token]:
    """Who is the subject of an object-control verb's complement: exhorter X à …, accuser X de …"""
    if is_passive(verb, lex):
        return patients_of(verb, lex)
    objs = [c for c in verb.children if c.dep_ in ("obj", "iobj") or is_relative_que(c, lex)
            or (c.dep_ == "xcomp" and c.pos_ in ("NOUN", "PROPN"))]  # accuse Islamabad de …: parsed xcomp
    if not objs:
        objs = [c for c in verb.children if c.dep_ in OBLIQUE_DEPS and preposition(c, lex) in lex.dative_prepositions]
    return objs


def subjects_of(verb: Token, lex: Lexicon, depth: int = 0) -> tuple[list[Token], bool]:
    """The subjects of a predicate and whether they are inherited from another clause."""
    # a subject is sometimes hung on the auxiliary (Téhéran a pour sa part rejeté …)
    carriers = [verb] + [c for c in verb.children if c.dep_.startswith("aux")]
    where_subject = _where_subject(verb, lex)
    if where_subject is not None:
        return expand([where_subject], lex), False
    candidates = [c for h in carriers for c in h.children if c.dep_ in SUBJECT_DEPS and not is_sibling_name(c)]
    # "Après l'attaque, un responsable a déclaré": the parser makes the fronted phrase the subject
    # and the real subject its conjunct
    direct = [c for c in candidates if _real_subject(c, lex)] or [
        conj for c in candidates for conj in c.children if conj.dep_ == "conj" and _real_subject(conj, lex)
    ] or [s for c in candidates for s in _subject_after_fronted(c)]
    if direct:
        direct = [_relative_subject(verb, c, lex) for c in direct]
        return expand(_drop_titles(_fronted_conjunct(verb) + direct), lex), False
    if any(c.dep_ == "expl:subj" for h in carriers for c in h.children):
        return [], False  # … et il y en avait d'autres: an impersonal verb has no subject to inherit
    orphan = _orphan_subject(verb, lex) or _subject_hung_on_fronted(verb)
    if orphan:
        return expand(orphan, lex), False
    if depth > 4:
        return [], True
    head, dep = effective_head(verb, lex)
    if head == verb:
        return [], False
    if dep == "conj" and is_verb(verb) and head.pos_ in ("NOUN", "PROPN") and not is_finite(verb):
        # brûlant des greniers et détruisant des maisons: the parser hangs the second participle on
        # the first one's object; it shares the first one's subject
        clause = next((a for a in head.ancestors if is_verb(a)), None)
        if clause is not None:
            return subjects_of(clause, lex, depth + 1)[0], True
    if dep == "conj" and (is_verb(head) or has_child(head, "cop")):
        inherited, _ = subjects_of(head, lex, depth + 1)
        if is_passive(head, lex) and not is_passive(verb, lex):
            return [], True
        return inherited, True
    if dep == "xcomp" or (dep in ("acl", "advcl") and is_infinitive(verb) and is_verb(head)):
        if causer_of(verb, lex) == head:
            return subjects_of(head, lex, depth + 1)[0], True  # ont fait sauter: faire sauter is the predicate
        if is_in(head, lex.causative_verbs):
            return [], True  # faire craindre: the causer does not do the fearing
        if is_in(head, lex.object_control_verbs):
            controller = _controller(head, lex)
            if controller:
                return expand(controller, lex), True
        if head.dep_ == "acl" and head.head.pos_ in ("NOUN", "PROPN"):
            return expand([head.head], lex), True
        return subjects_of(head, lex, depth + 1)[0], True
    if dep in ("acl", "advcl") and is_present_participle(verb) and _after_comma(verb):
        # …, dans le sud du pays, blessant quatre personnes: set off by a comma, the participle
        # says more of the clause's subject, not of the noun before it
        clause = head
        while clause.pos_ not in ("VERB", "AUX") and clause.head != clause:
            clause = clause.head
        if is_in(verb, lex.speech_verbs) and clause.dep_ == "ccomp" and is_in(clause.head, lex.speech_verbs):
            # a affirmé que ses unités avaient abattu 20 drones, dénonçant une attaque: the one who
            # denounces is the speaker, not the subject of what was said
            clause = clause.head
        return subjects_of(clause, lex, depth + 1)[0], True
    if dep == "acl" and head.pos_ in ("NOUN", "PROPN", "PRON"):
        if is_infinitive(verb):
            # exhorter les autorités à protéger, permettre aux réfugiés de regagner: the parser
            # hangs the infinitive on the object
            if head.dep_ in ("obj", "iobj", "obl:arg") and is_in(head.head, lex.object_control_verbs):
                return expand([head], lex), True
            return [], True
        if is_present_participle(verb) or has_child(verb, "obj"):
            return [antecedent(head, lex)], True
        return [], True
    if dep == "amod" and is_present_participle(verb):
        if _participle_before_object(verb):
            # …, blessant cinq personnes: hung on its object, the participle still says more of the
            # clause's subject
            clause = next((a for a in head.ancestors if is_verb(a)), None)
            return (subjects_of(clause, lex, depth + 1)[0] if clause is not None else []), True
        return [head], True
    if (dep == "advcl" and not is_finite(verb)) or (_tagged_as_noun(verb) and is_verb(head)):
        # gerunds, participles and infinitives share the subject of the verb they depend on
        return subjects_of(head, lex, depth + 1)[0], True
    return [], False


def _relative_subject(verb: Token, subject: Token, lex: Lexicon) -> Token:
    """What the relative "qui" subject of ``verb`` stands for, where the noun it hangs on cannot be it.

    * l'attaque contre un poste, dans le nord du pays, qui a blessé quatre soldats: a place wounds
      nobody; the act named before it does.
    * une milice de plusieurs milliers d'hommes qui affirme …: a singular verb agrees with the
      singular noun the plural complement hangs on.
    """
    if not is_relative(subject) or subject.lower_ not in lex.relative_subject_pronouns:
        return subject
    base = antecedent(subject, lex)
    if base == subject or base.pos_ == "PRON":
        return subject
    placed = entity_kind(base, [base], lex) == "place" or (
        base.dep_ == "nmod" and entity_kind(base.head, [base.head], lex) == "place")  # le nord du pays
    if placed and is_consequence(verb, lex):
        acts = [t for t in base.sent if t.i < base.i and t.pos_ == "NOUN" and (
            t.lemma_.lower() in lex.event_types or t.lemma_.lower() in lex.nominalizations)]
        if acts:
            return acts[-1]
    number = morph(next((a for a in verb.children if a.dep_.startswith("aux")), verb), "Number")
    if is_finite(verb) and "Sing" in number and "Plur" in morph(base, "Number"):
        noun = base
        while noun.dep_ == "nmod" and noun.head.pos_ == "NOUN" and "Plur" in morph(noun, "Number"):
            noun = noun.head
        if noun != base and "Sing" in morph(noun, "Number"):
            return noun
    return subject


def _tagged_as_noun(verb: Token) -> bool:
    """An infinitive the tagger took for a noun (avant d'incendier l'école), retagged since: the
    parser hung it as a complement (obl), and its object beside it."""
    return is_infinitive(verb) and verb.dep_ in ("obl", "obl:mod", "nmod") and has_child(verb, "case")


def _repaired_object(verb: Token) -> list[Token]:
    """The parser sometimes hangs a participle's or a mistagged infinitive's object elsewhere
    (combattant l'EI, avant d'incendier l'école): take the next noun."""
    mistagged = _tagged_as_noun(verb)
    if not (is_present_participle(verb) or mistagged) or has_child(verb, "obj", "ccomp", "xcomp"):
        return []
    doc = verb.doc
    i = verb.i + 1
    while i < len(doc) and (doc[i].pos_ in ("DET", "NUM") or doc[i].text in ("«", '"', "“")):
        i += 1
    deps = ("nmod", "obj", "appos") + (("obl:mod", "obl") if mistagged else ())
    if i < len(doc) and doc[i].pos_ in ("NOUN", "PROPN") and doc[i].dep_ in deps \
            and not has_child(doc[i], "case") and doc[i].head != verb:
        return [doc[i]]
    return []


def _misplaced_objects(verb: Token, lex: Lexicon) -> list[Token]:
    """Objects the parser hung elsewhere.

    * ``a entraîné à deux reprises la fermeture de …``: the object hangs on a time phrase;
    * ``a lancé trois missiles depuis les zones``: the object hangs on the oblique taken for the object.
    """
    def temporal(token: Token) -> bool:
        return is_in(token, lex.temporal_heads) or month_word(token.lower_, lex) in lex.months

    out = []
    for child in verb.children:
        # a visé le 23 juin des églises: a date is a time phrase too, its month holding the object
        dated = child.pos_ == "NUM" and any(n.dep_ == "nmod" and n.lower_ in lex.months for n in child.children)
        time_phrase = child.dep_.startswith("obl") and (temporal(child) or dated)
        wrong_object = child.dep_ == "obj" and _has_real_case(child, lex)
        if time_phrase or wrong_object:
            # no preposition, or only a partitive article the parser took for one (des tirs);
            # vendredi soir un cargo: look down the time phrase's own complements
            chain = [child] + [n for n in child.subtree if n.dep_ == "nmod" and temporal(n)]
            # frappé Kherson jeudi: the parser may even make the name the day's determiner
            out += [n for n in child.children if n.dep_ == "det" and n.pos_ == "PROPN" and n.i > verb.i
                    and time_phrase]
            out += [n for link in chain for n in link.children if n.dep_ == "nmod" and not _has_real_case(n, lex)
                    and not any(c.dep_ == "case" and c.lower_ in lex.genitive_forms for c in n.children)
                    and n.pos_ in ("NOUN", "PROPN") and n.i > verb.i and not temporal(n)]
            # … des églises, des synagogues et un poste: the parser coordinates them with the month
            out += [n for link in chain if link.lower_ in lex.months for n in link.children
                    if n.dep_ == "conj" and n.pos_ in ("NOUN", "PROPN") and not temporal(n) and out]
    return out


def _taken_by_closing_speech_verb(verb: Token, lex: Lexicon) -> list[Token]:
    """``a frappé vendredi un cargo …, a indiqué l'agence``: the parser makes the object the subject
    of the verb of saying that closes the sentence."""
    doc = verb.doc
    for token in doc[verb.i + 1 : verb.sent.end]:
        if token.pos_ in ("VERB", "AUX") and not token.dep_.startswith("aux"):
            return []  # only up to the next verb
        speech = token.head
        if token.dep_ != "nsubj" or token.pos_ not in ("NOUN", "PROPN") or speech.i < token.i:
            continue
        if speech.head == verb and is_in(speech, lex.speech_verbs):
            first = min([speech] + [c for c in speech.children if c.dep_.startswith("aux")], key=lambda t: t.i)
            if doc[first.i - 1].text == ",":
                return [token]
    return []


def _has_real_case(token: Token, lex: Lexicon) -> bool:
    """Has the noun a preposition, not only an article the parser took for one (des, du, de)?"""
    articles = union(lex.article_prepositions, lex.genitive_forms)
    return any(c.dep_ == "case" and c.lower_ not in articles for c in token.children)


def _coordinated_elsewhere(arg: Token, lex: Lexicon) -> list[Token]:
    """``visé le village ainsi que deux positions``, ``s'en sont pris à Dori, près de Gao, ainsi
    qu'aux villages``: a conjunct the parser hung on the verb instead, as a sibling that opens with
    its coordinator and has the argument's preposition."""
    out = []
    for token in arg.head.children:
        if token.i <= arg.i or token.pos_ not in ("NOUN", "PROPN") or token in out:
            continue
        if token.dep_ not in ("conj", "obj", "obl", "obl:mod", "obl:arg"):
            continue
        opens = any(c.dep_ == "cc" and c.i < token.i for c in token.children)
        between = arg.doc[arg.right_edge.i + 1 : token.left_edge.i]
        if opens and preposition(token, lex) == preposition(arg, lex) and not any(is_verb(t) for t in between) \
                and not _continues_a_toll(token, arg, lex):
            out.append(token)
    return out


def _continues_a_toll(token: Token, arg: Token, lex: Lexicon) -> bool:
    """``l'attentat qui a fait six morts et 13 blessés``: a toll after a toll that ends the argument's
    own clause goes on with that toll; it is no second argument of the verb."""
    tolls = union(lex.killed_words, lex.injured_words)
    return is_in(token, tolls) and any(is_in(t, tolls) for t in arg.subtree if arg.i < t.i < token.i)


def _object_of_a_later_verb(verb: Token, obj: Token) -> bool:
    """``tuant dix personnes et incendiant plusieurs maisons``: the parser hangs the second
    participle's object on the first, which has its own object before the coordinated verb."""
    doc = verb.doc
    earlier = [o for o in verb.children if o.dep_ == "obj" and o.i < obj.i]
    return bool(earlier) and any(is_verb(t) and t.dep_ == "conj" and t.i > earlier[0].i
                                 for t in doc[earlier[0].i + 1: obj.left_edge.i])


def _participle_before_object(verb: Token) -> bool:
    """``…, blessant cinq personnes``: a present participle after a comma that the parser hung, as
    an adjective, on the noun that follows it, its object."""
    return verb.dep_ == "amod" and _after_comma(verb) and verb.head.i > verb.i and verb.head.pos_ in ("NOUN", "PROPN")


def objects_of(verb: Token, folded: list[Token], lex: Lexicon) -> list[Token]:
    relative = [c for c in verb.children if is_relative_que(c, lex)]
    if relative and not any(c.dep_ == "obj" and c.i > verb.i and c.pos_ in ("NOUN", "PROPN") for c in verb.children):
        # les écoles, qu'elles accusent …, des accusations que …: the relative's antecedent is the
        # object; a noun set off by a comma after the clause is a comment on it
        return [o for o in expand(relative, lex) if is_participant_head(o, lex)]
    if _where_subject(verb, lex) is not None:
        return []
    objs = [c for c in verb.children if c.dep_ == "obj" and c not in folded and not _has_real_case(c, lex)
            and not _de_complement(verb, c, lex) and not _object_of_a_later_verb(verb, c)]
    if is_present_participle(verb) and _participle_before_object(verb):
        objs.append(verb.head)
    objs += _misplaced_objects(verb, lex)
    objs += [c for o in objs for c in _coordinated_elsewhere(o, lex) if c not in objs]
    # a adopté lundi des sanctions: the parser takes the day for the object, the object for its complement
    objs = [
        next((n for n in o.children if n.dep_ == "nmod" and n.i > o.i), o) if is_in(o, lex.temporal_heads) else o
        for o in objs
    ]
    objs += [c for c in verb.children if c.dep_ == "xcomp" and c.pos_ in ("NOUN", "PROPN") and not has_child(c, "case")
             and c not in folded]  # a pris le pouvoir: the idiom's noun, tagged a complement, is no object
    if not objs:
        objs = _taken_by_closing_speech_verb(verb, lex)
    if not objs:
        # frappé Kiev mercredi: a name right after the verb with no preposition is its object
        objs = [c for c in verb.children if c.dep_ in OBLIQUE_DEPS and c.pos_ == "PROPN" and c.i > verb.i
                and not has_child(c, "case") and not _after_comma(c.left_edge)]
    objs = objs or _repaired_object(verb) or _partitive_object(verb, lex) or _object_after_parenthesis(verb, lex) \
        or _shared_object(verb, lex) or _object_on_the_modal(verb, lex)
    return [o for o in expand(objs, lex) if (is_participant_head(o, lex) or o.pos_ == "PRON")
            and not (o.dep_ == "conj" and _continues_a_toll(o, o.head, lex))]


def _object_on_the_modal(verb: Token, lex: Lexicon) -> list[Token]:
    """``devait présider samedi une réunion``: the parser hangs the infinitive's object, after a time
    phrase, on the verb the infinitive depends on."""
    head = verb.head
    infinitive = is_infinitive(verb) or verb.lower_ == verb.lemma_.lower()  # présider, whatever its morphology says
    if verb.dep_ != "xcomp" or not infinitive or head == verb:
        return []
    return [c for c in head.children if c.dep_ in ("obl", "obl:mod") and c.i > verb.i
            and c.pos_ in ("NOUN", "PROPN") and not has_child(c, "case") and not is_in(c, lex.temporal_heads)][:1]


def _object_after_parenthesis(verb: Token, lex: Lexicon) -> list[Token]:
    """``ont signé à Lomé, au Togo, un accord``: after a place set off by commas the parser
    coordinates the object with the place, or sets it in apposition to it; a noun with its
    indefinite article and no preposition is the object, and so is one with any article after a
    channel (a revendiqué, sur son compte Telegram, l'attaque), which names no place to describe,
    whether the parser hangs it on the channel or on the verb."""
    for obl in verb.children:
        if not obl.dep_.startswith("obl"):
            continue
        channel = is_in(obl, lex.channel_heads)
        articles = ("Ind", "Def") if channel else ("Ind",)
        siblings = [c for c in verb.children if c.i > obl.right_edge.i and c.dep_.startswith("obl")][:1] \
            if channel else []
        for conj in list(obl.children) + siblings:
            first = min((t for t in conj.subtree if not t.is_punct), key=lambda t: t.i, default=conj)
            if conj.dep_ in ("conj", "appos", "obl", "obl:mod") and conj.pos_ == "NOUN" and _after_comma(first) \
                    and any(c.dep_ == "det" and set(articles) & set(morph(c, "Definite")) for c in conj.children) \
                    and not any(c.dep_ in ("case", "cc") for c in conj.children):
                return [conj]
    return []


def _shared_object(verb: Token, lex: Lexicon) -> list[Token]:
    """``ont encerclé puis attaqué le village``: a verb with no object of its own, coordinated with a
    verb that has one, shares it (an act's verb only: ont fui puis tiré … is no shared object)."""
    if verb.lemma_.lower() not in lex.event_types or has_child(verb, "obj", "ccomp", "xcomp") or _is_reflexive(verb):
        return []
    for conj in verb.children:
        # the coordinator right after the verb: encerclé puis attaqué (not blessé à l'arme puis …)
        right_after = any(c.dep_ == "cc" and c.i == verb.i + 1 for c in conj.children)
        if conj.dep_ == "conj" and is_verb(conj) and right_after and not has_child(conj, "nsubj", "nsubj:pass"):
            objects = [c for c in conj.children if c.dep_ == "obj" and not _has_real_case(c, lex)]
            if objects:
                return objects
    return []


def _de_complement(verb: Token, noun: Token, lex: Lexicon) -> bool:
    """``provenaient des collines``: after a verb whose complement takes "de", the ``des`` or ``du``
    that the parser took for an article is "de" with the definite article; the noun is no object."""
    return noun.dep_ == "obj" and noun.i > verb.i and is_in(verb, lex.de_complement_verbs) and any(
        c.dep_ in ("det", "case") and c.i < noun.i and c.lower_ in lex.partitive_articles for c in noun.children)


def _de_complement_preposition(noun: Token, lex: Lexicon) -> str:
    """The preposition that the article of a :func:`_de_complement` holds (des: de)."""
    article = next((c for c in noun.children if c.dep_ in ("det", "case") and c.lower_ in lex.partitive_articles), None)
    return lex.preposition_contractions.get(article.lower_, "") if article is not None else ""


def _partitive_object(verb: Token, lex: Lexicon) -> list[Token]:
    """``incendiant des voitures``, ``utilise souvent des drones``: the parser takes the plural article
    ``des`` for the preposition and the object for a complement.  Right after a verb with no object
    of its own (adverbs between), it is the object; not after a pronominal verb (s'emparer des
    villages) or a verb whose complement takes "de" (provenir des positions rebelles)."""
    if _is_reflexive(verb) or is_in(verb, lex.de_complement_verbs):
        return []
    for child in verb.children:
        if child.i <= verb.i or child.dep_ not in ("nmod", "obl", "obl:arg", "obl:mod") or child.pos_ != "NOUN":
            continue
        cases = [c for c in child.children if c.dep_ == "case"]
        if len(cases) != 1 or cases[0].lower_ not in lex.partitive_articles:
            return []
        between = verb.doc[verb.i + 1:cases[0].i]
        return [child] if all(t.pos_ == "ADV" for t in between) else []
    return []


def _parenthetical(arg: Token, verb: Token) -> bool:
    """A place set off by commas (Zaporijjia, dans le sud du pays, …) is a circumstance."""
    doc = arg.doc
    first = arg.left_edge
    before = doc[first.i - 1] if first.i > 0 else None
    if before is not None and before.text == "," and first.i > verb.i:
        return True
    last = arg.right_edge
    after = doc[last.i + 1] if last.i + 1 < len(doc) else None
    return first.i < verb.i and after is not None and after.text == ","


def obliques_of(verb: Token, folded: list[Token], lex: Lexicon, agents: list[Token]) -> list[tuple[str, Token]]:
    out: list[tuple[str, Token]] = []
    # servir de base aux …; but the "d'alarme" of "tirer la sonnette d'alarme" is the idiom's own
    key_words = set(verb_key_words(verb, lex))
    extra: list[Token] = [c for f in folded for c in f.children if c.dep_ == "nmod" and c.lower_ not in key_words]
    # tirer des roquettes sur le nord d'Israël: a directional phrase after the object is the verb's
    lifted = [
        c for o in verb.children if o.dep_ == "obj" and is_in(verb, lex.firing_verbs)
        for c in o.children if c.dep_ == "nmod" and preposition(c, lex) in lex.directional_prepositions
    ]
    # attribuer les attentats aux services: whom an act is imputed to, hung on the act, is the verb's
    lifted += [
        c for o in verb.children if o.dep_ == "obj" and is_in(verb, lex.attribution_verbs)
        for c in o.children if c.dep_ == "nmod" and preposition(c, lex) in lex.dative_prepositions
    ]
    # attaqué la base avec des drones: a weapon hung on the object is the verb's instrument
    lifted += [
        c for o in verb.children if o.dep_ == "obj"
        for c in o.children if c.dep_ == "nmod" and preposition(c, lex) in lex.accompaniment_prepositions
        and is_in(c, lex.weapon_heads)
    ]
    # disperser les manifestants à coups de gaz: an instrument hung on the object is the verb's
    lifted += [
        c for o in verb.children if o.dep_ == "obj"
        for c in o.children if c.dep_ == "nmod" and is_in(c, lex.instrument_nouns)
    ]
    wrong_objects = [c for c in verb.children if c.dep_ == "obj" and _has_real_case(c, lex)]
    de_complements = [c for c in verb.children if _de_complement(verb, c, lex)]
    # dénoncé une frappe sur un quartier: the target right after an act's noun is the act's
    acts = [o for o in verb.children if o.dep_ == "obj" and o.lemma_.lower() in lex.event_types]
    # fournit des détails sur les opérations: the complement right after an abstract object is the object's
    abstract = [o for o in verb.children if o.dep_ in ("obj", "obl:arg", "obl") and is_in(o, lex.abstract_heads)]
    for child in list(verb.children) + extra + lifted:
        keeps_its_targets = is_in(verb, lex.firing_verbs) or is_in(verb, lex.attribution_verbs)
        if any(child.left_edge.i == act.right_edge.i + 1 for act in acts) and not keeps_its_targets \
                and preposition(child, lex) in lex.target_prepositions:
            continue  # (imputer le rapt aux 400 Mawozo: whom the act is imputed to is the verb's)
        if child in folded or child in agents or _prepositional_noun_before(child, lex) is not None:
            continue
        if any(child.left_edge.i == o.right_edge.i + 1 for o in abstract):
            continue
        if child.dep_ not in OBLIQUE_DEPS + ("obl:agent", "expl:comp") \
                and child not in extra + lifted + wrong_objects + de_complements \
                and not _is_where_as_subject(child, lex):
            continue
        if child.pos_ == "PRON" and child.lower_ in lex.place_pronouns:
            # s'y étaient rassemblés: y stands for a place told before
            out.append((lex.place_pronouns[child.lower_], child))
            continue
        if is_relative(child) and child.lemma_.lower() in lex.relative_place_pronouns:
            out.append((lex.relative_place_pronouns[child.lemma_.lower()], antecedent(child, lex)))
            continue
        prep = _de_complement_preposition(child, lex) if child in de_complements else preposition(child, lex)
        child = _past_distance(child, lex)
        if is_in(child, lex.prepositional_nouns):
            # au large du port: the noun is part of the preposition, the port is the complement
            inner = prepositional_complement(child, lex)
            if inner is None:
                continue
            prep, child = compound_preposition(child, inner, lex), inner
        if not prep or prep in lex.attribution_prepositions or prep not in lex.argument_prepositions:
            continue
        if prep in lex.agent_prepositions:
            continue
        if not is_participant_head(child, lex):  # a channel (dans un communiqué) is none
            continue
        coordinated = any(c.dep_ == "cc" and c.i < child.i for c in child.children)
        if prep not in lex.directional_prepositions and _parenthetical(child, verb) and not coordinated:
            continue
        for conj in expand([child], lex):
            out.append((prep, conj))
    return out


def _past_distance(noun: Token, lex: Lexicon) -> Token:
    """``situé à 30 kilomètres de la frontière``, ``à une cinquantaine de kilomètres de Kiev``: the
    place is what the distance is measured from, not the distance."""
    node = noun
    if node.lemma_.lower() in lex.approximate_numbers or node.like_num:
        node = next((n for n in node.children if n.dep_ == "nmod" and is_in(n, lex.distance_nouns)), node)
    if not is_in(node, lex.distance_nouns):
        return noun
    return next((n for n in node.children if n.dep_ == "nmod" and preposition(n, lex) in lex.genitive_prepositions
                 and is_participant_head(n, lex)), noun)


def compound_preposition(noun: Token, inner: Token, lex: Lexicon) -> str:
    """au large du port, à l'aide de machettes, à coups de gaz: the words before the complement, as written."""
    words = [c for c in noun.children if c.dep_ in ("case", "det") and c.i < noun.i] + [noun]
    text = "".join(t.text_with_ws for t in sorted(words, key=lambda t: t.i)).lower().replace("’", "'")
    return f"{' '.join(text.split())} {preposition(inner, lex)}".replace("' ", "'")


def agents_of(verb: Token, lex: Lexicon) -> list[Token]:
    """``par X`` on a passive verb (the parser's obl:agent without ``par`` is a mistake)."""
    agents = [
        c for c in verb.children
        if c.dep_ in ("obl:agent", "obl", "obl:mod", "obl:arg") and preposition(c, lex) in lex.agent_prepositions
        and not _manner_after_par(c, lex)
    ]
    return expand(agents, lex)


# ---------------------------------------------------------------- clauses


def causer_of(verb: Token, lex: Lexicon) -> Token | None:
    """The causative verb that makes an infinitive its predicate's first word (ont fait sauter un
    pont, s'est fait exploser): the parser hangs it on the infinitive, or the infinitive on it."""
    if not is_infinitive(verb):
        return None
    hung = next((c for c in verb.children if c.i < verb.i and c.dep_ in ("dep", "aux", "aux:caus")
                 and is_in(c, lex.causative_verbs)), None)
    if hung is not None:
        return hung
    head = verb.head
    if verb.dep_ == "xcomp" and head.i < verb.i and is_in(head, lex.causative_verbs) and not has_child(head, "obj"):
        return head
    return None


def _manner_after_par(noun: Token, lex: Lexicon) -> bool:
    """``libérés par petits groupes``, ``tué par erreur``: a bare noun after "par" is a manner, no
    agent; but an act is (tuées par frappes aériennes, in the short style of news)."""
    bare = noun.pos_ == "NOUN" and not any(d.dep_ in ("det", "nummod") for d in noun.children) \
        and not any(d.dep_ == "case" and d.lower_ in lex.article_prepositions for d in noun.children)
    return bare and noun.lemma_.lower() not in lex.event_types


def verbal_clause(verb: Token, lex: Lexicon) -> Clause | None:
    lemma = verb.lemma_.lower()
    if lemma in lex.auxiliary_verbs and not has_child(verb, "obj", "obl:arg"):
        return None
    if is_in(verb, lex.causative_verbs) and any(causer_of(c, lex) == verb for c in verb.children):
        return None  # ont fait sauter le pont: the infinitive's clause tells it
    folded, idiom = fixed_expression(verb, lex)
    causer = causer_of(verb, lex)
    if causer is not None:
        lemma = f"{causer.lemma_.lower()} {lemma}"
    base = with_reflexive(lemma, verb, lex)
    key = f"{base} {idiom}".strip()
    # a verb of saying gives no relation of its own: what it says is kept (and attributed)
    speech = (lemma in lex.speech_verbs and has_child(verb, "ccomp", "parataxis")) or key in lex.reporting_verbs \
        or lemma in lex.reporting_verbs

    if is_passive(verb, lex):
        agents = agents_of(verb, lex)
        patients = patients_of(verb, lex)
        if agents:
            return Clause(verb, key, key, agents, objects=patients,
                          obliques=obliques_of(verb, folded, lex, agents), rule="passive", speech=speech)
        predicate = lex.rules.stative(f"{participle_form(verb, lex)} {idiom}".strip())
        return Clause(verb, predicate, key, patients, obliques=obliques_of(verb, folded, lex, []),
                      passive=True, rule="state" if lemma in lex.state_participles else "passive")

    subjects, inherited = subjects_of(verb, lex)
    return Clause(
        verb, key, key, subjects,
        objects=objects_of(verb, folded, lex),
        obliques=obliques_of(verb, folded, lex, []),
        inherited=inherited, speech=speech, idiom=any(f.dep_ == "obj" for f in folded),
    )


def copular_clause(pred: Token, lex: Lexicon, hedged_by: Token | None = None) -> Clause | None:
    """X est l'œuvre de Y, X est proche de Y, X était derrière Y: a relation stated with être."""
    subjects, inherited = subjects_of(pred, lex)
    if hedged_by is not None:
        subjects, inherited = subjects_of(hedged_by, lex)
    form = pred.lemma_.lower() if pred.pos_ != "ADJ" or is_in(pred, lex.relational_nouns) \
        else participle_form(pred, lex)
    prep = preposition(pred, lex)
    complements = [c for c in pred.children if c.dep_ in ("nmod", "obl", "obl:arg", "obl:mod") and preposition(c, lex)]
    if prep:
        if is_in(pred, lex.relational_nouns) and complements:
            inner = preposition(complements[0], lex)
            return Clause(pred, lex.rules.stative(f"{prep} {form} {inner}"), form, subjects,
                          objects=expand(complements[:1], lex), copula=True, inherited=inherited, rule="copula")
        bare = pred.pos_ == "NOUN" and not any(c.dep_ in ("det", "nummod") for c in pred.children) \
            and not pred.ent_type_
        if not is_participant_head(pred, lex) or bare:
            return None  # être en mesure de, être en visite: a state, not a relation
        return Clause(pred, lex.rules.stative(prep), prep, subjects, objects=[pred], copula=True,
                      inherited=inherited, rule="copula")
    if not (is_in(pred, lex.relational_nouns) or pred.pos_ == "ADJ"):
        return None
    if "Ord" in morph(pred, "NumType") or is_in(pred, lex.latter_heads):
        return None  # ce raid est le dernier d'une série: a rank, no relation
    if is_in(pred, union(lex.killed_words, lex.injured_words)):
        return None  # cinq personnes sont mortes dans une explosion: a toll, no relation
    obliques = [
        (preposition(c, lex), conj)
        for c in complements
        if is_participant_head(c, lex) and preposition(c, lex) not in lex.attribution_prepositions
        for conj in expand([c], lex)
    ]
    if not obliques:
        return None
    return Clause(pred, lex.rules.stative(form), form, subjects, obliques=obliques, copula=True,
                  inherited=inherited, rule="copula")


def clauses(sent: Span, lex: Lexicon) -> list[Clause]:
    """Every clause of the sentence that has a predicate and at least one argument."""
    out: list[Clause] = []
    for token in sent:
        clause: Clause | None = None
        if token.pos_ in ("NOUN", "PROPN", "ADJ", "PRON", "NUM") and has_child(token, "cop"):
            clause = copular_clause(token, lex)
        elif is_verb(token):
            if is_in(token, lex.hedge_verbs):
                # des groupes semblent être les auteurs de …: sembler + noun is a hedged copula
                nouns = [c for c in token.children if c.dep_ in ("obj", "xcomp") and c.pos_ in ("NOUN", "ADJ")]
                if nouns:
                    clause = copular_clause(nouns[0], lex, hedged_by=token)
                    if clause:
                        clause.rule = "copula"
            else:
                clause = verbal_clause(token, lex)
        elif _qualifies(token, lex):
            clause = adjectival_clause(token, lex)
        if clause is not None and (clause.subjects or clause.objects or clause.obliques):
            out.append(clause)
    return out


def _purpose(infinitive: Token, lex: Lexicon) -> bool:
    """pour obtenir, afin de libérer: an infinitive introduced by a purpose word, which the parser
    may make its marker, its case or the word it hangs on (afin ← de provoquer)."""
    markers = [c for c in infinitive.children if c.dep_ in ("mark", "case")]
    markers += [f for m in markers for f in m.children if f.dep_ == "fixed"]
    if infinitive.head.pos_ == "ADV" and infinitive.head.i < infinitive.i:
        markers.append(infinitive.head)
    return any(is_in(m, lex.purpose_markers) for m in markers)


@per_token
def is_irrealis(verb: Token, lex: Lexicon) -> bool:
    """Is the clause the complement of a threat, a promise, a call (menacer de frapper), or a purpose
    (pour obtenir, afin de libérer)?"""
    node = verb
    for _ in range(3):
        if is_infinitive(node) and _purpose(node, lex):
            return True
        marks = [c for c in node.children if c.dep_ == "mark"]
        if any(m.lower_ in lex.complementizer_forms for m in marks) \
                and any(is_in(m, lex.purpose_markers) for m in marks):
            return True  # insistent pour que les troupes quittent le pays: wanted, not done
        sequenced = any(c.dep_ == "mark" and is_in(c, lex.sequence_prepositions) for c in node.children)
        if is_infinitive(node) and sequenced and is_passive(node.head, lex):
            return True  # abattus avant d'atteindre leur cible: stopped before; but pillé avant d'incendier
        head, dep = effective_head(node, lex)
        if dep == "conj" and is_infinitive(node) and is_infinitive(head):
            node = head  # convenu de cesser les combats et de procéder à …: the second shares the first's fate
            head, dep = effective_head(node, lex)
        if head == node or dep not in ("xcomp", "acl", "advcl", "ccomp"):
            return False
        if dep == "acl" and head.dep_ in ("obj", "iobj") and is_infinitive(node):
            head = head.head  # appeler les habitants à rester: the infinitive hangs on the object
        if is_in(head, lex.irrealis_verbs) and (is_infinitive(node) or dep == "xcomp"):
            return True
        if dep != "xcomp":
            return False
        node = head
    return False


def _qualifies(token: Token, lex: Lexicon) -> bool:
    """An adjective on a noun, or a fronted relational noun (Allié du Hamas, …)."""
    if token.pos_ == "ADJ":
        return token.dep_ in ("amod", "acl", "advcl", "appos", "conj")
    return token.pos_ == "NOUN" and token.dep_ == "advcl" and is_in(token, lex.relational_nouns)


def adjectival_clause(adj: Token, lex: Lexicon) -> Clause | None:
    """An adjective with a complement states a relation of the noun it qualifies (camp proche d'El-Fasher).

    A fronted one (Allié du Hamas, le Hezbollah …) qualifies the subject of the main clause.
    """
    if is_in(adj, lex.hedge_words) or adj.head.lemma_.lower() in lex.event_types:
        return None  # une frappe israélienne contre X: the event noun's, not the adjective's
    complements = [
        c for c in adj.children
        if c.dep_ in ("obl", "obl:arg", "obl:mod", "nmod")
        and preposition(c, lex) in lex.adjective_prepositions and is_participant_head(c, lex)
    ]
    if not complements:
        return None
    if adj.dep_ == "advcl":
        subjects, _ = subjects_of(adj.head, lex)
    else:
        # une ville de 400 000 habitants proche de la frontière: the town is near
        noun = qualified_noun(adj, adj.head)
        # an apposition's qualities are those of what it is in apposition to
        subjects = [noun.head] if noun.dep_ == "appos" else [antecedent(noun, lex)]
    form = participle_form(adj, lex) if adj.pos_ == "ADJ" and not is_in(adj, lex.relational_nouns) \
        else adj.lemma_.lower()
    obliques = [(preposition(c, lex), conj) for c in complements for conj in expand([c], lex)]
    return Clause(adj, lex.rules.stative(form), form, subjects, obliques=obliques, copula=True, inherited=True,
                  rule="adjective")
