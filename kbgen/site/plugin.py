"""The kbgen MkDocs plugin: turns staged pages into help-center pages.

It sanitizes every rendered article body (the one door for editors' HTML), adds the header,
videos, links, related articles and dates, renders the home and category pages, and loads
kbgen's stylesheet and scripts from the theme's `custom_dir`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from html import escape
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from kbgen.site import render
from kbgen.site.contact import emergency_call
from kbgen.site.linkify import link_contacts
from kbgen.site.notfound import not_found_body

# Set by the builder in each build process to count rendered pages for the progress bar.
page_listener: Callable[[], None] | None = None

_UNRESOLVED_MD_LINK = re.compile(r'<a href="(?![a-z]+:|#)([^"]*?\.md(?:#[^"]*)?)"[^>]*>(.*?)</a>', re.S)


class KbgenPlugin(BasePlugin):
    pages: dict[str, dict]

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        pages_file = config.extra.get("kbgen_pages_file")
        self.pages = json.loads(Path(pages_file).read_text(encoding="utf-8")) if pages_file else {}
        site = config.extra.get("kbgen_site") or {}
        config.extra["kbgen_not_found"] = not_found_body(site, _popular(self.pages))
        custom_dir = config.theme.custom_dir
        if custom_dir:
            assets = Path(custom_dir) / "assets"
            if (assets / "stylesheets" / "kbgen.css").is_file():
                config.extra_css.append("assets/stylesheets/kbgen.css")
            for script in sorted((assets / "javascripts").glob("kbgen-*.js")):
                config.extra_javascript.append(f"assets/javascripts/{script.name}")
        return config

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        page.meta["kbgen"] = self.pages.get(page.file.src_uri, {})
        return markdown

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        data = page.meta["kbgen"]
        kind = data.get("kind")
        site = config.extra.get("kbgen_site") or {}
        if kind == "home":
            if site.get("description"):
                page.meta["description"] = escape(site["description"])
            return self._home(page, data, site)
        if kind == "category":
            site_name = escape(site.get("site_name", ""))
            page.meta["description"] = f"{site_name}: articles about {page.meta['title']}."
            entries = [
                {**entry, "url": get_relative_url(entry["path"], page.url)} for entry in data["articles"]
            ]
            return f"<h1>{page.meta['title']}</h1>" + render.article_list(entries)
        if kind != "article":
            return render.sanitize_body(html)

        body = render.embed_videos_in_body(render.sanitize_body(self._unlink_missing(html)))
        summary = data.get("summary", "")
        if summary:
            page.meta["description"] = escape(summary)  # Material writes it into an attribute as is
        emergency_phone = (site.get("contact") or {}).get("emergency_phone")
        is_emergency = data.get("category") in {escape(c) for c in site.get("emergency_categories", [])}
        emergency = emergency_call(emergency_phone) if is_emergency and emergency_phone else ""
        related = [
            {**item, "url": get_relative_url(item["path"], page.url)} for item in data.get("related", [])
        ]
        category_url = get_relative_url(data["category_path"], page.url)
        # Phone numbers and e-mail addresses anywhere in the article (summary, body, related
        # summaries) become tap targets; kbgen's own links are left as they are.
        return link_contacts(
            render.article_header(page.meta["title"], summary)
            + emergency
            + render.videos_section(data.get("videos", []))
            + body
            + render.links_section(data.get("links", []))
            + render.related_section(related)
            + f'<p class="kb-category" data-search-exclude>Filed under <a href="{escape(category_url)}">'
            + f"{data['category']}</a></p>"
            + render.updated_line(data.get("updated"))
        )

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        if page_listener is not None:
            page_listener()
        return output

    @staticmethod
    def _unlink_missing(html: str) -> str:
        """Links MkDocs could not resolve still point at a `.md` file: keep their text only.

        The target may be an article of the other audience, whose name must not leak into this site.
        MkDocs has already warned about the link, naming the page.
        """

        return _UNRESOLVED_MD_LINK.sub(lambda match: match[2], html)

    @staticmethod
    def _home(page: Page, data: dict, site: dict) -> str:
        cards = []
        for category in data.get("categories", []):
            top = "".join(
                f'<li><a href="{escape(get_relative_url(a["path"], page.url))}">{a["title"]}</a></li>'
                for a in category["top"]
            )
            url = escape(get_relative_url(category["path"], page.url))
            count = category["count"]
            plural = "s" if count != 1 else ""
            cards.append(
                f'<li class="kb-card"><h2><a href="{url}">{category["name"]}</a></h2><ul>{top}</ul>'
                f'<a class="kb-card__all" href="{url}">All {count} article{plural}</a></li>'
            )
        return render.home_page(site, "".join(cards))


POPULAR_ARTICLES = 6


def _popular(pages: dict[str, dict]) -> list[dict]:
    """Articles for the 404 page: the first article of each category, in the home page's order."""
    categories = (pages.get("index.md") or {}).get("categories", [])
    return [category["top"][0] for category in categories if category["top"]][:POPULAR_ARTICLES]
