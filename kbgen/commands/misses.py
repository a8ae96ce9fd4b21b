"""`kbgen misses`: bring searches, votes and contact clicks in from access logs, rank them for the writers
(articles to write, articles to fix), push them to Notion."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

import click

from kbgen.commands.options import (
    WholeSentenceGroup,
    config_option,
    content_option,
    database_option,
    db_option,
    site_option,
)
from kbgen.commands.project import project_settings
from kbgen.content.article import AUDIENCES
from kbgen.notion.errors import NotionError
from kbgen.signals.analysis.learn import MIN_VISITORS, PROPOSALS_FILE, learn, write_proposals
from kbgen.signals.analysis.report import ReportWindow, parse_since
from kbgen.signals.analysis.worklists import WorkLists, build_worklists
from kbgen.signals.intake.logimport import FORMATS as LOG_FORMATS
from kbgen.signals.intake.logimport import LogImportError, import_log
from kbgen.signals.intake.store import opened
from kbgen.signals.output.export import ExportError, check_export_tools
from kbgen.signals.output.formats import BINARY_FORMATS, DASHBOARD_FORMATS, FORMATS, render, render_binary
from kbgen.signals.output.html import LISTED_GROUPS
from kbgen.signals.push.fixes import article_ids, push_fixes
from kbgen.signals.push.groups import push_groups

_DB_OPTION = db_option("The SQLite database of collected searches, votes and contact clicks.")


@click.group("misses", cls=WholeSentenceGroup)
def group() -> None:
    """Searches on the help centers that found nothing, and what to write about them."""


@group.command("import")
@click.argument(
    "log_files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
@click.option(
    "--format",
    "log_format",
    type=click.Choice(LOG_FORMATS),
    default="auto",
    show_default=True,
    help="The log format; auto tells nginx/Apache from CloudFront by the first lines.",
)
@_DB_OPTION
def import_command(log_files: tuple[Path, ...], log_format: str, db_path: Path) -> None:
    """Read beacons (searches, votes, contact clicks) out of nginx/Apache combined or CloudFront logs
    (plain or .gz)."""
    failed = []
    with opened(db_path) as conn:
        for log_file in log_files:
            try:
                result = import_log(conn, log_file, log_format)
            except LogImportError as exc:
                click.echo(f"error: {exc}", err=True)
                failed.append(str(log_file))
                continue
            rejected = sum(result.rejected.values())
            click.echo(
                f"{log_file}: {result.imported} searches imported, {result.already_imported} lines already"
                f" imported, {rejected} rejected"
            )
            for reason, count in result.rejected.most_common():
                click.echo(f"  {count} rejected: {reason}", err=True)
    if failed:
        raise click.ClickException(f"Not imported (fix or re-fetch, then import again): {', '.join(failed)}")


_SITE_OPTION = site_option("The built sites to re-check every group against.")
_SINCE_OPTION = click.option(
    "--since", default="30d", show_default=True, help="30d, 12h, 2w or a date (2026-01-31)."
)
_AUDIENCE_OPTION = click.option(
    "--audience", type=click.Choice(AUDIENCES), default=None, help="Only this help center (default: both)."
)


@group.command("report")
@_DB_OPTION
@_SITE_OPTION
@_SINCE_OPTION
@_AUDIENCE_OPTION
@click.option(
    "--format",
    "output_format",
    type=click.Choice(FORMATS),
    default="table",
    show_default=True,
    help="table for a terminal; json, csv, md or html for other tools and people; pdf or png: the html"
    " dashboard printed by Chromium (needs kbgen[export] and --out).",
)
@click.option(
    "--out",
    "out_file",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write the report to this file instead of the terminal.",
)
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
    """The articles to write next (one line per group of searches that mean the same thing) and the
    articles to fix (readers' votes and contacts, the most failed first)."""
    window = _window(since, audience)
    chromium = _export_tools(output_format, out_file)
    dashboard = output_format in DASHBOARD_FORMATS
    with opened(db_path) as conn:
        lists = _worklists(
            conn, site_dir, window, open_limit=LISTED_GROUPS if dashboard else None, with_activity=dashboard
        )
    if not show_answered and not dashboard:
        lists = lists.open_only()
    if chromium is not None and out_file is not None:
        try:
            out_file.write_bytes(render_binary(lists, output_format, chromium))
        except ExportError as exc:
            raise click.ClickException(str(exc)) from exc
    elif out_file:
        out_file.write_text(render(lists, output_format), encoding="utf-8")
    else:
        click.echo(render(lists, output_format), nl=False)
    if out_file:
        click.echo(f"Wrote {len(lists.write)} groups and {len(lists.fix)} articles to {out_file}", err=True)


def _export_tools(output_format: str, out_file: Path | None) -> Path | None:
    """For PDF and PNG, the Chromium to print with, checked before any work; None for text formats."""
    if output_format not in BINARY_FORMATS:
        return None
    if out_file is None:
        raise click.UsageError(f"--format {output_format} writes a file: add --out report.{output_format}")
    try:
        return check_export_tools()
    except ExportError as exc:
        raise click.ClickException(str(exc)) from exc


@group.command("push")
@_DB_OPTION
@_SITE_OPTION
@_SINCE_OPTION
@_AUDIENCE_OPTION
@database_option(
    'The Notion "Article requests" database: its id or link (default: extra.kbgen.notion.requests_database).'
)
@config_option
@content_option
def push_command(
    db_path: Path,
    site_dir: Path,
    since: str,
    audience: str | None,
    database: str | None,
    config_file: Path,
    content_dir: Path,
) -> None:
    """Send the open groups (write, add-words) to Notion as article requests, and the articles that
    failed readers as "Fix: <title>" requests (each linked to the Notion page its article under
    --content came from).

    Needs NOTION_TOKEN in the environment; NOTION_BASE_URL overrides the API address. A re-run updates
    the same requests; a request a CSR closed (Status Done or Closed) is left alone.
    """
    notion_options = project_settings(config_file, database).notion
    database = database or notion_options.requests_database
    window = _window(since, audience)
    with opened(db_path) as conn:
        lists = _worklists(conn, site_dir, window)
        try:
            report = push_groups(conn, lists.write, database, notion_options)
            fix_report = push_fixes(lists.fix, database, notion_options, article_ids(content_dir))
        except NotionError as exc:
            raise click.ClickException(str(exc)) from exc
    for name, pushed in (("Article requests", report), ("Fix requests", fix_report)):
        click.echo(
            f"{name}: {pushed.created} created, {pushed.updated} updated, "
            f"{pushed.skipped_closed} closed by a CSR left alone, {len(pushed.failed)} failed."
        )
    failed = report.failed + fix_report.failed
    if failed:
        raise click.ClickException(f"Not written (run the push again): {', '.join(failed)}")


@group.command("learn")
@_DB_OPTION
@_SITE_OPTION
@_SINCE_OPTION
@_AUDIENCE_OPTION
@config_option
@click.option(
    "--out",
    "out_file",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help=f"Where to write the proposals [default: {PROPOSALS_FILE} beside --config].",
)
@click.option(
    "--min-visitors",
    type=click.IntRange(min=1),
    default=MIN_VISITORS,
    show_default=True,
    help="Distinct visitors a proposal needs.",
)
def learn_command(
    db_path: Path,
    site_dir: Path,
    since: str,
    audience: str | None,
    config_file: Path,
    out_file: Path | None,
    min_visitors: int,
) -> None:
    """Propose vocabulary from the search results visitors open: synonyms for words that keep
    leading them to an article that does not use them, rank_first lines for an article that uses
    the word but is opened below others, pinned lines for a whole search whose words cannot name
    the article it leads to. Accept a proposal by moving its line into synonyms.yml."""
    if not site_dir.is_dir():
        raise click.ClickException(f"{site_dir}/ not found: run kbgen build first, or pass --site DIR")
    window = _window(since, audience)
    with opened(db_path) as conn:
        proposals = learn(conn, window, site_dir, min_visitors=min_visitors)
    out_file = out_file or config_file.parent / PROPOSALS_FILE
    write_proposals(proposals, out_file, window)
    click.echo(f"{len(proposals)} proposals written to {out_file}")
    for proposal in proposals:
        where = f"{proposal.word} -> {proposal.article}"
        click.echo(f"  {proposal.section}: {where} ({proposal.visitors} visitors)")


def _window(since: str, audience: str | None) -> ReportWindow:
    try:
        return ReportWindow(since=parse_since(since), until=int(time.time()), audience=audience)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--since") from exc


def _worklists(
    conn: sqlite3.Connection,
    site_dir: Path,
    window: ReportWindow,
    *,
    open_limit: int | None = None,
    with_activity: bool = False,
) -> WorkLists:
    """Both work lists of `window`, re-checked against the built site when there is one."""
    if not site_dir.is_dir():
        click.echo(f"warning: {site_dir}/ not found; groups are not re-checked against the site", err=True)
    return build_worklists(
        conn,
        window,
        site_dir if site_dir.is_dir() else None,
        open_limit=open_limit,
        with_activity=with_activity,
    )
