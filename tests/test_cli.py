"""The kg command as a user runs it: outputs, sample queries, help, and one-line errors."""

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pyoxigraph
import pytest
from rdflib import Graph

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
KG = [sys.executable, "-m", "kg.cli"]


def kg(*args: str, stdin: str | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(KG + list(args), input=stdin, capture_output=True, text=True, cwd=cwd or ROOT,
                          env={**os.environ, "PYTHONWARNINGS": "ignore"}, timeout=300)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("build")
    result = kg("build", str(EXAMPLES), "--out", str(out), "--quiet")
    assert result.returncode == 0, result.stderr
    return out, result


@pytest.mark.slow
def test_build_writes_turtle_and_html_and_says_where(built):
    out, result = built
    assert (out / "graph.ttl").exists() and (out / "graph.html").exists()
    # where the outputs are is a message (standard error); the data is in the files
    assert str(out / "graph.ttl") in result.stderr and str(out / "graph.html") in result.stderr
    assert result.stdout == ""
    graph = Graph().parse(out / "graph.ttl", format="turtle")
    assert len(graph) > 500
    store = pyoxigraph.Store()
    store.load(path=str(out / "graph.ttl"), format=pyoxigraph.RdfFormat.TURTLE)
    assert len(store) == len(graph)


@pytest.mark.slow
def test_html_has_no_network_resource(built):
    out, _ = built
    html = (out / "graph.html").read_text(encoding="utf-8")
    for attribute in ('src="http', "src='http", 'href="http', "href='http", "url(http", "url('http", 'url("http'):
        assert attribute not in html


@pytest.mark.slow
@pytest.mark.parametrize("query", sorted(p.name for p in (EXAMPLES / "queries").glob("*.rq")))
def test_every_sample_query_answers(built, query):
    out, _ = built
    result = kg("query", str(out / "graph.ttl"), str(EXAMPLES / "queries" / query), "--format", "csv")
    assert result.returncode == 0, result.stderr
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert len(rows) >= 2, f"{query} gave no rows"


@pytest.mark.slow
def test_query_text_and_json_output(built):
    out, _ = built
    result = kg("query", str(out / "graph.ttl"),
                "SELECT ?type (COUNT(?e) AS ?n) WHERE { ?e ckg:eventType ?type } GROUP BY ?type", "--format", "json")
    rows = json.loads(result.stdout)
    assert {"type", "n"} <= set(rows[0]) and any(r["type"] == "evt:assault" for r in rows)


@pytest.mark.slow
def test_extract_jsonl_is_the_evaluation_interface():
    result = kg("extract", str(EXAMPLES / "baghdad.txt"), "--format", "jsonl", "--quiet")
    records = [json.loads(line) for line in result.stdout.splitlines()]
    triple = next(r for r in records if r["kind"] == "triple")
    event = next(r for r in records if r["kind"] == "event")
    assert {"doc", "sentence", "subject", "predicate", "object", "negated", "modality", "source", "confidence",
            "start", "end"} <= set(triple)
    assert {"doc", "type", "trigger", "actor", "target", "location", "date", "weapon", "killed",
            "injured"} <= set(event)
    assaults = [r for r in records if r["kind"] == "event" and r["type"] == "assault"]
    assert any("missiles Grad" in " ".join(e["weapon"]) and e["injured"] == 0 for e in assaults)


@pytest.mark.slow
def test_stdin_text_with_header():
    result = kg("extract", "-", "--format", "jsonl", "--quiet",
                stdin="date 2024-03-14\n\nLes rebelles ont attaqué la caserne mardi.")
    events = [json.loads(line) for line in result.stdout.splitlines() if '"event"' in line]
    assert events[0]["date"] == "2024-03-12"


@pytest.mark.slow
def test_stdin_jsonl_documents_keep_their_ids_and_dates():
    lines = [{"id": "a1", "date": "2024-03-14", "text": "Les rebelles ont attaqué la caserne mardi."},
             {"id": "a2", "date": "2024-05-02", "text": "Des hommes armés ont attaqué un convoi hier."}]
    result = kg("extract", "-", "--format", "jsonl", "--quiet",
                stdin="".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines))
    events = [json.loads(line) for line in result.stdout.splitlines() if '"event"' in line]
    assert [(e["doc"], e["date"]) for e in events] == [("a1", "2024-03-12"), ("a2", "2024-05-01")]


@pytest.mark.parametrize("command", ["extract", "build", "add", "query", "export", "stats", "serve", "events",
                                     "entities", "validate", "viz"])
def test_help_explains_each_command(command):
    result = kg(command, "--help")
    assert result.returncode == 0 and "usage: kg " + command in result.stdout


def one_line_error(result: subprocess.CompletedProcess) -> str:
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("kg: error: ")
    return lines[0]


def test_missing_input(tmp_path):
    assert "no such file" in one_line_error(kg("extract", str(tmp_path / "nope.txt")))


def test_binary_and_empty_inputs(tmp_path):
    (tmp_path / "img.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00" * 20)
    assert "binary" in one_line_error(kg("extract", str(tmp_path / "img.txt")))
    (tmp_path / "empty.txt").write_text("")
    assert "empty" in one_line_error(kg("build", str(tmp_path / "empty.txt"), "--out", str(tmp_path / "o")))


@pytest.mark.slow
def test_malformed_jsonl_names_the_line(tmp_path):
    (tmp_path / "c.jsonl").write_text('{"text": "Un texte."}\n{"text": \n')
    assert "line 2" in one_line_error(kg("extract", str(tmp_path / "c.jsonl")))


def test_failed_build_keeps_earlier_outputs(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "graph.ttl").write_text("# an earlier graph\n")
    (tmp_path / "bad.jsonl").write_text("not json\n")
    one_line_error(kg("build", str(tmp_path / "bad.jsonl"), "--out", str(out)))
    assert (out / "graph.ttl").read_text() == "# an earlier graph\n"


@pytest.mark.slow
def test_bad_query_and_bad_graph(built, tmp_path):
    out, _ = built
    assert "does not parse" in one_line_error(kg("query", str(out / "graph.ttl"), "SELECT WHERE nonsense"))
    (tmp_path / "g.ttl").write_text("this is not turtle <")
    assert "not valid turtle" in one_line_error(kg("query", str(tmp_path / "g.ttl"), "ASK {}"))
    assert "no such query file" in one_line_error(kg("query", str(out / "graph.ttl"), "missing.rq"))


@pytest.mark.slow
def test_markup_in_an_article_is_not_markup_in_the_page(tmp_path):
    article = tmp_path / "xss.txt"
    article.write_text("date 2024-03-14\n\nLe groupe <script>alert(1)</script> a attaqué la caserne "
                       "<img src=x onerror=alert(1)> mardi.", encoding="utf-8")
    result = kg("build", str(article), "--out", str(tmp_path / "o"), "--quiet")
    assert result.returncode == 0, result.stderr
    html = (tmp_path / "o" / "graph.html").read_text(encoding="utf-8")
    assert "<script>alert(1)</script>" not in html
    assert "<img src=x onerror=alert(1)>" not in html


@pytest.mark.slow
def test_build_trig_keeps_a_graph_per_document_and_export_converts(tmp_path):
    out = tmp_path / "out"
    result = kg("build", str(EXAMPLES / "baghdad.txt"), str(EXAMPLES / "sahel-embuscade.txt"), "--out", str(out),
                "--format", "trig", "--quiet")
    assert result.returncode == 0, result.stderr
    store = pyoxigraph.Store()
    store.load(path=str(out / "graph.trig"), format=pyoxigraph.RdfFormat.TRIG)
    # a graph per document, and one per incident (what several documents tell together)
    names = sorted(g.value for g in store.named_graphs())
    documents = [name for name in names if "/id/document/" in name]
    incidents = [name for name in names if "/id/graph/incident/" in name]
    assert len(documents) == 2 and incidents and len(documents) + len(incidents) == len(names)
    for fmt, suffix in (("nquads", ".nq"), ("jsonld", ".jsonld"), ("turtle", ".ttl"), ("ntriples", ".nt")):
        exported = kg("export", str(out / "graph.trig"), "--format", fmt, "--out", str(out / f"graph{suffix}"))
        assert exported.returncode == 0, exported.stderr
        assert (out / f"graph{suffix}").exists() and exported.stdout == ""
        assert exported.stderr == f"graph: {out / f'graph{suffix}'}\n"
    to_stdout = kg("export", str(out / "graph.trig"), "--format", "nquads")  # no --out: standard output
    assert sorted(to_stdout.stdout.split()) == sorted((out / "graph.nq").read_text(encoding="utf-8").split())
    answer = kg("query", str(out / "graph.nq"), "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }",
                "--format", "csv")
    assert answer.stdout.splitlines()[1] == str(len(names))  # the two documents and the incidents
    assert "overwrite its input" in one_line_error(kg("export", str(out / "graph.trig"), "--format", "trig",
                                                      "--out", str(out / "graph.trig")))


@pytest.mark.slow
def test_validate_accepts_the_built_graph_and_rejects_a_broken_one(built, tmp_path):
    out, _ = built
    good = kg("validate", str(out / "graph.ttl"))
    assert good.returncode == 0 and "conforms" in good.stdout
    broken = tmp_path / "broken.ttl"
    text = (out / "graph.ttl").read_text(encoding="utf-8")
    assert "ckg:confidence 0.8 ;" in text
    broken.write_text(text.replace("ckg:confidence 0.8 ;", "ckg:confidence 1.8 ;", 1), encoding="utf-8")
    bad = kg("validate", str(broken))
    assert bad.returncode == 1
    assert "confidence (ckg:confidence) must be an xsd:decimal between 0 and 1 (found 1.8)" in bad.stdout


@pytest.mark.slow
def test_store_commands_refuse_what_cannot_work(built, tmp_path):
    out, _ = built
    graph = str(out / "graph.ttl")
    assert "not both" in one_line_error(kg("query", graph, "ASK {}", "--store", str(tmp_path / "db")))
    assert "graph file or --store" in one_line_error(kg("stats"))
    assert "cannot be added to" in one_line_error(kg("add", str(EXAMPLES / "baghdad.txt"), "--store", graph))
    assert "no such store" in one_line_error(kg("stats", "--store", str(tmp_path / "missing")))
    exported = kg("export", "--store", graph, "--format", "nquads")  # no --out: standard output
    assert exported.returncode == 0 and exported.stdout.count(" .\n") > 500


@pytest.mark.slow
def test_build_into_a_store_then_query_stats_export_and_events_from_it(built, tmp_path):
    db = str(tmp_path / "db")
    result = kg("build", str(EXAMPLES / "baghdad.txt"), "--store", db, "--out", str(tmp_path / "o1"), "--quiet")
    assert result.returncode == 0, result.stderr
    # the same streams as kg add: one line per document on stdout, the counts on stderr
    assert result.stdout.startswith("added\t") and result.stdout.count("\n") == 1
    assert f"1 document(s) added, 0 already in {db}" in result.stderr and (tmp_path / "o1" / "graph.html").exists()
    result = kg("add", str(EXAMPLES), "--store", db, "--quiet")
    assert result.stdout.count("added\t") == 4 and result.stdout.count("present\t") == 1
    assert result.stderr == f"4 document(s) added, 1 already in {db}\n"
    stats = json.loads(kg("stats", "--store", db, "--format", "json").stdout)
    from_file = json.loads(kg("stats", str(built[0] / "graph.ttl"), "--format", "json").stdout)
    # the same documents, events and incidents (kg add linked them one document at a time); the store also
    # files each event for linking (ckg:reportFacts, ckg:linkKey), hence more triples
    assert {k: v for k, v in stats.items() if k not in ("store", "backend", "triples")} == \
        {k: v for k, v in from_file.items() if k not in ("store", "backend", "triples")}
    assert stats["incidents"] > 0 and stats["triples"] > from_file["triples"]
    assert stats["documents"] == 5 and stats["events_by_type"]["assault"] >= 3
    exported = kg("export", "--store", db, "--format", "trig", "--out", str(tmp_path / "all.trig"))
    assert exported.returncode == 0, exported.stderr
    from rdflib import Dataset

    dataset = Dataset()
    dataset.parse(tmp_path / "all.trig", format="trig")
    names = {str(g) for *_, g in dataset.quads((None, None, None, None))}
    assert len({name for name in names if "/id/document/" in name}) == 5
    assert len({name for name in names if "/id/graph/incident/" in name}) == stats["incidents"] == len(names) - 5
    checked = kg("validate", str(tmp_path / "all.trig"))
    assert checked.returncode == 0 and "conforms" in checked.stdout, checked.stdout
    rows = list(csv.DictReader(io.StringIO(kg("events", "--store", db).stdout)))
    assert any(r["weapon"] == "Grad" and r["country"] == "Irak" for r in rows)
    answer = kg("query", "--store", db, str(EXAMPLES / "queries" / "events-by-type.rq"), "--format", "csv")
    assert answer.returncode == 0 and len(answer.stdout.splitlines()) == stats["events"] + 1
    drawn = kg("viz", "--store", db, "--view", "events", "--out", str(tmp_path / "events.html"))
    assert drawn.returncode == 0, drawn.stderr
    assert (tmp_path / "events.html").read_text(encoding="utf-8").count('"kind":"event"') == stats["events"]


@pytest.mark.slow
def test_viz_draws_views_and_focus_of_a_graph_file(built, tmp_path):
    graph = str(built[0] / "graph.ttl")
    result = kg("viz", graph, "--out", str(tmp_path / "events.html"), "--view", "events")
    assert result.returncode == 0, result.stderr
    assert result.stdout == "" and result.stderr.strip() == f"html: {tmp_path / 'events.html'}"
    page = (tmp_path / "events.html").read_text(encoding="utf-8")
    assert "events view" in page and "<title>conflict-kg: graph.ttl</title>" in page

    result = kg("viz", graph, "--out", str(tmp_path / "hamas.html"), "--focus", "hamas", "--depth", "1",
                "--title", "Hamas")
    assert result.returncode == 0, result.stderr
    focused = (tmp_path / "hamas.html").read_text(encoding="utf-8")
    assert "within 1 link of &#39;hamas&#39;" in focused and len(focused) < len(page) * 2


@pytest.mark.slow
def test_viz_refuses_what_it_cannot_draw(built, tmp_path):
    graph = str(built[0] / "graph.ttl")
    out = tmp_path / "graph.html"
    out.write_text("an earlier page")
    unknown = kg("viz", graph, "--focus", "Atlantide", "--out", str(out))
    assert "no node is called 'Atlantide'" in one_line_error(unknown)
    for options in (["--max-nodes", "0"], ["--max-nodes", "20000"]):
        refused = kg("viz", graph, *options, "--out", str(out))
        assert "--max-nodes must be between 1 and 10,000" in one_line_error(refused)
    assert "--depth must be 0 or more" in one_line_error(kg("viz", graph, "--depth", "-1", "--out", str(out)))
    assert "give a graph file or --store" in one_line_error(kg("viz", "--out", str(out)))
    assert out.read_text() == "an earlier page", "a failed run leaves the earlier page"


@pytest.mark.slow
def test_documents_in_events_and_extract_follow_the_convention(built, tmp_path):
    article = str(EXAMPLES / "baghdad.txt")
    from_graph = kg("events", str(built[0] / "graph.ttl"))
    new = kg("events", "--documents", str(EXAMPLES), "--quiet")
    old = kg("events", str(EXAMPLES), "--quiet")  # the form before --documents still reads documents
    assert new.returncode == old.returncode == 0, new.stderr
    assert new.stdout == old.stdout == from_graph.stdout and new.stdout.count("\n") > 10
    assert new.stderr == "" and old.stderr.startswith("kg: note: reading the arguments as documents")
    piped = kg("events", "--documents", "-", "--quiet", "--format", "jsonl",
               stdin=(EXAMPLES / "baghdad.txt").read_text(encoding="utf-8"))
    assert piped.returncode == 0 and all(json.loads(line) for line in piped.stdout.splitlines())
    streamed = kg("extract", article, "--format", "jsonl", "--quiet")
    written = kg("extract", article, "--format", "jsonl", "--quiet", "--out", str(tmp_path / "facts.jsonl"))
    assert written.stdout == "" and written.stderr == f"facts: {tmp_path / 'facts.jsonl'}\n"
    assert (tmp_path / "facts.jsonl").read_text(encoding="utf-8") == streamed.stdout != ""


@pytest.mark.slow
def test_output_is_byte_identical_for_one_and_two_jobs(tmp_path):
    serial = kg("extract", str(EXAMPLES), "--format", "jsonl", "--jobs", "1", "--quiet")
    parallel = kg("extract", str(EXAMPLES), "--format", "jsonl", "--jobs", "2", "--quiet")
    assert serial.returncode == parallel.returncode == 0, parallel.stderr
    assert serial.stdout == parallel.stdout
    assert len({json.loads(line)["doc"] for line in serial.stdout.splitlines()}) == 5
    for jobs in ("1", "2"):
        assert kg("build", str(EXAMPLES), "--out", str(tmp_path / jobs), "--jobs", jobs, "--quiet").returncode == 0
    assert (tmp_path / "1" / "graph.ttl").read_bytes() == (tmp_path / "2" / "graph.ttl").read_bytes()
    assert "--jobs must be 0" in one_line_error(kg("extract", str(EXAMPLES), "--jobs", "-1"))


@pytest.mark.slow
def test_parallel_batches_come_back_in_input_order():
    """One document per batch: the 5 examples are spread over both workers and come back interleaved."""
    from kg.documents import iter_documents
    from kg.records import records
    from kg.run import run

    def jsonl(jobs: int) -> list[str]:
        return [json.dumps(record, ensure_ascii=False, sort_keys=True)
                for result in run(iter_documents([str(EXAMPLES)]), jobs=jobs, batch_size=1)
                for record in records(result)]

    serial = jsonl(1)
    assert jsonl(2) == serial and len(serial) > 50


@pytest.mark.slow
def test_ctrl_c_stops_every_worker_and_says_so(tmp_path):
    """Ctrl-C (SIGINT to the foreground process group) during `--jobs 2` ends the run with status 130,
    one line on stderr and no worker left behind; the records already written are whole lines."""
    import signal
    import time

    paragraphs = [p for p in (EXAMPLES / "baghdad.txt").read_text(encoding="utf-8").split("\n\n") if len(p) > 80]
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text("".join(json.dumps({"id": f"d{i}", "text": paragraphs[i % len(paragraphs)]}) + "\n"
                              for i in range(5000)), encoding="utf-8")
    out = tmp_path / "out.jsonl"
    with out.open("w") as stdout:
        # --no-incidents: the records stream out, so the run is stopped while it writes
        process = subprocess.Popen(KG + ["extract", str(corpus), "--jobs", "2", "--format", "jsonl", "--quiet",
                                         "--no-incidents"],
                                   stdout=stdout, stderr=subprocess.PIPE, text=True, cwd=ROOT, start_new_session=True,
                                   preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
        deadline = time.monotonic() + 120
        while out.stat().st_size == 0 and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.2)
        assert process.poll() is None, "still running when interrupted"
        os.killpg(process.pid, signal.SIGINT)
        _, stderr = process.communicate(timeout=60)
    assert process.returncode == 130 and stderr.strip() == "kg: interrupted"
    time.sleep(0.5)
    with pytest.raises(ProcessLookupError):
        os.killpg(process.pid, 0)  # no process of the group is left
    assert all(json.loads(line) for line in out.read_text(encoding="utf-8").splitlines())


def jsonl_corpus(path: Path, ids: list[int], bad_line: int | None = None) -> Path:
    """Documents d000, d001, … made of the Baghdad article's paragraphs; line ``bad_line`` has a bad date."""
    paragraphs = [p for p in (EXAMPLES / "baghdad.txt").read_text(encoding="utf-8").split("\n\n") if len(p) > 80]
    lines = []
    for number, i in enumerate(ids, 1):
        date = "hier" if number == bad_line else "2024-09-17"
        lines.append(json.dumps({"id": f"d{i:03d}", "date": date, "text": paragraphs[i % len(paragraphs)]}) + "\n")
    path.write_text("".join(lines), encoding="utf-8")
    return path


@pytest.mark.slow
def test_a_bad_record_stops_every_runner_at_the_same_document(tmp_path):
    corpus = jsonl_corpus(tmp_path / "c.jsonl", list(range(40)), bad_line=39)
    runs = [kg("extract", str(corpus), "--format", "jsonl", "--jobs", jobs, "--quiet") for jobs in ("1", "2")]
    for result in runs:
        assert "line 39" in one_line_error(result)
    assert runs[0].stdout == runs[1].stdout, "the documents before the bad one, whoever parsed them"
    assert {json.loads(line)["doc"] for line in runs[0].stdout.splitlines()} <= {f"d{i:03d}" for i in range(38)}
    assert '"doc": "d037"' in runs[0].stdout


@pytest.mark.slow
def test_add_tells_every_document_in_input_order_whatever_runs_it(tmp_path):
    half = jsonl_corpus(tmp_path / "half.jsonl", list(range(0, 24, 2)))
    whole = jsonl_corpus(tmp_path / "whole.jsonl", [*range(24), 5])  # d005 twice
    logs = []
    for jobs in ("1", "2"):
        db = str(tmp_path / f"db{jobs}")
        assert kg("add", str(half), "--store", db, "--quiet").returncode == 0
        result = kg("add", str(whole), "--store", db, "--jobs", jobs, "--quiet")
        assert result.returncode == 0, result.stderr
        logs.append(result.stdout.splitlines())
    assert logs[0] == logs[1]
    expected = [f"{'present' if i % 2 == 0 else 'added'}\td{i:03d}" for i in range(24)] + ["present\td005"]
    assert logs[0] == expected


@pytest.mark.slow
def test_a_dead_worker_is_a_one_line_error(tmp_path):
    import signal
    import time

    import psutil

    corpus = jsonl_corpus(tmp_path / "c.jsonl", list(range(3000)))
    out = tmp_path / "out.jsonl"
    with out.open("w") as stdout:
        process = subprocess.Popen(KG + ["extract", str(corpus), "--jobs", "2", "--format", "jsonl", "--quiet",
                                         "--no-incidents"],
                                   stdout=stdout, stderr=subprocess.PIPE, text=True, cwd=ROOT)
        deadline = time.monotonic() + 120
        while out.stat().st_size == 0 and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.2)
        workers = psutil.Process(process.pid).children()
        assert workers and process.poll() is None
        workers[0].send_signal(signal.SIGKILL)  # what the kernel's out-of-memory killer does
        _, stderr = process.communicate(timeout=120)
    assert process.returncode == 2 and "Traceback" not in stderr
    assert stderr.strip().startswith("kg: error: a worker process died") and stderr.count("\n") == 1


@pytest.mark.slow
def test_stdin_jsonl_after_blank_lines_that_arrive_first(tmp_path):
    import time

    process = subprocess.Popen(KG + ["extract", "-", "--format", "jsonl", "--quiet"], stdin=subprocess.PIPE,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT)
    process.stdin.write("\n\n")
    process.stdin.flush()
    time.sleep(1)  # the reader has seen only blank lines so far
    process.stdin.write(json.dumps({"id": "a1", "date": "2024-03-14",
                                    "text": "Les rebelles ont attaqué la caserne mardi."}) + "\n")
    stdout, stderr = process.communicate(timeout=120)
    assert process.returncode == 0, stderr
    assert {json.loads(line)["doc"] for line in stdout.splitlines()} == {"a1"}


@pytest.mark.slow
def test_commands_that_read_graphs_never_load_spacy(built, tmp_path):
    # Loading spaCy costs seconds; only the commands that parse text may pay it.  Every graph
    # command runs in one fresh interpreter, which then says whether spaCy was imported.
    graph = str(built[0] / "graph.ttl")
    commands = [
        ["query", graph, str(EXAMPLES / "queries" / "attack-actors.rq")],
        ["stats", graph], ["events", graph], ["entities", graph], ["validate", graph],
        ["export", graph, "--format", "ntriples", "--out", str(tmp_path / "graph.nt")],
        ["viz", graph, "--out", str(tmp_path / "graph.html")],
    ]
    code = (
        "import contextlib, io, json, sys\n"
        "from kg.cli import main\n"
        "for command in json.loads(sys.argv[1]):\n"
        "    with contextlib.redirect_stdout(io.StringIO()):\n"
        "        status = main(command)\n"
        "    assert not status, (command, status)\n"
        "print('spacy' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", code, json.dumps(commands)], capture_output=True, text=True,
                          cwd=ROOT, timeout=300)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split()[-1] == "False"


@pytest.mark.slow
def test_outputs_are_checked_before_the_work(built, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder\n")
    article = str(EXAMPLES / "baghdad.txt")
    graph = str(built[0] / "graph.ttl")
    # each fails at once, before a document is parsed: nothing printed on stdout, nothing written
    for args, message in [
        (("build", article, "--out", str(blocker)), "a file is there, not a folder"),
        (("build", article, "--out", str(blocker / "out")), "is a file, not a folder"),
        (("events", "--documents", article, "--out", str(tmp_path)), "a folder is there, not a file"),
        (("events", "--documents", article, "--out", str(blocker / "events.csv")), "is a file, not a folder"),
        (("extract", article, "--out", str(blocker / "facts.jsonl")), "is a file, not a folder"),
        (("viz", graph, "--out", str(blocker / "page.html")), "is a file, not a folder"),
        (("export", graph, "--format", "nquads", "--out", str(blocker / "g.nq")), "is a file, not a folder"),
    ]:
        result = kg(*args)
        assert message in one_line_error(result) and result.stdout == ""
    assert blocker.read_text() == "not a folder\n"


@pytest.mark.slow
def test_a_damaged_store_is_one_line_and_stays_as_it_was(tmp_path):
    db = tmp_path / "db"
    assert kg("add", str(EXAMPLES / "baghdad.txt"), "--store", str(db), "--quiet").returncode == 0
    for path in sorted(db.iterdir()):
        if path.is_file() and path.stat().st_size > 0:
            path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])  # every file cut in half
    def data(folder: Path) -> dict[str, bytes]:  # RocksDB rewrites its diagnostic LOG at each opening
        return {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file() and not p.name.startswith("LOG")}

    before = data(db)
    for args in [("stats", "--store", str(db)), ("query", "--store", str(db), "ASK { ?s ?p ?o }"),
                 ("add", str(EXAMPLES / "kharkiv-frappes.txt"), "--store", str(db))]:
        assert "store" in one_line_error(kg(*args))
    assert data(db) == before


@pytest.mark.slow
def test_the_readmes_sparql_examples_answer(built):
    from kg.store import open_store

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = [block.split("```", 1)[0] for block in readme.split("```sparql\n")[1:]]
    assert len(blocks) >= 3
    with open_store(str(built[0] / "graph.ttl"), read_only=True) as store:
        for block in blocks:
            assert store.query(block).rows, block


@pytest.mark.slow
def test_on_error_skip_reports_each_bad_document_and_goes_on(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a-good.txt").write_text("date 2024-05-02\n\nDes drones ont frappé Kharkiv mardi.", encoding="utf-8")
    (corpus / "b-binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00" * 30)
    (corpus / "c-date.txt").write_text("date 2024-13-45\n\nDes tirs ont visé Gao.", encoding="utf-8")
    (corpus / "d-mixed.jsonl").write_text(
        '{"id": "j1", "text": "Des hommes armés ont attaqué un convoi près de Gao."}\n'
        '{"id": "j2", "text": oops}\n'
        '{"id": "j3", "text": "L\'Ukraine a condamné l\'attaque.", "date": "2024-02-30"}\n'
        '{"id": "j4", "text": "Des roquettes ont visé la base."}\n', encoding="utf-8")
    db = tmp_path / "db"
    result = kg("add", str(corpus), "--store", str(db), "--on-error", "skip", "--quiet")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    skipped = [line for line in result.stderr.splitlines() if line.startswith("kg: skipped: ")]
    assert len(skipped) == 4
    assert any("b-binary.txt" in line and "binary" in line for line in skipped)
    assert any("c-date.txt" in line and "calendar" in line for line in skipped)
    assert any("d-mixed.jsonl line 2" in line for line in skipped)
    assert any("d-mixed.jsonl line 3" in line for line in skipped)
    assert result.stderr.splitlines()[-2:][-1] == "kg: 4 bad document(s) skipped (--on-error skip)"
    assert result.stdout.count("added\t") == 3 and "added\tj1" in result.stdout and "added\tj4" in result.stdout
    stats = json.loads(kg("stats", "--store", str(db), "--format", "json").stdout)
    assert stats["documents"] == 3
    # the default stops at the first bad document, keeping what was committed before it
    again = kg("add", str(corpus), "--store", str(db), "--quiet")
    assert "b-binary.txt" in one_line_error(again) and "present\t" in again.stdout
    assert json.loads(kg("stats", "--store", str(db), "--format", "json").stdout)["documents"] == 3
    # extract skips the same way
    extracted = kg("extract", str(corpus), "--format", "jsonl", "--on-error", "skip", "--quiet")
    assert extracted.returncode == 1 and {json.loads(line)["doc"] for line in extracted.stdout.splitlines()} >= \
        {"j1", "j4"}


@pytest.mark.slow
def test_sample_queries_give_one_row_per_edge_not_per_label(built):
    # gazetteer entities have a French and an English label: a row per label would repeat each edge
    from kg.store import open_store

    with open_store(str(built[0] / "graph.ttl"), read_only=True) as store:
        def rows(name: str) -> list:
            return store.query((EXAMPLES / "queries" / name).read_text(encoding="utf-8")).rows

        edges = store.query("SELECT (COUNT(*) AS ?n) WHERE { ?p rdfs:subPropertyOf ckg:relatedTo . ?s ?p ?o }").rows
        assert len(rows("relations.rq")) == int(edges[0][0])
        pairs = store.query("SELECT (COUNT(*) AS ?n) WHERE { ?e a ckg:Event ; ckg:eventType evt:assault ; "
                            "ckg:actor ?a ; ckg:target ?t }").rows
        assert len(rows("attack-actors.rq")) == int(pairs[0][0])


def test_a_folder_that_is_not_a_store_is_not_made_one(tmp_path):
    folder = tmp_path / "out"
    folder.mkdir()
    (folder / "graph.ttl").write_text("# a graph\n")
    message = one_line_error(kg("add", str(EXAMPLES / "baghdad.txt"), "--store", str(folder)))
    assert "a folder that is not a store" in message
    assert sorted(p.name for p in folder.iterdir()) == ["graph.ttl"]


@pytest.mark.slow
def test_a_reused_id_is_refused_before_it_reaches_the_store(tmp_path):
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text('{"id": "a1", "text": "Des drones ont frappé Kharkiv mardi."}\n'
                      '{"id": "a2", "text": "Des hommes armés ont attaqué un convoi près de Gao."}\n'
                      '{"id": "a1", "text": "Des roquettes ont visé la base de Kidal."}\n', encoding="utf-8")
    db = tmp_path / "db"
    result = kg("add", str(corpus), "--store", str(db), "--quiet")
    assert "corpus.jsonl line 3: the id 'a1' is already that of another document" in one_line_error(result)
    answer = kg("query", "--store", str(db), "SELECT ?s WHERE { ?d ckg:documentId ?id ; ^ckg:mentionedIn ?x . "
                "?x ckg:sentence ?s } ", "--format", "json")
    sentences = {row["s"] for row in json.loads(answer.stdout)}
    assert any("Kharkiv" in s for s in sentences) and not any("Kidal" in s for s in sentences)
    # the same text under other headers is another document: added, not "present"
    (tmp_path / "a.txt").write_text("date 2024-05-01\nsource AFP\n\nDes roquettes ont visé la base de Kidal.")
    (tmp_path / "b.txt").write_text("date 2024-05-02\nsource Reuters\n\nDes roquettes ont visé la base de Kidal.")
    added = kg("add", str(tmp_path / "a.txt"), str(tmp_path / "b.txt"), "--store", str(db), "--quiet")
    assert added.returncode == 0 and added.stdout.count("added\t") == 2


@pytest.mark.slow
def test_an_impossible_date_is_one_line_and_the_store_stays_as_it_was(tmp_path):
    db = tmp_path / "db"
    assert kg("add", str(EXAMPLES / "sahel-embuscade.txt"), "--store", str(db), "--quiet").returncode == 0
    before = json.loads(kg("stats", "--store", str(db), "--format", "json").stdout)
    bad = tmp_path / "bad.txt"
    bad.write_text("date 2024-13-45\n\nDes drones ont frappé Kharkiv mardi.", encoding="utf-8")
    message = one_line_error(kg("add", str(bad), "--store", str(db)))
    assert "bad.txt: date '2024-13-45' is not a calendar date" in message
    assert json.loads(kg("stats", "--store", str(db), "--format", "json").stdout) == before
    for command in ("events", "viz"):  # the store still reads as before
        out = tmp_path / f"{command}.out"
        assert kg(command, "--store", str(db), "--out", str(out)).returncode == 0


@pytest.mark.slow
def test_a_stored_id_given_to_another_document_is_refused(tmp_path):
    db = tmp_path / "db"
    first = tmp_path / "first.jsonl"
    first.write_text('{"id": "a1", "text": "Des drones ont frappé Kharkiv mardi."}\n', encoding="utf-8")
    assert kg("add", str(first), "--store", str(db), "--quiet").returncode == 0
    again = kg("add", str(first), "--store", str(db), "--quiet")
    assert again.returncode == 0 and again.stdout == "present\ta1\n"
    other = tmp_path / "other.jsonl"
    other.write_text('{"id": "a1", "text": "Des roquettes ont visé la base de Kidal."}\n', encoding="utf-8")
    before = kg("export", "--store", str(db), "--format", "nquads", "--out", "-").stdout
    assert "is that of another document in" in one_line_error(kg("add", str(other), "--store", str(db)))
    skipped = kg("add", str(other), "--store", str(db), "--on-error", "skip", "--quiet")
    assert skipped.returncode == 1 and "kg: skipped: " in skipped.stderr and skipped.stdout == ""
    after = kg("export", "--store", str(db), "--format", "nquads", "--out", "-").stdout
    assert sorted(after.splitlines()) == sorted(before.splitlines())


def test_a_ctrl_c_inside_a_finalizer_is_raised_again_not_printed(capsys, monkeypatch):
    """A Ctrl-C that Python can only report as ignored (it landed in an object's __del__) is raised
    again to stop the run, with no 'Exception ignored' message; other ignored errors print as usual."""
    import signal

    from kg.cli import _interrupt_where_it_stops

    class Finalizing:
        def __init__(self, error: BaseException) -> None:
            self.error = error

        def __del__(self) -> None:
            raise self.error

    received = []
    previous = signal.signal(signal.SIGINT, lambda signum, frame: received.append(signum))
    monkeypatch.setattr(sys, "unraisablehook", _interrupt_where_it_stops)
    try:
        finalizing = Finalizing(KeyboardInterrupt())
        del finalizing
        assert received == [signal.SIGINT]
        assert capsys.readouterr().err == ""
        finalizing = Finalizing(ValueError("boom"))
        del finalizing
        assert received == [signal.SIGINT] and "boom" in capsys.readouterr().err
        # in a worker process: nothing raised again, nothing printed (the main process stops the pool)
        import multiprocessing
        monkeypatch.setattr(multiprocessing, "parent_process", lambda: object())
        finalizing = Finalizing(KeyboardInterrupt())
        del finalizing
        assert received == [signal.SIGINT] and capsys.readouterr().err == ""
    finally:
        signal.signal(signal.SIGINT, previous)
