"""WARC archives -> one RawDocument per HTML response record (input "PATH:N", N = record number).

Records that are not HTML responses (warcinfo, requests, images, robots.txt) are skipped:
they are not documents. Every payload read is capped at ``max_bytes``.
"""
from __future__ import annotations

import contextlib
import io
import logging
from typing import Iterator, Union

from warcio.exceptions import ArchiveLoadFailed

from ..errors import InputError
from ..model import RawDocument
from . import guards, html as html_reader
from .decode import DecodeError, decode

LOGGER = logging.getLogger(__name__)

WARC_MAGIC = b"WARC/"
_MAGICS = (WARC_MAGIC, b"filedesc://")  # WARC, and the older ARC format warcio also reads

# what warcio's parser raises on corrupt archives (it has no single error type)
_WARCIO_ERRORS = (ArchiveLoadFailed, ValueError, EOFError, OSError, IndexError, KeyError, TypeError, AttributeError,
                  UnicodeError, LookupError)


def read_warc(data: bytes, input: str, max_bytes: int) -> Iterator[Union[RawDocument, InputError]]:
    from warcio.archiveiterator import ArchiveIterator

    if not data.lstrip().startswith(_MAGICS):
        yield InputError(input, "not a WARC file")
        return
    found = 0
    number = 0
    sink = io.StringIO()
    records = iter(ArchiveIterator(io.BytesIO(data)))
    try:
        while True:
            number += 1
            try:
                # warcio writes warnings about malformed records straight to stderr
                with contextlib.redirect_stderr(sink):
                    record = next(records, None)
                    if record is None:
                        break
                    wanted = record.rec_type in ("response", "resource") and _is_html(record)
                    payload = record.content_stream().read(max_bytes + 1) if wanted else b""
            except _WARCIO_ERRORS as exc:
                LOGGER.debug("warcio failed on %s", input, exc_info=True)
                yield InputError(f"{input}:{number}" if number > 1 else input,
                                 f"cannot read WARC record {number}: {type(exc).__name__}")
                return
            if wanted:
                found += 1
                yield _document(payload, f"{input}:{number}", record, max_bytes)
    finally:
        if sink.getvalue():
            LOGGER.debug("warcio on %s: %s", input, sink.getvalue().strip())
    if not found:
        yield InputError(input, "no HTML response records in WARC file")


def _is_html(record) -> bool:
    headers = record.http_headers
    ctype = headers.get_header("Content-Type") if headers is not None else None
    ctype = ctype or record.rec_headers.get_header("Content-Type") or ""
    return "html" in ctype.lower()


def _document(payload: bytes, input: str, record, max_bytes: int) -> Union[RawDocument, InputError]:
    if len(payload) > max_bytes:
        return InputError(input, guards.too_large(max_bytes).reason)
    if not payload.strip():
        return InputError(input, "empty HTML record")
    try:
        decoded = decode(payload)
        return html_reader.page_to_document(
            decoded.text, input, url=record.rec_headers.get_header("WARC-Target-URI"),
            encoding=decoded.encoding)
    except (DecodeError, guards.Refused) as exc:
        return InputError(input, exc.reason)
