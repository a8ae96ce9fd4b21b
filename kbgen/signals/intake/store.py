"""The misses database: one SQLite file in WAL mode, shared by the collector, imports and reports.

It holds searches, readers' votes on articles (`feedback`), their clicks to reach a person
(`escalations`) and the search results they open (`clicks`); every table of visitors' actions keeps
a salted daily visitor hash, never an IP address. It also holds what the tools remember between
runs (imported log lines, daily salts, answered groups, the Notion keys of pushed requests). This
module creates every table and holds every statement that reads or writes one: the collector's and
the log import's writes, and the reports' reads (the grouping of searches, the "fix these articles"
list, the dashboard's weekly figures, the clicks `misses learn` learns from), so the columns are
named in one module and the other modules call functions, never SQL.

WAL lets reports read while the collector writes; `synchronous=FULL` makes a commit survive a crash
of the process or the machine, which is what lets the collector promise an acknowledged record.
"""

from __future__ import annotations

import contextlib
import math
import sqlite3
import time
from collections.abc import Collection, Iterable, Iterator, Mapping
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


def phrasings_per_period(
    conn: sqlite3.Connection, window: Window, start: int, period: int
) -> list[tuple[str, str, str, int, int, int, int]]:
    """(audience, query, kind, period number from `start`, searches, first and last `at`): a few rows
    per phrasing, however many times it was searched."""
    where, params = window_filter(conn, "searches", window)
    return conn.execute(
        f"SELECT audience, query, kind, (at - ?) / ?, COUNT(*), MIN(at), MAX(at) FROM searches WHERE {where}"
        " GROUP BY 1, 2, 3, 4",
        (start, period, *params),
    ).fetchall()


def visitors_per_group(
    conn: sqlite3.Connection,
    window: Window,
    group_of: Mapping[tuple[str, str], int],
    weights: Mapping[str, float],
    other_weight: float,
    half_life_days: float,
) -> list[tuple[int, int, float]]:
    """(group number, distinct visitors, score) for the searches whose (audience, query) `group_of`
    numbers. Each visitor counts once per group, with the weight of their most recent search there:
    its kind's weight (`other_weight` for a kind `weights` does not name), halving every
    `half_life_days` before the window's end.

    SQLite does it over a temporary table mapping each phrasing to its group number, so the million
    rows of a busy help center never cross into Python."""
    conn.execute(
        "CREATE TEMP TABLE IF NOT EXISTS report_groups"
        " (g_audience TEXT, g_query TEXT, gid INTEGER, PRIMARY KEY (g_audience, g_query)) WITHOUT ROWID"
    )
    conn.execute("DELETE FROM temp.report_groups")
    conn.executemany(
        "INSERT INTO temp.report_groups VALUES (?, ?, ?)",
        [(audience, query, gid) for (audience, query), gid in group_of.items()],
    )
    _ensure_pow(conn)
    kinds = " ".join("WHEN ? THEN ?" for _ in weights)
    where, params = window_filter(conn, "searches", window)
    return conn.execute(
        "SELECT gid, COUNT(*), SUM(best) FROM (SELECT gid,"
        f" MAX((CASE kind {kinds} ELSE ? END) * pow(0.5, MAX(0, ? - at) / 86400.0 / ?)) AS best"
        " FROM searches JOIN temp.report_groups ON g_audience = audience AND g_query = query"
        f" WHERE {where} GROUP BY gid, visitor) GROUP BY gid",
        (
            *(value for pair in weights.items() for value in pair),
            other_weight,
            window.until,
            half_life_days,
            *params,
        ),
    ).fetchall()


def _ensure_pow(conn: sqlite3.Connection) -> None:
    """SQLite builds without its math functions get Python's `pow`."""
    try:
        conn.execute("SELECT pow(0.5, 1)")
    except sqlite3.OperationalError:
        conn.create_function("pow", 2, math.pow, deterministic=True)


def contacts_per_query(conn: sqlite3.Connection, window: Window) -> list[tuple[str, str, int]]:
    """(audience, search, contact clicks right after it): the readers a search still sent to a person
    (the click names the search that found nothing before it)."""
    where, params = window_filter(conn, "escalations", window)
    return conn.execute(
        f"SELECT audience, query, COUNT(*) FROM escalations WHERE {where} AND query != '' GROUP BY 1, 2",
        params,
    ).fetchall()


def typed_on(
    conn: sqlite3.Connection, window: Window, within: int, prefixes: Collection[str]
) -> list[tuple[str, str, str]]:
    """(audience, search, the next search in its tab): distinct pairs where the first is one of
    `prefixes` and the next one, logged within `within` seconds, goes on from where it stopped ("is
    wifi included in ren", then "... rent"): a visitor who paused while typing. Only the tabs that
    logged one of `prefixes` are read in order; searches without a tab (access logs) have none."""
    if not prefixes:
        return []
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS typing_prefixes (query TEXT PRIMARY KEY) WITHOUT ROWID")
    conn.execute("DELETE FROM typing_prefixes")
    conn.executemany("INSERT OR IGNORE INTO typing_prefixes VALUES (?)", [(query,) for query in prefixes])
    where, params = window_filter(conn, "searches", window)
    return conn.execute(
        "SELECT DISTINCT audience, query, next_query FROM ("
        " SELECT audience, query, at, LEAD(query) OVER tab_order AS next_query,"
        " LEAD(at) OVER tab_order AS next_at"
        f" FROM searches WHERE {where} AND tab IN (SELECT tab FROM searches WHERE {where}"
        " AND tab != '' AND query IN typing_prefixes)"
        " WINDOW tab_order AS (PARTITION BY tab, audience ORDER BY at, id))"
        " WHERE query IN typing_prefixes AND next_at - at <= ? AND length(next_query) > length(query)"
        " AND substr(next_query, 1, length(query)) = query",
        (*params, *params, within),
    ).fetchall()


def clicks_in(
    conn: sqlite3.Connection, audience: str, since: int, until: int
) -> list[tuple[str, str, int, str]]:
    """(query, article as the browser saw it, position, visitor) of every result opened in `audience`
    from `since` to `until`."""
    return conn.execute(
        "SELECT query, article, position, visitor FROM clicks WHERE audience = ? AND at >= ? AND at <= ?",
        (audience, since, until),
    ).fetchall()


def remember_answers(
    conn: sqlite3.Connection,
    answered: Iterable[tuple[str, str, str]],
    unanswered: Iterable[tuple[str, str]],
    now: int,
) -> dict[tuple[str, str], int]:
    """Keep when each (audience, group key, article) of `answered` was first found answered (`now`
    unless an earlier report found it), forget the `unanswered` (audience, group key) pairs; returns
    each answered group's date, so a report can say "answered since"."""
    since: dict[tuple[str, str], int] = {}
    with conn:
        for audience, group_key, article in answered:
            conn.execute(
                "INSERT OR IGNORE INTO answered_groups (audience, group_key, article, since)"
                " VALUES (?, ?, ?, ?)",
                (audience, group_key, article, now),
            )
            since[audience, group_key] = conn.execute(
                "SELECT since FROM answered_groups WHERE audience = ? AND group_key = ?",
                (audience, group_key),
            ).fetchone()[0]
        conn.executemany("DELETE FROM answered_groups WHERE audience = ? AND group_key = ?", unanswered)
    return since


def mark_writable(conn: sqlite3.Connection) -> None:
    """A small real write, for the collector's health check; the caller ends the transaction."""
    conn.execute("INSERT OR REPLACE INTO writer_probe (id, at) VALUES (1, ?)", (int(time.time()),))


@contextlib.contextmanager
def writing(conn: sqlite3.Connection) -> Iterator[None]:
    """One write transaction that takes the write lock at its start (`BEGIN IMMEDIATE`), so it waits
    for a busy database there rather than failing half way; committed at the end of the `with`
    block, rolled back if it raises."""
    with conn:
        conn.execute("BEGIN IMMEDIATE")
        yield


def remember_line(conn: sqlite3.Connection, digest: bytes) -> bool:
    """Note an imported log line by its digest; False if an earlier import already noted it."""
    return conn.execute("INSERT OR IGNORE INTO imported_lines (digest) VALUES (?)", (digest,)).rowcount > 0


def daily_salt(conn: sqlite3.Connection, day: str, candidate: bytes) -> bytes:
    """The salt of `day` (YYYY-MM-DD), storing `candidate` if the day has none yet: whichever process
    stores first, every process hashes that day's visitors with the same salt."""
    conn.execute("INSERT OR IGNORE INTO daily_salts (day, salt) VALUES (?, ?)", (day, candidate))
    return conn.execute("SELECT salt FROM daily_salts WHERE day = ?", (day,)).fetchone()[0]


def forget_salts_before(conn: sqlite3.Connection, day: str) -> None:
    """Delete the salts of every day before `day`: their hashes can no longer be linked to anyone."""
    conn.execute("DELETE FROM daily_salts WHERE day < ?", (day,))


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
