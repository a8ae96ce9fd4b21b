"""Keyboard, screen reader and dead ends in real Chromium: the home page's search button answers
Space and Enter, the search cards sit in a live region and are readable, and a search that finds
nothing ends with next steps (residents: the emergency line first)."""

from __future__ import annotations

import pytest

from tests.conftest import block_outside_loopback
from tests.site.axe import run_axe, search_for

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("key", ["Space", "Enter"])
def test_search_for_an_answer_opens_the_search_from_the_keyboard(
    page, sample_site_url: str, key: str
) -> None:
    page.goto(sample_site_url + "residents/")
    button = page.get_by_role("button", name="Search for an answer")
    button.focus()
    page.keyboard.press(key)
    page.wait_for_function("() => document.getElementById('__search').checked")
    assert page.evaluate("() => document.activeElement.matches('[data-md-component=search-query]')")


def test_the_search_dialog_has_an_accessible_name(page, sample_site_url: str) -> None:
    page.goto(sample_site_url + "owners/")
    assert page.locator("[data-md-component=search][role=dialog]").get_attribute("aria-label") == "Search"


def test_search_cards_are_announced_and_readable_in_both_schemes(browser, sample_site_url: str) -> None:
    """The cards used to inherit the header's white text (1.13:1 on pale pink): axe measures them."""
    for scheme in ("light", "dark"):
        context = browser.new_context(color_scheme=scheme)
        context.route("**/*", block_outside_loopback)
        page = context.new_page()
        page.goto(sample_site_url + "residents/")
        search_for("gas smell thermastat")(page)
        cards = page.locator(".kbgen-search-cards")
        assert cards.get_attribute("aria-live") == "polite"
        assert cards.locator(".kbgen-card--emergency").count() == 1
        assert cards.locator(".kbgen-card--suggestion").count() == 1
        assert run_axe(page, ".kbgen-search-cards") == [], scheme
        context.close()


@pytest.mark.parametrize("query", ["xyzzy", "rooftop pool hours"])  # nothing, and ten unrelated results
def test_a_search_that_finds_nothing_ends_with_next_steps_emergency_line_first(
    page, sample_site_url, query: str
) -> None:
    page.goto(sample_site_url + "residents/")
    search_for(query)(page)
    steps = page.locator(".kbgen-next")
    assert steps.get_attribute("aria-live") == "polite"
    assert steps.locator("h2").inner_text() == "We don't have an article for that yet"
    links = steps.locator("a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert links == [
        "tel:5550104400",
        "tel:5550104000",
        "mailto:help@harborviewpm.example",
        "https://portal.harborviewpm.example/",
    ]
    assert "Monday to Friday" in steps.inner_text()


def test_owners_next_steps_use_the_owner_contacts_and_no_emergency_line(page, sample_site_url) -> None:
    page.goto(sample_site_url + "owners/")
    search_for("rooftop pool hours")(page)
    steps = page.locator(".kbgen-next")
    text = steps.inner_text()
    assert "(555) 010-4100" in text and "owners@harborviewpm.example" in text
    assert "Emergency" not in text
    assert steps.locator("a[href='https://owners.harborviewpm.example/']").count() == 1


def test_a_well_answered_search_still_offers_a_person_without_claiming_no_article(
    page, sample_site_url
) -> None:
    page.goto(sample_site_url + "residents/")
    search_for("pay rent online")(page)
    assert page.locator(".kbgen-next h2").inner_text() == "Not what you needed?"


_FOCUSED = """() => {
  const e = document.activeElement, r = e.getBoundingClientRect();
  const shown = r.width > 0 && r.height > 0 && r.right > 0 && r.left < innerWidth
    && getComputedStyle(e).visibility !== 'hidden';
  const label = e.id && document.querySelector(`label[for="${e.id}"]`);
  return {name: e.getAttribute('aria-label') || e.textContent.trim().slice(0, 40), shown: shown || !!label,
          drawer: !!e.closest('.md-sidebar--primary')};
}"""


def test_on_a_phone_tab_reaches_only_visible_controls_and_the_menu_opens_from_the_keyboard(
    browser, sample_site_url: str
) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    context.route("**/*", block_outside_loopback)
    page = context.new_page()
    page.goto(sample_site_url + "residents/")
    stops = []
    for _ in range(5):
        page.keyboard.press("Tab")
        stops.append(page.evaluate(_FOCUSED))
    assert all(stop["shown"] and not stop["drawer"] for stop in stops), stops
    assert "Search for an answer" in [stop["name"] for stop in stops]
    assert stops[0]["name"] == "Open the menu"
    page.locator(".md-header label[for=__drawer]").focus()
    page.keyboard.press("Space")
    page.wait_for_function("() => document.getElementById('__drawer').checked")
    for _ in range(8):
        page.keyboard.press("Tab")
        if page.evaluate(_FOCUSED)["drawer"]:
            break
    # The drawer slides in with a CSS transition: wait until the focused link has arrived on screen.
    page.wait_for_function(f"() => {{ const f = ({_FOCUSED})(); return f.shown && f.drawer; }}", timeout=5000)
    context.close()
