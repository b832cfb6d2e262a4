"""Plain typed records that flow through the pipeline. No I/O here.

The JSON output contract (``../shared/DESIGN.md``) is ``Article.to_dict()``.
Offsets are character offsets into ``Article.text`` (``"\\n\\n".join(body)``).
"""
from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Optional


def _plain(value: Any) -> Any:
    """Turn records, dates and containers into JSON-ready values."""
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()[:10]
    if hasattr(value, "to_dict"):
        return value.to_dict()
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


class Record:
    """Mixin: ``to_dict`` over the dataclass fields, skipping private ones (``_x``)."""

    def to_dict(self) -> dict:
        return {
            f.name: _plain(getattr(self, f.name))
            for f in dataclasses.fields(self)  # type: ignore[arg-type]
            if not f.name.startswith("_")
        }


@dataclass
class RawDocument(Record):
    """One input document as read, before cleaning. Exactly one of text / html is set."""

    input: str
    text: Optional[str] = None
    html: Optional[str] = None
    url: Optional[str] = None
    published: Optional[dt.date] = None
    title: Optional[str] = None
    outlet: Optional[str] = None
    encoding: Optional[str] = None
    # published date the user gave on the command line: wins over everything
    given_published: Optional[dt.date] = None


@dataclass
class Entity(Record):
    text: str
    label: str
    start: int
    end: int


@dataclass
class Actor(Record):
    """A coded actor: CAMEO/Phoenix code such as ``PRKGOV`` = country ``PRK`` + agent ``GOV``.

    ``code`` may be an IGO/NGO code (``IGOUNO``) with ``country`` None.
    """

    name: str
    code: Optional[str] = None
    country: Optional[str] = None
    agent: Optional[str] = None
    role: Optional[str] = None  # e.g. "Foreign Minister"


@dataclass
class ActorMention(Record):
    """An actor found in the text: token span in the spaCy Doc and char offsets."""

    actor: Actor
    start: int  # char offset
    end: int
    token_start: int
    token_end: int  # exclusive
    kind: str = "name"  # name | demonym | capital | role | person | pronoun | description


@dataclass
class Location(Record):
    name: str
    country: Optional[str] = None  # ISO3
    admin1: Optional[str] = None
    lat: Optional[float] = None
    lon: Optional[float] = None
    geonameid: Optional[str] = None  # gazetteer id, e.g. "geonames:524901" or "iso3166-2:RU-KRS"
    feature: Optional[str] = None  # country | admin1 | city | region


@dataclass
class Place(Record):
    """A toponym mention resolved to the gazetteer."""

    text: str
    start: int
    end: int
    location: Optional[Location] = None


@dataclass
class Quote(Record):
    kind: str  # "direct" | "indirect"
    text: str
    speaker: Optional[str] = None
    speaker_actor: Optional[Actor] = None
    speaker_role: Optional[str] = None
    start: int = 0
    end: int = 0
    cue: Optional[str] = None  # the verb or phrase that introduced it ("said", "according to")
    channel: Optional[str] = None  # mediated source ("the Moscow Times")


@dataclass
class Event(Record):
    sentence: str
    start: int
    end: int
    source: Optional[Actor]
    target: Optional[Actor]
    cameo_code: str
    cameo_root: str
    quad_class: int
    goldstein: float
    plover: dict = field(default_factory=lambda: {"event": None, "mode": None})
    negated: bool = False
    hypothetical: bool = False
    attribution: Optional[str] = None
    date: Optional[dt.date] = None
    date_source: Optional[str] = None  # clause | sentence | paragraph | scene | published
    location: Optional[Location] = None
    coder: str = "eventwire.rules.v2"
    trigger: Optional[str] = None  # predicate text ("vowed", "talks")
    pattern: Optional[str] = None  # the pattern row that matched
    confidence: float = 1.0
    # token index of the predicate in the sentence's Doc; used by when/where, not output
    _predicate_i: Optional[int] = None


@dataclass(repr=False)
class Article(Record):
    """A cleaned article and everything found in it: the output contract."""

    input: str
    title: Optional[str] = None
    url: Optional[str] = None
    outlet: Optional[str] = None
    published: Optional[dt.date] = None
    published_source: Optional[str] = None  # given | metadata | inferred
    body: list[str] = field(default_factory=list)
    captions: list[str] = field(default_factory=list)
    boilerplate: list[str] = field(default_factory=list)
    language: Optional[str] = None
    entities: list[Entity] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)

    @property
    def text(self) -> str:
        """The cleaned text all offsets point into."""
        return "\n\n".join(self.body)

    def __repr__(self) -> str:  # the full record is long: a summary reads better in a notebook
        return (f"Article(input={self.input!r}, title={self.title!r}, published={self.published}, "
                f"{len(self.body)} paragraphs, {len(self.events)} events, {len(self.quotes)} quotes, "
                f"{len(self.places)} places)")

    def _repr_html_(self) -> str:
        """Jupyter: the article's events as a table."""
        from html import escape

        def actor(a: Optional[Actor]) -> str:
            return escape(f"{a.code or a.country or '?'} ({a.name})") if a else ""

        rows = "".join(
            f"<tr><td>{e.date or ''}</td><td>{actor(e.source)}</td><td>{e.cameo_code}</td>"
            f"<td>{actor(e.target)}</td><td>{'negated ' if e.negated else ''}"
            f"{'hypothetical' if e.hypothetical else ''}</td><td>{escape(e.sentence)}</td></tr>"
            for e in self.events)
        return (f"<p><b>{escape(self.title or self.input)}</b> ({self.published or 'date unknown'}): "
                f"{len(self.events)} events, {len(self.quotes)} quotes</p>"
                f"<table><tr><th>date</th><th>source</th><th>CAMEO</th><th>target</th><th>flags</th>"
                f"<th>sentence</th></tr>{rows}</table>")
