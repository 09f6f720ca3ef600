"""Every case of the construction suite, run through kg's rules on its pinned parse (no model loaded).

A case with ``known_gap`` is a strict xfail: it must fail on its expectations (an AssertionError), so a
case the extractor starts passing shows as XPASS and fails the run until its gap is removed; a stale
or missing pinned parse is a failure whatever the case.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from .case import report
from .cases import GROUPS, all_cases, group_cases
from .pinned import REPIN, NotPinned, group_parses, pinned_records

CASES = all_cases()


def case_params(cases):
    return [pytest.param(case, id=case.id, marks=[pytest.mark.xfail(
        strict=True, raises=AssertionError, reason=case.known_gap)] if case.known_gap else [])
        for case in cases]


@pytest.mark.parametrize("case", case_params(CASES))
def test_case_on_its_pinned_parse(case):
    try:
        records = pinned_records(case)
    except NotPinned as error:
        pytest.fail(str(error), pytrace=False)
    problems = case.problems(records)
    assert not problems, report(case, records, problems)


def test_every_case_has_its_pinned_parse_and_no_other():
    stale = []
    for group in GROUPS:
        pinned = group_parses(group)
        for case in group_cases(group):
            if case.id not in pinned:
                stale.append(f"{case.id}: no pinned parse")
            elif pinned[case.id].text != case.text:
                stale.append(f"{case.id}: pinned parse of another text")
        ids = {case.id for case in group_cases(group)}
        stale += [f"{doc_id}: pinned parse of no case" for doc_id in pinned if doc_id not in ids]
    assert not stale, f"{len(stale)} stale pinned parse(s), {REPIN}:\n" + "\n".join(stale)


def test_the_suite_covers_every_group_both_ways():
    assert len(CASES) >= 200
    for group in GROUPS:
        cases = group_cases(group)
        assert any(c.must for c in cases), f"{group}: no positive case"
        # a negative case forbids something: a must_not, or an exact count of events (no more, no less)
        assert any(c.must_not or c.n_events for c in cases), f"{group}: no negative case"
    texts = [case.text for case in CASES]
    assert len(set(texts)) == len(texts), "two cases with the same text"


def _shingles(text: str, size: int = 7) -> set[tuple[str, ...]]:
    words = re.findall(r"\w+", text.lower())
    return {tuple(words[i:i + size]) for i in range(len(words) - size + 1)}


def test_no_case_is_taken_from_the_gold_sets():
    gold_dir = Path(__file__).resolve().parents[3] / "shared" / "eval"
    gold_files = sorted(gold_dir.glob("*.jsonl"))
    if not gold_files:
        pytest.skip("no gold sets beside the checkout (../shared/eval)")
    gold: set[tuple[str, ...]] = set()
    for path in gold_files:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                gold |= _shingles(json.loads(line).get("text", ""))
    copied = [case.id for case in CASES if _shingles(case.text) & gold]
    assert not copied, f"cases sharing seven words in a row with a gold text: {copied}"
