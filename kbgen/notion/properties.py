"""A database row's properties -> the article's metadata, by configurable property names.

Defaults follow the "Help articles" database: the title property (found by type), Audience, Status,
Category, Summary, Tags, Slug, Video, Order. A property of the wrong type stops the pull with a message
saying how to fix it; a missing optional property is simply empty.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from kbgen.content.article import AUDIENCES
from kbgen.notion.errors import NotionError
from kbgen.notion.ids import normalize_id
from kbgen.notion.richtext import plain_text

Json = dict[str, Any]

DEFAULT_NAMES = {
    "audience": "Audience",
    "status": "Status",
    "category": "Category",
    "summary": "Summary",
    "tags": "Tags",
    "slug": "Slug",
    "video": "Video",
    "order": "Order",
}
ACCEPTED_TYPES = {
    "audience": ("multi_select", "select"),
    "status": ("status", "select"),
    "category": ("select", "rich_text"),
    "summary": ("rich_text",),
    "tags": ("multi_select",),
    "slug": ("rich_text",),
    "video": ("url",),
    "order": ("number",),
}
REQUIRED = ("audience", "status")
DEFAULT_CATEGORY = "General"


@dataclass
class ArticleRow:
    page_id: str
    title: str
    last_edited_time: str
    created_time: str
    published: bool
    audiences: list[str] = field(default_factory=list)
    category: str = DEFAULT_CATEGORY
    summary: str = ""
    tags: list[str] = field(default_factory=list)
    slug: str = ""
    video: str = ""
    order: float | None = None

    @property
    def updated(self) -> dt.date | None:
        try:
            return dt.date.fromisoformat(self.last_edited_time[:10])
        except ValueError:
            return None


def property_names(options: Mapping[str, Any]) -> dict[str, str]:
    """DEFAULT_NAMES overridden by `extra.kbgen.notion.properties` (e.g. `audience: Site`)."""
    names = dict(DEFAULT_NAMES)
    configured = options.get("properties") or {}
    if not isinstance(configured, Mapping):
        raise NotionError(
            "extra.kbgen.notion.properties in mkdocs.yml must map names like `audience: Audience`."
        )
    for key, value in configured.items():
        if key not in names:
            raise NotionError(
                f"extra.kbgen.notion.properties.{key} is not a property kbgen reads "
                f"(it reads: {', '.join(names)})."
            )
        names[key] = str(value)
    return names


def read_row(page: Json, names: Mapping[str, str], published_status: str) -> tuple[ArticleRow, list[str]]:
    """The article metadata of one page, with warnings about values kbgen had to leave out."""
    values = page.get("properties") or {}
    warnings: list[str] = []
    for key in ACCEPTED_TYPES:
        _check_type(values, key, names[key], required=key in REQUIRED)
    status = _option_names(values.get(names["status"]))
    published = bool(status) and status[0].strip().lower() == published_status.strip().lower()
    published = published and not page.get("in_trash") and not page.get("archived")
    audiences = []
    for name in _option_names(values.get(names["audience"])):
        audience = _audience(name)
        if audience is None:
            warnings.append(f"audience '{name}' is neither Owners nor Residents: ignored")
        elif audience not in audiences:
            audiences.append(audience)
    title = next((plain_text(v.get("title")) for v in values.values() if v.get("type") == "title"), "")
    category = _text(values.get(names["category"])) or ""
    if published and not category:
        warnings.append(f"no {names['category']}: listed under '{DEFAULT_CATEGORY}'")
    row = ArticleRow(
        page_id=normalize_id(str(page["id"])),
        title=" ".join(title.split()),
        last_edited_time=str(page.get("last_edited_time") or ""),
        created_time=str(page.get("created_time") or ""),
        published=published,
        audiences=audiences,
        category=category or DEFAULT_CATEGORY,
        summary=_text(values.get(names["summary"])),
        tags=_option_names(values.get(names["tags"])),
        slug=_text(values.get(names["slug"])),
        video=str((values.get(names["video"]) or {}).get("url") or "").strip(),
        order=(values.get(names["order"]) or {}).get("number"),
    )
    return row, warnings


def _check_type(values: Json, key: str, name: str, *, required: bool) -> None:
    value = values.get(name)
    if value is None:
        if required:
            raise NotionError(
                f"The database has no property '{name}', which kbgen needs to know the article's {key}. "
                f"Add it in Notion, or name the property to use in mkdocs.yml "
                f"(extra.kbgen.notion.properties.{key})."
            )
        return
    kind = value.get("type")
    if kind not in ACCEPTED_TYPES[key]:
        wanted = " or ".join(t.replace("_", "-") for t in ACCEPTED_TYPES[key])
        actual = str(kind).replace("_", "-")
        raise NotionError(
            f"The property '{name}' is a {actual} property in Notion, but kbgen reads the article's {key} "
            f"from a {wanted} property. Change the property's type in Notion, or name another property "
            f"in mkdocs.yml (extra.kbgen.notion.properties.{key})."
        )


def _option_names(value: Json | None) -> list[str]:
    if not value:
        return []
    inner = value.get(value.get("type", ""))
    options = inner if isinstance(inner, list) else [inner] if isinstance(inner, dict) else []
    return [str(option.get("name")).strip() for option in options if option and option.get("name")]


def _text(value: Json | None) -> str:
    if not value:
        return ""
    kind = value.get("type")
    if kind in ("rich_text", "title"):
        return " ".join(plain_text(value.get(kind)).split())
    names = _option_names(value)
    return names[0] if names else ""


def _audience(name: str) -> str | None:
    key = name.strip().lower()
    for audience in AUDIENCES:
        if key in (audience, audience.rstrip("s")):
            return audience
    return None
