"""Argument noun phrases -> coded actors in the event coder (eventwire.coder.argactors)."""
from __future__ import annotations

import datetime as dt

import pytest

from eventwire.actors import ActorDictionary, find_mentions
from eventwire.coder.argactors import ActorLookup

DAY = dt.date(2025, 6, 1)


@pytest.fixture(scope="module")
def resolve(nlp):
    """resolve(text, word) -> [(code, how)] for the argument headed by the token ``word``."""

    def run(text: str, word: str, dictionary=None) -> list[tuple]:
        dictionary = dictionary or ActorDictionary.default()
        doc = nlp(text)
        lookup = ActorLookup(doc, find_mentions(doc, dictionary, DAY), dictionary, DAY)
        token = next(t for t in doc if t.text == word)
        return [(r.actor.code, r.how) for r in lookup.resolve_all([token])]

    return run


# --- coordinated nationalities ------------------------------------------------------------------


@pytest.mark.parametrize("text, word, expected", [
    ("Thousands of Dutch and Belgian soldiers began a joint exercise on Monday.", "Thousands",
     [("NLDMIL", "modifier"), ("BELMIL", "modifier")]),
    ("Hundreds of Spanish, Portuguese and Italian police joined the operation.", "Hundreds",
     [("ESPCOP", "modifier"), ("PRTCOP", "modifier"), ("ITACOP", "modifier")]),
    ("Greek and Cypriot warships sailed into the bay.", "warships", [("GRCMIL", "mention"), ("CYPMIL", "mention")]),
])
def test_coordinated_nationalities_give_one_actor_per_country(resolve, text, word, expected):
    assert resolve(text, word) == expected


# --- relational nouns -----------------------------------------------------------------------------


@pytest.mark.parametrize("text, word, expected", [
    # the possessor is the other side of the relation, never the actor's country
    ("The minister reassured Warsaw's Baltic allies on Tuesday.", "allies", [(None, "relation")]),
    ("Oslo thanked its Nordic partners for the loan.", "partners", [(None, "relation")]),
    # a demonym before the head is their country; the possessor is not
    ("The envoy thanked Spain's Moroccan friends for the talks.", "friends", [("MAR", "relation")]),
    ("The army warned Hanoi's Chinese and Laotian neighbours.", "neighbours",
     [("CHN", "relation"), ("LAO", "relation")]),
    # a named group before the head
    ("The summit reassured Poland's NATO allies.", "allies", [("IGOWSTNAT", "relation")]),
    # critics and supporters are people of their owner's country, not the owner
    ("Supporters of the Chilean president marched in Santiago.", "Supporters", [("CHL", "relation+owner")]),
    ("Belgrade's critics gathered outside the court.", "critics", [("SRB", "relation+owner")]),
])
def test_relational_nouns_do_not_take_their_possessor(resolve, text, word, expected):
    assert resolve(text, word) == expected


def test_relational_noun_in_apposition_describes_the_actor_beside_it(resolve):
    # "Mongolia, its neighbour" names Mongolia once; the appositive adds no second actor
    assert resolve("Beijing accused its rivals of siding with Mongolia, its northern neighbour.", "neighbour") == []


def test_group_named_by_its_members_is_those_members(resolve):
    text = ("Ankara's Western allies, including France's Emmanuel Macron and Germany's Friedrich Merz, "
            "criticised the decision.")
    assert resolve(text, "allies") == [("FRAGOV", "member"), ("DEUGOV", "member")]
    assert resolve("World leaders such as Emmanuel Macron attended the funeral.", "leaders") == [("FRAGOV", "member")]


def test_members_do_not_replace_a_group_with_its_own_country(resolve):
    # the group has its country already: its members add nothing
    text = "Canadian officials, including Emmanuel Macron's envoy, attended."
    assert resolve(text, "officials") == [("CANGOV", "mention")]


# --- generic armed groups -------------------------------------------------------------------------


def test_group_noun_takes_the_country_it_is_based_in(resolve):
    assert resolve("A terror group based in Bolivia claimed the bombing.", "group") == [("BOLUAF", "owner")]
    assert resolve("A terror group claimed the bombing.", "group") == [("UAF", "mention")]


def test_particle_led_group_names_resolve(resolve):
    # "al-Qaeda" and "bin Laden" start with a lower-case particle, yet are names
    assert resolve("The al-Qaeda terror network claimed the bombing.", "network") == [("IMGMUSALQ", "mention")]
    assert resolve("Osama bin Laden's agents bombed the embassy.", "agents") == [("IMGMUSALQ", "modifier")]


# --- acronyms -------------------------------------------------------------------------------------


def test_parenthesised_acronym_of_a_known_organisation(resolve):
    text = "The Asia-Pacific Economic Cooperation (APEC) forum agreed to cut tariffs."
    assert resolve(text, "forum") == [("IGOASA", "modifier")]


def test_rebels_without_a_country_take_the_article_country(resolve):
    # domestic rebels are coded with their country, as the CAMEO coders do (TUNREB)
    got = resolve("Tunisian police raided a house in Tunis. Militants later attacked a checkpoint.", "Militants")
    assert got and got[0][0] == "TUNREB"


@pytest.mark.parametrize("text, word, expected", [
    ("A spokesman for the Russian Foreign Ministry condemned the strike.", "spokesman", "RUSGOV"),
    ("A lawyer for the Kenyan government rejected the claim.", "lawyer", "KENGOV"),
])
def test_who_speaks_for_an_organisation_belongs_to_it(resolve, text, word, expected):
    assert [code for code, _ in resolve(text, word)] == [expected]


def test_an_envoy_for_a_country_is_not_of_it(resolve):
    # "envoy for Syria" names the envoy's brief, not the envoy's country
    assert all(not code.startswith("SYR") for code, _ in resolve("The UN envoy for Syria arrived.", "envoy"))
