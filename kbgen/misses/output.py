"""One entry point for every report format, so the CLI does not pick renderers itself."""

from __future__ import annotations

from kbgen.misses.html import render_html
from kbgen.misses.render import render_csv, render_json, render_markdown, render_table
from kbgen.misses.report import Group, ReportWindow

FORMATS = ("table", "json", "csv", "md", "html")


def render(groups: list[Group], output_format: str, window: ReportWindow) -> str:
    if output_format == "html":
        return render_html(groups, window)
    renderers = {"table": render_table, "json": render_json, "csv": render_csv, "md": render_markdown}
    return renderers[output_format](groups)
