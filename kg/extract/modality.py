"""How a clause is stated: negated or not, hedged or not, and on whose word.

* negation: ``ne … pas / jamais / plus``, ``aucun`` / ``personne`` / ``rien`` as an argument,
  ``sans`` + infinitive; carried down from a modal or control verb to its infinitive;
* hedging: the journalistic conditional (``seraient arrivés``), ``sembler`` / ``paraître``,
  hedge words (``probable``, ``présumé``, ``soupçonné``) on the clause or its arguments;
* attribution: ``selon X`` / ``d'après X`` on the clause or above it, the clause being the
  complement of a verb of saying (``X a déclaré que …``, ``X affirme avoir …``), or a verb of
  saying with its subject after it closing the sentence (``…, a annoncé le maire``).
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Span, Token

from kg.extract.clauses import (
    agents_of,
    antecedent,
    is_irrealis,
    is_passive,
    subjects_of,
    verb_key_words,
)
from kg.extract.phrases import is_in, preposition
from kg.extract.tokens import morph, per_token
from kg.lexicon import Lexicon
from kg.model import Modality

MODAL_LINKS = ("xcomp", "acl", "advcl", "ccomp")


def _negates(child: Token, low: str, lex: Lexicon) -> bool:
    """Is the dependent a word of negation: an adverb (pas, jamais), or an argument that is or has a
    negative determiner (personne, aucun blessé)?"""
    if child.dep_ == "advmod":
        return low in lex.negation_adverbs
    return child.dep_ in ("nsubj", "nsubj:pass", "obj") and (
        low in lex.negation_determiners
        or any(d.text.lower() in lex.negation_determiners for d in child.children if d.dep_ == "det"))


def _children_negate(head: Token, lex: Lexicon) -> bool:
    has_ne = False
    negator = False
    for child in head.children:
        low = child.text.lower()
        if low in lex.negation_particles:
            has_ne = True
        elif _negates(child, low, lex):
            negator = True
        elif child.dep_ == "mark" and low in lex.privative_markers:
            return True
        elif child.dep_ == "cc" and low in lex.negative_conjunctions:
            return True  # n'ont ni confirmé ni démenti
    if has_ne and not negator and is_in(head, lex.bare_ne_verbs) \
            and not any(g.lower_ in lex.complementizer_forms and g.dep_ in ("advmod", "mark", "cc")
                        for c in [head, *head.children] for g in c.children):
        return True  # l'AFP n'a pu vérifier: a bare ne negates pouvoir (but n'a pu que constater restricts)
    # "plus" and "point" need their "ne"; "pas" and "jamais" are negative on their own
    if negator and not has_ne:
        return any(c.dep_ == "advmod" and c.text.lower() in lex.standalone_negators for c in head.children) or any(
            c.dep_ in ("nsubj", "nsubj:pass", "obj") for c in head.children
            if c.text.lower() in lex.negation_determiners
        )
    return negator


@per_token
def is_negated(head: Token, lex: Lexicon) -> bool:
    """Does the text deny this clause?  Negation of a modal or control verb carries to its complement."""
    if _children_negate(head, lex):
        return True
    if head.dep_ in ("xcomp",) and head.head != head:
        return _children_negate(head.head, lex)
    return False


def _mood_conditional(token: Token, lex: Lexicon) -> bool:
    for word in [token] + [c for c in token.children if c.dep_.startswith("aux") or c.dep_ == "cop"]:
        moods = {mood.lower() for mood in morph(word, "Mood")}  # the lexicon folds its words, UD writes Cnd
        if not lex.hedge_moods.isdisjoint(moods) or word.lower_ in lex.conditional_forms:
            return True
    return False


def is_hedged(head: Token, lex: Lexicon, arguments: Sequence[Token] = ()) -> bool:
    """Is the clause stated with doubt?  Looks at the clause, its arguments, and the verbs above it."""
    if _mood_conditional(head, lex):
        return True
    if any(c.dep_ in ("advmod", "amod") and is_in(c, lex.hedge_words) for c in head.children):
        return True
    for arg in arguments:
        if any(c.dep_ in ("amod", "acl", "advmod") and is_in(c, lex.hedge_words) for c in arg.children):
            return True
    node = head
    for _ in range(6):
        parent = node.head
        if parent == node:
            break
        if is_in(parent, lex.hedge_verbs) or (is_in(parent, lex.hedge_words) and node.dep_ in MODAL_LINKS):
            return True
        if node.dep_ in MODAL_LINKS and any(c.dep_ == "advmod" and is_in(c, lex.hedge_words) for c in parent.children):
            return True  # ils sont apparemment parvenus à fuir: the doubt on the verb covers its infinitive
        if node.dep_ not in MODAL_LINKS + ("conj",):
            break
        node = parent
    return False


@per_token
def _attribution_child(token: Token, lex: Lexicon) -> Token | None:
    for child in token.children:
        # D'après des sources, … : the parser may make the fronted phrase the verb's subject
        is_complement = child.dep_.startswith("obl") or child.dep_ in ("nmod", "nsubj")
        if is_complement and preposition(child, lex) in lex.attribution_prepositions:
            # un officier selon lequel …: the relative pronoun stands for the officer
            return _behind_channel(antecedent(child, lex), lex)
    return None


def _behind_channel(token: Token, lex: Lexicon) -> Token:
    """Selon un communiqué de l'armée: the source is the army, the communiqué is its channel."""
    if is_in(token, lex.channel_heads):
        for child in token.children:
            if child.dep_ == "nmod" and preposition(child, lex) in lex.genitive_prepositions:
                return child
    return token


def speaker_of(verb: Token, lex: Lexicon) -> Token | None:
    """The subject of a verb of saying, also when it follows the verb as an object (…, a annoncé le maire);
    of a passive one its agent (ils sont accusés par l'armée de …), if it has one: its subject is
    who is spoken of, not who speaks."""
    if is_passive(verb, lex):
        agents = agents_of(verb, lex)
        return agents[0] if agents else None
    subjects, _ = subjects_of(verb, lex)
    if subjects:
        return subjects[0]
    for child in verb.children:
        if child.dep_ == "obj" and child.i > verb.i:
            return child
    return None


def _que_clause_on_complement(node: Token, parent: Token, lex: Lexicon) -> bool:
    return (
        node.dep_ == "acl"
        and any(c.dep_ == "mark" and c.lower_ in lex.complementizer_forms for c in node.children)
        and parent.dep_.startswith("obl")
        and is_in(parent.head, lex.speech_verbs)
    )


def inverted_speech_verbs(sent: Span, lex: Lexicon) -> dict[int, Token]:
    """Verbs of saying that close a sentence with their subject after them: ``…, a indiqué l'armée``.

    Maps each such verb's index to its speaker.
    """
    out: dict[int, Token] = {}
    for token in sent:
        if token.pos_ != "VERB" or token.i == sent.start \
                or not (is_in(token, lex.speech_verbs) or is_in(token, lex.incise_verbs)):
            continue
        finite_acl = token.dep_ == "acl" and "Ind" in morph(token, "Mood")  # …, vendredi, rapporte la télévision
        if token.dep_ not in ("conj", "parataxis", "ROOT", "ccomp", "advcl", "dep", "xcomp") and not finite_acl:
            continue
        if "Part" in morph(token, "VerbForm") and "Pres" in morph(token, "Tense"):
            continue  # …, évoquant six armes saisies: a participle's object is what is said, not who says it
        first = min([token] + [c for c in token.children if c.dep_.startswith("aux")], key=lambda t: t.i)
        before = sent.doc[first.i - 1] if first.i > sent.start else None
        if before is None or before.text not in (",", "»", "”", '"'):
            # the subject-first reading: "X a déclaré que …" is no inversion
            continue
        # (not a conjunct the parser took for the subject: …, ainsi que deux détenus, a indiqué X)
        closed = [m for c in token.children if c.dep_.startswith("nsubj") and c.i < token.i
                  and not any(g.dep_ == "cc" for g in c.children) for m in c.subtree
                  if m.dep_ in ("acl:relcl", "acl", "appos") and m.right_edge.i == before.i - 1]
        if closed:
            # Les rebelles, qui …, ont nié toute implication: the comma closes a relative clause or an
            # apposition of the subject before the verb
            continue
        speaker = None
        for child in token.children:
            if (child.dep_ in ("nsubj", "obj") and child.i > token.i) or (
                    child.i > first.i and is_inverted_clitic(child, lex)):
                speaker = child
                break
        if speaker is None:
            # a déclaré à l'AFP Mouchir Bachir: the parser hangs the speaker on the channel before it
            # (a name the tagger took for a noun, Charité Banza, has its surname hung on it)
            speaker = next((g for c in token.children if c.dep_.startswith("obl") and c.i > token.i
                            for g in c.children if g.dep_ == "appos" and g.i == c.i + 1 and (
                                g.pos_ == "PROPN" or any(n.dep_ == "flat:name" for n in g.children))), None)
        if speaker is None:
            # ont indiqué dimanche les médias locaux, a déclaré dans un communiqué un porte-parole: hung
            # on the time or the channel before it, with no preposition
            speaker = next((g for c in token.children if c.dep_.startswith("obl") and c.left_edge.i == token.i + 1
                            and (is_in(c, lex.temporal_heads) or c.lower_ in lex.weekdays
                                 or is_in(c, lex.channel_heads))
                            for g in c.children if g.dep_ in ("nmod", "appos") and g.i > c.i
                            and g.pos_ in ("NOUN", "PROPN") and not preposition(g, lex)), None)
        if speaker is not None:
            out[token.i] = speaker
    return out


def is_inverted_clitic(token: Token, lex: Lexicon) -> bool:
    """``a-t-il ajouté``, ``précise-t-elle``: the subject pronoun written after the verb, which stands
    for the speaker quoted before."""
    return token.pos_ == "PRON" and token.text.startswith("-") \
        and token.text.lstrip("-").lower() in lex.inverted_subject_clitics


#: The key under which a sentence's ``inverted`` map holds the speaker of a quotation that goes on
#: into a later sentence (« … . … », a dit X): no token has this index.
QUOTED = -1


def quoted_speakers(sents: list[Span], lex: Lexicon) -> dict[int, Token]:
    """Sentences inside a quotation that a later sentence closes with its speaker (« Nous avons
    repoussé l'attaque. Trois assaillants ont été tués », a déclaré le colonel): sentence index →
    the speaker, whose word every clause of those sentences is."""
    out: dict[int, Token] = {}
    opened: int | None = None
    for index, sent in enumerate(sents):
        text = sent.text
        if index > 0 and _whole_quotation(text) and not inverted_speech_verbs(sent, lex):
            # …, a rapporté l'agence Sana. « Notre défense a repoussé l'attaque. »: the quotation
            # that follows a speaker's sentence is that speaker's word
            before = speaker_of_sentence(sents[index - 1], lex)
            if before is not None:
                out[index] = before
                continue
        closes, open_at_end = _quotation_marks(text, inside=opened is not None)
        if opened is None and open_at_end:
            opened = index  # a quotation opens and does not close in this sentence
            continue
        if opened is not None and closes:
            speakers = list(inverted_speech_verbs(sent, lex).values())
            if speakers:
                for inside in range(opened, index):
                    out[inside] = speakers[0]
            opened = index if open_at_end else None
    return out


def _quotation_marks(text: str, inside: bool) -> tuple[bool, bool]:
    """Reading a sentence that starts ``inside`` a quotation or not: does a quotation close in it,
    and is one open at its end?  « and » open and close; a straight " opens or closes, by turns."""
    closes = False
    for char in text:
        if char in "«“":
            inside = True
        elif char in "»”" or (char == '"' and inside):
            closes = closes or inside
            inside = False
        elif char == '"':
            inside = True
    return closes, inside


def _whole_quotation(text: str) -> bool:
    """Is the sentence one quotation, from its first character to its last (but a full stop)?"""
    text = text.strip().rstrip(".").rstrip()
    return len(text) > 2 and text[0] in "«“" and text[-1] in "»”" and text.count("«") <= 1


def speaker_of_sentence(sent: Span, lex: Lexicon, inverted: dict[int, Token] | None = None) -> Token | None:
    """Who speaks in a sentence: the speaker that closes it (…, a indiqué l'armée), or the subject of
    its main verb of saying (L'armée a déclaré à l'AFP : …).  ``inverted``: the sentence's
    :func:`inverted_speech_verbs`, when the caller has them already."""
    if inverted is None:
        inverted = inverted_speech_verbs(sent, lex)
    if inverted:
        return next(iter(inverted.values()))
    root = sent.root
    if is_in(root, lex.speech_verbs):
        return speaker_of(root, lex)
    return None


def source_of(head: Token, sent: Span, lex: Lexicon, inverted: dict[int, Token]) -> Token | None:
    """Whose word the clause is: the nearest attribution above it, or the sentence's closing speaker."""
    node = head
    for _ in range(8):
        if node is not head and _names_a_source(node, lex):
            return None  # selon l'ONU, qui gère le camp: the journalist says who the source is
        attributed = _attribution_child(node, lex)
        if attributed is not None:
            return attributed
        parent = node.head
        if parent == node:
            break
        if is_in(parent, lex.speech_verbs) and node in (inverted.get(parent.i), speaker_of(parent, lex)):
            return None  # …, a déclaré le ministre, qui a condamné l'attaque: a description of the speaker
        # ont fait état d'une attaque menée par …: what a speech idiom's de-complement tells is its word
        told = node.dep_ in ("ccomp", "xcomp", "parataxis", "obj") or (
            node.dep_ == "obl:arg" and preposition(node, lex) in lex.genitive_prepositions)
        if told and (is_in(parent, lex.speech_verbs) or " ".join(verb_key_words(parent, lex)) in lex.speech_verbs):
            speaker = speaker_of(parent, lex)
            if speaker is not None:
                return speaker
        if _que_clause_on_complement(node, parent, lex):
            # a déclaré à l'AFP que …: the parser hangs the que-clause on the complement
            speaker = speaker_of(parent.head, lex)
            if speaker is not None:
                return speaker
        node = parent
    for verb_index, speaker in inverted.items():
        if verb_index != head.i and not (speaker.i <= head.i <= speaker.right_edge.i):
            return speaker
    return _sentence_attribution(head, sent, lex)


def _names_a_source(token: Token, lex: Lexicon) -> bool:
    """Is ``token`` the noun of an attribution phrase (selon l'armée, d'après des témoins)?"""
    return token.pos_ in ("NOUN", "PROPN", "PRON") and preposition(token, lex) in lex.attribution_prepositions


def _sentence_attribution(head: Token, sent: Span, lex: Lexicon) -> Token | None:
    """``Selon l'armée, …`` opening a sentence or ``…, selon l'armée.`` closing it: whose word every
    clause of the sentence is, wherever the parser hung the phrase."""
    words = [t for t in sent if not (t.is_punct or t.is_space)]
    if not words:
        return None
    for token in sent:
        # any attachment: the parser may even make a closing selon X a conjunct of the clause before
        if not _names_a_source(token, lex):
            continue
        if token.left_edge.i <= head.i <= token.right_edge.i:
            continue  # the clause is inside the source's own phrase
        # the parser may hang the comma before the phrase on it
        phrase = [t for t in token.subtree if not (t.is_punct or t.is_space)]
        first, last = phrase[0], phrase[-1]
        opening = first.i == words[0].i
        closing = last.i == words[-1].i and first.i > 0 and token.doc[first.i - 1].text == ","
        if opening or closing:
            return _behind_channel(token, lex)
    return None


def modality_of(
    head: Token, sent: Span, lex: Lexicon, inverted: dict[int, Token], arguments: Sequence[Token] = ()
) -> tuple[Modality, Token | None]:
    """How the clause or event noun headed by ``head`` is stated, and the token naming its source.

    Hedged wins over reported (``qui seraient arrivés …, a affirmé un responsable`` is hedged, with
    its source kept); what is threatened, promised or called for counts as hedged.
    """
    source = source_of(head, sent, lex, inverted)
    if is_hedged(head, lex, arguments) or is_irrealis(head, lex):
        return "hedged", source
    if source is None and _accused_of(head, lex):
        return "hedged", None  # ils sont accusés d'avoir posé des mines: an allegation, by no one named
    return ("reported" if source is not None else "asserted"), source


def _accused_of(head: Token, lex: Lexicon) -> bool:
    """Is the clause what someone is accused or suspected of (accusés d'avoir posé des mines)?"""
    parent = head.head
    return parent != head and head.dep_ in ("xcomp", "ccomp", "acl", "advcl") \
        and lex.event_types.get(parent.lemma_.lower()) == "accuse"
