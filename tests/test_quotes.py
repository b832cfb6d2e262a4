"""Quotations and their speakers (eventwire.quotes) and their scoring (eventwire.evaluate.quotes)."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eventwire import nlp as nlp_mod
from eventwire.evaluate import quotes as evaluate
from eventwire.model import Article, Quote
from eventwire.quotes import find_quotes, scan_quotes

FIXTURES = Path(__file__).parent / "fixtures" / "quotes"
CASES = yaml.safe_load((FIXTURES / "cases.yaml").read_text(encoding="utf-8"))
FIELDS = ("kind", "text", "speaker", "speaker_role", "cue", "channel")


@pytest.fixture(scope="session")
def nlp():
    return nlp_mod.load()


def _records(quotes: list[Quote]) -> list[dict]:
    return [{f: getattr(q, f) for f in FIELDS} for q in quotes]


# ----------------------------------------------------------------------------- quote marks


@pytest.mark.parametrize("text, expected", [
    ("She said “we will win” today.", ["we will win"]),
    ('"We will win," she said.', ["We will win"]),
    ("Leader vows ‘total victory’ in war", ["total victory"]),
    ("« Nous vaincrons », a-t-il dit.", ["Nous vaincrons"]),
    ("He called it 'a disgrace' and left.", ["a disgrace"]),
    ("“They called it ‘a farce’ yesterday,” he said.", ["They called it ‘a farce’ yesterday"]),
    ("Russia’s army and the countries’ leaders met in the ’90s to play rock ’n’ roll.", []),
    ("'Twas the night the farmers' market closed.", []),
    ("“The farmers’ union won’t back down,” he said.", ["The farmers’ union won’t back down"]),
    ("The agreement with the “U.S.” was signed.", ["U.S."]),
    ("She vowed to “always stand by our […]\n\nThe next paragraph.", []),
    ("“Wait.” “Stop!” she said.", ["Wait", "Stop!"]),
])
def test_scan_quotes_pairs_marks(text, expected):
    assert [text[s.start:s.end] for s in scan_quotes(text)] == expected


def test_scan_quotes_across_paragraphs_shares_a_chain():
    text = "“First part of it.\n\n“Second part here,” he said. “Another one.”"
    spans = scan_quotes(text)
    assert [text[s.start:s.end] for s in spans] == ["First part of it", "Second part here",
                                                     "Another one"]
    assert spans[0].chain == spans[1].chain != spans[2].chain
    assert spans[0].close_mark is None and spans[1].close_mark is not None


# ----------------------------------------------------------------------------- speakers


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_constructions(nlp, case):
    quotes = find_quotes(nlp(case["text"]), [], None)
    assert _records(quotes) == case["expected"]
    for q in quotes:
        assert case["text"][q.start:q.end] == q.text


def test_article_fixture(nlp):
    raw = (FIXTURES / "article.txt").read_text(encoding="utf-8")
    text = "\n\n".join(" ".join(p.split()) for p in re.split(r"\n\s*\n", raw) if p.strip())
    expected = yaml.safe_load((FIXTURES / "article.expected.yaml").read_text(encoding="utf-8"))
    quotes = [q for q in find_quotes(nlp(text), [], None) if q.kind == "direct"]
    assert [[q.text, q.speaker, q.cue, q.channel] for q in quotes] == expected


def test_speaker_actor_comes_from_the_mentions_when_the_dictionary_has_none(nlp, monkeypatch):
    from eventwire import actors
    from eventwire.model import Actor, ActorMention

    monkeypatch.setattr(actors, "resolve_span", lambda span, dictionary, when: None)
    doc = nlp("“We are ready,” Senator Mark Hill told reporters.")
    hill = next(e for e in doc.ents if e.text == "Mark Hill")
    mention = ActorMention(Actor("Mark Hill", "USALEG", "USA", "LEG"), hill.start_char,
                           hill.end_char, hill.start, hill.end, "person")
    (quote,) = find_quotes(doc, [mention], None)
    assert quote.speaker_actor == Actor("Mark Hill", "USALEG", "USA", "LEG")


def test_speaker_actor_resolves_the_whole_phrase_with_title(nlp, monkeypatch):
    from eventwire import actors
    from eventwire.model import Actor

    seen = []

    def resolve(span, dictionary, when):
        seen.append(span.text)
        return Actor(span.text, "NORGOV", "NOR", "GOV")

    monkeypatch.setattr(actors, "resolve_span", resolve)
    doc = nlp("Finance Minister Lars Holm spoke in Oslo.\n\n“Rates will fall,” the minister said.")
    (quote,) = find_quotes(doc, [], None)
    assert seen == ["Finance Minister Lars Holm"]
    assert quote.speaker_actor.code == "NORGOV"


def test_actor_failures_do_not_stop_quotes(nlp, monkeypatch):
    from eventwire import actors

    def broken(span, dictionary, when):
        raise RuntimeError("dictionary missing")

    monkeypatch.setattr(actors, "resolve_span", broken)
    (quote,) = find_quotes(nlp("“Rates will fall,” said Lars Holm."), [], None)
    assert (quote.speaker, quote.speaker_actor) == ("Lars Holm", None)


def test_empty_and_blank_documents(nlp):
    assert find_quotes(nlp(""), [], None) == []
    assert find_quotes(nlp("   \n\n  "), [], None) == []


# pieces of text rich in quote marks, apostrophes, paragraph breaks and speech words
quote_text = st.lists(
    st.sampled_from(list("ab Z.,:;!?-—\n") + list("\"'“”‘’«»") + [" said ", "He", " she ", "\n\n"]),
    max_size=40,
).map("".join)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=quote_text)
def test_any_text_gives_valid_offsets(nlp, text):
    doc = nlp(text)
    for q in find_quotes(doc, [], None):
        assert 0 <= q.start <= q.end <= len(doc.text)
        assert q.kind in ("direct", "indirect")
        if q.kind == "direct":
            assert doc.text[q.start:q.end] == q.text


@settings(max_examples=200, deadline=None)
@given(text=quote_text)
def test_scan_quotes_offsets(text):
    for span in scan_quotes(text):
        assert 0 <= span.open_mark < span.start < span.end <= len(text)
        assert span.close_mark is None or span.end <= span.close_mark


# ----------------------------------------------------------------------------- evaluation


def _article(*quotes: tuple[str, str | None, str]) -> Article:
    return Article(input="x", quotes=[Quote(kind=k, text=t, speaker=s) for t, s, k in quotes])


def test_score_matches_one_to_one_and_checks_speakers():
    gold = {"id": "a", "quotes": [
        {"text": "We will never give up our land", "speaker": "Anna Berg"},
        {"text": "unacceptable", "speaker": "Israel Defense Forces (IDF)"},
        {"text": "The talks are over", "speaker": "Tom Fischer"},
    ]}
    predicted = _article(
        ("We will never give up our land, ever", "Defence Minister Anna Berg", "direct"),
        ("unacceptable", "the IDF", "direct"),
        ("a scare quote", None, "direct"),
        ("the talks are over", "Tom Fischer", "indirect"),  # indirect: not scored
    )
    result = evaluate.score([(gold, predicted)])
    assert result == {"precision": 0.6667, "recall": 0.6667, "f1": 0.6667, "tp": 2, "fp": 1,
                      "fn": 1, "speaker_accuracy": 1.0, "speaker_right": 2}
    assert evaluate.errors([(gold, predicted)]) == [
        "a MISS  [Tom Fischer] 'The talks are over'",
        "a FALSE [None] 'a scare quote'",
    ]


def test_short_quote_does_not_steal_the_long_quotes_partner():
    gold = {"id": "b", "quotes": [{"text": "likely", "speaker": "TNO"},
                                  {"text": "It is a likely scenario", "speaker": "TNO"}]}
    predicted = _article(("It is a likely scenario", "TNO", "direct"), ("likely", "Reuters", "direct"))
    assert evaluate.match(gold["quotes"], [q.to_dict() for q in predicted.quotes]) == [(0, 1), (1, 0)]
    assert evaluate.errors([(gold, predicted)]) == [
        "b SPEAKER gold='TNO' predicted='Reuters' 'likely'"]


def test_overlap_threshold():
    assert evaluate.overlap("a b c d e", "a b c x y") == 0.6
    assert evaluate.overlap("", "a") == 0.0
    assert evaluate.speaker_right("Sergey Lavrov", "Russian Foreign Minister Sergey Lavrov")
    assert not evaluate.speaker_right("Sergey Lavrov", "Choe Son Hui")


SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "dev" / "news"


@pytest.mark.shared
@pytest.mark.skipif(not (SHARED / "gold.jsonl").exists(), reason="needs ../shared/dev/news")
def test_dev_set_quotes():
    pairs = evaluate.load_pairs(SHARED)
    result = evaluate.score(pairs)
    assert result["f1"] >= 0.9, json.dumps(result)
    assert result["speaker_accuracy"] >= 0.9, json.dumps(result)
    first = next(article for gold, article in pairs if gold["id"] == "000")
    speakers = {q.text: q.speaker for q in first.quotes if q.kind == "direct"}
    assert speakers["always stand firmly by our Russian comrades until victory day"] == "Choe Son Hui"
    assert speakers["Korean friends"] == "Sergey Lavrov"
    assert speakers["principled position on the events that have unfolded in Ukraine"] == "Sergey Lavrov"
    assert any(s == "Volodymyr Zelensky" and t.startswith("If there is nothing")
               for t, s in speakers.items())


def test_title_with_on_is_title_like():
    # "on" must stay a word in cues.yaml (unquoted, YAML reads it as the boolean true)
    from eventwire.quotes import _is_title_like, lexicon

    assert _is_title_like(["War", "on", "Terror"], lexicon())
    assert not _is_title_like(["War", "is", "Terror"], lexicon())
