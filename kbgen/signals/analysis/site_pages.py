"""The articles of a built site, as the re-check needs them: title, tags and the words of the page.

Read from the site's `search/search_index.json` (what the browser searches), merging each page's
sections. Blocks kbgen adds to every article (sections with a `kbgen-` anchor, such as related
articles) are left out: their words belong to other articles.
"""

from __future__ import annotations

import html as html_module
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from kbgen.search import find_sites, keyword_sets
from kbgen.search.site_index import INDEX_PATH

_MARKUP = re.compile(r"<[^>]*>")


@dataclass
class Page:
    location: str  # as in the index: "pay-rent-online/"
    title: str
    tags: list[str] = field(default_factory=list)
    headings: list[str] = field(default_factory=list)
    text: list[str] = field(default_factory=list)  # the text of every section
    keywords: str = ""  # the hidden synonyms field the build adds (the vocabulary's groups)

    @property
    def headline(self) -> str:
        """What a visitor scans and Material boosts most: title, tags, keywords and headings."""
        return " ".join([self.title, *self.tags, self.keywords, *self.headings])

    @property
    def all_text(self) -> str:
        return " ".join([self.headline, *self.text])


def load_pages(site_dir: Path, audience: str) -> dict[str, Page]:
    """The article pages of `audience`'s help center in `site_dir` (the folder its kbgen.json names),
    by location; empty when that help center is not built."""
    folder = find_sites(site_dir).get(audience)
    index_file = folder / INDEX_PATH if folder else None
    if index_file is None or not index_file.is_file():
        return {}
    docs = keyword_sets.expand(json.loads(index_file.read_text(encoding="utf-8"))).get("docs", [])
    pages: dict[str, Page] = {}
    for doc in docs:
        location = str(doc.get("location", ""))
        path, _, anchor = location.partition("#")
        if not path or path.startswith(("category/", "404")) or anchor.startswith("kbgen-"):
            continue
        page = pages.setdefault(path, Page(location=path, title=""))
        if anchor:
            page.headings.append(_plain(str(doc.get("title", ""))))
        else:
            page.title = _plain(str(doc.get("title", "")))
            page.tags = [str(tag) for tag in doc.get("tags", []) or []]
            page.keywords = str(doc.get("keywords") or "")  # when the build adds one
        page.text.append(_plain(str(doc.get("text", ""))))
    return pages


def article_location(page: str, audience: str) -> str:
    """The article's location in its site from the path the browser saw, wherever the site is hosted."""
    marker = f"/{audience}/"
    at = page.find(marker)
    return page[at + len(marker) :] if at >= 0 else page.lstrip("/")


def _plain(html: str) -> str:
    return html_module.unescape(_MARKUP.sub(" ", html))
