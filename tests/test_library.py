"""The Python API: extract on text and paths, extract_many in order with reasons, records."""
import datetime as dt
import json

import pytest

import eventwire
from eventwire import InputError

from .conftest import FIXTURES

TEXT = ("Russia attacked Ukraine on Friday.\n\n"
        "Germany condemned the attack and urged Russia to withdraw its troops.")


def test_extract_text_returns_typed_records():
    article = eventwire.extract(TEXT, published="2024-11-01")
    assert isinstance(article, eventwire.Article)
    assert article.published == dt.date(2024, 11, 1) and article.published_source == "given"
    assert article.body == ["Russia attacked Ukraine on Friday.",
                            "Germany condemned the attack and urged Russia to withdraw its troops."]
    attack = next(e for e in article.events if e.cameo_root == "19")
    assert (attack.source.country, attack.target.country) == ("RUS", "UKR")
    assert article.text[attack.start:attack.end] == attack.sentence
    assert attack.date == dt.date(2024, 11, 1)


def test_to_dict_is_the_json_contract():
    record = eventwire.extract(TEXT, published="2024-11-01").to_dict()
    assert json.loads(json.dumps(record)) == record
    assert record["published"] == "2024-11-01"
    event = record["events"][0]
    for key in ("sentence", "start", "end", "source", "target", "cameo_code", "cameo_root", "quad_class",
                "goldstein", "plover", "negated", "hypothetical", "attribution", "date", "location", "coder"):
        assert key in event
    assert not any(key.startswith("_") for key in event)


def test_extract_a_path_and_a_bad_path(tmp_path):
    article = eventwire.extract(FIXTURES / "cli" / "summit.txt")
    assert article.input.endswith("summit.txt")
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    with pytest.raises(InputError) as info:
        eventwire.extract(empty)
    assert (info.value.input, info.value.reason) == (str(empty), "empty file")


def test_extract_many_yields_in_order_with_reasons(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    inputs = [str(FIXTURES / "cli" / "second.txt"), str(empty), str(FIXTURES / "cli" / "summit.txt")]
    outcomes = list(eventwire.extract_many(inputs))
    assert [type(o).__name__ for o in outcomes] == ["Article", "InputError", "Article"]
    assert [o.input for o in outcomes] == inputs


def test_bad_published_date_is_a_clear_error():
    with pytest.raises(eventwire.EventwireError, match="not a date"):
        eventwire.extract(TEXT, published="last Friday")


def test_repr_is_a_summary():
    article = eventwire.extract(TEXT, published="2024-11-01")
    assert repr(article).startswith("Article(input='<text>', title=None, published=2024-11-01, 2 paragraphs, ")
    assert "<table>" in article._repr_html_()
