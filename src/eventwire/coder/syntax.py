"""Reading arguments and modality off the dependency tree (spaCy ClearNLP labels).

Every function takes spaCy Tokens and returns Tokens or flags; nothing here knows actors.
"""
from __future__ import annotations

from typing import Optional

SUBJ_DEPS = ("nsubj", "csubj", "expl")
PASSIVE_SUBJ_DEPS = ("nsubjpass", "csubjpass")
# verbs whose object is the subject of their infinitive ("urged China to talk")
OBJECT_CONTROL = {"urge", "ask", "order", "tell", "call", "persuade", "encourage", "press",
                  "force", "push", "invite", "allow", "help", "require", "request", "warn",
                  "instruct", "pressure", "compel", "authorize", "permit", "direct", "lobby"}
# verbs whose complement did not happen
NEGATING_HEADS = {"avoid", "fail", "refrain", "deny", "cease", "stop", "abandon", "forgo",
                  "neglect", "decline", "refuse", "reject", "halt", "omit"}
# heads whose complement is hypothetical or only wanted
HYPOTHETICAL_HEADS = {"risk", "want", "wish", "hope", "try", "attempt", "seek", "expect",
                      "consider", "mull", "weigh", "aim", "intend", "plan", "propose", "would",
                      "could", "may", "might", "threaten", "urge", "ask", "call", "demand",
                      "encourage", "press", "push", "order", "persuade", "need", "must",
                      "fear", "predict", "likely", "possible", "able", "willing", "ready",
                      "prepared", "vow", "pledge", "promise", "offer", "agree", "insist",
                      "request", "invite", "warn", "allow", "help", "decide", "prepare",
                      "expect", "likely", "unlikely", "refuse", "decline", "avoid", "fail",
                      "discuss", "dial",
                      # an allegation is not a fact: "accused of attacking", "suspected of spying"
                      "accuse", "suspect", "allege",
                      # pressed to act is not yet acting: "was pressured by X to help Y"
                      "pressure", "lobby"}
# nouns whose content clause is only wanted or proposed ("the demand that Y release ...")
HYPOTHETICAL_NOUNS = {"demand", "call", "appeal", "plan", "proposal", "offer", "threat", "hope",
                      "request", "ultimatum", "reminder", "insistence", "bid", "attempt", "effort",
                      "permission", "authorization", "authorisation", "pressure", "invitation"}
# participles read as states of their subject, not acts done to it: "X is committed to Y",
# "X is opposed to Y", "X was engaged in fighting" (X commits, opposes, fights), when no "by"
# agent names another doer; each with the preposition that carries the stance's object
STATIVE_PASSIVES = {"commit": ("to",), "oppose": ("to",), "determine": ("to",), "dedicate": ("to",),
                    "resolve": ("to",), "devote": ("to",), "dispose": ("to",), "incline": ("to",),
                    "pledge": ("to",), "engage": ("in",), "involve": ("in",)}
# feelings: "X was alarmed by / concerned about / angered at Y's move" is X's reaction to Y;
# a "by" phrase names what caused the feeling, not a doer
FEELING_PREPS = ("about", "over", "by", "at", "with")
FEELING_PASSIVES = {"concern", "worry", "alarm", "trouble", "disturb", "anger", "outrage", "dismay",
                    "disappoint", "appal", "appall", "shock", "frustrate", "upset", "offend",
                    "irritate", "infuriate", "please", "encourage", "satisfy"}
MODAL_HYPOTHETICAL = {"could", "would", "may", "might", "should", "can", "must", "ought"}
CONDITIONAL_MARKS = {"if", "unless", "whether", "lest"}
SPEECH_LEMMAS = {"say", "tell", "state", "add", "announce", "report", "note", "claim", "declare",
                 "insist", "warn", "allege", "argue", "assert", "stress", "explain", "write",
                 "confirm", "reveal", "acknowledge", "admit", "deny", "accuse", "charge",
                 "believe", "think", "suggest", "indicate", "conclude", "find", "show",
                 "divulge", "disclose", "suspect", "describe", "vow", "pledge", "promise"}


def is_predicate_head(token) -> bool:
    """Verbs and predicative adjectives head clauses."""
    return token.pos_ in ("VERB", "AUX") or (token.pos_ == "ADJ" and token.dep_ in ("acomp", "ROOT"))


def clause_head(token):
    """The verb whose clause ``token`` (an argument or a nominal predicate) belongs to."""
    t = token
    while t.head.i != t.i and not is_predicate_head(t):
        t = t.head
    return t


def _children_with_conjuncts(verb, deps) -> list:
    """Children of ``verb`` whose dependency is in ``deps``, each followed by its later conjuncts."""
    out = []
    for child in verb.children:
        if child.dep_ in deps:
            out.append(child)
            out.extend(c for c in child.conjuncts if c.i > child.i)
    return out


def own_subjects(verb) -> list:
    """nsubj children (and their conjuncts) of ``verb``."""
    return _children_with_conjuncts(verb, tuple(d for d in SUBJ_DEPS if d != "expl"))


def passive_subjects(verb) -> list:
    return _children_with_conjuncts(verb, PASSIVE_SUBJ_DEPS)


def agents(verb) -> list:
    """Passive agents: "by X"."""
    out = []
    for child in verb.children:
        if child.dep_ == "agent" or (child.dep_ == "prep" and child.lower_ == "by" and passive_subjects(verb)):
            for pobj in child.children:
                if pobj.dep_ == "pobj":
                    out.append(pobj)
                    out.extend(c for c in pobj.conjuncts if c.i > pobj.i)
    return out


def passive_participle_head(verb):
    """The noun a passive participle modifies ("an appearance arranged by X and criticized by
    Y": "appearance" for both participles), else None."""
    t = verb
    while t.dep_ == "conj" and t.head.i != t.i and t.head.tag_ == "VBN":
        t = t.head
    if verb.tag_ == "VBN" and t.tag_ == "VBN" and t.dep_ == "acl" and t.head.pos_ in ("NOUN", "PROPN", "PRON") \
            and not any(c.dep_ in ("dobj", "dative", "ccomp") for c in verb.children):
        return t.head  # a participle with an object is an active verb the tagger misread
    return None


def by_objects(verb) -> list:
    """Objects of "by" phrases on ``verb`` (time phrases excluded by the caller's actors)."""
    out = []
    for child in verb.children:
        if child.dep_ in ("agent", "prep") and child.lower_ == "by":
            for pobj in child.children:
                if pobj.dep_ == "pobj":
                    out.append(pobj)
                    out.extend(c for c in pobj.conjuncts if c.i > pobj.i)
    return out


def is_passive(verb) -> bool:
    return any(c.dep_ in ("auxpass",) or c.dep_ in PASSIVE_SUBJ_DEPS for c in verb.children)


def inherited_subjects(verb, trace: Optional[list] = None) -> list:
    """Subjects a verb without its own takes from the clause it hangs on.

    xcomp: the controller (object for object-control verbs such as "urge", else subject);
    conj / advcl / participle: the head's subject; relcl: the noun the clause modifies.
    """
    t = verb
    for _ in range(6):
        if t.dep_ == "relcl":
            return [t.head]
        if t.dep_ in ("xcomp", "conj", "advcl", "ccomp", "acl", "pcomp", "acomp") and t.head.i != t.i:
            head = t.head
            if (t.dep_ == "xcomp" or infinitival(t)) and head.lemma_.lower() in OBJECT_CONTROL:
                # "urged Y to ...", and in the passive "Y was urged (by X) to ..."
                objs = [c for c in head.children if c.dep_ in ("dobj", "dative")] or (
                    passive_subjects(head) if is_passive(head) else [])
                if objs:
                    return objs
            if t.dep_ == "ccomp":
                return []  # a content clause without subject is not the speaker's act
            if t.dep_ == "acl" and head.pos_ in ("NOUN", "PROPN", "PRON"):
                return [head]
            if t.dep_ == "pcomp":
                prep, head = head, head.head  # "by freezing": prep -> verb
                # "accused Y of attacking", "thanked Y for helping", "Y was accused of ...":
                # the object (or the passive subject) does the act, not the subject
                if prep.lower_ in ("of", "for", "from"):
                    controllers = _children_with_conjuncts(head, ("dobj",)) or passive_subjects(head)
                    if controllers:
                        return controllers
            subjects = own_subjects(head)
            if subjects:
                return subjects
            if t.dep_ == "xcomp" and passive_subjects(head):
                # "X is set / expected / forced to move": the passive subject does the act
                return passive_subjects(head)
            if is_passive(head):
                ag = agents(head)
                if ag:
                    return ag
            t = head
            continue
        break
    return []


def infinitival(verb) -> bool:
    """An adverbial "to" clause without its own subject ("pressured by X to help Y", "sent
    troops to secure the border"): the parser's advcl for a purpose or a controlled verb."""
    return verb.dep_ == "advcl" and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children) \
        and not any(c.dep_ in SUBJ_DEPS for c in verb.children)


def stative_passive(verb) -> bool:
    """True for "X is committed to ...", "X was engaged in ...": a passive of a stance verb with
    its complement ("to", "in" phrase or "to" clause) and no "by" agent, whose grammatical
    subject holds the stance."""
    lemma = verb.lemma_.lower()
    feeling = lemma in FEELING_PASSIVES
    preps = STATIVE_PASSIVES.get(lemma) or (FEELING_PREPS if feeling else None)
    if preps is None or not (is_passive(verb) or (feeling and verb.tag_ == "VBN")) or (agents(verb) and not feeling):
        return False
    return any((c.dep_ in ("prep", "agent") and c.lower_ in preps) or (c.dep_ == "xcomp" and not feeling)
               for c in verb.children)


def stance_objects(verb) -> list:
    """The objects of a stance passive's preposition ("opposed to French mediation": mediation;
    "engaged in fighting": fighting), [] for other verbs."""
    if not stative_passive(verb):
        return []
    preps = STATIVE_PASSIVES.get(verb.lemma_.lower(), FEELING_PREPS)
    return [o for c in verb.children if c.dep_ in ("prep", "agent") and c.lower_ in preps
            for o in c.children if o.dep_ in ("pobj", "pcomp")]


def subjects(verb) -> list:
    """Source tokens of a verb: own subject, passive agent, or inherited; a passive participle
    modifying a noun takes its "by" agent (never the noun, which is what the act is done to)."""
    if stative_passive(verb):
        return passive_subjects(verb)
    if is_passive(verb):
        return agents(verb) or []
    if passive_participle_head(verb) is not None:
        return by_objects(verb)
    own = own_subjects(verb)
    if own and verb.dep_ == "relcl":
        # "an attack that killed two people": the relative pronoun stands for the noun
        own = [verb.head if t.tag_ in ("WDT", "WP") else t for t in own]
    return own or inherited_subjects(verb)


def negated(token) -> Optional[str]:
    """A reason string when the predicate is negated ("not", "avoided ...", "failed to")."""
    t = token
    for depth in range(4):
        for child in t.children:
            if child.dep_ == "neg" or (child.lower_ in ("never", "no") and child.dep_ in ("advmod", "det", "neg")):
                if depth == 0 or t.dep_ not in ("ccomp",):
                    return f"negated by '{child.text}' on '{t.text}'"
        if t.dep_ in ("xcomp", "pcomp", "ccomp", "conj") and t.head.i != t.i:
            head = t.head
            if head.dep_ == "prep":
                head = head.head
            if t.dep_ != "conj" and head.lemma_.lower() in NEGATING_HEADS:
                return f"complement of '{head.text}'"
            if t.dep_ == "conj":
                t = head
                continue
            if t.dep_ == "ccomp":
                return None
            t = head
            continue
        break
    return None


def hypothetical(token, consumed: frozenset = frozenset(),
                 ignore_aux: frozenset = frozenset()) -> Optional[str]:
    """A reason when the predicate is conditional, modal or only wanted.

    ``consumed``: token indices of heads whose meaning was folded into the code (intent verbs),
    which do not make their complement hypothetical; ``ignore_aux``: indices of auxiliaries
    folded into the code ("said it would visit" coded as an intent).
    """
    t = token
    for depth in range(5):
        for child in t.children:
            if child.dep_ == "aux" and child.lower_ in MODAL_HYPOTHETICAL and child.i not in ignore_aux:
                return f"modal '{child.text}'"
            if child.dep_ == "mark" and child.lower_ in CONDITIONAL_MARKS:
                return f"conditional '{child.text}'"
        if t.dep_ == "advcl":
            for child in t.children:
                if child.dep_ == "mark" and child.lower_ in CONDITIONAL_MARKS:
                    return f"conditional '{child.text}'"
        if t.dep_ in ("acl", "ccomp") and t.head.pos_ == "NOUN" and t.head.lemma_.lower() in HYPOTHETICAL_NOUNS:
            return f"content of '{t.head.text}'"  # "its demand that Y ease ...", "a plan to ..."
        if infinitival(t) and t.head.i != t.i and t.i not in consumed:
            # an act in a purpose clause is intended, not done: "sent troops to attack Y"
            return f"purpose of '{t.head.text}'"
        if (t.dep_ in ("xcomp", "pcomp", "acomp", "ccomp") or infinitival(t)) and t.head.i != t.i:
            head = t.head if t.head.dep_ != "prep" else t.head.head
            if t.dep_ == "ccomp" and head.lemma_.lower() in SPEECH_LEMMAS - {"warn", "vow", "pledge", "promise", "insist"}:
                break
            if head.i not in consumed and head.lemma_.lower() in HYPOTHETICAL_HEADS:
                return f"complement of '{head.text}'"
            t = head
            continue
        if t.dep_ == "conj" and t.head.i != t.i:
            t = t.head
            continue
        break
    return None


def speech_heads(token) -> list:
    """Speech verbs whose content clause contains ``token``'s clause, nearest first.

    Covers "X said (that) S" (S = ccomp) and "S, X said" (said = parataxis/ccomp child of S's root).
    """
    out = []
    t = token
    for _ in range(8):
        for child in t.children:
            if child.dep_ in ("parataxis", "ccomp") and child.lemma_.lower() in SPEECH_LEMMAS and child.i > token.i:
                if own_subjects(child):
                    out.append(child)
        if t.dep_ in ("ccomp",) and t.head.lemma_.lower() in SPEECH_LEMMAS:
            out.append(t.head)
            t = t.head
            continue
        if t.head.i == t.i:
            break
        t = t.head
    return out


def clause_marks(verb) -> set[str]:
    """The subordinators of ``verb``'s adverbial clauses ("if", "unless", "because" ...)."""
    return {m.lower_ for c in verb.children if c.dep_ == "advcl" for m in c.children if m.dep_ == "mark"}


def according_to(token) -> Optional[str]:
    """Text after "according to" in the predicate's sentence (attribution), if any."""
    sent = token.sent
    for t in sent:
        if t.lower_ == "according" and t.i + 1 < sent.end and t.nbor(1).lower_ == "to":
            for child in t.nbor(1).children:
                if child.dep_ == "pobj":
                    span = token.doc[child.left_edge.i: child.right_edge.i + 1]
                    return span.text
            if t.i + 2 < sent.end:
                return t.nbor(2).text
    return None


# dateline separators: "GAZA CITY, Palestinian Territories: ...", "CAIRO — ...", "KYIV (Reuters) - ..."
DATELINE_SEPARATORS = {":", "—", "–", "-", "--"}
DATELINE_MAX_TOKENS = 12


def dateline_end(sent) -> int:
    """Token index where a dateline opening ``sent`` ends (the separator's index + 1), or the
    sentence start when there is none. A dateline is a place in capitals, optionally followed
    by a region, a date and an agency in brackets, then a dash or colon: its place names are
    where the story was filed, never an actor of the sentence."""
    words = list(sent[:DATELINE_MAX_TOKENS])
    if not words or not (words[0].is_alpha and words[0].is_upper and len(words[0]) > 1):
        return sent.start
    for t in words[1:]:
        if t.text in DATELINE_SEPARATORS:
            return t.i + 1
        if t.is_punct or t.like_num or t.is_upper or t.is_title or t.pos_ in ("PROPN", "NUM"):
            continue
        break
    return sent.start


def prep_objects(token, preps) -> list[tuple[str, object]]:
    """(preposition, object token) pairs of ``token``'s prepositional children in ``preps``."""
    out = []
    kids = list(token.children)
    # "pulled out of X": the preposition hangs on the particle
    kids += [g for c in kids if c.dep_ in ("prt", "prep", "advmod") and c.lower_ in ("out", "away", "back", "down", "up", "off")
             for g in c.children]
    for child in kids:
        if child.dep_ in ("prep", "dative", "agent") and child.lower_ in preps:
            for pobj in child.children:
                if pobj.dep_ in ("pobj",):
                    out.append((child.lower_, pobj))
                    out.extend((child.lower_, c) for c in pobj.conjuncts if c.i > pobj.i)
        if child.dep_ == "dative" and child.pos_ in ("PROPN", "NOUN", "PRON"):
            out.append(("dative", child))
    return out


def nested_prep_objects(token, preps, depth: int = 2) -> list:
    """Objects of prepositions in ``preps`` found exactly ``depth`` levels down a chain of
    prepositional phrases under ``token`` ("resumption -of-> ties -with-> X" at depth 2);
    conjuncts included."""
    level = [token]
    for _ in range(depth):
        level = [o for t in level for _, o in prep_objects(t, preps)]
        if not level:
            return []
    return level


def fronted_adjunct(token, clause_start: int) -> bool:
    """``token`` is the object of a prepositional phrase that starts before ``clause_start``
    (the clause's subject or predicate) and hangs on the predicate: "At the meeting, X said"."""
    t = token
    while t.dep_ == "conj" and t.head.i != t.i:
        t = t.head
    prep = t.head
    return t.dep_ == "pobj" and prep.dep_ == "prep" and prep.i < clause_start and prep.head.i >= clause_start
