"""Dates: the relative-date resolver, finding expressions, and dating events by clause."""
from __future__ import annotations

import csv
import datetime as dt
import functools

import pytest
from hypothesis import given, settings, strategies as st
import spacy
from spacy.tokens import Doc

from eventwire import when
from eventwire.model import Event

from .conftest import FIXTURES


def _date(text: str):
    return dt.date.fromisoformat(text) if text else None


DATE_ROWS = list(csv.DictReader((FIXTURES / "dates.csv").open(encoding="utf-8")))


@pytest.mark.parametrize("row", DATE_ROWS, ids=[f"{r['expression']}@{r['published']}" for r in DATE_ROWS])
def test_resolve_table(row):
    found = when.resolve(row["expression"], _date(row["published"]), future=row["future"] == "true")
    assert found is not None
    assert (found.date, found.precision, found.start, found.end) == (
        _date(row["date"]), row["precision"], _date(row["start"]), _date(row["end"]))


@pytest.mark.parametrize("expression, published", [
    ("20 years", dt.date(2024, 11, 1)),      # a duration names no time
    ("48 hours", dt.date(2024, 11, 1)),
    ("on Friday", None),                     # relative, nothing to resolve against
    ("Oct. 21", None),                       # no year, nothing to choose it by
    ("Feb. 30", dt.date(2024, 11, 1)),       # no such day
    ("", dt.date(2024, 11, 1)),
    ("may", dt.date(2024, 11, 1)),           # the verb, not the month
])
def test_resolve_gives_none(expression, published):
    assert when.resolve(expression, published) is None


def test_weekday_across_year_boundary_is_exact():
    # dateparser has been known to put these in the wrong year
    assert when.resolve("on Monday", dt.date(2025, 1, 1)).date == dt.date(2024, 12, 30)
    assert when.resolve("next Wednesday", dt.date(2024, 12, 31)).date == dt.date(2025, 1, 1)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=40), st.one_of(st.none(), st.dates()), st.booleans())
def test_resolve_never_raises(expression, published, future):
    found = when.resolve(expression, published, future)
    assert found is None or found.precision in {"day", "week", "month", "year"}


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(["on Friday", "last Monday", "next Sunday", "two days ago", "yesterday", "Jan. 1", "Dec. 31"]),
       st.dates(min_value=dt.date(1901, 1, 1), max_value=dt.date(2098, 12, 31)), st.booleans())
def test_relative_days_stay_within_a_week_or_a_year(expression, published, future):
    found = when.resolve(expression, published, future)
    assert found is not None and found.precision == "day"
    assert abs((found.date - published).days) <= 366


# --- hand-built Docs: clause attachment without the statistical model -----------------------


@functools.lru_cache(maxsize=1)
def _english_vocab():
    """A vocab with English lexical attributes (``lower_``), as the real pipeline has."""
    return spacy.blank("en").vocab


def make_doc(tokens, ents=()):
    """tokens: (word, head index, dep, pos); ents: (start, end, label). "\\n\\n" tokens break paragraphs."""
    words = [t[0] for t in tokens]
    spaces = [i + 1 < len(words) and words[i + 1] not in {",", ".", "\n\n"} and w != "\n\n" for i, w in enumerate(words)]
    doc = Doc(_english_vocab(), words=words, spaces=spaces, heads=[t[1] for t in tokens], deps=[t[2] for t in tokens],
              pos=[t[3] for t in tokens], sent_starts=None)
    doc.ents = [doc.char_span(doc[s].idx, doc[e - 1].idx + len(doc[e - 1]), label=label) for s, e, label in ents]
    return doc


def event_at(doc, i, root="04"):
    sent = doc[i].sent
    return Event(sent.text, sent.start_char, sent.end_char, None, None, root + "0", root, 1, 1.0, _predicate_i=i)


@pytest.fixture()
def story():
    # 0 Choe spoke in Moscow on Friday , during which she vowed support .
    # 13 Officials said in Kyiv on Thursday that troops shelled Kharkiv on Monday .
    # 27 "\n\n" 28 Lavrov thanked Choe .
    tokens = [
        ("Choe", 1, "nsubj", "PROPN"), ("spoke", 1, "ROOT", "VERB"), ("in", 1, "prep", "ADP"),
        ("Moscow", 2, "pobj", "PROPN"), ("on", 1, "prep", "ADP"), ("Friday", 4, "pobj", "PROPN"),
        (",", 1, "punct", "PUNCT"), ("during", 10, "prep", "ADP"), ("which", 7, "pobj", "PRON"),
        ("she", 10, "nsubj", "PRON"), ("vowed", 1, "advcl", "VERB"), ("support", 10, "dobj", "NOUN"),
        (".", 1, "punct", "PUNCT"),
        ("Officials", 14, "nsubj", "NOUN"), ("said", 14, "ROOT", "VERB"), ("in", 14, "prep", "ADP"),
        ("Kyiv", 15, "pobj", "PROPN"), ("on", 14, "prep", "ADP"), ("Thursday", 17, "pobj", "PROPN"),
        ("that", 22, "mark", "SCONJ"), ("troops", 22, "nsubj", "NOUN"), ("had", 22, "aux", "AUX"),
        ("shelled", 14, "ccomp", "VERB"), ("Kharkiv", 22, "dobj", "PROPN"), ("on", 22, "prep", "ADP"),
        ("Monday", 24, "pobj", "PROPN"), (".", 14, "punct", "PUNCT"),
        ("\n\n", 26, "dep", "SPACE"),
        ("Lavrov", 29, "nsubj", "PROPN"), ("thanked", 29, "ROOT", "VERB"), ("Choe", 29, "dobj", "PROPN"),
        (".", 29, "punct", "PUNCT"),
    ]
    ents = [(3, 4, "GPE"), (5, 6, "DATE"), (16, 17, "GPE"), (18, 19, "DATE"), (23, 24, "GPE"), (25, 26, "DATE")]
    return make_doc(tokens, ents)


PUBLISHED = dt.date(2024, 11, 1)  # a Friday


def test_hand_built_doc_text(story):
    assert story.text.startswith("Choe spoke in Moscow on Friday, during which")
    assert "Monday.\n\nLavrov thanked Choe." in story.text


@pytest.mark.parametrize("i, root, date, source", [
    (1, "04", dt.date(2024, 11, 1), "clause"),     # spoke ... on Friday
    (10, "05", dt.date(2024, 11, 1), "clause"),    # vowed: adverbial clause shares its head's day
    (14, "01", dt.date(2024, 10, 31), "clause"),   # said ... on Thursday
    (22, "19", dt.date(2024, 10, 28), "clause"),   # shelled ... on Monday: its own date, not the report's
    (29, "04", PUBLISHED, "published"),            # new paragraph with no date
])
def test_date_events_by_clause(story, i, root, date, source):
    event = event_at(story, i, root)
    when.date_events(story, [event], PUBLISHED)
    assert (event.date, event.date_source) == (date, source)


def test_sentence_and_paragraph_fallback():
    # 0 Putin met Xi on Tuesday and they talked . 9 Aides smiled .  (one paragraph, two sentences)
    tokens = [
        ("Putin", 1, "nsubj", "PROPN"), ("met", 1, "ROOT", "VERB"), ("Xi", 1, "dobj", "PROPN"),
        ("on", 1, "prep", "ADP"), ("Tuesday", 3, "pobj", "PROPN"), ("and", 1, "cc", "CCONJ"),
        ("they", 7, "nsubj", "PRON"), ("talked", 1, "conj", "VERB"), (".", 1, "punct", "PUNCT"),
        ("Aides", 10, "nsubj", "NOUN"), ("smiled", 10, "ROOT", "VERB"), (".", 10, "punct", "PUNCT"),
    ]
    doc = make_doc(tokens, [(4, 5, "DATE")])
    talked, smiled = event_at(doc, 7), event_at(doc, 10)
    when.date_events(doc, [talked, smiled], PUBLISHED)
    assert (talked.date, talked.date_source) == (dt.date(2024, 10, 29), "clause")  # shared with "met"
    assert (smiled.date, smiled.date_source) == (dt.date(2024, 10, 29), "paragraph")


def test_week_expression_leaves_no_day():
    tokens = [("Troops", 1, "nsubj", "NOUN"), ("attacked", 1, "ROOT", "VERB"), ("last", 3, "amod", "ADJ"),
              ("week", 1, "npadvmod", "NOUN"), (".", 1, "punct", "PUNCT")]
    doc = make_doc(tokens, [(2, 4, "DATE")])
    event = event_at(doc, 1, "19")
    when.date_events(doc, [event], PUBLISHED)
    assert (event.date, event.date_source) == (None, "clause")


def test_no_published_and_only_relative_dates(story):
    event = event_at(story, 1)
    when.date_events(story, [event], None)
    assert (event.date, event.date_source) == (None, None)


def test_predicate_missing_uses_sentence(story):
    sent = story[14].sent
    event = Event(sent.text, sent.start_char, sent.end_char, None, None, "010", "01", 1, 1.0)
    when.date_events(story, [event], PUBLISHED)
    assert (event.date, event.date_source) == (dt.date(2024, 10, 31), "clause")


# --- the pinned spaCy model: finding expressions and their tense --------------------------


@pytest.mark.parametrize("sentence, expected", [
    ("The ministers met on Friday.", dt.date(2024, 11, 1)),
    ("The ministers will meet on Friday.", dt.date(2024, 11, 8)),
    ("The ministers are set to meet on Tuesday.", dt.date(2024, 11, 5)),
    ("The ministers met on Tuesday.", dt.date(2024, 10, 29)),
    ("Talks were held yesterday in Geneva.", dt.date(2024, 10, 31)),
])
def test_find_dates_uses_tense(nlp, sentence, expected):
    found = [m for m in when.find_dates(nlp(sentence), PUBLISHED) if m.resolution.precision == "day"]
    assert [m.resolution.date for m in found] == [expected]


def test_predicate_complement_takes_its_clauses_date(nlp):
    # "willing" is no verb: it is in the clause of "was", which a statement shares with "said"
    doc = nlp("On Friday, Earnest said the government was willing to help.")
    i = [t.text for t in doc].index("willing")
    event = event_at(doc, i, "03")
    when.date_events(doc, [event], PUBLISHED)
    assert (event.date, event.date_source) == (dt.date(2024, 11, 1), "clause")
    material = event_at(doc, i, "19")  # a material event takes the report's date only as the sentence's
    when.date_events(doc, [material], dt.date(2024, 11, 4))
    assert (material.date, material.date_source) == (dt.date(2024, 11, 1), "sentence")


@pytest.mark.parametrize("a, b, same", [
    ("Lavrov", "Sergey Lavrov", True),
    ("Choe", "Choe Son Hui", True),
    ("President Putin", "Vladimir Putin", True),   # titles do not count
    ("North Korean soldiers", "North Korean Foreign Minister Choe", False),  # a group, not a name
    ("President", "President Biden", False),
])
def test_same_actor(a, b, same):
    assert when.same_actor(a, b) is same


def test_scene_date_of_the_same_actor(nlp):
    from eventwire.model import Actor

    blinken = Actor("Antony Blinken", "USAGOV", "USA", "GOV")
    doc = nlp("Blinken met his South Korean counterpart on Thursday in Washington.\n\n"
              "A photo shows the meeting.\n\nThe officials warned that the soldiers were targets.\n\n"
              "Officials warned again.")
    words = [t.text for t in doc]
    met = event_at(doc, words.index("met"), "04")
    met.source = blinken
    warned = event_at(doc, words.index("warned"), "13")
    warned.source = Actor("Blinken", "USAGOV", "USA", "GOV")  # the coder resolved "the officials"
    again = event_at(doc, len(words) - 3, "13")
    again.source = Actor("officials", "GOV", None, "GOV")  # no named actor: no scene
    when.date_events(doc, [warned, again, met], PUBLISHED)
    assert (met.date, met.date_source) == (dt.date(2024, 10, 31), "clause")
    assert (warned.date, warned.date_source) == (dt.date(2024, 10, 31), "scene")
    assert (again.date, again.date_source) == (PUBLISHED, "published")
