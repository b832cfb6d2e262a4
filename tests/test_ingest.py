"""eventwire.ingest: every format, every encoding, sniffing, directories, stdin."""
from __future__ import annotations

import datetime as dt
import gzip
import io
import sys
from pathlib import Path

import pytest

from eventwire.errors import InputError
from eventwire.ingest import from_text, read_bytes, read_paths, sniff
from eventwire.ingest.dates import parse_date
from eventwire.ingest.decode import decode
from eventwire.model import RawDocument

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"
EXAMPLES = Path(__file__).resolve().parents[1] / "examples"

PAGE_BODY = [
    "Estonia expels Russian diplomat over cable damage",
    "TALLINN — Estonia ordered a Russian diplomat to leave the country on Tuesday after investigators "
    "linked a ship that damaged an undersea power cable to Russian intelligence, the foreign ministry said.",
    'Foreign Minister Margus Tsahkna said the diplomat had "engaged in activities incompatible with his '
    'status" and had 72 hours to leave.',
    '"We will not tolerate attacks on our critical infrastructure," Tsahkna told reporters in Tallinn.',
    'The Russian embassy called the decision "a provocation" and said Moscow would respond.',
]


def read(path: Path | str, max_bytes: int = 20_000_000) -> list:
    return list(read_paths([str(path)], max_bytes))


def summary(outcome) -> tuple:
    if isinstance(outcome, InputError):
        return ("error", outcome.input, outcome.reason)
    return ("doc", outcome.input, outcome.text)


# ---------------------------------------------------------------------------- formats


def test_plain_text_file():
    [doc] = read(FIXTURES / "scraped.txt")
    assert doc == RawDocument(
        input=str(FIXTURES / "scraped.txt"), encoding="utf-8",
        text="Vietnam protests Chinese coast guard action\n\nHANOI — Vietnam lodged a protest with China on "
             "Wednesday over the seizure of a fishing boat near the Paracel Islands.\n")


def test_html_page_main_content_and_metadata():
    [doc] = read(FIXTURES / "page.html")
    assert doc.text.split("\n\n") == PAGE_BODY
    assert (doc.title, doc.outlet, doc.published, doc.url, doc.encoding) == (
        "Estonia expels Russian diplomat over cable damage", "The Baltic Ledger", dt.date(2025, 1, 14),
        "https://baltic-ledger.example/world/estonia-expels-diplomat", "utf-8")
    for junk in ("Subscribe", "cookies", "Most read", "Latvia raises", "Privacy policy", "©"):
        assert junk not in doc.text


def test_jsonl_records_and_bad_lines():
    path = str(FIXTURES / "articles.jsonl")
    out = read(path)
    assert [summary(o)[:2] for o in out] == [("doc", f"{path}:1"), ("doc", f"{path}:3"), ("error", f"{path}:4"),
                                             ("error", f"{path}:5"), ("error", f"{path}:6"),
                                             ("error", f"{path}:7")]
    first, second = out[0], out[1]
    assert (first.title, first.outlet, first.url, first.published) == (
        "Peru recalls ambassador from Mexico", "Andes Wire", "https://example.org/peru-mexico", dt.date(2024, 3, 4))
    assert second.text == ("The African Union suspended Niger's membership on Friday.\n\n"
                           "\"The coup is unacceptable,\" the AU commission chairman said.")
    assert second.published == dt.date(2023, 7, 28)
    assert [o.reason for o in out[2:]] == [
        "line 4: invalid JSON: Expecting ',' delimiter (column 33)",
        "line 5: missing text field ('text' or 'html')",
        "line 6: not a JSON object",
        "line 7: empty text",
    ]


def test_json_array():
    path = str(FIXTURES / "array.json")
    out = read(path)
    assert summary(out[0]) == ("doc", f"{path}:1",
                               "Chile and Argentina agreed to a joint patrol of the Beagle Channel on Thursday.")
    assert out[0].published == dt.date(2024, 5, 9)
    assert summary(out[1]) == ("error", f"{path}:2", "item 2: empty text")


def test_single_json_object(tmp_path):
    path = tmp_path / "one.json"
    path.write_text('{"text": "Kenya deployed police to Haiti.", "outlet": "Wire"}', encoding="utf-8")
    [doc] = read(path)
    assert (doc.input, doc.text, doc.outlet) == (str(path), "Kenya deployed police to Haiti.", "Wire")


def test_rss_feed_entries():
    path = str(FIXTURES / "feed.rss")
    out = read(path)
    assert [summary(o) for o in out] == [
        ("doc", f"{path}:1", "DOHA — Qatar hosted a new round of talks between Sudan's army and the Rapid Support "
                             "Forces on Tuesday.\n\n\"Both delegations have shown seriousness,\" a Qatari foreign "
                             "ministry spokesman said."),
        ("doc", f"{path}:2", "Oman said on Tuesday it had mediated the release of two prisoners held in Iran."),
        ("error", f"{path}:3", "feed entry has no text"),
    ]
    assert (out[0].title, out[0].outlet, out[0].url, out[0].published) == (
        "Qatar hosts new round of Sudan talks", "Gulf Observer", "https://gulf-observer.example/sudan-talks",
        dt.date(2025, 2, 12))


def test_atom_feed():
    [doc] = read(FIXTURES / "feed.atom")
    assert (doc.text, doc.title, doc.outlet, doc.url, doc.published) == (
        "Fiji and Tonga signed an agreement on Monday settling their maritime boundary.",
        "Fiji and Tonga sign maritime boundary deal", "Pacific Dispatch", "https://pacific-dispatch.example/fiji-tonga",
        dt.date(2024, 9, 2))


def write_warc(path: Path, pages: list[tuple[str, bytes, str]], gzipped: bool) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with open(path, "wb") as handle:
        writer = WARCWriter(handle, gzip=gzipped)
        writer.write_record(writer.create_warcinfo_record("test.warc", {"software": "pytest"}))
        for url, payload, ctype in pages:
            headers = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(payload),
                                                          http_headers=headers))


@pytest.mark.parametrize("name, gzipped", [("crawl.warc", False), ("crawl.warc.gz", True)])
def test_warc_html_responses(tmp_path, name, gzipped):
    page = (FIXTURES / "page.html").read_bytes()
    path = tmp_path / name
    write_warc(path, [("https://a.example/1", page, "text/html; charset=utf-8"),
                      ("https://a.example/logo.png", b"\x89PNG....", "image/png"),
                      ("https://a.example/2", b"<html><body></body></html>", "text/html")], gzipped)
    out = read(path)
    assert [summary(o)[:2] for o in out] == [("doc", f"{path}:2"), ("error", f"{path}:4")]
    assert out[0].text.split("\n\n") == PAGE_BODY
    assert out[0].url == "https://baltic-ledger.example/world/estonia-expels-diplomat"
    assert out[1].reason == "no article text found in HTML"


def test_gzipped_jsonl(tmp_path):
    path = tmp_path / "batch.jsonl.gz"
    path.write_bytes(gzip.compress(b'{"text": "Iran test-fired a missile."}\n{"text": "Israel protested."}\n'))
    assert [summary(o) for o in read(path)] == [("doc", f"{path}:1", "Iran test-fired a missile."),
                                                ("doc", f"{path}:2", "Israel protested.")]


# ---------------------------------------------------------------------------- sniffing


@pytest.mark.parametrize("text, expected", [
    ("<!DOCTYPE html><html><body><p>x</p></body></html>", "html"),
    ("  <html><p>x</p></html>", "html"),
    ("<p>A fragment</p>", "html"),
    ('<?xml version="1.0"?><rss version="2.0"><channel></channel></rss>', "feed"),
    ('<feed xmlns="http://www.w3.org/2005/Atom"></feed>', "feed"),
    ('{"text": "a"}\n{"text": "b"}', "jsonl"),
    ('{\n  "text": "pretty printed"\n}', "json"),
    ('[{"text": "a"}]', "json"),
    ("[Read: a bracketed insert] and then text", "text"),
    ("Plain scraped article text.", "text"),
])
def test_sniff(text, expected):
    assert sniff(text) == expected


def test_content_wins_for_a_page_saved_as_txt(tmp_path):
    path = tmp_path / "saved.txt"
    path.write_bytes((FIXTURES / "page.html").read_bytes())
    [doc] = read(path)
    assert doc.outlet == "The Baltic Ledger" and doc.text.split("\n\n") == PAGE_BODY


def test_extensionless_jsonl_is_sniffed(tmp_path):
    path = tmp_path / "dump"
    path.write_text('{"text": "Japan and Korea held talks."}\n', encoding="utf-8")
    assert [summary(o) for o in read(path)] == [("doc", f"{path}:1", "Japan and Korea held talks.")]


# ---------------------------------------------------------------------------- encodings

SENTENCE = "The minister said “we will not back down” – café, naïve, Zürich."


@pytest.mark.parametrize("data, encoding", [
    (SENTENCE.encode("utf-8"), "utf-8"),
    (b"\xef\xbb\xbf" + SENTENCE.encode("utf-8"), "utf-8-sig"),
    (b"\xff\xfe" + SENTENCE.encode("utf-16-le"), "utf-16-le"),
    (b"\xfe\xff" + SENTENCE.encode("utf-16-be"), "utf-16-be"),
    (SENTENCE.encode("utf-16-le"), "utf-16-le"),  # no BOM: told by its NUL bytes
    (SENTENCE.encode("cp1252"), "cp1252"),
])
def test_encodings_detected(tmp_path, data, encoding):
    path = tmp_path / "article.txt"
    path.write_bytes(data)
    [doc] = read(path)
    assert (doc.text, doc.encoding) == (SENTENCE, encoding)


def test_latin1_text_reads_as_windows_1252(tmp_path):
    path = tmp_path / "latin1.txt"
    path.write_bytes("Señor Muñoz met Zürich officials on Friday, the ministry said.".encode("latin-1"))
    [doc] = read(path)
    assert (doc.text, doc.encoding) == ("Señor Muñoz met Zürich officials on Friday, the ministry said.", "cp1252")


def test_html_meta_charset_is_respected(tmp_path):
    text = "Les élèves de Zürich ont dit « non » au ministre vendredi, selon le journal local."
    html = (f'<html><head><meta http-equiv="Content-Type" content="text/html; charset=iso-8859-15">'
            f"<title>t</title></head><body><article><p>{text}</p></article></body></html>")
    path = tmp_path / "page.html"
    path.write_bytes(html.encode("iso-8859-15"))
    [doc] = read(path)
    assert (doc.text, doc.encoding) == (text, "iso8859-15")


def test_cyrillic_windows_1251_is_not_read_as_latin():
    text = "Министр иностранных дел России заявил во вторник, что Москва не примет новые санкции ЕС."
    decoded = decode(text.encode("cp1251"))
    assert decoded.text == text


def test_utf8_with_a_few_bad_bytes_stays_utf8():
    data = ("Zelenskyy’s “peace formula” was discussed in Kyiv. " * 5).encode("utf-8") + b"\xff end"
    decoded = decode(data)
    assert decoded.encoding == "utf-8" and decoded.text.endswith("\ufffd end")


# ---------------------------------------------------------------------------- paths, stdin, order


def test_directory_is_walked_recursively_and_sorted(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "2.txt").write_text("Second.", encoding="utf-8")
    (tmp_path / "a.txt").write_text("First.", encoding="utf-8")
    (tmp_path / "c.txt").write_text("Third.", encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text("Hidden.", encoding="utf-8")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "x.txt").write_text("Hidden.", encoding="utf-8")
    assert [o.text for o in read(tmp_path)] == ["First.", "Second.", "Third."]


def test_stdin_bytes_are_sniffed(monkeypatch):
    data = b'{"text": "Egypt hosted talks."}\n{"text": "Hamas sent a delegation."}\n'
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    assert [summary(o) for o in read_paths(["-"])] == [("doc", "-:1", "Egypt hosted talks."),
                                                       ("doc", "-:2", "Hamas sent a delegation.")]


def test_missing_file_is_an_input_error(tmp_path):
    path = str(tmp_path / "nope.txt")
    assert [summary(o) for o in read(path)] == [("error", path, "no such file or directory")]


def test_read_bytes_and_from_text():
    assert [summary(o) for o in read_bytes(b"Text in memory.", "upload")] == [("doc", "upload", "Text in memory.")]
    assert from_text("An article.") == RawDocument(input="<text>", text="An article.")


@pytest.mark.parametrize("value, expected", [
    ("2024-11-01", dt.date(2024, 11, 1)), ("2024-11-01T23:10:00+09:00", dt.date(2024, 11, 1)),
    ("Fri, 01 Nov 2024 10:00:00 GMT", dt.date(2024, 11, 1)), ("November 1, 2024", dt.date(2024, 11, 1)),
    ("2024-11", None), ("soon", None), (None, None), (20241101, None),
    (dt.datetime(2024, 11, 1, 5), dt.date(2024, 11, 1)),
])
def test_parse_metadata_dates(value, expected):
    assert parse_date(value) == expected


# ---------------------------------------------------------------------------- bundled examples


def test_examples_all_read_and_clean():
    from eventwire.clean import clean

    outcomes = read(EXAMPLES)
    assert [o.input.replace(str(EXAMPLES) + "/", "") for o in outcomes] == [
        "01-ministers-meeting.txt", "02-missile-launch.txt", "03-sanctions.html", "04-wire.jsonl:1",
        "04-wire.jsonl:2", "05-feed.xml:1"]
    articles = [clean(o) for o in outcomes]
    assert all(a.language == "en" and a.published and a.title and len(a.body) >= 5 for a in articles)
    assert [a.published_source for a in articles] == ["inferred", "inferred", "metadata", "metadata",
                                                      "metadata", "metadata"]


def test_missing_stdin_is_an_input_error(monkeypatch):
    monkeypatch.setattr(sys, "stdin", None)
    assert [summary(o) for o in read_paths(["-"])] == [("error", "-", "no standard input")]
