"""Actor dictionaries, mention finding and noun-phrase resolution (eventwire.actors)."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from spacy.tokens import Doc
from spacy.vocab import Vocab

from eventwire import actors
from eventwire.actors import ActorDictionary, find_mentions, resolve_reference, resolve_span
from eventwire.errors import DictionaryError

FIXTURES = Path(__file__).parent / "fixtures" / "actors"
SHARED = Path(__file__).resolve().parents[2] / "shared"
DAY = dt.date(2024, 11, 1)


@pytest.fixture(scope="session")
def nlp():
    from eventwire import nlp as nlp_mod

    return nlp_mod.load()


@pytest.fixture(scope="session")
def shipped() -> ActorDictionary:
    return ActorDictionary.default()


def mentions(nlp, text: str, dictionary: ActorDictionary, when: dt.date = DAY) -> list[tuple[str, str, str]]:
    doc = nlp(text)
    return [(doc.text[m.start : m.end], m.actor.code, m.kind) for m in find_mentions(doc, dictionary, when)]


# --- Phoenix format -----------------------------------------------------------------------------


def test_phoenix_actor_file_parses_synonyms_comments_and_date_forms():
    text = (FIXTURES / "mini.actors.txt").read_text(encoding="utf-8")
    entries = {names[0]: (names, codes) for names, codes, _ in actors.parse_phoenix_actors(text, "mini")}
    assert list(entries) == ["ARNOR_", "GONDOR", "GOLLUM", "SAM_GAMGEE", "ELROND_", "TREEBEARD", "WHITE_COUNCIL"]
    assert entries["ARNOR_"][0] == ["ARNOR_", "ARNORIAN", "FORNOST"]
    gollum = entries["GOLLUM"][1]
    assert gollum == [
        actors.CodeSpan("HOB", None, dt.date(1995, 6, 1)),
        actors.CodeSpan("HOBGOV", dt.date(1995, 6, 1), dt.date(1999, 8, 15)),
        actors.CodeSpan("HOBREB", dt.date(1999, 8, 16), None),
    ]
    # two code blocks on the name line; "---" is Phoenix's "do not code"
    assert [c.code for c in entries["ELROND_"][1]] == ["ELFGOV", "ELFELI"]
    assert entries["TREEBEARD"][1] == []


@pytest.mark.parametrize(
    "text, expected",
    [("050201", dt.date(2005, 2, 1)), ("320101", dt.date(1932, 1, 1)), ("19950601", dt.date(1995, 6, 1)),
     ("2024-11-01", dt.date(2024, 11, 1))],
)
def test_phoenix_dates_use_the_tabari_century_rule(text, expected):
    assert actors._parse_date(text, "x") == expected


def test_date_limited_codes_follow_phoenix_semantics():
    dictionary = ActorDictionary()
    dictionary.add_file(FIXTURES / "mini.actors.txt")
    gollum = dictionary.entry_for("Smeagol")
    assert [gollum.code_at(dt.date(y, 1, 1)).code for y in (1990, 1997, 2005)] == ["HOB", "HOBGOV", "HOBREB"]
    sam = dictionary.entry_for("Sam Gamgee")
    # dated codes first; the undated [HOB] applies when no date range holds
    assert sam.code_at(dt.date(2009, 1, 1)).code == "HOBMIL"
    assert sam.code_at(dt.date(2013, 1, 1)).code == "HOBGOV"
    assert sam.code_at(dt.date(2014, 1, 1)).code == "HOB"
    elrond = dictionary.entry_for("Elrond")
    assert elrond.code_at(dt.date(2006, 1, 1)).code == "ELFGOV"
    assert elrond.code_at(dt.date(2012, 1, 1)).code == "ELFELI"
    assert dictionary.entry_for("Treebeard") is None  # no usable code


def test_phoenix_agents_expand_plurals_and_substitution_sets():
    pairs = actors.parse_phoenix_agents((FIXTURES / "mini.agents.txt").read_text(encoding="utf-8"), "mini")
    phrases = {phrase: agent.code for phrase, agent in pairs}
    assert phrases["HOBBIT_GUARDS"] == "MIL"
    assert "POLICES" not in phrases and phrases["POLICE"] == "COP"
    assert phrases["MINISTRIES_OF_SILLY_WALKS"] == "GOV"
    assert phrases["ATTORNEYS_GENERAL"] == "JUD"
    assert [a.prefix for p, a in pairs if p == "WIZARDS_COUNCIL"] == [True]


def test_user_phoenix_files_merge_over_shipped(nlp):
    dictionary = ActorDictionary.load([FIXTURES / "mini.actors.txt", FIXTURES / "mini.agents.txt"])
    assert dictionary.lookup("Minas Tirith", DAY).code == "GON"
    assert dictionary.lookup("Arnorian hobbit guards", DAY).code == "ARNMIL"
    assert dictionary.lookup("Russia", DAY).code == "RUS"  # shipped entries are still there
    # an agent written NGO~ goes before the country code
    assert dictionary.lookup("Gondor wizards council", DAY).code == "NGOGON"


def test_user_csv_and_yaml_dictionaries(nlp):
    dictionary = ActorDictionary.load([FIXTURES / "user.csv", FIXTURES / "user.yaml"])
    assert dictionary.lookup("Jane Roe", dt.date(2021, 6, 1)).code == "RUSGOV"
    assert dictionary.lookup("Roe", dt.date(2023, 6, 1)).code == "RUSBUS"
    assert dictionary.lookup("Gondor Watch", DAY).agent == "NGO"
    ivan = dictionary.lookup("Example", DAY)
    assert (ivan.name, ivan.code, ivan.role) == ("Ivan Example", "UKRMIL", "General")


@pytest.mark.parametrize(
    "name, message",
    [("bad-date.csv", "bad-date.csv:3: bad date '2020-13-45'"),
     ("bad-code.actors.txt", "bad-code.actors.txt:2: unbalanced [ ]"),
     ("bad.yaml", "bad.yaml:3: YAML error: expected ',' or ']'"),
     ("missing.csv", "missing.csv: actor dictionary not found")],
)
def test_malformed_user_dictionaries_name_file_and_line(name, message):
    with pytest.raises(DictionaryError) as info:
        ActorDictionary.load([FIXTURES / name])
    assert message in str(info.value)


def test_compiled_phoenix_matches_the_text_files():
    """The shipped compiled form must be rebuilt (scripts/build_actors.py) when the .txt change."""
    import gzip
    import json

    data_dir = Path(actors.__file__).parent / "data" / "actors"
    fresh = actors.compile_files(
        [data_dir / n for n in actors.PHOENIX_AGENT_FILES], [data_dir / n for n in actors.PHOENIX_ACTOR_FILES]
    )
    with gzip.open(data_dir / actors.PHOENIX_COMPILED, "rt", encoding="utf-8") as handle:
        shipped = json.load(handle)
    assert shipped == json.loads(json.dumps(fresh))


# --- codes --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "code, expected",
    [("USAGOVMIL", ("USA", "GOV", "USAGOVMIL")), ("IGOUNO", (None, "IGO", "IGOUNO")),
     ("KSVGOV", ("XKX", "GOV", "XKXGOV")), ("ELI", (None, "ELI", "ELI")), ("MNCUSAMED", (None, "BUS", "MNCUSAMED")),
     ("PSEREBHMS", ("PSE", "REB", "PSEREBHMS")), ("HOB", ("HOB", None, "HOB"))],
)
def test_split_code(code, expected):
    assert actors.split_code(code) == expected


# --- countries, demonyms, capitals, organisations, roles ---------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("North Korea", "PRK"), ("South Korea", "KOR"), ("the U.S.", "USA"), ("United States", "USA"),
        ("America", "USA"), ("US", "USA"), ("U.K.", "GBR"), ("UAE", "ARE"), ("DPRK", "PRK"), ("ROK", "KOR"),
        ("PRC", "CHN"), ("Kosovo", "XKX"), ("Palestine", "PSE"), ("Gaza", "PSE"), ("Türkiye", "TUR"),
        ("North Korean", "PRK"), ("Ukrainian", "UKR"), ("Emirati", "ARE"), ("Filipino", "PHL"),
        ("Pyongyang", "PRK"), ("Washington", "USA"), ("Beijing", "CHN"), ("Kyiv", "UKR"), ("Kiev", "UKR"),
        ("Moscow", "RUS"),
    ],
)
def test_countries_demonyms_and_capitals(shipped, text, expected):
    assert shipped.lookup(text, DAY).country == expected


@pytest.mark.parametrize(
    "text, code",
    [("NATO", "IGOWSTNAT"), ("the United Nations", "IGOUNO"), ("European Union", "IGOEUREEC"),
     ("African Union", "IGOAFRAFU"), ("ASEAN", "IGOSEAASN"), ("IAEA", "IGOUNOIAE"), ("WHO", "IGOUNOHLHWHO"),
     ("IMF", "IGOBUSIMF"), ("World Bank", "IGOUNODEVWBK"), ("OPEC", "IGOBUSOPC"), ("ICC", "IGOJUDICC"),
     ("OSCE", "IGOEUROSC"), ("G7", "IGOGOS"), ("G20", "IGOBUSGTW")],
)
def test_international_organisations_have_no_country(shipped, text, code):
    actor = shipped.lookup(text, DAY)
    assert (actor.code, actor.country, actor.agent) == (code, None, "IGO")


@pytest.mark.parametrize(
    "text, code",
    [("the Russian Foreign Ministry", "RUSGOV"), ("Korean People's Army personnel", "PRKMIL"),
     ("South Korean counterparts", "KORGOV"), ("North Korean soldiers", "PRKMIL"),
     ("the Ukrainian military", "UKRMIL"), ("Israeli police", "ISRCOP"), ("Palestinian protesters", "PSECVL"),
     ("Russia's Defense Ministry", "RUSGOV"), ("Filipino troops", "PHLMIL"), ("Tunisian security forces", "TUNCOP"),
     ("opposition lawmakers", "LEG"), ("Syrian rebels", "SYRREB"), ("the Moscow Times", "RUSMED"),
     ("Washington Post", "USAMED"),
     # security officials are officials (GOV, as PETRARCH's unit records code them); forces are COP
     ("Tunisian security officials", "TUNGOV"), ("a Tunisian security official", "TUNGOV")],
)
def test_noun_phrases_resolve_country_and_head_agent(nlp, shipped, text, code):
    doc = nlp(text)
    assert resolve_span(doc[:], shipped, DAY).code == code


def test_role_words_only_as_nouns(nlp, shipped):
    found = mentions(nlp, "Troops will police the border. The police said so.", shipped)
    assert found == [("Troops", "MIL", "role"), ("police", "COP", "role")]


# --- people -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name, day, code",
    [("Donald Trump", "2019-06-01", "USAGOV"), ("Donald Trump", "2023-06-01", "USA"),
     ("Donald Trump", "2025-06-01", "USAGOV"), ("Joe Biden", "2022-06-01", "USAGOV"),
     ("Antony Blinken", "2024-11-01", "USAGOV"), ("Antony Blinken", "2025-06-01", "USA"),
     ("Marco Rubio", "2025-06-01", "USAGOV"), ("Pete Hegseth", "2025-06-01", "USAGOVMIL"),
     ("Choe Son Hui", "2023-01-01", "PRKGOV"), ("Sergey Lavrov", "2024-11-01", "RUSGOV"),
     ("Benjamin Netanyahu", "2022-01-01", "ISROPP"), ("Benjamin Netanyahu", "2024-01-01", "ISRGOV"),
     ("Lee Jae-myung", "2024-12-05", "KOROPP"), ("Yahya Sinwar", "2024-01-01", "PSEREB"),
     ("Kaja Kallas", "2025-02-01", "IGOEUREEC")],
)
def test_people_code_with_the_role_valid_on_the_date(shipped, name, day, code):
    assert shipped.lookup(name, dt.date.fromisoformat(day)).code == code


def test_title_and_name_of_a_person_in_no_dictionary(nlp, shipped):
    doc = nlp("French Defence Minister Jean Dupont met Hamas leader Omar Testname in Paris.")
    found = find_mentions(doc, shipped, DAY)
    first, second = found[0], found[1]
    assert (first.actor.name, first.actor.code, first.actor.role, first.kind) == (
        "Jean Dupont", "FRAGOV", "Defence Minister", "person")
    assert (second.actor.name, second.actor.code, second.kind) == ("Omar Testname", "PSEREB", "person")


def test_title_name_and_surname_back_reference(nlp, shipped):
    text = (
        "North Korean Foreign Minister Choe Son Hui met Russian Minister of Foreign Affairs Sergey Lavrov "
        "in Moscow on Friday. Choe and Lavrov avoided the question. Later, Choe spoke."
    )
    found = mentions(nlp, text, shipped)
    assert found == [
        ("North Korean Foreign Minister Choe Son Hui", "PRKGOV", "person"),
        ("Russian Minister of Foreign Affairs Sergey Lavrov", "RUSGOV", "person"),
        ("Moscow", "RUS", "capital"),
        ("Choe", "PRKGOV", "person"),
        ("Lavrov", "RUSGOV", "person"),
        ("Choe", "PRKGOV", "person"),
    ]
    doc = nlp(text)
    choe = find_mentions(doc, shipped, DAY)[3]
    assert (choe.actor.name, choe.actor.role) == ("Choe Son Hui", "Foreign Minister")


def test_surname_resolves_to_unknown_person_named_earlier(nlp, shipped):
    found = find_mentions(nlp("Ruritanian President Karl Testowski spoke. Testowski said it was over."), shipped, DAY)
    # "Ruritanian" is no country: the title alone gives the agent
    assert [(m.actor.name, m.actor.code) for m in found if m.kind == "person"] == [
        ("Karl Testowski", "GOV"),
        ("Karl Testowski", "GOV"),
    ]


# --- ambiguity ----------------------------------------------------------------------------------


def test_country_words_inside_names_and_newspapers(nlp, shipped):
    found = mentions(nlp, "Jordan Peterson read the Washington Post and the Moscow Times in Jordan.", shipped)
    assert found == [("Washington Post", "USAMED", "name"), ("Moscow Times", "RUSMED", "name"), ("Jordan", "JOR", "name")]


def test_pronoun_us_is_not_the_united_states(nlp, shipped):
    assert mentions(nlp, "They told us that the US would help.", shipped) == [("US", "USA", "name")]


def test_korean_alone_needs_context(nlp, shipped):
    assert resolve_span(nlp("Korean People's Army")[:], shipped, DAY).code == "PRKMIL"
    assert resolve_span(nlp("South Korea")[:], shipped, DAY).code == "KOR"


# --- references ---------------------------------------------------------------------------------


def test_resolve_reference_pronouns_and_descriptions(nlp, shipped):
    doc = nlp(
        "North Korean Foreign Minister Choe Son Hui met Russian soldiers. She praised them. "
        "The minister left."
    )
    found = find_mentions(doc, shipped, DAY)
    she = next(t for t in doc if t.text == "She")
    them = next(t for t in doc if t.text == "them")
    minister = next(t for t in doc if t.text == "minister")
    assert resolve_reference(doc, she.i, found).actor.name == "Choe Son Hui"
    assert resolve_reference(doc, them.i, found).actor.code == "RUSMIL"
    assert resolve_reference(doc, minister.i, found).actor.code == "PRKGOV"
    assert resolve_span(doc[she.i : she.i + 1], shipped, DAY).code == "PRKGOV"


# --- hand-built docs: no model needed -----------------------------------------------------------


def test_find_mentions_on_a_hand_built_doc(shipped):
    words = ["Israeli", "police", "detained", "two", "Palestinian", "protesters", "in", "Gaza", "."]
    doc = Doc(Vocab(), words=words)
    found = [(doc.text[m.start : m.end], m.actor.code, m.token_start, m.token_end) for m in find_mentions(doc, shipped, DAY)]
    assert found == [("Israeli police", "ISRCOP", 0, 2), ("Palestinian protesters", "PSECVL", 4, 6), ("Gaza", "PSE", 7, 8)]


def test_mentions_are_sorted_and_do_not_overlap(nlp, shipped):
    doc = nlp((Path(__file__).parent / "fixtures" / "actors" / "article.txt").read_text(encoding="utf-8"))
    found = find_mentions(doc, shipped, DAY)
    assert found
    for before, after in zip(found, found[1:]):
        assert before.token_end <= after.token_start and before.end <= after.start


# --- the PETRARCH validation dictionaries load as user dictionaries ----------------------------


@pytest.mark.shared
@pytest.mark.skipif(not (SHARED / "peer" / "petrarch2").is_dir(), reason="needs ../shared")
def test_petrarch_validation_dictionaries_load():
    peer = SHARED / "peer" / "petrarch2"
    dictionary = ActorDictionary.load([peer / "PETR.Validate.actors.txt", peer / "PETR.Validate.agents.txt"])
    assert dictionary.lookup("Arnor", DAY).code == "ARN"
    assert dictionary.lookup("Smeagol", dt.date(1997, 1, 1)).code == "HOBGOV"
    assert dictionary.lookup("Sam Gamgee", dt.date(2010, 1, 10)).code == "ORCHOB"
    assert dictionary.lookup("Hamas gunmen", DAY).code == "PSEHMSMIL"
    assert dictionary.agent_for("ministries of silly walks").code == "GOV"


def test_person_pronoun_prefers_the_subject_of_its_sentence(nlp, shipped):
    doc = nlp("Choe Son Hui spoke alongside Sergey Lavrov in Moscow, during which she vowed support.")
    found = find_mentions(doc, shipped, DAY)
    she = next(t for t in doc if t.text == "she")
    assert resolve_reference(doc, she.i, found).actor.name == "Choe Son Hui"


def test_person_pronoun_skips_a_person_of_the_other_gender(nlp, shipped):
    doc = nlp("Mr Lavrov met Ms Choe Son Hui. She praised Russia.")
    found = find_mentions(doc, shipped, DAY)
    she = next(t for t in doc if t.text == "She")
    assert resolve_reference(doc, she.i, found).actor.name == "Choe Son Hui"


def test_plural_description_resolves_to_the_set_of_participants(nlp, shipped):
    doc = nlp(
        "U.S. Secretary of State Antony Blinken was joined by his South Korean counterparts on Thursday. "
        "The group of officials warned North Korea."
    )
    found = find_mentions(doc, shipped, DAY)
    group = next(t for t in doc if t.text == "group")
    assert [m.actor.country for m in actors.resolve_references(doc, group.i, found)] == ["USA", "KOR"]


def test_they_after_a_single_actor_is_that_actor(nlp, shipped):
    doc = nlp("Russian soldiers crossed the border. They attacked a village.")
    found = find_mentions(doc, shipped, DAY)
    they = next(t for t in doc if t.text == "They")
    assert [m.actor.code for m in actors.resolve_references(doc, they.i, found)] == ["RUSMIL"]


def test_context_country_same_agent_first_then_the_article_country(nlp, shipped):
    doc = nlp("Tunisian police arrested a man. Police said more arrests would follow.")
    found = find_mentions(doc, shipped, DAY)
    second = [t for t in doc if t.lower_ == "police"][1]
    assert actors.context_country(doc, second.i, found, "COP") == "TUN"
    doc = nlp("Kenya held elections. Kenya's opposition objected. Nairobi was calm. Officials said so.")
    found = find_mentions(doc, shipped, DAY)
    officials = next(t for t in doc if t.text == "Officials")
    assert actors.context_country(doc, officials.i, found, "GOV") == "KEN"
    doc = nlp("Kenya met Uganda. Officials said so.")
    found = find_mentions(doc, shipped, DAY)
    officials = next(t for t in doc if t.text == "Officials")
    assert actors.context_country(doc, officials.i, found, "GOV") is None


def _codes_of(doc, dictionary, text):
    return [m.actor.code for m in find_mentions(doc, dictionary, DAY) if doc.text[m.start:m.end] == text]


@pytest.mark.parametrize(
    "text, short, code",
    [
        # the article's explicit cues decide the short form, the mention with the cue keeps its code
        ("Rebels seized Goma in the Democratic Republic of Congo. Congo accused Rwanda.", "Congo", ["COD"]),
        ("Troops patrolled Kinshasa. Congolese soldiers fled.", "Congolese soldiers", ["CODMIL"]),
        ("Protesters marched in Brazzaville. Congo accused Rwanda.", "Congo", ["COG"]),
        ("Voters lined up in Atlanta. Georgia counted the votes.", "Georgia", ["USA"]),
        ("Protesters marched in Tbilisi. Georgia condemned Russia.", "Georgia", ["GEO"]),
        # no cue, or as many for each reading: the dictionary's code stays
        ("Congo accused Rwanda.", "Congo", ["COG"]),
        ("Kinshasa and Brazzaville face each other. Congo accused Rwanda.", "Congo", ["COG"]),
    ],
)
def test_ambiguous_country_names_follow_the_article(nlp, shipped, text, short, code):
    assert _codes_of(nlp(text), shipped, short) == code


def test_explicit_name_is_not_recoded(nlp, shipped):
    doc = nlp("Brazzaville hosted talks. The Democratic Republic of Congo and Brazzaville agreed.")
    assert _codes_of(doc, shipped, "Democratic Republic of Congo") == ["COD"]


def _it_antecedent(nlp, shipped, text):
    doc = nlp(text)
    found = find_mentions(doc, shipped, DAY)
    it = [t for t in doc if t.text == "It"][-1]
    ref = resolve_reference(doc, it.i, found)
    return ref.actor.code if ref else None


def test_it_after_a_thing_subject_is_no_actor(nlp, shipped):
    # "it" continues the previous sentence's subject, a thing, not the country named before it
    text = ("Kenya criticised Uganda on Monday. A martial law proclamation banned all political activity. "
            "It also ordered striking teachers to return to work.")
    assert _it_antecedent(nlp, shipped, text) is None


def test_it_after_an_actor_subject_still_resolves(nlp, shipped):
    text = "Kenya criticised Uganda on Monday. Kenya banned all rallies. It also ordered striking teachers to return to work."
    assert _it_antecedent(nlp, shipped, text) == "KEN"


@pytest.mark.parametrize(
    "text, expected",
    [
        # a generic institution name ("Senate", a USA entry) owned by another country is that country's
        ("Rwanda's Senate condemned France.", [("Rwanda's Senate", "RWALEG", "description"), ("France", "FRA", "name")]),
        ("The French Senate condemned Iran.", [("French Senate", "FRALEG", "description"), ("Iran", "IRN", "name")]),
        ("The Senate condemned France.", [("Senate", "USAGOVLEG", "name"), ("France", "FRA", "name")]),
    ],
)
def test_generic_institution_takes_the_owning_country(nlp, shipped, text, expected):
    assert mentions(nlp, text, shipped) == expected


# --- lower-case particles, acronyms, organisation coverage --------------------------------------


def test_names_led_by_a_lower_case_particle(nlp, shipped):
    found = mentions(nlp, "Fighters of al-Shabaab and allies of Osama bin Laden's network met.", shipped)
    assert ("al-Shabaab", "SOMREB", "name") in found
    assert ("Osama bin Laden", "IMGMUSALQ", "name") in found
    # a lower-case particle alone, or before a lower-case word, starts no name
    assert mentions(nlp, "He spoke as al fresco diners watched.", shipped) == []


def test_parenthesised_acronym_takes_the_known_full_name(nlp):
    dictionary = ActorDictionary.load([FIXTURES / "acronyms.csv"])
    text = "The Freedom Alliance of Borduria (FAB) rejected the vote. Later the FAB called a strike."
    found = mentions(nlp, text, dictionary)
    assert found == [("Freedom Alliance of Borduria", "BRDOPP", "name"), ("FAB", "BRDOPP", "name"),
                     ("FAB", "BRDOPP", "name")]


def test_parenthesised_acronym_gives_its_code_to_the_full_name(nlp):
    dictionary = ActorDictionary.load([FIXTURES / "acronyms.csv"])
    text = "The Kingdom Patriotic Volunteers (KPV) attacked a convoy."
    assert mentions(nlp, text, dictionary) == [("Kingdom Patriotic Volunteers", "SYLREB", "name"),
                                               ("KPV", "SYLREB", "name")]


def test_parenthesised_acronym_that_the_words_do_not_spell_is_ignored(nlp):
    dictionary = ActorDictionary.load([FIXTURES / "acronyms.csv"])
    text = "The Freedom Alliance of Borduria (XYZ) rejected the vote."
    assert mentions(nlp, text, dictionary) == [("Freedom Alliance of Borduria", "BRDOPP", "name")]


@pytest.mark.parametrize("text, when, code", [
    ("APEC", DAY, "IGOASA"),
    ("European Community", dt.date(1988, 1, 1), "IGOEUREEC"),
    ("ANC", dt.date(1990, 1, 1), "ZAFOPP"),
    ("ANC", dt.date(2010, 1, 1), "ZAFGOV"),
    ("MDC", dt.date(2010, 1, 1), "ZWEGOV"),
    ("MDC", dt.date(2018, 1, 1), "ZWEOPP"),
    ("terror group", DAY, "UAF"),
    ("hackers", DAY, "CRM"),
])
def test_organisation_and_group_coverage(shipped, text, when, code):
    assert shipped.lookup(text, when).code == code
