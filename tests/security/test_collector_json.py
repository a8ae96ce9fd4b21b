"""Hostile JSON bodies and image GETs against a real collector: every one is refused with a 4xx (or
stored cleaned), never a 500, and never costs another visitor their beacon."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest

from tests.security.collector_attack import (
    VALID,
    all_stored_text,
    post_raw,
    searches,
    send_concurrently,
)
from tests.signals.collector_process import Collector

LONE_SURROGATE = b'{"q": "x\\ud800", "a": "residents", "k": "zero"}'


def test_lone_surrogates_among_valid_beacons_cost_no_valid_beacon(
    collector: Collector, collector_db: Path
) -> None:
    """Issue 11 item 7: 60 beacons with a lone surrogate among 600 valid ones, sent at once."""

    def valid(n: int):
        return lambda client: client.post(
            f"{collector.url}miss", json=VALID | {"q": f"valid question {n}"}
        ).status_code

    def poisoned(client: httpx.Client) -> int:
        return client.post(
            f"{collector.url}miss", content=LONE_SURROGATE, headers={"Content-Type": "application/json"}
        ).status_code

    jobs = [poisoned if n % 11 == 0 else valid(n) for n in range(660)]
    statuses = send_concurrently(jobs, workers=12)
    valid_statuses = [status for job, status in zip(jobs, statuses, strict=True) if job is not poisoned]
    poisoned_statuses = [status for job, status in zip(jobs, statuses, strict=True) if job is poisoned]
    assert valid_statuses == [204] * 600
    assert poisoned_statuses == [400] * 60
    stored = [row["query"] for row in searches(collector_db) if row["query"].startswith("valid question")]
    assert sorted(stored) == sorted(f"valid question {n}" for n in range(660) if n % 11)


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (LONE_SURROGATE, "not valid Unicode"),
        (b'{"q": "\\udfff", "a": "residents", "k": "zero"}', "not valid Unicode"),
        (b'{"q": "pets", "a": "residents", "k": "zero", "p": "/x\\ud800/"}', "not valid Unicode"),
        (b'{"q": "pets", "a": "residents", "k": "zero", "t": "\\ud800"}', "not valid Unicode"),
        (b'{"q": "pets", "a": "resid\\ud800ents", "k": "zero"}', "not valid Unicode"),
        (
            b'{"a": "residents", "k": "no", "p": "/residents/x/", "r": "other", "c": "\\udbff!"}',
            "not valid Unicode",
        ),
        (b"[" * 1020 + b"]" * 1020, "not JSON"),
        (b'{"q": ' + b"[" * 1000 + b"]" * 1000 + b', "a": "residents", "k": "zero"}', "not JSON"),
        (b'{"q": "pets", "a": "residents", "k": "zero", "p": "/\\\\evil.example/"}', "page must be"),
        (b'{"q": "caf\xed\xa0\x80", "a": "residents", "k": "zero"}', "not UTF-8"),  # CESU surrogate
        (b'{"q": "\xc0\xafetc", "a": "residents", "k": "zero"}', "not UTF-8"),  # overlong "/"
        ('{"q": "café", "a": "residents", "k": "zero"}'.encode("utf-16"), "not UTF-8"),
        (b'{"q": NaN, "a": "residents", "k": "zero"}', "must be a string"),
        (b'{"q": 1e999, "a": "residents", "k": "zero"}', "must be a string"),
        (b'{"q": {"$gt": ""}, "a": "residents", "k": "zero"}', "must be a string"),
        (b'{"q": ["pets"], "a": "residents", "k": "zero"}', "must be a string"),
        (b'{"q": null, "a": "residents", "k": "zero"}', "must be a string"),
        (b'{"q": "pets", "a": "residents", "k": "zero", "k": "drop table"}', "unknown kind"),
        (b'{"q": "\\u0000\\u0001\\u200b", "a": "residents", "k": "zero"}', "query is empty"),
        (b"", "not JSON"),
        (b"null", "JSON object"),
        (b'"just a string"', "JSON object"),
    ],
    ids=[
        "lone-high-surrogate",
        "lone-low-surrogate",
        "surrogate-in-page",
        "surrogate-in-tab",
        "surrogate-in-audience",
        "surrogate-in-comment",
        "nesting-bomb",
        "nested-query",
        "backslash-page",
        "cesu-bytes",
        "overlong-utf8",
        "utf16",
        "nan",
        "infinity",
        "operator-object",
        "list",
        "null",
        "duplicate-key",
        "controls-only",
        "empty-body",
        "json-null",
        "json-string",
    ],
)
def test_hostile_json_is_refused_with_a_4xx_and_stores_nothing(
    collector: Collector, collector_db: Path, body: bytes, reason: str
) -> None:
    before = len(searches(collector_db))
    response = post_raw(collector.url, body)
    assert response.status_code == 400, response.text
    assert reason in response.text
    assert len(searches(collector_db)) == before
    assert httpx.get(f"{collector.url}healthz").status_code == 200


def test_a_valid_surrogate_pair_and_other_scripts_are_stored_as_typed(
    collector: Collector, collector_db: Path
) -> None:
    body = json.dumps(VALID | {"q": "pets 🐕 mascotas ペット"}).encode()  # ensure_ascii: \ud83d\udc15
    assert b"\\ud83d\\udc15" in body
    assert post_raw(collector.url, body).status_code == 204
    assert searches(collector_db)[-1]["query"] == "pets 🐕 mascotas ペット"


def test_controls_zero_width_and_bidi_characters_never_reach_the_database(
    collector: Collector, collector_db: Path
) -> None:
    typed = "bike\u0000stor\u200bage \u202eevil\u202c \u0085 parking\u2066 \u00a0 lot"
    assert httpx.post(f"{collector.url}miss", json=VALID | {"q": typed}).status_code == 204
    assert searches(collector_db)[-1]["query"] == "bike storage evil parking lot"


def test_text_plain_body_with_a_charset_is_read_as_utf8_only(collector: Collector) -> None:
    body = json.dumps(VALID | {"q": "café"}, ensure_ascii=False).encode("latin-1")
    response = post_raw(collector.url, body, "text/plain; charset=ISO-8859-1")
    assert response.status_code == 400
    assert "not UTF-8" in response.text


@pytest.mark.parametrize(
    ("query_string", "status", "reason"),
    [
        ("q=x%ED%A0%80&a=residents&k=zero", 400, "not UTF-8"),
        ("q=%C0%AF&a=residents&k=zero", 400, "not UTF-8"),
        ("q[]=pets&a=residents&k=zero", 400, "query is empty"),
        ("q=pets&a=residents&k=zero&k=evil", 400, "unknown kind"),
        ("q=%00%01&a=residents&k=zero", 400, "query is empty"),
        ("q=pets&a=residents&k=zero&p=//evil.example/", 400, "page must be"),
        ("q=pets&a=residents&k=zero&p=/ok%0d%0aSet-Cookie:x", 400, "page must be"),
        ("q=pets&a=residents&k=zero&t=../../etc", 400, "tab id"),
        ("q=" + "%41" * 700 + "&a=residents&k=zero", 414, "query string over"),
        ("q=pets&a=residents&k=zero&" + "&".join(f"x{n}=1" for n in range(400)), 414, "query string over"),
    ],
    ids=[
        "surrogate-bytes",
        "overlong-utf8",
        "array-key",
        "duplicate-kind",
        "controls",
        "protocol-relative-page",
        "header-injection-page",
        "tab-traversal",
        "too-long",
        "many-fields",
    ],
)
def test_hostile_image_gets_are_refused(
    collector: Collector, collector_db: Path, query_string: str, status: int, reason: str
) -> None:
    before = len(searches(collector_db))
    response = httpx.get(f"{collector.url}miss.gif?{query_string}")
    assert response.status_code == status, response.text
    assert reason in response.text
    assert "set-cookie" not in response.headers
    assert len(searches(collector_db)) == before


def test_refused_input_never_lands_anywhere_in_the_database(collector: Collector, collector_db: Path) -> None:
    marker = "zz-refused-marker"
    post_raw(collector.url, json.dumps(VALID | {"q": marker, "a": "admins"}).encode())
    httpx.get(f"{collector.url}miss.gif", params=VALID | {"q": marker, "k": "drop"})
    assert marker not in all_stored_text(collector_db)
