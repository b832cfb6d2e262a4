"""The predicate pattern table: lemma (+ particle / preposition / object noun) -> CAMEO code.

Two sources, both data files in ``eventwire/data/patterns/``:

- ``core.yaml``: hand-curated rows, each with an example sentence (tests are generated from them);
- ``cameo2_*.csv``: rows mined from the PETRARCH2 CAMEO 2.0 verb dictionary by
  ``scripts/build_patterns.py`` (MIT), used when no core row knows the lemma.

``PatternTable.match(token)`` returns the matching rows, most specific first, each with what
it matched (object token, preposition) so the coder can read the arguments the row names.
"""
from __future__ import annotations

import csv
import functools
import logging
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Iterable, Optional

import yaml

LOGGER = logging.getLogger(__name__)

_DATA = resources.files("eventwire") / "data" / "patterns"

# prepositions whose objects are targets unless a row names its own
DEFAULT_TARGET_PREPS = ("with", "against", "to", "toward", "towards", "on", "at", "into", "upon")
# roots whose mined object rows take the "from" party as target (appeals, demands, reductions:
# "requested aid from X", "withheld support from X")
FROM_TARGET_ROOTS = {"02", "10", "16"}
CORE_CONFIDENCE = 0.8
MINED_CONFIDENCE = 0.6


@dataclass(frozen=True)
class Pattern:
    """One row of the pattern table."""

    id: str
    lemma: str
    code: str
    particle: str = ""
    object: tuple[str, ...] = ()
    prep: str = ""
    prep_object: tuple[str, ...] = ()
    modifier: tuple[str, ...] = ()  # a word of the predicate's own phrase ("hunger strike")
    reverse_code: str = ""
    noun: bool = False
    symmetric: bool = False
    speech: bool = False
    intent: bool = False
    refuse: bool = False
    no_target: bool = False  # may be coded without a target (resign, protest, condemn an act)
    intransitive: bool = False  # only without a direct object ("demonstrated", not "demonstrated a willingness")
    complement: bool = False  # only with a "to" complement of its own subject ("sought to deepen ties")
    inverse: bool = False  # the "from" party acts on the subject ("X received aid from Y": Y -> X)
    targets: tuple[str, ...] = DEFAULT_TARGET_PREPS
    example: str = ""
    source: str = "core"  # core | cameo2
    weight: float = 0.0  # confidence adjustment of this row (a vague verb scores below a clear act)

    @property
    def specificity(self) -> float:
        """More constraints = more specific; core rows beat mined rows of equal shape."""
        score = 1.0 + 2 * bool(self.particle) + 2 * bool(self.object) + bool(self.prep)
        score += 2 * bool(self.prep_object) + 2 * bool(self.modifier) + 2 * bool(self.complement)
        return score + (0.5 if self.source == "core" else 0.0)

    @property
    def confidence(self) -> float:
        base = CORE_CONFIDENCE if self.source == "core" else MINED_CONFIDENCE
        return round(base + self.weight, 2)

    def describe(self) -> str:
        """Short human description: ``send +object(@military) [154] core:send-troops``."""
        parts = [("|".join(self.modifier) + " " if self.modifier else "") + self.lemma
                 + (" " + self.particle if self.particle else "")]
        if self.object:
            parts.append("obj(" + "|".join(self.object) + ")")
        if self.prep:
            parts.append(f"({self.prep}" + (" " + "|".join(self.prep_object) if self.prep_object else "") + ")")
        return f"{self.source}:{self.id} {' '.join(parts)} [{self.code}]"


@dataclass
class Match:
    """A pattern that matched a predicate token, with the tokens its constraints matched."""

    pattern: Pattern
    object_i: Optional[int] = None  # token index of the matched object head
    prep_i: Optional[int] = None  # token index of the matched preposition
    notes: list[str] = field(default_factory=list)


def _word(value) -> str:
    """YAML 1.1 reads bare ``on`` / ``off`` as booleans: give the words back."""
    if value is True:
        return "on"
    if value is False:
        return "off"
    return "" if value is None else str(value)


def _tuple(value) -> tuple[str, ...]:
    if value is None or value == "":
        return ()
    if isinstance(value, (str, bool)):
        return (_word(value),)
    return tuple(_word(v) for v in value)


class PatternTable:
    """Patterns indexed by lemma, with the noun classes their constraints name."""

    def __init__(self, patterns: Iterable[Pattern], classes: dict[str, set[str]]):
        self.by_lemma: dict[tuple[str, bool], list[Pattern]] = {}
        for p in patterns:
            self.by_lemma.setdefault((p.lemma, p.noun), []).append(p)
        self.classes = classes

    @classmethod
    @functools.lru_cache(maxsize=1)
    def default(cls) -> "PatternTable":
        """The shipped table (core + mined), loaded once."""
        core, core_classes = load_core(_DATA / "core.yaml")
        mined, mined_classes = load_cameo2(_DATA)
        # a core row with a preposition ("meet with") covers the mined particle form too
        core_lemmas = {(p.lemma, p.particle) for p in core} | {(p.lemma, p.prep) for p in core}
        # mined rows only for (lemma, particle) pairs the core table does not cover: the
        # curated rows of a verb are its reviewed readings (mined object rows of core verbs
        # were measured to add as many wrong codes as right ones)
        mined = [p for p in mined if (p.lemma, p.particle) not in core_lemmas]
        classes = {**{f"cameo2:{k}": v for k, v in mined_classes.items()}, **core_classes}
        return cls(list(core) + mined, classes)

    def words(self, spec: str, source: str) -> set[str]:
        """Expand ``@class`` (core or cameo2 namespace) or a literal phrase into words."""
        if spec.startswith("@"):
            name = spec[1:]
            key = name if source == "core" else f"cameo2:{name}"
            return self.classes.get(key, set())
        return {spec}

    def match(self, token, noun: bool = False) -> list[Match]:
        """Rows matching ``token`` (a spaCy Token), most specific first."""
        candidates: list[Pattern] = []
        for lemma in lemma_candidates(token):
            candidates = self.by_lemma.get((lemma, noun), [])
            if candidates:
                break
        found = [m for m in (self._try(p, token) for p in candidates) if m is not None]
        found.sort(key=lambda m: -m.pattern.specificity)
        return found

    def _try(self, p: Pattern, token) -> Optional[Match]:
        match = Match(p)
        if p.particle and not _has_particle(token, p.particle):
            return None
        if p.intransitive and any(c.dep_ == "dobj" for c in token.children):
            return None
        if p.complement and not any(c.dep_ == "xcomp" and c.pos_ in ("VERB", "AUX") for c in token.children):
            return None
        if p.modifier and not _phrase_matches(token, [w for spec in p.modifier
                                                       for w in self.words(spec, p.source)],
                                             head_only=False):
            return None
        if p.object:
            obj = _object_matching(token, [w for spec in p.object for w in self.words(spec, p.source)])
            if obj is None:
                return None
            match.object_i = obj.i
        if p.prep:
            prep = _prep_matching(token, p.prep, [w for spec in p.prep_object
                                                  for w in self.words(spec, p.source)])
            if prep is None:
                return None
            match.prep_i = prep.i
        return match


def lemma_candidates(token) -> list[str]:
    """The tagger's lemma, then forms undone by hand: the small model lemmatises some verbs
    wrongly ("staged" -> "stag", "raped" -> "rap")."""
    lemma = token.lemma_.lower()
    text = token.lower_
    out = [lemma]
    if token.pos_ in ("VERB", "AUX") or token.tag_.startswith("VB"):
        for suffix, repl in (("ed", "e"), ("ed", ""), ("d", ""), ("ing", "e"), ("ing", ""),
                             ("es", ""), ("s", ""), ("ied", "y"), ("ies", "y")):
            if text.endswith(suffix) and len(text) > len(suffix) + 2:
                out.append(text[: -len(suffix)] + repl)
    out.append(text)
    return list(dict.fromkeys(out))


# heads of prepositional phrases that say when, not what ("on Tuesday", "in June")
TIME_WORDS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
              "january", "february", "march", "april", "may", "june", "july", "august",
              "september", "october", "november", "december", "day", "week", "month", "year",
              "weekend", "night", "morning", "afternoon", "evening", "today", "time", "date",
              "occasion", "eve", "anniversary", "sidelines"}


def is_time_phrase(prep) -> bool:
    """True when a preposition's object is a date or time ("on Tuesday", "on the second day"):
    such a phrase is no particle or argument of the verb ("demanded on Tuesday" is no "demand on")."""
    pobjs = [c for c in prep.children if c.dep_ == "pobj"]
    if not pobjs:
        return False
    pobj = pobjs[0]
    return pobj.ent_type_ in ("DATE", "TIME") or pobj.lemma_.lower() in TIME_WORDS \
        or pobj.lower_ in TIME_WORDS


def _has_particle(token, particle: str) -> bool:
    words = particle.split()
    kids = {c.lower_ for c in token.children
            if c.dep_ in ("prt", "advmod", "dobj", "acomp")
            or (c.dep_ == "prep" and not is_time_phrase(c))}
    return all(w in kids for w in words)


def phrase_words(token) -> set[str]:
    """Lower-case texts and lemmas of a noun phrase's head and its modifiers (no clauses)."""
    out = {token.lower_, token.lemma_.lower()}
    for child in token.children:
        if child.dep_ in ("compound", "amod", "nmod", "nummod", "poss"):
            out.update({child.lower_, child.lemma_.lower()})
        if child.dep_ == "prep" and child.lower_ == "of":
            for pobj in child.children:
                if pobj.dep_ == "pobj":
                    out.update({pobj.lower_, pobj.lemma_.lower()})
    return out


# quantity heads whose "of" phrase names the thing ("tons of food", "a shipment of arms")
MEASURE_WORDS = {"dollar", "euro", "pound", "yen", "million", "billion", "thousand", "hundred",
                 "ton", "tonne", "kg", "kilogram", "worth", "amount", "sum", "package", "shipment",
                 "consignment", "batch", "convoy", "load", "lot", "quantity", "number", "supply",
                 "delivery", "round", "wave", "series", "volley", "barrage"}


def _of_heads(token) -> set[str]:
    out: set[str] = set()
    for child in token.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            for pobj in child.children:
                if pobj.dep_ == "pobj":
                    out |= {pobj.lower_, pobj.lemma_.lower()}
    return out


# function words of a multi-word constraint that the phrase need not show ("state of emergency")
_GLUE = {"of", "the", "a", "an"}


def _phrase_matches(token, wanted: list[str], head_only: bool = True) -> bool:
    """A one-word constraint names the head (or, with ``head_only=False``, any word of the
    phrase); a multi-word constraint needs all its content words in the phrase."""
    have = phrase_words(token)
    head = {token.lower_, token.lemma_.lower()} if head_only else have
    if head_only and token.lemma_.lower() in MEASURE_WORDS:
        # "5 million dollars of aid", "700 kg of medicine": the "of" noun is what is given
        head = head | _of_heads(token)
    for w in wanted:
        parts = [p for p in w.split() if p not in _GLUE] or w.split()
        if len(parts) == 1 and parts[0] in head:
            return True
        if len(parts) > 1 and all(p in have for p in parts):
            return True
    return False


def objects_of(token) -> list:
    """Direct objects of a predicate (passive subjects count: "sanctions were imposed")."""
    out = []
    for child in token.children:
        if child.dep_ in ("dobj", "obj", "nsubjpass", "attr", "oprd"):
            out.append(child)
            out.extend(c for c in child.conjuncts if c.dep_ == "conj")
    return out


# units an amount of something is counted in ("$50 million in aid", "tonnes of food")
AMOUNT_NOUNS = {"euro", "dollar", "pound", "yen", "yuan", "rouble", "ruble", "rupee", "franc",
                "million", "billion", "trillion", "tonne", "ton", "package", "shipment",
                "consignment", "batch", "round", "worth"}


def _object_matching(token, wanted: list[str]):
    for obj in objects_of(token):
        if _phrase_matches(obj, wanted):
            return obj
        # "pledged $50 million in aid", "sent 2,000 tonnes of food": an amount stands for
        # what it measures
        if obj.lemma_.lower() in AMOUNT_NOUNS or any(c.dep_ == "nummod" for c in obj.children):
            for prep in (c for c in obj.children if c.dep_ == "prep" and c.lower_ in ("in", "of")):
                for pobj in prep.children:
                    if pobj.dep_ == "pobj" and _phrase_matches(pobj, wanted):
                        return pobj
    return None


def _prep_matching(token, prep: str, wanted: list[str]):
    for child in token.children:
        if child.dep_ in ("prep", "agent", "dative", "prt") and child.lower_ == prep:
            if not wanted:
                if is_time_phrase(child):
                    continue
                return child
            for pobj in child.children:
                if pobj.dep_ in ("pobj", "pcomp") and _phrase_matches(pobj, wanted):
                    return child
    return None


def load_core(path) -> tuple[list[Pattern], dict[str, set[str]]]:
    """Read ``core.yaml`` -> (patterns, classes)."""
    with Path(str(path)).open(encoding="utf-8") as fh:
        data = yaml.safe_load(fh)
    classes = {name: {str(w).lower() for w in words} for name, words in data["classes"].items()}
    rows = []
    for row in data["patterns"]:
        rows.append(Pattern(
            id=row["id"], lemma=str(row["lemma"]).lower(), code=str(row["code"]),
            particle=_word(row.get("particle")), object=_tuple(row.get("object")),
            prep=_word(row.get("prep")), prep_object=_tuple(row.get("prep_object")),
            modifier=_tuple(row.get("modifier")), weight=float(row.get("weight", 0.0)),
            reverse_code=str(row.get("reverse_code", "") or ""), noun=bool(row.get("noun")),
            symmetric=bool(row.get("symmetric")), speech=bool(row.get("speech")),
            intent=bool(row.get("intent")), refuse=bool(row.get("refuse")),
            no_target=bool(row.get("no_target")), inverse=bool(row.get("inverse")),
            intransitive=bool(row.get("intransitive")), complement=bool(row.get("complement")),
            targets=_tuple(row.get("targets")) or DEFAULT_TARGET_PREPS,
            example=row.get("example", ""), source="core"))
    return rows, classes


def _mined_vague(folder: Path) -> frozenset[str]:
    """Lemmas whose bare mined row is no event (``mined_vague.txt``, one per line)."""
    path = folder / "mined_vague.txt"
    if not path.exists():
        return frozenset()
    lines = (line.split("#")[0].strip() for line in path.read_text(encoding="utf-8").splitlines())
    return frozenset(line for line in lines if line)


def load_cameo2(folder) -> tuple[list[Pattern], dict[str, set[str]]]:
    """Read the mined CAMEO 2.0 tables -> (patterns, classes)."""
    folder = Path(str(folder))
    classes: dict[str, set[str]] = {}
    with (folder / "cameo2_classes.csv").open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            classes.setdefault(row["class"], set()).add(row["word"])
    blocks: dict[str, list[dict]] = {}
    with (folder / "cameo2_patterns.csv").open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            blocks.setdefault(row["block"], []).append(row)
    out: list[Pattern] = []
    with (folder / "cameo2_verbs.csv").open(encoding="utf-8", newline="") as fh:
        verbs = list(csv.DictReader(fh))
    members: dict[str, set[str]] = {}
    for verb in verbs:
        members.setdefault(verb["block"], set()).add(verb["lemma"])
    vague = _mined_vague(folder)
    for verb in verbs:
        lemma, particle, block = verb["lemma"], verb["particle"], verb["block"]
        if verb["code"] and not (lemma in vague and not particle):
            out.append(Pattern(id=f"{block}:{lemma}", lemma=lemma, particle=particle,
                               code=verb["code"], source="cameo2"))
        for row in blocks.get(block, []):
            if particle and row["particle"]:
                continue
            written_for = row.get("verb", "")
            if written_for and written_for != lemma and written_for in members[block]:
                # "* ON [190] # PRESS" is "press on", not "demand on" from the same block
                continue
            code = row["code"]
            if not code:
                continue  # reverse-only patterns ("faces criticism") are not used yet
            targets = (row["prep"],) if row["target_prep"] else DEFAULT_TARGET_PREPS
            if row["object"] and not row["target_prep"] and code[:2] in FROM_TARGET_ROOTS:
                targets = targets + ("from",)  # "requested aid from X", "withheld support from X"
            out.append(Pattern(
                id=row["id"], lemma=lemma, particle=particle or row["particle"], code=code,
                object=_tuple(row["object"]), prep=row["prep"],
                prep_object=_tuple(row["prep_object"]), reverse_code=row["reverse_code"],
                targets=targets, source="cameo2"))
    return out, classes
