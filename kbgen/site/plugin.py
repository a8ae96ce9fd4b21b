"""The kbgen MkDocs plugin: turns staged pages into help-center pages.

It sanitizes every rendered article body (the one door for editors' HTML), adds the header,
videos, links, related articles and dates, renders the home and category pages, and loads
kbgen's stylesheet and scripts from the theme's `custom_dir`.
"""

from __future__ import annotations

import json
import logging
import re
import shutil
import tempfile
from collections.abc import Callable, Iterable
from html import escape
from pathlib import Path

import nh3
from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink
from mkdocs.utils import get_relative_url

from kbgen import __version__
from kbgen.content import load_content
from kbgen.content.ledger import LedgerError, LedgerPage, load_ledger, reconcile
from kbgen.search.facts import SiteFacts, write_site_facts
from kbgen.search.tuning import tune_audience_search
from kbgen.settings import Settings, SettingsError, load_settings
from kbgen.site import csp, render
from kbgen.site.assets import assets_version
from kbgen.site.audience import prepare_audience
from kbgen.site.config import KbgenConfig
from kbgen.site.contact import emergency_call
from kbgen.site.linkify import link_contacts
from kbgen.site.notfound import not_found_body
from kbgen.site.redirects import write_audience_ledger_pages
from kbgen.site.sanitize import sanitize_body

log = logging.getLogger("mkdocs.plugins.kbgen")

_UNRESOLVED_MD_LINK = re.compile(r'<a href="(?![a-z]+:|#)([^"]*?\.md(?:#[^"]*)?)"[^>]*>(.*?)</a>', re.S)


class KbgenPlugin(BasePlugin[KbgenConfig]):
    """Renders one audience's help center.

    Given `pages_file` (what `kbgen build` stages), it renders those pages; given only `audience`, it
    reads `docs_dir` as kbgen's content folder and stages that audience itself, so a plain
    `mkdocs build` makes the same site as `kbgen build` does for one audience.
    """

    pages: dict[str, dict]
    _assets_version = ""
    _staging: Path | None = None  # the docs folder this plugin staged itself, removed at shutdown
    _content_dir: Path | None = None
    _ledger_pages: list[LedgerPage]
    _settings: Settings | None = None

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Defined so MkDocs keeps one instance across `mkdocs serve` rebuilds (see on_shutdown)."""

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self._ledger_pages = []
        if self.config.pages_file is None and self.config.audience is not None:
            self._stage_alone(config)
        pages_file = self.config.pages_file
        self.pages = json.loads(Path(pages_file).read_text(encoding="utf-8")) if pages_file else {}
        site = self.config.site
        config.site_name = site.get("site_name") or config.site_name
        config.site_url = site.get("site_url") or config.site_url
        custom_dir = config.theme.custom_dir
        self._assets_version = ""
        if custom_dir:
            assets = Path(custom_dir) / "assets"
            self._assets_version = version = assets_version(assets)
            if (assets / "stylesheets" / "kbgen.css").is_file():
                config.extra_css.append(f"assets/stylesheets/kbgen.css?v={version}")
            for script in sorted((assets / "javascripts").glob("kbgen-*.js")):
                config.extra_javascript.append(f"assets/javascripts/{script.name}?v={version}")
        return config

    def on_env(self, env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
        """The theme's templates (overrides/main.html, 404.html) read the audience's data as `kbgen`."""
        env.globals["kbgen"] = {
            "site": self.config.site,
            "assets_version": self._assets_version,
            "colors_css": self.config.colors_css,
            "not_found": not_found_body(self.config.site, _popular(self.pages)),
        }
        return env

    def on_serve(
        self, server: LiveReloadServer, *, config: MkDocsConfig, builder: Callable
    ) -> LiveReloadServer:
        """`mkdocs serve` rebuilds when the articles change, not when this plugin re-stages them."""
        if self._content_dir is not None:
            server.unwatch(config.docs_dir)
            server.watch(str(self._content_dir))
        return server

    def on_shutdown(self) -> None:
        if self._staging is not None:
            shutil.rmtree(self._staging, ignore_errors=True)
            self._staging = None

    def _stage_alone(self, config: MkDocsConfig) -> None:
        """Stage the audience from the content folder `docs_dir`, with the settings of `extra.kbgen`,
        as `kbgen build` does; MkDocs then builds the staged folder."""
        audience = self.config.audience
        content_dir = Path(config.docs_dir)
        try:
            settings = load_settings(Path(config.config_file_path))
            content = load_content(content_dir)
            plan = reconcile(load_ledger(content_dir), content.articles)
        except (SettingsError, LedgerError) as exc:
            raise PluginError(str(exc)) from exc
        for problem in content.problems:
            if problem.source.is_relative_to(content_dir / audience):
                log.warning(str(problem))
        self.on_shutdown()
        self._staging = Path(tempfile.mkdtemp(prefix=f"kbgen-{audience}-"))
        prepared = prepare_audience(content, content_dir, settings, audience, self._staging / audience)
        chosen_vocabulary = self.config.vocabulary_dir
        for key, value in prepared.plugin_options.items():
            self.config[key] = value
        if chosen_vocabulary:  # else synonyms.yml beside this config file, as kbgen build reads it
            self.config.vocabulary_dir = chosen_vocabulary
        config.docs_dir = str(prepared.staged.docs_dir)
        config.nav = prepared.staged.nav
        self._content_dir = content_dir
        self._settings = settings
        self._ledger_pages = plan.pages.get(audience, [])

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        page.meta["kbgen"] = self.pages.get(page.file.src_uri, {})
        return markdown

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        data = page.meta["kbgen"]
        kind = data.get("kind")
        site = self.config.site
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
            return self._sanitize(html, page)

        body = render.embed_videos_in_body(self._sanitize(self._unlink_missing(html), page))
        summary = data.get("summary", "")
        if summary:
            page.meta["description"] = escape(summary)  # Material writes it into an attribute as is
        emergency_line = site.get("emergency_line")
        is_emergency = data.get("category") in {escape(c) for c in site.get("emergency_categories", [])}
        emergency = emergency_call(emergency_line) if is_emergency and emergency_line else ""
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
            + '<p class="kbgen-filed-under" data-search-exclude>'
            + f"Filed under <a href=\"{escape(category_url)}\">{data['category']}</a></p>"
            + render.updated_line(data.get("updated"))
        )

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        if self.config.page_rendered is not None:
            self.config.page_rendered()
        return self._fill_policy(output, page.content or "", config)

    def on_post_template(self, output_content: str, *, template_name: str, config: MkDocsConfig) -> str:
        return (
            self._fill_policy(output_content, "", config)
            if template_name.endswith(".html")
            else output_content
        )

    @event_priority(-100)  # after Material's search plugin has written the index
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """Tune the search index with the vocabulary and write the site's facts (kbgen.json)."""
        audience = self.config.audience
        if audience is None:
            return
        site_dir = Path(config.site_dir)
        vocabulary_dir = self.config.vocabulary_dir or Path(config.config_file_path).parent
        tune_audience_search(site_dir, audience, Path(vocabulary_dir))
        if self._settings is not None:
            write_audience_ledger_pages(site_dir, self._ledger_pages, self._settings, audience)
        contact = self.config.site.get("contact") or {}
        write_site_facts(
            site_dir,
            SiteFacts(
                audience=audience,
                site_url=config.site_url or "",
                contacts={str(k): str(v) for k, v in contact.items() if v},
                emergency_line=self.config.site.get("emergency_line") or "",
                version=__version__,
            ),
        )

    def _fill_policy(self, output: str, article_html: str, config: MkDocsConfig) -> str:
        return csp.fill_policy(
            output,
            article_html,
            endpoint=self.config.site.get("miss_endpoint") or "",
            google_fonts=bool(config.theme.get("font")),
        )

    @staticmethod
    def _sanitize(html: str, page: Page) -> str:
        """The sanitized body; the page's table of contents follows the ids the sanitizer renamed."""
        body = sanitize_body(html)
        if body.shown_as_text:
            tags = ", ".join(f"<{name}>" for name in body.shown_as_text)
            log.warning(
                f"Doc file '{page.file.src_uri}' contains {tags}, which an article may not use as HTML: "
                "it is shown as text; write it in `code` if that is what you meant, or remove it"
            )
        _clean_toc(page.toc, body.renamed_ids)
        return body.html

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
                f'<li class="kbgen-category-card"><h2><a href="{url}">{category["name"]}</a></h2>'
                f"<ul>{top}</ul>"
                f'<a class="kbgen-category-card__all" href="{url}">All {count} article{plural}</a></li>'
            )
        return render.home_page(site, "".join(cards))


POPULAR_ARTICLES = 6


def _popular(pages: dict[str, dict]) -> list[dict]:
    """Articles for the 404 page: the first article of each category, in the home page's order."""
    categories = (pages.get("index.md") or {}).get("categories", [])
    return [category["top"][0] for category in categories if category["top"]][:POPULAR_ARTICLES]


def _clean_toc(items: Iterable[AnchorLink], renamed: dict[str, str]) -> None:
    """Headings reach the navigation and the search index through the table of contents, whose
    titles are HTML from the unsanitized body: keep their text only, and the ids as published."""
    for item in items:
        item.title = nh3.clean(item.title, tags=set())
        item.id = renamed.get(item.id, item.id)
        _clean_toc(item.children, renamed)
