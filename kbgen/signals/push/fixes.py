"""Articles that failed readers as "Fix: <title>" requests in the same Notion "Article requests"
database as the articles to write, so CSRs have one inbox.

A fix request goes by the article's stable id (its Notion page id when it came from Notion, else its
slug), so re-runs and renames update the same request; one a CSR closed is left alone (that is
`kbgen.notion.requests`). The request's columns read: No votes, Visitors = readers the article failed,
Reasons = what went wrong, recent comments and the article's Notion page (which also goes in an
`Article` URL property). A database without the No votes and Reasons properties gets them in Searches
and Example queries instead.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from pathlib import Path

from kbgen.content.loader import load_content
from kbgen.notion.client import api_from_environment
from kbgen.notion.ids import parse_notion_id
from kbgen.notion.requests import ArticleRequest, PushReport, push_article_requests
from kbgen.settings import NotionSettings
from kbgen.signals.analysis.fixes import ArticleFix

FIX_KEY_PREFIX = "kbgen-fix"
ArticleIds = Mapping[tuple[str, str], str]  # (audience, location "pay-rent-online/") -> front-matter id


def article_ids(content_dir: Path) -> dict[tuple[str, str], str]:
    """The front-matter `id` of every article of `content_dir` that has one (pulled ones all do)."""
    if not content_dir.is_dir():
        return {}
    content = load_content(content_dir)
    return {
        (audience, article.path): article.id
        for audience, articles in content.articles.items()
        for article in articles
        if article.id
    }


def notion_page_url(article_id: str) -> str:
    """The Notion page of an article pulled from Notion; "" for hand-written ids such as `rent-001`."""
    try:
        return f"https://www.notion.so/{parse_notion_id(article_id).replace('-', '')}"
    except ValueError:
        return ""


def fix_request(fix: ArticleFix, article_id: str = "") -> ArticleRequest:
    url = notion_page_url(article_id) if article_id else ""
    details = [fix.advice, *(f'"{comment.text}"' for comment in fix.comments)]
    if url:
        details.append(f"Notion page: {url}")
    return ArticleRequest(
        label=f"Fix: {fix.title}",
        audience=fix.audience,
        searches=0,
        visitors=fix.failed,
        example_queries=(),
        first_seen=_date(fix.first_seen),
        last_seen=_date(fix.last_seen),
        dedupe_key=f"{FIX_KEY_PREFIX}:{fix.audience}:{article_id or fix.article}",
        article_url=url,
        no_votes=fix.no,
        reasons=tuple(details),
    )


def push_fixes(
    fixes: Iterable[ArticleFix], database: str, notion: NotionSettings, ids: ArticleIds
) -> PushReport:
    """Create or update one fix request per article that failed at least one reader."""
    requests = [fix_request(fix, ids.get((fix.audience, fix.article), "")) for fix in fixes if fix.failed]
    api = api_from_environment(notion)
    try:
        return push_article_requests(api, database, requests, properties=notion.request_property_names)
    finally:
        api.close()


def _date(at: int) -> dt.date:
    return dt.datetime.fromtimestamp(at, dt.UTC).date()
