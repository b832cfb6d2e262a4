"""Evaluation of dates and places: event dates and locations against gold, and geoparsing.

    match_events(gold_events, predicted_events) -> list[(gold_index, predicted_index)]
    score(pairs) -> dict     pairs: [(gold article dict from gold.jsonl, predicted Article)]
    score_toponyms(fixture_path) -> dict

Events match one-to-one within an article on (source country, target country, CAMEO root), as
the dev set's README says; among equal keys the predicted event whose sentence overlaps the gold
sentence most is taken first, so a date or place is compared on the event it belongs to.
"""
from __future__ import annotations

import csv
import datetime as dt
import logging
from pathlib import Path
from typing import Any, Iterable, Optional

LOGGER = logging.getLogger(__name__)


def _get(record: Any, name: str) -> Any:
    """Field of a dict or of a record object."""
    return record.get(name) if isinstance(record, dict) else getattr(record, name, None)


def _country(actor: Any) -> Optional[str]:
    return None if actor is None else _get(actor, "country")


def _key(event: Any) -> tuple:
    return (_country(_get(event, "source")), _country(_get(event, "target")), _get(event, "cameo_root"))


def _overlap(a: str, b: str) -> float:
    wa, wb = set((a or "").lower().split()), set((b or "").lower().split())
    return len(wa & wb) / max(1, min(len(wa), len(wb)))


def match_events(gold_events: list, predicted_events: list) -> list[tuple[int, int]]:
    """One-to-one (gold index, predicted index) pairs with equal (source country, target country, root).

    Events may be dicts (gold.jsonl, ``Article.to_dict()``) or ``Event`` records. Candidate pairs
    are taken greedily by how much their sentences overlap, so ties go to the same sentence.
    """
    candidates = []
    for gi, gold in enumerate(gold_events):
        for pi, pred in enumerate(predicted_events):
            if _key(gold) == _key(pred):
                candidates.append((-_overlap(_get(gold, "sentence"), _get(pred, "sentence")), gi, pi))
    used_gold: set[int] = set()
    used_pred: set[int] = set()
    pairs = []
    for _, gi, pi in sorted(candidates):
        if gi not in used_gold and pi not in used_pred:
            used_gold.add(gi)
            used_pred.add(pi)
            pairs.append((gi, pi))
    return sorted(pairs)


def _iso(value: Any) -> Optional[str]:
    if value is None:
        return None
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()[:10]
    return str(value)[:10]


def score(pairs: Iterable[tuple[dict, Any]]) -> dict:
    """Date and location-country accuracy over matched events.

    ``date_accuracy``: share of matched events with a gold date whose predicted date is equal;
    ``location_country_accuracy``: share of matched events with a gold location whose predicted
    location has the same country (no predicted location counts as country None, right for a gold
    place in no country such as a sea); ``location_country_correct_strict`` counts only events
    that also have a predicted location. Counts are reported alongside.
    """
    n_gold = n_pred = n_matched = 0
    dated = dated_right = located = located_right = located_strict = 0
    for gold_article, predicted in pairs:
        gold_events = gold_article.get("events", [])
        pred_events = list(_get(predicted, "events") or [])
        n_gold += len(gold_events)
        n_pred += len(pred_events)
        for gi, pi in match_events(gold_events, pred_events):
            n_matched += 1
            gold, pred = gold_events[gi], pred_events[pi]
            if gold.get("date") is not None:
                dated += 1
                dated_right += _iso(gold["date"]) == _iso(_get(pred, "date"))
            if gold.get("location") is not None:
                located += 1
                loc = _get(pred, "location")
                # a place in no country (a sea, a UN body's chamber) has country None: predicting
                # no place gets that country right too; ``..._strict`` also requires a place
                country = None if loc is None else _get(loc, "country")
                located_right += country == gold["location"].get("country")
                located_strict += loc is not None and country == gold["location"].get("country")
    return {
        "gold_events": n_gold,
        "predicted_events": n_pred,
        "matched_events": n_matched,
        "dated": dated,
        "date_correct": dated_right,
        "date_accuracy": dated_right / dated if dated else None,
        "located": located,
        "location_country_correct": located_right,
        "location_country_accuracy": located_right / located if located else None,
        "location_country_correct_strict": located_strict,
    }


TOPONYMS = Path(__file__).with_name("toponyms.csv")  # shipped: eval needs no test tree


def score_toponyms(fixture_path: str | Path = TOPONYMS, nlp=None, use_actors: bool = True) -> dict:
    """Geoparsing accuracy on a table of toponyms in context.

    The CSV has columns ``sentence, toponym, country, admin1, feature`` (country ISO3; admin1 and
    feature may be empty: then they are not checked; an empty country means none, as for seas). A row is right when ``find_places`` finds
    a place whose text contains the toponym and whose Location has the expected country (and
    admin1 / feature where given); ``country`` "-" means the toponym must NOT be returned as a
    place (a capital used as an actor). ``use_actors``: pass actors.find_mentions to find_places
    (the article context and capitals-as-actors), as the pipeline does.
    """
    from .. import actors, nlp as nlp_mod, where

    nlp = nlp or nlp_mod.load()
    rows = list(csv.DictReader(Path(fixture_path).open(encoding="utf-8")))
    right, wrong = 0, []
    country_right = 0
    for row in rows:
        doc = nlp(row["sentence"])
        mentions = actors.find_mentions(doc, actors.ActorDictionary.default(), None) if use_actors else []
        places = [p for p in where.find_places(doc, mentions) if row["toponym"] in p.text]
        ok, country_ok = _row_result(row, places)
        right += ok
        country_right += country_ok
        if not ok:
            found = [(p.text, p.location and (p.location.country, p.location.admin1, p.location.feature)) for p in places]
            wrong.append({"sentence": row["sentence"], "toponym": row["toponym"], "found": found})
    total = len(rows)
    return {
        "toponyms": total,
        "correct": right,
        "accuracy": right / total if total else None,
        "country_accuracy": country_right / total if total else None,
        "errors": wrong,
    }


def _row_result(row: dict, places: list) -> tuple[bool, bool]:
    if row["country"] == "-":
        return not places, not places
    expected = row["country"] or None  # empty: a place in no country (a sea, a disputed area)
    for place in places:
        loc = place.location
        if loc is None or loc.country != expected:
            continue
        admin_ok = not row.get("admin1") or (loc.admin1 or "") == row["admin1"]
        feature_ok = not row.get("feature") or loc.feature == row["feature"]
        return admin_ok and feature_ok, True
    return False, False
