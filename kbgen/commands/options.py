"""Options several verbs share, defined once so they read and default the same everywhere."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from kbgen.signals.intake.store import DEFAULT_DB

F = TypeVar("F", bound=Callable[..., Any])

content_option = click.option(
    "--content",
    "content_dir",
    default="content",
    show_default=True,
    type=click.Path(path_type=Path),
    help="The content folder, with owners/ and residents/ inside.",
)
config_option = click.option(
    "--config",
    "config_file",
    default="mkdocs.yml",
    show_default=True,
    type=click.Path(path_type=Path),
    help="The shared mkdocs.yml, with kbgen's settings under extra.kbgen.",
)


def site_option(help: str, default: str | None = "site") -> Callable[[F], F]:
    """`--site DIR`: the built help centers; each verb says what it does with them."""
    return click.option(
        "--site",
        "site_dir",
        default=default,
        show_default=default is not None,
        type=click.Path(path_type=Path),
        help=help,
    )


def db_option(help: str) -> Callable[[F], F]:
    """`--db FILE`: the SQLite database the collector and imports fill and the reports read."""
    return click.option(
        "--db",
        "db_path",
        default=str(DEFAULT_DB),
        show_default=True,
        type=click.Path(path_type=Path),
        help=help,
    )


def database_option(
    help: str = "The Notion database (default: extra.kbgen.notion.database).",
) -> Callable[[F], F]:
    """`--database`: the Notion database, an id or any link to it."""
    return click.option("--database", default=None, help=help)


TARGET_HELP = (
    "Where readers get the site: a folder (kbgen flips a symlink there atomically), 'gh-pages' "
    "(push with ghp-import), or 'cmd:COMMAND' with {site} for the built site, e.g. "
    "'cmd:aws s3 sync {site} s3://bucket --delete'."
)
target_option = click.option("--to", "target", required=True, help=TARGET_HELP)


class WholeSentenceGroup(click.Group):
    """Lists each command with the whole first sentence of its help: click's default cuts it at
    about 45 characters with "...", mid-sentence."""

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [
            (name, command.get_short_help_str(limit=1000))
            for name in self.list_commands(ctx)
            if (command := self.get_command(ctx, name)) is not None and not command.hidden
        ]
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)
