"""Grouping and ranking on a realistic month of searches: variants fold into one group per article."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from kbgen.signals.analysis.report import ReportWindow, build_report
from kbgen.signals.intake.store import connect
from tests.signals.searches import DAY, search, store

LOCKOUT = ["lock out", "locked out", "Lockout", "LOCKED OUT!!", "locked out of my apartment", "loked out",
           "out locked", "lockedout"]  # fmt: skip
PARKING = [
    "guest parking permit",
    "guest parking permit",
    "parking permit for guests",
    "guest pakring permit",
    "Guest-parking permits",
]


@pytest.fixture
def month_of_searches(tmp_path: Path) -> Path:
    """A month as a resident site sees it: many phrasings, repeat visitors, old and new topics."""
    db = tmp_path / "misses.db"
    searches = [search(query, f"lock-{n}", days_ago=n % 9) for n, query in enumerate(LOCKOUT + LOCKOUT[1:2])]
    searches += [search(query, f"park-{n}", days_ago=n) for n, query in enumerate(PARKING)]
    # One visitor searching the same thing ten times ranks below four visitors searching it once.
    searches += [search("rooftop grill rules", "grill-fan", days_ago=2) for _ in range(10)]
    searches += [search("package locker code", f"pkg-{n}", days_ago=3) for n in range(4)]
    # Five visitors two months ago weigh less than three this week.
    searches += [search("snow removal schedule", f"snow-{n}", days_ago=55 + n) for n in range(5)]
    searches += [search("ev charging station", f"ev-{n}", days_ago=n) for n in range(3)]
    searches += [search("locked out", "owner-1", audience="owners")]  # another help center, another group
    searches += [
        search("pool hours", "pool-1", kind="noclick"),
        search("pool hours", "pool-2", kind="noclick"),
    ]
    store(db, searches)
    return db


def report(db: Path, days: int = 90) -> list:
    now = int(time.time())
    conn = connect(db)
    try:
        return build_report(conn, ReportWindow(since=now - days * DAY, until=now + 60))
    finally:
        conn.close()


def by_label(groups: list) -> dict:
    return {(group.audience, group.label): group for group in groups}


def test_case_punctuation_order_stems_typos_and_run_together_words_fold_into_one_group(
    month_of_searches: Path,
) -> None:
    groups = by_label(report(month_of_searches))
    lockout = groups["residents", "locked out"]
    assert lockout.searches == lockout.visitors == len(LOCKOUT) + 1
    assert set(lockout.examples) <= set(LOCKOUT) and len(lockout.examples) == 5
    parking = groups["residents", "guest parking permit"]
    assert parking.searches == len(PARKING)
    residents = [group for group in groups.values() if group.audience == "residents"]
    assert len(residents) == 7
    assert groups["owners", "locked out"].searches == 1


def test_ranking_is_by_distinct_visitors_with_recent_searches_weighing_more(month_of_searches: Path) -> None:
    labels = [group.label for group in report(month_of_searches) if group.audience == "residents"]
    assert labels.index("locked out") == 0
    assert labels.index("package locker code") < labels.index("rooftop grill rules")
    assert labels.index("ev charging station") < labels.index("snow removal schedule")
    # Two no-clicks weigh as one miss: below four visitors' misses, above one visitor's.
    assert (
        labels.index("package locker code") < labels.index("pool hours") < labels.index("rooftop grill rules")
    )


def test_counts_first_and_last_seen_and_trend(month_of_searches: Path) -> None:
    grill = by_label(report(month_of_searches))["residents", "rooftop grill rules"]
    assert (grill.searches, grill.visitors, grill.misses, grill.noclicks) == (10, 1, 10, 0)
    assert sum(grill.trend) == 10 and grill.trend[-1] == 10
    snow = by_label(report(month_of_searches))["residents", "snow removal schedule"]
    assert snow.last_seen - snow.first_seen == pytest.approx(4 * DAY, abs=5)
    assert "snow removal schedule" not in {group.label for group in report(month_of_searches, days=30)}


def test_a_group_is_named_by_a_finished_phrasing_not_by_typing_logged_before_it_ended(tmp_path: Path) -> None:
    """A visitor who pauses logs "snow remova" as well; the more often logged cut phrasing must not
    name the group (nor be what the verdict judges), while "snow" alone is a search of its own."""
    db = tmp_path / "misses.db"
    cut = [search("snow remova", f"cut-{n}") for n in range(3)]
    store(db, [*cut, search("snow removal", "done-1"), search("Snow removal?", "done-2")])
    groups = report(db)
    assert [group.label for group in groups] == ["snow removal"]
    assert groups[0].searches == 5 and "snow remova" in groups[0].examples


def test_a_search_a_visitor_went_on_typing_from_mid_word_joins_the_search_it_became(tmp_path: Path) -> None:
    """"is wifi included in ren" (a word of its own to a dictionary: "ren") logged in a tab that then
    logged "... rent" is typing, not a search: one group, named by the finished one. A tab that went
    on after a whole word ("pool", then "pool hours") made two searches; so did another tab."""
    db = tmp_path / "misses.db"
    minute = 60 / DAY
    store(db, [
        search("is wifi included in ren", "v1", tab="t1", days_ago=2 * minute),
        search("is wifi included in rent", "v1", tab="t1", days_ago=1.9 * minute),
        search("is wifi included in ren", "v2", tab="t2", days_ago=minute),
        search("pool", "v3", tab="t3", days_ago=2 * minute),
        search("pool hours", "v3", tab="t3", days_ago=1.9 * minute),
    ])  # fmt: skip
    groups = by_label(report(db))
    assert sorted(label for _, label in groups) == ["is wifi included in rent", "pool", "pool hours"]
    assert groups["residents", "is wifi included in rent"].searches == 3


def test_a_group_lists_the_finished_search_before_the_typing_logged_on_the_way(tmp_path: Path) -> None:
    """Two visitors paused at "is wifi included in ren" and went on to "... rent": as many searches
    each, but the examples a CSR reads start with what the visitors finished typing."""
    db = tmp_path / "misses.db"
    minute = 60 / DAY
    store(db, [
        search(query, visitor, tab=visitor, days_ago=minute * ago)
        for visitor in ("v1", "v2")
        for query, ago in (("is wifi included in ren", 2), ("is wifi included in rent", 1.9))
    ])  # fmt: skip
    [group] = report(db)
    assert group.examples == ["is wifi included in rent", "is wifi included in ren"]
