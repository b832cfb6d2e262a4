"""Between records and rows: ``Article.to_dict()`` (the JSON contract) <-> table rows.

Fields of the contract that have no column (fields added to the model later) go to each
row's ``extra`` JSON column, so nothing is lost and the contract is rebuilt whole.
"""
from __future__ import annotations

import bisect
import datetime as dt
import hashlib
import json
from typing import Any, Optional

ACTOR_FIELDS = ("name", "code", "country", "agent", "role")
LOCATION_FIELDS = ("name", "country", "admin1", "lat", "lon", "geonameid", "feature")

ARTICLE_FIELDS = ("input", "title", "url", "outlet", "published", "published_source", "language")
# contract keys stored in their own tables rather than as article columns
ARTICLE_CHILDREN = ("body", "captions", "boilerplate", "entities", "quotes", "events", "places")

QUOTE_FIELDS = ("kind", "text", "speaker", "speaker_role", "start", "end", "cue", "channel")
EVENT_SCALARS = (
    "sentence", "start", "end", "cameo_code", "cameo_root", "quad_class", "goldstein",
    "negated", "hypothetical", "attribution", "date", "date_source", "coder", "trigger",
    "pattern", "confidence",
)
EVENT_NESTED = ("source", "target", "plover", "location")
PLACE_FIELDS = ("text", "start", "end")
ENTITY_FIELDS = ("text", "label", "start", "end")

PARAGRAPH_KINDS = ("body", "captions", "boilerplate")


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def document_key(article: dict) -> str:
    """A document's identity: its URL when it has one, else ``sha256:`` + the cleaned text's hash.

    The input path is deliberately not part of it: the same article saved twice under two
    names is one document.
    """
    url = (article.get("url") or "").strip()
    if url:
        return url
    return "sha256:" + sha256("\n\n".join(article.get("body") or []))


def _date(value: Any) -> Optional[dt.date]:
    if value is None or isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def _extra(record: dict, known: tuple[str, ...]) -> Optional[str]:
    rest = {k: v for k, v in record.items() if k not in known}
    return json.dumps(rest, ensure_ascii=False, default=str) if rest else None


def actor_values(actor: Optional[dict]) -> list:
    if not actor:
        return [None] * len(ACTOR_FIELDS)
    return [actor.get("name") if actor.get("name") is not None else ""] + [
        actor.get(f) for f in ACTOR_FIELDS[1:]
    ]


def paragraph_rows(article_id: int, article: dict) -> list[tuple]:
    """Body paragraphs carry their offsets into the cleaned text; other kinds do not."""
    rows = []
    offset = 0
    for idx, text in enumerate(article.get("body") or []):
        rows.append((article_id, "body", idx, text, offset, offset + len(text)))
        offset += len(text) + 2
    for kind in PARAGRAPH_KINDS[1:]:
        for idx, text in enumerate(article.get(kind) or []):
            rows.append((article_id, kind, idx, text, None, None))
    return rows


def paragraph_index(body: list[str], start: int) -> Optional[int]:
    """Index of the body paragraph holding char offset ``start`` (None when outside)."""
    starts, offset = [], 0
    for text in body:
        starts.append(offset)
        offset += len(text) + 2
    if not body or start is None or start < 0 or start >= offset:
        return None
    return bisect.bisect_right(starts, start) - 1


EVENT_COLUMNS = (
    "id", "article_id", "idx", "paragraph", "sentence", "start", "end",
    *(f"source_{f}" for f in ACTOR_FIELDS), *(f"target_{f}" for f in ACTOR_FIELDS),
    "cameo_code", "cameo_root", "quad_class", "goldstein", "plover_event", "plover_mode",
    "negated", "hypothetical", "attribution", "date", "date_source",
    "loc_name", "loc_country", "loc_admin1", "lat", "lon", "loc_geonameid", "loc_feature",
    "coder", "trigger", "pattern", "confidence", "extra",
)


def event_row(event_id: int, article_id: int, idx: int, event: dict, body: list[str]) -> tuple:
    plover = dict(event.get("plover") or {})
    loc = event.get("location") or {}
    extra = {k: v for k, v in event.items() if k not in EVENT_SCALARS + EVENT_NESTED}
    plover_rest = {k: v for k, v in plover.items() if k not in ("event", "mode")}
    if plover_rest:
        extra["plover"] = plover_rest
    if loc and any(k not in LOCATION_FIELDS for k in loc):
        extra["location"] = {k: v for k, v in loc.items() if k not in LOCATION_FIELDS}
    values = [
        event_id, article_id, idx, paragraph_index(body, event.get("start")),
        event.get("sentence"), event.get("start"), event.get("end"),
        *actor_values(event.get("source")), *actor_values(event.get("target")),
        event.get("cameo_code"), event.get("cameo_root"), event.get("quad_class"),
        event.get("goldstein"), plover.get("event"), plover.get("mode"),
        bool(event.get("negated")), bool(event.get("hypothetical")), event.get("attribution"),
        _date(event.get("date")), event.get("date_source"),
        *( [loc.get(f) for f in LOCATION_FIELDS] if loc else [None] * len(LOCATION_FIELDS) ),
        event.get("coder"), event.get("trigger"), event.get("pattern"), event.get("confidence"),
        json.dumps(extra, ensure_ascii=False, default=str) if extra else None,
    ]
    # no location at all is told apart from a location without a name by loc_name NULL
    if loc and values[EVENT_COLUMNS.index("loc_name")] is None:
        values[EVENT_COLUMNS.index("loc_name")] = ""
    return tuple(values)


QUOTE_COLUMNS = (
    "id", "article_id", "idx", "kind", "text", "speaker",
    *(f"speaker_actor_{f}" for f in ACTOR_FIELDS),
    "speaker_role", "start", "end", "cue", "channel", "extra",
)


def quote_row(quote_id: int, article_id: int, idx: int, quote: dict) -> tuple:
    return (
        quote_id, article_id, idx, quote.get("kind"), quote.get("text"), quote.get("speaker"),
        *actor_values(quote.get("speaker_actor")),
        quote.get("speaker_role"), quote.get("start"), quote.get("end"), quote.get("cue"),
        quote.get("channel"),
        _extra(quote, QUOTE_FIELDS + ("speaker_actor",)),
    )


PLACE_COLUMNS = ("article_id", "idx", "text", "start", "end", *LOCATION_FIELDS)


def place_row(article_id: int, idx: int, place: dict) -> tuple:
    loc = place.get("location") or {}
    return (article_id, idx, place.get("text"), place.get("start"), place.get("end"),
            *([loc.get(f) for f in LOCATION_FIELDS] if loc else [None] * len(LOCATION_FIELDS)))


ENTITY_COLUMNS = ("article_id", "idx", "text", "label", "start", "end")


def entity_row(article_id: int, idx: int, entity: dict) -> tuple:
    return (article_id, idx, *(entity.get(f) for f in ENTITY_FIELDS))


# ---------------------------------------------------------------- rows -> contract dicts


def _iso(value: Any) -> Any:
    return value.isoformat()[:10] if isinstance(value, (dt.date, dt.datetime)) else value


def actor_from(row: dict, prefix: str) -> Optional[dict]:
    if row.get(f"{prefix}_name") is None:
        return None
    return {f: row.get(f"{prefix}_{f}") for f in ACTOR_FIELDS}


def _loads(value: Any) -> dict:
    if not value:
        return {}
    return value if isinstance(value, dict) else json.loads(value)


def event_dict(row: dict) -> dict:
    """A stored event as in the contract (plus ``id``, ``article_id``, ``paragraph``)."""
    extra = _loads(row.get("extra"))
    location = None
    if row.get("loc_name") is not None:
        location = {f: row.get(c) for f, c in zip(
            LOCATION_FIELDS,
            ("loc_name", "loc_country", "loc_admin1", "lat", "lon", "loc_geonameid", "loc_feature"))}
        location.update(extra.pop("location", {}))
    out: dict = {"id": row["id"], "article_id": row["article_id"], "paragraph": row.get("paragraph")}
    out.update({
        "sentence": row.get("sentence"), "start": row.get("start"), "end": row.get("end"),
        "source": actor_from(row, "source"), "target": actor_from(row, "target"),
        "cameo_code": row.get("cameo_code"), "cameo_root": row.get("cameo_root"),
        "quad_class": row.get("quad_class"), "goldstein": row.get("goldstein"),
        "plover": {"event": row.get("plover_event"), "mode": row.get("plover_mode"),
                   **extra.pop("plover", {})},
        "negated": row.get("negated"), "hypothetical": row.get("hypothetical"),
        "attribution": row.get("attribution"), "date": _iso(row.get("date")),
        "date_source": row.get("date_source"), "location": location,
        "coder": row.get("coder"), "trigger": row.get("trigger"), "pattern": row.get("pattern"),
        "confidence": row.get("confidence"),
    })
    out.update(extra)
    return out


def quote_dict(row: dict) -> dict:
    out = {"id": row["id"], "kind": row.get("kind"), "text": row.get("text"),
           "speaker": row.get("speaker"), "speaker_actor": actor_from(row, "speaker_actor"),
           "speaker_role": row.get("speaker_role"), "start": row.get("start"),
           "end": row.get("end"), "cue": row.get("cue"), "channel": row.get("channel")}
    out.update(_loads(row.get("extra")))
    return out


def place_dict(row: dict) -> dict:
    location = None
    if any(row.get(f) is not None for f in LOCATION_FIELDS):
        location = {f: row.get(f) for f in LOCATION_FIELDS}
    return {"text": row.get("text"), "start": row.get("start"), "end": row.get("end"),
            "location": location}


def entity_dict(row: dict) -> dict:
    return {f: row.get(f) for f in ENTITY_FIELDS}
