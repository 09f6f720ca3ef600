"""The construction suite: short texts grouped by construction, with what extraction must give.

See ``case.py`` for the case format, ``cases/`` for the cases, ``pinned.py`` and ``tools/pin_parses.py``
for the pinned parses the fast tests run on.
"""
