"""`kbgen preview`: Draft, In review and Published pages in a site of their own, never the public one.

The preview pulls into its own content tree (`.kbgen-preview/` by default; the public build never reads
it) and builds `site-preview/` with no miss or feedback endpoint (the scripts send nothing). Then every
page gets `noindex` and a "Preview: not published" banner naming the article's status, the sitemaps
go and `robots.txt` disallows everything. `--page URL` pulls the same way but builds only that page and
copies it into the preview site, which is much faster than a whole build.
"""

from __future__ import annotations

import html
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from kbgen.content.article import AUDIENCES
from kbgen.notion.errors import NotionError
from kbgen.notion.ids import parse_notion_id
from kbgen.notion.properties import PREVIEW_KINDS
from kbgen.notion.pull import PullReport, pull_into
from kbgen.notion.state import load_state
from kbgen.progress import Progress
from kbgen.settings import Settings
from kbgen.site.builder import build_sites

DEFAULT_PREVIEW_CONTENT = Path(".kbgen-preview")
DEFAULT_PREVIEW_SITE = Path("site-preview")
NOINDEX = '<meta name="robots" content="noindex, nofollow">'
BANNER_STYLE = (
    "margin:0;padding:.6rem 1rem;background:#7a2e00;color:#fff;"
    "font:600 .9rem/1.4 system-ui,sans-serif;text-align:center"
)
_HEAD = re.compile(r"<head[^>]*>", re.IGNORECASE)
_BODY = re.compile(r"<body[^>]*>", re.IGNORECASE)


@dataclass
class PreviewResult:
    site_dir: Path
    pulled: PullReport
    pages: list[Path] = field(default_factory=list)  # with --page: the page's index.html per audience


def build_preview(
    config_file: Path,
    settings: Settings,
    *,
    content_dir: Path = DEFAULT_PREVIEW_CONTENT,
    site_dir: Path = DEFAULT_PREVIEW_SITE,
    page: str | None = None,
    database: str | None = None,
    progress: Progress | None = None,
) -> PreviewResult:
    """Pull the preview content and build the preview site (or, with `page`, only that page)."""
    pulled = pull_into(
        content_dir,
        database=database,
        full=False,
        settings=settings,
        progress=progress or Progress(),
        kinds=PREVIEW_KINDS,
    )
    labels = settings.notion.status_names
    statuses = {page_id: labels[kind] for page_id, kind in pulled.statuses.items()}
    if page is None:
        build_sites(content_dir, site_dir, config_file, miss_endpoint="", progress=progress)
        mark_preview(site_dir, _slug_statuses(content_dir, statuses))
        return PreviewResult(site_dir, pulled)
    return _build_one_page(config_file, content_dir, site_dir, page, pulled, statuses)


def _build_one_page(
    config_file: Path,
    content_dir: Path,
    site_dir: Path,
    page: str,
    pulled: PullReport,
    statuses: dict[str, str],
) -> PreviewResult:
    try:
        page_id = parse_notion_id(page)
    except ValueError as exc:
        raise NotionError(f"--page: {exc}.") from None
    record = load_state(content_dir).pages.get(page_id)
    if record is None or not record.files:
        raise NotionError(
            f"The page {page_id} is not in the preview: it must be in the help database, with a Status of "
            "Draft, In review or Published and an Audience. Check it in Notion and try again."
        )
    with tempfile.TemporaryDirectory(prefix="kbgen-preview-page-") as scratch:
        one = Path(scratch) / "content"
        for audience, name in record.files.items():
            (one / audience).mkdir(parents=True)
            shutil.copy2(content_dir / audience / name, one / audience / name)
            assets = content_dir / audience / "assets"
            for asset in record.assets.values():
                if (assets / asset).is_file():
                    (one / audience / "assets").mkdir(exist_ok=True)
                    shutil.copy2(assets / asset, one / audience / "assets" / asset)
        built = Path(scratch) / "site"
        build_sites(one, built, config_file, miss_endpoint="")
        slugs = _slug_statuses(one, statuses)
        mark_preview(built, slugs)
        if not (site_dir / "index.html").is_file():
            shutil.rmtree(site_dir, ignore_errors=True)
            shutil.copytree(built, site_dir)
        pages = []
        for audience, slug in ((a, s) for (a, s) in slugs if (built / a / s).is_dir()):
            target = site_dir / audience / slug
            shutil.rmtree(target, ignore_errors=True)
            shutil.copytree(built / audience / slug, target)
            for asset in record.assets.values():
                source = built / audience / "assets" / asset
                if source.is_file():
                    shutil.copy2(source, site_dir / audience / "assets" / asset)
            pages.append(target / "index.html")
    return PreviewResult(site_dir, pulled, pages)


def _slug_statuses(content_dir: Path, statuses: dict[str, str]) -> dict[tuple[str, str], str]:
    """(audience, slug) -> the Notion status option of each pulled article."""
    found = {}
    for audience in AUDIENCES:
        for path in sorted((content_dir / audience).glob("*.md")):
            meta = yaml.safe_load(path.read_text(encoding="utf-8").split("---", 2)[1]) or {}
            page_id = str(meta.get("id") or "")
            if page_id in statuses:
                found[(audience, str(meta.get("slug") or path.stem))] = statuses[page_id]
    return found


def mark_preview(site_dir: Path, statuses: dict[tuple[str, str], str]) -> None:
    """noindex and a banner on every page, no sitemaps, robots.txt disallowing everything."""
    for sitemap in [*site_dir.rglob("sitemap.xml"), *site_dir.rglob("sitemap.xml.gz")]:
        sitemap.unlink()
    (site_dir / "robots.txt").write_text("User-agent: *\nDisallow: /\n", encoding="utf-8")
    for page in site_dir.rglob("*.html"):
        relative = page.relative_to(site_dir).parts
        status = statuses.get((relative[0], relative[1])) if len(relative) == 3 else None
        text = page.read_text(encoding="utf-8")
        text = _HEAD.sub(lambda m: m.group(0) + NOINDEX, text, count=1)
        label = (
            f"Preview: not published (Status: {html.escape(status)})" if status else "Preview: not published"
        )
        banner = f'<p class="kbgen-preview-banner" role="status" style="{BANNER_STYLE}">{label}</p>'
        text = _BODY.sub(lambda m, banner=banner: m.group(0) + banner, text, count=1)
        page.write_text(text, encoding="utf-8")
