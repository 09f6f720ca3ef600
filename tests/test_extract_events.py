"""Events: types, roles, tolls, dates and one event per occurrence."""

import pytest
from conftest import events, extract, triples

from kg.extract.dates import DocDate, date_anchors
from kg.extract.quantities import toll

pytestmark = pytest.mark.slow


def one(text: str, date: str | None = "2024-03-14", type_: str | None = None) -> dict:
    found = [e for e in events(text, date) if type_ is None or e["type"] == type_]
    assert len(found) == 1, found
    return found[0]


def test_assault_with_actor_target_weapon_and_toll():
    event = one("Deux missiles Grad ont frappé l'aéroport jeudi soir, sans faire de blessé.")
    assert event["type"] == "assault"
    assert event["target"] == ["aéroport"]
    assert event["weapon"] == ["Deux missiles Grad"]
    assert event["date"] == "2024-03-14"


def test_aucun_blesse_is_zero_injured():
    event = one("Des roquettes ont visé la base américaine mardi. Il n'y a eu aucun blessé.")
    assert event["injured"] == 0
    assert event["date"] == "2024-03-12"


def test_killed_and_injured_counts_with_approximation():
    event = one("Au moins douze civils ont été tués et une dizaine d'autres blessés lundi à Gao.")
    assert (event["killed"], event["injured"], event["approximate"]) == (12, 10, True)
    assert event["location"] == ["Gao", "Mali"]  # the place, then the country it lies in
    assert event["country"] == "Mali"


def test_accuse_request_in_one_sentence_are_two_events():
    found = events("Le président a condamné l'attaque et a demandé une enquête.")
    by_type = {e["type"]: e for e in found}
    assert by_type["accuse"]["actor"] == ["président"] and by_type["accuse"]["target"] == ["attaque"]
    assert by_type["request"]["target"] == ["enquête"]


def test_protest_from_demonstrators():
    event = one("Des milliers de manifestants ont défilé dimanche à Dakar contre le gouvernement.")
    assert event["type"] == "protest"
    assert event["location"] == ["Dakar", "Sénégal"]
    assert event["date"] == "2024-03-10"
    assert event["mode"] == "PROTEST.demo"


def test_coerce_threaten_agree():
    assert one("La police a arrêté le chef du parti d'opposition.")["type"] == "coerce"
    threat = one("Le groupe armé a menacé de frapper les écoles de la région.")
    assert threat["type"] == "threaten" and threat["actor"] == ["groupe armé"]
    assert one("Les deux camps ont signé un accord de cessez-le-feu à Doha.")["type"] == "agree"


def test_tear_gas_makes_force_coercion():
    event = one("La police a tiré des gaz lacrymogènes sur les manifestants.", type_="coerce")
    assert event["actor"] == ["police"]


def test_a_later_definite_mention_is_the_same_event():
    text = ("Des hommes armés ont attaqué une école de Kankara vendredi soir. "
            "L'attaque a été revendiquée par un groupe jihadiste. Le président a condamné l'attaque.")
    assault = [e for e in events(text, "2020-12-16") if e["type"] == "assault"]
    assert len(assault) == 1
    assert assault[0]["date"] == "2020-12-11"
    assert assault[0]["mentions"] >= 2


def test_distinct_targets_are_distinct_events():
    text = ("Des drones russes ont frappé Kiev mercredi. "
            "Treize drones russes ont également visé Zaporijjia, blessant quatre personnes.")
    assault = [e for e in events(text, "2025-05-07") if e["type"] == "assault"]
    assert len(assault) == 2
    assert assault[1]["injured"] == 4


def test_event_date_falls_back_to_the_document_month_and_says_so():
    event = one("Le Mali a condamné l'attaque.")
    assert (event["date"], event["date_basis"]) == ("2024-03", "document")
    assert one("Le Mali a condamné l'attaque.", date=None)["date"] is None


def test_negated_act_is_no_event():
    assert [e for e in events("Les rebelles n'ont pas attaqué la ville.") if e["type"] == "assault"] == []


# ---------------------------------------------------------------- dates, both directions


def anchors(nlp, lex, text, date):
    """{head word: ISO date} of the date expressions of the first sentence."""
    return {word: when.iso for word, when in whens(nlp, lex, text, date).items()}


def whens(nlp, lex, text, date):
    sent = next(nlp(text).sents)
    return {sent.doc[i].text: when for i, when in date_anchors(sent, lex, date).items()}


def test_weekday_is_the_latest_such_day_up_to_publication(nlp_fr, lex_fr):
    assert anchors(nlp_fr, lex_fr, "L'attaque a eu lieu mardi soir.", "2024-03-14") == {"mardi": "2024-03-12"}
    assert anchors(nlp_fr, lex_fr, "L'attaque a eu lieu jeudi.", "2024-03-14") == {"jeudi": "2024-03-14"}
    assert anchors(nlp_fr, lex_fr, "L'attaque a eu lieu jeudi dernier.", "2024-03-14") == {"jeudi": "2024-03-07"}


def test_date_keeps_its_words_and_precision(nlp_fr, lex_fr):
    tuesday = whens(nlp_fr, lex_fr, "L'attaque a eu lieu un mardi soir.", "2024-03-14")["mardi"]
    assert (tuesday.iso, tuesday.precision, tuesday.text) == ("2024-03-12", "day", "mardi soir")
    last = whens(nlp_fr, lex_fr, "L'attaque a eu lieu jeudi dernier.", "2024-03-14")["jeudi"]
    assert (last.precision, last.text) == ("day", "jeudi dernier")
    march = whens(nlp_fr, lex_fr, "Le 3 mars au matin, des drones ont frappé la ville.", "2024-03-14")["mars"]
    assert (march.iso, march.precision, march.text) == ("2024-03-03", "day", "3 mars au matin")
    january = whens(nlp_fr, lex_fr, "En janvier 2022, des drones ont frappé la ville.", "2024-03-14")["janvier"]
    assert (january.iso, january.precision, january.text) == ("2022-01", "month", "janvier 2022")


def test_weekday_in_a_month_dated_article_keeps_month_precision(nlp_fr, lex_fr):
    when = whens(nlp_fr, lex_fr, "L'attaque a eu lieu mardi soir.", "2024-09")["mardi"]
    assert (when.iso, when.precision, when.text) == ("2024-09", "month", "mardi soir")


def test_night_from_one_day_to_the_next_is_the_second_day_of_a_period(nlp_fr, lex_fr):
    text = "Dans la nuit de samedi à dimanche, des drones ont frappé la ville."
    night = whens(nlp_fr, lex_fr, text, "2024-03-14")
    assert list(night) == ["dimanche"]  # samedi is not a date of its own
    when = night["dimanche"]
    assert (when.iso, when.start, when.end) == ("2024-03-10", "2024-03-09", "2024-03-10")
    assert when.text == "nuit de samedi à dimanche"
    # a plain weekday is a day, not a period
    assert whens(nlp_fr, lex_fr, "Dimanche, des drones ont frappé la ville.", "2024-03-14")["Dimanche"].start is None


def test_calendar_dates_fall_in_the_past_of_the_article(nlp_fr, lex_fr):
    assert anchors(nlp_fr, lex_fr, "Le 3 mars, des drones ont frappé la ville.", "2024-03-14") == {"mars": "2024-03-03"}
    assert anchors(nlp_fr, lex_fr, "Le 20 mars, des drones ont frappé la ville.", "2024-03-14") == {
        "mars": "2023-03-20"}
    assert anchors(nlp_fr, lex_fr, "En janvier 2022, des drones ont frappé la ville.", "2024-03-14") == {
        "janvier": "2022-01"}
    assert anchors(nlp_fr, lex_fr, "En avril, des drones ont frappé la ville.", "2024-03-14") == {"avril": "2023-04"}


def test_season_is_a_period_named_by_the_year_it_begins(nlp_fr, lex_fr):
    winter = whens(nlp_fr, lex_fr, "Pour l'hiver 2023, les milices ont visé la base.", "2024-03-14")["2023"]
    assert (winter.iso, winter.precision, winter.text) == ("2023", "season", "hiver 2023")
    assert (winter.start, winter.end) == ("2023-12-01", "2024-02-29")
    summer = whens(nlp_fr, lex_fr, "Durant l'été 2022, les milices ont visé la base.", "2024-03-14")["2022"]
    assert (summer.start, summer.end) == ("2022-06-01", "2022-08-31")
    # a year alone is a year, not a season
    year = whens(nlp_fr, lex_fr, "En 2014, les milices ont visé la base.", "2024-03-14")["2014"]
    assert (year.iso, year.precision, year.start) == ("2014", "year", None)


def test_relative_days(nlp_fr, lex_fr):
    assert anchors(nlp_fr, lex_fr, "La veille, des drones ont frappé la ville.", "2024-03-14") == {
        "veille": "2024-03-13"}


def test_no_date_is_read_where_there_is_none(nlp_fr, lex_fr):
    assert anchors(nlp_fr, lex_fr, "Des drones ont frappé la ville.", "2024-03-14") == {}
    assert anchors(nlp_fr, lex_fr, "Il dispose de 48 heures pour quitter le pays.", "2024-03-14") == {}
    assert anchors(nlp_fr, lex_fr, "Des drones ont frappé la ville mardi.", None) == {}
    assert anchors(nlp_fr, lex_fr, "Un soldat a été tué et deux autres blessés.", "2024-03-14") == {}
    assert anchors(nlp_fr, lex_fr, "Les 2000 manifestants ont défilé en silence.", "2024-03-14") == {}


def test_doc_date_precision():
    assert DocDate.parse("2024-09").month_iso() == "2024-09"
    assert DocDate.parse("2025-05-07").minus_days(7) == "2025-04-30"
    assert DocDate.parse(None) is None


# ---------------------------------------------------------------- tolls, both directions


def read_toll(nlp, lex, text):
    return toll(next(nlp(text).sents), lex)


def test_tolls_that_must_be_read(nlp_fr, lex_fr):
    cases = {
        "Au moins douze personnes ont été tuées.": (12, None, True),
        "Une dizaine de blessés ont été évacués.": (None, 10, True),
        "Il n'y a eu aucun blessé.": (None, 0, False),
        "Personne n'a été blessé.": (None, 0, False),
        "Le bilan est de 93 morts.": (93, None, False),
        "L'attaque a fait trois morts et cinq blessés.": (3, 5, False),
        "Huit militaires blessés ont été évacués.": (None, 8, False),
        "Un soldat a été tué et deux autres blessés.": (1, 2, False),
        "L'incendie a coûté la vie à deux habitants.": (2, None, False),
        "Plus de 30 civils ont péri.": (30, None, True),
    }
    for text, expected in cases.items():
        found = read_toll(nlp_fr, lex_fr, text)
        assert (found.killed, found.injured, found.approximate) == expected, text


def test_numbers_that_are_not_tolls(nlp_fr, lex_fr):
    for text in ("Parmi les blessés figurent quatre enfants.", "Deux missiles ont été tirés.",
                 "Il dispose de 48 heures pour quitter le pays.", "Trois compagnies figurent sur la liste."):
        assert not read_toll(nlp_fr, lex_fr, text), text


def test_lower_bound_on_a_count_of_dead(nlp_fr, lex_fr):
    found = read_toll(nlp_fr, lex_fr, "L'attaque a fait au moins douze morts.")
    assert (found.killed, found.injured, found.approximate) == (12, None, True)


# ---------------------------------------------------------------- who did it, and how sure the text is


def test_presumed_authors_are_alleged_and_the_attack_stays_asserted():
    event = one("Des jihadistes présumés ont attaqué une école à Kankara.")
    assert event["alleged_actor"] == ["jihadistes présumés"]
    assert event["modality"] == "asserted"
    plain = one("Des jihadistes ont attaqué une école à Kankara.")
    assert plain["actor"] == ["jihadistes"] and plain["alleged_actor"] == []


def test_conditional_act_is_hedged_with_its_authors():
    event = one("Des rebelles auraient attaqué le village de Kiwanja.")
    assert (event["modality"], event["alleged_actor"]) == ("hedged", ["rebelles"])


def test_claim_of_responsibility_is_marked_not_asserted():
    event = one("Des hommes armés ont attaqué le poste de Boni mardi. "
                "L'attaque a été revendiquée par l'État islamique.")
    assert event["claimed_by"] == ["État islamique"]
    assert "hommes armés" in event["actor"] and event["alleged_actor"] == []
    active = one("Le groupe État islamique a revendiqué l'attentat contre le marché de Gao.")
    assert active["claimed_by"] == ["groupe État islamique"]
    unclaimed = one("L'attaque contre le poste de Boni n'a pas été revendiquée.")
    assert unclaimed["claimed_by"] == [] and unclaimed["actor"] == []


def test_attribution_makes_an_alleged_author_on_someones_word():
    text = "L'attentat contre le marché de Gao a été attribué au JNIM par l'armée malienne."
    event = one(text, type_="assault")
    assert event["alleged_actor"] == ["JNIM"] and event["source"] == "armée malienne"
    # who attributes it accuses: the imputation is an event of its own (guidelines: accuse)
    accusation = one(text, type_="accuse")
    assert accusation["actor"] == ["armée malienne"] and "JNIM" in accusation["target"]


def test_an_attribution_nobody_makes_is_no_accusation():
    assert not [e for e in events("L'attentat, attribué au JNIM, a fait six morts.") if e["type"] == "accuse"]


def test_the_work_of_a_group_on_someones_word_is_an_allegation():
    found = events("Des roquettes ont frappé la base. L'attaque serait l'œuvre de milices chiites.")
    assert len(found) == 1 and found[0]["alleged_actor"] == ["milices chiites"]
    reported = one("Selon l'armée, l'embuscade est l'œuvre du JNIM.")
    assert reported["alleged_actor"] == ["JNIM"] and reported["source"] == "armée"


def test_a_relation_drawn_from_an_authorship_is_stated_as_the_authorship_is():
    def attack_triples(text: str) -> list[dict]:
        return [t for t in triples(text) if t["predicate"] == "attaquer"]

    (hedged,) = attack_triples("Des jihadistes semblent être les auteurs probables de l'attaque contre le camp.")
    assert (hedged["subject"], hedged["object"], hedged["modality"]) == ("jihadistes", "camp", "hedged")
    (attributed,) = attack_triples("L'attaque contre le camp a été attribuée aux jihadistes par l'armée.")
    assert (attributed["modality"], attributed["source"]) == ("reported", "armée")
    # the negative case: an authorship stated plainly is a fact
    (plain,) = attack_triples("Des jihadistes sont les auteurs de l'attaque contre le camp.")
    assert plain["modality"] == "asserted"


def test_what_is_hedged_is_no_edge_of_the_graph():
    from rdflib import URIRef

    from kg.rdf import build_graph
    from kg.vocab import CKG

    graph = build_graph([extract("Des jihadistes semblent être les auteurs probables de l'attaque contre le camp. "
                                 "Des rebelles ont attaqué le village.")])
    edges = {(str(graph.value(s, CKG.subjectText)), str(graph.value(s, CKG.modality)).rsplit("#", 1)[-1],
              (graph.value(s, CKG.subject), graph.value(s, CKG.relation), graph.value(s, CKG.object)) in graph)
             for s in graph.subjects(CKG.relation, URIRef("https://w3id.org/conflict-kg/relation/attaquer"))}
    assert edges == {("jihadistes", "Hedged", False), ("rebelles", "Asserted", True)}
    from kg.validate import describe, load_shapes, validate_graph

    assert [describe(v) for v in validate_graph(graph, load_shapes())] == []  # the shapes agree


# ---------------------------------------------------------------- with what, and how


def test_weapon_count_both_directions():
    assert one("Les rebelles ont tiré trois roquettes et deux obus sur la ville de Goma.")["weapon_count"] == 5
    assert one("Deux missiles Grad ont frappé l'aéroport jeudi soir.")["weapon_count"] == 2
    assert one("Des roquettes ont visé la base militaire de Kidal.")["weapon_count"] is None
    assert one("Un drone a frappé un immeuble de Kiev.")["weapon_count"] is None  # "un" is an article


def test_mode_tells_what_was_done_before_with_what():
    assert one("Une frappe de drone a touché un camp de déplacés.")["mode"] == "ASSAULT.drone"
    assert one("Des hommes armés ont enlevé dix-sept missionnaires.")["mode"] == "ASSAULT.abduct"
    assert one("Les assaillants ont tué trois villageois à l'aide de machettes.")["mode"] == "ASSAULT.primitive"
    assert one("La police a dispersé les manifestants à coups de gaz lacrymogène.")["mode"] == "COERCE.disperse"
    assert one("Des hommes armés ont attaqué le poste de Boni.")["mode"] is None  # nothing tells how


def test_an_act_that_hits_something_has_it_as_target():
    event = one("Une frappe de drone a touché un camp de déplacés.")
    assert event["target"] == ["camp de déplacés"] and event["weapon"] == ["drone"]


def test_a_prospect_is_no_event():
    found = events("Deux drones ont été abattus par un destroyer avant d'atteindre leur cible.")
    assert [e["target"] for e in found] == [["Deux drones"]]


# ---------------------------------------------------------------- where


def test_a_target_placed_elsewhere_places_the_attack_there():
    text = ("L'annexe de l'ambassade, située à l'aéroport international de Bagdad, a été visée par des "
            "roquettes mardi. Le gouvernement a condamné l'attaque.")
    attack = [e for e in events(text) if e["type"] == "assault"][0]
    assert attack["location"][0] == "aéroport international de Bagdad"
    assert attack["country"] == "Irak" and attack["location"][-1] == "Irak"
    condemnation = [e for e in events(text) if e["type"] == "accuse"][0]
    assert condemnation["location"] == []  # where the embassy is, is not where it was condemned


def test_where_the_actors_are_when_the_clause_says_nothing():
    event = one("Des milices en Irak et en Syrie ont pris pour cible les forces de la coalition.")
    assert event["location"] == ["Irak", "Syrie"]


def test_an_undated_act_takes_the_date_of_the_story_lead():
    text = ("Des drones russes ont frappé Kiev mercredi, tuant deux personnes. "
            "Le maire a appelé les habitants à rester dans les abris.")
    (call,) = [e for e in events(text, "2025-05-07") if e["type"] == "request"]
    assert (call["date"], call["date_basis"], call["date_precision"]) == ("2025-05-07", "story", "day")


def test_an_act_told_in_the_pluperfect_is_background_not_the_story_day():
    text = ("Des hommes armés ont attaqué une école de Kankara vendredi soir. "
            "Ce même gang avait enlevé des dizaines de villageois.")
    kidnapping = [e for e in events(text, "2020-12-16") if e["type"] == "assault" and e["date_basis"] != "text"]
    assert kidnapping and all((e["date"], e["date_basis"]) == ("2020-12", "document") for e in kidnapping)


def test_a_lead_dated_outside_the_document_month_is_not_the_story_day():
    text = "Le Hezbollah a ouvert un front contre Israël le 8 octobre 2023. Le Liban a condamné les frappes."
    (condemnation,) = [e for e in events(text, "2024-07-05") if e["type"] != "assault"]
    assert condemnation["date_basis"] == "document"


def test_an_attack_on_a_town_happens_in_the_town():
    (assault,) = [e for e in events("Les rebelles se sont emparés de Kiwanja samedi.", "2022-10-30")
                  if e["type"] in ("assault", "coerce")]
    assert "Kiwanja" in assault["target"] and "Kiwanja" in assault["location"]
