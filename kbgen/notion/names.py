"""The names kbgen looks for in Notion unless `extra.kbgen.notion` renames them.

A module of plain values, so the settings can check the renames once without loading the Notion client.
"""

from __future__ import annotations

# Property role -> the article database's property name (renamed under extra.kbgen.notion.properties).
DEFAULT_NAMES = {
    "audience": "Audience",
    "status": "Status",
    "category": "Category",
    "summary": "Summary",
    "tags": "Tags",
    "slug": "Slug",
    "video": "Video",
    "order": "Order",
    "publish_date": "Publish date",
    "redirect_to": "Redirect to",
}
# Status kinds kbgen acts on -> the option name in Notion (renamed under extra.kbgen.notion.statuses).
DEFAULT_STATUSES = {
    "published": "Published",
    "in_review": "In review",
    "draft": "Draft",
    "archived": "Archived",
}
# Property role -> the "Article requests" database's property name (extra.kbgen.notion.requests_properties).
DEFAULT_REQUEST_PROPERTIES = {
    "audience": "Audience",
    "searches": "Searches",
    "visitors": "Visitors",
    "example_queries": "Example queries",
    "first_seen": "First seen",
    "last_seen": "Last seen",
    "dedupe_key": "Dedupe key",
    "status": "Status",
}
# Used when the database has them: the Notion page of the article a "fix" request is about, and the
# fix request's own figures (its No votes and the readers' reasons), which otherwise reuse Searches
# and Example queries.
OPTIONAL_REQUEST_PROPERTIES = {"article_url": "Article", "no_votes": "No votes", "reasons": "Reasons"}
DEFAULT_ANSWERED_STATUS = "Answered"
# How a mention of a person reads on the public site (extra.kbgen.notion.people_as).
DEFAULT_PEOPLE_PHRASE = "our team"
