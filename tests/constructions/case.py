"""The construction suite's case format and how a case's expectations are matched against records.

A case is a short French text written for this suite with what the extractor must and must not
give for it (``kg extract --format jsonl`` records, see README), following
``../shared/eval/GUIDELINES.md``::

    Case("gerund-subject", "Le groupe a avancé, poussant l'ONU à envoyer des renforts.",
         must=["groupe | pousser | ONU", "ONU | envoyer | renforts"],
         must_not=["groupe | envoyer | *"])

Expectations:

* a string ``"subject | predicate | object"`` is a triple, the same as ``T(subject, predicate, object)``;
  ``T`` also takes ``negated``, ``modality`` and ``source``;
* ``E(type, actor=..., target=..., location=..., weapon=..., killed=..., ...)`` is an event.

Matching (strict but not brittle):

* names (subject, object, source, each name of an event role) are compared without case, after
  folding ``’`` to ``'``, any run of whitespace (no-break and narrow no-break spaces included) to one
  space, and dropping one leading article (``le la les l' un une des du``); the predicate exactly,
  as a lemma phrase;
* each of subject, predicate and object may list acceptable alternatives separated by `` / `` (a
  slash with spaces around it: ``M/V Kestrel`` is one name); ``*`` matches anything;
* an event role given as a string must be among the event's names for that role, a tuple of strings
  means each of them must be (each may list alternatives), ``()`` means the role must be empty;
  ``killed`` / ``injured`` / ``date`` / ``modality`` / ``source`` are compared as given
  (``None`` included: ``killed=None`` means no number); anything not given is not checked;
* in ``must``, a triple or event whose ``negated`` is not given must not be negated (the text
  asserts it); in ``must_not``, ``negated`` not given matches either polarity, so
  ``must_not=["X | tuer | Y"]`` forbids the relation however it is stated;
* ``n_events={"assault": 1}``: exactly that many events of the type.

``known_gap="what the extractor does instead"`` marks a case the extractor fails today: it is run
as a strict xfail, so that the suite stays green and a case that starts passing is noticed.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

#: The targeting predicates, which accept each other (GUIDELINES: attaquer, viser, cibler, frapper).
TARGETING = "attaquer / viser / cibler / frapper / prendre pour cible"
ALT = " / "
ANY = "*"
ARTICLES = ("les ", "le ", "la ", "l'", "une ", "un ", "des ", "du ")
_SPACES = re.compile(r"\s+")


class _Unset:
    def __repr__(self) -> str:
        return "-"


UNSET: Any = _Unset()


def norm(name: str | None) -> str:
    """A name as the matching compares it: no case, one kind of apostrophe and space, no leading article."""
    if name is None:
        return ""
    text = unicodedata.normalize("NFC", name).replace("’", "'")
    text = _SPACES.sub(" ", text).strip().casefold()
    for article in ARTICLES:
        if text.startswith(article) and len(text) > len(article):
            return text[len(article):].lstrip()
    return text


def _alternatives(spec: str) -> tuple[str, ...]:
    return tuple(a.strip() for a in spec.split(ALT))


def name_matches(spec: str, name: str | None) -> bool:
    alternatives = _alternatives(spec)
    return ANY in alternatives or norm(name) in {norm(a) for a in alternatives}


def predicate_matches(spec: str, predicate: str) -> bool:
    alternatives = _alternatives(spec)
    clean = unicodedata.normalize("NFC", predicate).replace("’", "'")
    return ANY in alternatives or clean in {unicodedata.normalize("NFC", a).replace("’", "'") for a in alternatives}


@dataclass(frozen=True)
class T:
    """A triple: ``T("ONU", "envoyer", "renforts", modality="reported", source="armée")``."""

    subject: str
    predicate: str
    object: str
    negated: bool | None = None
    modality: str | None = None
    source: Any = UNSET

    @classmethod
    def parse(cls, text: str) -> T:
        parts = [p.strip() for p in text.split(" | ")]
        if len(parts) != 3 or not all(parts):
            raise ValueError(f"a triple is 'subject | predicate | object', not {text!r}")
        return cls(*parts)

    def matches(self, record: dict, positive: bool) -> bool:
        if record.get("kind") != "triple":
            return False
        negated = self.negated if self.negated is not None else (False if positive else None)
        return (
            name_matches(self.subject, record["subject"])
            and predicate_matches(self.predicate, record["predicate"])
            and name_matches(self.object, record["object"])
            and (negated is None or record["negated"] is negated)
            and (self.modality is None or record["modality"] == self.modality)
            and (self.source is UNSET or _same_name(self.source, record["source"]))
        )

    def __str__(self) -> str:
        attrs = [f"{k}={v!r}" for k, v in (("negated", self.negated), ("modality", self.modality))
                 if v is not None] + ([f"source={self.source!r}"] if self.source is not UNSET else [])
        return f"{self.subject} | {self.predicate} | {self.object}" + (f"  ({', '.join(attrs)})" if attrs else "")


def _same_name(spec: str | None, name: str | None) -> bool:
    if spec is None or name is None:
        return spec is None and name is None
    return name_matches(spec, name)


ROLES = ("actor", "alleged_actor", "claimed_by", "target", "location", "weapon")
VALUES = ("killed", "injured", "approximate", "weapon_count", "date", "date_basis", "modality", "mode", "country")


@dataclass(frozen=True)
class E:
    """An event: its type (``"assault"``, or alternatives ``"assault / coerce"``) and what is given of its
    roles and values; ``E("assault", actor="rebelles", target=("camp", "soldats"), killed=3)``."""

    type: str
    actor: Any = UNSET
    alleged_actor: Any = UNSET
    claimed_by: Any = UNSET
    target: Any = UNSET
    location: Any = UNSET
    weapon: Any = UNSET
    killed: Any = UNSET
    injured: Any = UNSET
    approximate: Any = UNSET
    weapon_count: Any = UNSET
    date: Any = UNSET
    date_basis: Any = UNSET
    modality: Any = UNSET
    mode: Any = UNSET
    country: Any = UNSET
    source: Any = UNSET
    negated: bool | None = None

    def matches(self, record: dict, positive: bool) -> bool:
        if record.get("kind") != "event" or not name_matches(self.type, record["type"]):
            return False
        negated = self.negated if self.negated is not None else (False if positive else None)
        if negated is not None and record["negated"] is not negated:
            return False
        for role in ROLES:
            spec = getattr(self, role)
            if spec is UNSET:
                continue
            names = record[role]
            wanted = (spec,) if isinstance(spec, str) else tuple(spec)
            if not wanted and names:
                return False
            if not all(any(name_matches(w, n) for n in names) for w in wanted):
                return False
        for value in VALUES:
            spec = getattr(self, value)
            if spec is not UNSET and record[value] != spec:
                return False
        return self.source is UNSET or _same_name(self.source, record["source"])

    def __str__(self) -> str:
        given = [f"{k}={getattr(self, k)!r}" for k in ROLES + VALUES + ("source",) if getattr(self, k) is not UNSET]
        if self.negated is not None:
            given.append(f"negated={self.negated!r}")
        return f"event {self.type}" + (f" ({', '.join(given)})" if given else "")


Expectation = T | E


def _expectations(items: Iterable[str | Expectation]) -> tuple[Expectation, ...]:
    return tuple(T.parse(item) if isinstance(item, str) else item for item in items)


@dataclass(frozen=True)
class Case:
    """One text of the suite and what extraction must and must not give for it."""

    name: str
    text: str
    must: tuple = ()
    must_not: tuple = ()
    n_events: Mapping[str, int] = field(default_factory=dict)
    date: str | None = "2024-03-14"
    known_gap: str | None = None
    group: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "must", _expectations(self.must))
        object.__setattr__(self, "must_not", _expectations(self.must_not))
        if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", self.name):
            raise ValueError(f"case name {self.name!r}: lower-case words joined by hyphens")
        if not (self.must or self.must_not or self.n_events):
            raise ValueError(f"case {self.name!r} expects nothing")

    @property
    def id(self) -> str:
        """The test id and the pinned parse's ``newdoc id``: ``group-name``."""
        return f"{self.group}-{self.name}"

    def problems(self, records: list[dict]) -> list[str]:
        """What the records lack or have too much of, one line each; empty when the case passes."""
        out = []
        for expected in self.must:
            if not any(expected.matches(r, positive=True) for r in records):
                out.append(f"missing: {expected}")
        for forbidden in self.must_not:
            for record in records:
                if forbidden.matches(record, positive=False):
                    out.append(f"forbidden: {forbidden}  <- got {summary(record)}")
        for event_type, count in self.n_events.items():
            found = sum(1 for r in records if r["kind"] == "event" and r["type"] == event_type)
            if found != count:
                out.append(f"expected {count} {event_type} event(s), got {found}")
        return out


def summary(record: dict) -> str:
    """One line per record, to read what the extractor gave."""
    if record["kind"] == "triple":
        notes = (["negated"] if record["negated"] else []) + (
            [f"{record['modality']} source={record['source']!r}"] if record["modality"] != "asserted" else [])
        return f"{record['subject']} | {record['predicate']} | {record['object']}" + (
            f"  ({', '.join(notes)})" if notes else "")
    given = {k: record[k] for k in ROLES + VALUES + ("source", "negated")
             if record[k] not in (None, [], False) and (k, record[k]) != ("modality", "asserted")}
    return f"event {record['type']} {given}"


def report(case: Case, records: list[dict], problems: list[str]) -> str:
    lines = [f"{case.id}: {case.text}", *problems, "extractor gave:"]
    lines += [f"  {summary(r)}" for r in records] or ["  nothing"]
    return "\n".join(lines)
