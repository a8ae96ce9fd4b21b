"""The `kbgen` command: a thin layer that parses options and calls the parts.

Each verb lives in its own module under `kbgen/commands/`.
"""

from __future__ import annotations

import click

from kbgen import __version__
from kbgen.commands import (
    build,
    check,
    collect,
    desk_scores,
    find,
    init,
    links,
    misses,
    notion,
    preview,
    publish,
    pull,
    serve,
    watch,
)
from kbgen.commands.options import WholeSentenceGroup


@click.group(cls=WholeSentenceGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="kbgen")
def main() -> None:
    """Build the owner and resident help centers from FAQ articles, and close the loop on searches
    that find nothing."""


for command in (build.command, serve.command, collect.command, misses.group, pull.command):
    main.add_command(command)
main.add_command(check.command)
main.add_command(links.command)
main.add_command(find.command)
main.add_command(notion.group)
main.add_command(publish.command)
main.add_command(preview.command)
main.add_command(watch.command)
main.add_command(init.group)
main.add_command(desk_scores.command)


if __name__ == "__main__":
    main()
