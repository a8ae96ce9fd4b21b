"""`kbgen notion init` and `kbgen notion check` as an editor runs them, against the fake server over HTTP."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from kbgen.cli import main
from kbgen.notion.errors import NotionError
from kbgen.notion.pull import pull_into
from kbgen.notion.setup import EXAMPLE_TITLES
from tests.notion import notion_json as nj
from tests.notion.conftest import settings_with
from tests.notion.fake_server import FakeNotion
from tests.notion.fixtures import FAST_CLIENT


def write_config(folder: Path, **notion: str) -> Path:
    config = folder / "mkdocs.yml"
    block = {**FAST_CLIENT, **notion}
    config.write_text(yaml.safe_dump({"site_name": "Help", "extra": {"kbgen": {"notion": block}}}))
    return config


def run(folder: Path, *args: str):
    return CliRunner().invoke(main, [*args, "--config", str(folder / "mkdocs.yml")])


def test_init_creates_both_databases_with_every_property_and_the_examples_then_adds_nothing_again(
    notion_env: FakeNotion, tmp_path
):
    fake = notion_env
    parent = fake.add_plain_page("Help center")
    write_config(tmp_path)

    first = run(tmp_path, "notion", "init", "--parent", fake.page(parent)["url"], "--write-config")

    assert first.exit_code == 0, first.output
    databases = fake.databases_under(parent)
    assert len(databases) == 2
    assert "Help articles: created" in first.output and "Article requests: created" in first.output
    notion = yaml.safe_load((tmp_path / "mkdocs.yml").read_text())["extra"]["kbgen"]["notion"]
    assert {notion["database"], notion["requests_database"]} == set(databases)
    source_id = fake._state.databases[notion["database"]]["data_sources"][0]["id"]
    schema = fake.data_source(source_id)["properties"]
    # The schema a hand-made database has, but Status a select: the API cannot set a status's options.
    types = {name: prop["type"] for name, prop in schema.items()}
    assert types == {**nj.HELP_ARTICLE_SCHEMA, "Status": "select"}
    assert [o["name"] for o in schema["Status"]["select"]["options"]] == [
        "Draft",
        "In review",
        "Published",
        "Archived",
    ]
    assert schema["Redirect to"]["relation"]["data_source_id"] == source_id
    titles = sorted(r.title for r in _rows(fake, source_id))
    assert titles == sorted(EXAMPLE_TITLES.values())
    assert run(tmp_path, "notion", "check").exit_code == 0

    fake.log.clear()
    again = run(tmp_path, "notion", "init", "--parent", parent)

    assert again.exit_code == 0, again.output
    assert "Help articles: found." in again.output and "Article requests: found." in again.output
    assert fake.requests(method="POST", path_contains="/v1/databases") == []
    assert fake.requests(method="POST", path_contains="/v1/pages") == []
    assert fake.requests(method="PATCH") == []
    assert len(fake.databases_under(parent)) == 2


def test_init_completes_a_database_missing_a_property_and_an_option_without_deleting(notion_env, tmp_path):
    fake = notion_env
    parent = fake.add_plain_page()
    write_config(tmp_path)
    assert run(tmp_path, "notion", "init", "--parent", parent, "--write-config").exit_code == 0
    notion = yaml.safe_load((tmp_path / "mkdocs.yml").read_text())["extra"]["kbgen"]["notion"]
    source = fake.data_source(fake._state.databases[notion["database"]]["data_sources"][0]["id"])
    del source["properties"]["Publish date"]
    source["properties"]["Status"]["select"]["options"] = [
        {"id": "x", "name": "Published", "color": "green"},
        {"id": "y", "name": "Needs photos", "color": "gray"},
    ]

    result = run(tmp_path, "notion", "init", "--parent", parent)

    assert result.exit_code == 0, result.output
    assert "added Status: Draft, Status: In review, Status: Archived, Publish date." in result.output
    names = [o["name"] for o in source["properties"]["Status"]["select"]["options"]]
    assert names == ["Published", "Needs photos", "Draft", "In review", "Archived"]
    assert source["properties"]["Publish date"]["type"] == "date"


def test_init_on_a_page_not_shared_with_the_integration_says_how_to_share_it(notion_env, tmp_path):
    write_config(tmp_path)
    result = run(tmp_path, "notion", "init", "--parent", "b" * 32)
    assert result.exit_code == 1
    assert "Connections" in result.output and "Traceback" not in result.output


def _rows(fake: FakeNotion, source_id: str):
    from kbgen.notion.names import DEFAULT_NAMES, DEFAULT_STATUSES
    from kbgen.notion.properties import read_row

    pages = [p for p in fake._state.pages.values() if p["parent"].get("data_source_id") == source_id]
    return [read_row(page, DEFAULT_NAMES, DEFAULT_STATUSES)[0] for page in pages]


NOTION_DEFAULT_STATUS = {
    "Status": ["Not started", "In progress", "Done"],
    "Audience": ["Owners", "Residents"],
}


def test_check_and_pull_say_that_notions_default_status_options_publish_nothing(notion_env, tmp_path):
    db = notion_env.add_database(schema=nj.HELP_ARTICLE_SCHEMA, options=NOTION_DEFAULT_STATUS)
    notion_env.add_page(db.data_source_id, nj.article_properties("Pay rent", status="Done"))
    write_config(tmp_path, database=db.database_id)

    result = run(tmp_path, "notion", "check")

    assert result.exit_code == 1
    expected = (
        "the property 'Status' has no option 'Published' (its options: 'Not started', 'In progress', 'Done')"
    )
    assert expected in result.output and "extra.kbgen.notion.statuses.published" in result.output
    with pytest.raises(
        NotionError, match=r"has no option 'Published' \(its options: 'Not started'"
    ) as pulled:
        pull_into(tmp_path / "content", database=db.database_id, full=False, settings=settings_with())
    assert "kbgen notion check" in str(pulled.value)
    assert not (tmp_path / "content").exists() or not list((tmp_path / "content").rglob("*.md"))
    done = settings_with(statuses={"published": "Done"})
    report = pull_into(tmp_path / "content", database=db.database_id, full=False, settings=done)
    assert report.published["residents"] == 1


def test_check_names_the_closest_property_for_a_missing_one_and_a_wrongly_typed_one(notion_env, tmp_path):
    schema = {**nj.HELP_ARTICLE_SCHEMA, "Tags": "rich_text"}
    schema["audience"] = schema.pop("Audience")
    db = notion_env.add_database(
        schema=schema, options={"Status": ["Draft", "In review", "Published", "Archived"]}
    )
    write_config(tmp_path, database=db.database_id)

    result = run(tmp_path, "notion", "check")

    assert result.exit_code == 1
    assert "no property 'Audience' (multi-select or select)" in result.output
    assert "The closest property is 'audience': rename it to 'Audience'" in result.output
    assert (
        "the property 'Tags' is a text property, but kbgen reads the tags from a multi-select"
        in result.output
    )


def test_check_accepts_both_everyone_and_tenants_and_warns_about_other_audiences_and_rows_without_category(
    notion_env, tmp_path
):
    options = {
        "Status": ["Draft", "In review", "Published", "Archived"],
        "Audience": ["Owners", "Residents", "Both", "Everyone", "Tenants", "Staff"],
    }
    db = notion_env.add_database(schema=nj.HELP_ARTICLE_SCHEMA, options=options)
    notion_env.add_page(db.data_source_id, nj.article_properties("Gate codes", audience=("Staff",)))
    notion_env.add_page(
        db.data_source_id, nj.article_properties("Parking", audience=("Tenants",), category="")
    )
    write_config(tmp_path, database=db.database_id)

    result = run(tmp_path, "notion", "check")

    assert result.exit_code == 0, result.output
    assert "option 'Staff' is not Owners, Residents, Both or Everyone" in result.output
    for known in ("'Both'", "'Everyone'", "'Tenants'"):
        assert f"option {known}" not in result.output
    assert "'Gate codes' (https://www.notion.so/Gate-codes-" in result.output
    assert "audience 'Staff' is neither Owners nor Residents" in result.output
    assert "'Parking' (" in result.output and "no Category: listed under 'General'" in result.output


def test_check_finds_a_requests_database_missing_a_property(notion_env, tmp_path):
    articles = notion_env.add_database()
    schema = {k: v for k, v in nj.REQUESTS_SCHEMA.items() if k != "Dedupe key"}
    requests = notion_env.add_database("Article requests", schema=schema)
    write_config(tmp_path, database=articles.database_id, requests_database=requests.database_id)

    result = run(tmp_path, "notion", "check")

    assert result.exit_code == 1
    assert "[Article requests] no property 'Dedupe key' (text)" in result.output


def test_init_on_a_database_with_notions_status_property_says_which_options_to_add_by_hand(
    notion_env, tmp_path
):
    fake = notion_env
    parent = fake.add_plain_page()
    write_config(tmp_path)
    assert run(tmp_path, "notion", "init", "--parent", parent, "--write-config").exit_code == 0
    notion = yaml.safe_load((tmp_path / "mkdocs.yml").read_text())["extra"]["kbgen"]["notion"]
    source = fake.data_source(fake._state.databases[notion["database"]]["data_sources"][0]["id"])
    options = [{"id": n, "name": n, "color": "default"} for n in ("Not started", "In progress", "Done")]
    source["properties"]["Status"] = {
        "id": "s",
        "name": "Status",
        "type": "status",
        "status": {"options": options},
    }

    result = run(tmp_path, "notion", "init", "--parent", parent)

    assert result.exit_code == 0, result.output
    expected = "whose options Notion's API cannot change: add Draft, In review, Published, Archived to it"
    assert "note: 'Status' is a status property, " + expected in result.output
    assert source["properties"]["Status"]["type"] == "status"  # never retyped
