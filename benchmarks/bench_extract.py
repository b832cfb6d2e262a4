"""Throughput of end-to-end ``extract`` against bare spaCy ``nlp.pipe``, measured in one run.

    python benchmarks/bench_extract.py [--docs 200] [--workers 1] [--corpus DIR]

Writes the corpus (DIR's .txt articles, default ../shared/dev/news/articles or examples/,
repeated up to --docs files) to a temp folder, then times, on the same texts and model:
  bare    : nlp.pipe over the raw texts (no reading, cleaning or coding)
  extract : eventwire.extract_many over the files (read, clean, parse, actors, quotes,
            events, dates, places), with --workers processes
and prints docs/s for both and their ratio. The target is ratio >= 0.6 with --workers 1.
"""
from __future__ import annotations

import argparse
import itertools
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def corpus_texts(folder: Path | None) -> list[str]:
    candidates = [folder] if folder else [REPO.parent / "shared" / "dev" / "news" / "articles", REPO / "examples"]
    for candidate in candidates:
        if candidate and candidate.is_dir():
            texts = [p.read_text(encoding="utf-8") for p in sorted(candidate.glob("*.txt"))]
            if texts:
                return texts
    sys.exit("no .txt articles found: pass --corpus DIR")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=200)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--corpus", type=Path, default=None)
    parser.add_argument("--repeat", type=int, default=3, help="timed rounds; the median is reported")
    args = parser.parse_args()

    import eventwire
    from eventwire import nlp as nlp_mod

    texts = list(itertools.islice(itertools.cycle(corpus_texts(args.corpus)), args.docs))
    with tempfile.TemporaryDirectory() as tmp:
        paths = []
        for n, text in enumerate(texts):
            path = Path(tmp) / f"{n:04d}.txt"
            path.write_text(text, encoding="utf-8")
            paths.append(str(path))
        nlp = nlp_mod.load()
        # warm both paths once (model, dictionaries, gazetteer loaded outside the timings)
        list(nlp.pipe(texts[:2]))
        list(eventwire.extract_many(paths[:2], workers=1))

        bare, full = [], []
        for _ in range(args.repeat):
            start = time.perf_counter()
            for _doc in nlp.pipe(texts):
                pass
            bare.append(time.perf_counter() - start)
            start = time.perf_counter()
            results = list(eventwire.extract_many(paths, workers=args.workers))
            full.append(time.perf_counter() - start)
        failed = sum(1 for r in results if isinstance(r, Exception))
        events = sum(len(r.events) for r in results if not isinstance(r, Exception))

    chars = sum(len(t) for t in texts)
    b, f = statistics.median(bare), statistics.median(full)
    print(f"documents        {len(texts)} ({chars / 1e6:.2f} M chars), failed {failed}, events {events}")
    print(f"bare nlp.pipe    {len(texts) / b:8.1f} docs/s  ({b:.2f} s, 1 process)")
    print(f"eventwire        {len(texts) / f:8.1f} docs/s  ({f:.2f} s, {args.workers} worker(s))")
    print(f"ratio            {b / f:.2f}x  (eventwire throughput / bare spaCy throughput)")


if __name__ == "__main__":
    main()
