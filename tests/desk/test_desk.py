"""The CSR answer desk (site/staff/desk/): unlisted, and driven by keyboard only in Chromium, it finds
the right article with the help centers' own search and copies a reply, a link or a short link with
one key press. Prints hit@1 and hit@3 over the labelled queries of both companies' help centers
(the sample, Harborview, and the second company, Desert Key Homes), with `-s`."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner
from playwright.sync_api import expect

from kbgen.catalog import FIELDS
from kbgen.cli import main
from kbgen.desk.scores import feedback_scores
from kbgen.signals.intake.events import Feedback
from kbgen.signals.intake.store import Reaction, connect, insert_records
from tests.conftest import block_outside_loopback
from tests.search.evaluation import HELDOUT, QUERIES, SECOND, Case, load_cases
from tests.signals.collector_process import table_rows
from tests.signals.searches import search, store

DESK = Path("staff/desk/index.html")


def desk_data(site: Path) -> dict:
    page = (site / DESK).read_text(encoding="utf-8")
    start = page.index('<script id="desk-data" type="application/json">') + len(
        '<script id="desk-data" type="application/json">'
    )
    return json.loads(page[start : page.index("</script>", start)].replace("<\\/", "</"))


def test_the_desk_is_built_with_the_sites_but_unlisted(sample_site: Path) -> None:
    page = (sample_site / DESK).read_text(encoding="utf-8")
    assert '<meta name="robots" content="noindex, nofollow">' in page
    for path in sample_site.rglob("*"):
        if path.suffix in (".xml", ".json", ".txt") and path.is_file():
            assert "staff/desk" not in path.read_text(encoding="utf-8", errors="replace"), path
    public = [p for p in sample_site.rglob("*.html") if "staff" not in p.parts]
    assert public and not any("staff/desk" in p.read_text(encoding="utf-8") for p in public)


def desk_articles(site: Path, audience: str) -> dict[str, dict]:
    """What the desk copies for each article of `audience`: the file beside the page it names."""
    name = desk_data(site)["audiences"][audience]["articles"]
    return json.loads((site / DESK).with_name(name).read_text(encoding="utf-8"))["articles"]


def test_the_desk_carries_what_a_csr_copies_for_every_built_article(sample_site: Path) -> None:
    for audience in ("owners", "residents"):
        articles = desk_articles(sample_site, audience)
        built = {p.parent.name + "/" for p in (sample_site / audience).glob("*/index.html")}
        assert set(articles) <= built and len(articles) > 20
        rent = articles.get("pay-rent-online/") or next(iter(articles.values()))
        assert set(FIELDS) <= set(rent) and rent["reply"].endswith("\n" + rent["url"])
    videos = desk_articles(sample_site, "owners")["set-up-direct-deposit/"]["videos"]
    assert videos and videos[0]["url"].startswith("https://")


def test_the_desk_page_carries_no_article_and_each_index_comes_prebuilt(sample_site: Path) -> None:
    """Article data and the indexes are files beside the page, fetched when it opens; the page stays
    small whatever the number of articles."""
    page = (sample_site / DESK).read_text(encoding="utf-8")
    assert len(page.encode()) < 30_000 and "pay-rent-online" not in page
    for audience in ("owners", "residents"):
        name = desk_data(sample_site)["audiences"][audience]["prebuilt"]
        prebuilt = json.loads((sample_site / DESK).with_name(name).read_text(encoding="utf-8"))
        index = json.loads((sample_site / audience / "search/search_index.json").read_text(encoding="utf-8"))
        indexed = {ref.split("/", 1)[1] for ref, _ in prebuilt["fieldVectors"]}
        assert indexed == {doc["location"] for doc in index["docs"]}


@contextmanager
def open_desk(browser, site_url: str) -> Iterator:
    """The desk of the site served at `site_url`, in a fresh Chromium page allowed the clipboard."""
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    context.set_default_timeout(60_000)
    context.route("**/*", block_outside_loopback)
    page = context.new_page()
    page.goto(f"{site_url}staff/desk/")
    try:
        yield page
    finally:
        context.close()


@pytest.fixture
def desk(browser, sample_site_url: str):
    with open_desk(browser, sample_site_url) as page:
        yield page


def type_query(page, query: str, *, pasted: bool = False) -> list[dict]:
    """Type `query` into the desk (replacing what was there) and wait for both searches to answer.
    `pasted`: insert all but its last letter at once, as a CSR pasting a resident's words: the same
    settled search, without one search per letter."""
    page.keyboard.press("Control+A")
    if pasted and len(query) > 1:
        page.keyboard.insert_text(query[:-1])
        page.keyboard.type(query[-1])
    else:
        page.keyboard.type(query)
    page.wait_for_function(
        "(query) => window.kbgenDesk.query === query && window.kbgenDesk.settled", arg=query.strip()
    )
    return page.evaluate("window.kbgenDesk.hits")


def copy_with(page, key: str, what: str) -> None:
    """Press `key` and wait until the desk says it copied `what`: the clipboard write is asynchronous,
    and a paste before it ends would read what was copied before."""
    page.evaluate("() => { document.getElementById('status').textContent = ''; }")
    page.keyboard.press(key)
    page.wait_for_function(
        "(what) => document.getElementById('status').textContent.startsWith(`Copied the ${what} of`)",
        arg=what,
    )


def paste(page) -> str:
    """Paste the clipboard into a fresh textarea with Ctrl+V, as a CSR would into a reply."""
    page.evaluate(
        "() => { const area = document.createElement('textarea'); area.id = 'reply';"
        " document.body.append(area); area.focus(); }"
    )
    page.keyboard.press("Control+V")
    text = page.locator("#reply").input_value()
    page.evaluate(
        "() => { document.getElementById('reply').remove(); document.getElementById('q').focus(); }"
    )
    return text


@pytest.mark.browser
def test_a_csr_types_the_customers_words_and_copies_with_one_key(desk, sample_site: Path) -> None:
    data = {audience: desk_articles(sample_site, audience) for audience in ("owners", "residents")}
    assert desk.evaluate("document.activeElement.id") == "q"  # the search box has the focus at once
    hits = type_query(desk, "get paid")
    assert hits[0] == {"audience": "owners", "location": "when-will-i-get-my-payout/"}
    copy_with(desk, "Enter", "reply")
    payout = data["owners"]["when-will-i-get-my-payout/"]
    assert paste(desk) == payout["reply"]
    assert desk.locator("#hit-0 .copied").inner_text() == "Copied reply"
    assert "Copied the reply" in desk.locator("#status").inner_text()
    desk.keyboard.press("ArrowDown")
    second = data[hits[1]["audience"]][hits[1]["location"]]
    copy_with(desk, "Control+Enter", "link")
    assert paste(desk) == second["url"]
    copy_with(desk, "Alt+Enter", "short link")
    assert paste(desk) == second["short_url"]
    assert desk.locator("#hit-1").get_attribute("aria-selected") == "true"
    assert desk.locator("#q").get_attribute("aria-activedescendant") == "hit-1"
    desk.keyboard.press("ArrowUp")
    assert desk.locator("#q").get_attribute("aria-activedescendant") == "hit-0"
    desk.evaluate("window.open = (url) => { window.opened = url; }")
    desk.keyboard.press("Shift+Enter")
    assert desk.evaluate("window.opened") == payout["url"]


@pytest.mark.browser
def test_results_mark_their_help_center_and_the_toggle_limits_to_one(desk) -> None:
    both = type_query(desk, "deposit")
    assert {hit["audience"] for hit in both} == {"owners", "residents"}
    badges = desk.locator(".hit .badge").all_inner_texts()
    assert set(badges) == {"Owner", "Resident"}
    desk.keyboard.press("Tab")  # to the toggle, then pick Residents with the arrow keys
    desk.keyboard.press("ArrowRight")
    desk.keyboard.press("ArrowRight")
    assert desk.locator("input[value=residents]").is_checked()
    desk.wait_for_function(
        "window.kbgenDesk.settled && window.kbgenDesk.hits.every(h => h.audience === 'residents')"
    )
    assert desk.locator(".hit .badge").all_inner_texts() == ["Resident"] * desk.locator(".hit").count()


@pytest.mark.browser
def test_the_help_center_chosen_stays_chosen_after_a_reload(desk) -> None:
    """A CSR on the owner line picks Owners once; the next page load starts on Owners and searches
    the owners' help center only."""
    assert desk.locator("input[value=both]").is_checked()
    desk.check("input[value=owners]")
    desk.reload()
    assert desk.locator("input[value=owners]").is_checked()
    desk.focus("#q")
    hits = type_query(desk, "deposit")
    assert hits and {hit["audience"] for hit in hits} == {"owners"}
    desk.check("input[value=both]")
    desk.reload()
    assert desk.locator("input[value=both]").is_checked()


@pytest.mark.browser
def test_typos_and_other_words_find_the_article_as_on_the_sites(desk) -> None:
    assert type_query(desk, "lockd out")[0]["location"] == "lockouts-keys-and-remotes/"
    assert type_query(desk, "thermastat")[0]["location"] == "heating-and-cooling/"
    assert "thermostat" in desk.locator("#status").inner_text()


@pytest.mark.browser
def test_an_emergency_puts_the_emergency_line_before_the_results(desk) -> None:
    type_query(desk, "water pouring through my ceiling")
    alert = desk.locator("#emergency")
    assert alert.is_visible() and "(555) 010-4400" in alert.inner_text()
    type_query(desk, "pay rent online")
    assert not alert.is_visible()


MODES = ("own help center", "both at once")


def desk_figures(page, cases: list[Case]) -> dict[str, tuple[float, float]]:
    """hit@1 and hit@3 of the query's own article, per mode: the query's help center chosen, or
    both at once (its article, of its audience, must then come first)."""
    figures = {}
    for mode in MODES:
        hit1 = hit3 = 0
        for case in cases:
            page.check(f"input[value={'both' if mode == 'both at once' else case.audience}]")
            page.focus("#q")
            right = [
                hit["audience"] == case.audience and hit["location"].rstrip("/") in case.expect
                for hit in type_query(page, case.query, pasted=True)
            ]
            hit1 += bool(right[:1] and right[0])
            hit3 += any(right[:3])
        figures[mode] = (hit1 / len(cases), hit3 / len(cases))
    return figures


# Every answerable labelled query of each company: Harborview's tuned and held-out ones (the merge
# rules were tuned on them), and Desert Key Homes' (tests/search/second_company), never tuned on.
COMPANIES = {
    "Harborview": ("sample_site_url", (QUERIES, HELDOUT)),
    "Desert Key": ("second_company_site_url", (SECOND.queries,)),
}
FLOORS = {  # (hit@1, hit@3) per mode, a little under what was measured
    "Harborview": {"own help center": (0.92, 0.97), "both at once": (0.85, 0.96)},
    "Desert Key": {"own help center": (0.93, 0.99), "both at once": (0.84, 0.98)},
}


@pytest.mark.browser
@pytest.mark.parametrize("company", list(COMPANIES))
def test_labelled_queries_find_the_right_article_first(browser, request, company: str) -> None:
    """hit@1 and hit@3 over every answerable labelled query of `company`, typed into its desk, with
    the query's help center chosen and with both at once; printed (`-s`) and held above a floor."""
    fixture, paths = COMPANIES[company]
    cases = [case for path in paths for case in load_cases(path) if case.expect]
    with open_desk(browser, request.getfixturevalue(fixture)) as page:
        figures = desk_figures(page, cases)
    for mode, (hit1, hit3) in figures.items():
        print(f"answer desk, {company}, {mode}: {len(cases)} queries, hit@1 {hit1:.3f}, hit@3 {hit3:.3f}")
    for mode, (floor1, floor3) in FLOORS[company].items():
        assert figures[mode][0] >= floor1 and figures[mode][1] >= floor3, (mode, figures[mode])


@pytest.mark.browser
def test_a_csr_requests_an_article_by_keyboard_and_the_report_ranks_it_over_two_visitors(
    browser, reporting_sites, new_rows, tmp_path: Path
) -> None:
    """The CSR's one request outranks the same misses from two visitors; the other tests' misses in
    the shared collector are left out of the comparison."""
    site_url, site, db = reporting_sites
    store(db, [search("pool hours", "visitor1"), search("pool hours open", "visitor2")])
    context = browser.new_context()
    context.route("**/*", block_outside_loopback)
    page = context.new_page()
    page.goto(f"{site_url}staff/desk/")
    type_query(page, "rooftop grill")
    page.keyboard.press("Tab")  # the help-center toggle
    page.keyboard.press("Tab")  # "Owners"
    page.keyboard.press("Tab")  # "Residents"
    assert page.evaluate("document.activeElement.textContent") == "Residents"
    page.keyboard.press("Enter")
    expect(page.locator("#requested")).to_have_text("Requested: “rooftop grill” for residents")
    context.close()
    rows = [row for row in new_rows("searches") if row["kind"] == "csr"]
    assert [(row["query"], row["audience"], row["page"]) for row in rows] == [
        ("rooftop grill", "residents", "/staff/desk/")
    ]
    args = ["misses", "report", "--db", str(db), "--site", str(site), "--format", "json"]
    result = CliRunner().invoke(main, args, catch_exceptions=False)
    groups = [json.loads(line) for line in result.output.splitlines() if '"list": "write"' in line]
    ours = [group for group in groups if group["label"].startswith(("rooftop grill", "pool hours"))]
    assert [(group["label"], group["csr_requests"]) for group in ours] == [
        ("rooftop grill", 1),
        (ours[1]["label"], 0),
    ]
    out = tmp_path / "dashboard.html"
    CliRunner().invoke(main, [*args[:-1], "html", "--out", str(out)], catch_exceptions=False)
    assert "requested by CSRs (1)" in out.read_text(encoding="utf-8")


@pytest.mark.browser
def test_each_result_shows_its_helpful_score_from_the_collectors_votes(browser, reporting_sites) -> None:
    site_url, site, db = reporting_sites
    origin = {"Origin": site_url.rstrip("/")}
    page_path = "/owners/when-will-i-get-my-payout/"
    voted = [row for row in table_rows(db, "feedback") if row["page"] == page_path]
    assert not voted, "another test voted on this article in the shared collector: pick another one"
    for visitor, vote in (("tab-1", "yes"), ("tab-2", "yes"), ("tab-3", "no")):
        body = {"a": "owners", "k": vote, "p": page_path, "t": visitor}
        assert httpx.post(desk_data(site)["endpoint"], json=body, headers=origin).status_code == 204
    args = ["desk-scores", "--db", str(db), "--site", str(site)]
    result = CliRunner().invoke(main, args, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    context = browser.new_context()
    context.route("**/*", block_outside_loopback)
    page = context.new_page()
    page.goto(f"{site_url}staff/desk/")
    hits = type_query(page, "get paid")
    assert hits[0]["location"] == "when-will-i-get-my-payout/"
    expect(page.locator("#hit-0 .score")).to_have_text("Helpful: 67% (2 yes, 1 no)")
    unvoted = [i for i, hit in enumerate(hits) if hit["location"] != "when-will-i-get-my-payout/"]
    assert unvoted and page.locator(f"#hit-{unvoted[0]} .score").count() == 0
    context.close()


def store_votes(db: Path, votes: list[tuple[str, str, str]]) -> None:
    """(audience, page, vote) rows in the collector's own `feedback` table."""
    with closing(connect(db)) as connection:
        insert_records(
            connection,
            [Reaction(Feedback(audience, page, vote), at=0, visitor="v") for audience, page, vote in votes],
        )


def test_votes_count_per_article_page_whatever_query_string_the_browser_saw(tmp_path: Path) -> None:
    """A query string, a fragment or a missing slash still lands on the article's page; an unknown
    audience is left out."""
    db = tmp_path / "misses.db"
    store_votes(
        db,
        [
            ("residents", "/residents/pay-rent-online/", "yes"),
            ("residents", "/residents/pay-rent-online/?utm_source=mail#steps", "no"),
            ("residents", "/residents/pay-rent-online", "yes"),
            ("visitors", "/visitors/pay-rent-online/", "no"),
        ],
    )
    expected = {"/residents/pay-rent-online/": {"yes": 2, "no": 1}}
    assert feedback_scores(db) == {"owners": {}, "residents": expected}


def test_two_articles_ending_with_one_slug_keep_separate_scores(tmp_path: Path) -> None:
    """Scores are keyed by audience and the page's full path, never by its last segment."""
    db = tmp_path / "misses.db"
    store_votes(
        db,
        [
            ("residents", "/residents/pets/fees/", "yes"),
            ("residents", "/residents/pets/fees/", "yes"),
            ("residents", "/residents/parking/fees/", "no"),
            ("owners", "/owners/parking/fees/", "yes"),
        ],
    )
    assert feedback_scores(db) == {
        "owners": {"/owners/parking/fees/": {"yes": 1, "no": 0}},
        "residents": {
            "/residents/pets/fees/": {"yes": 2, "no": 0},
            "/residents/parking/fees/": {"yes": 0, "no": 1},
        },
    }


def test_desk_scores_refuses_a_site_without_a_desk(tmp_path: Path) -> None:
    db = tmp_path / "misses.db"
    sqlite3.connect(db).close()
    result = CliRunner().invoke(main, ["desk-scores", "--db", str(db), "--site", str(tmp_path / "site")])
    assert result.exit_code == 1 and "run `kbgen build` first" in result.output
