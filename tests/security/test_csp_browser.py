"""The sample help centers work in real Chromium under their Content-Security-Policy: home, search,
an article with its video, instant navigation and the feedback widget, with no violation and no dialog."""

from __future__ import annotations

import shutil

import pytest

from kbgen.site.builder import build_sites
from tests.conftest import CONFIG, CONTENT, serve_directory
from tests.signals.collector_process import free_port, running_collector, table_rows

pytestmark = pytest.mark.browser

# Sample articles enough for every kind of page: videos, links, related articles, both audiences.
SAMPLE_ARTICLES = {
    "residents": ["set-up-autopay", "pay-rent-online", "payment-methods", "late-fees-and-grace-period"],
    "owners": ["contact-us", "emergency-repairs", "capital-improvements"],
}

WATCH_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(`${event.violatedDirective} ${event.blockedURI} ${event.sourceFile}`);
});
"""


@pytest.fixture(scope="module")
def csp_site(tmp_path_factory: pytest.TempPathFactory):
    """Sample articles reporting to a collector on another loopback origin (as in production)."""
    folder = tmp_path_factory.mktemp("csp-site")
    for audience, names in SAMPLE_ARTICLES.items():
        (folder / "content" / audience).mkdir(parents=True)
        for name in names:
            shutil.copy(CONTENT / audience / f"{name}.md", folder / "content" / audience)
    port = free_port()
    build_sites(folder / "content", folder / "site", CONFIG, miss_endpoint=f"http://127.0.0.1:{port}/miss")
    with serve_directory(folder / "site") as site_url:
        options = ("--allow-origin", site_url.rstrip("/"), "--per-minute", "600", "--burst", "100")
        with running_collector(folder / "misses.db", *options, port=port):
            yield site_url, folder / "misses.db"


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


def test_home_search_article_video_and_feedback_work_under_the_policy(watched_page, csp_site) -> None:
    page, problems = watched_page
    site_url, db = csp_site
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
    votes = len(table_rows(db, "feedback"))
    page.locator(".kbgen-feedback").get_by_role("button", name="Yes").click()
    deadline = 100
    while len(table_rows(db, "feedback")) <= votes and deadline:
        page.wait_for_timeout(100)
        deadline -= 1
    assert len(table_rows(db, "feedback")) == votes + 1, "the vote reached the collector on its own origin"
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
