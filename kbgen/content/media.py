"""Which links and videos an article may carry: the URL allow-lists, in one place.

Everything here is pure: it classifies URLs and never fetches them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

LINK_SCHEMES = frozenset({"http", "https", "mailto", "tel"})

_YOUTUBE_ID = re.compile(r"^[A-Za-z0-9_-]{6,20}$")
_VIMEO_ID = re.compile(r"^\d{4,12}$")
_LOOM_ID = re.compile(r"^[0-9a-fA-F]{16,40}$")


@dataclass(frozen=True)
class VideoEmbed:
    """A video that kbgen knows how to embed safely."""

    host: str  # youtube | vimeo | loom | file
    source_url: str  # what the editor wrote, for the plain-link fallback
    embed_url: str  # what goes in the iframe or <video> src


def is_safe_link(url: str) -> bool:
    """True for absolute http(s) URLs with a host, and for mailto: / tel: links."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return False
    if parts.scheme not in LINK_SCHEMES:
        return False
    if parts.scheme in ("http", "https"):
        return bool(parts.hostname) and " " not in url.strip()
    return bool(parts.path)


def is_relative_link(url: str) -> bool:
    """True for links inside the site (no scheme, no host), such as `other-article.md#steps`."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return False
    return not parts.scheme and not parts.netloc


def video_embed(url: str) -> VideoEmbed | None:
    """Recognise a YouTube, Vimeo or Loom page URL, or a direct .mp4 file; None for anything else.

    Only these hosts become iframes: an editor can never smuggle an arbitrary iframe into a page.
    """
    raw = url.strip()
    try:
        parts = urlsplit(raw)
    except ValueError:
        return None
    host = (parts.hostname or "").lower()
    path = parts.path
    # A file of the site: `assets/tour.mp4` as written, or `../assets/tour.mp4` once MkDocs has made it
    # relative to the article's folder; never further up (the other audience) nor on another host.
    if not parts.scheme and not parts.netloc and path.lower().endswith(".mp4"):
        return VideoEmbed("file", raw, raw) if ".." not in path.removeprefix("../") else None
    if parts.scheme != "https" and not (parts.scheme == "http" and host):
        return None
    if host.removeprefix("www.").removeprefix("m.") in ("youtube.com", "youtube-nocookie.com"):
        video_id = parse_qs(parts.query).get("v", [""])[0]
        for prefix in ("/embed/", "/shorts/", "/live/"):
            if path.startswith(prefix):
                video_id = path[len(prefix) :].strip("/")
        if _YOUTUBE_ID.match(video_id):
            return VideoEmbed("youtube", raw, f"https://www.youtube-nocookie.com/embed/{video_id}")
        return None
    if host == "youtu.be":
        video_id = path.strip("/")
        if _YOUTUBE_ID.match(video_id):
            return VideoEmbed("youtube", raw, f"https://www.youtube-nocookie.com/embed/{video_id}")
        return None
    if host in ("vimeo.com", "www.vimeo.com", "player.vimeo.com"):
        video_id = path.rstrip("/").rsplit("/", 1)[-1]
        if _VIMEO_ID.match(video_id):
            return VideoEmbed("vimeo", raw, f"https://player.vimeo.com/video/{video_id}?dnt=1")
        return None
    if host in ("loom.com", "www.loom.com"):
        match = re.match(r"^/(?:share|embed)/([^/?#]+)", path)
        if match and _LOOM_ID.match(match.group(1)):
            return VideoEmbed("loom", raw, f"https://www.loom.com/embed/{match.group(1)}")
        return None
    if parts.scheme == "https" and host and path.lower().endswith(".mp4"):
        return VideoEmbed("file", raw, raw)
    return None
