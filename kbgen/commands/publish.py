"""`kbgen publish --to TARGET`: pull, build, check and deploy in one step."""

from __future__ import annotations

from pathlib import Path

import click

from kbgen.commands.options import config_option, content_option, database_option, site_option, target_option
from kbgen.commands.project import project_settings
from kbgen.progress import RichProgress
from kbgen.publish import PublishError, publish


@click.command("publish")
@target_option
@content_option
@site_option("Where the sites are built before they are deployed.")
@config_option
@database_option()
@click.option(
    "--no-pull", is_flag=True, help="Publish the content folder as it is, without pulling from Notion."
)
def command(
    target: str, content_dir: Path, site_dir: Path, config_file: Path, database: str | None, no_pull: bool
) -> None:
    """Pull from Notion, build both sites with every check, and deploy; a failure deploys nothing."""
    settings = project_settings(config_file, database)
    pull = not no_pull and bool(database or settings.notion.database)
    try:
        result = publish(
            content_dir, site_dir, config_file, target, pull=pull, database=database, progress=RichProgress()
        )
    except PublishError as exc:
        raise click.ClickException(str(exc)) from exc
    if result.pulled is not None:
        for warning in result.pulled.warnings:
            click.secho(f"warning: {warning}", fg="yellow", err=True)
    for warning in result.built.warnings:
        click.secho(f"warning: {warning}", fg="yellow", err=True)
    counts = ", ".join(f"{n} {audience}" for audience, n in result.built.pages.items())
    state = "deployed" if result.deployed.changed else "already live, nothing to deploy"
    click.echo(f"Published {counts} articles to {result.deployed.target}: {state}.")
