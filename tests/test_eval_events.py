"""Scoring of coded events against gold (dev news) and the peer-suite readers."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from eventwire.evaluate import peers
from eventwire.evaluate.events import errors_news, score_news
from eventwire.model import Actor, Article, Event


def _event(src, tgt, root, sentence="S1.", negated=False, hypothetical=False):
    return Event(sentence=sentence, start=0, end=len(sentence),
                 source=Actor(src or "x", src, src), target=Actor(tgt or "y", tgt, tgt) if tgt else None,
                 cameo_code=root + "0", cameo_root=root, quad_class=1, goldstein=0.0,
                 negated=negated, hypothetical=hypothetical)


def _gold(src, tgt, root, sentence="S1."):
    return {"sentence": sentence, "source": {"name": "a", "country": src, "agent": None},
            "target": {"name": "b", "country": tgt, "agent": None} if tgt else None,
            "cameo_root": root, "cameo_code": None}


def test_score_news_matches_one_to_one_and_skips_flagged_events():
    gold = {"id": "t", "events": [_gold("PRK", "RUS", "03"), _gold("PRK", "RUS", "03"), _gold("USA", "PRK", "13")]}
    article = Article(input="t", body=["S1."], events=[
        _event("PRK", "RUS", "03"),               # matches one of the two gold PRK->RUS 03
        _event("USA", "PRK", "11"),               # dyad right, root wrong
        _event("RUS", "PRK", "04"),               # false
        _event("USA", "PRK", "13", negated=True),  # not counted: negated
    ])
    scores = score_news([(gold, article)])
    assert scores["triple"] == {"precision": 0.3333, "recall": 0.3333, "f1": 0.3333, "tp": 1, "gold": 3, "predicted": 3}
    assert scores["dyad"]["tp"] == 2 and scores["root"]["tp"] == 1
    assert scores["articles"] == 1


def test_errors_news_groups_by_cause():
    gold = {"id": "t", "events": [_gold("USA", "PRK", "13")]}
    article = Article(input="t", body=["S1."], events=[_event("USA", "PRK", "11"), _event("RUS", "UKR", "19", sentence="S2.")])
    lines = errors_news([(gold, article)])
    heads = [l for l in lines if l.startswith("==")]
    assert heads == ["== wrong code: 2", "== not a gold event sentence: 1"]
    assert any(l.startswith("MISS [t] USA->PRK root 13") for l in lines)
    assert any(l.startswith("FALSE [t] RUS->UKR root 19") for l in lines)


def test_read_validation_xml(tmp_path):
    xml = tmp_path / "v.xml"
    xml.write_text("""<Validation>
# banner with <angle> text
<Sentences>
<Sentence date="20080804" id="A-1" category="X">
<EventCoding eventcode="042" sourcecode="USA" targetcode="CHNGOV" />
<Text>
The US leader
visited China.
</Text>
<Parse>ignored</Parse>
</Sentence>
<Sentence date="20080805" id="A-2" category="X">
<EventCoding noevents="True" />
<Text>Nothing happened.</Text>
</Sentence>
</Sentences></Validation>""", encoding="utf-8")
    records = peers.read_validation_xml(xml)
    assert [(r["id"], str(r["date"]), r["text"], r["codings"]) for r in records] == [
        ("A-1", "2008-08-04", "The US leader visited China.", [("USA", "CHNGOV", "042")]),
        ("A-2", "2008-08-05", "Nothing happened.", []),
    ]
    assert peers.actor_key("CHNGOV") == "CHN" and peers.actor_key("---") is None


def test_actor_key_compares_country_or_international_prefix():
    from eventwire.model import Actor

    # an expected role without country and a country-less eventwire actor both score as None
    assert peers.actor_key("---GOV") is None
    assert peers._event_actor_key(Actor("rebels", "REB", None, "REB", None)) is None
    assert peers.actor_key("IGOUNO") == "IGO"
    assert peers._event_actor_key(Actor("UN", "IGOUNO", None, "IGO", None)) == "IGO"
    assert peers._event_actor_key(Actor("police", "FRACOP", "FRA", "COP", None)) == "FRA"
    assert peers.actor_key("ARNGOV") == "ARN"


@pytest.mark.shared
def test_dev_news_scores_stay_above_floor(shared):
    import eventwire

    pairs = []
    for line in (shared / "dev" / "news" / "gold.jsonl").read_text(encoding="utf-8").splitlines():
        gold = json.loads(line)
        path = shared / "dev" / "news" / "articles" / f"{gold['id']}.txt"
        pairs.append((gold, eventwire.extract(str(path), published=gold.get("published"))))
    scores = score_news(pairs)
    # floor pinned below the measured figure (0.42 triple / 0.67 root after the modality,
    # speech and event-noun work); raise it as the coder improves
    assert scores["triple"]["f1"] >= 0.39
    assert scores["root"]["f1"] >= 0.62
