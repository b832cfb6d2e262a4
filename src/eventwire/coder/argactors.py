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
# description heads that refer back to an actor named earlier ("the ministry", "the minister")
DESCRIPTION_HEADS = {"minister", "ministry", "president", "government", "official", "leader",
                     "spokesman", "spokeswoman", "spokesperson", "military", "army", "group",
                     "administration", "country", "authorities", "authority", "regime", "party",
                     "premier", "chancellor", "diplomat", "ambassador", "envoy", "force", "troops",
                     "militants", "rebels", "court", "parliament", "officials", "leaders", "nation"}


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
    how: str  # mention | modifier | span | quote-speaker | reference
    token_i: int

    @property
    def indirect(self) -> bool:
        return self.how in ("reference", "quote-speaker")


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

    def resolve(self, token) -> list[Resolved]:
        """Actors that the noun phrase headed by ``token`` denotes (several for "X and Y's")."""
        mention = self.by_token.get(token.i)
        if mention is not None and mention.kind not in ("pronoun",):
            actor = mention.actor
            if not actor.country and (not actor.code or actor.code == actor.agent) and _definite(token):
                # "the group of officials", "the ministry": a role word that refers back
                ref = self._reference(token)
                if ref is not None and ref.actor.country:
                    return [ref]
            return [Resolved(actor, "mention", token.i)]
        lower = token.lower_
        if lower in FIRST_PERSON:
            speaker = self._quote_speaker(token)
            return [Resolved(speaker, "quote-speaker", token.i)] if speaker else []
        if lower in THIRD_PERSON or (mention is not None and mention.kind == "pronoun"):
            ref = self._reference(token)
            return [ref] if ref else []
        found = self._modifier_actors(token)
        if found:
            return found
        span_actor = self._span(token)
        if span_actor is not None:
            return [Resolved(span_actor, "span", token.i)]
        if token.lemma_.lower() in DESCRIPTION_HEADS and any(
                c.dep_ == "det" and c.lower_ in ("the", "this", "that", "these", "those") for c in token.children):
            ref = self._reference(token)
            return [ref] if ref else []
        return []

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

    def _modifier_chain(self, token, child) -> list[Resolved]:
        out: list[Resolved] = []
        seen: set = set()
        for child in (child,):
            targets = [child] if child.dep_ in NP_MODIFIERS else []
            if child.dep_ == "prep" and child.lower_ == "of":
                targets = [c for c in child.children if c.dep_ == "pobj"]
            for t in targets:
                chain = [t] + [c for c in t.conjuncts if c.i > t.i]
                for c in chain:
                    m = self.by_token.get(c.i)
                    if m is not None and id(m) not in seen:
                        seen.add(id(m))
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
