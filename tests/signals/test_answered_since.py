"""The re-check: a gap the site could not answer shows as answered once an article for it is built."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from click.testing import CliRunner

from kbgen.cli import main
from kbgen.site.builder import build_sites
from tests.conftest import CONFIG, CONTENT
from tests.signals.searches import search, store

BIKE_ARTICLE = """---
title: "Where can I store my bike?"
summary: "Every building has a locked bike room; register your bike in the Resident Portal to get a key fob."
category: "Amenities"
tags: [bike storage, bicycle, bike room]
---
Bikes are stored in the locked **bike room** next to the parking garage, never on balconies or in hallways.

## Getting access

Register your bike in the Resident Portal under **Amenities > Bike storage**; the office activates
your key fob for the bike room within one business day.
"""


def report(db: Path, site: Path) -> list[dict]:
    args = ["misses", "report", "--db", str(db), "--site", str(site), "--format", "json", "--all"]
    result = CliRunner().invoke(main, args, catch_exceptions=False)
    return [json.loads(line) for line in result.output.splitlines()]


def test_a_written_gap_is_answered_after_the_article_is_added_and_the_site_rebuilt(tmp_path: Path) -> None:
    content, site, db = tmp_path / "content", tmp_path / "site", tmp_path / "misses.db"
    shutil.copytree(CONTENT, content)
    build_sites(content, site, CONFIG)
    store(db, [search("bike storage", "v1", days_ago=4), search("where to store bikes", "v2", days_ago=2),
               search("bike storage", "v3"), search("xylophone lessons", "v4")])  # fmt: skip
    before = {group["label"]: group for group in report(db, site)}
    assert before["bike storage"]["verdict"] == "write"
    assert "article" not in before["bike storage"]

    (content / "residents" / "bike-storage.md").write_text(BIKE_ARTICLE, encoding="utf-8")
    build_sites(content, site, CONFIG)
    after = {group["label"]: group for group in report(db, site)}
    bike = after["bike storage"]
    assert (bike["verdict"], bike["article"]) == ("answered", "bike-storage/")
    assert bike["article_title"] == "Where can I store my bike?"
    assert bike["answered_since"] == bike["last_seen"]  # today: when a report first saw it answered
    assert after["xylophone lessons"]["verdict"] == "write"
    open_only = CliRunner().invoke(main, ["misses", "report", "--db", str(db), "--site", str(site)])
    assert "xylophone lessons" in open_only.output and "bike storage" not in open_only.output
