"""``eventwire eval``: run the pipeline over the gold sets and collect every scorer's figures.

Scorers live beside this module, one per concern (events.py, peers.py, quotes.py,
whenwhere.py); this runner builds their inputs once and flattens their figures into
``{"suite/metric": value}``. A baseline file pins those figures; ``check`` lists drops.
"""
from __future__ import annotations

import importlib
import json
import logging
import os
from pathlib import Path
from typing import Callable

from ..errors import EventwireError

LOGGER = logging.getLogger(__name__)

SUITES = ("news", "petr2", "petr-unit", "plover", "toponyms")
TOLERANCE = 0.005  # scores are rounded to 3 places; smaller moves are noise of rounding


def find_shared(explicit: str | None = None) -> Path:
    """The evaluation data folder: --shared, $EVENTWIRE_SHARED, or ../shared near cwd or the repo."""
    candidates = [explicit, os.environ.get("EVENTWIRE_SHARED"), "../shared", "shared"]
    here = Path(__file__).resolve()
    candidates += [str(parent / "shared") for parent in here.parents]
    for candidate in candidates:
        if candidate and (Path(candidate) / "dev" / "news" / "gold.jsonl").exists():
            return Path(candidate)
    raise EventwireError("evaluation data not found: pass --shared DIR (the folder holding "
                         "dev/news/gold.jsonl and peer/) or set EVENTWIRE_SHARED")


def load_gold(shared: Path) -> list[dict]:
    with open(shared / "dev" / "news" / "gold.jsonl", encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def news_pairs(shared: Path) -> list[tuple[dict, object]]:
    """(gold article, coded Article) for every dev article, coded from its scraped text.

    The gold record's ``published`` is passed as the document's metadata (as a feed or a JSONL
    record would carry it): dates are scored on resolving expressions against the publication
    date, and some scraped texts never state their year.
    """
    import datetime as dt

    from .. import extract_many, ingest

    gold = load_gold(shared)
    raws = []
    for g in gold:
        path = shared / "dev" / "news" / "articles" / f"{g['id']}.txt"
        raw = next(iter(ingest.read_paths([str(path)])))
        if not isinstance(raw, Exception) and raw.published is None and g.get("published"):
            raw.published = dt.date.fromisoformat(g["published"])
        raws.append(raw)
    outcomes = list(extract_many([r for r in raws if not isinstance(r, Exception)], workers=1))
    outcomes = iter(outcomes)
    pairs = []
    for g, raw in zip(gold, raws):
        outcome = raw if isinstance(raw, Exception) else next(outcomes)
        if hasattr(outcome, "events"):
            pairs.append((g, outcome))
        else:
            LOGGER.warning("dev article %s failed: %s", g["id"], outcome)
    return pairs


def _scorer(module: str, name: str) -> Callable | None:
    try:
        return getattr(importlib.import_module(f"{__name__}.{module}"), name)
    except (ImportError, AttributeError) as exc:
        LOGGER.info("scorer %s.%s unavailable: %s", module, name, exc)
        return None


def _flat(prefix: str, figures: dict, into: dict) -> None:
    for key, value in figures.items():
        if isinstance(value, dict):
            _flat(f"{prefix}/{key}", value, into)
        elif isinstance(value, (int, float)) and not isinstance(value, bool):
            into[f"{prefix}/{key}"] = round(float(value), 3) if isinstance(value, float) else value


def run_suites(shared: Path, suites=None, errors: bool = False) -> dict:
    """Run the chosen suites; returns {"scores": {...}, "errors": {suite: [lines]}}."""
    suites = tuple(suites or SUITES)
    scores: dict = {}
    error_lines: dict[str, list[str]] = {}
    peer = shared / "peer"

    def take(prefix, module, name, *args):
        func = _scorer(module, name)
        if func is None:
            error_lines.setdefault("unavailable", []).append(f"{module}.{name}")
            return
        figures = dict(func(*args))
        lines = figures.pop("errors", [])
        _flat(prefix, figures, scores)
        if errors and lines:
            error_lines[prefix] = list(lines)

    if "news" in suites:
        pairs = news_pairs(shared)
        take("news/events", "events", "score_news", pairs)
        take("news/quotes", "quotes", "score", pairs)
        take("news/whenwhere", "whenwhere", "score", pairs)
        if errors:
            for prefix, module, name in (("news/events", "events", "errors_news"),
                                         ("news/quotes", "quotes", "errors")):
                func = _scorer(module, name)
                if func is not None:
                    error_lines[prefix] = list(func(pairs))
    if "petr2" in suites:
        take("petr2", "peers", "score_petr2_gsr", peer / "petrarch2" / "PETR2_GSR_validation.xml")
    if "petr-unit" in suites:
        take("petr-unit", "peers", "score_petr_unit", peer / "petrarch2" / "PETR.UnitTest.records.xml")
    if "plover" in suites:
        take("plover", "peers", "score_plover", peer / "plover" / "PLOVER_GSR_CAMEO.json")
    if "toponyms" in suites:
        take("toponyms", "whenwhere", "score_toponyms")
    return {"scores": scores, "errors": error_lines}


def render(results: dict) -> str:
    """A plain table of the figures, then the error listings."""
    scores = results["scores"]
    width = max((len(k) for k in scores), default=10)
    lines = [f"{'metric':<{width}}  value", f"{'-' * width}  -----"]
    lines += [f"{key:<{width}}  {value}" for key, value in sorted(scores.items())]
    for suite, entries in results.get("errors", {}).items():
        lines += ["", f"## {suite}"] + [str(e) for e in entries]
    return "\n".join(lines)


QUALITY = ("precision", "recall", "f1", "accuracy", "speaker_accuracy", "date_accuracy",
           "location_country_accuracy", "dyad_recall", "country_accuracy")


def quality(scores: dict) -> dict:
    """The figures a baseline pins: rates where higher is better, not counts."""
    return {k: v for k, v in sorted(scores.items()) if k.rsplit("/", 1)[-1] in QUALITY}


def write_baseline(scores: dict, path) -> None:
    """Pin today's quality figures (a deliberate, reviewed change: the file is in git)."""
    with open(path, "w", encoding="utf-8") as fh:
        json.dump({"scores": quality(scores)}, fh, indent=2)
        fh.write("\n")


def check(scores: dict, baseline_path) -> list[str]:
    """Every pinned figure that dropped (or vanished): one line each."""
    with open(baseline_path, encoding="utf-8") as fh:
        baseline = json.load(fh)
    drops = []
    for key, pinned in baseline.get("scores", baseline).items():
        if key not in scores:
            drops.append(f"{key}: pinned at {pinned}, not measured")
        elif scores[key] < pinned - TOLERANCE:
            drops.append(f"{key}: {scores[key]} < pinned {pinned}")
    return drops
