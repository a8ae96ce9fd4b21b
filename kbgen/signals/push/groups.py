"""The report's open groups as "Article requests" in Notion, where the CSRs write.

Notion access (lookup by dedupe key, closed requests left alone, no duplicate on re-run) is
`kbgen.notion.requests`; this module says what a request is made of and which key it goes by.

A group's key (its most searched stemmed words) can change as new phrasings arrive ("lock out"
today, "lockout" next month). So every key a group was pushed under is remembered in the misses
database, for each of its phrasings' stemmed words: the group keeps its request as it grows.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterable

from kbgen.notion.client import api_from_environment
from kbgen.notion.errors import NotionError
from kbgen.notion.requests import (
    ArticleRequest,
    PushReport,
    push_article_requests,
)
from kbgen.settings import NotionSettings
from kbgen.signals.analysis.report import Group
from kbgen.signals.analysis.words import stem, words
from kbgen.signals.intake.store import pushed_request_key, remember_request_keys

KEY_PREFIX = "kbgen-misses"


def push_groups(
    conn: sqlite3.Connection, groups: Iterable[Group], database: str, notion: NotionSettings
) -> PushReport:
    """Create or update one request per open group; an answered group's existing request is marked
    answered (`requests_answered_status`), and none is created for it."""
    if not database.strip():
        raise NotionError(
            "No article requests database given. Pass --database with its link (in Notion: ••• > "
            "Copy link), or set extra.kbgen.notion.requests_database in mkdocs.yml."
        )
    keyed = [(group, dedupe_key(conn, group)) for group in groups]
    api = api_from_environment(notion)
    try:
        report = push_article_requests(
            api,
            database,
            [article_request(group, key) for group, key in keyed],
            properties=notion.request_property_names,
            answered_status=notion.answered_status,
        )
    finally:
        api.close()
    _remember(conn, [(group, key) for group, key in keyed if group.is_open and key not in report.failed])
    return report


def dedupe_key(conn: sqlite3.Connection, group: Group) -> str:
    """The key the group was pushed under before, by any of its phrasings; else from its own words."""
    return (
        pushed_request_key(conn, group.audience, _aliases(group))
        or f"{KEY_PREFIX}:{group.audience}:{group.key}"
    )


def article_request(group: Group, key: str) -> ArticleRequest:
    return ArticleRequest(
        label=group.label,
        audience=group.audience,
        searches=group.searches,
        visitors=group.visitors,
        example_queries=tuple(group.examples),
        first_seen=_date(group.first_seen),
        last_seen=_date(group.last_seen),
        dedupe_key=key,
        answered=not group.is_open,
    )


def _aliases(group: Group) -> list[str]:
    """The group's key first, then the stemmed words of each example phrasing."""
    own = [" ".join(sorted({stem(word) for word in words(example)})) for example in group.examples]
    return list(dict.fromkeys([group.key, *(key for key in own if key)]))


def _remember(conn: sqlite3.Connection, pushed: list[tuple[Group, str]]) -> None:
    remember_request_keys(
        conn, [(group.audience, alias, key) for group, key in pushed for alias in _aliases(group)]
    )


def _date(at: int) -> dt.date:
    return dt.datetime.fromtimestamp(at, dt.UTC).date()
