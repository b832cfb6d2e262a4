"""RawDocument -> Article: body paragraphs, captions, boilerplate, title, language, published date.

Contract: clean(raw: RawDocument) -> Article  (raises InputError when nothing usable is left,
or when the text is not English)

Scraped text goes through a line cleaner with generic rules (``data/clean/boilerplate.yaml``):
share/social lines, "See also" / "Read more" inserts and link lists, "click here" and
newsletter / cookie / ad notices, syndication and credit lines, lone section labels and author
bios at the end go to ``boilerplate``; photo captions and credits go to ``captions``; a teaser
that repeats the start of the lead is dropped (to ``boilerplate``); a headline line at the top
becomes the title when none is known. Nothing is lost: every input paragraph lands in exactly
one of title / body / captions / boilerplate. Cleaning is idempotent.

Published date: ``raw.given_published`` ("given") > ``raw.published`` ("metadata") > the
latest full, not future-looking date stated in the text or its captions ("inferred").
"""
from __future__ import annotations

import datetime as dt
import functools
import logging
import re
from dataclasses import dataclass, field
from importlib import resources
from typing import Optional

import yaml

from .errors import InputError
from .ingest.language import detect_language, skipped_language_reason
from .model import Article, RawDocument

LOGGER = logging.getLogger(__name__)

# spaCy refuses longer texts by default; one article is far shorter
MAX_TEXT_CHARS = 1_000_000
RAW_MAX_CHARS = 3 * MAX_TEXT_CHARS  # refused before cleaning: not one article, and slow
MAX_LINES = 20_000
NOTHING_LEFT = "no article text left after cleaning"

BODY, TITLE, CAPTION, BOILERPLATE = "body", "title", "caption", "boilerplate"

_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"))
# UTF-16 surrogates: a str from JSON ("\\ud83d\\ude00") or surrogateescape decoding may hold them,
# and no UTF-8 consumer (spaCy, the JSON writer) accepts a lone one
_SURROGATE = re.compile("[\ud800-\udfff]")
_LINE_BREAKS = str.maketrans({"\r": "\n", "\u2028": "\n", "\x85": "\n", "\x0b": "\n", "\x0c": "\n",
                              "\u2029": "\n\n"})
_BLANK = re.compile(r"\n\s*\n")
_ELLIPSIS_END = re.compile(r"(?:\s|\[\s*(?:…|\.\.\.)\s*\]|…|\.{3,})+$")
_SENTENCE_END = re.compile(r"[.!?][\"'”’)]*$")
_ARCHIVE_CAPTION = re.compile(r"(?i)file(?: photo| image)?\s*[-–—:]")
_TITLE_SUFFIX = re.compile(r"\s+[|\-–—·]\s+[^|\-–—·]{2,40}$")

WRAP_MIN, WRAP_MAX = 40, 100  # hard-wrapped text has lines of this width
TEASER_WINDOW = 4  # a teaser is among the first paragraphs ...
TEASER_MIN_CHARS = 40  # ... and long enough to be sure it repeats the lead
TEASER_MAX_CHARS = 3000


# ---------------------------------------------------------------------------- records


@dataclass
class Cleaned:
    """What the line cleaner made of a text (no language or date yet)."""

    title: Optional[str] = None
    body: list[str] = field(default_factory=list)
    captions: list[str] = field(default_factory=list)
    boilerplate: list[str] = field(default_factory=list)
    timestamps: list[str] = field(default_factory=list)  # "Published ..." lines (in boilerplate)


@dataclass
class _Unit:
    text: str
    kind: str = BODY
    why: str = ""


@dataclass(frozen=True)
class _Group:
    patterns: tuple[re.Pattern, ...]
    max_chars: int


@dataclass(frozen=True)
class _Rules:
    labels: frozenset[str]
    groups: tuple[tuple[str, _Group], ...]  # (name, group): boilerplate, in order
    related: _Group
    caption_prefix: _Group
    caption_end: tuple[re.Pattern, ...]  # searched in the paragraph's last 250 characters
    lone_credit: re.Pattern
    tail: _Group


# ---------------------------------------------------------------------------- public API


def clean(raw: RawDocument, *, english_only: bool = True) -> Article:
    """Clean one raw document into an Article (no NLP yet). Raise InputError when unusable."""
    raw = _with_text(raw)
    if len(raw.text or "") > RAW_MAX_CHARS:
        raise InputError(raw.input, f"text longer than {RAW_MAX_CHARS} characters (not a single article?)")
    if (raw.text or "").count("\n") > MAX_LINES:
        raise InputError(raw.input, f"more than {MAX_LINES} lines (not a single article?)")
    cleaned = clean_text(raw.text or "", raw.title)
    if not cleaned.body:
        raise InputError(raw.input, NOTHING_LEFT)
    text_chars = sum(len(p) + 2 for p in cleaned.body)
    if text_chars > MAX_TEXT_CHARS:
        raise InputError(raw.input, f"text longer than {MAX_TEXT_CHARS} characters after cleaning"
                                    " (not a single article?)")
    text = "\n\n".join(cleaned.body)
    language = detect_language(text)
    if english_only and language not in (None, "en"):
        raise InputError(raw.input, skipped_language_reason(language))
    published, source = published_date(raw, cleaned)
    return Article(
        input=raw.input, title=normalise(raw.title) if raw.title else cleaned.title, url=raw.url,
        outlet=raw.outlet, published=published, published_source=source, body=cleaned.body,
        captions=cleaned.captions, boilerplate=cleaned.boilerplate, language=language,
    )


def clean_text(text: str, title: Optional[str] = None) -> Cleaned:
    """Sort the paragraphs of scraped ``text`` into title / body / captions / boilerplate.

    ``title``: the known title (metadata), if any; a copy of it at the top is dropped.
    """
    rules = _rules()
    units = [_Unit(p) for p in split_paragraphs(text)]
    for unit in units:
        unit.kind, unit.why = _classify(unit.text, rules)
    _mark_related_lists(units)
    known = normalise(title) if title else None
    found = None
    # each rule only turns body into non-body, so this ends; running to a fixpoint is what
    # makes cleaning idempotent (a rule may see new neighbours once another one fired)
    while True:
        before = [unit.kind for unit in units]
        # a teaser is not a headline, even though it has no full stop
        _mark_teasers(units)
        if not known and not found:
            found = _mark_headline(units)
        _mark_title_copies(units, known or found)
        _mark_tail(units, rules)
        if before == [unit.kind for unit in units]:
            break
    for unit in units:
        if unit.kind != BODY:
            LOGGER.debug("%s (%s): %.80s", unit.kind, unit.why, unit.text)
    out = Cleaned(title=found)
    for unit in units:
        if unit.kind == BODY:
            out.body.append(unit.text)
        elif unit.kind == CAPTION:
            out.captions.append(unit.text)
        elif unit.kind == BOILERPLATE:
            out.boilerplate.append(unit.text)
            if unit.why == "timestamp":
                out.timestamps.append(unit.text)
    return out


def normalise(text: str) -> str:
    """Collapse whitespace (any Unicode space or line break) and drop invisible characters.

    Surrogate pairs become the character they encode; a lone surrogate becomes U+FFFD.
    """
    if _SURROGATE.search(text):
        text = text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    return " ".join(text.translate(_INVISIBLE).split())


def split_paragraphs(text: str) -> list[str]:
    """Text -> whitespace-normalised paragraphs.

    Blank lines separate paragraphs; inside a block every line is its own paragraph (scraped
    text puts share buttons, inserts and captions on lines of their own), except in
    hard-wrapped text (lines of 40 to 100 characters), where a line filling the width
    continues on the next one.
    """
    paragraphs: list[str] = []
    for block in _BLANK.split(text.translate(_LINE_BREAKS)):
        lines = [line for line in map(normalise, block.split("\n")) if line]
        if not lines:
            continue
        width = max(len(line) for line in lines)
        wrapped = len(lines) > 1 and WRAP_MIN <= width <= WRAP_MAX
        current = [lines[0]]
        for previous, line in zip(lines, lines[1:]):
            if wrapped and _continues(previous, line, width):
                current.append(line)
            else:
                paragraphs.append(" ".join(current))
                current = [line]
        paragraphs.append(" ".join(current))
    return paragraphs


def _continues(previous: str, line: str, width: int) -> bool:
    """In hard-wrapped text, does ``line`` continue the paragraph of ``previous``?

    A line that fills the width continues; one that ends a sentence well short of the width
    ends its paragraph; list items start their own.
    """
    if line.startswith(("- ", "• ", "* ")):
        return False
    if _SENTENCE_END.search(previous):
        return len(previous) >= 0.85 * width
    return len(previous) >= 0.6 * width


def published_date(raw: RawDocument, cleaned: Cleaned,
                   today: Optional[dt.date] = None) -> tuple[Optional[dt.date], Optional[str]]:
    """(date, source): given > metadata > inferred from the text, or (None, None)."""
    if raw.given_published:
        return raw.given_published, "given"
    if raw.published:
        return raw.published, "metadata"
    # "FILE - ..." captions describe archive photos: their dates say nothing about this article
    captions = [c for c in cleaned.captions if not _ARCHIVE_CAPTION.match(c)]
    inferred = infer_published(cleaned.body + captions, cleaned.timestamps, today)
    return (inferred, "inferred") if inferred else (None, None)


def infer_published(paragraphs: list[str], timestamps: list[str] = (),
                    today: Optional[dt.date] = None) -> Optional[dt.date]:
    """The publication date a text supports: a "Published ..." line's date, else the latest
    full date (day, month, year) stated in ``paragraphs`` that is not future-looking
    ("until Dec. 5, 2024", "will meet on ...") and not after ``today``."""
    today = today or dt.date.today()
    for line in timestamps:
        if re.match(r"(?i)(?:published|posted|first published)\b", line):
            dates = [d for d, _, _ in _full_dates(line) if d <= today]
            if dates:
                return dates[0]
    best: Optional[dt.date] = None
    for paragraph in paragraphs:
        for date, start, end in _full_dates(paragraph):
            if date <= today and not _future_looking(paragraph, start) and (best is None or date > best):
                best = date
    return best


# ---------------------------------------------------------------------------- classification


def _classify(text: str, rules: _Rules) -> tuple[str, str]:
    """Context-free verdict on one paragraph: (kind, rule name)."""
    if text.casefold() in rules.labels:
        return BOILERPLATE, "label"
    if _matches(rules.related, text):
        return BOILERPLATE, "related"
    for name, group in rules.groups:
        if _matches(group, text):
            return BOILERPLATE, name
    if _is_caption(text, rules):
        return CAPTION, "caption"
    return BODY, ""


def _matches(group: _Group, text: str) -> bool:
    return len(text) <= group.max_chars and any(p.search(text) for p in group.patterns)


def _is_caption(text: str, rules: _Rules) -> bool:
    if any(p.search(text) for p in rules.caption_prefix.patterns):
        return True
    if len(text) <= 100 and rules.lone_credit.search(text):
        return True
    tail = text[-250:]
    return any(p.search(tail) for p in rules.caption_end)


def _mark_related_lists(units: list[_Unit]) -> None:
    """Headline-like paragraphs right after a "Read more:" heading are links, not body."""
    in_list = False
    for unit in units:
        if unit.kind == BOILERPLATE and unit.why == "related":
            in_list = True
        elif in_list and unit.kind == BODY and _link_like(unit.text):
            unit.kind, unit.why = BOILERPLATE, "related link"
        elif unit.kind == BODY:
            in_list = False


def _link_like(text: str) -> bool:
    return len(text) <= 200 and not re.search(r"[.,;:]$", text) and not text.startswith(("“", '"', "‘", "'"))


def _headline_like(text: str) -> bool:
    return (len(text) <= 250 and 2 <= len(text.split()) <= 30 and not re.search(r"[.,;:]$", text)
            and not text[0].islower())


def _body_indexes(units: list[_Unit]) -> list[int]:
    return [i for i, unit in enumerate(units) if unit.kind == BODY]


def _mark_headline(units: list[_Unit]) -> Optional[str]:
    """No title known: a headline-like first paragraph followed by more body is the title."""
    body = _body_indexes(units)
    if len(body) < 2 or not _headline_like(units[body[0]].text):
        return None
    units[body[0]].kind, units[body[0]].why = TITLE, "headline"
    return units[body[0]].text


def _title_key(text: str) -> str:
    return _TITLE_SUFFIX.sub("", text).casefold().strip(" \"'“”‘’")


def _mark_title_copies(units: list[_Unit], title: Optional[str]) -> None:
    """Copies of the title among the first paragraphs are boilerplate, not body."""
    if not title:
        return
    key = _title_key(title)
    changed = True
    while changed:
        changed = False
        for i in _body_indexes(units)[:3]:
            text = _title_key(units[i].text)
            if text == key or (min(len(text), len(key)) >= 15 and _headline_like(units[i].text)
                               and (key.startswith(text) or text.startswith(key))):
                units[i].kind, units[i].why = BOILERPLATE, "title copy"
                changed = True
                break


def _mark_tail(units: list[_Unit], rules: _Rules) -> None:
    """Author bios and credit lines among the last paragraphs, back to the first real one."""
    for i in reversed(_body_indexes(units)[1:]):
        if not _matches(rules.tail, units[i].text):
            return
        units[i].kind, units[i].why = BOILERPLATE, "tail"


def _mark_teasers(units: list[_Unit]) -> None:
    """Drop a paragraph whose text (minus a trailing "[…]") starts the paragraphs after it."""
    changed = True
    while changed:
        changed = False
        body = _body_indexes(units)
        for n, i in enumerate(body[:TEASER_WINDOW]):
            text = units[i].text
            if not TEASER_MIN_CHARS <= len(text) <= TEASER_MAX_CHARS or n + 1 >= len(body):
                continue
            core = text[:-20] + _ELLIPSIS_END.sub("", text[-20:])
            following = " ".join(units[j].text for j in body[n + 1:n + 6])
            if following.startswith(core):
                units[i].kind, units[i].why = BOILERPLATE, "teaser"
                changed = True
                break


# ---------------------------------------------------------------------------- dates


def _full_dates(text: str) -> list[tuple[dt.date, int, int]]:
    """Every full date (day, month, year) in ``text`` with its span."""
    found = []
    months = _months()
    for pattern in _date_patterns():
        for match in pattern.finditer(text):
            parts = match.groupdict()
            month = parts["month"]
            number = int(month) if month.isdigit() else months.get(month.lower().rstrip("."))
            try:
                found.append((dt.date(int(parts["year"]), number or 0, int(parts["day"])),
                              match.start(), match.end()))
            except ValueError:
                continue
    return found


def _future_looking(paragraph: str, start: int) -> bool:
    data = _date_words()
    before = paragraph[max(0, start - 60):start].lower()
    if data["before"].search(before):
        return True
    sentence = _sentence_before(paragraph, start).lower()
    modal = None
    for modal in data["modals"].finditer(sentence):
        pass
    if modal is None:
        return False
    return not data["reporting"].search(sentence[modal.end():])


def _sentence_before(paragraph: str, start: int) -> str:
    """The part of the date's sentence that comes before the date."""
    abbreviations = _date_words()["abbreviations"]
    text = paragraph[max(0, start - 400):start]  # a sentence is shorter; keeps long texts linear
    cut = 0
    for match in re.finditer(r"[.!?][\"'”’)]*\s+(?=[A-Z“\"‘'(])", text):
        word = re.search(r"([\w.]+)[.!?]", text[max(0, match.start() - 12):match.start() + 1])
        if word and word.group(1).lower() in abbreviations:
            continue
        cut = match.end()
    return text[cut:]


@functools.lru_cache(maxsize=1)
def _dates_data() -> dict:
    path = resources.files("eventwire") / "data" / "clean" / "dates.yaml"
    return yaml.safe_load(path.read_text(encoding="utf-8"))


@functools.lru_cache(maxsize=1)
def _months() -> dict[str, int]:
    return {name: int(number) for number, names in _dates_data()["months"].items() for name in names}


@functools.lru_cache(maxsize=1)
def _date_patterns() -> tuple[re.Pattern, ...]:
    names = sorted(_months(), key=len, reverse=True)
    month = r"(?P<month>(?:" + "|".join(names) + r"))\.?"
    day = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
    year = r"(?P<year>(?:1[89]|20)\d\d)"
    return (
        re.compile(rf"(?i)\b{month}\s+{day},?\s+{year}\b"),
        re.compile(rf"(?i)\b{day}\s+(?:of\s+)?{month},?\s+{year}\b"),
        re.compile(r"\b(?P<year>(?:1[89]|20)\d\d)-(?P<month>[01]\d)-(?P<day>[0-3]\d)\b"),
    )


@functools.lru_cache(maxsize=1)
def _date_words() -> dict:
    data = _dates_data()

    def words(key: str) -> str:
        return "|".join(re.escape(w) for w in sorted(data[key], key=len, reverse=True))

    return {
        "before": re.compile(rf"\b(?:{words('future_before')})\s+(?:on\s+|the\s+)?(?:\w+,?\s+)?$"),
        "modals": re.compile(rf"(?:\b|(?<=\w))(?:{words('future_modals')})\b"),
        "reporting": re.compile(rf"\b(?:{words('reporting_verbs')})\b"),
        "abbreviations": frozenset(data["abbreviations"]),
    }


# ---------------------------------------------------------------------------- rules


@functools.lru_cache(maxsize=1)
def _rules() -> _Rules:
    path = resources.files("eventwire") / "data" / "clean" / "boilerplate.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    captions = data["captions"]
    credits = "|".join(re.escape(c) for c in sorted(captions["credits"], key=len, reverse=True))

    def group(spec: dict, default_max: int = 10**9) -> _Group:
        return _Group(_alternation(spec.get("patterns", ()), re.IGNORECASE)
                      + _alternation(spec.get("case_sensitive_patterns", ()), 0),
                      int(spec.get("max_chars", default_max)))

    return _Rules(
        labels=frozenset(str(label).casefold() for label in data["labels"]),
        groups=tuple((name, group(data[name])) for name in ("share", "inserts", "notices", "syndication")),
        related=_Group(_alternation(data["related_headings"], re.IGNORECASE), 80),
        caption_prefix=_Group(_alternation(captions["prefixes"], re.IGNORECASE), 10**9),
        caption_end=tuple(
            re.compile(captions[key].replace("{credits}", credits), flags)
            for key, flags in (("parenthesised_credit", 0), ("bare_credit", 0), ("credit_prefix", 0))),
        lone_credit=re.compile(captions["lone_credit"].replace("{credits}", credits)),
        tail=group(data["tail"]),
    )


def _alternation(patterns, flags: int) -> tuple[re.Pattern, ...]:
    """Many rules as one regex: one search per paragraph instead of one per rule."""
    if not patterns:
        return ()
    return (re.compile("|".join(f"(?:{p})" for p in patterns), flags),)


def _with_text(raw: RawDocument) -> RawDocument:
    """A RawDocument holding HTML (and no text) gets its main text extracted first."""
    if raw.text is not None or not raw.html:
        return raw
    from .ingest import guards, html as html_reader

    try:
        page = html_reader.page_to_document(raw.html, raw.input, url=raw.url, encoding=raw.encoding)
    except guards.Refused as exc:
        raise InputError(raw.input, exc.reason) from None
    return RawDocument(
        input=raw.input, text=page.text, url=raw.url or page.url, published=raw.published or page.published,
        title=raw.title or page.title, outlet=raw.outlet or page.outlet, encoding=raw.encoding,
        given_published=raw.given_published,
    )
