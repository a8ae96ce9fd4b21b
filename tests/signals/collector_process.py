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
from typing import Any

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


def table_rows(db: Path, table: str) -> list[sqlite3.Row]:
    """Every row of one of the collector's tables, oldest first, read straight from the file."""
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    try:
        return conn.execute(f"SELECT * FROM {table} ORDER BY id").fetchall()
    finally:
        conn.close()


@contextmanager
def sample_sites_reporting_to_a_collector(folder: Path) -> Iterator[tuple[str, Path, Path]]:
    """The sample sites built into `folder` to report to a real collector, both running on loopback:
    yields (site URL, site folder, the collector's database)."""
    port = free_port()
    build_sites(CONTENT, folder / "site", CONFIG, miss_endpoint=f"http://127.0.0.1:{port}/miss")
    with serve_directory(folder / "site") as site_url:
        options = ("--allow-origin", site_url.rstrip("/"), "--per-minute", "600", "--burst", "100")
        with running_collector(folder / "misses.db", *options, port=port):
            yield site_url, folder / "site", folder / "misses.db"
