"""Week by week: what visitors searched, opened, voted and how often they still needed a person.

The dashboard's figures, all read from the misses database for one `ReportWindow` (so `--since` and
`--audience` apply to every chart):

- search outcomes: the misses the sites send (`zero`, `weak`, `noclick`) and, once the sites send
  them, clicks on a result (the `clicks` table). Without clicks, "ended with an article opened" is
  estimated from article readings that left a vote;
- visits: one visitor's day (the visitor hash changes every day) with any beacon: a search, a click,
  a vote or a contact. A visit *contacted a person* when it sent a contact click; the other visits
  ended without one: the help center's deflection estimate;
- contacts to a person by origin (after a No, from an article, after a search that found nothing,
  elsewhere) and channel.
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from kbgen.signals.analysis.report import DAY, ReportWindow
from kbgen.signals.analysis.site_pages import article_location
from kbgen.signals.intake.store import (
    clicks_per_period,
    contacting_visitors_per_period,
    contacts_per_period,
    opened_per_page,
    readings_per_page,
    readings_per_period,
    searches_per_period,
    visitors_per_period,
)

WEEK = 7 * DAY
TOP_ARTICLES = 10
_MONDAY_1970 = 4 * DAY  # 1970-01-01 was a Thursday; weeks start on Monday 00:00 UTC


@dataclass
class Week:
    start: int  # Monday 00:00 UTC
    days: int = 7  # days of this week inside the window
    zero: int = 0
    weak: int = 0
    noclick: int = 0
    clicks: int = 0
    readings: int = 0  # article readings with a vote (the estimate of "opened" without clicks)
    visits: int = 0
    contacted: int = 0  # visits that clicked a way to reach a person
    origins: Counter[str] = field(default_factory=Counter)  # contacts by origin

    def opened(self, clicks_collected: bool) -> int:
        return self.clicks if clicks_collected else self.readings

    def searches(self, clicks_collected: bool) -> int:
        return self.zero + self.weak + self.noclick + self.opened(clicks_collected)

    @property
    def self_served(self) -> int:
        """Visits that ended without contacting a person."""
        return self.visits - self.contacted


@dataclass(frozen=True)
class OpenedArticle:
    audience: str
    article: str  # location in its site, "pay-rent-online/"
    count: int


@dataclass
class Activity:
    weeks: list[Week]
    clicks_collected: bool
    top_opened: list[OpenedArticle]  # by clicks from search, else by readings with a vote
    channels: Counter[tuple[str, str]] = field(default_factory=Counter)  # (origin, channel) -> contacts


def week_starts(window: ReportWindow) -> list[int]:
    first = window.since - (window.since - _MONDAY_1970) % WEEK
    return list(range(first, window.until + 1, WEEK))


def week_label(start: int) -> str:
    return datetime.fromtimestamp(start, UTC).strftime("%b %-d")


def week_range(start: int) -> str:
    first = datetime.fromtimestamp(start, UTC)
    return f"{first:%Y-%m-%d} to {first + timedelta(days=6):%Y-%m-%d}"


def build_activity(conn: sqlite3.Connection, window: ReportWindow) -> Activity:
    """Every weekly figure of the dashboard for `window`."""
    starts = week_starts(window)
    weeks = [Week(start, days=_days_inside(start, window)) for start in starts]
    first = starts[0]

    def slot(row_week: int) -> Week:
        return weeks[min(max(int(row_week), 0), len(weeks) - 1)]

    for week, kind, count in searches_per_period(conn, window, first, WEEK):
        if kind in ("zero", "weak", "noclick"):
            setattr(slot(week), kind, getattr(slot(week), kind) + count)
    for week, count in clicks_per_period(conn, window, first, WEEK):
        slot(week).clicks += count
    clicks_collected = any(week.clicks for week in weeks)
    for week, count in readings_per_period(conn, window, first, WEEK):
        slot(week).readings += count
    channels: Counter[tuple[str, str]] = Counter()
    for week, origin, channel, count in contacts_per_period(conn, window, first, WEEK):
        slot(week).origins[origin] += count
        channels[origin, channel] += count
    _add_visits(conn, window, first, slot)
    top = _top_opened(conn, window) if clicks_collected else _top_read(conn, window)
    return Activity(weeks, clicks_collected, top, channels)


def _add_visits(
    conn: sqlite3.Connection,
    window: ReportWindow,
    first: int,
    slot: Callable[[int], Week],
) -> None:
    """Distinct visitor-days per week with any beacon, and those among them that contacted a person."""
    for week, visits in visitors_per_period(conn, window, first, WEEK):
        slot(week).visits += visits
    for week, contacted in contacting_visitors_per_period(conn, window, first, WEEK):
        slot(week).contacted += contacted


def _top_opened(conn: sqlite3.Connection, window: ReportWindow) -> list[OpenedArticle]:
    """Articles opened from search results, the most opened first."""
    return _most(opened_per_page(conn, window))


def _top_read(conn: sqlite3.Connection, window: ReportWindow) -> list[OpenedArticle]:
    """Without clicks: the articles with the most readings that left a vote."""
    return _most(readings_per_page(conn, window))


def _most(rows: list[tuple[str, str, int]]) -> list[OpenedArticle]:
    """The TOP_ARTICLES articles with the highest counts, from (audience, page path, count) rows."""
    counts: Counter[tuple[str, str]] = Counter()
    for audience, page, count in rows:
        counts[audience, article_location(page, audience)] += count
    return [OpenedArticle(a, article, n) for (a, article), n in counts.most_common(TOP_ARTICLES)]


def _days_inside(start: int, window: ReportWindow) -> int:
    inside = min(start + WEEK, window.until + 1) - max(start, window.since)
    return max(1, min(7, -(-inside // DAY)))
