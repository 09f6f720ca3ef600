"""kg.ingest.add_documents and what the Store interface offers its callers (dump, save, reopen_read_only,
url), without the spaCy model: the documents here are already in the store, so none is parsed."""

import pytest
from rdflib import Dataset, Literal, URIRef

from kg.documents import content_digest, make_document
from kg.errors import InputError
from kg.ingest import add_documents
from kg.rdf import document_iri
from kg.store import MemoryStore, new_graph, open_store
from kg.store.oxigraph import OxigraphStore
from kg.store.remote import RemoteStore
from kg.vocab import CKG

TEXTS = ["Des drones ont frappé Kharkiv mardi.", "Des hommes armés ont attaqué un convoi près de Gao."]


def stored(store, document, digest: str | None = None) -> None:
    """Put a document's (tiny) graph in the store as kg add would: its named graph, with its digest."""
    iri = document_iri(document.id)
    graph = new_graph()
    graph.add((iri, CKG.documentId, Literal(document.id)))
    graph.add((iri, CKG.contentDigest, Literal(digest or content_digest(document))))
    store.put_graph(iri, graph)


def documents() -> list:
    return [make_document(text, where=f"t{i}", date="2024-05-02") for i, text in enumerate(TEXTS)]


def test_documents_the_store_holds_are_present_and_never_parsed():
    store = MemoryStore()
    docs = documents()
    for document in docs:
        stored(store, document)
    # the conftest guard fails this test if anything loads the spaCy model
    assert list(add_documents(store, docs + docs[:1], jobs=2)) == [
        (docs[0].id, "present"), (docs[1].id, "present"), (docs[0].id, "present")]


def test_an_id_the_store_gives_another_document_is_refused_or_skipped():
    store = MemoryStore()
    first, second = documents()
    stored(store, first, digest="0" * 40)  # another document under the same id
    stored(store, second)
    with pytest.raises(InputError, match="is that of another document in memory"):
        list(add_documents(store, [first, second]))
    skipped: list[InputError] = []
    assert list(add_documents(store, [first, second], on_error=skipped.append)) == [(second.id, "present")]
    assert len(skipped) == 1 and first.where in str(skipped[0])


def test_a_read_only_store_cannot_be_added_to(tmp_path):
    path = tmp_path / "g.ttl"
    path.write_text("<https://example.org/a> <https://example.org/b> 1 .\n")
    with open_store(str(path)) as store, pytest.raises(InputError, match="cannot be added to"):
        next(add_documents(store, documents()))


def two_documents(store) -> None:
    for document in documents():
        stored(store, document)


@pytest.mark.parametrize("fmt", ["trig", "nquads", "turtle", "ntriples", "jsonld", "xml"])
def test_every_store_dumps_the_same_graph(tmp_path, fmt):
    memory = MemoryStore()
    two_documents(memory)
    with OxigraphStore(tmp_path / "db") as oxigraph:
        two_documents(oxigraph)
        paths = [memory.save(tmp_path / f"memory.{fmt}", fmt), oxigraph.save(tmp_path / f"ox.{fmt}", fmt)]
    rdflib_format = {"ntriples": "nt", "jsonld": "json-ld"}.get(fmt, fmt)
    read = []
    for path in paths:
        dataset = Dataset()
        dataset.parse(path, format=rdflib_format)
        read.append(dataset)
    graphs = [{str(g) for *_, g in d.quads((None, None, None, None)) if isinstance(g, URIRef)} for d in read]
    assert len(read[0]) == len(read[1])
    if fmt in ("trig", "nquads", "jsonld"):  # one named graph per document, in both
        assert graphs[0] == graphs[1] == {str(document_iri(d.id)) for d in documents()}


def test_save_is_atomic(tmp_path):
    class Failing(MemoryStore):
        def dump(self, output, fmt):
            output.write(b"half a graph")
            raise InputError("stopped mid-way")

    target = tmp_path / "g.trig"
    target.write_text("# an earlier graph\n")
    with pytest.raises(InputError):
        Failing().save(target, "trig")
    assert target.read_text() == "# an earlier graph\n" and [p.name for p in tmp_path.iterdir()] == ["g.trig"]


def test_reopen_read_only_gives_each_backend_a_handle_for_a_fork(tmp_path):
    memory = MemoryStore()
    assert memory.reopen_read_only() is memory and memory.url is None
    with OxigraphStore(tmp_path / "db") as writer:
        two_documents(writer)
    store = OxigraphStore(tmp_path / "db", read_only=True)
    store.close()
    again = store.reopen_read_only()
    assert again is not store and not again.writable and len(again.graph_names()) == 2 and again.url is None
    remote = RemoteStore("http://127.0.0.1:9/sparql")
    assert remote.reopen_read_only() is remote and remote.url == "http://127.0.0.1:9/sparql"



@pytest.mark.slow
def test_added_and_present_come_in_input_order(tmp_path):
    docs = documents()
    with OxigraphStore(tmp_path / "db") as store:
        stored(store, docs[0])
        assert list(add_documents(store, [docs[0], docs[1], docs[0], docs[1]])) == [
            (docs[0].id, "present"), (docs[1].id, "added"), (docs[0].id, "present"), (docs[1].id, "present")]
        assert store.has_graph(document_iri(docs[1].id))
