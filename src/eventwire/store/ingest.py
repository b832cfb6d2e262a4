"""Code documents and store them: the library behind ``eventwire ingest``.

    report = ingest_paths(store, ["news/"], published=None, workers=2)

Resumable: a document read from bytes already stored (same raw SHA-256, or same URL) is
skipped before any NLP, so a rerun after an interruption only codes what is missing. After
coding, a document whose identity (URL, else SHA-256 of the cleaned text) is stored is
skipped too. Each stored document is one transaction (see ``Store.add_article``).
"""
from __future__ import annotations

import collections
import datetime as dt
import logging
from dataclasses import dataclass, field
from typing import Callable, Iterable, Iterator, Optional, Union

from ..errors import InputError
from ..model import Article, RawDocument
from .core import Store
from .records import sha256

LOGGER = logging.getLogger(__name__)


@dataclass
class IngestReport:
    stored: int = 0
    skipped: int = 0  # already stored
    failed: list[tuple[str, str]] = field(default_factory=list)  # (input, reason)
    events: int = 0

    def summary(self) -> str:
        return (f"{self.stored} documents stored ({self.events} events), "
                f"{self.skipped} skipped as already stored, {len(self.failed)} failed")


def raw_sha256(raw: RawDocument) -> str:
    """Hash of what was read (text or HTML as decoded), used to skip stored documents early."""
    return sha256(raw.html if raw.html is not None else (raw.text or ""))


def _code(raws: Iterable[RawDocument], published: Optional[dt.date], model: Optional[str],
          actors: tuple[str, ...], workers: int) -> Iterator[Union[Article, InputError]]:
    """Article or InputError per raw document, in order (one worker codes in this process)."""
    import eventwire

    return eventwire.extract_many(raws, published=published, model=model, actors=actors, workers=workers)


def ingest_documents(store: Store, documents: Iterable[Union[RawDocument, InputError]], *,
                     published: Optional[dt.date] = None, model: Optional[str] = None,
                     actors: Iterable[str] = (), workers: int = 1,
                     on_error: Optional[Callable[[str, str], None]] = None,
                     report: Optional[IngestReport] = None) -> IngestReport:
    """Code and store raw documents; bad ones are reported (``on_error(input, reason)``), not raised."""
    report = report or IngestReport()
    pending: collections.deque[str] = collections.deque()

    def fail(name: str, reason: str) -> None:
        report.failed.append((name, reason))
        if on_error:
            on_error(name, reason)

    def fresh() -> Iterator[RawDocument]:
        for doc in documents:
            if isinstance(doc, InputError):
                fail(doc.input, doc.reason)
                continue
            digest = raw_sha256(doc)
            if (doc.url and store.has_document(doc.url.strip())) or store.has_raw(digest):
                report.skipped += 1
                continue
            pending.append(digest)
            yield doc

    for outcome in _code(fresh(), published, model, tuple(actors), workers):
        digest = pending.popleft() if pending else None
        if isinstance(outcome, InputError):
            fail(outcome.input, outcome.reason)
            continue
        article_id = store.add_article(outcome, raw_sha256=digest)
        if article_id is None:
            report.skipped += 1
        else:
            report.stored += 1
            report.events += len(outcome.events)
            LOGGER.info("stored %s as article %d", outcome.input, article_id)
    return report


def ingest_paths(store: Store, paths: Iterable[str], *, max_bytes: int = 20_000_000,
                 **options) -> IngestReport:
    """Read ``paths`` (files, directories, "-") with every supported reader, code and store them."""
    from .. import ingest as readers

    return ingest_documents(store, readers.read_paths(list(paths), max_bytes), **options)
