"""Votes and contact clicks at the collector's doors (POST, image GET, access logs): what is accepted,
what is refused with a short reason, and what personal data never reaches the database."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import quote, urlencode

import httpx
import pytest

from kbgen.signals.intake.logimport import import_log
from kbgen.signals.intake.store import connect
from tests.signals.collector_process import Collector, running_collector, table_rows
from tests.signals.test_logimport import MORNING, PIXEL, combined_line, write_log

ARTICLE = "/residents/pay-rent-online/"


def vote(kind: str = "no", **extra: str) -> dict[str, str]:
    return {"a": "residents", "k": kind, "p": ARTICLE, "t": "tab-7", **extra}


def contact(**extra: str) -> dict[str, str]:
    return {"a": "residents", "k": "contact", "p": ARTICLE, "t": "tab-7", "v": "phone", "f": "no", **extra}


@pytest.fixture(scope="module")
def collector(db: Path):
    with running_collector(db, "--per-minute", "6000", "--burst", "1000") as running:
        yield running


def test_a_no_with_reasons_and_a_comment_is_committed_before_the_204(collector: Collector, db: Path) -> None:
    body = vote(r="unclear,outdated,unclear", c="  Step 3\nis   missing ")
    assert httpx.post(f"{collector.url}miss", json=body).status_code == 204
    row = table_rows(db, "feedback")[-1]
    assert (row["audience"], row["page"], row["vote"], row["tab"]) == ("residents", ARTICLE, "no", "tab-7")
    assert (row["reasons"], row["comment"], row["source"]) == (
        "outdated,unclear",
        "Step 3 is missing",
        "beacon",
    )


def test_votes_and_contacts_also_come_as_image_gets(collector: Collector, db: Path) -> None:
    assert httpx.get(f"{collector.url}miss.gif", params=vote("yes")).status_code == 204
    params = contact(v="email", f="miss", q="bike storage roof", p="/residents/")
    assert httpx.get(f"{collector.url}miss.gif", params=params).status_code == 204
    assert table_rows(db, "feedback")[-1]["vote"] == "yes"
    row = table_rows(db, "escalations")[-1]
    assert (row["channel"], row["origin"], row["query"], row["page"]) == (
        "email",
        "miss",
        "bike storage roof",
        "/residents/",
    )


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (vote(r="answer,rude"), "unknown reason"),
        (vote(c="x" * 501), "comment over 500 characters"),
        (vote("yes", r="outdated"), "with a No vote only"),
        (vote("yes", c="great"), "with a No vote only"),
        (vote(p=""), "page must be"),
        (vote(p="https://evil.example/"), "page must be"),
        (vote(a="tenants"), "unknown audience"),
        (vote("maybe"), "unknown kind"),
        (vote(c=["a", "list"]), "must be a string"),  # type: ignore[dict-item]
        (contact(v="fax"), "unknown channel"),
        (contact(f="twitter"), "unknown origin"),
        (contact(f="miss"), "needs the search"),
        (contact(q="y" * 201), "query over 200 characters"),
        (contact(p=""), "page must be"),
    ],
    ids=[
        "reason",
        "long-comment",
        "yes-reasons",
        "yes-comment",
        "no-page",
        "url-page",
        "audience",
        "kind",
        "comment-type",
        "channel",
        "origin",
        "miss-without-search",
        "long-query",
        "contact-no-page",
    ],
)
def test_bad_votes_and_contacts_are_refused_with_a_short_reason_and_not_stored(
    collector: Collector, db: Path, body: dict, reason: str
) -> None:
    before = len(table_rows(db, "feedback")), len(table_rows(db, "escalations"))
    response = httpx.post(
        f"{collector.url}miss", content=json.dumps(body), headers={"Content-Type": "text/plain"}
    )
    assert response.status_code == 400
    assert reason in response.text
    assert len(response.text) < 80
    assert (len(table_rows(db, "feedback")), len(table_rows(db, "escalations"))) == before


def test_an_oversized_vote_is_refused_before_it_is_read(collector: Collector) -> None:
    response = httpx.post(f"{collector.url}miss", json=vote(c="é" * 1100))
    assert response.status_code == 413


def test_personal_data_in_comments_and_searches_never_reaches_the_database(
    collector: Collector, db: Path
) -> None:
    comment = "wrong fee, I am at 12 Harbor Street apt 4b, call 555-010-4477 or jo.doe@mail.example"
    assert httpx.post(f"{collector.url}miss", json=vote(c=comment, r="outdated")).status_code == 204
    locked_out = contact(q="locked out unit 17, call 555 010 4477")
    assert httpx.post(f"{collector.url}miss", json=locked_out).status_code == 204
    assert (
        table_rows(db, "feedback")[-1]["comment"]
        == "wrong fee, I am at <address> <unit>, call <phone> or <email>"
    )
    assert table_rows(db, "escalations")[-1]["query"] == "locked out <unit>, call <phone>"
    raw = b"".join(path.read_bytes() for path in db.parent.glob("misses.db*"))
    for secret in (b"4477", b"jo.doe", b"Harbor Street", b"apt 4b", b"127.0.0.1"):
        assert secret not in raw


def test_votes_and_contacts_share_the_searches_rate_limit(tmp_path: Path) -> None:
    with running_collector(tmp_path / "flood.db", "--per-minute", "1", "--burst", "4") as collector:
        statuses = [
            httpx.post(f"{collector.url}miss", json=body).status_code for body in [vote(), contact()] * 5
        ]
    assert statuses[:4] == [204] * 4
    assert statuses.count(429) >= 5


def test_access_log_import_reads_votes_and_contacts_too(tmp_path: Path) -> None:
    def hit(fields: dict[str, str]) -> str:
        return combined_line("203.0.113.7", MORNING, f"{PIXEL}?{urlencode(fields, quote_via=quote)}")

    lines = [
        hit(vote(r="broken", c="video 555-010-4477 is gone")),
        hit(contact()),
        hit(vote("yes", r="broken")),
    ]
    log = write_log(tmp_path / "access.log", "\n".join(lines) + "\n")
    conn = connect(tmp_path / "misses.db")
    try:
        result = import_log(conn, log)
        again = import_log(conn, log)
    finally:
        conn.close()
    assert (result.imported, dict(result.rejected)) == (
        2,
        {"reasons and comments come with a No vote only": 1},
    )
    assert again.already_imported == 3
    votes, contacts = (
        table_rows(tmp_path / "misses.db", "feedback"),
        table_rows(tmp_path / "misses.db", "escalations"),
    )
    assert [(r["vote"], r["reasons"], r["comment"], r["source"]) for r in votes] == [
        ("no", "broken", "video <phone> is gone", "log")
    ]
    assert [(r["channel"], r["origin"], r["source"]) for r in contacts] == [("phone", "no", "log")]
