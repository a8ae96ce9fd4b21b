"""The pull fixture and fast client settings for the Notion tests (the fake server's fixtures, shared by
every folder, are in tests/notion/fixtures.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from kbgen.notion.pull import PullReport, pull_into
from kbgen.settings import Contact, Settings, notion_settings
from tests.notion.fake_server import Database
from tests.notion.fixtures import FAST_CLIENT


def settings_with(**notion: Any) -> Settings:
    """Project settings whose `extra.kbgen.notion` block is FAST_CLIENT plus `notion`."""
    return Settings(Path("mkdocs.yml"), "Harborview", "https://help.example/", {}, Contact(),
                    notion=notion_settings({**FAST_CLIENT, **notion}))  # fmt: skip


@pytest.fixture
def pull(tmp_path: Path, help_db: Database):
    """Run a pull of the help database into tmp_path/content; keyword arguments go to pull_into."""

    def run(*, full: bool = False, database: str | None = None, **notion: Any) -> PullReport:
        return pull_into(tmp_path / "content", database=database or help_db.database_id, full=full,
                         settings=settings_with(**notion))  # fmt: skip

    return run
