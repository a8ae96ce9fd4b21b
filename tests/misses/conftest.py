"""Fixtures shared by the misses tests: a fresh database beside a module's collector, and the fake
Notion with its "Article requests" database and a project config naming it."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.notion.fake_server import Database, FakeNotion
from tests.notion.notion_json import REQUESTS_SCHEMA


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database path no one has written yet, shared by a module's tests (and its collector)."""
    return tmp_path_factory.mktemp("misses") / "misses.db"


@pytest.fixture
def notion(monkeypatch: pytest.MonkeyPatch):
    with FakeNotion() as fake:
        monkeypatch.setenv("NOTION_TOKEN", fake.token)
        monkeypatch.setenv("NOTION_BASE_URL", fake.url)
        yield fake


@pytest.fixture
def requests_schema() -> dict[str, str]:
    """The requests database's properties; a test module overrides this to add or drop one."""
    return REQUESTS_SCHEMA


@pytest.fixture
def requests_db(notion: FakeNotion, requests_schema: dict[str, str]) -> Database:
    return notion.add_database("Article requests", requests_schema)


@pytest.fixture
def config(tmp_path: Path, requests_db: Database) -> Path:
    """A project config naming the requests database, with a client fast enough for tests."""
    path = tmp_path / "mkdocs.yml"
    path.write_text(
        "site_name: Test\nextra:\n  kbgen:\n    notion:\n"
        f"      requests_database: {requests_db.database_id}\n"
        "      requests_per_second: 500\n      retry_backoff_seconds: 0.01\n",
        encoding="utf-8",
    )
    return path
