"""The health dashboard (`kbgen misses report --format html`): weekly figures from searches, votes,
contacts and (once the sites send them) clicks; `--audience` on every figure; escaped visitors' text;
and the page itself, opened offline in Chromium, light and dark, ready to print."""

from __future__ import annotations

import functools
import sqlite3
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner

from kbgen.cli import main
from kbgen.signals.analysis.activity import Activity, Week, build_activity
from kbgen.signals.analysis.report import DAY, ReportWindow, build_report
from kbgen.signals.analysis.site_search import load_site_searches
from kbgen.signals.intake.beacon import Beacon
from kbgen.signals.intake.events import Click, Escalation, Feedback
from kbgen.signals.intake.store import Reaction, Search, connect, insert_records
from kbgen.signals.output.export import export_dashboard
from tests.conftest import CHROMIUM

NOW = int(time.time())
WINDOW = ReportWindow(since=NOW - 28 * DAY, until=NOW)
EARLY, LATE = NOW - 17 * DAY, NOW - 2 * DAY  # two different weeks, whatever today is
HOSTILE_QUERY = '<img src=x onerror="alert(1)"> rooftop grill'
HOSTILE_COMMENT = "</table><script>alert(2)</script> fee changed"


def searched(query: str, visitor: str, at: int, kind: str = "zero", audience: str = "residents") -> Search:
    return Search(Beacon(query, audience, kind), at, visitor)


def voted(article: str, vote: str, visitor: str, at: int, audience: str = "residents", **details) -> Reaction:
    return Reaction(
        Feedback(audience, f"/{audience}/{article}/", vote, tab="t" + visitor, **details), at, visitor
    )


def contacted(
    origin: str, visitor: str, at: int, channel: str = "phone", query: str = "", **where
) -> Reaction:
    audience = where.get("audience", "residents")
    page = f"/{audience}/{where.get('article', 'contact-us')}/"
    return Reaction(Escalation(audience, page, channel, origin, query, "t" + visitor), at, visitor)


RECORDS = [
    # early week, residents: 3 zero, 2 weak, 1 no-click by 5 visitors; one of them calls after a miss
    searched("bike storage", "r1", EARLY),
    searched("bike storage", "r2", EARLY),
    searched("storage for bikes", "r3", EARLY + 60),
    searched("pool hours", "r4", EARLY, kind="weak"),
    searched(HOSTILE_QUERY, "r4", EARLY + 30, kind="weak"),
    searched("pay rent online", "r5", EARLY, kind="noclick"),
    contacted("miss", "r2", EARLY + 90, channel="email", query="bike storage"),
    voted("pay-rent-online", "yes", "r5", EARLY + 120),
    # late week, residents: a reader says No to late fees and calls from the article; another says Yes
    voted("late-fees-and-grace-period", "no", "r6", LATE, reasons=("outdated",), comment=HOSTILE_COMMENT),
    contacted("no", "r6", LATE + 40, article="late-fees-and-grace-period"),
    voted("pay-rent-online", "yes", "r7", LATE),
    searched("bike storage", "r7", LATE),
    # owners, late week: two misses, one vote, one e-mail from another page
    searched("llc transfer", "o1", LATE, audience="owners"),
    searched("llc transfer", "o2", LATE, audience="owners"),
    voted("when-will-i-get-my-payout", "no", "o1", LATE, audience="owners"),
    contacted("page", "o2", LATE + 10, channel="email", audience="owners"),
    # outside the window
    searched("bike storage", "r9", NOW - 40 * DAY),
]


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "misses.db"
    conn = connect(path)
    with conn:
        insert_records(conn, RECORDS)
    conn.close()
    return path


def activity_of(db: Path, window: ReportWindow = WINDOW) -> Activity:
    conn = connect(db)
    try:
        return build_activity(conn, window)
    finally:
        conn.close()


def week_of(activity: Activity, at: int) -> Week:
    return next(week for week in activity.weeks if week.start <= at < week.start + 7 * DAY)


def test_each_week_counts_search_outcomes_visits_and_contacts(db: Path) -> None:
    both = activity_of(db)
    early, late = week_of(both, EARLY), week_of(both, LATE)
    assert (early.zero, early.weak, early.noclick) == (3, 2, 1)
    assert (late.zero, late.weak, late.noclick) == (3, 0, 0)
    assert not both.clicks_collected
    assert (early.readings, late.readings) == (1, 3)  # the estimate of "opened" without clicks
    assert early.searches(False) == 7 and late.searches(False) == 6
    assert (early.visits, early.contacted, early.self_served) == (5, 1, 4)
    assert (late.visits, late.contacted, late.self_served) == (4, 2, 2)
    assert early.origins == {"miss": 1} and late.origins == {"no": 1, "page": 1}
    assert both.channels == {("miss", "email"): 1, ("no", "phone"): 1, ("page", "email"): 1}
    assert sum(week.zero for week in both.weeks) == 6  # the search 40 days ago is outside
    assert all(week.start % DAY == 0 and time.gmtime(week.start).tm_wday == 0 for week in both.weeks)


def test_audience_applies_to_every_figure(db: Path) -> None:
    owners = activity_of(db, ReportWindow(WINDOW.since, WINDOW.until, "owners"))
    late = week_of(owners, LATE)
    assert (late.zero, late.readings, late.visits, late.contacted) == (2, 1, 2, 1)
    assert sum(week.searches(False) for week in owners.weeks) == 3
    assert owners.channels == {("page", "email"): 1}
    assert [(item.audience, item.article) for item in owners.top_opened] == [
        ("owners", "when-will-i-get-my-payout/")
    ]


def test_clicks_on_results_replace_the_estimate_once_the_database_has_them(db: Path) -> None:
    conn = connect(db)
    clicks = [
        ("pay rent", "pay-rent-online", "r1"),
        ("rent", "pay-rent-online", "r8"),
        ("fees", "late-fees", "r8"),
    ]
    with conn:
        insert_records(
            conn,
            [
                Reaction(Click("residents", query, f"/residents/{article}/", 1), LATE, visitor)
                for query, article, visitor in clicks
            ],
        )
    conn.close()
    found = activity_of(db)
    late = week_of(found, LATE)
    assert found.clicks_collected and late.clicks == 3 and late.opened(True) == 3
    assert late.searches(True) == 3 + 3  # three zero searches, three that opened an article
    assert late.visits == 4 + 2  # r1 and r8 only clicked that week
    assert [(item.article, item.count) for item in found.top_opened] == [
        ("pay-rent-online/", 2),
        ("late-fees/", 1),
    ]


def report_html(db: Path, site: Path, out: Path, *extra: str) -> str:
    args = ["misses", "report", "--db", str(db), "--site", str(site), "--format", "html", "--out", str(out)]
    result = CliRunner().invoke(main, [*args, *extra], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return out.read_text(encoding="utf-8")


def test_every_chart_has_a_title_a_description_and_a_data_table_and_visitors_text_is_escaped(
    db: Path, sample_site: Path, tmp_path: Path
) -> None:
    page = report_html(db, sample_site, tmp_path / "dashboard.html")
    charts = page.split('<svg class="chart"')[1:]
    assert len(charts) == 5
    assert all("<title id=" in chart.split("</svg>")[0] and "<desc id=" in chart for chart in charts)
    assert page.count("<summary>Data table:") == len(charts)
    assert "How this is counted." in page and "deflection estimate" in page
    assert "<img src=x" not in page and "&lt;img src=x" in page
    assert "<script>alert" not in page and "&lt;/table&gt;&lt;script&gt;alert(2)" in page
    assert "When is rent late" in page  # articles named by their titles from the built site
    assert "default-src 'none'" in page  # nothing can be fetched, even if a value slipped through


def test_audience_option_leaves_the_other_help_centers_data_out_of_the_page(
    db: Path, sample_site: Path, tmp_path: Path
) -> None:
    page = report_html(db, sample_site, tmp_path / "owners.html", "--audience", "owners")
    assert "llc transfer" in page and "owner payout" in page
    assert "bike storage" not in page and "rooftop" not in page and "late-fees" not in page


def test_the_dashboard_rechecks_the_best_ranked_groups_until_enough_are_open(
    db: Path, sample_site: Path
) -> None:
    searches = load_site_searches(sample_site)
    conn = connect(db)
    try:
        everything = build_report(conn, WINDOW, sample_site, searches)
        top = build_report(conn, WINDOW, sample_site, searches, open_limit=2)
    finally:
        conn.close()
    open_ones = [group.label for group in everything if group.is_open]
    assert len(open_ones) > 2
    assert [group.label for group in top if group.is_open] == open_ones[:2]


def test_a_window_holding_the_whole_table_reads_it_without_the_time_index(db: Path) -> None:
    from kbgen.signals.intake.store import window_filter

    conn = sqlite3.connect(db)
    try:
        whole, _ = window_filter(conn, "searches", ReportWindow(NOW - 90 * DAY, NOW))
        recent, _ = window_filter(conn, "searches", WINDOW)
    finally:
        conn.close()
    assert whole.startswith("+at >= ?") and recent.startswith("at >= ?")


def record_and_continue(seen: list[str], route) -> None:
    seen.append(route.request.url)
    route.continue_()


def open_offline(browser, db: Path, sample_site: Path, tmp_path: Path, **options):
    """The dashboard written to a file and opened with every other request refused."""
    path = tmp_path / "dashboard.html"
    report_html(db, sample_site, path)
    context = browser.new_context(**options)
    context.route(
        "**/*", lambda route: route.continue_() if route.request.url == path.as_uri() else route.abort()
    )
    page = context.new_page()
    page.goto(path.as_uri())
    return context, page


@pytest.mark.browser
def test_the_dashboard_opens_offline_and_draws_its_charts_in_light_and_dark(
    browser, db: Path, sample_site: Path, tmp_path: Path
) -> None:
    path = tmp_path / "dashboard.html"
    report_html(db, sample_site, path)
    backgrounds = {}
    for scheme in ("light", "dark"):
        context = browser.new_context(color_scheme=scheme)
        requests: list[str] = []
        context.route("**/*", functools.partial(record_and_continue, requests))
        page = context.new_page()
        page.goto(path.as_uri())
        charts = page.locator("svg.chart")
        assert charts.count() == 5
        for index in range(charts.count()):
            box = charts.nth(index).bounding_box()
            assert box and box["width"] > 200 and box["height"] > 60
            marks = charts.nth(index).locator("rect, polyline")
            assert marks.count() > 0
            assert any((marks.nth(i).bounding_box() or {}).get("height", 0) > 0 for i in range(marks.count()))
        assert page.get_by_role("img", name="Searches per week, by outcome").count() == 1
        backgrounds[scheme] = page.evaluate("getComputedStyle(document.body).backgroundColor")
        assert requests == [path.as_uri()]  # the file itself, and nothing else
        context.close()
    assert backgrounds == {"light": "rgb(255, 255, 255)", "dark": "rgb(18, 23, 22)"}


@pytest.mark.browser
def test_printing_shows_every_data_table_and_hides_the_navigation(
    browser, db: Path, sample_site: Path, tmp_path: Path
) -> None:
    context, page = open_offline(browser, db, sample_site, tmp_path)
    assert page.locator("details[open]").count() == 0
    page.evaluate("dispatchEvent(new Event('beforeprint'))")
    assert page.locator("details:not([open])").count() == 0
    page.emulate_media(media="print")
    assert not page.locator("nav").is_visible()
    assert page.locator("table").first.is_visible()
    page.evaluate("dispatchEvent(new Event('afterprint'))")
    assert page.locator("details[open]").count() == 0
    context.close()


PRINTED_WIDTH = round(8.5 * 96 - 2 * 12 / 25.4 * 96)  # CSS px: US Letter less export.py's 12 mm margins


@pytest.mark.browser
def test_printed_every_table_fits_the_width_of_the_paper(
    browser, db: Path, sample_site: Path, tmp_path: Path
) -> None:
    """A table wider than the paper makes Chromium shrink every page of the PDF to fit it."""
    paper = {"width": PRINTED_WIDTH, "height": 1000}
    context, page = open_offline(browser, db, sample_site, tmp_path, viewport=paper)
    page.emulate_media(media="print")
    assert page.evaluate("document.documentElement.scrollWidth") <= PRINTED_WIDTH
    context.close()


def export(db: Path, site: Path, out: Path | None, output_format: str, **env: str):
    args = ["misses", "report", "--db", str(db), "--site", str(site), "--format", output_format]
    return CliRunner().invoke(main, [*args, *(["--out", str(out)] if out else [])], env=env)


@pytest.mark.browser
def test_the_dashboard_prints_to_a_pdf_with_its_figures_and_data_tables(
    db: Path, sample_site: Path, tmp_path: Path
) -> None:
    pypdf = pytest.importorskip("pypdf")
    out = tmp_path / "health.pdf"
    result = export(db, sample_site, out, "pdf", KBGEN_CHROMIUM=CHROMIUM)
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(b"%PDF-")
    reader = pypdf.PdfReader(out)
    text = " ".join(page.extract_text() for page in reader.pages)
    assert len(reader.pages) >= 2 and reader.pages[0].mediabox.width == 612  # US Letter, 8.5 in
    assert "Help center health" in reader.pages[0].extract_text()
    assert "bike storage" in text and "When is rent late" in text  # the write and fix lists
    assert "Data table" not in text and "Searches per week, by outcome" in text
    assert text.count("Week") >= 5  # every chart's data table is printed, opened


@pytest.mark.browser
def test_a_printed_work_list_heading_stays_on_the_page_of_its_tables_first_row(
    db: Path, sample_site: Path, tmp_path: Path
) -> None:
    """With these records the "Fix these articles" heading falls at the foot of a page; the print
    styles carry it, its intro and the table's head over to the page where its first row starts."""
    pypdf = pytest.importorskip("pypdf")
    out = tmp_path / "health.pdf"
    assert export(db, sample_site, out, "pdf", KBGEN_CHROMIUM=CHROMIUM).exit_code == 0
    pages = [" ".join(page.extract_text().split()) for page in pypdf.PdfReader(out).pages]
    for heading, first_row in (
        ("Write these articles", "bike storage"),
        ("Fix these articles", "When is rent late"),
    ):
        page = next(text for text in pages if heading in text)
        assert first_row in page.split(heading, 1)[1], heading


@pytest.mark.browser
def test_a_printed_fix_list_gives_article_titles_a_column_wide_enough_for_several_words_a_line(
    db: Path, sample_site: Path, tmp_path: Path
) -> None:
    """Eleven columns overflowed the page: Chromium shrank the whole report to fit the comments and
    the titles wrapped a word or two a line. Printed, a row takes two lines and the title a wide column."""
    pypdf = pytest.importorskip("pypdf")
    out = tmp_path / "health.pdf"
    assert export(db, sample_site, out, "pdf", KBGEN_CHROMIUM=CHROMIUM).exit_code == 0
    text = "\n".join(page.extract_text() for page in pypdf.PdfReader(out).pages)
    fix_list = text.split("Fix these articles", 1)[1].splitlines()
    assert any("When is rent late, and how much" in line for line in fix_list)
    assert any("When will I get my owner payout?" in line for line in fix_list)


@pytest.mark.browser
def test_the_dashboard_exports_to_one_full_page_png(db: Path, sample_site: Path, tmp_path: Path) -> None:
    out = tmp_path / "health.png"
    result = export(db, sample_site, out, "png", KBGEN_CHROMIUM=CHROMIUM)
    assert result.exit_code == 0, result.output
    header = out.read_bytes()[:24]
    width, height = int.from_bytes(header[16:20], "big"), int.from_bytes(header[20:24], "big")
    assert header.startswith(b"\x89PNG\r\n\x1a\n") and width == 1280 and height > 2000


def test_a_missing_chromium_says_what_to_install_and_writes_nothing(
    db: Path, sample_site: Path, tmp_path: Path
) -> None:
    out = tmp_path / "health.pdf"
    result = export(db, sample_site, out, "pdf", KBGEN_CHROMIUM=str(tmp_path / "no-such-chromium"))
    assert result.exit_code == 1 and not out.exists()
    assert "KBGEN_CHROMIUM is set to" in result.output and "/usr/bin/chromium" in result.output
    assert "Traceback" not in result.output and result.exception is not None
    assert isinstance(result.exception, SystemExit)


def test_a_missing_playwright_says_to_install_the_export_extra(
    db: Path, sample_site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "playwright.sync_api", None)  # as if it were not installed
    result = export(db, sample_site, tmp_path / "health.pdf", "pdf")
    assert result.exit_code == 1 and "pip install 'kbgen[export]'" in result.output


def test_a_pdf_is_never_written_to_the_terminal(db: Path, sample_site: Path) -> None:
    result = export(db, sample_site, None, "pdf", KBGEN_CHROMIUM=CHROMIUM)
    assert result.exit_code == 2 and "--format pdf writes a file: add --out report.pdf" in result.output
    assert "%PDF" not in result.output


@pytest.mark.browser
def test_the_export_lets_the_page_fetch_nothing(tmp_path: Path) -> None:
    """Even a page that asks for a picture on loopback gets nothing: the dashboard needs no request."""
    asked: list[str] = []

    class Recording(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            asked.append(self.path)
            self.send_response(404)
            self.end_headers()

        def log_message(self, format: str, *args) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Recording)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/"
        page = f'<p>Help center health</p><img src="{url}logo.png"><link rel="stylesheet" href="{url}a.css">'
        assert export_dashboard(page, "pdf", Path(CHROMIUM)).startswith(b"%PDF-")
        assert httpx.get(url + "probe").status_code == 404  # the server was listening all along
    finally:
        server.shutdown()
        server.server_close()
    assert asked == ["/probe"]
