import os
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
REPO = Path(__file__).resolve().parents[1]


def shared_dir() -> Path | None:
    """../shared (evaluation data) when present; tests that need it skip otherwise."""
    for candidate in (os.environ.get("EVENTWIRE_SHARED"), REPO.parent / "shared"):
        if candidate and (Path(candidate) / "dev" / "news" / "gold.jsonl").exists():
            return Path(candidate)
    return None


@pytest.fixture(scope="session")
def nlp():
    from eventwire import nlp as nlp_mod

    return nlp_mod.load()


@pytest.fixture(scope="session")
def shared():
    path = shared_dir()
    if path is None:
        pytest.skip("../shared evaluation data is not present")
    return path
