"""A failure of kg's own on one document stops the run with one line naming the document, never a
traceback, and what was written before it stays."""

from __future__ import annotations

import json

import pytest

pytestmark = pytest.mark.slow


def _corpus(tmp_path):
    lines = [{"id": f"d{i}", "date": "2024-03-14", "text": f"Des rebelles ont attaqué le village numéro {i} mardi."}
             for i in range(3)]
    path = tmp_path / "corpus.jsonl"
    path.write_text("".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines), encoding="utf-8")
    return path


def _failing_on(doc_id, monkeypatch):
    import kg.pipeline

    real = kg.pipeline.extract_document

    def extract(document, parsed, lex):
        if document.id == doc_id:
            raise ValueError("a bug in a rule")
        return real(document, parsed, lex)

    monkeypatch.setattr(kg.pipeline, "extract_document", extract)


@pytest.mark.parametrize("options", [[], ["--no-incidents"], ["--jobs", "2"]])
def test_a_bug_on_one_document_is_one_line_naming_it(tmp_path, monkeypatch, capsys, options):
    from kg.cli import main

    _failing_on("d1", monkeypatch)  # forked workers (--jobs 2) inherit it
    out = tmp_path / "facts.jsonl"
    status = main(["extract", str(_corpus(tmp_path)), "--format", "jsonl", "--quiet", *options])
    captured = capsys.readouterr()
    assert status == 2
    assert captured.err.startswith("kg: error: ") and captured.err.count("\n") == 1
    assert "line 2" in captured.err and "ValueError: a bug in a rule" in captured.err
    assert "Traceback" not in captured.err and not out.exists()
    docs = {json.loads(line)["doc"] for line in captured.out.splitlines()}
    # in one process the document before the bad one is written; a worker's batch fails whole, as when
    # a worker dies; never anything after it
    assert docs == ({"d0"} if "--jobs" not in options else set())


def test_a_run_with_no_failure_is_untouched(tmp_path, capsys):
    from kg.cli import main

    assert main(["extract", str(_corpus(tmp_path)), "--format", "jsonl", "--quiet"]) == 0
    docs = {json.loads(line)["doc"] for line in capsys.readouterr().out.splitlines()}
    assert docs == {"d0", "d1", "d2"}
