"""End to end: a site built with the collector's URL, real headless Chromium, a real collector.

Types queries character by character like a visitor and checks what reaches the database.
"""

from __future__ import annotations

import json
import re
import sqlite3
import time
from pathlib import Path

import pytest

from kbgen.signals.analysis.words import STOP_WORDS
from kbgen.site.builder import build_sites
from tests.conftest import CONFIG, CONTENT, ROOT, serve_directory
from tests.signals.collector_process import free_port, running_collector

pytestmark = pytest.mark.browser
SETTLE_WAIT_MS = 2200  # the logger settles after 1.5 s without typing


@pytest.fixture(scope="module")
def logging_site(tmp_path_factory: pytest.TempPathFactory):
    """The sample sites built to report to a collector, both running on loopback."""
    folder = tmp_path_factory.mktemp("logging-site")
    port = free_port()
    build_sites(CONTENT, folder / "site", CONFIG, miss_endpoint=f"http://127.0.0.1:{port}/miss")
    with serve_directory(folder / "site") as site_url:
        origin = site_url.rstrip("/")
        options = ("--port", str(port), "--allow-origin", origin, "--per-minute", "600", "--burst", "100")
        with running_collector(folder / "misses.db", *options[2:], port=port) as collector:
            yield site_url, folder / "misses.db", collector


def rows(db: Path) -> list[tuple[str, str, str]]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute("SELECT query, kind, audience FROM searches ORDER BY id").fetchall()
    finally:
        conn.close()


def wait_for_rows(page, db: Path, count: int, timeout: float = 30) -> list[tuple[str, str, str]]:
    """The searches once there are `count` (or at the timeout), waiting through the page so that
    Playwright keeps passing its beacons on to the collector."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and len(rows(db)) < count:
        page.wait_for_timeout(100)
    return rows(db)


def open_search_and_type(page, site_url: str, query: str) -> None:
    page.goto(f"{site_url}residents/")
    page.locator(".kbgen-hero__search").click()
    search_input = page.locator("input.md-search__input")
    search_input.wait_for(state="visible")
    page.wait_for_timeout(800)  # the worker builds the index
    search_input.press_sequentially(query, delay=90)


def test_unanswered_query_typed_letter_by_letter_logs_exactly_one_miss(page, logging_site) -> None:
    site_url, db, _ = logging_site
    before = len(rows(db))
    open_search_and_type(page, site_url, "xylophone lessons")
    page.wait_for_timeout(SETTLE_WAIT_MS)
    logged = wait_for_rows(page, db, before + 1)[before:]
    page.wait_for_timeout(500)
    assert rows(db)[before:] == logged == [("xylophone lessons", "zero", "residents")]


def test_query_whose_result_is_opened_logs_nothing(page, logging_site) -> None:
    site_url, db, _ = logging_site
    before = len(rows(db))
    open_search_and_type(page, site_url, "pay rent online")
    page.wait_for_timeout(SETTLE_WAIT_MS)
    page.locator(".md-search-result__item a.md-search-result__link").first.click()
    page.wait_for_url(re.compile(r".*/residents/.+/.*"))
    page.wait_for_timeout(800)
    page.goto("about:blank")  # leaving the page would flush anything still pending
    page.wait_for_timeout(500)
    assert rows(db)[before:] == []


@pytest.mark.parametrize(
    ("query", "kind"),
    [
        ("pay rent online", "noclick"),  # answered, no result opened
        ("bike storage on the roof", "weak"),  # not answered
        # searched as "pets" and "allowed": split words are no earlier prefix of the typing (the
        # logger dropped such searches before)
        ("pets.allowed", "noclick"),
    ],
)
def test_a_search_left_without_a_click_logs_one_row_of_its_kind(page, logging_site, query, kind) -> None:
    site_url, db, _ = logging_site
    before = len(rows(db))
    open_search_and_type(page, site_url, query)
    page.wait_for_timeout(SETTLE_WAIT_MS)
    page.keyboard.press("Escape")
    assert wait_for_rows(page, db, before + 1)[before:] == [(query, kind, "residents")]


def test_global_privacy_control_sends_nothing(browser, logging_site) -> None:
    site_url, db, _ = logging_site
    before = len(rows(db))
    context = browser.new_context()
    context.add_init_script("Object.defineProperty(navigator, 'globalPrivacyControl', {get: () => true})")
    page = context.new_page()
    try:
        open_search_and_type(page, site_url, "xylophone lessons")
        page.wait_for_timeout(SETTLE_WAIT_MS)
        page.keyboard.press("Escape")
        page.wait_for_timeout(500)
    finally:
        context.close()
    assert rows(db)[before:] == []


def test_the_report_and_the_browser_read_one_stop_word_list(sample_site) -> None:
    """The miss report's stop words are the search's filler, which the browser gets as data in the
    index; no browser script keeps a copy of its own."""
    index = json.loads((sample_site / "residents" / "search" / "search_index.json").read_text())
    assert set(index["config"]["kbgen"]["filler"]) == set(STOP_WORDS)
    scripts = sorted((ROOT / "overrides" / "assets" / "javascripts").rglob("*.js"))
    copies = [s.name for s in scripts if re.search(r"\babout across after all almost\b", s.read_text())]
    assert scripts and not copies
