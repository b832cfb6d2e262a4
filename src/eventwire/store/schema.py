"""The DuckDB schema as an ordered list of migrations.

A database records its version in ``meta`` (key ``schema_version``) and every applied
migration in ``migrations``. ``Store`` applies the missing ones, in order, each in its own
transaction, when it opens a database. Never edit a released migration: append a new one.

Tables (one row per ...):
    articles    stored document; ``doc_key`` is its identity (URL, else SHA-256 of the text)
    paragraphs  body paragraph / caption / removed boilerplate line, with offsets for body
    entities    spaCy named entity (v2)
    quotes      quotation with its speaker
    events      coded event, with its sentence, offsets, coder version and article id
    actors      every actor slot of an event (source, target) or quote (speaker)
    places      toponym mention resolved to the gazetteer
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    statements: tuple[str, ...]


def _actor_columns(prefix: str) -> str:
    """Flattened Actor: name NULL means no actor (an Actor always has a name, maybe '')."""
    return ", ".join(f"{prefix}_{f} VARCHAR" for f in ("name", "code", "country", "agent", "role"))


_V1 = (
    "CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR)",
    "CREATE TABLE IF NOT EXISTS migrations (version INTEGER PRIMARY KEY, name VARCHAR,"
    " applied_at TIMESTAMP)",
    """CREATE TABLE articles (
        id BIGINT PRIMARY KEY,
        doc_key VARCHAR NOT NULL UNIQUE,
        input VARCHAR, url VARCHAR, title VARCHAR, outlet VARCHAR,
        published DATE, published_source VARCHAR, language VARCHAR,
        text_sha256 VARCHAR, raw_sha256 VARCHAR,
        n_paragraphs INTEGER, n_events INTEGER, n_quotes INTEGER, n_places INTEGER,
        ingested_at TIMESTAMP, extra JSON)""",
    "CREATE INDEX articles_raw ON articles (raw_sha256)",
    """CREATE TABLE paragraphs (
        article_id BIGINT NOT NULL, kind VARCHAR NOT NULL, idx INTEGER NOT NULL,
        text VARCHAR, start INTEGER, "end" INTEGER)""",
    f"""CREATE TABLE quotes (
        id BIGINT PRIMARY KEY, article_id BIGINT NOT NULL, idx INTEGER NOT NULL,
        kind VARCHAR, text VARCHAR, speaker VARCHAR, {_actor_columns('speaker_actor')},
        speaker_role VARCHAR, start INTEGER, "end" INTEGER, cue VARCHAR, channel VARCHAR,
        extra JSON)""",
    f"""CREATE TABLE events (
        id BIGINT PRIMARY KEY, article_id BIGINT NOT NULL, idx INTEGER NOT NULL,
        sentence VARCHAR, start INTEGER, "end" INTEGER,
        {_actor_columns('source')}, {_actor_columns('target')},
        cameo_code VARCHAR, cameo_root VARCHAR, quad_class TINYINT, goldstein DOUBLE,
        plover_event VARCHAR, plover_mode VARCHAR,
        negated BOOLEAN, hypothetical BOOLEAN, attribution VARCHAR,
        date DATE, date_source VARCHAR,
        loc_name VARCHAR, loc_country VARCHAR, loc_admin1 VARCHAR, lat DOUBLE, lon DOUBLE,
        loc_geonameid VARCHAR, loc_feature VARCHAR,
        coder VARCHAR, trigger VARCHAR, pattern VARCHAR, confidence DOUBLE, extra JSON)""",
    """CREATE TABLE actors (
        article_id BIGINT NOT NULL, event_id BIGINT, quote_id BIGINT, side VARCHAR NOT NULL,
        name VARCHAR, code VARCHAR, country VARCHAR, agent VARCHAR, role VARCHAR)""",
    """CREATE TABLE places (
        article_id BIGINT NOT NULL, idx INTEGER NOT NULL, text VARCHAR,
        start INTEGER, "end" INTEGER, name VARCHAR, country VARCHAR, admin1 VARCHAR,
        lat DOUBLE, lon DOUBLE, geonameid VARCHAR, feature VARCHAR)""",
)

# v2: named entities are kept (cheap, and the dashboard can list them); each event knows
# the body paragraph it sits in (GDELT's IsRootEvent is "in the lead paragraph").
_V2 = (
    """CREATE TABLE entities (
        article_id BIGINT NOT NULL, idx INTEGER NOT NULL, text VARCHAR, label VARCHAR,
        start INTEGER, "end" INTEGER)""",
    "ALTER TABLE events ADD COLUMN paragraph INTEGER",
    "ALTER TABLE articles ADD COLUMN n_entities INTEGER",
)

MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "initial schema", _V1),
    Migration(2, "entities table, events.paragraph", _V2),
)

SCHEMA_VERSION = MIGRATIONS[-1].version
