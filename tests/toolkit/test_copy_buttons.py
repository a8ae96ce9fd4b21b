"""Copy link, Copy reply and the heading copy-links in headless Chromium, with clipboard access:
by mouse, by keyboard and by touch, each saying "Copied"."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import expect

from kbgen.catalog import catalog_entries
from kbgen.content import load_content
from kbgen.content.ledger import load_ledger, reconcile
from kbgen.settings import load_settings
from tests.conftest import CONFIG, CONTENT, block_outside_loopback

pytestmark = pytest.mark.browser

PUBLISHED = "https://help.harborviewpm.example/residents/pay-rent-online/"


@pytest.fixture(params=[False, True], ids=["mouse", "touch"])
def tab(request, browser) -> Iterator:
    """A tab allowed to use the clipboard; with a touch screen in the `touch` run."""
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"], has_touch=request.param)
    context.route("**/*", block_outside_loopback)
    page = context.new_page()
    page.press_button = (
        (lambda locator: locator.tap()) if request.param else (lambda locator: locator.click())
    )
    yield page
    context.close()


def clipboard(page) -> str:
    return page.evaluate("navigator.clipboard.readText()")


def test_copy_link_copies_the_published_url_and_says_copied(tab, sample_site_url: str) -> None:
    tab.goto(f"{sample_site_url}residents/pay-rent-online/")
    tab.press_button(tab.get_by_role("button", name="Copy link", exact=True))
    expect(tab.locator(".kb-copy--link")).to_have_text("Copied")
    expect(tab.get_by_role("status")).to_have_text("Copied to the clipboard")
    assert clipboard(tab) == PUBLISHED


def test_copy_reply_is_the_catalog_reply(tab, sample_site_url: str) -> None:
    tab.goto(f"{sample_site_url}residents/pay-rent-online/")
    tab.press_button(tab.get_by_role("button", name="Copy reply"))
    expect(tab.locator(".kb-copy--reply")).to_have_text("Copied")
    content = load_content(CONTENT)
    plan = reconcile(load_ledger(CONTENT), content.articles)
    [entry] = [e for e in catalog_entries(content, plan, load_settings(CONFIG)) if e.url == PUBLISHED]
    assert clipboard(tab) == entry.reply
    assert entry.reply.splitlines() == [entry.title, entry.summary, PUBLISHED]


def test_a_heading_copy_link_works_from_the_keyboard(browser, sample_site_url: str) -> None:
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    context.route("**/*", block_outside_loopback)
    page = context.new_page()
    page.goto(f"{sample_site_url}residents/pay-rent-online/")
    heading_button = page.locator("h2#steps .kb-copy--heading")
    page.locator("h2#steps a.headerlink").focus()
    page.keyboard.press("Tab")
    assert heading_button.evaluate("button => button === document.activeElement")
    page.keyboard.press("Enter")
    expect(heading_button).to_have_text("Copied")
    assert page.evaluate("navigator.clipboard.readText()") == f"{PUBLISHED}#steps"
    context.close()


def test_only_articles_get_copy_buttons(page, sample_site_url: str) -> None:
    page.goto(f"{sample_site_url}residents/")
    assert page.locator(".kb-copy").count() == 0
    page.goto(f"{sample_site_url}residents/category/rent-and-payments/")
    assert page.locator(".kb-copy").count() == 0


def test_instant_navigation_gives_the_next_article_its_own_buttons_once(tab, sample_site_url: str) -> None:
    tab.goto(f"{sample_site_url}residents/pay-rent-online/")
    tab.locator(".md-content a[href$='/set-up-autopay/']").first.click()
    tab.wait_for_url("**/residents/set-up-autopay/")
    tab.locator(".kb-copy-bar").wait_for()
    assert tab.locator(".kb-copy-bar").count() == 1
    assert tab.get_by_role("button", name="Copy link", exact=True).get_attribute("data-kb-copy") == (
        "https://help.harborviewpm.example/residents/set-up-autopay/"
    )
