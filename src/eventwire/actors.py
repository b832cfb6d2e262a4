"""Names, titles, demonyms, capitals-as-metonyms and organisations -> coded actors.

Contract (used by quotes, events, where):
    ActorDictionary.default() -> the shipped dictionaries, loaded once (cached)
    ActorDictionary.load(paths) -> shipped + user files (Phoenix .txt, .csv, .yaml)
    find_mentions(doc, dictionary, when) -> list[ActorMention], sorted, non-overlapping
    resolve_span(span, dictionary, when) -> Actor | None   (whole noun phrase)
    resolve_reference(doc, token_i, mentions) -> ActorMention | None   (he/she/they, "the minister")
    resolve_references(doc, token_i, mentions) -> list[ActorMention]   (plural sets: "the two leaders")

How it works. Dictionary phrases (Phoenix/PETRARCH ``.actors.txt`` and ``.agents.txt`` files,
eventwire's CSV files, users' CSV/YAML) are normalised into tuples of lowercase word units
("U.S." -> "us", "Jong-un" -> "jong", "un", possessive "'s" dropped) and stored in two tries:
actors (proper names: countries, demonyms, capitals, organisations, people; date-limited codes)
and agents (role words: minister, troops, police ... -> GOV, MIL, COP ...). A document is turned
into the same units once; both tries are walked from every token (longest match wins), then
adjacent pieces inside one noun phrase are composed: country-bearing word + role word + name
("Ukrainian President Volodymyr Zelensky" -> UKRGOV, person). A per-document name index lets
"Choe" resolve to "Choe Son Hui" named earlier.

Date limits follow Phoenix: the first dated code whose range holds the publication date wins,
else the first undated code, else the entry's country alone.
"""
from __future__ import annotations

import csv
import datetime as dt
import functools
import io
import logging
import re
import weakref
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Iterable, Optional, Sequence

from .errors import DictionaryError
from .model import Actor, ActorMention

LOGGER = logging.getLogger(__name__)

_DATA = resources.files("eventwire") / "data" / "actors"

# Shipped files, in load order: later files override the same phrase in earlier ones. The
# Phoenix files are read from their compiled form (PHOENIX_COMPILED, built from the .txt files
# by scripts/build_actors.py) because parsing 60,000 lines takes seconds.
PHOENIX_AGENT_FILES = ("Phoenix.agents.txt",)
PHOENIX_ACTOR_FILES = (
    "Phoenix.Countries.actors.txt",
    "Phoenix.International.actors.txt",
    "Phoenix.MilNonState.actors.txt",
)
PHOENIX_COMPILED = "phoenix.compiled.json.gz"
SHIPPED_AGENT_FILES = ("agents.csv",)
SHIPPED_ACTOR_FILES = ("countries.csv", "organisations.csv", "media.csv", "people.csv")
TABLES_FILE = "tables.json"


# ---------------------------------------------------------------------------------------------
# Codes
# ---------------------------------------------------------------------------------------------


@functools.lru_cache(maxsize=1)
def _tables() -> dict:
    """Code tables (agent codes, international prefixes, regions, country aliases, word lists)."""
    import json

    return json.loads((_DATA / TABLES_FILE).read_text(encoding="utf-8"))


def split_code(code: str) -> tuple[Optional[str], Optional[str], str]:
    """Phoenix code -> (country ISO3 or None, primary agent or None, normalised code).

    ``USAGOVMIL`` -> ("USA", "GOV", "USAGOVMIL"); ``IGOUNO`` -> (None, "IGO", "IGOUNO");
    ``KSVGOV`` -> ("XKX", "GOV", "XKXGOV") (old codes mapped to ISO); ``ELI`` -> (None, "ELI", "ELI").
    """
    tables = _tables()
    code = code.strip().upper()
    chunks = [code[i : i + 3] for i in range(0, len(code), 3)]
    if not chunks:
        return None, None, code
    first = chunks[0]
    agents = tables["agents"]
    international = tables["international"]
    if first in international:
        return None, international[first], code
    if first in agents:
        return None, first, code
    if first in tables["regions"]:
        country = None
    else:
        country = tables["country_aliases"].get(first, first)
        chunks[0] = country
    agent = next((c for c in chunks[1:] if c in agents), None)
    return country, agent, "".join(chunks)


def make_code(country: Optional[str], agent: Optional[str]) -> Optional[str]:
    """Country + agent -> CAMEO actor code ("RUS" + "MIL" -> "RUSMIL"); None if both are missing."""
    code = (country or "") + (agent or "")
    return code or None


# ---------------------------------------------------------------------------------------------
# Dictionary records
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CodeSpan:
    """One code of an entry, optionally limited to ``start <= date < end``."""

    code: str
    start: Optional[dt.date] = None
    end: Optional[dt.date] = None
    role: Optional[str] = None

    @property
    def dated(self) -> bool:
        return self.start is not None or self.end is not None

    def covers(self, when: dt.date) -> bool:
        return (self.start is None or when >= self.start) and (self.end is None or when < self.end)


@dataclass
class Entry:
    """A dictionary actor: its display name, codes and what kind of thing it is."""

    name: str
    codes: list[CodeSpan]
    kind: str  # country | demonym | capital | org | person | media
    source: str  # "file:line", for --explain and error messages

    def code_at(self, when: Optional[dt.date]) -> Optional[CodeSpan]:
        """Phoenix semantics: first dated code holding ``when``, else the first undated code.

        With no dated match and no undated code, the entry's country alone (an office holder
        outside their term is still of their country).
        """
        when = when or dt.date.today()
        for span in self.codes:
            if span.dated and span.covers(when):
                return span
        for span in self.codes:
            if not span.dated:
                return span
        for span in self.codes:
            country = split_code(span.code)[0]
            if country:
                return CodeSpan(country)
        return None


@dataclass(frozen=True)
class AgentEntry:
    """A role word: agent code (``GOV``, ``GOVMIL``), placed after (~X) or before (X~) the country."""

    code: str
    prefix: bool = False  # "NGO~": the code goes before the actor's code
    role: Optional[str] = None
    source: str = ""

    @property
    def agent(self) -> str:
        return self.code[:3]


# ---------------------------------------------------------------------------------------------
# Word units: one normalisation for dictionary phrases and document tokens
# ---------------------------------------------------------------------------------------------

_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "`": "'", "\u02bc": "'"})
_HYPHENS = re.compile(r"[-\u2010\u2011\u2012]")
_EDGE_PUNCT = re.compile(r"[()\[\]\",;:!?]|[^()\[\]\",;:!?]+")


def _word_units(word: str) -> list[str]:
    """One word -> its units: lowercase, no dots, possessive dropped, split at hyphens.

    ``U.S.`` -> ["us"]; ``People's`` -> ["people"]; ``Jong-un`` -> ["jong", "un"]; ``'s`` -> [].
    """
    text = word.lower().translate(_QUOTES)
    if text.endswith("'s"):
        text = text[:-2]
    text = text.strip("'")
    if len(text) > 1 or text == ".":
        text = text.replace(".", "")
    return [part for part in _HYPHENS.split(text) if part]


def phrase_units(phrase: str) -> tuple[str, ...]:
    """Dictionary phrase (``KOREAN_PEOPLE'S_ARMY``, ``the U.S.``) -> units; leading "the" dropped."""
    units: list[str] = []
    for word in re.split(r"[\s_]+", phrase.strip()):
        for piece in _EDGE_PUNCT.findall(word):
            units.extend(_word_units(piece))
    while units and units[0] == "the":
        units = units[1:]
    return tuple(units)


class _Trie:
    """Word-unit trie: ``add(units, value)``; ``walk(units, i)`` yields (end, value) prefixes."""

    __slots__ = ("root",)
    _END = ""

    def __init__(self):
        self.root: dict = {}

    def add(self, units: Sequence[str], value) -> None:
        node = self.root
        for unit in units:
            node = node.setdefault(unit, {})
        node[self._END] = value  # later files override earlier ones

    def get(self, units: Sequence[str]):
        node = self.root
        for unit in units:
            node = node.get(unit)
            if node is None:
                return None
        return node.get(self._END)

    def walk(self, units: Sequence[str], start: int):
        """Yield (end, value) for every dictionary phrase equal to units[start:end]."""
        node = self.root
        for i in range(start, len(units)):
            node = node.get(units[i])
            if node is None:
                return
            value = node.get(self._END)
            if value is not None:
                yield i + 1, value


# ---------------------------------------------------------------------------------------------
# File formats
# ---------------------------------------------------------------------------------------------


def _parse_date(text: str, where: str) -> dt.date:
    """Phoenix date: YYYYMMDD, or YYMMDD with 00-30 -> 20YY else 19YY (KEDS/TABARI rule); ISO too."""
    text = text.strip()
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            return dt.date.fromisoformat(text)
        if len(text) == 8 and text.isdigit():
            return dt.date(int(text[:4]), int(text[4:6]), int(text[6:8]))
        if len(text) == 6 and text.isdigit():
            year = int(text[:2])
            year += 2000 if year <= 30 else 1900
            return dt.date(year, int(text[2:4]), int(text[4:6]))
    except ValueError:
        pass
    raise DictionaryError(f"{where}: bad date {text!r} (use YYYYMMDD, YYMMDD or YYYY-MM-DD)")


_CODE_RE = re.compile(r"^[A-Za-z0-9]{3,}$")


def _parse_code_block(body: str, where: str) -> Optional[CodeSpan]:
    """``USAGOV 050201-091231`` / ``HOB < 950601`` / ``HOBREB >990816`` -> CodeSpan.

    Returns None for Phoenix's null codes (``---``, ``+++``), which mean "do not code".
    """
    parts = body.split()
    if not parts:
        raise DictionaryError(f"{where}: empty code []")
    code = parts[0].split("/")[0]  # "ELR/GAL": alternatives, keep the first
    if not _CODE_RE.match(code):
        if set(code) <= set("-+#"):
            return None
        raise DictionaryError(f"{where}: bad code {parts[0]!r} (letters and digits, e.g. USAGOV)")
    dates = "".join(parts[1:])
    start = end = None
    if dates.startswith("<"):
        end = _parse_date(dates[1:], where)
    elif dates.startswith(">"):
        start = _parse_date(dates[1:], where)
    elif dates:
        if "-" not in dates:
            raise DictionaryError(f"{where}: bad date range {dates!r} (START-END, <END or >START)")
        first, _, last = dates.partition("-")
        start, end = _parse_date(first, where), _parse_date(last, where)
    return CodeSpan(code.upper(), start, end)


def _strip_comments(lines: Iterable[str]) -> Iterable[tuple[int, str]]:
    """Yield (line number, content) without ``<!-- -->`` blocks, ``#`` comments and blank lines."""
    in_comment = False
    for number, line in enumerate(lines, 1):
        if in_comment:
            if "-->" in line:
                in_comment = False
                line = line[line.index("-->") + 3 :]
            else:
                continue
        while "<!" in line:
            head, _, rest = line.partition("<!")
            if "-->" in rest:
                line = head + rest[rest.index("-->") + 3 :]
            elif rest.lstrip().startswith("--") or rest.startswith(" --"):
                in_comment = True
                line = head
            else:  # "<! ... >" without dashes on one line: treat to end of line as comment
                line = head
        line = line.split("#", 1)[0]
        if line.strip():
            yield number, line.rstrip("\n")


_BRACKETS = re.compile(r"\[([^\[\]]*)\]")


def parse_phoenix_actors(text: str, source: str, strict: bool = True) -> list[tuple[list[str], list[CodeSpan], int]]:
    """Phoenix/PETRARCH ``.actors`` text -> [(names, codes, line)].

    Format: a base name line (``NAME_WORDS [CODE]`` or codes on following lines), ``+SYNONYM``
    lines, code lines ``[CODE]``, ``[CODE YYMMDD-YYMMDD]``, ``[CODE <date]``, ``[CODE >date]``;
    comments ``#`` and ``<!-- -->``. ``strict`` raises DictionaryError on a malformed line
    (user files); otherwise the line is skipped with a debug log (the shipped Phoenix files
    have a few broken dates).
    """
    entries: list[tuple[list[str], list[CodeSpan], int]] = []
    names: list[str] = []
    codes: list[CodeSpan] = []
    first_line = 0

    def flush() -> None:
        if names:
            entries.append((list(names), list(codes), first_line))

    for number, line in _strip_comments(text.splitlines()):
        where = f"{source}:{number}"
        stripped = line.strip()
        if stripped.count("[") != stripped.count("]"):
            if strict:
                raise DictionaryError(f"{where}: unbalanced [ ] in {stripped!r}")
            LOGGER.debug("%s: unbalanced brackets, line skipped", where)
            continue
        blocks = _BRACKETS.findall(stripped)
        name = _BRACKETS.sub(" ", stripped).strip()
        if stripped.startswith("+"):
            name = name[1:].strip()
        elif name and not stripped.startswith("["):
            flush()
            names, codes, first_line = [], [], number
        if name:
            names.append(name)
        elif not names:
            if strict:
                raise DictionaryError(f"{where}: code {stripped!r} before any actor name")
            continue
        for body in blocks:
            try:
                span = _parse_code_block(body, where)
            except DictionaryError:
                if strict:
                    raise
                LOGGER.debug("%s: bad code block [%s] skipped", where, body)
                continue
            if span is not None:
                codes.append(span)
    flush()
    return entries


def parse_phoenix_agents(text: str, source: str, strict: bool = True) -> list[tuple[str, AgentEntry]]:
    """Phoenix ``.agents`` text -> [(phrase, AgentEntry)], plurals and substitutions expanded.

    ``PHRASE {PLURAL} [~CODE]``; ``{}`` means no plural; regular plurals are generated
    (Y -> IES, S -> SES, else +S); ``!SET! = A, B`` defines a substitution used as ``X_!SET!``;
    ``NGO~`` puts the code before the actor's.
    """
    subsets: dict[str, list[str]] = {}
    stems = _tables()["agent_stems"]
    result: list[tuple[str, AgentEntry]] = []
    for number, line in _strip_comments(text.splitlines()):
        where = f"{source}:{number}"
        line = line.strip()
        if "!" in line and "=" in line and "[" not in line:
            marker, _, values = line.partition("=")
            subsets[marker.strip().strip("!")] = [v.strip() for v in values.split(",") if v.strip()]
            continue
        if "[" not in line or "]" not in line:
            if strict:
                raise DictionaryError(f"{where}: agent without [~CODE]: {line!r}")
            continue
        phrase_part, _, rest = line.partition("[")
        raw_code = rest.partition("]")[0].replace(" ", "")
        prefix = raw_code.endswith("~")
        code = raw_code.strip("~")
        if not _CODE_RE.match(code or ""):
            if strict:
                raise DictionaryError(f"{where}: bad agent code [{raw_code}]")
            continue
        entry = AgentEntry(code.upper(), prefix, None, where)
        plural: Optional[str] = None
        if "{" in phrase_part:
            phrase_part, _, plural_part = phrase_part.partition("{")
            plural = plural_part.partition("}")[0].strip()
        phrase = phrase_part.strip()
        for form in _expand_substitutions(phrase, subsets, where, strict):
            forms = [form]
            if plural is None and "!" not in phrase:
                forms.append(_plural(form))
            elif plural:
                forms.append(plural)
            for item in forms:
                result.extend((expanded, entry) for expanded in _expand_stem(item, stems))
    return result


def _expand_substitutions(phrase: str, subsets: dict, where: str, strict: bool) -> list[str]:
    """``FOREIGN_!MINIST!`` -> one phrase per member of the !MINIST! set."""
    match = re.search(r"!([A-Z]+)!", phrase)
    if not match:
        return [phrase]
    members = subsets.get(match.group(1))
    if members is None:
        if strict:
            raise DictionaryError(f"{where}: substitution !{match.group(1)}! is not defined")
        return []
    out = []
    for member in members:
        out.extend(_expand_substitutions(phrase.replace(match.group(0), member, 1), subsets, where, strict))
    return out


def _plural(phrase: str) -> str:
    """PETRARCH's regular plural of the last word."""
    phrase = phrase.rstrip("_ ")
    if phrase.endswith("Y") or phrase.endswith("y"):
        return phrase[:-1] + "IES"
    if phrase.upper().endswith("S"):
        return phrase + "ES"
    return phrase + "S"


def _expand_stem(phrase: str, stems: dict) -> list[str]:
    """Phoenix stems (``DEFENSE_MINIST``): a last word listed in tables.json expands to full words."""
    words = re.split(r"[\s_]+", phrase.strip("_ "))
    last = words[-1].upper() if words else ""
    if last in stems:
        return [" ".join(words[:-1] + [full]) for full in stems[last]]
    return [phrase]


def _split_list(value: Optional[str]) -> list[str]:
    return [v.strip() for v in (value or "").split(";") if v.strip()]


def _read_rows(path_text: str, source: str, suffix: str) -> list[tuple[int, dict]]:
    """CSV (header row) or YAML (list of mappings) -> [(line, row dict)]."""
    if suffix in (".yaml", ".yml"):
        import yaml

        try:
            data = yaml.safe_load(path_text) or []
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            line = mark.line + 1 if mark else 0
            problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
            raise DictionaryError(f"{source}:{line}: YAML error: {problem}") from None
        if isinstance(data, dict):
            data = data.get("actors", data.get("agents", []))
        if not isinstance(data, list):
            raise DictionaryError(f"{source}:1: expected a list of actors (name, code, start, end, role)")
        rows = []
        for i, item in enumerate(data, 1):
            if not isinstance(item, dict):
                raise DictionaryError(f"{source}:{i}: item {i} is not a mapping with name and code")
            rows.append((i, {str(k): ("" if v is None else str(v)) for k, v in item.items()}))
        return rows
    # comment lines (#) are blanked, not removed, so reported line numbers stay true
    lines = ["" if line.lstrip().startswith("#") else line for line in path_text.splitlines()]
    offset = 0
    while offset < len(lines) and not lines[offset].strip():
        offset += 1
    reader = csv.DictReader(io.StringIO("\n".join(lines[offset:])))
    rows = []
    for row in reader:
        if None in row:
            raise DictionaryError(f"{source}:{reader.line_num + offset}: more fields than the header has")
        if not any((v or "").strip() for v in row.values()):
            continue
        rows.append((reader.line_num + offset, {k.strip(): (v or "").strip() for k, v in row.items() if k}))
    return rows


def parse_actor_table(
    text: str, source: str, suffix: str, kind: str = ""
) -> tuple[list[Entry], dict[str, list[str]]]:
    """CSV/YAML actors ``name,code,start,end,role[,aliases][,kind]`` -> entries.

    Rows with the same name are one actor with several (date-limited) codes, kept in file
    order. Aliases are ``;``-separated. Dates are YYYY-MM-DD (or Phoenix YYYYMMDD); ``end`` is
    exclusive (the successor's first day). Returns the entries and name -> aliases.
    """
    entries: dict[str, Entry] = {}
    aliases: dict[str, list[str]] = {}
    for line, row in _read_rows(text, source, suffix):
        where = f"{source}:{line}"
        name = row.get("name", "").strip()
        code = row.get("code", "").strip()
        if not name or not code:
            raise DictionaryError(f"{where}: every row needs a name and a code (columns: name,code,start,end,role)")
        if not _CODE_RE.match(code):
            raise DictionaryError(f"{where}: bad code {code!r} (letters and digits, e.g. USAGOV)")
        start = _parse_date(row["start"], where) if row.get("start") else None
        end = _parse_date(row["end"], where) if row.get("end") else None
        if start and end and end < start:
            raise DictionaryError(f"{where}: end {end} is before start {start}")
        span = CodeSpan(code.upper(), start, end, row.get("role") or None)
        entry = entries.get(name)
        if entry is None:
            entry_kind = row.get("kind") or kind or ("person" if span.dated else "org")
            entry = entries[name] = Entry(name, [], entry_kind, where)
            aliases[name] = []
        entry.codes.append(span)
        aliases[name].extend(_split_list(row.get("aliases")))
    return list(entries.values()), aliases


# ---------------------------------------------------------------------------------------------
# The dictionary
# ---------------------------------------------------------------------------------------------


class ActorDictionary:
    """Actors (proper names with date-limited codes) and agents (role words), as word-unit tries."""

    _default: Optional["ActorDictionary"] = None

    def __init__(self) -> None:
        self.entries: list[Entry] = []
        self.actors = _Trie()
        self.agents = _Trie()
        self.sources: list[str] = []
        self.short_names: set[tuple[str, ...]] = set()

    # -- loading ------------------------------------------------------------------------------

    @classmethod
    def default(cls) -> "ActorDictionary":
        """The shipped dictionaries, loaded once per process."""
        if cls._default is None:
            cls._default = cls._shipped()
        return cls._default

    @classmethod
    def _shipped(cls) -> "ActorDictionary":
        import time

        started = time.perf_counter()
        self = cls()
        self.add_compiled(_DATA / PHOENIX_COMPILED)
        for name in SHIPPED_AGENT_FILES:
            self.add_file(_DATA / name, strict=False, display=name)
        for name in SHIPPED_ACTOR_FILES:
            self.add_file(_DATA / name, strict=False, display=name)
        LOGGER.debug(
            "actor dictionaries loaded: %d entries in %.2fs", len(self.entries), time.perf_counter() - started
        )
        return self

    @classmethod
    def load(cls, paths: Iterable[str | Path] = ()) -> "ActorDictionary":
        """Shipped dictionaries plus user files (Phoenix ``.txt``, ``.csv``, ``.yaml``), users last.

        Raises DictionaryError naming the file and line of the first malformed entry.
        """
        paths = [Path(p) for p in paths]
        if not paths:
            return cls.default()
        for path in paths:  # fail fast, before the shipped dictionaries are built
            if not path.is_file():
                raise DictionaryError(f"{path}: actor dictionary not found")
            cls().add_file(path, strict=True)
        self = cls._shipped()
        for path in paths:
            self.add_file(path, strict=True)
        return self

    def add_file(self, path, strict: bool = True, display: Optional[str] = None) -> None:
        """Add one dictionary file; its format is told by its name (see module docstring)."""
        source = display or str(path)
        try:
            text = path.read_text(encoding="utf-8-sig")
        except UnicodeDecodeError as exc:
            raise DictionaryError(f"{source}: not UTF-8 text ({exc.reason})") from None
        lower = source.lower()
        suffix = Path(lower).suffix
        if "agents" in Path(lower).name and suffix in (".txt", ".csv", ".yaml", ".yml"):
            if suffix == ".txt":
                for phrase, agent in parse_phoenix_agents(text, source, strict):
                    self.add_agent(phrase, agent)
            else:
                self._add_agent_table(text, source, suffix)
        elif suffix in (".csv", ".yaml", ".yml"):
            if Path(lower).name == "countries.csv":
                self._add_countries(text, source)
            else:
                # shipped tables say what they hold; user tables may have a "kind" column
                kind = {"people.csv": "person", "organisations.csv": "org", "media.csv": "media"}.get(
                    Path(lower).name if display else "", ""
                )
                entries, aliases = parse_actor_table(text, source, suffix, kind)
                for entry in entries:
                    self.add_entry(entry, [entry.name] + aliases[entry.name])
        else:
            for names, codes, line in parse_phoenix_actors(text, source, strict):
                if not codes:
                    LOGGER.debug("%s:%d: %s has no code, skipped", source, line, names[0])
                    continue
                self.add_entry(Entry(_display(names[0]), codes, _phoenix_kind(codes), f"{source}:{line}"), names)
        self.sources.append(source)

    def add_compiled(self, path) -> None:
        """Add dictionaries compiled by :func:`compile_files` (gzip JSON)."""
        import gzip
        import json

        with gzip.open(path, "rt", encoding="utf-8") as handle:
            data = json.load(handle)
        date = dt.date.fromisoformat
        agents = [AgentEntry(code, bool(prefix), None, source) for code, prefix, source in data["agent_entries"]]
        for units, position in data["agents"]:
            self.agents.add(units.split(" "), agents[position])
        for name, kind, source, codes, phrases in data["actors"]:
            spans = [
                CodeSpan(code, date(start) if start else None, date(end) if end else None)
                for code, start, end in codes
            ]
            index = len(self.entries)
            self.entries.append(Entry(name, spans, kind, source))
            for units in phrases:
                self.actors.add(units.split(" "), index)
        self.sources.extend(data["sources"])

    def add_entry(self, entry: Entry, names: Iterable[str]) -> None:
        """Register ``entry`` under each of ``names`` (later registrations override)."""
        index = len(self.entries)
        self.entries.append(entry)
        for name in names:
            units = phrase_units(name)
            if units:
                self.actors.add(units, index)

    def add_agent(self, phrase: str, agent: AgentEntry) -> None:
        units = phrase_units(phrase)
        if units:
            self.agents.add(units, agent)

    def _add_agent_table(self, text: str, source: str, suffix: str) -> None:
        """``phrase,agent[,role]`` rows; ``agent`` like GOV, ~GOV or NGO~."""
        for line, row in _read_rows(text, source, suffix):
            where = f"{source}:{line}"
            phrase, code = row.get("phrase", ""), row.get("agent", "").replace(" ", "")
            if not phrase or not code:
                raise DictionaryError(f"{where}: agent rows need phrase and agent (e.g. troops,MIL)")
            prefix = code.endswith("~")
            code = code.strip("~")
            if not _CODE_RE.match(code):
                raise DictionaryError(f"{where}: bad agent code {row.get('agent')!r}")
            entry = AgentEntry(code.upper(), prefix, row.get("role") or None, where)
            forms = [phrase] + _split_list(row.get("plural"))
            for form in forms:
                self.add_agent(form, entry)

    def _add_countries(self, text: str, source: str) -> None:
        """``iso3,names,demonyms,capitals`` (``;``-separated) -> country, demonym, capital entries."""
        for line, row in _read_rows(text, source, ".csv"):
            where = f"{source}:{line}"
            iso3 = row.get("iso3", "").upper()
            names = _split_list(row.get("names"))
            if not iso3 or not names:
                raise DictionaryError(f"{where}: countries.csv rows need iso3 and names")
            code = [CodeSpan(iso3)]
            self.add_entry(Entry(names[0], code, "country", where), names)
            demonyms = _split_list(row.get("demonyms"))
            if demonyms:
                self.add_entry(Entry(names[0], code, "demonym", where), demonyms)
            capitals = _split_list(row.get("capitals"))
            if capitals:
                self.add_entry(Entry(names[0], code, "capital", where), capitals)

    # -- look-ups -----------------------------------------------------------------------------

    def entry_for(self, text: str) -> Optional[Entry]:
        """The entry whose phrase is exactly ``text`` (any case), or None."""
        index = self.actors.get(phrase_units(text))
        return None if index is None else self.entries[index]

    def agent_for(self, text: str) -> Optional[AgentEntry]:
        """The agent entry whose phrase is exactly ``text``, or None."""
        return self.agents.get(phrase_units(text))

    def lookup(self, text: str, when: Optional[dt.date] = None) -> Optional[Actor]:
        """Resolve a plain string ("Sergey Lavrov", "North Korean soldiers") without a Doc."""
        units = phrase_units(text)
        entry_index = self.actors.get(units)
        if entry_index is not None:
            return _entry_actor(self.entries[entry_index], text.strip(), when)
        # country-bearing prefix + role word head, e.g. "Israeli police"
        for cut in range(len(units) - 1, 0, -1):
            index = self.actors.get(units[:cut])
            agent = self.agents.get(units[cut:])
            if index is not None and agent is not None:
                base = _entry_actor(self.entries[index], text.strip(), when)
                return _with_agent(base, agent, text.strip())
        agent = self.agents.get(units)
        if agent is not None:
            return _agent_actor(None, agent, text.strip())
        return None


def compile_files(agent_paths: Sequence[Path], actor_paths: Sequence[Path]) -> dict:
    """Parse Phoenix agent and actor files into the JSON-ready form ``add_compiled`` reads."""
    agent_entries: list[list] = []
    agent_ids: dict[AgentEntry, int] = {}
    agents: list[list] = []
    for path in agent_paths:
        for phrase, agent in parse_phoenix_agents(path.read_text(encoding="utf-8"), path.name, strict=False):
            units = phrase_units(phrase)
            if not units:
                continue
            if agent not in agent_ids:
                agent_ids[agent] = len(agent_entries)
                agent_entries.append([agent.code, int(agent.prefix), agent.source])
            agents.append([" ".join(units), agent_ids[agent]])
    actors: list[list] = []
    for path in actor_paths:
        for names, codes, line in parse_phoenix_actors(path.read_text(encoding="utf-8"), path.name, strict=False):
            if not codes:
                continue
            phrases = sorted({" ".join(u) for u in map(phrase_units, names) if u})
            if not phrases:
                continue
            spans = [
                [c.code, c.start.isoformat() if c.start else None, c.end.isoformat() if c.end else None]
                for c in codes
            ]
            actors.append([_display(names[0]), _phoenix_kind(codes), f"{path.name}:{line}", spans, phrases])
    return {
        "sources": [p.name for p in list(agent_paths) + list(actor_paths)],
        "agent_entries": agent_entries,
        "agents": agents,
        "actors": actors,
    }


def _display(name: str) -> str:
    """``SERGEY_LAVROV_`` -> ``Sergey Lavrov`` (Phoenix names are upper case)."""
    words = re.split(r"[\s_]+", name.strip("_+ \t"))
    return " ".join(w if not w.isupper() or len(w) <= 3 and "." in w else w.capitalize() for w in words if w)


def _phoenix_kind(codes: Sequence[CodeSpan]) -> str:
    """Entry kind from its codes: dated codes mean an office holder; bare country a country."""
    if any(c.dated for c in codes):
        return "person"
    country, agent, _ = split_code(codes[0].code)
    if country and agent is None and len(codes[0].code) == 3:
        return "country"
    return "org"


# ---------------------------------------------------------------------------------------------
# Actor construction
# ---------------------------------------------------------------------------------------------


def _entry_actor(entry: Entry, text: str, when: Optional[dt.date]) -> Optional[Actor]:
    span = entry.code_at(when)
    if span is None:
        return None
    country, agent, code = split_code(span.code)
    name = entry.name if entry.kind == "person" else text
    return Actor(name=name, code=code, country=country, agent=agent, role=span.role)


def _agent_actor(country: Optional[str], agent: AgentEntry, role_text: Optional[str]) -> Actor:
    code = (agent.code + (country or "")) if agent.prefix else ((country or "") + agent.code)
    return Actor(
        name=role_text or agent.code,
        code=code,
        country=country,
        agent=agent.agent,
        role=agent.role,
    )


def _with_agent(base: Optional[Actor], agent: AgentEntry, name: str, role: Optional[str] = None) -> Optional[Actor]:
    """Country-bearing actor + head role word -> COUNTRY+AGENT (an organisation keeps its own agent)."""
    if base is None:
        return None
    if base.agent and base.country is None and base.agent in ("IGO", "NGO", "BUS", "REB"):
        return Actor(name=name, code=base.code, country=None, agent=base.agent, role=role or agent.role)
    if base.agent and len(base.code or "") > 3:
        return Actor(name=name, code=base.code, country=base.country, agent=base.agent, role=role or agent.role)
    code = (agent.code + (base.country or "")) if agent.prefix else ((base.country or "") + agent.code)
    return Actor(name=name, code=code, country=base.country, agent=agent.agent, role=role or agent.role)


# ---------------------------------------------------------------------------------------------
# Documents: units, raw matches, composition into mentions
# ---------------------------------------------------------------------------------------------

# tokens that never start an actor name even when capitalised at the start of a sentence
_COMMON_POS = {"NOUN", "VERB", "AUX", "ADV", "ADP", "DET", "PRON", "CCONJ", "SCONJ", "PART", "INTJ", "NUM"}
_NAME_ENTS = {"PERSON"}
_HONORIFICS = {"mr", "mrs", "ms", "dr", "miss", "mme", "sir", "dame", "lord", "gen", "col", "lt", "adm", "sen", "rep"}
_FORMER = {"former", "ex", "then"}
_PRONOUNS_PERSON = {"he", "she", "him", "her", "his", "hers", "himself", "herself"}
_PRONOUNS_PLURAL = {"they", "them", "their", "theirs", "themselves"}
_PRONOUNS_THING = {"it", "its", "itself"}


@dataclass
class _Piece:
    """A raw match in the doc: tokens [start, end) of one kind (actor entry, agent, or name run)."""

    start: int
    end: int
    kind: str  # "actor" | "agent" | "name"
    entry: Optional[Entry] = None
    agent: Optional[AgentEntry] = None


@dataclass
class _DocIndex:
    """Per-(doc, dictionary) analysis that does not depend on the date."""

    units: list[str]
    unit_token: list[int]
    pieces: list[_Piece] = field(default_factory=list)


def _doc_units(doc) -> tuple[list[str], list[int]]:
    """Every token -> its word units; unit_token[k] is the token of unit k. Punctuation is a unit."""
    units: list[str] = []
    unit_token: list[int] = []
    for token in doc:
        parts = _word_units(token.text)
        if not parts:
            stripped = token.text.strip()
            if not stripped or stripped in ("'s", "\u2019s", "'", "\u2019", "-", "\u2010", "\u2011"):
                continue  # possessive and hyphen tokens are invisible to dictionary phrases
            parts = [stripped]
        for part in parts:
            units.append(part)
            unit_token.append(token.i)
    return units, unit_token


def _capitalised(text: str) -> bool:
    return bool(text) and (text[0].isupper() or text[0].isdigit())


def _particle_name(doc, start: int, end: int) -> bool:
    """A name led by a lower-case particle: "al-Qaeda", "el-Sisi" (particle, hyphen, capital)
    or "bin Laden" (tables.json name_particles / name_particles_spaced)."""
    tables = _tables()
    word = doc[start].lower_
    if end - start < 2 or word not in tables.get("name_particles", ()):
        return False
    nxt = doc[start + 1]
    if nxt.text in ("-", "\u2010", "\u2011") and start + 2 < end:
        return _capitalised(doc[start + 2].text)
    return word in tables.get("name_particles_spaced", ()) and _capitalised(nxt.text)


def _accept_actor(doc, start: int, end: int, entry: Entry, has_tags: bool) -> bool:
    """Case and context checks for a proper-name match on tokens [start, end)."""
    first = doc[start]
    if not _capitalised(first.text) and not _particle_name(doc, start, end):
        return False
    if end - start == 1:
        letters = [c for c in first.text if c.isalpha()]
        if len(letters) <= 3 and not all(c.isupper() for c in letters):
            return False  # "us", "Us" are not the U.S.; "UN", "U.N." are fine
        if has_tags and first.is_sent_start and first.pos_ in _COMMON_POS and not first.ent_type_:
            return False  # "Target said ..." at the start of a sentence
    if entry.kind != "person":
        # a country word inside a longer person name ("Jordan Peterson", "Chad Smith")
        for token in (first, doc[end - 1]):
            if token.ent_type_ in _NAME_ENTS:
                ent = _entity_of(doc, token.i)
                ent_end = ent.end if ent is not None else end
                while ent_end > end and doc[ent_end - 1].lower_.translate(_QUOTES) in ("'s", "'"):
                    ent_end -= 1  # the entity took the possessive along: "Osama bin Laden's"
                if ent is not None and (ent.start < start or ent_end > end):
                    return False
    return True


# Per-Doc caches live beside the Doc, not in doc.user_data, so Doc.to_bytes() still works.
_DOC_CACHE: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


def _cache(doc) -> dict:
    """The cache dict of ``doc`` (dropped with the Doc)."""
    cache = _DOC_CACHE.get(doc)
    if cache is None:
        cache = _DOC_CACHE[doc] = {}
    return cache


def _entity_of(doc, i: int):
    """The named entity covering token ``i`` (a per-Doc token map, built once), or None."""
    ents = _cache(doc).get("ents")
    if ents is None:
        ents = [None] * len(doc)
        for ent in doc.ents:
            for t in range(ent.start, ent.end):
                ents[t] = ent
        _cache(doc)["ents"] = ents
    return ents[i] if 0 <= i < len(ents) else None


def _accept_agent(doc, start: int, end: int, has_tags: bool) -> bool:
    """Role words must be nouns here: "to police the border", "court voters" are verbs."""
    if not has_tags:
        return True
    last = doc[end - 1]
    return last.pos_ not in ("VERB", "AUX", "ADP", "ADV")


def _raw_pieces(doc, dictionary: ActorDictionary) -> _DocIndex:
    """Longest, leftmost, non-overlapping actor matches; then agent matches in the gaps."""
    units, unit_token = _doc_units(doc)
    has_tags = doc.has_annotation("TAG") or doc.has_annotation("POS")
    index = _DocIndex(units, unit_token)
    n = len(units)

    def starts_token(k: int) -> bool:
        return k == 0 or unit_token[k - 1] != unit_token[k]

    def ends_token(k: int) -> bool:
        return k == n - 1 or unit_token[k + 1] != unit_token[k]

    taken = [False] * len(doc)
    actor_pieces: list[_Piece] = []
    k = 0
    while k < n:
        best = None
        if starts_token(k):
            for end, value in dictionary.actors.walk(units, k):
                if not ends_token(end - 1):
                    continue
                t_start, t_end = unit_token[k], unit_token[end - 1] + 1
                entry = dictionary.entries[value]
                if _accept_actor(doc, t_start, t_end, entry, has_tags):
                    best = (end, _Piece(t_start, t_end, "actor", entry=entry))
        if best is None:
            k += 1
            continue
        end, piece = best
        actor_pieces.append(piece)
        for t in range(piece.start, piece.end):
            taken[t] = True
        k = end
    agent_pieces: list[_Piece] = []
    k = 0
    while k < n:
        best = None
        if starts_token(k) and not taken[unit_token[k]]:
            for end, value in dictionary.agents.walk(units, k):
                if not ends_token(end - 1):
                    continue
                t_start, t_end = unit_token[k], unit_token[end - 1] + 1
                if any(taken[t] for t in range(t_start, t_end)):
                    break
                if _accept_agent(doc, t_start, t_end, has_tags):
                    best = (end, _Piece(t_start, t_end, "agent", agent=value))
        if best is None:
            k += 1
            continue
        end, piece = best
        agent_pieces.append(piece)
        k = end
    index.pieces = sorted(actor_pieces + agent_pieces, key=lambda p: p.start)
    return index


def _doc_index(doc, dictionary: ActorDictionary) -> _DocIndex:
    """Raw pieces of ``doc``, computed once per dictionary (cached on the Doc)."""
    key = ("index", id(dictionary))
    cached = _cache(doc).get(key)
    if cached is None:
        cached = _raw_pieces(doc, dictionary)
        _cache(doc)[key] = cached
    return cached


_GAP_DEPS = {"compound", "amod", "nmod", "poss", "case", "nummod", "advmod"}
_GAP_POS = {"ADJ", "PROPN", "NOUN", "NUM", "PART"}
_MAX_GAP = 3


def _gap_ok(doc, start: int, end: int, has_tags: bool) -> bool:
    """Tokens between two pieces of one noun phrase: possessive, adjectives, compounds, honorifics."""
    if end - start > _MAX_GAP:
        return False
    for token in doc[start:end]:
        text = token.text.lower().translate(_QUOTES).rstrip(".")
        if text in ("'s", "'", "-") or text in _HONORIFICS or text in _FORMER:
            continue
        if not has_tags:
            if not token.is_alpha:
                return False
            continue
        if token.pos_ not in _GAP_POS:
            return False
        if token.pos_ in ("NOUN", "PROPN") and token.dep_ and token.dep_ not in _GAP_DEPS:
            return False
    return True


_NOT_PERSON_ENTS = {"ORG", "GPE", "FAC", "LOC", "NORP", "WORK_OF_ART", "PRODUCT", "EVENT", "LAW"}


def _name_run(doc, start: int, taken: set[int], has_tags: bool) -> int:
    """End of a person name starting at ``start`` ("Volodymyr Zelensky", "Lee Jae-myung"), or start.

    A run of capitalised proper nouns (with hyphens inside), at most five tokens, none of them
    inside a named entity that is not a person ("Presidential Press Office" is an ORG).
    """
    ent = _entity_of(doc, start) if doc.has_annotation("ENT_IOB") else None
    if ent is not None and ent.label_ in _NAME_ENTS and ent.start == start:
        end = start
        while end < ent.end and end not in taken:
            end += 1
        return end
    end = start
    while end < len(doc) and end - start < 5 and end not in taken:
        token = doc[end]
        if token.text in ("-", "\u2010", "\u2011") and end > start:
            end += 1
            continue
        is_name = _capitalised(token.text) and token.is_alpha and (not has_tags or token.pos_ == "PROPN")
        if not is_name or token.ent_type_ in _NOT_PERSON_ENTS:
            break
        end += 1
    while end > start and doc[end - 1].text in ("-", "\u2010", "\u2011"):
        end -= 1
    return end


def _modifier_outside(doc, piece: _Piece, group_end: int) -> bool:
    """True if the piece's last word modifies a noun after the group ("intelligence reports")."""
    if not doc.has_annotation("DEP"):
        return False
    last = doc[piece.end - 1]
    return last.dep_ in ("compound", "amod", "nmod") and last.head.i >= group_end


def _singular_title(doc, piece: _Piece, has_tags: bool) -> bool:
    """A title can introduce a name: "President", "Foreign Minister", not "troops"."""
    last = doc[piece.end - 1]
    if has_tags:
        return last.tag_ in ("NN", "NNP") or (not last.tag_ and not last.text.lower().endswith("s"))
    return not last.text.lower().endswith("s")


def _former(doc, start: int) -> bool:
    """True if the words right before ``start`` say the office is past ("former", "ex-")."""
    for i in range(start - 1, max(start - 3, -1), -1):
        text = doc[i].text.lower()
        if text in _FORMER:
            return True
        if text not in ("-",) and doc[i].pos_ not in ("ADJ", "DET"):
            break
    return False


def _strip_det(doc, start: int, end: int) -> int:
    while start < end and doc[start].lower_ in ("the", "a", "an", "its", "their", "his", "her"):
        start += 1
    return start


def _compose(doc, index: _DocIndex, dictionary: ActorDictionary, when: Optional[dt.date]) -> list[ActorMention]:
    """Group adjacent pieces of one noun phrase and turn each group into one mention."""
    has_tags = doc.has_annotation("TAG") or doc.has_annotation("POS")
    pieces = index.pieces
    taken = {t for p in pieces for t in range(p.start, p.end)}
    groups: list[list[_Piece]] = []
    i = 0
    while i < len(pieces):
        group = [pieces[i]]
        j = i + 1
        while j < len(pieces):
            previous, nxt = group[-1], pieces[j]
            if _is_person_piece(previous) and nxt.kind != "agent":
                break  # a person ends a phrase unless a role word follows ("Kim's regime")
            if not _gap_ok(doc, previous.end, nxt.start, has_tags):
                break
            group.append(nxt)
            j += 1
        # a title may introduce a name that is in no dictionary
        last = group[-1]
        if last.kind == "agent" and _singular_title(doc, last, has_tags):
            name_start = last.end
            while name_start < len(doc) and doc[name_start].text.lower().rstrip(".") in _HONORIFICS:
                name_start += 1
            name_end = _name_run(doc, name_start, taken, has_tags)
            if name_end > name_start:
                group.append(_Piece(name_start, name_end, "name"))
        # role words that only modify a later noun are not the head: "military presence"
        while group and group[-1].kind == "agent" and _modifier_outside(doc, group[-1], group[-1].end):
            group.pop()
        if group:
            groups.append(group)
        i = j
    mentions = []
    for group in groups:
        mention = _group_mention(doc, group, dictionary, when, has_tags)
        if mention is not None:
            mentions.append(mention)
    return mentions


def _role_within(doc, dictionary: ActorDictionary, start: int, end: int) -> Optional[str]:
    """The longest title inside a dictionary name ("Russian Foreign Minister Sergey Lavrov")."""
    units: list[str] = []
    tokens: list[int] = []
    for offset, token in enumerate(doc[start:end]):
        for part in _word_units(token.text):
            units.append(part)
            tokens.append(offset)
    best: Optional[tuple[int, int]] = None
    for k in range(len(units)):
        for stop, _ in dictionary.agents.walk(units, k):
            if best is None or stop - k > best[1] - best[0]:
                best = (k, stop)
    if best is None:
        return None
    first, last = tokens[best[0]], tokens[best[1] - 1]
    span = doc[start + first : start + last + 1]
    return span.text.title() if span.text.islower() else span.text


def _is_person_piece(piece: _Piece) -> bool:
    return piece.kind == "name" or (piece.kind == "actor" and piece.entry is not None and piece.entry.kind == "person")


def _span_text(doc, start: int, end: int) -> str:
    return doc[start:end].text.strip()


def _make_mention(doc, actor: Actor, start: int, end: int, kind: str) -> ActorMention:
    span = doc[start:end]
    return ActorMention(actor, span.start_char, span.end_char, start, end, kind)


_KIND_OF_ENTRY = {"country": "name", "org": "name", "media": "name", "demonym": "demonym", "capital": "capital", "person": "person"}


def _group_mention(
    doc, group: list[_Piece], dictionary: ActorDictionary, when: Optional[dt.date], has_tags: bool
) -> Optional[ActorMention]:
    """One noun-phrase group -> a mention: person, country+role description, name, or bare role."""
    start, end = group[0].start, group[-1].end
    actors = [p for p in group if p.kind == "actor"]
    agents = [p for p in group if p.kind == "agent"]
    head = group[-1]
    title = next((p for p in reversed(group[:-1]) if p.kind == "agent"), None) if _is_person_piece(head) else None
    role_text = _span_text(doc, title.start, title.end) if title else None
    base_piece = next((p for p in actors if p is not head), None) if actors else None

    if _is_person_piece(head):
        name = _span_text(doc, head.start, head.end)
        dated = head.entry is not None and any(
            c.dated and c.covers(when or dt.date.today()) for c in head.entry.codes
        )
        if head.entry is not None and (dated or title is None):
            actor = _entry_actor(head.entry, name, when)
            if actor is None:
                return None
            if role_text:
                actor.role = actor.role or role_text
            if actor.role is None:
                actor.role = _role_within(doc, dictionary, head.start, head.end)
            return _make_mention(doc, actor, start, end, "person")
        # an unknown (or out-of-term) person: country from the phrase, agent from the title
        base = _entry_actor(base_piece.entry, "", when) if base_piece else None
        if base is None and head.entry is not None:
            base = _entry_actor(head.entry, name, when)
        agent_entry = title.agent if title else None
        if title and _former(doc, title.start):
            agent_entry = AgentEntry("ELI")
        if agent_entry is not None and base is not None:
            actor = _with_agent(base, agent_entry, name, role_text)
        elif agent_entry is not None:
            actor = _agent_actor(None, agent_entry, name)
            actor.role = role_text
        elif base is not None:
            actor = Actor(name=name, code=base.code, country=base.country, agent=base.agent)
        else:
            return None
        if actor is None:
            return None
        actor.name = name
        if head.entry is not None and head.entry.kind == "person":
            actor.name = head.entry.name
        return _make_mention(doc, actor, start, end, "person")

    if actors and agents and head.kind == "agent":
        base = _entry_actor(actors[0].entry, "", when)
        text_start = _strip_det(doc, start, end)
        name = _span_text(doc, text_start, end)
        actor = _with_agent(base, head.agent, name)
        if actor is None:
            return None
        return _make_mention(doc, actor, start, end, "description")

    if actors:
        # actor pieces only ("U.S. State Department", "South Korea"): the last one is the head
        head_actor = actors[-1]
        actor = _entry_actor(head_actor.entry, _span_text(doc, start, end), when)
        if actor is None:
            return None
        generic = dictionary.agent_for(_span_text(doc, head_actor.start, head_actor.end)) if len(actors) > 1 else None
        if generic is not None and actor.country:
            # a generic institution name that is also one country's entry ("Senate" USAGOVLEG)
            # after another country ("Rwanda's Senate"): that country's institution
            first = _entry_actor(actors[0].entry, "", when)
            if first is not None and first.country and first.country != actor.country and not first.agent:
                described = _with_agent(first, generic, _span_text(doc, _strip_det(doc, start, end), end))
                if described is not None:
                    return _make_mention(doc, described, start, end, "description")
        if actor.country is None and len(actors) > 1:
            first = _entry_actor(actors[0].entry, "", when)
            if first is not None and first.country and actor.agent not in ("IGO", "NGO"):
                actor.country = first.country
                actor.code = make_code(first.country, actor.agent)
        kind = "description" if len(group) > 1 else _KIND_OF_ENTRY.get(head_actor.entry.kind, "name")
        return _make_mention(doc, actor, start, end, kind)

    # role words only: "police", "the minister", "opposition lawmakers"
    agent = head.agent
    text_start = _strip_det(doc, start, end)
    actor = _agent_actor(None, agent, _span_text(doc, text_start, end))
    if _former(doc, start):
        actor = Actor(name=actor.name, code="ELI", agent="ELI")
    return _make_mention(doc, actor, start, end, "role")


# ---------------------------------------------------------------------------------------------
# Public API
# ---------------------------------------------------------------------------------------------


def _name_keys(name: str) -> list[str]:
    """Short forms a later mention may use for a full name: its last and first word units."""
    units = [u for u in phrase_units(name) if u not in ("al", "el", "bin", "ibn", "de", "van", "von", "der")]
    if len(units) < 2:
        return []
    return [units[-1], units[0]]


def _back_references(doc, mentions: list[ActorMention], has_tags: bool) -> list[ActorMention]:
    """Surname-only mentions ("Choe", "Mr Lavrov") -> the person named in full earlier in the doc."""
    people: dict[str, Actor] = {}
    by_start = {m.token_start: m for m in mentions}
    covered = {t for m in mentions for t in range(m.token_start, m.token_end)}
    out: list[ActorMention] = []
    i = 0
    n = len(doc)
    while i < n:
        mention = by_start.get(i)
        if mention is not None:
            if mention.kind == "person":
                span_len = mention.token_end - mention.token_start
                key = phrase_units(doc[i : mention.token_end].text)
                known = people.get(key[0]) if len(key) == 1 else None
                if span_len == 1 and known is not None and mention.actor.name != known.name:
                    # a one-word person match: the person named in full in this article wins
                    mention = replace_actor(mention, known)
                for short in _name_keys(mention.actor.name):
                    people[short] = mention.actor
            out.append(mention)
            i = mention.token_end
            continue
        token = doc[i]
        if i not in covered and _capitalised(token.text) and token.is_alpha:
            units = _word_units(token.text)
            known = people.get(units[0]) if len(units) == 1 else None
            next_is_name = i + 1 < n and _capitalised(doc[i + 1].text) and doc[i + 1].is_alpha and (
                not has_tags or doc[i + 1].pos_ == "PROPN"
            )
            if known is not None and not next_is_name and (not has_tags or token.pos_ in ("PROPN", "NOUN", "ADJ")):
                start = i - 1 if i > 0 and doc[i - 1].text.lower().rstrip(".") in _HONORIFICS and (i - 1) not in covered else i
                actor = Actor(known.name, known.code, known.country, known.agent, known.role)
                out.append(_make_mention(doc, actor, start, i + 1, "person"))
        i += 1
    return out


def replace_actor(mention: ActorMention, actor: Actor) -> ActorMention:
    """A copy of ``mention`` pointing at (a copy of) ``actor``."""
    copy = Actor(actor.name, actor.code, actor.country, actor.agent, actor.role)
    return ActorMention(copy, mention.start, mention.end, mention.token_start, mention.token_end, mention.kind)


def find_mentions(doc, dictionary: Optional[ActorDictionary], when: Optional[dt.date]) -> list[ActorMention]:
    """All actor mentions in ``doc``: sorted, non-overlapping, longest match first.

    ``when`` (the publication date) picks date-limited codes; None means today. Cached on the
    Doc per (dictionary, date), so events and quotes can call it freely.
    """
    dictionary = dictionary or ActorDictionary.default()
    key = ("mentions", id(dictionary), when)
    cached = _cache(doc).get(key)
    if cached is not None:
        return list(cached)
    has_tags = doc.has_annotation("TAG") or doc.has_annotation("POS")
    index = _doc_index(doc, dictionary)
    mentions = _back_references(doc, _compose(doc, index, dictionary, when), has_tags)
    mentions = _acronyms(doc, mentions)
    mentions = _disambiguate_countries(doc.text, mentions)
    _cache(doc)[key] = mentions
    return list(mentions)


_ACRONYM = re.compile(r"^[A-Z][A-Z0-9&.-]{1,9}$")


def _acronym_expansion(doc, open_i: int, acronym: str) -> Optional[int]:
    """First token of the capitalised name before ``(`` at ``open_i`` whose initials spell
    ``acronym`` ("Asia-Pacific Economic Cooperation (APEC)", "Movement for the Actualization
    of the Sovereign State of Biafra (MASSOB)"); small words may be spelled or skipped. None
    when the words before do not spell it."""
    letters = [c for c in acronym.upper() if c.isalpha()]
    skippable = set(_tables().get("acronym_skippable", ()))
    j, k, start = open_i - 1, len(letters) - 1, None
    while j >= 0 and k >= 0:
        token = doc[j]
        text = token.text
        if text in ("-", "\u2010", "\u2011"):
            j -= 1
            continue
        initial = text[:1].upper()
        if token.lower_ in skippable:
            if initial == letters[k] and start is not None:
                k -= 1
                start = j
            j -= 1
            continue
        if not _capitalised(text) or initial != letters[k]:
            return None
        k, start, j = k - 1, j, j - 1
    return start if k < 0 else None


def _acronyms(doc, mentions: list[ActorMention]) -> list[ActorMention]:
    """"Full Name (ACR)": when the dictionary knows one of the two, the other names the same
    actor, there and wherever the acronym recurs in the document ("the Movement for Democratic
    Change (MDC) ... the MDC said")."""
    by_end = {m.token_end: m for m in mentions}
    covered = {i: m for m in mentions for i in range(m.token_start, m.token_end)}
    added: list[ActorMention] = []
    known: dict[str, Actor] = {}
    for i in range(len(doc) - 2):
        if doc[i].text != "(" or doc[i + 2].text != ")" or not _ACRONYM.match(doc[i + 1].text):
            continue
        acronym = doc[i + 1].text
        before, inner = by_end.get(i), covered.get(i + 1)
        if inner is not None and inner.token_start == i + 1 and inner.token_end == i + 2:
            known[acronym] = inner.actor
            start = _acronym_expansion(doc, i, acronym)
            if start is not None and before is None and not any(j in covered for j in range(start, i)):
                added.append(_make_mention(doc, _copy(inner.actor), start, i, "name"))
        elif inner is None and before is not None and before.kind in ("name", "description") \
                and before.actor.code and _acronym_expansion(doc, i, acronym) is not None:
            actor = Actor(acronym, before.actor.code, before.actor.country, before.actor.agent, before.actor.role)
            known[acronym] = actor
            added.append(_make_mention(doc, actor, i + 1, i + 2, "name"))
    if not known:
        return mentions
    taken = set(covered) | {i for m in added for i in range(m.token_start, m.token_end)}
    for token in doc:
        actor = known.get(token.text)
        if actor is not None and token.i not in taken:
            added.append(_make_mention(doc, _copy(actor), token.i, token.i + 1, "name"))
    return sorted(mentions + added, key=lambda m: m.token_start)


AMBIGUOUS_FILE = "ambiguous_countries.yaml"


@functools.lru_cache(maxsize=1)
def _ambiguous_names() -> tuple:
    """(word regexes, {country: cue regexes}) per ambiguous country name (AMBIGUOUS_FILE)."""
    import yaml

    table = yaml.safe_load((_DATA / AMBIGUOUS_FILE).read_text(encoding="utf-8")) or {}
    return tuple((tuple(re.compile(w) for w in entry["words"]),
                  {c: tuple(re.compile(r) for r in cues) for c, cues in entry["readings"].items()})
                 for entry in table.values())


def _article_reading(text: str, readings: dict) -> Optional[str]:
    """The country whose cues occur most often in ``text``, when strictly ahead of every other."""
    counts = sorted(((sum(len(r.findall(text)) for r in cues), c) for c, cues in readings.items()), reverse=True)
    if not counts or counts[0][0] == 0 or (len(counts) > 1 and counts[1][0] == counts[0][0]):
        return None
    return counts[0][1]


def _disambiguate_countries(text: str, mentions: list[ActorMention]) -> list[ActorMention]:
    """Recode mentions of an ambiguous short country name by the article's explicit cues:
    "Congo"/"Congolese soldiers" is COD in an article naming the Democratic Republic of Congo or
    Kinshasa, COG in one naming Brazzaville; "Georgia" is the US state next to Atlanta. A mention
    that itself carries a cue ("Democratic Republic of Congo") keeps its code."""
    out = list(mentions)
    for words, readings in _ambiguous_names():
        decided = False
        reading: Optional[str] = None
        for n, m in enumerate(out):
            name = text[m.start:m.end]
            country = m.actor.country
            if country not in readings or country is None or not any(w.search(name) for w in words):
                continue
            if any(r.search(name) for cues in readings.values() for r in cues):
                continue
            if not decided:
                reading, decided = _article_reading(text, readings), True
            if reading is None or reading == country:
                continue
            a = m.actor
            code = reading + a.code[len(country):] if a.code and a.code.startswith(country) else a.code
            out[n] = ActorMention(Actor(a.name, code, reading, a.agent, a.role), m.start, m.end,
                                  m.token_start, m.token_end, m.kind)
    return out


def _mention_at(mentions: Sequence[ActorMention], i: int) -> Optional[ActorMention]:
    for mention in mentions:
        if mention.token_start <= i < mention.token_end:
            return mention
    return None


def resolve_span(span, dictionary: Optional[ActorDictionary], when: Optional[dt.date]) -> Optional[Actor]:
    """The actor a whole noun phrase denotes, or None.

    Country from the first country-bearing mention in the span (name, demonym, capital, known
    person); agent from the role word at the head (``span.root``), else the first role word;
    a known or titled person at the head is returned as that person. Pronouns and definite
    descriptions without a country ("she", "the minister") resolve to an earlier mention.
    """
    doc = span.doc
    dictionary = dictionary or ActorDictionary.default()
    mentions = find_mentions(doc, dictionary, when)
    root = span.root
    if root.lower_ in _PRONOUNS_PERSON | _PRONOUNS_PLURAL | _PRONOUNS_THING and len(span) == 1:
        antecedent = resolve_reference(doc, root.i, mentions)
        return _copy(antecedent.actor) if antecedent else None
    inside = [m for m in mentions if m.token_start < span.end and m.token_end > span.start]
    head = _mention_at(inside, root.i)
    if head is not None and head.kind != "role":
        if head.kind != "person" and head.token_start > span.start:
            base = next((m for m in inside if m.kind != "role" and m.token_start < head.token_start), None)
            if base is not None and head.actor.country is None and base.actor.country and head.actor.agent:
                name = _span_text(doc, _strip_det(doc, span.start, span.end), span.end)
                return Actor(name, make_code(base.actor.country, head.actor.agent), base.actor.country, head.actor.agent)
        return _copy(head.actor)
    index = _doc_index(doc, dictionary)
    agents = [p for p in index.pieces if p.kind == "agent" and span.start <= p.start and p.end <= span.end]
    agent_piece = next((p for p in agents if p.start <= root.i < p.end), None) or (agents[0] if agents else None)
    base = next((m for m in inside if m.kind != "role"), None)
    name = _span_text(doc, _strip_det(doc, span.start, span.end), span.end)
    if base is not None and agent_piece is not None:
        return _with_agent(_copy(base.actor), agent_piece.agent, name)
    if base is not None:
        return _copy(base.actor)
    if agent_piece is not None:
        antecedent = resolve_reference(doc, root.i, mentions)
        if antecedent is not None and doc[span.start].lower_ == "the":
            return _copy(antecedent.actor)
        return _agent_actor(None, agent_piece.agent, name)
    return None


def _copy(actor: Actor) -> Actor:
    return Actor(actor.name, actor.code, actor.country, actor.agent, actor.role)


def _plural_mention(doc, mention: ActorMention) -> bool:
    last = doc[mention.token_end - 1]
    return last.tag_ in ("NNS", "NNPS") or (not last.tag_ and last.text.lower().endswith("s"))


# words that make a description plural: "the two leaders", "the group of officials", "both sides"
_PLURAL_WORDS = {"two", "three", "four", "both", "group", "groups", "pair", "leaders", "officials",
                 "ministers", "sides", "delegations", "governments", "countries", "allies", "partners"}
_SUBJECT_DEPS = ("nsubj", "nsubjpass")
_OBJECT_DEPS = ("dobj", "pobj", "dative", "iobj")
# honorifics and role words that give a person's gender (a pronoun of the other gender skips them)
_MALE_CUES = {"mr", "sir", "lord", "king", "prince", "spokesman", "chairman", "congressman"}
_FEMALE_CUES = {"mrs", "ms", "miss", "mme", "madam", "dame", "lady", "queen", "princess", "spokeswoman",
                "chairwoman", "congresswoman"}


def _sentence_start(doc, i: int) -> int:
    try:
        return doc[i].sent.start
    except ValueError:  # no sentence boundaries: the whole doc is one sentence
        return 0


def _previous_sentence_starts(doc, i: int, count: int) -> list[int]:
    """Start token of the sentence holding ``i`` and of up to ``count`` sentences before it."""
    starts = [_sentence_start(doc, i)]
    while len(starts) <= count and starts[-1] > 0:
        starts.append(_sentence_start(doc, starts[-1] - 1))
    return starts


def _is_subject(doc, mention: ActorMention) -> bool:
    """The mention's head token is a clause subject, or a conjunct of one ("X and Y met")."""
    if not doc.has_annotation("DEP"):
        return False
    for t in doc[mention.token_start : mention.token_end]:
        node = t
        for _ in range(4):
            if node.dep_ in _SUBJECT_DEPS:
                return True
            if node.dep_ not in ("conj", "compound", "appos", "pobj", "prep") or node.head is node:
                break
            node = node.head
    return False


def _gender(doc, mention: ActorMention) -> Optional[str]:
    """"m" / "f" from an honorific or gendered title in or just before the mention, else None."""
    words = {t.lower_.rstrip(".") for t in doc[max(0, mention.token_start - 1) : mention.token_end]}
    if words & _FEMALE_CUES:
        return "f"
    if words & _MALE_CUES:
        return "m"
    return None


def _person_antecedent(doc, token, before: list[ActorMention]) -> Optional[ActorMention]:
    """he/she/him/her: the most salient compatible person before ``token``.

    Salience: a subject in the pronoun's own sentence, then the nearest person there; then, per
    earlier sentence (up to three), its subject person, else its nearest person. An object
    pronoun ("X praised him") skips its own clause's subject; a gendered honorific of the other
    gender ("Mr", "Ms") rules a candidate out.
    """
    gender = "f" if token.lower_ in ("she", "her", "hers", "herself") else "m"
    people = [m for m in before if m.kind == "person" and _gender(doc, m) in (None, gender)]
    if not people:
        return None
    own_subject = None
    if doc.has_annotation("DEP") and token.dep_ in _OBJECT_DEPS:
        clause = token.head.head if token.dep_ == "pobj" else token.head
        own_subject = {c.i for c in clause.children if c.dep_ in _SUBJECT_DEPS}
    if own_subject:
        # binding: "Choe praised him" - him is not Choe, wherever Choe was named
        excluded = {m.actor.name for m in before if any(m.token_start <= i < m.token_end for i in own_subject)}
        people = [m for m in people if m.actor.name not in excluded]
    starts = _previous_sentence_starts(doc, token.i, 3)
    ends = [token.i] + starts[:-1]
    for start, end in zip(starts, ends):
        here = [m for m in people if start <= m.token_start < end]
        if not here:
            continue
        subjects = [m for m in here if _is_subject(doc, m)]
        if start == starts[0]:
            return subjects[0] if subjects else here[0]  # nearest first
        return subjects[-1] if subjects else here[0]  # the sentence's first subject
    return people[0]


def _plural_description(token) -> bool:
    """A plural noun phrase ("the ministers", "the group of officials", "the two leaders")."""
    subtree = list(token.subtree) if token.doc.has_annotation("DEP") else [token]
    return token.tag_ in ("NNS", "NNPS") or any(t.lower_ in _PLURAL_WORDS for t in subtree)


def _wanted_agent(token) -> Optional[str]:
    """The agent code of the role words in the noun phrase at ``token`` (longest phrase wins)."""
    doc = token.doc
    subtree = list(token.subtree) if doc.has_annotation("DEP") else [token]
    for size in range(len(subtree), 0, -1):
        for start in range(0, len(subtree) - size + 1):
            found = ActorDictionary.default().agent_for(" ".join(t.text for t in subtree[start : start + size]))
            if found is not None:
                return found.agent
    return None


def _coordinated_set(doc, token_i: int, before: list[ActorMention], wanted: Optional[str]) -> list[ActorMention]:
    """The actors of the nearest earlier clause with several compatible participants.

    Looks in the reference's own sentence (before it), then the sentence before. Participants
    are subjects (and their conjuncts), passive agents and "with" partners; with ``wanted``
    (an agent code) only actors of that agent, persons and descriptions count. One mention per
    country; returns [] when fewer than two countries are found.
    """
    if not doc.has_annotation("DEP"):
        return []
    starts = _previous_sentence_starts(doc, token_i, 1)
    ends = [token_i] + starts[:-1]
    for start, end in zip(starts, ends):
        chosen: list[ActorMention] = []
        codes: set = set()
        for m in sorted((m for m in before if start <= m.token_start < end), key=lambda m: m.token_start):
            if not m.actor.country or not _participant(doc, m):
                continue
            if wanted and not (m.actor.agent == wanted or (m.kind == "person" and wanted == "GOV" and m.actor.agent in ("GOV", None))):
                continue
            key = m.actor.country  # one per country: "Blinken and Austin" are one U.S. side
            if key in codes:
                continue
            codes.add(key)
            chosen.append(m)
        if len(chosen) >= 2:
            return chosen
        if chosen:
            return []
    return []


def _participant(doc, mention: ActorMention) -> bool:
    if _is_subject(doc, mention):
        return True
    head = doc[mention.token_end - 1]
    for t in doc[mention.token_start : mention.token_end]:
        if t.dep_ == "pobj" and t.head.dep_ in ("agent", "prep") and t.head.lower_ in ("by", "with", "alongside"):
            return True
        if t.dep_ == "conj" and t.head.dep_ in _SUBJECT_DEPS:
            return True
    return head.dep_ in _SUBJECT_DEPS


def resolve_references(doc, token_i: int, mentions: Sequence[ActorMention]) -> list[ActorMention]:
    """Every actor a plural reference at ``token_i`` denotes, most salient first.

    "they", "the group of officials", "the two leaders" after "X and Y met ..." or "X were
    joined by their Y counterparts" -> [X, Y] (one per country: a set gives one event per
    member). Anything else, or no set of two or more: ``resolve_reference`` alone (or []).
    """
    token = doc[token_i]
    before = [m for m in mentions if m.token_end <= token_i and m.kind not in ("pronoun",)]
    before.sort(key=lambda m: m.token_start, reverse=True)
    word = token.lower_
    if word in _PRONOUNS_PLURAL:
        found = _coordinated_set(doc, token_i, before, None)
        if found:
            return found
    elif word not in _PRONOUNS_PERSON | _PRONOUNS_THING and _plural_description(token):
        found = _coordinated_set(doc, token_i, before, _wanted_agent(token))
        if found:
            return found
    single = resolve_reference(doc, token_i, mentions)
    return [single] if single is not None else []


def resolve_reference(doc, token_i: int, mentions: Sequence[ActorMention]) -> Optional[ActorMention]:
    """The nearest earlier mention a pronoun or definite description at ``token_i`` refers to.

    he/she/his/her -> the most salient person (see ``_person_antecedent``); they/them/their -> a
    plural group, else a country or organisation; it/its -> a country or organisation; "the
    minister", "the president" -> a person with a government role; "the group of officials",
    "the two leaders" -> a plural government group, else the nearest government actor. A
    description whose role words name an agent ("the parliament" LEG) refers only to an actor
    of that agent. Returns None when nothing compatible comes before (see ``resolve_references``
    for plural sets).
    """
    token = doc[token_i]
    word = token.lower_
    before = [m for m in mentions if m.token_end <= token_i and m.kind not in ("pronoun",)]
    before.sort(key=lambda m: m.token_start, reverse=True)
    if word in _PRONOUNS_PERSON:
        return _person_antecedent(doc, token, before)
    if word in _PRONOUNS_THING:
        found = next((m for m in before if m.kind != "person" and m.kind != "role" and m.actor.code), None)
        if found is not None and found.token_start < token.sent.start and _thing_subject_before(doc, token, mentions):
            return None  # "A proclamation banned X. It also ordered Y": "it" is the proclamation
        return found
    if word in _PRONOUNS_PLURAL:
        plural = next((m for m in before[:6] if m.kind in ("description", "role") and _plural_mention(doc, m)), None)
        return plural or next((m for m in before if m.kind in ("name", "demonym", "capital", "description")), None)
    # a definite description: its role words decide what it can refer to
    plural = _plural_description(token)
    wanted = _wanted_agent(token)
    LOGGER.debug("resolving %r: agent %s plural %s", token.text, wanted, plural)
    candidates = [m for m in before if m.kind in ("person", "description", "name", "role")]
    if wanted:
        if not plural:
            same = next((m for m in candidates if m.kind == "person" and m.actor.agent == wanted), None)
            if same:
                return same
        same = next((m for m in candidates if m.actor.agent == wanted and m.actor.country), None)
        if same:
            return same
        if wanted != "GOV":
            return None  # "the parliament", "the police": only an actor of that kind
        # a government description may stand for a country named earlier ("the government")
        return next((m for m in candidates if m.actor.country and m.actor.agent is None and m.kind == "name"), None)
    return next((m for m in candidates if m.actor.country), None)


def _thing_subject_before(doc, token, mentions: Sequence[ActorMention]) -> bool:
    """True when the sentence before ``token``'s has as main subject a singular common noun
    that is no actor ("A martial law proclamation banned ..."): a following "it" in subject
    position refers to that thing before any actor named further back."""
    if token.dep_ not in ("nsubj", "nsubjpass") or token.sent.start == 0:
        return False
    previous = doc[token.sent.start - 1].sent
    subjects = [c for c in previous.root.children if c.dep_ in ("nsubj", "nsubjpass")]
    if len(subjects) != 1 or subjects[0].tag_ != "NN" or subjects[0].ent_type_:
        return False
    subject = subjects[0]
    # the phrase up to its head: "issued after Yoon's address" after it does not make it an actor
    core = range(subject.left_edge.i, subject.i + 1)
    return not any(m.token_start <= i < m.token_end for m in mentions for i in core)


# the article's country must hold at least this share of country-bearing mentions (and twice the
# runner-up's count) to be given to role words without country
CONTEXT_SHARE = 0.4
CONTEXT_MIN_MENTIONS = 2
CONTEXT_WINDOW_SENTENCES = 5


def context_country(doc, token_i: int, mentions: Sequence[ActorMention], agent: Optional[str]) -> Optional[str]:
    """The country a role word without one ("police", "lawmakers", "the army") belongs to.

    1. The nearest earlier mention of the same agent with a country, within
       ``CONTEXT_WINDOW_SENTENCES`` sentences ("Tunisian security forces ... security forces").
    2. The country the article is about: the most mentioned country, when it has at least
       ``CONTEXT_MIN_MENTIONS`` mentions, ``CONTEXT_SHARE`` of all country-bearing mentions and
       twice the runner-up's count.
    Returns None when neither holds (the actor stays without country).
    """
    floor = _previous_sentence_starts(doc, token_i, CONTEXT_WINDOW_SENTENCES)[-1]
    if agent:
        same = [m for m in mentions if floor <= m.token_start and m.token_end <= token_i
                and m.actor.agent == agent and m.actor.country]
        if same:
            return same[-1].actor.country
    return main_country(doc, mentions)


def main_country(doc, mentions: Sequence[ActorMention]) -> Optional[str]:
    """The country an article is mostly about (see ``context_country``), or None. Cached per Doc."""
    key = ("main_country", tuple((m.token_start, m.actor.country) for m in mentions))
    cache = _cache(doc)
    if key in cache:
        return cache[key]
    counts: dict[str, int] = {}
    for m in mentions:
        if m.actor.country:
            counts[m.actor.country] = counts.get(m.actor.country, 0) + 1
    ranked = sorted(counts.items(), key=lambda kv: -kv[1])
    result = None
    if ranked:
        top, n = ranked[0]
        second = ranked[1][1] if len(ranked) > 1 else 0
        total = sum(counts.values())
        if n >= CONTEXT_MIN_MENTIONS and n >= CONTEXT_SHARE * total and n >= 2 * second:
            result = top
    cache[key] = result
    return result
