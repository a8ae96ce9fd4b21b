"""`kbgen misses`: bring searches in from access logs, rank them for the writers, push them to Notion."""

from __future__ import annotations

from pathlib import Path

import click

from kbgen.misses.logimport import FORMATS, import_log
from kbgen.misses.store import DEFAULT_DB, connect

_DB_OPTION = click.option(
    "--db", "db_path", default=str(DEFAULT_DB), show_default=True, type=click.Path(path_type=Path)
)


@click.group("misses")
def group() -> None:
    """Searches on the help centers that found nothing, and what to write about them."""


@group.command("import")
@click.argument(
    "log_files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
@click.option("--format", "log_format", type=click.Choice(FORMATS), default="auto", show_default=True)
@_DB_OPTION
def import_command(log_files: tuple[Path, ...], log_format: str, db_path: Path) -> None:
    """Read search beacons out of nginx/Apache combined or CloudFront logs (plain or .gz)."""
    conn = connect(db_path)
    try:
        for log_file in log_files:
            result = import_log(conn, log_file, log_format)
            rejected = sum(result.rejected.values())
            click.echo(
                f"{log_file}: {result.imported} searches imported, {result.already_imported} lines already"
                f" imported, {rejected} rejected"
            )
            for reason, count in result.rejected.most_common():
                click.echo(f"  {count} rejected: {reason}", err=True)
    finally:
        conn.close()
