"""ontologies/event-types.ttl: PLOVER's sixteen types with their modes, aligned to CAMEO and ACLED."""

import pyoxigraph
import pytest
from rdflib import RDF, RDFS, Graph, Literal, Namespace, URIRef
from rdflib.namespace import SKOS

from kg.lexicon import load_lexicon
from kg.vocab import ontologies_dir

CKG = Namespace("https://w3id.org/conflict-kg/ontology#")
EVT = Namespace("https://w3id.org/conflict-kg/event-type/")
CAMEO = Namespace("https://w3id.org/conflict-kg/cameo/")
ACLED = Namespace("https://w3id.org/conflict-kg/acled/")

PLOVER = ("AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE",
          "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT")
MAPPINGS = (SKOS.closeMatch, SKOS.exactMatch, SKOS.relatedMatch, SKOS.broadMatch, SKOS.narrowMatch)


@pytest.fixture(scope="module")
def path():
    return ontologies_dir() / "event-types.ttl"


@pytest.fixture(scope="module")
def graph(path):
    return Graph().parse(path, format="turtle")


def in_scheme(graph: Graph, scheme: URIRef) -> set[URIRef]:
    return set(graph.subjects(SKOS.inScheme, scheme))


def top_concepts(graph: Graph, scheme: URIRef) -> set[URIRef]:
    return set(graph.subjects(SKOS.topConceptOf, scheme))


def languages(graph: Graph, concept: URIRef, prop: URIRef) -> set[str | None]:
    return {o.language for o in graph.objects(concept, prop) if isinstance(o, Literal)}


def test_parses_with_rdflib_and_pyoxigraph(path, graph):
    store = pyoxigraph.Store()
    store.load(path.read_bytes(), pyoxigraph.RdfFormat.TURTLE)
    assert len(store) == len(graph) > 0


def test_sixteen_plover_types_are_the_top_concepts(graph):
    tops = top_concepts(graph, EVT.scheme)
    assert {str(graph.value(c, SKOS.notation)) for c in tops} == set(PLOVER)
    assert len(tops) == 16
    assert tops == set(graph.objects(EVT.scheme, SKOS.hasTopConcept))
    for notation in PLOVER:
        assert EVT[notation.lower()] in tops, notation


@pytest.mark.parametrize("notation", PLOVER)
def test_each_type_is_labelled_defined_and_aligned_to_cameo(graph, notation):
    concept = EVT[notation.lower()]
    assert (concept, RDF.type, SKOS.Concept) in graph
    assert (concept, SKOS.inScheme, EVT.scheme) in graph
    assert {"en", "fr"} <= languages(graph, concept, SKOS.prefLabel)
    assert {"en", "fr"} <= languages(graph, concept, SKOS.definition)
    cameo = set(graph.objects(concept, SKOS.closeMatch)) & in_scheme(graph, CAMEO.scheme)
    assert cameo, f"{notation} has no closeMatch into the CAMEO scheme"
    acled = set(graph.objects(concept, SKOS.closeMatch)) & in_scheme(graph, ACLED.scheme)
    comments = " ".join(str(c) for c in graph.objects(concept, RDFS.comment))
    assert acled or "ACLED" in comments, f"{notation}: no ACLED match and no comment saying why"



def test_modes_are_narrower_than_a_type(graph):
    tops = top_concepts(graph, EVT.scheme)
    modes = in_scheme(graph, EVT.scheme) - tops
    assert modes
    for mode in modes:
        broader = set(graph.objects(mode, SKOS.broader))
        assert len(broader) == 1 and broader <= tops, mode
        parent = broader.pop()
        notation = str(graph.value(mode, SKOS.notation))
        assert notation.startswith(str(graph.value(parent, SKOS.notation)) + "."), notation
        assert {"en", "fr"} <= languages(graph, mode, SKOS.prefLabel), mode
        assert {"en", "fr"} <= languages(graph, mode, SKOS.definition), mode


def test_assault_and_other_types_have_modes(graph):
    def modes(notation: str) -> set[URIRef]:
        return set(graph.subjects(SKOS.broader, EVT[notation.lower()]))

    assert len(modes("ASSAULT")) >= 8
    for notation in ("PROTEST", "COERCE", "THREATEN", "SANCTION"):
        assert modes(notation), notation
    assault = {str(graph.value(m, SKOS.notation)) for m in modes("ASSAULT")}
    assert {"ASSAULT.firearms", "ASSAULT.explosives", "ASSAULT.aerial", "ASSAULT.drone",
            "ASSAULT.heavy-weapons", "ASSAULT.abduct", "ASSAULT.sexual", "ASSAULT.torture"} <= assault


def test_cameo_scheme_has_the_twenty_root_codes(graph):
    concepts = in_scheme(graph, CAMEO.scheme)
    assert len(concepts) == 20
    assert {str(graph.value(c, SKOS.notation)) for c in concepts} == {f"{n:02d}" for n in range(1, 21)}
    for concept in concepts:
        assert concept == CAMEO[str(graph.value(concept, SKOS.notation))]
        assert {"en", "fr"} <= languages(graph, concept, SKOS.prefLabel), concept
    assert Literal("Assault", lang="en") in set(graph.objects(CAMEO["18"], SKOS.prefLabel))


def test_acled_scheme_has_six_event_types_and_twenty_five_sub_event_types(graph):
    concepts = in_scheme(graph, ACLED.scheme)
    event_types = top_concepts(graph, ACLED.scheme)
    sub_event_types = concepts - event_types
    assert len(event_types) == 6 and len(sub_event_types) == 25
    for sub in sub_event_types:
        broader = set(graph.objects(sub, SKOS.broader))
        assert len(broader) == 1 and broader <= event_types, sub
    for concept in concepts:
        en = [o for o in graph.objects(concept, SKOS.prefLabel) if o.language == "en"]
        assert len(en) == 1 and "fr" in languages(graph, concept, SKOS.prefLabel), concept
        assert str(graph.value(concept, SKOS.notation)) == str(en[0]), concept
    labels = {str(o) for c in concepts for o in graph.objects(c, SKOS.prefLabel) if o.language == "en"}
    assert {"Explosions/Remote violence", "Air/drone strike", "Remote explosive/landmine/IED",
            "Abduction/forced disappearance", "Strategic developments", "Other"} <= labels


def test_every_mapping_target_is_a_concept_of_this_file(graph):
    concepts = set(graph.subjects(RDF.type, SKOS.Concept))
    targets = {(s, p, o) for p in MAPPINGS for s, o in graph.subject_objects(p)}
    assert targets
    for s, p, o in targets:
        assert o in concepts, (s, p, o)
        assert graph.value(s, SKOS.inScheme) != graph.value(o, SKOS.inScheme), (s, p, o)


def test_every_concept_is_in_one_of_the_three_schemes(graph):
    schemes = {EVT.scheme, CAMEO.scheme, ACLED.scheme}
    for concept in graph.subjects(RDF.type, SKOS.Concept):
        assert set(graph.objects(concept, SKOS.inScheme)) & schemes, concept
        assert len(set(graph.objects(concept, SKOS.notation))) == 1, concept


def test_trigger_lemmas_sit_on_the_sixteen_types_only_and_once(graph):
    tops = top_concepts(graph, EVT.scheme)
    carriers = set(graph.subjects(CKG.triggerLemma, None))
    assert carriers == tops
    lemmas = [(str(o), o.language) for o in graph.objects(None, CKG.triggerLemma)]
    owners: dict[tuple[str, str | None], set[URIRef]] = {}
    for concept, lemma in graph.subject_objects(CKG.triggerLemma):
        owners.setdefault((str(lemma), lemma.language), set()).add(concept)
    assert len(owners) == len(lemmas)
    assert all(len(o) == 1 for o in owners.values())


def test_lexicon_reads_the_same_triggers_as_the_file(graph):
    expected = {
        str(lemma).lower(): str(graph.value(concept, SKOS.notation)).lower()
        for concept in top_concepts(graph, EVT.scheme)
        for lemma in graph.objects(concept, CKG.triggerLemma)
        if isinstance(lemma, Literal) and lemma.language == "fr"
    }
    assert expected
    assert dict(load_lexicon.__wrapped__("fr").event_types) == expected
