"""Places: toponyms resolved to a gazetteer entry with coordinates.

Contract:
    find_places(doc, mentions) -> list[Place]
    locate_events(doc, events, places) sets Event.location in place.

Toponyms are the NER's GPE / LOC / FAC spans plus region phrases ("the Kursk region",
"eastern Ukraine", "the province of Idlib") and named regions from ``data/gazetteer/regions.tsv``
("the Gaza Strip", "Crimea"). Each is resolved against the compact gazetteer in
``data/gazetteer/`` (GeoNames countries, admin1 areas, cities of 15,000+ people; built by
``scripts/build_gazetteer.py``), preferring places in the countries the article is about.
Capitals used as actors ("Moscow said", "Washington's position") are not places and are left out.

The gazetteer is loaded lazily once per process from a pre-built index of those files (about
0.2 s; see ``INDEX_NAME``).
"""
from __future__ import annotations

import array
import collections
import csv
import functools
import gzip
import hashlib
import json
import logging
import math
import pickle
import re
import unicodedata
from dataclasses import dataclass, replace
from importlib import resources
from typing import Iterable, Optional

from .model import ActorMention, Event, Location, Place
# VERBAL_ROOTS: for a statement, the place of the speech verb above applies ("In Washington,
# X said it would help"); shares_setting_with_head: clauses sharing their head verb's setting
from .when import VERBAL_ROOTS, event_predicate, has_own_subject, scene_of, shares_setting_with_head

LOGGER = logging.getLogger(__name__)

TOPONYM_LABELS = ("GPE", "LOC", "FAC")
# entity labels that are never a mislabelled place
_NOT_PLACE_LABELS = {"PERSON", "ORG", "NORP", "DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY"}
# larger = more specific; used to prefer "Grayvoron" over "the Belgorod region" in one phrase
SPECIFICITY = {"facility": 4, "city": 3, "admin1": 2, "region": 1, "country": 0}
# prior weight of a kind of entry before population and context: news names countries and
# well-known regions far more often than homonymous small places
_BASE = {"country": 9.0, "region": 8.0, "admin1": 5.5}
_ALIAS_PENALTY = 1.5
# a candidate in a country the article is about gains a flat bonus plus its share of mentions
_CONTEXT_FLAT, _CONTEXT_SHARE = 2.0, 4.0
# dependency labels of a capital that acts ("Moscow said", "Moscow's position")
_ACTOR_DEPS = {"nsubj", "nsubjpass", "poss", "agent", "csubj"}
# clause boundaries: a locative below one of these belongs to another clause
_CLAUSE_DEPS = {"ccomp", "advcl", "relcl", "acl", "csubj", "parataxis", "conj", "xcomp", "pcomp", "prep_clause"}
# the prior (log10 population) of a city famous enough to be read as a place even where the NER
# gives its name another label
_MAJOR_CITY_PRIOR = 6.0
DATELINE_MIN_SHARE = 0.2
_DATELINE = re.compile(
    r"^\s*(?=[A-Z'. \-]*[A-Z]{3})(?P<place>[A-Z][A-Z'.\-]+(?: [A-Z][A-Z'.\-]+){0,3}"
    r"(?:/[A-Z][A-Z'.\-]+(?: [A-Z][A-Z'.\-]+){0,3})*)"  # "BEIRUT/THE HAGUE": a joint dateline
    r"(?:,\s*(?P<qual>[A-Z][A-Za-z.]+(?: [A-Z][A-Za-z.]+){0,2}))?"
    r"(?:,\s*[A-Z][a-z]{2,8}\.? \d{1,2})?"
    r"\s*(?:\([^()\n]{2,40}\))?\s*[—–-]{1,2}\s"
)


@dataclass(frozen=True)
class Candidate:
    """One gazetteer entry a name may refer to, with its prior score."""

    location: Location
    prior: float
    alias: bool = False


def _norm(name: str) -> str:
    """Lookup key: ASCII, lower case, no leading article, single spaces, curly quotes straight."""
    text = unicodedata.normalize("NFKD", name.replace("’", "'")).encode("ascii", "ignore").decode()
    text = re.sub(r"\s+", " ", text.lower()).strip(" ,")
    return re.sub(r"^the ", "", text)


def _data_path(name: str):
    return resources.files("eventwire") / "data" / "gazetteer" / name


def _rows(name: str) -> Iterable[dict]:
    path = _data_path(name)
    opener = gzip.open if name.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8", newline="") as handle:  # type: ignore[operator]
        yield from csv.DictReader(handle, delimiter="\t")


def _float(value: str) -> Optional[float]:
    return float(value) if value not in ("", None) else None


# The gazetteer is shipped as TSV files (the source of truth, readable and diffable) plus a
# pre-built index of them (``INDEX_NAME``, written by ``scripts/build_gazetteer.py --index``):
# loading the index takes ~0.2 s, building it from the TSVs ~3 s. The index records a digest of
# the TSVs and of ``INDEX_FORMAT``; a stale or missing index is rebuilt in memory (slow path).
INDEX_NAME = "index.pickle.gz"
INDEX_FORMAT = 1  # bump when build_index's scoring or layout changes
_SOURCES = ("countries.tsv", "country_aliases.tsv", "admin1.tsv", "regions.tsv", "cities.tsv.gz")
# an entry of the index: (name, country, admin1, lat, lon, geonameid, feature)
_Entry = tuple


def sources_digest() -> str:
    """SHA-1 over the gazetteer TSVs and ``INDEX_FORMAT``: what an up-to-date index records."""
    digest = hashlib.sha1(f"format {INDEX_FORMAT}".encode())
    for name in _SOURCES:
        digest.update(name.encode())
        digest.update(_data_path(name).read_bytes())
    return digest.hexdigest()


def build_index() -> dict:
    """The gazetteer's lookup tables built from the TSVs, as plain picklable data.

    ``entries``: list of _Entry; ``names``: normalised name -> ((entry, prior, alias), ...);
    ``countries``: ISO3 -> entry; ``admin1``: (ISO3, normalised name) -> entry; ``capitals``:
    geonameids of capitals; ``region_names``: surface forms of regions.tsv; ``digest``.
    """
    entries: list[_Entry] = []
    names: dict[str, list[tuple[int, float, bool]]] = collections.defaultdict(list)

    def entry(*fields) -> int:
        entries.append(tuple(fields))
        return len(entries) - 1

    def add(name: str, index: int, prior: float, alias: bool = False) -> None:
        key = _norm(name)
        if key and all(i != index for i, _, _ in names[key]):
            names[key].append((index, prior, alias))

    countries: dict[str, int] = {}
    admin1: dict[tuple[str, str], int] = {}
    capitals: list[str] = []
    region_names: list[str] = []
    capital_names: dict[str, str] = {}
    capital_found: set[str] = set()
    for row in _rows("countries.tsv"):
        i = entry(row["name"], row["iso3"], None, _float(row["lat"]), _float(row["lon"]),
                  f"geonames:{row['geonameid']}", "country")
        countries[row["iso3"]] = i
        capital_names[row["iso3"]] = _norm(row["capital"])
        for name in [row["name"]] + [a for a in row["aliases"].split("|") if a]:
            add(name, i, _BASE["country"])
    for row in _rows("country_aliases.tsv"):
        if row["country"] in countries:
            add(row["alias"], countries[row["country"]], _BASE["country"])
    for row in _rows("admin1.tsv"):
        code = row["iso_code"]
        i = entry(row["name"], row["country"] or None, row["name"], _float(row["lat"]), _float(row["lon"]),
                  f"iso3166-2:{code}" if code else None, "admin1")
        admin1[(row["country"], _norm(row["name"]))] = i
        add(row["name"], i, _BASE["admin1"])
        for alias in filter(None, row["aliases"].split("|")):
            add(alias, i, _BASE["admin1"] - 1.0, alias=True)
    for row in _rows("regions.tsv"):
        i = entry(row["name"], row["country"] or None, row["admin1"] or None, _float(row["lat"]), _float(row["lon"]),
                  f"eventwire-region:{row['name']}", "region")
        for name in [row["name"]] + [a for a in row["aliases"].split("|") if a]:
            add(name, i, _BASE["region"])
            region_names.append(re.sub(r"^the ", "", name))
    for row in _rows("cities.tsv.gz"):
        i = entry(row["name"], row["country"] or None, row["admin1"] or None, float(row["lat"]), float(row["lon"]),
                  f"geonames:{row['geonameid']}", "city")
        prior = math.log10(int(row["population"] or 0) + 10)
        # cities come most populous first: the first city named like the capital is it
        if row["country"] not in capital_found and capital_names.get(row["country"]) == _norm(row["name"]):
            capital_found.add(row["country"])
            capitals.append(entries[i][5])
            prior += 1.0  # a capital named in the news is almost always that capital
        add(row["name"], i, prior)
        for alias in filter(None, row["aliases"].split("|")):
            add(alias, i, prior - _ALIAS_PENALTY, alias=True)
    return {"entries": entries, "names": {k: tuple(v) for k, v in names.items()}, "countries": countries,
            "admin1": admin1, "capitals": capitals, "region_names": region_names, "digest": sources_digest()}


def write_index(path=None) -> str:
    """Build the index and write it (default: next to the TSVs); returns the path written."""
    target = str(path or _data_path(INDEX_NAME))
    with open(target, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", compresslevel=6, mtime=0) as handle:
        pickle.dump(_pack(build_index()), handle, protocol=pickle.HIGHEST_PROTOCOL)  # mtime=0: reproducible bytes
    return target


_COLUMNS = ("name", "country", "admin1", "lat", "lon", "geonameid", "feature")


def _pack(data: dict) -> dict:
    """``build_index`` data as a few long strings and arrays: unpickling 250,000 small tuples
    costs ~0.3 s, these a few milliseconds."""
    keys = list(data["names"])
    offsets, entry, prior, alias = array.array("I", [0]), array.array("I"), array.array("d"), bytearray()
    for key in keys:
        for i, p, a in data["names"][key]:
            entry.append(i)
            prior.append(p)
            alias.append(a)
        offsets.append(len(entry))
    columns = {}
    for c, column in enumerate(_COLUMNS):
        values = [e[c] for e in data["entries"]]
        columns[column] = (array.array("d", [math.nan if v is None else v for v in values]) if column in ("lat", "lon")
                           else "\n".join(v or "" for v in values))
    return {"keys": "\n".join(keys), "offsets": offsets, "entry": entry, "prior": prior, "alias": bytes(alias),
            "columns": columns, "size": len(data["entries"]),
            **{k: data[k] for k in ("countries", "admin1", "capitals", "region_names", "digest")}}


def _load_index() -> dict:
    """The shipped (packed) index when it matches the TSVs, else one packed from them (and a warning)."""
    path = _data_path(INDEX_NAME)
    digest = sources_digest()
    try:
        with gzip.open(path, "rb") as handle:  # type: ignore[arg-type]
            data = pickle.load(handle)  # our own package data, never user input
        if data.get("digest") == digest:
            return data
        LOGGER.warning("gazetteer index is stale; run scripts/build_gazetteer.py --index (building it now)")
    except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ValueError):
        LOGGER.warning("gazetteer index missing or unreadable; building it from the TSVs (slow)")
    return _pack(build_index())


class Gazetteer:
    """Names -> candidate Locations; countries by ISO3; admin1 areas by (country, name).

    Built from the packed index (``_pack`` of ``build_index``); Locations are made on first use,
    so that a process pays only for the names it looks up.
    """

    def __init__(self, data: dict) -> None:
        """``data``: a packed index (``_pack``)."""
        self._keys: dict[str, int] = {key: n for n, key in enumerate(data["keys"].split("\n"))}
        self._offsets, self._entry, self._prior, self._alias = data["offsets"], data["entry"], data["prior"], data["alias"]
        columns = data["columns"]
        self._text = {c: columns[c].split("\n") for c in _COLUMNS if c not in ("lat", "lon")}
        self._lat, self._lon = columns["lat"], columns["lon"]
        self._locations: list[Optional[Location]] = [None] * data["size"]
        self.countries: dict[str, Location] = {iso: self._location(i) for iso, i in data["countries"].items()}
        self._admin1: dict[tuple[str, str], int] = data["admin1"]
        self.capitals: set[str] = set(data["capitals"])  # geonameids of capital cities
        self.region_names: list[str] = data["region_names"]  # surface forms of regions.tsv, for the phrase matcher
        self.locative = json.loads(_data_path("locative.json").read_text(encoding="utf-8"))

    @classmethod
    @functools.lru_cache(maxsize=1)
    def default(cls) -> "Gazetteer":
        """The shipped gazetteer, loaded once per process (from the pre-built index)."""
        return cls(_load_index())

    def _location(self, index: int) -> Location:
        loc = self._locations[index]
        if loc is None:
            text = {c: values[index] or None for c, values in self._text.items()}
            lat, lon = self._lat[index], self._lon[index]
            loc = self._locations[index] = Location(
                text["name"] or "", text["country"], text["admin1"], None if math.isnan(lat) else lat,
                None if math.isnan(lon) else lon, text["geonameid"], text["feature"])
        return loc

    def candidates(self, name: str) -> list[Candidate]:
        """Every entry ``name`` may refer to (empty list when unknown)."""
        n = self._keys.get(_norm(name))
        if n is None:
            return []
        return [Candidate(self._location(self._entry[k]), self._prior[k], bool(self._alias[k]))
                for k in range(self._offsets[n], self._offsets[n + 1])]

    def admin1_of(self, location: Location) -> Optional[Location]:
        """The admin1 area a city lies in, when the gazetteer knows it."""
        if not location.country or not location.admin1:
            return None
        index = self._admin1.get((location.country, _norm(location.admin1)))
        return None if index is None else self._location(index)

    def resolve(self, name: str, context: Optional[dict[str, float]] = None, qualifier: Optional[str] = None,
                features: Optional[set[str]] = None) -> Optional[Location]:
        """The most likely Location for ``name``.

        ``context``: country ISO3 -> share of the article's mentions (0..1), favouring those countries;
        ``qualifier``: a following ", Texas" / ", Ukraine" that must contain the place;
        ``features``: only entries of these kinds (e.g. {"admin1"} for "the X region").
        """
        cands = self.candidates(name)
        if features:
            cands = [c for c in cands if c.location.feature in features]
        else:  # a bare "Geneva" or "Kursk" is the city, not the area named after it
            cities = {c.location.country for c in cands if c.location.feature == "city" and not c.alias}
            cands = [c for c in cands if not (c.location.feature == "admin1" and c.location.country in cities)]
        if qualifier:
            kept = [c for c in cands if self._inside(c.location, qualifier)]
            cands = kept or cands
        if not cands:
            return None
        context = context or {}

        def score(c: Candidate) -> float:
            share = context.get(c.location.country or "", 0.0)
            return c.prior + (_CONTEXT_FLAT + _CONTEXT_SHARE * share if share > 0 else 0.0)

        return max(cands, key=score).location

    def unambiguous_country(self, name: str) -> Optional[str]:
        """The country of ``name`` when every entry it may refer to lies in that one country."""
        countries = {c.location.country for c in self.candidates(name)}
        return countries.pop() if len(countries) == 1 else None

    def _inside(self, location: Location, qualifier: str) -> bool:
        key = _norm(qualifier)
        if location.admin1 and _norm(location.admin1) == key:
            return True
        return any(c.location.feature == "country" and c.location.country == location.country
                   for c in self.candidates(qualifier)) or (
            key in {"d.c.", "dc"} and location.country == "USA")


# ---------------------------------------------------------------------------------------------
# finding toponyms


@dataclass
class _Span:
    start: int  # token indices, end exclusive
    end: int
    kind: str  # ner | region | suffix | prefix | direction
    name: str  # the text to look up
    label: str = ""


def find_places(doc, mentions: Optional[list[ActorMention]] = None) -> list[Place]:
    """Every toponym in ``doc`` with its resolved Location (None when the gazetteer lacks it).

    ``mentions`` (from actors.find_mentions) tell the article's countries and which capitals are
    actors; capitals used as actors and demonyms are left out.
    """
    gaz = Gazetteer.default()
    mentions = mentions or []
    spans = _toponym_spans(doc, gaz)
    dateline = dateline_span(doc.text)
    actor_capitals = {i for m in mentions if m.kind in ("capital", "demonym") for i in range(m.token_start, m.token_end)}
    # a toponym's own actor mention ("the governor of Georgia" coded GEO) must not vote for its
    # reading: the context is the other actors and the unambiguous toponyms
    in_spans = {i for s in spans for i in range(s.start, s.end)}
    others = [m for m in mentions if not any(i in in_spans for i in range(m.token_start, m.token_end))]
    context = _context(others, [gaz.unambiguous_country(s.name) for s in spans])
    places = []
    for span in spans:
        location = _resolve_span(doc, gaz, span, spans, context)
        char_start, char_end = doc[span.start].idx, doc[span.end - 1].idx + len(doc[span.end - 1])
        in_dateline = dateline is not None and char_start < dateline[1]
        if not in_dateline and _is_actor(doc, span, location, gaz, actor_capitals):
            continue
        places.append(Place(doc.text[char_start:char_end], char_start, char_end, location))
    return places


def _context(mentions: list[ActorMention], countries: list[Optional[str]]) -> dict[str, float]:
    """Country ISO3 -> share of the article's actor mentions and unambiguous toponyms."""
    counts: collections.Counter = collections.Counter()
    for mention in mentions:
        if mention.actor.country:
            counts[mention.actor.country] += 1
    counts.update(c for c in countries if c)
    total = sum(counts.values()) or 1
    return {country: n / total for country, n in counts.items()}


def _toponym_spans(doc, gaz: Gazetteer) -> list[_Span]:
    """Candidate toponym spans, longest first wins, never overlapping, in text order."""
    found: list[_Span] = []
    found += _region_name_spans(doc, gaz)
    found += _region_phrase_spans(doc, gaz)
    found += [_Span(e.start, e.end, "ner", e.text, e.label_) for e in doc.ents if e.label_ in TOPONYM_LABELS]
    found += _locative_name_spans(doc, gaz)
    priority = {"direction": 0, "suffix": 1, "prefix": 1, "region": 2, "ner": 3}
    taken: set[int] = set()
    kept = []
    for span in sorted(found, key=lambda s: (priority[s.kind], -(s.end - s.start), s.start)):
        tokens = set(range(span.start, span.end))
        if tokens & taken:
            continue
        taken |= tokens
        kept.append(span)
    return sorted(kept, key=lambda s: s.start)


def _locative_name_spans(doc, gaz: Gazetteer) -> list[_Span]:
    """Names the NER missed or mislabelled ("near Kursk" as PRODUCT) after a locative preposition.

    Only proper names known to the gazetteer. A name the NER calls a person, organisation, group,
    date or time is taken only when it is first of all a major place: the small model calls some
    cities persons ("an attack on Kyiv") or runs them into a time ("on Kyiv overnight").
    """
    preps = set(gaz.locative["any"]) | set(gaz.locative["subnational"])
    labelled = {i: ent for ent in doc.ents for i in range(ent.start, ent.end)}
    spans = []
    for tok in doc:
        if tok.dep_ != "pobj" or tok.head.lower_ not in preps or tok.pos_ != "PROPN":
            continue
        ent = labelled.get(tok.i)
        if ent is not None and ent.label_ in TOPONYM_LABELS:
            continue
        start = tok.i
        while start > 0 and doc[start - 1].dep_ == "compound" and doc[start - 1].pos_ == "PROPN":
            start -= 1
        start, end = start, tok.i + 1
        if ent is not None and ent.label_ in _NOT_PLACE_LABELS:
            start, end = max(start, ent.start), min(end, ent.end)
            if not _major_place(gaz, doc[start:end].text):
                continue
        elif ent is not None:  # e.g. PRODUCT, WORK_OF_ART: the whole entity is the name
            start, end = ent.start, ent.end
        name = doc[start:end].text
        if gaz.candidates(name):
            spans.append(_Span(start, end, "ner", name, "GPE"))
    return spans


def _major_place(gaz: Gazetteer, name: str) -> bool:
    """Is the most likely reading of ``name`` a country, admin1 area, region or a city of ~1M+?"""
    loc = gaz.resolve(name)
    if loc is None:
        return False
    own = [c for c in gaz.candidates(name) if c.location is loc and not c.alias]
    return bool(own) and (loc.feature != "city" or max(c.prior for c in own) >= _MAJOR_CITY_PRIOR)


def _region_name_spans(doc, gaz: Gazetteer) -> list[_Span]:
    """Named regions from regions.tsv ("Gaza Strip", "Crimea"), matched case-sensitively.

    A match inside a longer named entity is part of another name ("Africa" in "South Africa",
    "Europe" in "Council of Europe") and is left out.
    """
    matcher = _region_matcher(doc.vocab, tuple(gaz.region_names))
    ents = [(e.start, e.end) for e in doc.ents]
    return [_Span(s, e, "region", doc[s:e].text) for _, s, e in matcher(doc)
            if not any(a <= s and e <= b and b - a > e - s for a, b in ents)]


@functools.lru_cache(maxsize=4)
def _region_matcher(vocab, names: tuple[str, ...]):
    from spacy.matcher import PhraseMatcher
    from spacy.tokens import Doc

    matcher = PhraseMatcher(vocab, attr="ORTH")
    tokenize = re.compile(r"[\w']+|[^\w\s]")
    matcher.add("REGION", [Doc(vocab, words=tokenize.findall(name)) for name in names])
    return matcher


def _is_name(token) -> bool:
    return token.pos_ == "PROPN" or (token.text[:1].isupper() and token.is_alpha and not token.is_sent_start)


def _region_phrase_spans(doc, gaz: Gazetteer) -> list[_Span]:
    """"the Kursk region" / "Donetsk Oblast", "the province of Idlib", "eastern Ukraine"."""
    words = gaz.locative
    suffixes, prefixes, directions = set(words["region_words"]), set(words["region_prefixes"]), set(words["directions"])
    spans = []
    for tok in doc:
        low = tok.lower_
        if low in suffixes and tok.i > 0 and _is_name(doc[tok.i - 1]):
            start = tok.i - 1
            while start > 0 and _is_name(doc[start - 1]) and doc[start - 1].lower_ not in directions:
                start -= 1
            spans.append(_Span(start, tok.i + 1, "suffix", doc[start:tok.i].text, low))
        elif low == "of" and tok.i > 0 and doc[tok.i - 1].lower_ in prefixes and tok.i + 1 < len(doc) and _is_name(doc[tok.i + 1]):
            end = tok.i + 1
            while end < len(doc) and _is_name(doc[end]):
                end += 1
            spans.append(_Span(tok.i - 1, end, "prefix", doc[tok.i + 1:end].text, doc[tok.i - 1].lower_))
        elif low in directions and tok.i + 1 < len(doc) and _is_name(doc[tok.i + 1]) and tok.text[:1].islower():
            ent = _entity_at(doc, tok.i + 1)
            if ent is not None and ent.label_ in TOPONYM_LABELS:
                spans.append(_Span(tok.i, ent.end, "direction", ent.text, low))
    return spans


def _entity_at(doc, i: int):
    for ent in doc.ents:
        if ent.start == i:
            return ent
    return None


def _resolve_span(doc, gaz: Gazetteer, span: _Span, spans: list[_Span], context: dict[str, float]) -> Optional[Location]:
    """Gazetteer entry of one span, using a following ", Qualifier" and the article context."""
    qualifier = _qualifier(doc, span, spans)
    if span.kind in ("suffix", "prefix"):
        return _resolve_region_phrase(gaz, span, context, qualifier)
    if span.kind == "direction":
        loc = gaz.resolve(span.name, context, qualifier)
        if loc is None:
            return None
        return replace(loc, name=doc[span.start:span.end].text, feature="region" if loc.feature == "country" else loc.feature)
    loc = gaz.resolve(span.name, context, qualifier)
    if loc is None and span.label == "FAC":
        return _resolve_facility(doc, gaz, span, spans, context)
    return loc


def _resolve_region_phrase(gaz: Gazetteer, span: _Span, context: dict[str, float], qualifier: Optional[str]) -> Optional[Location]:
    """"Kursk region" -> the admin1 area Kursk, or the admin1 area around the city Kursk."""
    admin = gaz.resolve(span.name, context, qualifier, features={"admin1", "region"})
    if admin is not None:
        return admin
    loc = gaz.resolve(span.name, context, qualifier)
    if loc is None or loc.feature in ("admin1", "region", "country"):
        return loc
    area = gaz.admin1_of(loc)
    if area is not None and span.label not in ("city", "town", "village", "port", "island"):
        return area
    return loc


def _resolve_facility(doc, gaz: Gazetteer, span: _Span, spans: list[_Span], context) -> Optional[Location]:
    """A building or site: the place it is said to be in ("the Bardo museum in Tunis")."""
    name = doc[span.start:span.end].text
    for other in spans:
        gap = doc[span.end:other.start]
        if other.start >= span.end and len(gap) <= 2 and all(t.lower_ in {",", "in", "at", "near"} for t in gap):
            inner = gaz.resolve(other.name, context)
            if inner is not None:
                return Location(name, inner.country, inner.admin1, inner.lat, inner.lon, None, "facility")
    return None


def _qualifier(doc, span: _Span, spans: list[_Span]) -> Optional[str]:
    """The text of a ", X" toponym right after ``span`` ("Paris, Texas"), if any."""
    if span.end < len(doc) and doc[span.end].text == ",":
        for other in spans:
            if other.start == span.end + 1:
                return other.name
    return None


def _is_actor(doc, span: _Span, location: Optional[Location], gaz: Gazetteer, actor_tokens: set[int]) -> bool:
    """A capital standing for its government ("Moscow said", "Washington's allies")."""
    root = doc[span.start:span.end].root
    if _locative_head(root, gaz) is not None:
        return False
    if any(i in actor_tokens for i in range(span.start, span.end)):
        return True
    is_capital = location is not None and (location.geonameid in gaz.capitals)
    return is_capital and root.dep_ in _ACTOR_DEPS


def _locative_head(token, gaz: Gazetteer):
    """The preposition that makes ``token`` a place ("in Moscow"), or None."""
    head = token
    while head.dep_ in ("compound", "conj", "appos") and head.head is not head:
        head = head.head
    if head.dep_ == "pobj" and head.head.lower_ in set(gaz.locative["any"]) | set(gaz.locative["subnational"]):
        return head.head
    return None


def dateline_span(text: str) -> Optional[tuple[int, int, str, Optional[str]]]:
    """A dateline at the start of one of the first three paragraphs: (start, end, place, qualifier).

    "MOSCOW (Reuters) -", "KYIV, Ukraine (AP) —", "SEOUL, Nov 1 (Reuters) -", "LONDON — ".
    """
    offset = 0
    for paragraph in text.split("\n\n")[:3]:
        match = _DATELINE.match(paragraph)
        if match:
            place = match.group("place")
            return offset + match.start("place"), offset + match.end(), place, match.group("qual")
        offset += len(paragraph) + 2
    return None


def dateline_location(text: str, context: Optional[dict[str, float]] = None) -> Optional[Location]:
    """The Location of the article's dateline, or None."""
    found = dateline_span(text)
    if found is None:
        return None
    _, _, place, qualifier = found
    if "/" in place:  # "BEIRUT/THE HAGUE": reported from two bureaus, no one place of its events
        return None
    if qualifier and re.fullmatch(r"[A-Z][a-z]{2,8}\.?", qualifier):  # "SEOUL, Nov 1": a date
        qualifier = None
    return Gazetteer.default().resolve(place.title(), context, qualifier, features={"city", "admin1", "country", "region"})


# ---------------------------------------------------------------------------------------------
# placing events


def locate_events(doc, events: list[Event], places: list[Place]) -> None:
    """Set ``Event.location``, first rule that applies wins:

    (a) the place of the event's own clause, found through the dependency tree from
        ``Event._predicate_i`` (or the root of the sentence containing ``event.start``): a
        locative prepositional phrase on the predicate ("in Moscow", "into the Kursk region",
        "during an attack on Kyiv"), a place as its direct object ("stormed the museum"), shared
        with a coordinated or controlled verb ("set to move into X"), and for verbal events the
        place of the speech verb above ("In Washington, X said it would help"); "at home" is the
        actor's own country;
    (b) the sentence's place, when the sentence has exactly one locative place and it lies in
        the event's clause complex (the clauses sharing its setting: "After rebels in Darfur
        staged an uprising, forces slaughtered civilians"), never one in a reported or relative
        clause;
    (c) the scene: the place of the nearest earlier event of the article located by (a) or (b)
        that has this event's source among its named actors (the same speaker or actor
        continuing in the same setting), else of the nearest such later event in the same or
        the next paragraph (a lead sentence before the one that sets the scene);
    (d) the dateline, unless it is only the bureau (see ``_usable_dateline``);
    (e) None.
    """
    gaz = Gazetteer.default()
    by_token: dict[int, Place] = {}
    for place in places:
        if place.location is None or (place.location.country is None and place.location.lat is None):
            continue
        span = doc.char_span(place.start, place.end, alignment_mode="expand")
        if span is not None:
            for tok in span:
                by_token[tok.i] = place
    dateline = _usable_dateline(doc.text, places)
    ordered = sorted(events, key=lambda e: e.start)
    own: dict[int, Location] = {}  # id(event) -> place by rule (a) or (b)
    for event in ordered:
        try:
            location = _event_place(doc, event, by_token, gaz)
        except (IndexError, ValueError):  # a stale token index never stops the batch
            LOGGER.debug("cannot place event %r", event.sentence[:60], exc_info=True)
            location = None
        if location is not None:
            own[id(event)] = event.location = location
    scene = [(e.start, e, own[id(e)]) for e in ordered if id(e) in own]
    breaks = [m.start() for m in re.finditer(r"\n\n", doc.text)]
    for event in ordered:
        if id(event) in own:
            continue
        location = _scene_place(event, scene, gaz, breaks)
        if location is not None:
            event.location = location
        elif dateline is not None:
            event.location = dateline


def _event_place(doc, event: Event, by_token: dict[int, Place], gaz: Gazetteer) -> Optional[Location]:
    """Rules (a) and (b) of ``locate_events``: the clause's place, else the sentence's only place."""
    predicate = event_predicate(doc, event)
    if predicate is None:
        return None
    found = _clause_place(predicate, event, by_token, gaz) or _sentence_place(doc, predicate, event, by_token, gaz)
    if found is not None:
        return _offshore(doc, found, gaz) or (
            replace(found.location, name=found.text) if found.location.feature != "facility" else found.location)
    return _home_place(predicate, event, gaz)


def _offshore(doc, place: Place, gaz: Gazetteer) -> Optional[Location]:
    """"drills around Taiwan", "a ship seized off Somalia": the waters there, in no country."""
    span = doc.char_span(place.start, place.end, alignment_mode="expand")
    head = _locative_head(span.root, gaz) if span is not None else None
    if head is None or place.location.feature not in gaz.locative["offshore"].get(head.lower_, ()):
        return None
    return Location(f"{head.text} {place.text}", None, None, place.location.lat, place.location.lon, None, "region")


def _home_place(predicate, event: Event, gaz: Gazetteer) -> Optional[Location]:
    """"fought militants at home": the country of the event's first actor that has one."""
    home = set(gaz.locative["home_words"])
    chain = {verb.i for verb in _setting_chain(predicate, event)}
    for tok in predicate.sent:
        # "at home" anywhere in the clause, also where the parser hangs it on the object
        if (tok.lower_ in home and tok.dep_ == "pobj" and tok.head.lower_ == "at" and not list(tok.children)
                and _governing_clause(tok) in chain):
            for actor in (event.source, event.target):
                if actor is not None and actor.country in gaz.countries:
                    return gaz.countries[actor.country]
            return None
    return None


def _setting_chain(predicate, event: Event) -> list:
    """The predicate and the verbs above it that share its setting (as ``_clause_place`` walks)."""
    verbal = event.cameo_root in VERBAL_ROOTS
    chain, head = [predicate], predicate
    for _ in range(4):
        if not shares_setting_with_head(head, verbal):
            break
        head = head.head
        chain.append(head)
    return chain


def _sentence_place(doc, predicate, event: Event, by_token: dict[int, Place], gaz: Gazetteer) -> Optional[Place]:
    """Rule (b): the one locative place of the sentence, if it lies in the event's clause complex."""
    sentence = predicate.sent
    top = _setting_chain(predicate, event)[-1]
    complex_ = _clause_complex(top, gaz)
    found: dict[str, Place] = {}
    for tok in sentence:
        place = by_token.get(tok.i)
        if place is None or _locative_head(tok, gaz) is None:
            continue
        word = _locative_head(tok, gaz).lower_
        if word not in gaz.locative["any"] and place.location.feature == "country":
            continue  # "talks to Russia": a country after "to"/"on" is a party
        found.setdefault(place.location.geonameid or place.location.name, place)
        if _governing_clause(tok) not in complex_:
            return None  # another clause of the sentence has its own place: not ours to take
    return next(iter(found.values())) if len(found) == 1 else None


def _clause_complex(top, gaz: Gazetteer) -> set[int]:
    """Token indices of ``top`` and the verbs below it that share its setting: coordinated verbs,
    controlled verbs of plan and phase verbs ("set to move"), and adverbial clauses of time
    ("after rebels in Darfur staged an uprising"), not of condition or contrast ("if war starts in
    Iraq", "while officials met in Geneva")."""
    out, stack = set(), [top]
    while stack:
        verb = stack.pop()
        out.add(verb.i)
        stack.extend(child for child in verb.children if _shares_setting_below(verb, child, gaz))
    return out


def _shares_setting_below(verb, child, gaz: Gazetteer) -> bool:
    """Is the clause of ``child`` (a dependent of ``verb``) set in ``verb``'s scene?"""
    if child.dep_ == "conj":
        return not has_own_subject(child)
    if child.dep_ == "xcomp":
        return verb.lemma_.lower() in gaz.locative["xcomp_sharing_verbs"]
    if child.dep_ == "advcl":  # the parser also makes "after" a prep or advmod here
        markers = gaz.locative["setting_markers"]
        return any(m.dep_ in ("mark", "prep", "advmod") and m.lower_ in markers and m.i < child.i
                   for m in child.children)
    return False


def _governing_clause(token) -> int:
    """Index of the verb whose clause ``token`` is in (the sentence root when there is none)."""
    current = token
    for _ in range(len(token.doc)):
        if current is not token and current.pos_ in ("VERB", "AUX") and current.dep_ not in ("aux", "auxpass"):
            return current.i
        if current.head is current:
            return current.i
        current = current.head
    return current.i


def _scene_place(event: Event, scene: list[tuple[int, Event, Location]], gaz: Gazetteer,
                 breaks: list[int]) -> Optional[Location]:
    """Rule (c): the place of the scene ``event`` continues (see ``when.scene_of``).

    ``scene``: (start, event, location) of the events placed by their own clause or sentence;
    ``breaks``: offsets of the paragraph breaks. Actors named like a place ("Moscow" for the
    Russian government) are country-level actors and do not make a scene.
    """
    return scene_of(event, scene, breaks, lambda name: bool(gaz.candidates(name)))


def _usable_dateline(text: str, places: list[Place]) -> Optional[Location]:
    """The dateline's Location, unless the article is about places in other countries.

    A foreign bureau ("CAIRO —" over a story from Tunis) is no event location: the dateline is
    used only when its country has at least ``DATELINE_MIN_SHARE`` of the other toponyms.
    """
    found = dateline_span(text)
    location = dateline_location(text)
    if found is None or location is None:
        return None
    countries = [p.location.country for p in places if p.location is not None and p.start >= found[1] and p.location.country]
    if not countries:
        return location
    return location if countries.count(location.country) / len(countries) >= DATELINE_MIN_SHARE else None


def _clause_place(predicate, event: Event, by_token: dict[int, Place], gaz: Gazetteer) -> Optional[Place]:
    """Walk up from the predicate through clauses that share its setting; first place found wins."""
    verbal = event.cameo_root in VERBAL_ROOTS
    head = predicate
    for _ in range(4):
        found = _own_place(head, by_token, gaz)
        # a controlled verb of a plan or phase carries its controller's setting: "are set to move
        # into the Kursk region"; not so "refused to meet in Tel Aviv"
        for child in head.children:
            if found is None and child.dep_ == "xcomp" and head.lemma_.lower() in gaz.locative["xcomp_sharing_verbs"]:
                found = _own_place(child, by_token, gaz)
        if found is not None:
            return found
        # coordinated and controlled verbs share the setting of the verb they hang on; for a
        # statement, so does the speech verb that reports it
        if shares_setting_with_head(head, verbal):
            head = head.head
            continue
        break
    return None


def _own_place(verb, by_token: dict[int, Place], gaz: Gazetteer) -> Optional[Place]:
    """The most specific, nearest place attached to ``verb`` itself (not in a nested clause)."""
    loc_any, loc_sub = set(gaz.locative["any"]), set(gaz.locative["subnational"])
    passing = set(gaz.locative["pass_through"])
    found: list[tuple[int, int, int, Place]] = []

    def take(token, depth):
        place = by_token.get(token.i)
        if place is None:
            return
        found.append((depth, -SPECIFICITY.get(place.location.feature or "", 0), token.i, place))

    def objects(prep):
        return [c for c in prep.children if c.dep_ in ("pobj", "pcomp")]

    for child in _clause_children(verb):
        if child.dep_ == "prep":
            word = child.lower_
            for obj in objects(child):
                for tok in _noun_tokens(obj, gaz):
                    place = by_token.get(tok.i)
                    if place and (word in loc_any or (word in loc_sub and place.location.feature != "country")):
                        take(tok, 0)
                # "during an attack on Kyiv", "for a conference in Washington", "at the border with X"
                if word in passing or word in loc_any:
                    for inner in obj.children:
                        if inner.dep_ == "prep" and (inner.lower_ in loc_any or inner.lower_ in loc_sub or inner.lower_ == "with"):
                            for obj2 in objects(inner):
                                for tok in _noun_tokens(obj2, gaz):
                                    place = by_token.get(tok.i)
                                    if place and (inner.lower_ in loc_any or place.location.feature != "country"):
                                        take(tok, 1)
        elif child.dep_ in ("dobj", "npadvmod"):
            for tok in _noun_tokens(child, gaz):
                place = by_token.get(tok.i)
                if place and place.location.feature in ("city", "admin1", "region", "facility"):
                    take(tok, 0)
    if not found:
        return None
    return min(found, key=lambda f: f[:3])[3]


def _clause_children(verb):
    """Children of ``verb`` and of its auxiliaries' level, excluding nested clauses."""
    return [c for c in verb.children if c.dep_ not in _CLAUSE_DEPS]


def _noun_tokens(token, gaz: Optional[Gazetteer] = None):
    """``token`` and the nouns chained to it by compound / appos / conj ("Kyiv and Kharkiv"), and for
    a place noun also by "of" / "in" / a possessive ("the town of X, in Y", "Tunisia's museum").

    Other nouns' "of X" or possessive is a party, not a place ("the invasion of Ukraine").
    """
    place_nouns = set((gaz or Gazetteer.default()).locative["place_nouns"])
    out, stack = [], [token]
    while stack:
        tok = stack.pop()
        out.append(tok)
        is_site = tok.lower_ in place_nouns
        for child in tok.children:
            if child.dep_ in ("compound", "appos", "conj"):
                stack.append(child)
            elif is_site and child.dep_ == "poss":
                stack.append(child)
            elif child.dep_ == "prep" and (child.lower_ == "in" or (is_site and child.lower_ == "of")):
                stack.extend(c for c in child.children if c.dep_ == "pobj")
    return out
