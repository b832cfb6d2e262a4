"""Quotations and their speakers.

Contract: find_quotes(doc, mentions, published) -> list[Quote] (direct and indirect),
offsets into doc.text (== Article.text).

How it works (each step is a small function below):

1. Marks (``scan_quotes``): opening and closing marks are paired paragraph by paragraph:
   straight and curly double and single marks and guillemets; single marks nested in double
   ones belong to the outer quotation; apostrophes ("Russia's", "'90s", "rock 'n' roll",
   "countries' ") are told apart from quote marks by the characters around them and by needing
   a closing partner. A quotation running over paragraphs (opening mark repeated at each
   paragraph start, no closing mark at the end of the earlier paragraph) gives one Quote per
   paragraph, all with the first paragraph's speaker. An opening mark never closed and not
   continued is a cut-off fragment ("... our [...]") and is dropped.
2. Not quotations: Title-Cased names and titles ("Meet the Press", "KCNA"), words after a
   label cue ("dubbed", "marked", "the word"), related-story teasers ("READ MORE: ..."), and
   short phrases (up to 4 words) nobody is found saying (scare quotes).
3. Speakers: the cue is the speech verb governing the quotation or nearest to it in the
   sentence ("X said", "said X", "X told reporters", "X said in a statement: ..."), else
   "according to X", else, for a partial quotation, the verb it hangs from ("Lavrov expressed
   gratitude to Russia's 'Korean friends'"). The cue's subject is the speaker: pronouns and
   descriptions ("she", "the minister", "the bureau") are resolved to the most salient earlier
   person or organisation; surnames get the full name introduced earlier. A quotation standing
   alone takes the speaker of a longer quotation repeating it (headlines), else of the
   previous sentence.
   An attribution splitting a quotation ("'We will,' she said, 'never yield.'") gives one Quote
   per contiguous quoted span (two here), with the same speaker and cue, so every record's
   text stays an exact substring of the article.
4. Mediated sources ("according to a translation from the Moscow Times", "told CNN") go to
   ``Quote.channel``; the speaker stays the person.
5. Indirect speech: a reporting verb with a clausal complement ("Zelensky warned that Russia
   is using ...") gives a Quote of kind "indirect" whose text is the reported clause.

The word lists live in ``data/quotes/cues.yaml``. Speaker finding uses the parse already in
the Doc (no model calls).
"""
from __future__ import annotations

import datetime as dt
import functools
import logging
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Optional, Sequence

import yaml

from .model import Actor, ActorMention, Quote

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc, Span, Token

LOGGER = logging.getLogger(__name__)

LEXICON_PATH = Path(__file__).parent / "data" / "quotes" / "cues.yaml"

DOUBLE_MARKS = "\"“”«»„"
SINGLE_MARKS = "'‘’‹›"
_OPEN_ONLY = "“„«‹‘"  # marks whose shape says "opening"
_CLOSE_ONLY = "”»›’"  # marks whose shape says "closing"
# after an opening-looking single mark these are elisions, not quotations: '90s, 'n', 'em
_ELISION = re.compile(r"(?:\d0s|\d\d\b|n['’]\s|em\b|til\b|cause\b|tis\b|twas\b|bout\b)", re.I)
_PARAGRAPH = re.compile(r"\n\s*")
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
MAX_SCARE_WORDS = 4  # quotations this short need someone saying them
_PERSON_PRONOUNS_SUBJ = {"he", "she", "him", "her"}
_GROUP_PRONOUNS = {"they", "them"}
_THING_PRONOUNS = {"it"}
_RELATIVE = {"who", "that", "which", "whom"}
_SUBJECT_DEPS = {"nsubj", "nsubjpass"}
_CLIMB_DEPS = {"conj", "xcomp", "advcl", "pcomp", "acl", "prep", "relcl"}


# --------------------------------------------------------------------------- lexicon


@dataclass(frozen=True)
class Lexicon:
    """The word lists of ``data/quotes/cues.yaml``."""

    speech_verbs: frozenset[str]
    reporting_verbs: frozenset[str]
    label_cues: tuple[str, ...]
    teaser_prefixes: tuple[str, ...]
    title_function_words: frozenset[str]
    pronouns: dict[str, str]
    honorifics: dict[str, str]
    gendered_roles: dict[str, str]
    person_roles: frozenset[str]
    channel_nouns: frozenset[str]
    media_outlets: frozenset[str]
    media_words: frozenset[str]


@functools.lru_cache(maxsize=4)
def lexicon(path: str | None = None) -> Lexicon:
    """Load the cue lexicon (default: the shipped ``cues.yaml``), once per process."""
    with open(path or LEXICON_PATH, encoding="utf-8") as handle:
        raw = yaml.safe_load(handle)

    def words(key: str) -> frozenset[str]:
        return frozenset(str(w).lower() for w in raw.get(key, []))

    return Lexicon(
        speech_verbs=words("speech_verbs"),
        reporting_verbs=words("reporting_verbs"),
        label_cues=tuple(sorted((str(w).lower() for w in raw.get("label_cues", [])), key=len,
                                reverse=True)),
        teaser_prefixes=tuple(str(w).lower() for w in raw.get("teaser_prefixes", [])),
        title_function_words=words("title_function_words"),
        pronouns={str(k).lower(): v for k, v in raw.get("pronouns", {}).items()},
        honorifics={str(k).lower(): v for k, v in raw.get("honorifics", {}).items()},
        gendered_roles={str(k).lower(): v for k, v in raw.get("gendered_roles", {}).items()},
        person_roles=words("person_roles"),
        channel_nouns=words("channel_nouns"),
        media_outlets=words("media_outlets"),
        media_words=words("media_words"),
    )


# --------------------------------------------------------------------------- quote marks


@dataclass
class QuoteSpan:
    """One contiguous quoted span: ``text[start:end]`` are the words inside the marks."""

    start: int
    end: int
    open_mark: int  # offset of the opening mark
    close_mark: Optional[int]  # offset of the closing mark; None when continued next paragraph
    chain: int  # shared by the paragraphs of one quotation running over several paragraphs
    paragraph: int


def _mark_roles(text: str, i: int) -> tuple[str, bool, bool]:
    """Family ("d" double / "s" single) of the mark at ``i`` and whether it can open / close."""
    char = text[i]
    family = "d" if char in DOUBLE_MARKS else "s"
    prev = text[i - 1] if i > 0 else " "
    nxt = text[i + 1] if i + 1 < len(text) else " "
    left = not nxt.isspace() and (prev.isspace() or not prev.isalnum())
    right = not prev.isspace() and (nxt.isspace() or not nxt.isalnum())
    if family == "s" and prev.isalnum() and nxt.isalnum():
        return family, False, False  # apostrophe inside a word: Russia's, rock'n'roll
    if family == "s" and left and _ELISION.match(text, i + 1):
        return family, False, False  # '90s, 'n', 'em
    if char in _OPEN_ONLY:  # spaced French marks ("« Oui »") are still marks
        return family, char != "‘" or not (right and not left), right and not left
    if char in _CLOSE_ONLY:
        return family, left and not right, char != "’" or not (left and not right)
    # straight marks: decided by position only
    if left and right:
        return family, True, True
    return family, left, right


def _paragraph_bounds(text: str) -> list[tuple[int, int]]:
    """(start, end) of the non-empty lines/paragraphs of ``text``."""
    bounds, pos = [], 0
    for match in _PARAGRAPH.finditer(text):
        if match.start() > pos:
            bounds.append((pos, match.start()))
        pos = match.end()
    if pos < len(text):
        bounds.append((pos, len(text)))
    return bounds


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink ``[start, end)`` over surrounding blanks and the trailing , ; : or sentence period."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:"):
        end -= 1
    # a final period belongs to the sentence, except in abbreviations ("U.S.") and ellipses
    if end - start > 1 and text[end - 1] == "." and not re.search(r"(?:\b[A-Za-z]\.|\.\.)$",
                                                                  text[start:end - 1] + "."):
        end -= 1
        while end > start and text[end - 1].isspace():
            end -= 1
    return start, end


def _first_char(text: str, start: int, end: int) -> str:
    for k in range(start, end):
        if not text[k].isspace():
            return text[k]
    return ""


def scan_quotes(text: str) -> list[QuoteSpan]:
    """All top-level quoted spans of ``text``, in order (see the module docstring)."""
    spans: list[QuoteSpan] = []
    paragraphs = _paragraph_bounds(text)
    carried_chain: Optional[int] = None  # chain continued from the previous paragraph
    next_chain = 0
    for p, (p_start, p_end) in enumerate(paragraphs):
        stack: list[tuple[str, int, int]] = []  # (family, mark offset, chain)
        for i in range(p_start, p_end):
            if text[i] not in DOUBLE_MARKS and text[i] not in SINGLE_MARKS:
                continue
            family, can_open, can_close = _mark_roles(text, i)
            if can_close and any(f == family for f, _, _ in stack):
                while stack[-1][0] != family:  # an unclosed inner single mark was an apostrophe
                    stack.pop()
                _, opened, chain = stack.pop()
                if not stack:
                    start, end = _trim(text, opened + 1, i)
                    if end > start:
                        spans.append(QuoteSpan(start, end, opened, i, chain, p))
                continue
            if not can_open or len(stack) >= 3:
                continue
            if stack and stack[-1][0] == family:
                stack.pop()  # a second opening mark: the first one was never closed
            if not stack:
                at_start = not text[p_start:i].strip()
                chain = carried_chain if (carried_chain is not None and at_start) else next_chain
                if chain == next_chain:
                    next_chain += 1
            else:
                chain = stack[0][2]
            stack.append((family, i, chain))
        carried_chain = None
        if stack:
            family, opened, chain = stack[0]
            following = paragraphs[p + 1] if p + 1 < len(paragraphs) else None
            nxt = _first_char(text, *following) if following else ""
            if nxt and (nxt in (DOUBLE_MARKS if family == "d" else SINGLE_MARKS)):
                start, end = _trim(text, opened + 1, p_end)
                if end > start:
                    spans.append(QuoteSpan(start, end, opened, None, chain, p))
                    carried_chain = chain
            # otherwise: a cut-off fragment, dropped
    return spans


# --------------------------------------------------------------------------- not quotations


def _is_title_like(words: Sequence[str], lex: Lexicon) -> bool:
    """True for Title Cased or UPPER CASE word sequences: names, titles, acronyms."""
    if not words or len(words) > 6:
        return False
    if not words[0][:1].isupper():
        return False
    return all(w[:1].isupper() or w.lower() in lex.title_function_words or not w[:1].isalpha()
               for w in words)


def _preceded_by_label(text: str, open_mark: int, lex: Lexicon) -> bool:
    """A label cue ("dubbed", "marked", "the word") right before the opening mark."""
    before = text[max(0, open_mark - 40):open_mark].lower()
    before = re.sub(r"[\s,:]+$", "", before)
    before = re.sub(r"\b(?:a|an|the|as)$", "", before).rstrip()
    return any(before.endswith(cue) and (len(before) == len(cue) or not before[-len(cue) - 1].isalpha())
               for cue in lex.label_cues)


def _is_teaser(text: str, paragraph: tuple[int, int], lex: Lexicon) -> bool:
    line = text[paragraph[0]:paragraph[1]].strip().lower()
    return any(line.startswith(prefix) for prefix in lex.teaser_prefixes)


def _is_not_quote(text: str, span: QuoteSpan, paragraphs: list[tuple[int, int]],
                  lex: Lexicon) -> bool:
    quoted = text[span.start:span.end]
    words = _WORD.findall(quoted)
    if not words:
        return True
    # a Title Cased quotation is speech only as a sentence of its own ending in , ! or ?
    ends_like_speech = text[span.start:span.close_mark or span.end].rstrip()[-1:] in "!?,"
    if _is_title_like(words, lex) and (_is_partial(text, span, paragraphs) or not ends_like_speech):
        return True
    if _preceded_by_label(text, span.open_mark, lex):
        return True
    return _is_teaser(text, paragraphs[span.paragraph], lex)


# --------------------------------------------------------------------------- people


@dataclass
class Person:
    """A named person of the document: fullest name, role, gender, first full mention."""

    name: str
    words: tuple[str, ...]
    role: Optional[str] = None
    gender: Optional[str] = None
    gender_explicit: bool = False  # from "Mr."/"Ms." or a gendered role, not from pronouns
    span: tuple[int, int] = (0, 0)  # token span of the fullest mention, title included


@dataclass
class _Mention:
    i: int  # token index of the name's head
    start: int  # token span of the name
    end: int
    person: Person
    subject: bool
    sent: int
    quoted: bool = False  # inside quotation marks: not an antecedent for the reporter's pronouns
    salience: int = 3  # see _salience


@dataclass
class _Context:
    """Everything speaker finding needs about one Doc, computed once."""

    doc: "Doc"
    lex: Lexicon
    mentions: list[ActorMention]
    published: Optional[dt.date]
    sent_of: list[int]  # token index -> sentence number
    sents: list[tuple[int, int]]  # sentence token spans
    people: list[Person] = field(default_factory=list)
    person_mentions: list[_Mention] = field(default_factory=list)
    mention_at: dict[int, _Mention] = field(default_factory=dict)  # token index -> mention
    quoted: list[tuple[int, int]] = field(default_factory=list)  # char ranges incl. marks
    channels: dict[str, str] = field(default_factory=dict)  # channel noun -> last source
    spans: list[QuoteSpan] = field(default_factory=list)
    ents: list["Span"] = field(default_factory=list)  # doc.ents, built once (costly per call)


def _sentences(doc: "Doc") -> list[tuple[int, int]]:
    """Token spans of sentences; paragraphs when the Doc has no sentence boundaries."""
    parsed = doc.has_annotation("SENT_START") or doc.has_annotation("DEP")
    bounds = [(s.start, s.end) for s in doc.sents] if parsed else [(0, len(doc))]
    spans = []
    for lo, hi in bounds:  # a sentence never runs over a paragraph break (headings have no period)
        start = lo
        for k in range(lo, hi):
            if "\n" in doc[k].text and k + 1 > start:
                spans.append((start, k + 1))
                start = k + 1
        if start < hi:
            spans.append((start, hi))
    return spans


# entity types a following capitalised proper noun may carry and still be part of a name
# ("Choe Son" PERSON + "Hui" NORP): places, dates and numbers are never name parts
_NOT_NAME_PARTS = frozenset({"GPE", "LOC", "FAC", "DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY",
                             "PERCENT", "QUANTITY"})


def _person_by_title(ent: "Span", lex: Lexicon) -> bool:
    """A name the NER got wrong ("opposition leader Nadia Petrova" as ORG): two or more
    capitalised words right after a person-role word."""
    if ent.label_ not in ("ORG", "PRODUCT", "NORP", "WORK_OF_ART") or len(ent) < 2 or ent.start == 0:
        return False
    before = ent.doc[ent.start - 1]
    return (before.lower_ in lex.person_roles and before.is_lower
            and all(t.is_title and t.pos_ == "PROPN" for t in ent))


def _name_spans(doc: "Doc", lex: Lexicon) -> list[tuple[int, int]]:
    """Token spans of person names: spaCy PERSON entities, extended over following
    capitalised proper nouns (spaCy often stops early in Korean, Chinese, Arabic names),
    without leading titles/honorifics and trailing possessives."""
    spans = []
    for ent in doc.ents:
        if ent.label_ != "PERSON" and not _person_by_title(ent, lex):
            continue
        start, end = ent.start, ent.end
        while (end < len(doc) and end - ent.end < 2 and doc[end].pos_ == "PROPN"
               and doc[end].is_title and doc[end].ent_type_ not in _NOT_NAME_PARTS
               and not doc[end].is_sent_start):
            end += 1
        while start < end and (doc[start].lower_ in lex.honorifics
                               or doc[start].lower_ in lex.person_roles
                               or not doc[start].text[:1].isupper()):
            start += 1
        while end > start and (doc[end - 1].lower_ in ("'s", "’s", "'", "’")
                               or not doc[end - 1].text[:1].isalnum()):
            end -= 1
        if end > start:
            spans.append((start, end))
    return spans


def _head_of(doc: "Doc", start: int, end: int) -> "Token":
    """The token of ``doc[start:end]`` whose head lies outside the span."""
    for tok in doc[start:end]:
        if not (start <= tok.head.i < end) or tok.head.i == tok.i:
            return tok
    return doc[end - 1]


def _salience(ctx: _Context, tok: "Token") -> int:
    """0 for the subject of a speech verb (the likeliest referent of a later "he said"),
    1 for the subject of a main clause, 2 of an embedded clause, 3 otherwise."""
    for _ in range(3):
        if tok.dep_ in _SUBJECT_DEPS:
            verb = tok.head
            if verb.lemma_.lower() in ctx.lex.speech_verbs:
                return 0
            main = verb.dep_ == "ROOT" or (verb.dep_ == "conj" and verb.head.dep_ == "ROOT")
            return 1 if main else 2
        if tok.dep_ not in ("appos", "conj") or tok.head.i == tok.i:
            break  # a name inside a modifier ("a Kyiv resident") is not the subject
        tok = tok.head
    return 3


def _is_subject(tok: "Token") -> bool:
    """Subject of its clause, directly or as apposition/compound of the subject."""
    for _ in range(3):
        if tok.dep_ in _SUBJECT_DEPS:
            return True
        if tok.dep_ not in ("appos", "conj") or tok.head.i == tok.i:
            return False
        tok = tok.head
    return False


_ROLE_TOKEN = re.compile(r"^(?:[A-Z][\w.\-]*|of|for|-|&|’s|'s|[a-z][a-z\-]+)$")
_STOP_POS = {"DET", "VERB", "AUX", "PRON", "CCONJ", "SCONJ", "NUM", "ADV", "PUNCT", "SPACE", "X"}


def _role_before(doc: "Doc", start: int, lex: Lexicon) -> tuple[Optional[str], int]:
    """Title words right before a name ("North Korean Foreign Minister" Choe Son Hui) and the
    token index where they start."""
    k = start
    while k > 0:
        tok = doc[k - 1]
        if tok.pos_ in _STOP_POS and tok.text not in ("-", "’s", "'s") and not (
                tok.pos_ == "PUNCT" and tok.text == "." and k - 2 >= 0 and doc[k - 2].text.isupper()):
            break
        if tok.pos_ == "ADP" and tok.lower_ not in ("of", "for"):
            break
        if tok.ent_type_ in ("DATE", "TIME", "CARDINAL") or not _ROLE_TOKEN.match(tok.text):
            break
        k -= 1
    while k < start and (doc[k].lower_ in ("of", "for", "-", "’s", "'s")):
        k += 1
    if k == start:
        return None, start
    words = [t.lower_ for t in doc[k:start]]
    if not any(w in lex.person_roles or w in lex.honorifics or doc[k + n].is_title
               for n, w in enumerate(words)):
        return None, start
    role = doc[k:start].text
    # honorifics are not roles
    if all(w.rstrip(".") in {h.rstrip(".") for h in lex.honorifics} for w in words):
        return None, start
    return role, k


def _role_after(doc: "Doc", head: "Token", name_start: int) -> Optional[str]:
    """An apposition describing the person ("Kaja Kallas, the EU's foreign policy chief")."""
    for child in head.children:
        if child.dep_ == "appos" and child.pos_ in ("NOUN", "PROPN") and child.ent_type_ != "PERSON":
            clauses = {d.i for c in child.children if c.dep_ in ("relcl", "acl")
                       for d in c.subtree}
            toks = [t for t in child.subtree if t.i > head.i and t.i not in clauses]
            if not toks:
                continue
            stop = next((t.i for t in toks if t.text == "," and t.i > child.i), toks[-1].i + 1)
            first = toks[0].i
            while first < stop and doc[first].pos_ in ("DET", "PUNCT"):
                first += 1
            if stop > first:
                return doc[first:stop].text
    if head.dep_ == "appos" and head.head.pos_ == "NOUN":
        noun = head.head
        toks = [t for t in noun.subtree if t.i < name_start and t.text != ","]
        first = toks[0].i if toks else noun.i
        while first <= noun.i and doc[first].pos_ == "DET":
            first += 1
        last = max(t.i for t in toks) if toks else noun.i
        if last >= first:
            return doc[first:last + 1].text.rstrip(", ")
    return None


def _find_person(ctx: _Context, words: tuple[str, ...]) -> Optional[Person]:
    """The known person a name refers to: same words, a fuller name containing them, or a
    person whose first or last name this is (most recent first)."""
    lowered = tuple(w.lower() for w in words)
    for person in reversed(ctx.people):
        own = tuple(w.lower() for w in person.words)
        if own == lowered or _contains(own, lowered) or _contains(lowered, own):
            return person
    return None


def _contains(outer: tuple[str, ...], inner: tuple[str, ...]) -> bool:
    n = len(inner)
    return 0 < n < len(outer) and any(outer[k:k + n] == inner for k in range(len(outer) - n + 1))


def _register_people(ctx: _Context) -> None:
    """Fill ``ctx.people`` and ``ctx.person_mentions`` from the names in the Doc."""
    doc, lex = ctx.doc, ctx.lex
    for start, end in _name_spans(doc, lex):
        words = tuple(t.text for t in doc[start:end])
        head = _head_of(doc, start, end)
        role, role_start = _role_before(doc, start, lex)
        person = _find_person(ctx, words)
        if person is None:
            person = Person(" ".join(words), words, span=(role_start, end))
            ctx.people.append(person)
        elif len(words) > len(person.words):
            person.name, person.words, person.span = " ".join(words), words, (role_start, end)
        person.role = person.role or role or _role_after(doc, head, start)
        _add_gender_evidence(person, doc, start, role, lex)
        _add_mention(ctx, _Mention(head.i, start, end, person, _is_subject(head),
                                   ctx.sent_of[head.i]))
    _register_short_names(ctx)


def _register_short_names(ctx: _Context) -> None:
    """Shorter mentions spaCy did not tag as PERSON ("Choe" as PRODUCT, "Al Saud"): runs of
    capitalised proper nouns equal to the first or last name, or to several consecutive
    words, of a person named elsewhere in the document."""
    doc = ctx.doc
    k = 0
    while k < len(doc):
        end = k
        while (end < len(doc) and end - k < 3 and end not in ctx.mention_at
               and doc[end].pos_ == "PROPN" and doc[end].is_title
               and doc[end].ent_type_ not in ("GPE", "NORP", "LOC", "DATE")):
            end += 1
        if end == k:
            k += 1
            continue
        words = tuple(t.text for t in doc[k:end])
        person = next((p for p in reversed(ctx.people) if len(p.words) > len(words) and (
            (len(words) == 1 and words[0] in (p.words[0], p.words[-1]))
            or (len(words) > 1 and _contains(p.words, words)))), None)
        if person is not None:
            head = _head_of(doc, k, end)
            _add_mention(ctx, _Mention(head.i, k, end, person, _is_subject(head),
                                       ctx.sent_of[head.i]))
        k = end


def _add_mention(ctx: _Context, mention: _Mention) -> None:
    mention.quoted = _in_quote(ctx, ctx.doc[mention.i].idx)
    mention.salience = _salience(ctx, ctx.doc[mention.i])
    if mention.start == ctx.sents[mention.sent][0]:
        # a name opening its sentence is its subject, whatever a parse joined to a heading says
        mention.salience = min(mention.salience, 1)
    ctx.person_mentions.append(mention)
    for k in range(mention.start, mention.end):
        ctx.mention_at[k] = mention
    ctx.mention_at[mention.i] = mention


def _add_gender_evidence(person: Person, doc: "Doc", start: int, role: Optional[str],
                         lex: Lexicon) -> None:
    if person.gender:
        return
    if start > 0 and doc[start - 1].lower_ in lex.honorifics:
        person.gender = lex.honorifics[doc[start - 1].lower_]
        person.gender_explicit = True
        return
    for word in (role or "").lower().split():
        if word in lex.gendered_roles:
            person.gender = lex.gendered_roles[word]
            person.gender_explicit = True
            return


def _learn_genders(ctx: _Context) -> None:
    """Give unknown-gender people the gender of the he/she pronouns resolved to them."""
    for tok in ctx.doc:
        gender = ctx.lex.pronouns.get(tok.lower_)
        if gender and tok.pos_ == "PRON" and not _in_quote(ctx, tok.idx):
            person = _resolve_pronoun(ctx, tok, gender)
            if person is not None and person.gender is None:
                person.gender = gender


def _resolve_pronoun(ctx: _Context, tok: "Token", gender: Optional[str]) -> Optional[Person]:
    """Most salient earlier person compatible with ``gender``: the subject of the same
    sentence, then subjects of the nearest earlier sentences, then other mentions."""
    sent = ctx.sent_of[tok.i]
    best, best_rank = None, None
    for mention in ctx.person_mentions:
        if mention.i >= tok.i or sent - mention.sent > 6 or mention.quoted:
            continue
        if gender and mention.person.gender and mention.person.gender != gender:
            continue
        distance = sent - mention.sent
        # a person known to fit the pronoun's gender beats one of unknown gender nearby
        unknown = 3 if gender and not mention.person.gender_explicit else 0
        # earlier sentences are searched left to right (their subjects come first), the
        # current one right to left
        rank = (distance * 4 + mention.salience + unknown, mention.i if distance else -mention.i)
        if best_rank is None or rank < best_rank:
            best, best_rank = mention.person, rank
    return best


# --------------------------------------------------------------------------- speakers


@dataclass
class Speaker:
    name: Optional[str]
    role: Optional[str] = None
    span: Optional[tuple[int, int]] = None  # token span used for the actor code
    actor: Optional[Actor] = None
    person: bool = False  # a named person (not an organisation, country or description)


def _np_tokens(tok: "Token") -> list["Token"]:
    """The noun phrase of ``tok`` without clauses, appositions and most prepositions."""
    keep = {"det", "poss", "case", "compound", "amod", "nmod", "nummod", "quantmod", "prep",
            "pobj", "punct", "cc", "conj", "advmod"}
    out = [tok]
    for child in tok.children:
        if child.dep_ not in keep:
            continue
        if child.dep_ == "prep" and child.lower_ not in ("of", "from"):
            continue
        if child.dep_ == "punct" and child.text not in ("-", "’s", "'s"):
            continue
        if child.dep_ in ("cc", "conj", "advmod") and child.i < tok.i:
            continue
        out.extend(_np_tokens(child))
    return sorted(out, key=lambda t: t.i)


def _np_text(doc: "Doc", tokens: list["Token"], keep_det: bool = False) -> tuple[str, tuple[int, int]]:
    """Text and token span of a noun phrase, leading determiners dropped; never over a
    paragraph break."""
    first, last = tokens[0].i, tokens[-1].i
    head = next((t for t in tokens if t.head not in tokens or t.head.i == t.i), tokens[0])
    for k in range(head.i, last + 1):
        if "\n" in doc[k].text:
            last = k - 1
            break
    for k in range(head.i, first - 1, -1):
        if "\n" in doc[k].text:
            first = k + 1
            break
    while first < last and doc[first].pos_ == "DET" and not keep_det:
        first += 1
    return doc[first:last + 1].text, (first, last + 1)


def _speaker_from_token(ctx: _Context, tok: "Token") -> Optional[Speaker]:
    """Who ``tok`` (a cue's subject or an 'according to' object) refers to."""
    doc, lex = ctx.doc, ctx.lex
    low = tok.lower_
    if low in ctx.lex.pronouns or low in _PERSON_PRONOUNS_SUBJ:
        person = _resolve_pronoun(ctx, tok, lex.pronouns.get(low))
        return _person_speaker(person) if person else None
    if low in _GROUP_PRONOUNS or low in _THING_PRONOUNS:
        return _resolve_group(ctx, tok, plural=low in _GROUP_PRONOUNS)
    if low in ("i", "we", "you", "me", "us"):
        return None
    if tok.pos_ not in ("NOUN", "PROPN"):
        return None
    mention = ctx.mention_at.get(tok.i) or _mention_in_np(ctx, tok)
    if mention is not None:
        return _person_speaker(mention.person)
    if tok.pos_ == "NOUN" or tok.is_lower:  # the tagger calls "the minister" PROPN at times
        described = _resolve_description(ctx, tok)
        if described is not None:
            return described
    text, span = _np_text(doc, _np_tokens(tok))
    return Speaker(text, None, span)


def _mention_in_np(ctx: _Context, tok: "Token") -> Optional[_Mention]:
    """A person named inside the phrase headed by ``tok`` ("Kyiv resident Svitlana ...") or in
    its apposition ("The leader of Ennahda, Rachid Ghannouchi")."""
    for child in tok.children:
        if child.dep_ in ("compound", "appos") and child.i in ctx.mention_at:
            return ctx.mention_at[child.i]
    if tok.lemma_.lower() in ctx.lex.person_roles:
        for part in _np_tokens(tok):
            for child in part.children:
                if child.dep_ == "appos" and child.i in ctx.mention_at:
                    return ctx.mention_at[child.i]
    return None


def _person_speaker(person: Person) -> Speaker:
    return Speaker(person.name, person.role, person.span, person=True)


def _resolve_description(ctx: _Context, tok: "Token") -> Optional[Speaker]:
    """'the minister' -> the last person with that role; 'the bureau' -> the last organisation
    named with that word."""
    has_det = any(c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in tok.children)
    if not has_det or tok.tag_ in ("NNS", "NNPS"):
        return None
    lemma = tok.lemma_.lower()
    if lemma in ctx.lex.person_roles:
        for mention in reversed(ctx.person_mentions):
            role = (mention.person.role or "").lower()
            if mention.i < tok.i and lemma in re.findall(r"[\w-]+", role):
                return _person_speaker(mention.person)
        return None
    for ent in reversed(ctx.ents):
        if ent.end <= tok.i and ent.label_ in ("ORG", "NORP", "GPE") and any(
                t.lower_ == lemma and t.is_title for t in ent):
            start = ent.start + (1 if ent[0].lower_ == "the" else 0)
            return Speaker(ctx.doc[start:ent.end].text, None, (start, ent.end))
    return None


def _resolve_group(ctx: _Context, tok: "Token", plural: bool) -> Optional[Speaker]:
    """'they' / 'it' -> the nearest earlier non-pronoun subject of matching number."""
    doc = ctx.doc
    sent = ctx.sent_of[tok.i]
    for k in range(tok.i - 1, -1, -1):
        cand = doc[k]
        if sent - ctx.sent_of[k] > 2:
            break
        if cand.dep_ not in _SUBJECT_DEPS or cand.pos_ not in ("NOUN", "PROPN"):
            continue
        if _in_quote(ctx, cand.idx):
            continue
        is_plural = cand.tag_ in ("NNS", "NNPS") or any(c.dep_ == "conj" for c in cand.children)
        if is_plural != plural or (not plural and cand.i in ctx.mention_at):
            continue
        text, span = _np_text(doc, _np_tokens(cand))
        return Speaker(text, None, span)
    return None


def _in_quote(ctx: _Context, char: int) -> bool:
    return any(a <= char < b for a, b in ctx.quoted)


def _direct_subject(ctx: _Context, verb: "Token") -> Optional["Token"]:
    for child in verb.children:
        if child.dep_ in _SUBJECT_DEPS and ctx.sent_of[child.i] == ctx.sent_of[verb.i]:
            if child.lower_ in _RELATIVE and verb.dep_ == "relcl":
                return verb.head
            return child
    return None


def _subject_of(ctx: _Context, verb: "Token") -> Optional["Token"]:
    """The subject of ``verb``; a participle or conjunct without one inherits it from the
    verbs above, skipping subjects that cannot speak ("the residence was hit, denouncing it
    as ..."), never from another sentence (the parser joins headings to the next paragraph)."""
    subj = _direct_subject(ctx, verb)
    if subj is not None:
        return subj
    fallback = None
    node = verb
    for _ in range(5):
        if node.dep_ == "acl" and node.head.pos_ in ("NOUN", "PROPN"):
            return node.head  # "the leader of X, saying ..."
        if node.dep_ not in _CLIMB_DEPS | {"ccomp"} or node.head.i == node.i:
            break
        if node is verb and node.dep_ == "xcomp":  # object control: "led TNO to conclude"
            controller = next((c for c in node.head.children if c.dep_ == "dobj"), None)
            if controller is not None and _can_speak(ctx, controller):
                return controller
        node = node.head
        if ctx.sent_of[node.i] != ctx.sent_of[verb.i]:
            break
        subj = _direct_subject(ctx, node)
        if subj is None:
            continue
        if _can_speak(ctx, subj):
            return subj
        fallback = fallback or subj
    return fallback or _leftward_subject(ctx, verb)


def _can_speak(ctx: _Context, tok: "Token") -> bool:
    """People, groups and institutions; not things, not the vague 'it'."""
    if tok.i in ctx.mention_at or tok.lower_ in ctx.lex.pronouns or tok.lower_ in _GROUP_PRONOUNS:
        return True
    if tok.pos_ == "PROPN":
        return True
    return tok.pos_ == "NOUN" and _actor_like(ctx, tok)


def _leftward_subject(ctx: _Context, verb: "Token") -> Optional["Token"]:
    """Misparsed clause ("Jamil Al Saadouni, 58, told ..."): the person named before the verb
    in the same sentence with no other verb in between."""
    lo = ctx.sents[ctx.sent_of[verb.i]][0]
    for k in range(verb.i - 1, lo - 1, -1):
        tok = ctx.doc[k]
        if tok.pos_ in ("VERB", "AUX"):
            return None
        if k in ctx.mention_at:
            return ctx.doc[ctx.mention_at[k].i]
    return None


def _inverted_subject(ctx: _Context, verb: "Token") -> Optional["Token"]:
    """'said Amer' parsed without a subject: the name right after the verb."""
    nxt = verb.i + 1
    if nxt < len(ctx.doc) and nxt in ctx.mention_at:
        return ctx.doc[ctx.mention_at[nxt].i]
    return None


# --------------------------------------------------------------------------- channels


def _is_media(ctx: _Context, tokens: Sequence["Token"]) -> bool:
    """Whether a noun phrase names a news outlet ("the Moscow Times", "channel KBS", "CNN")."""
    if not tokens:
        return False
    lex = ctx.lex
    text = " ".join(t.text for t in tokens).lower().replace(" ’s", "").replace(" 's", "")
    bare = re.sub(r"^(?:the|a|an)\s+", "", text)
    if text in lex.media_outlets or bare in lex.media_outlets:
        return True
    if any(t.lower_ in lex.media_outlets and t.pos_ == "PROPN" for t in tokens):
        return True
    has_name = any(t.pos_ == "PROPN" for t in tokens)
    return has_name and any(t.lower_ in lex.media_words for t in tokens)


def _channel_from(ctx: _Context, noun: "Token") -> Optional[str]:
    """Channel named by ``noun``: itself when it is an outlet, or the outlet it comes from
    ("a translation from the Moscow Times"), or the last source of the same kind ("the
    translation")."""
    preps = {d.i for c in noun.children if c.dep_ == "prep" for d in c.subtree}
    core = [t for t in _np_tokens(noun) if t.i not in preps]
    if _is_media(ctx, core):
        return _np_text(ctx.doc, core, keep_det=True)[0]
    lemma = noun.lemma_.lower()
    if lemma not in ctx.lex.channel_nouns:
        return None
    for child in noun.children:
        if child.dep_ == "prep" and child.lower_ in ("from", "by", "of", "in", "on", "with"):
            for pobj in child.children:
                if pobj.dep_ == "pobj" and _is_media(ctx, _np_tokens(pobj)):
                    text, _ = _np_text(ctx.doc, _np_tokens(pobj), keep_det=True)
                    ctx.channels[lemma] = text
                    return text
    if any(c.lower_ == "the" for c in noun.children) and lemma in ctx.channels:
        return ctx.channels[lemma]
    return None


def _according_object(tok: "Token") -> Optional["Token"]:
    """The object of 'according to X' for the token 'according'."""
    for child in tok.children:
        if child.lower_ == "to":
            for pobj in child.children:
                if pobj.dep_ == "pobj":
                    return pobj
    doc = tok.doc
    if tok.i + 2 < len(doc) and doc[tok.i + 1].lower_ == "to":
        to = doc[tok.i + 1]
        for pobj in to.children:
            if pobj.dep_ == "pobj":
                return pobj
    return None


def _frame_channel(ctx: _Context, frame: Sequence["Token"], cue: Optional["Token"]) -> Optional[str]:
    """Mediated source in the attribution: 'told CNN', 'in an interview with channel KBS',
    'according to a translation from the Moscow Times'."""
    if cue is not None and cue.lemma_.lower() == "tell":
        for child in cue.children:
            if child.dep_ in ("dative", "dobj", "iobj") and _is_media(ctx, _np_tokens(child)):
                return _np_text(ctx.doc, _np_tokens(child), keep_det=True)[0]
    for tok in frame:
        if tok.lower_ == "according":
            obj = _according_object(tok)
            if obj is not None:
                channel = _channel_from(ctx, obj)
                if channel:
                    return channel
        if tok.lemma_.lower() in ("interview", "broadcast", "statement") and tok.pos_ == "NOUN":
            for child in tok.children:
                if child.dep_ == "prep" and child.lower_ in ("with", "on", "to"):
                    for pobj in child.children:
                        if pobj.dep_ == "pobj" and _is_media(ctx, _np_tokens(pobj)):
                            return _np_text(ctx.doc, _np_tokens(pobj), keep_det=True)[0]
        if tok.dep_ == "prep" and tok.lower_ in ("on", "to") and tok.head.lemma_ in ("say", "tell"):
            for pobj in tok.children:
                if pobj.dep_ == "pobj" and _is_media(ctx, _np_tokens(pobj)):
                    return _np_text(ctx.doc, _np_tokens(pobj), keep_det=True)[0]
    return None


# --------------------------------------------------------------------------- attribution


@dataclass
class Attribution:
    speaker: Optional[Speaker]
    cue: Optional[str]
    channel: Optional[str]
    strength: int = 0  # 3 speech verb, 2 "according to", 1 governing verb or colon, 0 context


def _is_speech(tok: "Token", lex: Lexicon) -> bool:
    return tok.pos_ in ("VERB", "AUX") and tok.lemma_.lower() in lex.speech_verbs


def _window(ctx: _Context, start: int, end: int) -> tuple[int, int]:
    """Token span of the sentences overlapping chars [start, end), plus the sentence before
    when the quotation is introduced by a colon."""
    doc = ctx.doc
    first = _token_at(doc, start)
    last = _token_at(doc, max(start, end - 1))
    s_first, s_last = ctx.sent_of[first], ctx.sent_of[last]
    lo, hi = ctx.sents[s_first][0], ctx.sents[s_last][1]
    before = doc.text[:start].rstrip()
    if before.endswith(":") and s_first > 0 and lo >= first - 1:
        lo = ctx.sents[s_first - 1][0]
    return lo, hi


def _token_at(doc: "Doc", char: int) -> int:
    """Index of the token containing (or first after) character ``char``."""
    lo, hi = 0, len(doc) - 1
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if doc[mid].idx <= char:
            lo = mid
        else:
            hi = mid - 1
    return lo


def _attribute(ctx: _Context, span_start: int, span_end: int, partial: bool) -> Attribution:
    """Speaker, cue and channel of the quotation whose marks cover chars [start, end)."""
    doc, lex = ctx.doc, ctx.lex
    lo, hi = _window(ctx, span_start, span_end)
    inside = [t for t in doc[lo:hi] if span_start <= t.idx < span_end]
    frame = [t for t in doc[lo:hi] if not _in_quote(ctx, t.idx) and not t.is_space]
    frame_ids = {t.i for t in frame}
    roots = [t for t in inside if not (span_start <= t.head.idx < span_end) or t.head.i == t.i]

    candidates: list["Token"] = []
    for root in roots:  # speech verbs the quotation hangs from, nearest first
        anc = root
        for _ in range(6):
            if anc.head.i == anc.i:
                break
            anc = anc.head
            if anc.i in frame_ids and _is_speech(anc, lex):
                candidates.append(anc)
                break
    first_i = inside[0].i if inside else lo
    last_i = inside[-1].i if inside else lo
    speech = [t for t in frame if _is_speech(t, lex)]
    speech.sort(key=lambda t: min(abs(t.i - first_i), abs(t.i - last_i)))
    candidates += [t for t in speech if t not in candidates]

    according = [t for t in frame if t.lower_ == "according"]
    according_obj = next((o for o in map(_according_object, according) if o is not None), None)

    speaker, cue = None, None
    for verb in candidates:
        subj = _subject_of(ctx, verb) or _inverted_subject(ctx, verb)
        if subj is None or _in_quote(ctx, subj.idx):
            continue
        speaker = _speaker_from_token(ctx, subj)
        if speaker is not None:
            cue = verb
            break
    channel = _frame_channel(ctx, frame, cue)
    if speaker is None and according_obj is not None:
        if channel is None or not _is_media(ctx, _np_tokens(according_obj)):
            speaker = _speaker_from_token(ctx, according_obj)
            if speaker is not None:
                if channel and channel in (speaker.name or ""):
                    channel = None
                return Attribution(speaker, "according to", channel, 2)
    if speaker is not None:
        return Attribution(speaker, cue.text, channel, 3)
    if partial:
        speaker, cue = _governing_actor(ctx, roots, frame_ids)
        if speaker is not None:
            return Attribution(speaker, cue.text, channel, 1)
    if doc.text[:span_start].rstrip().endswith(":"):
        speaker = _colon_speaker(ctx, span_start)
        if speaker is not None:
            return Attribution(speaker, None, channel, 1)
    return Attribution(None, None, channel)


def _colon_speaker(ctx: _Context, open_mark: int) -> Optional[Speaker]:
    """'Gates on Tillerson and Russia: "..."': the person named first before the colon."""
    colon = _token_at(ctx.doc, ctx.doc.text[:open_mark].rstrip().__len__() - 1)
    lo = ctx.sents[ctx.sent_of[colon]][0]
    for k in range(lo, colon):
        if k in ctx.mention_at and not ctx.mention_at[k].quoted:
            return _person_speaker(ctx.mention_at[k].person)
    return None


def _governing_actor(ctx: _Context, roots: Sequence["Token"],
                     frame_ids: set[int]) -> tuple[Optional[Speaker], Optional["Token"]]:
    """For a partial quotation without a speech verb: the actor subject of the verb it hangs
    from ("Lavrov ... expressed gratitude to Russia's 'Korean friends'")."""
    for root in roots:
        anc = root
        for _ in range(8):
            if anc.head.i == anc.i:
                break
            anc = anc.head
            if anc.i in frame_ids and anc.pos_ in ("VERB", "AUX"):
                subj = _subject_of(ctx, anc)
                if subj is None or _in_quote(ctx, subj.idx):
                    continue
                if subj.pos_ == "PRON" and subj.lower_ not in ctx.lex.pronouns and subj.lower_ not in (
                        _GROUP_PRONOUNS | _THING_PRONOUNS):
                    continue
                if not _named_actor(ctx, subj):
                    continue  # "Residents walked past the 'ghost town'": not speech
                speaker = _speaker_from_token(ctx, subj)
                if speaker is not None:
                    return speaker, anc
    return None, None


def _named_actor(ctx: _Context, tok: "Token") -> bool:
    """A named person, organisation or country, or a pronoun standing for one."""
    if tok.i in ctx.mention_at or tok.lower_ in ctx.lex.pronouns or tok.lower_ in _GROUP_PRONOUNS:
        return True
    if tok.ent_type_ in ("ORG", "GPE", "NORP", "PERSON"):
        return True
    return any(c.dep_ in ("compound", "poss") and c.ent_type_ in ("ORG", "GPE", "PERSON")
               for c in tok.children) and tok.lemma_.lower() in _INSTITUTIONS


def _actor_like(ctx: _Context, tok: "Token") -> bool:
    """A common noun that can say things: people, groups, institutions ("the ministry",
    "Russia's Defense Ministry"), judged by its head and the words right on it."""
    if tok.lemma_.lower() in ctx.lex.person_roles or tok.lemma_.lower() in _INSTITUTIONS:
        return True
    if tok.ent_type_ in ("ORG", "NORP", "GPE", "PERSON"):
        return True
    return any(c.dep_ in ("compound", "poss") and c.ent_type_ in ("ORG", "PERSON")
               for c in tok.children)


_INSTITUTIONS = frozenset({
    "government", "administration", "ministry", "military", "army", "group", "party", "office",
    "police", "bureau", "agency", "department", "committee", "council", "report", "court",
    "parliament", "cabinet", "embassy", "spokesman", "statement", "study", "survey", "force",
    "navy", "company", "organisation", "organization", "union", "people", "team", "campaign",
    "source", "sources", "official", "officials", "investigator", "investigators", "regime",
})


def _previous_attribution(ctx: _Context, char: int, done: list[tuple[int, Attribution]]
                          ) -> Optional[Attribution]:
    """For a quotation standing alone: the speaker of the previous sentence's quotation or
    speech verb, else the person that sentence is about."""
    doc = ctx.doc
    tok = _token_at(doc, char)
    sent = ctx.sent_of[tok]
    for back in (1, 2):
        if sent - back < 0:
            return None
        lo, hi = ctx.sents[sent - back]
        a, b = doc[lo].idx, doc[hi - 1].idx + len(doc[hi - 1])
        earlier = [att for pos, att in done if a <= pos < b and att.speaker is not None]
        if earlier:
            last = earlier[-1]
            return Attribution(last.speaker, None, last.channel)  # same speaker goes on
        tokens = [t for t in doc[lo:hi] if not _in_quote(ctx, t.idx)]
        for verb in tokens:
            if _is_speech(verb, ctx.lex):
                subj = _subject_of(ctx, verb)
                if subj is not None and not _in_quote(ctx, subj.idx):
                    speaker = _speaker_from_token(ctx, subj)
                    if speaker is not None:
                        return Attribution(speaker, None, None)
        people = [m for m in ctx.person_mentions if lo <= m.i < hi]
        if people:
            chosen = min(people, key=lambda m: (not m.subject, m.i))
            return Attribution(_person_speaker(chosen.person), None, None)
    return None


def _norm_words(text: str) -> str:
    return " ".join(w.lower() for w in _WORD.findall(text.replace("’", "'")))


# --------------------------------------------------------------------------- actors


def _actor_for(ctx: _Context, span: Optional[tuple[int, int]]) -> Optional[Actor]:
    """Actor code of the speaker's noun phrase (title included), via actors.resolve_span or
    an actor mention inside it."""
    if span is None:
        return None
    start, end = span
    actor = None
    try:
        from . import actors

        actor = actors.resolve_span(ctx.doc[start:end], actors.ActorDictionary.default(),
                                    ctx.published)
    except Exception:  # the actor stage must never stop quote finding
        LOGGER.debug("resolve_span failed on %r", ctx.doc[start:end].text, exc_info=True)
    if actor is not None:
        return actor
    for mention in ctx.mentions:
        if mention.token_start < end and start < mention.token_end:
            return mention.actor
    return None


# --------------------------------------------------------------------------- main


def _context(doc: "Doc", mentions: Iterable[ActorMention], published: Optional[dt.date]) -> _Context:
    sents = _sentences(doc)
    sent_of = [0] * len(doc)
    for n, (a, b) in enumerate(sents):
        for k in range(a, b):
            sent_of[k] = n
    ctx = _Context(doc, lexicon(), list(mentions or []), published, sent_of, sents)
    ctx.ents = list(doc.ents)
    ctx.spans = scan_quotes(doc.text)
    ctx.quoted = [(s.open_mark, (s.close_mark + 1) if s.close_mark is not None else s.end)
                  for s in ctx.spans]
    _register_people(ctx)
    _learn_genders(ctx)
    return ctx


def find_quotes(doc: "Doc", mentions: Sequence[ActorMention] = (),
                published: Optional[dt.date] = None) -> list[Quote]:
    """Direct and indirect quotations of ``doc`` with speakers, sorted by offset.

    ``mentions`` are the actor mentions of the Doc (used for speaker codes when
    actors.resolve_span gives none); ``published`` dates the actor dictionary look-ups.
    """
    text = doc.text
    if not text.strip() or len(doc) == 0:
        return []
    ctx = _context(doc, mentions, published)
    direct = _direct_quotes(ctx)
    indirect = _indirect_quotes(ctx, direct)
    return sorted(direct + indirect, key=lambda q: (q.start, q.kind))


def _direct_quotes(ctx: _Context) -> list[Quote]:
    lex, text = ctx.lex, ctx.doc.text
    paragraphs = _paragraph_bounds(text)
    spans = ctx.spans
    kept = [s for s in spans if not _is_not_quote(text, s, paragraphs, lex)]

    attributions: dict[int, Attribution] = {}
    chain_head: dict[int, Attribution] = {}
    done: list[tuple[int, Attribution]] = []
    for s in kept:
        mark_end = (s.close_mark + 1) if s.close_mark is not None else s.end
        partial = _is_partial(text, s, paragraphs)
        att = _attribute(ctx, s.open_mark, mark_end, partial)
        if att.speaker is None and s.chain in chain_head:
            att = chain_head[s.chain]  # later paragraphs of a quotation: the first one's speaker
        if s.chain not in chain_head or chain_head[s.chain].speaker is None:
            chain_head[s.chain] = att
        attributions[id(s)] = att
        done.append((s.start, att))

    # quotations standing alone: the previous sentence's speaker; headlines (and quotations
    # still without one) take the speaker of a longer quotation repeating their words,
    # preferring a person to the country or organisation a headline names
    headlines = {id(s) for s in kept if _is_headline(text, paragraphs[s.paragraph])}
    for s in kept:
        if attributions[id(s)].speaker is None and id(s) not in headlines:
            _fill_from_previous(ctx, s, attributions, done)
    for s in kept:
        att = attributions[id(s)]
        if att.speaker is not None and not (id(s) in headlines and not att.speaker.person):
            continue
        echo = _echo(text, s, kept, attributions)
        if echo is not None and (att.speaker is None or echo.speaker.person):
            attributions[id(s)] = Attribution(echo.speaker, None, echo.channel, 1)
        elif att.speaker is None:
            _fill_from_previous(ctx, s, attributions, done)

    quotes = []
    for s in _one_per_wording(text, kept, attributions):
        att = attributions[id(s)]
        n_words = len(_WORD.findall(text[s.start:s.end]))
        if att.speaker is None and n_words <= MAX_SCARE_WORDS:
            continue  # a scare quote: nobody is quoted as saying it
        quotes.append(_make_quote(ctx, "direct", s.start, s.end, att))
    return quotes


def _fill_from_previous(ctx: _Context, span: QuoteSpan, attributions: dict[int, Attribution],
                        done: list[tuple[int, Attribution]]) -> None:
    previous = _previous_attribution(ctx, span.open_mark, done)
    if previous is not None:
        attributions[id(span)] = previous
        # later paragraphs of the same quotation follow
        for n, (pos, att) in enumerate(done):
            if pos == span.start:
                done[n] = (pos, previous)


def _echo(text: str, span: QuoteSpan, kept: Sequence[QuoteSpan],
          attributions: dict[int, Attribution]) -> Optional[Attribution]:
    """The attribution of another, longer quotation containing this one's words."""
    words = _norm_words(text[span.start:span.end])
    if not words:
        return None
    for other in kept:
        att = attributions[id(other)]
        if other is span or att.speaker is None:
            continue
        longer = _norm_words(text[other.start:other.end])
        if len(longer) > len(words) and f" {words} " in f" {longer} ":
            return att
    return None


def _is_headline(text: str, paragraph: tuple[int, int]) -> bool:
    """A heading: a short paragraph without a final full stop."""
    line = text[paragraph[0]:paragraph[1]].strip().rstrip(DOUBLE_MARKS + SINGLE_MARKS).rstrip()
    return bool(line) and line[-1] not in ".!?" and len(line.split()) <= 30


def _one_per_wording(text: str, kept: Sequence[QuoteSpan],
                     attributions: dict[int, Attribution]) -> list[QuoteSpan]:
    """The same words quoted again (headline, lede, body) are one quotation: keep the
    occurrence with the strongest attribution (the first on ties)."""
    best: dict[str, QuoteSpan] = {}
    for span in kept:
        key = _norm_words(text[span.start:span.end])
        if key not in best or attributions[id(span)].strength > attributions[id(best[key])].strength:
            best[key] = span
    chosen = {id(span) for span in best.values()}
    return [span for span in kept if id(span) in chosen]


def _is_partial(text: str, span: QuoteSpan, paragraphs: list[tuple[int, int]]) -> bool:
    """A quotation inside a sentence of the reporter's ("vowed the people will 'always ...'")
    rather than a whole sentence of the speaker's."""
    p_start, _ = paragraphs[span.paragraph]
    before = text[p_start:span.open_mark].rstrip()
    starts_sentence = not before or before[-1] in ".!?:\"”'’"
    return not starts_sentence or not text[span.start:span.start + 1].isupper()


def _make_quote(ctx: _Context, kind: str, start: int, end: int, att: Attribution) -> Quote:
    speaker = att.speaker
    actor = None
    if speaker is not None:
        actor = speaker.actor or _actor_for(ctx, speaker.span)
        speaker.actor = actor
    return Quote(kind=kind, text=ctx.doc.text[start:end],
                 speaker=speaker.name if speaker else None, speaker_actor=actor,
                 speaker_role=speaker.role if speaker else None, start=start, end=end,
                 cue=att.cue, channel=att.channel)


def _indirect_quotes(ctx: _Context, direct: list[Quote]) -> list[Quote]:
    """Reported speech: a reporting verb outside quotation marks with a clausal complement."""
    doc, lex = ctx.doc, ctx.lex
    out = []
    for verb in doc:
        if verb.pos_ not in ("VERB", "AUX") or verb.lemma_.lower() not in lex.reporting_verbs:
            continue
        if _in_quote(ctx, verb.idx):
            continue
        clause = next((c for c in verb.children if c.dep_ == "ccomp"), None)
        if clause is None:
            continue
        # the clause without its attribution ("..., according to a translation from X")
        aside = {d.i for t in clause.subtree if t.lower_ == "according" for d in t.subtree}
        toks = [t for t in clause.subtree if t.i not in aside]
        first, last = toks[0].i, toks[-1].i
        if aside and min(aside) > first:
            last = min(last, min(aside) - 1)
        s_lo, s_hi = ctx.sents[ctx.sent_of[verb.i]]
        first, last = max(first, s_lo), min(last, s_hi - 1)
        while first < last and (doc[first].dep_ == "mark" or doc[first].is_punct or doc[first].is_space):
            first += 1
        while last > first and (doc[last].is_punct or doc[last].is_space):
            last -= 1
        if last - first < 2:
            continue
        start, end = doc[first].idx, doc[last].idx + len(doc[last])
        quoted = sum(max(0, min(end, b) - max(start, a)) for a, b in ctx.quoted)
        if quoted * 2 >= end - start:
            continue  # the clause is (mostly) a direct quotation, already recorded
        subj = _subject_of(ctx, verb) or _inverted_subject(ctx, verb)
        speaker = None
        if subj is not None and not (start <= subj.idx < end) and not _in_quote(ctx, subj.idx):
            speaker = _speaker_from_token(ctx, subj)
        lo, hi = ctx.sents[ctx.sent_of[verb.i]]
        frame = [t for t in doc[lo:hi] if not (start <= t.idx < end)]
        channel = _frame_channel(ctx, frame, verb)
        out.append(_make_quote(ctx, "indirect", start, end, Attribution(speaker, verb.text, channel)))
    return out
