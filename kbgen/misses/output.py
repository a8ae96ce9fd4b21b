"""One entry point for every report format, so the CLI does not pick renderers itself.

Every format carries both lists: "write these articles" (groups of searches) and "fix these
articles" (votes and contacts); JSON and CSV records say which with their `list` field.
"""

from __future__ import annotations

from kbgen.misses.fix_render import (
    FIX_CSV_COLUMNS,
    fix_csv_row,
    render_fixes_json,
    render_fixes_markdown,
    render_fixes_table,
)
from kbgen.misses.fixes import ArticleFix
from kbgen.misses.html import render_html
from kbgen.misses.render import render_csv, render_json, render_markdown, render_table
from kbgen.misses.report import Group, ReportWindow

FORMATS = ("table", "json", "csv", "md", "html")


def render(
    groups: list[Group], output_format: str, window: ReportWindow, fixes: list[ArticleFix] | None = None
) -> str:
    fixes = fixes or []
    if output_format == "html":
        return render_html(groups, window, fixes)
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
