"""The cases of the construction suite: one module per group of constructions, each with ``CASES``.

Every text here was written for this suite (never taken from the gold sets in ``../shared/eval``);
the names of places, groups and people are invented or mixed freely with real ones.
"""

from __future__ import annotations

import functools
import importlib
from dataclasses import replace

from ..case import Case

#: The groups, in the order the tests run them (each is ``cases/<group>.py`` and ``parses/<group>.conllu``).
GROUPS = (
    "basic_clauses",
    "speech_and_calls",
    "acts",
    "casualties",
    "implicit_subjects",
    "relatives",
    "nominal_attacks",
    "located_states",
    "phrase_boundaries",
    "pronouns",
    "modality",
    "occurrences",
    "coordination",
    "light_verbs",
    "numbers_dates",
    "idioms_and_sides",
    "junk_participants",
    "places",
    "weapons",
)


@functools.cache
def group_cases(group: str) -> tuple[Case, ...]:
    """The cases of one group, each knowing its group."""
    module = importlib.import_module(f"{__name__}.{group}")
    cases = tuple(replace(case, group=group) for case in module.CASES)
    names = [case.name for case in cases]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        raise ValueError(f"cases/{group}.py: case names used twice: {', '.join(duplicates)}")
    return cases


def all_cases() -> list[Case]:
    return [case for group in GROUPS for case in group_cases(group)]
