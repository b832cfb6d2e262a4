"""Names, titles, demonyms, capitals-as-metonyms and organisations -> coded actors.

Contract (used by quotes, events, where):
    ActorDictionary.default() -> the shipped dictionaries, loaded once (cached)
    ActorDictionary.load(paths) -> shipped + user files (Phoenix .txt, .csv, .yaml)
    find_mentions(doc, dictionary, when) -> list[ActorMention], sorted, non-overlapping
    resolve_span(span, dictionary, when) -> Actor | None   (whole noun phrase)
"""
from __future__ import annotations

import datetime as dt

from .model import Actor, ActorMention


class ActorDictionary:
    """Placeholder until the dictionaries land (issue 3)."""

    _default = None

    @classmethod
    def default(cls) -> "ActorDictionary":
        if cls._default is None:
            cls._default = cls()
        return cls._default

    @classmethod
    def load(cls, paths=()) -> "ActorDictionary":
        return cls.default() if not paths else cls()


def find_mentions(doc, dictionary: ActorDictionary, when: dt.date | None) -> list[ActorMention]:
    return []


def resolve_span(span, dictionary: ActorDictionary, when: dt.date | None) -> Actor | None:
    return None
