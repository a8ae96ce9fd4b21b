"""The report's open groups as "Article requests" in Notion, where the CSRs write.

Notion access (lookup by dedupe key, closed requests left alone, no duplicate on re-run) is
`kbgen.notion.requests`; this module only says what a request is made of.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from kbgen.misses.report import Group
from kbgen.notion.client import api_from_environment
from kbgen.notion.errors import NotionError
from kbgen.notion.requests import ArticleRequest, PushReport, push_article_requests

KEY_PREFIX = "kbgen-misses"


def dedupe_key(group: Group) -> str:
    """Stable across pushes: the group's folded, stemmed words, not its (changing) label."""
    return f"{KEY_PREFIX}:{group.audience}:{group.key}"


def article_request(group: Group) -> ArticleRequest:
    return ArticleRequest(
        label=group.label,
        audience=group.audience,
        searches=group.searches,
        visitors=group.visitors,
        example_queries=tuple(group.examples),
        first_seen=_date(group.first_seen),
        last_seen=_date(group.last_seen),
        dedupe_key=dedupe_key(group),
    )


def push_groups(groups: Iterable[Group], database: str, notion_options: Mapping[str, Any]) -> PushReport:
    """Create or update one request per open group (answered groups are not news to anyone)."""
    if not database.strip():
        raise NotionError(
            "No article requests database given. Pass --database with its link (in Notion: ••• > "
            "Copy link), or set extra.kbgen.notion.requests_database in mkdocs.yml."
        )
    requests = [article_request(group) for group in groups if group.is_open]
    api = api_from_environment(notion_options)
    try:
        return push_article_requests(api, database, requests)
    finally:
        api.close()


def _date(at: int) -> dt.date:
    return dt.datetime.fromtimestamp(at, dt.UTC).date()
