"""The link catalog's rows: one per published article, with everything a CSR pastes into a reply."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path

from kbgen.content import AUDIENCES, Article, ContentSet
from kbgen.content.article import sort_key
from kbgen.content.ledger import LedgerPlan
from kbgen.search.facts import find_sites
from kbgen.settings import Settings

FIELDS = ("audience", "category", "title", "summary", "url", "short_url", "updated", "reply")


@dataclass(frozen=True)
class CatalogEntry:
    audience: str
    category: str
    title: str
    summary: str
    url: str
    short_url: str
    updated: str  # ISO date, or "" when the article does not say
    reply: str

    def as_dict(self) -> dict[str, str]:
        return asdict(self)


def reply_text(title: str, summary: str, url: str) -> str:
    """What a CSR pastes: title, summary, link on their own lines."""
    return "\n".join(part for part in (title, summary, url) if part)


def catalog_entries(
    content: ContentSet,
    plan: LedgerPlan,
    settings: Settings,
    *,
    audiences: tuple[str, ...] = AUDIENCES,
    site_dir: Path | None = None,
) -> list[CatalogEntry]:
    """Entries by audience, category and article order; with `site_dir`, only pages built there."""
    entries = []
    sites = find_sites(site_dir) if site_dir is not None else {}
    for audience in audiences:
        articles = sorted(content.articles[audience], key=lambda a: (a.category.casefold(), *sort_key(a)))
        for article in articles:
            if site_dir is None or _is_built(sites.get(audience), article):
                entries.append(_entry(article, plan, settings))
    return entries


def _is_built(audience_dir: Path | None, article: Article) -> bool:
    """The article has a page in its audience's built help center (found by its kbgen.json)."""
    return audience_dir is not None and (audience_dir / article.slug / "index.html").is_file()


def _entry(article: Article, plan: LedgerPlan, settings: Settings) -> CatalogEntry:
    base = settings.audience_url(article.audience)
    url = f"{base}{article.path}"
    return CatalogEntry(
        audience=article.audience,
        category=article.category,
        title=article.title,
        summary=article.summary,
        url=url,
        short_url=f"{base}a/{plan.short_code(article)}/",
        updated=article.updated.isoformat() if article.updated else "",
        reply=reply_text(article.title, article.summary, url),
    )
