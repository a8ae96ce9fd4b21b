"""`kbgen desk-scores`: give the answer desk each article's "Was this helpful?" votes."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import click

from kbgen.commands.options import site_option
from kbgen.desk.scores import write_scores


@click.command("desk-scores")
@click.option(
    "--db",
    "db",
    required=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="The collector's database (kbgen collect --db).",
)
@site_option("The built site, with the answer desk in staff/desk/.")
def command(db: Path, site_dir: Path) -> None:
    """Give the answer desk each article's "Was this helpful?" votes from the collector's database."""
    try:
        target = write_scores(db, site_dir)
    except sqlite3.Error as exc:
        raise click.ClickException(f"could not read the votes in {db}: {exc}") from exc
    click.echo(f"Wrote {target}.")
