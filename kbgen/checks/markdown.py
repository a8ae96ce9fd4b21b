"""Read an article body the way an editor wrote it: its links, images and heading anchors, each with
the line it is on, so every finding can point at the line to fix.

This is a scanner, not a Markdown renderer: it skips fenced code and code spans and understands the
link forms editors use (inline, reference definitions, autolinks, raw `<a>` and `<img>`). Heading ids
come from Python-Markdown's own `slugify` and `unique`, the functions the `toc` extension uses.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from markdown.extensions.toc import slugify, unique

from kbgen.site.sanitize import tags_shown_as_text

_FENCE = re.compile(r"^\s*(`{3,}|~{3,})")
_CODE_SPAN = re.compile(r"(`+)(.+?)\1")
_COMMENT = re.compile(r"<!--.*?-->")
_INLINE = re.compile(r"(!?)\[([^\]]*)\]\(\s*<?([^)\s>]*)>?(?:\s+\"[^\"]*\"|\s+'[^']*')?\s*\)")
_REFERENCE = re.compile(r"^ {0,3}\[([^\]]+)\]:\s*<?([^\s>]+)>?")
_AUTOLINK = re.compile(r"<((?:https?|mailto|tel):[^>\s]+)>")
_EMAIL_AUTOLINK = re.compile(r"<[^<>@\s]+@[^<>@\s]+>")
_HTML_A = re.compile(r"<a\b[^>]*?\bhref\s*=\s*[\"']([^\"']*)[\"']", re.I)
_HTML_IMG = re.compile(r"<img\b[^>]*>", re.I)
_HTML_ATTR = re.compile(r"([\w-]+)\s*=\s*(?:\"([^\"]*)\"|'([^']*)')")
_HTML_ID = re.compile(r"<[a-z][^>]*?\bid\s*=\s*[\"']([^\"']+)[\"']", re.I)
_ATX = re.compile(r"^ {0,3}(#{1,6})\s+(.*?)(?:\s+#+)?\s*$")
_SETEXT = re.compile(r"^ {0,3}(=+|-+)\s*$")
_ATTR_LIST = re.compile(r"\{:?([^}]*)\}\s*$")
_ATTR_ID = re.compile(r"#([\w-]+)")
_NOT_PARAGRAPH = re.compile(r"^\s*(?:[-*+>|#]|\d+[.)]\s|$)")
_EMPHASIS = re.compile(r"\*\*|\*|~~|(?<!\w)_+|_+(?!\w)")
_TAG = re.compile(r"<[^>]+>")
# A backslash-escaped character is text for Python-Markdown (and its extensions): `\[x\](y)` is no link.
_ESCAPED = re.compile(r"\\[\\`*_{}\[\]()<>#+\-.!|~^=$:\"]")


@dataclass(frozen=True)
class BodyLink:
    """A link or image as written; `text` is the link text or the image's alt text."""

    target: str
    line: int
    is_image: bool = False
    text: str = ""


@dataclass
class BodyScan:
    links: list[BodyLink] = field(default_factory=list)
    anchors: set[str] = field(default_factory=set)  # ids a `#fragment` may point at
    shown_as_text: list[tuple[str, int]] = field(default_factory=list)  # (tag name, line)


def scan_body(body: str, first_line: int = 1) -> BodyScan:
    """Links, images and anchors of a Markdown body whose first line is line `first_line` of its file."""
    scan = BodyScan()
    fence = ""
    previous = ""
    for number, raw in enumerate(body.splitlines(), start=first_line):
        opening = _FENCE.match(raw)
        if fence:
            if opening and opening.group(1)[0] == fence[0] and len(opening.group(1)) >= len(fence):
                fence = ""
            continue
        if opening:
            fence = opening.group(1)
            continue
        line = _COMMENT.sub("", raw)
        readable = _ESCAPED.sub("  ", _CODE_SPAN.sub(lambda m: " " * len(m.group(0)), line))
        _collect_links(readable, number, scan)
        autolinks_removed = _EMAIL_AUTOLINK.sub("", _AUTOLINK.sub("", readable))
        scan.shown_as_text.extend((name, number) for name in tags_shown_as_text(autolinks_removed))
        _collect_anchors(line, previous, scan)
        previous = line
    return scan


def _collect_links(line: str, number: int, scan: BodyScan) -> None:
    if "[" not in line and "<" not in line:  # most lines: no link of any form
        return
    for match in _INLINE.finditer(line):
        scan.links.append(BodyLink(match[3], number, is_image=bool(match[1]), text=match[2]))
    reference = _REFERENCE.match(line)
    if reference:
        scan.links.append(BodyLink(reference[2], number, text=reference[1]))
    for match in _AUTOLINK.finditer(line):
        scan.links.append(BodyLink(match[1], number, text=match[1]))
    for match in _HTML_A.finditer(line):
        scan.links.append(BodyLink(html.unescape(match[1]), number))
    for match in _HTML_IMG.finditer(line):
        attributes = {name.lower(): html.unescape(a or b) for name, a, b in _HTML_ATTR.findall(match[0])}
        scan.links.append(
            BodyLink(attributes.get("src", ""), number, is_image=True, text=attributes.get("alt", ""))
        )


def _collect_anchors(line: str, previous: str, scan: BodyScan) -> None:
    scan.anchors.update(_HTML_ID.findall(line))
    heading = _ATX.match(line)
    text = heading[2] if heading else None
    if text is None and _SETEXT.match(line) and not _NOT_PARAGRAPH.match(previous):
        text = previous.strip()
    attr_list = _ATTR_LIST.search(text if text is not None else line)
    explicit = _ATTR_ID.search(attr_list[1]) if attr_list else None
    if explicit:
        scan.anchors.add(explicit[1])
    elif text is not None:
        unique(slugify(heading_text(text), "-"), scan.anchors)


def heading_text(markdown_text: str) -> str:
    """The text a heading renders to: links and emphasis reduced to their words, tags dropped."""
    text = _ATTR_LIST.sub("", markdown_text)
    text = _INLINE.sub(lambda m: "" if m[1] else m[2], text)
    text = _TAG.sub("", _EMPHASIS.sub("", text.replace("`", "")))
    return html.unescape(text).strip()
