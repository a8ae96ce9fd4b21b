"""The misses database: one SQLite file in WAL mode, shared by the collector, imports and reports.

It holds searches, readers' votes on articles (`feedback`), their clicks to reach a person
(`escalations`) and the search results they open (`clicks`); every table of visitors' actions keeps
a salted daily visitor hash, never an IP address. It also holds what the tools remember between
runs (imported log lines, daily salts, answered groups, the Notion keys of pushed requests): this
module creates every table, and the reports' reads of the visitors' tables for the "fix these
articles" list and the dashboard's weekly figures are here too, so their columns are named in one
module.

WAL lets reports read while the collector writes; `synchronous=FULL` makes a commit survive a crash
of the process or the machine, which is what lets the collector promise an acknowledged record.
"""

from __future__ import annotations

import contextlib
import sqlite3
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from kbgen.signals.intake.beacon import CSR_KIND, Beacon
from kbgen.signals.intake.events import Click, Escalation, Event, Feedback

DEFAULT_DB = Path("misses.db")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS searches (
    id INTEGER PRIMARY KEY,
    at INTEGER NOT NULL,            -- unix seconds, server clock (or the log line's time)
    audience TEXT NOT NULL,
    kind TEXT NOT NULL,             -- zero | weak | noclick
    query TEXT NOT NULL,            -- scrubbed
    page TEXT NOT NULL DEFAULT '',
    tab TEXT NOT NULL DEFAULT '',   -- random per-tab id from the browser
    visitor TEXT NOT NULL,          -- salted daily hash; never an IP address
    source TEXT NOT NULL            -- beacon | log
);
CREATE INDEX IF NOT EXISTS searches_by_time ON searches (at);
CREATE TABLE IF NOT EXISTS imported_lines (digest BLOB PRIMARY KEY) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS daily_salts (day TEXT PRIMARY KEY, salt BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS feedback (
    id INTEGER PRIMARY KEY,
    at INTEGER NOT NULL,
    audience TEXT NOT NULL,
    page TEXT NOT NULL,             -- the article's path as the browser saw it
    vote TEXT NOT NULL,             -- yes | no
    reasons TEXT NOT NULL DEFAULT '',  -- reason codes, comma-separated
    comment TEXT NOT NULL DEFAULT '',  -- scrubbed
    tab TEXT NOT NULL DEFAULT '',
    visitor TEXT NOT NULL,
    source TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS feedback_by_time ON feedback (at);
CREATE TABLE IF NOT EXISTS escalations (
    id INTEGER PRIMARY KEY,
    at INTEGER NOT NULL,
    audience TEXT NOT NULL,
    page TEXT NOT NULL,             -- where the link was clicked
    channel TEXT NOT NULL,          -- phone | emergency | email | portal
    origin TEXT NOT NULL,           -- no | article | miss | page
    query TEXT NOT NULL DEFAULT '', -- the search that found nothing before it (scrubbed)
    tab TEXT NOT NULL DEFAULT '',
    visitor TEXT NOT NULL,
    source TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS escalations_by_time ON escalations (at);
CREATE TABLE IF NOT EXISTS writer_probe (  -- one row the collector rewrites to prove it can commit
    id INTEGER PRIMARY KEY CHECK (id = 1),
    at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS clicks (
    id INTEGER PRIMARY KEY,
    at INTEGER NOT NULL,
    audience TEXT NOT NULL,
    query TEXT NOT NULL,            -- the search (scrubbed)
    article TEXT NOT NULL,          -- the result opened, its path as the browser saw it
    position INTEGER NOT NULL,      -- 1-based, in the result list
    page TEXT NOT NULL DEFAULT '',  -- where the search was typed
    tab TEXT NOT NULL DEFAULT '',
    visitor TEXT NOT NULL,
    source TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS clicks_by_time ON clicks (at);
CREATE TABLE IF NOT EXISTS answered_groups (
    audience TEXT NOT NULL,
    group_key TEXT NOT NULL,
    article TEXT NOT NULL,
    since INTEGER NOT NULL,         -- when a report first found the group answered
    PRIMARY KEY (audience, group_key)
);
CREATE TABLE IF NOT EXISTS request_keys (
    audience TEXT NOT NULL,
    words TEXT NOT NULL,            -- the stemmed words of one phrasing of a group pushed to Notion
    dedupe_key TEXT NOT NULL,       -- the key its request has in Notion
    PRIMARY KEY (audience, words)
) WITHOUT ROWID;
"""


@dataclass(frozen=True)
class Search:
    """One stored search: a beacon plus when it happened and who (as a daily hash) sent it."""

    beacon: Beacon
    at: int
    visitor: str
    source: str = "beacon"

    @property
    def who(self) -> tuple[str, str]:
        """The visitor hash and where the search came from (beacon or log)."""
        return self.visitor, self.source


def connect(path: Path) -> sqlite3.Connection:
    """Open (creating if needed) the database with the settings every user of it relies on."""
    conn = sqlite3.connect(path, timeout=30, isolation_level=None, check_same_thread=False)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=FULL")
    conn.execute("PRAGMA busy_timeout=30000")
    conn.executescript(_SCHEMA)
    return conn


def connect_read_only(path: Path) -> sqlite3.Connection:
    """Open the database only to read it: a tool that reports never creates, migrates or locks it."""
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)


@contextlib.contextmanager
def opened(path: Path) -> Iterator[sqlite3.Connection]:
    """The database at `path` (created if needed) for the length of a `with` block."""
    conn = connect(path)
    try:
        yield conn
    finally:
        conn.close()


@contextlib.contextmanager
def read_snapshot(conn: sqlite3.Connection) -> Iterator[None]:
    """One read transaction: every SELECT inside sees the database as it was at the first one, however
    many beacons the collector commits meanwhile (WAL), so counts read apart always agree."""
    conn.execute("BEGIN")
    try:
        yield
    finally:
        conn.execute("ROLLBACK")  # nothing was written; ends the read transaction either way


def insert_searches(conn: sqlite3.Connection, searches: Iterable[Search]) -> None:
    """Add `searches`; the caller decides where the transaction ends."""
    conn.executemany(
        "INSERT INTO searches (at, audience, kind, query, page, tab, visitor, source)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (s.at, s.beacon.audience, s.beacon.kind, s.beacon.query, s.beacon.page, s.beacon.tab, *s.who)
            for s in searches
        ],
    )


@dataclass(frozen=True)
class Reaction:
    """A reader's vote, contact click or opened result, plus when and who (as a daily hash)."""

    event: Feedback | Escalation | Click
    at: int
    visitor: str
    source: str = "beacon"


Record = Search | Reaction


def record_of(event: Event, at: int, visitor: str, source: str = "beacon") -> Record:
    """The stored form of any checked beacon."""
    if isinstance(event, Beacon):
        return Search(beacon=event, at=at, visitor=visitor, source=source)
    return Reaction(event=event, at=at, visitor=visitor, source=source)


def insert_records(conn: sqlite3.Connection, records: Iterable[Record]) -> None:
    """Add searches, votes and contact clicks, each to its table; the caller ends the transaction."""
    searches, votes, contacts, clicks = [], [], [], []
    for record in records:
        if isinstance(record, Search):
            searches.append(record)
        elif isinstance(record.event, Feedback):
            votes.append((record, record.event))
        elif isinstance(record.event, Click):
            clicks.append((record, record.event))
        else:
            contacts.append((record, record.event))
    insert_searches(conn, searches)
    conn.executemany(
        "INSERT INTO feedback (at, audience, page, vote, reasons, comment, tab, visitor, source)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (r.at, f.audience, f.page, f.vote, ",".join(f.reasons), f.comment, f.tab, r.visitor, r.source)
            for r, f in votes
        ],
    )
    conn.executemany(
        "INSERT INTO escalations (at, audience, page, channel, origin, query, tab, visitor, source)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (r.at, e.audience, e.page, e.channel, e.origin, e.query, e.tab, r.visitor, r.source)
            for r, e in contacts
        ],
    )
    conn.executemany(
        "INSERT INTO clicks (at, audience, query, article, position, page, tab, visitor, source)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (r.at, c.audience, c.query, c.article, c.position, c.page, c.tab, r.visitor, r.source)
            for r, c in clicks
        ],
    )


def vote_counts(conn: sqlite3.Connection) -> list[tuple[str, str, str, int]]:
    """(audience, page as the browser saw it, vote, count): the Yes and No votes per page."""
    return conn.execute(
        "SELECT audience, page, vote, COUNT(*) FROM feedback"
        " WHERE vote IN ('yes', 'no') GROUP BY audience, page, vote"
    ).fetchall()


class Window(Protocol):
    """The rows a report reads: from `since` to `until` (unix seconds), of one audience or both."""

    @property
    def since(self) -> int: ...
    @property
    def until(self) -> int: ...
    @property
    def audience(self) -> str | None: ...


VISITOR_TABLES = ("searches", "feedback", "escalations", "clicks")
_READING = "CASE WHEN tab != '' THEN tab ELSE visitor END"  # one page load, else the visitor's day


def window_filter(conn: sqlite3.Connection, table: str, window: Window) -> tuple[str, tuple[object, ...]]:
    """The window's WHERE clause for `table` and its parameters. When the window starts before the
    table's first row, the time index is skipped (`+at`): reading the whole table in order is about
    3x faster than following the index to every row."""
    oldest = conn.execute(f"SELECT MIN(at) FROM {table}").fetchone()[0]
    column = "+at" if oldest is None or oldest >= window.since else "at"
    where = f"{column} >= ? AND {column} <= ?" + (" AND audience = ?" if window.audience else "")
    return where, (window.since, window.until, *([window.audience] if window.audience else []))


def votes_in(conn: sqlite3.Connection, window: Window) -> list[tuple[str, str, str, str, str, str, str, int]]:
    """(audience, page, vote, reasons, comment, tab, visitor, at) of every vote, oldest first."""
    where, params = window_filter(conn, "feedback", window)
    return conn.execute(
        f"SELECT audience, page, vote, reasons, comment, tab, visitor, at FROM feedback WHERE {where}"
        " ORDER BY at, id",
        params,
    ).fetchall()


def contacts_in(
    conn: sqlite3.Connection, window: Window, origins: Iterable[str]
) -> list[tuple[str, str, str, str, str, int]]:
    """(audience, page, channel, tab, visitor, at) of every contact click from one of `origins`."""
    where, params = window_filter(conn, "escalations", window)
    chosen = tuple(origins)
    return conn.execute(
        f"SELECT audience, page, channel, tab, visitor, at FROM escalations WHERE {where}"
        f" AND origin IN ({', '.join('?' * len(chosen))})",
        (*params, *chosen),
    ).fetchall()


def searches_per_period(
    conn: sqlite3.Connection, window: Window, start: int, period: int
) -> list[tuple[int, str, int]]:
    """(period number from `start`, kind, searches)."""
    where, params = window_filter(conn, "searches", window)
    return conn.execute(
        f"SELECT (at - ?) / ?, kind, COUNT(*) FROM searches WHERE {where} GROUP BY 1, 2",
        (start, period, *params),
    ).fetchall()


def clicks_per_period(
    conn: sqlite3.Connection, window: Window, start: int, period: int
) -> list[tuple[int, int]]:
    """(period number from `start`, search results opened)."""
    where, params = window_filter(conn, "clicks", window)
    return conn.execute(
        f"SELECT (at - ?) / ?, COUNT(*) FROM clicks WHERE {where} GROUP BY 1", (start, period, *params)
    ).fetchall()


def readings_per_period(
    conn: sqlite3.Connection, window: Window, start: int, period: int
) -> list[tuple[int, int]]:
    """(period number from `start`, article readings that left a vote: page loads, else visitor days)."""
    where, params = window_filter(conn, "feedback", window)
    return conn.execute(
        f"SELECT (at - ?) / ?, COUNT(DISTINCT audience || ' ' || page || ' ' || {_READING})"
        f" FROM feedback WHERE {where} GROUP BY 1",
        (start, period, *params),
    ).fetchall()


def contacts_per_period(
    conn: sqlite3.Connection, window: Window, start: int, period: int
) -> list[tuple[int, str, str, int]]:
    """(period number from `start`, origin, channel, contact clicks)."""
    where, params = window_filter(conn, "escalations", window)
    return conn.execute(
        f"SELECT (at - ?) / ?, origin, channel, COUNT(*) FROM escalations WHERE {where} GROUP BY 1, 2, 3",
        (start, period, *params),
    ).fetchall()


def visitors_per_period(
    conn: sqlite3.Connection, window: Window, start: int, period: int
) -> list[tuple[int, int]]:
    """(period number from `start`, distinct visitors with any beacon): a CSR's request from the
    answer desk is no visit to the help center."""
    parts: list[str] = []
    params: list[object] = []
    for table in VISITOR_TABLES:
        where, table_params = window_filter(conn, table, window)
        if table == "searches":
            where += " AND kind != ?"
            table_params = (*table_params, CSR_KIND)
        parts.append(f"SELECT (at - ?) / ? AS period, visitor FROM {table} WHERE {where}")
        params += [start, period, *table_params]
    return conn.execute(
        f"SELECT period, COUNT(DISTINCT visitor) FROM ({' UNION ALL '.join(parts)}) GROUP BY period", params
    ).fetchall()


def contacting_visitors_per_period(
    conn: sqlite3.Connection, window: Window, start: int, period: int
) -> list[tuple[int, int]]:
    """(period number from `start`, distinct visitors who clicked a way to reach a person)."""
    where, params = window_filter(conn, "escalations", window)
    return conn.execute(
        f"SELECT (at - ?) / ?, COUNT(DISTINCT visitor) FROM escalations WHERE {where} GROUP BY 1",
        (start, period, *params),
    ).fetchall()


def opened_per_page(conn: sqlite3.Connection, window: Window) -> list[tuple[str, str, int]]:
    """(audience, article path as the browser saw it, times opened from search results)."""
    where, params = window_filter(conn, "clicks", window)
    return conn.execute(
        f"SELECT audience, article, COUNT(*) FROM clicks WHERE {where} GROUP BY 1, 2", params
    ).fetchall()


def readings_per_page(conn: sqlite3.Connection, window: Window) -> list[tuple[str, str, int]]:
    """(audience, page as the browser saw it, readings that left a vote)."""
    where, params = window_filter(conn, "feedback", window)
    return conn.execute(
        f"SELECT audience, page, COUNT(DISTINCT {_READING}) FROM feedback WHERE {where} GROUP BY 1, 2", params
    ).fetchall()


def mark_writable(conn: sqlite3.Connection) -> None:
    """A small real write, for the collector's health check; the caller ends the transaction."""
    conn.execute("INSERT OR REPLACE INTO writer_probe (id, at) VALUES (1, ?)", (int(time.time()),))


def count_searches(conn: sqlite3.Connection) -> int:
    return conn.execute("SELECT COUNT(*) FROM searches").fetchone()[0]


def pushed_request_key(conn: sqlite3.Connection, audience: str, words_keys: Iterable[str]) -> str | None:
    """The Notion dedupe key a request was pushed under for the first of `words_keys` that has one."""
    for words_key in words_keys:
        row = conn.execute(
            "SELECT dedupe_key FROM request_keys WHERE audience = ? AND words = ?", (audience, words_key)
        ).fetchone()
        if row:
            return row[0]
    return None


def remember_request_keys(conn: sqlite3.Connection, keys: Iterable[tuple[str, str, str]]) -> None:
    """Keep (audience, stemmed words, dedupe key) rows; a phrasing keeps the first key it was pushed under."""
    with conn:
        conn.executemany(
            "INSERT OR IGNORE INTO request_keys (audience, words, dedupe_key) VALUES (?, ?, ?)", keys
        )
