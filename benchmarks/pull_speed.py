"""How fast `kbgen pull` reads a 300-article database under Notion's rate limit, against the naive way.

A fake Notion API (tests/notion/fake_server.py) answers with 50 ms latency and enforces 3 requests/second
(429 + Retry-After: 1 beyond that). Printed: requests and seconds for a full pull against its floor
(requests / 3 per second), an incremental pull after 3 pages change (which must read no blocks of the
other pages), and the same full read done naively: one request at a time with the SDK's own retries, no
client-side throttle, no incremental state.

    .venv/bin/python benchmarks/pull_speed.py [--articles 300] [--latency 0.05] [--rate 3]
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import tempfile
import time
from pathlib import Path

from notion_client import Client

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kbgen.notion.pull import pull_into
from kbgen.settings import Contact, NotionSettings, Settings
from tests.notion.fake_server import FakeNotion
from tests.notion.notion_json import (
    article_properties,
    bulleted,
    heading,
    numbered,
    paragraph,
    text,
    toggle,
)


def article_body(number: int) -> list[dict]:
    """A typical FAQ body; every 10th article has a toggle, whose content is one more request."""
    body = [
        paragraph(
            f"Answer number {number}: ", text("log in to the portal", bold=True), " and follow the steps."
        ),
        heading(2, "Steps"),
        numbered("Open the portal."),
        numbered("Choose ", text("Make a payment", italic=True), "."),
        bulleted("Bank account: free."),
        bulleted("Card: 2.95% fee."),
    ]
    if number % 10 == 0:
        body.append(toggle("What if it fails?", children=[paragraph("Call us.")]))
    return body


def seed(fake: FakeNotion, articles: int) -> tuple[str, list[str]]:
    database = fake.add_database()
    audiences = [("Residents",), ("Owners",), ("Owners", "Residents")]
    page_ids = [
        fake.add_page(
            database.data_source_id,
            article_properties(f"Question {n}", audience=audiences[n % 3], category=f"Topic {n % 7}"),
            article_body(n),
        )
        for n in range(articles)
    ]
    return database.database_id, page_ids


def kbgen_pull(content: Path, database_id: str, rate: float, *, full: bool) -> tuple[float, int, int]:
    settings = Settings(Path("mkdocs.yml"), "Bench", "https://help.example/", {}, Contact(),
                        notion=NotionSettings(requests_per_second=rate, workers=8))  # fmt: skip
    started = time.perf_counter()
    report = pull_into(content, database=database_id, full=full, settings=settings)
    return time.perf_counter() - started, report.requests, report.read


def naive_pull(fake: FakeNotion, database_id: str) -> tuple[float, int]:
    """What a straightforward script does: sequential reads, the SDK's default retries, no throttle."""
    client = Client(auth=fake.token, base_url=fake.url, log_level=logging.ERROR)
    before = len(fake.log)
    started = time.perf_counter()

    def children(block_id: str) -> None:
        cursor = None
        while True:
            response = client.blocks.children.list(block_id=block_id, start_cursor=cursor, page_size=100)
            for block in response["results"]:
                if block["has_children"]:
                    children(block["id"])
            if not response["has_more"]:
                return
            cursor = response["next_cursor"]

    data_source_id = client.databases.retrieve(database_id=database_id)["data_sources"][0]["id"]
    cursor = None
    while True:
        page = client.data_sources.query(data_source_id=data_source_id, start_cursor=cursor, page_size=100)
        for row in page["results"]:
            children(row["id"])
        if not page["has_more"]:
            break
        cursor = page["next_cursor"]
    client.close()
    return time.perf_counter() - started, len(fake.log) - before


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--latency", type=float, default=0.05)
    parser.add_argument("--rate", type=float, default=3.0)
    args = parser.parse_args()
    with FakeNotion(latency=args.latency, rate_limit=args.rate, burst=int(args.rate), retry_after=1) as fake:
        os.environ["NOTION_TOKEN"] = fake.token
        os.environ["NOTION_BASE_URL"] = fake.url
        database_id, page_ids = seed(fake, args.articles)
        content = Path(tempfile.mkdtemp(prefix="kbgen-bench-")) / "content"
        print(f"{args.articles} articles, {args.latency * 1000:.0f} ms latency, limit {args.rate:g} req/s")

        before = len(fake.log)
        seconds, requests, read = kbgen_pull(content, database_id, args.rate, full=True)
        floor = requests / args.rate
        limited = sum(1 for r in fake.log[before:] if r.status == 429)
        print(f"kbgen full pull:        {requests} requests ({limited} answered 429), {seconds:.1f} s; "
              f"floor {floor:.1f} s; ratio {seconds / floor:.3f} (target <= 1.15); {read} read")  # fmt: skip

        for page_id in page_ids[:3]:
            fake.edit_page(page_id, blocks=[paragraph("Changed answer.")])
        before = len(fake.log)
        seconds, requests, read = kbgen_pull(content, database_id, args.rate, full=False)
        new_requests = fake.log[before:]
        block_paths = [r.path for r in new_requests if r.path.startswith("/v1/blocks/")]
        unchanged_reads = [p for p in block_paths if not any(pid in p for pid in page_ids[:3])]
        print(f"kbgen incremental pull: {requests} requests ({len(block_paths)} block reads, "
              f"{len(unchanged_reads)} of them for the {args.articles - 3} unchanged pages), "
              f"{seconds:.1f} s; {read} pages read")  # fmt: skip

        seconds, attempts = naive_pull(fake, database_id)
        rejected = sum(1 for r in fake.log[-attempts:] if r.status == 429)
        print(f"naive full read:        {attempts} requests ({rejected} answered 429), {seconds:.1f} s; "
              f"ratio to kbgen's floor {seconds / floor:.3f}")  # fmt: skip


if __name__ == "__main__":
    main()
