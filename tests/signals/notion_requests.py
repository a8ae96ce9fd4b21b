"""Reading the fake Notion's "Article requests" database back, and running `kbgen misses push`."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner, Result
from notion_client import Client

from kbgen.cli import main
from kbgen.notion.client import NOTION_VERSION
from tests.notion.fake_server import Database, FakeNotion


def push(db: Path, site: Path, config: Path, *extra: str) -> Result:
    args = ["misses", "push", "--db", str(db), "--site", str(site), "--config", str(config), *extra]
    return CliRunner().invoke(main, args, catch_exceptions=False)


def requests_in(notion: FakeNotion, database: Database) -> dict[str, dict]:
    """The pages of the requests database by title, read the way a CSR's tools would."""
    client = Client(auth=notion.token, base_url=notion.url, notion_version=NOTION_VERSION)
    try:
        pages = client.data_sources.query(data_source_id=database.data_source_id)["results"]
    finally:
        client.close()
    return {_plain(page["properties"]["Request"]): page for page in pages}


def values(page: dict) -> dict[str, object]:
    return {name: _plain(value) for name, value in page["properties"].items()}


def _plain(value: dict) -> object:
    inner = value[value["type"]]
    if value["type"] in ("title", "rich_text"):
        return "".join(run["plain_text"] for run in inner)
    if value["type"] in ("select", "status"):
        return inner["name"] if inner else None
    if value["type"] == "date":
        return inner["start"] if inner else None
    return inner
