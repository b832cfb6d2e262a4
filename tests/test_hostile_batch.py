"""Issue 7 end to end: a whole hostile corpus through the real CLI in a memory-capped process.

Every bad document gets exactly one line `eventwire: PATH: reason` on stderr, no traceback;
the good documents around them are coded, in order; the process stays under its memory cap
and its time limit.
"""
from __future__ import annotations

import gzip
import json
import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest

GOOD = ("Chile and Peru signed a border treaty in Lima on Tuesday, the two foreign ministries said. "
        "Peruvian Foreign Minister Elmer Schialer praised the agreement.\n\n"
        "Bolivia welcomed the accord and urged both countries to open their ports to its trade.\n")
MEMORY_CAP = 6 * 1024**3  # address space: spaCy and BLAS reserve far more than they touch
TIME_LIMIT = 300


def corpus(folder: Path) -> tuple[list[str], list[str]]:
    """Write the corpus; return (good paths in output order, bad paths)."""
    good, bad = [], []

    def put(name: str, data: bytes, ok: bool) -> None:
        path = folder / name
        path.write_bytes(data)
        (good if ok else bad).append(str(path))

    put("a01-empty.txt", b"", False)
    put("a02-binary.txt", os.urandom(5000), False)
    put("a03-good.txt", GOOD.encode(), True)
    put("a04-truncated.txt.gz", gzip.compress(GOOD.encode() * 50)[:200], False)
    put("a05-nobody.html", b"<html><head><title>t</title></head><body></body></html>", False)
    put("a06-nested.html", b"<html><body>" + b"<div>" * 10_000 + b"<p>x</p>" + b"</div>" * 10_000 + b"</body></html>", False)
    put("a07-long-line.txt", b"word " * 10_000_000, False)  # one 50 MB line
    # mixed encodings: a UTF-8 text with a few stray Windows-1252 bytes is still read
    put("a08-mixed.txt", GOOD.encode() + "Minister Schialer said: \u201cWe agree.\u201d\n".encode("cp1252"), True)
    # zero-width and right-to-left controls inside names and sentences
    put("a09-invisible.txt", GOOD.replace("Chile", "Chi\u200ble").replace("Bolivia", "\u202eBolivia\u202c").encode(), True)
    lines = [json.dumps({"text": GOOD, "url": "https://a.example/1"}), "{not json",
             json.dumps({"text": GOOD.replace("Tuesday", "Monday"), "url": "https://a.example/2"})]
    put("a10-feed.jsonl", "\n".join(lines).encode(), True)
    put("a11-laughs.xhtml", b'<?xml version="1.0"?><!DOCTYPE html [<!ENTITY a "aaaaaaaaaa">'
        b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><html><body><p>&b;</p></body></html>', False)
    german = ("Die Regierung in Berlin hat am Dienstag neue Sanktionen gegen den Iran beschlossen. "
              "Der Außenminister sagte, dass die Maßnahmen sofort in Kraft treten würden und dass "
              "man mit den Partnern in der Europäischen Union eng zusammenarbeiten werde.\n") * 3
    put("a12-german.txt", german.encode(), False)
    return good, bad


def _cap_memory():
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))


@pytest.mark.slow
def test_hostile_corpus_through_the_cli(tmp_path):
    folder = tmp_path / "corpus"
    folder.mkdir()
    good, bad = corpus(folder)
    proc = subprocess.run(
        [sys.executable, "-m", "eventwire.cli", "extract", str(folder), "--format", "jsonl", "--workers", "1"],
        capture_output=True, text=True, timeout=TIME_LIMIT, preexec_fn=_cap_memory,
    )
    assert proc.returncode == 1, proc.stderr
    assert "Traceback" not in proc.stderr
    errors = proc.stderr.strip().splitlines()
    failed = [line.split(": ", 2)[1] for line in errors]
    jsonl = str(folder / "a10-feed.jsonl")
    assert failed == sorted(bad[:-1] + [f"{jsonl}:2"] + bad[-1:]), errors
    assert all(line.startswith("eventwire: ") and len(line.split(": ", 2)) == 3 for line in errors)
    records = [json.loads(line) for line in proc.stdout.splitlines()]
    expected = [p if p != jsonl else f"{jsonl}:{n}" for p in good for n in ((1, 3) if p == jsonl else (0,))]
    assert [r["input"] for r in records] == expected
    for record in records:
        text = "\n\n".join(record["body"])
        assert "Peru" in text
        for item in record["entities"] + record["quotes"] + record["events"]:
            assert 0 <= item["start"] <= item["end"] <= len(text)
    invisible = next(r for r in records if r["input"].endswith("a09-invisible.txt"))
    assert "\u200b" not in "".join(invisible["body"])
