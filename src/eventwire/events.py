"""Sentences -> CAMEO events.

Contract: code_events(doc, mentions, quotes, published, dictionary) -> list[Event]
(each with sentence, offsets into doc.text, _predicate_i set).
"""
from __future__ import annotations

from .model import Event


def code_events(doc, mentions, quotes, published, dictionary) -> list[Event]:
    return []
