"""The misses database: one SQLite file in WAL mode, shared by the collector, imports and reports.

WAL lets reports read while the collector writes; `synchronous=FULL` makes a commit survive a crash
of the process or the machine, which is what lets the collector promise an acknowledged record.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from kbgen.misses.beacon import Beacon

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
CREATE TABLE IF NOT EXISTS answered_groups (
    audience TEXT NOT NULL,
    group_key TEXT NOT NULL,
    article TEXT NOT NULL,
    since INTEGER NOT NULL,         -- when a report first found the group answered
    PRIMARY KEY (audience, group_key)
);
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


def count_searches(conn: sqlite3.Connection) -> int:
    return conn.execute("SELECT COUNT(*) FROM searches").fetchone()[0]
