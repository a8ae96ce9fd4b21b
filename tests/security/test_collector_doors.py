"""The collector's doors under attack: request heads that are huge or slow, forged client addresses
and browsers, and a database that no longer takes writes. A real `kbgen collect` on loopback."""

from __future__ import annotations

import os
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from threading import Thread

import httpx
import pytest

from kbgen.signals.intake.store import connect
from tests.security.collector_attack import VALID, searches
from tests.signals.collector_process import Collector, running_collector


def client_from(address: str, **headers: str) -> httpx.Client:
    """An HTTP client whose requests leave from `address` (any 127.x.y.z is loopback)."""
    transport = httpx.HTTPTransport(local_address=address)
    return httpx.Client(transport=transport, timeout=10, headers=headers)


def resident_kib(process_id: int) -> int:
    for line in Path(f"/proc/{process_id}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise AssertionError("no VmRSS")


def open_socket(collector: Collector) -> socket.socket:
    host, port = collector.url.removeprefix("http://").rstrip("/").split(":")
    return socket.create_connection((host, int(port)), timeout=10)


def test_huge_request_heads_are_cut_off_without_growing_memory(collector: Collector) -> None:
    """Issue 11 item 14: 8 connections sending megabytes of headers each."""
    before = resident_kib(collector.process.pid)
    answers: list[bytes] = []

    def flood() -> None:
        with open_socket(collector) as sock:
            sock.sendall(b"POST /miss HTTP/1.1\r\nHost: collector\r\nX-Padding: ")
            try:
                for _ in range(64):  # 4 MiB
                    sock.sendall(b"a" * 65536)
            except OSError:
                pass  # the collector closed the connection: what it should do
            try:
                answers.append(sock.recv(200))
            except OSError:
                answers.append(b"")

    floods = [Thread(target=flood) for _ in range(8)]
    for thread in floods:
        thread.start()
    for thread in floods:
        thread.join()
    grown_kib = resident_kib(collector.process.pid) - before
    assert grown_kib < 8 * 1024, f"the collector grew by {grown_kib} KiB"
    assert any(answer.startswith(b"HTTP/1.1 431") for answer in answers)
    assert httpx.post(f"{collector.url}miss", json=VALID).status_code == 204


def test_many_small_headers_adding_up_are_refused_too(collector: Collector) -> None:
    headers = {f"x-h{n}": "v" * 100 for n in range(200)}
    response = httpx.post(f"{collector.url}miss", json=VALID, headers=headers)
    assert response.status_code == 431
    assert "request head over" in response.text


def test_a_request_head_dripped_slowly_is_dropped(collector: Collector) -> None:
    with open_socket(collector) as sock:
        sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: collector\r\n")
        started = time.monotonic()
        closed = False
        while time.monotonic() - started < 9:
            try:
                sock.sendall(b"X-Drip: 1\r\n")
                sock.settimeout(0.5)
                if sock.recv(100) == b"":
                    closed = True
                    break
            except TimeoutError:
                continue
            except OSError:
                closed = True
                break
    assert closed, "a slow drip kept the connection open"


def test_forged_x_forwarded_for_does_not_dodge_the_rate_limit(
    collector: Collector, collector_db: Path
) -> None:
    """Issue 11 item 14: without --behind-proxy, X-Forwarded-For from loopback is not the client:
    every forged address stays one client, one rate-limit bucket and one visitor."""
    with client_from("127.0.0.1") as client:  # the address uvicorn trusted proxy headers from
        statuses = [
            client.post(
                f"{collector.url}miss",
                json=VALID | {"q": "forged address"},
                headers={"X-Forwarded-For": f"198.51.100.{n}", "Forwarded": f"for=198.51.100.{n}"},
            ).status_code
            for n in range(20)
        ]
    assert statuses == [204] * 20
    stored = [row for row in searches(collector_db) if row["query"] == "forged address"]
    assert len({row["visitor"] for row in stored}) == 1


def test_rotating_the_user_agent_makes_a_handful_of_visitors_not_twenty(
    collector: Collector, collector_db: Path
) -> None:
    """Issue 11 item 14: one client, 20 User-Agents in a second."""
    with client_from("127.0.0.51") as client:
        for n in range(20):
            response = client.post(
                f"{collector.url}miss",
                json=VALID | {"q": "rotating agents"},
                headers={"User-Agent": f"Mozilla/5.0 (rotation {n})"},
            )
            assert response.status_code == 204
    with client_from("127.0.0.52", **{"User-Agent": "Mozilla/5.0 (rotation 0)"}) as neighbour:
        response = neighbour.post(f"{collector.url}miss", json=VALID | {"q": "rotating agents"})
        assert response.status_code == 204
    rows = [row for row in searches(collector_db) if row["query"] == "rotating agents"]
    rotating, neighbour_visitor = {row["visitor"] for row in rows[:20]}, rows[20]["visitor"]
    assert 2 <= len(rotating) <= 4
    assert neighbour_visitor not in rotating


def test_behind_a_proxy_the_forwarded_client_counts_and_an_ipv6_64_is_one_client(tmp_path: Path) -> None:
    db = tmp_path / "proxied.db"
    with (
        running_collector(db, "--behind-proxy", "--per-minute", "1", "--burst", "3") as collector,
        httpx.Client(timeout=10) as proxy,
    ):

        def post(forwarded: str, query: str) -> int:
            return proxy.post(
                f"{collector.url}miss",
                json=VALID | {"q": query},
                headers={"X-Forwarded-For": f"203.0.113.250, {forwarded}"},
            ).status_code

        distinct = [post(f"198.51.100.{n}", "distinct clients") for n in range(5)]
        one_network = [post(f"2001:db8:1:2::{n:x}", "one ipv6 network") for n in range(1, 7)]
        mapped = post("::ffff:198.51.100.1", "mapped ipv4")
    rows = searches(db)
    assert distinct == [204] * 5
    assert one_network == [204] * 3 + [429] * 3
    assert len({row["visitor"] for row in rows if row["query"] == "one ipv6 network"}) == 1
    assert len({row["visitor"] for row in rows if row["query"] == "distinct clients"}) == 5
    assert mapped == 204
    second_client = [row for row in rows if row["query"] == "distinct clients"][1]["visitor"]
    assert rows[-1]["visitor"] == second_client  # ::ffff:198.51.100.1 is 198.51.100.1


@pytest.fixture
def read_only_db(tmp_path: Path) -> Iterator[Path]:
    """A database file the collector may read but not write: mode 0444, and for root (whom modes do
    not stop) the immutable attribute."""
    db = tmp_path / "misses.db"
    connect(db).close()
    db.chmod(0o444)
    as_root = os.geteuid() == 0
    if as_root and subprocess.run(["chattr", "+i", str(db)], capture_output=True).returncode != 0:
        pytest.skip("running as root where chattr +i is not available: no way to make a file read-only")
    try:
        yield db
    finally:
        if as_root:
            subprocess.run(["chattr", "-i", str(db)], check=True)


def test_healthz_fails_when_the_database_file_is_read_only(read_only_db: Path) -> None:
    """Issue 11 item 14: a read-only database answered /healthz ok while every beacon got a 500."""
    with running_collector(read_only_db, ready=False) as collector:
        health = httpx.get(f"{collector.url}healthz")
        beacon = httpx.post(f"{collector.url}miss", json=VALID)
    assert (health.status_code, health.json()["ok"]) == (503, False)
    assert (beacon.status_code, beacon.text) == (503, "could not store, retry later")
    assert searches(read_only_db) == []


def test_healthz_fails_while_the_database_refuses_writes_and_recovers_after(
    collector: Collector, collector_db: Path
) -> None:
    db = collector_db
    before = len(searches(db))
    conn = connect(db)
    try:
        conn.execute(
            "CREATE TRIGGER refuse BEFORE INSERT ON searches BEGIN SELECT RAISE(ABORT, 'refused'); END"
        )
        conn.execute(
            "CREATE TRIGGER refuse_probe BEFORE INSERT ON writer_probe BEGIN SELECT RAISE(ABORT, 'no'); END"
        )
        time.sleep(1.1)  # past the last good commit's word
        with client_from("127.0.0.61") as client:
            refused = client.post(f"{collector.url}miss", json=VALID)
        unhealthy = httpx.get(f"{collector.url}healthz")
        conn.execute("DROP TRIGGER refuse")
        conn.execute("DROP TRIGGER refuse_probe")
        time.sleep(1.1)
        healthy = httpx.get(f"{collector.url}healthz")
        with client_from("127.0.0.61") as client:
            stored = client.post(f"{collector.url}miss", json=VALID)
    finally:
        conn.close()
    assert (refused.status_code, unhealthy.status_code) == (503, 503)
    assert (healthy.status_code, stored.status_code) == (200, 204)
    assert len(searches(db)) == before + 1
