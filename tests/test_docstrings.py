"""The examples in the modules' docstrings run as written: every module of kg with a ``>>>`` example."""

import doctest
import importlib
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "kg"
MODULES = sorted(
    ".".join(("kg", *path.relative_to(PACKAGE).with_suffix("").parts)).removesuffix(".__init__")
    for path in PACKAGE.rglob("*.py") if ">>> " in path.read_text(encoding="utf-8")
)

#: Their examples load the spaCy model.
LOADS_MODEL = {"kg.nlp"}


def test_the_modules_with_examples_are_found():
    assert {"kg.vocab", "kg.text", "kg.resolve.entities"} <= set(MODULES)


@pytest.mark.parametrize("name", [pytest.param(m, marks=pytest.mark.slow) if m in LOADS_MODEL else m for m in MODULES])
def test_docstring_examples_run(name):
    failed, attempted = doctest.testmod(importlib.import_module(name))
    assert attempted > 0 and failed == 0
