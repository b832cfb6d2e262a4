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


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    """A DuckDB store holding the hand-made sample articles (one per test module)."""
    from eventwire.store import Store
    from eventwire.store.sample import sample_articles

    path = str(tmp_path_factory.mktemp("store") / "events.duckdb")
    with Store(path) as store:
        for article in sample_articles():
            store.add_article(article)
    return path


@pytest.fixture(scope="module")
def app(db):
    """The read-only ASGI app over the sample store."""
    from eventwire.api import ServerConfig, build_asgi

    return build_asgi(ServerConfig(db=db))
