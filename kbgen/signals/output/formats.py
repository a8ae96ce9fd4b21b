"""One entry point for every report format, so the CLI does not pick renderers itself.

Every format carries both work lists, "write these articles" (groups of searches) and "fix these
articles" (votes and contacts), rendered by one function per format. PDF and PNG are the HTML
dashboard printed by Chromium: bytes, for a file only.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from kbgen.signals.analysis.worklists import WorkLists
from kbgen.signals.output.dashboard import render_dashboard
from kbgen.signals.output.export import export_dashboard
from kbgen.signals.output.records import render_csv, render_json
from kbgen.signals.output.tables import render_markdown, render_table

RENDERERS: dict[str, Callable[[WorkLists], str]] = {
    "table": render_table,
    "json": render_json,
    "csv": render_csv,
    "md": render_markdown,
    "html": render_dashboard,
}
BINARY_FORMATS = ("pdf", "png")
DASHBOARD_FORMATS = ("html", *BINARY_FORMATS)  # the formats that need the weekly activity
FORMATS = (*RENDERERS, *BINARY_FORMATS)


def render(lists: WorkLists, output_format: str) -> str:
    return RENDERERS[output_format](lists)


def render_binary(lists: WorkLists, output_format: str, chromium: Path) -> bytes:
    """The dashboard as a PDF or PNG, printed by `chromium` (see `export.check_export_tools`)."""
    return export_dashboard(render_dashboard(lists), output_format, chromium)
