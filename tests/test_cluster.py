"""Extraction on a Dask cluster: the same graph as one process, whoever writes it; a worker killed
mid-run loses nothing and adds nothing twice; an unreachable scheduler is a one-line error."""

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import psutil
import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from kg.documents import iter_documents
from kg.rdf import document_iri
from kg.run import run
from kg.store import add_document, open_store

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
KG = [sys.executable, "-m", "kg.cli"]


def kg(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(KG + list(args), capture_output=True, text=True, cwd=ROOT, timeout=600,
                          env={**os.environ, "PYTHONWARNINGS": "ignore"})


def graphs(store_spec: str) -> dict[str, Graph]:
    """Each named graph of a store, by name."""
    with open_store(store_spec, read_only=True) as store:
        found: dict[str, Graph] = {}
        for s, p, o, g in store.quads():
            found.setdefault(str(g), Graph()).add((s, p, o))
    return found


@pytest.mark.slow
def test_workers_fill_an_oxigraph_server_as_one_process_fills_a_local_store(oxigraph_server, tmp_path):
    local = str(tmp_path / "local")
    alone = kg("add", str(EXAMPLES), "--store", local, "--jobs", "1", "--quiet")
    assert alone.returncode == 0, alone.stderr

    spread = kg("add", str(EXAMPLES), "--store", oxigraph_server, "--cluster", "local:2", "--quiet")
    assert spread.returncode == 0, spread.stderr
    assert sorted(spread.stdout.splitlines()) == sorted(alone.stdout.splitlines()), "the same documents added"

    expected, written = graphs(local), graphs(oxigraph_server)
    # the documents' graphs and the incidents' (linked by the driver as each document comes back)
    assert sorted(written) == sorted(expected) and len([name for name in expected if "/id/document/" in name]) == 5
    for name, graph in expected.items():
        assert isomorphic(written[name], graph), name

    again = kg("add", str(EXAMPLES), "--store", oxigraph_server, "--cluster", "local:2", "--quiet")
    assert again.returncode == 0 and again.stdout.count("present\t") == 5, "a rerun adds nothing"


def corpus(tmp_path: Path, documents: int) -> Path:
    """JSONL documents with their own ids, made of the examples' paragraphs."""
    paragraphs = [p for doc in iter_documents([str(EXAMPLES)]) for p in doc.text.split("\n\n") if len(p) > 80]
    path = tmp_path / "corpus.jsonl"
    path.write_text("".join(json.dumps({"id": f"d{i:03d}", "date": "2024-03-14",
                                        "text": paragraphs[i % len(paragraphs)]}) + "\n"
                            for i in range(documents)), encoding="utf-8")
    return path


@pytest.mark.slow
def test_a_killed_worker_loses_nothing_and_adds_nothing_twice(tmp_path):
    path = corpus(tmp_path, 40)
    reference = {r.document.id: r for r in run(iter_documents([str(path)]))}

    store_path = str(tmp_path / "db")
    seen, killed = [], None
    with open_store(store_path) as store:
        # One document per task, so that the killed worker is in the middle of its share.
        for result in run(iter_documents([str(path)]), cluster="local:2", batch_size=1):
            seen.append(result.document.id)
            assert add_document(store, result), f"{result.document.id} came back twice"
            if killed is None:
                workers = [p for p in psutil.Process().children() if "spawn_main" in " ".join(p.cmdline())]
                assert len(workers) == 2, "the two worker processes of the LocalCluster"
                killed = workers[0]
                killed.send_signal(signal.SIGKILL)
    assert killed is not None and not killed.is_running(), "a worker really died mid-run"

    assert seen == list(reference), "every document once, in input order"
    stored = graphs(store_path)
    assert sorted(stored) == sorted(str(document_iri(doc_id)) for doc_id in reference)
    from kg.rdf import add_result, new_graph
    from kg.store.incidents import add_report_index

    for doc_id, result in reference.items():
        expected = add_report_index(add_result(new_graph(), result), result)
        assert isomorphic(stored[str(document_iri(doc_id))], expected), doc_id


@pytest.mark.slow
def test_unreachable_scheduler_is_one_line_and_keeps_the_store(tmp_path):
    db = str(tmp_path / "db")
    assert kg("add", str(EXAMPLES / "baghdad.txt"), "--store", db, "--quiet").returncode == 0
    before = graphs(db)
    result = kg("add", str(EXAMPLES), "--store", db, "--cluster", "tcp://127.0.0.1:9", "--quiet")
    assert result.returncode == 2 and result.stderr.count("\n") == 1
    assert result.stderr.startswith("kg: error: cannot reach the Dask scheduler at tcp://127.0.0.1:9")
    after = graphs(db)
    assert len([name for name in after if "/id/document/" in name]) == 1, "what was stored stays"
    assert sorted(after) == sorted(before) and all(isomorphic(after[name], before[name]) for name in before)


def test_unreachable_store_is_one_line_with_a_cluster():
    from conftest import free_port

    result = kg("add", str(EXAMPLES), "--store", f"http://127.0.0.1:{free_port()}", "--cluster", "local:1", "--quiet")
    assert result.returncode == 2 and result.stderr.count("\n") == 1
    assert "cannot reach the SPARQL endpoint" in result.stderr


@pytest.mark.parametrize(("options", "message"), [
    (["--cluster", "local:0"], "expected local:N with N ≥ 1"),
    (["--cluster", "local:2", "--jobs", "2"], "give --jobs or --cluster, not both"),
])
def test_cluster_options_that_cannot_work(options, message):
    result = kg("extract", str(EXAMPLES / "baghdad.txt"), *options, "--quiet")
    assert result.returncode == 2 and message in result.stderr and "Traceback" not in result.stderr


@pytest.mark.slow
def test_a_running_scheduler_and_worker_give_the_records_of_one_process(tmp_path):
    """`dask scheduler` and `dask worker` started as an operator would, on loopback; kg connects by address."""
    from conftest import free_port
    from distributed import Client

    dask = str(Path(sys.executable).parent / "dask")
    port = free_port()
    address = f"tcp://127.0.0.1:{port}"
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL, "cwd": tmp_path}
    scheduler = subprocess.Popen([dask, "scheduler", "--host", "127.0.0.1", "--port", str(port), "--no-dashboard"],
                                 **quiet)
    worker = subprocess.Popen([dask, "worker", address, "--nthreads", "1", "--nworkers", "1", "--no-dashboard"],
                              **quiet)
    try:
        with Client(address, timeout="60s") as client:
            client.wait_for_workers(1, timeout=120)
        remote = kg("extract", str(EXAMPLES), "--format", "jsonl", "--cluster", address, "--quiet")
        alone = kg("extract", str(EXAMPLES), "--format", "jsonl", "--jobs", "1", "--quiet")
        assert remote.returncode == 0, remote.stderr
        assert remote.stdout == alone.stdout and remote.stdout.count("\n") > 50
    finally:
        for process in (worker, scheduler):
            process.terminate()
            process.wait(30)
