"""HTML fragments kbgen adds around an article: header, videos, links, related articles, dates.

Every value that came from an editor is escaped here; callers pass plain text and URLs that the
content layer has already allow-listed.
"""

from __future__ import annotations

import re
from datetime import date
from html import escape

from kbgen.content.media import VideoEmbed, video_embed
from kbgen.site.contact import contact_line, emergency_notice

_PLAIN_LINKS = {"youtube": "Watch on YouTube", "vimeo": "Watch on Vimeo", "loom": "Watch on Loom",
                "file": "Download the video"}  # fmt: skip

_IMG = re.compile(r"<img\b[^>]*>")
_ATTR = re.compile(r'(\w[\w-]*)="([^"]*)"')


def embed_videos_in_body(html: str) -> str:
    """Turn images that point at an allowed video (`![Title](https://youtu.be/...)`) into embeds."""

    def replace(match: re.Match[str]) -> str:
        attrs = dict(_ATTR.findall(match.group(0)))
        src = _unescape_attr(attrs.get("src", ""))
        embed = video_embed(src)
        if embed is None:
            return match.group(0)
        return video_figure(embed, _unescape_attr(attrs.get("alt", "")) or "Video")

    return _IMG.sub(replace, html)


def _unescape_attr(value: str) -> str:
    return value.replace("&amp;", "&").replace("&quot;", '"').replace("&lt;", "<").replace("&gt;", ">")


def video_figure(embed: VideoEmbed, title: str) -> str:
    """A responsive, lazy-loaded, titled player with a plain link for when embeds are blocked."""
    safe_title = escape(title)
    src = escape(embed.embed_url)
    if embed.host == "file":
        player = f'<video controls preload="none" src="{src}" title="{safe_title}"></video>'
    else:
        player = (
            f'<iframe src="{src}" title="{safe_title}" loading="lazy" '
            'allow="encrypted-media; picture-in-picture; fullscreen" '
            'referrerpolicy="strict-origin-when-cross-origin"></iframe>'
        )
    return (
        f'<figure class="kbgen-video kbgen-video--{embed.host}">'
        f'<div class="kbgen-video__frame">{player}</div>'
        f"<figcaption>{safe_title}<span data-search-exclude> &middot; "
        f'<a href="{escape(embed.source_url)}" rel="noopener">'
        f"{_PLAIN_LINKS[embed.host]}</a></span>"
        "</figcaption></figure>"
    )


def article_header(title: str, summary: str) -> str:
    """The title and the one-sentence answer; `title` is already escaped by the stager."""
    html = f'<h1 id="kbgen-title">{title}</h1>'
    if summary:
        html += f'<p class="kbgen-summary">{escape(summary)}</p>'
    return html


def videos_section(videos: list[dict]) -> str:
    figures = []
    for video in videos:
        embed = video_embed(video["url"])
        if embed is not None:
            figures.append(video_figure(embed, video["title"]))
    if not figures:
        return ""
    return f'<section class="kbgen-videos" aria-label="Videos">{"".join(figures)}</section>'


def links_section(links: list[dict]) -> str:
    if not links:
        return ""
    items = "".join(
        f'<li><a href="{escape(link["url"])}" rel="noopener">{escape(link["title"])}</a></li>'
        for link in links
    )
    return f'<section class="kbgen-links" data-search-exclude><h2>Links</h2><ul>{items}</ul></section>'


def linked_articles(entries: list[dict], summary_tag: str, summary_class: str = "") -> str:
    """`<li>` title links with their summaries, for every list of articles a page shows."""
    attributes = f' class="{summary_class}"' if summary_class else ""
    return "".join(
        f'<li><a href="{escape(entry["url"])}">{entry["title"]}</a>'
        + (
            f"<{summary_tag}{attributes}>{escape(entry['summary'])}</{summary_tag}>"
            if entry["summary"]
            else ""
        )
        + "</li>"
        for entry in entries
    )


def related_section(related: list[dict]) -> str:
    """Related articles of the same audience; `url` values are relative links from this page."""
    if not related:
        return ""
    items = linked_articles(related, "span", "kbgen-related__summary")
    return (
        '<section class="kbgen-related" data-search-exclude>'
        f"<h2>Related articles</h2><ul>{items}</ul></section>"
    )


def updated_line(updated: str | None) -> str:
    if not updated:
        return ""
    day = date.fromisoformat(updated)
    return (
        f'<p class="kbgen-updated" data-search-exclude>Last updated '
        f'<time datetime="{day.isoformat()}">{day.strftime("%B")} {day.day}, {day.year}</time></p>'
    )


def article_list(entries: list[dict]) -> str:
    """The list of articles on a category page: title links with their summaries."""
    return f'<ul class="kbgen-article-list">{linked_articles(entries, "p")}</ul>'


def home_page(site: dict, cards: str) -> str:
    """An audience's home: a search box first, the emergency line for residents, then categories."""
    contact = site.get("contact") or {}
    parts = [
        '<div class="kbgen-hero">',
        f"<h1>{escape(site.get('site_name', 'Help center'))}</h1>",
        f"<p>{escape(site.get('description', ''))}</p>",
        '<button type="button" class="kbgen-hero__search md-button md-button--primary"'
        " data-kbgen-open-search>"
        "Search for an answer</button>",
        "</div>",
    ]
    parts.append(emergency_notice(site.get("emergency_line") or ""))
    parts.append(f'<ul class="kbgen-cards">{cards}</ul>')
    parts.append(contact_line(contact))
    other = site.get("other_audience_url")
    if other:
        other_name = escape(site.get("other_site_name") or "the other help center")
        parts.append(
            f'<p class="kbgen-other-site">Not a {escape(site.get("audience_label", ""))}? '
            f'<a href="{escape(other)}">Go to {other_name}</a>.</p>'
        )
    return "".join(parts)
