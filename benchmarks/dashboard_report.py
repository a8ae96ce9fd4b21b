"""Benchmark for the health dashboard, `kbgen misses report --format html`, over 1,000,000 searches
(targets: under 10 s, HTML under 2 MB).

Fills a database like `benchmarks/misses_report.py` (same searches: a few thousand phrasings with
typos and word-order variants, 150,000 visitors over 60 days) plus votes on the sample's articles
and contact clicks, then runs the command as a lead would, re-checked against the built site when
`--site` exists. The baseline, timed in the same run on the same database: the plain table report
(`--format table`, every group re-checked). Prints both times, their ratio and the page's size.

    .venv/bin/python benchmarks/dashboard_report.py [--searches 1000000] [--site site] [--keep out.html]
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

from click.testing import CliRunner

from kbgen.cli import main as kbgen_main
from kbgen.signals.analysis.report import DAY
from kbgen.signals.intake.events import CHANNELS, REASONS, Escalation, Feedback
from kbgen.signals.intake.store import Reaction, connect, insert_records

sys.path.insert(0, str(Path(__file__).parent))
from misses_report import fill  # the same searches as the report benchmark

ARTICLES = {
    "residents": (
        "pay-rent-online",
        "late-fees-and-grace-period",
        "lockouts-keys-and-remotes",
        "pets-and-pet-fees",
    ),
    "owners": ("when-will-i-get-my-payout", "read-owner-statement", "management-and-leasing-fees"),
}


def fill_reactions(db: Path, votes: int, now: int) -> None:
    """Votes (a quarter No, some with reasons and a comment) and contact clicks over the same 60 days."""
    rng = random.Random(5)
    conn = connect(db)
    conn.execute("PRAGMA synchronous=OFF")
    records = []
    for n in range(votes):
        audience = rng.choice(("residents", "owners"))
        page, at, tab = (
            f"/{audience}/{rng.choice(ARTICLES[audience])}/",
            now - rng.randint(0, 60 * DAY),
            f"t{n:x}",
        )
        visitor = f"{rng.randrange(150_000):016x}"
        vote = "no" if rng.random() < 0.25 else "yes"
        reasons = tuple(rng.sample(sorted(REASONS), 1)) if vote == "no" and rng.random() < 0.5 else ()
        comment = "it says $50 but the portal says $75" if reasons and rng.random() < 0.1 else ""
        records.append(Reaction(Feedback(audience, page, vote, reasons, comment, tab), at, visitor))
        if rng.random() < 0.15:
            origin = (
                rng.choice(("no", "article", "miss", "page"))
                if vote == "no"
                else rng.choice(("article", "page"))
            )
            query = "pool hours" if origin == "miss" else ""
            contact = Escalation(audience, page, rng.choice(CHANNELS), origin, query, tab)
            records.append(Reaction(contact, at + 30, visitor))
    with conn:
        insert_records(conn, records)
    conn.close()


def run_report(db: Path, site: Path, output_format: str, out: Path) -> tuple[float, float]:
    """Wall-clock and CPU seconds of one `kbgen misses report` (CPU time is steadier on a busy machine)."""
    args = ["misses", "report", "--db", str(db), "--site", str(site), "--since", "90d"]
    wall, cpu = time.perf_counter(), time.process_time()
    result = CliRunner().invoke(kbgen_main, [*args, "--format", output_format, "--out", str(out)])
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    if result.exit_code != 0:
        raise SystemExit(result.output)
    return wall, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--searches", type=int, default=1_000_000)
    parser.add_argument("--votes", type=int, default=100_000)
    parser.add_argument("--site", type=Path, default=Path("site"))
    parser.add_argument("--keep", type=Path, default=None, help="Copy the dashboard here.")
    args = parser.parse_args()
    now = int(time.time())
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "misses.db"
        started = time.perf_counter()
        fill(db, args.searches, now)
        fill_reactions(db, args.votes, now)
        print(
            f"filled {args.searches:,} searches, {args.votes:,} votes: {time.perf_counter() - started:.0f} s"
        )
        page = Path(folder) / "dashboard.html"
        dashboard = run_report(db, args.site, "html", page)
        baseline = run_report(db, args.site, "table", Path(folder) / "table.txt")
        size = page.stat().st_size
        if args.keep:
            shutil.copyfile(page, args.keep)
    print(
        f"dashboard (--format html): {dashboard[0]:.1f} s, CPU {dashboard[1]:.1f} s (target < 10 s);"
        f" {size / 1e6:.2f} MB (target < 2 MB)"
    )
    print(
        f"table report (--format table, all groups re-checked): {baseline[0]:.1f} s, CPU {baseline[1]:.1f} s;"
        f" ratio {dashboard[0] / baseline[0]:.2f} (CPU {dashboard[1] / baseline[1]:.2f})"
    )


if __name__ == "__main__":
    main()
