"""Hand-made coded articles for tests, demos and benchmarks (no NLP involved).

``sample_articles()`` returns a small fixed corpus (North Korea / Russia / Ukraine, with
quotes and places); ``synthetic_article(i)`` makes the i-th of any number of varied ones.
Offsets are exact: each event's ``sentence`` is ``article.text[start:end]``.
"""
from __future__ import annotations

import datetime as dt
import random

from ..model import Actor, Article, Entity, Event, Location, Place, Quote

PLACES = {
    "Moscow": Location("Moscow", "RUS", "Moscow", 55.7558, 37.6173, "geonames:524901", "city"),
    "Pyongyang": Location("Pyongyang", "PRK", "Pyongyang", 39.0339, 125.7543, "geonames:1871859", "city"),
    "Kyiv": Location("Kyiv", "UKR", "Kyiv City", 50.4501, 30.5234, "geonames:703448", "city"),
    "Kursk": Location("Kursk", "RUS", "Kursk Oblast", 51.7304, 36.1926, "geonames:538560", "city"),
    "Washington": Location("Washington", "USA", "District of Columbia", 38.8951, -77.0364, "geonames:4140963", "city"),
    "Beijing": Location("Beijing", "CHN", "Beijing", 39.9075, 116.3972, "geonames:1816670", "city"),
}

ACTORS = {
    "PRK": Actor("North Korea", "PRK", "PRK"),
    "PRKGOV": Actor("Choe Son Hui", "PRKGOV", "PRK", "GOV", "Foreign Minister"),
    "RUS": Actor("Russia", "RUS", "RUS"),
    "RUSGOV": Actor("Sergey Lavrov", "RUSGOV", "RUS", "GOV", "Foreign Minister"),
    "RUSMIL": Actor("Russian troops", "RUSMIL", "RUS", "MIL"),
    "UKR": Actor("Ukraine", "UKR", "UKR"),
    "UKRMIL": Actor("Ukrainian forces", "UKRMIL", "UKR", "MIL"),
    "USA": Actor("United States", "USA", "USA"),
    "CHN": Actor("China", "CHN", "CHN"),
}

# (code, root, quad, goldstein, plover, verb phrase)
ACTIONS = [
    ("036", "03", 1, 4.0, "AGREE", "said it was ready to meet"),
    ("040", "04", 1, 1.0, "CONSULT", "held talks with"),
    ("057", "05", 1, 8.0, "AGREE", "signed an agreement with"),
    ("061", "06", 2, 6.4, "COOPERATE", "expanded economic cooperation with"),
    ("0312", "03", 1, 5.2, "AGREE", "pledged military cooperation with"),
    ("112", "11", 3, -2.0, "ACCUSE", "accused"),
    ("130", "13", 3, -4.4, "THREATEN", "threatened"),
    ("172", "17", 4, -5.0, "COERCE", "imposed restrictions on"),
    ("190", "19", 4, -10.0, "ASSAULT", "attacked"),
    ("195", "19", 4, -10.0, "ASSAULT", "launched drone strikes on"),
]


def _event(text_so_far: int, sentence: str, source: str, target: str, action: tuple,
           day: dt.date, place: str | None, **extra) -> Event:
    code, root, quad, gold, plover, _ = action
    return Event(sentence=sentence, start=text_so_far, end=text_so_far + len(sentence),
                 source=ACTORS[source], target=ACTORS[target], cameo_code=code, cameo_root=root,
                 quad_class=quad, goldstein=gold, plover={"event": plover, "mode": None},
                 date=day, date_source="sentence", location=PLACES[place] if place else None,
                 trigger=action[5].split()[0], **extra)


class _Builder:
    """Accumulates paragraphs and keeps offsets into ``"\\n\\n".join(body)``."""

    def __init__(self) -> None:
        self.body: list[str] = []
        self.events: list[Event] = []
        self.quotes: list[Quote] = []
        self.places: list[Place] = []
        self.entities: list[Entity] = []

    @property
    def offset(self) -> int:
        return sum(len(p) + 2 for p in self.body)

    def paragraph(self, sentences: list[tuple[str, dict | None]]) -> None:
        start = self.offset
        text = ""
        for sentence, spec in sentences:
            if text:
                text += " "
            at = start + len(text)
            text += sentence
            if spec is None:
                continue
            if "quote" in spec:
                inner = spec["quote"]
                q_at = at + sentence.index(inner)
                self.quotes.append(Quote("direct", inner, spec["speaker"].name, spec["speaker"],
                                         spec["speaker"].role, q_at, q_at + len(inner), "said"))
            if "event" in spec:
                self.events.append(_event(at, sentence, *spec["event"]))
            for name in spec.get("places", ()):
                p_at = at + sentence.index(name)
                self.places.append(Place(name, p_at, p_at + len(name), PLACES[name]))
            for name, label in spec.get("entities", ()):
                e_at = at + sentence.index(name)
                self.entities.append(Entity(name, label, e_at, e_at + len(name)))
        self.body.append(text)


def sample_articles() -> list[Article]:
    """Four fixed articles, 2024-10-28 to 2024-11-08."""
    out = []

    b = _Builder()
    b.paragraph([
        ("North Korea signed an agreement with Russia in Moscow on Friday.",
         {"event": ("PRK", "RUS", ACTIONS[2], dt.date(2024, 11, 1), "Moscow"),
          "places": ["Moscow"], "entities": [("North Korea", "GPE"), ("Russia", "GPE")]}),
        ("The deal covers trade and energy.", None),
    ])
    b.paragraph([
        ("\u201cOur friendship is invincible,\u201d Choe Son Hui said after meeting Sergey Lavrov.",
         {"quote": "Our friendship is invincible,", "speaker": ACTORS["PRKGOV"],
          "event": ("PRKGOV", "RUSGOV", ACTIONS[1], dt.date(2024, 11, 1), "Moscow"),
          "entities": [("Choe Son Hui", "PERSON"), ("Sergey Lavrov", "PERSON")]}),
    ])
    b.paragraph([
        ("Russia pledged military cooperation with North Korea, according to state media.",
         {"event": ("RUS", "PRK", ACTIONS[4], dt.date(2024, 11, 1), None)}),
    ])
    out.append(Article(input="sample/prk-rus.txt", title="North Korea and Russia sign pact",
                       url="https://example.org/news/prk-rus-pact", outlet="Example News",
                       published=dt.date(2024, 11, 1), published_source="given", body=b.body,
                       entities=b.entities, quotes=b.quotes, events=b.events, places=b.places))

    b = _Builder()
    b.paragraph([
        ("Russian troops attacked Ukrainian forces near Kursk on Monday.",
         {"event": ("RUSMIL", "UKRMIL", ACTIONS[8], dt.date(2024, 10, 28), "Kursk"), "places": ["Kursk"]}),
    ])
    b.paragraph([
        ("Ukraine accused Russia of deploying North Korean soldiers.",
         {"event": ("UKR", "RUS", ACTIONS[5], dt.date(2024, 10, 29), "Kyiv")}),
        ("\u201cThis is a dangerous escalation,\u201d Kyiv said.",
         {"quote": "This is a dangerous escalation,", "speaker": ACTORS["UKR"], "places": ["Kyiv"]}),
    ])
    out.append(Article(input="sample/kursk.txt", title="Fighting near Kursk",
                       url="https://example.org/news/kursk", outlet="Example News",
                       published=dt.date(2024, 10, 29), published_source="metadata", body=b.body,
                       entities=b.entities, quotes=b.quotes, events=b.events, places=b.places))

    b = _Builder()
    b.paragraph([
        ("The United States threatened Russia with new sanctions.",
         {"event": ("USA", "RUS", ACTIONS[6], dt.date(2024, 11, 5), "Washington"), "places": []}),
        ("China held talks with Russia in Beijing.",
         {"event": ("CHN", "RUS", ACTIONS[1], dt.date(2024, 11, 6), "Beijing"), "places": ["Beijing"]}),
    ])
    out.append(Article(input="sample/sanctions.txt", title=None, url=None, outlet=None,
                       published=dt.date(2024, 11, 6), published_source="inferred", body=b.body,
                       entities=b.entities, quotes=b.quotes, events=b.events, places=b.places))

    b = _Builder()
    b.paragraph([
        ("North Korea expanded economic cooperation with Russia, officials said.",
         {"event": ("PRK", "RUS", ACTIONS[3], dt.date(2024, 11, 8), "Pyongyang")}),
        ("Russia did not attack Ukraine's energy grid overnight.",
         {"event": ("RUS", "UKR", ACTIONS[8], dt.date(2024, 11, 8), None)}),
    ])
    out.append(Article(input="sample/trade.txt", title="Trade grows", url="https://example.org/news/trade",
                       published=dt.date(2024, 11, 8), published_source="given", body=b.body,
                       quotes=b.quotes, events=b.events, places=b.places))
    out[-1].events[1].negated = True
    return out


def synthetic_article(i: int, events: int = 3, seed: int = 0) -> Article:
    """The i-th synthetic article: ``events`` events between random actors, one quote."""
    rng = random.Random(seed * 1_000_003 + i)
    b = _Builder()
    codes = [c for c in ACTORS if len(c) == 3]
    day = dt.date(2024, 1, 1) + dt.timedelta(days=rng.randrange(366))
    for n in range(events):
        src, tgt = rng.sample(codes, 2)
        action = rng.choice(ACTIONS)
        place = rng.choice([None, *PLACES])
        sentence = f"{ACTORS[src].name} {action[5]} {ACTORS[tgt].name} (report {i}.{n})."
        b.paragraph([(sentence, {"event": (src, tgt, action, day, place)})])
    speaker = ACTORS["RUSGOV"]
    b.paragraph([(f"\u201cWe will respond to report {i},\u201d Lavrov said.",
                  {"quote": f"We will respond to report {i},", "speaker": speaker})])
    return Article(input=f"synthetic/{i}.txt", title=f"Synthetic report {i}", published=day,
                   published_source="given", body=b.body, quotes=b.quotes, events=b.events,
                   places=b.places)
