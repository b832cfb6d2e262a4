"""Writing Articles: the JSON contract (jsonl / json) and a readable table for terminals."""
from __future__ import annotations

import json
import shutil
from typing import IO, Iterable

from .model import Article


def write_articles(articles: Iterable[Article], fmt: str, out: IO[str]) -> None:
    """Stream ``articles`` to ``out`` as jsonl, one json array, or a table."""
    if fmt == "jsonl":
        for article in articles:
            out.write(json.dumps(article.to_dict(), ensure_ascii=False) + "\n")
            out.flush()
    elif fmt == "json":
        out.write("[")
        for n, article in enumerate(articles):
            out.write(("," if n else "") + "\n" + json.dumps(article.to_dict(), ensure_ascii=False, indent=2))
        out.write("\n]\n")
    else:
        for article in articles:
            out.write(render_table(article) + "\n")
            out.flush()


def _actor(actor) -> str:
    if actor is None:
        return "-"
    return f"{actor.code or actor.country or '?'} ({actor.name})"


def _cut(text: str, width: int) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= width else text[: max(0, width - 1)] + "…"


def render_table(article: Article) -> str:
    """A human summary of one coded article."""
    width = max(60, min(shutil.get_terminal_size((120, 20)).columns, 160))
    lines = [
        "=" * width,
        _cut(f"{article.input}  {article.title or ''}", width),
        f"published {article.published or '?'} ({article.published_source or 'unknown'})  "
        f"paragraphs {len(article.body)}  captions {len(article.captions)}  "
        f"removed {len(article.boilerplate)}  entities {len(article.entities)}",
    ]
    if article.events:
        lines.append("")
        lines.append(f"{'date':<10}  {'code':<5} {'source':<26} {'target':<26} {'flags':<6} sentence")
        for e in article.events:
            flags = ("N" if e.negated else "") + ("H" if e.hypothetical else "") + ("A" if e.attribution else "")
            used = 10 + 2 + 6 + 27 + 27 + 7
            lines.append(
                f"{str(e.date or ''):<10}  {e.cameo_code:<5} {_cut(_actor(e.source), 26):<26} "
                f"{_cut(_actor(e.target), 26):<26} {flags:<6} {_cut(e.sentence, max(10, width - used))}"
            )
    if article.quotes:
        lines.append("")
        for q in article.quotes:
            who = q.speaker or "?"
            if q.speaker_actor is not None and q.speaker_actor.code:
                who += f" [{q.speaker_actor.code}]"
            lines.append(_cut(f"{q.kind:<8} {who}: “{q.text}”", width))
    return "\n".join(lines)
