"""The store commands: ``ingest``, ``query``, ``export``, ``stats``, ``serve``.

Thin wrappers over ``eventwire.store`` and ``eventwire.api``; the main group registers them
(``main.add_command(ingest)`` ...). Errors are one line ``eventwire: ...`` on stderr and exit
status 1; usage errors exit 2 (click). ``python -m eventwire.cli_store`` runs them standalone.
"""
from __future__ import annotations

import csv
import json
import logging
import sys
from typing import Callable

import click

from .cli import parse_date as _date, pipeline_options, translate_errors

LOGGER = logging.getLogger(__name__)

DEFAULT_DB = "eventwire.duckdb"


db_option = click.option("--db", default=DEFAULT_DB, show_default=True, envvar="EVENTWIRE_DB",
                         type=click.Path(dir_okay=False), help="DuckDB database file (env EVENTWIRE_DB).")
wait_option = click.option("--wait", "wait", type=float, default=0.0, show_default=True, metavar="SECONDS",
                           help="Wait up to SECONDS for another process using the database.")

FILTERS = ("source", "target", "actor", "root", "code", "quad", "since", "until", "place", "text")


def filter_options(func: Callable) -> Callable:
    """The event filters shared by query, export and stats (same as /api/events)."""
    options = [
        click.option("--source", metavar="CODE", help="Source actor code, country or code prefix (RUS matches RUSGOV)."),
        click.option("--target", metavar="CODE", help="Target actor code, country or code prefix."),
        click.option("--actor", metavar="X", help="Either side: code, country, or part of the name."),
        click.option("--root", metavar="NN", help="CAMEO root code, 01-20."),
        click.option("--code", metavar="CODE", help="CAMEO code prefix (031 matches 0311)."),
        click.option("--quad", type=click.IntRange(1, 4), help="QuadClass 1-4."),
        click.option("--since", callback=_date, metavar="DATE", help="Events on or after DATE."),
        click.option("--until", callback=_date, metavar="DATE", help="Events on or before DATE."),
        click.option("--place", metavar="NAME|ISO3", help="Where the event happened: place name or ISO3 country."),
        click.option("--text", metavar="SUBSTRING", help="Words in the event's sentence (case-insensitive)."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def _filter(kwargs: dict):
    from .store import EventFilter

    return EventFilter.from_values(**{k: kwargs.pop(k) for k in FILTERS})


# ---------------------------------------------------------------- ingest


@click.command()
@click.argument("paths", nargs=-1, required=True)
@db_option
@pipeline_options
@wait_option
@translate_errors
def ingest(paths, db, model, actors, published, workers, max_bytes, wait):
    """Code documents and store them in a DuckDB database.

    PATH is a file, a directory (read recursively) or - for stdin. Documents already stored
    are skipped, so an interrupted ingest resumes where it stopped. Each document is stored
    in one transaction. Exit status 1 when some input failed (one line each on stderr).
    """
    from .parallel import default_workers
    from .store import Store, ingest_paths

    def on_error(name: str, reason: str) -> None:
        click.echo(f"eventwire: {name}: {reason}", err=True)

    with Store(db, timeout=wait) as store:
        report = ingest_paths(store, paths, published=published, model=model, actors=actors,
                              workers=workers or default_workers(), max_bytes=max_bytes, on_error=on_error)
    click.echo(report.summary())
    if report.failed:
        sys.exit(1)


# ---------------------------------------------------------------- query


def _table(events: list[dict], width: int = 200) -> str:
    header = ("ID", "DATE", "SOURCE", "TARGET", "CODE", "Q", "GOLD", "SENTENCE")
    rows = [header]
    for e in events:
        rows.append((str(e["id"]), e.get("date") or "", (e.get("source") or {}).get("code") or "",
                     (e.get("target") or {}).get("code") or "", e.get("cameo_code") or "",
                     str(e.get("quad_class") or ""), "" if e.get("goldstein") is None else f"{e['goldstein']:g}",
                     " ".join((e.get("sentence") or "").split())))
    widths = [max(len(r[i]) for r in rows) for i in range(len(header) - 1)]
    lines = []
    for row in rows:
        line = "  ".join(v.ljust(w) for v, w in zip(row, widths)) + "  " + row[-1]
        lines.append(line[:width].rstrip())
    return "\n".join(lines)


CSV_FIELDS = ("id", "date", "source", "target", "cameo_code", "quad_class", "goldstein",
              "plover", "place", "sentence", "article_id", "url")


def _csv_row(e: dict) -> list:
    loc = e.get("location") or {}
    return [e["id"], e.get("date"), (e.get("source") or {}).get("code"), (e.get("target") or {}).get("code"),
            e.get("cameo_code"), e.get("quad_class"), e.get("goldstein"), (e.get("plover") or {}).get("event"),
            loc.get("name"), e.get("sentence"), e.get("article_id"), (e.get("article") or {}).get("url")]


@click.command()
@db_option
@filter_options
@click.option("--limit", type=click.IntRange(min=0), default=50, show_default=True, help="Most events to print (0: all).")
@click.option("--order", type=click.Choice(["-date", "date"]), default="-date", show_default=True,
              help="-date: newest first; date: oldest first.")
@click.option("--format", "fmt", type=click.Choice(["table", "jsonl", "csv"]), default="table", show_default=True)
@wait_option
@translate_errors
def query(db, limit, order, fmt, wait, **kwargs):
    """Print stored events matching the filters (all filters combine with AND).

    \b
    eventwire query --source PRK --target RUS --since 2024-11-01
    eventwire query --actor Lavrov --root 04 --format jsonl
    """
    from .store import Store, query_events

    flt = _filter(kwargs)
    with Store(db, read_only=True, timeout=wait) as store:
        events, cursor, total = [], None, None
        while limit == 0 or len(events) < limit:
            size = 1000 if limit == 0 else min(1000, limit - len(events))
            page = query_events(store.cursor(), flt, limit=size, cursor=cursor, order=order,
                                total=total is None)
            total = page["total"] if total is None else total
            events.extend(page["events"])
            cursor = page["next_cursor"]
            if not cursor:
                break
    out = sys.stdout
    if fmt == "jsonl":
        for e in events:
            out.write(json.dumps(e, ensure_ascii=False) + "\n")
    elif fmt == "csv":
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(CSV_FIELDS)
        for e in events:
            writer.writerow(_csv_row(e))
    elif events:
        out.write(_table(events) + "\n")
    click.echo(f"{len(events)} of {total} matching events", err=True)


# ---------------------------------------------------------------- export


@click.command()
@db_option
@click.option("--format", "fmt", type=click.Choice(["gdelt", "plover", "parquet", "csv", "jsonl"]),
              required=True, help="gdelt: GDELT 2.0 event table (TSV, 61 columns); plover: PLOVER JSON lines; "
                                  "parquet; csv; jsonl: events as in the JSON contract.")
@click.option("--output", "-o", type=click.Path(dir_okay=False, allow_dash=True), default="-",
              show_default=True, help="Output file (- for stdout; Parquet needs a file).")
@filter_options
@wait_option
@translate_errors
def export(db, fmt, output, wait, **kwargs):
    """Export stored events (optionally filtered) for GDELT, PLOVER, DuckDB or pandas users."""
    from .store import Store
    from .store import export as do_export

    flt = _filter(kwargs)
    with Store(db, read_only=True, timeout=wait) as store:
        if fmt == "parquet":
            count = do_export(store.cursor(), fmt, path=None if output == "-" else output, flt=flt)
        elif output == "-":
            count = do_export(store.cursor(), fmt, out=sys.stdout, flt=flt)
        else:
            with open(output, "w", encoding="utf-8", newline="") as fh:
                count = do_export(store.cursor(), fmt, out=fh, flt=flt)
    click.echo(f"exported {count} events", err=True)


# ---------------------------------------------------------------- stats


@click.command()
@db_option
@filter_options
@click.option("--interval", type=click.Choice(["day", "week", "month"]), default="day", show_default=True)
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@wait_option
@translate_errors
def stats(db, interval, fmt, wait, **kwargs):
    """Counts of stored events by CAMEO root, QuadClass, dyad and day."""
    from .store import Store
    from .store import stats as do_stats

    flt = _filter(kwargs)
    with Store(db, read_only=True, timeout=wait) as store:
        result = do_stats(store.cursor(), flt, interval=interval)
    if fmt == "json":
        click.echo(json.dumps(result, ensure_ascii=False, indent=2))
        return
    lines = [f"{result['events']} events in {result['articles']} articles "
             f"({result['stored_articles']} articles stored), "
             f"{result['first_date'] or '-'} to {result['last_date'] or '-'}", "", "by root:"]
    lines += [f"  {r['root'] or '--'}  {r['count']}" for r in result["by_root"]]
    lines += ["", "by quad class:"] + [f"  {r['quad']}  {r['count']}" for r in result["by_quad"]]
    lines += ["", "top dyads:"] + [f"  {r['source']} -> {r['target']}  {r['count']}" for r in result["dyads"]]
    lines += ["", f"by {interval} (cooperation / conflict):"]
    lines += [f"  {r['period']}  {r['count']}  ({r['cooperation']} / {r['conflict']})" for r in result["by_period"]]
    click.echo("\n".join(lines))


# ---------------------------------------------------------------- serve


@click.command()
@db_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True)
@click.option("--allow-write", is_flag=True, help="Enable POST /api/documents (needs --token).")
@click.option("--token", envvar="EVENTWIRE_TOKEN", help="Bearer token for writing (env EVENTWIRE_TOKEN).")
@click.option("--cors-origin", "cors_origins", multiple=True, metavar="ORIGIN",
              help="Allow cross-origin requests from ORIGIN (repeatable); off by default.")
@click.option("--max-body", type=click.IntRange(1), default=1_000_000, show_default=True,
              help="Largest request body in bytes (413 above).")
@click.option("--model", help="spaCy pipeline for POST /api/documents.")
@click.option("--actors", "actor_files", multiple=True, type=click.Path(exists=True, dir_okay=False),
              help="Extra actor dictionary for POST /api/documents (repeatable).")
@click.option("--get", "get_path", metavar="PATH", help="Run one GET request in-process, print the response and exit.")
@wait_option
@translate_errors
def serve(db, host, port, allow_write, token, cors_origins, max_body, model, actor_files, get_path, wait):
    """Serve the HTTP API (OpenAPI at /openapi.json) and the dashboard at /.

    Read-only unless --allow-write is given together with a token.
    """
    from .api import ServerConfig, build_asgi

    config = ServerConfig(db=db, allow_write=allow_write, token=token, cors_origins=tuple(cors_origins),
                          max_body=max_body, model=model, actors=tuple(actor_files), timeout=wait)
    asgi = build_asgi(config)
    if get_path:
        from .api import call

        response = call(asgi, "GET", get_path)
        click.echo(response.text)
        if response.status_code >= 400:
            sys.exit(1)
        return
    import uvicorn

    click.echo(f"eventwire: serving {db} on http://{host}:{port}/ "
               f"({'read-write' if allow_write else 'read-only'})", err=True)
    uvicorn.run(asgi, host=host, port=port, log_level="warning", server_header=False)


COMMANDS = (ingest, query, export, stats, serve)


@click.group()
@click.option("-v", "--verbose", count=True, help="-v info, -vv debug logging on stderr.")
def store_cli(verbose: int) -> None:
    """eventwire store commands (standalone; normally part of `eventwire`)."""
    logging.basicConfig(level=[logging.WARNING, logging.INFO, logging.DEBUG][min(verbose, 2)],
                        format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr)


for _command in COMMANDS:
    store_cli.add_command(_command)


if __name__ == "__main__":  # pragma: no cover
    store_cli(prog_name="eventwire")
