"""Fixtures: a started fake Notion server, the environment pointing at it, and fast client settings."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from kbgen.notion.pull import PullReport, pull_into
from kbgen.settings import Contact, Settings, notion_settings
from tests.conftest import ROOT
from tests.notion.fake_server import Database, FakeNotion

FAST_CLIENT = {
    "requests_per_second": 500,
    "retry_backoff_seconds": 0.01,
    "max_retry_wait_seconds": 1,
    "timeout_seconds": 2,
    "max_retries": 4,
}


def settings_with(**notion: Any) -> Settings:
    """Project settings whose `extra.kbgen.notion` block is FAST_CLIENT plus `notion`."""
    return Settings(Path("mkdocs.yml"), "Harborview", "https://help.example/", {}, Contact(),
                    notion=notion_settings({**FAST_CLIENT, **notion}))  # fmt: skip


@pytest.fixture
def fake() -> Iterator[FakeNotion]:
    with FakeNotion() as server:
        yield server


@pytest.fixture
def notion_env(fake: FakeNotion, monkeypatch: pytest.MonkeyPatch) -> FakeNotion:
    """NOTION_TOKEN and NOTION_BASE_URL aimed at the fake server, as an editor's shell would set them."""
    monkeypatch.setenv("NOTION_TOKEN", fake.token)
    monkeypatch.setenv("NOTION_BASE_URL", fake.url)
    return fake


@pytest.fixture
def help_db(notion_env: FakeNotion) -> Database:
    return notion_env.add_database()


@pytest.fixture
def pull(tmp_path: Path, help_db: Database):
    """Run a pull of the help database into tmp_path/content; keyword arguments go to pull_into."""

    def run(*, full: bool = False, database: str | None = None, **notion: Any) -> PullReport:
        return pull_into(tmp_path / "content", database=database or help_db.database_id, full=full,
                         settings=settings_with(**notion))  # fmt: skip

    return run


@pytest.fixture
def project(tmp_path: Path, help_db: Database) -> Path:
    """A project folder whose mkdocs.yml is the bundled one, pointed at the fake server's help database."""
    base = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    base = base.replace("custom_dir: overrides", f"custom_dir: {ROOT / 'overrides'}")
    base = base.replace('      database: ""', f"      database: {help_db.database_id}", 1)
    block = "\n".join(f"      {key}: {value}" for key, value in FAST_CLIENT.items())
    base = base.replace("    notion:\n", f"    notion:\n{block}\n", 1)
    (tmp_path / "mkdocs.yml").write_text(base, encoding="utf-8")
    return tmp_path
