"""The examples in the modules' docstrings run as written."""

import doctest
import importlib

import pytest

MODULES = ["kg.documents", "kg.gazetteer", "kg.lexicon", "kg.nlp", "kg.resolve", "kg.text", "kg.validate",
           "kg.store", "kg.store.reach", "kg.extract.numbers", "kg.extract.dates"]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples_run(name):
    failed, attempted = doctest.testmod(importlib.import_module(name))
    assert attempted > 0 and failed == 0
