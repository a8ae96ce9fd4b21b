"""Start `kbgen collect` for real, as a subprocess on a free loopback port."""

from __future__ import annotations

import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

import httpx

from kbgen.site.builder import build_sites
from tests.conftest import CONFIG, CONTENT, serve_directory


@dataclass
class Collector:
    url: str  # base URL ending in "/"
    process: subprocess.Popen[bytes]

    def kill_hard(self) -> None:
        """SIGKILL: no shutdown hook runs, like a crash or the OOM killer."""
        self.process.send_signal(signal.SIGKILL)
        self.process.wait()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def running_collector(
    db: Path, *options: str, port: int | None = None, ready: bool = True, **popen: Any
) -> Iterator[Collector]:
    """`kbgen collect` on `db`, once /healthz says ok (with `ready=False`: once it answers at all);
    `popen` goes to subprocess.Popen (e.g. `user=` to drop root)."""
    port = port or free_port()
    command = [
        sys.executable,
        "-c",
        "from kbgen.cli import main; main()",
        "collect",
        "--db",
        str(db),
        "--port",
        str(port),
        *options,
    ]
    process = subprocess.Popen(
        command, stderr=subprocess.PIPE, env=os.environ | {"PYTHONUNBUFFERED": "1"}, **popen
    )
    collector = Collector(url=f"http://127.0.0.1:{port}/", process=process)
    try:
        _wait_healthy(collector, ready)
        yield collector
    finally:
        if process.poll() is None:
            process.terminate()
            process.wait(timeout=10)
        if process.stderr:
            process.stderr.close()


def _wait_healthy(collector: Collector, ready: bool, timeout: float = 15) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if collector.process.poll() is not None:
            raise RuntimeError(f"collector exited: {collector.process.stderr.read().decode()}")
        try:
            if httpx.get(f"{collector.url}healthz", timeout=1).status_code == 200 or not ready:
                return
        except httpx.TransportError:
            time.sleep(0.05)
    raise TimeoutError("collector did not become healthy")


def table_rows(db: Path, table: str, after_id: int = 0) -> list[sqlite3.Row]:
    """The rows of one of the collector's tables with an id above `after_id` (every row by default),
    oldest first, read straight from the file."""
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    try:
        return conn.execute(f"SELECT * FROM {table} WHERE id > ? ORDER BY id", (after_id,)).fetchall()
    finally:
        conn.close()


class RowsSinceStart:
    """The rows one test added to a collector that other tests share: the highest id of each table is
    remembered when the test starts, and only the rows above it are counted."""

    TABLES = ("searches", "feedback", "escalations", "clicks")

    def __init__(self, db: Path) -> None:
        self.db = db
        conn = sqlite3.connect(db)
        try:
            self._start = {
                table: conn.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}").fetchone()[0]
                for table in self.TABLES
            }
        finally:
            conn.close()

    def __call__(self, table: str) -> list[sqlite3.Row]:
        return table_rows(self.db, table, after_id=self._start[table])

    def wait_for(self, page, table: str, count: int, timeout: float = 30) -> list[sqlite3.Row]:
        """This test's rows of `table` once there are `count` (or at the timeout).

        It waits through the page, not with a plain sleep: Playwright passes the page's beacons on to
        the collector (its loopback-only route) only while the test is calling into it."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and len(self(table)) < count:
            page.wait_for_timeout(100)
        return self(table)


class ReportingSites(NamedTuple):
    url: str  # where the sites are served, ending in "/"
    site: Path  # the built sites
    db: Path  # the collector's database


@contextmanager
def sample_sites_reporting_to_a_collector(folder: Path) -> Iterator[ReportingSites]:
    """The sample sites built into `folder` to report to a real collector, both running on loopback."""
    port = free_port()
    build_sites(CONTENT, folder / "site", CONFIG, miss_endpoint=f"http://127.0.0.1:{port}/miss")
    with serve_directory(folder / "site") as site_url:
        options = ("--allow-origin", site_url.rstrip("/"), "--per-minute", "600", "--burst", "100")
        with running_collector(folder / "misses.db", *options, port=port):
            yield ReportingSites(site_url, folder / "site", folder / "misses.db")
