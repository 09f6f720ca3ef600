"""Pin the parses of the construction suite: parse every case text with the real pipeline, once.

    python tools/pin_parses.py            # (re)write tests/constructions/parses/<group>.conllu
    python tools/pin_parses.py --check    # only say which groups' pinned parses are stale (exit 1)

Each case text of ``tests/constructions/cases/<group>.py`` goes through ``kg.nlp.load_pipeline("fr")``
(spaCy's model with kg's own components: hyphen joining, sentence bounds, the gazetteer's entities and
their ids) and is written as CoNLL-U (see ``tests/constructions/pinned.py``), so that the fast tests
run kg's rules on the same parse without loading the model.  Every parse is read back and rebuilt
as a Doc before anything is written: a parse the format would not keep exactly is an error.  Re-run
it after adding or editing a case, or when the model, spaCy, kg's components or the gazetteer change
(the slow test ``tests/constructions/test_live.py`` says so).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT))

from constructions.cases import GROUPS, group_cases  # noqa: E402
from constructions.pinned import PARSES, doc_differences, parse_conllu, to_conllu, to_doc  # noqa: E402


def header(nlp) -> str:
    import spacy

    return (f"# Pinned parses of tests/constructions/cases, written by tools/pin_parses.py: do not edit.\n"
            f"# {nlp.meta['lang']}_{nlp.meta['name']} {nlp.meta['version']}, spaCy {spacy.__version__}, "
            f"pipeline: {' '.join(nlp.pipe_names)}\n\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("groups", nargs="*", help="only these groups (default: all)")
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 if a pinned parse is stale")
    args = parser.parse_args(argv)
    unknown = [g for g in args.groups if g not in GROUPS]
    if unknown:
        parser.error(f"unknown group(s): {', '.join(unknown)} (groups: {', '.join(GROUPS)})")

    from kg.nlp import load_pipeline

    nlp = load_pipeline("fr")
    stale = written = cases = 0
    for group in args.groups or GROUPS:
        group_of = group_cases(group)
        cases += len(group_of)
        blocks = []
        for case, doc in zip(group_of, nlp.pipe(c.text for c in group_of), strict=True):
            block = to_conllu(doc, case.id)
            blocks.append(block)
            # read it back as the tests will, and check that the rebuilt Doc is the live one
            pinned = parse_conllu(block)[case.id]
            problems = ([] if pinned.text == case.text else ["text differs"]) + doc_differences(doc, to_doc(pinned))
            if problems:
                print(f"{case.id}: the pinned parse would not be the live one: {'; '.join(problems)}", file=sys.stderr)
                return 2
        path = PARSES / f"{group}.conllu"
        content = header(nlp) + "".join(blocks)
        old = path.read_text(encoding="utf-8") if path.exists() else None
        if old == content:
            continue
        stale += 1
        if args.check:
            print(f"stale: {path.relative_to(ROOT)}")
            continue
        PARSES.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")
        written += 1
        print(f"wrote {path.relative_to(ROOT)} ({len(group_of)} cases)")
    groups = len(args.groups or GROUPS)
    if args.check:
        print(f"{cases} cases in {groups} groups: {stale} stale file(s)")
        return 1 if stale else 0
    print(f"{cases} cases in {groups} groups: {written} file(s) written, {groups - written} unchanged")
    return 0


if __name__ == "__main__":
    sys.exit(main())
