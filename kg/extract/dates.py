"""Dates of events, resolved against the document's date and as precise as the text allows.

News conventions come first: a weekday names the most recent such day up to the publication
date (``mercredi`` in a Wednesday paper is that Wednesday), ``dans la nuit de samedi à dimanche``
is the Sunday, ``la veille`` the day before.  Calendar expressions (``le 8 octobre``, ``en janvier
2022``, ``en avril``) go to ``dateparser`` with the document's date as the base, so a date with no
year falls in the past of the article.  The precision never exceeds what is known: a weekday in
an article dated only ``2024-09`` gives ``2024-09``.

>>> d = DocDate.parse("2025-05-07")
>>> d.minus_days(1), DocDate.parse("2024-09").iso()
('2025-05-06', '2024-09')
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass

from spacy.tokens import Span, Token

from kg.extract.phrases import is_in
from kg.lexicon import Lexicon


@dataclass(frozen=True)
class DocDate:
    year: int
    month: int | None = None
    day: int | None = None

    @classmethod
    def parse(cls, value: str | None) -> DocDate | None:
        if not value:
            return None
        parts = [int(p) for p in value.split("-")]
        return cls(*parts)  # type: ignore[arg-type]

    def iso(self) -> str:
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    def month_iso(self) -> str:
        return DocDate(self.year, self.month).iso()

    def as_date(self) -> dt.date | None:
        if self.month is None or self.day is None:
            return None
        return dt.date(self.year, self.month, self.day)

    def minus_days(self, days: int) -> str:
        date = self.as_date()
        if date is None:
            return self.iso()
        return (date - dt.timedelta(days=days)).isoformat()


@functools.cache
def _date_parser(lang: str, base: str):  # noqa: ANN202 - dateparser's parser type
    from dateparser.date import DateDataParser

    year, month, day = (int(p) for p in base.split("-"))
    return DateDataParser(
        languages=[lang],
        settings={"RELATIVE_BASE": dt.datetime(year, month, day), "PREFER_DATES_FROM": "past"},
    )


def _calendar(expression: str, lang: str, base: DocDate | None) -> str | None:
    """``8 octobre``, ``janvier 2022``, ``2014`` → ISO at the precision dateparser reports."""
    anchor = base or DocDate(dt.date.today().year, 12, 31)
    base_iso = DocDate(anchor.year, anchor.month or 12, anchor.day or 28).iso()
    data = _date_parser(lang, base_iso).get_date_data(expression)
    if data is None or data.date_obj is None:
        return None
    date = data.date_obj
    if data.period == "year":
        return f"{date.year:04d}"
    if data.period == "month":
        return f"{date.year:04d}-{date.month:02d}"
    return date.date().isoformat()


def _year(token: Token) -> int | None:
    if token.like_num and len(token.text) == 4 and token.text.isdigit() and 1900 <= int(token.text) <= 2100:
        return int(token.text)
    return None


def _weekday(token: Token, lex: Lexicon, base: DocDate | None, sent: Span) -> str | None:
    if base is None:
        return None
    weekday = lex.weekdays[token.lemma_.lower() if token.lemma_.lower() in lex.weekdays else token.text.lower()]
    date = base.as_date()
    if date is None:
        return base.iso()
    back = (date.weekday() - weekday) % 7
    following = sent.doc[token.i + 1 : token.i + 3]
    if back == 0 and any(is_in(t, lex.past_markers) for t in following):
        back = 7
    return base.minus_days(back)


def _in_night_range(token: Token, lex: Lexicon, sent: Span) -> bool:
    """In ``dans la nuit de mardi à mercredi`` the first weekday is not the date."""
    window = sent.doc[max(sent.start, token.i - 3) : token.i]
    after = sent.doc[token.i + 1 : min(sent.end, token.i + 3)]
    return any(is_in(t, lex.night_words) for t in window) and any(
        t.lemma_.lower() in lex.weekdays or t.text.lower() in lex.weekdays for t in after
    )


def date_anchors(sent: Span, lex: Lexicon, doc_date: str | None) -> dict[int, str]:
    """Temporal expressions of a sentence: token index of the expression's head word → ISO date."""
    base = DocDate.parse(doc_date)
    anchors: dict[int, str] = {}
    used: set[int] = set()
    for token in sent:
        if token.i in used:
            continue
        low, lemma = token.text.lower(), token.lemma_.lower()
        if low in lex.weekdays or lemma in lex.weekdays:
            if not _in_night_range(token, lex, sent) and (value := _weekday(token, lex, base, sent)):
                anchors[token.i] = value
        elif low in lex.day_offsets or lemma in lex.day_offsets:
            if base is not None:
                offset = lex.day_offsets.get(low, lex.day_offsets.get(lemma, 0))
                anchors[token.i] = base.minus_days(-offset) if base.as_date() else base.iso()
        elif (month := low.removeprefix("mi-")) in lex.months:
            parts = []
            prev = sent.doc[token.i - 1] if token.i > sent.start else None
            if prev is not None and (prev.like_num or prev.text.lower() == "1er") and not _year(prev):
                parts.append(prev.text.replace("1er", "1"))
            parts.append(month)
            nxt = sent.doc[token.i + 1] if token.i + 1 < sent.end else None
            if nxt is not None and _year(nxt):
                parts.append(nxt.text)
                used.add(nxt.i)
            if low.startswith("mi-"):
                parts = parts[-2:] if len(parts) > 1 and parts[0] != month else parts
            value = _calendar(" ".join(parts), lex.lang, base)
            if value:
                anchors[token.i] = value
        elif (year := _year(token)) is not None:
            anchors[token.i] = f"{year:04d}"
    return anchors


def _contains(ancestor: Token, token: Token) -> bool:
    return ancestor.left_edge.i <= token.i <= ancestor.right_edge.i and (
        token == ancestor or ancestor in token.ancestors
    )


CLAUSE_DEPS = ("acl", "acl:relcl", "advcl", "ccomp", "xcomp", "parataxis")


def _in_own_clause(node: Token, token: Token) -> bool:
    """Is ``token`` under ``node`` without an embedded clause in between (…, où ils sont attendus vendredi)?"""
    current = token.head
    while current != node and current.head != current:
        if current.pos_ in ("VERB", "AUX") and current.dep_ in CLAUSE_DEPS:
            return False
        current = current.head
    return True


def date_for(head: Token, anchors: dict[int, str]) -> str | None:
    """The date of the expression nearest to ``head`` in the tree: its own clause's first, then the
    clauses above it; never one of a clause embedded in it."""
    if not anchors:
        return None
    doc = head.doc
    node = head
    for _ in range(12):
        inside = [i for i in anchors if _contains(node, doc[i]) and _in_own_clause(node, doc[i])]
        if inside:
            nearest = min(inside, key=lambda i: abs(i - head.i))
            return anchors[nearest]
        if node.head == node:
            break
        node = node.head
    return None
