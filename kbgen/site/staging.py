"""Lay out one audience's articles as an MkDocs docs folder: pages, category pages, navigation.

Only that audience's articles enter its folder, so the other audience's pages, search entries,
sitemap entries and links cannot appear in its site: isolation by construction.
"""

from __future__ import annotations

import heapq
import json
import re
import shutil
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from html import escape
from pathlib import Path
from typing import Any

from kbgen.content.article import Article, sort_key

# Beyond this many articles a category lists the rest on its own page only: every page renders
# the navigation, so an unbounded navigation makes the build grow with the square of the size.
NAV_ARTICLES_PER_CATEGORY = 20
RELATED_LIMIT = 5
TAG_FANOUT = 50


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
    pages_file: Path  # JSON: docs-relative page path -> what kbgen's plugin renders around it


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


class RelatedIndex:
    """Finds related articles (shared tags, then same category) without comparing every pair."""

    def __init__(self, articles: list[Article]) -> None:
        self.articles = articles
        self.categories = [a.category_slug for a in articles]
        self.tags = [{t.lower() for t in a.tags} for a in articles]
        order = sorted(range(len(articles)), key=lambda i: sort_key(articles[i]))
        self.by_tag: dict[str, list[int]] = defaultdict(list)
        self.by_category: dict[str, list[int]] = defaultdict(list)
        for index in order:
            for tag in self.tags[index]:
                self.by_tag[tag].append(index)
            self.by_category[self.categories[index]].append(index)

    def related(self, index: int) -> list[Article]:
        """Two points per shared tag and one for the same category, strongest first.

        A tag shared by very many articles says little about any two of them, so only its first
        articles (in reading order) are considered: this keeps the work linear in the article count.
        """
        scores: Counter[int] = Counter()
        for tag in self.tags[index]:
            scores.update(self.by_tag[tag][:TAG_FANOUT])
        for other in scores:
            scores[other] = 2 * scores[other] + (self.categories[other] == self.categories[index])
        for other in self.by_category[self.categories[index]][: RELATED_LIMIT + 1]:
            scores.setdefault(other, 1)  # same category only: in reading order
        scores.pop(index, None)
        best = heapq.nsmallest(
            RELATED_LIMIT, scores, key=lambda other: (-scores[other], sort_key(self.articles[other]))
        )
        return [self.articles[other] for other in best]


def stage_audience(
    articles: list[Article],
    docs_dir: Path,
    *,
    category_order: list[str],
    content_dir: Path,
    asset_files: list[Path],
) -> StagedSite:
    """Write the docs folder for one audience, and beside it the data kbgen's plugin renders.

    `asset_files` are the checked files of the audience's `assets/` folder (see `load_content`)."""
    docs_dir.mkdir(parents=True, exist_ok=True)
    categories = group_by_category(articles, category_order)
    related = RelatedIndex(articles)
    position = {id(article): index for index, article in enumerate(articles)}
    sources: dict[str, Path] = {}
    pages: dict[str, dict] = {}
    retarget = _slug_links({a.source.name: f"{a.slug}.md" for a in articles if a.source.stem != a.slug})

    _write_page(docs_dir, "index.md", {"search": {"exclude": True}}, "")
    pages["index.md"] = {"kind": "home", "categories": [_category_card(c) for c in categories]}
    nav: list[Any] = ["index.md"]
    for category in categories:
        _write_page(
            docs_dir, category.page, {"title": escape(category.name), "search": {"exclude": True}}, ""
        )
        pages[category.page] = {
            "kind": "category",
            "articles": [_summary_entry(a) for a in category.articles],
        }
        shown = [f"{a.slug}.md" for a in category.articles[:NAV_ARTICLES_PER_CATEGORY]]
        nav.append({escape(category.name): [category.page, *shown]})
        for article in category.articles:
            page = f"{article.slug}.md"
            body = retarget(article.body)
            _write_page(docs_dir, page, {"title": escape(article.title), "tags": article.tags}, body)
            pages[page] = _article_data(article, category, related.related(position[id(article)]))
            sources[page] = article.source

    pages_file = docs_dir.with_name(f"{docs_dir.name}-pages.json")
    pages_file.write_text(json.dumps(pages), encoding="utf-8")
    if articles:
        assets = content_dir / articles[0].audience / "assets"
        for relative in asset_files:
            target = docs_dir / "assets" / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(assets / relative, target, follow_symlinks=False)
    return StagedSite(docs_dir=docs_dir, nav=nav, sources=sources, pages_file=pages_file)


def _slug_links(renamed: dict[str, str]):
    """Editors link articles by file name; an article published under another `slug:` is staged
    under its slug, so links to its file name are pointed there."""
    if not renamed:
        return lambda body: body
    target = re.compile(
        r"(\]\(\s*<?|^\s*\[[^\]]+\]:\s*)(?:\./)?(" + "|".join(map(re.escape, renamed)) + r")(?=[#)>\s]|$)",
        re.M,
    )
    return lambda body: target.sub(lambda match: match[1] + renamed[match[2]], body)


def _summary_entry(article: Article) -> dict:
    return {"path": f"{article.slug}/", "title": escape(article.title), "summary": article.summary}


def _category_card(category: Category) -> dict:
    return {
        "name": escape(category.name),
        "path": f"category/{category.slug}/",
        "count": len(category.articles),
        "top": [_summary_entry(a) for a in category.articles[:3]],
    }


def _article_data(article: Article, category: Category, related: list[Article]) -> dict:
    return {
        "kind": "article",
        "id": article.stable_id,
        "slug": article.slug,
        "summary": article.summary,
        "category": escape(category.name),
        "category_path": f"category/{category.slug}/",
        "videos": [{"url": v.url, "title": v.title} for v in article.videos],
        "links": [{"url": link.url, "title": link.title} for link in article.links],
        "related": [_summary_entry(r) for r in related],
        "updated": article.updated.isoformat() if article.updated else None,
    }


def _write_page(docs_dir: Path, page: str, meta: dict, body: str) -> None:
    """A Markdown page whose front matter is JSON (valid YAML, and much faster to write)."""
    path = docs_dir / page
    path.parent.mkdir(parents=True, exist_ok=True)
    front = "".join(f"{key}: {json.dumps(value)}\n" for key, value in meta.items())
    path.write_text(f"---\n{front}---\n\n{body}", encoding="utf-8")
