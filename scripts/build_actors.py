#!/usr/bin/env python3
"""Build eventwire's packaged ontology and actor data from ``../shared`` (run by hand, not at run time).

Usage: ``python scripts/build_actors.py [--shared ../shared]``

Writes
- ``src/eventwire/ontology/data/``: the CAMEO codebook (``cameo-codes.csv``, mojibake repaired,
  as UTF-8), the CAMEO to PLOVER table (verbatim) and their licence notices.
- ``src/eventwire/data/actors/``: the Phoenix actor and agent dictionaries (verbatim, MIT, with
  the licence), which eventwire parses at load time with the same reader users' files go through.

The curated files written by hand (``countries.csv``, ``people.csv``, ``organisations.csv``,
``agents.csv`` ...) are not touched.
"""
from __future__ import annotations

import argparse
import logging
import re
import shutil
from pathlib import Path

LOGGER = logging.getLogger("build_actors")
ROOT = Path(__file__).resolve().parents[1]
ONTOLOGY_OUT = ROOT / "src" / "eventwire" / "ontology" / "data"
ACTORS_OUT = ROOT / "src" / "eventwire" / "data" / "actors"

PHOENIX_FILES = [
    "Phoenix.Countries.actors.txt",
    "Phoenix.International.actors.txt",
    "Phoenix.MilNonState.actors.txt",
    "Phoenix.agents.txt",
]


def repair_mojibake(raw: bytes) -> str:
    """Decode ``cameo-codes.csv``: ASCII plus runs of UTF-8 that went through Mac Roman and cp1252.

    Each non-ASCII run is decoded cp1252 -> encoded mac_roman -> decoded UTF-8 (that restores
    curly quotes and dashes); a run that does not survive the round trip stays as cp1252 text.
    """
    parts = []
    pos = 0
    for match in re.finditer(rb"[\x80-\xff]+", raw):
        parts.append(raw[pos:match.start()].decode("ascii"))
        run = match.group()
        try:
            parts.append(run.decode("cp1252").encode("mac_roman").decode("utf-8"))
        except (UnicodeDecodeError, UnicodeEncodeError):
            parts.append(run.decode("cp1252", errors="replace"))
        pos = match.end()
    parts.append(raw[pos:].decode("ascii"))
    return "".join(parts)


def build_ontology(shared: Path) -> None:
    """Copy the CAMEO codebook (repaired to UTF-8), the PLOVER mapping and the notices."""
    src = shared / "data" / "cameo"
    ONTOLOGY_OUT.mkdir(parents=True, exist_ok=True)
    text = repair_mojibake((src / "cameo-codes.csv").read_bytes())
    (ONTOLOGY_OUT / "cameo-codes.csv").write_text(text, encoding="utf-8")
    for name in ["CAMEO2PLOVER-2021.txt", "LICENSE-icews-package.md", "LICENSE-icews-package.txt"]:
        shutil.copyfile(src / name, ONTOLOGY_OUT / name)
    notice = (src / "NOTICE.txt").read_text(encoding="utf-8")
    notice += (
        "\ncameo-codes.csv was re-encoded as UTF-8 (curly quotes restored) by "
        "scripts/build_actors.py; its content is unchanged.\n"
    )
    (ONTOLOGY_OUT / "NOTICE.txt").write_text(notice, encoding="utf-8")
    LOGGER.info("ontology data written to %s", ONTOLOGY_OUT)


def build_actors(shared: Path) -> None:
    """Copy the Phoenix dictionaries with their MIT licence and compile them for fast loading."""
    src = shared / "data" / "phoenix"
    ACTORS_OUT.mkdir(parents=True, exist_ok=True)
    for name in PHOENIX_FILES + ["LICENSE-petrarch2.txt"]:
        shutil.copyfile(src / name, ACTORS_OUT / name)
    notice = (src / "NOTICE.txt").read_text(encoding="utf-8")
    notice += (
        "\nphoenix.compiled.json.gz is the same dictionaries parsed by eventwire "
        "(scripts/build_actors.py), for fast loading.\n"
    )
    (ACTORS_OUT / "NOTICE-phoenix.txt").write_text(notice, encoding="utf-8")
    compile_phoenix()
    LOGGER.info("actor data written to %s", ACTORS_OUT)


def compile_phoenix() -> None:
    """Write phoenix.compiled.json.gz from the packaged Phoenix .txt files."""
    import gzip
    import json

    from eventwire import actors

    data = actors.compile_files(
        [ACTORS_OUT / n for n in actors.PHOENIX_AGENT_FILES],
        [ACTORS_OUT / n for n in actors.PHOENIX_ACTOR_FILES],
    )
    with gzip.open(ACTORS_OUT / actors.PHOENIX_COMPILED, "wt", encoding="utf-8", compresslevel=9) as handle:
        json.dump(data, handle, ensure_ascii=False, separators=(",", ":"))
    LOGGER.info("compiled %d actor entries, %d agent phrases", len(data["actors"]), len(data["agents"]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    build_ontology(args.shared)
    build_actors(args.shared)


if __name__ == "__main__":
    main()
