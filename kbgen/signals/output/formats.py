"""One entry point for every report format, so the CLI does not pick renderers itself.

Every format carries both work lists, "write these articles" (groups of searches) and "fix these
articles" (votes and contacts), rendered by one function per format.
"""

from __future__ import annotations

from collections.abc import Callable

from kbgen.signals.analysis.worklists import WorkLists
from kbgen.signals.output.dashboard import render_dashboard
from kbgen.signals.output.records import render_csv, render_json
from kbgen.signals.output.tables import render_markdown, render_table

RENDERERS: dict[str, Callable[[WorkLists], str]] = {
    "table": render_table,
    "json": render_json,
    "csv": render_csv,
    "md": render_markdown,
    "html": render_dashboard,
}
FORMATS = tuple(RENDERERS)


def render(lists: WorkLists, output_format: str) -> str:
    return RENDERERS[output_format](lists)
