"""The one convention of the kg command line (kg --help): graphs as GRAPH… (- for standard input) or --store,
--out FILE (- and the default: standard output), --format from one vocabulary with the old spellings
still accepted, data on standard output and messages on standard error, and a mistake as one line.

In process (kg.cli.main) on a small hand-written graph: no spaCy model is loaded here."""

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Dataset

import kg.cli
from kg.cli import main
from kg.store.oxigraph import OxigraphStore

ROOT = Path(__file__).resolve().parent.parent
ID = "https://w3id.org/conflict-kg/id/"
TRIG = f"""\
@prefix ckg: <https://w3id.org/conflict-kg/ontology#> .
@prefix evt: <https://w3id.org/conflict-kg/event-type/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .

<{ID}doc-a> {{
  <{ID}doc-a> a ckg:Document ; ckg:documentId "a" .
  <{ID}entity/hamas> a ckg:ArmedGroup ; rdfs:label "Hamas"@fr ; ckg:mentionedIn <{ID}doc-a> .
  <{ID}mention/m1> ckg:refersTo <{ID}entity/hamas> .
  <{ID}event/e1> a ckg:Event ; ckg:eventType evt:assault ; ckg:actor <{ID}entity/hamas> .
}}
<{ID}doc-b> {{
  <{ID}doc-b> a ckg:Document ; ckg:documentId "b" .
  <{ID}entity/gao> a ckg:Place ; rdfs:label "Gao"@fr ; ckg:mentionedIn <{ID}doc-b> .
  <{ID}mention/m2> ckg:refersTo <{ID}entity/gao> .
}}
"""
GRAPH_COMMANDS = ["export", "events", "entities", "viz", "validate", "query", "stats", "serve"]
ONE_FILE_COMMANDS = ["extract", "export", "events", "entities", "viz", "validate", "query", "stats"]
VOCABULARY = {"text", "csv", "json", "jsonl", *kg.cli.RDF_FORMATS}


@pytest.fixture
def graph(tmp_path) -> Path:
    path = tmp_path / "g.trig"
    path.write_text(TRIG, encoding="utf-8")
    return path


@pytest.fixture
def store(tmp_path, graph) -> Path:
    """The same two documents in an Oxigraph directory."""
    dataset = Dataset()
    dataset.parse(graph, format="trig")
    with OxigraphStore(tmp_path / "db") as db:
        for context in dataset.graphs():
            if len(context):
                db.put_graph(context.identifier, context)
    return tmp_path / "db"


def run(capsys, *argv: str, stdin: str | None = None, monkeypatch=None) -> tuple[int, str, str]:
    if stdin is not None:
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin.encode("utf-8")), encoding="utf-8"))
    status = main(list(argv))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def one_line_error(status: int, err: str) -> str:
    assert status == 2 and "Traceback" not in err
    lines = err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("kg: error: "), err
    return lines[0]


# ------------------------------------------------------------------ the parser says it once


def subparsers() -> dict:
    parser = kg.cli.build_parser()
    action = next(a for a in parser._actions if a.dest == "command")
    return action.choices


def test_every_command_takes_its_sources_out_and_format_from_the_convention():
    commands = subparsers()
    for name in GRAPH_COMMANDS:
        dests = {a.dest: a for a in commands[name]._actions}
        assert dests["graphs"].nargs == "*" and dests["graphs"].metavar == "GRAPH", name
        assert "--store" in dests["store"].option_strings, name
    for name in ("extract", "build", "add"):
        dests = {a.dest: a for a in commands[name]._actions}
        assert dests["inputs"].metavar == "INPUT" and {"model", "jobs", "cluster", "quiet", "on_error"} <= set(dests)
    for name in ONE_FILE_COMMANDS:
        out = next(a for a in commands[name]._actions if a.dest == "out")
        assert out.default == "-" and out.metavar == "FILE", name
    build_out = next(a for a in commands["build"]._actions if a.dest == "out")
    assert build_out.metavar == "DIR"
    for name, command in commands.items():
        for action in command._actions:
            if action.dest == "format":
                assert set(action.choices) <= VOCABULARY, name


def test_help_explains_the_convention(capsys):
    with pytest.raises(SystemExit):
        main(["--help"])
    text = capsys.readouterr().out
    for words in ("one convention for every command", "GRAPH…", "--store DIR|URL", "--out FILE",
                  "- (the default):", "jsonl: one JSON", "only build writes a folder".capitalize()):
        assert words in text, words


def test_help_loads_neither_spacy_nor_pyvis():
    code = ("import sys\nfrom kg.cli import main\ntry:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
            "for command in ('extract', 'viz', 'entities', 'query'):\n    try:\n        main([command, '--help'])\n"
            "    except SystemExit:\n        pass\n"
            "print(sorted(m for m in ('spacy', 'pyvis', 'networkx', 'kg.viz', 'kg.rdf') if m in sys.modules))\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1] == "[]"


def test_the_kinds_and_the_drawing_options_come_from_their_modules():
    import kg.viz
    import kg.viz_options
    from kg.vocab import CLASS_KINDS

    entities = subparsers()["entities"]
    kind = next(a for a in entities._actions if a.dest == "kind")
    assert set(kind.choices) == set(CLASS_KINDS.values())
    viz = {a.dest: a for a in subparsers()["viz"]._actions}
    assert viz["view"].choices is kg.viz_options.VIEWS is kg.viz.VIEWS
    assert viz["depth"].default == kg.viz.DEFAULT_DEPTH and viz["max_nodes"].default == kg.viz.MAX_NODES
    from kg.store import FORMATS

    assert tuple(FORMATS) == kg.cli.RDF_FORMATS


def test_render_html_checks_the_bounds_the_command_line_has(graph):
    from kg.errors import InputError
    from kg.store import load_graph, union_graph
    from kg.viz import render_html

    union = union_graph(load_graph(graph))
    for options, message in [({"max_nodes": 0}, "--max-nodes"), ({"max_nodes": 10_001}, "--max-nodes"),
                             ({"depth": -1}, "--depth"), ({"view": "map"}, "unknown view")]:
        with pytest.raises(InputError, match=message):
            render_html(union, **options)


# ------------------------------------------------------------------ --format: one word per idea, old ones kept


def test_table_is_an_old_spelling_of_text(capsys, graph):
    for command in (["stats"], ["entities"], ["query", "SELECT ?d WHERE { ?d a ckg:Document } ORDER BY ?d"]):
        text = run(capsys, *command[:1], str(graph), *command[1:], "--format", "text")
        table = run(capsys, *command[:1], str(graph), *command[1:], "--format", "table")
        default = run(capsys, *command[:1], str(graph), *command[1:])
        assert text == table == default and text[0] == 0 and text[1]


def test_json_is_one_document_and_jsonl_one_record_per_line(capsys, graph):
    for command in (["entities"], ["events"], ["query", "SELECT ?d WHERE { ?d a ckg:Document } ORDER BY ?d"]):
        _, one, _ = run(capsys, command[0], str(graph), *command[1:], "--format", "json")
        _, lines, _ = run(capsys, command[0], str(graph), *command[1:], "--format", "jsonl")
        assert json.loads(one) == [json.loads(line) for line in lines.splitlines()] and json.loads(one), command


def test_a_format_that_does_not_fit_the_answer_is_one_line(capsys, graph):
    status, _, err = run(capsys, "query", str(graph), "SELECT * WHERE { ?s ?p ?o }", "--format", "turtle")
    assert "the answer is rows" in one_line_error(status, err)
    status, _, err = run(capsys, "query", str(graph), "CONSTRUCT { ?s a ?o } WHERE { ?s a ?o }", "--format", "csv")
    assert "the answer is a graph" in one_line_error(status, err)
    status, out, _ = run(capsys, "query", str(graph), "CONSTRUCT { ?s a ?o } WHERE { ?s a ?o }", "--format",
                         "ntriples")
    assert status == 0 and len(out.splitlines()) == 5 and all(line.endswith(" .") for line in out.splitlines())


# ------------------------------------------------------------------ GRAPH…, -, --store


READERS = [
    ["stats", "--format", "json"], ["entities", "--format", "csv"], ["events"], ["validate"],
    ["query", "SELECT ?d WHERE { ?d a ckg:Document } ORDER BY ?d"], ["export", "--format", "nquads"],
    ["viz", "--title", "t"],
]


@pytest.mark.parametrize("command", READERS, ids=lambda c: c[0])
def test_standard_input_a_file_and_a_store_read_alike(capsys, monkeypatch, graph, store, command):
    name, *options = command
    from_file = run(capsys, name, str(graph), *options)
    from_stdin = run(capsys, name, "-", *options, stdin=graph.read_text(encoding="utf-8"), monkeypatch=monkeypatch)
    from_store = run(capsys, name, "--store", str(store), *options)

    def same(answer: tuple[int, str, str]) -> tuple[int, object]:
        status, out, _ = answer
        if name == "stats":
            return status, {k: v for k, v in json.loads(out).items() if k not in ("store", "backend")}
        if name in ("export", "entities", "events"):
            return status, sorted(line for line in out.splitlines() if line)
        if name == "validate":  # the last line names the source
            return status, out.splitlines()[:-1]
        if name == "viz":
            return status, len(out) > 1000 and "<title>t</title>" in out
        return status, out

    assert same(from_file) == same(from_stdin) == same(from_store) and same(from_file)[1]


def test_several_graphs_are_read_as_one(capsys, tmp_path, graph):
    parts = TRIG.split(f"<{ID}doc-b> {{")
    (tmp_path / "a.trig").write_text(parts[0], encoding="utf-8")
    (tmp_path / "b.trig").write_text(parts[0].split("\n\n")[0] + f"\n\n<{ID}doc-b> {{" + parts[1], encoding="utf-8")
    _, both, _ = run(capsys, "stats", str(tmp_path / "a.trig"), str(tmp_path / "b.trig"), "--format", "json")
    _, whole, _ = run(capsys, "stats", str(graph), "--format", "json")
    assert json.loads(both)["documents"] == 2
    assert {k: v for k, v in json.loads(both).items() if k != "store"} == \
        {k: v for k, v in json.loads(whole).items() if k != "store"}


def test_a_graph_on_standard_input_in_any_rdf_format(capsys, monkeypatch, graph):
    _, expected, _ = run(capsys, "stats", str(graph), "--format", "json")
    for fmt in ("nquads", "ntriples", "turtle", "jsonld", "xml"):
        _, data, _ = run(capsys, "export", str(graph), "--format", fmt)
        status, out, err = run(capsys, "stats", "-", "--format", "json", stdin=data, monkeypatch=monkeypatch)
        assert status == 0, err
        assert json.loads(out)["triples"] == json.loads(expected)["triples"], fmt


def test_a_query_on_standard_input(capsys, monkeypatch, graph):
    status, out, _ = run(capsys, "query", str(graph), "-", "--format", "csv",
                         stdin="SELECT ?d WHERE { ?d a ckg:Document } ORDER BY ?d", monkeypatch=monkeypatch)
    assert status == 0 and out.splitlines() == ["d", "id:doc-a", "id:doc-b"]
    status, _, err = run(capsys, "query", "-", "-", stdin="ASK {}", monkeypatch=monkeypatch)
    assert "can be read once only" in one_line_error(status, err)


@pytest.mark.parametrize("argv, message", [
    (["stats"], "give a graph file or --store"),
    (["entities", "{graph}", "--store", "{store}"], "not both"),
    (["validate", "-", "-"], "can be read once only"),
    (["export", "{folder}", "--format", "trig"], "a folder, not a graph file; a store is named with --store"),
    (["query", "{folder}/nope.ttl", "ASK {}"], "no such file"),
    (["events"], "give a graph file or --store or --documents"),
    (["events", "{graph}", "--documents", "x.txt"], "not both"),
    (["viz", "{graph}", "--max-nodes", "0", "--out", "{folder}/p.html"], "--max-nodes must be between 1 and 10,000"),
    (["viz", "{graph}", "--depth", "-1", "--out", "{folder}/p.html"], "--depth must be 0 or more"),
    (["build", "x.txt", "--out", "-"], "kg build writes a folder"),
    (["export", "{graph}", "--format", "trig", "--out", "{graph}"], "would overwrite its input"),
    (["stats", "{graph}", "--out", "{folder}"], "a folder is there, not a file"),
    (["serve", "{graph}", "--port", "99999"], "between 0 and 65535"),
])
def test_a_mistake_is_one_line_and_status_2(capsys, tmp_path, graph, store, argv, message):
    filled = [a.replace("{graph}", str(graph)).replace("{store}", str(store)).replace("{folder}", str(tmp_path))
              for a in argv]
    status, out, err = run(capsys, *filled)
    assert message in one_line_error(status, err) and out == ""


def test_viz_does_not_write_a_page_to_a_terminal(capsys, monkeypatch, graph):
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    status, out, err = run(capsys, "viz", str(graph))
    assert "give --out FILE, or redirect" in one_line_error(status, err) and out == ""


# ------------------------------------------------------------------ --out FILE and -; data out, messages err


@pytest.mark.parametrize("command", READERS, ids=lambda c: c[0])
def test_out_file_holds_what_standard_output_gets(capsys, tmp_path, graph, command):
    name, *options = command
    status, out, err = run(capsys, name, str(graph), *options, "--out", "-")
    assert run(capsys, name, str(graph), *options) == (status, out, err) and err == ""
    target = tmp_path / "answer.out"
    written = run(capsys, name, str(graph), *options, "--out", str(target))
    assert written[0] == status and written[1] == ""
    assert written[2].splitlines() == [written[2].strip()] and written[2].strip().endswith(f": {target}")
    assert target.read_text(encoding="utf-8") == out


def test_a_failed_command_leaves_an_earlier_out_file(capsys, tmp_path, graph):
    target = tmp_path / "answer.csv"
    target.write_text("an earlier answer\n")
    status, _, err = run(capsys, "query", str(graph), "SELECT WHERE nonsense", "--out", str(target))
    assert "does not parse" in one_line_error(status, err)
    assert target.read_text() == "an earlier answer\n"


def test_export_of_a_store_to_standard_output(capsys, graph, store):
    status, out, _ = run(capsys, "export", "--store", str(store), "--format", "nquads")
    _, expected, _ = run(capsys, "export", str(graph), "--format", "nquads")
    assert status == 0 and out.strip() and sorted(out.split()) == sorted(expected.split())


def test_validate_a_store_and_its_exit_status(capsys, graph, store):
    status, out, _ = run(capsys, "validate", "--store", str(store))
    assert status == 1 and out.splitlines()[-1].startswith(f"{store}: ") and "violation(s)" in out


def test_add_tells_documents_on_stdout_and_counts_on_stderr(capsys, tmp_path):
    """Documents the store holds are not parsed: this runs without the model."""
    from rdflib import Literal

    from kg.documents import content_digest, iter_documents
    from kg.rdf import document_iri
    from kg.store import new_graph
    from kg.vocab import CKG

    corpus = tmp_path / "c.jsonl"
    corpus.write_text('{"id": "a1", "text": "Des drones ont frappé Kharkiv."}\n'
                      '{"id": "a2", "text": "Des tirs ont visé Gao."}\n', encoding="utf-8")
    with OxigraphStore(tmp_path / "db") as db:
        for document in iter_documents([str(corpus)]):
            graph = new_graph()
            graph.add((document_iri(document.id), CKG.contentDigest, Literal(content_digest(document))))
            db.put_graph(document_iri(document.id), graph)
    status, out, err = run(capsys, "add", str(corpus), "--store", str(tmp_path / "db"), "--quiet")
    assert status == 0 and out == "present\ta1\npresent\ta2\n"
    assert err == f"0 document(s) added, 2 already in {tmp_path / 'db'}\n"


def test_events_still_reads_documents_given_the_old_way(capsys, tmp_path):
    status, out, err = run(capsys, "events", str(tmp_path / "missing.txt"))
    assert status == 2 and "missing.txt: no such file" in err
    assert err.startswith("kg: note: reading the arguments as documents; write kg events --documents")


def test_the_readmes_commands_parse():
    """Every kg command line in the README's code blocks is one the parser takes as written."""
    import shlex

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = [block.split("```", 1)[0] for block in readme.split("```")[1::2]]
    lines = [line.split(" #")[0].strip().removeprefix("$ ").removeprefix(".venv/bin/")
             for block in blocks for line in block.splitlines()]
    commands = [part.strip().split(" > ")[0] for line in lines for part in line.split(" | ")
                if part.strip().startswith("kg ")]
    assert len(commands) > 20
    parser = kg.cli.build_parser()
    for command in commands:
        try:
            parser.parse_args(shlex.split(command)[1:])
        except SystemExit:
            pytest.fail(f"the README's {command!r} does not parse")
