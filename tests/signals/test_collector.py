"""The collector for real: `kbgen collect` on loopback, spoken to over HTTP, stored in SQLite."""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from pathlib import Path

import httpx
import pytest

from tests.signals.collector_process import Collector, running_collector, table_rows

SITE = "http://127.0.0.1:8000"


def beacon(
    query: str = "bike storage", audience: str = "residents", kind: str = "zero", **extra: str
) -> dict:
    return {"q": query, "a": audience, "k": kind, "p": "/residents/pay-rent-online/", "t": "tab-1", **extra}


def stored(db: Path) -> list[sqlite3.Row]:
    return table_rows(db, "searches")


def client_from(address: str) -> httpx.Client:
    """An HTTP client whose requests leave from `address` (any 127.x.y.z is loopback)."""
    return httpx.Client(transport=httpx.HTTPTransport(local_address=address), timeout=10)


@pytest.fixture(scope="module")
def collector(db: Path):
    with running_collector(db, "--allow-origin", SITE, "--per-minute", "6000", "--burst", "1000") as running:
        yield running


def test_json_beacon_is_committed_before_the_204(collector: Collector, db: Path) -> None:
    response = httpx.post(f"{collector.url}miss", json=beacon("guest parking pass"))
    assert response.status_code == 204
    row = stored(db)[-1]
    assert (row["query"], row["audience"], row["kind"]) == ("guest parking pass", "residents", "zero")
    assert (row["page"], row["tab"], row["source"]) == ("/residents/pay-rent-online/", "tab-1", "beacon")
    assert abs(row["at"] - time.time()) < 60


def test_text_plain_beacon_as_send_beacon_posts_it_is_stored(collector: Collector, db: Path) -> None:
    body = json.dumps(beacon("roof deck hours", kind="weak"))
    response = httpx.post(
        f"{collector.url}miss", content=body, headers={"Content-Type": "text/plain;charset=UTF-8"}
    )
    assert response.status_code == 204
    assert stored(db)[-1]["query"] == "roof deck hours"


def test_image_get_beacon_is_stored(collector: Collector, db: Path) -> None:
    response = httpx.get(f"{collector.url}miss.gif", params=beacon("packages lobby", kind="noclick"))
    assert response.status_code == 204
    assert (stored(db)[-1]["query"], stored(db)[-1]["kind"]) == ("packages lobby", "noclick")


@pytest.mark.parametrize(
    ("content", "content_type", "status", "reason"),
    [
        (json.dumps(beacon("x" * 3000)).encode(), "application/json", 413, "body over 2048 bytes"),
        (b'{"q": "caf\xe9", "a": "residents", "k": "zero"}', "application/json", 400, "not UTF-8"),
        (json.dumps(beacon("   ")).encode(), "application/json", 400, "query is empty"),
        (json.dumps(beacon("y" * 201)).encode(), "application/json", 400, "query over 200 characters"),
        (json.dumps(beacon(audience="tenants")).encode(), "application/json", 400, "unknown audience"),
        (json.dumps(beacon(kind="scroll")).encode(), "application/json", 400, "unknown kind"),
        (b"q=pets", "application/x-www-form-urlencoded", 415, "application/json or text/plain"),
        (b"{not json", "text/plain", 400, "not JSON"),
        (b'["a list"]', "application/json", 400, "JSON object"),
        (json.dumps(beacon(q=5)).encode(), "application/json", 400, "must be a string"),  # type: ignore[arg-type]
        (json.dumps(beacon(p="https://evil.example/")).encode(), "application/json", 400, "page must be"),
    ],
    ids=[
        "too-big",
        "not-utf8",
        "empty",
        "too-long",
        "audience",
        "kind",
        "form",
        "not-json",
        "list",
        "type",
        "page",
    ],
)
def test_bad_posts_are_refused_with_a_short_reason_and_not_stored(
    collector: Collector, db: Path, content: bytes, content_type: str, status: int, reason: str
) -> None:
    before = len(stored(db))
    response = httpx.post(f"{collector.url}miss", content=content, headers={"Content-Type": content_type})
    assert response.status_code == status
    assert reason in response.text
    assert len(response.text) < 80
    assert len(stored(db)) == before


def test_bad_image_gets_are_refused(collector: Collector, db: Path) -> None:
    before = len(stored(db))
    not_utf8 = httpx.get(f"{collector.url}miss.gif?q=caf%E9&a=residents&k=zero")
    huge = httpx.get(f"{collector.url}miss.gif", params=beacon("z" * 2100))
    no_kind = httpx.get(f"{collector.url}miss.gif", params={"q": "pets", "a": "residents"})
    assert [not_utf8.status_code, huge.status_code, no_kind.status_code] == [400, 414, 400]
    assert len(stored(db)) == before


def test_personal_data_and_addresses_never_reach_the_database(collector: Collector, db: Path) -> None:
    query = "locked out apt 4b call 555-010-4477 or mail jo.doe@mail.example acct 12345678"
    assert httpx.post(f"{collector.url}miss", json=beacon(query)).status_code == 204
    assert stored(db)[-1]["query"] == "locked out <unit> call <phone> or mail <email> acct <number>"
    httpx.get(f"{collector.url}healthz")  # nothing below may depend on the collector still writing
    raw = b"".join(path.read_bytes() for path in db.parent.glob("misses.db*"))
    for secret in (b"4477", b"jo.doe", b"12345678", b"127.0.0.1", b"apt 4b"):
        assert secret not in raw


def test_same_visitor_same_day_gets_the_same_hash_and_another_visitor_another(
    collector: Collector, db: Path
) -> None:
    with client_from("127.0.0.21") as first, client_from("127.0.0.22") as second:
        first.post(f"{collector.url}miss", json=beacon("dryer vent"))
        first.post(f"{collector.url}miss", json=beacon("dryer lint"))
        second.post(f"{collector.url}miss", json=beacon("dryer vent"))
    visitors = [row["visitor"] for row in stored(db)[-3:]]
    assert visitors[0] == visitors[1] != visitors[2]
    assert len(visitors[0]) == 16


def test_cors_headers_are_sent_to_allowed_origins_only(collector: Collector) -> None:
    allowed = httpx.post(f"{collector.url}miss", json=beacon(), headers={"Origin": SITE})
    assert allowed.status_code == 204
    assert allowed.headers["access-control-allow-origin"] == SITE
    preflight = httpx.options(
        f"{collector.url}miss", headers={"Origin": SITE, "Access-Control-Request-Method": "POST"}
    )
    assert preflight.status_code == 204
    assert "POST" in preflight.headers["access-control-allow-methods"]
    foreign = httpx.post(f"{collector.url}miss", json=beacon(), headers={"Origin": "https://evil.example"})
    assert foreign.status_code == 403
    assert "access-control-allow-origin" not in foreign.headers
    foreign_preflight = httpx.options(f"{collector.url}miss", headers={"Origin": "https://evil.example"})
    assert foreign_preflight.status_code == 403


def test_healthz_answers_while_collecting(collector: Collector) -> None:
    response = httpx.get(f"{collector.url}healthz")
    assert response.status_code == 200
    assert response.json()["ok"] is True


def test_a_flooding_client_is_rate_limited_while_others_get_through(tmp_path: Path) -> None:
    db = tmp_path / "flood.db"
    with running_collector(db, "--per-minute", "1", "--burst", "5") as collector:
        with client_from("127.0.0.31") as flooder:
            statuses = [
                flooder.post(f"{collector.url}miss", json=beacon(f"spam {i}")).status_code for i in range(40)
            ]
        with client_from("127.0.0.32") as visitor:
            assert visitor.post(f"{collector.url}miss", json=beacon("real question")).status_code == 204
        assert httpx.get(f"{collector.url}healthz").status_code == 200
    assert statuses[:5] == [204] * 5
    assert statuses.count(429) >= 34
    assert len(stored(db)) == statuses.count(204) + 1


def test_concurrent_writers_from_two_collectors_lose_nothing(tmp_path: Path) -> None:
    db = tmp_path / "shared.db"
    options = ("--per-minute", "100000", "--burst", "10000")
    with running_collector(db, *options) as first, running_collector(db, *options) as second:
        accepted = _post_concurrently([first, second], threads_per_collector=8, posts_per_thread=40)
    assert len(accepted) == 2 * 8 * 40
    assert sorted(row["query"] for row in stored(db)) == sorted(accepted)


def test_kill_9_in_the_middle_loses_no_acknowledged_record(tmp_path: Path) -> None:
    db = tmp_path / "crash.db"
    with running_collector(db, "--per-minute", "1000000", "--burst", "100000") as collector:
        acknowledged: list[str] = []
        stop = threading.Event()

        def keep_posting(worker: int) -> None:
            with httpx.Client(timeout=5) as client:
                for i in range(100_000):
                    if stop.is_set():
                        return
                    query = f"crash test {worker} {i}"
                    try:
                        if client.post(f"{collector.url}miss", json=beacon(query)).status_code == 204:
                            acknowledged.append(query)
                    except httpx.TransportError:
                        return

        workers = [threading.Thread(target=keep_posting, args=(n,)) for n in range(8)]
        for worker in workers:
            worker.start()
        while len(acknowledged) < 300:
            time.sleep(0.01)
        collector.kill_hard()
        stop.set()
        for worker in workers:
            worker.join()
    kept = {row["query"] for row in stored(db)}
    assert len(acknowledged) >= 300
    assert set(acknowledged) <= kept


def _post_concurrently(
    collectors: list[Collector], threads_per_collector: int, posts_per_thread: int
) -> list[str]:
    accepted: list[str] = []

    def post_many(collector: Collector, worker: str) -> None:
        with httpx.Client(timeout=10) as client:
            for i in range(posts_per_thread):
                query = f"concurrent {worker} {i}"
                if client.post(f"{collector.url}miss", json=beacon(query)).status_code == 204:
                    accepted.append(query)

    threads = [
        threading.Thread(target=post_many, args=(collector, f"c{n}w{w}"))
        for n, collector in enumerate(collectors)
        for w in range(threads_per_collector)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return accepted
