"""eventwire.clean: boilerplate / captions / title / teaser rules, dates, language, invariants."""
from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from eventwire.clean import clean, clean_text, infer_published, normalise, split_paragraphs
from eventwire.errors import InputError
from eventwire.ingest.language import detect_language, non_english_reason
from eventwire.model import RawDocument

FIXTURES = Path(__file__).parent / "fixtures" / "clean"
LEAD = "The foreign ministers of Chile and Peru met in Lima on Tuesday to discuss a new border treaty."


def kinds(text: str) -> dict[str, list[str]]:
    out = clean_text(text)
    return {"title": out.title, "body": out.body, "captions": out.captions, "boilerplate": out.boilerplate}


# ---------------------------------------------------------------------------- whole articles


@pytest.mark.parametrize("name", sorted(p.stem for p in FIXTURES.glob("*.txt")))
def test_fixture_articles(name):
    expected = json.loads((FIXTURES / f"{name}.expected.json").read_text(encoding="utf-8"))
    got = kinds((FIXTURES / f"{name}.txt").read_text(encoding="utf-8"))
    assert got == expected


# ---------------------------------------------------------------------------- single rules

BOILERPLATE_LINES = [
    # share buttons, several outlets
    "Share this article:", "Share on Facebook", "Share on X", "Tweet", "Tweet this", "Facebook", "Twitter",
    "WhatsApp", "Email", "E-mail", "Copy link", "Link copied", "Print", "LinkedIn", "Facebook Twitter Email",
    "Facebook | Twitter | WhatsApp", "Tweet about this on Twitter", "Share via Email", "Gift this article",
    "Save article", "Listen to this article (4 min)", "3 min read", "12 Comments", "Follow us on Twitter",
    "Follow Reuters on X for breaking news",
    # inserts
    "See also Comcast moving forward with spinoff", "See also: Markets rally after the vote",
    "Related: Iran says talks will resume", "RELATED: Iran says talks will resume", "RELATED",
    "Read more: What the ceasefire means", "READ MORE: What the ceasefire means", "Read more:",
    "MORE: Three things to know", "Watch: Protesters march in Tbilisi", "Map: Where the drones struck",
    "[Read: Why the talks collapsed]", "[Video: the summit in 60 seconds]", "Related Topics",
    "More from Foreign Policy:", "Recommended", "Most read",
    # notices
    "CLICK HERE TO READ MORE FROM THE WASHINGTON EXAMINER", "Click here to get the app",
    "To read the full report, click here.", "Continue reading the main story",
    "Story continues below advertisement", "Skip advertisement", "ADVERTISEMENT",
    "Advertisement - Scroll to continue", "Supported by",
    "Sign up for our newsletter", "Sign up for the Morning Brief newsletter to get the news in your inbox.",
    "Subscribe to our daily briefing email", "Get daily National news",
    "Thank you for signing up!", "Already a subscriber? Log in",
    "We use cookies to give you the best experience on our website.",
    "This site uses cookies. By continuing to browse the site you are agreeing to our use of cookies.",
    "Accept all cookies", "Please enable JavaScript to view this content",
    "This story has been updated with comment from the ministry.",
    "Editor's note: This article was first published in 2023.",
    # syndication and credits
    "This article originally appeared on The Conversation.",
    "This story was originally published by ProPublica.", "© 2024 Reuters", "(c) 2024 Agence France-Presse",
    "Copyright 2024 The Associated Press. All rights reserved.",
    "Reporting by Jane Doe in Kyiv; Editing by John Roe", "Additional reporting by Ana Lima in Brasilia",
    "Writing by Tom Balmforth; Editing by Andrew Osborn", "Our Standards: The Thomson Reuters Trust Principles.",
    "Heba Habib contributed to this report.", "With files from The Associated Press",
    "Source: Reuters", "With AFP",
    "Associated Press writers Sam Mednick in Dakar and Edith Lederer at the United Nations contributed.",
    "By Reuters", "By The Associated Press", "By Sarah Johnson, Foreign Correspondent",
    "Published 3:45 PM EST, Fri November 1, 2024", "Updated: 2024-11-01 10:32",
    # labels
    "News", "World", "Politics", "US", "U.S.", "Middle East", "Advertisement", "Opinion", "Analysis",
    "Photo", "Video", "Breaking News", "Live Updates",
]


@pytest.mark.parametrize("line", BOILERPLATE_LINES)
def test_boilerplate_lines_are_removed(line):
    out = clean_text(f"{LEAD}\n\n{line}\n\n{LEAD.replace('Tuesday', 'Wednesday')}")
    assert out.boilerplate == [line]
    assert line not in out.body


CAPTION_LINES = [
    "In this photo released by the Kremlin press service on Nov. 1, 2024, Vladimir Putin meets envoys. "
    "(Kremlin Press Service via AP)",
    "In this handout photo provided by the Israeli army, troops operate in Gaza.",
    "This photo provided by the Ukrainian Emergency Service shows firefighters at a damaged building.",
    "FILE - President Lula da Silva speaks in Brasilia, Brazil, March 3, 2024. (AP Photo/Eraldo Peres, File)",
    "Photo: Soldiers patrol the border near Rafah.",
    "Photo: AFP",
    "Image caption, Protesters gathered outside parliament in Tbilisi",
    "Image source, Getty Images",
    "Protesters clash with police in Nairobi on Tuesday. (Reuters)",
    "Israeli Prime Minister Benjamin Netanyahu reacts in Jerusalem on March 18. (Thomas Coex/AFP/Getty Images)",
    "An image of President Yoon is raised during a rally in Seoul on Thursday.Anthony Wallace / AFP - Getty Images",
    "Protesters scuffle with police officers in Seoul on Friday. Ezra Acayan / Getty Images",
    "Peacekeepers at a camp in Sudan on Monday. Credit Ashraf Shazly/Agence France-Presse — Getty Images",
    "Getty Images",
    "AFP via Getty Images",
    "(AP Photo/Evan Vucci)",
    "Photograph: Sergei Bobylev/TASS",
    "Residents walk past rubble in Kharkiv. Photo by Sofiia Gatilova/Reuters",
]


@pytest.mark.parametrize("line", CAPTION_LINES)
def test_captions_are_moved(line):
    out = clean_text(f"{LEAD}\n\n{line}\n\n{LEAD.replace('Tuesday', 'Wednesday')}")
    assert out.captions == [line]
    assert out.boilerplate == []


BODY_LINES = [
    "More than 200 people were killed in the attack, officials said.",
    "Share prices in Tokyo fell sharply after the announcement.",
    "Russia said it would share intelligence with its allies.",
    "By Friday, the army had withdrawn from the town.",
    "Reuters could not independently verify the report.",
    "The minister said the photo had been taken in Kyiv.",
    "Related talks in Geneva ended without agreement on Monday.",
    "Email records released by the ministry showed the deal had been agreed in March.",
    "World leaders gathered in New York for the General Assembly.",
    "“We will not accept this,” the president said in a statement posted on Twitter.",
    "The Associated Press contributed funding to the study, the foundation said.",
    "IDENTIFIED AS PRESS",
    "Ukraine struggles to down all ballistic missiles",
    "Published in 2019, the report was largely ignored by the government.",
    "Watch the full interview on the ministry's website, the spokesman said.",
    "Police said they used tear gas (AP reported) to disperse the crowd.",
]


@pytest.mark.parametrize("line", BODY_LINES)
def test_body_lines_are_kept(line):
    out = clean_text(f"{LEAD}\n\n{line}\n\n{LEAD.replace('Tuesday', 'Wednesday')}")
    assert out.body[1] == line
    assert out.boilerplate == [] and out.captions == []


# ---------------------------------------------------------------------------- teaser and title


@pytest.mark.parametrize("ending", [" […]", " [...]", "…", "...", ""])
def test_teaser_repeating_the_lead_is_dropped(ending):
    teaser = "Chile and Peru signed a border treaty on Tuesday, ending a dispute that had soured"
    first = "Chile and Peru signed a border treaty on Tuesday, ending a dispute that had soured relations."
    out = clean_text(f"{teaser}{ending}\n\n{first}\n\nThe treaty takes effect in May.")
    assert out.body == [first, "The treaty takes effect in May."]
    assert out.boilerplate == [f"{teaser}{ending}"]


def test_teaser_spanning_two_paragraphs_is_dropped():
    teaser = "Chile and Peru signed a border treaty on Tuesday. The foreign ministers said the deal […]"
    text = (f"{teaser}\n\nChile and Peru signed a border treaty on Tuesday.\n\n"
            "The foreign ministers said the deal would open two crossings.")
    assert clean_text(text).boilerplate == [teaser]


def test_short_repeated_paragraph_is_not_a_teaser():
    text = "He said no.\n\nHe said no. Then he left the room.\n\nThe talks ended."
    assert clean_text(text).boilerplate == []


def test_later_repetition_is_not_a_teaser():
    text = (f"{LEAD}\n\nThe talks ended.\n\nSecond.\n\nThird.\n\nFourth.\n\n"
            f"{LEAD[:60]}…\n\n{LEAD}")
    assert clean_text(text).boilerplate == []


def test_headline_becomes_title_when_none_is_known():
    out = clean_text(f"News\n\nPeru and Chile sign treaty\n\n{LEAD}")
    assert (out.title, out.body, out.boilerplate) == ("Peru and Chile sign treaty", [LEAD], ["News"])


def test_question_headline_becomes_title():
    assert clean_text(f"What's next for the treaty?\n\n{LEAD}").title == "What's next for the treaty?"


def test_first_sentence_is_not_a_title():
    out = clean_text(f"{LEAD}\n\nThe talks ended.")
    assert out.title is None and out.body == [LEAD, "The talks ended."]


def test_known_title_copy_is_dropped_from_body():
    raw = RawDocument(input="x", text=f"Peru and Chile sign treaty\n\n{LEAD}",
                      title="Peru and Chile sign treaty | The Daily Ledger")
    article = clean(raw)
    assert article.title == "Peru and Chile sign treaty | The Daily Ledger"
    assert article.body == [LEAD]


def test_known_title_keeps_a_different_first_line():
    raw = RawDocument(input="x", text=f"Border deal in sight\n\n{LEAD}", title="Peru and Chile sign treaty")
    assert clean(raw).body == ["Border deal in sight", LEAD]


# ---------------------------------------------------------------------------- paragraphs


def test_paragraphs_are_whitespace_normalised():
    text = "  Peru\u00a0and  Chile\tsigned a treaty.  \r\n\r\nVladi\u00admir Putin\u200b was not there. "
    assert split_paragraphs(text) == ["Peru and Chile signed a treaty.", "Vladimir Putin was not there."]


def test_surrogates_are_repaired_so_the_text_can_be_parsed():
    # a str may hold UTF-16 surrogates (JSON "\\ud83d\\ude00", surrogateescape); spaCy refuses them
    text = "Kyiv \ud83c\uddfa\ud83c\udde6 was shelled.\ud800\n\nLone \udfff mark."
    assert split_paragraphs(text) == ["Kyiv \U0001f1fa\U0001f1e6 was shelled.\ufffd", "Lone \ufffd mark."]
    assert clean(RawDocument(input="t", text="\ud800 Peru and Chile signed a border treaty on Monday.")).body == [
        "\ufffd Peru and Chile signed a border treaty on Monday."]


def test_lines_of_a_block_are_separate_paragraphs_unless_hard_wrapped():
    assert split_paragraphs("Share this article:\nFacebook\nTwitter") == ["Share this article:", "Facebook",
                                                                         "Twitter"]
    wrapped = ("The defence ministers of France and Germany agreed on Monday to\n"
               "build a new tank together, officials in Paris said, after years of\n"
               "delays.\n"
               "- first item")
    assert split_paragraphs(wrapped) == [
        "The defence ministers of France and Germany agreed on Monday to build a new tank together, "
        "officials in Paris said, after years of delays.", "- first item"]


def test_nothing_left_raises_input_error():
    with pytest.raises(InputError) as info:
        clean(RawDocument(input="a.txt", text="Share this article:\nFacebook\nTwitter\n\nAdvertisement"))
    assert info.value.reason == "no article text left after cleaning"


def test_html_raw_document_is_extracted():
    html = ("<html><head><title>Peru and Chile sign treaty</title></head><body><nav>Home | World</nav>"
            f"<article><h1>Peru and Chile sign treaty</h1><p>{LEAD}</p><p>The treaty takes effect in May, "
            "the two governments said in a joint statement issued in Lima.</p></article>"
            "<footer>© 2024 The Daily Ledger</footer></body></html>")
    article = clean(RawDocument(input="page", html=html))
    assert article.title == "Peru and Chile sign treaty"
    assert article.body == [LEAD, "The treaty takes effect in May, the two governments said in a joint "
                                  "statement issued in Lima."]


# ---------------------------------------------------------------------------- published date

TODAY = dt.date(2025, 6, 1)


@pytest.mark.parametrize("paragraphs, expected", [
    (["In this photo released on Nov. 1, 2024, the ministers meet.", "Troops trained on Oct. 2, 2024."],
     dt.date(2024, 11, 1)),
    (["The summit opened on 3 March 2025 in Addis Ababa."], dt.date(2025, 3, 3)),
    (["The decree, dated March 3rd, 2025, was published."], dt.date(2025, 3, 3)),
    (["The ministry released the figures (2025-02-14)."], dt.date(2025, 2, 14)),
    (["The ceasefire holds until Dec. 5, 2024, officials said on Nov. 2, 2024."], dt.date(2024, 11, 2)),
    (["Leaders will meet in Geneva on Jan. 20, 2025.", "They spoke on Jan. 10, 2025."], dt.date(2025, 1, 10)),
    (["The ministry said on Jan. 12, 2025 that talks will resume."], dt.date(2025, 1, 12)),
    (["Elections are scheduled for Oct. 5, 2025.", "The vote was called on May 2, 2025."],
     dt.date(2025, 5, 2)),
    (["The deal must be signed by May 30, 2025."], None),
    (["A statement on July 4, 2026 is not possible yet."], None),
    (["The attack happened on Friday, March 7.", "In 1997, the embargo began."], None),
    (["On Feb. 30, 2024 nothing happened."], None),
])
def test_inferred_published_date(paragraphs, expected):
    assert infer_published(paragraphs, today=TODAY) == expected


def test_published_line_wins_over_dates_in_the_text():
    assert infer_published(["Talks began on Jan. 3, 2025."], ["Published January 2, 2025"],
                           today=TODAY) == dt.date(2025, 1, 2)


def test_file_photo_captions_do_not_date_the_article():
    text = (f"{LEAD}\n\nFILE - Troops parade in Pyongyang, Feb. 8, 2025. (AP Photo/Jon Chol Jin, File)\n\n"
            "In this photo taken on Jan. 20, 2025, the ministers meet. (AP Photo/Jane Doe)")
    article = clean(RawDocument(input="x", text=text))
    assert (article.published, article.published_source) == (dt.date(2025, 1, 20), "inferred")


def test_published_date_sources():
    text = f"{LEAD}\n\nIn this photo taken on Nov. 1, 2024, ministers meet. (AP Photo/Jane Doe)"
    given = clean(RawDocument(input="x", text=text, published=dt.date(2024, 1, 1),
                              given_published=dt.date(2024, 2, 2)))
    meta = clean(RawDocument(input="x", text=text, published=dt.date(2024, 1, 1)))
    inferred = clean(RawDocument(input="x", text=text))
    none = clean(RawDocument(input="x", text=LEAD))
    assert (given.published, given.published_source) == (dt.date(2024, 2, 2), "given")
    assert (meta.published, meta.published_source) == (dt.date(2024, 1, 1), "metadata")
    assert (inferred.published, inferred.published_source) == (dt.date(2024, 11, 1), "inferred")
    assert (none.published, none.published_source) == (None, None)


# ---------------------------------------------------------------------------- language

GERMAN = ("Die Außenminister der beiden Länder haben sich am Dienstag in Berlin getroffen, um über "
          "die Lage an der Grenze zu sprechen. Es wurde nicht mitgeteilt, ob eine Einigung erzielt wurde.")
FRENCH = ("Le ministre des Affaires étrangères a déclaré mardi que la France ne reconnaîtrait pas le "
          "résultat des élections, et il a demandé une enquête internationale sur les fraudes.")
SPANISH = ("El presidente de Colombia dijo el martes que su gobierno no aceptará las condiciones de los "
           "rebeldes, y pidió a la comunidad internacional que apoye el proceso de paz.")
RUSSIAN = "Министр иностранных дел России заявил во вторник, что Москва не примет новые санкции."
ENGLISH_WITH_QUOTE = (f"{LEAD} The German minister said the talks were “ein guter Anfang”, "
                      "which he translated as a good start, and he thanked his hosts for the invitation.")


@pytest.mark.parametrize("text, expected", [
    (LEAD * 2, "en"), (ENGLISH_WITH_QUOTE, "en"), (GERMAN, "de"), (FRENCH, "fr"), (SPANISH, "es"),
    (RUSSIAN, "ru"), ("Too short.", None), ("", None),
])
def test_detect_language(text, expected):
    assert detect_language(text) == expected


def test_all_caps_english_with_quotes_is_english():
    # "i" is a Polish word too; English needs "on" in its list (YAML once read it as true)
    text = '"I DON\'T KNOW" RUSSIA SAID ON FRIDAY. "I DON\'T KNOW" RUSSIA TOLD REPORTERS ON FRIDAY.'
    assert detect_language(text) == "en"


@pytest.mark.parametrize("name", ["language/stopwords.yaml", "clean/dates.yaml", "quotes/cues.yaml"])
def test_word_lists_hold_no_yaml_booleans(name):
    # unquoted on / off / yes / no are booleans in YAML: the word would silently be "true"
    import yaml
    from importlib import resources

    data = yaml.safe_load((resources.files("eventwire") / "data" / name).read_text(encoding="utf-8"))
    lists = [v for v in data.values() if isinstance(v, list)]
    lists += [v for d in data.values() if isinstance(d, dict) for v in d.values() if isinstance(v, list)]
    assert lists and not [w for words in lists for w in words if isinstance(w, bool)]


def test_yaml_keywords_are_kept_as_words():
    from eventwire.clean import _dates_data
    from eventwire.ingest.language import stopwords

    assert "on" in stopwords()["en"] and "no" in stopwords()["pt"]
    assert "no" in _dates_data()["abbreviations"]


def test_non_english_article_is_refused_with_a_reason():
    assert non_english_reason(LEAD * 2) is None
    with pytest.raises(InputError) as info:
        clean(RawDocument(input="de.txt", text=GERMAN))
    assert info.value.reason == "language appears to be 'de', not English (skipped)"


def test_language_is_recorded_and_check_can_be_switched_off():
    assert clean(RawDocument(input="x", text=LEAD * 2)).language == "en"
    assert clean(RawDocument(input="x", text=GERMAN), english_only=False).language == "de"


def test_text_too_long_for_one_article_is_refused():
    with pytest.raises(InputError) as info:
        clean(RawDocument(input="big.txt", text="word " * 700_000))
    assert info.value.reason == "more than 20000 lines (not a single article?)" or \
        info.value.reason.startswith("text longer than")


# ---------------------------------------------------------------------------- invariants

LINES = st.sampled_from(BOILERPLATE_LINES + CAPTION_LINES + BODY_LINES + [
    LEAD, LEAD[:50] + " […]", "Peru and Chile sign treaty", "", " ", "\t", "Stella Kim",
    "Stella Kim is a reporter for The Daily Ledger.", "Read more:", "A link headline",
])
SEPARATORS = st.sampled_from(["\n", "\n\n", "\n \n", "\r\n", "\n\n\n"])
ARTICLES = st.lists(st.tuples(LINES, SEPARATORS), max_size=25).map(lambda xs: "".join(a + b for a, b in xs))
TEXTS = st.one_of(ARTICLES, st.text(max_size=400), st.text(alphabet=" \n\t.\u00ad\u00a0[]…ab", max_size=80))


def words(*parts) -> Counter:
    return Counter(w for part in parts for w in normalise(part or "").split())


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXTS)
def test_clean_never_raises_anything_but_input_error(text):
    try:
        article = clean(RawDocument(input="x", text=text))
    except InputError:
        return
    assert article.body


@settings(max_examples=300, deadline=None)
@given(TEXTS)
def test_every_word_lands_in_exactly_one_place(text):
    out = clean_text(text)
    assert words(text) == words(out.title, *out.body, *out.captions, *out.boilerplate)


@settings(max_examples=300, deadline=None)
@given(TEXTS)
def test_cleaning_is_idempotent(text):
    first = clean_text(text)
    again = clean_text("\n\n".join(first.body), first.title)
    assert (again.body, again.captions, again.boilerplate) == (first.body, [], [])


# ---------------------------------------------------------------------------- the starting article


@pytest.mark.shared
def test_starting_article_000(shared):
    from eventwire.ingest import read_paths

    raw = next(read_paths([str(shared / "dev/news/articles/000.txt")]))
    article = clean(raw)
    assert article.title.startswith("North Korea vows to support Russia")
    assert article.published == dt.date(2024, 11, 1) and article.published_source == "inferred"
    assert len(article.captions) == 3 and all(c.startswith("In this photo") for c in article.captions)
    assert len(article.body) == 11 and len(set(article.body)) == 11
    assert article.body[0].startswith("North Korean Foreign Minister Choe Son Hui told the Russian press")
    assert article.body[-1].startswith("“If there is nothing")
    text = article.text
    for junk in ("Share", "Facebook", "See also", "CLICK HERE", "[…]", "Tweet"):
        assert junk not in text
    assert article.boilerplate[0] == "News"
