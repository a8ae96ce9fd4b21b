"""The Article model: one help article for one audience, as read from a Markdown file."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

AUDIENCES: tuple[str, ...] = ("owners", "residents")

# Slugs kbgen itself uses inside each site; an article may not take them.
RESERVED_SLUGS = frozenset({"a", "assets", "category", "search", "404", "index", "sitemap.xml"})

_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# A slug names a folder and a file in the built site: far below the 255 bytes a file name may take.
MAX_SLUG_LENGTH = 100


def slugify(text: str) -> str:
    """Lower-case words joined by hyphens: the only shape an article URL may take."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def is_valid_slug(slug: str) -> bool:
    return len(slug) <= MAX_SLUG_LENGTH and bool(_SLUG.match(slug)) and slug not in RESERVED_SLUGS


@dataclass(frozen=True)
class Video:
    url: str
    title: str


@dataclass(frozen=True)
class Link:
    title: str
    url: str


@dataclass
class Article:
    """A published help article. `body` is the editor's Markdown, untrusted until rendered."""

    audience: str
    slug: str
    title: str
    category: str
    body: str
    source: Path
    summary: str = ""
    tags: list[str] = field(default_factory=list)
    videos: list[Video] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    order: float | None = None
    id: str = ""
    updated: date | None = None
    body_line: int = 1  # line of `source` where the body starts, for messages about the body

    @property
    def stable_id(self) -> str:
        """The key that follows an article across renames: its `id`, else its slug."""
        return self.id or self.slug

    @property
    def path(self) -> str:
        """The article's URL path inside its audience's site."""
        return f"{self.slug}/"

    @property
    def category_slug(self) -> str:
        return slugify(self.category) or "general"


def sort_key(article: Article) -> tuple:
    """The reading order inside a category, everywhere articles are listed: `order`, then title."""
    return (article.order is None, article.order or 0, article.title.lower())


@dataclass(frozen=True)
class Problem:
    """Something an editor should fix, with where it is and what to do."""

    severity: str  # "error" | "warning"
    source: Path
    message: str
    line: int | None = None

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    def __str__(self) -> str:
        where = f"{self.source}:{self.line}" if self.line else str(self.source)
        return f"{where}: {self.severity}: {self.message}"
