"""RSS / Atom feeds -> one RawDocument per entry (input "PATH:N", N the 1-based entry number).

feedparser does the parsing; it is handed a byte stream (never a string, which it would take
for a URL or a file name) re-encoded as UTF-8 after our own encoding detection.
"""
from __future__ import annotations

import io
import logging
import re
from typing import Iterator, Union

from ..errors import InputError
from ..model import RawDocument
from . import guards, html as html_reader
from .dates import parse_date

LOGGER = logging.getLogger(__name__)

_XML_DECL = re.compile(r"^\s*<\?xml[^>]{0,200}\?>", re.IGNORECASE)
_FEED_ROOT = re.compile(r"<(?:rss|feed|rdf:RDF)\b", re.IGNORECASE)


def looks_like_feed(text: str) -> bool:
    return bool(_FEED_ROOT.search(text[:4096]))


def read_feed(text: str, input: str, encoding: str) -> Iterator[Union[RawDocument, InputError]]:
    """Each entry's content (or summary) HTML becomes a document; the feed title is the outlet."""
    try:
        guards.check_no_entities(text)
        guards.check_depth(text)
    except guards.Refused as exc:
        yield InputError(input, exc.reason)
        return
    import feedparser

    body = '<?xml version="1.0" encoding="utf-8"?>' + _XML_DECL.sub("", text, count=1)
    try:
        parsed = feedparser.parse(io.BytesIO(body.encode("utf-8", "surrogatepass")),
                                  sanitize_html=True, resolve_relative_uris=False)
    except (RecursionError, ValueError, TypeError, UnicodeError, AttributeError) as exc:
        LOGGER.debug("feedparser failed on %s", input, exc_info=True)
        yield InputError(input, f"cannot parse feed: {type(exc).__name__}")
        return
    if not parsed.entries:
        yield InputError(input, "feed has no entries" if parsed.version else "not an RSS/Atom feed")
        return
    outlet = parsed.feed.get("title") or None
    for number, entry in enumerate(parsed.entries, start=1):
        yield _entry(entry, f"{input}:{number}", outlet, encoding)


def _entry(entry, input: str, outlet, encoding: str) -> Union[RawDocument, InputError]:
    markup = ""
    for content in entry.get("content") or ():
        markup = content.get("value") or ""
        if markup.strip():
            break
    markup = markup or entry.get("summary") or ""
    try:
        text = html_reader.fragment_to_text(markup) if markup.strip() else ""
    except guards.Refused as exc:
        return InputError(input, exc.reason)
    if not text.strip():
        return InputError(input, "feed entry has no text")
    published = entry.get("published_parsed") or entry.get("updated_parsed")
    return RawDocument(
        input=input, text=text, url=entry.get("link") or None, published=parse_date(published),
        title=entry.get("title") or None, outlet=outlet, encoding=encoding,
    )
