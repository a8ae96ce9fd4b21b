"""`kbgen misses`: bring searches in from access logs, rank them for the writers, push them to Notion."""

from __future__ import annotations

import time
from pathlib import Path

import click

from kbgen.content.article import AUDIENCES
from kbgen.misses.logimport import FORMATS as LOG_FORMATS
from kbgen.misses.logimport import import_log
from kbgen.misses.output import FORMATS, render
from kbgen.misses.report import ReportWindow, build_report, parse_since
from kbgen.misses.site_search import load_site_searches
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
@click.option("--format", "log_format", type=click.Choice(LOG_FORMATS), default="auto", show_default=True)
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


@group.command("report")
@_DB_OPTION
@click.option(
    "--site",
    "site_dir",
    default="site",
    show_default=True,
    type=click.Path(path_type=Path),
    help="The built sites to re-check every group against.",
)
@click.option("--since", default="30d", show_default=True, help="30d, 12h, 2w or a date (2026-01-31).")
@click.option("--audience", type=click.Choice(AUDIENCES), default=None)
@click.option("--format", "output_format", type=click.Choice(FORMATS), default="table", show_default=True)
@click.option("--out", "out_file", type=click.Path(dir_okay=False, path_type=Path), default=None)
@click.option("--all", "show_answered", is_flag=True, help="Also list groups the site answers now.")
def report_command(
    db_path: Path,
    site_dir: Path,
    since: str,
    audience: str | None,
    output_format: str,
    out_file: Path | None,
    show_answered: bool,
) -> None:
    """The articles to write next: one line per group of searches that mean the same thing."""
    try:
        window = ReportWindow(since=parse_since(since), until=int(time.time()), audience=audience)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--since") from exc
    if not site_dir.is_dir():
        click.echo(f"warning: {site_dir}/ not found; groups are not re-checked against the site", err=True)
    conn = connect(db_path)
    try:
        groups = build_report(
            conn, window, site_dir if site_dir.is_dir() else None, load_site_searches(site_dir)
        )
    finally:
        conn.close()
    if not show_answered and output_format != "html":
        groups = [group for group in groups if group.is_open]
    text = render(groups, output_format, window)
    if out_file:
        out_file.write_text(text, encoding="utf-8")
        click.echo(f"Wrote {len(groups)} groups to {out_file}", err=True)
    else:
        click.echo(text, nl=False)
