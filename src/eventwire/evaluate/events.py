"""Scoring coded events against the dev news gold set (``dev/news/gold.jsonl``).

    score_news(pairs) -> {"triple": {"precision", "recall", "f1", "tp", "gold", "predicted"},
                          "root": {...}, "dyad": {...}, "articles": n}
    errors_news(pairs) -> ["[cause] article: MISS/FALSE ... | sentence | coder trace"]

``pairs``: (gold article dict, predicted Article). Keys compared, one-to-one within an article
(multiset intersection):

- triple: (source country, target country, CAMEO root)
- root:   CAMEO root alone
- dyad:   (source country, target country)

Only factual predicted events count: negated or hypothetical ones are left out. An actor
without a country (IGO, NGO, a rebel group) counts as country None, as in the gold set.
"""
from __future__ import annotations

import logging
from collections import Counter, defaultdict
from typing import Iterable, Optional

from .. import events as events_mod

LOGGER = logging.getLogger(__name__)


def gold_key(event: dict, kind: str = "triple") -> tuple:
    """Comparison key of a gold event dict."""
    source = (event.get("source") or {}).get("country")
    target = (event.get("target") or {}).get("country")
    root = event["cameo_root"]
    return _key(source, target, root, kind)


def predicted_key(event, kind: str = "triple") -> tuple:
    """Comparison key of a predicted Event."""
    source = event.source.country if event.source else None
    target = event.target.country if event.target else None
    return _key(source, target, event.cameo_root, kind)


def _key(source, target, root, kind: str) -> tuple:
    if kind == "triple":
        return (source, target, root)
    if kind == "root":
        return (root,)
    if kind == "dyad":
        return (source, target)
    raise ValueError(f"unknown key kind {kind!r} (valid: triple, root, dyad)")


def factual(events) -> list:
    """Predicted events that count as facts (not negated, not hypothetical)."""
    return [e for e in events if not e.negated and not e.hypothetical]


def prf(tp: int, n_gold: int, n_pred: int) -> dict:
    """Precision, recall, F1 from counts."""
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4),
            "tp": tp, "gold": n_gold, "predicted": n_pred}


def score_news(pairs: Iterable[tuple[dict, object]]) -> dict:
    """Precision / recall / F1 of triple, root-only and dyad-only matches over all articles."""
    totals = {k: [0, 0, 0] for k in ("triple", "root", "dyad")}
    n = 0
    for gold, article in pairs:
        n += 1
        predicted = factual(article.events) if article is not None else []
        for kind, acc in totals.items():
            g = Counter(gold_key(e, kind) for e in gold.get("events", []))
            p = Counter(predicted_key(e, kind) for e in predicted)
            acc[0] += sum((g & p).values())
            acc[1] += sum(g.values())
            acc[2] += sum(p.values())
    out = {kind: prf(*acc) for kind, acc in totals.items()}
    out["articles"] = n
    return out


def _sentence_trace(article, sentence: str) -> list[str]:
    """The coder's trace lines for the sentence of ``article`` that contains ``sentence``."""
    traces = events_mod.traces_for(article.text) if article is not None else None
    if not traces:
        return []
    probe = sentence.strip()[:60]
    for text, lines in traces:
        if probe and (probe in text or text.strip()[:60] in sentence):
            return lines
    return []


def _classify_miss(gold_event: dict, predicted: list, trace: list[str]) -> str:
    key = gold_key(gold_event)
    same = [e for e in predicted if gold_event["sentence"][:60] in e.sentence or e.sentence[:60] in gold_event["sentence"]]
    for e in same:
        pk = predicted_key(e)
        if (e.negated or e.hypothetical) and pk == key:
            return "flagged negated/hypothetical"
    for e in same:
        pk = predicted_key(e)
        if pk[:2] == key[:2]:
            return "wrong code"
    for e in same:
        pk = predicted_key(e)
        if pk[2] == key[2] and pk[0] == key[0]:
            return "target wrong"
        if pk[2] == key[2] and pk[1] == key[1]:
            return "source wrong"
    text = "\n".join(trace)
    if "predicate" not in text:
        return "no predicate"
    if "no source actor" in text:
        return "source not found"
    if "no target actor" in text:
        return "target not found"
    if "unresolved" in text:
        return "actor unresolved"
    return "other (event coded elsewhere or dropped)"


def _classify_false(event, gold_events: list[dict]) -> str:
    same = [g for g in gold_events if g["sentence"][:60] in event.sentence or event.sentence[:60] in g["sentence"]]
    if not same:
        return "not a gold event sentence"
    pk = predicted_key(event)
    for g in same:
        gk = gold_key(g)
        if gk[:2] == pk[:2]:
            return "wrong code"
    for g in same:
        gk = gold_key(g)
        if gk[2] == pk[2] and gk[0] == pk[0]:
            return "target wrong"
        if gk[2] == pk[2] and gk[1] == pk[1]:
            return "source wrong"
    return "extra event in a gold sentence"


def errors_news(pairs: Iterable[tuple[dict, object]]) -> list[str]:
    """Every miss and every false event, grouped by cause, with sentence and coder trace."""
    groups: dict[str, list[str]] = defaultdict(list)
    for gold, article in pairs:
        aid = gold.get("id", "?")
        events = article.events if article is not None else []
        predicted = factual(events)
        g = Counter(gold_key(e) for e in gold.get("events", []))
        p = Counter(predicted_key(e) for e in predicted)
        missing = g - p
        extra = p - g
        for ge in gold.get("events", []):
            key = gold_key(ge)
            if missing[key] > 0:
                missing[key] -= 1
                trace = _sentence_trace(article, ge["sentence"]) if article is not None else []
                cause = _classify_miss(ge, events, trace)
                groups[cause].append(_format("MISS", aid, key, ge.get("cameo_code"), ge["sentence"],
                                             trace, gold_names=(ge["source"].get("name"), (ge.get("target") or {}).get("name"))))
        for e in predicted:
            key = predicted_key(e)
            if extra[key] > 0:
                extra[key] -= 1
                cause = _classify_false(e, gold.get("events", []))
                trace = _sentence_trace(article, e.sentence)
                groups[cause].append(_format("FALSE", aid, key, e.cameo_code, e.sentence, trace,
                                             gold_names=(e.source.name if e.source else None,
                                                         e.target.name if e.target else None)))
    lines: list[str] = []
    for cause, items in sorted(groups.items(), key=lambda kv: -len(kv[1])):
        lines.append(f"== {cause}: {len(items)}")
        lines.extend(items)
    return lines


def _format(kind: str, aid: str, key: tuple, code: Optional[str], sentence: str, trace: list[str],
            gold_names=(None, None)) -> str:
    head = f"{kind} [{aid}] {key[0]}->{key[1]} root {key[2]} ({code}) {gold_names[0]!r} -> {gold_names[1]!r}"
    body = f"    sentence: {sentence}"
    explanation = "\n".join("    | " + line for line in trace[1:]) if trace else "    | (no trace)"
    return "\n".join([head, body, explanation])
