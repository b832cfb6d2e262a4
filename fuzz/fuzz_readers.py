"""Fuzz target: bytes -> sniff / decode / parse (every reader) -> clean. Only InputError may escape.

Run with ``fuzz/run.sh SECONDS`` (atheris, libFuzzer options after the script name). The first
input byte picks the file name the bytes pretend to have, so extension-driven readers are
fuzzed too; the rest is the file content.
"""
from __future__ import annotations

import logging
import sys

import atheris

# coverage feedback from our code and the parsers it drives (not spaCy, which the package
# imports but the readers never call)
with atheris.instrument_imports(include=["eventwire", "trafilatura", "htmldate", "feedparser", "warcio",
                                         "charset_normalizer", "courlan", "justext"]):
    from eventwire.clean import clean
    from eventwire.errors import InputError
    from eventwire.ingest import read_bytes
    from eventwire.model import RawDocument

NAMES = ("in.txt", "in.html", "in.xml", "in.json", "in.jsonl", "in.warc", "in.txt.gz", "-")
MAX_BYTES = 1_000_000


def test_one_input(data: bytes) -> None:
    if not data:
        return
    name = NAMES[data[0] % len(NAMES)]
    for outcome in read_bytes(data[1:], name, MAX_BYTES, name=None if name == "-" else name):
        if isinstance(outcome, InputError):
            continue
        assert isinstance(outcome, RawDocument), type(outcome)
        try:
            clean(outcome)
        except InputError:
            pass


def main() -> None:
    logging.disable(logging.CRITICAL)  # trafilatura and htmldate log about broken pages
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
