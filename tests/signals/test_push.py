"""`kbgen misses push` for real: the CLI, the real notion-client over HTTP, a fake Notion API on loopback."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.notion.fake_server import Database, FakeNotion
from tests.notion.notion_json import REQUESTS_SCHEMA, status_value
from tests.signals.notion_requests import push, requests_in, values
from tests.signals.searches import search, store


@pytest.fixture
def misses_db(tmp_path: Path) -> Path:
    db = tmp_path / "misses.db"
    store(
        db,
        [
            search("bike storage", "v1", days_ago=3),
            search("Storage for bikes?", "v2", days_ago=1),
            search("bike storage", "v3"),
            search("amenity hours", "v1", days_ago=2),
            search("amenity hours", "v4"),
            search("pay rent online", "v5", kind="noclick"),  # the site answers it: not a request
        ],
    )
    return db


def test_push_creates_one_request_per_open_group_with_every_property(
    notion_env: FakeNotion, requests_db: Database, misses_db: Path, sample_site: Path, config: Path
) -> None:
    result = push(misses_db, sample_site, config)
    assert result.exit_code == 0, result.output
    assert "2 created, 0 updated" in result.output
    pages = requests_in(notion_env, requests_db)
    assert set(pages) == {"bike storage", "amenity hours"}
    bike = values(pages["bike storage"])
    assert bike["Audience"] == "Residents"  # the option name, as CSRs filter by it
    assert (bike["Searches"], bike["Visitors"]) == (3, 3)
    assert bike["Example queries"].split("\n") == ["bike storage", "Storage for bikes?"]
    assert bike["First seen"] < bike["Last seen"]
    assert bike["Dedupe key"].startswith("kbgen-misses:residents:")
    assert bike["Status"] is None  # the CSRs' workflow sets it


def test_a_rerun_updates_the_same_requests_and_never_duplicates(
    notion_env: FakeNotion, requests_db: Database, misses_db: Path, sample_site: Path, config: Path
) -> None:
    push(misses_db, sample_site, config)
    # The most common phrasing (the label) changes; the group, and so the request, stays the same.
    store(misses_db, [search("Storage for bikes?", visitor) for visitor in ("v9", "v10", "v11")])
    result = push(misses_db, sample_site, config)
    assert "0 created, 2 updated" in result.output
    again = push(misses_db, sample_site, config)
    assert "0 created, 2 updated" in again.output
    pages = requests_in(notion_env, requests_db)
    assert len(notion_env.requests(method="POST", path_contains="/v1/pages")) == 2
    assert set(pages) == {"bike storage", "amenity hours"}
    assert values(pages["bike storage"])["Searches"] == 6
    assert values(pages["bike storage"])["Example queries"].split("\n") == [
        "Storage for bikes?",
        "bike storage",
    ]


def test_a_request_a_csr_closed_is_never_touched_again(
    notion_env: FakeNotion, requests_db: Database, misses_db: Path, sample_site: Path, config: Path
) -> None:
    push(misses_db, sample_site, config)
    closed = requests_in(notion_env, requests_db)["amenity hours"]
    notion_env.edit_page(closed["id"], properties={"Status": status_value("Done")})
    before = notion_env.page(closed["id"])
    store(misses_db, [search("amenity hours", "v11"), search("Amenity hours?", "v12")])
    result = push(misses_db, sample_site, config)
    assert "0 created, 1 updated, 1 closed by a CSR left alone" in result.output
    assert notion_env.page(closed["id"]) == before
    assert len(requests_in(notion_env, requests_db)) == 2


def test_the_database_option_wins_and_a_missing_database_is_explained(
    notion_env: FakeNotion, misses_db: Path, sample_site: Path, tmp_path: Path
) -> None:
    other = notion_env.add_database("Other requests", REQUESTS_SCHEMA)
    no_config = tmp_path / "missing.yml"
    result = push(misses_db, sample_site, no_config, "--database", other.database_id)
    assert "2 created" in result.output
    bare = tmp_path / "bare.yml"
    bare.write_text("site_name: Test\n", encoding="utf-8")
    refused = push(misses_db, sample_site, bare)
    assert refused.exit_code != 0
    assert "requests_database" in refused.output


def test_a_group_keeps_its_request_when_another_phrasing_becomes_the_most_searched(
    notion_env: FakeNotion, requests_db: Database, tmp_path: Path, sample_site: Path, config: Path
) -> None:
    db = tmp_path / "grill.db"
    store(db, [search("roof top grill", "v1"), search("roof top grill", "v2")])
    push(db, sample_site, config)
    store(db, [search("rooftop grill", visitor) for visitor in ("v3", "v4", "v5")])  # the key changes
    result = push(db, sample_site, config)
    assert "0 created, 1 updated" in result.output
    (request,) = requests_in(notion_env, requests_db).values()
    assert values(request)["Searches"] == 5
