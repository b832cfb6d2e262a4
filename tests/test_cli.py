"""The CLI is a thin layer: formats, errors, exit codes, ordering, help on every command."""
import json

import click
import pytest
from click.testing import CliRunner

from eventwire.cli import main

from .conftest import FIXTURES

SUMMIT = str(FIXTURES / "cli" / "summit.txt")
SECOND = str(FIXTURES / "cli" / "second.txt")
CONTRACT_KEYS = {"input", "title", "url", "outlet", "published", "published_source", "body",
                 "captions", "boilerplate", "entities", "quotes", "events"}


def run(*args, input=None):
    return CliRunner().invoke(main, list(args), input=input, catch_exceptions=False)


def jsonl(output: str) -> list[dict]:
    return [json.loads(line) for line in output.splitlines() if line.strip()]


def test_every_command_has_help():
    for name, command in main.commands.items():
        result = run(name, "--help")
        assert result.exit_code == 0, name
        assert command.help, f"{name} has no help text"
        assert "Usage: main " + name in result.output or f"Usage: eventwire {name}" in result.output


def test_extract_jsonl_follows_the_contract():
    result = run("extract", SUMMIT, "--format", "jsonl", "--workers", "1", "--published", "2024-03-05")
    assert result.exit_code == 0, result.output
    [record] = jsonl(result.stdout)
    assert CONTRACT_KEYS <= set(record)
    assert record["input"] == SUMMIT
    assert record["published"] == "2024-03-05" and record["published_source"] == "given"
    assert any("Espen Barth Eide met" in p for p in record["body"])
    text = "\n\n".join(record["body"])
    for entity in record["entities"]:
        assert text[entity["start"]:entity["end"]] == entity["text"]


def test_extract_json_is_one_array_in_input_order():
    result = run("extract", SECOND, SUMMIT, "--format", "json", "--workers", "1")
    assert result.exit_code == 0
    assert [r["input"] for r in json.loads(result.stdout)] == [SECOND, SUMMIT]


def test_workers_keep_input_order():
    paths = [SUMMIT, SECOND] * 9
    one = run("extract", *paths, "--format", "jsonl", "--workers", "1")
    two = run("extract", *paths, "--format", "jsonl", "--workers", "2")
    assert jsonl(one.stdout) == jsonl(two.stdout)
    assert [r["input"] for r in jsonl(two.stdout)] == paths


def test_bad_input_is_one_line_and_the_batch_goes_on(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    missing = str(tmp_path / "missing.txt")
    result = run("extract", str(empty), SUMMIT, missing, "--format", "jsonl", "--workers", "1")
    assert result.exit_code == 1
    assert [r["input"] for r in jsonl(result.stdout)] == [SUMMIT]
    errors = result.stderr.strip().splitlines()
    assert len(errors) == 2
    assert errors[0].startswith(f"eventwire: {empty}: ")
    assert errors[1].startswith(f"eventwire: {missing}: ")
    assert "Traceback" not in result.stderr


def test_stdin_and_output_file(tmp_path):
    out = tmp_path / "out.jsonl"
    text = (FIXTURES / "cli" / "second.txt").read_text()
    result = run("extract", "-", "--format", "jsonl", "--output", str(out), "--workers", "1", input=text)
    assert result.exit_code == 0
    assert result.stdout == ""
    [record] = jsonl(out.read_text())
    assert record["input"] == "-"
    assert any("tear gas" in p for p in record["body"])


def test_table_format_names_the_document():
    result = run("extract", SUMMIT, "--format", "table", "--workers", "1")
    assert result.exit_code == 0
    assert SUMMIT in result.stdout
    assert "paragraphs" in result.stdout


def test_missing_model_names_the_fix():
    result = run("extract", SUMMIT, "--model", "xx_no_such_pipeline", "--workers", "1")
    assert result.exit_code == 1
    assert result.stderr.startswith("eventwire: spaCy pipeline 'xx_no_such_pipeline' is not installed")
    assert "Traceback" not in result.stderr


def test_bad_published_is_a_usage_error():
    result = run("extract", SUMMIT, "--published", "yesterday")
    assert result.exit_code == 2
    assert "YYYY-MM-DD" in result.stderr
