"""Crash safety: kill -9 while writing, then check nothing is half-written and a rerun resumes.

Two levels: the store's write path killed many times at random moments (fast: no NLP), and
the real ``eventwire ingest`` command killed mid-run and rerun. Plus two ingests at once.
"""
from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from eventwire.store import Store

pytestmark = pytest.mark.slow

WRITER = textwrap.dedent("""
    import sys
    from eventwire.store import Store
    from eventwire.store.sample import synthetic_article
    with Store(sys.argv[1]) as store:
        for i in range(int(sys.argv[2])):
            if store.add_article(synthetic_article(i, events=25)) is not None:
                print("stored", i, flush=True)
    print("done", flush=True)
""")


def _eventwire() -> list[str]:
    script = Path(sys.executable).with_name("eventwire")
    return [str(script)] if script.exists() else [sys.executable, "-m", "eventwire.cli_store"]


def _check_whole(path: str) -> list[str]:
    """Inputs of the stored articles, after checking each one is whole and none is doubled."""
    with Store(path) as store:
        assert store.integrity_problems() == []
        inputs = [r[0] for r in store.con.execute("SELECT input FROM articles ORDER BY id").fetchall()]
        assert len(inputs) == len(set(inputs))
        orphan_actors = store.con.execute(
            "SELECT count(*) FROM actors WHERE event_id NOT IN (SELECT id FROM events)"
            " AND quote_id NOT IN (SELECT id FROM quotes)").fetchone()[0]
        assert orphan_actors == 0
    return inputs


def test_kill_9_while_storing_loses_nothing_committed(tmp_path):
    path = str(tmp_path / "crash.duckdb")
    total, rng = 30, random.Random(7)
    committed = 0
    for attempt in range(10):
        proc = subprocess.Popen([sys.executable, "-c", WRITER, path, str(total)],
                                stdout=subprocess.PIPE, text=True)
        seen = 0
        for _ in range(rng.randrange(0, 4)):  # let a few documents commit (or none)
            line = proc.stdout.readline()
            if not line.startswith("stored"):
                break
            seen += 1
        time.sleep(rng.uniform(0, 0.05))  # then kill at a random moment, often mid-transaction
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        proc.stdout.close()
        inputs = _check_whole(path)
        assert inputs == [f"synthetic/{i}.txt" for i in range(len(inputs))]  # whole prefix, in order
        assert len(inputs) >= committed + seen  # what was reported stored survived the kill
        committed = len(inputs)
    finish = subprocess.run([sys.executable, "-c", WRITER, path, str(total)], capture_output=True, text=True,
                            check=True)
    assert finish.stdout.splitlines()[-1] == "done"
    assert _check_whole(path) == [f"synthetic/{i}.txt" for i in range(total)]
    with Store(path) as store:
        assert store.counts()["events"] == total * 25


def _documents(folder: Path, count: int) -> None:
    folder.mkdir()
    names = ["Russia", "Ukraine", "North Korea", "China", "Iran", "Israel"]
    verbs = ["attacked", "accused", "met", "signed an agreement with", "threatened", "praised"]
    rng = random.Random(3)
    for i in range(count):
        sentences = [f"{rng.choice(names)} {rng.choice(verbs)} {rng.choice(names)} on Monday, "
                     f"officials said in report {i}-{j}." for j in range(4)]
        (folder / f"{i:03d}.txt").write_text(" ".join(sentences[:2]) + "\n\n" + " ".join(sentences[2:]) + "\n")


def test_killed_ingest_command_resumes_without_duplicates(tmp_path):
    docs, path = tmp_path / "docs", str(tmp_path / "ingest.duckdb")
    _documents(docs, 8)
    rng = random.Random()
    stop_after = rng.randrange(1, 4)
    proc = subprocess.Popen(_eventwire() + ["-v", "ingest", str(docs), "--db", path],
                            stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)
    stored_lines = 0
    try:
        for line in proc.stderr:
            if " as article " in line:
                stored_lines += 1
                if stored_lines == stop_after:
                    time.sleep(rng.uniform(0, 0.2))
                    break
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        proc.stderr.close()
    assert stored_lines == stop_after, "ingest ended before it could be killed"
    first = _check_whole(path)
    assert len(first) >= stop_after
    rerun = subprocess.run(_eventwire() + ["ingest", str(docs), "--db", path], capture_output=True, text=True)
    assert rerun.returncode == 0, rerun.stderr
    assert rerun.stdout.startswith(f"{8 - len(first)} documents stored (")
    assert rerun.stdout.rstrip().endswith(f"{len(first)} skipped as already stored, 0 failed")
    final = _check_whole(path)
    assert sorted(final) == sorted(str(p) for p in docs.iterdir())


def test_a_second_ingest_is_refused_clearly(tmp_path):
    docs, path = tmp_path / "docs", str(tmp_path / "busy.duckdb")
    _documents(docs, 1)
    with Store(path):  # this process is the writer now
        result = subprocess.run(_eventwire() + ["ingest", str(docs), "--db", path], capture_output=True, text=True)
    assert result.returncode == 1
    assert result.stderr == (f"eventwire: database {path} is in use by another process (PID {os.getpid()}); "
                             "wait for it to finish or pass --wait SECONDS\n")
    assert result.stdout == ""
