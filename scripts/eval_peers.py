"""Run eventwire on the peer validation suites and print the figures.

Usage: python scripts/eval_peers.py [--errors] [--shared ../shared] [petr2|unit|plover ...]
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path

from eventwire.evaluate import peers


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("suites", nargs="*", default=["petr2", "unit", "plover"])
    ap.add_argument("--errors", action="store_true")
    ap.add_argument("--shared", default=str(Path(__file__).resolve().parents[2] / "shared"))
    args = ap.parse_args()
    peer = Path(args.shared) / "peer"
    runs = {
        "petr2": lambda: peers.score_petr2_gsr(peer / "petrarch2" / "PETR2_GSR_validation.xml"),
        "unit": lambda: peers.score_petr_unit(peer / "petrarch2" / "PETR.UnitTest.records.xml"),
        "plover": lambda: peers.score_plover(peer / "plover" / "PLOVER_GSR_CAMEO.json"),
    }
    for name in args.suites:
        result = runs[name]()
        errors = result.pop("errors", [])
        print(name, json.dumps(result))
        if args.errors:
            print("\n".join(errors))


if __name__ == "__main__":
    main()
