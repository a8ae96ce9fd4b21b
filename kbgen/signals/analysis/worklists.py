"""The report as one value: a period's two work lists, built once and rendered in every format.

"Write these articles" are the groups of searches that found nothing (`report.py`); "fix these
articles" are the articles that failed readers (`fixes.py`). The HTML dashboard also shows the weekly
activity and names articles by the built site's titles; the other formats leave those out.
"""

from __future__ import annotations

import dataclasses
import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from kbgen.content.article import AUDIENCES
from kbgen.signals.analysis.activity import Activity, build_activity
from kbgen.signals.analysis.fixes import ArticleFix, build_fixes
from kbgen.signals.analysis.report import Group, ReportWindow, build_report
from kbgen.signals.analysis.site_pages import load_pages
from kbgen.signals.analysis.site_search import load_site_searches


@dataclass(frozen=True)
class WorkLists:
    window: ReportWindow
    write: list[Group]  # best-ranked first, the open groups before the answered ones
    fix: list[ArticleFix]  # most failed first
    activity: Activity | None = None  # the weekly figures, for the dashboard
    titles: Mapping[tuple[str, str], str] = field(default_factory=dict)  # (audience, location) -> title

    def open_only(self) -> WorkLists:
        """The same lists without the groups the site answers now."""
        return dataclasses.replace(self, write=[group for group in self.write if group.is_open])


def build_worklists(
    conn: sqlite3.Connection,
    window: ReportWindow,
    site_dir: Path | None,
    *,
    open_limit: int | None = None,
    with_activity: bool = False,
) -> WorkLists:
    """Both lists for `window`. With `site_dir`, groups are re-checked against the built site (the
    best-ranked up to `open_limit` open ones, when given) and articles carry their titles."""
    pages = {audience: load_pages(site_dir, audience) for audience in AUDIENCES} if site_dir else {}
    searches = load_site_searches(site_dir) if site_dir else {}
    return WorkLists(
        window=window,
        write=build_report(conn, window, site_dir, searches, open_limit),
        fix=build_fixes(conn, window, pages),
        activity=build_activity(conn, window) if with_activity else None,
        titles={
            (audience, location): page.title
            for audience, by_location in pages.items()
            for location, page in by_location.items()
        },
    )
