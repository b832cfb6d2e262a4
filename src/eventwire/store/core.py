"""``Store``: one DuckDB file holding articles, events, quotes, actors and places.

    >>> with Store("eventwire.duckdb") as store:
    ...     stored = store.add_article(article)      # True, or False when already stored

Guarantees:
- Migrations (``schema.MIGRATIONS``) are applied in order when a database is opened writable.
- Each document is written in one transaction: after a crash (even ``kill -9``) a document is
  either stored whole (article, paragraphs, events, quotes, actors, places) or not at all.
- Idempotent: a document whose identity (``records.document_key``) is stored is skipped.
- One writer: DuckDB lets one process open a file for writing. A second process gets
  ``StoreError("database X is in use by another process (PID n)")`` at once, or after
  ``timeout`` seconds of retrying when a timeout is given. Readers (``read_only=True``) may
  run side by side with each other, but not with a writer.
"""
from __future__ import annotations

import datetime as dt
import json
import logging
import os
import re
import time
from typing import Any, Iterable, Optional, Union

import duckdb

from ..errors import StoreError
from ..model import Article
from . import records as R
from .schema import MIGRATIONS, SCHEMA_VERSION

LOGGER = logging.getLogger(__name__)

_PID = re.compile(r"\(PID (\d+)\)")


def _is_lock_error(exc: Exception) -> bool:
    return "lock" in str(exc).lower()


def _in_use_message(path: str, exc: Exception) -> str:
    match = _PID.search(str(exc))
    holder = f"PID {match.group(1)}" if match else str(exc).splitlines()[0]
    return (f"database {path} is in use by another process ({holder}); wait for it to finish "
            f"or pass --wait SECONDS")


def connect(path: str, read_only: bool = False, timeout: float = 0.0) -> duckdb.DuckDBPyConnection:
    """Open ``path``, retrying for ``timeout`` seconds while another process holds its lock."""
    if read_only and not os.path.exists(path):
        raise StoreError(f"database {path} does not exist (create it with: eventwire ingest PATH --db {path})")
    deadline = time.monotonic() + max(timeout, 0.0)
    while True:
        try:
            return duckdb.connect(path, read_only=read_only)
        except duckdb.IOException as exc:
            if not _is_lock_error(exc):
                raise StoreError(f"cannot open database {path}: {exc}") from exc
            if time.monotonic() >= deadline:
                raise StoreError(_in_use_message(path, exc)) from exc
            time.sleep(0.2)
        except duckdb.Error as exc:
            raise StoreError(f"cannot open database {path}: {exc}") from exc


def schema_version(con: duckdb.DuckDBPyConnection) -> int:
    """0 for an empty database."""
    has_meta = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'meta'").fetchone()[0]
    if not has_meta:
        return 0
    row = con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    return int(row[0]) if row else 0


def migrate(con: duckdb.DuckDBPyConnection, upto: int = SCHEMA_VERSION) -> list[int]:
    """Apply the missing migrations up to version ``upto``, each in its own transaction."""
    current = schema_version(con)
    if current > SCHEMA_VERSION:
        raise StoreError(f"database has schema version {current}, newer than this eventwire "
                         f"({SCHEMA_VERSION}): upgrade eventwire")
    applied = []
    for migration in MIGRATIONS:
        if migration.version <= current or migration.version > upto:
            continue
        con.begin()
        try:
            for statement in migration.statements:
                con.execute(statement)
            con.execute("INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)",
                        [str(migration.version)])
            con.execute("INSERT INTO migrations VALUES (?, ?, ?)",
                        [migration.version, migration.name, dt.datetime.now()])
            con.commit()
        except Exception:
            con.rollback()
            raise
        LOGGER.info("migrated database to version %d (%s)", migration.version, migration.name)
        applied.append(migration.version)
    return applied


def _rows(cursor: duckdb.DuckDBPyConnection) -> list[dict]:
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row)) for row in cursor.fetchall()]


class Store:
    """A DuckDB event store. Writable by default; ``read_only=True`` for query/serve."""

    def __init__(self, path: Union[str, os.PathLike], read_only: bool = False, timeout: float = 0.0):
        self.path = os.fspath(path)
        self.read_only = read_only
        if read_only:
            self._upgrade_if_needed(timeout)
        self.con = connect(self.path, read_only=read_only, timeout=timeout)
        if not read_only:
            try:
                migrate(self.con)
            except duckdb.Error as exc:
                self.con.close()
                raise StoreError(f"cannot migrate database {self.path}: {exc}") from exc
        version = schema_version(self.con)
        if version != SCHEMA_VERSION:
            self.con.close()
            raise StoreError(f"database {self.path} has schema version {version}, expected "
                             f"{SCHEMA_VERSION}")
        self._next_ids: Optional[dict[str, int]] = None

    def _upgrade_if_needed(self, timeout: float) -> None:
        """A reader cannot migrate: open writable once, migrate, close."""
        if not os.path.exists(self.path):
            return
        con = connect(self.path, read_only=True, timeout=timeout)
        try:
            version = schema_version(con)
        finally:
            con.close()
        if version < SCHEMA_VERSION:
            LOGGER.info("upgrading %s from schema version %d", self.path, version)
            con = connect(self.path, timeout=timeout)
            try:
                migrate(con)
            finally:
                con.close()

    # ------------------------------------------------------------------ lifecycle

    def close(self) -> None:
        self.con.close()

    def ensure_open(self) -> None:
        """Reconnect after ``close`` (a server app may be started, stopped and started again)."""
        try:
            self.con.execute("SELECT 1")
        except duckdb.ConnectionException:
            self.con = connect(self.path, read_only=self.read_only)
            self._next_ids = None

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def cursor(self) -> duckdb.DuckDBPyConnection:
        """A connection for one thread (DuckDB connections are not shared across threads)."""
        return self.con.cursor()

    # ------------------------------------------------------------------ writing

    def has_document(self, key: str) -> bool:
        return self.con.execute("SELECT 1 FROM articles WHERE doc_key = ?", [key]).fetchone() is not None

    def has_raw(self, raw_sha256: str) -> bool:
        """True when a document read from exactly these bytes is stored (resume without NLP)."""
        return self.con.execute(
            "SELECT 1 FROM articles WHERE raw_sha256 = ? LIMIT 1", [raw_sha256]).fetchone() is not None

    def _allocate(self, table: str, count: int) -> int:
        """First of ``count`` fresh ids for ``table``; one writer process, so a counter is safe."""
        if self._next_ids is None:
            self._next_ids = {
                name: self.con.execute(f"SELECT coalesce(max(id), 0) + 1 FROM {name}").fetchone()[0]
                for name in ("articles", "events", "quotes")
            }
        first = self._next_ids[table]
        self._next_ids[table] = first + count
        return first

    def add_article(self, article: Union[Article, dict], raw_sha256: Optional[str] = None) -> Optional[int]:
        """Store one document in one transaction; its new article id, or None when already stored."""
        if self.read_only:
            raise StoreError(f"database {self.path} is open read-only")
        data = article.to_dict() if hasattr(article, "to_dict") else dict(article)
        key = R.document_key(data)
        if self.has_document(key):
            return None
        ids_before = dict(self._next_ids) if self._next_ids else None
        self.con.begin()
        try:
            article_id = self._insert(data, key, raw_sha256)
            self.con.commit()
        except BaseException:
            self.con.rollback()
            self._next_ids = ids_before
            raise
        return article_id

    def _insert(self, data: dict, key: str, raw_sha256: Optional[str]) -> int:
        con = self.con
        body = list(data.get("body") or [])
        events = list(data.get("events") or [])
        quotes = list(data.get("quotes") or [])
        places = list(data.get("places") or [])
        entities = list(data.get("entities") or [])
        article_id = self._allocate("articles", 1)
        paragraphs = R.paragraph_rows(article_id, data)
        extra = {k: v for k, v in data.items() if k not in R.ARTICLE_FIELDS + R.ARTICLE_CHILDREN}
        con.execute(
            "INSERT INTO articles (id, doc_key, input, url, title, outlet, published,"
            " published_source, language, text_sha256, raw_sha256, n_paragraphs, n_events,"
            " n_quotes, n_places, n_entities, ingested_at, extra)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [article_id, key, data.get("input"), data.get("url"), data.get("title"),
             data.get("outlet"), R._date(data.get("published")), data.get("published_source"),
             data.get("language"), R.sha256("\n\n".join(body)), raw_sha256, len(paragraphs),
             len(events), len(quotes), len(places), len(entities), dt.datetime.now(),
             json.dumps(extra, ensure_ascii=False, default=str) if extra else None],
        )
        if paragraphs:
            con.executemany("INSERT INTO paragraphs VALUES (?, ?, ?, ?, ?, ?)", paragraphs)
        actor_rows: list[tuple] = []
        if quotes:
            first = self._allocate("quotes", len(quotes))
            rows = [R.quote_row(first + i, article_id, i, q) for i, q in enumerate(quotes)]
            self._insert_rows("quotes", R.QUOTE_COLUMNS, rows)
            for i, q in enumerate(quotes):
                if q.get("speaker_actor"):
                    actor_rows.append((article_id, None, first + i, "speaker",
                                       *R.actor_values(q["speaker_actor"])))
        if events:
            first = self._allocate("events", len(events))
            rows = [R.event_row(first + i, article_id, i, e, body) for i, e in enumerate(events)]
            self._insert_rows("events", R.EVENT_COLUMNS, rows)
            for i, e in enumerate(events):
                for side in ("source", "target"):
                    if e.get(side):
                        actor_rows.append((article_id, first + i, None, side, *R.actor_values(e[side])))
        if actor_rows:
            con.executemany("INSERT INTO actors VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", actor_rows)
        if places:
            self._insert_rows("places", R.PLACE_COLUMNS,
                              [R.place_row(article_id, i, p) for i, p in enumerate(places)])
        if entities:
            self._insert_rows("entities", R.ENTITY_COLUMNS,
                              [R.entity_row(article_id, i, e) for i, e in enumerate(entities)])
        return article_id

    def _insert_rows(self, table: str, columns: Iterable[str], rows: list[tuple]) -> None:
        cols = list(columns)
        names = ", ".join(f'"{c}"' for c in cols)
        marks = ", ".join("?" for _ in cols)
        self.con.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", rows)

    # ------------------------------------------------------------------ reading

    def counts(self) -> dict[str, int]:
        """Row count of every table."""
        tables = ("articles", "paragraphs", "entities", "quotes", "events", "actors", "places")
        return {t: self.con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables}

    def integrity_problems(self) -> list[str]:
        """Articles whose child rows do not match the counts stored with them (empty when whole)."""
        checks = (("paragraphs", "n_paragraphs"), ("events", "n_events"), ("quotes", "n_quotes"),
                  ("places", "n_places"), ("entities", "n_entities"))
        problems = []
        for table, column in checks:
            rows = self.con.execute(
                f"SELECT a.id, a.{column}, count(c.article_id) FROM articles a"
                f" LEFT JOIN {table} c ON c.article_id = a.id GROUP BY a.id, a.{column}"
                f" HAVING count(c.article_id) != coalesce(a.{column}, 0) ORDER BY a.id").fetchall()
            problems += [f"article {i}: {n} {table} stored, {want} expected" for i, want, n in rows]
            orphans = self.con.execute(
                f"SELECT count(*) FROM {table} c WHERE c.article_id NOT IN (SELECT id FROM articles)").fetchone()[0]
            if orphans:
                problems.append(f"{orphans} {table} rows without their article")
        return problems

    def article(self, article_id: int, con: Any = None) -> Optional[dict]:
        """One stored article rebuilt as the JSON contract, plus ``id`` and stored metadata."""
        con = con or self.con
        rows = _rows(con.execute("SELECT * FROM articles WHERE id = ?", [article_id]))
        if not rows:
            return None
        row = rows[0]
        out: dict = {"id": row["id"]}
        for f in R.ARTICLE_FIELDS:
            out[f] = R._iso(row.get(f))
        paragraphs = _rows(con.execute(
            "SELECT kind, idx, text FROM paragraphs WHERE article_id = ? ORDER BY kind, idx",
            [article_id]))
        for kind in R.PARAGRAPH_KINDS:
            out[kind] = [p["text"] for p in paragraphs if p["kind"] == kind]
        out["entities"] = [R.entity_dict(r) for r in _rows(con.execute(
            "SELECT * FROM entities WHERE article_id = ? ORDER BY idx", [article_id]))]
        out["quotes"] = [R.quote_dict(r) for r in _rows(con.execute(
            "SELECT * FROM quotes WHERE article_id = ? ORDER BY idx", [article_id]))]
        out["events"] = [R.event_dict(r) for r in _rows(con.execute(
            "SELECT * FROM events WHERE article_id = ? ORDER BY idx", [article_id]))]
        out["places"] = [R.place_dict(r) for r in _rows(con.execute(
            "SELECT * FROM places WHERE article_id = ? ORDER BY idx", [article_id]))]
        out.update(R._loads(row.get("extra")))
        out["doc_key"] = row["doc_key"]
        out["ingested_at"] = row["ingested_at"].isoformat() if row.get("ingested_at") else None
        return out
