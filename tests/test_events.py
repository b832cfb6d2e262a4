"""The rule-based event coder, one construction per test.

Actor mentions come from the test table ``fixtures/events/actors.yaml`` (not the shipped
dictionaries), so these tests check the coder's grammar only.
"""
from __future__ import annotations

import functools
import importlib.util
from pathlib import Path

import pytest
from spacy.tokens import Doc
from spacy.vocab import Vocab

from eventwire import actors as actors_mod, events
from eventwire.model import Actor, ActorMention, Quote

HELPERS = Path(__file__).parent / "fixtures" / "events" / "helpers.py"
SHIPPED_RESOLVE_REFERENCE = getattr(actors_mod, "resolve_reference", None)


@functools.lru_cache(maxsize=1)
def fixture_helpers():
    spec = importlib.util.spec_from_file_location("event_fixture_helpers", HELPERS)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def code(nlp, text, **kw):
    return fixture_helpers().code(nlp, text, **kw)


def triples(evs, factual_only=False):
    return fixture_helpers().triples(evs, factual_only)


@pytest.fixture(autouse=True)
def no_shipped_reference_resolver(monkeypatch):
    """Use the coder's own fallback for pronouns and descriptions (deterministic here)."""
    monkeypatch.delattr(actors_mod, "resolve_reference", raising=False)
    monkeypatch.setattr(actors_mod, "resolve_span", lambda span, d, w: None, raising=False)


def test_active(nlp):
    assert triples(code(nlp, "Japan condemned China.")) == {("JPN", "CHN", "111")}


def test_passive_agent_is_source(nlp):
    assert triples(code(nlp, "China was condemned by Japan.")) == {("JPN", "CHN", "111")}


def test_coordinated_subjects_give_one_event_each(nlp):
    got = triples(code(nlp, "Japan and South Korea condemned China."))
    assert got == {("JPN", "CHN", "111"), ("KOR", "CHN", "111")}


def test_coordinated_objects_give_one_event_each(nlp):
    got = triples(code(nlp, "Japan condemned China and Russia."))
    assert got == {("JPN", "CHN", "111"), ("JPN", "RUS", "111")}


def test_x_and_y_met_codes_both_directions(nlp):
    assert triples(code(nlp, "Japan and China met in Tokyo.")) == {("JPN", "CHN", "040"), ("CHN", "JPN", "040")}


def test_met_with_codes_both_directions(nlp):
    assert triples(code(nlp, "Japan met with China.")) == {("JPN", "CHN", "040"), ("CHN", "JPN", "040")}


def test_xcomp_inherits_subject_and_intent_code(nlp):
    # vow + support (05x) -> intent to cooperate diplomatically (032)
    assert triples(code(nlp, "North Korea vowed to support Russia.")) == {("PRK", "RUS", "032")}


def test_threaten_to_attack_is_a_threat_of_force(nlp):
    evs = code(nlp, "Iran threatened to attack Israel.")
    assert triples(evs, factual_only=True) == {("IRN", "ISR", "138")}


def test_conj_inherits_subject(nlp):
    got = triples(code(nlp, "Japan criticized China and praised Russia."))
    assert ("JPN", "RUS", "051") in got and ("JPN", "CHN", "111") in got


def test_reported_clause_keeps_attribution(nlp):
    evs = code(nlp, "Japan said that Russia attacked Ukraine.")
    attack = [e for e in evs if e.cameo_code == "190"]
    assert [(e.source.code, e.target.code, e.attribution, e.negated, e.hypothetical) for e in attack] == [
        ("RUS", "UKR", "Japan", False, False)]


def test_according_to_is_attribution(nlp):
    evs = code(nlp, "Russia attacked Ukraine, according to intelligence reports.")
    assert [(e.cameo_code, e.attribution) for e in evs] == [("190", "intelligence reports")]


def test_negation_flags_event(nlp):
    evs = code(nlp, "Russia did not attack Ukraine.")
    assert [(e.cameo_code, e.negated) for e in evs] == [("190", True)]


def test_avoided_doing_is_negated(nlp):
    evs = code(nlp, "Russia avoided criticizing China.")
    assert [(e.cameo_code, e.negated) for e in evs] == [("111", True)]


@pytest.mark.parametrize("text", [
    "Russia could attack Ukraine.",
    "If Russia attacks Ukraine, the war will widen.",
    "Russia would attack Ukraine.",
])
def test_hypothetical_flags_event(nlp, text):
    evs = [e for e in code(nlp, text) if e.cameo_code == "190"]
    assert [(e.source.code, e.target.code, e.hypothetical) for e in evs] == [("RUS", "UKR", True)]


def test_possessor_of_object_is_target(nlp):
    assert triples(code(nlp, "Japan condemned North Korea's launch.")) == {("JPN", "PRK", "111")}


def test_demonym_modifier_of_object_is_target(nlp):
    assert triples(code(nlp, "Japan condemned the Russian strikes.")) == {("JPN", "RUS", "111")}


def test_nominal_predicate_after_light_verb(nlp):
    assert triples(code(nlp, "Israel launched airstrikes on Lebanon.")) == {("ISR", "LBN", "195")}


def test_object_noun_decides_code(nlp):
    assert triples(code(nlp, "The United States imposed sanctions on Iran.")) == {("USA", "IRN", "163")}
    assert triples(code(nlp, "Russia sent troops to Belarus.")) == {("RUS", "BLR", "154")}


def test_pronoun_refers_back_to_person(nlp):
    evs = code(nlp, "Choe met Lavrov in Moscow. She praised Russia.")
    assert ("PRKGOV", "RUS", "051") in triples(evs)


def test_first_person_in_quote_is_the_speaker(nlp):
    text = '"We condemn the attack on Japan," China said.'
    speaker = Actor("China", "CHN", "CHN")
    quote = Quote("direct", "We condemn the attack on Japan,", speaker="China", speaker_actor=speaker,
                  start=1, end=32)
    assert ("CHN", "JPN", "111") in triples(code(nlp, text, quotes=[quote]))


def test_same_actor_is_not_an_event(nlp):
    assert code(nlp, "Japan praised Japan.") == []


def test_event_fields(nlp):
    (event,) = code(nlp, "Japan condemned China.", published=None)
    assert (event.sentence, event.start, event.end) == ("Japan condemned China.", 0, 22)
    assert (event.cameo_root, event.quad_class, event.plover["event"]) == ("11", 3, "ACCUSE")
    assert (event.coder, event.trigger, event._predicate_i) == ("eventwire.rules.v2", "condemned", 1)
    assert event.pattern.startswith("core:condemn")


def test_hand_built_doc_needs_no_model():
    words = ["Japan", "condemned", "China", "."]
    doc = Doc(Vocab(), words=words, heads=[1, 1, 1, 1], deps=["nsubj", "ROOT", "dobj", "punct"],
              pos=["PROPN", "VERB", "PROPN", "PUNCT"], lemmas=["Japan", "condemn", "China", "."])
    mentions = fixture_helpers().fixture_mentions(doc)
    evs = events.code_events(doc, mentions, [], None, None)
    assert triples(evs) == {("JPN", "CHN", "111")}


def test_trace_records_drop_reasons(nlp):
    code(nlp, "Somebody condemned China.")
    text = "\n".join(events.last_trace())
    assert "pattern core:condemn" in text and "dropped: no source actor" in text


def test_a_broken_sentence_does_not_stop_the_document(nlp, monkeypatch):
    from eventwire.coder import core

    calls = []

    def boom(self, sent, trace):
        calls.append(sent.text)
        if len(calls) == 1:
            raise RuntimeError("bad parse")
        return []

    monkeypatch.setattr(core.SentenceCoder, "events", boom)
    doc = nlp("Japan condemned China. Russia attacked Ukraine.")
    assert events.code_events(doc, [], [], None, None) == []
    assert len(calls) == 2 and any("error: RuntimeError" in l for l in events.last_trace())


# --- who: references, sets, owners and context (shipped reference resolver) ---------------------

_SHIPPED_RESOLVE_REFERENCE = actors_mod.resolve_reference


@pytest.fixture
def shipped_references(monkeypatch):
    """These tests exercise ``actors.resolve_reference(s)`` itself, not the coder's fallback."""
    monkeypatch.setattr(actors_mod, "resolve_reference", _SHIPPED_RESOLVE_REFERENCE, raising=False)


def dyads(evs):
    return {(e.source.code, e.target.code if e.target else None) for e in evs
            if not (e.negated or e.hypothetical)}


def test_she_prefers_the_subject_over_the_nearer_object(nlp, shipped_references):
    got = triples(code(nlp, "Choe met Lavrov in Moscow, where she praised Russia."))
    assert ("PRKGOV", "RUS", "051") in got
    assert ("RUSGOV", "RUS", "051") not in got


def test_object_pronoun_skips_its_own_subject(nlp, shipped_references):
    got = triples(code(nlp, "Choe met Lavrov. Choe praised him."))
    assert ("PRKGOV", "RUSGOV", "051") in got


def test_they_after_coordinated_subjects_is_each_of_them(nlp, shipped_references):
    got = dyads(code(nlp, "Japan and South Korea met in Tokyo. They condemned North Korea."))
    assert {("JPN", "PRK"), ("KOR", "PRK")} <= got


def test_plural_description_is_every_participant_of_the_previous_sentence(nlp, shipped_references):
    text = "Blinken was joined by South Korean officials in Washington. The group of officials condemned North Korea."
    got = {t for t in triples(code(nlp, text)) if t[2] == "111"}
    assert got == {("USAGOV", "PRK", "111"), ("KORGOV", "PRK", "111")}


def test_role_word_takes_its_country_from_a_from_or_in_phrase(nlp):
    assert dyads(code(nlp, "Soldiers from Syria attacked Lebanon.")) == {("SYRMIL", "LBN")}
    got = dyads(code(nlp, "Lawmakers in Japan and South Korea condemned China."))
    assert got == {("JPNLEG", "CHN"), ("KORLEG", "CHN")}


def test_role_word_takes_the_country_the_article_is_about(nlp):
    text = "South Korea is in crisis. Seoul said South Korea is calm. Police arrested protesters."
    got = triples(code(nlp, text))
    assert ("KORCOP", "KORCVL", "173") in got


def test_definite_role_word_refers_only_to_an_actor_of_its_kind(nlp, shipped_references):
    text = "South Korea is in crisis in Seoul. Yoon accused the parliament of treason."
    got = dyads(code(nlp, text))
    assert ("KORGOV", "KORLEG") in got
    assert ("KORGOV", "KORGOV") not in got


def test_every_member_of_a_list_read_as_apposition_is_a_source(nlp):
    got = dyads(code(nlp, "The United States, Russia, and Switzerland met yesterday."))
    assert got == {(a, b) for a in ("USA", "RUS", "CHE") for b in ("USA", "RUS", "CHE") if a != b}


def test_target_two_prepositions_deep_in_the_object(nlp):
    got = dyads(code(nlp, "Japan welcomed the resumption of ties with China."))
    assert ("JPN", "CHN") in got


def test_fronted_prepositional_phrase_is_not_a_target(nlp):
    got = dyads(code(nlp, "At a United Nations meeting, Japan condemned the attack on China."))
    assert ("JPN", "IGOUNO") not in got
    assert ("JPN", "CHN") in got


def test_speaker_reporting_another_sides_attack_accuses_it(nlp):
    got = triples(code(nlp, "Japan said that China attacked Taiwan."))
    assert got == {("CHN", "TWN", "190"), ("JPN", "CHN", "112")}


def test_speaker_reporting_its_own_sides_act_accuses_nobody(nlp):
    got = triples(code(nlp, "Japan said Japanese soldiers attacked China."))
    assert not any(t[2] == "112" for t in got)


@pytest.mark.parametrize("text, expected", [
    # a future material act is the actor's stated intent: 042 visit -> 036, 05x support -> 032
    ("Japan will visit China next month.", {("JPN", "CHN", "036")}),
    ("Germany will support Ukraine.", {("DEU", "UKR", "032")}),
    # "would" reported by a speech verb is the same future, not a condition
    ("France said it would support Mali.", {("FRA", "MLI", "032")}),
])
def test_future_act_is_coded_as_intent(nlp, expected, text):
    assert triples(code(nlp, text), factual_only=True) == expected


def test_would_under_a_condition_stays_hypothetical(nlp):
    evs = [e for e in code(nlp, "Germany would support Ukraine if Russia attacked.") if e.source.code == "DEU"]
    assert [(e.cameo_code, e.hypothetical) for e in evs] == [("050", True)]


@pytest.mark.parametrize("text, expected", [
    # "X said Y must / should do Z" is X appealing to Y; a demand only when the reporter says so
    ("Japan said that China must release the sailors.", {("JPN", "CHN", "020")}),
    ("France declared that Iran should stop enriching uranium.", {("FRA", "IRN", "020")}),
    ("Israel insisted that Hamas must free the hostages.", {("ISR", "PSEREB", "100")}),
])
def test_reported_obligation_is_an_appeal_to_its_subject(nlp, expected, text):
    assert triples(code(nlp, text), factual_only=True) == expected


def test_future_act_under_unless_is_a_threat(nlp):
    evs = code(nlp, "Russia will cut gas supplies to Ukraine unless Ukraine pays its debts.")
    assert triples(evs, factual_only=True) == {("RUS", "UKR", "1311")}


def test_negated_future_act_is_a_refusal(nlp):
    evs = code(nlp, "Egypt will not accept the demands of Sudan.")
    assert [(e.source.code, e.target.code, e.cameo_root, e.negated) for e in evs] == [("EGY", "SDN", "12", False)]


def test_main_clause_act_ranks_above_purpose_clause_and_speech_verb(nlp):
    evs = code(nlp, "Japan sent troops to Mali to fight Hamas.")
    conf = {e.cameo_root: e.confidence for e in evs}
    assert conf["15"] > conf["19"]
    evs = code(nlp, "Japan told China that Russia attacked Ukraine.")
    conf = {e.cameo_code: e.confidence for e in evs}
    assert conf["190"] > conf["010"]


def test_passive_participle_takes_its_by_agent_as_source(nlp):
    # the modified noun is what the act was done to, never its doer
    evs = code(nlp, "Iran released a report on Israel, a report criticized by France and condemned by Germany.")
    got = {(e.source.code, e.cameo_root) for e in evs if e.cameo_root == "11"}
    assert got == {("FRA", "11"), ("DEU", "11")}


def test_participle_with_an_object_is_an_active_verb(nlp):
    from eventwire.coder import syntax

    doc = nlp("Japan condemned the attack.")
    assert syntax.passive_participle_head(doc[1]) is None


def test_joined_by_party_came_to_meet_the_joined_party(nlp):
    got = triples(code(nlp, "China was joined by Japan for a conference."))
    assert got == {("JPN", "CHN", "042"), ("CHN", "JPN", "043")}


@pytest.mark.parametrize("text", ["Japan asked permission from China.", "Japan asked China for help."])
def test_appeal_targets_the_party_asked(nlp, text):
    assert triples(code(nlp, text)) == {("JPN", "CHN", "020")}


@pytest.mark.parametrize("text, code_", [
    ("Clashes between Israel and Hamas erupted.", "193"),  # event noun, subject of "erupt"
    ("Fighting between Israel and Hamas broke out.", "190"),  # gerund subject
    ("Talks between Israel and Hamas were held in Qatar.", "046"),  # agentless passive
])
def test_event_noun_subject_codes_its_parties_both_ways(nlp, text, code_):
    assert triples(code(nlp, text)) == {("ISR", "PSEREB", code_), ("PSEREB", "ISR", code_)}


def test_event_noun_subject_takes_its_modifier_as_source(nlp):
    assert triples(code(nlp, "Israeli strikes continued on Lebanon.")) == {("ISR", "LBN", "195")}


def test_wanting_to_act_is_an_intent(nlp):
    assert triples(code(nlp, "Iran wants to attack Israel."), factual_only=True) == {("IRN", "ISR", "138")}


def test_wanting_another_to_act_is_an_appeal_to_it(nlp):
    evs = code(nlp, "Japan wants China to stop the drills near Taiwan.")
    assert ("JPN", "CHN", "020") in triples(evs, factual_only=True)


def test_agentless_passive_takes_the_attacker_from_the_attack_noun(nlp):
    evs = code(nlp, "Hamas commanders were killed in an air strike by Israeli forces.")
    assert [(e.source.country, e.target.code, e.cameo_root) for e in evs] == [("ISR", "PSEREB", "19")]


@pytest.mark.parametrize("text", [
    "Japan said China is responsible for the collapse of the talks.",
    "Japan said China's illegal drills had caused chaos in the region.",
])
def test_claim_blaming_its_subject_is_an_accusation(nlp, text):
    assert ("JPN", "CHN", "112") in triples(code(nlp, text), factual_only=True)


@pytest.mark.parametrize("text", [
    "Japan said Chinese civilians were killed in the brutal attack.",  # victims are not blamed
    "Japan said China will join the International Criminal Court.",  # a name, not blame
])
def test_claim_without_blame_of_its_subject_is_no_accusation(nlp, text):
    assert all(e.cameo_code != "112" for e in code(nlp, text))


def test_two_named_people_of_one_government_are_different_actors():
    from eventwire.coder.core import _same_actor

    lee = Actor("Lee Jae-myung", "KORGOV", "KOR", "GOV")
    yoon = Actor("Yoon Suk Yeol", "KORGOV", "KOR", "GOV")
    assert not _same_actor(lee, yoon)
    assert _same_actor(yoon, Actor("President Yoon", "KORGOV", "KOR", "GOV"))
    assert _same_actor(Actor("South Korea", "KOR", "KOR"), Actor("Seoul", "KOR", "KOR"))


def test_warning_of_a_fact_about_another_actor_is_an_accusation(nlp):
    evs = code(nlp, "Japan warned that China is sending warships into its waters.")
    assert ("JPN", "CHN", "112") in triples(evs, factual_only=True)


def test_warning_of_what_will_happen_stays_a_threat(nlp):
    evs = code(nlp, "Japan warned that China will pay a heavy price.")
    assert [(e.source.code, e.target.code, e.cameo_root) for e in evs if e.trigger == "warned"] == [("JPN", "CHN", "13")]


def test_civilian_victims_take_the_country_of_the_place(nlp):
    evs = code(nlp, "Israeli troops shot protesters in Lebanon.")
    assert [(e.source.country, e.target.country, e.target.agent) for e in evs] == [("ISR", "LBN", "CVL")]


@pytest.mark.parametrize("text", ["China held drills around Taiwan.", "China staged drills near Taiwan."])
def test_drills_target_the_party_they_surround(nlp, text):
    assert triples(code(nlp, text)) == {("CHN", "TWN", "150")}


def test_sources_own_country_in_the_object_gives_way_to_the_other_side(nlp):
    evs = code(nlp, "Japan reaffirmed the strength of the Japanese alliance with Australia.")
    assert triples(evs) == {("JPN", "AUS", "050")}


def test_future_act_that_is_no_intent_is_not_a_fact(nlp):
    # a future statement (01x has no intent code) has not happened yet
    evs = code(nlp, "Japan will tell China about the plan.")
    assert evs and all(e.hypothetical for e in evs)


def test_future_act_in_an_indirect_question_is_not_an_intent(nlp):
    evs = code(nlp, "Analysts asked how Japan will support Ukraine.")
    assert triples(evs, factual_only=True) == set()


def test_ordering_an_event_noun_is_that_event(nlp):
    # no "order" demand to the strike: the strike is what was ordered
    assert triples(code(nlp, "Israel ordered airstrikes on Lebanon.")) == {("ISR", "LBN", "195")}


def test_attack_on_an_object_targets_the_place_it_stands(nlp):
    assert triples(code(nlp, "Israel launched a strike on a factory in Lebanon.")) == {("ISR", "LBN", "195")}


def test_order_to_its_own_forces_is_no_demand(nlp):
    assert [e for e in code(nlp, "Russia ordered the Russian army to withdraw.") if e.cameo_root == "10"] == []
    # an order to another country's forces stays a demand
    assert ("UKR", "RUSMIL", "100") in triples(code(nlp, "Ukraine ordered the Russian army to withdraw."))


def test_generic_force_by_a_non_state_group_is_unconventional_violence():
    from eventwire.coder.core import _unconventional

    rebels = Actor("Hamas", "PSEREB", "PSE", "REB")
    assert _unconventional("190", rebels, Actor("Israel", "ISR", "ISR")) == "180"
    assert _unconventional("190", rebels, Actor("Israeli army", "ISRMIL", "ISR", "MIL")) == "190"
    assert _unconventional("190", Actor("Israel", "ISR", "ISR"), rebels) == "190"
    assert _unconventional("195", rebels, Actor("Israel", "ISR", "ISR")) == "195"


def test_receiving_aid_from_a_giver_is_the_givers_act(nlp):
    assert triples(code(nlp, "Ukraine received aid from Germany.")) == {("DEU", "UKR", "070")}
    assert triples(code(nlp, "Ukraine received aid.")) == set()


def test_obligation_noun_addresses_its_clause_subject(nlp):
    evs = code(nlp, "France issued a stern reminder that Tehran must respect the deal.")
    assert ("FRA", "IRN", "020") in triples(evs, factual_only=True)
    evs = code(nlp, "Japan renewed its demand that China release the sailors.")
    assert ("JPN", "CHN", "100") in triples(evs, factual_only=True)


def test_act_demanded_in_a_noun_clause_is_not_a_fact(nlp):
    evs = code(nlp, "Japan renewed its demand that China release the Japanese sailors.")
    assert [e.hypothetical for e in evs if e.source.code == "CHN"] == [True]


def test_event_noun_target_two_phrases_down(nlp):
    assert triples(code(nlp, "Japan announced a suspension of flights to China.")) == {("JPN", "CHN", "160")}


@pytest.mark.parametrize("text", ["Japan cancelled a planned visit to China.", "Japan called off a visit to China."])
def test_cancelled_visit_reduces_relations_with_the_host(nlp, text):
    assert triples(code(nlp, text)) == {("JPN", "CHN", "160")}


@pytest.mark.parametrize("code_, target_tokens, allowed", [
    ("0841", [], True),  # a release whose clause names no one released to
    ("081", [], True),
    ("0841", [[object()]], False),  # the clause names a target: it must resolve
    ("036", [], False),  # an intent to meet needs whom
    ("141", [], False),
])
def test_concessions_may_stand_without_a_target(code_, target_tokens, allowed):
    from eventwire.coder.core import Candidate, SentenceCoder
    from eventwire.coder.patterns import Match, Pattern
    cand = Candidate(0, Match(Pattern("t", "release", code_)), code_, [], target_tokens)
    assert SentenceCoder.table_no_target(None, cand) is allowed


def test_person_named_in_apposition_is_not_the_other_official(nlp):
    # the role in apposition gives the code, the PERSON entity the name: two people of one
    # government are two actors, so the appeal is kept
    evs = code(nlp, "South Korea is in crisis in Seoul. Han Dong-hoon, the leader of the ruling party, urged Yoon Suk Yeol to resign.")
    appeals = [e for e in evs if e.cameo_code == "020"]
    assert [(e.source.name, e.source.code, e.target.code) for e in appeals] == [("Han Dong-hoon", "KORGOV", "KORGOV")]


def test_coordinated_country_modifiers_give_one_actor_each(nlp):
    got = triples(code(nlp, "Japanese and South Korean officials condemned China."))
    assert got == {("JPNGOV", "CHN", "111"), ("KORGOV", "CHN", "111")}


def test_intransitive_protest_verb_with_an_object_is_no_protest(nlp):
    assert triples(code(nlp, "French protesters demonstrated against Iran.")) == {("FRACVL", "IRN", "141")}
    assert triples(code(nlp, "French protesters demonstrated a willingness to talk.")) == set()


@pytest.mark.parametrize("text, expected", [
    ("French protesters staged a protest in Beijing.", {("FRACVL", "CHN", "141")}),
    ("French protesters demonstrated in Moscow.", {("FRACVL", "RUS", "141")}),
    # at home: no target is named
    ("French protesters demonstrated in France.", {("FRACVL", None, "141")}),
])
def test_protest_abroad_targets_the_host_country(nlp, text, expected):
    assert triples(code(nlp, text)) == expected


def test_stance_passive_subject_holds_the_stance(nlp):
    # "X is opposed to Y": X opposes (no "by" agent names another doer); the "to" phrase is the target
    assert triples(code(nlp, "Japan is opposed to Chinese mediation with Russia.")) == {("JPN", "CHN", "120")}
    # a real passive keeps its agent as the source
    assert triples(code(nlp, "China was opposed by Japan.")) == {("JPN", "CHN", "120")}


def test_engaged_in_makes_the_subject_the_actor(nlp):
    # "X was engaged in fighting against Y": X fights Y, the target sits in the "in" phrase
    got = triples(code(nlp, "Russian forces were engaged in fighting against Ukrainian troops."))
    assert got == {("RUS", "UKR", "190")}


def test_people_of_a_group_act_as_the_group(nlp):
    # "leaders of the X opposition coalition" are the opposition, not a government
    got = triples(code(nlp, "Leaders of the Kenyan opposition coalition condemned Japan."))
    assert got == {("KENOPP", "JPN", "111")}


def test_prepositional_verb_forms_are_no_predicates(nlp):
    # "according to" is attribution, not the verb "accord" (grant, 060)
    evs = code(nlp, "Japan condemned China, according to a statement.")
    assert triples(evs) == {("JPN", "CHN", "111")}
    assert evs[0].attribution == "a statement"


def test_dateline_place_is_no_argument(nlp):
    # the dateline names where the story was filed; the clause has no source
    assert triples(code(nlp, "TEHRAN, Iran: Civilians were attacked on Friday, officials said.")) == set()
    # the same clause with a real subject still codes
    got = triples(code(nlp, "TEHRAN, Iran: Israel attacked Syria on Friday, officials said."))
    assert ("ISR", "SYR", "190") in got


def test_agentless_attack_passive_takes_its_source_from_where_it_came_from(nlp):
    got = triples(code(nlp, "Rockets were fired at Israel from Lebanon on Tuesday."))
    assert ("LBN", "ISR", "190") in got


def test_attack_misparsed_as_gerund_keeps_the_attacker_and_the_place(nlp):
    # small parsers read "in Israeli tank shelling" as object "Israeli tank" + gerund "shelling";
    # the victims take the country of the place of the attack, not the attacker's
    got = triples(code(nlp, "Five civilians were killed in Israeli tank shelling in the north of Syria on Friday."))
    assert got == {("ISR", "SYRCVL", "190")}


def test_plain_statement_targets_only_its_addressee(nlp):
    # "for the victims" is what the announcement is about, not to whom it was made
    assert triples(code(nlp, "Japan announced a day of mourning for Chinese civilians.")) == set()
    assert triples(code(nlp, "Japan told China that the talks were over.")) == {("JPN", "CHN", "010")}


def test_relative_pronoun_subject_is_its_noun(nlp):
    # "an Israeli strike that killed ...": the strike's modifier names the attacker
    got = triples(code(nlp, "Syria condemned an Israeli strike that killed five civilians in Lebanon."))
    assert ("ISR", "LBNCVL", "190") in got


def test_attack_in_an_adjunct_is_made_by_the_clause_subject(nlp):
    # the attack in the "during" phrase is Russia's; its victims are where it struck
    got = triples(code(nlp, "Russia used drones during an attack on Kyiv that killed three civilians."))
    assert got == {("RUS", "UKRCVL", "190")}


@pytest.mark.parametrize("text", [
    "Japan thinks China is wrong.",
    "The report was seen by Japan.",
    "Japan continued to lead China.",
])
def test_vague_mined_verbs_are_no_events(nlp, text):
    assert triples(code(nlp, text)) == set()


def test_vague_mined_list_keeps_particle_rows():
    from eventwire.coder.patterns import PatternTable

    table = PatternTable.default()
    assert not [p for p in table.by_lemma.get(("think", False), []) if p.source == "cameo2" and not p.particle]
    assert [p for p in table.by_lemma.get(("take", False), []) if p.source == "cameo2" and p.particle == "over"]


def test_act_of_an_allegation_is_not_a_fact(nlp):
    evs = code(nlp, "Japan accused China of attacking Taiwan.")
    assert ("JPN", "CHN", "112") in triples(evs, factual_only=True)
    assert ("CHN", "TWN", "190") not in triples(evs, factual_only=True)


@pytest.mark.parametrize("text, expected", [
    ("Japan accused China of attacking Taiwan.", ("CHN", "TWN", "190")),
    ("China was accused of attacking Taiwan.", ("CHN", "TWN", "190")),
    ("Japan thanked China for helping Taiwan.", ("CHN", "TWN", "070")),
])
def test_object_of_a_verb_with_a_gerund_phrase_does_the_act(nlp, text, expected):
    assert expected in triples(code(nlp, text))


@pytest.mark.parametrize("text, expected", [
    ("President Yoon Suk Yeol declared martial law on Tuesday.", ("KORGOV", "KOR", "1724")),
    # a named place of the measure wins over the source's own country
    ("Japan imposed martial law in Taiwan.", ("JPN", "TWN", "1724")),
])
def test_domestic_measure_targets_the_country_it_rules(nlp, text, expected):
    assert triples(code(nlp, text)) == {expected}


def test_addressee_three_phrases_down_the_object(nlp):
    got = triples(code(nlp, "Japan reaffirmed the strength of the Japanese alliance with Taiwan."))
    assert got == {("JPN", "TWN", "050")}


def test_intent_folded_from_a_one_way_act_is_one_way(nlp):
    # "agree" is symmetric for "X and Y agreed", but lifting sanctions on Y is X's act alone
    assert triples(code(nlp, "Japan agreed to lift the sanctions on China.")) == {("JPN", "CHN", "0354")}
    # two parties agreeing on a targetless act still code both ways
    got = triples(code(nlp, "Japan and China agreed to exchange information."))
    assert {(s, t) for s, t, _ in got} == {("JPN", "CHN"), ("CHN", "JPN")}


@pytest.mark.parametrize("text", [
    "A report released by Japan alleged that China was hiding weapons.",
    "A report published in Tokyo alleged that China was hiding weapons.",
])
def test_document_speaks_for_whoever_issued_it(nlp, text):
    got = triples(code(nlp, text))
    assert {(s[:3], t, c[:2]) for s, t, c in got} == {("JPN", "CHN", "11")}


def test_accident_is_nobodys_act(nlp):
    assert triples(code(nlp, "Five civilians were killed by the Japanese train crash in Taiwan.")) == set()
    # an attacker in the same frame still codes
    assert triples(code(nlp, "Five civilians were killed by Japanese rebels in Taiwan.")) != set()


def test_coordinated_actors_of_one_code_make_one_event(nlp):
    evs = code(nlp, "Blinken and Barack Obama condemned Russia.")
    assert [(e.source.code, e.target.code, e.cameo_code) for e in evs] == [("USAGOV", "RUS", "111")]
    evs = code(nlp, "South Korean officials and Blinken condemned Russia.")
    assert sorted(e.source.code for e in evs) == ["KORGOV", "USAGOV"]


def test_doer_of_the_condemned_act_is_the_target(nlp):
    # "condemned the killing of civilians by Russian soldiers": the soldiers are condemned
    got = triples(code(nlp, "Japan condemned the killing of civilians by the Russian army."))
    assert ("JPN", "RUSMIL", "111") in got


def test_pressed_party_is_the_doer_and_the_act_is_not_yet_done(nlp):
    evs = code(nlp, "Japan was pressured by China to help Russia.")
    helped = [e for e in evs if e.cameo_code == "070"]
    assert [(e.source.code, e.target.code) for e in helped] == [("JPN", "RUS")]
    assert helped[0].hypothetical


def test_act_in_a_purpose_clause_is_not_a_fact(nlp):
    evs = code(nlp, "Japan sent troops to attack Russia.")
    assert ("JPN", "RUS", "190") not in triples(evs, factual_only=True)


def test_inverse_row_takes_the_giver_from_the_object_phrase(nlp):
    # the parser hangs "from Y" on the noun here: Y still gives the assurance
    got = triples(code(nlp, "Japanese fishermen received assurances from the Chinese government."))
    assert {(s[:3], t[:3]) for s, t, _ in got} == {("CHN", "JPN")}


@pytest.mark.parametrize("text", [
    "Russian troops shelled the Ukrainian town of Kupiansk, killing five civilians.",
    "Russian troops attacked Ukraine by firing missiles at Kyiv.",
])
def test_participle_of_a_coded_attack_is_no_second_attack(nlp, text):
    evs = [e for e in code(nlp, text) if e.cameo_root in ("18", "19", "20")]
    assert len(evs) == 1


def test_participle_stands_when_its_attack_is_not_coded(nlp):
    # the head verb codes nothing here, so the participle's killing is the event
    got = triples(code(nlp, "Russian troops advanced on Friday, killing five Ukrainian civilians."))
    assert any(c.startswith(("18", "19", "20")) for _, _, c in got)


@pytest.mark.parametrize("text, expected", [
    ("Japan warned China that there has not been enough progress.", "111"),
    ("Japan warned China that there is no room for talks.", "111"),
    ("Japan warned China that there is a risk of war.", "130"),
])
def test_warning_about_what_is_lacking_is_a_complaint(nlp, text, expected):
    assert triples(code(nlp, text)) == {("JPN", "CHN", expected)}


def test_passive_subject_does_the_controlled_act(nlp):
    # "reports that X are set to move into Y": X moves, not the reports
    got = triples(code(nlp, "Officials confirmed reports that Russian soldiers are set to attack Ukraine."))
    assert {s[:3] for s, t, c in got if t == "UKR"} == {"RUS"}


def test_attack_noun_is_no_actor_unless_its_words_name_one(nlp):
    got = triples(code(nlp, "Japan condemned the drone strike."))
    assert not any(t and t.endswith("MIL") for _, t, _ in got)
    assert ("JPN", "RUS", "111") in triples(code(nlp, "Japan condemned the Russian strikes."))


def test_coordinated_doers_of_one_country_act_as_one(nlp):
    evs = code(nlp, "Vladimir Putin and the Russian army condemned Ukraine.")
    assert [(e.source.country, e.target.code) for e in evs] == [("RUS", "UKR")]


def test_folded_threat_is_one_way(nlp):
    assert triples(code(nlp, "Japan vowed to fight China.")) == {("JPN", "CHN", "138")}


def test_measure_in_its_own_place_stands_without_a_target(nlp):
    got = triples(code(nlp, "Japan lifted the curfew in Tokyo."))
    assert {(s, t) for s, t, _ in got} == {("JPN", None)}


def test_phrase_naming_the_source_is_skipped_for_a_later_target(nlp):
    # "all Japanese contact" names the source itself; the "with" phrase names the target
    got = triples(code(nlp, "Japan said it would boycott all Japanese contact with China."))
    assert {(s, t) for s, t, _ in got} == {("JPN", "CHN")}


def test_intent_complement_read_as_adverbial_clause_is_folded(nlp):
    # the parser reads "have sworn to fight" with an adverbial "to fight": still a threat
    assert triples(code(nlp, "Syrian rebels have sworn to fight Russia until the end.")) == {("REB", "RUS", "138")}


@pytest.mark.parametrize("text, expected", [
    # the reported clause's pronoun is its speaker, not the place named just before it
    ("Japan said that after talks in Beijing it would condemn Russia.", "JPN"),
    ("Barack Obama said that after a visit to Moscow he would condemn Russia.", "USAGOV"),
])
def test_pronoun_subject_of_a_reported_clause_is_its_speaker(nlp, monkeypatch, text, expected):
    # with the shipped resolver, which takes the nearest actor before a pronoun
    monkeypatch.setattr(actors_mod, "resolve_reference", SHIPPED_RESOLVE_REFERENCE, raising=False)
    sources = {e.source.code for e in code(nlp, text) if e.target is not None and e.target.code == "RUS"}
    assert sources == {expected}


def test_future_lawsuit_is_a_threat(nlp):
    assert triples(code(nlp, "Japan said it will press charges against China.")) == {("JPN", "CHN", "130")}


def test_words_of_esteem_in_a_reported_claim_are_praise(nlp):
    got = triples(code(nlp, "Japan said that China showed wise leadership."))
    assert ("JPN", "CHN", "051") in got
    # the praised noun's owner is the target: "the wise leadership of Y"
    got = triples(code(nlp, "Japan said it had no doubt that the wise leadership of Vladimir Putin would prevail."))
    assert ("JPN", "RUSGOV", "051") in got
    # blame still wins over praise in one claim, and plain claims code nothing
    assert triples(code(nlp, "Japan said that China is responsible for the attack.")) == {("JPN", "CHN", "112")}
    assert triples(code(nlp, "Japan said that China held elections.")) == set()


@pytest.mark.parametrize("text, expected", [
    ("Japan may impose sanctions on China if the talks fail.", {("JPN", "CHN", "1312")}),
    # without a condition a modal act stays a mere possibility (not a fact, not a threat)
    ("Japan may impose sanctions on China.", set()),
])
def test_conditional_conflictual_act_is_a_threat(nlp, text, expected):
    assert triples(code(nlp, text), factual_only=True) == expected


def test_noun_named_by_the_verb_row_is_not_coded_again(nlp):
    # "went on strike": the labour strike, not also a military strike (195)
    evs = code(nlp, "Kenyan lawmakers went on strike against Japan.")
    assert {e.cameo_code for e in evs} == {"143"}


@pytest.mark.parametrize("text, expected", [
    ("Japan pledged 50 million euros in humanitarian aid to Ukraine.", ("JPN", "UKR", "033")),
    ("Japan sent 2,000 tonnes of food to Ukraine.", ("JPN", "UKR", "073")),
])
def test_an_amount_stands_for_what_it_measures(nlp, text, expected):
    assert expected in triples(code(nlp, text))
