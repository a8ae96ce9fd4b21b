"""Searches written straight into a misses database, as the collector or an import would store them."""

from __future__ import annotations

import time
from collections.abc import Iterable
from pathlib import Path

from kbgen.signals.intake.beacon import Beacon
from kbgen.signals.intake.store import Search, connect, insert_searches

DAY = 86_400


def search(
    query: str,
    visitor: str,
    *,
    days_ago: float = 0,
    kind: str = "weak",
    audience: str = "residents",
    tab: str = "",
):
    """One stored search `days_ago` days before now by the visitor hash `visitor` (in browser tab `tab`)."""
    beacon = Beacon(query=query, audience=audience, kind=kind, tab=tab)
    return Search(beacon=beacon, at=int(time.time() - days_ago * DAY), visitor=visitor)


def store(db: Path, searches: Iterable[Search]) -> None:
    conn = connect(db)
    try:
        with conn:
            insert_searches(conn, list(searches))
    finally:
        conn.close()
