"""The rule-based CAMEO coder: predicates from the pattern table, arguments from the tree.

``code_sentence`` codes one spaCy sentence span and returns (events, trace); ``trace`` is a
list of plain lines recording every decision (pattern matched, arguments, actors, why an event
was kept or dropped): ``explain`` and ``eval --errors`` print it.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Optional

from .. import ontology
from ..model import Actor, Event
from . import syntax
from .argactors import ActorLookup, Resolved
from .patterns import Match, PatternTable, lemma_candidates, objects_of

LOGGER = logging.getLogger(__name__)

CODER_NAME = "eventwire.rules.v1"
CONFIDENCE_THRESHOLD = 0.5
REFERENCE_PENALTY = 0.1

# verbs that take an event noun as object and mean "do it" ("held talks", "launched strikes")
LIGHT_VERBS = {"hold", "launch", "conduct", "carry", "stage", "begin", "start", "make", "pay",
               "issue", "mount", "continue", "resume", "unleash", "step", "undertake", "wage",
               "open", "host", "have", "deliver", "impose", "announce", "fire", "order", "level",
               "express", "voice", "lodge", "file", "join"}

# prepositions on an object / event noun that name its addressee ("support for X",
# "criticism of X", "accusations by X", "mediation by X")
OBJECT_NOUN_PREPS = ("of", "by", "for")
# prepositions the target search follows two levels into an object noun
# ("welcomed the resumption of ties with X", "called for an end to attacks on X")
NESTED_PREPS = ("of", "with", "between", "to", "against", "toward", "towards", "on", "for")

# intent verbs: complement code -> intent code by the complement's code prefix (first match)
INTENT_MAP = [("0841", "0353"), ("085", "0354"), ("081", "0351"), ("086", "0355"),
              ("087", "0356"), ("08", "035"), ("061", "0311"), ("062", "0312"),
              ("063", "0313"), ("064", "0314"), ("06", "031"), ("071", "0331"),
              ("072", "0332"), ("073", "0333"), ("074", "0334"), ("07", "033"),
              ("057", "0311"), ("05", "032"), ("04", "036"), ("03", ""), ("163", "1312"),
              ("161", "1313"), ("162", "1311"), ("164", "134"), ("166", "136"), ("16", "131"),
              ("173", "137"), ("175", "137"), ("17", "132"), ("14", "133"), ("15", "138"),
              ("18", "138"), ("19", "138"), ("20", "138"), ("13", "")]
REFUSE_MAP = [("04", "125"), ("06", "121"), ("07", "122"), ("0841", "1243"), ("085", "1244"),
              ("087", "1246"), ("08", "124"), ("05", "120"), ("03", "120")]
# "X said Y attacked Z" is X accusing Y (112) when Y's act is material conflict; the speech verbs
# that assert (not "deny", "confirm": a speaker confirming is usually the actor itself)
ACCUSING_SPEECH = {"say", "claim", "allege", "charge", "warn", "note", "add", "state", "insist",
                   "assert", "tell", "write", "argue"}
ACCUSED_ROOTS = {"15", "16", "17", "18", "19", "20"}
THREAT_MAP = [(p, c) for p, c in INTENT_MAP if p[:2] >= "13"]


def _mapped(code: str, table) -> Optional[str]:
    for prefix, target in table:
        if code.startswith(prefix):
            return target or code
    return None


@dataclass
class Candidate:
    """An event before actors are checked."""

    predicate_i: int
    match: Match
    code: str
    source_tokens: list
    target_tokens: list  # groups of tokens, in order of preference
    symmetric: bool = False
    reverse_code: str = ""
    negated: Optional[str] = None
    hypothetical: Optional[str] = None
    attribution: Optional[str] = None
    speaker_i: Optional[int] = None
    notes: list[str] = field(default_factory=list)


def _describe_token(t) -> str:
    return f"{t.text}#{t.i - t.sent.start}"


class SentenceCoder:
    """Codes the sentences of one Doc."""

    def __init__(self, doc, lookup: ActorLookup, table: Optional[PatternTable] = None,
                 published=None):
        self.doc = doc
        self.lookup = lookup
        self.table = table or PatternTable.default()
        self.published = published

    # ------------------------------------------------------------------ predicates
    def candidates(self, sent, trace: list[str]) -> list[Candidate]:
        consumed: set[int] = set()
        out: list[Candidate] = []
        matches: dict[int, list[Match]] = {}
        for tok in sent:
            if syntax.is_predicate_head(tok) or tok.pos_ == "VERB":
                found = self.table.match(tok)
            elif tok.pos_ in ("NOUN", "PROPN") and self._nominal_host(tok) is not None:
                found = self.table.match(tok, noun=True)
            else:
                continue
            if found:
                matches[tok.i] = found
        for i in sorted(matches):
            tok = self.doc[i]
            if i in consumed:
                trace.append(f"predicate {_describe_token(tok)}: folded into its governing verb")
                continue
            best = matches[i][0]
            trace.append(f"predicate {_describe_token(tok)} lemma={tok.lemma_}: pattern {best.pattern.describe()}")
            cand = self._candidate(tok, best, matches, consumed, trace)
            if cand is not None:
                out.append(cand)
        return out

    def _nominal_host(self, noun):
        """The light verb an event noun is the object of ("held talks"), else None."""
        if noun.dep_ in ("dobj", "nsubjpass", "attr") and LIGHT_VERBS.intersection(lemma_candidates(noun.head)):
            return noun.head
        if noun.dep_ == "pobj" and noun.head.dep_ == "prep" and noun.head.head.lemma_.lower() in ("go", "come"):
            return noun.head.head
        return None

    def _candidate(self, tok, match: Match, matches, consumed, trace) -> Optional[Candidate]:
        p = match.pattern
        code = p.code
        notes: list[str] = []
        clause = tok
        if p.noun:
            host = self._nominal_host(tok)
            host_matches = matches.get(host.i, []) if host is not None else []
            if host_matches and host_matches[0].pattern.object and host_matches[0].pattern.source == "core":
                trace.append(f"  dropped: the verb '{host.text}' has its own object pattern")
                return None
            clause = host
            consumed.add(host.i)
            notes.append(f"event noun of '{host.text}'")
        complement = None
        if p.intent or p.refuse:
            complement = self._complement(tok, matches)
            if complement is None:
                complement = next((c for c in tok.children if c.dep_ in ("xcomp", "ccomp")), None)
            if complement is not None and complement.i in matches:
                inner = matches[complement.i][0]
                table = REFUSE_MAP if p.refuse else (THREAT_MAP if p.lemma == "threaten" else INTENT_MAP)
                mapped = _mapped(inner.pattern.code, table)
                if mapped:
                    code = mapped
                    consumed.add(complement.i)
                    notes.append(f"complement '{complement.text}' [{inner.pattern.code}] -> {code}")
                    match = Match(inner.pattern, inner.object_i, inner.prep_i)
        sources = syntax.subjects(clause)
        target_groups = self._targets(complement if (complement is not None and complement.i in consumed) else tok,
                                      match, clause if not p.noun else tok)
        if complement is not None and complement.i not in consumed:
            # an intent verb with an uncoded complement ("vowed to stand with X"): its objects
            target_groups += self._targets(complement, Match(p), complement)
        if p.noun:
            target_groups += [[o for _, o in syntax.prep_objects(tok, OBJECT_NOUN_PREPS)]]
            if clause is not None:
                target_groups += [[o for _, o in syntax.prep_objects(clause, p.targets)]]
        # a prepositional phrase fronted before the subject ("At a UN meeting, X denied ...")
        # sets the scene: it is never the target
        first = min([t.i for t in sources] + [tok.i])
        target_groups = [[o for o in g if not syntax.fronted_adjunct(o, first)] for g in target_groups]
        target_groups = [g for g in target_groups if g]
        if p.speech and code == "010" and not target_groups:
            trace.append("  dropped: plain statement without an addressee")
            return None
        cand = Candidate(tok.i, match, code, sources, target_groups,
                         symmetric=match.pattern.symmetric or p.symmetric,
                         reverse_code=match.pattern.reverse_code, notes=notes)
        cand.negated = syntax.negated(tok if not p.noun else clause)
        cand.hypothetical = syntax.hypothetical(tok if not p.noun else clause, frozenset(consumed))
        heads = syntax.speech_heads(tok if not p.noun else clause)
        if heads:
            cand.speaker_i = heads[0].i
        trace.append(
            "  arguments: source=" + ",".join(_describe_token(t) for t in sources) +
            " target=" + " | ".join(",".join(_describe_token(t) for t in g) for g in target_groups) +
            (f" ({'; '.join(notes)})" if notes else ""))
        return cand

    def _complement(self, tok, matches):
        for child in tok.children:
            if child.dep_ in ("xcomp", "ccomp") and child.i in matches:
                return child
            if child.dep_ == "prep" and child.lower_ in ("to", "on"):
                for pc in child.children:
                    if pc.dep_ == "pcomp" and pc.i in matches:
                        return pc
        return None

    def _targets(self, tok, match: Match, clause) -> list[list]:
        """Target token groups in order of preference; the first group with an actor wins."""
        p = match.pattern
        groups: list[list] = []
        if match.prep_i is not None:
            prep = self.doc[match.prep_i]
            pobjs = [pobj for _, pobj in syntax.prep_objects(tok, (prep.lower_,))]
            if prep.lower_ in p.targets:
                groups.append(pobjs)
            # "called for talks with China", "called for the ouster of X"
            groups.append([o for pobj in pobjs
                           for _, o in syntax.prep_objects(pobj, p.targets + ("of",))])
        if match.object_i is not None:
            obj = self.doc[match.object_i]
            # the object names the kind of act ("imposed sanctions on X"): target is where it goes
            groups.append([o for _, o in syntax.prep_objects(tok, p.targets)])
            groups.append([o for _, o in syntax.prep_objects(obj, p.targets + OBJECT_NOUN_PREPS)])
            if not syntax.is_passive(tok):
                # "blocked a resolution by France": the parser hangs the object's "by" on the verb
                groups.append([o for _, o in syntax.prep_objects(tok, ("by",))])
            groups.append([obj])  # possessor / modifier actors of the object noun
        else:
            objs = syntax.passive_subjects(tok) if syntax.is_passive(tok) else objects_of(tok)
            groups.append(objs + [c for c in tok.children if c.dep_ == "dative"])
            groups.append([o for _, o in syntax.prep_objects(tok, p.targets)])
            groups.append([o for obj in objs for _, o in syntax.prep_objects(obj, p.targets + OBJECT_NOUN_PREPS)])
        # "welcomed the resumption of ties with X": the addressee sits deeper in the object
        heads = [self.doc[match.object_i]] if match.object_i is not None else (
            syntax.passive_subjects(tok) if syntax.is_passive(tok) else objects_of(tok))
        groups.append([o for h in heads for o in syntax.nested_prep_objects(h, NESTED_PREPS)])
        content = next((c for c in tok.children if c.dep_ == "ccomp"), None)
        if content is not None and p.code != "010":
            # "demanded that China release ...", "warned that X risk ...": the content's subject
            groups.append(syntax.own_subjects(content) or syntax.passive_subjects(content))
        return [g for g in groups if g]

    # ------------------------------------------------------------------ events
    def events(self, sent, trace: list[str]) -> list[Event]:
        out: list[Event] = []
        for cand in self.candidates(sent, trace):
            found = self._events_from(cand, sent, trace)
            out.extend(found)
            out.extend(self._reported_accusations(cand, found, out, sent, trace))
        return out

    def _reported_accusations(self, cand: Candidate, found: list[Event], so_far: list[Event], sent,
                              trace: list[str]) -> list[Event]:
        """"X said (that) Y attacked Z": besides Y's reported act, X accuses Y (112).

        Only for material conflict (CAMEO roots ACCUSED_ROOTS) reported by an asserting speech
        verb (ACCUSING_SPEECH) whose speaker has a country, is not the media, and is of another
        country than Y (a side reporting its own act accuses nobody); one accusation per
        speaker and accused in a sentence.
        """
        if cand.speaker_i is None or cand.negated or cand.hypothetical:
            return []
        head = self.doc[cand.speaker_i]
        if head.lemma_.lower() not in ACCUSING_SPEECH or syntax.negated(head):
            return []
        speakers = [r.actor for r in self._actors(syntax.own_subjects(head))]
        if not speakers or not speakers[0].country or speakers[0].agent == "MED":
            return []
        speaker_actor = speakers[0]
        out: list[Event] = []
        for event in found:
            if event.cameo_root not in ACCUSED_ROOTS or event.negated or event.hypothetical:
                continue
            accused = event.source
            # a speaker reporting its own side's act ("its forces shot down ...") accuses nobody
            if not accused.country or any(accused.country == sp.country or _same_actor(sp, accused) for sp in speakers):
                continue
            if any(e.cameo_code == "112" and _same_actor(e.source, speaker_actor) and _same_actor(e.target, accused)
                   for e in so_far + out):
                continue
            accusation = self._event(sent, cand, speaker_actor, accused, "112",
                                     cand.match.pattern.confidence - REFERENCE_PENALTY, None)
            if accusation is None:
                continue
            accusation.trigger = head.text
            accusation.pattern = f"reported {event.cameo_code} under '{head.lemma_}' -> 112"
            trace.append(f"  EVENT {speaker_actor.name}[{speaker_actor.code}] -> {accused.name}[{accused.code}] 112 "
                         f"(speaker of '{head.text}' reports {event.cameo_code} by the accused)")
            out.append(accusation)
        return out

    def _actors(self, tokens) -> list[Resolved]:
        return self.lookup.resolve_all(tokens)

    def _events_from(self, cand: Candidate, sent, trace) -> list[Event]:
        sources = self._actors(cand.source_tokens)
        targets: list[Resolved] = []
        for group in cand.target_tokens:
            targets = self._actors(group)
            if targets:
                break
        trace.append("  actors: source=" + ", ".join(f"{r.actor.name}[{r.actor.code}] via {r.how}" for r in sources)
                     + " target=" + ", ".join(f"{r.actor.name}[{r.actor.code}] via {r.how}" for r in targets))
        if not sources:
            trace.append("  dropped: no source actor" + (" (source tokens unresolved)" if cand.source_tokens else " (no subject)"))
            return []
        pairs: list[tuple[Resolved, Optional[Resolved], str]] = []
        if not targets and cand.symmetric and len(sources) > 1:
            for a in sources:
                for b in sources:
                    if a is not b:
                        pairs.append((a, b, cand.code))
        elif targets:
            for a in sources:
                for b in targets:
                    pairs.append((a, b, cand.code))
                    if cand.symmetric:
                        pairs.append((b, a, cand.code))
                    elif cand.reverse_code:
                        pairs.append((b, a, cand.reverse_code))
        elif cand.match.pattern.no_target or self.table_no_target(cand):
            pairs = [(a, None, cand.code) for a in sources]
            trace.append("  no target: the pattern allows a targetless event")
        else:
            trace.append("  dropped: no target actor" + (" (target tokens unresolved)" if cand.target_tokens else ""))
            return []
        speaker = self._speaker(cand)
        events = []
        seen = set()
        for src, tgt, code in pairs:
            if tgt is None and not (src.actor.country or src.actor.code):
                continue
            if tgt is not None:
                tgt = _domestic(src, tgt)
            if code == "010" and (tgt is None or tgt.actor.agent == "MED" or not tgt.actor.country):
                trace.append(f"  dropped {src.actor.code}->{tgt.actor.name if tgt else None} [010]: plain statement to the press or nobody")
                continue
            if tgt is not None and _same_actor(src.actor, tgt.actor):
                trace.append(f"  dropped {src.actor.code}->{tgt.actor.code} [{code}]: same actor")
                continue
            if not (src.actor.country or src.actor.code):
                trace.append(f"  dropped: source {src.actor.name} has no country or code")
                continue
            key = (src.actor.code, src.actor.name, tgt.actor.code if tgt else None, code)
            if key in seen:
                continue
            seen.add(key)
            confidence = cand.match.pattern.confidence
            if src.indirect or (tgt is not None and tgt.indirect):
                confidence -= REFERENCE_PENALTY
            attribution = syntax.according_to(self.doc[cand.predicate_i])
            if speaker is not None:
                name, speaker_actor = speaker
                if speaker_actor is None or not _same_actor(speaker_actor, src.actor):
                    attribution = name
            event = self._event(sent, cand, src.actor, tgt.actor if tgt else None, code, confidence, attribution)
            if event is None:
                trace.append(f"  dropped [{code}]: not a CAMEO code")
                continue
            status = []
            if event.negated:
                status.append(f"negated ({cand.negated})")
            if event.hypothetical:
                status.append(f"hypothetical ({cand.hypothetical})")
            if attribution:
                status.append(f"attributed to {attribution!r}")
            if confidence < CONFIDENCE_THRESHOLD:
                trace.append(f"  dropped {src.actor.code}->{event.target.code if event.target else None} [{code}]: confidence {confidence:.2f} below {CONFIDENCE_THRESHOLD}")
                continue
            trace.append(f"  EVENT {src.actor.name}[{src.actor.code}] -> {event.target.name if event.target else None}[{event.target.code if event.target else None}] {code} conf={confidence:.2f}" + (" " + "; ".join(status) if status else ""))
            events.append(event)
        return events

    def table_no_target(self, cand: Candidate) -> bool:
        """Intent codes (03x, 13x) of a targetless row stay targetless ("vowed to resign")."""
        return False

    def _speaker(self, cand: Candidate) -> Optional[tuple[str, Optional[Actor]]]:
        if cand.speaker_i is None:
            return None
        head = self.doc[cand.speaker_i]
        subjects = syntax.own_subjects(head)
        if not subjects:
            return None
        subj = subjects[0]
        name = self.doc[subj.left_edge.i: subj.right_edge.i + 1].text
        resolved = self.lookup.resolve(subj)
        return name, (resolved[0].actor if resolved else None)

    def _event(self, sent, cand: Candidate, source: Actor, target: Optional[Actor], code: str,
               confidence: float, attribution: Optional[str]) -> Optional[Event]:
        try:
            info = ontology.code(code)
        except KeyError:
            return None
        tok = self.doc[cand.predicate_i]
        plover = ontology.plover(code)
        return Event(
            sentence=sent.text, start=sent.start_char, end=sent.end_char,
            source=source, target=target, cameo_code=code, cameo_root=info.root,
            quad_class=info.quad_class, goldstein=info.goldstein,
            plover={"event": plover.get("event"), "mode": plover.get("mode")},
            negated=cand.negated is not None, hypothetical=cand.hypothetical is not None,
            attribution=attribution, coder=CODER_NAME, trigger=tok.text,
            pattern=cand.match.pattern.describe(), confidence=round(confidence, 2),
            _predicate_i=cand.predicate_i)


def _domestic(source: Resolved, target: Resolved) -> Resolved:
    """A target known only by its role ("parliament", "civilians", "the police") is taken to be
    in the source's country, as CAMEO coders do for domestic events; IGOs and NGOs excepted."""
    t = target.actor
    if t.country or not source.actor.country or (t.code or "").startswith(("IGO", "NGO")):
        return target
    if t.agent in ("IGO", "NGO", "MNC") or not t.agent or (t.code and t.code != t.agent):
        return target  # a named group without country (an ethnic code, a movement) stays as it is
    code = source.actor.country + (t.agent or "")
    actor = Actor(t.name, code, source.actor.country, t.agent, t.role)
    return Resolved(actor, target.how + "+domestic", target.token_i)


def _same_actor(a: Optional[Actor], b: Optional[Actor]) -> bool:
    if a is None or b is None:
        return False
    if a.code and b.code:
        return a.code == b.code
    return a.name == b.name
