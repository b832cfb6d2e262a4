"""eventwire against other coders' own validation suites (``../shared/peer/``).

    score_petr2_gsr(path, pipeline=None) -> {"recall", "precision", "f1", "tp", "expected", "predicted", ...}
    score_petr_unit(path, pipeline=None, actors=(...)) -> same figures, fictional actors loaded
    score_plover(path, pipeline=None) -> {"accuracy", "correct", "total", "by_event": {...}}

Each result has ``errors``: one line per record that was missed or wrongly coded. The XML
suites' own parses are ignored: eventwire parses the text itself. Sentences are coded with
their record's date. Actors compare by country (the first three code letters), or the
international prefix (``IGO``, ``NGO`` ...) for actors without a country, else None: an expected
``---GOV`` and a country-less ``GOV`` both score as None. Events compare by CAMEO root.
"""
from __future__ import annotations

import datetime as dt
import html
import json
import logging
import re
from collections import Counter
from pathlib import Path
from typing import Iterable, Optional

from ..model import RawDocument
from .events import factual, prf

LOGGER = logging.getLogger(__name__)

_SENTENCE_RE = re.compile(r"<Sentence\b([^>]*)>(.*?)</Sentence>", re.S)
_ATTR_RE = re.compile(r'(\w+)="([^"]*)"')
_CODING_RE = re.compile(r"<EventCoding\b([^>]*)>")
_TEXT_RE = re.compile(r"<Text>(.*?)</Text>", re.S)


def read_validation_xml(path) -> list[dict]:
    """PETRARCH validation records -> [{"id", "date", "text", "codings": [(src, tgt, code)]}].

    Parsed with regular expressions: the files hold free-text comment banners that are not
    well-formed XML.
    """
    text = Path(path).read_text(encoding="utf-8", errors="replace")
    records = []
    for attrs, body in _SENTENCE_RE.findall(text):
        meta = dict(_ATTR_RE.findall(attrs))
        if meta.get("evaluate", "true").lower() == "false":
            continue
        body_no_comments = re.sub(r"<!--.*?-->", "", body, flags=re.S)
        match = _TEXT_RE.search(body_no_comments)
        if not match:
            continue
        codings = []
        for coding in _CODING_RE.findall(body_no_comments):
            c = dict(_ATTR_RE.findall(coding))
            if c.get("noevents", "").lower() == "true" or "eventcode" not in c:
                continue
            codings.append((c.get("sourcecode", ""), c.get("targetcode", ""), c["eventcode"]))
        records.append({
            "id": meta.get("id", "?"), "date": _date(meta.get("date")),
            "text": " ".join(html.unescape(match.group(1)).split()), "codings": codings,
        })
    return records


def _date(value: Optional[str]) -> Optional[dt.date]:
    if not value:
        return None
    try:
        return dt.datetime.strptime(value[:8], "%Y%m%d").date()
    except ValueError:
        return None


# code prefixes of actors that belong to no country (CAMEO's international actor types)
INTERNATIONAL_PREFIXES = {"IGO", "NGO", "IMG", "MNC", "NGM", "INT", "UIS", "UNO"}
# CAMEO agent (role) codes: a code that is only a role has no country
ROLE_CODES = {"GOV", "MIL", "REB", "OPP", "COP", "JUD", "LEG", "BUS", "MED", "CVL", "SPY", "PTY",
              "ELI", "LAB", "EDU", "HLH", "REF", "RAD", "CRM", "AGR", "ENV", "HRI", "IGO", "NGO",
              "MNC", "SET", "UAF", "MOD", "UNK", "ACT"}


def actor_key(code: Optional[str], country: Optional[str] = None) -> Optional[str]:
    """The part of an actor two coders can agree on: the country, else the international
    prefix (``IGO``, ``NGO`` ...), else None.

    ``code``: a Phoenix/CAMEO actor code (``CHNGOV``, ``---REB``, ``IGOUNO``); ``country``:
    the actor's ISO3 country when known (eventwire actors), which wins over the code. A code
    naming no country (``---GOV``, or a bare role ``GOV``) is None.
    """
    if country:
        return country[:3].upper()
    if not code:
        return None
    prefix = code[:3].upper()
    if prefix == "---":
        return None
    if prefix in INTERNATIONAL_PREFIXES:
        return prefix
    if prefix in ROLE_CODES:
        return None
    return prefix


def _event_actor_key(actor) -> Optional[str]:
    if actor is None:
        return None
    return actor_key(actor.code, actor.country)


def _root(code: str) -> str:
    return code[:2]


def _run(pipeline, records: list[dict]) -> list:
    """Articles for the records' texts, in order (None for a document that failed)."""
    raws = [RawDocument(input=r["id"], text=r["text"], given_published=r.get("date")) for r in records]
    out = []
    for outcome in pipeline.run(raws):
        out.append(outcome if hasattr(outcome, "events") else None)
    return out


def _default_pipeline(actors: Iterable[str] = ()):
    from ..pipeline import Options, get_pipeline

    return get_pipeline(Options(actors=tuple(actors)))


def score_validation(records: list[dict], pipeline) -> dict:
    """Triple (source, target, root) recall / precision over validation records."""
    tp = n_exp = n_pred = dyad_tp = 0
    errors: list[str] = []
    for record, article in zip(records, _run(pipeline, records)):
        expected = Counter((actor_key(s), actor_key(t), _root(c)) for s, t, c in record["codings"])
        events = factual(article.events) if article is not None else []
        predicted = Counter((_event_actor_key(e.source), _event_actor_key(e.target), e.cameo_root)
                            for e in events)
        hit = sum((expected & predicted).values())
        dyads = lambda c: Counter(k[:2] for k in c.elements())  # noqa: E731
        dyad_tp += sum((dyads(expected) & dyads(predicted)).values())
        tp += hit
        n_exp += sum(expected.values())
        n_pred += sum(predicted.values())
        if expected != predicted:
            errors.append(f"[{record['id']}] expected {sorted(expected.elements(), key=str)} got "
                          f"{sorted(predicted.elements(), key=str)}: {record['text'][:160]}")
    out = prf(tp, n_exp, n_pred)
    out["expected"] = out.pop("gold")
    # (source, target) alone: the grammar, whatever the code book (the unit suite's verb codes
    # are PETRARCH's test codes, not all CAMEO)
    out["dyad_recall"] = round(dyad_tp / n_exp, 4) if n_exp else 0.0
    out["records"] = len(records)
    out["errors"] = errors
    return out


def score_petr2_gsr(path_to_xml, pipeline=None) -> dict:
    """PETR2_GSR_validation.xml (real news, Phoenix dictionaries = eventwire's shipped ones)."""
    return score_validation(read_validation_xml(path_to_xml), pipeline or _default_pipeline())


def score_petr_unit(path, pipeline=None, actors: Iterable[str] = ()) -> dict:
    """PETR.UnitTest.records.xml with the fictional actors (Arnor, Gondor ...).

    ``actors``: the suite's dictionaries; by default ``PETR.Validate.actors.txt`` and
    ``PETR.Validate.agents.txt`` next to ``path``, loaded as user dictionaries.
    """
    folder = Path(path).parent
    actors = tuple(actors) or tuple(str(folder / n) for n in ("PETR.Validate.actors.txt",
                                                               "PETR.Validate.agents.txt"))
    return score_validation(read_validation_xml(path), pipeline or _default_pipeline(actors))


# PLOVER 0.5 labels in PLOVER_GSR_CAMEO.json whose 2021 names differ
LEGACY_TO_2021 = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE",
                  "FIGHT": "ASSAULT"}


def _legacy_type(code: str) -> Optional[str]:
    """PLOVER 0.5 event name for a CAMEO code (through the ontology's mapping)."""
    from .. import ontology

    legacy = getattr(ontology, "plover_legacy", None)
    if legacy is not None:
        return legacy(code)
    return ontology.plover(code).get("event")


def score_plover(path, pipeline=None) -> dict:
    """Event-type accuracy on PLOVER_GSR_CAMEO.json: the most confident factual event's type.

    A record counts as correct when eventwire's event (CAMEO -> PLOVER 0.5 name) equals the
    record's ``event``; a record with no event counts as wrong.
    """
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    records = [{"id": r["id"], "text": r["text"], "event": r["event"],
                "date": _iso(r.get("date"))} for r in data if r.get("event") != "DOCUMENT" and r.get("text")]
    pipeline = pipeline or _default_pipeline()
    correct = 0
    by_event: dict[str, list[int]] = {}
    errors: list[str] = []
    for record, article in zip(records, _run(pipeline, records)):
        events = factual(article.events) if article is not None else []
        if not events and article is not None:
            events = list(article.events)  # PLOVER codes modes such as threats to act
        best = max(events, key=lambda e: e.confidence, default=None)
        got = _legacy_type(best.cameo_code) if best else None
        ok = got == record["event"] or (got and LEGACY_TO_2021.get(got, got) == LEGACY_TO_2021.get(record["event"], record["event"])
                                        and record["event"] not in ("FIGHT", "ASSAULT", "INVESTIGATE", "DISAPPROVE"))
        acc = by_event.setdefault(record["event"], [0, 0])
        acc[1] += 1
        if ok:
            correct += 1
            acc[0] += 1
        else:
            errors.append(f"[{record['id']}] expected {record['event']} got {got} "
                          f"({best.cameo_code if best else None}): {record['text'][:160]}")
    total = len(records)
    return {"accuracy": round(correct / total, 4) if total else 0.0, "correct": correct,
            "total": total, "by_event": {k: round(v[0] / v[1], 3) for k, v in sorted(by_event.items())},
            "errors": errors}


def _iso(value: Optional[str]) -> Optional[dt.date]:
    try:
        return dt.date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None
