"""HTML -> RawDocument: main content through trafilatura, date through htmldate.

Full pages go through trafilatura (boilerplate-aware extraction plus title / sitename / url
metadata); HTML fragments (feed entries, JSON ``html`` fields) are converted block by block,
since they hold the article only and trafilatura drops short fragments. Both refuse entity
declarations and absurd nesting before any parser sees the markup.
"""
from __future__ import annotations

import datetime as dt
import logging
import re
from typing import Optional

import lxml.etree
import lxml.html

from ..model import RawDocument
from . import guards
from .dates import parse_date

LOGGER = logging.getLogger(__name__)

NO_CONTENT = "no article text found in HTML"

# characters libxml2 refuses in text nodes (a stray control byte must not sink the page)
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_XML_DECL = re.compile(r"^\s*<\?xml[^>]{0,200}\?>", re.IGNORECASE)
_FULL_PAGE = re.compile(r"<(?:html|body|head)\b|<!doctype\s+html", re.IGNORECASE)
_BLOCKS = frozenset(
    "p div br li ul ol h1 h2 h3 h4 h5 h6 blockquote tr table section article header footer "
    "figure figcaption pre dd dt hr".split()
)
_DROP = ("script", "style", "noscript", "template", "iframe", "svg", "head")
_CHROME = ("nav", "header", "footer", "aside", "form", "button", "menu", "select")


def is_full_page(html: str) -> bool:
    return bool(_FULL_PAGE.search(html[:5000]))


def page_to_document(html: str, input: str, url: Optional[str] = None,
                     encoding: Optional[str] = None) -> RawDocument:
    """A whole web page -> RawDocument(text, title, outlet, url, published); raise guards.Refused."""
    guards.check_no_entities(html)
    guards.check_depth(html)
    html = _NOT_XML.sub(" ", html)
    import trafilatura  # heavy import, only when HTML is read

    try:
        doc = trafilatura.bare_extraction(
            html, url=url, with_metadata=True, include_comments=False, include_tables=False,
            include_images=False, output_format="python",
        )
    except (RecursionError, ValueError, TypeError, lxml.etree.LxmlError) as exc:
        LOGGER.debug("trafilatura failed on %s", input, exc_info=True)
        raise guards.Refused(f"cannot parse HTML: {type(exc).__name__}") from None
    text = (getattr(doc, "text", None) or "").strip() if doc is not None else ""
    if not text:
        # trafilatura found no main content (often: a very short article): take the page's
        # text without its navigation, header, footer and forms
        text = fragment_to_text(html, drop=_DROP + _CHROME)
    if not text.strip():
        raise guards.Refused(NO_CONTENT)
    return RawDocument(
        input=input,
        text=_paragraphs(text),
        url=(getattr(doc, "url", None) or url) if doc is not None else url,
        published=page_date(html, url),
        title=getattr(doc, "title", None) if doc is not None else None,
        outlet=getattr(doc, "sitename", None) if doc is not None else None,
        encoding=encoding,
    )


def page_date(html: str, url: Optional[str] = None) -> Optional[dt.date]:
    """Publication date from the page markup (htmldate, original date preferred), or None."""
    import htmldate

    try:
        found = htmldate.find_date(html, url=url, original_date=True, extensive_search=False,
                                   outputformat="%Y-%m-%d")
    except (RecursionError, ValueError, TypeError, lxml.etree.LxmlError):
        LOGGER.debug("htmldate failed", exc_info=True)
        return None
    return parse_date(found) if found else None


def fragment_to_text(html: str, drop: tuple[str, ...] = _DROP) -> str:
    """An HTML fragment -> text with one paragraph per block element (blank-line separated)."""
    guards.check_no_entities(html)
    guards.check_depth(html)
    parser = lxml.html.HTMLParser(remove_comments=True, remove_pis=True, no_network=True,
                                  huge_tree=False)
    html = _NOT_XML.sub(" ", html)
    try:
        # etree.fromstring with the HTML parser wraps any fragment in <html><body> and, unlike
        # lxml.html.fragment_fromstring, has no assertions that odd markup can trip
        root = lxml.etree.fromstring(_XML_DECL.sub("", html, count=1), parser)
    except (lxml.etree.LxmlError, ValueError, TypeError):
        LOGGER.debug("lxml could not parse the fragment", exc_info=True)
        return ""
    if root is None:
        return ""
    for bad in list(root.iter(*drop)):
        if bad.getparent() is not None:
            bad.drop_tree()
    pieces: list[str] = []
    _walk(root, pieces)
    blocks = (" ".join(block.split()) for block in re.split(r"\n\s*\n", "".join(pieces)))
    return "\n\n".join(block for block in blocks if block)


def _walk(element, pieces: list[str]) -> None:
    """Iterative text walk: block elements break paragraphs (no recursion on deep trees)."""
    stack: list = [(element, False)]
    while stack:
        node, closing = stack.pop()
        if closing:
            if isinstance(node.tag, str) and node.tag.lower() in _BLOCKS:
                pieces.append("\n\n")
            if node.tail and node is not element:
                pieces.append(node.tail)
            continue
        tag = node.tag.lower() if isinstance(node.tag, str) else ""
        if tag in _BLOCKS:
            pieces.append("\n\n")
        if node.text and isinstance(node.tag, str):
            pieces.append(node.text)
        stack.append((node, True))
        stack.extend((child, False) for child in reversed(node))


def _paragraphs(text: str) -> str:
    """One paragraph per line (trafilatura's output) -> blank-line separated paragraphs."""
    lines = (" ".join(line.split()) for line in text.splitlines())
    return "\n\n".join(line for line in lines if line)
