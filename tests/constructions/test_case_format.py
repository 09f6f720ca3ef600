"""How a case's expectations match records (tests/constructions/case.py)."""

from __future__ import annotations

import pytest

from .case import TARGETING, Case, E, T


def triple(s, p, o, negated=False, modality="asserted", source=None):
    return {"kind": "triple", "subject": s, "predicate": p, "object": o, "negated": negated,
            "modality": modality, "source": source}


def event(type_="assault", **given):
    record = {"kind": "event", "type": type_, "actor": [], "alleged_actor": [], "claimed_by": [], "target": [],
              "location": [], "weapon": [], "killed": None, "injured": None, "approximate": False,
              "weapon_count": None, "date": "2024-03", "date_basis": "document", "modality": "asserted",
              "mode": None, "country": None, "source": None, "negated": False}
    record.update(given)
    return record


def test_names_ignore_case_article_apostrophe_and_kind_of_space():
    expected = T.parse("l’ONU | envoyer | 1 200 renforts")
    assert expected.matches(triple("onu", "envoyer", "1\u202f200 renforts"), positive=True)
    assert not expected.matches(triple("ONU", "envoyer à", "1 200 renforts"), positive=True)  # predicates exactly
    assert not expected.matches(triple("ONU de Goma", "envoyer", "1 200 renforts"), positive=True)


def test_alternatives_need_spaces_around_the_slash_and_star_is_anything():
    kestrel = T("Houthis", "saisir", "M/V Kestrel")
    assert kestrel.matches(triple("Houthis", "saisir", "M/V Kestrel"), positive=True)
    assert not kestrel.matches(triple("Houthis", "saisir", "V Kestrel"), positive=True)
    assert T("Houthis", "saisir", "M / V Kestrel").matches(triple("Houthis", "saisir", "V Kestrel"), positive=True)
    assert T("attaque", TARGETING, "*").matches(triple("attaque", "cibler", "soldats"), positive=True)


def test_negation_must_agree_in_must_and_is_either_in_must_not():
    negated = triple("groupe", "revendiquer", "attaque", negated=True)
    assert not T.parse("groupe | revendiquer | attaque").matches(negated, positive=True)
    assert T.parse("groupe | revendiquer | attaque").matches(negated, positive=False)
    assert T("groupe", "revendiquer", "attaque", negated=True).matches(negated, positive=True)


def test_event_roles_values_and_empty_roles():
    record = event(actor=["rebelles", "miliciens"], target=["camp"], killed=3)
    assert E("assault", actor="rebelles", killed=3).matches(record, positive=True)
    assert E("assault / coerce", actor=("rebelles", "miliciens")).matches(record, positive=True)
    assert not E("assault", actor=("rebelles", "armée")).matches(record, positive=True)
    assert not E("assault", location="*").matches(record, positive=True)  # an empty role has no name
    assert E("assault", location=()).matches(record, positive=True)
    assert not E("assault", killed=None).matches(record, positive=True)


def test_a_case_reports_what_is_missing_forbidden_or_miscounted():
    case = Case("x", "Texte.", must=["a | b | c"], must_not=[E("assault")], n_events={"accuse": 1})
    problems = case.problems([triple("a", "b", "d"), event()])
    assert [p.split(":")[0] for p in problems] == ["missing", "forbidden", "expected 1 accuse event(s), got 0"]
    assert Case("x", "Texte.", must=["a | b | c"]).problems([triple("A", "b", "le c")]) == []


def test_a_case_must_expect_something_and_be_named_plainly():
    with pytest.raises(ValueError):
        Case("x", "Texte.")
    with pytest.raises(ValueError):
        Case("Not A Name", "Texte.", must=["a | b | c"])
    with pytest.raises(ValueError):
        T.parse("a | b")
