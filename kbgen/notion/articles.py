"""The article files a pull writes: unique slugs per audience and YAML front matter."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

import yaml

from kbgen.content.article import AUDIENCES, is_valid_slug, slugify
from kbgen.content.loader import read_article
from kbgen.content.media import video_embed
from kbgen.notion.properties import ArticleRow

Warn = Callable[[ArticleRow, str], None]


def hand_written_slugs(folder: Path, audience: str, owned: set[str]) -> set[str]:
    """Slugs and file stems of the articles in `folder` that Notion does not own: a pull never takes them."""
    taken: set[str] = set()
    for path in sorted(folder.glob("*.md")) if folder.is_dir() else []:
        if path.name in owned:
            continue
        taken.add(path.stem)
        article, _problems = read_article(path, audience)
        if article is not None:
            taken.add(article.slug)
    return taken


def assign_slugs(
    rows: Iterable[ArticleRow], taken: dict[str, set[str]], warn: Warn
) -> dict[tuple[str, str], str]:
    """(page id, audience) -> slug. The older page keeps a contested slug, so URLs stay put across pulls."""
    slugs: dict[tuple[str, str], str] = {}
    ordered = sorted(rows, key=lambda row: (row.created_time, row.page_id))
    for audience in AUDIENCES:
        used = set(taken.get(audience, set()))
        for row in (r for r in ordered if audience in r.audiences):
            wanted = _wanted_slug(row, warn)
            slug, number = wanted, 2
            while slug in used or not is_valid_slug(slug):
                slug, number = f"{wanted}-{number}", number + 1
            if slug != wanted:
                warn(
                    row,
                    f"the slug '{wanted}' is already taken in the {audience} site: published as '{slug}'; "
                    "give one of the articles another Slug in Notion",
                )
            used.add(slug)
            slugs[(row.page_id, audience)] = slug
    return slugs


def _wanted_slug(row: ArticleRow, warn: Warn) -> str:
    if row.slug and not is_valid_slug(row.slug):
        warn(
            row,
            f"the Slug '{row.slug}' is not lower-case words joined by hyphens: using '{slugify(row.slug)}'",
        )
    return slugify(row.slug) or slugify(row.title) or f"article-{row.page_id[:8]}"


def front_matter(
    row: ArticleRow,
    slug: str,
    warn: Warn,
    page_videos: Sequence[dict[str, str]] = (),
    page_links: Sequence[dict[str, str]] = (),
) -> str:
    """The YAML block `kbgen.content.loader` reads; only non-empty optional keys are written.

    `videos` are the Video property's then the page's leading video blocks; `links` the page's Links section.
    """
    meta: dict[str, object] = {"title": row.title or "Untitled", "category": row.category}
    if not row.title:
        warn(row, "the page has no title: published as 'Untitled'")
    if row.summary:
        meta["summary"] = row.summary
    if row.tags:
        meta["tags"] = list(row.tags)
    videos = []
    if row.video:
        if video_embed(row.video) is None:
            warn(
                row,
                f"the Video '{row.video}' is not a YouTube, Vimeo or Loom link nor an .mp4 file: left out",
            )
        else:
            videos.append({"url": row.video, "title": row.title or "Video"})
    videos += [video for video in page_videos if video["url"] not in {v["url"] for v in videos}]
    if videos:
        meta["videos"] = videos
    if page_links:
        meta["links"] = list(page_links)
    meta["slug"] = slug
    if row.order is not None:
        meta["order"] = int(row.order) if float(row.order).is_integer() else row.order
    meta["id"] = row.page_id
    if row.updated:
        meta["updated"] = row.updated
    return "---\n" + yaml.safe_dump(meta, sort_keys=False, allow_unicode=True) + "---\n\n"
