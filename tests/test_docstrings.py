"""The examples in the modules' docstrings run as written."""

import doctest
import importlib

import pytest

MODULES = ["kg.documents", "kg.gazetteer", "kg.lexicon", "kg.nlp", "kg.resolve", "kg.text", "kg.validate",
           "kg.store", "kg.store.reach", "kg.extract.numbers", "kg.extract.dates"]


#: Their examples load the spaCy model.
LOADS_MODEL = {"kg.nlp"}


@pytest.mark.parametrize("name", [pytest.param(m, marks=pytest.mark.slow) if m in LOADS_MODEL else m for m in MODULES])
def test_docstring_examples_run(name):
    failed, attempted = doctest.testmod(importlib.import_module(name))
    assert attempted > 0 and failed == 0
