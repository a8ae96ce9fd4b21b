"""The body of each help center's 404 page: never a dead end.

It offers the search (a plain form: Material opens its search from `?q=` on the home page, and the
form works without JavaScript), the most useful articles, how to reach a person and, on the
resident site, the emergency line first.
"""

from __future__ import annotations

from html import escape
from urllib.parse import urlsplit

from kbgen.site.contact import contact_line, emergency_notice


def not_found_body(site: dict, popular: list[dict]) -> str:
    """`site` is the plugin's `site` option (the audience's facts); `popular` entries have `path`
    (from the site root) and an escaped `title`. Links are absolute paths: the page answers at any depth."""
    root = urlsplit(site.get("site_url") or "/").path or "/"
    contact = site.get("contact") or {}
    parts = [
        "<h1>We couldn't find that page</h1>",
        "<p>The link may be old or mistyped. Search for what you need, or start from a popular article.</p>",
    ]
    parts.append(emergency_notice(site.get("emergency_line") or ""))
    parts.append(
        '<form class="kbgen-notfound-search" role="search" aria-label="Search this help center" '
        f'action="{escape(root)}" method="get">'
        '<label for="kbgen-notfound-q">Search the help center</label>'
        '<input id="kbgen-notfound-q" name="q" type="search" autocomplete="off" required>'
        '<button class="md-button md-button--primary" type="submit">Search</button></form>'
    )
    if popular:
        items = "".join(f'<li><a href="{escape(root + a["path"])}">{a["title"]}</a></li>' for a in popular)
        parts.append(
            f'<h2 id="kbgen-popular">Popular articles</h2><ul aria-labelledby="kbgen-popular">{items}</ul>'
        )
    parts.append(contact_line(contact, lead="Can't find it?"))
    parts.append(
        f'<p><a href="{escape(root)}">Go to the home page of '
        f"{escape(site.get('site_name', 'the help center'))}</a>.</p>"
    )
    return "".join(parts)
