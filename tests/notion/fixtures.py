"""The fake Notion fixtures every test folder may use (registered in tests/conftest.py): the started
server, the environment pointing at it, its help and "Article requests" databases, and a project
whose mkdocs.yml names them."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.notion.fake_server import Database, FakeNotion
from tests.notion.notion_json import REQUESTS_SCHEMA

FAST_CLIENT = {
    "requests_per_second": 500,
    "retry_backoff_seconds": 0.01,
    "max_retry_wait_seconds": 1,
    "timeout_seconds": 2,
    "max_retries": 4,
}


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
def requests_schema() -> dict[str, str]:
    """The requests database's properties; a test module overrides this to add or drop one."""
    return REQUESTS_SCHEMA


@pytest.fixture
def requests_db(notion_env: FakeNotion, requests_schema: dict[str, str]) -> Database:
    return notion_env.add_database("Article requests", requests_schema)


@pytest.fixture
def project(tmp_path: Path, help_db: Database) -> Path:
    """A project folder whose mkdocs.yml is the bundled one, pointed at the fake server's help database."""
    base = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    base = base.replace("custom_dir: overrides", f"custom_dir: {ROOT / 'overrides'}")
    base = base.replace('      database: ""', f"      database: {help_db.database_id}", 1)
    for key, value in FAST_CLIENT.items():  # in place: a key written twice is an error (and was ignored)
        written = re.search(rf"^      {key}: .*$", base, flags=re.M)
        line = f"      {key}: {value}"
        if written:
            base = base.replace(written[0], line, 1)
        else:
            base = base.replace("    notion:\n", f"    notion:\n{line}\n", 1)
    (tmp_path / "mkdocs.yml").write_text(base, encoding="utf-8")
    return tmp_path
