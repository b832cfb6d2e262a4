"""The CAMEO event codebook and the CAMEO -> PLOVER mapping, as packaged data.

    code("0311") -> CameoCode(code, name, root, quad_class, goldstein, description, example, usage_notes)
    plover("0311") -> {"event": "AGREE", "mode": None}   (falls back to the parent code's row)
    plover_legacy("190") -> "FIGHT"   (PLOVER 0.5 names, as in PLOVER_GSR_CAMEO.json)
    codes() -> every CameoCode, in codebook order
    PLOVER_EVENTS -> the PLOVER 2021 event types; PLOVER_LEGACY_EVENTS the older names

Sources (``ontology/data/``, licences alongside): ``cameo-codes.csv`` from the icews R package
(MIT), ``CAMEO2PLOVER-2021.txt`` from the PLOVER project (CC BY-SA 4.0), plus
``plover-supplement.txt`` (eventwire's additions in the same format) and ``plover-legacy.json``.
"""
from __future__ import annotations

import csv
import functools
import json
import logging
from dataclasses import dataclass
from importlib import resources
from typing import Optional

LOGGER = logging.getLogger(__name__)

_DATA = resources.files(__package__) / "data"

# QuadClass by CAMEO root: 1 verbal cooperation, 2 material cooperation, 3 verbal conflict,
# 4 material conflict (the CAMEO manual's grouping, used by GDELT and ICEWS).
_QUAD_BY_ROOT = {
    **{f"{r:02d}": 1 for r in range(1, 6)},
    **{f"{r:02d}": 2 for r in range(6, 9)},
    **{f"{r:02d}": 3 for r in range(9, 14)},
    **{f"{r:02d}": 4 for r in range(14, 21)},
}

PLOVER_EVENTS = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "MOBILIZE", "SANCTION", "COERCE", "ASSAULT",
)


@dataclass(frozen=True)
class CameoCode:
    """One row of the CAMEO codebook."""

    code: str
    name: str
    root: str
    quad_class: int
    goldstein: float
    description: Optional[str] = None
    example: Optional[str] = None
    usage_notes: Optional[str] = None


def _clean(value: Optional[str]) -> Optional[str]:
    """CSV cell -> stripped text, None for empty / "NA"."""
    if value is None:
        return None
    value = value.strip()
    return None if value in ("", "NA") else value


def quad_class(root: str) -> int:
    """QuadClass (1..4) of a CAMEO root ("01".."20"); ValueError for anything else."""
    try:
        return _QUAD_BY_ROOT[root[:2]]
    except KeyError:
        raise ValueError(f"not a CAMEO root: {root!r} (valid: 01..20)") from None


@functools.lru_cache(maxsize=1)
def _codebook() -> dict[str, CameoCode]:
    """Load ``cameo-codes.csv`` once: code -> CameoCode, in file order."""
    table: dict[str, CameoCode] = {}
    with (_DATA / "cameo-codes.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            code = row["code"].strip()
            root = (row.get("root_code") or code[:2]).strip()
            table[code] = CameoCode(
                code=code,
                name=row["name"].strip(),
                root=root,
                quad_class=quad_class(root),
                goldstein=float(row["goldstein"]),
                description=_clean(row.get("description")),
                example=_clean(row.get("example")),
                usage_notes=_clean(row.get("usage_notes")),
            )
    return table


def codes() -> list[CameoCode]:
    """Every CAMEO code (roots included), in codebook order."""
    return list(_codebook().values())


def code(cameo_code: str) -> CameoCode:
    """The codebook row for ``cameo_code``; KeyError naming the code if it is not CAMEO."""
    try:
        return _codebook()[str(cameo_code).strip()]
    except KeyError:
        raise KeyError(f"unknown CAMEO code {cameo_code!r}") from None


def is_code(cameo_code: str) -> bool:
    """True if ``cameo_code`` is in the codebook."""
    return str(cameo_code).strip() in _codebook()


def _parse_plover_lines(lines) -> dict[str, dict]:
    """Parse ``CODE: EVENT, mode, context # comment`` lines into code -> row."""
    table: dict[str, dict] = {}
    for line in lines:
        body = line.split("#", 1)[0].strip()
        if not body or ":" not in body or not body[0].isdigit():
            continue
        key, _, rest = body.partition(":")
        fields = [f.strip() for f in rest.split(",")]
        event = fields[0] or None
        mode = fields[1] if len(fields) > 1 and fields[1] else None
        context = ",".join(fields[2:]).strip() if len(fields) > 2 else ""
        # first row wins: the table repeats a few codes with the same content
        table.setdefault(key.strip(), {"event": event, "mode": mode, "context": context or None})
    return table


@functools.lru_cache(maxsize=1)
def _plover_table() -> dict[str, dict]:
    """CAMEO code -> {"event", "mode", "context"} from the official table, then the supplement."""
    table = _parse_plover_lines(
        (_DATA / "CAMEO2PLOVER-2021.txt").read_text(encoding="utf-8").splitlines()
    )
    supplement = _parse_plover_lines(
        (_DATA / "plover-supplement.txt").read_text(encoding="utf-8").splitlines()
    )
    for key, row in supplement.items():
        table.setdefault(key, row)
    return table


def plover_row(cameo_code: str) -> dict:
    """{"event", "mode", "context"} for a CAMEO code: its own row, else the nearest parent's."""
    table = _plover_table()
    key = str(cameo_code).strip()
    while key:
        if key in table:
            return dict(table[key])
        # parents: "0311" -> "031" -> "03"; a root has no parent
        key = key[:-1] if len(key) > 2 else ""
    return {"event": None, "mode": None, "context": None}


def plover(cameo_code: str) -> dict:
    """{"event": PLOVER type or None, "mode": mode or None} for a CAMEO code."""
    row = plover_row(cameo_code)
    return {"event": row["event"], "mode": row["mode"]}


@functools.lru_cache(maxsize=1)
def _legacy_rules() -> dict:
    return json.loads((_DATA / "plover-legacy.json").read_text(encoding="utf-8"))


def plover_legacy(cameo_code: str) -> Optional[str]:
    """The PLOVER 0.5 event name (DEMAND, DISAPPROVE, FIGHT, INVESTIGATE ...) for a CAMEO code.

    Derived from the 2021 mapping with the renames in ``plover-legacy.json``: used to score
    against ``PLOVER_GSR_CAMEO.json``, whose labels predate the 2021 names.
    """
    rules = _legacy_rules()
    key = str(cameo_code).strip()
    for prefix, name in rules["by_code_prefix"].items():
        if key.startswith(prefix):
            return name
    row = plover_row(key)
    event = row["event"]
    if event is None:
        return None
    if row["mode"] in rules["by_mode"]:
        return rules["by_mode"][row["mode"]]
    return rules["rename"].get(event, event)


PLOVER_LEGACY_EVENTS = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "DISAPPROVE",
    "INVESTIGATE", "DEMAND", "REJECT", "THREATEN", "PROTEST", "MOBILIZE", "SANCTION", "COERCE",
    "ASSAULT", "FIGHT",
)

# old name -> 2021 name, for comparing legacy labels with current output
PLOVER_LEGACY_TO_2021 = {
    "DISAPPROVE": "ACCUSE",
    "INVESTIGATE": "ACCUSE",
    "DEMAND": "REQUEST",
    "FIGHT": "ASSAULT",
}
