"""Fixtures shared by the misses tests: a fresh database beside a module's collector, and a project
config naming the fake Notion's "Article requests" database (tests/notion/fixtures.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.notion.fake_server import Database


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database path no one has written yet, shared by a module's tests (and its collector)."""
    return tmp_path_factory.mktemp("misses") / "misses.db"


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
