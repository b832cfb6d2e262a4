"""Argument tokens -> coded actors, through the actors stage (mentions, spans, references).

``ActorLookup`` wraps what ``eventwire.actors`` offers (``find_mentions`` output,
``resolve_span``, ``resolve_reference`` when present) and adds what only the event coder knows:
first-person pronouns inside a direct quote are its speaker; "the Russian strikes" and
"North Korea's launch" take the actor from the noun's modifiers.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Optional

from .. import actors as actors_mod
from ..model import Actor, ActorMention, Quote

LOGGER = logging.getLogger(__name__)

FIRST_PERSON = {"we", "us", "our", "i", "me", "my"}
THIRD_PERSON = {"he", "him", "his", "she", "her", "they", "them", "their", "it", "its"}
# modifiers of a noun phrase that can carry its actor ("Russian strikes", "Iran's assets")
NP_MODIFIERS = ("compound", "amod", "poss", "nmod", "appos", "npadvmod")
# prepositions whose object owns a role noun ("mayor of X", "soldiers from X", "police in X")
OWNER_PREPS = ("of", "from", "in")
# role nouns whose "for" phrase names whom they speak or work for ("a spokesman for X"); not
# envoys or commissioners "for" a country or a field
SPEAKS_FOR = {"spokesman", "spokeswoman", "spokesperson", "director", "representative",
              "official", "lawyer", "attorney", "counsel", "researcher", "analyst", "negotiator"}
# description heads that refer back to an actor named earlier ("the ministry", "the minister")
DESCRIPTION_HEADS = {"minister", "ministry", "president", "government", "official", "leader",
                     "spokesman", "spokeswoman", "spokesperson", "military", "army", "group",
                     "administration", "country", "authorities", "authority", "regime", "party",
                     "premier", "chancellor", "diplomat", "ambassador", "envoy", "force", "troops",
                     "militants", "rebels", "court", "parliament", "officials", "leaders", "nation"}


def _table_words(key: str) -> frozenset:
    """A word list of the actors stage's tables.json (empty when the stage has none)."""
    tables = getattr(actors_mod, "_tables", None)
    return frozenset(tables().get(key, ())) if tables else frozenset()


def _context_agents() -> frozenset:
    """Agents that belong to a country and take it from the article context (tables.json)."""
    return _table_words("context_agents")


def _in_list(token, key: str) -> bool:
    return token.pos_ in ("NOUN", "PROPN", "") and (
        token.lower_ in _table_words(key) or token.lemma_.lower() in _table_words(key))


def _relational(token) -> bool:
    """A noun naming actors by their relation to another: "allies", "rivals" (relational_nouns)
    or "critics", "supporters" (stance_nouns)."""
    return _in_list(token, "relational_nouns") or _in_list(token, "stance_nouns")


def _phrase_name(token) -> str:
    """The noun phrase up to its head, without a leading determiner ("his country's allies")."""
    start = token.left_edge.i
    while start < token.i and token.doc[start].dep_ == "det":
        start += 1
    return token.doc[start: token.i + 1].text


def _member_objects(token) -> list:
    """Objects of "including" / "such as" on a group noun: its named members ("allies,
    including France's Emmanuel Macron and ..." -> Macron)."""
    markers = _table_words("member_markers")
    out = []
    for child in token.children:
        if child.dep_ != "prep":
            continue
        word = child.lower_
        if word == "as" and (any(c.lower_ == "such" for c in child.children)
                             or (child.i > 0 and child.doc[child.i - 1].lower_ == "such")):
            word = "such as"
        if word in markers:
            out.extend(c for c in child.children if c.dep_ == "pobj")
    return out


def _definite(token) -> bool:
    """The noun phrase starts with a definite determiner ("the group of officials")."""
    head = token.head if token.dep_ == "pobj" and token.head.head.lower_ in ("group", "team") else token
    for t in (head, token):
        if any(c.dep_ == "det" and c.lower_ in ("the", "this", "these", "those") for c in t.children):
            return True
    return False


@dataclass
class Resolved:
    """An actor for an argument token and how it was found (for explain)."""

    actor: Actor
    how: str  # mention | modifier | span | owner | member | relation | quote-speaker | reference, "+context" when the country came from the article
    token_i: int

    @property
    def indirect(self) -> bool:
        return self.how.split("+")[0] in ("reference", "quote-speaker") or self.how.endswith("+context")


class ActorLookup:
    """Actors of argument tokens in one Doc."""

    def __init__(self, doc, mentions: list[ActorMention], dictionary, when, quotes: list[Quote] = ()):
        self.doc = doc
        self.mentions = sorted(mentions or [], key=lambda m: m.token_start)
        self.dictionary = dictionary
        self.when = when
        self.quotes = [q for q in (quotes or []) if q.speaker_actor is not None and q.kind == "direct"]
        self.by_token: dict[int, ActorMention] = {}
        for m in self.mentions:
            for i in range(m.token_start, m.token_end):
                self.by_token[i] = m

    def resolve_all(self, tokens) -> list[Resolved]:
        """Actors of a group of argument tokens, coordinated list members included.

        The parser often hangs "and Y" on a token inside a multi-word name ("Barack Obama and
        Vladimir Putin": Putin is a conjunct of Obama, the subject is Barack) or reads a list as
        an apposition ("The US, Russia, and Switzerland"): such members count too.
        """
        out: list[Resolved] = []
        seen: set = set()
        done: set[int] = set()
        queue = list(tokens)
        while queue:
            t = queue.pop(0)
            if t.i in done:
                continue
            done.add(t.i)
            for r in self.resolve(t):
                key = (r.actor.code, r.actor.name)
                if key not in seen:
                    seen.add(key)
                    out.append(r)
            queue.extend(m for m in self._list_members(t) if m.i not in done)
        return out

    def _list_members(self, token) -> list:
        """Tokens coordinated with the noun phrase at ``token`` that its own conjuncts miss."""
        mention = self.by_token.get(token.i)
        span = range(mention.token_start, mention.token_end) if mention is not None else range(token.i, token.i + 1)
        out = []
        for i in span:
            t = self.doc[i]
            out.extend(c for c in t.conjuncts if c.i > t.i and c.i not in span)
            for child in t.children:
                # a list read as apposition: "the US, Russia, and Switzerland"
                if child.dep_ == "appos" and any(c.dep_ == "conj" for c in child.children) \
                        and self.by_token.get(child.i) is not None:
                    out.append(child)
                    out.extend(c for c in child.conjuncts if c.i > child.i)
        return out

    def resolve(self, token) -> list[Resolved]:
        """Actors that the noun phrase headed by ``token`` denotes (several for "X and Y's",
        "they" after "X and Y", "the two leaders"); role words without a country get one from
        their modifiers, an earlier reference, or the article's context."""
        return [self._in_context(r, token) for r in self._resolve(token)]

    def _resolve(self, token) -> list[Resolved]:
        mention = self.by_token.get(token.i)
        if mention is None or not mention.actor.country:
            # a group without a country of its own named by its members: "Kyiv's European
            # allies, including France's Emmanuel Macron and ...", "world leaders such as X"
            members = self._members(token)
            if members:
                return members
        if _relational(token) and (mention is None or not mention.actor.code):
            if self._appositive(token):
                return []  # "North Korea, its neighbour": describes the actor it is set beside
            return self._relation(token)
        if mention is not None and mention.kind not in ("pronoun",):
            actor = mention.actor
            if not actor.country and (not actor.code or actor.code == actor.agent):
                # a role word without country: "mayor of Nablus", "his opponents", "the ministry"
                owners = self._owner_country(token, mention)
                if owners:
                    return owners
                if _definite(token):
                    refs = self._references(token)
                    if refs and all(r.actor.country for r in refs):
                        return refs
            return self._coordinated_countries(token, mention) or [Resolved(actor, "mention", token.i)]
        lower = token.lower_
        if lower in FIRST_PERSON:
            speaker = self._quote_speaker(token)
            return [Resolved(speaker, "quote-speaker", token.i)] if speaker else []
        if lower in THIRD_PERSON or (mention is not None and mention.kind == "pronoun"):
            return self._references(token)
        found = _named_person(token, self._modifier_actors(token))
        if found and all(r.actor.country for r in found):
            return found
        description = token.lemma_.lower() in DESCRIPTION_HEADS and any(
            c.dep_ == "det" and c.lower_ in ("the", "this", "that", "these", "those") for c in token.children)
        if description:
            # "the group of officials", "the two leaders": an earlier actor (or set), before
            # the role word's own country-less reading
            refs = self._references(token)
            if refs:
                return refs
        if found:
            return found
        span_actor = self._span(token)
        if span_actor is not None:
            return [Resolved(span_actor, "span", token.i)]
        return []

    def _appositive(self, token) -> bool:
        """The noun phrase at ``token`` stands in apposition to an actor: parsed so, or (as the
        parser often misses it) set right after an actor mention and a comma."""
        if token.dep_ == "appos" and self.by_token.get(token.head.i) is not None:
            return True
        left = token.left_edge.i
        return left >= 2 and self.doc[left - 1].text == "," and self.by_token.get(left - 2) is not None

    def _members(self, token) -> list[Resolved]:
        """Named members of the group at ``token`` (see ``_member_objects``) that have a
        country or a code of their own; [] when there are none."""
        objects = _member_objects(token)
        if not objects:
            return []
        found = self.resolve_all(objects)
        return [Resolved(r.actor, "member", r.token_i) for r in found
                if r.actor.country or (r.actor.code and r.actor.code != r.actor.agent)]

    def _relation(self, token) -> list[Resolved]:
        """Actors a relational noun names. Its possessor or "of" owner is the other side of the
        relation ("Kyiv's European allies" are not Ukraine), so the modifiers before the head
        count, one actor per country ("Russia's Korean friends", "Arab and Turkish allies").
        Stance nouns ("Putin's critics", "opponents of Rwanda's Senate") are people of their
        owner's country, coded with the country alone. Otherwise: one actor with no country
        or code, so "warned his country's Western allies" keeps a target of no country."""
        found: list[Resolved] = []
        seen: set = set()
        modifiers = [c for c in token.children if c.dep_ in ("amod", "compound", "nmod") and c.i < token.i]
        for t in sorted({t for c in modifiers for t in (c, *c.conjuncts)}, key=lambda t: t.i):
            m = self.by_token.get(t.i)
            # a country or a named group; a bare role word ("militia allies") says nothing of
            # whose side they are on
            if m is None or m.kind == "pronoun" or not (
                    m.actor.country or (m.actor.code and m.actor.code != m.actor.agent)):
                continue
            key = m.actor.country or m.actor.code
            if key in seen:
                continue
            seen.add(key)
            a = m.actor
            name = f"{t.text} {token.text}"
            found.append(Resolved(Actor(name, a.code, a.country, a.agent, a.role), "relation", token.i))
        if not found and _in_list(token, "stance_nouns"):
            found = self._owner_country_only(token)
        if found:
            return found
        return [Resolved(Actor(_phrase_name(token)), "relation", token.i)]

    def _owners(self, token, child, preps) -> Optional[list[Resolved]]:
        """The actors owning the noun at ``token`` through its ``child``: the person a "his" /
        "their" refers to, a possessor, or the object of an owner preposition in ``preps``;
        None when ``child`` names no owner."""
        if child.dep_ == "poss" and child.lower_ in THIRD_PERSON:
            return self._references(child)
        if child.dep_ == "poss" or (child.dep_ == "prep" and child.lower_ in preps):
            return self._modifier_chain(token, child, preps)
        return None

    def _owner_country_only(self, token) -> list[Resolved]:
        """The countries of a noun's owners ("Putin's", "his", "of Rwanda's Senate"), each as
        an actor with the country alone and the noun's name."""
        out: list[Resolved] = []
        for child in token.children:
            owners = self._owners(token, child, ("of",))
            if owners is None:
                continue
            name = _phrase_name(token)
            for country in dict.fromkeys(r.actor.country for r in owners if r.actor.country):
                out.append(Resolved(Actor(name, country, country), "relation+owner", token.i))
            if out:
                return out
        return out

    def _coordinated_countries(self, token, mention: ActorMention) -> list[Resolved]:
        """One actor per country of coordinated modifiers of one role noun: "Japanese and South
        Korean officials" -> JPNGOV, KORGOV (separately named countries give one event each).
        [] unless the modifiers name two or more countries."""
        actor = mention.actor
        if not actor.country or not actor.agent:
            return []
        modifiers = [c for c in token.children if c.dep_ in ("amod", "compound", "nmod") and c.i < token.i]
        found: dict[str, str] = {}
        for t in sorted({t for c in modifiers for t in (c, *c.conjuncts)}, key=lambda t: t.i):
            m = self.by_token.get(t.i)
            if m is None or not m.actor.country or (m is not mention and m.actor.agent):
                continue
            found.setdefault(m.actor.country, t.text if m is not mention else actor.name)
        if len(found) < 2:
            return []
        suffix = actor.code[len(actor.country):] if actor.code and actor.code.startswith(actor.country) else actor.agent
        out = []
        for country, word in found.items():
            name = actor.name if country == actor.country else f"{word} {token.text}"
            out.append(Resolved(Actor(name, country + suffix, country, actor.agent, actor.role), "mention", token.i))
        return out

    def _owner_country(self, token, mention: ActorMention) -> list[Resolved]:
        """A role noun's country from its owner: "mayor of Nablus", "soldiers from Gondor",
        "lawmakers in X and Y" (one actor per owner), "his opponents" (the person "his" refers
        to). People "of"/"from" a group with an agent act as the group ("leaders of the
        opposition coalition" -> OPP, with the group's country when it has one). [] when no
        owner has a country or an agent."""
        actor = mention.actor
        children = list(token.children)
        # "a terror group based in X": the place it is based in owns it
        children += [p for c in token.children if c.dep_ == "acl" and c.lemma_.lower() == "base"
                     for p in c.children if p.dep_ == "prep" and p.lower_ == "in"]
        # "a spokesman for the Foreign Ministry", "country director for Amnesty": who speaks
        # or works for an organisation belongs to it
        preps = OWNER_PREPS + (("for",) if token.lemma_.lower() in SPEAKS_FOR else ())
        for child in children:
            owners = self._owners(token, child, preps) or []
            groups = [r for r in owners if r.actor.agent and r.actor.code]
            if groups and child.dep_ == "prep" and child.lower_ in ("of", "from", "for"):
                # "leaders of the opposition coalition", "members of the rebel group": people of a
                # group act as the group (its agent, and its country when it has one)
                return [Resolved(Actor(actor.name, r.actor.code, r.actor.country, r.actor.agent, actor.role),
                                 "owner", token.i) for r in groups]
            owners = [r for r in owners if r.actor.country]
            if owners:
                out = []
                for owner in owners:
                    country = owner.actor.country
                    code = country + (actor.code or actor.agent or "")
                    out.append(Resolved(Actor(actor.name, code, country, actor.agent, actor.role), "owner", token.i))
                return out
        return []

    def _in_context(self, resolved: Resolved, token) -> Resolved:
        """A role-only actor ("police", "lawmakers", "the army") gets the country the article
        context gives (``actors.context_country``); others are returned unchanged."""
        actor = resolved.actor
        if actor.country or not actor.agent or actor.agent not in _context_agents():
            return resolved
        if actor.code and actor.code != actor.agent and not actor.code.startswith(actor.agent):
            return resolved  # a named group with its own code
        context = getattr(actors_mod, "context_country", None)
        country = context(self.doc, token.i, self.mentions, actor.agent) if context else None
        if not country:
            return resolved
        code = country + (actor.code or actor.agent)
        return Resolved(Actor(actor.name, code, country, actor.agent, actor.role),
                        resolved.how + "+context", resolved.token_i)

    def _modifier_actors(self, token) -> list[Resolved]:
        """Actors among the modifiers of a noun; of several separate modifiers the one nearest
        the head wins ("Russia's Korean friends" -> Korean), coordinated ones all count."""
        chains: list[list[Resolved]] = []
        for child in token.children:
            found = self._modifier_chain(token, child)
            if found:
                chains.append(found)
        if not chains:
            return []
        before = [c for c in chains if c[0].token_i < token.i]
        return max(before, key=lambda c: c[0].token_i) if before else chains[0]

    def _modifier_chain(self, token, child, preps=("of",)) -> list[Resolved]:
        out: list[Resolved] = []
        seen: set = set()
        for child in (child,):
            targets = [child] if child.dep_ in NP_MODIFIERS else []
            if child.dep_ == "prep" and child.lower_ in preps:
                targets = [c for c in child.children if c.dep_ == "pobj"]
            for t in targets:
                chain = [t] + [c for c in t.conjuncts if c.i > t.i]
                for c in chain:
                    m = self.by_token.get(c.i)
                    if m is not None and id(m) not in seen:
                        seen.add(id(m))
                        # "thousands of US and Filipino troops": one actor per country
                        several = self._coordinated_countries(c, m) if c.dep_ == "pobj" else []
                        out.extend(Resolved(r.actor, "modifier", c.i) for r in several)
                        if not several:
                            out.append(Resolved(m.actor, "modifier", c.i))
                    elif m is None and c.dep_ in ("poss", "appos", "pobj", "conj"):
                        out.extend(r for r in self._modifier_actors(c) if id(r) not in seen)
        return out

    def _span(self, token) -> Optional[Actor]:
        resolve_span = getattr(actors_mod, "resolve_span", None)
        if resolve_span is None:
            return None
        left = token.left_edge.i
        span = self.doc[left: token.i + 1]
        try:
            return resolve_span(span, self.dictionary, self.when)
        except Exception:  # the actors stage must never stop event coding
            LOGGER.debug("resolve_span failed on %r", span.text, exc_info=True)
            return None

    def _quote_speaker(self, token) -> Optional[Actor]:
        for q in self.quotes:
            if q.start <= token.idx < q.end:
                return q.speaker_actor
        return None

    def _references(self, token) -> list[Resolved]:
        """Actors a pronoun or description refers to: a set for plurals ("they", "the two
        leaders" after "X and Y ..."), else the one nearest compatible actor."""
        resolve_references = getattr(actors_mod, "resolve_references", None)
        if resolve_references is not None and getattr(actors_mod, "resolve_reference", None) is not None:
            try:
                got = resolve_references(self.doc, token.i, self.mentions)
            except Exception:
                LOGGER.debug("resolve_references failed at %d", token.i, exc_info=True)
                got = []
            return [Resolved(m.actor, "reference", token.i) for m in got]
        ref = self._reference(token)
        return [ref] if ref else []

    def _reference(self, token) -> Optional[Resolved]:
        resolve_reference = getattr(actors_mod, "resolve_reference", None)
        if resolve_reference is not None:
            try:
                got = resolve_reference(self.doc, token.i, self.mentions)
            except Exception:
                LOGGER.debug("resolve_reference failed at %d", token.i, exc_info=True)
                got = None
            if got is not None:
                actor = got.actor if isinstance(got, ActorMention) else got
                return Resolved(actor, "reference", token.i)
            return None
        return self._nearest_before(token)

    def _nearest_before(self, token) -> Optional[Resolved]:
        """Fallback: the nearest actor mention before ``token`` within three sentences."""
        sents = list(self.doc.sents)
        idx = next((n for n, s in enumerate(sents) if s.start <= token.i < s.end), 0)
        floor = sents[max(0, idx - 3)].start
        personal = token.lower_ in ("he", "him", "his", "she", "her")
        usable = [m for m in self.mentions
                  if floor <= m.token_start < token.i and m.kind != "pronoun"
                  and (not personal or m.kind in ("person", "role"))]
        # salience: a subject is the likelier antecedent of a subject pronoun ("X met Y. She ...")
        subjects = [m for m in usable if self.doc[m.token_end - 1].dep_ in ("nsubj", "nsubjpass")]
        for pool in (subjects, usable):
            if pool:
                return Resolved(pool[-1].actor, "reference", token.i)
        return None


def _named_person(token, found: list[Resolved]) -> list[Resolved]:
    """A person named by a PERSON entity and described by a role in apposition ("Han
    Dong-hoon, the leader of the PPP") keeps the role's code but the person's name: two
    different people of one government are then two actors, not one ("X urged Y")."""
    if len(found) != 1 or token.ent_type_ != "PERSON":
        return found
    span = next((e for e in token.doc.ents if e.start <= token.i < e.end), None)
    r = found[0]
    if span is None or r.token_i in range(span.start, span.end) or not r.actor.agent:
        return found
    a = r.actor
    return [Resolved(Actor(span.text, a.code, a.country, a.agent, a.role), r.how, r.token_i)]
