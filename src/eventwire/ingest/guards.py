"""Bounds on hostile input: decompression size, XML entity declarations, tag nesting depth.

Each guard raises ``Refused(reason)``; the readers turn that into an InputError, so a hostile
document costs bounded time and memory and never reaches a parser that could blow up.
"""
from __future__ import annotations

import logging
import re
import zlib

LOGGER = logging.getLogger(__name__)

GZIP_MAGIC = b"\x1f\x8b"
# lxml's HTML parser silently cuts trees at depth 256; deeper markup is an attack or junk
MAX_DEPTH = 1000

_ENTITY_DECL = re.compile(rb"<!ENTITY", re.IGNORECASE)
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9:-]{0,40})\b[^<>]{0,2000}?(/?)>")
# elements that never hold children, or whose end tag HTML lets authors leave out
_FLAT = frozenset(
    "area base br col embed hr img input link meta param source track wbr "
    "p li dt dd tr td th option optgroup thead tbody tfoot colgroup rt rp".split()
)


class Refused(ValueError):
    """The input is refused; ``reason`` is the short message for the user."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def too_large(max_bytes: int, what: str = "") -> Refused:
    return Refused(f"larger than {max_bytes} bytes{what} (raise --max-bytes)")


def gunzip(data: bytes, max_bytes: int) -> bytes:
    """Decompress every gzip member of ``data``, refusing output above ``max_bytes``."""
    out = bytearray()
    rest = data
    while rest:
        inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
        try:
            while rest and not inflater.eof:
                chunk = inflater.decompress(rest, max_bytes + 1 - len(out))
                out += chunk
                if len(out) > max_bytes:
                    raise too_large(max_bytes, " when decompressed")
                # unconsumed_tail holds input the output cap stopped short of
                rest = inflater.unconsumed_tail
                if not chunk and not rest:
                    break
        except zlib.error as exc:
            # zlib's own wording differs between versions: keep it out of the reason
            LOGGER.debug("gzip: %s", exc)
            raise Refused("corrupt gzip data") from None
        if not inflater.eof:
            raise Refused("truncated gzip file")
        rest = inflater.unused_data
        if rest and not rest.startswith(GZIP_MAGIC):
            break  # trailing garbage after the last member, as gzip(1) ignores it
    return bytes(out)


def check_no_entities(data: bytes | str) -> None:
    """Refuse DTD entity declarations: never let a parser expand them (billion laughs)."""
    raw = data.encode("utf-8", "ignore") if isinstance(data, str) else data
    if _ENTITY_DECL.search(raw):
        raise Refused("XML entity declarations are not allowed (possible entity-expansion attack)")


def check_depth(markup: str, limit: int = MAX_DEPTH) -> None:
    """Refuse markup whose element nesting goes deeper than ``limit`` (a cheap tag scan)."""
    depth = 0
    for match in _TAG.finditer(markup):
        closing, name, selfclosing = match.groups()
        if selfclosing or name.lower() in _FLAT:
            continue
        if closing:
            depth = max(0, depth - 1)
            continue
        depth += 1
        if depth > limit:
            raise Refused(f"markup nested too deeply (more than {limit} levels)")
