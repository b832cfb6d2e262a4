"""Dates: temporal expressions resolved against the publication date.

Contract: date_events(doc, events, published) sets Event.date and Event.date_source in place.
"""
from __future__ import annotations


def date_events(doc, events, published) -> None:
    for event in events:
        if event.date is None and published is not None:
            event.date, event.date_source = published, "published"
