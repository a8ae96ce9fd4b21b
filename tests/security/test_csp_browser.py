"""The sample help centers work in real Chromium under their Content-Security-Policy: home, search,
an article with its video, instant navigation and the feedback widget, with no violation and no dialog."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

WATCH_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(`${event.violatedDirective} ${event.blockedURI} ${event.sourceFile}`);
});
"""


@pytest.fixture
def watched_page(page):
    """A tab that records CSP violations, dialogs and console errors about the policy."""
    problems: list[str] = []
    page.add_init_script(WATCH_VIOLATIONS)
    page.on("dialog", lambda dialog: (problems.append(f"dialog: {dialog.message}"), dialog.dismiss()))
    page.on(
        "console",
        lambda message: (
            problems.append(f"console: {message.text}")
            if "Content Security Policy" in message.text or "Content-Security-Policy" in message.text
            else None
        ),
    )
    yield page, problems


def violations(page) -> list[str]:
    return page.evaluate("window.__cspViolations || []")


def test_home_search_article_video_and_feedback_work_under_the_policy(
    watched_page, reporting_sites, new_rows
) -> None:
    """The sample sites report to a collector on another loopback origin, as in production."""
    page, problems = watched_page
    site_url = reporting_sites.url
    page.goto(f"{site_url}residents/")
    assert "Content-Security-Policy" in page.content()
    page.locator(".kbgen-hero__search").click()
    page.locator("input.md-search__input").press_sequentially("autopay", delay=40)
    first = page.locator(".md-search-result__item a.md-search-result__link").first
    first.wait_for()
    assert violations(page) == []
    first.click()  # instant navigation
    page.wait_for_url("**/residents/set-up-autopay/**")
    frame = page.locator(".kbgen-video iframe").first
    frame.wait_for(state="attached")
    assert frame.get_attribute("src").startswith("https://")
    page.locator(".kbgen-feedback").get_by_role("button", name="Yes").click()
    votes = new_rows.wait_for(page, "feedback", 1, timeout=10)
    assert len(votes) == 1, "the vote reached the collector on its own origin"
    page.reload()
    page.locator(".kbgen-video iframe").first.wait_for(state="attached")
    page.goto(f"{site_url}owners/no-such-page/")  # the 404 page has its own policy
    page.goto(f"{site_url}owners/")
    page.locator(".kbgen-category-card ul a").first.click()
    page.locator(".kbgen-feedback").wait_for()
    assert violations(page) == [] and problems == []


HOSTILE_PAGES = (
    "residents/",
    "residents/prose-about-tags/",
    "residents/clobbering-00/",
    "residents/mxss-00/",
    "residents/mxss-03/",
    "residents/handlers-00/",
    "residents/fields-01/",
    "residents/category/img-src-x-onerror-alert-71-category/",
    "residents/no-such-page/",
)


def test_hostile_pages_run_nothing_and_keep_the_theme_working(watched_page, hostile_site_url) -> None:
    """Every payload family on screen, then searched for: no dialog, no violation, and Material's
    search still works on a page whose article carries `id="__config"` (issue 11, item 1)."""
    page, problems = watched_page
    for path in HOSTILE_PAGES:
        page.goto(hostile_site_url + path)
        page.wait_for_load_state("load")
        assert violations(page) == [], path
    page.goto(hostile_site_url + "residents/clobbering-00/")
    page.locator("input.md-search__input").click()
    for query in ("alert", "onerror", "config"):
        page.locator("input.md-search__input").fill("")
        page.locator("input.md-search__input").press_sequentially(query, delay=20)
        page.locator(".md-search-result__item").first.wait_for()
    page.wait_for_timeout(500)  # let any injected handler fire
    assert violations(page) == [] and problems == []


def test_the_search_worker_loads_only_materials_worker(watched_page, hostile_site_url) -> None:
    """`?material=` once went to importScripts() unchecked: any script URL ran as the search worker."""
    page, _ = watched_page
    page.goto(hostile_site_url + "residents/")
    worker = "assets/javascripts/workers/kbgen-search.js?material="
    outcome = """async (url) => await new Promise((resolve) => {
        const worker = new Worker(url);
        worker.onerror = (event) => { event.preventDefault(); resolve(`refused: ${event.message}`); };
        worker.onmessage = (event) => resolve(`answered ${JSON.stringify(event.data)}`);
        worker.postMessage({type: 0, data: {config: {lang: ["en"], separator: "[\\\\s]+", fields: {}},
                                           docs: [], options: {}}});
        setTimeout(() => resolve("silent"), 3000);
    })"""
    hostile = (
        "data:text/javascript,postMessage('pwned')",
        "https://evil.example/x.js",
        "//evil.example/x.js",
        "../../../../evil.js",
        "search.js?x=https://evil.example/",
    )
    for target in hostile:
        result = page.evaluate(outcome, hostile_site_url + "residents/" + worker + target)
        assert result.startswith("refused: Uncaught Error: kbgen-search: refusing"), (target, result)
