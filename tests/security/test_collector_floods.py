"""Bodies that lie about their size, smuggling attempts, wrong methods, pipelined and idle
connections: the collector answers each with a 4xx or serves it right, and keeps serving others."""

from __future__ import annotations

import gzip
import json
import socket
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.security.collector_attack import VALID, post_raw, searches
from tests.signals.collector_process import Collector


def raw_exchange(collector: Collector, request: bytes, read_for: float = 2.0) -> bytes:
    """Send raw bytes, return everything the collector answers until it closes or goes quiet."""
    host, port = collector.url.removeprefix("http://").rstrip("/").split(":")
    with socket.create_connection((host, int(port)), timeout=read_for) as sock:
        sock.sendall(request)
        answer = b""
        try:
            while chunk := sock.recv(65536):
                answer += chunk
        except TimeoutError:
            pass
        return answer


def test_a_chunked_body_over_the_limit_is_refused_without_a_length(
    collector: Collector, collector_db: Path
) -> None:
    db = collector_db
    before = len(searches(db))

    def chunks() -> Iterator[bytes]:
        yield b'{"q": "'
        for _ in range(64):
            yield b"x" * 1024
        yield b'", "a": "residents", "k": "zero"}'

    response = httpx.post(
        f"{collector.url}miss", content=chunks(), headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 413
    assert len(searches(db)) == before


def test_a_gzip_encoded_body_is_not_inflated(collector: Collector) -> None:
    bomb = gzip.compress(json.dumps(VALID | {"q": "z" * 100}).encode() + b" " * 1_000_000, 9)
    assert len(bomb) < 2048
    response = httpx.post(
        f"{collector.url}miss",
        content=bomb,
        headers={"Content-Type": "application/json", "Content-Encoding": "gzip"},
    )
    assert response.status_code == 400
    assert "not UTF-8" in response.text


def test_a_length_that_lies_never_stores_the_rest_as_a_beacon(
    collector: Collector, collector_db: Path
) -> None:
    db = collector_db
    before = len(searches(db))
    hidden = json.dumps(VALID | {"q": "smuggled"}).encode()
    request = (
        b"POST /miss HTTP/1.1\r\nHost: c\r\nContent-Type: application/json\r\nContent-Length: 10\r\n\r\n"
        + hidden
    )
    answer = raw_exchange(collector, request)
    assert answer.startswith(b"HTTP/1.1 400")
    assert "smuggled" not in [row["query"] for row in searches(db)[before:]]


def test_content_length_with_chunked_encoding_is_refused(collector: Collector, collector_db: Path) -> None:
    body = json.dumps(VALID | {"q": "smuggled too"}).encode()
    request = (
        b"POST /miss HTTP/1.1\r\nHost: c\r\nContent-Type: application/json\r\n"
        b"Content-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n"
        + f"{len(body):x}\r\n".encode() + body + b"\r\n0\r\n\r\n"
    )
    answer = raw_exchange(collector, request)
    assert answer.startswith(b"HTTP/1.1 400")
    assert "smuggled too" not in [row["query"] for row in searches(collector_db)]


def test_pipelined_beacons_on_one_connection_are_each_stored(
    collector: Collector, collector_db: Path
) -> None:
    def request(query: str) -> bytes:
        body = json.dumps(VALID | {"q": query}).encode()
        return (
            b"POST /miss HTTP/1.1\r\nHost: c\r\nContent-Type: text/plain\r\n"
            + f"Content-Length: {len(body)}\r\n\r\n".encode() + body
        )

    answer = raw_exchange(collector, request("pipelined one") + request("pipelined two"), read_for=1.5)
    assert answer.count(b"HTTP/1.1 204") == 2
    queries = [row["query"] for row in searches(collector_db)]
    assert {"pipelined one", "pipelined two"} <= set(queries)


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [("PUT", "/miss", 405), ("DELETE", "/miss", 405), ("GET", "/miss", 405), ("POST", "/miss.gif", 405),
     ("GET", "/../../etc/passwd", 404), ("GET", "/miss.gif/../healthz", 404), ("TRACE", "/miss", 405)],
)  # fmt: skip
def test_other_methods_and_paths_are_refused(
    collector: Collector, method: str, path: str, status: int
) -> None:
    request = f"{method} {path} HTTP/1.1\r\nHost: c\r\nContent-Length: 0\r\n\r\n".encode()
    answer = raw_exchange(collector, request, read_for=1)
    assert answer.startswith(f"HTTP/1.1 {status}".encode())


def test_hundreds_of_idle_connections_do_not_lock_visitors_out(collector: Collector) -> None:
    host, port = collector.url.removeprefix("http://").rstrip("/").split(":")
    idle = [socket.create_connection((host, int(port)), timeout=5) for _ in range(300)]
    try:
        for sock in idle[::2]:
            sock.sendall(b"POST /miss HTTP/1.1\r\nHost: c\r\n")  # a head never finished
        response = post_raw(collector.url, json.dumps(VALID | {"q": "among idle sockets"}).encode())
        assert response.status_code == 204
    finally:
        for sock in idle:
            sock.close()


def test_preflight_from_anywhere_is_harmless_without_allowed_origins(collector: Collector) -> None:
    response = httpx.options(
        f"{collector.url}miss",
        headers={"Origin": "https://evil.example", "Access-Control-Request-Method": "POST"},
    )
    assert response.status_code == 403
    assert "access-control-allow-origin" not in response.headers
