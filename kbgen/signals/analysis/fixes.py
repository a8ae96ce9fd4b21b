"""The "fix these articles" list: readers' votes and contact clicks per article, next to the misses.

A reading is one article seen in one page load (the beacon's random tab id, else the visitor's daily
hash): its latest vote counts, with every reason it gave, so a No followed by its reasons is one
reading. A reading failed when it ended on No or when the reader went on to contact a person from
the article; articles are ranked by how many readings they failed.
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field

from kbgen.signals.analysis.report import TREND_BUCKETS, ReportWindow
from kbgen.signals.analysis.site_pages import Page, article_location
from kbgen.signals.intake.events import REASONS
from kbgen.signals.intake.store import contacts_in, read_snapshot, votes_in

RECENT_COMMENTS = 5
_FROM_ARTICLE = ("no", "article")  # escalation origins that name the article they came from


@dataclass(frozen=True)
class Comment:
    at: int
    text: str


@dataclass
class ArticleFix:
    audience: str
    article: str  # location inside its site, as in the search index: "pay-rent-online/"
    title: str = ""
    readings: int = 0  # readings with a vote
    yes: int = 0
    no: int = 0
    failed: int = 0  # readings that ended on No or contacted a person
    escalations: int = 0  # readings that contacted a person from the article
    channels: Counter[str] = field(default_factory=Counter)
    reasons: Counter[str] = field(default_factory=Counter)
    comments: list[Comment] = field(default_factory=list)  # newest first
    first_seen: int = 0
    last_seen: int = 0
    trend: list[int] = field(default_factory=lambda: [0] * TREND_BUCKETS)  # failed readings per period

    @property
    def helpful_ratio(self) -> float | None:
        """Share of Yes among the votes; None without votes."""
        return self.yes / self.readings if self.readings else None

    @property
    def advice(self) -> str:
        """What went wrong for readers, in one line: the No votes with their reasons, then the contacts."""
        parts = [f"{self.no} of {self.readings} readers said No" if self.readings else "no votes"]
        if self.reasons:
            parts.append(
                ", ".join(
                    f"{REASONS.get(code, code)} ({count})" for code, count in self.reasons.most_common()
                )
            )
        if self.escalations:
            channels = ", ".join(f"{channel} {count}" for channel, count in self.channels.most_common())
            parts.append(f"{self.escalations} contacted a person ({channels})")
        return "; ".join(parts)


@dataclass
class _Reading:
    vote: str = ""
    reasons: set[str] = field(default_factory=set)
    channels: set[str] = field(default_factory=set)
    last: int = 0


def build_fixes(
    conn: sqlite3.Connection, window: ReportWindow, pages: Mapping[str, Mapping[str, Page]] | None = None
) -> list[ArticleFix]:
    """Every article with a vote or a contact in `window`, the most failed first; titles from `pages`
    (audience -> location -> page of the built site) when given."""
    readings: dict[tuple[str, str, str], _Reading] = {}
    comments: dict[tuple[str, str], list[Comment]] = {}

    def reading(audience: str, page: str, tab: str, visitor: str, at: int) -> _Reading:
        found = readings.setdefault((audience, article_location(page, audience), tab or visitor), _Reading())
        found.last = max(found.last, at)
        return found

    with read_snapshot(conn):  # votes and contact clicks as of one moment
        votes = votes_in(conn, window)
        contacts = contacts_in(conn, window, _FROM_ARTICLE)
    for audience, page, vote, reasons, comment, tab, visitor, at in votes:
        seen = reading(audience, page, tab, visitor, at)
        seen.vote = vote
        seen.reasons.update(code for code in reasons.split(",") if code)
        if comment:
            location = article_location(page, audience)
            comments.setdefault((audience, location), []).append(Comment(at, comment))
    for audience, page, channel, tab, visitor, at in contacts:
        reading(audience, page, tab, visitor, at).channels.add(channel)
    fixes = _per_article(readings, window)
    for fix in fixes:
        fix.comments = sorted(comments.get((fix.audience, fix.article), []), key=lambda c: -c.at)
        fix.comments = fix.comments[:RECENT_COMMENTS]
        page_info = (pages or {}).get(fix.audience, {}).get(fix.article)
        fix.title = page_info.title if page_info else fix.article
    return sorted(fixes, key=_rank)


def _per_article(readings: Mapping[tuple[str, str, str], _Reading], window: ReportWindow) -> list[ArticleFix]:
    fixes: dict[tuple[str, str], ArticleFix] = {}
    for (audience, article, _), seen in readings.items():
        fix = fixes.setdefault((audience, article), ArticleFix(audience, article))
        fix.first_seen = min(fix.first_seen or seen.last, seen.last)
        fix.last_seen = max(fix.last_seen, seen.last)
        if seen.vote:
            fix.readings += 1
            fix.yes += seen.vote == "yes"
            fix.no += seen.vote == "no"
        if seen.vote == "no":
            fix.reasons.update(seen.reasons)
        if seen.channels:
            fix.escalations += 1
            fix.channels.update(seen.channels)
        if seen.vote == "no" or seen.channels:
            fix.failed += 1
            slot = (seen.last - window.since) // window.bucket_seconds
            fix.trend[min(max(int(slot), 0), TREND_BUCKETS - 1)] += 1
    return list(fixes.values())


def _rank(fix: ArticleFix) -> tuple[int, int, int, float, str]:
    ratio = fix.helpful_ratio
    return (-fix.failed, -fix.no, -fix.escalations, 1.0 if ratio is None else ratio, fix.title)
