"""`kbgen notion init` and `kbgen notion check`: set up the Notion side and say what to fix there."""

from __future__ import annotations

from pathlib import Path

import click

from kbgen.commands.options import config_option
from kbgen.commands.project import project_settings
from kbgen.notion.client import api_from_environment
from kbgen.notion.errors import NotionError
from kbgen.notion.schema_check import ERROR, NOTE, check_databases
from kbgen.notion.setup import init_notion, write_config


@click.group("notion")
def group() -> None:
    """Create and check the Notion databases kbgen reads and writes (needs NOTION_TOKEN)."""


@group.command("init")
@click.option("--parent", required=True, help="The Notion page to create the databases in: its link or id.")
@config_option
@click.option(
    "--write-config", "write_config_file", is_flag=True, help="Write both database ids into mkdocs.yml."
)
def init_command(parent: str, config_file: Path, write_config_file: bool) -> None:
    """Create the "Help articles" and "Article requests" databases and an example article per audience.

    Run it again at any time: it adds only what is missing and never deletes anything.
    """
    settings = project_settings(config_file, parent)
    try:
        api = api_from_environment(settings.notion)
        try:
            report = init_notion(api, parent, settings.notion)
        finally:
            api.close()
        if write_config_file:
            write_config(config_file, report)
    except NotionError as exc:
        raise click.ClickException(str(exc)) from exc
    for result in (report.articles, report.requests):
        done = "created" if result.created else "found"
        added = f"; added {', '.join(result.added)}" if result.added else ""
        click.echo(f"{result.title}: {done}{added}. {result.url}")
        for note in result.notes:
            click.secho(f"  note: {note}", fg="yellow")
    for title in report.examples_created:
        click.echo(f"Example article created (Draft): {title}")
    if write_config_file:
        click.echo(f"Wrote both database ids into {config_file}.")
    else:
        click.echo(f"Paste into {config_file} (or run again with --write-config):\n\n{report.config_lines()}")


@group.command("check")
@config_option
@click.option("--all", "show_notes", is_flag=True, help="Also list optional properties the database lacks.")
def check_command(config_file: Path, show_notes: bool) -> None:
    """Check both databases against mkdocs.yml: properties, Status and Audience options, every row."""
    settings = project_settings(config_file, None)
    try:
        api = api_from_environment(settings.notion)
        try:
            findings = check_databases(api, settings.notion)
        finally:
            api.close()
    except NotionError as exc:
        raise click.ClickException(str(exc)) from exc
    shown = [f for f in findings if show_notes or f.level != NOTE]
    for finding in shown:
        color = {"error": "red", "warning": "yellow"}.get(finding.level)
        click.secho(str(finding), fg=color, err=finding.level == ERROR)
    errors = sum(1 for f in findings if f.level == ERROR)
    warnings = sum(1 for f in findings if f.level != ERROR and f in shown)
    if errors:
        raise click.ClickException(f"{errors} error(s) to fix before kbgen can pull; {warnings} warning(s).")
    click.echo(f"The Notion databases fit kbgen ({warnings} warning(s)).")
