"""Graph files: read one into memory, write one atomically, and print terms as people read them."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from rdflib import BNode, Dataset, Graph, Literal, URIRef

from kg.errors import InputError
from kg.graphs import new_dataset, union_graph

#: --format name → (rdflib format, file suffix, whether it keeps one named graph per document)
FORMATS = {
    "turtle": ("turtle", ".ttl", False),
    "trig": ("trig", ".trig", True),
    "ntriples": ("nt", ".nt", False),
    "nquads": ("nquads", ".nq", True),
    "jsonld": ("json-ld", ".jsonld", True),
    "xml": ("xml", ".rdf", False),
}
SUFFIX_FORMATS = {".ttl": "turtle", ".trig": "trig", ".nt": "nt", ".nq": "nquads", ".jsonld": "json-ld",
                  ".json": "json-ld", ".rdf": "xml", ".owl": "xml", ".n3": "n3"}


def load_graph(path: str | Path) -> Dataset:
    """Parse an RDF file, its format chosen by its suffix; named graphs (TriG, N-Quads, JSON-LD) are kept,
    and queries see the union of all graphs."""
    path = Path(path)
    if not path.exists():
        raise InputError(f"{path}: no such file")
    fmt = SUFFIX_FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise InputError(f"{path}: unknown RDF format (expected one of {', '.join(sorted(SUFFIX_FORMATS))})")
    dataset = new_dataset()
    try:
        dataset.parse(path, format=fmt)
    except Exception as err:  # rdflib raises many kinds; all mean the file is not valid RDF
        message = " ".join(str(err).split())[:200]
        raise InputError(f"{path}: not valid {fmt} ({message})") from None
    return dataset


def shorten(graph: Graph, term: object) -> str:
    """A term as a person reads it: prefixed name for IRIs, plain text for literals."""
    if term is None:
        return ""
    if isinstance(term, URIRef):
        try:
            return graph.namespace_manager.normalizeUri(term)
        except Exception:
            return str(term)
    if isinstance(term, BNode):
        return f"_:{term}"
    if isinstance(term, Literal):
        return str(term)
    return str(term)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def check_output(path: str | Path, folder: bool = False) -> Path:
    """Fail now, with one line, if ``path`` cannot be written as a file (or, ``folder``, made a folder of
    outputs): commands check their outputs before the work, not after it."""
    path = Path(path)
    if folder and path.exists() and not path.is_dir():
        raise InputError(f"--out {path}: a file is there, not a folder")
    if not folder and path.is_dir():
        raise InputError(f"--out {path}: a folder is there, not a file")
    existing = path if folder else path.parent
    while not existing.exists():
        existing = existing.parent
    if not existing.is_dir():
        raise InputError(f"--out {path}: {existing} is a file, not a folder")
    if not os.access(existing, os.W_OK | os.X_OK):
        raise InputError(f"--out {path}: {existing} is not writable")
    return path


def _write_atomically(path: str | Path, write: Callable[[BinaryIO], object]) -> Path:
    """Write through a temporary file moved into place: a half-written file never replaces a good one."""
    path = Path(path)
    check_output(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as err:
        raise InputError(f"{path}: cannot be written ({err.strerror or type(err).__name__})") from None
    try:
        with os.fdopen(fd, "wb") as fh:
            write(fh)
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; outputs are ordinary files
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def write_graph(data: Graph | Dataset, path: str | Path, fmt: str = "turtle") -> Path:
    """Serialize to ``path`` in ``fmt`` (a key of FORMATS), atomically.

    Formats with named graphs get one graph per document; the others get the union of all graphs.
    """
    rdflib_format, _, keeps_graphs = FORMATS[fmt]
    if isinstance(data, Dataset) and not keeps_graphs:
        data = union_graph(data)
    return _write_atomically(path, lambda fh: data.serialize(fh, format=rdflib_format, encoding="utf-8"))


def write_binary(path: str | Path, write: Callable[[BinaryIO], None]) -> Path:
    """Write a file through ``write(fh)``, atomically."""
    return _write_atomically(path, write)


def write_text(path: str | Path, text: str) -> Path:
    """Write a UTF-8 text file atomically."""
    return _write_atomically(path, lambda fh: fh.write(text.encode("utf-8")))
