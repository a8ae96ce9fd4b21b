"""Notion ids from whatever an editor pastes: raw ids, UUIDs, and every Notion URL form.

The SDK's `extract_notion_id` misses `app.notion.com/p/...` and `*.notion.site` URLs, so kbgen parses ids
itself.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

_HEX32 = re.compile(r"[0-9a-f]{32}")
_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
_TRAILING_ID = re.compile(r"(?:^|[^0-9a-f])([0-9a-f]{32}|[0-9a-f]{8}(?:-[0-9a-f]{4}){3}-[0-9a-f]{12})$")
_NOTION_HOSTS = ("notion.so", "notion.site", "notion.com")


def normalize_id(raw_id: str) -> str:
    """The dashed lower-case form Notion returns, so ids compare equal whatever their spelling."""
    hex32 = raw_id.strip().lower().replace("-", "")
    return f"{hex32[:8]}-{hex32[8:12]}-{hex32[12:16]}-{hex32[16:20]}-{hex32[20:]}"


def parse_notion_id(text: str) -> str:
    """The id in a raw id, a UUID or a Notion URL; ValueError with a hint when there is none."""
    raw = text.strip()
    if _HEX32.fullmatch(raw.lower()) or _UUID.fullmatch(raw.lower()):
        return normalize_id(raw)
    found = notion_url_id(raw)
    if found is None:
        raise ValueError(
            f"'{text}' is not a Notion id or link: copy the link of the database in Notion (••• > Copy link)"
        )
    return found


def notion_url_id(url: str) -> str | None:
    """The page or database id a Notion URL points to (ignoring `?v=` views and `#block` anchors)."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    host = (parts.hostname or "").lower()
    is_notion = any(host == h or host.endswith("." + h) for h in _NOTION_HOSTS)
    is_relative = not parts.scheme and not parts.netloc and parts.path.startswith("/")
    if not (is_relative or (parts.scheme in ("http", "https") and is_notion)):
        return None
    last_segment = parts.path.rstrip("/").rsplit("/", 1)[-1].lower()
    match = _TRAILING_ID.search(last_segment)
    return normalize_id(match.group(1)) if match else None
