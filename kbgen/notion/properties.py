"""A database row's properties -> the article's metadata, by configurable property names.

Defaults follow the "Help articles" database: the title property (found by type), Audience, Status,
Category, Summary, Tags, Slug, Video, Order, Publish date, Redirect to. A property of the wrong type stops
the pull with a message saying how to fix it; a missing optional property is simply empty.

Publication is decided here, from Notion alone: the Status option (names configurable under
`extra.kbgen.notion.statuses`), the Publish date, and whether the page is in Notion's trash.
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

ACCEPTED_TYPES = {
    "audience": ("multi_select", "select"),
    "status": ("status", "select"),
    "category": ("select", "rich_text"),
    "summary": ("rich_text",),
    "tags": ("multi_select",),
    "slug": ("rich_text",),
    "video": ("url",),
    "order": ("number",),
    "publish_date": ("date",),
    "redirect_to": ("relation",),
}
REQUIRED = ("audience", "status")
DEFAULT_CATEGORY = "General"

PUBLIC_KINDS = frozenset({"published"})
PREVIEW_KINDS = frozenset({"published", "in_review", "draft"})
# Audience option names editors use besides the audiences' own names (compared case-insensitively).
AUDIENCE_SYNONYMS = {
    "owner": ("owners",),
    "resident": ("residents",),
    "tenant": ("residents",),
    "tenants": ("residents",),
    "both": AUDIENCES,
    "everyone": AUDIENCES,
    "all": AUDIENCES,
}


@dataclass
class ArticleRow:
    page_id: str
    title: str
    last_edited_time: str
    created_time: str
    status: str  # a DEFAULT_STATUSES kind, or "" for an option kbgen does not act on
    audiences: list[str] = field(default_factory=list)
    category: str = DEFAULT_CATEGORY
    summary: str = ""
    tags: list[str] = field(default_factory=list)
    slug: str = ""
    video: str = ""
    order: float | None = None
    publish_at: dt.datetime | None = None  # with a Published status: not public before this time
    redirect_to: str = ""  # with an Archived status: the page its readers are sent to
    in_trash: bool = False

    def is_listed(self, kinds: frozenset[str], now: dt.datetime) -> bool:
        """Whether a pull of `kinds` writes this page: public pulls also wait for its Publish date."""
        if self.in_trash or self.status not in kinds:
            return False
        return kinds != PUBLIC_KINDS or self.publish_at is None or self.publish_at <= now

    @property
    def updated(self) -> dt.date | None:
        try:
            return dt.date.fromisoformat(self.last_edited_time[:10])
        except ValueError:
            return None


def audiences_named(name: str) -> tuple[str, ...]:
    """The audiences an Audience option means ("Both" is both, "Tenants" residents); () when unknown."""
    key = name.strip().lower()
    if key in AUDIENCES:
        return (key,)
    return tuple(AUDIENCE_SYNONYMS.get(key, ()))


def read_row(
    page: Json, names: Mapping[str, str], statuses: Mapping[str, str]
) -> tuple[ArticleRow, list[str]]:
    """The article metadata of one page, with warnings about values kbgen had to leave out."""
    values = page.get("properties") or {}
    warnings: list[str] = []
    for key in ACCEPTED_TYPES:
        _check_type(values, key, names[key], required=key in REQUIRED)
    status_option = next(iter(_option_names(values.get(names["status"]))), "").casefold()
    status = next((kind for kind, name in statuses.items() if name.strip().casefold() == status_option), "")
    audiences: list[str] = []
    for name in _option_names(values.get(names["audience"])):
        meant = audiences_named(name)
        if not meant:
            warnings.append(f"audience '{name}' is neither Owners nor Residents (nor Both): ignored")
        audiences.extend(a for a in meant if a not in audiences)
    title = next((plain_text(v.get("title")) for v in values.values() if v.get("type") == "title"), "")
    category = _text(values.get(names["category"])) or ""
    if status in PREVIEW_KINDS and not category:
        warnings.append(f"no {names['category']}: listed under '{DEFAULT_CATEGORY}'")
    row = ArticleRow(
        page_id=normalize_id(str(page["id"])),
        title=" ".join(title.split()),
        last_edited_time=str(page.get("last_edited_time") or ""),
        created_time=str(page.get("created_time") or ""),
        status=status,
        audiences=sorted(audiences, key=AUDIENCES.index),
        category=category or DEFAULT_CATEGORY,
        summary=_text(values.get(names["summary"])),
        tags=_option_names(values.get(names["tags"])),
        slug=_text(values.get(names["slug"])),
        video=str((values.get(names["video"]) or {}).get("url") or "").strip(),
        order=(values.get(names["order"]) or {}).get("number"),
        publish_at=_date_time(values.get(names["publish_date"])),
        redirect_to=_first_relation(values.get(names["redirect_to"])),
        in_trash=bool(page.get("in_trash") or page.get("archived")),
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


def _date_time(value: Json | None) -> dt.datetime | None:
    """A date property's start as an aware time; a date without a time means midnight UTC."""
    start = ((value or {}).get("date") or {}).get("start")
    if not start:
        return None
    try:
        moment = dt.datetime.fromisoformat(str(start).replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def _first_relation(value: Json | None) -> str:
    related = (value or {}).get("relation") or []
    return normalize_id(str(related[0]["id"])) if related and related[0].get("id") else ""
