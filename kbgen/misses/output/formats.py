"""One entry point for every report format, so the CLI does not pick renderers itself.

Every format carries both lists: "write these articles" (groups of searches) and "fix these
articles" (votes and contacts); JSON and CSV records say which with their `list` field.
"""

from __future__ import annotations

from collections.abc import Mapping

from kbgen.misses.analysis.activity import Activity
from kbgen.misses.analysis.fixes import ArticleFix
from kbgen.misses.analysis.report import Group, ReportWindow
from kbgen.misses.output.dashboard import render_dashboard
from kbgen.misses.output.fix_render import (
    FIX_CSV_COLUMNS,
    fix_csv_row,
    render_fixes_json,
    render_fixes_markdown,
    render_fixes_table,
)
from kbgen.misses.output.render import render_csv, render_json, render_markdown, render_table

FORMATS = ("table", "json", "csv", "md", "html")


def render(
    groups: list[Group],
    output_format: str,
    window: ReportWindow,
    fixes: list[ArticleFix] | None = None,
    activity: Activity | None = None,
    titles: Mapping[tuple[str, str], str] | None = None,
) -> str:
    """`activity` (the weekly figures) and `titles` (article titles by audience and location) feed the
    HTML dashboard only."""
    fixes = fixes or []
    if output_format == "html":
        if activity is None:
            raise ValueError("the HTML dashboard needs the weekly activity (kbgen.misses.analysis.activity)")
        return render_dashboard(groups, window, fixes, activity, titles)
    if output_format == "json":
        return render_json(groups) + render_fixes_json(fixes)
    if output_format == "csv":
        return render_csv(groups, [fix_csv_row(fix) for fix in fixes], FIX_CSV_COLUMNS)
    if output_format == "md":
        return (
            f"## Write these articles\n\n{render_markdown(groups)}"
            f"\n## Fix these articles\n\n{render_fixes_markdown(fixes)}"
        )
    return render_table(groups) + ("\n" + render_fixes_table(fixes) if fixes else "")
