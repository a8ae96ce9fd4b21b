"""Beacons (searches, votes, contact clicks) out of web server access logs, for sites hosted without
the collector.

The sites can send each beacon as `GET .../kbgen-miss.gif?q=&a=&k=&p=&t=` to a small file inside
the site itself; the hits then sit in the host's access log. This module reads nginx/Apache
"combined" logs and CloudFront standard logs (plain or .gz), checks every hit like the collector
does, and skips lines a previous import already took.

A file is imported whole or not at all (one transaction at the end): a gzip that is corrupt or cut
short stops the import with the line it got to and stores nothing of that file. Lines longer than
`MAX_LINE_CHARS` (no beacon is) are skipped without being held in memory, and lines dated in the
future are refused: stored, they would keep their day's visitor salt alive until that day.
"""

from __future__ import annotations

import gzip
import hashlib
import re
import sqlite3
import time
import zlib
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import IO
from urllib.parse import parse_qsl, unquote

from kbgen.signals.intake.beacon import BadBeacon
from kbgen.signals.intake.events import parse_event
from kbgen.signals.intake.store import Record, insert_records, record_of, remember_line, writing
from kbgen.signals.intake.visitors import VisitorHasher, day_of

FORMATS = ("auto", "nginx", "cloudfront")
BEACON_FILE = "miss.gif"  # matches the site's kbgen-miss.gif and the collector's /miss.gif
MAX_LINE_CHARS = 64 * 1024  # a beacon's line is a few KiB: the query is at most 2 KiB
FUTURE_SLACK_SECONDS = 300  # clocks of the web server and of this machine may differ a little

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


class LogImportError(Exception):
    """The file could not be read to its end; nothing of it was imported. The message says where."""


class _Lines:
    """The file's lines, counted, each at most `MAX_LINE_CHARS`: an overlong line is read past in
    pieces, counted in `overlong`, never held whole."""

    def __init__(self, handle: IO[str]) -> None:
        self._handle = handle
        self.number = 0
        self.overlong = 0

    def __iter__(self) -> Iterator[str]:
        while line := self._handle.readline(MAX_LINE_CHARS + 1):
            self.number += 1
            if len(line) > MAX_LINE_CHARS:
                while line and not line.endswith("\n"):
                    line = self._handle.readline(MAX_LINE_CHARS)
                self.overlong += 1
                continue
            yield line


def import_log(
    conn: sqlite3.Connection, log_file: Path, log_format: str = "auto", now: float | None = None
) -> ImportResult:
    """Add the beacon hits of `log_file` to the database, all or nothing; safe to run again on a
    grown log. Raises LogImportError when the file cannot be read to its end."""
    now = time.time() if now is None else now
    result = ImportResult()
    visitors = VisitorHasher(conn, keep_past_days=True)
    pending: dict[bytes, Record | str] = {}  # line digest -> its record or why it is refused
    lines: _Lines | None = None
    try:
        with _open_text(log_file) as handle:
            lines = _Lines(handle)
            for hit in _hits(iter(lines), log_format):
                digest = hashlib.sha256(hit.line.encode()).digest()
                if digest in pending:
                    result.already_imported += 1
                elif hit.at > now + FUTURE_SLACK_SECONDS:
                    pending[digest] = "dated in the future"
                else:
                    pending[digest] = _record(hit, visitors)
        _commit(conn, pending, result)
    except (OSError, EOFError, zlib.error) as exc:
        where = f"line {lines.number + 1}" if lines is not None else "start"
        raise LogImportError(f"{log_file}: {where}: {_why(exc)}; nothing of this file was imported") from exc
    finally:
        visitors.forget_past_days(day_of(int(now)))
    if lines.overlong:
        result.rejected[f"line over {MAX_LINE_CHARS // 1024} KiB"] += lines.overlong
    return result


def _why(exc: BaseException) -> str:
    if isinstance(exc, EOFError):
        return "the file ends in the middle (a truncated gzip?)"
    if isinstance(exc, (zlib.error, gzip.BadGzipFile)):
        return f"the gzip data is corrupt ({exc})"
    return f"could not read it ({exc})"


def _record(hit: Hit, visitors: VisitorHasher) -> Record | str:
    """The hit's record, or the reason it is refused."""
    try:
        fields = dict(parse_qsl(hit.query_string, encoding="utf-8", errors="strict"))
        event = parse_event(fields)
    except (BadBeacon, UnicodeError) as exc:
        return str(exc) if isinstance(exc, BadBeacon) else "query string is not UTF-8"
    visitor = visitors.visitor(hit.address, hit.user_agent, hit.at)
    return record_of(event, hit.at, visitor, source="log")


def _commit(conn: sqlite3.Connection, pending: dict[bytes, Record | str], result: ImportResult) -> None:
    """Store new lines' records and remember their digests, in one transaction; a line seen before
    counts as already imported only, even when it was refused the first time."""
    with writing(conn):
        fresh = []
        for digest, record in pending.items():
            if not remember_line(conn, digest):
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


def _hits(lines: Iterator[str], log_format: str) -> Iterator[Hit]:
    first = next(lines, "")
    if log_format == "auto":
        log_format = "cloudfront" if first.startswith("#Version") else "nginx"
    parse = _cloudfront_hits if log_format == "cloudfront" else _combined_hits
    yield from parse(_chain(first, lines))


def _chain(first: str, rest: Iterator[str]) -> Iterator[str]:
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
