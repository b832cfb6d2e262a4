"""Code the dev news articles and print the event scores (and errors with --errors).

Usage: python scripts/eval_dev.py [--errors] [--shared ../shared]
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path

import eventwire
from eventwire.evaluate.events import errors_news, score_news


def pairs(shared: Path) -> list:
    out = []
    for line in (shared / "dev" / "news" / "gold.jsonl").read_text(encoding="utf-8").splitlines():
        gold = json.loads(line)
        path = shared / "dev" / "news" / "articles" / f"{gold['id']}.txt"
        out.append((gold, eventwire.extract(str(path), published=gold.get("published"))))
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--errors", action="store_true")
    ap.add_argument("--shared", default=str(Path(__file__).resolve().parents[2] / "shared"))
    args = ap.parse_args()
    data = pairs(Path(args.shared))
    print(json.dumps(score_news(data), indent=1))
    if args.errors:
        print("\n".join(errors_news(data)))


if __name__ == "__main__":
    main()
