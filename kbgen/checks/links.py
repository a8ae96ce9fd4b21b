"""Where each link of an article goes, resolved the way the build resolves it.

An article is staged as `<slug>.md` beside the other articles of its audience, with the audience's
`assets/` folder: so `other.md#steps` must name the slug of a published article of the same
audience and one of its headings, and files must live in `assets/`. Links to the help center's own
absolute URLs are checked too; links to the other help center are a deliberate choice and allowed.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import SplitResult, unquote, urljoin, urlsplit

from kbgen.checks.finding import Finding
from kbgen.checks.markdown import BodyLink
from kbgen.content import AUDIENCES, Article
from kbgen.content.media import is_safe_link, video_embed
from kbgen.notion.ids import normalize_id, notion_url_id

# Ids the kbgen plugin gives its own sections of an article page.
PLUGIN_ANCHORS = frozenset({"kbgen-links", "kbgen-related"})
# Paths inside an audience's site that are not articles but are always there.
SITE_SECTIONS = frozenset({"", "a", "assets", "category", "search"})

_FILE_EXTENSIONS = frozenset(
    {"md", "png", "jpg", "jpeg", "gif", "svg", "webp", "avif", "pdf", "mp4", "webm", "mov", "html", "htm"}
    | {"txt", "csv", "xls", "xlsx", "doc", "docx", "zip"}
)
_DOMAIN = re.compile(r"[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
_VIDEO_HOSTS = ("youtube.com", "youtu.be", "youtube-nocookie.com", "vimeo.com", "loom.com", "wistia.com")
_VIDEO_HOSTS += ("wistia.net", "dailymotion.com", "tiktok.com", "streamable.com", "vidyard.com", "fb.watch")
_VIDEO_EXTENSIONS = (".mp4", ".mov", ".webm", ".m4v", ".avi", ".wmv", ".mkv")


@dataclass
class ContentIndex:
    """What a link may point at: each audience's published articles, their anchors, old URLs."""

    content_dir: Path
    site_url: str
    articles: dict[str, dict[str, Article]]  # audience -> slug -> article
    anchors: dict[tuple[str, str], set[str]]  # (audience, slug) -> ids of its headings
    old_paths: dict[str, set[str]] = field(default_factory=dict)  # audience -> "old-slug/" kept by the ledger
    notion_pages: dict[str, Article] = field(default_factory=dict)  # normalized Notion id -> article

    def by_file(self, audience: str, file_name: str) -> Article | None:
        return next((a for a in self.articles[audience].values() if a.source.name == file_name), None)


def check_link(article: Article, link: BodyLink, index: ContentIndex) -> Finding | None:
    """The finding for one link of `article`, or None when it works."""
    target = link.target.strip()

    def finding(kind: str, message: str) -> Finding:
        return Finding("error", article.source, message, link.line, kind)

    if not target:
        return finding("broken-link", "a link without an address: put the address in the parentheses")
    try:
        parts = urlsplit(target)
    except ValueError:
        parts = None
    if parts is None or (parts.scheme and not is_safe_link(target)):
        return finding(
            "malformed-url",
            f"'{target}' is not a well-formed web address: write it in full, like https://example.com/",
        )
    if parts.scheme or parts.netloc:
        return _absolute(article, link, target, parts, index, finding)
    if _looks_like_domain(parts.path):
        return finding(
            "malformed-url", f"'{target}' looks like a web address without https://: write https://{target}"
        )
    if parts.path.startswith("/"):
        return _site_link(article, urljoin(index.site_url, target), index, finding)
    if not parts.path:
        return _anchor(article, parts.fragment, target, index, finding)
    return _relative(article, target, parts, index, finding)


def _absolute(article, link, target, parts: SplitResult, index: ContentIndex, finding) -> Finding | None:
    page_id = notion_url_id(target) if parts.scheme in ("http", "https") else None
    if page_id is not None:
        return _notion_link(article, link, parts, index.notion_pages.get(page_id))
    if link.is_image and video_embed(target) is None and _looks_like_video(parts):
        return finding(
            "video-host",
            f"'{target}' is not a video kbgen can embed: use a YouTube, Vimeo or Loom link, "
            "or an https link to an .mp4 file",
        )
    if target.startswith(index.site_url):
        return _site_link(article, target, index, finding)
    return None


def _notion_link(article: Article, link: BodyLink, parts: SplitResult, published: Article | None) -> Finding:
    """Pages of a Notion workspace are closed to readers: an error. Public `*.notion.site` pages open,
    but take readers out of the help center: a warning (`kbgen pull` keeps those on purpose)."""
    public = (parts.hostname or "").endswith(".notion.site")
    if published is not None and published.audience == article.audience:
        message = (
            f"links to the Notion page of '{published.title}'"
            + ("" if public else ", which readers cannot open")
            + f": link to '{published.slug}.md' instead"
        )
    elif public:
        message = (
            f"'{link.target}' is a public Notion page, not a {article.audience} article: publish it as an "
            "article if readers need it"
        )
    else:
        message = (
            f"'{link.target}' is a Notion page that is not a published {article.audience} article: readers "
            "cannot open it. Publish that page as an article and link to it, or remove the link"
        )
    return Finding("warning" if public else "error", article.source, message, link.line, "notion-link")


def _site_link(article: Article, url: str, index: ContentIndex, finding) -> Finding | None:
    """A link to an absolute URL of the help centers: the page must exist."""
    if not url.startswith(index.site_url):
        return None
    parts = urlsplit(url)
    audience, _, rest = parts.path[len(urlsplit(index.site_url).path) :].partition("/")
    slug = rest.split("/")[0]
    if audience not in AUDIENCES or slug in SITE_SECTIONS or f"{slug}/" in index.old_paths.get(audience, ()):
        return None
    target = index.articles[audience].get(slug)
    if target is None:
        return finding("broken-link", f"'{url}' is not a published {audience} article: fix the address")
    if audience == article.audience:
        return _anchor(target, parts.fragment, url, index, finding)
    return None


def _relative(
    article: Article, target: str, parts: SplitResult, index: ContentIndex, finding
) -> Finding | None:
    audience = article.audience
    path = posixpath.normpath(posixpath.join(audience, unquote(parts.path)))
    folder, _, rest = path.partition("/")
    if folder not in AUDIENCES:
        return finding("broken-link", f"'{target}' points outside the {audience} articles: fix the path")
    if rest.endswith(".md") and "/" not in rest:
        return _article_link(article, folder, rest, target, parts.fragment, index, finding)
    if rest.rstrip("/") in index.articles[folder]:
        return finding(
            "broken-link",
            f"write the link to '{target}' as '{rest.rstrip('/')}.md', so the build can check "
            "it and keep it working when the article moves",
        )
    if not rest.startswith("assets/"):
        return finding(
            "broken-link",
            f"'{target}' is not an article (.md) nor a file in {folder}/assets/: only those are "
            "published. Link to the article's .md file, or move the file into assets/",
        )
    if not (index.content_dir / path).is_file():
        return finding(
            "broken-link", f"'{target}': there is no file {index.content_dir / path}; add it or fix the path"
        )
    return None


def _article_link(
    article, folder, file_name, target, fragment, index: ContentIndex, finding
) -> Finding | None:
    slug = file_name.removesuffix(".md")
    found = index.articles[folder].get(slug)
    other = next((a for a in AUDIENCES if a != article.audience), "")
    if found is None and folder == article.audience and slug in index.articles.get(other, {}):
        folder, found = other, index.articles[other][slug]
    if found is None:
        renamed = index.by_file(folder, file_name)
        if renamed is not None:
            return finding(
                "broken-link",
                f"'{target}' is published as '{renamed.slug}' (its `slug:`): link to '{renamed.slug}.md'",
            )
        return finding(
            "broken-link",
            f"'{target}' is not a published {folder} article (missing, a draft, or it has errors): "
            "fix the link or publish the article",
        )
    if folder != article.audience:
        return finding(
            "other-audience-link",
            f"'{target}' is an article for {folder}, which {article.audience} readers "
            f"cannot see: link to a {article.audience} article, or publish one for {article.audience} too",
        )
    return _anchor(found, fragment, target, index, finding)


def _anchor(target: Article, fragment: str, link: str, index: ContentIndex, finding) -> Finding | None:
    anchors = index.anchors.get((target.audience, target.slug), set())
    if not fragment or fragment in anchors or fragment in PLUGIN_ANCHORS:
        return None
    known = ", ".join(f"#{a}" for a in sorted(anchors)[:6]) or "none"
    return finding(
        "broken-anchor",
        f"'{link}': '{target.slug}' has no heading '#{fragment}' (its headings: {known}); "
        "fix the part after # or drop it",
    )


def _looks_like_domain(path: str) -> bool:
    first = path.split("/", 1)[0]
    return bool(_DOMAIN.fullmatch(first)) and first.rsplit(".", 1)[-1].lower() not in _FILE_EXTENSIONS


def _looks_like_video(parts: SplitResult) -> bool:
    host = (parts.hostname or "").lower()
    on_video_host = any(host == h or host.endswith("." + h) for h in _VIDEO_HOSTS)
    return on_video_host or parts.path.lower().endswith(_VIDEO_EXTENSIONS)


def notion_pages(articles: list[Article]) -> dict[str, Article]:
    """Articles pulled from Notion, by their page id (`id` is the Notion page id for those)."""
    return {normalize_id(article.id): article for article in articles if article.id}
