"""Reading the store: filtered events with paging, one event or article, actors, dyads, stats.

Every function takes a DuckDB connection (``Store.cursor()`` per thread) and returns plain
JSON-ready dicts; the CLI, the HTTP API and the dashboard all call these. User values only
ever reach SQL as bound parameters; the only SQL text built here comes from fixed fragments.

Filter semantics (``EventFilter``):
    source / target   actor code, country or code prefix: ``RUS`` matches RUS, RUSGOV, RUSMIL
    actor             either side; also a case-insensitive substring of the actor's name
    root              CAMEO root, ``19`` or ``3`` (= ``03``)
    code              CAMEO code prefix: ``031`` matches 031 and 0311-0314
    quad              QuadClass 1-4
    since / until     event date range, inclusive
    place             ISO3 country of the event's location, or its place / admin1 name
    text              case-insensitive substring of the event's sentence
"""
from __future__ import annotations

import base64
import dataclasses
import datetime as dt
import json
import re
from dataclasses import dataclass
from typing import Any, Optional

from ..errors import EventwireError
from . import records as R

MAX_LIMIT = 1000
ORDERS = ("-date", "date")
INTERVALS = ("day", "week", "month")


class FilterError(EventwireError):
    """A filter value is invalid; the message names the filter and the valid form."""


@dataclass(frozen=True)
class EventFilter:
    source: Optional[str] = None
    target: Optional[str] = None
    actor: Optional[str] = None
    root: Optional[str] = None
    code: Optional[str] = None
    quad: Optional[int] = None
    since: Optional[dt.date] = None
    until: Optional[dt.date] = None
    place: Optional[str] = None
    text: Optional[str] = None
    article_id: Optional[int] = None

    @classmethod
    def from_values(cls, **values: Any) -> "EventFilter":
        """Build from strings (CLI options, query parameters), validating each; None/'' ignored."""
        clean: dict[str, Any] = {}
        for name, value in values.items():
            if value is None or value == "":
                continue
            if name not in {f.name for f in dataclasses.fields(cls)}:
                raise FilterError(f"unknown filter {name!r}")
            clean[name] = _normalise(name, value)
        return cls(**clean)

    def where(self, alias: str = "") -> tuple[str, list]:
        """SQL condition (fixed text, ``?`` placeholders) and its parameters."""
        p = f"{alias}." if alias else ""
        parts: list[str] = []
        params: list = []

        def side(prefix: str, value: str) -> str:
            # a code prefix covers the code itself (RUS, RUSGOV); country catches IGO-style codes
            params.extend([value, value])
            return f"(starts_with({p}{prefix}_code, ?) OR {p}{prefix}_country = ?)"

        if self.source:
            parts.append(side("source", self.source))
        if self.target:
            parts.append(side("target", self.target))
        if self.actor:
            code = self.actor.upper()
            either = f"({side('source', code)} OR {side('target', code)}"
            params.extend([self.actor.lower(), self.actor.lower()])
            parts.append(either + f" OR contains(lower({p}source_name), ?)"
                                  f" OR contains(lower({p}target_name), ?))")
        if self.root:
            parts.append(f"{p}cameo_root = ?")
            params.append(self.root)
        if self.code:
            parts.append(f"starts_with({p}cameo_code, ?)")
            params.append(self.code)
        if self.quad is not None:
            parts.append(f"{p}quad_class = ?")
            params.append(self.quad)
        if self.since:
            parts.append(f"{p}date >= ?")
            params.append(self.since)
        if self.until:
            parts.append(f"{p}date <= ?")
            params.append(self.until)
        if self.place:
            parts.append(f"({p}loc_country = ? OR lower({p}loc_name) = ? OR lower({p}loc_admin1) = ?)")
            params.extend([self.place.upper(), self.place.lower(), self.place.lower()])
        if self.text:
            parts.append(f"contains(lower({p}sentence), ?)")
            params.append(self.text.lower())
        if self.article_id is not None:
            parts.append(f"{p}article_id = ?")
            params.append(self.article_id)
        return (" AND ".join(parts) or "TRUE"), params


_CODE = re.compile(r"^[A-Za-z0-9]{1,30}$")
_DIGITS = re.compile(r"^\d{1,4}$")


def _date(name: str, value: Any) -> dt.date:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        raise FilterError(f"{name}: {value!r} is not a date (use YYYY-MM-DD)") from None


def _normalise(name: str, value: Any) -> Any:
    text = str(value).strip()
    if name in ("source", "target"):
        if not _CODE.match(text):
            raise FilterError(f"{name}: {value!r} is not an actor code (letters and digits, e.g. RUS or RUSGOV)")
        return text.upper()
    if name in ("actor", "place", "text"):
        if len(text) > 200:
            raise FilterError(f"{name}: longer than 200 characters")
        return text
    if name == "root":
        if not _DIGITS.match(text) or not 1 <= int(text) <= 20:
            raise FilterError(f"root: {value!r} is not a CAMEO root (01-20)")
        return f"{int(text):02d}"
    if name == "code":
        if not _DIGITS.match(text) or len(text) < 2:
            raise FilterError(f"code: {value!r} is not a CAMEO code (2-4 digits, e.g. 190 or 0311)")
        return text
    if name == "quad":
        if not text.isdigit() or not 1 <= int(text) <= 4:
            raise FilterError(f"quad: {value!r} is not a QuadClass (1, 2, 3 or 4)")
        return int(text)
    if name in ("since", "until"):
        return _date(name, value)
    if name == "article_id":
        if not text.isdigit():
            raise FilterError(f"article_id: {value!r} is not a number")
        return int(text)
    raise FilterError(f"unknown filter {name!r}")


def _rows(cursor) -> list[dict]:
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row)) for row in cursor.fetchall()]


# ------------------------------------------------------------------------- events

_ORDER_KEY = "coalesce(date, DATE '0001-01-01')"


def encode_cursor(event: dict, order: str) -> str:
    raw = json.dumps([event.get("date"), event["id"], order]).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[dt.date, int, str]:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        date, event_id, order = json.loads(base64.urlsafe_b64decode(padded.encode()))
        day = dt.date.fromisoformat(date) if date else dt.date(1, 1, 1)
        if not isinstance(event_id, int) or order not in ORDERS:
            raise ValueError
        return day, event_id, order
    except (ValueError, TypeError, json.JSONDecodeError, UnicodeDecodeError):
        raise FilterError("cursor: not a cursor returned by this API (use next_cursor as given)") from None


def query_events(con, flt: EventFilter, limit: int = 100, offset: int = 0,
                 cursor: Optional[str] = None, order: str = "-date", total: bool = True) -> dict:
    """One page of events matching ``flt``: ``{"total", "limit", "offset", "next_cursor", "events"}``.

    Events are ordered by date (newest first for ``-date``) then id. Page with ``offset`` or,
    for deep paging, with ``cursor`` (the previous page's ``next_cursor``).
    """
    if not 1 <= limit <= MAX_LIMIT:
        raise FilterError(f"limit: must be between 1 and {MAX_LIMIT}")
    if offset < 0:
        raise FilterError("offset: must be 0 or more")
    if order not in ORDERS:
        raise FilterError(f"order: {order!r} is not one of {', '.join(ORDERS)}")
    where, params = flt.where()
    count = con.execute(f"SELECT count(*) FROM events WHERE {where}", params).fetchone()[0] if total else None
    page_where, page_params = where, list(params)
    if cursor:
        day, last_id, order = decode_cursor(cursor)
        op = "<" if order == "-date" else ">"
        page_where += f" AND ({_ORDER_KEY} {op} ? OR ({_ORDER_KEY} = ? AND id {op} ?))"
        page_params += [day, day, last_id]
    direction = "DESC" if order == "-date" else "ASC"
    # Two steps, because DuckDB would otherwise read every column of every row that passes
    # the filter before keeping the top N: first the page's ids (narrow scan), then its rows.
    ids = [int(r[0]) for r in con.execute(
        f"SELECT id FROM events WHERE {page_where}"
        f" ORDER BY {_ORDER_KEY} {direction}, id {direction} LIMIT ? OFFSET ?",
        page_params + [limit, 0 if cursor else offset]).fetchall()]
    events = []
    if ids:
        # integers read back from the database (int() above), never user text: a literal IN
        # list lets DuckDB skip to the matching rows, a bound list does not
        id_list = ",".join(str(i) for i in ids)
        by_id = {r["id"]: r for r in _rows(con.execute(f"SELECT * FROM events WHERE id IN ({id_list})"))}
        article_ids = ",".join(str(int(r["article_id"])) for r in by_id.values())
        articles = {r["id"]: r for r in _rows(con.execute(
            f"SELECT id, title, url, published FROM articles WHERE id IN ({article_ids})"))}
        for event_id in ids:
            row = by_id[event_id]
            event = R.event_dict(row)
            art = articles.get(row["article_id"]) or {}
            event["article"] = {"id": row["article_id"], "title": art.get("title"),
                                "url": art.get("url"), "published": R._iso(art.get("published"))}
            events.append(event)
    next_cursor = encode_cursor(events[-1], order) if len(events) == limit else None
    return {"total": count, "limit": limit, "offset": 0 if cursor else offset,
            "next_cursor": next_cursor, "events": events}


def get_event(con, event_id: int) -> Optional[dict]:
    """One event with its sentence, its article (summary + paragraph) and the article's quotes.

    Quotes overlapping the event's sentence are flagged ``in_sentence``.
    """
    rows = _rows(con.execute("SELECT * FROM events WHERE id = ?", [event_id]))
    if not rows:
        return None
    event = R.event_dict(rows[0])
    art = _rows(con.execute(
        "SELECT id, title, url, outlet, published, input FROM articles WHERE id = ?",
        [event["article_id"]]))
    article = {k: R._iso(v) for k, v in art[0].items()} if art else None
    paragraph = None
    if event.get("paragraph") is not None:
        found = con.execute(
            "SELECT text, start FROM paragraphs WHERE article_id = ? AND kind = 'body' AND idx = ?",
            [event["article_id"], event["paragraph"]]).fetchone()
        if found:
            paragraph = {"index": event["paragraph"], "text": found[0], "start": found[1]}
    quotes = [R.quote_dict(r) for r in _rows(con.execute(
        "SELECT * FROM quotes WHERE article_id = ? ORDER BY idx", [event["article_id"]]))]
    for quote in quotes:
        quote["in_sentence"] = bool(
            event["start"] is not None and quote["start"] is not None
            and quote["start"] < event["end"] and quote["end"] > event["start"])
    return {"event": event, "sentence": event["sentence"], "paragraph": paragraph,
            "article": article, "quotes": quotes}


# ------------------------------------------------------------------------- aggregates


def actors(con, q: Optional[str] = None, limit: int = 100, offset: int = 0) -> dict:
    """Coded actors with how often each is an event source, target, or quote speaker."""
    if not 1 <= limit <= MAX_LIMIT or offset < 0:
        raise FilterError(f"limit: must be between 1 and {MAX_LIMIT}; offset: 0 or more")
    where, params = "code IS NOT NULL", []
    if q:
        where += " AND (starts_with(code, ?) OR country = ? OR contains(lower(name), ?))"
        params += [q.upper(), q.upper(), q.lower()]
    total = con.execute(f"SELECT count(DISTINCT code) FROM actors WHERE {where}", params).fetchone()[0]
    rows = _rows(con.execute(
        "SELECT code, any_value(country) AS country, mode(name) AS name, any_value(agent) AS agent,"
        " count(*) FILTER (WHERE side = 'source') AS as_source,"
        " count(*) FILTER (WHERE side = 'target') AS as_target,"
        " count(*) FILTER (WHERE side = 'speaker') AS as_speaker,"
        " count(*) AS total"
        f" FROM actors WHERE {where} GROUP BY code ORDER BY total DESC, code LIMIT ? OFFSET ?",
        params + [limit, offset]))
    return {"total": total, "limit": limit, "offset": offset, "actors": rows}


def _period(interval: str) -> str:
    if interval not in INTERVALS:
        raise FilterError(f"interval: {interval!r} is not one of {', '.join(INTERVALS)}")
    return "date" if interval == "day" else f"CAST(date_trunc('{interval}', date) AS DATE)"


def dyad(con, source: str, target: str, interval: str = "day", directed: bool = False,
         since: Optional[dt.date] = None, until: Optional[dt.date] = None) -> dict:
    """Counts and Goldstein sums per period and QuadClass between two actors.

    ``directed=False`` counts both directions (source->target and target->source).
    """
    one = EventFilter.from_values(source=source, target=target, since=since, until=until)
    where, params = one.where()
    if not directed:
        other = dataclasses.replace(one, source=one.target, target=one.source)
        where2, params2 = other.where()
        where, params = f"(({where}) OR ({where2}))", params + params2
    rows = _rows(con.execute(
        f"SELECT {_period(interval)} AS period, quad_class, count(*) AS n, sum(goldstein) AS g"
        f" FROM events WHERE {where} AND date IS NOT NULL GROUP BY ALL ORDER BY period, quad_class",
        params))
    series: dict[str, dict] = {}
    for row in rows:
        key = R._iso(row["period"])
        item = series.setdefault(key, {
            "period": key, "count": 0, "goldstein": 0.0,
            "quad": {str(q): {"count": 0, "goldstein": 0.0} for q in (1, 2, 3, 4)}})
        quad = str(row["quad_class"])
        if quad in item["quad"]:
            item["quad"][quad] = {"count": row["n"], "goldstein": round(row["g"] or 0.0, 3)}
        item["count"] += row["n"]
        item["goldstein"] = round(item["goldstein"] + (row["g"] or 0.0), 3)
    return {"source": one.source, "target": one.target, "interval": interval,
            "directed": directed, "series": list(series.values())}


def stats(con, flt: EventFilter = EventFilter(), interval: str = "day", top: int = 20) -> dict:
    """Totals, counts by root, QuadClass, period, dyad, country and place for events matching ``flt``."""
    where, params = flt.where()

    def grouped(select: str, group_order: str, limit: Optional[int] = None) -> list[dict]:
        sql = f"SELECT {select}, count(*) AS count FROM events WHERE {where} {group_order}"
        return _rows(con.execute(sql + (" LIMIT ?" if limit else ""), params + ([limit] if limit else [])))

    totals = con.execute(
        f"SELECT count(*), count(DISTINCT article_id), coalesce(sum(goldstein), 0),"
        f" min(date), max(date) FROM events WHERE {where}", params).fetchone()
    by_period = grouped(
        f"{_period(interval)} AS period, count(*) FILTER (WHERE quad_class IN (1, 2)) AS cooperation,"
        " count(*) FILTER (WHERE quad_class IN (3, 4)) AS conflict",
        "AND date IS NOT NULL GROUP BY ALL ORDER BY period")
    for row in by_period:
        row["period"] = R._iso(row["period"])
    return {
        "events": totals[0], "articles": totals[1], "goldstein": round(totals[2], 3),
        "first_date": R._iso(totals[3]), "last_date": R._iso(totals[4]),
        "stored_articles": con.execute("SELECT count(*) FROM articles").fetchone()[0],
        "by_root": grouped("cameo_root AS root", "GROUP BY ALL ORDER BY root"),
        "by_quad": grouped("quad_class AS quad", "GROUP BY ALL ORDER BY quad"),
        "by_period": by_period,
        "interval": interval,
        "dyads": grouped("source_code AS source, target_code AS target",
                         "AND source_code IS NOT NULL AND target_code IS NOT NULL"
                         " GROUP BY ALL ORDER BY count DESC, source, target", top),
        "countries": grouped("loc_country AS country",
                             "AND loc_country IS NOT NULL GROUP BY ALL ORDER BY count DESC, country"),
        "places": [
            {**r, "lat": round(r["lat"], 3), "lon": round(r["lon"], 3)} for r in grouped(
                "loc_name AS name, loc_country AS country, lat, lon",
                "AND lat IS NOT NULL AND lon IS NOT NULL GROUP BY ALL ORDER BY count DESC, name", 500)
        ],
    }
