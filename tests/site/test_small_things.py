"""Small things seen in issue 12: no stray "·" from video captions in search snippets, no
`allowfullscreen` beside `allow` on players (Chromium warns), and CLI help that is whole sentences."""

from __future__ import annotations

import json
import re
from pathlib import Path

import click
from click.testing import CliRunner

from kbgen.cli import main


def test_search_snippets_hold_no_caption_separator(sample_site: Path) -> None:
    for audience in ("residents", "owners"):
        index = json.loads((sample_site / audience / "search" / "search_index.json").read_text("utf-8"))
        assert not [doc["location"] for doc in index["docs"] if "·" in doc["text"]]


def test_video_players_use_allow_only(sample_site: Path) -> None:
    players = re.findall(
        r"<iframe[^>]*>", (sample_site / "residents/heating-and-cooling/index.html").read_text()
    )
    assert players and all('allow="' in p and "allowfullscreen" not in p for p in players)


def test_help_lists_commands_with_whole_sentences_and_every_option_is_explained() -> None:
    runner = CliRunner()
    commands = runner.invoke(main, ["--help"]).output.split("Commands:", 1)[1]
    assert "..." not in commands and "…" not in commands
    def leaves(group: click.Group, path: str):
        for name, command in group.commands.items():
            if isinstance(command, click.Group):
                yield from leaves(command, f"{path} {name}")
            else:
                yield f"{path} {name}", command

    for path, command in leaves(main, "kbgen"):
        bare = [p.opts[0] for p in command.params if isinstance(p, click.Option) and not p.help]
        assert not bare, (path, bare)
