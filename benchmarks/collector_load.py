"""Load benchmark for `kbgen collect`: concurrent clients on loopback posting beacons.

Reports accepted beacons per second, p50/p99 latency and records lost (acknowledged with 204 but
missing from the database: must be 0), next to the same server's /healthz throughput measured the
same way in the same run, as the ceiling of the HTTP stack on this machine.

    .venv/bin/python benchmarks/collector_load.py [--seconds 20] [--clients 64] [--processes 2]

Targets (issue 4): >= 1,000 accepted/s on 2 cores, p99 < 100 ms, 0 lost. The rate limit is
raised for the run: this measures capacity, not the per-client limit.
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tests.misses.collector_process import running_collector


async def _client_loop(url: str, kind: str, deadline: float, worker: str, results: list) -> None:
    async with httpx.AsyncClient(timeout=10) as client:
        i = 0
        while time.monotonic() < deadline:
            i += 1
            query = f"load {worker} {i}"
            started = time.perf_counter()
            try:
                if kind == "miss":
                    response = await client.post(
                        f"{url}miss", json={"q": query, "a": "residents", "k": "zero"}
                    )
                else:
                    response = await client.get(f"{url}healthz")
            except httpx.HTTPError:
                continue
            results.append((response.status_code, time.perf_counter() - started, query))


def _process(url: str, kind: str, seconds: float, clients: int, name: str, out) -> None:
    results: list = []
    deadline = time.monotonic() + seconds

    async def main() -> None:
        await asyncio.gather(
            *(_client_loop(url, kind, deadline, f"{name}-{c}", results) for c in range(clients))
        )

    asyncio.run(main())
    out.put(results)


def run_phase(url: str, kind: str, seconds: float, clients: int, processes: int) -> list:
    queue: multiprocessing.Queue = multiprocessing.Queue()
    workers = [
        multiprocessing.Process(
            target=_process, args=(url, kind, seconds, clients // processes, f"p{n}", queue)
        )
        for n in range(processes)
    ]
    for worker in workers:
        worker.start()
    results = [row for _ in workers for row in queue.get()]
    for worker in workers:
        worker.join()
    return results


def summary(label: str, results: list, seconds: float) -> dict:
    ok = [latency for status, latency, _ in results if status in (200, 204)]
    latencies = sorted(latency for _, latency, _ in results)
    p99 = latencies[int(len(latencies) * 0.99) - 1] if latencies else float("nan")
    return {
        "phase": label,
        "accepted_per_s": len(ok) / seconds,
        "p50_ms": statistics.median(latencies) * 1000 if latencies else float("nan"),
        "p99_ms": p99 * 1000,
        "refused": len(results) - len(ok),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--clients", type=int, default=64)
    parser.add_argument("--processes", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "load.db"
        with running_collector(db, "--per-minute", "100000000", "--burst", "1000000") as collector:
            beacons = run_phase(collector.url, "miss", args.seconds, args.clients, args.processes)
            health = run_phase(collector.url, "healthz", args.seconds, args.clients, args.processes)
        conn = sqlite3.connect(db)
        stored = {row[0] for row in conn.execute("SELECT query FROM searches")}
        conn.close()
    acknowledged = {query for status, _, query in beacons if status == 204}
    rows = [summary("POST /miss", beacons, args.seconds), summary("GET /healthz", health, args.seconds)]
    for row in rows:
        print(
            f"{row['phase']:<13} {row['accepted_per_s']:8.0f}/s  p50 {row['p50_ms']:6.1f} ms"
            f"  p99 {row['p99_ms']:6.1f} ms  refused {row['refused']}"
        )
    print(f"acknowledged {len(acknowledged)}, stored {len(stored)}, lost {len(acknowledged - stored)}")


if __name__ == "__main__":
    main()
