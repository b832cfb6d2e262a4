"""The DuckDB store: round trips, identity, migrations, locking, filters, paging, exports, CLI."""
from __future__ import annotations

import csv
import dataclasses
import io
import itertools
import json
import subprocess
import sys
import textwrap

import duckdb
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from eventwire.errors import StoreError
from eventwire.model import Actor, Article, Event, Location
from eventwire.store import (EventFilter, FilterError, Store, actors, document_key, dyad, export,
                             get_event, migrate, query_events, schema_version, stats)
from eventwire.store.export import GDELT_COLUMNS
from eventwire.store.sample import sample_articles, synthetic_article
from eventwire.store.schema import SCHEMA_VERSION


@pytest.fixture(scope="module")
def con(db):
    store = Store(db, read_only=True)
    yield store.cursor()
    store.close()


def _contract(stored: dict) -> dict:
    """A stored article back in the contract's shape (store-only keys removed)."""
    out = {k: v for k, v in stored.items() if k not in ("id", "doc_key", "ingested_at")}
    out["events"] = [{k: v for k, v in e.items() if k not in ("id", "article_id", "paragraph")}
                     for e in out["events"]]
    out["quotes"] = [{k: v for k, v in q.items() if k != "id"} for q in out["quotes"]]
    return out


# ------------------------------------------------------------------ writing and reading back


@pytest.mark.parametrize("index", range(4))
def test_round_trip_gives_back_the_contract(tmp_path, index):
    article = sample_articles()[index]
    with Store(str(tmp_path / "t.duckdb")) as store:
        article_id = store.add_article(article)
        assert _contract(store.article(article_id)) == article.to_dict()


_text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)
_actor = st.one_of(st.none(), st.builds(Actor, name=_text, code=st.sampled_from([None, "RUS", "PRKGOV"]),
                                        country=st.sampled_from([None, "RUS"]), agent=st.none(), role=st.none()))


@st.composite
def _articles(draw):
    body = draw(st.lists(_text.filter(bool), min_size=1, max_size=4))
    text = "\n\n".join(body)
    events = []
    for _ in range(draw(st.integers(0, 3))):
        start = draw(st.integers(0, len(text)))
        end = draw(st.integers(start, len(text)))
        events.append(Event(
            sentence=text[start:end], start=start, end=end, source=draw(_actor), target=draw(_actor),
            cameo_code="190", cameo_root="19", quad_class=4, goldstein=draw(st.floats(-10, 10)),
            negated=draw(st.booleans()), date=draw(st.one_of(st.none(), st.dates())),
            location=draw(st.one_of(st.none(), st.builds(Location, name=_text, lat=st.none(), lon=st.none()))),
            attribution=draw(st.one_of(st.none(), _text))))
    return Article(input=draw(_text), title=draw(st.one_of(st.none(), _text)), body=body,
                   published=draw(st.one_of(st.none(), st.dates())), events=events,
                   captions=draw(st.lists(_text, max_size=2)))


_KEYS = itertools.count()


@pytest.fixture(scope="module")
def shared_store(tmp_path_factory):
    with Store(str(tmp_path_factory.mktemp("rt") / "t.duckdb")) as store:
        yield store


@settings(max_examples=40, deadline=None)
@given(article=_articles())
def test_round_trip_any_article(shared_store, article):
    article.url = f"https://example.org/{next(_KEYS)}"  # a fresh identity for every example
    article_id = shared_store.add_article(article)
    assert _contract(shared_store.article(article_id)) == article.to_dict()
    assert shared_store.integrity_problems() == []


def test_fields_added_to_the_model_are_kept(tmp_path):
    data = sample_articles()[0].to_dict()
    data["sentiment"] = {"tone": -1.5}
    data["events"][0]["intensity"] = 3
    with Store(str(tmp_path / "t.duckdb")) as store:
        stored = store.article(store.add_article(data))
    assert stored["sentiment"] == {"tone": -1.5}
    assert stored["events"][0]["intensity"] == 3


def test_event_records_coder_offsets_article_and_paragraph(con):
    found = get_event(con, 2)
    event = found["event"]
    assert (event["article_id"], event["coder"], event["paragraph"]) == (1, "eventwire.rules.v2", 1)
    assert found["paragraph"]["text"][event["start"] - found["paragraph"]["start"]:][:20] == "\u201cOur friendship is i"
    assert [q["in_sentence"] for q in found["quotes"]] == [True]
    assert found["article"]["title"] == "North Korea and Russia sign pact"


def test_unknown_event_is_none(con):
    assert get_event(con, 999) is None


# ------------------------------------------------------------------ identity


def test_document_key_is_url_else_text_hash():
    assert document_key({"url": " https://x.org/a ", "body": ["A"]}) == "https://x.org/a"
    assert document_key({"url": None, "body": ["A", "B"]}) == (
        "sha256:" + "c0f9c0e2a53a1e6a5dbd2a3dbc4d4b6e1d0c7c8e"[:0]
        + __import__("hashlib").sha256(b"A\n\nB").hexdigest())


def test_reingesting_changes_nothing(tmp_path):
    path = str(tmp_path / "t.duckdb")
    with Store(path) as store:
        ids = [store.add_article(a) for a in sample_articles()]
        before = store.counts()
        again = [store.add_article(a) for a in sample_articles()]
        assert ids == [1, 2, 3, 4] and again == [None] * 4
        assert store.counts() == before


def test_same_text_under_another_name_is_the_same_document(tmp_path):
    article = sample_articles()[2]  # no URL
    copy = dataclasses.replace(article, input="elsewhere/copy.txt")
    with Store(str(tmp_path / "t.duckdb")) as store:
        assert store.add_article(article) == 1
        assert store.add_article(copy) is None


def test_a_failed_write_leaves_nothing_behind(tmp_path):
    bad = sample_articles()[0].to_dict()
    bad["events"][1]["quad_class"] = "not a number"  # fails inside the transaction
    with Store(str(tmp_path / "t.duckdb")) as store:
        with pytest.raises(duckdb.Error):
            store.add_article(bad)
        assert set(store.counts().values()) == {0}
        assert store.add_article(sample_articles()[1]) == 1  # ids are not burnt
        assert store.integrity_problems() == []


# ------------------------------------------------------------------ migrations


def test_opening_a_version_1_database_migrates_it(tmp_path):
    path = str(tmp_path / "old.duckdb")
    con = duckdb.connect(path)
    assert migrate(con, upto=1) == [1]
    con.execute("INSERT INTO articles (id, doc_key, title, n_paragraphs, n_events, n_quotes, n_places)"
                " VALUES (1, 'https://old.example/1', 'Old', 0, 0, 0, 0)")
    con.close()
    with Store(path) as store:
        assert schema_version(store.con) == SCHEMA_VERSION == 2
        assert store.con.execute("SELECT version, name FROM migrations ORDER BY version").fetchall() == [
            (1, "initial schema"), (2, "entities table, events.paragraph")]
        assert store.con.execute("SELECT title FROM articles").fetchall() == [("Old",)]
        assert store.add_article(sample_articles()[0]) == 2
        assert store.counts()["entities"] == 4


def test_a_reader_upgrades_an_old_database_first(tmp_path):
    path = str(tmp_path / "old.duckdb")
    con = duckdb.connect(path)
    migrate(con, upto=1)
    con.close()
    with Store(path, read_only=True) as store:
        assert schema_version(store.con) == SCHEMA_VERSION


def test_a_newer_database_is_refused(tmp_path):
    path = str(tmp_path / "new.duckdb")
    Store(path).close()
    con = duckdb.connect(path)
    con.execute("UPDATE meta SET value = '99' WHERE key = 'schema_version'")
    con.close()
    with pytest.raises(StoreError, match="schema version 99, newer than this eventwire"):
        Store(path)


def test_reading_a_missing_database_says_how_to_create_it(tmp_path):
    with pytest.raises(StoreError, match=r"does not exist \(create it with: eventwire ingest"):
        Store(str(tmp_path / "missing.duckdb"), read_only=True)


# ------------------------------------------------------------------ one writer

HOLD = textwrap.dedent("""
    import sys, time
    from eventwire.store import Store
    store = Store(sys.argv[1])
    print("locked", flush=True)
    time.sleep(float(sys.argv[2]))
    store.close()
""")


def _hold(path: str, seconds: float) -> subprocess.Popen:
    proc = subprocess.Popen([sys.executable, "-c", HOLD, path, str(seconds)], stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "locked"
    return proc


def test_a_second_writer_is_refused_clearly(tmp_path):
    path = str(tmp_path / "busy.duckdb")
    holder = _hold(path, 30)
    try:
        with pytest.raises(StoreError) as info:
            Store(path)
        assert str(info.value).startswith(f"database {path} is in use by another process (PID {holder.pid})")
        with pytest.raises(StoreError, match="in use by another process"):
            Store(path, read_only=True)
    finally:
        holder.kill()
        holder.wait()


def test_a_writer_with_a_timeout_waits_for_the_lock(tmp_path):
    path = str(tmp_path / "busy.duckdb")
    holder = _hold(path, 1.5)
    try:
        with Store(path, timeout=20) as store:
            assert store.add_article(sample_articles()[0]) == 1
    finally:
        holder.wait()


# ------------------------------------------------------------------ filters


def _sentences(con, **filters) -> list[str]:
    page = query_events(con, EventFilter.from_values(**filters), order="date")
    return [e["sentence"][:30] for e in page["events"]]


@pytest.mark.parametrize("filters, expected", [
    ({"source": "PRK"}, ["North Korea signed an agreemen", "\u201cOur friendship is invincible,",
                         "North Korea expanded economic "]),
    ({"source": "prk", "target": "RUS"}, ["North Korea signed an agreemen", "\u201cOur friendship is invincible,",
                                          "North Korea expanded economic "]),
    ({"source": "PRKGOV"}, ["\u201cOur friendship is invincible,"]),
    ({"actor": "lavrov"}, ["\u201cOur friendship is invincible,"]),
    ({"actor": "UKR"}, ["Russian troops attacked Ukrain", "Ukraine accused Russia of depl",
                        "Russia did not attack Ukraine'"]),
    ({"root": "19"}, ["Russian troops attacked Ukrain", "Russia did not attack Ukraine'"]),
    ({"root": "4"}, ["\u201cOur friendship is invincible,", "China held talks with Russia i"]),
    ({"code": "031"}, ["Russia pledged military cooper"]),
    ({"quad": "3"}, ["Ukraine accused Russia of depl", "The United States threatened R"]),
    ({"since": "2024-11-05", "until": "2024-11-06"}, ["The United States threatened R", "China held talks with Russia i"]),
    ({"place": "rus"}, ["Russian troops attacked Ukrain", "North Korea signed an agreemen",
                        "\u201cOur friendship is invincible,"]),
    ({"place": "beijing"}, ["China held talks with Russia i"]),
    ({"text": "KURSK"}, ["Russian troops attacked Ukrain"]),
    ({"text": "100%_"}, []),
])
def test_filters(con, filters, expected):
    assert _sentences(con, **filters) == expected


@pytest.mark.parametrize("name, value, message", [
    ("source", "RUS' OR 1=1 --", "source: \"RUS' OR 1=1 --\" is not an actor code"),
    ("root", "21", "root: '21' is not a CAMEO root (01-20)"),
    ("code", "1", "code: '1' is not a CAMEO code"),
    ("quad", "5", "quad: '5' is not a QuadClass (1, 2, 3 or 4)"),
    ("since", "yesterday", "since: 'yesterday' is not a date (use YYYY-MM-DD)"),
])
def test_bad_filter_values_are_named(name, value, message):
    with pytest.raises(FilterError) as info:
        EventFilter.from_values(**{name: value})
    assert str(info.value).startswith(message)


@pytest.mark.parametrize("value", ["' OR '1'='1", "x'); DROP TABLE events; --", "%", "_", "\\", "\"", "\0"])
def test_injection_strings_are_plain_text(con, value):
    for name in ("actor", "place", "text"):
        assert query_events(con, EventFilter.from_values(**{name: value}))["total"] == 0
    assert con.execute("SELECT count(*) FROM events").fetchone()[0] == 9


def test_paging_with_a_cursor_visits_every_event_once(tmp_path):
    path = str(tmp_path / "many.duckdb")
    with Store(path) as store:
        for i in range(40):
            store.add_article(synthetic_article(i, events=3))
        con = store.cursor()
        everything = query_events(con, EventFilter(), limit=1000)["events"]
        seen, cursor = [], None
        while True:
            page = query_events(con, EventFilter(), limit=7, cursor=cursor)
            assert page["total"] == 120
            seen += [e["id"] for e in page["events"]]
            cursor = page["next_cursor"]
            if not cursor:
                break
        assert seen == [e["id"] for e in everything]
        by_offset = query_events(con, EventFilter(), limit=7, offset=14)["events"]
        assert [e["id"] for e in by_offset] == seen[14:21]


def test_a_forged_cursor_is_refused(con):
    with pytest.raises(FilterError, match="cursor: not a cursor returned by this API"):
        query_events(con, EventFilter(), cursor="bm90IGEgY3Vyc29y")


# ------------------------------------------------------------------ aggregates


def test_dyad_counts_both_directions_by_quad(con):
    result = dyad(con, "RUS", "PRK")
    assert [(s["period"], s["count"], s["quad"]["1"]["count"], s["quad"]["2"]["count"]) for s in result["series"]] == [
        ("2024-11-01", 3, 3, 0), ("2024-11-08", 1, 0, 1)]
    directed = dyad(con, "RUS", "PRK", directed=True)
    assert [(s["period"], s["count"], s["goldstein"]) for s in directed["series"]] == [("2024-11-01", 1, 5.2)]
    weekly = dyad(con, "PRK", "RUS", interval="week")
    assert [(s["period"], s["count"]) for s in weekly["series"]] == [("2024-10-28", 3), ("2024-11-04", 1)]


def test_actors_count_sources_targets_and_speakers(con):
    result = actors(con, limit=3)
    assert result["total"] == 9
    assert [(a["code"], a["as_source"], a["as_target"], a["as_speaker"]) for a in result["actors"]] == [
        ("RUS", 2, 5, 0), ("PRK", 2, 1, 0), ("UKR", 1, 1, 1)]
    assert [a["code"] for a in actors(con, q="prk")["actors"]] == ["PRK", "PRKGOV"]


def test_stats(con):
    result = stats(con)
    assert (result["events"], result["articles"], result["stored_articles"]) == (9, 4, 4)
    assert result["by_root"] == [{"root": r, "count": n} for r, n in
                                 [("03", 1), ("04", 2), ("05", 1), ("06", 1), ("11", 1), ("13", 1), ("19", 2)]]
    assert result["by_quad"] == [{"quad": 1, "count": 4}, {"quad": 2, "count": 1},
                                 {"quad": 3, "count": 2}, {"quad": 4, "count": 2}]
    assert result["dyads"][0] == {"source": "PRK", "target": "RUS", "count": 2}
    assert result["countries"][0] == {"country": "RUS", "count": 3}
    assert result["by_period"][0] == {"period": "2024-10-28", "cooperation": 0, "conflict": 1, "count": 1}
    filtered = stats(con, EventFilter.from_values(source="UKR"))
    assert (filtered["events"], filtered["first_date"]) == (1, "2024-10-29")


# ------------------------------------------------------------------ export


def _export(con, fmt, **filters) -> str:
    out = io.StringIO()
    export(con, fmt, out, flt=EventFilter.from_values(**filters))
    return out.getvalue()


def test_gdelt_export_has_gdelts_61_columns_in_order(con):
    assert len(GDELT_COLUMNS) == 61
    assert GDELT_COLUMNS[:6] == ("GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate", "Actor1Code")
    assert GDELT_COLUMNS[25:36] == ("IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass",
                                    "GoldsteinScale", "NumMentions", "NumSources", "NumArticles", "AvgTone",
                                    "Actor1Geo_Type")
    assert GDELT_COLUMNS[51:] == ("ActionGeo_Type", "ActionGeo_FullName", "ActionGeo_CountryCode",
                                  "ActionGeo_ADM1Code", "ActionGeo_ADM2Code", "ActionGeo_Lat",
                                  "ActionGeo_Long", "ActionGeo_FeatureID", "DATEADDED", "SOURCEURL")
    lines = _export(con, "gdelt").splitlines()
    assert len(lines) == 9
    row = dict(zip(GDELT_COLUMNS, lines[0].split("\t")))
    assert all(len(line.split("\t")) == 61 for line in lines)
    assert {k: row[k] for k in ("GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate", "Actor1Code",
                                "Actor1Name", "Actor2Code", "IsRootEvent", "EventCode", "EventBaseCode",
                                "EventRootCode", "QuadClass", "GoldsteinScale", "ActionGeo_Type",
                                "ActionGeo_FullName", "ActionGeo_CountryCode", "ActionGeo_Lat", "SOURCEURL",
                                "AvgTone")} == {
        "GLOBALEVENTID": "1", "SQLDATE": "20241101", "MonthYear": "202411", "Year": "2024",
        "FractionDate": "2024.8356", "Actor1Code": "PRK", "Actor1Name": "NORTH KOREA", "Actor2Code": "RUS",
        "IsRootEvent": "1", "EventCode": "057", "EventBaseCode": "057", "EventRootCode": "05", "QuadClass": "1",
        "GoldsteinScale": "8.0", "ActionGeo_Type": "4", "ActionGeo_FullName": "Moscow",
        "ActionGeo_CountryCode": "RS", "ActionGeo_Lat": "55.7558",
        "SOURCEURL": "https://example.org/news/prk-rus-pact", "AvgTone": ""}
    assert len(row["DATEADDED"]) == 14


def test_plover_export(con):
    records = [json.loads(line) for line in _export(con, "plover", source="PRKGOV").splitlines()]
    assert len(records) == 1
    r = records[0]
    assert (r["id"], r["date"], r["event"], r["quad_code"], r["event_scale"]) == (
        "eventwire-2", "2024-11-01", ["CONSULT"], 1, 1.0)
    assert r["source"] == [{"code": "PRK", "sector": "GOV", "actor_text": "Choe Son Hui",
                            "actor_code": "PRKGOV", "office": "Foreign Minister"}]
    assert r["recipient"][0]["actor_text"] == "Sergey Lavrov"
    assert r["event_loc"]["geonameid"] == 524901
    assert r["text"].startswith("\u201cOur friendship")
    assert r["cite_info"]["url"] == "https://example.org/news/prk-rus-pact"


def test_csv_and_parquet_exports(con, tmp_path):
    rows = list(csv.DictReader(io.StringIO(_export(con, "csv", root="19"))))
    assert [(r["source_code"], r["target_code"], r["negated"]) for r in rows] == [
        ("RUSMIL", "UKRMIL", "False"), ("RUS", "UKR", "True")]
    path = str(tmp_path / "events.parquet")
    assert export(con, "parquet", path=path) == 9
    assert duckdb.sql("SELECT count(*), count(DISTINCT id) FROM read_parquet(?)", params=[path]).fetchall() == [(9, 9)]


# ------------------------------------------------------------------ CLI


def test_cli_query_formats_and_errors(db):
    from eventwire.cli_store import query

    runner = CliRunner()
    result = runner.invoke(query, ["--db", db, "--source", "PRK", "--target", "RUS", "--order", "date"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["ID", "DATE", "SOURCE", "TARGET", "CODE", "Q", "GOLD", "SENTENCE"]
    assert lines[1].split()[:7] == ["1", "2024-11-01", "PRK", "RUS", "057", "1", "8"]
    assert "3 of 3 matching events" in result.stderr
    result = runner.invoke(query, ["--db", db, "--text", "kursk", "--format", "jsonl"])
    assert [json.loads(line)["id"] for line in result.stdout.splitlines()] == [4]
    result = runner.invoke(query, ["--db", db, "--root", "99"])
    assert result.exit_code == 1
    assert result.stderr == "eventwire: root: '99' is not a CAMEO root (01-20)\n"
    result = runner.invoke(query, ["--db", db + ".missing"])
    assert result.exit_code == 1 and result.stderr.startswith("eventwire: database ")


def test_cli_export_stats_and_usage_errors(db, tmp_path):
    from eventwire.cli_store import export as export_cmd, stats as stats_cmd

    runner = CliRunner()
    out = tmp_path / "e.tsv"
    result = runner.invoke(export_cmd, ["--db", db, "--format", "gdelt", "--output", str(out), "--quad", "4"])
    assert result.exit_code == 0 and "exported 2 events" in result.stderr
    assert len(out.read_text().splitlines()) == 2
    result = runner.invoke(export_cmd, ["--db", db, "--format", "parquet"])
    assert result.exit_code == 1
    assert result.stderr == "eventwire: parquet export needs a file: --output FILE.parquet\n"
    result = runner.invoke(export_cmd, ["--db", db, "--format", "xml"])
    assert result.exit_code == 2
    result = runner.invoke(stats_cmd, ["--db", db])
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0] == ("9 events in 4 articles (4 articles stored), 2024-10-28 to 2024-11-08")
    assert "  PRK -> RUS  2" in result.stdout.splitlines()


def test_every_store_command_has_help():
    from eventwire.cli_store import COMMANDS

    for command in COMMANDS:
        result = CliRunner().invoke(command, ["--help"])
        assert result.exit_code == 0 and "--db" in result.output, command.name
