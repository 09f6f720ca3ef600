"""Entities: one node per real-world participant, typed, linked to the world, with visible resolution."""

from pathlib import Path

import pytest
from conftest import extract
from rdflib import RDF, RDFS, Literal, URIRef

from kg.documents import iter_documents, make_document
from kg.entity_table import list_entities
from kg.rdf import build_graph, entity_iri
from kg.run import run
from kg.store import query
from kg.vocab import CKG, GEO

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent
PRONOUNS_AND_ARTICLES = {"il", "elle", "ils", "elles", "lui", "eux", "le", "la", "les", "l'", "un", "une", "des",
                         "celui-ci", "celle-ci", "l'un", "l'autre", "leur", "ses", "sa", "son"}


@pytest.fixture(scope="module")
def baghdad():
    return build_graph(run(iter_documents([str(ROOT / "examples" / "baghdad.txt")])))


@pytest.fixture(scope="module")
def examples():
    return build_graph(run(iter_documents([str(ROOT / "examples")])))


def keys(graph):
    return {row["iri"].split("/entity/", 1)[1]: row for row in list_entities(graph)}


def test_baghdad_article_has_one_node_per_participant(baghdad):
    found = keys(baghdad)
    for key in ("etats-unis", "irak", "iran", "bagdad", "etat-islamique", "coalition-internationale"):
        assert key in found, key
    assert found["etats-unis"]["kind"] == "country" and found["etats-unis"]["mentions"] >= 5
    assert [k for k in found if k.startswith("ambassade")] == ["ambassade-etats-unis-bagdad"]
    assert len([k for k in found if k.startswith("annexe")]) == 1
    assert found["grad"]["kind"] == "weapon"  # missiles Grad: a weapon, not a place
    assert not any(row["entity"].lower() in PRONOUNS_AND_ARTICLES for row in found.values())


def test_known_duplicates_across_examples_are_one_node(examples):
    rows = list_entities(examples)

    def holders(name):
        return [r["entity"] for r in rows if name == r["entity"] or name in r["aliases"]]

    for names in (["États-Unis", "Etats-Unis"], ["Houthis", "rebelles houthis"],
                  ["Groupe de soutien à l'islam et aux musulmans", "GSIM"],
                  ["État islamique", "EI"], ["ambassade américaine à Bagdad", "ambassade des États-Unis à Bagdad"],
                  ["Communauté économique des États de l'Afrique de l'Ouest", "Cédéao"]):
        found = {holder for name in names for holder in holders(name)}
        assert len(found) <= 1, (names, found)
    assert len({r["iri"] for r in rows}) == len(rows)


def test_gazetteer_corrects_the_statistical_ner():
    result = extract("Tadayt, un organe proche d'Al-Qaïda, a revendiqué l'attaque contre des soldats maliens.")
    al_qaida = [m for m in result.extraction.mentions if m.text == "Al-Qaïda"]
    assert al_qaida and al_qaida[0].kind == "armed_group" and al_qaida[0].link == "al-qaida"


def test_names_aliases_and_acronyms_are_one_entity():
    result = extract("L'État islamique a revendiqué l'attentat. Un porte-parole de l'EI a menacé la France. "
                     "Daech a frappé Mossoul.")
    linked = {m.text: m.link for m in result.extraction.mentions if m.link}
    assert linked["État islamique"] == linked["EI"] == linked["Daech"] == "etat-islamique"
    assert linked["France"] == "france"


def test_adjectives_of_nationality_and_pro_give_relations():
    graph = build_graph([extract("L'armée malienne a repoussé des milices pro-iraniennes près de Gao.")])
    assert (entity_iri("armee-mali"), CKG.countryOf, entity_iri("mali")) in graph
    aligned = list(graph.subjects(CKG.alignedWith, entity_iri("iran")))
    assert [str(graph.value(node, RDFS.label)) for node in aligned] == ["milices pro-iraniennes"]


def test_definite_description_joins_the_fuller_name_and_never_another_kind():
    result = extract("L'ambassade des États-Unis à Bagdad a exhorté les autorités à protéger le personnel. "
                     "L'ambassade a ensuite demandé une enquête.")
    embassies = {result.resolution.entity_of[m.key] for m in result.extraction.mentions if m.head == "ambassade"}
    assert embassies == {"ambassade-etats-unis-bagdad"}
    mixed = extract("Les rebelles ont attaqué la ville de Gao. La ville a été reprise par l'armée.")
    ville = {mixed.resolution.entity_of[m.key] for m in mixed.extraction.mentions if m.head == "ville"}
    rebels = {mixed.resolution.entity_of[m.key] for m in mixed.extraction.mentions if m.head == "rebelle"}
    assert ville.isdisjoint(rebels)


def test_generic_descriptions_stay_within_their_document():
    a = extract("L'armée a bombardé le village. L'armée malienne a repoussé les assaillants.", "2024-01-02")
    b = extract("L'armée a encerclé la ville. L'armée malienne a riposté.", "2024-02-03")
    key_a = {a.resolution.entity_of[m.key] for m in a.extraction.mentions if m.text == "armée"}
    key_b = {b.resolution.entity_of[m.key] for m in b.extraction.mentions if m.text == "armée"}
    assert key_a.isdisjoint(key_b)  # two articles, two armies
    malian_a = {a.resolution.entity_of[m.key] for m in a.extraction.mentions if m.text == "armée malienne"}
    malian_b = {b.resolution.entity_of[m.key] for m in b.extraction.mentions if m.text == "armée malienne"}
    assert malian_a == malian_b == {"armee-mali"}


def test_resolution_is_visible_in_the_graph():
    graph = build_graph([extract("Le maire de la ville, Jean Dupont, a exhorté la population au calme. "
                                 "Il a également demandé des renforts.")])
    rows = query(graph, """
        SELECT ?form ?how ?start ?end WHERE {
          ?m a ckg:Mention ; ckg:refersTo ?e ; ckg:surfaceForm ?form ; ckg:resolution ?how ;
             ckg:startOffset ?start ; ckg:endOffset ?end .
          ?e rdfs:label "Jean Dupont"@fr .
        } ORDER BY ?start""").rows
    assert [(str(form), str(how)) for form, how, _, _ in rows] == [("Jean Dupont", "name"), ("Il", "pronoun")]


def test_wikidata_iso_and_geonames_links_of_well_known_entities(examples):
    found = keys(examples)
    assert (found["etats-unis"]["wikidata"], found["etats-unis"]["iso"]) == ("Q30", "US")
    assert found["etats-unis"]["geonames"] == 6252001
    assert found["irak"]["wikidata"] == "Q796"
    assert (found["bagdad"]["geonames"], found["bagdad"]["country"]) == (98182, "irak")
    assert query(examples, f"ASK {{ <{entity_iri('bagdad')}> geo:hasGeometry/geo:asWKT ?wkt }}").boolean


def test_towns_are_linked_only_when_the_document_says_which():
    def gombe(text):
        graph = build_graph(run([make_document(text, where="t", date="2024-01-02")]))
        node = entity_iri("gombe")
        return graph.value(node, CKG.geonamesId), graph.value(node, CKG.countryOf)

    # three towns bear the name: Nigeria's, Uganda's, Angola's
    assert gombe("Des hommes armés ont attaqué Gombe, dans le nord-est du Nigeria.") == (
        Literal(2340451), entity_iri("nigeria"))
    assert gombe("Des hommes armés ont attaqué Gombe, en Ouganda.") == (Literal(233382), entity_iri("ouganda"))
    assert gombe("Des hommes armés ont attaqué Gombe.") == (None, None)


def test_entities_command_lists_kinds_links_and_counts(tmp_path):
    import subprocess
    import sys

    graph = build_graph([extract("Les États-Unis ont condamné l'attaque de l'EI contre Bagdad.")])
    path = tmp_path / "g.ttl"
    graph.serialize(path, format="turtle")
    out = subprocess.run([sys.executable, "-m", "kg.cli", "entities", str(path), "--format", "csv"],
                         capture_output=True, text=True, check=True).stdout
    header, *lines = out.splitlines()
    assert header.split(",")[:4] == ["entity", "kind", "mentions", "documents"]
    assert any(line.startswith("États-Unis,country,") and ",Q30," in line for line in lines)


def test_every_entity_node_is_typed_and_named(examples):
    for row in list_entities(examples):
        node = URIRef(row["iri"])
        assert (node, RDF.type, None) in examples and row["entity"]
    assert not list(examples.subjects(RDF.type, GEO.Feature))  # GeoSPARQL features are implied, not written


def test_possessive_premises_are_the_possessors_site():
    result = extract("L'ambassade des États-Unis à Bagdad a annoncé que ses installations avaient été visées. "
                     "Le gouvernement a condamné l'attaque.")
    premises = [m for m in result.extraction.mentions if m.text == "installations"]
    assert premises and result.resolution.how[premises[0].key] == "possessive"
    assert result.resolution.entity_of[premises[0].key] == "ambassade-etats-unis-bagdad"
    plain = extract("Les installations ont été visées. Le gouvernement a condamné l'attaque.")
    assert all(plain.resolution.how[m.key] != "possessive" for m in plain.extraction.mentions)
