"""The whole flow in one place: ingest -> clean -> nlp -> actors -> quotes -> events -> when/where.

Library first: ``Pipeline`` holds what is loaded once per process (the spaCy pipeline, the
actor dictionaries); ``extract`` and ``extract_many`` are the public entry points.
"""
from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from typing import Iterable, Iterator, Union

from . import actors, events, nlp as nlp_mod, quotes, when, where
from .clean import clean
from .errors import EventwireError, InputError
from .model import Article, Entity, RawDocument

LOGGER = logging.getLogger(__name__)

Outcome = Union[Article, InputError]


@dataclass(frozen=True)
class Options:
    """Everything that changes what the pipeline produces."""

    model: str | None = None  # spaCy pipeline name; default: the pinned English one
    actors: tuple[str, ...] = ()  # user actor dictionaries
    published: dt.date | None = None  # wins over metadata and inference
    max_bytes: int = 20_000_000  # larger documents are refused with a reason
    batch_size: int = 32


class Pipeline:
    """The loaded models and dictionaries; ``analyse`` runs every stage after cleaning."""

    def __init__(self, options: Options | None = None):
        self.options = options or Options()
        self.nlp = nlp_mod.load(self.options.model)
        self.dictionary = actors.ActorDictionary.load(self.options.actors)

    def prepare(self, raw: RawDocument) -> Article:
        """Clean one raw document (no NLP yet)."""
        if self.options.published is not None:
            raw.given_published = self.options.published
        return clean(raw)

    def analyse(self, article: Article, doc) -> Article:
        """Fill entities, quotes, events, dates and places of ``article`` from its parsed ``doc``."""
        published = article.published
        article.entities = [Entity(e.text, e.label_, e.start_char, e.end_char) for e in doc.ents]
        mentions = actors.find_mentions(doc, self.dictionary, published)
        article.quotes = quotes.find_quotes(doc, mentions, published)
        article.events = events.code_events(doc, mentions, article.quotes, published, self.dictionary)
        when.date_events(doc, article.events, published)
        article.places = where.find_places(doc, mentions)
        where.locate_events(doc, article.events, article.places)
        return article

    def run(self, raws: Iterable[Union[RawDocument, InputError]]) -> Iterator[Outcome]:
        """Yield an Article or an InputError per document, in input order."""
        pending: list[Union[Article, InputError]] = []
        for raw in raws:
            pending.append(raw if isinstance(raw, InputError) else self._prepare_safely(raw))
            if len(pending) >= self.options.batch_size:
                yield from self._flush(pending)
                pending = []
        yield from self._flush(pending)

    def _prepare_safely(self, raw: RawDocument) -> Union[Article, InputError]:
        try:
            return self.prepare(raw)
        except InputError as exc:
            return exc
        except EventwireError as exc:
            return InputError(raw.input, str(exc))
        except Exception as exc:  # a bad document never stops the batch
            LOGGER.debug("cleaning %s failed", raw.input, exc_info=True)
            return InputError(raw.input, f"cannot clean: {type(exc).__name__}: {exc}")

    def _flush(self, pending: list) -> Iterator[Outcome]:
        pending = [self._check_length(p) for p in pending]
        articles = [p for p in pending if isinstance(p, Article)]
        try:
            docs = list(self.nlp.pipe(a.text for a in articles))
        except Exception:  # one bad text must not sink its batch: parse one by one
            LOGGER.debug("batch parse failed; parsing documents one by one", exc_info=True)
            docs = [self._parse_one(a) for a in articles]
        parsed = iter(docs)
        for item in pending:
            if isinstance(item, InputError):
                yield item
                continue
            doc = next(parsed)
            if isinstance(doc, InputError):
                yield doc
                continue
            try:
                yield self.analyse(item, doc)
            except Exception as exc:
                LOGGER.debug("analysing %s failed", item.input, exc_info=True)
                yield InputError(item.input, f"cannot analyse: {type(exc).__name__}: {exc}")

    def _check_length(self, item):
        if isinstance(item, Article) and len(item.text) > self.nlp.max_length:
            return InputError(item.input, f"cleaned text has {len(item.text)} characters, more than "
                                          f"the model's limit of {self.nlp.max_length}")
        return item

    def _parse_one(self, article: Article):
        try:
            return self.nlp(article.text)
        except Exception as exc:
            return InputError(article.input, f"cannot parse: {type(exc).__name__}: {exc}")


_PIPELINES: dict[Options, Pipeline] = {}


def get_pipeline(options: Options) -> Pipeline:
    """One Pipeline per process and options (models are loaded once)."""
    if options not in _PIPELINES:
        _PIPELINES[options] = Pipeline(options)
    return _PIPELINES[options]
