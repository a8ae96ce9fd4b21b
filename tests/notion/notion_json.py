"""Builders for Notion API JSON (rich text, property values, blocks), in the shapes the real API returns.

Blocks are returned with a `children` list that `FakeNotion` turns into separate children listings, as the
API serves them. Hosted files are referenced with `hosted(key)`; the fake server signs a fresh, expiring URL
each time it serves the block.
"""

from __future__ import annotations

from typing import Any

Json = dict[str, Any]

# The first bytes of real files of each kind: kbgen decides a download's type from its content.
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n"
MP4 = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom\x00\x00\x00\x08free"

_PLAIN = {"bold": False, "italic": False, "strikethrough": False, "underline": False, "code": False}


# The "Article requests" database as the README describes it (for `kbgen misses push`).
REQUESTS_SCHEMA = {
    "Request": "title",
    "Audience": "select",
    "Searches": "number",
    "Visitors": "number",
    "Example queries": "rich_text",
    "First seen": "date",
    "Last seen": "date",
    "Status": "status",
    "Dedupe key": "rich_text",
}


def text(content: str, *, link: str | None = None, color: str = "default", **annotations: bool) -> Json:
    """A text run; annotations are bold/italic/strikethrough/underline/code=True."""
    return {
        "type": "text",
        "text": {"content": content, "link": {"url": link} if link else None},
        "annotations": {**_PLAIN, **annotations, "color": color},
        "plain_text": content,
        "href": link,
    }


def equation_run(expression: str) -> Json:
    return {
        "type": "equation",
        "equation": {"expression": expression},
        "annotations": {**_PLAIN, "color": "default"},
        "plain_text": expression,
        "href": None,
    }


def mention_page(page_id: str, title: str) -> Json:
    return {
        "type": "mention",
        "mention": {"type": "page", "page": {"id": page_id}},
        "annotations": {**_PLAIN, "color": "default"},
        "plain_text": title,
        "href": f"https://www.notion.so/{page_id.replace('-', '')}",
    }


def mention_date(start: str, end: str | None = None, time_zone: str | None = None) -> Json:
    return {
        "type": "mention",
        "mention": {"type": "date", "date": {"start": start, "end": end, "time_zone": time_zone}},
        "annotations": {**_PLAIN, "color": "default"},
        "plain_text": start,
        "href": None,
    }


def mention_user(name: str) -> Json:
    person = {"object": "user", "id": "00000000-0000-4000-8000-0000000000a1", "name": name, "type": "person"}
    return {
        "type": "mention",
        "mention": {"type": "user", "user": person},
        "annotations": {**_PLAIN, "color": "default"},
        "plain_text": f"@{name}",
        "href": None,
    }


def runs(*items: str | Json) -> list[Json]:
    return [text(item) if isinstance(item, str) else item for item in items]


# Property values -------------------------------------------------------------------------------------------


def title_value(value: str) -> Json:
    return {"type": "title", "title": [text(value)] if value else []}


def rich_text_value(value: str) -> Json:
    return {"type": "rich_text", "rich_text": [text(value)] if value else []}


def select_value(name: str | None) -> Json:
    return {
        "type": "select",
        "select": {"id": f"opt-{name}", "name": name, "color": "default"} if name else None,
    }


def status_value(name: str | None) -> Json:
    return {
        "type": "status",
        "status": {"id": f"st-{name}", "name": name, "color": "green"} if name else None,
    }


def multi_select_value(*names: str) -> Json:
    return {
        "type": "multi_select",
        "multi_select": [{"id": f"opt-{n}", "name": n, "color": "default"} for n in names],
    }


def url_value(url: str | None) -> Json:
    return {"type": "url", "url": url}


def number_value(number: float | None) -> Json:
    return {"type": "number", "number": number}


HELP_ARTICLE_SCHEMA = {
    "Name": "title",
    "Audience": "multi_select",
    "Status": "status",
    "Category": "select",
    "Summary": "rich_text",
    "Tags": "multi_select",
    "Slug": "rich_text",
    "Video": "url",
    "Order": "number",
}


def article_properties(
    title: str,
    *,
    audience: tuple[str, ...] = ("Residents",),
    status: str = "Published",
    category: str = "Rent and payments",
    summary: str = "",
    tags: tuple[str, ...] = (),
    slug: str = "",
    video: str | None = None,
    order: float | None = None,
) -> Json:
    """Property values of one row of the default "Help articles" database."""
    return {
        "Name": title_value(title),
        "Audience": multi_select_value(*audience),
        "Status": status_value(status),
        "Category": select_value(category),
        "Summary": rich_text_value(summary),
        "Tags": multi_select_value(*tags),
        "Slug": rich_text_value(slug),
        "Video": url_value(video),
        "Order": number_value(order),
    }


# Blocks ----------------------------------------------------------------------------------------------------


def block(kind: str, payload: Json | None = None, children: list[Json] | None = None, **extra: Any) -> Json:
    """Any block, including types kbgen does not know."""
    return {"type": kind, kind: payload if payload is not None else {}, "children": children or [], **extra}


def _texty(kind: str, items: tuple[str | Json, ...], children: list[Json] | None, **payload: Any) -> Json:
    return block(kind, {"rich_text": runs(*items), "color": "default", **payload}, children)


def paragraph(*items: str | Json, children: list[Json] | None = None) -> Json:
    return _texty("paragraph", items, children)


def heading(
    level: int, *items: str | Json, toggleable: bool = False, children: list[Json] | None = None
) -> Json:
    return _texty(f"heading_{level}", items, children, is_toggleable=toggleable)


def bulleted(*items: str | Json, children: list[Json] | None = None) -> Json:
    return _texty("bulleted_list_item", items, children)


def numbered(*items: str | Json, children: list[Json] | None = None) -> Json:
    return _texty("numbered_list_item", items, children)


def to_do(*items: str | Json, checked: bool = False, children: list[Json] | None = None) -> Json:
    return _texty("to_do", items, children, checked=checked)


def toggle(*items: str | Json, children: list[Json] | None = None) -> Json:
    return _texty("toggle", items, children)


def quote(*items: str | Json, children: list[Json] | None = None) -> Json:
    return _texty("quote", items, children)


def callout(*items: str | Json, emoji: str | None = "💡", color: str = "default", children=None) -> Json:
    icon = {"type": "emoji", "emoji": emoji} if emoji else None
    return block("callout", {"rich_text": runs(*items), "icon": icon, "color": color}, children)


def code(source: str, language: str = "python", caption: str = "") -> Json:
    return block(
        "code",
        {"rich_text": [text(source)], "caption": runs(caption) if caption else [], "language": language},
    )


def divider() -> Json:
    return block("divider")


def equation(expression: str) -> Json:
    return block("equation", {"expression": expression})


def table(rows: list[list[str]], *, column_header: bool = True, row_header: bool = False) -> Json:
    row_blocks = [
        block("table_row", {"cells": [[text(cell)] if cell else [] for cell in row]}) for row in rows
    ]
    payload = {"table_width": len(rows[0]), "has_column_header": column_header, "has_row_header": row_header}
    return block("table", payload, row_blocks)


def external(url: str) -> Json:
    return {"type": "external", "external": {"url": url}}


def hosted(key: str) -> Json:
    """A Notion-hosted file previously registered with `FakeNotion.host_file(key, ...)`."""
    return {"type": "file", "file": {"fake_key": key}}


def media(kind: str, source: Json, caption: str = "", name: str | None = None) -> Json:
    """image / video / pdf / file / audio block around an `external(...)` or `hosted(...)` source."""
    payload = {"caption": runs(caption) if caption else [], **source}
    if name is not None:
        payload["name"] = name
    return block(kind, payload)


def embed(url: str, caption: str = "") -> Json:
    return block("embed", {"url": url, "caption": runs(caption) if caption else []})


def bookmark(url: str, caption: str = "") -> Json:
    return block("bookmark", {"url": url, "caption": runs(caption) if caption else []})


def link_preview(url: str) -> Json:
    return block("link_preview", {"url": url})


def link_to_page(page_id: str) -> Json:
    return block("link_to_page", {"type": "page_id", "page_id": page_id})


def child_page(title: str, children: list[Json] | None = None) -> Json:
    return block("child_page", {"title": title}, children)


def child_database(title: str) -> Json:
    return block("child_database", {"title": title})


def column_list(*columns: list[Json]) -> Json:
    return block("column_list", {}, [block("column", {}, list(column)) for column in columns])


def synced_original(children: list[Json], block_id: str) -> Json:
    return block("synced_block", {"synced_from": None}, children, id=block_id)


def synced_copy(original_id: str) -> Json:
    return block("synced_block", {"synced_from": {"type": "block_id", "block_id": original_id}})


def unsupported(real_type: str) -> Json:
    return block("unsupported", {"block_type": real_type})
