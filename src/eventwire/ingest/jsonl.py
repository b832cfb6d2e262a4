"""JSON lines, a JSON array or one JSON object -> RawDocuments.

Each object needs ``text`` or ``html``; ``url``, ``published``, ``title``, ``outlet`` are
optional. JSONL yields input "PATH:LINE", an array "PATH:ITEM" (1-based), a lone object "PATH".
"""
from __future__ import annotations

import json
import logging
from typing import Iterator, Optional, Union

from ..errors import InputError
from ..model import RawDocument
from . import guards, html as html_reader
from .dates import parse_date

LOGGER = logging.getLogger(__name__)

MISSING_TEXT = "missing text field ('text' or 'html')"


def read_jsonl(text: str, input: str, encoding: str) -> Iterator[Union[RawDocument, InputError]]:
    """One document per non-blank line; a bad line yields an InputError and the rest go on."""
    found = False
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        found = True
        where = f"{input}:{number}"
        try:
            value = json.loads(line)
        except (ValueError, RecursionError) as exc:
            yield InputError(where, f"line {number}: invalid JSON: {_json_error(exc)}")
            continue
        yield _record(value, where, f"line {number}", encoding)
    if not found:
        yield InputError(input, "empty file")


def read_json(text: str, input: str, encoding: str) -> Iterator[Union[RawDocument, InputError]]:
    """A JSON array of objects (input "PATH:N") or one object (input "PATH")."""
    try:
        value = json.loads(text)
    except (ValueError, RecursionError) as exc:
        yield InputError(input, f"invalid JSON: {_json_error(exc)}")
        return
    if isinstance(value, list):
        if not value:
            yield InputError(input, "empty JSON array")
        for number, item in enumerate(value, start=1):
            yield _record(item, f"{input}:{number}", f"item {number}", encoding)
    else:
        yield _record(value, input, "", encoding)


def looks_like_jsonl(text: str) -> bool:
    """Does the first non-blank line parse as a JSON object on its own?"""
    for line in text.splitlines():
        if line.strip():
            try:
                return isinstance(json.loads(line), dict)
            except (ValueError, RecursionError):
                return False
    return False


def _record(value, input: str, where: str, encoding: str) -> Union[RawDocument, InputError]:
    prefix = f"{where}: " if where else ""
    if not isinstance(value, dict):
        return InputError(input, f"{prefix}not a JSON object")
    meta = {key: _string(value.get(key)) for key in ("url", "title", "outlet")}
    published = parse_date(value.get("published"))
    body = value.get("text")
    if isinstance(body, str) and body.strip():
        return RawDocument(input=input, text=body, published=published, encoding=encoding, **meta)
    markup = value.get("html")
    if not (isinstance(markup, str) and markup.strip()):
        blank = isinstance(body, str) or isinstance(markup, str)
        return InputError(input, f"{prefix}{'empty text' if blank else MISSING_TEXT}")
    try:
        if html_reader.is_full_page(markup):
            doc = html_reader.page_to_document(markup, input, url=meta["url"], encoding=encoding)
        else:
            doc = RawDocument(input=input, text=html_reader.fragment_to_text(markup), encoding=encoding)
    except guards.Refused as exc:
        return InputError(input, f"{prefix}{exc.reason}")
    if not (doc.text or "").strip():
        return InputError(input, f"{prefix}{html_reader.NO_CONTENT}")
    # the record's own fields win over what the page says about itself
    doc.url = meta["url"] or doc.url
    doc.title = meta["title"] or doc.title
    doc.outlet = meta["outlet"] or doc.outlet
    doc.published = published or doc.published
    return doc


def _string(value) -> Optional[str]:
    return value.strip() or None if isinstance(value, str) else None


def _json_error(exc: Exception) -> str:
    if isinstance(exc, RecursionError):
        return "nested too deeply"
    if isinstance(exc, json.JSONDecodeError):
        return f"{exc.msg} (column {exc.colno})"
    return str(exc)[:100]
