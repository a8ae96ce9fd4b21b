"""Staff copy tools live on the staff view (site/staff/), never on the public help centers.

The staff view is the link catalog the build writes to site/staff/index.html: unlisted, noindex,
in no sitemap. In headless Chromium with clipboard access, Copy link and Copy reply work by mouse,
keyboard and touch and say "Copied"; the public pages hold no copy control and never mention
replies or CSRs.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import expect

from kbgen.catalog import catalog_entries
from kbgen.content import load_content
from kbgen.content.ledger import load_ledger, reconcile
from kbgen.settings import load_settings
from tests.conftest import CONFIG, CONTENT, block_outside_loopback

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


def staff_entry(page, sample_site_url: str):
    page.goto(f"{sample_site_url}staff/")
    page.locator("#kbgen-filter").fill("pay rent online")
    return page.locator(f".entry:has(code:text-is('{PUBLISHED}'))")


@pytest.mark.browser
def test_staff_view_copy_link_copies_the_published_url_and_says_copied(tab, sample_site_url: str) -> None:
    entry = staff_entry(tab, sample_site_url)
    tab.press_button(entry.get_by_role("button", name="Copy link", exact=True))
    expect(entry.locator(".kbgen-copy--done")).to_have_text("Copied")
    expect(tab.get_by_role("status")).to_have_text("Copied to the clipboard")
    assert clipboard(tab) == PUBLISHED


@pytest.mark.browser
def test_staff_view_copy_reply_is_the_catalog_reply(tab, sample_site_url: str) -> None:
    entry = staff_entry(tab, sample_site_url)
    tab.press_button(entry.get_by_role("button", name="Copy reply"))
    expect(entry.locator(".kbgen-copy--done")).to_have_text("Copied")
    content = load_content(CONTENT)
    plan = reconcile(load_ledger(CONTENT), content.articles)
    [expected] = [e for e in catalog_entries(content, plan, load_settings(CONFIG)) if e.url == PUBLISHED]
    assert clipboard(tab) == expected.reply
    assert expected.reply.splitlines() == [expected.title, expected.summary, PUBLISHED]


@pytest.mark.browser
def test_staff_view_copy_reply_works_from_the_keyboard(browser, sample_site_url: str) -> None:
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    context.route("**/*", block_outside_loopback)
    page = context.new_page()
    entry = staff_entry(page, sample_site_url)
    entry.get_by_role("button", name="Copy short link").focus()
    page.keyboard.press("Tab")
    page.keyboard.press("Space")
    expect(entry.locator(".kbgen-copy--done")).to_have_text("Copied")
    assert clipboard(page).endswith(PUBLISHED)
    context.close()


def test_staff_view_is_unlisted_and_noindex(sample_site: Path) -> None:
    staff = (sample_site / "staff" / "index.html").read_text(encoding="utf-8")
    assert '<meta name="robots" content="noindex, nofollow">' in staff
    for sitemap in sample_site.rglob("sitemap.xml"):
        assert "staff" not in sitemap.read_text(encoding="utf-8")
    for page in sample_site.rglob("*.html"):
        if "staff" not in page.relative_to(sample_site).parts:
            assert "staff/" not in page.read_text(encoding="utf-8"), page


def test_public_pages_hold_no_staff_control_and_never_mention_replies(sample_site: Path) -> None:
    for audience in ("residents", "owners"):
        for page in (sample_site / audience).rglob("*.html"):
            html = page.read_text(encoding="utf-8")
            assert "kbgen-copy" not in html and "data-kbgen-copy" not in html, page
            visible = re.sub(r"<script.*?</script>|<[^>]+>", " ", html, flags=re.S)
            assert not re.search(r"\b(Copy reply|CSRs?|customer.service rep)", visible), page
        scripts = (sample_site / audience / "assets" / "javascripts").glob("kbgen-*.js")
        assert not [s.name for s in scripts if "copy" in s.name]


@pytest.mark.browser
def test_a_public_article_shows_no_copy_buttons(page, sample_site_url: str) -> None:
    page.goto(f"{sample_site_url}residents/pay-rent-online/")
    page.locator(".kbgen-feedback").wait_for()  # the article's scripts have run
    assert page.locator("button", has_text=re.compile("Copy")).count() == 0
