"""Read built HTML as a browser's parser would and list everything that could run or clobber."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from kbgen.content.media import EMBED_ORIGINS
from kbgen.site.csp import inline_script_hashes
from tests.security.payloads import RESERVED_IDS

_URL_ATTRIBUTES = {
    "href",
    "src",
    "action",
    "formaction",
    "srcdoc",
    "data",
    "poster",
    "xlink:href",
    "background",
}
_BAD_SCHEME = re.compile(r"^(?:javascript|data|vbscript):", re.I)
_C0_AND_SPACE = "".join(map(chr, range(0x21)))  # stripped from both ends of a URL
_TAB_OR_NEWLINE = re.compile(r"[\t\n\r]")  # a browser's URL parser drops these anywhere
# Elements no article may ever contain (the theme's own live outside the article).
FORBIDDEN_IN_ARTICLE = {
    "script", "style", "object", "embed", "base", "form", "textarea", "noscript", "template",
    "svg", "math", "xmp", "title", "meta", "link", "frame", "frameset", "plaintext", "noembed", "select",
    "button",
}  # fmt: skip


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str], bool]] = []  # tag, attributes, inside <article>
        self.article_depth = 0
        self.script_sources: list[tuple[dict[str, str], str]] = []
        self._script: dict[str, str] | None = None
        self._script_text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {name: value or "" for name, value in attrs}
        if tag == "article":
            self.article_depth += 1
        self.elements.append((tag, attributes, self.article_depth > 0))
        if tag == "script":
            self._script, self._script_text = attributes, []

    def handle_endtag(self, tag: str) -> None:
        if tag == "article" and self.article_depth:
            self.article_depth -= 1
        if tag == "script" and self._script is not None:
            self.script_sources.append((self._script, "".join(self._script_text)))
            self._script = None

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._script_text.append(data)


def audit(html: str, *, page: bool = True) -> list[str]:
    """What in `html` could run script, frame another site or clobber the theme's ids; [] when safe.

    `page`: a whole page (its CSP and the theme's scripts are checked); else a fragment, such as a
    search index entry, in which nothing may be live at all.
    """
    collector = _Collector()
    collector.feed(html)
    collector.close()
    problems = []
    allowed_hashes = set(_policy_hashes(html)) if page else set()
    for tag, attributes, in_article in collector.elements:
        where = f"<{tag} {attributes}>"
        for name, value in attributes.items():
            if name.startswith("on"):
                problems.append(f"event handler {name} on {where}")
            theme_button = page and not in_article and value == "javascript:void(0)"  # Material's share
            if (
                name in _URL_ATTRIBUTES
                and _BAD_SCHEME.match(_TAB_OR_NEWLINE.sub("", value).strip(_C0_AND_SPACE))
                and not theme_button
            ):
                problems.append(f"script URL in {name} of {where}")
            if name == "style" and ("url(" in value or "expression" in value):
                problems.append(f"style with url() on {where}")
        if tag == "iframe" and not attributes.get("src", "").startswith(
            tuple(o + "/" for o in EMBED_ORIGINS)
        ):
            problems.append(f"frame from another host: {where}")
        if (in_article or not page) and tag in FORBIDDEN_IN_ARTICLE:
            problems.append(f"{tag} element in article content: {where}")
        if (in_article or not page) and ("name" in attributes or "form" in attributes):
            problems.append(f"name/form attribute in article content: {where}")
        element_id = attributes.get("id", "")
        theme_id = element_id.startswith("__") or element_id in RESERVED_IDS
        if (in_article or not page) and theme_id and not (tag == "h1" and element_id == "kbgen-title"):
            problems.append(f"theme-namespace id in article content: {where}")
    if page:
        for attributes, text in collector.script_sources:
            if "src" in attributes:
                if re.match(r"^(?:[a-z]+:)?//", attributes["src"], re.I):
                    problems.append(f"script from another origin: {attributes['src']}")
                continue
            if attributes.get("type", "") in ("", "text/javascript", "module") and not (
                set(inline_script_hashes(f"<script>{text}</script>")) <= allowed_hashes
            ):
                problems.append(f"inline script not allowed by the page's policy: {text[:80]!r}")
        config = [
            attributes for tag, attributes, _ in collector.elements if attributes.get("id") == "__config"
        ]
        if len(config) > 1:
            problems.append(f"{len(config)} elements with id __config")
    return problems


def _policy_hashes(html: str) -> list[str]:
    match = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)"', html)
    if not match:
        return []
    script_src = next((d for d in match[1].split(";") if d.strip().startswith("script-src")), "")
    return [source for source in script_src.split() if source.startswith("'sha256-")]


def policy_of(html: str) -> str:
    match = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)"', html)
    return match[1] if match else ""
