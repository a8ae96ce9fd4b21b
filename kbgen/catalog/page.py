"""The catalog as one internal HTML page a CSR keeps open: a filter box, both audiences side by side,
copy buttons. Every value from an article is escaped; the copy buttons' script (copy.js) is inlined,
so the page works from a file with no server."""

from __future__ import annotations

from datetime import date
from html import escape
from importlib.resources import files
from itertools import groupby
from operator import attrgetter
from string import Template

from kbgen.catalog.entries import CatalogEntry
from kbgen.site.csp import fill_policy


def to_html(entries: list[CatalogEntry], *, company: str, site_names: dict[str, str], source: str) -> str:
    """The catalog page; the copy buttons' script (copy.js, which the public sites never load) is inlined."""
    script = files("kbgen.catalog").joinpath("copy.js").read_text(encoding="utf-8")
    template = Template(files("kbgen.catalog").joinpath("page.html").read_text(encoding="utf-8"))
    columns = [
        _column(audience, site_names.get(audience, audience), list(group))
        for audience, group in groupby(entries, key=attrgetter("audience"))
    ]
    page = template.substitute(
        company=escape(company),
        count=len(entries),
        source=escape(source),
        generated=date.today().isoformat(),
        columns="\n".join(columns),
        copy_script=script.replace("</", "<\\/"),
    )
    return fill_policy(page, "")  # its own two scripts run, by their hashes; nothing else would


def _column(audience: str, site_name: str, entries: list[CatalogEntry]) -> str:
    items = "\n".join(_item(entry) for entry in entries)
    name = escape(audience)
    return (
        f'<section class="column" data-audience="{name}" aria-labelledby="kbgen-{name}">\n'
        f'<h2 id="kbgen-{name}">{escape(site_name)} ({len(entries)})</h2>\n'
        f"<ol>\n{items}\n</ol>\n"
        f'<p class="none" hidden>No {name} article matches.</p>\n</section>'
    )


def _item(entry: CatalogEntry) -> str:
    haystack = " ".join((entry.title, entry.summary, entry.category, entry.short_url)).lower()
    updated = f" · updated {escape(entry.updated)}" if entry.updated else ""
    buttons = "".join(
        f'<button type="button" class="kbgen-copy" data-kbgen-copy="{escape(text)}">'
        f'<span class="kbgen-copy__label">{label}</span></button>'
        for label, text in (
            ("Copy link", entry.url),
            ("Copy short link", entry.short_url),
            ("Copy reply", entry.reply),
        )
    )
    return (
        f'<li class="entry" data-text="{escape(haystack)}">'
        f'<h3><a href="{escape(entry.url)}" target="_blank" rel="noopener">{escape(entry.title)}</a></h3>'
        f'<p class="meta">{escape(entry.category)}{updated}</p>'
        + (f'<p class="summary">{escape(entry.summary)}</p>' if entry.summary else "")
        + f'<p class="urls"><code>{escape(entry.url)}</code> · <code>{escape(entry.short_url)}</code></p>'
        f'<div class="actions">{buttons}</div></li>'
    )
