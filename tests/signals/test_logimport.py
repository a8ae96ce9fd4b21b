"""`kbgen misses import` on real access logs: nginx/Apache combined and CloudFront, plain and gzip."""

from __future__ import annotations

import gzip
import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote, urlencode

import pytest
from click.testing import CliRunner

from kbgen.cli import main
from kbgen.signals.intake.logimport import import_log
from kbgen.signals.intake.store import connect

AGENT = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36"
PIXEL = "/residents/assets/kbgen-miss.gif"
BAD_BEACONS = {  # query string -> the start of the reason the collector gives for the same beacon
    "q=pets&a=tenants&k=zero": "unknown audience",
    "q=%20%20&a=residents&k=zero": "query is empty",
    f"q={'x' * 201}&a=residents&k=zero": "query over 200 characters",
    "q=pets&a=residents&k=scroll": "unknown kind",
    "q=caf%E9&a=residents&k=zero": "query string is not UTF-8",
}


def beacon_query(query: str, kind: str = "zero", audience: str = "residents") -> str:
    return urlencode({"q": query, "a": audience, "k": kind, "p": "/residents/", "t": "f00d"}, quote_via=quote)


def combined_line(address: str, when: datetime, target: str, status: int = 200, agent: str = AGENT) -> str:
    stamp = when.strftime("%d/%b/%Y:%H:%M:%S +0000")
    referrer = "https://help.example/residents/"
    return f'{address} - - [{stamp}] "GET {target} HTTP/1.1" {status} 43 "{referrer}" "{agent}"'


def cloudfront_line(address: str, when: datetime, stem: str, query: str) -> str:
    """A line of CloudFront's standard log: tab-separated, the query's % encoded once more."""
    fields = [when.strftime("%Y-%m-%d"), when.strftime("%H:%M:%S"), "FRA56-P1", "512", address, "GET",
              "d111111abcdef8.cloudfront.net", stem, "200", "https://help.example/residents/",
              quote(AGENT), query.replace("%", "%25") or "-", "-", "Hit"]  # fmt: skip
    return "\t".join(fields)


CLOUDFRONT_HEADER = (
    "#Version: 1.0\n#Fields: date time x-edge-location sc-bytes c-ip cs-method cs(Host) cs-uri-stem"
    " sc-status cs(Referer) cs(User-Agent) cs-uri-query cs(Cookie) x-edge-result-type\n"
)
MORNING = datetime(2026, 3, 2, 9, 15, tzinfo=UTC)


def nginx_log() -> str:
    lines = [
        combined_line("203.0.113.7", MORNING, f"{PIXEL}?{beacon_query('bike storage on the roof')}"),
        combined_line("203.0.113.7", MORNING, "/residents/pay-rent-online/"),  # a page view, not a beacon
        combined_line(
            "198.51.100.4", MORNING, f"{PIXEL}?{beacon_query('locked out apt 4b call 555-010-4477')}"
        ),
        combined_line("198.51.100.4", MORNING, f"{PIXEL}?{beacon_query('pool hours', 'noclick')}", 304),
        combined_line("192.0.2.9", MORNING, f"{PIXEL}?{beacon_query('ghost search')}", 500),  # not served
        "this is not a log line",
        *(combined_line("192.0.2.1", MORNING, f"{PIXEL}?{query}") for query in BAD_BEACONS),
    ]
    return "\n".join(lines) + "\n"


def cloudfront_log() -> str:
    lines = [
        cloudfront_line("203.0.113.7", MORNING, PIXEL, beacon_query("bike storage on the roof")),
        cloudfront_line("203.0.113.7", MORNING, "/residents/index.html", ""),
        cloudfront_line("198.51.100.4", MORNING, PIXEL, beacon_query("locked out apt 4b call 555-010-4477")),
        cloudfront_line("198.51.100.4", MORNING, PIXEL, beacon_query("pool hours", "noclick")),
        *(cloudfront_line("192.0.2.1", MORNING, PIXEL, query) for query in BAD_BEACONS),
    ]
    return CLOUDFRONT_HEADER + "\n".join(lines) + "\n"


EXPECTED = [
    ("bike storage on the roof", "zero", "residents", "log"),
    ("locked out <unit> call <phone>", "zero", "residents", "log"),
    ("pool hours", "noclick", "residents", "log"),
]


def stored(db: Path) -> list[tuple]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(
            "SELECT query, kind, audience, source, at, visitor FROM searches ORDER BY id"
        ).fetchall()
    finally:
        conn.close()


def write_log(path: Path, text: str) -> Path:
    if path.suffix == ".gz":
        with gzip.open(path, "wt", encoding="utf-8") as handle:
            handle.write(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("name", "text", "log_format"),
    [
        ("access.log", nginx_log(), "nginx"),
        ("access.log.gz", nginx_log(), "auto"),
        ("E2ABCDEF.2026-03-02-09.log", cloudfront_log(), "cloudfront"),
        ("E2ABCDEF.2026-03-02-09.gz", cloudfront_log(), "auto"),
    ],
    ids=["nginx", "nginx-gz", "cloudfront", "cloudfront-gz"],
)
def test_beacon_hits_are_imported_checked_and_scrubbed_like_the_collectors(
    tmp_path: Path, name: str, text: str, log_format: str
) -> None:
    log, db = write_log(tmp_path / name, text), tmp_path / "misses.db"
    conn = connect(db)
    try:
        result = import_log(conn, log, log_format)
    finally:
        conn.close()
    rows = stored(db)
    assert [row[:4] for row in rows] == EXPECTED
    assert {row[4] for row in rows} == {int(MORNING.timestamp())}
    first, second, third = (row[5] for row in rows)
    assert second == third != first  # the same address and browser on one day: one visitor
    assert result.imported == 3
    assert sorted(result.rejected.values()) == [1] * len(BAD_BEACONS)
    assert all(any(r.startswith(reason) for r in result.rejected) for reason in BAD_BEACONS.values())
    raw = b"".join(path.read_bytes() for path in tmp_path.glob("misses.db*"))
    for secret in (b"4477", b"apt 4b", b"203.0.113.7", b"198.51.100.4"):
        assert secret not in raw


def test_importing_again_skips_lines_already_imported_and_takes_new_ones(tmp_path: Path) -> None:
    log, db = write_log(tmp_path / "access.log", nginx_log()), tmp_path / "misses.db"
    runner = CliRunner()
    first = runner.invoke(main, ["misses", "import", str(log), "--db", str(db)])
    assert "3 searches imported, 0 lines already imported, 5 rejected" in first.output
    again = runner.invoke(main, ["misses", "import", str(log), "--db", str(db)])
    assert "0 searches imported, 8 lines already imported, 0 rejected" in again.output
    later = MORNING.replace(hour=11)
    with log.open("a", encoding="utf-8") as handle:  # the log grew since
        handle.write(combined_line("203.0.113.8", later, f"{PIXEL}?{beacon_query('gym hours')}") + "\n")
    grown = runner.invoke(main, ["misses", "import", str(log), "--db", str(db), "--format", "nginx"])
    assert "1 searches imported, 8 lines already imported" in grown.output
    assert [row[0] for row in stored(db)] == [row[0] for row in EXPECTED] + ["gym hours"]
