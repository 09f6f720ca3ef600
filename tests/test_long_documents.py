"""Long documents cost what their length costs: the look-backs of resolution and the gazetteer ruler's
overlap tests answer as their plain definitions do, without comparing everything with everything."""

from __future__ import annotations

import random
import time
from types import SimpleNamespace

from kg.model import DocumentExtraction, Mention
from kg.nlp import _holds_shorter_test, _overlap_test
from kg.resolve.entities import SENTENCE_WINDOW, _Before, _Descriptions, described_antecedent, resolve_entities

HEADS = ["armée", "ville", "il", "elle", "ambassade", "rebelle", "camp", "drone"]


def _mentions(n: int, seed: int = 3, vocabulary: int | None = None) -> list[Mention]:
    """``n`` mentions in reading order; their head words drawn from ``HEADS``, or as in running text,
    from a vocabulary that grows with the text (``vocabulary`` words per ten mentions)."""
    rng = random.Random(seed)
    out, start, sentence = [], 0, 0
    for index in range(n):
        start += rng.randint(1, 30)
        sentence += rng.random() < 0.2
        head = rng.choice(HEADS) if vocabulary is None or rng.random() < 0.2 else \
            f"mot{rng.randint(0, vocabulary * (index // 10 + 1))}"
        pronoun = head in ("il", "elle")
        out.append(Mention(text=head if pronoun else f"l'{head} {start}", start=start, end=start + 8, head=head,
                           kind=rng.choice(["place", "armed_group", "facility", "other"]), sentence=sentence,
                           pronoun=pronoun, subject=rng.random() < 0.3, definite=rng.random() < 0.5,
                           number=rng.choice(["Sing", "Plur", None]),
                           key_words=() if pronoun else (head,) + tuple(rng.sample(["malien", "nord", "ville"],
                                                                                       rng.randint(0, 2))),
                           link=rng.choice(["mali"] + [None] * 9) if not pronoun else None,
                           premises_of=rng.random() < 0.1))
    return out


def test_the_look_backs_are_the_earlier_mentions_they_read():
    mentions = _mentions(400)
    before, descriptions = _Before(mentions), _Descriptions()
    found = 0
    for i, mention in enumerate(mentions):
        earlier = mentions[:i]
        for window in (1, SENTENCE_WINDOW):
            assert before.sentences_back(i, window) == [m for m in earlier if mention.sentence - m.sentence <= window]
        assert descriptions.antecedent(mention) == described_antecedent(mention, earlier)
        found += described_antecedent(mention, earlier) is not None
        descriptions.add(i, mention)
    assert found > 20  # the comparison saw descriptions with an antecedent, not only without


def test_mentions_out_of_sentence_order_are_all_looked_at():
    mentions = _mentions(50)
    mentions[10], mentions[40] = mentions[40], mentions[10]
    before = _Before(mentions)
    assert not before.ordered
    assert before.sentences_back(30, 1) == mentions[:30]


def _seconds_to_resolve(n: int) -> float:
    extraction = DocumentExtraction(doc_id="long", sentences=[], mentions=_mentions(n, vocabulary=3), triples=[],
                                    event_mentions=[])
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        resolve_entities(extraction, [])
        best = min(best, time.perf_counter() - start)
    return best


def test_resolution_is_linear_in_the_number_of_mentions():
    # ten times the mentions of running text: 10-30 times the time (larger tables fall out of the
    # processor's caches), not the hundred times of a quadratic look-back (each mention once copied
    # and scanned every mention before it); a ratio on one machine, so speed cannot hide it
    assert _seconds_to_resolve(20_000) <= 40 * _seconds_to_resolve(2_000)


class _Span(SimpleNamespace):
    """What the tests read of a spaCy span: its token bounds and length."""

    def __len__(self) -> int:
        return self.end - self.start


def _spans(rng: random.Random, n: int, overlapping: bool) -> list[_Span]:
    """``n`` spans in order of their start; touching but never overlapping unless ``overlapping``."""
    spans, position = [], 0
    for _ in range(n):
        position += rng.randint(0 if overlapping else 1, 6)
        size = rng.randint(1, 4)
        spans.append(_Span(start=position, end=position + size))
        if not overlapping:
            position += size
    return spans


def test_the_rulers_overlap_tests_are_the_plain_ones():
    rng = random.Random(5)
    for _ in range(50):
        found, others = _spans(rng, 40, overlapping=False), _spans(rng, 60, overlapping=True)
        clashes, holds_shorter = _overlap_test(found), _holds_shorter_test(found)
        for span in others:
            assert clashes(span) == any(span.start < g.end and g.start < span.end for g in found)
            assert holds_shorter(span) == any(span.start <= g.start and g.end <= span.end and len(span) > len(g)
                                               for g in found)
