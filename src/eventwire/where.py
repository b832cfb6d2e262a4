"""Places: toponyms resolved to a gazetteer entry with coordinates.

Contract:
    find_places(doc, mentions) -> list[Place]
    locate_events(doc, events, places) sets Event.location in place.
"""
from __future__ import annotations

from .model import Place


def find_places(doc, mentions) -> list[Place]:
    return []


def locate_events(doc, events, places) -> None:
    return None
