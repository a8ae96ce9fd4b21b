"""The one door for editors' HTML: what a rendered article body may contain.

An article body is untrusted. After Markdown has rendered it, this module
- shows as text every tag that is not allowed HTML ("Never paste a <script> here" stays readable
  instead of swallowing the rest of the article),
- keeps only allowed tags, and on each tag only its allowed attributes (nh3 does the parsing),
- renames author-chosen ids that could clobber an id or a global the theme's or kbgen's scripts
  read (`__config`, `__search`, `window.kbgen`...), and drops classes of those namespaces, so
  an article can never replace Material's configuration nor break the page's scripts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html import unescape

import nh3

# Text structure, lists, tables, media and the markup of the enabled Markdown extensions.
ALLOWED_TAGS = frozenset({
    "a", "abbr", "acronym", "b", "bdi", "bdo", "blockquote", "br", "caption", "cite", "code", "col",
    "colgroup", "data", "dd", "del", "details", "dfn", "div", "dl", "dt", "em", "figcaption", "figure",
    "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "input", "ins", "kbd", "label", "li", "mark",
    "ol", "p", "pre", "q", "rp", "rt", "ruby", "s", "samp", "small", "span", "strike", "strong", "sub",
    "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "time", "tr", "tt", "u", "ul",
    "var", "wbr",
})  # fmt: skip

_EVERY_TAG = frozenset({"class", "id", "title"})
_PER_TAG = {
    "a": {"href"},
    "img": {"src", "alt", "width", "height"},
    "input": {"checked", "disabled"},
    "td": {"align", "colspan", "rowspan"},
    "th": {"align", "colspan", "rowspan"},
    "ol": {"start"},
    "details": {"open"},
}
ALLOWED_ATTRIBUTES = {tag: set(_EVERY_TAG | _PER_TAG.get(tag, set())) for tag in ALLOWED_TAGS}
_ATTRIBUTE_VALUES = {"input": {"type": {"checkbox"}}}  # task lists; never a text field or a button
URL_SCHEMES = frozenset({"http", "https", "mailto", "tel"})

# Ids and classes the page's own scripts and styles own: Material's (`__config`, `__search`,
# `md-...`) and kbgen's (`kbgen-title`, `kbgen-config`, `window.kbgen`...).
_RESERVED_PREFIXES = ("__", "md-", "md_", "kbgen")
# An author id is kept only in this shape (what the `toc` extension and footnotes produce): lower
# case, so it can never name a camelCase global such as `component$` or `document$`.
_AUTHOR_ID = re.compile(r"[a-z0-9][a-z0-9_:.-]*")
AUTHOR_ID_PREFIX = "user-"
# Theme classes an article may carry: Material's documented buttons, and the classes `kbgen pull`
# writes for Notion blocks (toggle headings, bookmark cards), which only style, never script.
_ALLOWED_THEME_CLASSES = frozenset(
    {"md-button", "md-button--primary", "kbgen-toggle-heading", "kbgen-bookmark"}
)

_TAG_START = re.compile(r"<(/?)([A-Za-z][^\s/>]*)")


@dataclass
class SanitizedBody:
    """A safe article body, and what the editor should hear about."""

    html: str
    shown_as_text: list[str] = field(default_factory=list)  # tag names kept visible as text
    renamed_ids: dict[str, str] = field(default_factory=dict)  # author id -> published id


def is_reserved_id(value: str) -> bool:
    """True for an id an article may not publish as written."""
    return not _AUTHOR_ID.fullmatch(value) or value.lower().startswith(_RESERVED_PREFIXES)


def published_id(value: str) -> str:
    """The id an author id is published under: itself, or prefixed out of the reserved namespaces."""
    if not is_reserved_id(value):
        return value
    return AUTHOR_ID_PREFIX + (re.sub(r"[^a-z0-9_:.-]+", "-", value.lower()).strip("-") or "id")


def sanitize_body(html: str) -> SanitizedBody:
    """Remove from rendered Markdown everything that is not plain article content."""
    shown: list[str] = []
    renamed: dict[str, str] = {}

    def show_unknown_tag(match: re.Match[str]) -> str:
        name = match[2].lower()
        if name in ALLOWED_TAGS:
            return match[0]
        if name not in shown:
            shown.append(name)
        return "&lt;" + match[0][1:]

    def filter_attribute(tag: str, attribute: str, value: str) -> str | None:
        if attribute == "id":
            new = published_id(value)
            if new != value:
                renamed[value] = new
            return new
        if attribute == "class":
            kept = [
                name
                for name in value.split()
                if name in _ALLOWED_THEME_CLASSES or not name.lower().startswith(_RESERVED_PREFIXES)
            ]
            return " ".join(kept) or None
        return value

    cleaned = nh3.clean(
        _TAG_START.sub(show_unknown_tag, html),
        tags=set(ALLOWED_TAGS),
        attributes=ALLOWED_ATTRIBUTES,
        tag_attribute_values=_ATTRIBUTE_VALUES,
        attribute_filter=filter_attribute,
        url_schemes=set(URL_SCHEMES),
        link_rel=None,
        strip_comments=True,
    )
    if renamed:
        cleaned = _retarget_fragments(cleaned, renamed)
    return SanitizedBody(cleaned, shown, renamed)


def _retarget_fragments(html: str, renamed: dict[str, str]) -> str:
    """Links to a renamed id inside the same page (permalinks, footnotes) follow it."""

    def retarget(match: re.Match[str]) -> str:
        new = renamed.get(unescape(match[1]))
        return f'href="#{new}"' if new else match[0]

    return re.sub(r'href="#([^"]*)"', retarget, html)


def tags_shown_as_text(text: str) -> list[str]:
    """Tag names in `text` that the sanitizer would show as text, in order of first appearance."""
    names = (match[2].lower() for match in _TAG_START.finditer(text))
    return list(dict.fromkeys(name for name in names if name not in ALLOWED_TAGS))
