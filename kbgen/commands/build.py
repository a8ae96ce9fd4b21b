"""`kbgen build`: publish both help centers from the content folder."""

from __future__ import annotations

from pathlib import Path

import click

from kbgen.commands.options import config_option, content_option
from kbgen.commands.pull import run_pull
from kbgen.notion.staging import recover_interrupted_pull
from kbgen.progress import RichProgress
from kbgen.site.builder import BuildError, build_sites


@click.command("build")
@content_option
@click.option(
    "--site",
    "site_dir",
    default="site",
    show_default=True,
    type=click.Path(path_type=Path),
    help="Where to write the help centers; the previous site is replaced only when the build works.",
)
@config_option
@click.option("--strict", is_flag=True, help="Publish nothing if any article has an error or a broken link.")
@click.option("--miss-endpoint", default=None, help="URL the sites send searches that find nothing to.")
@click.option(
    "--pull", "pull_first", is_flag=True, help="Pull the articles from Notion first (see `kbgen pull`)."
)
@click.option("--database", default=None, help="With --pull: the Notion database, its id or any link to it.")
def command(
    content_dir: Path,
    site_dir: Path,
    config_file: Path,
    strict: bool,
    miss_endpoint: str | None,
    pull_first: bool,
    database: str | None,
) -> None:
    """Build site/owners/, site/residents/ and the landing page from the content folder."""
    if pull_first:
        run_pull(content_dir, config_file, database=database, full=False)
    else:
        recover_interrupted_pull(content_dir)  # a pull killed mid-swap must not be published half-done
    try:
        report = build_sites(
            content_dir,
            site_dir,
            config_file,
            strict=strict,
            miss_endpoint=miss_endpoint,
            progress=RichProgress(),
            record_ledger=True,
        )
    except BuildError as exc:
        raise click.ClickException(str(exc)) from exc
    for problem in report.problems:
        click.secho(str(problem), fg="red" if problem.is_error else "yellow", err=True)
    for warning in report.warnings:
        click.secho(f"warning: {warning}", fg="yellow", err=True)
    counts = ", ".join(f"{count} {audience} articles" for audience, count in report.pages.items())
    click.echo(f"Built {site_dir}/ ({counts}).")
