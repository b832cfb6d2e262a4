"""The quality gate: evaluation scores may not drop below the pinned baseline silently.

Raising a figure: run `eventwire eval --write-baseline eval-baseline.json` and commit the diff.
"""
import json

import pytest

from eventwire.evaluate import check, quality, run_suites

from .conftest import REPO

BASELINE = REPO / "eval-baseline.json"


@pytest.mark.shared
@pytest.mark.slow
def test_scores_hold_the_baseline(shared):
    results = run_suites(shared)
    drops = check(results["scores"], BASELINE)
    assert not drops, "scores dropped below eval-baseline.json:\n" + "\n".join(drops)


def test_baseline_pins_only_rates_and_covers_every_suite():
    pinned = json.loads(BASELINE.read_text())["scores"]
    assert pinned == quality(pinned)
    suites = {key.split("/")[0] for key in pinned}
    assert {"news", "petr2", "petr-unit", "plover", "toponyms"} <= suites
    for key in ("news/events/triple/f1", "news/quotes/f1", "news/quotes/speaker_accuracy",
                "news/whenwhere/date_accuracy", "news/whenwhere/location_country_accuracy",
                "petr2/recall", "plover/accuracy"):
        assert key in pinned


def test_check_reports_a_drop_and_a_missing_figure(tmp_path):
    path = tmp_path / "baseline.json"
    path.write_text(json.dumps({"scores": {"a/f1": 0.5, "b/recall": 0.7}}))
    assert check({"a/f1": 0.51, "b/recall": 0.7}, path) == []
    assert check({"a/f1": 0.49, "b/recall": 0.7}, path) == ["a/f1: 0.49 < pinned 0.5"]
    assert check({"a/f1": 0.6}, path) == ["b/recall: pinned at 0.7, not measured"]
