"""`kbgen serve`: preview the landing page and both sites, rebuilding on every change."""

from __future__ import annotations

from pathlib import Path

import click

from kbgen.commands.options import config_option, content_option, site_option
from kbgen.site.preview import serve_preview


@click.command("serve")
@click.option("--port", default=8000, show_default=True, type=int, help="The port of the preview server.")
@content_option
@site_option("Where the preview is built and served from.")
@config_option
def command(port: int, content_dir: Path, site_dir: Path, config_file: Path) -> None:
    """Serve the sites on http://127.0.0.1:PORT/ and rebuild when content, config or overrides change."""
    serve_preview(content_dir, site_dir, config_file, port=port, echo=click.echo)
