"""RawDocument -> Article: body paragraphs, captions, boilerplate, published date.

Contract: clean(raw: RawDocument) -> Article  (raises InputError when nothing usable is left)
"""
from __future__ import annotations

import re

from .errors import InputError
from .model import Article, RawDocument

_BLANK = re.compile(r"\n\s*\n")


def clean(raw: RawDocument) -> Article:
    text = raw.text or ""
    body = [" ".join(p.split()) for p in _BLANK.split(text) if p.strip()]
    if not body:
        raise InputError(raw.input, "no text")
    published = raw.given_published or raw.published
    source = "given" if raw.given_published else ("metadata" if raw.published else None)
    return Article(input=raw.input, title=raw.title, url=raw.url, outlet=raw.outlet,
                   published=published, published_source=source, body=body)
