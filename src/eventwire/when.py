"""Dates: temporal expressions resolved against the publication date.

Contract: date_events(doc, events, published) sets Event.date and Event.date_source in place.

Also public:
    resolve(expression, published, future=False) -> DateResolution | None
    find_dates(doc, published) -> list[DateMention]
    shares_setting_with_head(token, verbal) -> bool, scene_of(event, scene, breaks) -> setting | None
        (the clause and scene rules where.locate_events shares)

An event's date: its own clause's, else its sentence's, else its paragraph's (a day), else the
day of the scene it continues (an earlier event of the same named actor), else the publication
date (``date_source``: clause | sentence | paragraph | scene | published).

Relative expressions ("on Friday", "last week", "two days ago") are resolved by our own
calendar arithmetic, which is exact across month and year boundaries; dateparser (slow) is
only asked about absolute dates in unusual forms, behind a regex pre-filter and a cache.
A weekday without "last"/"next" is the latest such day on or before publication (news published
on a Friday saying "on Friday" means that day), or the next one after it when the clause is about
the future ("will meet on Friday", "is set to", "plans to").
"""
from __future__ import annotations

import bisect
import calendar
import datetime as dt
import functools
import json
import logging
import re
from dataclasses import dataclass
from importlib import resources
from typing import Optional

from .model import Event

LOGGER = logging.getLogger(__name__)

DATE_LABELS = ("DATE", "TIME")
WEEKDAYS = [d.lower() for d in calendar.day_name]
_MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_name) if m}
_MONTHS.update({m.lower(): i for i, m in enumerate(calendar.month_abbr) if m})
_MONTHS["sept"] = 9
_MONTH_RE = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_WEEKDAY_RE = r"(?P<weekday>" + "|".join(WEEKDAYS) + r")"
_NUMBERS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve".split())}
_NUMBERS.update({"a": 1, "an": 1, "a couple of": 2, "several": None, "a few": None})

_ISO = re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<month>[01]?\d)-(?P<day>[0-3]?\d)\b")
_MONTH_DAY = re.compile(r"\b" + _MONTH_RE + r"\s+(?P<day>[0-3]?\d)(?:st|nd|rd|th)?\b(?:,?\s+(?P<year>(?:19|20)\d\d)\b)?")
_DAY_MONTH = re.compile(r"\b(?P<day>[0-3]?\d)(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MONTH_RE + r"(?:,?\s+(?P<year>(?:19|20)\d\d)\b)?")
_MONTH_YEAR = re.compile(r"\b" + _MONTH_RE + r"(?:,?\s+(?P<year>(?:19|20)\d\d))?\b")
_YEAR = re.compile(r"^(?:in |since |during |by |the year )?(?P<year>(?:19|20)\d\d)$")
_WEEKDAY = re.compile(r"\b(?:(?P<mod>last|next|this|past|coming|previous|following)\s+)?" + _WEEKDAY_RE + r"\b")
_AGO = re.compile(r"\b(?P<n>\d+|" + "|".join(sorted(_NUMBERS, key=len, reverse=True)) + r")\s+(?P<unit>day|week|month|year)s?\s+ago\b")
_PERIOD = re.compile(r"\b(?P<mod>this|last|next|past|previous|coming|earlier this|later this)\s+(?P<unit>week|weekend|month|year)\b")
# only strings that look like a written-out date are worth a dateparser call
_ANY_MONTH = "(?:" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + ")"
_ABSOLUTE_HINT = re.compile(r"\d{1,4}[/.]\d{1,2}[/.]\d{1,4}|\b" + _ANY_MONTH + r"\b.*\d|\d.*\b" + _ANY_MONTH + r"\b")


@dataclass(frozen=True)
class DateResolution:
    """A resolved expression: ``date`` when it names one day, else None with the range meant.

    ``precision``: day | week | month | year. ``start``/``end``: the first and last day meant.
    """

    date: Optional[dt.date]
    precision: str
    text: str
    start: Optional[dt.date] = None
    end: Optional[dt.date] = None


@dataclass(frozen=True)
class DateMention:
    """A temporal expression found in a Doc, with its resolution."""

    text: str
    start: int  # char offsets
    end: int
    token_start: int
    token_end: int
    resolution: DateResolution


@functools.lru_cache(maxsize=1)
def _vocab() -> dict:
    path = resources.files("eventwire") / "data" / "when" / "relative.json"
    return json.loads(path.read_text(encoding="utf-8"))


def _day(date: dt.date, text: str) -> DateResolution:
    return DateResolution(date, "day", text, date, date)


def _norm(expression: str) -> str:
    text = expression.replace("’", "'").lower()
    text = re.sub(r"[^\w\s.'/-]", " ", text)
    return re.sub(r"\s+", " ", text).strip(" .")


def resolve(expression: str, published: Optional[dt.date], future: bool = False) -> Optional[DateResolution]:
    """Resolve one temporal expression against the publication date; None if it names no time.

    ``future``: the clause speaks of the future, so a bare weekday or month-day lies after
    publication. Never raises.
    """
    try:
        return _resolve(_norm(expression or ""), expression or "", published, future)
    except (ValueError, OverflowError) as exc:  # impossible dates like "Feb. 30"
        LOGGER.debug("cannot resolve %r: %s", expression, exc)
        return None


def _resolve(text: str, original: str, published: Optional[dt.date], future: bool) -> Optional[DateResolution]:
    if not text:
        return None
    found = _absolute(text, original, published, future)
    if found is not None:
        return found
    if published is None:
        return None
    for resolver in (_relative_day, _weekday, _ago, _period):
        found = resolver(text, original, published, future)
        if found is not None:
            return found
    return _month_only(text, original, published, future)


def _absolute(text: str, original: str, published: Optional[dt.date], future: bool) -> Optional[DateResolution]:
    """ISO dates, "Oct. 21, 2024", "21 October", "Oct. 21" (year nearest publication), "2023"."""
    match = _ISO.search(text)
    if match:
        return _day(dt.date(int(match["year"]), int(match["month"]), int(match["day"])), original)
    match = _MONTH_DAY.search(text) or _DAY_MONTH.search(text)
    if match and 1 <= int(match["day"]) <= 31:
        month, day = _MONTHS[match["month"]], int(match["day"])
        if match["year"]:
            return _day(dt.date(int(match["year"]), month, day), original)
        if published is None:
            return None
        return _day(_nearest_year(month, day, published, future), original)
    match = _YEAR.match(text)
    if match:
        year = int(match["year"])
        return DateResolution(None, "year", original, dt.date(year, 1, 1), dt.date(year, 12, 31))
    if _ABSOLUTE_HINT.search(text) and not re.search(r"\b(ago|last|next|this)\b", text):
        return _dateparser(text, original)
    return None


def _nearest_year(month: int, day: int, published: dt.date, future: bool) -> dt.date:
    """The month-day in the year that puts it nearest before (or, if ``future``, after) publication."""
    for year in ((published.year, published.year + 1) if future else (published.year, published.year - 1)):
        try:
            candidate = dt.date(year, month, day)
        except ValueError:  # Feb. 29 outside leap years
            continue
        if (candidate >= published) if future else (candidate <= published):
            return candidate
    return dt.date(published.year, month, day)


@functools.lru_cache(maxsize=4096)
def _dateparser(text: str, original: str) -> Optional[DateResolution]:
    """Absolute dates in forms our patterns do not cover ("2024/10/21"), with day month and year."""
    import dateparser

    parsed = dateparser.parse(text, languages=["en"], settings={"REQUIRE_PARTS": ["day", "month", "year"]})
    return _day(parsed.date(), original) if parsed else None


def _relative_day(text: str, original: str, published: dt.date, future: bool) -> Optional[DateResolution]:
    days = _vocab()["days"]
    for phrase in sorted(days, key=len, reverse=True):
        if re.search(r"\b" + re.escape(phrase) + r"\b", text):
            return _day(published + dt.timedelta(days=days[phrase]), original)
    return None


def _weekday(text: str, original: str, published: dt.date, future: bool) -> Optional[DateResolution]:
    """"Friday", "last Tuesday", "next Monday", "this Friday", "Monday night"."""
    match = _WEEKDAY.search(text)
    if not match:
        return None
    target, mod = WEEKDAYS.index(match["weekday"]), match["mod"]
    back = (published.weekday() - target) % 7  # days since the latest such day, 0 = today
    ahead = (target - published.weekday()) % 7  # days until the next such day, 0 = today
    if mod in ("last", "past", "previous"):
        return _day(published - dt.timedelta(days=back or 7), original)
    if mod in ("next", "coming", "following"):
        return _day(published + dt.timedelta(days=ahead or 7), original)
    if mod == "this":  # the day of the current Monday-to-Sunday week
        return _day(published + dt.timedelta(days=target - published.weekday()), original)
    if future:
        return _day(published + dt.timedelta(days=ahead or 7), original)
    return _day(published - dt.timedelta(days=back), original)


def _ago(text: str, original: str, published: dt.date, future: bool) -> Optional[DateResolution]:
    """"two days ago" -> a day; "three weeks ago", "a month ago" -> a range."""
    match = _AGO.search(text)
    if not match:
        return None
    n = int(match["n"]) if match["n"].isdigit() else _NUMBERS.get(match["n"])
    if n is None:
        return None
    unit = match["unit"]
    if unit == "day":
        return _day(published - dt.timedelta(days=n), original)
    if unit == "week":
        return _week(published - dt.timedelta(weeks=n), original)
    if unit == "month":
        return _month(_add_months(published, -n), original)
    return _year(published.year - n, original)


def _period(text: str, original: str, published: dt.date, future: bool) -> Optional[DateResolution]:
    """"this week", "last month", "earlier this month", "next year", "over the weekend"."""
    match = _PERIOD.search(text)
    unit = match["unit"] if match else None
    mod = match["mod"] if match else None
    if match is None and re.search(r"\bweekend\b", text):
        unit, mod = "weekend", "next" if future else "last"
    if unit is None:
        return None
    step = {"last": -1, "past": -1, "previous": -1, "next": 1, "coming": 1}.get(mod or "", 0)
    if unit == "weekend":
        saturday = published + dt.timedelta(days=(5 - published.weekday()) % 7)
        if step < 0 or (step == 0 and not future):
            saturday = published - dt.timedelta(days=(published.weekday() - 5) % 7)
        return DateResolution(None, "week", original, saturday, saturday + dt.timedelta(days=1))
    if unit == "week":
        found = _week(published + dt.timedelta(weeks=step), original)
    elif unit == "month":
        found = _month(_add_months(published, step), original)
    else:
        found = _year(published.year + step, original)
    if mod == "earlier this":  # up to the publication day
        return DateResolution(None, found.precision, original, found.start, published)
    if mod == "later this":
        return DateResolution(None, found.precision, original, published, found.end)
    return found


def _month_only(text: str, original: str, published: dt.date, future: bool) -> Optional[DateResolution]:
    """"October", "in March 2023", "mid-October": the month nearest before (or after) publication."""
    match = _MONTH_YEAR.search(text)
    if not match or match["month"] in ("may", "march") and not re.search(r"\b(in|since|by|until|early|late|mid|of)\b|\d", text):
        return None  # "may" and "march" are also a verb
    month = _MONTHS[match["month"]]
    if match["year"]:
        year = int(match["year"])
    elif future:
        year = published.year if month >= published.month else published.year + 1
    else:
        year = published.year if month <= published.month else published.year - 1
    return _month(dt.date(year, month, 1), original)


def _week(day: dt.date, text: str) -> DateResolution:
    monday = day - dt.timedelta(days=day.weekday())
    return DateResolution(None, "week", text, monday, monday + dt.timedelta(days=6))


def _month(day: dt.date, text: str) -> DateResolution:
    last = calendar.monthrange(day.year, day.month)[1]
    return DateResolution(None, "month", text, day.replace(day=1), day.replace(day=last))


def _year(year: int, text: str) -> DateResolution:
    return DateResolution(None, "year", text, dt.date(year, 1, 1), dt.date(year, 12, 31))


def _add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


# ---------------------------------------------------------------------------------------------
# expressions in a Doc

_OWN_PATTERN = re.compile(
    r"\b(?:(?:last|next|this|past|coming)\s+)?(?:" + "|".join(WEEKDAYS) + r")\b"
    r"|\b(?:yesterday|today|tonight|tomorrow|last night)\b"
    r"|\b(?:19|20)\d\d-[01]\d-[0-3]\d\b",
    re.IGNORECASE,
)


def find_dates(doc, published: Optional[dt.date]) -> list[DateMention]:
    """Temporal expressions in ``doc`` (spaCy DATE/TIME entities plus our own patterns), resolved.

    Each is resolved as future when its governing clause speaks of the future.
    Expressions that name no time ("20 years", "48 hours") are left out.
    """
    spans = [(e.start_char, e.end_char) for e in doc.ents if e.label_ in DATE_LABELS]
    covered = [range(s, e) for s, e in spans]
    for match in _OWN_PATTERN.finditer(doc.text):
        if any(match.start() in r for r in covered):
            continue
        # a weekday is a name: "may" is a verb but "Friday" is never lower case in news
        if re.search(_WEEKDAY_RE, match.group(0), re.IGNORECASE) and not re.search(r"[A-Z][a-z]+day", match.group(0)):
            continue
        spans.append((match.start(), match.end()))
    mentions = []
    for start, end in sorted(set(spans)):
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None or len(span) == 0:
            continue
        resolution = resolve(span.text, published, future=_is_future(span.root))
        if resolution is not None:
            mentions.append(DateMention(span.text, span.start_char, span.end_char, span.start, span.end, resolution))
    return mentions


def governing_verb(token):
    """The verb whose clause ``token`` belongs to (itself if a verb), or the sentence root."""
    current = token
    for _ in range(len(token.doc)):
        if current.pos_ in ("VERB", "AUX") and current.dep_ != "aux":
            return current
        if current.head is current:
            return current
        current = current.head
    return current


def _is_future(token) -> bool:
    """Does the clause governing ``token`` speak of the future ("will meet", "is set to visit")?"""
    vocab = _vocab()
    verb = governing_verb(token)
    for _ in range(3):
        if any(c.dep_ in ("aux", "auxpass") and c.lower_ in vocab["future_aux"] for c in verb.children):
            return True
        if any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children) and verb.dep_ == "xcomp" and (
            verb.head.lemma_.lower() in vocab["future_verbs"]
        ):
            return True
        if verb.dep_ not in ("xcomp", "conj") or verb.head is verb:
            return False
        verb = verb.head
    return False


# ---------------------------------------------------------------------------------------------
# dating events

# a date expression that modifies a noun ("the 2022 election", "Monday's drills") does not date a clause
_MODIFIER_DEPS = {"compound", "amod", "nummod", "poss", "nmod"}
_CLAUSE_DEPS = {"ccomp", "advcl", "relcl", "acl", "csubj", "parataxis", "xcomp", "conj", "pcomp"}
VERBAL_ROOTS = {"01", "02", "03", "04", "05", "06", "10", "11", "12", "13"}
# a coordinated, controlled or adverbial clause shares the time and place of the verb it hangs on
# ("met on Friday and signed", "set to move", "spoke in Moscow, during which she vowed")
SHARED_SETTING_DEPS = ("conj", "xcomp", "advcl")
# a non-verbal predicate is part of its copula's clause ("was willing to assist", "is ready")
COMPLEMENT_DEPS = ("acomp", "attr", "oprd")
# an event noun as its verb's object or subject ("held talks", "talks were held", "clashes erupted")
EVENT_NOUN_DEPS = ("dobj", "nsubj", "nsubjpass")


def shares_setting_with_head(token, verbal: bool) -> bool:
    """Does ``token``'s clause take its time and place from its head's clause?

    Coordinated verbs sharing its subject, controlled and adverbial clauses do, a predicate
    complement does (it is in its copula's clause), and for a statement (``verbal``) so does the
    speech verb reporting it.
    """
    if token.head is token:
        return False
    if token.dep_ == "conj" and has_own_subject(token):
        return False  # "China held drills around Taiwan and a vessel collided with a boat": two scenes
    return (token.dep_ in SHARED_SETTING_DEPS or (verbal and token.dep_ == "ccomp")
            or (token.dep_ in COMPLEMENT_DEPS and token.pos_ not in ("VERB", "AUX"))
            # an event noun happens where and when its verb says: "launched exercises in X"
            or (token.dep_ in EVENT_NOUN_DEPS and token.pos_ in ("NOUN", "PROPN")))


def has_own_subject(verb) -> bool:
    """Does ``verb`` have a subject of its own, naming other actors than the verb it is coordinated
    to? A pronoun ("Putin met Xi and they talked") refers back to the same actors."""
    return any(c.dep_ in ("nsubj", "nsubjpass", "csubj") and c.pos_ != "PRON" for c in verb.children)


def date_events(doc, events: list[Event], published: Optional[dt.date]) -> None:
    """Set ``Event.date`` and ``Event.date_source`` in place.

    An event takes the date in its own clause, else one in its sentence, else one (naming a
    day) in its paragraph, else the day of the scene it continues (``scene_of``: an earlier
    event of the same named actor, "Blinken and Austin met their counterparts on Thursday ..."
    then "The officials warned ..."), else the publication date; ``date_source`` says which
    (clause | sentence | paragraph | scene | published). A week, month or year expression in the
    clause or sentence leaves ``date`` None (the text gives no day).
    """
    mentions = find_dates(doc, published)
    paragraphs = _paragraph_bounds(doc.text)
    ordered = sorted(events, key=lambda e: e.start)
    dated: set[int] = set()
    scene = []  # (start, event, day) of events dated by a day their own text names
    for event in ordered:
        try:
            found = _event_date(doc, event, mentions, paragraphs)
        except (IndexError, ValueError):
            LOGGER.debug("cannot date event %r", event.sentence[:60], exc_info=True)
            found = None
        if found is not None:
            mention, source = found
            event.date, event.date_source = mention.resolution.date, source
            dated.add(id(event))
            if event.date is not None:
                scene.append((event.start, event, event.date))
    breaks = [start - 2 for start, _ in paragraphs[1:]]
    for event in ordered:
        if id(event) in dated:
            continue
        day = scene_of(event, scene, breaks)
        if day is not None:
            event.date, event.date_source = day, "scene"
        elif event.date is None and published is not None:
            event.date, event.date_source = published, "published"


# --- the scene an event continues (shared by when.date_events and where.locate_events) ----------

# CAMEO roots whose actors are where and when the event takes place (statements, meetings,
# protests); the source of a strike or a sanction may act from afar
CO_PRESENT_ROOTS = VERBAL_ROOTS | {"14"}
_TITLE_WORDS = {"president", "minister", "secretary", "prime", "foreign", "defense", "defence", "leader",
                "supreme", "general", "mr.", "mrs.", "ms.", "dr.", "sir", "king", "queen", "prince", "chancellor"}


def scene_of(event: Event, scene: list, breaks: list[int], is_place_name=None):
    """The setting (a date or a place) of the scene ``event`` continues, or None.

    ``scene``: (start, event, setting) of the events whose own text gives their setting, in text
    order; ``breaks``: offsets of the paragraph breaks; ``is_place_name(name)``: names of
    country-level actors ("Moscow" for the Russian government), which make no scene.
    The scene is the nearest earlier such event that has ``event``'s source among the actors
    present at it (its source and target for a statement, meeting or protest, else its target),
    failing that the nearest such later event in the same or the next paragraph (a lead sentence
    "X told the press that ..." before "X spoke in Moscow on Friday"). Only named actors count:
    "officials" or "Russia" act in many scenes of one article.
    """
    keys = actor_names(event.source, None, is_place_name)
    if not keys:
        return None

    def shares(other: Event) -> bool:
        present = actor_names(other.source if other.cameo_root in CO_PRESENT_ROOTS else None, other.target,
                              is_place_name)
        return any(same_actor(a, b) for a in keys for b in present)

    for start, earlier, setting in reversed(scene):
        if start < event.start and shares(earlier):
            return setting
    paragraph = bisect.bisect(breaks, event.start)
    for start, later, setting in scene:
        if start > event.start and bisect.bisect(breaks, start) <= paragraph + 1 and shares(later):
            return setting
    return None


def actor_names(source, target, is_place_name=None) -> list[str]:
    """Names of these actors that identify one person or body ("Choe Son Hui", "Hamas").

    Country-level actors (code equal to the country, or named like a place) and generic groups
    (lower-case names: "officials") name no one in particular.
    """
    names = []
    for actor in (source, target):
        if actor is None or not actor.name or not actor.name[:1].isupper():
            continue
        if (actor.code and actor.code == actor.country) or (is_place_name is not None and is_place_name(actor.name)):
            continue
        names.append(actor.name)
    return names


def same_actor(a: str, b: str) -> bool:
    """Equal names, or a short person name inside a longer one ("Lavrov" / "Sergey Lavrov").

    Titles do not count; a name ending in a common noun ("North Korean soldiers") is a group:
    only equal names match.
    """
    if " ".join(a.lower().split()) == " ".join(b.lower().split()):
        return True
    short, long_ = sorted((a.split(), b.split()), key=len)
    if not short or not short[-1][:1].isupper() or not long_[-1][:1].isupper():
        return False
    names = [w for w in short if w.lower() not in _TITLE_WORDS]
    return bool(names) and all(w in long_ for w in names)


def _paragraph_bounds(text: str) -> list[tuple[int, int]]:
    bounds, offset = [], 0
    for paragraph in text.split("\n\n"):
        bounds.append((offset, offset + len(paragraph)))
        offset += len(paragraph) + 2
    return bounds


def _event_date(doc, event: Event, mentions: list[DateMention], paragraphs) -> Optional[tuple[DateMention, str]]:
    predicate = event_predicate(doc, event)
    if predicate is None:
        return None
    sentence = predicate.sent
    # the parser may run a sentence across a paragraph break: clip it to the paragraph
    para_start, para_end = next(((s, e) for s, e in paragraphs if s <= predicate.idx <= e), (0, len(doc.text)))
    sent_start, sent_end = max(sentence.start_char, para_start), min(sentence.end_char, para_end)
    in_sentence = [m for m in mentions if sent_start <= m.start < sent_end]
    adverbial = [m for m in in_sentence if doc[m.token_start:m.token_end].root.dep_ not in _MODIFIER_DEPS]
    own = _clause_date(predicate, event, adverbial, doc)
    if own is not None:
        return own, "clause"
    if adverbial:
        return min(adverbial, key=lambda m: abs(m.token_start - predicate.i)), "sentence"
    days = [m for m in in_sentence if m.resolution.precision == "day"]
    if days:
        return min(days, key=lambda m: abs(m.token_start - predicate.i)), "sentence"
    same = [m for m in mentions if para_start <= m.start < para_end and m.resolution.precision == "day"]
    before = [m for m in same if m.start < sent_start]
    if same:
        return (before[-1] if before else same[0]), "paragraph"
    return None


def event_predicate(doc, event: Event):
    """The event's predicate token: ``_predicate_i``, else the syntactic root of its sentence span.

    The span's own root, not ``Token.sent.root``: the parser may run one sentence across a
    paragraph break, and its root may then lie in another paragraph.
    """
    if event._predicate_i is not None and 0 <= event._predicate_i < len(doc):
        return doc[event._predicate_i]
    end = event.end if event.end > event.start else event.start + 1
    span = doc.char_span(max(0, event.start), min(end, len(doc.text)), alignment_mode="expand")
    return span.root if span is not None and len(span) else None


def _clause_date(predicate, event: Event, mentions: list[DateMention], doc) -> Optional[DateMention]:
    """A date expression whose clause is the predicate's, or that of a verb it shares a setting with."""
    verbal = event.cameo_root in VERBAL_ROOTS
    head = predicate
    for _ in range(4):
        own = [m for m in mentions if _clause_of(doc[m.token_start:m.token_end].root) == head.i]
        if own:
            return min(own, key=lambda m: abs(m.token_start - predicate.i))
        if shares_setting_with_head(head, verbal):
            head = head.head
            continue
        return None
    return None


def _clause_of(token) -> int:
    """Index of the verb whose clause ``token`` is in (the sentence root when there is none)."""
    current = token
    for _ in range(len(token.doc)):
        if current is not token and current.pos_ in ("VERB", "AUX") and current.dep_ != "aux":
            return current.i
        if current.head is current:
            return current.i
        current = current.head
    return current.i
