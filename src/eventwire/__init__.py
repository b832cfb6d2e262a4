"""eventwire: news in, political event data out.

    >>> import eventwire
    >>> article = eventwire.extract("Russia attacked Ukraine on Friday.", published="2024-11-01")
    >>> article.events[0].cameo_root
"""
from __future__ import annotations

import datetime as dt
import os
from typing import Iterable, Iterator, Union

from .errors import EventwireError, InputError
from .model import Actor, Article, Entity, Event, Location, Place, Quote, RawDocument
from .pipeline import Options, Pipeline, get_pipeline

__all__ = [
    "extract", "extract_many", "Article", "Event", "Quote", "Actor", "Location", "Place",
    "Entity", "RawDocument", "Options", "Pipeline", "EventwireError", "InputError",
]
__version__ = "0.1.0"


def _as_date(value) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError as exc:
        raise EventwireError(f"published: {value!r} is not a date (use YYYY-MM-DD)") from exc


def _looks_like_path(value) -> bool:
    if isinstance(value, os.PathLike):
        return True
    return isinstance(value, str) and "\n" not in value and len(value) < 4096 and os.path.exists(value)


def extract(text_or_path, published=None, *, model: str | None = None, actors: Iterable[str] = (),
            url: str | None = None, title: str | None = None) -> Article:
    """Code one document: a path (any supported format) or the article text itself.

    Raises InputError when the document cannot be read; returns the first document of a
    multi-document file.
    """
    from . import ingest

    options = Options(model=model, actors=tuple(actors), published=_as_date(published))
    if _looks_like_path(text_or_path):
        raws = ingest.read_paths([os.fspath(text_or_path)], options.max_bytes)
    else:
        raws = [RawDocument(input="<text>", text=str(text_or_path), url=url, title=title)]
    for outcome in get_pipeline(options).run(raws):
        if isinstance(outcome, InputError):
            raise outcome
        return outcome
    raise InputError(str(text_or_path)[:80], "no document found")


def extract_many(inputs: Iterable[Union[str, os.PathLike, RawDocument]], published=None, *,
                 model: str | None = None, actors: Iterable[str] = (), workers: int = 1,
                 max_bytes: int = 20_000_000) -> Iterator[Union[Article, InputError]]:
    """Yield an Article (or the InputError saying why not) per document, in input order.

    ``inputs`` are paths (files, directories, "-") or RawDocuments. ``workers`` > 1 spreads
    documents over that many processes.
    """
    from .parallel import run

    options = Options(model=model, actors=tuple(actors), published=_as_date(published),
                      max_bytes=max_bytes)
    yield from run(inputs, options, workers)
