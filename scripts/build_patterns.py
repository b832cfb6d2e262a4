"""Mine the PETRARCH2 CAMEO 2.0 verb dictionary into eventwire's pattern table format.

Usage: python scripts/build_patterns.py [../shared/data/phoenix/CAMEO.2.0.txt]

Writes into ``src/eventwire/data/patterns/``: ``cameo2_verbs.csv`` (verb lemma + particle ->
its PETRARCH block and default code), ``cameo2_patterns.csv`` (each block's patterns that
eventwire's matcher can use), ``cameo2_classes.csv`` (the ``&`` synonym sets), plus the MIT
licence notice. Only the simple PETRARCH pattern shapes are kept: ``* [PARTICLE] [OBJECT]
[(PREP [NOUN])]``; patterns that constrain the subject side (``&MILITARY *``) or need more than
one object or prepositional phrase are skipped (eventwire takes its subject from the parse).
"""
from __future__ import annotations

import csv
import re
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "src" / "eventwire" / "data" / "patterns"
DEFAULT_SOURCE = ROOT.parent / "shared" / "data" / "phoenix" / "CAMEO.2.0.txt"

# bare words after the verb that are verb particles, not objects ("back down", "crack down")
PARTICLES = {"UP", "DOWN", "OUT", "OFF", "BACK", "AWAY", "OVER", "ASIDE", "FORWARD", "AHEAD",
             "IN", "ON", "APART", "TOGETHER", "ABOUT", "AROUND", "THROUGH"}
CODE_RE = re.compile(r"\[([0-9:\-]*)\]")
HEADER_RE = re.compile(r"^---\s+(\S+)\s+\[([^\]]*)\]")


def _word(token: str) -> str:
    """PETRARCH word -> lower-case text; trailing ``_`` (no inflection) and ``_`` joins undone."""
    return token.strip("_").replace("_", " ").lower()


def parse_classes(lines: list[str]) -> dict[str, list[str]]:
    """The ``&NAME`` synonym sets at the top of the file."""
    classes: dict[str, list[str]] = {}
    current = None
    for line in lines:
        line = line.split("#", 1)[0].strip()
        if line.startswith("&"):
            current = line[1:].strip().lower()
            classes[current] = []
        elif line.startswith("+") and current:
            classes[current].append(_word(line[1:].split()[0]))
        elif not line:
            current = None
    return classes


def parse_code(text: str) -> tuple[str, str]:
    """``[036:036]`` -> ("036", "036"); ``[:112]`` -> ("", "112"); ``[---]`` -> ("", "")."""
    match = CODE_RE.search(text)
    if not match:
        return "", ""
    forward, _, reverse = match.group(1).partition(":")
    clean = lambda c: c if c and c.strip("-") and c.isdigit() else ""  # noqa: E731
    return clean(forward), clean(reverse)


def parse_pattern(body: str) -> dict | None:
    """``* UP (TO BORDER) +`` -> particle/object/prep/prep_object; None for shapes we skip."""
    tokens = re.findall(r"\{[^}]*\}|\([^)]*\)|\S+", body)
    if "*" not in tokens or tokens.index("*") != 0:
        return None  # subject-side constraints: eventwire reads subjects from the parse
    row = {"particle": "", "object": "", "prep": "", "prep_object": "", "target_prep": False}
    for tok in tokens[1:]:
        if tok in ("$", "%"):
            continue
        if tok == "+":
            continue
        if tok.startswith("("):
            inner = tok[1:-1].split()
            if row["prep"] or not inner:
                return None
            row["prep"] = _word(inner[0].split("/")[0])
            rest = [w for w in inner[1:] if w not in ("$", "%")]
            if rest == ["+"]:
                row["target_prep"] = True
            elif rest:
                words = [w for w in rest if w != "+"]
                row["prep_object"] = _phrase(words)
            continue
        if tok.startswith("{"):
            if row["object"]:
                return None
            row["object"] = _phrase(tok[1:-1].split())
            continue
        word = tok
        if word.upper() in PARTICLES and not row["object"] and not row["particle"] and not row["prep"]:
            row["particle"] = word.lower()
            continue
        if row["object"] or row["prep"]:
            return None
        row["object"] = _phrase([word])
    return row


def _phrase(words: list[str]) -> str:
    """Words of a noun phrase; ``&CLASS`` kept as ``@class``; space separated."""
    out = []
    for w in words:
        if w.startswith("&"):
            out.append("@" + w[1:].lower())
        elif w not in ("+", "$", "%"):
            out.append(_word(w))
    return " ".join(out)


def parse_verbs(lines: list[str]) -> tuple[list[dict], list[dict]]:
    """Verb blocks -> (verbs: lemma, particle, block, default code; patterns per block)."""
    verbs: list[dict] = []
    patterns: list[dict] = []
    block, block_code = None, ""
    for raw in lines:
        line = raw.rstrip()
        header = HEADER_RE.match(line)
        if header:
            block = header.group(1)
            block_code, _ = parse_code("[" + header.group(2) + "]")
            continue
        if block is None or not line.strip() or line.lstrip().startswith("#"):
            continue
        if line.startswith("-"):
            body, _, _ = line[1:].partition("[")
            code, reverse = parse_code(line.split("#", 1)[0])
            pat = parse_pattern(body.strip())
            if pat is not None and (code or reverse):
                pat.update(block=block, code=code, reverse_code=reverse, verb=comment_verb(line))
                patterns.append(pat)
            continue
        text = line.split("#", 1)[0]
        first = text.split()[0] if text.split() else ""
        if not first or first.startswith("{"):
            continue
        verb_code, _ = parse_code(text)
        words = _word(first.lstrip("+")).split()
        verbs.append(dict(lemma=words[0], particle=" ".join(words[1:]), block=block,
                          code=verb_code or block_code))
    return verbs, patterns


def comment_verb(line: str) -> str:
    """The verb a pattern line was written for: its trailing comment (``# PRESS``), lower-case.

    PETRARCH applies a block's patterns to every verb of the block; the comment says which verb
    the coder had in mind ("* ON [190] # PRESS" is "press on", not "demand on"), so the loader
    can keep a pattern to that verb.
    """
    _, sep, comment = line.partition("#")
    words = comment.split() if sep else []
    if not words or not re.fullmatch(r"[A-Z][A-Z_\-]*", words[0]):
        return ""
    return _word(words[0])


def _write(path: Path, fields: list[str], rows: list[dict]) -> None:
    seen = set()
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=fields, extrasaction="ignore")
        writer.writeheader()
        for row in rows:
            key = tuple(str(row.get(k, "")) for k in fields if k != "id")
            if key in seen:
                continue
            seen.add(key)
            writer.writerow(row)


def main(source: Path = DEFAULT_SOURCE) -> None:
    lines = source.read_text(encoding="utf-8", errors="replace").splitlines()
    start = next(i for i, l in enumerate(lines) if "VERB PATTERNS" in l)
    end = next((i for i, l in enumerate(lines) if "TRANSFORMATIONS" in l), len(lines))
    classes = parse_classes(lines[:start])
    verbs, patterns = parse_verbs(lines[start:end])
    for n, row in enumerate(patterns):
        row["id"] = f"c2-{n:04d}"
        row["target_prep"] = "1" if row["target_prep"] else ""
    OUT.mkdir(parents=True, exist_ok=True)
    _write(OUT / "cameo2_verbs.csv", ["lemma", "particle", "block", "code"], verbs)
    _write(OUT / "cameo2_patterns.csv", ["id", "block", "particle", "object", "prep",
                                         "prep_object", "target_prep", "code", "reverse_code",
                                         "verb"],
           patterns)
    _write(OUT / "cameo2_classes.csv", ["class", "word"],
           [{"class": c, "word": w} for c, words in classes.items() for w in words])
    shutil.copy(source.parent / "LICENSE-petrarch2.txt", OUT / "LICENSE-petrarch2.txt")
    print(f"{len(verbs)} verbs, {len(patterns)} patterns, {len(classes)} classes -> {OUT}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_SOURCE)
