"""`kbgen build`: publish both help centers from the content folder."""

from __future__ import annotations

from pathlib import Path

import click

from kbgen.commands import preview as preview_command
from kbgen.commands.options import config_option, content_option, database_option, site_option
from kbgen.commands.pull import prepare_content
from kbgen.progress import RichProgress
from kbgen.publish.preview import DEFAULT_PREVIEW_SITE
from kbgen.site.builder import BuildError, build_sites


@click.command("build")
@content_option
@site_option("Where to write the help centers; the previous site is replaced only when the build works.")
@config_option
@click.option("--strict", is_flag=True, help="Publish nothing if any article has an error or a broken link.")
@click.option("--miss-endpoint", default=None, help="URL the sites send searches that find nothing to.")
@click.option(
    "--pull", "pull_first", is_flag=True, help="Pull the articles from Notion first (see `kbgen pull`)."
)
@database_option("With --pull: the Notion database, its id or any link to it.")
@click.option(
    "--allow-removals",
    is_flag=True,
    help="Publish even if a site loses all or most of its published articles: they get 'removed' "
    "pages and are recorded as removed in the ledger.",
)
@click.option(
    "--preview",
    is_flag=True,
    help="Build the preview instead (as `kbgen preview`): drafts included, into site-preview/ by default.",
)
@click.pass_context
def command(
    ctx: click.Context,
    content_dir: Path,
    site_dir: Path,
    config_file: Path,
    strict: bool,
    miss_endpoint: str | None,
    pull_first: bool,
    database: str | None,
    allow_removals: bool,
    preview: bool,
) -> None:
    """Build site/owners/, site/residents/ and the landing page from the content folder."""
    if preview:
        given = ctx.get_parameter_source("site_dir") is not click.core.ParameterSource.DEFAULT
        ctx.invoke(
            preview_command.command,
            site_dir=site_dir if given else DEFAULT_PREVIEW_SITE,
            config_file=config_file,
            database=database,
        )
        return
    prepare_content(content_dir, config_file, pull=pull_first, database=database)
    try:
        report = build_sites(
            content_dir,
            site_dir,
            config_file,
            strict=strict,
            miss_endpoint=miss_endpoint,
            progress=RichProgress(),
            record_ledger=True,
            allow_removals=allow_removals,
        )
    except BuildError as exc:
        raise click.ClickException(str(exc)) from exc
    for problem in report.problems:
        click.secho(str(problem), fg="red" if problem.is_error else "yellow", err=True)
    for warning in report.warnings:
        click.secho(f"warning: {warning}", fg="yellow", err=True)
    counts = ", ".join(f"{count} {audience} articles" for audience, count in report.pages.items())
    click.echo(f"Built {site_dir}/ ({counts}).")
