"""The desk's "Was this helpful?" scores: per-article Yes/No counts from the collector's database,
written as `staff/desk/scores.json` beside the desk, which reads it when it opens (a desk without the
file shows no scores). A separate static file, so a nightly job refreshes the scores without a build.

Read with plain SQL from the collector's `feedback` table (kbgen/signals/store.py), opened read-only.
"""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing
from pathlib import Path

import click

from kbgen.content import AUDIENCES
from kbgen.desk.page import DESK_DIR

SCORES_FILE = "scores.json"


def feedback_scores(db: Path) -> dict[str, dict[str, dict[str, int]]]:
    """{audience: {"pay-rent-online/": {"yes": 3, "no": 1}}}: the votes per article, keyed as the
    desk and the search index name an article (its last path segment and a slash)."""
    scores: dict[str, dict[str, dict[str, int]]] = {audience: {} for audience in AUDIENCES}
    with closing(sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True)) as connection:
        rows = connection.execute(
            "SELECT audience, page, vote, COUNT(*) FROM feedback"
            " WHERE vote IN ('yes', 'no') GROUP BY audience, page, vote"
        ).fetchall()
    for audience, page, vote, count in rows:
        location = str(page).split("?")[0].split("#")[0].rstrip("/").rsplit("/", 1)[-1]
        if audience not in scores or not location:
            continue
        votes = scores[audience].setdefault(location + "/", {"yes": 0, "no": 0})
        votes[vote] += count
    return scores


def write_scores(db: Path, site_dir: Path) -> Path:
    """Write `site_dir/staff/desk/scores.json` from the collector's database `db`."""
    target = site_dir / DESK_DIR / SCORES_FILE
    if not target.parent.is_dir():
        raise click.ClickException(f"{target.parent} has no answer desk: run `kbgen build` first.")
    target.write_text(json.dumps(feedback_scores(db), sort_keys=True), encoding="utf-8")
    return target
