"""Helpers for attacking a real `kbgen collect` on loopback: raw bodies, concurrent senders."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

from tests.signals.collector_process import table_rows

VALID = {"q": "bike storage", "a": "residents", "k": "zero", "p": "/residents/", "t": "tab-1"}
GENEROUS_LIMITS = ("--per-minute", "1000000", "--burst", "100000")


def searches(db: Path) -> list[sqlite3.Row]:
    return table_rows(db, "searches")


def all_stored_text(db: Path) -> str:
    """Every text cell of every table, to prove something never reached the database."""
    conn = sqlite3.connect(db)
    try:
        tables = [row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        cells = []
        for table in tables:
            for row in conn.execute(f"SELECT * FROM {table}"):
                cells += [str(value) for value in row]
        return "\n".join(cells)
    finally:
        conn.close()


def post_raw(url: str, body: bytes, content_type: str = "application/json") -> httpx.Response:
    return httpx.post(f"{url}miss", content=body, headers={"Content-Type": content_type}, timeout=10)


def send_concurrently(jobs: list[Callable[[httpx.Client], int]], workers: int = 8) -> list[int]:
    """Run every job (given a keep-alive client per thread) on `workers` threads; their statuses in order."""
    local = threading.local()
    clients: list[httpx.Client] = []
    lock = threading.Lock()

    def run(job: Callable[[httpx.Client], int]) -> int:
        if not hasattr(local, "client"):
            local.client = httpx.Client(timeout=15)
            with lock:
                clients.append(local.client)
        try:
            return job(local.client)
        except httpx.TransportError:
            return 0  # a reset or a dropped connection

    try:
        with ThreadPoolExecutor(workers) as pool:
            return list(pool.map(run, jobs))
    finally:
        for client in clients:
            client.close()
