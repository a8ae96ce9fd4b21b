"""`kbgen misses push` sends "Fix: <title>" requests too: real notion-client over HTTP, the fake Notion
on loopback, linked to the Notion page an article was pulled from, idempotent on re-runs."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from kbgen.signals.intake.events import Escalation, Feedback
from kbgen.signals.intake.store import Reaction, connect, insert_records
from tests.notion.fake_server import Database, FakeNotion
from tests.notion.notion_json import REQUESTS_SCHEMA, status_value
from tests.signals.notion_requests import push, requests_in, values

PAGE_ID = "1f2e3d4c-5b6a-4798-8a7b-6c5d4e3f2a1b"
RENT, ROOF = "How do I pay rent online?", "How do you handle capital improvements like a new roof or HVAC?"


@pytest.fixture
def requests_schema() -> dict[str, str]:
    """Fix requests link their article when the database has an `Article` URL property."""
    return {**REQUESTS_SCHEMA, "Article": "url"}


@pytest.fixture
def content(tmp_path: Path) -> Path:
    """A pulled resident article (its front-matter id is its Notion page id) and a hand-written one."""
    for audience, slug, title, article_id in (
        ("residents", "pay-rent-online", RENT, PAGE_ID),
        ("owners", "capital-improvements", ROOF, "owners-capex"),
    ):
        folder = tmp_path / "content" / audience
        folder.mkdir(parents=True)
        (folder / f"{slug}.md").write_text(
            f'---\ntitle: "{title}"\ncategory: Help\nid: {article_id}\n---\nBody.\n', encoding="utf-8"
        )
    return tmp_path / "content"


def vote_no(db: Path, audience: str, slug: str, reader: str, *, contact: bool = False) -> None:
    page, at = f"/{audience}/{slug}/", int(time.time()) - 3600
    records = [Reaction(Feedback(audience, page, "no", ("outdated",), "", reader), at, reader)]
    if contact:
        records.append(Reaction(Escalation(audience, page, "phone", "no", tab=reader), at + 5, reader))
    conn = connect(db)
    try:
        with conn:
            insert_records(conn, records)
    finally:
        conn.close()


def test_fix_requests_are_created_once_linked_to_notion_and_updated_on_reruns(
    notion_env: FakeNotion,
    requests_db: Database,
    sample_site: Path,
    config: Path,
    content: Path,
    tmp_path: Path,
) -> None:
    db = tmp_path / "misses.db"
    vote_no(db, "residents", "pay-rent-online", "r1", contact=True)
    vote_no(db, "owners", "capital-improvements", "o1")
    first = push(db, sample_site, config, "--content", str(content))
    assert first.exit_code == 0, first.output
    assert "Fix requests: 2 created, 0 updated" in first.output
    pages = requests_in(notion_env, requests_db)
    rent = values(pages[f"Fix: {RENT}"])
    assert rent["Article"] == "https://www.notion.so/" + PAGE_ID.replace("-", "")
    assert rent["Dedupe key"] == f"kbgen-fix:residents:{PAGE_ID}"
    assert (rent["Audience"], rent["Searches"], rent["Visitors"]) == ("Residents", 1, 1)
    assert rent["Example queries"].startswith("1 of 1 readers said No; out of date (1); 1 contacted")
    roof = values(pages[f"Fix: {ROOF}"])
    assert (roof["Article"], roof["Dedupe key"]) == (None, "kbgen-fix:owners:owners-capex")

    vote_no(db, "residents", "pay-rent-online", "r2")
    again = push(db, sample_site, config, "--content", str(content))
    assert "Fix requests: 0 created, 2 updated" in again.output
    assert len(notion_env.requests(method="POST", path_contains="/v1/pages")) == 2
    pages = requests_in(notion_env, requests_db)
    assert len(pages) == 2
    assert (values(pages[f"Fix: {RENT}"])["Searches"], values(pages[f"Fix: {RENT}"])["Visitors"]) == (2, 2)

    notion_env.edit_page(pages[f"Fix: {ROOF}"]["id"], properties={"Status": status_value("Done")})
    closed = notion_env.page(pages[f"Fix: {ROOF}"]["id"])
    vote_no(db, "owners", "capital-improvements", "o2")
    third = push(db, sample_site, config, "--content", str(content))
    assert "Fix requests: 0 created, 1 updated, 1 closed by a CSR left alone" in third.output
    assert notion_env.page(pages[f"Fix: {ROOF}"]["id"]) == closed
