"""From clauses to triples: one triple per subject × object (or oblique), with its modality."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from spacy.tokens import Span, Token

from kg.extract.clauses import Clause, is_present_participle
from kg.extract.modality import is_negated, modality_of
from kg.extract.nominal import authorship_modality
from kg.extract.phrases import is_consequence, is_in, make_mention, union
from kg.lexicon import Lexicon
from kg.model import Mention, Triple

AGENT_KINDS = ("person", "armed_group", "state", "organisation")
#: Confidence of each construction: how often, in our reading of parses, it states a true relation.
RULE_CONFIDENCE = {
    "svo": 0.8,
    "passive": 0.75,
    "state": 0.75,
    "copula": 0.65,
    "adjective": 0.6,
    "nominal": 0.6,
    "apposition": 0.55,
}




def _short_of(mention: Mention, qualifier: Token) -> Mention:
    """``une cellule affiliée au groupe EI`` as the subject of ``être affilié à``: the phrase
    without the words that the triple states (the participle and what follows it)."""
    cut = qualifier.left_edge.idx
    if not mention.start < cut < mention.end:
        return mention
    text = mention.text[: max(0, cut - mention.start)].rstrip(" ,")
    if not text or len(text) >= len(mention.text):
        return mention
    return replace(mention, text=text, end=mention.start + len(text))


def _with_aimed_complement(mention: Mention, act: Token, clause: Clause, lex: Lexicon,
                           mention_of: Callable[[Token], Mention | None]) -> Mention:
    """``a dénoncé une frappe sur un quartier résidentiel``: the act's target, which the parser hung on
    the verb right after the act's noun, names the act too (not after a light verb, whose act's
    noun tells the target itself: mener une frappe contre …)."""
    if act.lemma_.lower() not in lex.event_types or is_in(clause.head, lex.light_verbs):
        return mention
    after = next((c for c in clause.head.children if c.left_edge.i == act.right_edge.i + 1
                  and c.dep_.startswith("obl")), None)
    if after is None or after.left_edge.lower_ not in lex.target_prepositions:
        return mention
    target = mention_of(after)
    if target is None:
        return mention
    end = target.end
    text = act.doc.text[mention.start:end]
    return replace(mention, text=" ".join(text.split()), end=end)


def clause_triples(
    clause: Clause,
    sent: Span,
    sent_index: int,
    lex: Lexicon,
    mention_of: Callable[[Token], Mention | None],
    inverted: dict[int, Token],
) -> list[Triple]:
    """The triples a clause states; none for a verb of saying whose content is a clause."""
    if clause.speech or clause.head.i in inverted:
        return []
    if clause.passive and is_in(clause.head, union(lex.killed_words, lex.injured_words)):
        return []  # "dix soldats ont été tués": a toll of an event, not a relation
    negated = is_negated(clause.head, lex) if clause.rule not in ("nominal", "apposition") else False
    arguments = clause.subjects + clause.objects + [o for _, o in clause.obliques]
    if clause.authorship is not None:
        modality, source_token = authorship_modality(clause.authorship, sent, lex, inverted)
    else:
        modality, source_token = modality_of(clause.head, sent, lex, inverted, arguments)
    if source_token is not None and source_token in clause.subjects and is_present_participle(clause.head):
        # …, dénonçant une attaque: what the speaker does while speaking is told by the journalist
        source_token, modality = None, "asserted" if modality == "reported" else modality
    source = mention_of(source_token) if source_token is not None else None
    confidence = RULE_CONFIDENCE.get(clause.rule, 0.6) - (0.1 if clause.inherited else 0.0)

    pairs: list[tuple[Token, str, Token]] = []
    places_only: set[int] = set()  # obliques that may only name a participant if it is not a place
    for subject_token in clause.subjects:
        for object_token in clause.objects:
            pairs.append((subject_token, clause.predicate, object_token))
        for prep, object_token in clause.obliques:
            if not clause.objects and clause.predicate in lex.empty_verbs and not clause.passive:
                break  # faire de la sécurité une priorité à Benghazi: no faire à Benghazi
            # beside a direct object only complements aimed at someone are kept (tirer des obus sur X)
            if clause.objects and prep not in lex.target_prepositions:
                continue
            if clause.passive and clause.rule == "passive" and prep not in lex.passive_target_prepositions:
                continue  # a passive with no agent is an event, not a relation, except against a target
            if clause.objects and prep in lex.dative_prepositions:
                places_only.add(object_token.i)  # enlever des missionnaires à l'est de …: to an agent, not where
            pairs.append((subject_token, f"{clause.predicate} {prep}", object_token))

    out = []
    seen: set[tuple[tuple[int, int], tuple[int, int]]] = set()
    for subject_token, predicate, object_token in sorted(pairs, key=lambda p: -len(p[1])):
        if subject_token == object_token:
            continue
        if predicate in lex.having_verbs and object_token.lemma_.lower() in lex.event_types:
            continue  # nous avons eu une attaque: an act that happened, told by its noun; no relation
        if clause.rule == "nominal" and subject_token == clause.head:
            # une frappe israélienne contre une école: the noun alone names the attack
            subject = make_mention(subject_token, sent_index, lex, complements=False)
        else:
            subject = mention_of(subject_token)
            if subject is not None and clause.head.dep_ in ("acl", "amod") and (
                    clause.head.head == subject_token or clause.rule == "adjective"):
                subject = _short_of(subject, clause.head)
        obj = mention_of(object_token)
        if obj is not None and object_token in clause.objects:
            obj = _with_aimed_complement(obj, object_token, clause, lex, mention_of)
        if subject is None or obj is None or subject.text.lower() == obj.text.lower():
            continue
        if subject.kind == "place" and not clause.passive and is_consequence(clause.head, lex):
            continue  # …, dans le sud-ouest du pays, faisant 15 morts: a place kills nobody
        if object_token.i in places_only and obj.kind not in AGENT_KINDS:
            continue
        if is_in(object_token, union(lex.killed_words, lex.injured_words, lex.victim_nouns)) and not clause.objects:
            continue  # deux enfants figurent parmi les morts: the toll of an act, no relation
        if (subject.key, obj.key) in seen:
            continue  # one relation per pair and clause (appartenir / appartenir à the same name)
        seen.add((subject.key, obj.key))
        start = min(subject.start, obj.start, clause.head.idx)
        end = max(subject.end, obj.end, clause.head.idx + len(clause.head.text))
        out.append(
            Triple(
                subject=subject,
                predicate=" ".join(predicate.split()),
                object=obj,
                sentence=sent_index,
                start=start,
                end=end,
                negated=negated,
                modality=modality,
                source=source,
                confidence=round(max(0.1, confidence - (0.15 if subject.pronoun or obj.pronoun else 0.0)), 2),
                rule=clause.rule,
            )
        )
    return out
