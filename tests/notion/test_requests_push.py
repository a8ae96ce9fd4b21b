"""Pushing article requests: created once, updated on re-runs, closed ones left alone."""

from __future__ import annotations

import datetime as dt

import pytest

from kbgen.notion.client import RetryPolicy, make_api
from kbgen.notion.errors import NotionError
from kbgen.notion.requests import ArticleRequest, push_article_requests
from kbgen.settings import notion_settings
from tests.notion import notion_json as nj


def request(key: str, searches: int = 5, **changes) -> dict:
    return {"label": f"Pet policy ({key})", "audience": "Residents", "searches": searches, "visitors": 3,
            "example queries": ["can i have a dog", "pet deposit"], "first seen": "2026-03-01",
            "last seen": dt.date(2026, 3, 9), "dedupe key": key, **changes}  # fmt: skip


@pytest.fixture
def api(fake):
    client = make_api(fake.token, base_url=fake.url, requests_per_second=500,
                      retry=RetryPolicy(backoff_seconds=0.01, max_retries=3))  # fmt: skip
    yield client
    client.close()


def rows(fake, db) -> dict[str, dict]:
    found = {}
    for page in fake._state.pages.values():
        if page["parent"]["data_source_id"] == db.data_source_id:
            props = page["properties"]
            found[props["Dedupe key"]["rich_text"][0]["plain_text"]] = props
    return found


def test_requests_are_created_with_every_property(api, fake, requests_db):
    report = push_article_requests(api, requests_db.database_id, [request("pets"), request("parking")])
    assert (report.created, report.updated) == (2, 0)
    pets = rows(fake, requests_db)["pets"]
    assert pets["Request"]["title"][0]["plain_text"] == "Pet policy (pets)"
    assert pets["Audience"]["select"]["name"] == "Residents" and pets["Searches"]["number"] == 5
    assert pets["Example queries"]["rich_text"][0]["plain_text"] == "can i have a dog\npet deposit"
    assert (
        pets["First seen"]["date"]["start"] == "2026-03-01"
        and pets["Last seen"]["date"]["start"] == "2026-03-09"
    )
    assert fake.requests(method="POST", path_contains="/query")  # looked up by dedupe key first


def test_a_rerun_updates_instead_of_duplicating(api, fake, requests_db):
    push_article_requests(api, requests_db.database_id, [request("pets")])
    page_id = next(iter(fake._state.pages))
    fake.edit_page(page_id, properties={"Request": nj.title_value("Pets: renamed by a CSR")})

    report = push_article_requests(
        api, requests_db.database_id, [request("pets", searches=9, last_seen="2026-03-20")]
    )

    assert (report.created, report.updated) == (0, 1)
    pets = rows(fake, requests_db)["pets"]
    assert len(rows(fake, requests_db)) == 1 and pets["Searches"]["number"] == 9
    assert (
        pets["Last seen"]["date"]["start"] == "2026-03-20"
        and pets["First seen"]["date"]["start"] == "2026-03-01"
    )
    assert pets["Request"]["title"][0]["plain_text"] == "Pets: renamed by a CSR"


@pytest.mark.parametrize("closed", ["Done", "Closed"])
def test_a_request_a_csr_closed_is_never_touched(api, fake, requests_db, closed):
    push_article_requests(api, requests_db.database_id, [request("pets")])
    page_id = next(iter(fake._state.pages))
    fake.edit_page(page_id, properties={"Status": nj.status_value(closed)})
    fake.log.clear()

    report = push_article_requests(api, requests_db.database_id, [request("pets", searches=50)])

    assert report.skipped_closed == 1 and rows(fake, requests_db)["pets"]["Searches"]["number"] == 5
    assert not fake.requests(method="PATCH") and not fake.requests(path_contains="/v1/pages")


def test_a_create_that_failed_on_the_server_is_not_retried_blindly(api, fake, requests_db):
    fake.fail(502, None, method="POST", path_contains="/v1/pages")
    report = push_article_requests(api, requests_db.database_id, [request("pets")])
    assert report.failed == ["pets"] and len(fake.requests(method="POST", path_contains="/v1/pages")) == 1
    again = push_article_requests(api, requests_db.database_id, [request("pets")])
    assert again.created == 1 and len(rows(fake, requests_db)) == 1


def test_rate_limits_on_writes_are_waited_out(api, fake, requests_db):
    fake.fail(429, "rate_limited", times=2, retry_after="0", method="POST", path_contains="/v1/pages")
    report = push_article_requests(
        api, requests_db.database_id, [ArticleRequest.from_mapping(request("pets"))]
    )
    assert report.created == 1 and len(rows(fake, requests_db)) == 1


def test_a_missing_or_mistyped_property_is_explained(api, fake):
    db = fake.add_database("Article requests", {**nj.REQUESTS_SCHEMA, "Searches": "rich_text"})
    with pytest.raises(NotionError, match=r"'Searches'.*needs a number property"):
        push_article_requests(api, db.database_id, [request("pets")])
    with pytest.raises(NotionError, match="no property 'Hits'"):
        push_article_requests(api, db.database_id, [request("pets")], properties={"searches": "Hits"})


def test_audience_is_written_as_the_databases_own_option_name(api, fake):
    db = fake.add_database(
        "Article requests", nj.REQUESTS_SCHEMA, options={"Audience": ["Owners", "Residents"]}
    )
    push_article_requests(api, db.database_id, [request("pets", audience="residents")])
    assert rows(fake, db)["pets"]["Audience"]["select"]["name"] == "Residents"


def test_requests_the_site_now_answers_are_marked_answered_but_closed_ones_and_new_ones_are_left(
    api, fake, requests_db
):
    push_article_requests(api, requests_db.database_id, [request("pets"), request("parking"), request("gym")])
    closed = rows(fake, requests_db)["parking"]
    page_ids = {key: page["id"] for key, page in _pages(fake, requests_db).items()}
    fake.edit_page(page_ids["parking"], properties={"Status": nj.status_value("Done")})
    before = fake.page(page_ids["parking"])
    answered = [request(key, answered=True) for key in ("pets", "parking", "pool")]

    report = push_article_requests(api, requests_db.database_id, answered, answered_status="Answered")

    assert report.answered == 1 and report.created == 0
    now = rows(fake, requests_db)
    assert now["pets"]["Status"]["status"]["name"] == "Answered"
    assert fake.page(page_ids["parking"]) == before and closed["Searches"] == now["parking"]["Searches"]
    assert now["gym"]["Status"]["status"] is None and "pool" not in now
    again = push_article_requests(api, requests_db.database_id, answered[:1], answered_status="Answered")
    assert again.answered == 0  # already answered: not written again


def test_fix_requests_use_their_own_properties_and_renamed_properties_are_followed(api, fake):
    schema = {**nj.REQUESTS_SCHEMA, "No votes": "number", "Why": "rich_text"}
    schema["Times searched"] = schema.pop("Searches")
    db = fake.add_database("Article requests", schema)
    names = {"searches": "Times searched", "reasons": "Why"}
    fix = request(
        "kbgen-fix:residents:rent", searches=0, no_votes=4, reasons=("out of date (3)", "confusing (1)")
    )
    push_article_requests(
        api,
        db.database_id,
        [fix, request("pets")],
        properties=notion_settings({"requests_properties": names}).request_property_names,
    )

    found = rows(fake, db)
    assert found["kbgen-fix:residents:rent"]["No votes"]["number"] == 4
    assert (
        found["kbgen-fix:residents:rent"]["Why"]["rich_text"][0]["plain_text"]
        == "out of date (3)\nconfusing (1)"
    )
    assert found["kbgen-fix:residents:rent"]["Times searched"]["number"] is None
    assert found["pets"]["Times searched"]["number"] == 5 and found["pets"]["No votes"]["number"] is None


def _pages(fake, db) -> dict[str, dict]:
    return {
        page["properties"]["Dedupe key"]["rich_text"][0]["plain_text"]: page
        for page in fake._state.pages.values()
        if page["parent"]["data_source_id"] == db.data_source_id
    }
