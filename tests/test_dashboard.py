"""The dashboard in headless Chromium: filter, open an event, see its sentence highlighted.

Needs Debian's chromium (``apt-get install chromium``); skipped with a reason without it.
Saves screenshots under test-artifacts/.
"""
from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from eventwire.store import Store
from eventwire.store.sample import sample_articles, synthetic_article

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    if CHROMIUM is None:
        pytest.skip("chromium is not installed (apt-get install chromium)")
    pytest.importorskip("playwright.sync_api")
    path = str(tmp_path_factory.mktemp("dash") / "events.duckdb")
    with Store(path) as store:
        for article in sample_articles():
            store.add_article(article)
        for i in range(30):
            store.add_article(synthetic_article(i, events=3))
    port = _free_port()
    proc = subprocess.Popen([sys.executable, "-m", "eventwire.cli_store", "serve", "--db", path,
                             "--host", "127.0.0.1", "--port", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            urllib.request.urlopen(url + "/api/stats", timeout=1).read()
            break
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                pytest.fail(f"server did not start: {proc.stderr.read().decode()[-2000:]}")
            time.sleep(0.2)
    yield url
    proc.terminate()
    proc.wait(timeout=10)


@pytest.fixture(scope="module")
def browser(server):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"])
        yield chromium
        chromium.close()


def test_filter_open_event_and_see_its_sentence(server, browser):
    from playwright.sync_api import expect

    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    outside, problems = [], []
    page.on("request", lambda r: None if r.url.startswith(server) else outside.append(r.url))
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.goto(server + "/")
    page.wait_for_selector("body[data-ready='1']", timeout=20_000)
    assert page.locator("#map path.country").count() > 150
    assert page.locator("#events tbody tr").count() == 50
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "dashboard.png"), full_page=True)

    page.fill("input[name=source]", "PRKGOV")
    page.click("#apply")
    expect(page.locator("#events-count")).to_have_text("1 matching")
    assert page.locator("#events tbody tr").count() == 1
    page.click("#events tbody tr")
    page.wait_for_selector("#article-body mark")
    assert page.inner_text("#article-body mark") == (
        "\u201cOur friendship is invincible,\u201d Choe Son Hui said after meeting Sergey Lavrov.")
    assert page.inner_text("#article-title") == "North Korea and Russia sign pact"
    assert "Choe Son Hui (PRKGOV)" in page.inner_text("#quotes")
    assert page.locator("#quotes li.in-sentence").count() == 1
    assert "North Korea (PRK)" not in page.inner_text("#detail-facts")
    assert "Choe Son Hui (PRKGOV) \u2192 Sergey Lavrov (RUSGOV)" in page.inner_text("#detail-facts")
    page.screenshot(path=str(ARTIFACTS / "dashboard-event.png"))
    assert outside == [] and problems == []
    page.close()


def test_dyad_view_and_errors(server, browser):
    from playwright.sync_api import expect

    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(server + "/")
    page.wait_for_selector("body[data-ready='1']", timeout=20_000)
    page.fill("#dyad-form input[name=a]", "PRK")
    page.fill("#dyad-form input[name=b]", "RUS")
    page.select_option("#dyad-form select[name=interval]", "month")
    page.click("#dyad-form button")
    expect(page.locator("#dyad-note")).to_contain_text("PRK \u2194 RUS: ")
    note = page.inner_text("#dyad-note")
    assert note.startswith("PRK \u2194 RUS: ") and "cooperation (up)" in note
    assert page.locator("#dyad rect.coop").count() > 0
    page.fill("input[name=since]", "2024-12-31")
    page.fill("input[name=until]", "2024-01-01")
    page.click("#apply")
    expect(page.locator("#events-count")).to_have_text("0 matching")
    assert page.inner_text("#events tbody") == "No events match these filters."
    page.close()
