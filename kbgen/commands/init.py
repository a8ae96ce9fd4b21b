"""`kbgen init ci github`: write the scheduled publishing workflow into the project."""

from __future__ import annotations

from pathlib import Path

import click

from kbgen.publish.ci import CiError, write_github_workflow


@click.group("init")
def group() -> None:
    """Add kbgen's ready-made files to the project."""


@group.command("ci")
@click.argument("provider", type=click.Choice(["github"]))
@click.option(
    "--to", "target", default="gh-pages", show_default=True, help="The `kbgen publish --to` target."
)
@click.option(
    "--every", "every_minutes", default=15, show_default=True, type=int, help="Minutes between runs."
)
@click.option(
    "--project",
    "project",
    default=".",
    type=click.Path(path_type=Path, file_okay=False),
    help="The project folder (its .github/workflows/ gets the file).",
)
@click.option("--force", is_flag=True, help="Replace an existing workflow file.")
def ci_command(provider: str, target: str, every_minutes: int, project: Path, force: bool) -> None:
    """Write .github/workflows/kbgen-publish.yml: publish from Notion on a schedule and on demand."""
    try:
        path = write_github_workflow(project, target=target, every_minutes=every_minutes, force=force)
    except CiError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"Wrote {path}. Add the repository secret NOTION_TOKEN, then commit the file.")
