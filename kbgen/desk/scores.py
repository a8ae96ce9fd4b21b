"""The desk's "Was this helpful?" scores: per-article Yes/No counts from the collector's database,
written as `staff/desk/scores.json` beside the desk, which reads it when it opens (a desk without the
file shows no scores). A separate static file, so a nightly job refreshes the scores without a build.

Each article is keyed by its audience and its page's full path ("/residents/pay-rent-online/"), as
the browser that voted saw it: two pages that end with one slug never share a score. The votes are
read through kbgen/signals/intake/store.py (the owner of the `feedback` table), opened read-only.
"""

from __future__ import annotations

import json
from contextlib import closing
from pathlib import Path
from urllib.parse import urlsplit

import click

from kbgen.content import AUDIENCES
from kbgen.desk.page import DESK_DIR
from kbgen.signals.intake.store import connect_read_only, vote_counts

SCORES_FILE = "scores.json"


def feedback_scores(db: Path) -> dict[str, dict[str, dict[str, int]]]:
    """{audience: {"/residents/pay-rent-online/": {"yes": 3, "no": 1}}}: the votes per article page,
    its path without query string or fragment, ending with a slash (the desk looks up the path of
    the article's URL)."""
    scores: dict[str, dict[str, dict[str, int]]] = {audience: {} for audience in AUDIENCES}
    with closing(connect_read_only(db)) as connection:
        rows = vote_counts(connection)
    for audience, page, vote, count in rows:
        path = urlsplit(str(page)).path.rstrip("/")
        if audience not in scores or not path:
            continue
        votes = scores[audience].setdefault(path + "/", {"yes": 0, "no": 0})
        votes[vote] += count
    return scores


def write_scores(db: Path, site_dir: Path) -> Path:
    """Write `site_dir/staff/desk/scores.json` from the collector's database `db`."""
    target = site_dir / DESK_DIR / SCORES_FILE
    if not target.parent.is_dir():
        raise click.ClickException(f"{target.parent} has no answer desk: run `kbgen build` first.")
    target.write_text(json.dumps(feedback_scores(db), sort_keys=True), encoding="utf-8")
    return target
