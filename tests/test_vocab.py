"""The vocabulary is defined once (kg/vocab.py), generated from the ontology, and closed."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import RDF, Graph

from kg.vocab import BASE, CKG, PREFIXES, ontologies_dir

ROOT = Path(__file__).resolve().parent.parent


def test_ckg_holds_exactly_the_terms_the_ontology_declares():
    ontology = Graph().parse(ontologies_dir() / "conflict.ttl")
    declared = {str(s)[len(str(CKG)):] for s in ontology.subjects(RDF.type, None) if str(s).startswith(str(CKG))}
    assert set(CKG.__annotations__) == declared


def test_the_generated_namespace_is_up_to_date():
    done = subprocess.run([sys.executable, str(ROOT / "tools" / "gen_vocab.py"), "--check"], capture_output=True,
                          text=True)
    assert done.returncode == 0, done.stdout


def test_an_undeclared_term_fails_at_use():
    with pytest.raises(AttributeError):
        _ = CKG.attacker


def test_the_prefixes_name_the_project_namespaces():
    assert PREFIXES["ckg"] == BASE + "ontology#" and PREFIXES["id"] == BASE + "id/"


def _string_constants(path: Path) -> list[str]:
    """The string literals of a module, docstrings left out."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                  if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
                  and node.body and isinstance(node.body[0], ast.Expr)}
    return [node.value for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings]


def test_no_module_but_vocab_spells_a_namespace():
    namespaces = [BASE, "http://www.wikidata.org/entity/", "http://www.opengis.net/ont/geosparql#"]
    spelled = {str(path.relative_to(ROOT)) for path in (ROOT / "kg").rglob("*.py") if path.name != "vocab.py"
               for text in _string_constants(path) if any(ns in text for ns in namespaces)}
    assert not spelled


def _allowed(path_name: str) -> set[str]:
    """The values shapes.ttl allows for ``ckg:<path_name>`` (its sh:in lists), as plain strings."""
    from rdflib import SH
    from rdflib.collection import Collection

    shapes = Graph().parse(ontologies_dir() / "shapes.ttl")
    values: set[str] = set()
    for shape in shapes.subjects(SH.path, CKG[path_name]):
        for members in shapes.objects(shape, SH["in"]):
            values |= {str(v).rsplit("#", 1)[-1] for v in Collection(shapes, members)}
    return values


def test_the_records_vocabularies_are_the_shapes_ones():
    from kg.model import DATE_BASES, KINDS, MODALITIES, PRECISIONS
    from kg.vocab import KIND_CLASSES
    from kg.vocab import MODALITIES as MODALITY_TERMS

    assert set(PRECISIONS) == _allowed("datePrecision")
    assert set(DATE_BASES) == _allowed("dateBasis")
    assert {str(MODALITY_TERMS[m]).rsplit("#", 1)[-1] for m in MODALITIES} == _allowed("modality")
    assert set(KIND_CLASSES) == set(KINDS)
