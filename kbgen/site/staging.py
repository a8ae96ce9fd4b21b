"""Lay out one audience's articles as an MkDocs docs folder: pages, category pages, navigation.

Only that audience's articles enter its folder, so the other audience's pages, search entries,
sitemap entries and links cannot appear in its site: isolation by construction.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from html import escape
from pathlib import Path
from typing import Any

import yaml

from kbgen.content.article import Article

# Beyond this many articles a category lists the rest on its own page only: every page renders
# the navigation, so an unbounded navigation makes the build grow with the square of the size.
NAV_ARTICLES_PER_CATEGORY = 20
RELATED_LIMIT = 5


@dataclass
class Category:
    name: str
    slug: str
    articles: list[Article] = field(default_factory=list)

    @property
    def page(self) -> str:
        return f"category/{self.slug}/index.md"


@dataclass
class StagedSite:
    """A docs folder ready for `mkdocs build`, and where each page came from."""

    docs_dir: Path
    nav: list[Any]
    sources: dict[str, Path]  # docs-relative page path -> the editor's file


def sort_key(article: Article) -> tuple:
    return (article.order is None, article.order or 0, article.title.lower())


def group_by_category(articles: list[Article], preferred: list[str]) -> list[Category]:
    """Categories in the configured order, then largest first; articles by `order`, then title."""
    categories: dict[str, Category] = {}
    for article in articles:
        key = article.category_slug
        categories.setdefault(key, Category(article.category, key)).articles.append(article)
    for category in categories.values():
        category.articles.sort(key=sort_key)
    rank = {name.lower(): index for index, name in enumerate(preferred)}
    return sorted(
        categories.values(),
        key=lambda c: (rank.get(c.name.lower(), len(rank)), -len(c.articles), c.name.lower()),
    )


def related_articles(article: Article, articles: list[Article]) -> list[Article]:
    """Same category or shared tags, strongest first; never another audience's article."""
    tags = {t.lower() for t in article.tags}
    scored = []
    for other in articles:
        if other is article or other.audience != article.audience:
            continue
        shared = len(tags & {t.lower() for t in other.tags})
        score = 2 * shared + (1 if other.category_slug == article.category_slug else 0)
        if score:
            scored.append((-score, sort_key(other), other))
    scored.sort(key=lambda entry: entry[:2])
    return [entry[2] for entry in scored[:RELATED_LIMIT]]


def stage_audience(
    articles: list[Article], docs_dir: Path, *, category_order: list[str], content_dir: Path
) -> StagedSite:
    """Write the docs folder for one audience and return its navigation."""
    docs_dir.mkdir(parents=True, exist_ok=True)
    categories = group_by_category(articles, category_order)
    sources: dict[str, Path] = {}

    _write_page(
        docs_dir / "index.md",
        {
            "search": {"exclude": True},
            "kbgen": {"kind": "home", "categories": [_category_card(c) for c in categories]},
        },
        "",
    )
    nav: list[Any] = ["index.md"]
    for category in categories:
        _write_page(
            docs_dir / category.page,
            {
                "title": escape(category.name),
                "search": {"exclude": True},
                "kbgen": {
                    "kind": "category",
                    "articles": [
                        {"path": f"{a.slug}/", "title": escape(a.title), "summary": a.summary}
                        for a in category.articles
                    ],
                },
            },
            "",
        )
        shown = [f"{a.slug}.md" for a in category.articles[:NAV_ARTICLES_PER_CATEGORY]]
        nav.append({escape(category.name): [category.page, *shown]})
        for article in category.articles:
            page = f"{article.slug}.md"
            _write_page(docs_dir / page, _article_meta(article, category, articles), article.body)
            sources[page] = article.source

    assets = content_dir / articles[0].audience / "assets" if articles else None
    if assets is not None and assets.is_dir():
        shutil.copytree(assets, docs_dir / "assets", dirs_exist_ok=True)
    return StagedSite(docs_dir=docs_dir, nav=nav, sources=sources)


def _category_card(category: Category) -> dict:
    return {
        "name": escape(category.name),
        "path": f"category/{category.slug}/",
        "count": len(category.articles),
        "top": [{"path": f"{a.slug}/", "title": escape(a.title)} for a in category.articles[:3]],
    }


def _article_meta(article: Article, category: Category, articles: list[Article]) -> dict:
    return {
        "title": escape(article.title),
        "tags": article.tags,
        "kbgen": {
            "kind": "article",
            "id": article.stable_id,
            "slug": article.slug,
            "summary": article.summary,
            "category": escape(category.name),
            "category_path": f"category/{category.slug}/",
            "videos": [{"url": v.url, "title": v.title} for v in article.videos],
            "links": [{"url": link.url, "title": link.title} for link in article.links],
            "related": [
                {"path": f"{r.slug}/", "title": escape(r.title), "summary": r.summary}
                for r in related_articles(article, articles)
            ],
            "updated": article.updated.isoformat() if article.updated else None,
        },
    }


def _write_page(path: Path, meta: dict, body: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    front = yaml.safe_dump(meta, sort_keys=False, allow_unicode=True)
    path.write_text(f"---\n{front}---\n\n{body}", encoding="utf-8")
