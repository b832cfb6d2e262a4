"""Which language is a text in? A cheap, dependency-free check: writing system, then stopwords.

    detect_language(text) -> "en" | "de" | "ru" | ... | None (too little text to tell)
    non_english_reason(text) -> None for English (or undecidable) text, else the InputError
        reason "language appears to be 'de', not English (skipped)" (skipped_language_reason)

Latin-script languages are told apart by the share of their most frequent function words
(``data/language/stopwords.yaml``); other scripts (Cyrillic, Arabic, CJK ...) by the script of
their letters. Only the first 5,000 characters are looked at.
"""
from __future__ import annotations

import functools
import logging
import re
import unicodedata
from collections import Counter
from importlib import resources
from typing import Optional

import yaml

LOGGER = logging.getLogger(__name__)

SAMPLE_CHARS = 5000
MIN_WORDS = 12  # below this a stopword share says nothing
MIN_SHARE = 0.12  # a language must cover this share of the words
LEAD = 1.5  # ... and beat English by this factor, so quotes in English text never flip it

# Unicode script (first word of the character name) -> language, for non-Latin scripts
_SCRIPTS = {
    "CYRILLIC": "ru", "ARABIC": "ar", "HEBREW": "he", "GREEK": "el", "HANGUL": "ko",
    "HIRAGANA": "ja", "KATAKANA": "ja", "CJK": "zh", "DEVANAGARI": "hi", "THAI": "th",
    "BENGALI": "bn", "GEORGIAN": "ka", "ARMENIAN": "hy", "TAMIL": "ta", "ETHIOPIC": "am",
}
_UKRAINIAN = set("іїєґІЇЄҐ")
_PERSIAN = set("پچژگ")
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")


@functools.lru_cache(maxsize=1)
def stopwords() -> dict[str, frozenset[str]]:
    """Language code -> its frequent function words (from the packaged data file)."""
    path = resources.files("eventwire") / "data" / "language" / "stopwords.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return {lang: frozenset(str(w).lower() for w in words) for lang, words in data.items()}


def detect_language(text: str) -> Optional[str]:
    """ISO 639-1 code of the text's language, or None when there is too little text to tell."""
    sample = text[:SAMPLE_CHARS]
    script = _script_language(sample)
    if script is not None:
        return script
    words = [w.lower() for w in _WORD.findall(sample)]
    if len(words) < MIN_WORDS:
        return None
    shares = {lang: sum(w in vocab for w in words) / len(words) for lang, vocab in stopwords().items()}
    english = shares.get("en", 0.0)
    best = max(shares, key=shares.__getitem__)
    if best != "en" and shares[best] >= MIN_SHARE and shares[best] > LEAD * english:
        return best
    if english >= MIN_SHARE / 2:
        return "en"
    return None


def non_english_reason(text: str) -> Optional[str]:
    """The InputError reason for a text that is not English, or None."""
    language = detect_language(text)
    if language is None or language == "en":
        return None
    return skipped_language_reason(language)


def skipped_language_reason(language: str) -> str:
    return f"language appears to be '{language}', not English (skipped)"


def _script_language(sample: str) -> Optional[str]:
    """The language of a non-Latin writing system, when most letters are in one."""
    scripts: Counter[str] = Counter()
    letters = 0
    for ch in sample:
        if not ch.isalpha():
            continue
        letters += 1
        if ch < "\u0250":
            scripts["LATIN"] += 1
        else:
            scripts[unicodedata.name(ch, "UNKNOWN").split(" ")[0]] += 1
    if letters < 20:
        return None
    script, count = scripts.most_common(1)[0]
    if script == "LATIN" or count < letters / 2 or script not in _SCRIPTS:
        return None
    if script == "CJK" and scripts["HIRAGANA"] + scripts["KATAKANA"] > count / 10:
        return "ja"
    language = _SCRIPTS[script]
    if language == "ru" and any(ch in _UKRAINIAN for ch in sample):
        return "uk"
    if language == "ar" and any(ch in _PERSIAN for ch in sample):
        return "fa"
    return language
