"""The predicate pattern table: every example sentence codes to its row's code; the miner
reads PETRARCH pattern syntax."""
from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from eventwire.coder.patterns import PatternTable, load_core, _DATA

from .test_events import fixture_helpers

REPO = Path(__file__).resolve().parents[1]
CORE, _ = load_core(_DATA / "core.yaml")


def _builder():
    spec = importlib.util.spec_from_file_location("build_patterns", REPO / "scripts" / "build_patterns.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


DISCARD = "---"  # PETRARCH's null code: the row's reading is no event
CODED = [r for r in CORE if r.code != DISCARD]
DISCARDED = [r for r in CORE if r.code == DISCARD]


@pytest.mark.parametrize("row", CODED, ids=[r.id for r in CODED])
def test_example_codes_to_its_row(nlp, row):
    events = fixture_helpers().code(nlp, row.example)
    codes = [e.cameo_code for e in events if not e.negated and not e.hypothetical]
    assert row.code in codes, f"{row.example!r} coded {codes}"


@pytest.mark.parametrize("row", DISCARDED, ids=[r.id for r in DISCARDED])
def test_discard_row_codes_no_event_for_its_lemma(nlp, row):
    # the example has the lemma as a verb; the discard row matches it and keeps the mined
    # CAMEO 2.0 reading out, so nothing is coded for it
    events = fixture_helpers().code(nlp, row.example)
    doc = nlp(row.example)
    verbs = [t for t in doc if t.lemma_.lower() == row.lemma and t.pos_ == "VERB"]
    assert verbs, f"{row.example!r} has no verb {row.lemma!r}"
    table = PatternTable.default()
    assert table.match(verbs[0])[0].pattern.id == row.id
    assert [e.cameo_code for e in events if e.trigger.lower() == verbs[0].lower_] == []


def test_every_root_is_covered():
    roots = {row.code[:2] for row in CODED}
    assert roots == {f"{r:02d}" for r in range(1, 21)}


def test_row_ids_are_unique_and_examples_present():
    ids = [row.id for row in CORE]
    assert len(ids) == len(set(ids))
    assert all(row.example for row in CORE)


def test_specific_row_beats_plain_row(nlp):
    table = PatternTable.default()
    doc = nlp("Russia sent troops to Belarus.")
    assert table.match(doc[1])[0].pattern.code == "154"
    doc = nlp("Japan sent aid to Ukraine.")
    assert table.match(doc[1])[0].pattern.code == "070"


def test_mined_rows_fill_lemmas_the_core_lacks(nlp):
    table = PatternTable.default()
    doc = nlp("Japan rebuked China.")  # core row
    assert table.match(doc[1])[0].pattern.source == "core"
    doc = nlp("Japan lambasted China.")  # only in CAMEO 2.0
    found = table.match(doc[1])
    assert found and found[0].pattern.source == "cameo2" and found[0].pattern.code.startswith("11")


def test_yaml_on_is_a_preposition_not_true():
    call_on = next(r for r in CORE if r.id == "call-on")
    assert call_on.prep == "on" and call_on.targets == ("on",)


@pytest.mark.parametrize("body, expected", [
    ("* POLICE (TO BORDER)", {"particle": "", "object": "police", "prep": "to", "prep_object": "border", "target_prep": False}),
    ("* UP &WEAPON", {"particle": "up", "object": "@weapon", "prep": "", "prep_object": "", "target_prep": False}),
    ("* {ARMS SHIPMENT}", {"particle": "", "object": "arms shipment", "prep": "", "prep_object": "", "target_prep": False}),
    ("* CLAIM (AGAINST +)", {"particle": "", "object": "claim", "prep": "against", "prep_object": "", "target_prep": True}),
    ("&MILITARY * (TO BORDER)", None),
])
def test_parse_pattern(body, expected):
    assert _builder().parse_pattern(body) == expected


@pytest.mark.parametrize("text, expected", [
    ("[036:036]", ("036", "036")), ("[:112]", ("", "112")), ("[---]", ("", "")), ("[190]", ("190", "")),
])
def test_parse_code(text, expected):
    assert _builder().parse_code(text) == expected


def test_time_phrase_is_no_particle(nlp):
    # "on Tuesday" must not turn "demanded" into the mined "press on" reading [190]
    table = PatternTable.default()
    doc = nlp("Japan demanded on Tuesday that China release the sailors.")
    assert table.match(doc[1])[0].pattern.code == "100"


def test_mined_pattern_kept_to_the_verb_it_was_written_for():
    from eventwire.coder.patterns import load_cameo2

    mined, _ = load_cameo2(_DATA)
    on_rows = {(p.lemma, p.code) for p in mined if p.particle == "on" and p.code == "190"}
    assert ("press", "190") in on_rows
    assert ("demand", "190") not in on_rows


def test_modifier_picks_the_kind_of_strike(nlp):
    table = PatternTable.default()
    doc = nlp("Chilean prisoners began a hunger strike.")
    assert table.match(doc[5], noun=True)[0].pattern.code == "142"
    doc = nlp("Israel launched a strike on Lebanon.")
    assert table.match(doc[3], noun=True)[0].pattern.code == "195"


def test_quantity_of_aid_is_aid(nlp):
    table = PatternTable.default()
    doc = nlp("Japan gave Nepal five million dollars of aid.")
    assert table.match(doc[1])[0].pattern.code == "070"


@pytest.mark.parametrize("line, verb", [
    ("- * ON                      [190]         # PRESS", "press"),
    ("- * (TO)                    [042:043]     # RUSH", "rush"),
    ("- * SANCTIONS [163]", ""),
    ("- * FIRE                    [180]         # ms 04 Apr 2008", ""),
])
def test_comment_verb(line, verb):
    assert _builder().comment_verb(line) == verb


# ---------------------------------------------------------------- readings decided by the table
# (each asserts what a row's constraint or its place in the table decides; the sentences are
# written for these tests)

def _codes(nlp, text):
    events = fixture_helpers().code(nlp, text)
    return sorted(e.cameo_code for e in events if not e.negated and not e.hypothetical)


def test_welcoming_an_act_is_praise_not_hosting(nlp):
    assert _codes(nlp, "Chile welcomed Peru's decision.") == ["051"]
    assert _codes(nlp, "China welcomed Japan's prime minister.") == ["042", "043"]


def test_join_is_a_visit_only_in_the_passive_with_its_by_party(nlp):
    # "X joined a group" is no visit; "X was joined by Y" is Y coming to X
    assert _codes(nlp, "Tunisian volunteers joined Syrian rebels.") == []
    assert _codes(nlp, "Japan was joined by China for talks.") == ["042", "043"]


def test_who_is_expelled_decides_the_code(nlp):
    table = PatternTable.default()
    for text, code in [("Russia expelled British diplomats.", "161"),
                       ("Russia expelled British journalists.", "174"),
                       ("Sudan expelled British aid workers.", "1663"),  # not the individuals' 174
                       ("Chad expelled the African Union mission.", "166")]:
        doc = nlp(text)
        verb = next(t for t in doc if t.lemma_ == "expel")
        assert table.match(verb)[0].pattern.code == code, text


def test_exercises_with_a_partner_are_cooperation_alone_a_show_of_force(nlp):
    assert _codes(nlp, "Japan held joint exercises with Australia.") == ["062", "062"]
    assert _codes(nlp, "Russia's army held exercises near Ukraine's border.") == ["150"]


def test_a_military_blockade_is_not_an_economic_sanction(nlp):
    # @sanction names blockades too: the @blockade rows come first and win at equal specificity
    assert _codes(nlp, "Israel imposed a blockade on Gaza's port.") == ["191"]
    assert _codes(nlp, "Israel lifted its blockade of Gaza's port.") == ["0872"]
    assert _codes(nlp, "The United States lifted sanctions on Sudan.") == ["085"]


def test_an_oath_of_office_is_no_vow(nlp):
    assert _codes(nlp, "Chile's chief justice swore in Peru's new ambassador.") == []
    assert _codes(nlp, "North Korea swore to stand with Russia.") == ["030"]


def test_calls_for_sanctions_rally_opposition_against_the_target(nlp):
    # the codebook's 113: soliciting others to punish the target is no appeal to it (020)
    assert _codes(nlp, "Chile called for sanctions against Peru.") == ["113"]
    assert _codes(nlp, "Chile called for talks with Peru.") == ["020"]


def test_a_released_report_is_a_statement_not_a_release(nlp):
    assert _codes(nlp, "Iran released a report to France.") == ["010"]
    assert _codes(nlp, "Iran released French prisoners.") == ["0841"]
