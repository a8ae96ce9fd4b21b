"""`kbgen pull`: write the Notion database's published articles into the content folders."""

from __future__ import annotations

from pathlib import Path

import click

from kbgen.commands.options import config_option, content_option, database_option
from kbgen.commands.project import project_settings
from kbgen.notion.errors import NotionError
from kbgen.notion.pull import pull_into
from kbgen.notion.staging import recover_interrupted_pull
from kbgen.progress import RichProgress


@click.command("pull")
@database_option("The Notion database: its id or any link to it.")
@content_option
@config_option
@click.option(
    "--full", is_flag=True, help="Read every page again, not only the ones changed since the last pull."
)
def command(database: str | None, content_dir: Path, config_file: Path, full: bool) -> None:
    """Pull the published Notion articles into content/owners/ and content/residents/.

    Needs NOTION_TOKEN in the environment; NOTION_BASE_URL overrides the API address (tests, proxies).
    """
    run_pull(content_dir, config_file, database=database, full=full)


def prepare_content(content_dir: Path, config_file: Path, *, pull: bool, database: str | None) -> None:
    """Make the content folder a build may read: freshly pulled, or else the last pull made whole
    (a pull killed mid-swap is finished or discarded, never published half-done)."""
    if pull:
        run_pull(content_dir, config_file, database=database, full=False)
    else:
        recover_interrupted_pull(content_dir)


def run_pull(content_dir: Path, config_file: Path, *, database: str | None, full: bool) -> None:
    """Pull and say what changed; also the first half of `kbgen build --pull`."""
    settings = project_settings(config_file, database)
    try:
        report = pull_into(
            content_dir, database=database, full=full, settings=settings, progress=RichProgress()
        )
    except NotionError as exc:
        raise click.ClickException(str(exc)) from exc
    for warning in report.warnings:
        click.secho(f"warning: {warning}", fg="yellow", err=True)
    counts = ", ".join(f"{count} {audience}" for audience, count in report.published.items())
    click.echo(
        f"Pulled {content_dir}/ ({counts} articles; {report.read} read from Notion, "
        f"{report.reused} unchanged, {report.removed} removed; {report.requests} requests)."
        + (f" {report.scheduled} scheduled for a later Publish date." if report.scheduled else "")
        + (f" {report.retired} withdrawn article URL(s) recorded in the ledger." if report.retired else "")
    )
    if report.lost_files:
        raise click.ClickException(
            f"{len(report.lost_files)} Notion file(s) could not be downloaded and had no earlier copy: "
            f"{', '.join(report.lost_files)}. Their articles were published without them; upload the "
            "files again in Notion, or run `kbgen pull` again later."
        )
