"""Bad and hostile input: each case yields InputError(input, short reason), never an exception,
in bounded time and memory, and the other documents of a batch go on. Big inputs are made in
tmp_path by the tests, never committed."""
from __future__ import annotations

import gzip
import os
import zlib
from pathlib import Path

import pytest

from eventwire.clean import clean
from eventwire.errors import InputError
from eventwire.ingest import read_bytes, read_paths
from eventwire.model import RawDocument

GOOD = b"Chile and Peru signed a border treaty in Lima on Tuesday, the two foreign ministries said."
BILLION_LAUGHS = (
    b'<?xml version="1.0"?>\n<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n'
    + b"".join(b' <!ENTITY lol%d "%s">\n' % (i, b"".join(b"&lol%s;" % (str(i - 1).encode() if i > 1 else b"")
                                                          for _ in range(10))) for i in range(1, 10))
    + b']>\n<rss version="2.0"><channel><title>t</title><item><description>&lol9;</description></item>'
      b"</channel></rss>"
)


def reasons(path: Path, max_bytes: int = 20_000_000) -> list[tuple[str, str]]:
    out = []
    for outcome in read_paths([str(path)], max_bytes):
        assert isinstance(outcome, (RawDocument, InputError))
        out.append((outcome.input, outcome.reason if isinstance(outcome, InputError) else "ok"))
    return out


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("name, data, reason", [
    ("empty.txt", b"", "empty file"),
    ("blank.txt", b"  \n\t\r\n  \n", "no text (only whitespace)"),
    ("blank16.txt", b"\xff\xfe" + " \n ".encode("utf-16-le"), "no text (only whitespace)"),
    ("random.txt", bytes(range(256)) * 40, "binary file (not text)"),
    ("report.pdf.txt", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj << /Type /Catalog >>", "binary file (not text)"),
    ("image.html", b"\x89PNG\r\n\x1a\n" + bytes(100), "binary file (not text)"),
    ("controls.txt", b"\x01\x02\x03\x04\x05\x06\x07\x08 words \x0e\x0f\x10\x11\x12\x13", "binary file (not text)"),
    ("bad16.txt", b"\xff\xfe" + b"A\x00\x00\xd8B\x00", "undecodable text: invalid UTF-16-LE at byte 2"),
    ("scripts.html", b"<html><head><title>x</title><script>var a = 1;</script></head><body><div></div></body></html>",
     "no article text found in HTML"),
    ("nested.html", b"<html><body>" + b"<div>" * 10_000 + b"<p>deep</p>" + b"</div>" * 10_000 + b"</body></html>",
     "markup nested too deeply (more than 1000 levels)"),
    ("entities.html", b'<!DOCTYPE html [<!ENTITY a "aaaaaaaa">]><html><body><p>&a;</p></body></html>',
     "XML entity declarations are not allowed (possible entity-expansion attack)"),
    ("laughs.xml", BILLION_LAUGHS, "XML entity declarations are not allowed (possible entity-expansion attack)"),
    ("laughs.txt", BILLION_LAUGHS, "XML entity declarations are not allowed (possible entity-expansion attack)"),
    ("nested.xml", b'<?xml version="1.0"?><rss>' + b"<a>" * 5000 + b"</a>" * 5000 + b"</rss>",
     "markup nested too deeply (more than 1000 levels)"),
    ("sitemap.xml", b'<?xml version="1.0"?><urlset><url><loc>https://a.example/</loc></url></urlset>',
     "not an RSS/Atom feed"),
    ("empty-feed.rss", b'<rss version="2.0"><channel><title>t</title></channel></rss>', "feed has no entries"),
    ("deep.json", b"[" * 100_000 + b"]" * 100_000, "invalid JSON: nested too deeply"),
    ("broken.json", b'{"text": "unterminated', "invalid JSON: Unterminated string starting at (column 10)"),
    ("no-text.json", b'{"title": "a title only"}', "missing text field ('text' or 'html')"),
    ("trunc.txt.gz", gzip.compress(os.urandom(4000).hex().encode())[:3000], "truncated gzip file"),
    ("corrupt.gz", b"\x1f\x8b\x08\x00garbage-not-deflate", "corrupt gzip data"),
    ("empty.txt.gz", gzip.compress(b""), "empty file"),
    ("junk.warc", b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 99999\r\n\r\nabc",
     "cannot read WARC record 1: AttributeError"),
    ("notwarc.warc", b"this is not a web archive", "not a WARC file"),
    ("badversion.warc", b"WARC/9\r\n\r\n" + bytes(10), "cannot read WARC record 1: ArchiveLoadFailed"),
])
def test_bad_document_gives_a_reason(tmp_path, name, data, reason):
    path = write(tmp_path, name, data)
    assert reasons(path) == [(str(path), reason)]


def test_jsonl_bad_lines_do_not_stop_the_file(tmp_path):
    path = write(tmp_path, "batch.jsonl", b'{"text": "First."}\n{"text": \n{"url": "x"}\n{"text": "Last."}\n')
    assert reasons(path) == [
        (f"{path}:1", "ok"),
        (f"{path}:2", "line 2: invalid JSON: Expecting value (column 10)"),
        (f"{path}:3", "line 3: missing text field ('text' or 'html')"),
        (f"{path}:4", "ok"),
    ]


def test_file_larger_than_max_bytes(tmp_path):
    path = write(tmp_path, "big.txt", GOOD * 20)
    assert reasons(path, max_bytes=1000) == [(str(path), "larger than 1000 bytes (raise --max-bytes)")]


def test_gzip_bomb_is_refused_without_inflating_it(tmp_path):
    bomb = zlib.compressobj(9, zlib.DEFLATED, 31)
    data = bomb.compress(b"\0" * 50_000_000) + bomb.flush()  # ~50 KB that inflates to 50 MB
    path = write(tmp_path, "bomb.txt.gz", data)
    assert reasons(path, max_bytes=1_000_000) == [
        (str(path), "larger than 1000000 bytes when decompressed (raise --max-bytes)")]


def test_fifty_megabyte_single_line(tmp_path):
    path = write(tmp_path, "line.txt", b"word " * 10_000_000)
    assert reasons(path) == [(str(path), "larger than 20000000 bytes (raise --max-bytes)")]
    [raw] = read_paths([str(path)], 60_000_000)
    with pytest.raises(InputError) as info:
        clean(raw)
    assert info.value.reason == "text longer than 3000000 characters (not a single article?)"


def test_fifty_megabyte_jsonl_line(tmp_path):
    path = write(tmp_path, "line.jsonl", b'{"text": "' + b"a" * 50_000_000 + b'"}\n')
    assert reasons(path) == [(str(path), "larger than 20000000 bytes (raise --max-bytes)")]


def test_not_a_regular_file(tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    assert reasons(tmp_path) == [(str(fifo), "not a regular file")]


def test_read_bytes_refuses_oversized_memory_input():
    assert [o.reason for o in read_bytes(GOOD * 3, "upload", max_bytes=100)] == [
        "larger than 100 bytes (raise --max-bytes)"]


def test_batch_with_bad_documents_keeps_the_good_ones_in_order(tmp_path):
    write(tmp_path, "01-good.txt", GOOD)
    write(tmp_path, "02-empty.txt", b"")
    write(tmp_path, "03-binary.txt", os.urandom(2000) + b"\0")
    write(tmp_path, "04-feed.xml", BILLION_LAUGHS)
    write(tmp_path, "05-lines.jsonl", b'{"text": "Iran protested."}\nnot json\n{"text": "Israel replied."}\n')
    write(tmp_path, "06-nested.html", b"<div>" * 5000)
    write(tmp_path, "07-good.html", b"<html><body><article><p>" + GOOD + b"</p></article></body></html>")
    write(tmp_path, "08-german.txt", "Die Außenminister der beiden Länder haben sich am Dienstag in Berlin "
                                     "getroffen, um über die Lage an der Grenze zu sprechen.".encode())
    outcomes = []
    for raw in read_paths([str(tmp_path)]):
        if isinstance(raw, RawDocument):
            try:
                raw = clean(raw)
            except InputError as exc:
                raw = exc
        outcomes.append((os.path.relpath(raw.input, tmp_path),
                         raw.reason if isinstance(raw, InputError) else raw.body[0]))
    assert outcomes == [
        ("01-good.txt", GOOD.decode()),
        ("02-empty.txt", "empty file"),
        ("03-binary.txt", "binary file (not text)"),
        ("04-feed.xml", "XML entity declarations are not allowed (possible entity-expansion attack)"),
        ("05-lines.jsonl:1", "Iran protested."),
        ("05-lines.jsonl:2", "line 2: invalid JSON: Expecting value (column 1)"),
        ("05-lines.jsonl:3", "Israel replied."),
        ("06-nested.html", "markup nested too deeply (more than 1000 levels)"),
        ("07-good.html", GOOD.decode()),
        ("08-german.txt", "language appears to be 'de', not English (skipped)"),
    ]


def test_fuzz_target_runs_on_the_fixtures():
    """The atheris target (fuzz/fuzz_readers.py) stays importable and quiet on known inputs."""
    import importlib.util

    pytest.importorskip("atheris")
    root = Path(__file__).resolve().parents[1]
    spec = importlib.util.spec_from_file_location("fuzz_readers", root / "fuzz" / "fuzz_readers.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    seeds = [p.read_bytes() for p in sorted((root / "tests" / "fixtures" / "ingest").iterdir())]
    for seed in seeds:
        for selector in range(len(module.NAMES)):
            module.test_one_input(bytes([selector]) + seed)
    for crash in sorted((root / "fuzz" / "regressions").iterdir()):  # inputs that once crashed
        module.test_one_input(crash.read_bytes())
    module.test_one_input(b"")
    module.test_one_input(b"\x06" + gzip.compress(BILLION_LAUGHS))


@pytest.mark.parametrize("markup", [
    "<html><body><p>Text\x01with\x02controls</p><script>x</script>\x03tail \ud800</body></html>",
    "<p>fragment\x0bwith a vertical tab</p><style>p{}</style>\x1f",
])
def test_control_characters_in_html_are_not_fatal(markup):
    from eventwire.ingest import html as html_reader

    assert html_reader.fragment_to_text(markup).startswith(("Text with controls", "fragment with a vertical tab"))
    assert html_reader.page_to_document(markup, "x").text.startswith(("Text with controls", "fragment with"))
