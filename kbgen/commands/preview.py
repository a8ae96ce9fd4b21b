"""`kbgen preview`: see Draft and In review articles rendered, in a site the public build never reads."""

from __future__ import annotations

from pathlib import Path

import click

from kbgen.commands.options import config_option, database_option, site_option
from kbgen.commands.project import project_settings
from kbgen.notion.errors import NotionError
from kbgen.progress import RichProgress
from kbgen.publish.preview import DEFAULT_PREVIEW_CONTENT, DEFAULT_PREVIEW_SITE, build_preview
from kbgen.site.builder import BuildError


@click.command("preview")
@click.option(
    "--page", default=None, help="Only this Notion page (its link): much faster than a whole preview."
)
@click.option(
    "--preview-content",
    "content_dir",
    default=str(DEFAULT_PREVIEW_CONTENT),
    show_default=True,
    type=click.Path(path_type=Path),
    help="The preview's own content tree.",
)
@site_option("Where the preview site is built (never the public site/).", default=str(DEFAULT_PREVIEW_SITE))
@config_option
@database_option()
def command(
    page: str | None, content_dir: Path, site_dir: Path, config_file: Path, database: str | None
) -> None:
    """Pull Published, In review and Draft pages and build a preview site: a banner on every page,
    noindex, no sitemap, and nothing sent to the miss collector."""
    settings = project_settings(config_file, database)
    try:
        result = build_preview(
            config_file,
            settings,
            content_dir=content_dir,
            site_dir=site_dir,
            page=page,
            database=database,
            progress=RichProgress(),
        )
    except (NotionError, BuildError) as exc:
        raise click.ClickException(str(exc)) from exc
    for warning in result.pulled.warnings:
        click.secho(f"warning: {warning}", fg="yellow", err=True)
    for path in result.pages:
        click.echo(f"Preview of the page: {path}")
    if not result.pages:
        counts = ", ".join(f"{n} {audience}" for audience, n in result.pulled.published.items())
        click.echo(f"Preview built in {site_dir}/ ({counts} articles, drafts included). Not for publishing.")
