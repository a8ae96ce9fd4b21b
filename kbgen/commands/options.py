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
