"""The data flow is one way in the imports too: no cycle, and what reads graphs loads no spaCy
(the layers themselves are an import-linter contract in pyproject.toml, run by make lint)."""

from __future__ import annotations

import subprocess
import sys

import grimp

READERS = ["kg.rdf", "kg.viz", "kg.store", "kg.records", "kg.event_table", "kg.serve", "kg.resolve", "kg.validate"]


def test_reading_writing_and_serving_graphs_loads_no_spacy():
    code = f"import sys, {', '.join(READERS)}; print(sorted(m for m in sys.modules if m.split('.')[0] == 'spacy'))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_the_check_sees_spacy_when_it_is_loaded():
    code = "import sys, kg.extract.phrases; print('spacy' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "True"


def _cycles(graph: grimp.ImportGraph) -> list[tuple[str, ...]]:
    """Every import of a kg module by another that is also reached back from it."""
    found = []
    for importer in sorted(graph.modules):
        if not importer.startswith("kg"):
            continue
        for imported in sorted(graph.find_modules_directly_imported_by(importer)):
            if imported.startswith("kg") and (back := graph.find_shortest_chain(importer=imported, imported=importer)):
                found.append((importer, *back))
    return found


def test_no_module_of_kg_is_part_of_an_import_cycle():
    # function-local and TYPE_CHECKING imports count: a cycle closed inside a function is a cycle
    assert _cycles(grimp.build_graph("kg")) == []


def test_a_cycle_would_be_found():
    graph = grimp.ImportGraph()
    for name in ("kg.a", "kg.b", "kg.c"):
        graph.add_module(name)
    graph.add_import(importer="kg.a", imported="kg.b")
    graph.add_import(importer="kg.b", imported="kg.c")
    graph.add_import(importer="kg.c", imported="kg.a")
    assert ("kg.a", "kg.b", "kg.c", "kg.a") in _cycles(graph)
