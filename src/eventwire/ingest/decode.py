"""Bytes -> text: encoding detection (never assumed) and the binary-file check.

Order: byte-order mark (UTF-32, UTF-8, UTF-16 LE/BE) -> BOM-less UTF-16 (NUL pattern) ->
strict UTF-8 (or UTF-8 with a few bad bytes replaced) -> the charset declared by an HTML
``<meta>`` or XML declaration -> charset-normalizer, where mostly-ASCII Latin text is read as
Windows-1252 (charset-normalizer guesses unreliably on short Western texts) -> Windows-1252.
"""
from __future__ import annotations

import codecs
import logging
import re
import unicodedata
from dataclasses import dataclass

import charset_normalizer

LOGGER = logging.getLogger(__name__)

BINARY = "binary file (not text)"

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# file signatures of common binary formats that can start with printable bytes
_MAGIC = (b"%PDF-", b"\x89PNG", b"\xff\xd8\xff", b"GIF87a", b"GIF89a", b"PK\x03\x04",
          b"7z\xbc\xaf", b"\x7fELF", b"Rar!", b"BZh", b"\xfd7zXZ", b"OggS", b"ID3", b"RIFF",
          b"\x00\x00\x01\x00", b"MZ\x90\x00", b"SQLite format 3", b"PAR1")

_DECLARED = re.compile(
    rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{1,40})"""
    rb"""|<\?xml[^>]{0,100}?encoding\s*=\s*["']([A-Za-z0-9_.:-]{1,40})["']""",
    re.IGNORECASE,
)
# WHATWG: these labels mean Windows-1252 on the web
_WEB_ALIASES = {"iso8859-1": "cp1252", "ascii": "cp1252", "latin-1": "cp1252", "latin1": "cp1252"}

# punctuation Windows-1252 text uses outside ASCII
_WESTERN_PUNCT = set("“”‘’–—…•€£¥©®™°·«»¡¿§¶±×÷¢¬\xa0\xad´¨¸ªº¹²³¼½¾†‡‰‹›ˆ˜")
_CONTROL_OK = set("\t\n\r\f\v")


class DecodeError(ValueError):
    """The bytes are not text we can read; ``reason`` is the short message for the user."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str  # Python codec name: utf-8, utf-8-sig, utf-16-le, cp1252 ...


def decode(data: bytes, declared_ok: bool = True) -> Decoded:
    """Decode ``data``; raise DecodeError("binary file (not text)" / "undecodable ...").

    ``declared_ok``: respect an HTML meta charset / XML encoding declaration.
    """
    for bom, name in _BOMS:
        if data.startswith(bom):
            codec = "utf-8" if name == "utf-8-sig" else name
            return _strict(data[len(bom):], codec, label=name)
    if data.startswith(_MAGIC):
        raise DecodeError(BINARY)
    head = data[:8192]
    if b"\x00" in head:
        utf16 = _bomless_utf16(head)
        if utf16 is None:
            raise DecodeError(BINARY)
        return _strict(data, utf16, label=utf16)
    try:
        return _checked(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    mostly = _mostly_utf8(data)
    if mostly is not None:
        return mostly
    if declared_ok:
        declared = _declared(data[:4096])
        if declared:
            try:
                return _checked(data.decode(declared), declared)
            except (UnicodeDecodeError, LookupError):
                LOGGER.debug("declared charset %s does not decode the bytes", declared)
    return _guess(data)


def _strict(data: bytes, codec: str, label: str) -> Decoded:
    try:
        return _checked(data.decode(codec), label)
    except UnicodeDecodeError as exc:
        raise DecodeError(f"undecodable text: invalid {codec.upper()} at byte {exc.start}") from None


def _checked(text: str, encoding: str) -> Decoded:
    """Refuse decoded text that is mostly control characters (a binary file read as text)."""
    sample = text[:20000]
    controls = sum(1 for ch in sample if ch < " " and ch not in _CONTROL_OK or "\x7f" <= ch < "\xa0")
    if sample and controls > max(2, len(sample) // 100):
        raise DecodeError(BINARY)
    return Decoded(text, encoding)


def _bomless_utf16(head: bytes) -> str | None:
    """UTF-16 without a BOM: ASCII-heavy text has a NUL in every other byte."""
    even, odd = head[0::2], head[1::2]
    if len(head) < 4:
        return None
    nul_even = even.count(0) / len(even)
    nul_odd = odd.count(0) / max(1, len(odd))
    if nul_odd > 0.4 and nul_even < 0.05:
        return "utf-16-le"
    if nul_even > 0.4 and nul_odd < 0.05:
        return "utf-16-be"
    return None


def _mostly_utf8(data: bytes) -> Decoded | None:
    """UTF-8 text with a few broken bytes (a bad paste) stays UTF-8, bad bytes replaced."""
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    good = sum(1 for ch in text[:200000] if ch > "\x7f") - bad
    if good >= 10 * bad and good > 0:
        LOGGER.debug("utf-8 with %d undecodable bytes replaced", bad)
        return _checked(text, "utf-8")
    return None


def _declared(head: bytes) -> str | None:
    match = _DECLARED.search(head)
    if not match:
        return None
    label = (match.group(1) or match.group(2)).decode("ascii", "ignore").lower()
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    return _WEB_ALIASES.get(name, name)


def _guess(data: bytes) -> Decoded:
    cp1252 = None
    try:
        cp1252 = data.decode("cp1252")
    except UnicodeDecodeError:
        pass
    if cp1252 is not None and _looks_western(cp1252):
        return _checked(cp1252, "cp1252")
    try:
        best = charset_normalizer.from_bytes(data[:200000]).best()
    except Exception:  # third-party detector: any failure just means "no guess"
        LOGGER.debug("charset-normalizer failed", exc_info=True)
        best = None
    if best is not None and best.encoding:
        try:
            return _checked(data.decode(best.encoding), codecs.lookup(best.encoding).name)
        except (UnicodeDecodeError, LookupError):
            pass
    if cp1252 is not None:
        return _checked(cp1252, "cp1252")
    raise DecodeError("undecodable text (not UTF-8, UTF-16 or Windows-1252)")


def _looks_western(text: str) -> bool:
    """Mostly ASCII letters, the rest accented Latin letters or Western punctuation."""
    sample = text[:100000]
    letters = sum(1 for ch in sample if ch.isalpha())
    high = [ch for ch in sample if ch > "\x7f"]
    if not high:
        return True
    high_letters = [ch for ch in high if ch.isalpha()]
    if letters and len(high_letters) / letters > 0.15:
        return False  # e.g. Cyrillic Windows-1251 misread as accented Latin
    unusual = sum(1 for ch in high if ch not in _WESTERN_PUNCT
                  and not (ch.isalpha() and "LATIN" in unicodedata.name(ch, "")))
    return unusual <= len(high) // 10
