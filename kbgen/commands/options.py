"""Options several verbs share, defined once so they read and default the same everywhere."""

from __future__ import annotations

from pathlib import Path

import click

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
