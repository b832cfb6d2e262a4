"""Scoring direct quotations and their speakers against a gold set.

``pairs`` are ``(gold_article, predicted)``: a gold object as in ``dev/news/gold.jsonl``
(``id`` and ``quotes``: ``text``, ``speaker``, ``speaker_role``) and the predicted
``Article`` (or its ``to_dict()``).

Rules (those of the gold set's README):
- only direct quotations are scored (predicted ``kind == "indirect"`` are ignored);
- a gold and a predicted quotation match when their word sets overlap by at least 60% of the
  smaller set; matching is one-to-one within an article, best overlaps first (ties: the
  higher share of all words first);
- a matched quotation's speaker is right when the gold speaker's last word is one of the
  predicted speaker's words (case-insensitive). A parenthesis in the gold speaker gives an
  alternative name ("Israel Defense Forces (IDF)": "Forces" or "IDF").

Run on a directory of articles: ``python -m eventwire.evaluate.quotes DEV_DIR`` where
DEV_DIR holds ``gold.jsonl`` and ``articles/{id}.txt``.
"""
from __future__ import annotations

import argparse
import json
import logging
import re
import sys
from pathlib import Path
from typing import Any, Iterable, Sequence

LOGGER = logging.getLogger(__name__)

MIN_OVERLAP = 0.6
_WORD = re.compile(r"[^\W_]+")


def words(text: str) -> set[str]:
    """Lower-case word set of a quotation (apostrophes split words the same way on both sides)."""
    return set(_WORD.findall((text or "").lower()))


def overlap(a: str, b: str) -> float:
    """Shared words as a share of the smaller word set (0 when either is empty)."""
    wa, wb = words(a), words(b)
    if not wa or not wb:
        return 0.0
    return len(wa & wb) / min(len(wa), len(wb))


def jaccard(a: str, b: str) -> float:
    """Shared words over all words: breaks ties between equal overlaps (a one-word quotation
    fully inside a long one must not take the long one's partner)."""
    wa, wb = words(a), words(b)
    return len(wa & wb) / len(wa | wb) if wa | wb else 0.0


def _as_dict(article: Any) -> dict:
    return article.to_dict() if hasattr(article, "to_dict") else dict(article)


def _direct(predicted: dict) -> list[dict]:
    return [q for q in predicted.get("quotes", []) if q.get("kind", "direct") == "direct"]


def match(gold_quotes: Sequence[dict], predicted_quotes: Sequence[dict]) -> list[tuple[int, int]]:
    """One-to-one (gold index, predicted index) pairs overlapping by >= MIN_OVERLAP."""
    scored = sorted(
        ((overlap(g["text"], p["text"]), jaccard(g["text"], p["text"]), gi, pi)
         for gi, g in enumerate(gold_quotes) for pi, p in enumerate(predicted_quotes)),
        key=lambda x: (-x[0], -x[1], x[2], x[3]),
    )
    used_g, used_p, pairs = set(), set(), []
    for value, _, gi, pi in scored:
        if value < MIN_OVERLAP:
            break
        if gi in used_g or pi in used_p:
            continue
        used_g.add(gi)
        used_p.add(pi)
        pairs.append((gi, pi))
    return sorted(pairs)


def _speaker_names(gold_speaker: str) -> list[str]:
    """Last words that make a predicted speaker right: of the name and of a parenthesis."""
    names = []
    main = re.sub(r"\([^)]*\)", " ", gold_speaker or "")
    for part in [main] + re.findall(r"\(([^)]*)\)", gold_speaker or ""):
        found = _WORD.findall(part.lower().replace("’s", "").replace("'s", ""))
        if found:
            names.append(found[-1])
    return names


def speaker_right(gold_speaker: str | None, predicted_speaker: str | None) -> bool:
    """Whether the gold speaker's last word is a word of the predicted speaker."""
    if not gold_speaker:
        return True
    predicted = set(_WORD.findall((predicted_speaker or "").lower()))
    return any(name in predicted for name in _speaker_names(gold_speaker))


def _ratio(num: int, den: int) -> float:
    return round(num / den, 4) if den else 0.0


def score(pairs: Iterable[tuple[dict, Any]]) -> dict:
    """Quote precision, recall, F1 and speaker accuracy over matched quotations."""
    tp = fp = fn = right = 0
    for gold, article in pairs:
        predicted = _direct(_as_dict(article))
        gold_quotes = gold.get("quotes", [])
        matched = match(gold_quotes, predicted)
        tp += len(matched)
        fp += len(predicted) - len(matched)
        fn += len(gold_quotes) - len(matched)
        right += sum(speaker_right(gold_quotes[gi].get("speaker"), predicted[pi].get("speaker"))
                     for gi, pi in matched)
    precision, recall = _ratio(tp, tp + fp), _ratio(tp, tp + fn)
    f1 = round(2 * precision * recall / (precision + recall), 4) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1, "tp": tp, "fp": fp, "fn": fn,
            "speaker_accuracy": _ratio(right, tp), "speaker_right": right}


def errors(pairs: Iterable[tuple[dict, Any]]) -> list[str]:
    """One line per missed quotation, false quotation and wrong speaker."""
    lines = []
    for gold, article in pairs:
        gid = gold.get("id", "?")
        predicted = _direct(_as_dict(article))
        gold_quotes = gold.get("quotes", [])
        matched = match(gold_quotes, predicted)
        hit_g = {gi for gi, _ in matched}
        hit_p = {pi for _, pi in matched}
        for gi, g in enumerate(gold_quotes):
            if gi not in hit_g:
                lines.append(f"{gid} MISS  [{g.get('speaker')}] {g['text'][:100]!r}")
        for pi, p in enumerate(predicted):
            if pi not in hit_p:
                lines.append(f"{gid} FALSE [{p.get('speaker')}] {p['text'][:100]!r}")
        for gi, pi in matched:
            g, p = gold_quotes[gi], predicted[pi]
            if not speaker_right(g.get("speaker"), p.get("speaker")):
                lines.append(f"{gid} SPEAKER gold={g.get('speaker')!r} predicted="
                             f"{p.get('speaker')!r} {g['text'][:80]!r}")
    return lines


def load_pairs(dev_dir: str | Path) -> list[tuple[dict, Any]]:
    """Gold objects of ``dev_dir/gold.jsonl`` with ``eventwire.extract`` of their articles."""
    import eventwire

    dev_dir = Path(dev_dir)
    pairs = []
    with open(dev_dir / "gold.jsonl", encoding="utf-8") as handle:
        for line in handle:
            if not line.strip():
                continue
            gold = json.loads(line)
            path = dev_dir / "articles" / f"{gold['id']}.txt"
            pairs.append((gold, eventwire.extract(str(path), published=gold.get("published"))))
    return pairs


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dev_dir", help="directory with gold.jsonl and articles/")
    parser.add_argument("--errors", action="store_true", help="list misses and false quotes")
    args = parser.parse_args(argv)
    pairs = load_pairs(args.dev_dir)
    print(json.dumps(score(pairs)))
    if args.errors:
        for line in errors(pairs):
            print(line)
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
