"""The search cards in the real browser: emergency, other help center, did-you-mean, and the event."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlsplit

import pytest

from kbgen.signals.intake.beacon import parse_beacon
from tests.search.browser_search import BrowserSearch

pytestmark = pytest.mark.browser


def cards(page) -> str:
    page.wait_for_function("() => window.kbgen?.lastSearch !== undefined")
    return page.locator(".kbgen-search-cards").inner_text()


def test_emergency_card_shows_the_emergency_line_even_when_nothing_matches(page, sample_site_url):
    search = BrowserSearch(page, sample_site_url + "residents/")
    assert search.search("zzqx gas smell zzqx")  # gas smell still matches something
    assert "(555) 010-4400" in cards(page)
    search.search("flooding")
    assert page.locator(".kbgen-card--emergency a[href^='tel:']").count() == 1
    search.search("qqqq xxxx fire")
    assert "emergency line" in cards(page)


def test_no_emergency_card_for_everyday_searches(page, sample_site_url):
    search = BrowserSearch(page, sample_site_url + "residents/")
    search.search("smoke detector beeping")
    page.wait_for_function("() => window.kbgen?.lastSearch?.query === 'smoke detector beeping'")
    assert page.locator(".kbgen-card--emergency").count() == 0


def test_owner_words_on_the_resident_site_offer_the_owner_site_with_the_same_query(page, sample_site_url):
    search = BrowserSearch(page, sample_site_url + "residents/")
    search.search("owner draw")
    page.wait_for_function("() => window.kbgen?.lastSearch?.query === 'owner draw'")
    card = page.locator(".kbgen-card--other-site a")
    assert "Looking for owner help?" in cards(page)
    assert "/owners/?q=owner+draw" in card.get_attribute("href")


def test_resident_words_on_the_owner_site_offer_the_resident_site(page, sample_site_url):
    search = BrowserSearch(page, sample_site_url + "owners/")
    search.search("locked out of my apartment")
    page.wait_for_function("() => window.kbgen?.lastSearch?.otherAudience")
    assert "Looking for resident help?" in cards(page)
    assert page.locator(".kbgen-card--emergency").count() == 0  # the owner site has no emergency card


def test_did_you_mean_offers_a_close_word_and_runs_it(page, sample_site_url):
    search = BrowserSearch(page, sample_site_url + "residents/")
    search.search("thermoztatt")
    page.wait_for_function("() => window.kbgen?.lastSearch?.suggestion")
    suggestion = page.locator(".kbgen-card--suggestion a")
    assert suggestion.inner_text() == "thermostat"
    suggestion.click()
    page.wait_for_function(
        "() => window.kbgen.lastSearch.query === 'thermostat' && window.kbgen.lastSearch.answered"
    )
    assert page.locator(".md-search-result__item").count() > 0


def test_results_event_tells_other_scripts_whether_the_search_answered(page, sample_site_url):
    search = BrowserSearch(page, sample_site_url + "residents/")
    page.evaluate("() => document.addEventListener('kbgen:results', e => { window.__lastEvent = e.detail })")
    search.search("pet fees")
    page.wait_for_function("() => window.__lastEvent && window.__lastEvent.query === 'pet fees'")
    detail = page.evaluate("() => window.__lastEvent")
    assert detail["answered"] is True
    assert detail["top"] == "pets-and-pet-fees/"
    assert detail["audience"] == "residents"


def test_a_wrong_site_search_is_reported_as_its_own_kind_once_it_settles(page, sample_site_url):
    """With a miss endpoint configured, "owner draw" on the resident site reaches the collector's
    validation as kind `wrongsite` (the sample site has no endpoint: the page is served with one)."""
    residents = sample_site_url + "residents/"

    def with_endpoint(route):
        body = route.fetch().text().replace('"miss_endpoint": ""', '"miss_endpoint": "/miss.gif"')
        route.fulfill(body=body, content_type="text/html")

    page.route(residents, with_endpoint)
    page.route("**/miss.gif*", lambda route: route.fulfill(status=204))
    search = BrowserSearch(page, residents)
    with page.expect_request(lambda request: "wrongsite" in request.url, timeout=5000) as sent:
        search.search("owner draw")
    fields = dict(parse_qsl(urlsplit(sent.value.url).query))
    beacon = parse_beacon(fields)
    assert (beacon.kind, beacon.query, beacon.audience) == ("wrongsite", "owner draw", "residents")


def test_text_pasted_without_a_key_press_is_searched(page, sample_site_url):
    """Paste, dictation and a phone keyboard's suggestions fill the field with no keyup, the only
    event Material searches on."""
    BrowserSearch(page, sample_site_url + "residents/")
    page.focus("[data-md-component=search-query]")  # Material also reads the field on focus
    page.wait_for_timeout(100)
    page.keyboard.insert_text("pet fees")  # an `input` event, no key events
    page.wait_for_function("() => window.kbgen?.lastSearch?.query === 'pet fees'")
    first = page.locator(".md-search-result__item a").first.get_attribute("href")
    assert "/residents/pets-and-pet-fees/" in first
