"""End to end: a site built with the collector's URL, real headless Chromium, a real collector.

Types queries character by character like a visitor and checks what reaches the database.
"""

from __future__ import annotations

import json
import re
from urllib.parse import parse_qs, urlsplit

import pytest

from kbgen.signals.analysis.words import STOP_WORDS
from tests.conftest import ROOT, block_outside_loopback

pytestmark = pytest.mark.browser
SETTLE_WAIT_MS = 2200  # the logger settles after 1.5 s without typing


def searches(rows) -> list[tuple[str, str, str]]:
    return [(row["query"], row["kind"], row["audience"]) for row in rows]


def open_search_and_type(page, site_url: str, query: str) -> None:
    page.goto(f"{site_url}residents/")
    page.locator(".kbgen-hero__search").click()
    search_input = page.locator("input.md-search__input")
    search_input.wait_for(state="visible")
    page.wait_for_timeout(800)  # the worker builds the index
    search_input.press_sequentially(query, delay=90)


def test_unanswered_query_typed_letter_by_letter_logs_exactly_one_miss(
    page, reporting_sites, new_rows
) -> None:
    open_search_and_type(page, reporting_sites.url, "xylophone lessons")
    page.wait_for_timeout(SETTLE_WAIT_MS)
    logged = searches(new_rows.wait_for(page, "searches", 1))
    page.wait_for_timeout(500)
    assert searches(new_rows("searches")) == logged == [("xylophone lessons", "zero", "residents")]


def test_query_whose_result_is_opened_logs_nothing(page, reporting_sites, new_rows) -> None:
    open_search_and_type(page, reporting_sites.url, "pay rent online")
    page.wait_for_timeout(SETTLE_WAIT_MS)
    page.locator(".md-search-result__item a.md-search-result__link").first.click()
    page.wait_for_url(re.compile(r".*/residents/.+/.*"))
    page.wait_for_timeout(800)
    page.goto("about:blank")  # leaving the page would flush anything still pending
    page.wait_for_timeout(500)
    assert new_rows("searches") == []


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
def test_a_search_left_without_a_click_logs_one_row_of_its_kind(
    page, reporting_sites, new_rows, query, kind
) -> None:
    open_search_and_type(page, reporting_sites.url, query)
    page.wait_for_timeout(SETTLE_WAIT_MS)
    page.keyboard.press("Escape")
    assert searches(new_rows.wait_for(page, "searches", 1)) == [(query, kind, "residents")]


PRIVACY_SIGNALS = {
    "global privacy control": ("globalPrivacyControl", "true", {"Sec-GPC": "1"}),
    "do not track": ("doNotTrack", '"1"', {"DNT": "1"}),
}


def beacon_kinds_sent(browser, site_url: str, signal: str | None) -> list[str]:
    """The kinds of the beacons Chromium sends while a visitor (with `signal` set, or none) makes a
    search that finds nothing, then one whose first result they open."""
    context = browser.new_context(extra_http_headers=PRIVACY_SIGNALS[signal][2] if signal else None)
    context.route("**/*", block_outside_loopback)
    if signal:
        name, value, _ = PRIVACY_SIGNALS[signal]
        context.add_init_script(f"Object.defineProperty(navigator, {name!r}, {{get: () => {value}}})")
    kinds: list[str] = []
    context.on("request", lambda request: kinds.extend(_beacon_kind(request)))
    page = context.new_page()
    try:
        open_search_and_type(page, site_url, "xylophone lessons")
        page.wait_for_timeout(SETTLE_WAIT_MS)
        search_input = page.locator("input.md-search__input")
        search_input.fill("")
        search_input.press_sequentially("pay rent online", delay=90)
        page.locator(".md-search-result__item a.md-search-result__link").first.click()
        page.wait_for_url(re.compile(r".*/residents/.+/.*"))
        page.wait_for_timeout(800)
    finally:
        context.close()
    return kinds


def _beacon_kind(request) -> list[str]:
    """The kind (`k`) of a beacon to the collector, sent with sendBeacon or as an image; else nothing."""
    if "/miss" not in request.url:
        return []
    if request.post_data:
        return [json.loads(request.post_data)["k"]]
    return parse_qs(urlsplit(request.url).query)["k"]


def test_without_a_privacy_signal_a_miss_and_a_result_click_send_beacons(browser, reporting_sites) -> None:
    """The visit the privacy test repeats does send both beacons when the browser asks nothing."""
    assert sorted(beacon_kinds_sent(browser, reporting_sites.url, None)) == ["click", "zero"]


@pytest.mark.parametrize("signal", sorted(PRIVACY_SIGNALS))
def test_a_privacy_signal_stops_the_miss_and_the_click_beacon(
    browser, reporting_sites, new_rows, signal
) -> None:
    assert beacon_kinds_sent(browser, reporting_sites.url, signal) == []
    assert new_rows("searches") == [] and new_rows("clicks") == []


def test_the_report_and_the_browser_read_one_stop_word_list(sample_site) -> None:
    """The miss report's stop words are the search's filler, which the browser gets as data in the
    index; no browser script keeps a copy of its own."""
    index = json.loads((sample_site / "residents" / "search" / "search_index.json").read_text())
    assert set(index["config"]["kbgen"]["filler"]) == set(STOP_WORDS)
    scripts = sorted((ROOT / "overrides" / "assets" / "javascripts").rglob("*.js"))
    copies = [s.name for s in scripts if re.search(r"\babout across after all almost\b", s.read_text())]
    assert scripts and not copies
