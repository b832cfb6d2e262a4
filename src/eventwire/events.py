"""Sentences -> CAMEO events.

Contract: code_events(doc, mentions, quotes, published, dictionary) -> list[Event]
(each with sentence, offsets into doc.text, _predicate_i set).

The coder itself lives in ``eventwire.coder`` (pattern table, tree arguments, actor lookup).
Every decision is recorded in a trace; ``last_trace()`` returns the one of the latest call and
``explain(sentence)`` codes one sentence and prints the parse and the trace.
"""
from __future__ import annotations

import datetime as dt
import logging
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Optional

from .coder import CODER_NAME, SentenceCoder
from .coder.argactors import ActorLookup
from .model import Event

LOGGER = logging.getLogger(__name__)

__all__ = ["code_events", "explain", "Explanation", "CODER_NAME", "last_trace", "traces_for"]

_LAST_TRACE: list[str] = []
# decision traces of recently coded documents, by document text (bounded): eval --errors reads them
_TRACES: "OrderedDict[int, list[tuple[str, list[str]]]]" = OrderedDict()
_MAX_TRACES = 512


def code_events(doc, mentions, quotes, published, dictionary) -> list[Event]:
    """Code every sentence of ``doc``; events in text order. Never raises on one bad sentence."""
    lookup = ActorLookup(doc, mentions, dictionary, published, quotes)
    coder = SentenceCoder(doc, lookup, published=published)
    events: list[Event] = []
    trace: list[str] = []
    per_sentence: list[tuple[str, list[str]]] = []
    for sent in doc.sents:
        lines: list[str] = [f"sentence {sent.start_char}-{sent.end_char}: {sent.text}"]
        try:
            events.extend(coder.events(sent, lines))
        except Exception as exc:  # one odd parse must not lose the article
            LOGGER.debug("coding sentence failed: %s", sent.text, exc_info=True)
            lines.append(f"  error: {type(exc).__name__}: {exc}")
        trace.extend(lines)
        per_sentence.append((sent.text, lines))
    _LAST_TRACE[:] = trace
    _TRACES[hash(doc.text)] = per_sentence
    while len(_TRACES) > _MAX_TRACES:
        _TRACES.popitem(last=False)
    return events


def traces_for(text: str) -> Optional[list[tuple[str, list[str]]]]:
    """(sentence text, trace lines) per sentence of a recently coded document, or None."""
    return _TRACES.get(hash(text))


def last_trace() -> list[str]:
    """The decision trace of the latest ``code_events`` call (one line per decision)."""
    return list(_LAST_TRACE)


@dataclass
class Explanation:
    """What the coder saw and decided for one sentence."""

    sentence: str
    parse: list[tuple] = field(default_factory=list)  # (i, text, dep, head_i, lemma, pos)
    mentions: list[str] = field(default_factory=list)
    trace: list[str] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)

    def lines(self) -> list[str]:
        out = [f"sentence: {self.sentence}", "parse (i token dep head lemma pos):"]
        out += [f"  {i:>3} {text:<16} {dep:<10} {head:>3} {lemma:<14} {pos}"
                for i, text, dep, head, lemma, pos in self.parse]
        out.append("actor mentions: " + ("; ".join(self.mentions) or "none"))
        out += self.trace
        out.append(f"events: {len(self.events)}")
        for e in self.events:
            flags = [f for f, on in (("negated", e.negated), ("hypothetical", e.hypothetical)) if on]
            out.append(f"  {e.source.name if e.source else None} [{e.source.code if e.source else None}] -> "
                       f"{e.target.name if e.target else None} [{e.target.code if e.target else None}] "
                       f"{e.cameo_code} ({e.plover.get('event')}) trigger={e.trigger!r} "
                       f"conf={e.confidence}" + (f" {','.join(flags)}" if flags else "")
                       + (f" attribution={e.attribution!r}" if e.attribution else ""))
        return out


def explain(sentence_text: str, published=None, pipeline=None) -> Explanation:
    """Code one sentence through the whole pipeline and record the parse and every decision.

    ``published``: date or ISO string the sentence is coded at; ``pipeline``: a loaded
    ``eventwire.Pipeline`` (default: the shared one with the shipped dictionaries).
    """
    from . import actors, quotes as quotes_mod
    from .pipeline import Options, get_pipeline

    if isinstance(published, str):
        published = dt.date.fromisoformat(published[:10])
    pipe = pipeline or get_pipeline(Options())
    doc = pipe.nlp(sentence_text)
    mentions = actors.find_mentions(doc, pipe.dictionary, published)
    quotes = quotes_mod.find_quotes(doc, mentions, published)
    events = code_events(doc, mentions, quotes, published, pipe.dictionary)
    return Explanation(
        sentence=sentence_text,
        parse=[(t.i, t.text, t.dep_, t.head.i, t.lemma_, t.pos_) for t in doc],
        mentions=[f"{m.actor.name} [{m.actor.code}] tokens {m.token_start}-{m.token_end} ({m.kind})"
                  for m in mentions],
        trace=last_trace(), events=events)
