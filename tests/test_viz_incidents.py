"""Incidents in the HTML view: one node per incident with a "reported by" edge to each of its reports,
single-report incidents in the page but hidden until asked for, incidents kept apart joined by a dashed
edge, their text escaped; in Chromium, the toggles and the selection that highlights an incident's reports.

The articles are written for these tests: an attack on the military camp of Ménaka told by two outlets
on different days, an arrest at Gao told once.  The hand-made graphs need no language model; the graph
built from the articles does (``slow``).
"""

from __future__ import annotations

import html.parser
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from rdflib import RDF, RDFS, Graph, Literal
from rdflib.namespace import DCTERMS

import kg.viz as viz
from kg.rdf import date_literal, document_iri, entity_iri, incident_iri, new_graph
from kg.vocab import CKG, EVT, ID

CAMP, GAO = entity_iri("camp-militaire-menaka"), entity_iri("gao")
FIRST, SECOND, AGAIN = ID["event/menaka-1"], ID["event/menaka-2"], ID["event/menaka-3"]
ATTACK, LATER = incident_iri("inc-attack"), incident_iri("inc-later")
XSS = ('<img src=x onerror="document.body.dataset.pwned=1">', "<script>document.body.dataset.pwned=2</script>",
       "</script>", 'javascript:document.body.dataset.pwned=3', '<svg onload="document.body.dataset.pwned=4">')


def add_document(graph: Graph, doc_id: str, date: str, source: str) -> None:
    node = document_iri(doc_id)
    graph.add((node, RDF.type, CKG.Document))
    graph.add((node, CKG.documentId, Literal(doc_id)))
    graph.add((node, DCTERMS.date, date_literal(date)))
    graph.add((node, DCTERMS.source, Literal(source)))


def add_event(graph: Graph, event, doc_id: str, date: str, killed: int | None, sentence: str) -> None:
    doc = document_iri(doc_id)
    evidence = ID[f"evidence/{doc_id}"]
    for prop, value in ((RDF.type, CKG.Event), (CKG.eventType, EVT.assault), (CKG.location, CAMP),
                        (CKG.date, date_literal(date)), (CKG.modality, CKG.Asserted), (CKG.mentionedIn, doc),
                        (CKG.evidence, evidence)):
        graph.add((event, prop, value))
    if killed is not None:
        graph.add((event, CKG.killed, Literal(killed)))
    graph.add((evidence, CKG.sentence, Literal(sentence)))
    graph.add((evidence, CKG.mentionedIn, doc))


def add_incident(graph: Graph, node, date: str, events: list, sources: list[str], killed: tuple[int, int, int] | None,
                 apart_from=None) -> None:
    for prop, value in ((RDF.type, CKG.Incident), (CKG.eventType, EVT.assault), (CKG.date, date_literal(date)),
                        (CKG.datePrecision, Literal("day")), (CKG.location, CAMP),
                        (CKG.reportCount, Literal(len(events))), (CKG.sourceCount, Literal(len(sources)))):
        graph.add((node, prop, value))
    for event in events:
        graph.add((node, CKG.reportedBy, event))
    for source in sources:
        graph.add((node, DCTERMS.source, Literal(source)))
    if killed is not None:
        for prop, value in zip((CKG.killedMin, CKG.killedMax, CKG.killedLatest), killed, strict=True):
            graph.add((node, prop, Literal(value)))
    if apart_from is not None:
        apart = ID[f"apart/{node.split('/')[-1]}"]
        graph.add((node, CKG.keptApart, apart))
        graph.add((apart, RDF.type, CKG.Disagreement))
        graph.add((apart, CKG.apartFrom, apart_from))
        graph.add((apart, CKG.disagreedOn, Literal("date")))


def camp_graph(source: str = "Agence Sahel", place: str = "camp militaire de Ménaka") -> Graph:
    """Two reports of the attack of Monday 3 March (4 then 7 killed), one of an attack two days later."""
    graph = new_graph()
    add_document(graph, "menaka-1", "2025-03-04", source)
    add_document(graph, "menaka-2", "2025-03-06", "Radio Fleuve")
    add_document(graph, "menaka-3", "2025-03-06", "Agence Sahel")
    graph.add((CAMP, RDF.type, CKG.Facility))
    graph.add((CAMP, RDFS.label, Literal(place)))
    add_event(graph, FIRST, "menaka-1", "2025-03-03", 4, "Des hommes armés ont attaqué lundi le camp de Ménaka.")
    add_event(graph, SECOND, "menaka-2", "2025-03-03", 7, "Le bilan de l'attaque de lundi s'est alourdi.")
    add_event(graph, AGAIN, "menaka-3", "2025-03-05", None, "Le camp a de nouveau été attaqué mercredi.")
    add_incident(graph, ATTACK, "2025-03-03", [FIRST, SECOND], [source, "Radio Fleuve"], (4, 7, 7), apart_from=LATER)
    add_incident(graph, LATER, "2025-03-05", [AGAIN], ["Agence Sahel"], None, apart_from=ATTACK)
    return graph


def page_data(page: str) -> dict:
    match = re.search(r'<script type="application/json" id="kg-data">(.*?)</script>', page, re.S)
    assert match
    return json.loads(match.group(1))


def by_id(items: list[dict]) -> dict[str, dict]:
    return {item["id"]: item for item in items}


def incident_edges(data: dict, incident_id: str) -> list[dict]:
    return [e for e in data["edges"] if e["from"] == incident_id and e["label"] == "reported by"]


# --- projection and page data ---------------------------------------------------------------------


def test_an_incident_is_a_node_of_its_own_with_an_edge_to_each_report() -> None:
    g = viz.project(camp_graph())

    attack = g.nodes[str(ATTACK)]
    assert attack["kind"] == "incident"
    assert attack["label"] == "assault · 2 reports · 2025-03-03"
    assert (attack["reports"], attack["source_count"], attack["killed"]) == (2, 2, (4, 7, 7))
    assert sorted(v for _, v, k in g.out_edges(str(ATTACK), keys=True) if k == "report") == [str(FIRST), str(SECOND)]
    assert g.nodes[str(LATER)]["label"] == "assault · 1 report · 2025-03-05"


def test_the_page_draws_the_incident_and_hides_a_single_report_one() -> None:
    data = page_data(viz.render_html(camp_graph()))
    nodes = by_id(data["nodes"])
    attack, later = nodes["incident/inc-attack"], nodes["incident/inc-later"]

    assert attack["kind"] == "incident" and attack["shape"] == viz.STYLES["incident"].shape != "box"
    assert attack["label"] == "assault · 2 reports · 2025-03-03"
    assert attack["hidden"] is False and later["hidden"] is True, "one report: in the page, hidden at first"
    assert sorted(e["to"] for e in incident_edges(data, "incident/inc-attack")) == ["event/menaka-1", "event/menaka-2"]
    assert attack["report_ids"] == ["event/menaka-1", "event/menaka-2"]
    assert all(e.get("hidden") for e in incident_edges(data, "incident/inc-later")), "its edge hides with it"
    assert not any(e.get("hidden") for e in incident_edges(data, "incident/inc-attack"))
    assert all(not n.get("hidden") for n in data["nodes"] if n["kind"] != "incident"), "nothing else is hidden"


def test_the_incident_tooltip_gives_date_place_toll_reports_and_sources() -> None:
    data = page_data(viz.render_html(camp_graph()))
    tip = by_id(data["nodes"])["incident/inc-attack"]["title"].splitlines()

    assert tip[0] == "Incident: assault · 2 reports · 2025-03-03"
    assert "date: 2025-03-03 (day)" in tip
    assert "place: camp militaire de Ménaka" in tip
    assert "killed: 4–7 (latest 7)" in tip
    assert "2 reports, 2 sources: Agence Sahel; Radio Fleuve" in tip
    assert "reported in: menaka-1, 2025-03-04, Agence Sahel; menaka-2, 2025-03-06, Radio Fleuve" in tip


def test_incidents_kept_apart_are_one_dashed_edge_named_by_the_field() -> None:
    data = page_data(viz.render_html(camp_graph()))
    apart = [e for e in data["edges"] if {e["from"], e["to"]} == {"incident/inc-attack", "incident/inc-later"}]

    assert len(apart) == 1, "each incident names the other: drawn once"
    assert apart[0]["label"] == "≠ date" and apart[0]["dashes"] is True
    assert apart[0]["hidden"] is True, "the single-report end is hidden at first, and the edge with it"
    assert "disagree on: date" in apart[0]["title"]


def test_the_sidebar_has_the_incident_toggle_the_single_report_box_and_legend() -> None:
    page = viz.render_html(camp_graph())

    assert re.search(r'<input type="checkbox" data-kind="incident" checked>.*?Incident <span class="count">2</span>',
                     page, re.S), "the kind toggle, as for the other node types"
    assert re.search(r'<input type="checkbox" id="minor-incidents">\s*show single-report incidents\s*'
                     r'<span class="count">1</span>', page)
    assert "reported by (incident → report)" in page and "kept apart (≠ the field they disagree on)" in page
    assert 'id="incident-panel"' in page


def test_a_page_without_incidents_has_no_incident_controls() -> None:
    graph = camp_graph()
    graph.remove((None, RDF.type, CKG.Incident))
    page = viz.render_html(graph)
    assert 'id="minor-incidents"' not in page and 'data-kind="incident"' not in page
    assert not [n for n in page_data(page)["nodes"] if n["kind"] == "incident"]


def test_views_and_focus_with_incidents() -> None:
    g = viz.project(camp_graph())

    assert not [n for n, kind in viz.select_view(g, "entities").nodes(data="kind") if kind == "incident"]
    events = viz.select_view(g, "events")
    assert {str(ATTACK), str(LATER)} <= set(events)
    assert events.has_edge(str(ATTACK), str(FIRST), key="report")
    # two links from the camp: its events, then their incidents
    assert str(ATTACK) in viz.neighbourhood(g, "camp militaire de Ménaka", depth=2)


def test_a_cap_drops_the_hidden_incidents_first() -> None:
    g = viz.project(camp_graph())
    # however connected: here the single-report incident is the most connected node
    for i in range(4):
        g.add_node(f"other-{i}", kind="other", label=f"other {i}", aliases=[], links=[], documents=[])
        g.add_edge(str(LATER), f"other-{i}", key="test", kind="statement", label="x", count=1, dashed=False,
                   modalities=["asserted"], support=[])
    assert max(viz.importance(g).items(), key=lambda item: item[1])[0] == str(LATER)
    kept = viz.cap(g, max_nodes=len(g) - 1)
    assert str(LATER) not in kept and str(ATTACK) in kept


def test_incident_text_is_escaped() -> None:
    """A source or place name with markup reaches the page as escaped JSON, and as the same text in its data."""
    source, place = XSS[0] + XSS[3], XSS[1] + XSS[2] + XSS[4]
    page = viz.render_html(camp_graph(source=source, place=place))
    js, css = viz._vis_assets()
    ours = page.replace(js, "").replace(css, "")

    for payload in (XSS[0], XSS[1], XSS[4], "pwned=2</"):
        assert payload not in ours, payload
    assert ours.count("<script") == 3 and ours.count("</script>") == 3, "only the page's own script elements"
    assert "http://" not in ours and "https://" not in ours, "no IRI, no address: the page stays offline"
    attack = by_id(page_data(page)["nodes"])["incident/inc-attack"]
    assert source in attack["title"] and place in attack["title"] and source in attack["details"]


# --- in a real browser ----------------------------------------------------------------------------

CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run", "--host-resolver-rules=MAP * ~NOTFOUND", "--virtual-time-budget=10000",
]

# Runs after the page's own script: records what shows, ticks the single-report box, unticks the incident
# kind, then selects the incident (as a click does: vis selects it, then tells the page) and reads the panel.
DRIVE = """<script>
setTimeout(function () {
  function shown() {
    return kg.nodes.get({ filter: function (n) { return !n.hidden && n.kind === "incident"; } })
      .map(function (n) { return n.id; }).sort();
  }
  function tick(selector, value) {
    var box = document.querySelector(selector);
    box.checked = value;
    box.dispatchEvent(new Event("change"));
  }
  var results = { start: shown(), status: document.getElementById("filter-status").textContent };
  tick("#minor-incidents", true); results.all = shown();
  results.apart = kg.edges.get({ filter: function (e) { return !e.hidden && e.dashes === true; } })
    .map(function (e) { return e.label; });
  tick('input[data-kind="incident"]', false); results.none = shown();
  tick('input[data-kind="incident"]', true); tick("#minor-incidents", false);
  kg.network.selectNodes(["incident/inc-attack"]);
  kg.network.emit("select", { nodes: ["incident/inc-attack"], edges: [] });
  results.selected = kg.network.getSelectedNodes().sort();
  var panel = document.getElementById("incident-panel");
  results.panelHidden = panel.hidden;
  results.panel = panel.textContent;
  results.buttons = Array.prototype.map.call(panel.querySelectorAll("button"), function (b) { return b.textContent; });
  kg.network.selectNodes([]);
  kg.network.emit("select", { nodes: [], edges: [] });
  results.panelAfter = panel.hidden;
  document.body.dataset.results = JSON.stringify(results);
}, 2000);
</script>"""


def chromium(tmp_path: Path, page: str) -> str:
    """The DOM of the page after headless chromium (no network) ran it."""
    binary = shutil.which("chromium")
    if binary is None:
        pytest.skip("chromium is not installed (apt-get install chromium)")
    file = tmp_path / "graph.html"
    file.write_text(page, encoding="utf-8")
    command = [binary, *CHROMIUM_FLAGS, f"--user-data-dir={tmp_path / 'profile'}", "--dump-dom", file.as_uri()]
    try:
        return subprocess.run(command, capture_output=True, text=True, timeout=45, check=True).stdout
    except subprocess.TimeoutExpired:
        pytest.fail("chromium hung on the page: did a payload open an alert dialog?")


class Body(html.parser.HTMLParser):
    """The attributes of the ``<body>`` element, unescaped as a browser reads them."""

    def __init__(self) -> None:
        super().__init__()
        self.attrs: dict[str, str | None] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "body":
            self.attrs = dict(attrs)


def body_attrs(dom: str) -> dict[str, str | None]:
    parser = Body()
    parser.feed(dom)
    return parser.attrs


def test_browser_toggles_incidents_and_selecting_one_highlights_its_reports(tmp_path: Path) -> None:
    source = XSS[0]
    page = viz.render_html(camp_graph(source=source)).replace("</body>", DRIVE + "</body>")
    attrs = body_attrs(chromium(tmp_path, page))
    assert "data-pwned" not in attrs, "no payload ran"
    results = json.loads(attrs["data-results"] or "null")

    assert results["start"] == ["incident/inc-attack"], "the single-report incident is hidden at first"
    assert results["status"] == f"{len(page_data(page)['nodes']) - 1} of {len(page_data(page)['nodes'])} nodes shown"
    assert results["all"] == ["incident/inc-attack", "incident/inc-later"], "the box shows every incident"
    assert results["apart"] == ["≠ date"], "and the edge between the two kept apart"
    assert results["none"] == [], "the incident kind unticked: no incident"
    assert results["selected"] == ["event/menaka-1", "event/menaka-2", "incident/inc-attack"], \
        "selecting an incident selects its reports"
    assert results["panelHidden"] is False
    assert "killed: 4–7 (latest 7)" in results["panel"] and source in results["panel"], "as text, not markup"
    assert results["buttons"] == ["assault 2025-03-03 · 4 killed", "assault 2025-03-03 · 7 killed"]
    assert results["panelAfter"] is True, "deselected: the panel goes"


# --- from articles, through kg build ----------------------------------------------------------------

ARTICLES = [
    ("menaka-agence", "2025-03-04", "Agence Sahel <img src=x onerror=\"document.body.dataset.pwned='source'\">",
     "Des hommes armés ont attaqué lundi le camp militaire de Ménaka, au Mali, tuant quatre soldats."),
    ("menaka-radio", "2025-03-06", "Radio Fleuve",
     "Le bilan de l'attaque du camp militaire de Ménaka s'est alourdi : sept soldats ont été tués lundi, selon "
     "l'armée."),
    ("gao-radio", "2025-03-10", "<script>document.body.dataset.pwned='script'</script>",
     "Des soldats ont arrêté trois suspects à Gao dimanche <img src=x onerror=alert(1)>."),
]


@pytest.mark.slow
def test_kg_build_draws_the_incident_of_two_articles_and_escapes_their_markup(tmp_path: Path) -> None:
    from kg.cli import main

    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text("".join(json.dumps({"id": i, "date": d, "source": s, "text": t}, ensure_ascii=False) + "\n"
                              for i, d, s, t in ARTICLES), encoding="utf-8")
    assert main(["build", str(corpus), "--out", str(tmp_path / "out"), "--quiet"]) == 0
    page = (tmp_path / "out" / "graph.html").read_text(encoding="utf-8")
    data = page_data(page)
    nodes = by_id(data["nodes"])
    incidents = [n for n in data["nodes"] if n["kind"] == "incident"]

    attack = next(n for n in incidents if n["reports"] == 2)
    assert attack["label"] == "assault · 2 reports · 2025-03-03" and not attack["hidden"]
    reports = sorted(e["to"] for e in incident_edges(data, attack["id"]))
    assert len(reports) == 2 and all(nodes[r]["kind"] == "event" for r in reports)
    assert {nodes[r]["label"] for r in reports} == {"assault 2025-03-03 · 4 killed", "assault 2025-03-03 · 7 killed"}
    assert "killed: 4–7 (latest 7)" in attack["title"] and ARTICLES[0][2] in attack["title"]
    arrest = [n for n in incidents if n["reports"] == 1]
    assert arrest and all(n["hidden"] for n in arrest), "the arrest, told once, is hidden at first"

    js, css = viz._vis_assets()
    ours = page.replace(js, "").replace(css, "")
    for payload in (ARTICLES[0][2], ARTICLES[2][2], "<img src=x onerror=alert(1)>"):
        assert payload not in ours, payload
    assert ours.count("<script") == 3

    attrs = body_attrs(chromium(tmp_path, page.replace("</body>", DRIVE.replace("inc-attack", attack["id"][9:])
                                                       + "</body>")))
    assert "data-pwned" not in attrs, "no payload ran"
    assert attrs.get("data-kg-drawn") == str(len(data["nodes"]))
    results = json.loads(attrs["data-results"] or "null")
    assert results["selected"] == sorted([*reports, attack["id"]])
