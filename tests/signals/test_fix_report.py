"""The "fix these articles" list on a realistic log of votes and contacts: readings folded, ranking by
readers failed, reasons, comments, trend, and the same figures in every format."""

from __future__ import annotations

import csv
import io
import json
import random
import time
from pathlib import Path

import pytest

from kbgen.signals.analysis.fixes import ArticleFix, article_location, build_fixes
from kbgen.signals.analysis.report import DAY, ReportWindow
from kbgen.signals.analysis.worklists import build_worklists
from kbgen.signals.intake.beacon import Beacon
from kbgen.signals.intake.events import Escalation, Feedback
from kbgen.signals.intake.store import Reaction, Search, connect, insert_records
from kbgen.signals.output.formats import render

NOW = int(time.time())
WINDOW = ReportWindow(since=NOW - 30 * DAY, until=NOW)


def reading(
    article: str,
    vote: str,
    *,
    reasons: tuple[str, ...] = (),
    comment: str = "",
    contact: str = "",
    days_ago: float = 1,
    tab: str = "",
    audience: str = "residents",
) -> list:
    """The records of one reader on one article: the vote, then its details, then maybe a contact."""
    tab = tab or f"tab{random.getrandbits(48):x}"
    page, at = f"/{audience}/{article}/", int(NOW - days_ago * DAY)
    records = [Reaction(Feedback(audience, page, vote, tab=tab), at, "v" + tab)] if vote else []
    if reasons or comment:
        records.append(Reaction(Feedback(audience, page, "no", reasons, comment, tab), at + 20, "v" + tab))
    if contact:
        origin = "no" if vote == "no" else "article"
        records.append(Reaction(Escalation(audience, page, contact, origin, tab=tab), at + 40, "v" + tab))
    return records


@pytest.fixture(scope="module")
def fixes(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[ArticleFix]]:
    """Four weeks of a resident help center: one article out of date, one that sends people to the
    phone, one mostly fine, one loved; plus an owner article and noise outside the window."""
    random.seed(7)
    records: list = []
    for n in range(12):  # late fees: out of date, failing more lately
        reasons = ("outdated",) if n % 3 else ("outdated", "unclear")
        records += reading("late-fees", "no", reasons=reasons, comment="fee is $75 now" if n == 0 else "",
                           days_ago=2 + n % 6)  # fmt: skip
    records += [r for n in range(4) for r in reading("late-fees", "yes", days_ago=20 + n)]
    for n in range(9):  # lockouts: readers say yes, then call anyway (and one says no and calls)
        records += reading("lockouts", "yes" if n else "no", contact="phone", days_ago=1 + n)
    records += [r for n in range(5) for r in reading("lockouts", "", contact="emergency", days_ago=3 + n)]
    records += [r for n in range(3) for r in reading("pay-rent-online", "no", reasons=("broken",))]
    records += [r for n in range(30) for r in reading("pay-rent-online", "yes", days_ago=n % 25)]
    records += [r for n in range(40) for r in reading("pet-policy", "yes", days_ago=n % 28)]
    records += [r for n in range(2) for r in reading("owner-statements", "no", audience="owners")]
    records += reading("late-fees", "no", reasons=("answer",), days_ago=45)  # before the window
    # A reader who changed their mind: No, then Yes on the same page load.
    records += reading("pet-policy", "no", tab="changed") + reading("pet-policy", "yes", tab="changed")
    db = tmp_path_factory.mktemp("fixes") / "misses.db"
    conn = connect(db)
    try:
        with conn:
            insert_records(conn, records)
        found = build_fixes(conn, WINDOW)
    finally:
        conn.close()
    return db, found


def by_article(fixes: list[ArticleFix]) -> dict[str, ArticleFix]:
    return {fix.article: fix for fix in fixes}


def test_articles_are_ranked_by_the_readers_they_failed(fixes) -> None:
    _, found = fixes
    assert [fix.article for fix in found] == [
        "lockouts/",  # 9 votes with a call + 5 calls without a vote = 14 failed
        "late-fees/",  # 12 No
        "pay-rent-online/",
        "owner-statements/",
        "pet-policy/",  # loved: last
    ]
    assert [fix.failed for fix in found] == [14, 12, 3, 2, 0]


def test_each_article_carries_votes_ratio_reasons_comments_and_contacts(fixes) -> None:
    articles = by_article(fixes[1])
    late = articles["late-fees/"]
    assert (late.readings, late.yes, late.no, late.escalations) == (16, 4, 12, 0)
    assert late.helpful_ratio == pytest.approx(4 / 16)
    assert dict(late.reasons) == {"outdated": 12, "unclear": 4}  # the reading from day 45 is outside
    assert [comment.text for comment in late.comments] == ["fee is $75 now"]
    lockouts = articles["lockouts/"]
    assert (lockouts.readings, lockouts.yes, lockouts.no, lockouts.escalations) == (9, 8, 1, 14)
    assert dict(lockouts.channels) == {"phone": 9, "emergency": 5}
    assert articles["pet-policy/"].readings == 41  # the changed mind is one reading, ending on Yes
    assert (articles["pet-policy/"].no, articles["pet-policy/"].failed) == (0, 0)
    assert articles["owner-statements/"].audience == "owners"


def test_the_trend_puts_recent_failures_in_the_latest_periods(fixes) -> None:
    late = by_article(fixes[1])["late-fees/"]
    assert sum(late.trend) == late.failed
    assert sum(late.trend[-3:]) == late.failed  # all within the last week of a 30-day window


def test_json_and_csv_carry_both_lists_with_the_same_figures(fixes) -> None:
    db, found = fixes
    conn = connect(db)
    try:
        with conn:
            insert_records(conn, [Search(Beacon("bike storage roof", "residents", "zero"), NOW - 60, "v1")])
            insert_records(conn, [Reaction(Escalation("residents", "/residents/", "email", "miss",
                                                      "bike storage roof"), NOW - 30, "v1")])  # fmt: skip
        lists = build_worklists(conn, WINDOW, None, with_activity=True)
    finally:
        conn.close()
    assert lists.fix == found
    lines = [json.loads(line) for line in render(lists, "json").splitlines()]
    assert [line["list"] for line in lines] == ["write"] + ["fix"] * len(found)
    assert (lines[0]["label"], lines[0]["escalations"]) == ("bike storage roof", 1)
    lockouts = lines[1]
    assert (lockouts["label"], lockouts["failed"], lockouts["escalations"]) == ("lockouts/", 14, 14)
    assert lockouts["channels"] == {"phone": 9, "emergency": 5}
    rows = list(csv.DictReader(io.StringIO(render(lists, "csv"))))
    assert [(row["list"], row["failed"]) for row in rows] == [("write", "")] + [
        ("fix", str(fix.failed)) for fix in found
    ]
    assert rows[2]["reasons"] == "out of date: 12 | hard to follow: 4"
    html = render(lists, "html")
    assert "Write these articles" in html and "Fix these articles" in html
    assert html.count('aria-label="failed readings per period') == len(found)


def test_the_article_is_found_in_the_path_wherever_the_site_is_hosted() -> None:
    assert article_location("/residents/pay-rent-online/", "residents") == "pay-rent-online/"
    assert article_location("/help/owners/statements/", "owners") == "statements/"
