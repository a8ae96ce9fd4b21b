"""Beacons (searches, votes, contact clicks) out of web server access logs, for sites hosted without
the collector.

The sites can send each beacon as `GET .../kbgen-miss.gif?q=&a=&k=&p=&t=` to a small file inside
the site itself; the hits then sit in the host's access log. This module reads nginx/Apache
"combined" logs and CloudFront standard logs (plain or .gz), checks every hit like the collector
does, and skips lines a previous import already took.
"""

from __future__ import annotations

import gzip
import hashlib
import re
import sqlite3
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import IO
from urllib.parse import parse_qsl, unquote

from kbgen.misses.beacon import BadBeacon
from kbgen.misses.events import parse_event
from kbgen.misses.store import Record, insert_records, record_of
from kbgen.misses.visitors import VisitorHasher, day_of

FORMATS = ("auto", "nginx", "cloudfront")
BEACON_FILE = "miss.gif"  # matches the site's kbgen-miss.gif and the collector's /miss.gif
_BATCH = 5_000

_COMBINED = re.compile(
    r'^(?P<address>\S+) \S+ \S+ \[(?P<time>[^\]]+)\] "(?P<request>(?:[^"\\]|\\.)*)" (?P<status>\d{3}) \S+'
    r' "(?:[^"\\]|\\.)*" "(?P<agent>(?:[^"\\]|\\.)*)"'
)
# The standard column order, used until a "#Fields:" line says otherwise.
_CLOUDFRONT_FIELDS = (
    "date",
    "time",
    "x-edge-location",
    "sc-bytes",
    "c-ip",
    "cs-method",
    "cs(Host)",
    "cs-uri-stem",
    "sc-status",
    "cs(Referer)",
    "cs(User-Agent)",
    "cs-uri-query",
)


@dataclass(frozen=True)
class Hit:
    """One beacon request found in a log line."""

    line: str
    at: int
    address: str
    user_agent: str
    query_string: str


@dataclass
class ImportResult:
    imported: int = 0
    already_imported: int = 0
    rejected: Counter[str] = field(default_factory=Counter)  # reason -> lines


def import_log(conn: sqlite3.Connection, log_file: Path, log_format: str = "auto") -> ImportResult:
    """Add the beacon hits of `log_file` to the database; safe to run again on a grown log."""
    result = ImportResult()
    visitors = VisitorHasher(conn, keep_past_days=True)
    pending: list[tuple[bytes, Record | str]] = []
    with _open_text(log_file) as lines:
        for hit in _hits(lines, log_format):
            pending.append((hashlib.sha256(hit.line.encode()).digest(), _record(hit, visitors)))
            if len(pending) >= _BATCH:
                _commit(conn, pending, result)
                pending = []
    _commit(conn, pending, result)
    visitors.forget_past_days(day_of(int(time.time())))
    return result


def _record(hit: Hit, visitors: VisitorHasher) -> Record | str:
    """The hit's record, or the reason it is refused."""
    try:
        fields = dict(parse_qsl(hit.query_string, encoding="utf-8", errors="strict"))
        event = parse_event(fields)
    except (BadBeacon, UnicodeError) as exc:
        return str(exc) if isinstance(exc, BadBeacon) else "query string is not UTF-8"
    visitor = visitors.visitor(hit.address, hit.user_agent, hit.at)
    return record_of(event, hit.at, visitor, source="log")


def _commit(
    conn: sqlite3.Connection, pending: list[tuple[bytes, Record | str]], result: ImportResult
) -> None:
    """Store new lines' records and remember their digests, in one transaction; a line seen before
    counts as already imported only, even when it was refused the first time."""
    if not pending:
        return
    with conn:
        conn.execute("BEGIN IMMEDIATE")
        fresh = []
        for digest, record in pending:
            inserted = conn.execute("INSERT OR IGNORE INTO imported_lines (digest) VALUES (?)", (digest,))
            if inserted.rowcount == 0:
                result.already_imported += 1
            elif isinstance(record, str):
                result.rejected[record] += 1
            else:
                fresh.append(record)
        insert_records(conn, fresh)
        result.imported += len(fresh)


def _open_text(log_file: Path) -> IO[str]:
    with open(log_file, "rb") as probe:
        gzipped = probe.read(2) == b"\x1f\x8b"
    if gzipped:
        return gzip.open(log_file, "rt", encoding="utf-8", errors="replace")
    return open(log_file, encoding="utf-8", errors="replace")


def _hits(lines: IO[str], log_format: str) -> Iterator[Hit]:
    first = next(lines, "")
    if log_format == "auto":
        log_format = "cloudfront" if first.startswith("#Version") else "nginx"
    parse = _cloudfront_hits if log_format == "cloudfront" else _combined_hits
    yield from parse(_chain(first, lines))


def _chain(first: str, rest: IO[str]) -> Iterator[str]:
    if first:
        yield first
    yield from rest


def _combined_hits(lines: Iterator[str]) -> Iterator[Hit]:
    for raw in lines:
        line = raw.rstrip("\n")
        match = _COMBINED.match(line)
        if not match or not match["status"].startswith(("2", "3", "4")):
            continue
        method, _, target = match["request"].partition(" ")
        path, _, query = target.rsplit(" ", 1)[0].partition("?")
        if method != "GET" or not path.endswith(BEACON_FILE):
            continue
        try:
            when = datetime.strptime(match["time"], "%d/%b/%Y:%H:%M:%S %z")
        except ValueError:
            continue
        yield Hit(line, int(when.timestamp()), match["address"], match["agent"], query)


def _cloudfront_hits(lines: Iterator[str]) -> Iterator[Hit]:
    columns = {name: index for index, name in enumerate(_CLOUDFRONT_FIELDS)}
    for raw in lines:
        line = raw.rstrip("\n")
        if line.startswith("#Fields:"):
            columns = {name: index for index, name in enumerate(line.split()[1:])}
            continue
        if line.startswith("#"):
            continue
        values = line.split("\t")
        try:
            row = {name: values[index] for name, index in columns.items()}
            if row["cs-method"] != "GET" or not row["cs-uri-stem"].endswith(BEACON_FILE):
                continue
            when = datetime.strptime(f"{row['date']} {row['time']}", "%Y-%m-%d %H:%M:%S").replace(tzinfo=UTC)
        except (IndexError, KeyError, ValueError):
            continue
        query = row.get("cs-uri-query", "-")
        if "%25" in query:  # CloudFront encodes the already-encoded query a second time
            query = unquote(query)
        agent = unquote(unquote(row.get("cs(User-Agent)", "")))
        yield Hit(line, int(when.timestamp()), row["c-ip"], agent, "" if query == "-" else query)
