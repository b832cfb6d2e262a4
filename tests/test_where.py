"""Places: gazetteer resolution, toponyms in context, datelines and event locations."""
from __future__ import annotations

import csv

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from eventwire import where
from eventwire.evaluate.whenwhere import TOPONYMS, _row_result, score_toponyms
from eventwire.model import ActorMention, Actor, Event, Location, Place

from .conftest import FIXTURES
from .test_when import event_at, make_doc


@pytest.fixture(scope="module")
def gaz():
    return where.Gazetteer.default()


@pytest.mark.parametrize("name, context, qualifier, expected", [
    ("Moscow", {}, None, ("RUS", "city", "geonames:524901")),
    ("Kiev", {}, None, ("UKR", "city", "geonames:703448")),          # an alternate name
    ("U.S.", {}, None, ("USA", "country", "geonames:6252001")),
    ("Georgia", {}, None, ("GEO", "country", "geonames:614540")),
    ("Georgia", {"USA": 0.6}, None, ("USA", "admin1", "iso3166-2:US-GA")),  # US story: the state
    ("Paris", {}, None, ("FRA", "city", "geonames:2988507")),
    ("Paris", {}, "Texas", ("USA", "city", "geonames:4717560")),
    ("Birmingham", {}, None, ("GBR", "city", "geonames:2655603")),
    ("Birmingham", {"USA": 0.3}, None, ("USA", "city", "geonames:4049979")),
    ("Geneva", {}, None, ("CHE", "city", "geonames:2660646")),        # the city, not the canton
    ("Gaza", {}, None, ("PSE", "region", "eventwire-region:Gaza Strip")),
    ("Kosovo", {}, None, ("XKX", "country", "geonames:831053")),
])
def test_gazetteer_resolve(gaz, name, context, qualifier, expected):
    loc = gaz.resolve(name, context, qualifier)
    assert (loc.country, loc.feature, loc.geonameid) == expected
    assert loc.lat is not None and loc.lon is not None


def test_gazetteer_unknown_name(gaz):
    assert gaz.resolve("Xqzzyville") is None
    assert gaz.candidates("") == []


def test_region_phrase_resolves_to_admin1(gaz):
    span = where._Span(0, 2, "suffix", "Kursk", "region")
    loc = where._resolve_region_phrase(gaz, span, {}, None)
    assert (loc.country, loc.feature, loc.geonameid) == ("RUS", "admin1", "iso3166-2:RU-KRS")


TOPONYM_ROWS = list(csv.DictReader((TOPONYMS).open(encoding="utf-8")))


@pytest.mark.parametrize("row", TOPONYM_ROWS, ids=[r["sentence"][:40] for r in TOPONYM_ROWS])
def test_toponyms_in_context(nlp, row):
    places = [p for p in where.find_places(nlp(row["sentence"]), []) if row["toponym"] in p.text]
    assert _row_result(row, places)[0], [(p.text, p.location) for p in places]


def test_score_toponyms(nlp):
    result = score_toponyms(TOPONYMS, nlp=nlp, use_actors=False)
    assert result["toponyms"] == len(TOPONYM_ROWS)
    assert result["accuracy"] == 1.0, result["errors"]


def test_capital_actor_mention_is_not_a_place(nlp):
    doc = nlp("Officials in Moscow said the Kremlin was ready.")
    assert [p.text for p in where.find_places(doc, [])] == ["Moscow"]
    # actors.py marks a capital standing for its government: it is then no place
    doc = nlp("Moscow rejected the offer.")
    mention = ActorMention(Actor("Moscow", "RUSGOV", "RUS", "GOV"), 0, 6, 0, 1, kind="capital")
    assert where.find_places(doc, [mention]) == []


@pytest.mark.parametrize("text, expected", [
    ("MOSCOW (Reuters) - Russia said on Monday", ("MOSCOW", None, "RUS")),
    ("KYIV, Ukraine (AP) — Russia launched", ("KYIV", "Ukraine", "UKR")),
    ("SEOUL, Nov 1 (Reuters) - North Korea", ("SEOUL", None, "KOR")),
    ("ST. LOUIS, Missouri (AP) — Police said", ("ST. LOUIS", "Missouri", "USA")),
    ("News\n\nLONDON — After nearly 20 years", ("LONDON", None, "GBR")),
    ("WASHINGTON — The Senate voted", ("WASHINGTON", None, "USA")),
])
def test_dateline(text, expected):
    start, end, place, qualifier = where.dateline_span(text)
    assert (place, qualifier) == expected[:2]
    assert text[start:start + len(place)] == place
    assert where.dateline_location(text).country == expected[2]


@pytest.mark.parametrize("text", [
    "North Korea vows to support Russia",
    "U.S. - China talks resume",        # an abbreviation, not a dateline
    "Ukraine (AP) - lower case is no dateline",
    "",
])
def test_no_dateline(text):
    assert where.dateline_span(text) is None
    assert where.dateline_location(text) is None


# --- locating events on hand-built Docs --------------------------------------------------


def _places(doc, spans):
    """Places for token spans, resolved with the real gazetteer."""
    gaz = where.Gazetteer.default()
    out = []
    for s, e in spans:
        span = doc[s:e]
        out.append(Place(span.text, span.start_char, span.end_char, gaz.resolve(span.text)))
    return out


@pytest.fixture()
def story():
    # 0 Officials said in Washington that troops moved into Crimea and that Kyiv would help .
    # 16 The ministers met for a conference in Tokyo .
    tokens = [
        ("Officials", 1, "nsubj", "NOUN"), ("said", 1, "ROOT", "VERB"), ("in", 1, "prep", "ADP"),
        ("Washington", 2, "pobj", "PROPN"), ("that", 6, "mark", "SCONJ"), ("troops", 6, "nsubj", "NOUN"),
        ("moved", 1, "ccomp", "VERB"), ("into", 6, "prep", "ADP"), ("Crimea", 7, "pobj", "PROPN"),
        ("and", 1, "cc", "CCONJ"), ("that", 13, "mark", "SCONJ"), ("Kyiv", 13, "nsubj", "PROPN"),
        ("would", 13, "aux", "AUX"), ("help", 1, "ccomp", "VERB"), (".", 1, "punct", "PUNCT"),
        ("The", 16, "det", "DET"), ("ministers", 17, "nsubj", "NOUN"), ("met", 17, "ROOT", "VERB"),
        ("for", 17, "prep", "ADP"), ("a", 20, "det", "DET"), ("conference", 18, "pobj", "NOUN"),
        ("in", 20, "prep", "ADP"), ("Tokyo", 21, "pobj", "PROPN"), (".", 17, "punct", "PUNCT"),
    ]
    return make_doc(tokens, [(3, 4, "GPE"), (8, 9, "GPE"), (11, 12, "GPE"), (22, 23, "GPE")])


@pytest.mark.parametrize("i, root, expected", [
    (6, "15", ("Crimea", "UKR")),         # its own clause: "into Crimea"
    (13, "03", ("Washington", "USA")),    # a statement takes the place of the speech verb
    (1, "01", ("Washington", "USA")),
    (17, "04", ("Tokyo", "JPN")),         # "for a conference in Tokyo"
])
def test_locate_events_by_clause(story, i, root, expected):
    places = _places(story, [(3, 4), (8, 9), (11, 12), (22, 23)])
    event = event_at(story, i, root)
    where.locate_events(story, [event], places)
    assert (event.location.name, event.location.country) == expected


def test_material_event_does_not_take_the_reporting_place():
    # 0 Officials said in Washington that troops moved .
    tokens = [
        ("Officials", 1, "nsubj", "NOUN"), ("said", 1, "ROOT", "VERB"), ("in", 1, "prep", "ADP"),
        ("Washington", 2, "pobj", "PROPN"), ("that", 6, "mark", "SCONJ"), ("troops", 6, "nsubj", "NOUN"),
        ("moved", 1, "ccomp", "VERB"), (".", 1, "punct", "PUNCT"),
    ]
    doc = make_doc(tokens, [(3, 4, "GPE")])
    event = event_at(doc, 6, "15")
    where.locate_events(doc, [event], _places(doc, [(3, 4)]))
    assert event.location is None


def test_country_object_is_an_actor_not_a_place():
    # 0 Russia talked to Ukraine .  -> no location (a country after "to" is the other party)
    tokens = [("Russia", 1, "nsubj", "PROPN"), ("talked", 1, "ROOT", "VERB"), ("to", 1, "prep", "ADP"),
              ("Ukraine", 2, "pobj", "PROPN"), (".", 1, "punct", "PUNCT")]
    doc = make_doc(tokens, [(0, 1, "GPE"), (3, 4, "GPE")])
    event = event_at(doc, 1, "04")
    where.locate_events(doc, [event], _places(doc, [(0, 1), (3, 4)]))
    assert event.location is None


def test_dateline_is_the_fallback(nlp):
    doc = nlp("SEOUL, Dec 7 (Reuters) - The opposition criticised the president.")
    event = event_at(doc, [t.i for t in doc if t.text == "criticised"][0], "11")
    where.locate_events(doc, [event], where.find_places(doc, []))
    assert (event.location.name, event.location.country) == ("Seoul", "KOR")


def test_stale_predicate_never_raises(story):
    event = event_at(story, 1, "01")
    event._predicate_i = 10_000
    where.locate_events(story, [event], [])
    assert event.location is None


# --- properties ---------------------------------------------------------------------------

WORDS = ["Moscow", "Paris", "the", "Kursk", "region", "in", "eastern", "Ukraine", "said", "troops",
         "moved", "into", "Georgia", ",", "Texas", ".", "of", "province", "Gaza", "Strip", "near",
         "WASHINGTON", "—", "\n\n", "Mr.", "O'Brien", "’s", "on", "Friday"]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(WORDS), max_size=25))
def test_place_offsets_inside_text(nlp, words):
    text = " ".join(words)
    for place in where.find_places(nlp(text), []):
        assert 0 <= place.start < place.end <= len(text)
        assert text[place.start:place.end] == place.text
        assert place.location is None or isinstance(place.location, Location)


# --- evaluation of dates and places ----------------------------------------------------------


def _gold_event(src, tgt, root, date=None, country=None, sentence="s"):
    return {"sentence": sentence, "source": {"country": src}, "target": tgt and {"country": tgt},
            "cameo_root": root, "date": date, "location": country and {"name": "x", "country": country}}


def test_match_events_one_to_one_prefers_same_sentence():
    from eventwire.evaluate.whenwhere import match_events

    gold = [_gold_event("RUS", "UKR", "19", sentence="Russia struck Kyiv on Sunday"),
            _gold_event("RUS", "UKR", "19", sentence="Russia shelled Kharkiv"),
            _gold_event("USA", None, "01")]
    pred = [_gold_event("RUS", "UKR", "19", sentence="Russia shelled Kharkiv"),
            _gold_event("RUS", "UKR", "19", sentence="Russia struck Kyiv on Sunday"),
            _gold_event("RUS", "UKR", "19", sentence="extra")]
    assert match_events(gold, pred) == [(0, 1), (1, 0)]


def test_score_counts_only_gold_dates_and_places():
    from eventwire.evaluate.whenwhere import score
    from eventwire.model import Article

    gold = {"events": [_gold_event("RUS", "UKR", "19", "2024-11-01", "UKR"),
                       _gold_event("PRK", "RUS", "04", "2024-10-31", "RUS"),
                       _gold_event("USA", "KOR", "04")]}
    loc = Location("Moscow", "RUS")
    predicted = Article("a", events=[
        Event("s", 0, 1, Actor("Russia", country="RUS"), Actor("Ukraine", country="UKR"), "190", "19", 4, -10.0,
              date=__import__("datetime").date(2024, 11, 1), location=loc),
        Event("s", 0, 1, Actor("N", country="PRK"), Actor("R", country="RUS"), "040", "04", 1, 1.0, location=loc),
        Event("s", 0, 1, Actor("U", country="USA"), Actor("K", country="KOR"), "040", "04", 1, 1.0),
    ])
    result = score([(gold, predicted)])
    assert (result["matched_events"], result["dated"], result["date_correct"]) == (3, 2, 1)
    assert (result["located"], result["location_country_correct"]) == (2, 1)
    assert result["date_accuracy"] == 0.5 and result["location_country_accuracy"] == 0.5


def test_foreign_bureau_dateline_is_not_used(nlp):
    text = "CAIRO — Gunmen attacked a museum in Tunis.\n\nTunisian forces later fought militants in Sousse and Tunis."
    doc = nlp(text)
    event = event_at(doc, [t.i for t in doc if t.text == "forces"][0], "19")
    event._predicate_i = None  # the sentence root
    event.start = text.index("Tunisian")
    event.end = len(text)
    where.locate_events(doc, [event], where.find_places(doc, []))
    assert event.location is not None and event.location.country == "TUN"
    unplaced = Event("x", 0, 5, None, None, "190", "19", 4, -10.0, _predicate_i=[t.i for t in doc if t.text == "Gunmen"][0])
    where.locate_events(doc, [unplaced], [p for p in where.find_places(doc, []) if p.text != "Tunis"])
    assert unplaced.location is None  # the Cairo dateline does not stand in


# --- event location rules: (a) clause, (b) sentence, (c) scene, (d) dateline --------------------


def _event(doc, word, root, source=None, target=None):
    """An event whose predicate is the first token ``word``."""
    i = [t.i for t in doc if t.text == word][0]
    sent = doc[i].sent
    return Event(sent.text, sent.start_char, sent.end_char, source, target, root + "0", root, 1, 1.0, _predicate_i=i)


def _locate(nlp, text, word, root, source=None, target=None):
    doc = nlp(text)
    event = _event(doc, word, root, source, target)
    where.locate_events(doc, [event], where.find_places(doc, []))
    return event.location and (event.location.name, event.location.country)


@pytest.mark.parametrize("text, word, root, expected", [
    # (a) a controlled verb's place is its controller's: "set to move into X"
    ("About 8000 troops are set to move into the Kursk region.", "set", "15", ("Kursk region", "RUS")),
    # (a) a predicate complement is in its copula's clause, which a statement shares with "said"
    ("In Washington, Earnest said the government was willing to assist Tunisia.", "willing", "03",
     ("Washington", "USA")),
    # (a) a possessive place on a site noun places it; on other nouns it is a party
    ("Gunmen opened fire at Tunisia's most famous museum.", "opened", "18", ("Tunisia", "TUN")),
    ("Russia stood by its ally throughout the invasion of Ukraine.", "stood", "05", None),
    # (b) the sentence's only place, in a clause sharing the event's setting
    ("After rebels in Darfur staged an uprising, the army killed thousands of civilians.", "killed", "18",
     ("Darfur", "SDN")),
    ("Clinton ordered a missile strike against a factory in Khartoum.", "ordered", "19", ("Khartoum", "SDN")),
    # (a) "off" a place or "around" a country: the waters there, in no country
    ("China held huge drills around Taiwan on Monday.", "held", "15", ("around Taiwan", None)),
    ("Pirates seized a tanker off Somalia.", "seized", "18", ("off Somalia", None)),
    # (a) a coordinated verb with its own subject is another scene
    ("Troops launched exercises in the Philippines after China held huge drills around Taiwan and a Chinese "
     "vessel collided with a Philippine patrol boat.", "collided", "18", None),
    # (b) never a place of a reported or unrelated clause
    ("Officials in Geneva said that troops attacked the village.", "attacked", "19", None),
    ("Troops shelled the town while officials met in Geneva and Vienna.", "shelled", "19", None),
    ("Syria will not accept more refugees if war starts in Iraq.", "accept", "08", None),  # a condition
    ("Katsav refused to meet King Abdullah in Tel Aviv.", "refused", "12", None),  # not the refusal's place
])
def test_clause_and_sentence_place(nlp, text, word, root, expected):
    assert _locate(nlp, text, word, root) == expected


def test_at_home_is_the_actors_country(nlp):
    text = "Tunisian forces fought gunbattles with jihadists at home."
    assert _locate(nlp, text, "fought", "19", Actor("Tunisian forces", "TUNMIL", "TUN", "MIL")) == ("Tunisia", "TUN")
    assert _locate(nlp, text, "fought", "19") is None  # no actor country: no home to name


CHOE = Actor("Choe Son Hui", "PRKGOV", "PRK", "GOV")
LAVROV = Actor("Sergey Lavrov", "RUSGOV", "RUS", "GOV")


def test_scene_carries_to_the_same_actor(nlp):
    doc = nlp("Choe spoke alongside Lavrov in Moscow on Friday.\n\nLavrov thanked Choe for her support."
              "\n\nPutin praised Choe.")
    spoke = _event(doc, "spoke", "04", CHOE, LAVROV)
    thanked = _event(doc, "thanked", "05", Actor("Lavrov", "RUSGOV", "RUS", "GOV"), CHOE)
    praised = _event(doc, "praised", "05", Actor("Vladimir Putin", "RUSGOV", "RUS", "GOV"), CHOE)
    where.locate_events(doc, [praised, thanked, spoke], where.find_places(doc, []))
    assert spoke.location.name == "Moscow"
    assert thanked.location.name == "Moscow"  # "Lavrov" is the "Sergey Lavrov" who spoke in Moscow
    assert praised.location is None  # Putin was not there; Choe in common as a target is no scene


def test_scene_from_a_lead_sentence_to_the_next_paragraph(nlp):
    doc = nlp("Choe told reporters that Russia would win.\n\nChoe spoke alongside Lavrov in Moscow on Friday."
              "\n\nAnalysts weighed in.\n\nChoe told reporters that talks went well.")
    told, spoke, later = _event(doc, "told", "01", CHOE), _event(doc, "spoke", "04", CHOE, LAVROV), None
    later = Event("x", doc.text.rindex("Choe"), len(doc.text), CHOE, None, "010", "01", 1, 1.0,
                  _predicate_i=[t.i for t in doc if t.text == "told"][1])
    where.locate_events(doc, [told, spoke, later], where.find_places(doc, []))
    assert (told.location.name, spoke.location.name, later.location.name) == ("Moscow", "Moscow", "Moscow")


def test_scene_does_not_carry_from_a_strike_at_a_distance(nlp):
    doc = nlp("Clinton ordered a missile strike against a factory in Khartoum.\n\n"
              "Clinton imposed sanctions on the government.")
    clinton = Actor("Bill Clinton", "USAGOV", "USA", "GOV")
    strike, sanctions = _event(doc, "ordered", "19", clinton), _event(doc, "imposed", "16", clinton)
    where.locate_events(doc, [strike, sanctions], where.find_places(doc, []))
    assert strike.location.name == "Khartoum"
    assert sanctions.location is None  # the one who ordered a strike was not where it hit


def test_joint_dateline_names_no_place():
    text = "BEIRUT/THE HAGUE, March 7 (Reuters) - An Israeli tank crew killed a reporter."
    start, end, place, qualifier = where.dateline_span(text)
    assert (place, text[end:end + 2]) == ("BEIRUT/THE HAGUE", "An")
    assert where.dateline_location(text) is None


def test_region_inside_a_longer_name_is_not_a_place(nlp):
    places = where.find_places(nlp("South Africa and the Council of Europe met in Africa."), [])
    assert [(p.text, p.location.country, p.location.feature) for p in places] == [
        ("South Africa", "ZAF", "country"), ("Africa", None, "region")]


def test_mislabelled_major_place_after_a_preposition():
    # the small model tags "Kyiv" in "an attack on Kyiv" as a person now and then
    tokens = [("Russia", 1, "nsubj", "PROPN"), ("launched", 1, "ROOT", "VERB"), ("an", 3, "det", "DET"),
              ("attack", 1, "dobj", "NOUN"), ("on", 3, "prep", "ADP"), ("Kyiv", 4, "pobj", "PROPN"),
              ("and", 3, "cc", "CCONJ"), ("on", 3, "conj", "ADP"), ("Smith", 7, "pobj", "PROPN"),
              (".", 1, "punct", "PUNCT")]
    doc = make_doc(tokens, [(0, 1, "GPE"), (5, 6, "PERSON"), (8, 9, "PERSON")])
    assert [(p.text, p.location.country) for p in where.find_places(doc, [])] == [("Russia", "RUS"), ("Kyiv", "UKR")]


# --- the gazetteer index ------------------------------------------------------------------------


def test_shipped_index_is_up_to_date():
    import gzip
    import pickle

    with gzip.open(where._data_path(where.INDEX_NAME), "rb") as handle:
        shipped = pickle.load(handle)
    assert shipped["digest"] == where.sources_digest(), "run: python scripts/build_gazetteer.py --index"


def test_packed_index_gives_the_built_candidates(gaz):
    built = where.build_index()
    for name in ["Moscow", "Georgia", "Kiev", "Gaza", "Paris", "Lebanon", "Africa", "U.S."]:
        expected = [(built["entries"][i][5], prior, alias) for i, prior, alias in built["names"][where._norm(name)]]
        assert [(c.location.geonameid, c.prior, c.alias) for c in gaz.candidates(name)] == expected


def test_score_gold_place_in_no_country():
    from eventwire.evaluate.whenwhere import score
    from eventwire.model import Article

    gold = {"events": [_gold_event("CHN", "TWN", "15", country=None) | {"location": {"name": "sea", "country": None}},
                       _gold_event("USA", "PHL", "06", country="PHL")]}
    predicted = Article("a", events=[
        Event("s", 0, 1, Actor("C", country="CHN"), Actor("T", country="TWN"), "150", "15", 4, -7.2),
        Event("s", 0, 1, Actor("U", country="USA"), Actor("P", country="PHL"), "060", "06", 3, 6.0,
              location=Location("Manila", "PHL")),
    ])
    result = score([(gold, predicted)])
    assert (result["located"], result["location_country_correct"], result["location_country_correct_strict"]) == (2, 2, 1)


def test_event_noun_takes_the_place_of_its_verb():
    # 0 Troops launched exercises in Crimea .  (the event is the noun "exercises")
    tokens = [
        ("Troops", 1, "nsubj", "NOUN"), ("launched", 1, "ROOT", "VERB"), ("exercises", 1, "dobj", "NOUN"),
        ("in", 1, "prep", "ADP"), ("Crimea", 3, "pobj", "PROPN"), (".", 1, "punct", "PUNCT"),
    ]
    doc = make_doc(tokens, [(4, 5, "GPE")])
    event = event_at(doc, 2, "06")
    where.locate_events(doc, [event], _places(doc, [(4, 5)]))
    assert (event.location.name, event.location.country) == ("Crimea", "UKR")
