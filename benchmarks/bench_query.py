"""Benchmark the /api/events query on 1 million synthetic events.

    python benchmarks/bench_query.py [--events 1000000] [--runs 200] [--db FILE]

Generates the events in SQL (one INSERT ... SELECT FROM range(n), not row by row) into a
fresh store, then times ``query_events`` as /api/events runs it: source + target + date range,
limit 100, with the total count. Prints the median and 95th percentile in milliseconds.
Target: median < 200 ms.
"""
from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time

from eventwire.store import EventFilter, Store, query_events

COUNTRIES = ["RUS", "UKR", "PRK", "CHN", "USA", "IRN", "ISR", "TUR", "IND", "PAK", "GBR", "FRA", "DEU",
             "SYR", "IRQ", "SAU", "JPN", "KOR", "BRA", "ZAF"]
AGENTS = ["", "", "GOV", "MIL", "OPP", "REB"]


def generate(path: str, events: int) -> float:
    """Fill a fresh store with ``events`` events in ``events // 10`` articles; seconds taken."""
    start = time.perf_counter()
    with Store(path) as store:
        con = store.con
        articles = max(1, events // 10)
        con.execute(
            "INSERT INTO articles (id, doc_key, input, url, title, published, n_paragraphs, n_events,"
            " n_quotes, n_places, n_entities, ingested_at)"
            " SELECT i, 'https://bench.example/' || i, 'bench/' || i, 'https://bench.example/' || i,"
            " 'Article ' || i, DATE '2020-01-01' + CAST(i % 1826 AS INTEGER), 0, 10, 0, 0, 0, now()"
            " FROM range(1, ? + 1) t(i)", [articles])
        countries = "['" + "','".join(COUNTRIES) + "']"
        agents = "['" + "','".join(AGENTS) + "']"
        roots = "['01','02','03','04','05','06','07','08','09','10','11','12','13','14','15','16','17','18','19','20']"
        con.execute(f"""
            INSERT INTO events (id, article_id, idx, paragraph, sentence, start, "end",
                source_name, source_code, source_country, source_agent,
                target_name, target_code, target_country, target_agent,
                cameo_code, cameo_root, quad_class, goldstein, plover_event, negated, hypothetical,
                date, loc_name, loc_country, lat, lon, coder)
            SELECT i, 1 + i // 10, i % 10, 0, 'Synthetic sentence number ' || i || '.', 0, 30,
                sc, sc || sa, sc, nullif(sa, ''), tc, tc || ta, tc, nullif(ta, ''),
                root || '0', root, CASE WHEN root <= '05' THEN 1 WHEN root <= '09' THEN 2
                                        WHEN root <= '14' THEN 3 ELSE 4 END,
                (hash(i * 7) % 200) / 10.0 - 10, 'EVENT', false, false,
                DATE '2020-01-01' + CAST(hash(i * 3) % 1826 AS INTEGER), 'Place', tc,
                (hash(i * 5) % 1600) / 10.0 - 80, (hash(i * 11) % 3600) / 10.0 - 180, 'bench'
            FROM (SELECT i,
                    {countries}[1 + CAST(hash(i) % {len(COUNTRIES)} AS BIGINT)] AS sc,
                    {countries}[1 + CAST(hash(i + 1) % {len(COUNTRIES)} AS BIGINT)] AS tc,
                    {agents}[1 + CAST(hash(i + 2) % {len(AGENTS)} AS BIGINT)] AS sa,
                    {agents}[1 + CAST(hash(i + 3) % {len(AGENTS)} AS BIGINT)] AS ta,
                    {roots}[1 + CAST(hash(i + 4) % 20 AS BIGINT)] AS root
                  FROM range(1, ? + 1) t(i))""", [events])
        con.execute("CHECKPOINT")
    return time.perf_counter() - start


def bench(path: str, runs: int, seed: int = 1) -> list[float]:
    """Milliseconds per /api/events-like query (page of 100 + total count)."""
    rng = random.Random(seed)
    times = []
    with Store(path, read_only=True) as store:
        con = store.cursor()
        for _ in range(runs):
            source, target = rng.sample(COUNTRIES, 2)
            year = rng.randrange(2020, 2025)
            flt = EventFilter.from_values(source=source, target=target,
                                          since=f"{year}-01-01", until=f"{year}-06-30")
            start = time.perf_counter()
            page = query_events(con, flt, limit=100)
            times.append((time.perf_counter() - start) * 1000)
            assert page["total"] > 0 and len(page["events"]) == 100
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--db", help="database file (default: a temporary one, deleted after)")
    args = parser.parse_args()
    folder = None
    path = args.db
    if path is None:
        folder = tempfile.mkdtemp(prefix="eventwire-bench-")
        path = os.path.join(folder, "bench.duckdb")
    try:
        if not os.path.exists(path):
            seconds = generate(path, args.events)
            print(f"generated {args.events:,} events in {seconds:.1f} s "
                  f"({os.path.getsize(path) / 1e6:.0f} MB)")
        times = sorted(bench(path, args.runs))
        median = statistics.median(times)
        p95 = times[min(len(times) - 1, int(round(0.95 * len(times))) - 1)]
        print(f"/api/events query (source+target+date range, limit 100, total): "
              f"median {median:.1f} ms, p95 {p95:.1f} ms over {args.runs} runs")
        return 0 if median < 200 else 1
    finally:
        if folder:
            for name in os.listdir(folder):
                os.remove(os.path.join(folder, name))
            os.rmdir(folder)


if __name__ == "__main__":
    sys.exit(main())
