"""Reading inputs: headers, ids, formats, and every kind of bad input."""

import json

import pytest

from kg.documents import MAX_CHARS, html_to_text, iter_documents, parse_text, read_path, stable_id
from kg.errors import InputError


def write(path, data):
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return str(path)


def test_header_lines_are_metadata_not_text(tmp_path):
    name = write(tmp_path / "a.txt", "date 2024-09\nsource AFP\nlang fr\n\nDes roquettes ont visé la base.\n")
    (doc,) = iter_documents([name])
    assert (doc.date, doc.source, doc.lang) == ("2024-09", "AFP", "fr")
    assert doc.text == "Des roquettes ont visé la base."


def test_text_without_header_keeps_its_first_line(tmp_path):
    name = write(tmp_path / "a.txt", "Des roquettes ont visé la base.\nLe bilan est lourd.")
    (doc,) = iter_documents([name])
    assert doc.text.startswith("Des roquettes") and doc.date is None


def test_same_document_same_id_whatever_the_file():
    a = parse_text("date 2024-09\nsource AFP\n\nUn texte.", origin="a.txt")
    b = parse_text("date 2024-09\nsource AFP\n\nUn texte.", origin="/elsewhere/b.txt")
    assert a.id == b.id and a.source == "AFP"
    assert parse_text("Un texte.", origin="c.txt").id == stable_id("Un texte.")  # a text alone: as it always was
    # the same story on another day, or from another outlet, is another document
    assert parse_text("date 2024-10\nsource AFP\n\nUn texte.", origin="a.txt").id != a.id
    assert parse_text("date 2024-09\nsource Reuters\n\nUn texte.", origin="a.txt").id != a.id
    assert parse_text("Un autre texte.", origin="a.txt").id != a.id


def test_a_file_path_is_no_source(tmp_path):
    (doc,) = iter_documents([write(tmp_path / "a.txt", "date 2024-09\n\nUn texte.")])
    assert doc.source is None
    (record,) = iter_documents([write(tmp_path / "c.jsonl", '{"text": "Un texte."}\n')])
    assert record.source is None


def test_an_id_given_to_two_documents_is_an_error_not_a_merge(tmp_path):
    path = write(tmp_path / "c.jsonl", '{"id": "a1", "text": "Un texte."}\n{"id": "a2", "text": "Un autre."}\n'
                 '{"id": "a1", "text": "Un texte tout autre."}\n')
    with pytest.raises(InputError, match=r"c.jsonl line 3: the id 'a1' is already that of another document "
                       r"\(.*c.jsonl line 1\)"):
        list(iter_documents([path]))
    skipped = []
    assert [d.id for d in iter_documents([path], on_error=skipped.append)] == ["a1", "a2"]
    assert len(skipped) == 1
    # the same document twice is no conflict (a store calls the second one present)
    again = write(tmp_path / "d.jsonl", '{"id": "a1", "text": "Un texte."}\n' * 2)
    assert [d.id for d in iter_documents([again])] == ["a1", "a1"]
    # nor the same text with other headers: those are two documents with two ids
    one = write(tmp_path / "one.txt", "date 2024-05-01\n\nDes tirs.")
    two = write(tmp_path / "two.txt", "date 2024-05-02\n\nDes tirs.")
    first, second = iter_documents([one, two])
    assert first.id != second.id


def test_jsonl_keeps_ids_and_fields(tmp_path):
    lines = [{"id": "d1", "text": "Premier texte.", "date": "2024-01-02", "lang": "fr", "source": "AFP"},
             {"text": "Second texte."}]
    name = write(tmp_path / "c.jsonl", "\n".join(json.dumps(r, ensure_ascii=False) for r in lines) + "\n\n")
    first, second = iter_documents([name])
    assert (first.id, first.date, first.source) == ("d1", "2024-01-02", "AFP")
    assert second.id == stable_id("Second texte.")


def test_folder_reads_its_documents_in_a_stable_order(tmp_path):
    write(tmp_path / "b.txt", "Deuxième.")
    write(tmp_path / "a.txt", "Premier.")
    write(tmp_path / "notes.rq", "SELECT * WHERE {}")
    assert [d.text for d in iter_documents([str(tmp_path)])] == ["Premier.", "Deuxième."]


def test_html_file_gives_its_visible_text(tmp_path):
    page = "<html><head><script>alert(1)</script><style>p{}</style></head><body><p>Des tirs.</p><p>Un mort.</p>"
    (doc,) = iter_documents([write(tmp_path / "p.html", page)])
    assert doc.text == "Des tirs.\n\nUn mort."
    assert html_to_text("<p>a &amp; b</p>") == "a & b"


def test_latin1_text_is_read_with_a_warning(tmp_path, capsys):
    (doc,) = iter_documents([write(tmp_path / "l.txt", "Les forces armées ont été déployées.".encode("latin-1"))])
    assert doc.text == "Les forces armées ont été déployées."
    assert "not UTF-8" in capsys.readouterr().err


def test_real_calendar_dates_pass(tmp_path):
    path = write(tmp_path / "dates.jsonl", "".join(json.dumps({"text": f"Texte {d}.", "date": d}) + "\n"
                                                  for d in ("2024", "2024-02", "2024-02-29", "2023-12-31")))
    assert [d.date for d in iter_documents([path])] == ["2024", "2024-02", "2024-02-29", "2023-12-31"]


def test_one_stray_byte_spoils_its_line_only(tmp_path, capsys):
    # a UTF-8 text with one Latin-1 byte on its third line: the other lines stay UTF-8
    data = "date 2024-05-02\n\nLes drones ont frappé la ville.\n".encode() + b"Un caf\xe9 d\xe9truit.\n" + \
        "Les secours sont arrivés.\n".encode()
    (doc,) = iter_documents([write(tmp_path / "stray.txt", data)])
    assert doc.text == "Les drones ont frappé la ville.\nUn café détruit.\nLes secours sont arrivés."
    warning = capsys.readouterr().err
    assert "stray.txt: line 4 not UTF-8" in warning and len(warning.splitlines()) == 1


def test_utf16_with_its_bom_is_text(tmp_path):
    text = "date 2024-05-02\n\nDes tirs ont visé la base à l'aube."
    for encoding in ("utf-16", "utf-16-be"):
        data = text.encode(encoding) if encoding == "utf-16" else b"\xfe\xff" + text.encode(encoding)
        (doc,) = iter_documents([write(tmp_path / f"{encoding}.txt", data)])
        assert doc.text == "Des tirs ont visé la base à l'aube." and doc.date == "2024-05-02"
    records = '{"text": "Des tirs ont visé la base."}\n{"text": "Un mort à Gao."}\n'
    path = write(tmp_path / "corpus.jsonl", records.encode("utf-16"))
    assert [d.text for d in iter_documents([path])] == ["Des tirs ont visé la base.", "Un mort à Gao."]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.txt", "", "empty"),
        ("blank.txt", "date 2024-01\n\n   \n", "empty"),
        ("binary.txt", b"\x00\x01\x02PNG\x00" * 50, "binary"),
        ("binary.jsonl", b"\x00\x01\x02PNG\x00" * 50, "binary"),
        ("bad.jsonl", '{"text": "ok"}\n{"text": oops}\n', "line 2: not valid JSON"),
        ("notext.jsonl", '{"id": 1}\n', "no \"text\""),
        ("array.jsonl", "[1, 2]\n", "expected a JSON object"),
        ("lang.jsonl", '{"text": "Guten Tag.", "lang": "de"}\n', "no pipeline for language 'de'"),
        ("lang.txt", "lang xx\n\nTexte.", "no pipeline for language 'xx'"),
        ("date.txt", "date hier\n\nTexte.", "is not YYYY"),
        ("month.txt", "date 2024-13-45\n\nTexte.", "date '2024-13-45' is not a calendar date"),
        ("february.jsonl", '{"text": "ok"}\n{"text": "Texte.", "date": "2023-02-29"}\n',
         "february.jsonl line 2: date '2023-02-29' is not a calendar date"),
        ("month13.jsonl", '{"text": "Texte.", "date": "2024-13"}\n', "is not a calendar date"),
        ("source.jsonl", '{"text": "Texte.", "source": {"name": "AFP"}}\n', '"source" must be a string, not dict'),
        ("id.jsonl", '{"text": "Texte.", "id": [1]}\n', '"id" must be a string or a number, not list'),
    ],
)
def test_bad_inputs_raise_one_line_errors(tmp_path, name, content, message):
    path = write(tmp_path / name, content)
    with pytest.raises(InputError) as err:
        list(iter_documents([path]))
    assert message in str(err.value)
    assert "\n" not in str(err.value)
    assert name in str(err.value)


def test_a_file_that_cannot_be_read_is_one_line(tmp_path):
    # a directory where a file is expected fails as an unreadable file does (as root, chmod cannot)
    (tmp_path / "article.txt").mkdir()
    with pytest.raises(InputError, match="article.txt: cannot be read"):
        list(read_path(tmp_path / "article.txt"))


def test_missing_path_is_an_error():
    with pytest.raises(InputError, match="no such file"):
        list(iter_documents(["/nonexistent/article.txt"]))


def test_huge_file_is_refused_before_reading(tmp_path):
    path = tmp_path / "huge.txt"
    path.write_text("mot " * (MAX_CHARS + 10), encoding="utf-8")
    with pytest.raises(InputError, match="split it"):
        list(iter_documents([str(path)]))


def test_a_jsonl_corpus_of_any_size_streams(tmp_path):
    """A corpus is one JSONL file of many documents: far larger than one document may be, it is read a
    line at a time (the first document comes before the file is read through)."""
    text = "Des frappes ont visé la ville. " * 100
    path = tmp_path / "corpus.jsonl"
    with path.open("w", encoding="utf-8") as fh:
        for i in range(2000):
            fh.write(json.dumps({"id": f"a{i}", "text": text}) + "\n")
    assert path.stat().st_size > MAX_CHARS * 4, "larger than a single document may be"
    documents = iter_documents([str(path)])
    first = next(documents)
    with path.open("a", encoding="utf-8") as fh:  # appended after the first document was read: still seen
        fh.write(json.dumps({"id": "last", "text": "Un dernier article."}) + "\n")
    rest = list(documents)
    assert first.id == "a0" and len(rest) == 2000 and rest[-1].id == "last"


def test_jsonl_lines_in_another_encoding_and_overlong_lines(tmp_path, capsys):
    path = tmp_path / "mixed.jsonl"
    path.write_bytes(b'{"text": "D\xc3\xa9j\xc3\xa0 vu."}\n{"text": "Arm\xe9e d\xe9ploy\xe9e."}\n'
                     b'{"text": "\xc3\x89t\xc3\xa9."}\n')
    assert [d.text for d in iter_documents([str(path)])] == ["Déjà vu.", "Armée déployée.", "Été."]
    assert capsys.readouterr().err.count("Windows-1252") == 1, "one warning per file"

    path.write_text('{"text": "court"}\n{"text": "' + "x" * (MAX_CHARS * 8) + '"}\n', encoding="utf-8")
    with pytest.raises(InputError, match="mixed.jsonl line 2: more than"):
        list(iter_documents([str(path)]))


def test_folder_with_nothing_readable_is_an_error(tmp_path):
    write(tmp_path / "x.csv", "a,b")
    with pytest.raises(InputError, match="no .txt"):
        list(iter_documents([str(tmp_path)]))
