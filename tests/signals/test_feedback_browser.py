"""End to end: "Was this page helpful?" and contact clicks in real headless Chromium, sent to a real
collector on loopback, and read back by the report."""

from __future__ import annotations

import time

import pytest

from kbgen.content.article import AUDIENCES
from kbgen.signals.analysis.fixes import build_fixes
from kbgen.signals.analysis.report import ReportWindow, build_report
from kbgen.signals.analysis.site_pages import load_pages
from kbgen.signals.intake.store import connect
from tests.conftest import block_outside_loopback

pytestmark = pytest.mark.browser
ARTICLE = "residents/pay-rent-online/"
COMMENT = "The fee changed. Call me on 555-201-7788 or jo.doe@mail.example, apt 12C"


def whole_window() -> ReportWindow:
    return ReportWindow(since=0, until=int(time.time()) + 60)


def test_no_with_a_reason_then_a_phone_tap_is_one_failed_reading_and_one_escalation(
    page, reporting_sites, new_rows
) -> None:
    site_url, site, db = reporting_sites
    page.goto(site_url + ARTICLE)
    widget = page.locator(".kbgen-feedback")
    widget.get_by_role("button", name="No").click()
    widget.get_by_label("It is out of date").check()
    widget.get_by_label("Anything else we should know?").fill(COMMENT)
    widget.get_by_role("button", name="Send").click()
    contact = widget.locator(".kbgen-feedback__contact")
    assert contact.locator("p, li").first.inner_text().startswith("Emergency")  # residents: emergency first
    contact.get_by_role("link", name="(555) 010-4000").click()

    stored_votes = new_rows.wait_for(page, "feedback", 2)
    stored_contacts = new_rows.wait_for(page, "escalations", 1)
    assert [(r["vote"], r["reasons"]) for r in stored_votes] == [("no", ""), ("no", "outdated")]
    assert stored_votes[1]["comment"] == "The fee changed. Call me on <phone> or <email>, <unit>"
    assert [(r["channel"], r["origin"], r["page"]) for r in stored_contacts] == [
        ("phone", "no", "/" + ARTICLE)
    ]

    conn = connect(db)
    try:
        pages = {audience: load_pages(site, audience) for audience in AUDIENCES}
        fix = next(f for f in build_fixes(conn, whole_window(), pages) if f.article == "pay-rent-online/")
    finally:
        conn.close()
    assert (fix.title, fix.readings, fix.no, fix.failed, fix.escalations) == (
        "How do I pay rent online?",
        1,
        1,
        1,
        1,
    )
    assert dict(fix.reasons) == {"outdated": 1}
    assert dict(fix.channels) == {"phone": 1}
    raw = b"".join(path.read_bytes() for path in db.parent.glob("misses.db*"))
    for secret in (b"7788", b"jo.doe", b"12C", b"127.0.0.1"):
        assert secret not in raw


def test_the_widget_works_from_the_keyboard_and_says_thanks_to_screen_readers(
    page, reporting_sites, new_rows
) -> None:
    page.goto(reporting_sites.url + "owners/")
    page.locator(".kbgen-category-card ul a").first.click()  # instant navigation to an owner article
    page.locator(".kbgen-feedback").wait_for()
    yes = page.get_by_role("button", name="Yes")
    yes.focus()
    page.keyboard.press("Enter")
    assert yes.get_attribute("aria-pressed") == "true"
    assert page.get_by_role("status").filter(has_text="Glad it helped").is_visible()
    assert page.locator(".kbgen-feedback form").is_hidden()
    page.keyboard.press("Tab")  # to No
    page.keyboard.press("Space")
    page.keyboard.press("Tab")  # into the reasons
    page.keyboard.press("Space")
    assert page.get_by_label("It did not answer my question").is_checked()
    assert page.locator(".kbgen-feedback__emergency").count() == 0  # owners: no emergency line
    stored = new_rows.wait_for(page, "feedback", 2)
    assert [(r["audience"], r["vote"]) for r in stored] == [("owners", "yes"), ("owners", "no")]


def test_a_contact_after_a_search_that_found_nothing_names_the_search(
    page, reporting_sites, new_rows
) -> None:
    page.goto(reporting_sites.url + "residents/")
    page.locator(".kbgen-hero__search").click()
    search_input = page.locator("input.md-search__input")
    search_input.wait_for(state="visible")
    page.wait_for_timeout(800)  # the worker builds the index
    search_input.press_sequentially("xylophone lessons", delay=60)
    page.wait_for_timeout(2200)  # settled: a zero-results miss
    page.keyboard.press("Escape")
    page.locator(".kbgen-contact a[href^='mailto:']").click()

    stored = new_rows.wait_for(page, "escalations", 1)
    assert [(r["channel"], r["origin"], r["query"]) for r in stored] == [
        ("email", "miss", "xylophone lessons")
    ]
    conn = connect(reporting_sites.db)
    try:
        groups = build_report(conn, whole_window())
    finally:
        conn.close()
    assert next(g for g in groups if g.label == "xylophone lessons").escalations == 1


def test_global_privacy_control_sends_nothing_but_the_widget_still_helps(
    browser, reporting_sites, new_rows
) -> None:
    context = browser.new_context()
    context.route("**/*", block_outside_loopback)
    context.add_init_script("Object.defineProperty(navigator, 'globalPrivacyControl', {get: () => true})")
    page = context.new_page()
    try:
        page.goto(reporting_sites.url + ARTICLE)
        page.get_by_role("button", name="No").click()
        page.locator(".kbgen-feedback__contact").get_by_role("link", name="(555) 010-4400").click()
        page.wait_for_timeout(500)
    finally:
        context.close()
    assert new_rows("feedback") == new_rows("escalations") == []
