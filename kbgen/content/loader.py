"""Read a content folder into Articles, reporting every problem by file and line.

A broken file never stops the others from loading: it is skipped with an error, and lesser
problems are warnings on an article that still loads.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from kbgen.content.article import (
    AUDIENCES,
    MAX_SLUG_LENGTH,
    Article,
    Link,
    Problem,
    Video,
    is_valid_slug,
    slugify,
)
from kbgen.content.media import is_safe_link, video_embed
from kbgen.content.yaml_input import RefusedYAMLError, load_editor_yaml

KNOWN_KEYS = frozenset(
    {"title", "summary", "category", "tags", "videos", "links", "slug", "order", "id", "updated", "draft"}
)


@dataclass
class ContentSet:
    """All articles of a content folder, by audience, with what was wrong on the way."""

    articles: dict[str, list[Article]] = field(default_factory=lambda: {a: [] for a in AUDIENCES})
    problems: list[Problem] = field(default_factory=list)
    # Files under `<audience>/assets/` to publish, relative to that folder: regular files only.
    assets: dict[str, list[Path]] = field(default_factory=lambda: {a: [] for a in AUDIENCES})

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if not p.is_error]


def load_content(content_dir: Path) -> ContentSet:
    """Load `content_dir/owners/*.md` and `content_dir/residents/*.md`."""
    result = ContentSet()
    for audience in AUDIENCES:
        folder = content_dir / audience
        if not folder.is_dir():
            result.problems.append(
                Problem("warning", folder, f"no {audience} folder: the {audience} site will have no articles")
            )
            continue
        if folder.is_symlink():
            result.problems.append(Problem("error", folder, _LINK_REFUSED))
            continue
        seen: dict[str, Path] = {}
        stable_ids: dict[str, Path] = {}
        for path in sorted(folder.glob("*.md")):
            if path.is_symlink():
                result.problems.append(Problem("error", path, _LINK_REFUSED))
                continue
            article, problems = read_article(path, audience)
            result.problems.extend(problems)
            if article is None:
                continue
            if article.slug in seen:
                result.problems.append(
                    Problem(
                        "error",
                        path,
                        f"slug '{article.slug}' is already used by {seen[article.slug].name}: "
                        "give one of them another `slug:`",
                    )
                )
                continue
            if article.stable_id in stable_ids:
                result.problems.append(
                    Problem(
                        "error",
                        path,
                        f"id '{article.stable_id}' is already the id of {stable_ids[article.stable_id]}: "
                        f"this article is left out; give {path.name} its own `id:`",
                    )
                )
                continue
            seen[article.slug] = path
            stable_ids[article.stable_id] = path
            result.articles[audience].append(article)
        result.assets[audience] = _asset_files(folder / "assets", result.problems)
    return result


_LINK_REFUSED = (
    "is a symbolic link, which kbgen never follows (it could publish a file from outside this "
    "folder, such as the other audience's article): replace it with a copy of the file"
)
# What MkDocs would turn into a page: under assets/ such a file is published as nothing.
_MARKDOWN_SUFFIXES = frozenset({".md", ".markdown", ".mdown", ".mkdn", ".mkd"})


def _asset_files(assets: Path, problems: list[Problem]) -> list[Path]:
    """The regular files under `assets/` to publish; links are refused, Markdown is never a page."""
    if assets.is_symlink():
        problems.append(Problem("error", assets, _LINK_REFUSED))
        return []
    if not assets.is_dir():
        return []
    files = []
    for folder, subfolders, names in os.walk(assets):
        here = Path(folder)
        for name in sorted([*subfolders, *names]):
            path = here / name
            if path.is_symlink():
                problems.append(Problem("error", path, _LINK_REFUSED))
            elif name in names and path.suffix.lower() in _MARKDOWN_SUFFIXES:
                problems.append(
                    Problem(
                        "warning",
                        path,
                        "is not published: only articles are pages, and files under assets/ are "
                        "published as they are; move it beside the articles to make it one",
                    )
                )
            elif name in names and path.is_file():
                files.append(path.relative_to(assets))
        subfolders[:] = sorted(name for name in subfolders if not (here / name).is_symlink())
    return sorted(files)


def split_front_matter(text: str) -> tuple[str | None, str, int]:
    """Return (front matter text or None, body, line where the body starts)."""
    if text.startswith("\ufeff"):
        text = text[1:]
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].strip() != "---":
        return None, text, 1
    for index in range(1, len(lines)):
        if lines[index].strip() in ("---", "..."):
            return "".join(lines[1:index]), "".join(lines[index + 1 :]), index + 2
    return "".join(lines[1:]), "", len(lines) + 1


def read_article(path: Path, audience: str) -> tuple[Article | None, list[Problem]]:
    """Parse one Markdown file; None when it cannot be published at all (or is a draft)."""
    problems: list[Problem] = []

    def warn(message: str, line: int | None = None) -> None:
        problems.append(Problem("warning", path, message, line))

    def fail(message: str, line: int | None = None) -> tuple[None, list[Problem]]:
        problems.append(Problem("error", path, message, line))
        return None, problems

    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        return fail(f"not UTF-8 text (byte {exc.start}): save the file as UTF-8")
    except OSError as exc:
        return fail(f"cannot be read: {exc.strerror}")

    front, body, body_line = split_front_matter(text)
    if front is None:
        return fail(
            "no front matter: start the file with a '---' block holding at least title and category", 1
        )
    try:
        meta = load_editor_yaml(front) or {}
    except RecursionError:
        return fail("front matter is nested too deeply to read: it should be simple `key: value` lines", 2)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark is not None else None
        reason = getattr(exc, "problem", None) or str(exc)
        advice = "" if isinstance(exc, RefusedYAMLError) else ": check quoting and indentation"
        return fail(f"front matter is not valid YAML ({reason}){advice}", line)
    if not isinstance(meta, dict):
        return fail("front matter must be a set of `key: value` lines", 2)

    def line_of(key: str) -> int | None:
        for number, raw in enumerate(front.splitlines(), start=2):
            if raw.startswith(f"{key}:"):
                return number
        return None

    for key in meta:
        if key not in KNOWN_KEYS:
            warn(
                f"unknown key '{key}' is ignored (known keys: {', '.join(sorted(KNOWN_KEYS))})",
                line_of(str(key)),
            )
    if meta.get("draft") is True:
        return None, problems

    title = _text(meta.get("title"))
    category = _text(meta.get("category"))
    if not title:
        return fail("missing `title:`: add the question or topic readers look for", 2)
    if not category:
        return fail("missing `category:`: add the category this article is listed under", 2)

    slug = _text(meta.get("slug")) or path.stem
    for what, name in (("slug", slug), ("category", slugify(category))):
        if len(name) > MAX_SLUG_LENGTH:
            where = "set a shorter `slug:`" if what == "slug" else "shorten `category:`"
            return fail(
                f"the {what} makes a URL of {len(name)} characters, more than the {MAX_SLUG_LENGTH} "
                f"allowed: {where}"
            )
    if not is_valid_slug(slug):
        fixed = slugify(slug)
        if not is_valid_slug(fixed):
            return fail(f"slug '{slug}' cannot be used as a URL: choose lower-case words joined by hyphens")
        warn(f"slug '{slug}' is not URL-safe: published as '{fixed}'; rename the file or set `slug: {fixed}`")
        slug = fixed

    if not body.strip():
        warn("the article has no body: readers will see only the title and summary", body_line)

    tags = meta.get("tags") or []
    if isinstance(tags, str):
        tags = [t.strip() for t in tags.split(",")]
    if not isinstance(tags, list):
        warn("`tags` should be a list like [rent, autopay]: ignored", line_of("tags"))
        tags = []

    article = Article(
        audience=audience,
        slug=slug,
        title=title,
        category=category,
        body=body,
        source=path,
        summary=_text(meta.get("summary")),
        tags=[str(t).strip() for t in tags if str(t).strip()],
        videos=_videos(meta.get("videos"), warn, line_of("videos")),
        links=_links(meta.get("links"), warn, line_of("links")),
        order=_order(meta.get("order"), warn, line_of("order")),
        id=_text(meta.get("id")),
        updated=_date(meta.get("updated"), warn, line_of("updated")),
        body_line=body_line,
    )
    return article, problems


def _text(value: Any) -> str:
    if value is None:
        return ""
    return " ".join(str(value).split())


def _entries(value: Any, name: str, warn, line: int | None) -> list[dict]:
    if value is None:
        return []
    if not isinstance(value, list):
        warn(f"`{name}` should be a list of entries: ignored", line)
        return []
    entries = []
    for entry in value:
        if isinstance(entry, str):
            entry = {"url": entry}
        if not isinstance(entry, dict) or not _text(entry.get("url")):
            warn(f"an entry of `{name}` has no url: ignored", line)
            continue
        entries.append(entry)
    return entries


def _videos(value: Any, warn, line: int | None) -> list[Video]:
    videos = []
    for entry in _entries(value, "videos", warn, line):
        url = _text(entry.get("url"))
        if video_embed(url) is None:
            warn(f"video '{url}' is not a YouTube, Vimeo or Loom link nor an .mp4 file: left out", line)
            continue
        videos.append(Video(url=url, title=_text(entry.get("title")) or "Video"))
    return videos


def _links(value: Any, warn, line: int | None) -> list[Link]:
    links = []
    for entry in _entries(value, "links", warn, line):
        url = _text(entry.get("url"))
        if not is_safe_link(url):
            warn(f"link '{url}' is not a well-formed http(s), mailto or tel URL: left out", line)
            continue
        links.append(Link(title=_text(entry.get("title")) or url, url=url))
    return links


def _order(value: Any, warn, line: int | None) -> float | None:
    if value is None or isinstance(value, bool):
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        warn(f"`order: {value}` is not a number: ignored", line)
        return None


def _date(value: Any, warn, line: int | None) -> dt.date | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip()[:10])
    except ValueError:
        warn(f"`updated: {value}` is not a date like 2026-03-31: ignored", line)
        return None
