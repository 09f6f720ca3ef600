"""Events: types, roles, tolls, dates and one event per occurrence."""

from conftest import events

from kg.extract.dates import DocDate, date_anchors
from kg.extract.quantities import toll


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
