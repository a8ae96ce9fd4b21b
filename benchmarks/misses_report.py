"""Benchmark for `kbgen misses report` over 1,000,000 logged searches (target: under 30 s).

Fills a database with a realistic mix (a few thousand phrasings with typos and word-order
variants, 150,000 visitors over 60 days), then times the report with the re-check against the
built sample site when `site/` exists.

    .venv/bin/python benchmarks/misses_report.py [--searches 1000000] [--site site]
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from pathlib import Path

from kbgen.signals.analysis.report import DAY, ReportWindow, build_report
from kbgen.signals.intake.beacon import Beacon
from kbgen.signals.intake.store import Search, connect, insert_searches

TOPICS = [
    "bike storage",
    "pool hours",
    "guest parking",
    "package room",
    "renters insurance",
    "gym access",
    "internet provider",
    "sublet",
    "late fees",
    "lock out",
    "pay rent online",
    "roof deck",
    "ev charging",
    "storage unit",
    "noise complaint",
    "pet deposit",
    "trash pickup",
    "laundry room",
    "moving truck",
]
WORDS = ["cost", "when", "where", "hours", "rules", "policy", "fee", "open", "closed", "broken", "new", "key"]


def phrasings(rng: random.Random, count: int) -> list[str]:
    found = []
    for _ in range(count):
        words = rng.choice(TOPICS).split() + rng.sample(WORDS, rng.randint(0, 2))
        rng.shuffle(words)
        if rng.random() < 0.2:  # a typo
            word = rng.randrange(len(words))
            letters = list(words[word])
            if len(letters) > 4:
                i = rng.randrange(1, len(letters) - 1)
                letters[i], letters[i + 1] = letters[i + 1], letters[i]
            words[word] = "".join(letters)
        found.append(" ".join(words))
    return found


def fill(db: Path, searches: int, now: int) -> None:
    rng = random.Random(4)
    tabs = random.Random(5)  # apart, so the searches themselves stay those of earlier runs
    queries = phrasings(rng, 4000)
    weights = [1 / (rank + 1) for rank in range(len(queries))]
    conn = connect(db)
    conn.execute("PRAGMA synchronous=OFF")
    batch = 50_000
    for start in range(0, searches, batch):
        chosen = rng.choices(queries, weights, k=min(batch, searches - start))
        rows = [
            Search(
                Beacon(
                    query,
                    rng.choice(("residents", "owners")),
                    rng.choice(("zero", "weak", "weak", "noclick")),
                    tab=f"{tabs.randrange(400_000):08x}",  # a browser tab: 2 or 3 searches each
                ),
                at=now - rng.randint(0, 60 * DAY),
                visitor=f"{rng.randrange(150_000):016x}",
            )
            for query in chosen
        ]
        with conn:
            insert_searches(conn, rows)
    conn.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--searches", type=int, default=1_000_000)
    parser.add_argument("--site", type=Path, default=Path("site"))
    args = parser.parse_args()
    now = int(time.time())
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "misses.db"
        started = time.perf_counter()
        fill(db, args.searches, now)
        print(f"filled {args.searches} searches in {time.perf_counter() - started:.1f} s")
        conn = connect(db)
        started = time.perf_counter()
        site = args.site if (args.site / "residents").is_dir() else None
        groups = build_report(conn, ReportWindow(since=now - 90 * DAY, until=now), site)
        elapsed = time.perf_counter() - started
        conn.close()
    print(f"report: {len(groups)} groups from {args.searches} searches in {elapsed:.1f} s (target < 30 s)")


if __name__ == "__main__":
    main()
