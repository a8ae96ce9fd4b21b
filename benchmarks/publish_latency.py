"""From an edit in Notion to the new page served from the deployed folder, with `kbgen watch`.

A fake Notion API (tests/notion/fake_server.py) holds 1,000 articles and answers with 50 ms latency and
a 3 requests/second limit (429 beyond it). `kbgen watch --interval 60 --to www` runs as its own process.
At a random moment within each poll interval the script edits one article's body (odd rounds: sets a
Draft article to Published instead) and times until the deployed `www/<audience>/<slug>/index.html`
holds the new text. Printed: each latency, median and max (target: median <= 75 s, max <= 90 s;
Super.so's stated figure is about 120 s), the ratio of the median to that figure, and the requests
each idle poll made after the edits (target: 1; the first poll after a publish may pull once more,
since Notion rounds edit times to the minute).

The database is first pulled once without the rate limit, so the run measures steady-state edits.

    .venv/bin/python benchmarks/publish_latency.py [--articles 1000] [--edits 6] [--interval 60]
"""

from __future__ import annotations

import argparse
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from pull_speed import article_body, seed  # noqa: E402

from kbgen.notion.pull import pull_into  # noqa: E402
from kbgen.settings import load_settings  # noqa: E402
from tests.notion import notion_json as nj  # noqa: E402
from tests.notion.fake_server import FakeNotion  # noqa: E402

SUPERSO_SECONDS = 120.0


def write_project(folder: Path, database_id: str) -> Path:
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace("custom_dir: overrides", f"custom_dir: {ROOT / 'overrides'}")
    config = config.replace('      database: ""', f"      database: {database_id}", 1)
    (folder / "mkdocs.yml").write_text(config, encoding="utf-8")
    return folder / "mkdocs.yml"


def wait_for(path: Path, token: str, timeout: float) -> float | None:
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        try:
            if token in path.read_text(encoding="utf-8"):
                return time.monotonic()
        except OSError:
            pass
        time.sleep(0.1)
    return None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--edits", type=int, default=6)
    parser.add_argument("--interval", type=float, default=60.0)
    parser.add_argument("--idle-polls", type=int, default=3, help="quiet polls to count after the edits")
    args = parser.parse_args()
    random.seed(13)

    with FakeNotion(latency=0.05) as fake, tempfile.TemporaryDirectory(prefix="kbgen-latency-") as scratch:
        project = Path(scratch)
        database_id, page_ids = seed(fake, args.articles)
        data_source = fake._state.databases[database_id]["data_sources"][0]["id"]
        drafts = [
            fake.add_page(
                data_source, nj.article_properties(f"Scheduled notice {n}", status="Draft"), article_body(n)
            )
            for n in range(args.edits)
        ]
        config = write_project(project, database_id)
        settings = load_settings(config)
        fast = replace(settings, notion=replace(settings.notion, requests_per_second=200))
        os.environ.update(NOTION_TOKEN=fake.token, NOTION_BASE_URL=fake.url)
        print(f"seeding: pulling {args.articles} articles once without the rate limit ...", flush=True)
        pull_into(project / "content", database=None, full=False, settings=fast)
        fake.rate_limit = 3.0

        command = [
            sys.executable,
            "-m",
            "kbgen.cli",
            "watch",
            "--to",
            "www",
            "--interval",
            str(args.interval),
            "--port",
            "0",
        ]
        watcher = subprocess.Popen(
            command, cwd=project, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
        )
        lines: list[str] = []
        first_publish = threading.Event()

        def read_output() -> None:
            for line in watcher.stdout:  # type: ignore[union-attr]
                lines.append(line.rstrip())
                if " publish (" in line:
                    first_publish.set()

        threading.Thread(target=read_output, daemon=True).start()
        try:
            if not first_publish.wait(timeout=600):
                raise SystemExit("kbgen watch did not publish within 10 minutes:\n" + "\n".join(lines))
            print(f"first publish: {lines[-1]}", flush=True)
            latencies = []
            for round_number in range(args.edits):
                time.sleep(random.uniform(0, args.interval))
                token = f"edit-{round_number}-{random.randrange(10**9)}"
                if round_number % 2:
                    page_id = drafts[round_number]
                    fake.edit_page(
                        page_id,
                        properties={"Status": nj.status_value("Published")},
                        blocks=[nj.paragraph(f"Now published: {token}.")],
                    )
                    slug, folder = f"scheduled-notice-{round_number}", "residents"
                else:
                    number = random.randrange(len(page_ids))
                    fake.edit_page(page_ids[number], blocks=[nj.paragraph(f"Edited: {token}.")])
                    slug, folder = f"question-{number}", "owners" if number % 3 == 1 else "residents"
                edited = time.monotonic()
                seen = wait_for(project / "www" / folder / slug / "index.html", token, timeout=600)
                if seen is None:
                    raise SystemExit(f"the edit of {slug} never appeared:\n" + "\n".join(lines[-20:]))
                latencies.append(seen - edited)
                print(f"edit {round_number + 1}: {slug} served after {seen - edited:.1f} s", flush=True)
            idle_from = len(lines)
            while sum("poll: no change" in line for line in lines[idle_from:]) < args.idle_polls:
                time.sleep(1)
        finally:
            watcher.terminate()
            watcher.wait(timeout=60)
        idle = [
            int(m.group(1)) for line in lines if (m := re.search(r"poll: no change \((\d+) request", line))
        ]
        median, worst = statistics.median(latencies), max(latencies)
        print(
            f"\nedit -> served: median {median:.1f} s, max {worst:.1f} s over {len(latencies)} edits "
            f"(target: median <= 75 s, max <= 90 s)"
        )
        print(f"ratio of the median to Super.so's ~{SUPERSO_SECONDS:.0f} s: {median / SUPERSO_SECONDS:.2f}")
        print(f"idle polls: {len(idle)}, requests each: {sorted(set(idle)) or 'none'} (target: 1)")
        print("after the edits:\n  " + "\n  ".join(lines[idle_from:]))
        publishes = [line for line in lines if " publish (" in line]
        print("publish cycles:\n  " + "\n  ".join(publishes))


if __name__ == "__main__":
    main()
