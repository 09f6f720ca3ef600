"""Documents and their readers: ``.txt`` (with ``key value`` header lines), ``.html``, ``.jsonl``,
folders of them, and ``-`` for standard input.

Readers are generators, so a corpus streams through the pipeline.  Anything wrong with an input
raises :class:`InputError` with a one-line message naming the file (and line) at fault.

>>> doc = parse_text("date 2024-09\\nsource AFP\\n\\nDes tirs ont visé la base.", origin="a.txt")
>>> doc.date, doc.source, doc.text
('2024-09', 'AFP', 'Des tirs ont visé la base.')
>>> doc.id == parse_text("Des tirs ont visé la base.", origin="b.txt", date="2024-09", source="AFP").id
True
>>> doc.id == parse_text("Des tirs ont visé la base.", origin="a.txt", date="2024-10", source="AFP").id
False
"""

from __future__ import annotations

import codecs
import datetime
import hashlib
import html.parser
import io
import itertools
import json
import re
import sys
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from kg.errors import InputError
from kg.model import Document
from kg.vocab import ontologies_dir

#: Languages with a lexicon (``ontologies/lexicon-<lang>.ttl``), and so a pipeline.
SUPPORTED_LANGUAGES = tuple(sorted(p.name.removeprefix("lexicon-").removesuffix(".ttl")
                                   for p in ontologies_dir().glob("lexicon-*.ttl")))
#: Longest document accepted, in characters (spaCy's own default limit).
MAX_CHARS = 1_000_000
#: Longest JSONL line read, in bytes: a document of MAX_CHARS characters with its JSON escapes.
MAX_LINE_BYTES = MAX_CHARS * 8
#: What may come before the first JSONL record on standard input: a UTF-8 BOM and white space.
BLANK_BYTES = b"\xef\xbb\xbf \t\r\n"
#: Header keys recognised at the top of a ``.txt`` file.
HEADER_KEYS = ("id", "date", "source", "lang", "title", "url")
READABLE_SUFFIXES = (".txt", ".jsonl", ".html", ".htm")

_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_HEADER = re.compile(r"^(" + "|".join(HEADER_KEYS) + r")[ \t]+(\S.*)$")


def content_digest(document: Document) -> str:
    """A digest of everything a document is (text, date, language, source): two documents with the
    same id and another digest are two documents, which no store should take for one."""
    key = "\x00".join((document.text, document.date or "", document.lang, document.source or ""))
    return hashlib.sha1(key.encode("utf-8")).hexdigest()


def stable_id(text: str, date: str | None = None, source: str | None = None) -> str:
    """An id made of what identifies a document: its text, and its date and source when they are
    given (the same story from two outlets, or on two days, is two documents).  The same document
    gets the same id on every machine, whatever its file is called; a text alone keeps the id it
    always had."""
    key = text if date is None and source is None else f"{text}\x00date={date or ''}\x00source={source or ''}"
    return "doc-" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:12]


def _check_date(value: str | None, where: str) -> str | None:
    if value is None or value == "":
        return None
    value = str(value).strip()
    if not _DATE.match(value):
        raise InputError(f"{where}: date {value!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
    try:  # a real calendar date: no month 13, no 30 February
        datetime.date.fromisoformat(value if len(value) == 10 else (value + "-01-01")[:10])
    except ValueError:
        raise InputError(f"{where}: date {value!r} is not a calendar date") from None
    return value


def _check_lang(value: str | None, where: str) -> str:
    lang = (value or "fr").strip().lower()
    if lang not in SUPPORTED_LANGUAGES:
        raise InputError(
            f"{where}: no pipeline for language {lang!r} (supported: {', '.join(SUPPORTED_LANGUAGES)})"
        )
    return lang


def _check_text(text: str, where: str) -> str:
    text = unicodedata.normalize("NFC", text).strip()
    if not text:
        raise InputError(f"{where}: the document is empty")
    if len(text) > MAX_CHARS:
        raise InputError(
            f"{where}: the document has {len(text):,} characters, more than the {MAX_CHARS:,} allowed; "
            "split it into several documents (one JSONL line each)"
        )
    return text


def make_document(
    text: str,
    *,
    where: str,
    doc_id: str | None = None,
    date: str | None = None,
    lang: str | None = None,
    source: str | None = None,
) -> Document:
    """Validate the fields of one document and build it."""
    text = _check_text(text, where)
    checked_date = _check_date(date, where)
    return Document(
        id=str(doc_id) if doc_id not in (None, "") else stable_id(text, checked_date, source or None),
        text=text,
        date=checked_date,
        lang=_check_lang(lang, where),
        source=source or None,
        where=where,
    )


def parse_text(raw: str, *, origin: str, **defaults: str | None) -> Document:
    """A plain-text document whose first lines may be ``key value`` headers (``date 2024-09``)."""
    fields: dict[str, str | None] = dict(defaults)
    lines = raw.splitlines()
    body_start = 0
    for i, line in enumerate(lines):
        match = _HEADER.match(line.strip())
        if not match or (match.group(1) == "id" and " " in match.group(2).strip()):
            break
        fields[match.group(1)] = match.group(2).strip()
        body_start = i + 1
    text = "\n".join(lines[body_start:])
    return make_document(
        text,
        where=origin,
        doc_id=fields.get("id"),
        date=fields.get("date"),
        lang=fields.get("lang"),
        source=fields.get("source") or fields.get("url"),  # not the file's path: it is no source
    )


class _TextOfHtml(html.parser.HTMLParser):
    """The visible text of an HTML page, one block per paragraph; scripts and styles dropped."""

    SKIP = {"script", "style", "noscript", "template", "head"}
    BLOCK = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "article", "section", "tr"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.SKIP:
            self._skipping += 1
        elif tag in self.BLOCK:
            self.parts.append("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIP and self._skipping:
            self._skipping -= 1
        elif tag in self.BLOCK:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.parts.append(data)

    def text(self) -> str:
        joined = "".join(self.parts)
        paragraphs = [" ".join(p.split()) for p in re.split(r"\n\s*\n", joined)]
        return "\n\n".join(p for p in paragraphs if p)


def html_to_text(markup: str) -> str:
    """Visible text of an HTML page."""
    parser = _TextOfHtml()
    parser.feed(markup)
    parser.close()
    return parser.text()


def decode(data: bytes, where: str) -> str:
    """Bytes to text: UTF-16 with its BOM; UTF-8 (with or without BOM), each line that is not read as
    Windows-1252 with one warning naming the lines (one stray byte spoils its line, not the file);
    binary is refused."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise InputError(f"{where}: starts as UTF-16 but is not UTF-16 text") from None
    if b"\x00" in data[:8192]:
        raise InputError(f"{where}: looks like a binary file, not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    sample = data[:8192]
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 13))
    if controls > len(sample) * 0.05:
        raise InputError(f"{where}: looks like a binary file, not text")
    lines = data.splitlines(keepends=True)
    text, latin = [], []
    for number, line in enumerate(lines, 1):
        try:
            text.append(line.decode("utf-8-sig" if number == 1 else "utf-8"))
        except UnicodeDecodeError:
            text.append(line.decode("cp1252", errors="replace"))
            latin.append(number)
    _warn_latin(where, latin)
    return "".join(text)


def _warn_latin(where: str, numbers: list[int]) -> None:
    shown = ", ".join(str(n) for n in numbers[:10]) + (f" and {len(numbers) - 10} more" if len(numbers) > 10 else "")
    print(f"kg: warning: {where}: line{'s' if len(numbers) > 1 else ''} {shown} not UTF-8, read as Windows-1252 "
          "(Latin-1)", file=sys.stderr)


def _read_bytes(path: Path) -> bytes:
    # A file far larger than any document is refused before it is read into memory.
    size = path.stat().st_size
    if size > MAX_CHARS * 4:
        raise InputError(
            f"{path}: {size:,} bytes is too large for one document; split it into several "
            "(a folder of .txt files, or one JSONL line each)"
        )
    return path.read_bytes()


#: What a reader does with a bad document: raise (None) or report it and go on (kg's --on-error skip).
OnError = Callable[[InputError], None] | None


def report(error: InputError, on_error: OnError) -> None:
    """Raise ``error``, or give it to ``on_error`` so that reading goes on."""
    if on_error is None:
        raise error
    on_error(error)


def read_jsonl_lines(lines: Iterable[str | InputError], origin: str, on_error: OnError = None) -> Iterator[Document]:
    """Documents from JSONL lines: ``{"id", "text", "date", "lang", "source"}``; blank lines skipped.
    A line may be an InputError (a line that could not be read): raised, or given to ``on_error``."""
    for number, line in enumerate(lines, 1):
        try:
            if isinstance(line, InputError):
                raise line
            if line.strip():
                yield _jsonl_record(line, f"{origin} line {number}")
        except InputError as err:
            report(err, on_error)


def _jsonl_record(line: str, where: str) -> Document:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as err:
        raise InputError(f"{where}: not valid JSON ({err.msg} at column {err.colno})") from None
    if not isinstance(record, dict):
        raise InputError(f"{where}: expected a JSON object with a \"text\" field")
    text = record.get("text")
    if not isinstance(text, str):
        raise InputError(f"{where}: no \"text\" string in the record")
    for key, types in (("source", (str,)), ("lang", (str,)), ("date", (str, int)), ("id", (str, int))):
        value = record.get(key)
        if value is not None and (not isinstance(value, types) or isinstance(value, bool)):
            kinds = "a string" if types == (str,) else "a string or a number"
            raise InputError(f"{where}: \"{key}\" must be {kinds}, not {type(value).__name__}")
    return make_document(
        text,
        where=where,
        doc_id=record.get("id"),
        date=record.get("date"),
        lang=record.get("lang"),
        source=record.get("source"),
    )


def _raw_lines(stream: BinaryIO) -> Iterator[bytes]:
    """Lines of a binary stream, each read whole up to one byte over MAX_LINE_BYTES."""
    return iter(lambda: stream.readline(MAX_LINE_BYTES + 1), b"")


def _jsonl_lines(raw_lines: Iterable[bytes], where: str, head: bytes) -> Iterator[str | InputError]:
    """The lines of a JSONL stream, decoded one at a time: a corpus of any size streams through in
    constant memory.  UTF-8 (a BOM allowed), else Windows-1252 with one warning; ``head`` (the first
    bytes) tells a binary file, which is refused."""
    if b"\x00" in head[:8192]:
        raise InputError(f"{where}: looks like a binary file, not text")
    latin: list[int] = []
    for number, raw in enumerate(raw_lines, 1):
        if len(raw) > MAX_LINE_BYTES:
            yield InputError(f"{where} line {number}: more than {MAX_LINE_BYTES:,} bytes; "
                             f"a document may have at most {MAX_CHARS:,} characters")
            while len(raw) > MAX_LINE_BYTES and not raw.endswith(b"\n"):  # the rest of that line
                raw = next(iter(raw_lines), b"")
            continue
        try:
            yield raw.decode("utf-8-sig" if number == 1 else "utf-8")
        except UnicodeDecodeError:
            latin.append(number)
            yield raw.decode("cp1252", errors="replace")
    if latin:  # once, at the end: the lines are known only then
        _warn_latin(where, latin)


def _jsonl_file_lines(path: Path) -> Iterator[str | InputError]:
    with path.open("rb") as fh:
        head = fh.read(8192)
        fh.seek(0)
        if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            try:
                yield from io.TextIOWrapper(fh, encoding="utf-16", newline="")
            except UnicodeDecodeError:
                raise InputError(f"{path}: starts as UTF-16 but is not UTF-16 text") from None
            return
        yield from _jsonl_lines(_raw_lines(fh), str(path), head)


def read_path(path: Path, on_error: OnError = None) -> Iterator[Document]:
    """Documents of one file, by its suffix; a file that cannot be read is an InputError (raised, or
    given to ``on_error``, as is each bad record of a JSONL file)."""
    try:
        try:
            yield from _read_path(path, on_error)
        except OSError as err:
            raise InputError(f"{path}: cannot be read ({err.strerror or type(err).__name__})") from None
    except InputError as err:
        report(err, on_error)


def _read_path(path: Path, on_error: OnError) -> Iterator[Document]:
    where = str(path)
    if path.suffix == ".jsonl":
        yield from read_jsonl_lines(_jsonl_file_lines(path), where, on_error)
    elif path.suffix in (".html", ".htm"):
        text = html_to_text(decode(_read_bytes(path), where))
        yield make_document(text, where=where)
    else:
        raw = decode(_read_bytes(path), where)
        if re.match(r"\s*<(!doctype\s+html|html)[\s>]", raw, re.IGNORECASE):
            yield make_document(html_to_text(raw), where=where)
        else:
            yield parse_text(raw, origin=where)


def read_stdin(on_error: OnError = None) -> Iterator[Document]:
    """JSONL (streamed a line at a time) if the first line that is not blank is a JSON object; plain text
    with headers otherwise."""
    stream = sys.stdin.buffer
    lead: list[bytes] = []  # the lines read to decide, blank ones and the first with content
    for raw in _raw_lines(stream):
        lead.append(raw)
        if raw.strip(BLANK_BYTES):
            break
    head = b"".join(lead)
    if head.lstrip(BLANK_BYTES).startswith(b"{"):
        yield from read_jsonl_lines(_jsonl_lines(itertools.chain(lead, _raw_lines(stream)), "<stdin>", head),
                                    "<stdin>", on_error)
    else:
        yield parse_text(decode(head + stream.read(), "<stdin>"), origin="<stdin>")


def iter_documents(inputs: Iterable[str], on_error: OnError = None) -> Iterator[Document]:
    """Every document of the given paths (files, folders, ``-``), in a stable order.

    A bad input (a file that cannot be read, a record that is no document, an id already given to
    another document) raises an InputError; with ``on_error``, it is given the error instead and
    reading goes on with the next document.  The same document twice is read twice (a store calls
    the second ``present``)."""
    # id -> a digest of the first document of that id, and where it was (not the texts: a corpus of
    # any size streams through)
    seen: dict[str, tuple[str, str]] = {}
    for document in _documents_of(inputs, on_error):
        digest = content_digest(document)
        first = seen.setdefault(document.id, (digest, document.where))
        if first[0] != digest:
            report(InputError(f"{document.where}: the id {document.id!r} is already that of another document "
                              f"({first[1]}); give each document its own id"), on_error)
            continue
        yield document


def _documents_of(inputs: Iterable[str], on_error: OnError) -> Iterator[Document]:
    for name in inputs:
        try:
            if name == "-":
                yield from read_stdin(on_error)
                continue
            path = Path(name)
            if not path.exists():
                raise InputError(f"{name}: no such file or directory")
            if path.is_dir():
                files = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix in READABLE_SUFFIXES)
                if not files:
                    raise InputError(f"{name}: no .txt, .jsonl or .html files in this folder")
                for file in files:
                    yield from read_path(file, on_error)
            else:
                yield from read_path(path, on_error)
        except InputError as err:
            report(err, on_error)
