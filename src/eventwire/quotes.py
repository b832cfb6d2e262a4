"""Quotations and their speakers.

Contract: find_quotes(doc, mentions, published) -> list[Quote] (direct and indirect),
offsets into doc.text (== Article.text).
"""
from __future__ import annotations

from .model import Quote


def find_quotes(doc, mentions, published=None) -> list[Quote]:
    return []
