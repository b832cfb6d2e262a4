"""CAMEO codebook and CAMEO -> PLOVER mapping (eventwire.ontology)."""
from __future__ import annotations

import pytest

from eventwire import ontology


@pytest.mark.parametrize(
    "code, root, quad, goldstein, name",
    [
        ("010", "01", 1, 0.0, "Make statement"),
        ("0311", "03", 1, 5.2, "Express intent to cooperate economically"),
        ("042", "04", 1, 1.9, "Make a visit"),
        ("057", "05", 1, 8.0, "Sign formal agreement"),
        ("073", "07", 2, 7.4, "Provide humanitarian aid"),
        ("112", "11", 3, -2.0, "Accuse"),
        ("130", "13", 3, -4.4, "Threaten"),
        ("163", "16", 4, -8.0, "Impose embargo, boycott, or sanctions"),
        ("190", "19", 4, -10.0, "Use conventional military force"),
        ("2042", "20", 4, -10.0, "Detonate nuclear weapons"),
    ],
)
def test_code_lookup(code, root, quad, goldstein, name):
    row = ontology.code(code)
    assert (row.code, row.root, row.quad_class, row.goldstein, row.name) == (code, root, quad, goldstein, name)


def test_codebook_is_complete_and_keeps_descriptions():
    rows = ontology.codes()
    assert len(rows) == 312
    assert {r.root for r in rows} == {f"{i:02d}" for i in range(1, 21)}
    statement = ontology.code("010")
    assert statement.description.startswith("All public statements expressed verbally")
    assert statement.example.startswith("U.S. military chief General Colin Powell said")
    # the source file's mojibake is repaired: curly apostrophes survive
    assert "Moscow\u2019s" in ontology.code("012").example


@pytest.mark.parametrize("root, quad", [("01", 1), ("05", 1), ("06", 2), ("08", 2), ("09", 3), ("13", 3), ("14", 4), ("20", 4)])
def test_quad_class_by_root(root, quad):
    assert ontology.quad_class(root) == quad


def test_unknown_code_raises_with_the_code():
    with pytest.raises(KeyError, match="999"):
        ontology.code("999")
    with pytest.raises(ValueError, match="21"):
        ontology.quad_class("21")


@pytest.mark.parametrize(
    "code, event, mode",
    [
        ("0311", "AGREE", None),
        ("041", "CONSULT", "phone"),
        ("042", "CONSULT", "visit"),
        ("0841", "RETREAT", "release"),
        ("112", "ACCUSE", "disapprove"),
        ("163", "COERCE", "restrict"),
        ("173", "COERCE", "arrest"),
        ("190", "ASSAULT", None),
        ("195", "ASSAULT", "heavy-weapons"),
        ("0234", "REQUEST", "assist"),  # from eventwire's supplement (CAMEO 02 appeals)
        ("010", None, None),  # public statements have no PLOVER event type
    ],
)
def test_plover_mapping(code, event, mode):
    assert ontology.plover(code) == {"event": event, "mode": mode}


def test_plover_falls_back_to_the_parent_row():
    # 2041 and 2042 are not in the table: they take 204's row
    assert ontology.plover("2041") == ontology.plover("204") == {"event": "ASSAULT", "mode": "unconventional"}
    assert ontology.plover_row("20")["event"] == "ASSAULT"


@pytest.mark.parametrize(
    "code, legacy",
    [("190", "FIGHT"), ("193", "FIGHT"), ("182", "ASSAULT"), ("112", "DISAPPROVE"), ("090", "INVESTIGATE"),
     ("1041", "DEMAND"), ("020", "DEMAND"), ("0311", "AGREE"), ("010", None)],
)
def test_legacy_plover_names(code, legacy):
    assert ontology.plover_legacy(code) == legacy
    assert legacy is None or legacy in ontology.PLOVER_LEGACY_EVENTS


def test_every_mapped_event_is_a_plover_type():
    events = {ontology.plover(c.code)["event"] for c in ontology.codes()}
    assert events - {None} <= set(ontology.PLOVER_EVENTS)
