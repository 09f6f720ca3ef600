"""The HTML view: RDF → networkx projection, escaping of article text, offline page, drawing in a browser."""

from __future__ import annotations

import html.parser
import json
import re
import shutil
import subprocess
from pathlib import Path

import networkx as nx
import pytest
from rdflib import RDF, RDFS, Graph, Literal
from rdflib.namespace import DCTERMS

import kg.viz as viz
from kg.errors import InputError
from kg.rdf import date_literal, document_iri, entity_iri, new_graph, relation_iri
from kg.vocab import CKG, EVT, ID

ROOT = Path(__file__).resolve().parent.parent
HAMAS, ISRAEL = entity_iri("hamas"), entity_iri("israel")
EVENT = ID["event/e1"]
DOC = document_iri("doc-1")


def add_document(graph: Graph, doc_id: str = "doc-1", date: str = "2023-10-08") -> None:
    node = document_iri(doc_id)
    graph.add((node, RDF.type, CKG.Document))
    graph.add((node, CKG.documentId, Literal(doc_id)))
    graph.add((node, DCTERMS.date, date_literal(date)))


def add_entity(graph: Graph, node, cls, label: str) -> None:
    graph.add((node, RDF.type, cls))
    graph.add((node, RDFS.label, Literal(label)))
    graph.add((node, CKG.mentionedIn, DOC))


def add_statement(graph: Graph, name: str, subject, predicate: str, obj, sentence: str, *,
                  negated: bool = False, modality=CKG.Asserted) -> None:
    """A ckg:Statement as kg.rdf writes it, with the direct edge unless negated."""
    node = ID[f"statement/{name}"]
    relation = relation_iri(predicate)
    for prop, value in ((RDF.type, CKG.Statement), (CKG.subject, subject), (CKG.relation, relation),
                        (CKG.object, obj), (CKG.predicateText, Literal(predicate)), (CKG.negated, Literal(negated)),
                        (CKG.modality, modality), (CKG.sentence, Literal(sentence)), (CKG.mentionedIn, DOC)):
        graph.add((node, prop, value))
    if not negated:
        graph.add((subject, relation, obj))


def add_event(graph: Graph) -> None:
    for prop, value in ((RDF.type, CKG.Event), (CKG.eventType, EVT.assault), (CKG.actor, HAMAS),
                        (CKG.target, ISRAEL), (CKG.date, date_literal("2023-10")),
                        (CKG.killed, Literal(3)), (CKG.modality, CKG.Asserted), (CKG.mentionedIn, DOC),
                        (CKG.evidence, ID["evidence/v1"])):
        graph.add((EVENT, prop, value))
    graph.add((ID["evidence/v1"], CKG.sentence, Literal("L'attaque a fait trois morts.")))
    graph.add((ID["evidence/v1"], CKG.mentionedIn, DOC))


@pytest.fixture
def tiny() -> Graph:
    graph = new_graph()
    add_document(graph)
    add_entity(graph, HAMAS, CKG.ArmedGroup, "Hamas")
    add_entity(graph, ISRAEL, CKG.StateActor, "Israël")
    add_statement(graph, "s1", HAMAS, "attaquer", ISRAEL, "Le Hamas a attaqué Israël.")
    add_statement(graph, "s2", HAMAS, "attaquer", ISRAEL, "Selon l'armée, le Hamas a attaqué Israël.",
                  modality=CKG.Reported)
    add_statement(graph, "s3", HAMAS, "négocier avec", ISRAEL, "Le Hamas n'a pas négocié avec Israël.",
                  negated=True)
    add_statement(graph, "s4", ISRAEL, "menacer", HAMAS, "Israël menacerait le Hamas.", modality=CKG.Hedged)
    add_event(graph)
    return graph


# --- projection -----------------------------------------------------------------------------------


def test_projection_has_entities_event_and_one_edge_per_triple(tiny: Graph) -> None:
    g = viz.project(tiny)

    assert set(g) == {str(HAMAS), str(ISRAEL), str(EVENT)}
    assert g.nodes[str(HAMAS)]["kind"] == "armed_group"
    assert g.nodes[str(ISRAEL)]["kind"] == "state"
    assert g.nodes[str(EVENT)]["label"] == "assault 2023-10 · 3 killed"
    assert sorted((u, v, k) for u, v, k in g.edges(keys=True)) == sorted([
        (str(HAMAS), str(ISRAEL), str(relation_iri("attaquer"))),
        (str(ISRAEL), str(HAMAS), str(relation_iri("menacer"))),
        (str(HAMAS), str(EVENT), "role:actor"),
        (str(EVENT), str(ISRAEL), "role:target"),
    ])


def test_negated_statement_draws_no_edge(tiny: Graph) -> None:
    g = viz.project(tiny)
    assert not any(key == str(relation_iri("négocier avec")) for _, _, key in g.edges(keys=True))
    assert all("négocié" not in item["sentence"] for *_, support in g.edges(data="support") for item in support)


def test_edge_style_follows_modality_and_support(tiny: Graph) -> None:
    g = viz.project(tiny)
    attack = g.edges[str(HAMAS), str(ISRAEL), str(relation_iri("attaquer"))]
    threat = g.edges[str(ISRAEL), str(HAMAS), str(relation_iri("menacer"))]

    assert attack["label"] == "attaquer"
    assert attack["count"] == 2
    assert not attack["dashed"], "one asserted statement is enough for a solid edge"
    assert [(s["doc"], s["date"], s["modality"]) for s in attack["support"]] == [
        ("doc-1", "2023-10-08", "asserted"), ("doc-1", "2023-10-08", "reported")]
    assert threat["dashed"] and threat["count"] == 1

    net = viz.to_pyvis(g)
    widths = {e["label"]: (e["width"], e["dashes"]) for e in net.edges}
    assert widths["attaquer"] == (3, False)
    assert widths["menacer"] == (2, True)
    assert widths["actor"] == (1, False)


def test_event_label_shows_type_date_and_toll() -> None:
    assert viz.event_label("assault", "2024-09", None, 0) == "assault 2024-09 · 0 injured"
    assert viz.event_label("assault", None, 15, 1, approximate=True) == "assault · ≈15 killed, ≈1 injured"
    assert viz.event_label("request", "2022-06", None, None) == "request 2022-06"


def test_tooltips_list_aliases_and_sentences_with_source(tiny: Graph) -> None:
    tiny.add((HAMAS, CKG.alias, Literal("Mouvement de la résistance islamique")))
    net = viz.to_pyvis(viz.project(tiny))
    hamas = next(n for n in net.nodes if n["id"] == "entity/hamas")
    attack = next(e for e in net.edges if e["label"] == "attaquer")

    assert hamas["title"].startswith("Armed group: Hamas")
    assert "aliases: Mouvement de la résistance islamique" in hamas["title"]
    assert "Le Hamas a attaqué Israël." in attack["title"]
    assert "doc-1, 2023-10-08" in attack["title"]
    assert "[reported]" in attack["title"]


# --- sizes: capping and layout ----------------------------------------------------------------------


def star(leaves: int) -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()
    g.add_node("hub", kind="place", label="hub", aliases=[], documents=[])
    for i in range(leaves):
        g.add_node(f"n{i:04d}", kind="person", label=f"n{i}", aliases=[], documents=[])
        g.add_edge("hub", f"n{i:04d}", key="r", kind="statement", label="r", count=1, dashed=False,
                   modalities=["asserted"], support=[])
    return g


def test_cap_keeps_the_most_connected_nodes() -> None:
    g = star(10)
    g.add_edge("n0003", "n0004", key="r", kind="statement", label="r", count=5, dashed=False,
               modalities=["asserted"], support=[])
    kept = viz.cap(g, max_nodes=3)
    assert set(kept) == {"hub", "n0003", "n0004"}
    assert viz.cap(g, max_nodes=100) is g
    assert set(viz.cap(g, max_nodes=3, pinned=frozenset({"n0007"}))) == {"n0007", "hub", "n0003"}, \
        "a focus centre is kept whatever its rank"


def test_big_graphs_get_fixed_positions_and_no_physics() -> None:
    small, big = viz.to_pyvis(star(20)), viz.to_pyvis(star(viz.LAYOUT_THRESHOLD + 1))
    assert small.options["physics"]["enabled"] and all("x" not in n for n in small.nodes)
    assert not big.options["physics"]["enabled"]
    positions = [(n["x"], n["y"]) for n in big.nodes]
    assert len(set(positions)) == len(positions), "no two nodes on the same spot"
    assert viz.spring_positions(nx.Graph(star(50))) == viz.spring_positions(nx.Graph(star(50)))


def test_capped_page_says_so(tiny: Graph, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(viz, "MAX_NODES", 2)
    page = viz.render_html(tiny)
    assert "showing the 2 most connected of 3 nodes" in page


# --- views and focus ------------------------------------------------------------------------------


def test_entities_view_has_statements_and_no_events(tiny: Graph) -> None:
    g = viz.select_view(viz.project(tiny), "entities")
    assert set(g) == {str(HAMAS), str(ISRAEL)}
    assert {d["kind"] for *_, d in g.edges(data=True)} == {"statement"}


def test_events_view_has_events_and_their_roles_only(tiny: Graph) -> None:
    lone = ID["event/e2"]
    tiny.add((lone, RDF.type, CKG.Event))
    tiny.add((lone, CKG.eventType, EVT.protest))
    g = viz.select_view(viz.project(tiny), "events")
    assert set(g) == {str(EVENT), str(lone), str(HAMAS), str(ISRAEL)}, "an event without roles is still drawn"
    assert sorted(k for *_, k in g.edges(keys=True)) == ["role:actor", "role:target"]
    with pytest.raises(InputError, match="unknown view"):
        viz.select_view(viz.project(tiny), "people")


def test_focus_keeps_the_neighbourhood_at_the_given_depth(tiny: Graph) -> None:
    other = entity_iri("egypte")
    add_entity(tiny, other, CKG.StateActor, "Égypte")
    add_statement(tiny, "s5", ISRAEL, "appeler", other, "Israël a appelé l'Égypte.")
    g = viz.project(tiny)

    assert set(viz.neighbourhood(g, "hamas", depth=0)) == {str(HAMAS)}
    assert set(viz.neighbourhood(g, "HAMAS", depth=1)) == {str(HAMAS), str(ISRAEL), str(EVENT)}
    assert set(viz.neighbourhood(g, "Hamas", depth=2)) == set(g), "two links away: Hamas → Israël → Égypte"
    assert set(viz.neighbourhood(g, "egypte", depth=1)) == {str(other), str(ISRAEL)}, "accents ignored"
    assert set(viz.neighbourhood(g, "Egy", depth=0)) == {str(other)}, "else a label that contains the name"


def test_focus_finds_aliases_and_says_when_nothing_matches(tiny: Graph) -> None:
    tiny.add((HAMAS, CKG.alias, Literal("Mouvement de la résistance islamique")))
    g = viz.project(tiny)
    assert viz.find_nodes(g, "mouvement de la resistance islamique") == [str(HAMAS)]
    with pytest.raises(InputError, match="no node is called 'Fatah'.*Hamas"):
        viz.find_nodes(g, "Fatah")


def test_focused_page_draws_only_the_neighbourhood_and_says_so(tiny: Graph) -> None:
    page = viz.render_html(tiny, view="entities", focus="Israël", depth=1)
    assert {n["id"] for n in page_data(page)["nodes"]} == {"entity/hamas", "entity/israel"}
    assert page_data(page)["selected"] == ["entity/israel"], "the centre is selected when the page opens"
    assert "entities view, within 1 link of &#39;Israël&#39;" in page


def test_page_data_carries_what_the_filters_read(tiny: Graph) -> None:
    data = page_data(viz.render_html(tiny))
    event = next(n for n in data["nodes"] if n["kind"] == "event")
    assert (event["event_type"], event["date"], event["modality"]) == ("assault", "2023-10", "asserted")
    attack = next(e for e in data["edges"] if e["label"] == "attaquer")
    assert attack["modalities"] == ["asserted", "reported"] and attack["dates"] == ["2023-10-08"]
    assert "modalities" not in next(e for e in data["edges"] if e["label"] == "actor"), "roles follow their event"


# --- the page -------------------------------------------------------------------------------------

XSS = ('<img src=x onerror=alert(1)>', '<script>alert(1)</script>', '</script>',
       '<img src=x onerror="document.body.dataset.pwned=1">', '<script>document.body.dataset.pwned=2</script>',
       '<svg onload="document.body.dataset.pwned=3">')
XSS_TITLE = '<script>alert(1)</script> & "</title>'


@pytest.fixture
def hostile() -> Graph:
    graph = new_graph()
    add_document(graph)
    add_entity(graph, HAMAS, CKG.ArmedGroup, XSS[0])
    add_entity(graph, ISRAEL, CKG.StateActor, XSS[1])
    graph.add((ISRAEL, CKG.alias, Literal(XSS[4])))
    graph.add((DOC, DCTERMS.source, Literal(XSS[5])))
    add_statement(graph, "s1", HAMAS, XSS[3], ISRAEL, f"Une phrase {XSS[2]} avec {XSS[1]} et {XSS[3]}.")
    add_event(graph)
    return graph


def outside_vis(page: str) -> str:
    """The page without the inlined vis-network library (whose code is not ours to check line by line)."""
    js, css = viz._vis_assets()
    assert js in page and css in page
    return page.replace(js, "").replace(css, "")


def page_data(page: str) -> dict:
    match = re.search(r'<script type="application/json" id="kg-data">(.*?)</script>', page, re.S)
    assert match
    return json.loads(match.group(1))


def test_untrusted_text_is_escaped(hostile: Graph) -> None:
    page = viz.render_html(hostile, title=XSS_TITLE)
    ours = outside_vis(page)

    for payload in (*(x for x in XSS if x != "</script>"), XSS_TITLE, "alert(1)</", "phrase </script>"):
        assert payload not in ours, payload
    assert ours.count("<script") == 3 and ours.count("</script>") == 3, "only the page's own script elements"
    assert title_text(page) == XSS_TITLE
    # The escaping is lossless: the page's data still carries the article text as it was.
    data = page_data(page)
    assert {n["search"] for n in data["nodes"]} >= {XSS[0], XSS[1]}
    assert any(XSS[2] in e["title"] for e in data["edges"])


def assert_no_remote_references(page: str) -> None:
    remote = r"""(?:https?:)?//"""
    assert not re.search(r"""\b(?:src|href|action|poster|srcset|data)\s*=\s*["']?\s*""" + remote, page, re.I)
    assert not re.search(r"""url\(\s*["']?\s*""" + remote, page, re.I)
    assert not re.search(r"@import|<link\b|<iframe\b", page, re.I)


@pytest.mark.slow
def test_page_is_offline_and_self_contained(baghdad: Graph) -> None:
    page = viz.render_html(baghdad)
    assert_no_remote_references(page)
    # Outside the vis library there is no URL at all; inside, only licence links and the SVG namespace.
    assert "http://" not in outside_vis(page) and "https://" not in outside_vis(page)
    assert "vis.Network" in page and page.startswith("<!doctype html>")
    assert page_data(page)["nodes"], "the example draws something"


def test_hostile_page_has_no_remote_references(hostile: Graph) -> None:
    assert_no_remote_references(viz.render_html(hostile, title=XSS_TITLE))


def test_same_graph_same_page(tiny: Graph) -> None:
    reparsed = new_graph().parse(data=tiny.serialize(format="nt"), format="nt")
    assert viz.render_html(tiny) == viz.render_html(reparsed)


# --- in a real browser ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def baghdad() -> Graph:
    from kg.documents import iter_documents
    from kg.rdf import build_graph
    from kg.run import run

    return build_graph(run(iter_documents([str(ROOT / "examples" / "baghdad.txt")])))


CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run", "--host-resolver-rules=MAP * ~NOTFOUND", "--virtual-time-budget=10000",
]


def chromium(tmp_path: Path, page: str, *extra: str) -> str:
    """Loads the page in headless chromium (no network) and returns its stdout."""
    binary = shutil.which("chromium")
    if binary is None:
        pytest.skip("chromium is not installed (apt-get install chromium)")
    file = tmp_path / "graph.html"
    file.write_text(page, encoding="utf-8")
    command = [binary, *CHROMIUM_FLAGS, f"--user-data-dir={tmp_path / 'profile'}",
               f"--log-net-log={tmp_path / 'net-log.json'}", *extra, file.as_uri()]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=45, check=True)
    except subprocess.TimeoutExpired:
        # A page that runs an injected alert() waits for a click that never comes.
        pytest.fail("chromium hung on the page: did a payload open an alert dialog?")
    return done.stdout


def page_requests(tmp_path: Path) -> list[str]:
    """The URLs the last page loaded by :func:`chromium` asked for, from chromium's network log.

    Chromium's own background requests (time sync, accounts) are in the log too; the page's are the
    ones whose network isolation key is the page's file:// origin.  Loading the file itself is not a
    network request and is not logged."""
    log = json.loads((tmp_path / "net-log.json").read_text(encoding="utf-8"))
    names = {number: name for name, number in log["constants"]["logEventTypes"].items()}
    return sorted({event["params"]["url"] for event in log["events"]
                   if names.get(event["type"]) == "URL_REQUEST_START_JOB"
                   and "file://" in event["params"].get("network_isolation_key", "")})


def test_network_log_catches_a_page_that_fetches(tmp_path: Path) -> None:
    """The check below can fail: a page that loads an image and a script from elsewhere is caught."""
    chromium(tmp_path, '<img src="http://images.example.org/x.png"><script src="https://cdn.example.org/vis.js">'
             '</script>', "--dump-dom")
    assert page_requests(tmp_path) == ["http://images.example.org/x.png", "https://cdn.example.org/vis.js"]


def title_text(page: str) -> str:
    """The document title as an HTML parser reads it: the text the browser will show."""
    parser = Elements()
    parser.feed(page)
    return parser.title


class Elements(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.title = ""
        self.in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self.in_title = tag == "title"

    def handle_endtag(self, tag: str) -> None:
        self.in_title = False

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title += data


def elements(dom: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = Elements()
    parser.feed(dom)
    return parser.tags


def body(dom: str) -> dict[str, str | None]:
    return next(attrs for tag, attrs in elements(dom) if tag == "body")


@pytest.mark.slow
def test_browser_draws_the_example(baghdad: Graph, tmp_path: Path) -> None:
    page = viz.render_html(baghdad, title="Bagdad")
    dom = chromium(tmp_path, page, "--dump-dom")
    drawn = body(dom).get("data-kg-drawn")
    assert drawn is not None and int(drawn) == len(page_data(page)["nodes"]) > 0
    assert any(tag == "canvas" for tag, _ in elements(dom))
    assert page_requests(tmp_path) == [], "the page made no network request"

    shot = ROOT / "out" / "graph.png"
    shot.parent.mkdir(exist_ok=True)
    shot.unlink(missing_ok=True)
    chromium(tmp_path, page, f"--screenshot={shot}", "--window-size=1280,900")
    assert shot.stat().st_size > 10_000


def test_browser_runs_no_article_text(hostile: Graph, tmp_path: Path) -> None:
    dom = chromium(tmp_path, viz.render_html(hostile, title=XSS_TITLE), "--dump-dom")
    tags = elements(dom)
    attrs = body(dom)

    assert attrs.get("data-kg-drawn") == "3", "the page's own script ran to the end"
    assert page_requests(tmp_path) == [], "no payload fetched anything"
    assert attrs.get("data-kg-title") == XSS_TITLE, "the title is text, not markup"
    assert "data-pwned" not in attrs, "a payload ran"
    assert not [a for tag, a in tags if tag == "img" or any(name.startswith("on") for name in a)]
    assert sum(tag == "script" for tag, _ in tags) == 3


ARTICLE_PAYLOADS = ("<script>document.body.dataset.pwned = 'script'</script>",
                    "<img src=x onerror=\"document.body.dataset.pwned = 'img'\">", "<img src=x onerror=alert(1)>")


@pytest.mark.slow
def test_browser_runs_nothing_from_an_article_fed_through_the_pipeline(tmp_path: Path) -> None:
    from kg.documents import make_document
    from kg.rdf import build_graph
    from kg.run import run

    text = (f"Des hommes armés {ARTICLE_PAYLOADS[0]} ont attaqué la caserne de Kidal {ARTICLE_PAYLOADS[1]} mardi, "
            f"tuant trois soldats, selon l'armée malienne {ARTICLE_PAYLOADS[2]}.")
    graph = build_graph(run([make_document(text, where="xss", date="2024-03-14")], progress=False))
    page = viz.render_html(graph, title=ARTICLE_PAYLOADS[2])
    data = page_data(page)
    tooltips = "\n".join(item["title"] for item in data["nodes"] + data["edges"])
    assert all(payload in tooltips for payload in ARTICLE_PAYLOADS), "the article's text reaches the page, as data"

    dom = chromium(tmp_path, page, "--dump-dom")
    attrs = body(dom)
    assert attrs.get("data-kg-drawn") == str(len(data["nodes"])), "the page's own script ran to the end"
    assert "data-pwned" not in attrs, "no payload ran"
    assert not [a for tag, a in elements(dom) if tag == "img" or any(name.startswith("on") for name in a)]
    assert page_requests(tmp_path) == []


# Runs after the page's own script: searches, then hides a type, then searches again.
DRIVE = """<script>
setTimeout(function () {
  var form = document.getElementById("search-form"), status = document.getElementById("search-status");
  document.getElementById("search").value = "israel";
  form.requestSubmit();
  document.body.dataset.selected = kg.network.getSelectedNodes().join(",");
  document.querySelector('input[data-kind="state"]').click();
  document.body.dataset.hiddenState = String(kg.nodes.get("entity/israel").hidden);
  document.body.dataset.hiddenGroup = String(kg.nodes.get("entity/hamas").hidden);
  form.requestSubmit();
  document.body.dataset.status = status.textContent;
}, 2000);
</script>"""


def test_browser_search_and_type_filter(tiny: Graph, tmp_path: Path) -> None:
    page = viz.render_html(tiny).replace("</body>", DRIVE + "</body>")
    attrs = body(chromium(tmp_path, page, "--dump-dom"))

    assert attrs.get("data-selected") == "entity/israel", "accents and case are ignored"
    assert attrs.get("data-hidden-state") == "true"
    assert attrs.get("data-hidden-group") == "false"
    assert attrs.get("data-status") == "No visible node matches."


# Runs after the page's own script: each step sets the filters, then records which nodes and edges show.
FILTER_STEPS = """<script>
setTimeout(function () {
  function shown() {
    return {
      nodes: kg.nodes.get({ filter: function (n) { return !n.hidden; } }).map(function (n) { return n.id; }).sort(),
      edges: kg.edges.get({ filter: function (e) { return !e.hidden; } }).map(function (e) { return e.label; }).sort()
    };
  }
  function set(selector, value) {
    var box = document.querySelector(selector);
    if (box.type === "checkbox") { box.checked = value; box.dispatchEvent(new Event("change")); }
    else { box.value = value; box.dispatchEvent(new Event("input")); }
  }
  var results = [];
  set('input[data-event-type="assault"]', false); results.push(shown());
  set('input[data-event-type="assault"]', true);
  set('input[data-modality="hedged"]', false); set('input[data-modality="reported"]', false); results.push(shown());
  set('input[data-modality="asserted"]', false); results.push(shown());
  set('input[data-modality="hedged"]', true); set('input[data-modality="reported"]', true);
  set('input[data-modality="asserted"]', true);
  set("#date-from", "2024"); results.push(shown());
  set("#date-from", "2023-10-09"); results.push(shown());
  set("#date-to", "2023-10"); results.push(shown());
  set("#date-from", "20x"); results.push(shown());
  results.push(document.getElementById("date-from").className);
  document.body.dataset.results = JSON.stringify(results);
}, 2000);
</script>"""


def test_browser_filters_by_event_type_modality_and_date(tiny: Graph, tmp_path: Path) -> None:
    page = viz.render_html(tiny).replace("</body>", FILTER_STEPS + "</body>")
    steps = json.loads(body(chromium(tmp_path, page, "--dump-dom"))["data-results"])
    everyone = ["entity/hamas", "entity/israel", "event/e1"]
    no_event, only_hamas_israel = ["entity/hamas", "entity/israel"], ["attaquer", "menacer"]

    assert steps[0] == {"nodes": no_event, "edges": only_hamas_israel}, "assault unticked: the event goes"
    assert steps[1] == {"nodes": everyone, "edges": ["actor", "attaquer", "target"]}, \
        "asserted only: the hedged threat goes, the attack (also asserted) stays"
    assert steps[2] == {"nodes": [], "edges": []}, "no modality ticked: nothing left, lone entities hidden too"
    assert steps[3] == {"nodes": [], "edges": []}, "from 2024: nothing of October 2023"
    assert steps[4] == {"nodes": everyone, "edges": ["actor", "target"]}, \
        "from 2023-10-09: the October event overlaps, the statements of an article of the 8th do not"
    assert steps[5] == steps[4], "a range within one month"
    assert steps[6] == {"nodes": everyone, "edges": ["actor", "attaquer", "menacer", "target"]}, \
        "a malformed 'from' is ignored: up to October 2023 is everything"
    assert steps[7] == "invalid", "and marked as such"


@pytest.mark.slow
def test_browser_draws_five_thousand_nodes_without_physics(tmp_path: Path) -> None:
    """A 5,000-node graph: capped by default (the page says so), drawn whole on request, never simulated."""
    graph = new_graph()
    add_document(graph)
    people = [entity_iri(f"p{i}") for i in range(5000)]
    for i, person in enumerate(people):
        graph.add((person, RDF.type, CKG.Person))
        graph.add((person, RDFS.label, Literal(f"personne {i}")))
    for i in range(1, len(people)):  # a random tree: every node linked, some much more than others
        add_statement(graph, f"s{i}", people[i], "rencontrer", people[(i * 7919) % i], f"Phrase {i}.")

    capped = viz.render_html(graph)
    assert len(page_data(capped)["nodes"]) == viz.MAX_NODES
    assert f"showing the {viz.MAX_NODES} most connected of 5000 nodes" in capped

    page = viz.render_html(graph, max_nodes=5000)
    data = page_data(page)
    assert not data["options"]["physics"]["enabled"] and all("x" in n for n in data["nodes"])
    assert body(chromium(tmp_path, page, "--dump-dom")).get("data-kg-drawn") == "5000"
