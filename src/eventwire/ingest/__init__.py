"""Readers: one per format, each yields RawDocument (or InputError for a bad document).

Contract:
    read_paths(paths, max_bytes) -> Iterator[RawDocument | InputError]
        PATH is a file, a directory (recursive, sorted), or "-" for stdin. A file holding
        several documents (JSONL, feeds, WARC) yields one per record, input "PATH:N".
    from_text(text, input="<text>") -> RawDocument
    read_bytes(data, input, max_bytes, name) -> Iterator[RawDocument | InputError]
        the same for bytes already in memory (stdin, fuzzing, an upload).

Formats are known by extension AND by content: gzip (any ``.gz``, bounded), WARC, HTML, RSS/Atom,
JSON / JSON lines, plain or scraped text. Nothing here raises for a bad document: every
problem becomes ``InputError(input, short reason)`` and the batch goes on.
"""
from __future__ import annotations

import logging
import os
import stat
import sys
from typing import BinaryIO, Iterable, Iterator, Optional, Union

from ..errors import InputError
from ..model import RawDocument
from . import guards, html as html_reader
from .decode import DecodeError, decode
from .feeds import looks_like_feed, read_feed
from .jsonl import looks_like_jsonl, read_json, read_jsonl
from .warc import WARC_MAGIC, read_warc

LOGGER = logging.getLogger(__name__)

Outcome = Union[RawDocument, InputError]

EMPTY = "empty file"
WHITESPACE = "no text (only whitespace)"

_BY_EXTENSION = {
    ".txt": "text", ".text": "text", ".md": "text",
    ".html": "html", ".htm": "html", ".xhtml": "html",
    ".xml": "feed", ".rss": "feed", ".atom": "feed",
    ".json": "json", ".jsonl": "jsonl", ".ndjson": "jsonl",
    ".warc": "warc", ".arc": "warc",
}


def from_text(text: str, input: str = "<text>") -> RawDocument:
    """Text already in memory (the article itself) as a RawDocument."""
    return RawDocument(input=input, text=text)


def read_paths(paths: Iterable[str], max_bytes: int = 20_000_000) -> Iterator[Outcome]:
    """Every document under ``paths``, in order; directories are walked recursively, sorted."""
    for path in paths:
        path = os.fspath(path)
        if path == "-":
            if sys.stdin is None:  # e.g. started with no standard input at all
                yield InputError("-", "no standard input")
            else:
                yield from _read_stream(getattr(sys.stdin, "buffer", sys.stdin), "-", max_bytes)
        elif os.path.isdir(path):
            yield from _read_directory(path, max_bytes)
        else:
            yield from _read_file(path, max_bytes)


def read_bytes(data: bytes, input: str, max_bytes: int = 20_000_000,
               name: Optional[str] = None) -> Iterator[Outcome]:
    """Documents in ``data``; ``name`` (a file name) gives the format hint by its extension."""
    if len(data) > max_bytes:
        yield InputError(input, guards.too_large(max_bytes).reason)
        return
    name = (name or "").lower()
    if data.startswith(guards.GZIP_MAGIC) or name.endswith(".gz"):
        try:
            data = guards.gunzip(data, max_bytes)
        except guards.Refused as exc:
            yield InputError(input, exc.reason)
            return
        name = name[:-3] if name.endswith(".gz") else name
    if not data:
        yield InputError(input, EMPTY)
        return
    kind = _BY_EXTENSION.get(os.path.splitext(name)[1])
    if kind == "warc" or data.startswith(WARC_MAGIC):
        yield from read_warc(data, input, max_bytes)
        return
    try:
        decoded = decode(data)
    except DecodeError as exc:
        yield InputError(input, exc.reason)
        return
    text = decoded.text.lstrip("\ufeff")
    if not text.strip():
        yield InputError(input, WHITESPACE)
        return
    yield from _parse(text, input, decoded.encoding, kind or sniff(text))


def sniff(text: str) -> str:
    """The format of decoded text: html | feed | json | jsonl | text."""
    head = text.lstrip()[:4096]
    lowered = head.lower()
    if head.startswith("<"):
        if looks_like_feed(head):
            return "feed"
        if lowered.startswith("<?xml") and "<html" not in lowered:
            return "feed"  # feedparser says whether it is one
        return "html"
    if head.startswith("{"):
        return "jsonl" if looks_like_jsonl(text) else "json"
    if head.startswith("["):
        import json

        try:
            value = json.loads(text)
        except (ValueError, RecursionError):
            return "text"
        return "json" if isinstance(value, list) else "text"
    return "text"


def _parse(text: str, input: str, encoding: str, kind: str) -> Iterator[Outcome]:
    if kind == "text" and text.lstrip().startswith("<"):
        kind = sniff(text)  # a saved page or feed under a .txt name
    if kind == "html":
        try:
            yield html_reader.page_to_document(text, input, encoding=encoding)
        except guards.Refused as exc:
            yield InputError(input, exc.reason)
    elif kind == "feed":
        yield from read_feed(text, input, encoding)
    elif kind == "jsonl":
        yield from read_jsonl(text, input, encoding)
    elif kind == "json":
        # a .json file holding JSON lines is common enough to accept
        if looks_like_jsonl(text) and "\n" in text.strip():
            yield from read_jsonl(text, input, encoding)
        else:
            yield from read_json(text, input, encoding)
    else:
        yield RawDocument(input=input, text=text, encoding=encoding)


def _read_directory(path: str, max_bytes: int) -> Iterator[Outcome]:
    """Files under ``path`` in sorted path order (a/1, b/2, c), hidden ones skipped."""
    found: list[tuple[str, ...]] = []
    for root, dirs, files in os.walk(path):
        # hidden files and folders (.git, .DS_Store) are not documents
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        relative = os.path.relpath(root, path)
        parts = () if relative == "." else tuple(relative.split(os.sep))
        found.extend(parts + (name,) for name in files if not name.startswith("."))
    for parts in sorted(found):
        yield from _read_file(os.path.join(path, *parts), max_bytes)


def _read_file(path: str, max_bytes: int) -> Iterator[Outcome]:
    try:
        info = os.stat(path)
        if not stat.S_ISREG(info.st_mode):
            yield InputError(path, "not a regular file")
            return
        if info.st_size > max_bytes:
            yield InputError(path, guards.too_large(max_bytes).reason)
            return
        with open(path, "rb") as handle:
            data = handle.read(max_bytes + 1)
    except FileNotFoundError:
        yield InputError(path, "no such file or directory")
        return
    except PermissionError:
        yield InputError(path, "cannot read: permission denied")
        return
    except OSError as exc:
        yield InputError(path, f"cannot read: {exc.strerror or exc}")
        return
    yield from read_bytes(data, path, max_bytes, name=os.path.basename(path))


def _read_stream(stream: BinaryIO, input: str, max_bytes: int) -> Iterator[Outcome]:
    try:
        data = stream.read(max_bytes + 1)
    except (OSError, ValueError) as exc:  # ValueError: the stream is closed
        yield InputError(input, f"cannot read: {getattr(exc, 'strerror', None) or exc}")
        return
    if isinstance(data, str):  # a text stream without a byte buffer (tests, embedding)
        data = data.encode("utf-8")
    yield from read_bytes(data, input, max_bytes)
