"""Dates of events, resolved against the document's date and as precise as the text allows.

News conventions come first: a weekday names the most recent such day up to the publication
date (``mercredi`` in a Wednesday paper is that Wednesday), ``dans la nuit de samedi à dimanche``
is the Sunday, ``la veille`` the day before.  Calendar expressions (``le 8 octobre``, ``en janvier
2022``, ``en avril``) go to ``dateparser`` with the document's date as the base, so a date with no
year falls in the past of the article.  The precision never exceeds what is known: a weekday in
an article dated only ``2024-09`` gives ``2024-09``.  Each date keeps the words that give it
(``mardi soir``), and a period its first and last day: the night of Saturday to Sunday, or a
season, named by the year it begins in (``l'hiver 2023``: December 2023 to February 2024).

>>> d = DocDate.parse("2025-05-07")
>>> d.minus_days(1), DocDate.parse("2024-09").iso()
('2025-05-06', '2024-09')
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import re

from spacy.tokens import Span, Token

from kg.extract.phrases import date_in_name, is_in, month_word, union
from kg.extract.tokens import morph
from kg.lexicon import Lexicon
from kg.model import DocDate, When, precision_of


def season(year: int, first_month: int) -> When:
    """The three months from ``first_month`` of ``year`` (a winter runs into the next year).

    >>> season(2023, 12).start, season(2023, 12).end
    ('2023-12-01', '2024-02-29')
    """
    end_year, end_month = (year, first_month + 2) if first_month + 2 <= 12 else (year + 1, first_month + 2 - 12)
    last_day = calendar.monthrange(end_year, end_month)[1]
    return When(f"{year:04d}", "season", start=f"{year:04d}-{first_month:02d}-01",
                end=f"{end_year:04d}-{end_month:02d}-{last_day:02d}")


@functools.lru_cache(maxsize=64)
def _date_parser(lang: str, base: str):  # noqa: ANN202 - dateparser's parser type
    from dateparser.date import DateDataParser

    year, month, day = (int(p) for p in base.split("-"))
    return DateDataParser(
        languages=[lang],
        settings={"RELATIVE_BASE": dt.datetime(year, month, day), "PREFER_DATES_FROM": "past"},
    )


def _calendar(expression: str, lang: str, base: DocDate | None) -> str | None:
    """``8 octobre``, ``janvier 2022``, ``2014`` → ISO at the precision dateparser reports."""
    if base is None:
        # an undated document: only a date that names its year can be placed (never the year of the run)
        if not re.search(r"\b(1[89]|20)\d\d\b", expression):
            return None
        base = DocDate(2100, 12, 31)
    return _calendar_date(expression, lang, DocDate(base.year, base.month or 12, base.day or 28).iso())


@functools.lru_cache(maxsize=1 << 14)
def _calendar_date(expression: str, lang: str, base_iso: str) -> str | None:
    """What dateparser makes of ``expression`` said on ``base_iso`` (cached: "mardi", "8 octobre"
    come back in every article of a day, and dateparser takes a millisecond or more each time)."""
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


def _is_date_word(token: Token, lex: Lexicon) -> bool:
    low, lemma = token.lower_, token.lemma_.lower()
    return (
        bool(_year(token)) or (token.text.isdigit() and len(token.text) <= 2) or low in lex.ordinal_days
        or any(w in table for w in (low, lemma, month_word(low, lex))
               for table in (lex.weekdays, lex.months, lex.seasons, lex.day_offsets))
        or is_in(token, union(lex.day_parts, lex.night_words, lex.past_markers))
    )


def expression(sent: Span, index: int, lex: Lexicon) -> str:
    """The words of the date expression around token ``index``: ``mardi soir``, ``nuit de samedi
    à dimanche``, ``3 mars au matin``, ``hiver 2023`` (articles and prepositions around it left out)."""
    doc = sent.doc

    def part_of(i: int, step: int) -> bool:
        token = doc[i]
        if _is_date_word(token, lex):
            return True
        beyond = i + step
        # a linking word only between two date words: nuit *de* samedi *à* dimanche
        return token.lower_ in lex.date_links and sent.start <= beyond < sent.end and _is_date_word(doc[beyond], lex)

    first = last = index
    while first - 1 >= sent.start and part_of(first - 1, -1):
        first -= 1
    while last + 1 < sent.end and part_of(last + 1, 1):
        last += 1
    while first < index and doc[first].lower_ in lex.date_links:
        first += 1
    while last > index and doc[last].lower_ in lex.date_links:
        last -= 1
    return doc[first : last + 1].text


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


def _is_weekday(token: Token, lex: Lexicon) -> bool:
    return token.lower_ in lex.weekdays or token.lemma_.lower() in lex.weekdays


def _night_start(token: Token, lex: Lexicon, sent: Span) -> Token | None:
    """In ``dans la nuit de samedi à dimanche``, the weekday the night starts on (at ``dimanche``)."""
    window = sent.doc[max(sent.start, token.i - 6) : token.i]
    weekdays = [t for t in window if _is_weekday(t, lex)]
    if weekdays and any(is_in(t, lex.night_words) for t in window if t.i < weekdays[-1].i):
        return weekdays[-1]
    return None


def _in_night_range(token: Token, lex: Lexicon, sent: Span) -> bool:
    """In ``dans la nuit de mardi à mercredi`` the first weekday is not the date."""
    window = sent.doc[max(sent.start, token.i - 3) : token.i]
    after = sent.doc[token.i + 1 : min(sent.end, token.i + 3)]
    return any(is_in(t, lex.night_words) for t in window) and any(_is_weekday(t, lex) for t in after)


def _calendar_date_follows(token: Token, lex: Lexicon, sent: Span) -> bool:
    """mardi 12 mars: the calendar date says it better than the weekday."""
    after = sent.doc[token.i + 1 : min(sent.end, token.i + 4)]
    return any(month_word(t.text.lower(), lex) in lex.months for t in after)


def _season_before(token: Token, lex: Lexicon, sent: Span) -> int | None:
    """l'hiver 2023: the first month of the season that names the year, if one does."""
    before = sent.doc[token.i - 1] if token.i > sent.start else None
    for word in (before, token.head):
        for form in (word.text.lower(), word.lemma_.lower()) if word is not None else ():
            if form in lex.seasons:  # été: the tagger may read a form of être
                return lex.seasons[form]
    return None


def _counts_something(token: Token, lex: Lexicon) -> bool:
    """les 2000 manifestants: a number counting a noun is no year."""
    return token.dep_ in ("nummod", "det") and token.head != token and not is_in(token.head, lex.temporal_heads) \
        and token.head.text.lower() not in lex.seasons


def _told_before(day: Token, lex: Lexicon) -> bool:
    """``ce dimanche soir-là``: a day named with a demonstrative and ``-là`` is the day the text
    told before, not a date of its own."""
    demonstrative = any(c.dep_ == "det" and "Dem" in morph(c, "PronType") for c in day.children)
    nearby = day.doc[day.i : min(day.i + 3, day.sent.end)]
    return demonstrative and any(t.lower_.rpartition("-")[2] in lex.distal_particles for t in nearby)


def date_anchors(sent: Span, lex: Lexicon, doc_date: str | None) -> dict[int, When]:
    """Temporal expressions of a sentence: token index of the expression's head word → its date."""
    base = DocDate.parse(doc_date)
    anchors: dict[int, When] = {}
    used: set[int] = set()
    for token in sent:
        if token.i in used:
            continue
        low, lemma = token.lower_, token.lemma_.lower()
        when: When | None = None
        if _is_weekday(token, lex):
            if _in_night_range(token, lex, sent) or _calendar_date_follows(token, lex, sent) \
                    or _told_before(token, lex):
                continue
            if (value := _weekday(token, lex, base, sent)) is not None:
                when = When(value, precision_of(value))
                night = _night_start(token, lex, sent)
                if night is not None and when.precision == "day":
                    start = _weekday(night, lex, DocDate.parse(value), sent)
                    when = When(value, "day", start=start, end=value)
        elif low in lex.day_offsets or lemma in lex.day_offsets:
            if base is not None:
                offset = lex.day_offsets.get(low, lex.day_offsets.get(lemma, 0))
                value = base.minus_days(-offset) if base.as_date() else base.iso()
                when = When(value, precision_of(value))
        elif (month := month_word(low, lex)) in lex.months and date_in_name(token, lex):
            continue  # le Mouvement du 23 mars, la place du 1er-Mai: a name, not a date
        elif month in lex.months:
            parts = []
            prev = sent.doc[token.i - 1] if token.i > sent.start else None
            if prev is not None and (prev.like_num or prev.text.lower() in lex.ordinal_days) and not _year(prev):
                parts.append(lex.ordinal_days.get(prev.text.lower(), prev.text))
            parts.append(month)
            nxt = sent.doc[token.i + 1] if token.i + 1 < sent.end else None
            if nxt is not None and _year(nxt):
                parts.append(nxt.text)
                used.add(nxt.i)
            if month != low:  # mi-mars: the month, at the month's precision
                parts = parts[-2:] if len(parts) > 1 and parts[0] != month else parts
            value = _calendar(" ".join(parts), lex.lang, base)
            if value:
                when = When(value, precision_of(value))
        elif (year := _year(token)) is not None and not _counts_something(token, lex):
            first_month = _season_before(token, lex, sent)
            when = season(year, first_month) if first_month else When(f"{year:04d}", "year")
        if when is not None:
            anchors[token.i] = When(when.iso, when.precision, expression(sent, token.i, lex), when.start, when.end)
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


def date_for(head: Token, anchors: dict[int, When]) -> When | None:
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
