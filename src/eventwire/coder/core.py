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
from .patterns import Match, Pattern, PatternTable, lemma_candidates, objects_of

LOGGER = logging.getLogger(__name__)

CODER_NAME = "eventwire.rules.v2"
CONFIDENCE_THRESHOLD = 0.5
REFERENCE_PENALTY = 0.1

# verbs that take an event noun as object and mean "do it" ("held talks", "launched strikes")
LIGHT_VERBS = {"hold", "launch", "conduct", "carry", "stage", "begin", "start", "make", "pay",
               "issue", "mount", "continue", "resume", "unleash", "step", "undertake", "wage",
               "open", "host", "have", "deliver", "impose", "announce", "fire", "order", "level",
               "express", "voice", "lodge", "file", "join", "reiterate", "renew", "repeat",
               "echo", "make"}

# intransitive verbs that say an event noun happened ("clashes erupted", "fighting broke out",
# "talks took place"): the noun is the predicate, its own phrases hold the actors
OCCURRENCE_VERBS = {"erupt", "break", "take", "continue", "begin", "resume", "occur", "start",
                    "escalate", "intensify", "rage", "flare", "happen", "proceed", "go", "end",
                    "conclude", "persist"}
# prepositions of a subject event noun that name its parties ("fighting between X and Y")
PARTY_PREPS = ("between", "among")

# prepositions on an object / event noun that name its addressee ("support for X",
# "criticism of X", "accusations by X", "mediation by X")
OBJECT_NOUN_PREPS = ("of", "by", "for")
# prepositions the target search follows two levels into an object noun
# ("welcomed the resumption of ties with X", "called for an end to attacks on X")
NESTED_PREPS = ("of", "with", "between", "to", "against", "toward", "towards", "on", "for", "by")

# intent verbs: complement code -> intent code by the complement's code prefix (first match)
INTENT_MAP = [("0841", "0353"), ("085", "0354"), ("081", "0351"), ("086", "0355"),
              ("087", "0356"), ("08", "035"), ("061", "0311"), ("062", "0312"),
              ("063", "0313"), ("064", "0314"), ("06", "031"), ("071", "0331"),
              ("072", "0332"), ("073", "0333"), ("074", "0334"), ("07", "033"),
              ("057", "0311"), ("05", "032"), ("04", "036"), ("03", ""), ("163", "1312"),
              ("161", "1313"), ("162", "1311"), ("164", "134"), ("166", "136"), ("16", "131"),
              ("173", "137"), ("175", "137"), ("17", "132"), ("14", "133"), ("15", "138"),
              ("18", "138"), ("19", "138"), ("20", "138"), ("13", ""),
              # "will sue / press charges": a threat of legal action
              ("115", "130")]
REFUSE_MAP = [("04", "125"), ("06", "121"), ("07", "122"), ("0841", "1243"), ("085", "1244"),
              ("087", "1246"), ("08", "124"), ("05", "120"), ("03", "120")]
# "X said Y attacked Z" is X accusing Y (112) when Y's act is material conflict; the speech verbs
# that assert (not "deny", "confirm": a speaker confirming is usually the actor itself)
ACCUSING_SPEECH = {"say", "claim", "allege", "charge", "warn", "note", "add", "state", "insist",
                   "assert", "tell", "write", "argue"}
ACCUSED_ROOTS = {"15", "16", "17", "18", "19", "20"}
# roots of the attack nouns whose modifier names the attacker in an agentless passive
ATTACK_ROOTS = {"18", "19", "20"}
THREAT_MAP = [(p, c) for p, c in INTENT_MAP if p[:2] >= "13"]
# modals of an act threatened on a condition ("X may cut aid if Y ...")
CONDITIONAL_THREAT_AUX = {"may", "might", "could", "would", "can"}
# auxiliaries that put an act in the future: "X will visit Y" is X's stated intent (03x / 13x)
FUTURE_AUX = {"will", "'ll", "shall", "wo"}
# "X said it would visit Y": reported future, the same intent ("would" is no condition here)
REPORTED_FUTURE_AUX = {"would", "'d"}
# a targetless event ranks below one with a target (PLOVER keeps the most confident per sentence)
NO_TARGET_PENALTY = 0.05
# what kills or destroys without anyone's act
NON_AGENT_NOUNS = {"crash", "accident", "collision", "earthquake", "quake", "flood", "flooding",
                   "storm", "hurricane", "typhoon", "cyclone", "tsunami", "landslide", "avalanche",
                   "wildfire", "fire", "blaze", "disease", "illness", "epidemic", "outbreak",
                   "heatwave", "drought", "famine", "derailment", "stampede"}
# documents that speak for whoever issued them ("a report released by X said ...")
DOCUMENT_NOUNS = {"report", "statement", "study", "document", "letter", "communique",
                  "communiqué", "declaration", "dossier", "memo", "memorandum", "survey", "analysis",
                  "assessment", "bulletin", "release", "note", "paper"}
# measures a government takes over its own country ("declared martial law", "imposed a curfew",
# "lifted the state of emergency"): the country is their target when the clause names none
DOMESTIC_CODES = {"1721", "1723", "1724", "0811", "0813", "0814"}
# measures taken in a place ("lifted the curfew in Mombasa", "deployed troops in X"): the
# source's own place named as the target leaves the measure without one, not unsaid
PLACE_MEASURE_ROOTS = {"08", "15", "17"}
# roots whose acts need no named target when the clause names none (see table_no_target)
NO_TARGET_ROOTS = {"08"}
# a predicate in a subordinate clause ("staged a rally to demand reforms", "troops, who
# attacked ...") ranks below the main clause's; a speech verb ranks below the act it reports.
# The penalties count against CONFIDENCE_THRESHOLD too: a mined row in a subordinate clause
# with a pronoun argument (0.6 - 0.1 - 0.05) is dropped (measured: dev precision 0.366 -> 0.388)
SUBORDINATE_PENALTY = 0.05
SUBORDINATE_DEPS = {"advcl", "xcomp", "acl", "relcl", "pcomp"}
SPEECH_PENALTY = 0.05
# modals of obligation in a content clause: "X said Y must / should do Z" is X appealing to Y
OBLIGATION_AUX = {"must", "should", "ought"}
APPEAL_CODE = "020"
BLAME_CODE = "112"
PRAISE_CODE = "051"
# word classes of core.yaml that make a reported claim about its subject an event (first wins)
CLAIM_CODES = (("@blame", BLAME_CODE), ("@praise", PRAISE_CODE))
COMPLAINT_CODE = "111"
# content verbs of a warning that announce consequences, not facts ("Y risk becoming targets")
THREAT_CONTENT_VERBS = {"risk", "face", "pay", "regret", "suffer", "bear", "meet", "go", "be"}
# a government's orders to these of its own country are internal commands, not demands (10x)
OWN_FORCES = {"MIL", "COP", "SPY"}
# generic force by non-state armed groups against civilians, places or states is 180
GENERIC_FORCE = "190"
UNCONVENTIONAL_FORCE = "180"
NON_STATE_ARMED = {"REB", "RAD", "CRM", "UAF", "INS"}
ARMED_AGENTS = {"MIL", "COP", "REB", "SPY", "UAF"}
# targets that are the victims of violence, whose country is where it happened
VICTIM_AGENTS = {"CVL", "MED", "REF", "EDU", "HLH", "PPL"}
PLACE_PREPS = ("in", "near", "at", "outside")
# a protest held abroad targets the host country (measured: PETR2 recall 0.463 -> 0.487)
PROTEST_ROOT = "14"
# claims about these are reports of what befell them, not accusations
UNBLAMED_AGENTS = {"CVL", "REF", "MED", "EDU", "HLH"}
THREAT_CODE = "130"
DEMAND_CODE = "100"
# speech verbs whose reported obligation is a demand (the reporter says so), not an appeal
DEMANDING_SPEECH = {"demand", "insist"}
# nouns reporting an obligation put on someone ("a reminder that Y must ...", "its demand that Y ...")
OBLIGATION_NOUNS = {"reminder", "demand", "call", "declaration", "statement", "warning", "insistence",
                    "appeal", "message", "ultimatum"}
DEMANDING_NOUNS = {"demand", "insistence", "ultimatum"}
# "X wants Y to do Z": wishing verbs with an object that is the complement's subject appeal to it
WISHING_VERBS = {"want", "wish", "need", "expect", "like", "prefer"}
# verbs that report a view besides the speech verbs ("declared", "reiterated", "concluded")
OBLIGATION_SPEECH = syntax.SPEECH_LEMMAS | {"declare", "reiterate", "demand", "repeat", "maintain",
                                           "urge", "feel", "emphasize", "emphasise", "underline"}


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
    # "X and Y agreed to exchange information": with no target, the sources act on each other
    mutual: bool = False
    reverse_code: str = ""
    negated: Optional[str] = None
    hypothetical: Optional[str] = None
    attribution: Optional[str] = None
    speaker_i: Optional[int] = None
    ignore_aux: frozenset = frozenset()  # auxiliaries folded into the code ("will" -> intent)
    rank_penalty: float = 0.0  # confidence taken off for ranking (subordinate clause, speech verb)
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
            if tok.dep_ == "prep":
                continue  # a verb form used as a preposition: "according to", "including"
            if syntax.is_predicate_head(tok) or tok.pos_ == "VERB":
                found = self.table.match(tok)
            elif tok.pos_ in ("NOUN", "PROPN") and self._nominal_host(tok) is not None:
                found = self.table.match(tok, noun=True)
            else:
                continue
            if found:
                matches[tok.i] = found
        for i in sorted(matches):
            # a light verb hosting a coded event noun ("ordered a missile strike", "announced
            # sanctions") is that event: its own plain reading ("order" 100) is folded into it
            tok = self.doc[i]
            if not (matches[i][0].pattern.noun):
                continue
            host = self._nominal_host(tok)
            host_row = matches[host.i][0].pattern if host is not None and host.i in matches else None
            # a specific host row ("go on strike", "hold talks") keeps its own reading
            if host_row is not None and host.i < i and not (host_row.object or host_row.prep
                                                            or host_row.particle):
                consumed.add(host.i)
        for i in sorted(matches):
            # "went on strike": a row naming the noun of its preposition has read that noun
            best = matches[i][0]
            if best.prep_i is not None and best.pattern.prep_object:
                consumed.update(o.i for o in self.doc[best.prep_i].children
                                if o.dep_ in ("pobj", "pcomp") and o.i in matches and o.i != i)
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
        if noun.dep_ == "nsubj" and OCCURRENCE_VERBS.intersection(lemma_candidates(noun.head)) \
                and not any(c.dep_ == "dobj" for c in noun.head.children):
            return noun.head
        return None

    def _noun_subject_sources(self, noun) -> tuple[list, bool]:
        """Sources of an event noun that is its clause's subject ("talks between X and Y were
        held", "Israeli strikes continued"): (tokens, symmetric). The parties of a "between"
        phrase act on each other; else the "by" agent; else the noun itself, whose possessor
        or modifier names the actor."""
        parties = [o for _, o in syntax.prep_objects(noun, PARTY_PREPS)]
        if parties:
            # one party phrase may name both sides ("between Indian and Chinese troops")
            return parties, True
        agents = syntax.by_objects(noun)
        return (agents or [noun]), False

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
        appeal_to = None
        wished = next((c for c in tok.children if c.dep_ in ("xcomp", "ccomp")), None)
        controller = next((c for c in tok.children if c.dep_ == "dobj"), None)
        if controller is None and wished is not None and not any(
                c.dep_ == "mark" for c in wished.children):
            controller = next(iter(syntax.own_subjects(wished)), None)  # "wants Y to ..." parsed as Y's clause
        if p.intent and p.lemma in WISHING_VERBS and controller is not None and wished is not None:
            # "X wants Y to attack Z": X appeals to Y; Y's act stays a wish (hypothetical)
            code = APPEAL_CODE
            notes.append(f"'{tok.text}' + object + infinitive -> appeal {code}")
            p = Pattern(id=f"{p.id}-object", lemma=p.lemma, code=code, source=p.source)
            match = Match(p)
            appeal_to = controller
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
        future = None
        refused = False
        not_yet = None
        if p.speech and self._future_aux(tok) is not None:
            not_yet = "future speech act"  # "will announce": nothing said yet
        if not (p.intent or p.refuse or p.speech):
            verb = tok if not p.noun else clause
            future = self._future_aux(verb) or self._conditional_threat_aux(verb, code)
            if future is not None:
                mapped, kind = self._future_code(verb, code)
                if mapped is not None:
                    notes.append(f"future '{future.text}': [{code}] -> {kind} {mapped}")
                    code = mapped
                    refused = kind == "refusal"
                else:
                    # an act still to come that is no stated intent ("will announce", "would
                    # come back if ..."): not a fact
                    not_yet = f"future '{future.text}' ({kind})"
                    future = None
        sources = syntax.subjects(clause)
        party_symmetric = False
        if p.noun and tok.dep_ in ("nsubj", "nsubjpass") and clause is not None and tok.head.i == clause.i:
            sources, party_symmetric = self._noun_subject_sources(tok)
            notes.append("event noun is the subject")
        elif not sources and tok.tag_ == "VBG" and tok.dep_ in ("nsubj", "csubj"):
            # a gerund subject ("Fighting between X and Y broke out")
            sources, party_symmetric = self._noun_subject_sources(tok)
            notes.append("gerund subject")
        elif not sources and match.object_i is not None and self.doc[match.object_i].dep_ == "nsubjpass":
            # "talks between X and Y were held": the passive subject names the parties
            sources, party_symmetric = self._noun_subject_sources(self.doc[match.object_i])
            notes.append("agentless passive: parties from the event noun")
        if not sources and not p.noun and syntax.is_passive(tok):
            sources = self._instrument_sources(tok)
            if sources:
                notes.append("agentless passive: source from the attack noun")
        sources = self._speaker_pronouns(tok if not p.noun else clause, sources)
        # "victims killed by the crash": an accident or a disaster is nobody's act
        sources = [t for t in self._attack_noun_agents(sources) if t.lemma_.lower() not in NON_AGENT_NOUNS]
        if p.speech or code[:2] in ("01", "11"):
            sources = self._document_authors(sources)
        if code[:2] in ATTACK_ROOTS and not p.noun and syntax.is_passive(tok) and not syntax.agents(tok):
            # "rockets were fired from Lebanon": the place an attack came from is its source
            origins = [o for _, o in syntax.prep_objects(tok, ("from",))]
            if origins:
                sources = list(sources) + origins
                notes.append("agentless passive: source from the place the attack came from")
        target_groups = self._targets(complement if (complement is not None and complement.i in consumed) else tok,
                                      match, clause if not p.noun else tok)
        if complement is not None and complement.i not in consumed:
            # an intent verb with an uncoded complement ("vowed to stand with X"): its objects
            target_groups += self._targets(complement, Match(p), complement)
        if match.pattern.inverse:
            givers = [o for _, o in syntax.prep_objects(tok, ("from",))]
            if not givers and match.object_i is not None:  # "received assurances from Y"
                givers = [o for _, o in syntax.prep_objects(self.doc[match.object_i], ("from",))]
            if not givers:
                trace.append("  dropped: an inverse row without its 'from' party")
                return None
            sources, target_groups = givers, [sources]
        if appeal_to is not None:
            target_groups = [[appeal_to] + [c for c in appeal_to.conjuncts if c.i > appeal_to.i]]
        if p.noun:
            target_groups += [[o for _, o in syntax.prep_objects(tok, OBJECT_NOUN_PREPS)]]
            # "a suspension of flights to X": the addressee two phrases down the event noun
            target_groups += [syntax.nested_prep_objects(tok, NESTED_PREPS)]
            if clause is not None:
                target_groups += [[o for _, o in syntax.prep_objects(clause, p.targets)]]
        if code[:2] in ATTACK_ROOTS:
            # "a strike against a factory in Khartoum": the place of an attacked object is the target
            target_groups.append([o for g in target_groups for t in g
                                  for _, o in syntax.prep_objects(t, ("in",))])
        # a prepositional phrase fronted before the subject ("At a UN meeting, X denied ...")
        # sets the scene: it is never the target
        first = min([t.i for t in sources] + [tok.i])
        target_groups = [[o for o in g if not syntax.fronted_adjunct(o, first)] for g in target_groups]
        target_groups = [g for g in target_groups if g]
        if p.speech and code[:2] == "13":
            code = self._warning_code(tok, code, notes)
        if p.speech and code == "010" and not target_groups:
            trace.append("  dropped: plain statement without an addressee")
            return None
        if party_symmetric:
            target_groups = []  # "between X and Y": each party is the other's target
        # "X vowed to fight Y" / "X agreed to lift sanctions on Y" is X's stance alone: a folded
        # complement is one-way, whatever its own row says ("X and Y agreed to meet" stays mutual)
        folded = complement is not None and complement.i in consumed
        cand = Candidate(tok.i, match, code, sources, target_groups,
                         symmetric=party_symmetric or (not folded and (match.pattern.symmetric or p.symmetric)),
                         mutual=p.symmetric or match.pattern.symmetric,
                         # the other side's part of a future act ("will visit": host) is not stated
                         reverse_code="" if future is not None else match.pattern.reverse_code,
                         notes=notes,
                         ignore_aux=frozenset({future.i}) if future is not None else frozenset())
        cand.rank_penalty = self._rank_penalty(tok if not p.noun else clause, p, consumed)
        # "X will not accept Y" is X's refusal: the negation is folded into the code
        cand.negated = None if refused else syntax.negated(tok if not p.noun else clause)
        cand.hypothetical = syntax.hypothetical(tok if not p.noun else clause, frozenset(consumed),
                                                cand.ignore_aux) or not_yet
        heads = syntax.speech_heads(tok if not p.noun else clause)
        if heads:
            cand.speaker_i = heads[0].i
        trace.append(
            "  arguments: source=" + ",".join(_describe_token(t) for t in sources) +
            " target=" + " | ".join(",".join(_describe_token(t) for t in g) for g in target_groups) +
            (f" ({'; '.join(notes)})" if notes else ""))
        return cand

    def _future_aux(self, verb):
        """The auxiliary that makes ``verb`` a future act, else None: "will" / "shall", or
        "would" in the content clause of a speech verb ("X said it would ..."), never under
        a condition ("if ...")."""
        if any(c.dep_ == "mark" and c.lower_ in syntax.CONDITIONAL_MARKS for c in verb.children):
            return None
        for child in verb.children:
            if child.dep_ != "aux":
                continue
            if child.lower_ in FUTURE_AUX:
                return child
            if child.lower_ in REPORTED_FUTURE_AUX and verb.dep_ == "ccomp" \
                    and verb.head.lemma_.lower() in syntax.SPEECH_LEMMAS:
                return child
        return None

    @staticmethod
    def _conditional_threat_aux(verb, code: str):
        """"X may / could halt Y's aid if Y ...": a conflictual act made conditional on the
        other side's conduct is a threat, not a mere possibility; the modal, else None."""
        if code[:2] < "11" or code[:2] == PROTEST_ROOT:
            return None
        if not syntax.clause_marks(verb) & {"if", "unless"}:
            return None
        return next((c for c in verb.children if c.dep_ == "aux" and c.lower_ in CONDITIONAL_THREAT_AUX), None)

    def _instrument_sources(self, verb) -> list:
        """"were killed in Israeli shelling", "died in an air strike by government forces": an
        agentless passive whose "in" / "by" phrase is an attack noun (a table row of roots
        18-20) takes that noun's "by" agent, else the noun (its possessor or modifier)."""
        for prep in verb.children:
            if prep.dep_ not in ("prep", "agent") or prep.lower_ not in ("in", "by", "during"):
                continue
            for noun in prep.children:
                if noun.dep_ != "pobj":
                    continue
                # a gerund the tagger reads as a verb ("in Israeli shelling") is looked up as one
                found = self.table.match(noun, noun=noun.pos_ != "VERB")
                if found and found[0].pattern.code[:2] in ATTACK_ROOTS:
                    return syntax.by_objects(noun) or [noun]
                # the parser splits "in Israeli tank shelling" into an object ("Israeli tank")
                # and a gerund clause ("shelling"): the gerund is the attack, the object its owner
                after = noun.nbor(1) if noun.i + 1 < len(noun.doc) else None
                if after is not None and after.tag_ == "VBG" and after.head.i == verb.i \
                        and not syntax.own_subjects(after):
                    found = self.table.match(after, noun=True) or self.table.match(after)
                    if found and found[0].pattern.code[:2] in ATTACK_ROOTS:
                        return [noun]
        return []

    def _speaker_pronouns(self, verb, sources: list) -> list:
        """"X said (that) it / he would ...": the pronoun subject of a reported clause is its
        speaker when they agree (he / she for a person, it / they for a state, a group or an
        office), not the nearest actor named before it ("... after it joins the court at The
        Hague, it will press charges")."""
        if verb is None or not any(t.pos_ == "PRON" for t in sources):
            return sources
        heads = syntax.speech_heads(verb)
        speakers = [t for t in syntax.own_subjects(heads[0]) if t.pos_ != "PRON"] if heads else []
        mention = self.lookup.by_token.get(speakers[0].i) if speakers else None
        if mention is None:
            return sources
        person = mention.kind == "person"
        out: list = []
        for t in sources:
            agrees = (t.lower_ in ("he", "she") and person) or (t.lower_ in ("it", "they") and not person)
            out.extend(speakers if t.pos_ == "PRON" and agrees else [t])
        return out

    def _attack_noun_agents(self, sources: list) -> list:
        """Sources with the agents of the attack nouns among them: "an attack that killed
        two people" acts through whoever made the attack, named by its "by" phrase or, for an
        attack in an adjunct ("X used missiles during an attack that ..."), the clause's
        subject. The noun stays (its modifiers may name the attacker: "an Israeli strike")."""
        out = list(sources)
        for noun in sources:
            if not self._is_attack_noun(noun):
                continue
            agents = syntax.by_objects(noun)
            prep = noun.head
            if noun.dep_ == "pobj" and prep.dep_ == "prep" and prep.lower_ in ("during", "in", "with"):
                agents += syntax.own_subjects(prep.head)
            if agents:  # the named agents replace the noun ("a drone attack" is no actor)
                out = [t for t in out if t.i != noun.i] + agents
        return out

    def _is_attack_noun(self, token) -> bool:
        if token.pos_ not in ("NOUN", "PROPN"):
            return False
        found = self.table.match(token, noun=True)
        return bool(found) and found[0].pattern.code[:2] in ATTACK_ROOTS

    def _document_authors(self, sources: list) -> list:
        """Sources with the authors of the documents among them: "a report released by X
        alleged ...", "a statement issued in Kigali said ...". A document speaks for whoever
        issued it: the "by" agent of its participle, else the place it was issued in. The
        noun stays (its own modifiers may name the author: "a UN report")."""
        out = list(sources)
        for noun in sources:
            if noun.lemma_.lower() not in DOCUMENT_NOUNS:
                continue
            for acl in (c for c in noun.children if c.dep_ == "acl" and c.tag_ == "VBN"):
                authors = syntax.by_objects(acl) or [o for _, o in syntax.prep_objects(acl, ("in", "from"))]
                out += authors
        return out

    def _warning_code(self, verb, code: str, notes: list[str]) -> str:
        """"X warned that Y is doing Z" (a present or past fact about another actor) accuses Y
        (112); a warning of what will or may happen ("warned that Y risk becoming targets",
        "warned Y would face ...") stays a threat."""
        content = next((c for c in verb.children if c.dep_ == "ccomp"), None)
        if content is None:
            return code
        if any(c.dep_ == "aux" and (c.lower_ in FUTURE_AUX or c.lower_ in syntax.MODAL_HYPOTHETICAL)
               for c in content.children):
            return code
        if not syntax.own_subjects(content):
            lacking = syntax.negated(content) or any(
                c.dep_ == "attr" and any(d.dep_ == "det" and d.lower_ == "no" for d in c.children)
                for c in content.children)
            if any(c.dep_ == "expl" for c in content.children) and content.lemma_.lower() == "be" and lacking:
                # "warned X that there has not been enough ...": a complaint about what is lacking
                notes.append(f"warning states a fact ('{content.text}') -> {COMPLAINT_CODE}")
                return COMPLAINT_CODE
            return code
        if content.lemma_.lower() in THREAT_CONTENT_VERBS or content.pos_ not in ("VERB", "AUX"):
            return code
        notes.append(f"warning states a fact about its subject ('{content.text}') -> {BLAME_CODE}")
        return BLAME_CODE

    def _rank_penalty(self, verb, pattern: Pattern, consumed) -> float:
        """Confidence taken off an event so that the sentence's main act ranks first: a
        predicate in a subordinate clause (unless an intent verb folded it into its code), and
        a speech verb (the act it reports ranks above it)."""
        penalty = 0.0
        if verb.dep_ in SUBORDINATE_DEPS:
            penalty += SUBORDINATE_PENALTY
        if pattern.speech:
            penalty += SPEECH_PENALTY
        return penalty

    def _future_code(self, verb, code: str) -> tuple[Optional[str], str]:
        """The code of a future act: (code, kind), kind one of intent / threat / refusal.

        "will not VERB" is a refusal (REFUSE_MAP; conflict codes stay negated, not coded);
        "will VERB ... unless Y", and a conflictual act "will VERB ... if Y", is a threat
        (THREAT_MAP, else 130); an indirect question ("how X will ...") is none; otherwise the
        stated intent (INTENT_MAP), a conditional offer included ("would meet Y if ...", as
        the CAMEO codebook codes it).
        """
        if any(c.dep_ == "neg" for c in verb.children):
            return _mapped(code, REFUSE_MAP), "refusal"
        marks = syntax.clause_marks(verb)
        if "unless" in marks or ("if" in marks and code[:2] >= "11"):
            return _mapped(code, THREAT_MAP) or THREAT_CODE, "threat"
        if any(c.tag_ == "WRB" or c.lower_ == "whether" for c in verb.children):
            return None, "question"  # "how X will negotiate with Y"
        mapped = _mapped(code, INTENT_MAP)
        return (mapped or code if mapped is not None else None), "intent"

    def _complement(self, tok, matches):
        for child in tok.children:
            # the parser reads some "to" complements as adverbial clauses ("have sworn to fight")
            if (child.dep_ in ("xcomp", "ccomp") or syntax.infinitival(child)) and child.i in matches:
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
        if p.code == "010" and match.object_i is None and match.prep_i is None:
            # a plain statement is addressed to someone: "told X", "said to X"; the phrases
            # of what was said ("announced a day of mourning for the victims") name no addressee
            addressees = [c for c in tok.children if c.dep_ in ("dobj", "dative")]
            return [g for g in (addressees, [o for _, o in syntax.prep_objects(tok, ("to",))]) if g]
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
            if syntax.stative_passive(tok):
                # "X is opposed to Y's plan": X holds the stance, the "to" phrase names the target
                objs = syntax.stance_objects(tok)
            patient = syntax.passive_participle_head(tok)
            if patient is not None and not objs:
                objs = [patient]  # "an Israeli plan criticized by X": the plan (its owner)
            # "condemned the killing of civilians by X": the doer of the object act comes first
            groups.append([o for obj in objs if obj.pos_ == "NOUN" for _, o in syntax.prep_objects(obj, ("by",))])
            groups.append(objs + [c for c in tok.children if c.dep_ == "dative"])
            groups.append([o for _, o in syntax.prep_objects(tok, p.targets)])
            groups.append([o for obj in objs for _, o in syntax.prep_objects(obj, p.targets + OBJECT_NOUN_PREPS)])
        # "welcomed the resumption of ties with X": the addressee sits deeper in the object
        heads = [self.doc[match.object_i]] if match.object_i is not None else (
            syntax.stance_objects(tok) if syntax.stative_passive(tok) else
            syntax.passive_subjects(tok) if syntax.is_passive(tok) else objects_of(tok))
        groups.append([o for h in heads for o in syntax.nested_prep_objects(h, NESTED_PREPS)])
        # "reaffirmed the nature of the U.S. alliance with South Korea": one phrase deeper
        groups.append([o for h in heads for o in syntax.nested_prep_objects(h, NESTED_PREPS, depth=3)])
        content = next((c for c in tok.children if c.dep_ == "ccomp"), None)
        if content is not None and p.code != "010":
            # "demanded that China release ...", "warned that X risk ...": the content's subject
            groups.append(syntax.own_subjects(content) or syntax.passive_subjects(content))
        return [g for g in groups if g]

    # ------------------------------------------------------------------ events
    def events(self, sent, trace: list[str]) -> list[Event]:
        out: list[Event] = []
        coded: set[int] = set()  # predicates that gave an attack event
        for cand in self.candidates(sent, trace):
            if self._result_of_coded_attack(cand, coded):
                trace.append(f"  dropped [{cand.code}] '{self.doc[cand.predicate_i].text}': the result or "
                             "means of the attack it hangs on, coded there")
                continue
            found = self._events_from(cand, sent, trace)
            if any(e.cameo_root in ATTACK_ROOTS for e in found):
                coded.add(cand.predicate_i)
            out.extend(found)
            out.extend(self._reported_accusations(cand, found, out, sent, trace))
        for cand in self._blame_claims(sent, trace):
            found = [e for e in self._events_from(cand, sent, trace)
                     if e.target is not None and e.source.agent != "MED"
                     and e.target.agent not in UNBLAMED_AGENTS
                     and not any(o.cameo_root == "11" and _same_actor(o.source, e.source)
                                and _same_actor(o.target, e.target) for o in out)]
            # a warning whose content blames its subject is an accusation, not a threat
            out = [o for o in out if not any(o._predicate_i == e._predicate_i and o.cameo_root == "13"
                                             and e.cameo_code == BLAME_CODE
                                             and _same_actor(o.target, e.target) for e in found)]
            out.extend(found)
        for cand in self._obligations(sent, trace):
            found = self._events_from(cand, sent, trace)
            out.extend(e for e in found if not any(
                o._predicate_i == e._predicate_i and _same_actor(o.target, e.target) for o in out))
        return out

    def _result_of_coded_attack(self, cand: Candidate, coded: set[int]) -> bool:
        """"X shelled the town, killing five people", "X killed a reporter by firing shells":
        a participle of an attack that gave an event states its result or means, not a second
        attack. Its own event stands when the attack it hangs on was not coded."""
        if cand.code[:2] not in ATTACK_ROOTS:
            return False
        verb = self.doc[cand.predicate_i]
        head = verb.head
        if verb.tag_ != "VBG" or verb.dep_ not in ("advcl", "pcomp", "conj") or syntax.own_subjects(verb):
            return False
        if verb.dep_ == "pcomp":  # "by firing": the preposition hangs on the attack verb
            if head.lower_ != "by":
                return False
            head = head.head
        return head.i in coded and head.i != verb.i

    def _speech_contents(self, sent) -> list[tuple]:
        """(speech verb, content clause head) pairs of a sentence: "X said (that) S" (S is the
        verb's ccomp) and "S, X said" (the verb hangs on S's head as parataxis / ccomp)."""
        out = []
        for verb in sent:
            if verb.lemma_.lower() not in ACCUSING_SPEECH or verb.pos_ not in ("VERB", "AUX"):
                continue
            for c in verb.children:
                if c.dep_ == "ccomp":
                    out.append((verb, c))
            if verb.dep_ in ("parataxis", "ccomp") and verb.head.i < verb.i and syntax.own_subjects(verb):
                out.append((verb, verb.head))
        return out

    def _blame_claims(self, sent, trace: list[str]) -> list[Candidate]:
        """"X said / warned that Y is responsible for ...": X accuses Y (112) when the claim
        about Y holds a word of blame (the ``blame`` class of core.yaml). Y is the claim's
        subject (an act's owner: "Y's declaration caused chaos"); the speaker is the verb's
        subject (or the quoted speaker)."""
        out: list[Candidate] = []
        for verb, content in self._speech_contents(sent):
            out.extend(self._claims_of(verb, content, trace))
        return out

    def _claims_of(self, verb, content, trace: list[str]) -> list[Candidate]:
        """The claim candidate of one speech verb and its content, if any (see ``_blame_claims``)."""
        if syntax.negated(verb) or syntax.hypothetical(verb):
            return []
        # the one blamed acts in the claim: a passive subject ("people were killed") is a victim
        targets = syntax.own_subjects(content)
        sources = syntax.subjects(verb)
        if not targets or not sources:
            return []
        claim = self._claim_core(content, targets)
        for word_class, claim_code in CLAIM_CODES:
            words_of_class = self.table.words(word_class, "core")
            words = [t for t in claim
                     if (t.lemma_.lower() in words_of_class or t.lower_ in words_of_class) and t.pos_ != "PROPN"]
            if not words:
                continue
            kind = word_class[1:]
            if claim_code == PRAISE_CODE and words[0].dep_ == "amod":
                # "the wise leadership of Y": praise is for the one its noun names
                targets = [words[0].head] + targets
            pattern = Pattern(id=f"{kind}-claim", lemma=verb.lemma_.lower(), code=claim_code)
            cand = Candidate(verb.i, Match(pattern), claim_code, sources, [targets],
                             notes=[f"{kind} word '{words[0].text}' in the claim"])
            cand.rank_penalty = SPEECH_PENALTY
            trace.append(f"{kind} claim {_describe_token(verb)} '{words[0].text}' -> [{claim_code}]: source="
                         + ",".join(_describe_token(t) for t in sources)
                         + " target=" + ",".join(_describe_token(t) for t in targets))
            return [cand]  # one claim per speech verb: blame is checked first
        return []

    @staticmethod
    def _claim_core(content, subjects) -> list:
        """The words a claim says about its subject: the subject's own phrase ("Y's illegal
        declaration"), the predicate, its complements and adverbs ("is responsible", "caused
        chaos", "deliberately"); not words deep in adjuncts ("sought in a brutal slaying")."""
        out = [content]
        for subj in subjects:
            out.extend(subj.subtree)
        for child in content.children:
            if child.dep_ in ("acomp", "attr", "dobj", "advmod", "oprd", "xcomp"):
                out.extend(t for t in child.subtree if t.dep_ not in ("relcl", "acl") or t is child)
        return out

    def _obligations(self, sent, trace: list[str]) -> list[Candidate]:
        """"X said (that) Y must / should do Z": X appeals to Y (020), or demands (100) when the
        speech verb says so ("demanded", "insisted"). The target is the content clause's subject
        (active or passive); the reported act itself stays hypothetical."""
        out: list[Candidate] = []
        for verb in sent:
            lemma = verb.lemma_.lower()
            noun = verb.pos_ == "NOUN" and lemma in OBLIGATION_NOUNS
            if not noun and (lemma not in OBLIGATION_SPEECH or verb.pos_ not in ("VERB", "AUX")):
                continue
            for content in verb.children:
                if content.dep_ not in ("ccomp", "acl") or (content.dep_ == "acl" and not noun):
                    continue
                modal = next((c for c in content.children
                              if c.dep_ == "aux" and c.lower_ in OBLIGATION_AUX), None)
                if noun and modal is None and lemma in DEMANDING_NOUNS and any(
                        c.dep_ == "mark" and c.lower_ == "that" for c in content.children):
                    modal = next(c for c in content.children if c.dep_ == "mark")  # "demand that Y ease"
                if modal is None:
                    continue
                targets = syntax.own_subjects(content) or syntax.passive_subjects(content)
                # a noun's speaker is the subject of the verb it hangs on ("issued a reminder")
                sources = syntax.subjects(syntax.clause_head(verb.head) if noun else verb)
                if not targets or not sources:
                    continue
                demanding = lemma in (DEMANDING_NOUNS if noun else DEMANDING_SPEECH)
                code = DEMAND_CODE if demanding else APPEAL_CODE
                pattern = Pattern(id=f"obligation-{modal.lower_}", lemma=verb.lemma_.lower(), code=code)
                cand = Candidate(verb.i, Match(pattern), code, sources, [targets],
                                 notes=[f"'{modal.text}' in the content of '{verb.text}'"])
                cand.negated = syntax.negated(verb)
                cand.hypothetical = syntax.hypothetical(verb)
                heads = syntax.speech_heads(verb)
                cand.speaker_i = heads[0].i if heads else None
                trace.append(f"obligation {_describe_token(verb)} '{modal.text}' -> [{code}]: source="
                             + ",".join(_describe_token(t) for t in sources)
                             + " target=" + ",".join(_describe_token(t) for t in targets))
                out.append(cand)
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
        # a dateline's place ("GAZA CITY, Palestinian Territories: ...") is no argument; the
        # arguments of one call come from one sentence
        tokens = list(tokens)
        if tokens:
            start = syntax.dateline_end(tokens[0].sent)
            tokens = [t for t in tokens if t.i >= start]
        return self.lookup.resolve_all(tokens)

    def _events_from(self, cand: Candidate, sent, trace) -> list[Event]:
        sources = self._actors(cand.source_tokens)
        targets: list[Resolved] = []
        first: list[Resolved] = []
        source_countries = {r.actor.country for r in sources if r.actor.country}
        for group in cand.target_tokens:
            # an attack named as the target ("denounced a drone strike") stands for its maker
            # only when its own words name a country ("the Russian strikes")
            targets = self._actors(group)
            if all(self._is_attack_noun(t) for t in group):
                targets = [r for r in targets if r.actor.country]
            if not targets:
                continue
            first = first or targets
            # a phrase naming the source itself ("boycott all official contact with Y") is no
            # target when a later phrase names another actor
            if all(any(_same_actor(r.actor, s.actor) for s in sources) for r in targets):
                continue
            # "reaffirmed the U.S. alliance with South Korea" (a U.S. source): the source's own
            # country names whose act it is; a deeper phrase names the other side
            if source_countries and all(t.actor.country in source_countries and not t.actor.agent
                                        for t in targets):
                continue
            break
        else:
            targets = first
        trace.append("  actors: source=" + ", ".join(f"{r.actor.name}[{r.actor.code}] via {r.how}" for r in sources)
                     + " target=" + ", ".join(f"{r.actor.name}[{r.actor.code}] via {r.how}" for r in targets))
        if not sources:
            trace.append("  dropped: no source actor" + (" (source tokens unresolved)" if cand.source_tokens else " (no subject)"))
            return []
        pairs: list[tuple[Resolved, Optional[Resolved], str]] = []
        if not targets and (cand.symmetric or cand.mutual) and len(sources) > 1:
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
        elif cand.code[:2] == PROTEST_ROOT and (place := self._protest_place(cand, sources)) is not None:
            pairs = [(a, place, cand.code) for a in sources]
            trace.append("  target: the foreign country where the protest took place")
        elif cand.code in DOMESTIC_CODES and any(r.actor.country for r in sources):
            pairs = [(a, self._ruled_country(cand, a), cand.code) for a in sources if a.actor.country]
            trace.append("  target: the country the measure is imposed on")
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
                tgt = self._victims_country(cand, code, tgt) or _domestic(src, tgt)
            if code == "010" and (tgt is None or tgt.actor.agent == "MED" or not tgt.actor.country):
                trace.append(f"  dropped {src.actor.code}->{tgt.actor.name if tgt else None} [010]: plain statement to the press or nobody")
                continue
            if tgt is not None and code[:2] == "10" and tgt.actor.agent in OWN_FORCES \
                    and tgt.actor.country and tgt.actor.country == src.actor.country:
                trace.append(f"  dropped {src.actor.code}->{tgt.actor.code} [{code}]: an order to its own forces")
                continue
            if tgt is not None and _same_actor(src.actor, tgt.actor) and not (
                    code in DOMESTIC_CODES and tgt.how in ("domestic", "place")):  # "Iran declared martial law"
                if not (cand.match.pattern.no_target and code[:2] in PLACE_MEASURE_ROOTS):
                    trace.append(f"  dropped {src.actor.code}->{tgt.actor.code} [{code}]: same actor")
                    continue
                # "Kenya lifted the curfew in Mombasa": its own place is no target, the act stands
                trace.append(f"  {src.actor.code} [{code}]: its own place is no target; coded without one")
                tgt = None
            if not (src.actor.country or src.actor.code):
                trace.append(f"  dropped: source {src.actor.name} has no country or code")
                continue
            if not cand.symmetric:  # a clash is fought by both sides alike
                head = _phrase_head(self.doc[tgt.token_i]) if tgt is not None else None
                armed = head is not None and bool({head.lemma_.lower(), head.lower_} & (
                    self.table.words("@military", "core") | self.table.words("@police", "core")))
                code = code if armed else _unconventional(code, src.actor, tgt.actor if tgt else None)
            # coordinated doers of one country ("Blinken and Austin", "police and prosecutors")
            # act as one, as analysts count them; targets of one code are one target
            key = (src.actor.country or src.actor.code or src.actor.name,
                   (tgt.actor.code or tgt.actor.name) if tgt else None, code)
            if key in seen:
                continue
            seen.add(key)
            confidence = cand.match.pattern.confidence
            if src.indirect or (tgt is not None and tgt.indirect):
                confidence -= REFERENCE_PENALTY
            if tgt is None:
                confidence -= NO_TARGET_PENALTY
            confidence -= cand.rank_penalty
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

    def _ruled_country(self, cand: Candidate, source: Resolved) -> Resolved:
        """The country a domestic measure applies to: a country named as its place ("imposed
        a curfew in Kenya", "martial law in Seoul"), else the source's own."""
        verb = self.doc[cand.predicate_i]
        hosts = [verb] + ([verb.head] if verb.dep_ in ("dobj", "nsubjpass") else [])
        places = [o for h in hosts for _, o in syntax.prep_objects(h, ("in", "across", "throughout"))]
        for r in self._place_countries(places):
            return Resolved(_country_actor(r.actor.country), "place", r.token_i)
        return Resolved(_country_actor(source.actor.country), "domestic", source.token_i)

    def _place_countries(self, places):
        """The countries the place tokens name, in order: actors with a country and no agent
        ("in Kenya", "in the Russian town of X"); places naming no country are skipped."""
        for place in places:
            for r in self._actors([place]):
                if r.actor.country and not r.actor.agent:
                    yield r

    def _victims_country(self, cand: Candidate, code: str, target: Resolved) -> Optional[Resolved]:
        """Civilians, reporters or refugees harmed by violence (roots 18-20) without a country of
        their own take the country of the place where it happened ("killed a civilian in the
        Russian town of X"), not the attacker's; None when the clause names no place."""
        t = target.actor
        if t.country or t.agent not in VICTIM_AGENTS or code[:2] not in ATTACK_ROOTS:
            return None
        verb = self.doc[cand.predicate_i]
        # the place may hang on the verb, the victim, or the attack named beside the verb
        # ("killed in shelling in the east of Gaza")
        hosts = [verb, self.doc[target.token_i]]
        hosts += [c for c in verb.children if c.dep_ == "advcl" and c.tag_ == "VBG"]
        hosts += [o for _, o in syntax.prep_objects(verb, ("in", "during"))]
        places = [o for h in hosts for _, o in syntax.prep_objects(h, PLACE_PREPS)]
        if verb.dep_ == "relcl":  # "an attack on Kyiv that killed two people"
            places += [o for _, o in syntax.prep_objects(verb.head, PLACE_PREPS + ("on",))]
        # "in the east of X", "on the outskirts of X": the region's owner is the place
        places += [o for p in list(places) for _, o in syntax.prep_objects(p, ("of",))]
        attackers = {t.i for t in cand.source_tokens}  # "in Israeli shelling" names no place
        for r in self._place_countries(p for p in places if p.i not in attackers):
            actor = Actor(t.name, r.actor.country + t.agent, r.actor.country, t.agent, t.role)
            return Resolved(actor, target.how + "+place", target.token_i)
        return None

    def _protest_place(self, cand: Candidate, sources: list[Resolved]) -> Optional[Resolved]:
        """A protest without a named target held in a foreign country ("US activists staged a
        protest in Beijing") is aimed at that country; None when the place is the protesters'
        own country, has no country, or the clause names no place."""
        verb = self.doc[cand.predicate_i]
        heads = [verb] + [c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")]
        if verb.dep_ in ("dobj", "nsubjpass"):  # an event noun: "staged a protest in Beijing"
            heads.append(verb.head)
        own = {r.actor.country for r in sources}
        if None in own:
            return None
        places = [o for head in heads for _, o in syntax.prep_objects(head, PLACE_PREPS)]
        return next((r for r in self._place_countries(places) if r.actor.country not in own), None)

    def table_no_target(self, cand: Candidate) -> bool:
        """Rows without ``no_target`` need a target: a targetless stated intent ("agreed to
        set up a research centre") is no event between two actors (measured: it costs dev
        precision more than it gains PLOVER accuracy). A concession (08x: "eased the curfew",
        "released the prisoners", "resigned") is made whether or not the clause names to whom;
        when the clause names no target phrase at all it stands without one (measured: PETR2
        recall 0.45 -> 0.463, precision 0.514 -> 0.521, dev and PLOVER unchanged; roots 01,
        03, 14 and 15 were tried too and cost dev or PETR2 precision)."""
        return not cand.target_tokens and cand.code[:2] in NO_TARGET_ROOTS

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


def _country_actor(iso3: str) -> Actor:
    """The country itself as an actor (its common name from ISO 3166)."""
    import pycountry

    country = pycountry.countries.get(alpha_3=iso3)
    name = getattr(country, "common_name", None) or getattr(country, "name", None) or iso3
    return Actor(name, iso3, iso3, None, None)


def _phrase_head(token):
    """The noun a modifier belongs to ("Malian" -> "soldiers")."""
    t = token
    for _ in range(4):
        if t.dep_ not in ("amod", "compound", "nmod", "poss") or t.head.i == t.i:
            break
        t = t.head
    return t


def _unconventional(code: str, source: Actor, target: Optional[Actor]) -> str:
    """Generic force (190: "killed", "attacked") by a non-state armed group against anyone but
    armed forces is CAMEO's unconventional violence (180), as the codebook separates them."""
    if code != GENERIC_FORCE or source.agent not in NON_STATE_ARMED:
        return code
    if target is not None and target.agent in ARMED_AGENTS:
        return code
    return UNCONVENTIONAL_FORCE


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
        if a.code == b.code and _named_people(a, b):
            return False  # two different people of one government ("Lee said Yoon's ...")
        return a.code == b.code
    return a.name == b.name


def _named_people(a: Actor, b: Actor) -> bool:
    """Both actors are named persons (multi-word capitalised names, a role code such as
    ``KORGOV``) and the names share no word: different people, though coded alike."""
    if len(a.code or "") <= 3 or not a.name or not b.name:
        return False
    wa, wb = a.name.split(), b.name.split()
    if len(wa) < 2 or len(wb) < 2 or not all(w[:1].isupper() for w in wa + wb):
        return False
    return not set(wa) & set(wb)
