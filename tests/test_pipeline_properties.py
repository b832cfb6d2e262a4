"""Property tests: the analysis stages never lose a document and keep the output invariants.

Texts come from a small grammar of news sentences (countries, demonyms, capitals, titled people,
speech and action verbs, quotes in every kind of mark, dates, places, lists, stray punctuation,
unicode) and from fully random text. For every outcome we check the output contract: an Article
(never "cannot analyse"/"cannot parse"), offsets inside ``article.text``, quotes, entities, places and event
sentences equal to the text they point at, coherent event codes and dates, JSON-ready
``to_dict()``. HTML input and lone surrogates are covered too.
"""
from __future__ import annotations

import datetime as dt
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eventwire import ontology
from eventwire.errors import InputError
from eventwire.model import Article, RawDocument
from eventwire.pipeline import Options, get_pipeline

SETTINGS = settings(max_examples=80, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                           HealthCheck.function_scoped_fixture])

COUNTRIES = ["Russia", "Ukraine", "China", "the United States", "North Korea", "South Korea", "Iran",
             "Israel", "France", "Germany", "Turkey", "India", "Pakistan", "Brazil", "Peru", "Chile",
             "Côte d'Ivoire", "the Democratic Republic of the Congo", "Japan", "Syria", "Egypt"]
DEMONYMS = ["Russian", "Ukrainian", "Chinese", "American", "North Korean", "Iranian", "Israeli",
            "French", "German", "Turkish", "Indian", "Pakistani", "Brazilian", "Peruvian", "Syrian"]
CAPITALS = ["Moscow", "Kyiv", "Beijing", "Washington", "Pyongyang", "Seoul", "Tehran", "Jerusalem",
            "Paris", "Berlin", "Ankara", "New Delhi", "Islamabad", "Brasília", "Lima", "Santiago"]
TITLES = ["President", "Prime Minister", "Foreign Minister", "Defense Minister", "Gen.", "Sen.",
          "Chancellor", "Secretary of State", "spokeswoman", "Ambassador", "King", "Mr.", "Ms."]
PEOPLE = ["Vladimir Putin", "Volodymyr Zelenskyy", "Xi Jinping", "Joe Biden", "Kim Jong Un",
          "Emmanuel Macron", "Olaf Scholz", "Recep Tayyip Erdoğan", "Narendra Modi", "Elmer Schialer",
          "Maria Zakharova", "Antony Blinken", "Lee", "O'Brien", "Jean-Pierre Dupont"]
GROUPS = ["the government", "police", "rebels", "protesters", "Hamas", "NATO", "the United Nations",
          "the European Union", "the army", "opposition lawmakers", "the ministry", "troops"]
SPEECH = ["said", "told reporters", "stated", "added", "warned", "claimed", "insisted", "wrote"]
ACTIONS = ["met", "attacked", "condemned", "urged", "signed a deal with", "accused", "praised",
           "threatened", "visited", "sanctioned", "negotiated with", "did not attack", "may invade",
           "vowed to punish", "expelled diplomats from", "shelled", "welcomed", "rejected"]
DATES = ["on Friday", "on Monday", "Oct. 21", "on Oct. 21, 2022", "last week", "yesterday",
         "today", "three days ago", "next month", "in 2019", "on 5 March", "earlier this year",
         "on Feb. 30", "in the 1990s", "on 31/12/2024", "late Tuesday", "this weekend", "tomorrow"]
PLACES = ["in Moscow", "near the border", "in eastern Ukraine", "in Gaza", "at the UN headquarters",
          "in Kursk region", "outside Paris", "in the Black Sea", "in São Paulo", "in Springfield",
          "in northern Syria", "along the Line of Control"]
QUOTE_MARKS = [('"', '"'), ("\u201c", "\u201d"), ("'", "'"), ("\u2018", "\u2019"), ("«", "»"),
               ("\u201c", ""), ("", "\u201d"), ('"', ""), ("``", "''"), ("\u201e", "\u201c")]
QUOTE_WORDS = ["We will not back down", "This is unacceptable", "Peace is possible",
               "They 'lied' to us", "We are ready to talk, but not at gunpoint",
               "No comment", "I don't know", "Nobody said 'war'", "\u201cnever\u201d again"]
# (a paragraph ending in "(AP)" is a photo credit for clean.py, so that noise goes inside)
NOISE = ["", "", "", " ...", " --", " [1]", " \u2014", " 🇺🇦", " 😀", "!!", " ;", " :",
         "\u200b", "\u00a0", " \t", "??", " &amp;", " *", " \u202e", " #hashtag", " @user"]

DATE_SOURCES = ("clause", "sentence", "paragraph", "scene", "published", None)

pick = st.sampled_from


@st.composite
def actor(draw) -> str:
    kind = draw(st.integers(0, 4))
    if kind == 0:
        return draw(pick(COUNTRIES))
    if kind == 1:
        return f"{draw(pick(DEMONYMS))} {draw(pick(TITLES))} {draw(pick(PEOPLE))}"
    if kind == 2:
        return f"{draw(pick(TITLES))} {draw(pick(PEOPLE))}"
    if kind == 3:
        return draw(pick(CAPITALS))
    return draw(pick(GROUPS))


@st.composite
def quote(draw) -> str:
    left, right = draw(pick(QUOTE_MARKS))
    return f"{left}{draw(pick(QUOTE_WORDS))}{draw(pick(['', ',', '.', '!', '?']))}{right}"


@st.composite
def sentence(draw) -> str:
    kind = draw(st.integers(0, 8))
    a, b = draw(actor()), draw(actor())
    when = draw(pick(DATES + [""]))
    where = draw(pick(PLACES + [""]))
    if kind == 0:
        text = f"{a} {draw(pick(ACTIONS))} {b} {where} {when}."
    elif kind == 1:
        text = f"{quote_text(draw)} {a} {draw(pick(SPEECH))} {when}."
    elif kind == 2:
        text = f"{a} {draw(pick(SPEECH))}: {quote_text(draw)}"
    elif kind == 3:
        text = f"{a} {draw(pick(SPEECH))} that {b} {draw(pick(ACTIONS))} {draw(actor())} {when}."
    elif kind == 4:  # a list
        items = draw(st.lists(actor(), min_size=2, max_size=6))
        text = f"{', '.join(items[:-1])} and {items[-1]} {draw(pick(ACTIONS))} {b} {where}."
    elif kind == 5:  # a very long run-on sentence
        parts = draw(st.lists(st.tuples(actor(), pick(ACTIONS), actor()), min_size=5, max_size=25))
        text = ", and ".join(f"{x} {v} {y}" for x, v, y in parts) + f" {when}."
    elif kind == 6:  # parentheses and according-to
        text = f"{a} ({b}) {draw(pick(ACTIONS))} {draw(actor())}, according to {b} {where}."
    elif kind == 7:
        text = f"{when.capitalize()}, {a} {draw(pick(ACTIONS))} {b} {where}, {draw(pick(SPEECH))} {b}."
    else:
        text = f"{quote_text(draw)}, {draw(pick(SPEECH))} {a}. {quote_text(draw)}"
    if draw(st.integers(0, 9)) == 0:
        text = text.upper()
    if draw(st.integers(0, 9)) == 0:
        text = f"{draw(pick(CAPITALS)).upper()} (AP) {text}"
    return " ".join(text.split(" ")) + draw(pick(NOISE))


def quote_text(draw) -> str:
    return draw(quote())


@st.composite
def article_text(draw) -> str:
    paragraphs = draw(st.lists(st.lists(sentence(), min_size=1, max_size=4), min_size=1, max_size=6))
    separators = draw(st.lists(pick(["\n\n", "\n", "\n\n\n", "\r\n\r\n", " \n \n", "\n\u2028"]),
                               min_size=len(paragraphs), max_size=len(paragraphs)))
    head = draw(pick(["", "MOSCOW (Reuters) - ", "KYIV, Ukraine (AP) — ", "BREAKING: ",
                      "Advertisement\n\n", "By Jane Doe\n\n"]))
    return head + "".join(" ".join(p) + sep for p, sep in zip(paragraphs, separators))


# every mark, bracket and break the quote and sentence scanners look at, with a few words
SOUP_PIECES = [m for pair in QUOTE_MARKS for m in pair if m] + [
    "(", ")", "[", "]", ":", ",", ".", "?", "!", "\n", "\n\n", " ", " ", " ", "-", "—", "…",
    "said", "says", "told", "according to", "he", "she", "they", "Putin", "Russia", "Moscow",
    "the minister", "on Friday", "Oct. 21", "in Kyiv", "We", "will", "not", "attack", "Mr.", "U.S."]
SOUP = st.lists(st.tuples(st.one_of(pick(SOUP_PIECES + QUOTE_WORDS), sentence()), pick(["", " ", " "])),
                min_size=1, max_size=120).map(lambda pieces: "".join(p + sep for p, sep in pieces))

PUBLISHED = st.one_of(st.none(), st.dates(dt.date(1990, 1, 1), dt.date(2035, 12, 31)),
                      pick([dt.date(1, 1, 1), dt.date(9999, 12, 31), dt.date(2024, 2, 29)]))


@pytest.fixture(scope="module")
def pipeline():
    return get_pipeline(Options())


def run_one(pipeline, text: str, published) -> object:
    raw = RawDocument(input="<prop>", text=text, published=published)
    outcomes = list(pipeline.run([raw]))
    assert len(outcomes) == 1
    return outcomes[0]


def check_article(article: Article) -> None:
    """Every invariant of the output contract that does not depend on the coder's judgement."""
    text = article.text
    n = len(text)
    for ent in article.entities:
        assert 0 <= ent.start < ent.end <= n
        assert text[ent.start:ent.end] == ent.text
    for q in article.quotes:
        assert q.kind in ("direct", "indirect")
        assert 0 <= q.start < q.end <= n, (q.start, q.end, n)
        # every record's text is an exact substring (quotes.py contract), never blank
        assert text[q.start:q.end] == q.text
        assert q.text.strip()
    for ev in article.events:
        assert 0 <= ev.start < ev.end <= n
        assert text[ev.start:ev.end] == ev.sentence
        assert ontology.is_code(ev.cameo_code), ev.cameo_code
        assert ev.cameo_root == ev.cameo_code[:2]
        assert ev.quad_class in (1, 2, 3, 4)
        assert ev.quad_class == ontology.quad_class(ev.cameo_root)
        assert set(ev.plover) == {"event", "mode"}
        assert -10 <= ev.goldstein <= 10
        assert ev.date is None or isinstance(ev.date, dt.date)
        assert ev.date_source in DATE_SOURCES
        # a week, month or year leaves the day unknown, but a day always says where it came from
        assert ev.date is None or ev.date_source is not None
        if ev.date_source == "published":
            assert ev.date == article.published
        if ev.location is not None:
            assert ev.location.lat is None or -90 <= ev.location.lat <= 90
            assert ev.location.lon is None or -180 <= ev.location.lon <= 180
    for place in article.places:
        assert 0 <= place.start < place.end <= n
        assert text[place.start:place.end] == place.text
        if place.location is not None:
            assert place.location.lat is None or -90 <= place.location.lat <= 90
            assert place.location.lon is None or -180 <= place.location.lon <= 180
    json.dumps(article.to_dict())


def check_outcome(outcome) -> None:
    if isinstance(outcome, InputError):
        # refusing an empty or unreadable text is fine; failing inside a stage is a bug
        assert not outcome.reason.startswith(("cannot analyse", "cannot parse")), str(outcome)
        return
    assert isinstance(outcome, Article)
    check_article(outcome)


@SETTINGS
@given(text=article_text(), published=PUBLISHED)
def test_news_like_articles_keep_the_contract(pipeline, text, published):
    outcome = run_one(pipeline, text, published)
    assert isinstance(outcome, Article), str(outcome)
    check_article(outcome)


@SETTINGS
# every code point, lone surrogates included (a str from JSON or surrogateescape can hold them)
@given(text=st.text(st.characters(exclude_categories=()), max_size=400), published=PUBLISHED)
def test_random_text_is_never_lost_in_analysis(pipeline, text, published):
    check_outcome(run_one(pipeline, text, published))


@SETTINGS
@given(paragraphs=st.lists(st.tuples(pick(["p", "div", "h1", "h2", "blockquote", "li", "figcaption", "td",
                                           "q", "span"]), sentence()), min_size=1, max_size=10),
       published=PUBLISHED)
def test_news_like_html_keeps_the_contract(pipeline, paragraphs, published):
    html = "<html><body>" + "".join(f"<{tag}>{text}</{tag}>" for tag, text in paragraphs) + "</body></html>"
    outcomes = list(pipeline.run([RawDocument(input="<prop>", html=html, published=published)]))
    assert len(outcomes) == 1
    check_outcome(outcomes[0])


@SETTINGS
@given(text=st.lists(st.one_of(sentence(), st.text(max_size=40)), min_size=1, max_size=8)
       .map(" ".join), published=PUBLISHED)
def test_news_mixed_with_random_text_keeps_the_contract(pipeline, text, published):
    check_outcome(run_one(pipeline, text, published))


@SETTINGS
@given(text=SOUP, published=PUBLISHED)
def test_quote_mark_soup_keeps_the_contract(pipeline, text, published):
    check_outcome(run_one(pipeline, text, published))
