"""A page's block tree -> the Markdown body of an article, as Python-Markdown + the site's extensions read it.

Nesting is 4 spaces (Python-Markdown ignores less); toggles become `???` collapsible blocks, toggle
headings `<details>` whose summary is the heading (so it stays in the table of contents), callouts
`!!!` admonitions without an invented title; videos are images whose URL is the video (the site turns
them into embeds); captioned images are `<figure>`s; bookmarks are cards. A child page is a section of
its article. Videos at the top of the page and a "Links" section become the article's `videos` and
`links`, as in a hand-written article. A block that cannot be converted becomes a warning, never an
exception. Headings move one level down: the article title is the page's only `<h1>`. The README's
table "Notion block -> what readers see" is the user-facing summary of this module.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html import escape
from urllib.parse import urlsplit

from kbgen.content.media import video_embed
from kbgen.notion.filetypes import IMAGE_EXTENSIONS
from kbgen.notion.ids import notion_url_id
from kbgen.notion.richtext import (
    Json,
    LinkResolver,
    escape_text,
    plain_text,
    render_rich_text,
    render_title,
    safe_url,
)

LIST_FAMILIES = {"bulleted_list_item": "ul", "to_do": "ul", "numbered_list_item": "ol"}
CONTAINERS = frozenset({"column_list", "column", "synced_block", "tab"})
DROPPED = frozenset({"table_of_contents", "breadcrumb"})  # the theme shows both
FILE_BLOCKS = frozenset({"image", "video", "pdf", "file", "audio"})
HEADING_LEVELS = {"heading_1": 2, "heading_2": 3, "heading_3": 4, "heading_4": 5}
CHILD_PAGE_LEVEL = 2  # a child page's title is a section heading of its article
EMPTY_ITEM = "&#8203;"  # an empty list item still needs content to stay a list item
# Python-Markdown merges a bulleted list into a numbered one that follows it; a comment keeps them apart
# and is removed by the site's sanitizer, so no empty paragraph is left between the lists.
LIST_SEPARATOR = "<!-- -->"
LINKS_HEADINGS = frozenset({"links", "useful links"})

_CALLOUT_BY_EMOJI = {
    "⚠️": "warning", "⚠": "warning", "🚧": "warning", "❗": "danger", "‼️": "danger", "🚨": "danger",
    "⛔": "danger", "🛑": "danger", "❌": "failure", "💡": "tip", "✨": "tip", "ℹ️": "info", "ℹ": "info",
    "✅": "success", "✔️": "success", "❓": "question", "🤔": "question", "📝": "note", "📌": "note",
    "🐛": "bug", "💬": "quote", "📖": "example",
}  # fmt: skip
_CALLOUT_BY_COLOR = {"red": "danger", "orange": "warning", "yellow": "warning", "green": "success",
                     "blue": "info", "purple": "example", "pink": "tip"}  # fmt: skip
_LANGUAGES = {"plain text": "text", "c++": "cpp", "c#": "csharp", "f#": "fsharp", "shell": "shell"}


@dataclass
class PageBody:
    markdown: str
    warnings: list[str] = field(default_factory=list)
    videos: list[dict[str, str]] = field(default_factory=list)  # url, title: for the front matter
    links: list[dict[str, str]] = field(default_factory=list)  # title, url: for the front matter


def render_page_body(blocks: list[Json], links: LinkResolver, assets: dict[str, str]) -> PageBody:
    """Markdown for a fetched block tree; `assets` maps a block id to its downloaded file name."""
    renderer = _Renderer(links, assets)
    videos, rest = _leading_videos(blocks)
    link_list, rest = _links_section(rest)
    markdown = "\n\n".join(renderer.blocks(rest)).strip()
    return PageBody(
        markdown + "\n" if markdown else "",
        renderer.warnings,
        [{"url": url, "title": title} for url, title in videos],
        [{"title": title, "url": url} for title, url in link_list],
    )


def _leading_videos(blocks: list[Json]) -> tuple[list[tuple[str, str]], list[Json]]:
    """Video blocks at the very top of the page that link YouTube, Vimeo, Loom or an https .mp4 file."""
    videos = []
    for index, block in enumerate(blocks):
        payload = block.get("video") if block.get("type") == "video" else None
        url = str(((payload or {}).get("external") or {}).get("url") or "").strip()
        if not isinstance(payload, dict) or payload.get("type") != "external" or video_embed(url) is None:
            return videos, blocks[index:]
        videos.append((url, " ".join(plain_text(payload.get("caption")).split()) or "Video"))
    return videos, []


def _links_section(blocks: list[Json]) -> tuple[list[tuple[str, str]], list[Json]]:
    """A heading "Links" followed only by list items or bookmarks that are each one web link."""
    for index, block in enumerate(blocks):
        kind = str(block.get("type"))
        heading = plain_text((block.get(kind) or {}).get("rich_text")) if kind in HEADING_LEVELS else ""
        if heading.strip().lower() not in LINKS_HEADINGS or block.get("children"):
            continue
        end = index + 1
        found = []
        while end < len(blocks) and (link := _link_item(blocks[end])) is not None:
            found.append(link)
            end += 1
        if found and (end == len(blocks) or blocks[end].get("type") in HEADING_LEVELS):
            return found, blocks[:index] + blocks[end:]
    return [], blocks


def _link_item(block: Json) -> tuple[str, str] | None:
    """(title, url) when the block is a bookmark or a list item made of one http(s) link and nothing else."""
    kind = str(block.get("type"))
    payload = block.get(kind) if isinstance(block.get(kind), dict) else {}
    if kind == "bookmark":
        url = str(payload.get("url") or "").strip()
        title = " ".join(plain_text(payload.get("caption")).split()) or _short_url(url)
    elif kind in LIST_FAMILIES and kind != "to_do" and not block.get("children"):
        runs = [run for run in payload.get("rich_text") or [] if str(run.get("plain_text") or "").strip()]
        urls = {str(run.get("href") or "") for run in runs}
        if len(urls) != 1:
            return None
        url, title = urls.pop(), " ".join(plain_text(runs).split())
    else:
        return None
    is_web = urlsplit(url).scheme in ("http", "https") and safe_url(url) is not None
    return (title, url) if is_web and title and notion_url_id(url) is None else None


def _short_url(url: str) -> str:
    parts = urlsplit(url)
    return (parts.netloc.removeprefix("www.") + parts.path.rstrip("/")) or url


def indent(text: str, spaces: int = 4) -> str:
    pad = " " * spaces
    return "\n".join(pad + line if line.strip() else "" for line in text.split("\n"))


class _Renderer:
    def __init__(self, links: LinkResolver, assets: dict[str, str]) -> None:
        self.assets = assets
        self.warnings: list[str] = []
        self._block: Json = {}
        self.links = LinkResolver(links.article_link, links.article_title, self.warn, links.mentions)
        self.heading_shift = 0  # levels added inside child pages

    def warn(self, message: str) -> None:
        self.warnings.append(
            f"block {self._block.get('id', '?')} ({self._block.get('type', '?')}): {message}"
        )

    def blocks(self, blocks: list[Json]) -> list[str]:
        """Markdown chunks, to be separated by blank lines; list items of one list are grouped."""
        chunks: list[str] = []
        index = 0
        previous_family = None
        while index < len(blocks):
            family = LIST_FAMILIES.get(str(blocks[index].get("type")))
            if family is None:
                chunks.extend(self._safely(blocks[index]))
                index += 1
                previous_family = None
                continue
            end = index
            while end < len(blocks) and LIST_FAMILIES.get(str(blocks[end].get("type"))) == family:
                end += 1
            if previous_family is not None:
                chunks.append(LIST_SEPARATOR)
            chunks.append(self._list(blocks[index:end]))
            previous_family = family
            index = end
        return [chunk for chunk in chunks if chunk.strip()]

    def _safely(self, block: Json) -> list[str]:
        self._block = block
        try:
            return self._block_chunks(block)
        except (KeyError, TypeError, ValueError, AttributeError, IndexError) as exc:
            self._block = block
            self.warn(f"could not be converted ({type(exc).__name__}: {exc}): left out")
            return []

    def _children(self, block: Json) -> list[str]:
        chunks = self.blocks(block.get("children") or [])
        self._block = block
        return chunks

    def _block_chunks(self, block: Json) -> list[str]:
        kind = str(block.get("type"))
        payload = block.get(kind) if isinstance(block.get(kind), dict) else {}
        if kind == "paragraph":
            return [self._text(payload), *self._children(block)]
        if kind in HEADING_LEVELS:
            return self._heading(HEADING_LEVELS[kind], payload, block)
        if kind == "toggle":
            return [self._collapsible(payload, block)]
        if kind == "callout":
            return [self._callout(payload, block)]
        if kind == "quote":
            body = "\n\n".join([self._text(payload), *self._children(block)]).strip()
            return ["\n".join(f"> {line}" if line.strip() else ">" for line in body.split("\n"))]
        if kind == "code":
            caption = " ".join(plain_text(payload.get("caption")).split())
            source = plain_text(payload.get("rich_text"))
            return [code_block(source, str(payload.get("language") or ""), caption)]
        if kind == "divider":
            return ["---"]
        if kind == "equation":
            return [self._equation(str(payload.get("expression") or ""))]
        if kind == "table":
            return [self._table(payload, block.get("children") or [])]
        if kind in FILE_BLOCKS:
            return [self._file(kind, payload, str(block.get("id")))]
        if kind in ("embed", "bookmark", "link_preview"):
            return [self._web_link(kind, payload)]
        if kind == "link_to_page":
            return [self._page_link(str(payload.get("page_id") or payload.get("database_id") or ""), "")]
        if kind == "child_page":
            return self._child_page(str(payload.get("title") or ""), block)
        if kind == "child_database":
            title = str(payload.get("title") or "a database")
            self.warn(
                f"the database '{title}' inside the page is not published (only its title is shown): "
                "copy what readers need into a simple table"
            )
            return [escape_text(title)]
        if kind in CONTAINERS:
            return self._children(block)
        if kind in DROPPED:
            return []
        if kind == "unsupported":
            real_type = payload.get("block_type", "?")
            self.warn(
                f"Notion's API does not give the content of '{real_type}' blocks: left out; "
                "write what readers need as text, a list or a link"
            )
        else:
            self.warn("this kind of block is not known to kbgen: left out (its inner blocks are kept)")
        return self._children(block)

    def _text(self, payload: Json) -> str:
        return render_rich_text(payload.get("rich_text"), self.links)

    def _heading_marks(self, level: int) -> str:
        return "#" * min(6, level + self.heading_shift)

    def _heading(self, level: int, payload: Json, block: Json) -> list[str]:
        title = render_rich_text(payload.get("rich_text"), self.links, single_line=True)
        if not payload.get("is_toggleable"):
            return [f"{self._heading_marks(level)} {title}" if title else "", *self._children(block)]
        body = "\n\n".join(self._children(block))
        if not title:
            return [body]
        summary = f'<summary markdown="block">\n{self._heading_marks(level)} {title}\n</summary>'
        return [f'<details class="kbgen-toggle-heading" markdown="1">\n{summary}\n\n{body}\n\n</details>']

    def _child_page(self, title: str, block: Json) -> list[str]:
        """A sub-page is part of its article: a section headed by its title, its headings one level down."""
        self.heading_shift += CHILD_PAGE_LEVEL - 1
        try:
            body = self._children(block)
        finally:
            self.heading_shift -= CHILD_PAGE_LEVEL - 1
        heading = f"{self._heading_marks(CHILD_PAGE_LEVEL)} {escape_text(title)}" if title.strip() else ""
        return [heading, *body]

    def _callout(self, payload: Json, block: Json) -> str:
        """The editor's emoji leads the text; the colour (or a known emoji) picks the style, never a title."""
        icon = payload.get("icon") or {}
        emoji = str(icon.get("emoji") or "") if isinstance(icon, dict) else ""
        text = self._text(payload)
        lead = f"{emoji} {text}".strip() if emoji else text
        body = "\n\n".join(chunk for chunk in [lead, *self._children(block)] if chunk.strip())
        return f'!!! {callout_type(payload)} ""\n\n{indent(body)}' if body else ""

    def _equation(self, expression: str) -> str:
        source = "\n".join(line for line in expression.split("\n") if line.strip())
        if not source:
            return ""
        self.warn(
            "the equation is published as its LaTeX source in a code block, not typeset: "
            "explain it in words too if readers need it"
        )
        return code_block(source, "latex")

    def _collapsible(self, payload: Json, block: Json) -> str:
        title = render_title(payload.get("rich_text"), self.links)
        head = f'??? note "{title}"' if title else "??? note"
        body = "\n\n".join(self._children(block))
        return f"{head}\n\n{indent(body)}" if body else head

    def _list(self, items: list[Json]) -> str:
        rendered: list[str] = []
        loose = False
        number = int((items[0].get("numbered_list_item") or {}).get("list_start_index") or 1)
        for item in items:
            self._block = item
            kind = str(item.get("type"))
            payload = item.get(kind) if isinstance(item.get(kind), dict) else {}
            if kind == "numbered_list_item":
                marker = f"{number}. "
                number += 1
            elif kind == "to_do":
                marker = "- [x] " if payload.get("checked") else "- [ ] "
            else:
                marker = "- "
            text = self._text(payload) or EMPTY_ITEM
            entry = marker + indent(text).lstrip()
            children = self._children(item)
            if children:
                only_lists = all(_is_list_chunk(chunk) for chunk in children)
                loose = loose or not only_lists
                entry += ("\n" if only_lists else "\n\n") + indent("\n\n".join(children))
            rendered.append(entry)
        return ("\n\n" if loose else "\n").join(rendered)

    def _table(self, payload: Json, rows: list[Json]) -> str:
        width = int(payload.get("table_width") or max((len(_cells(r)) for r in rows), default=1))
        lines = []
        for row in rows:
            self._block = row
            cells = [render_rich_text(cell, self.links, single_line=True) for cell in _cells(row)]
            cells = (cells + [""] * width)[:width]
            if payload.get("has_row_header") and cells[0]:
                cells[0] = f"**{cells[0]}**"
            lines.append("| " + " | ".join(cells) + " |")
        header = (
            lines.pop(0)
            if payload.get("has_column_header") and lines
            else "| " + " | ".join([" "] * width) + " |"
        )
        return "\n".join([header, "| " + " | ".join(["---"] * width) + " |", *lines])

    def _file(self, kind: str, payload: Json, block_id: str) -> str:
        caption = " ".join(plain_text(payload.get("caption")).split())
        source_kind = payload.get("type")
        if source_kind == "external":
            url = str((payload.get("external") or {}).get("url") or "")
        elif source_kind == "file":
            url = f"assets/{self.assets[block_id]}" if block_id in self.assets else ""
        else:
            self.warn(f"a file of type '{source_kind}' cannot be published: left out")
            return ""
        name = str(payload.get("name") or "") or urlsplit(url).path.rsplit("/", 1)[-1] or kind
        if not url:  # the download was refused or failed: the downloader said why
            return escape_text(caption or name) if kind != "image" or caption else ""
        is_image_file = not url.startswith("assets/") or url[url.rfind(".") :] in IMAGE_EXTENSIONS
        if kind == "image" and is_image_file:
            return self._embedded("Image", caption, url, is_video=False)
        if kind == "video":
            return self._embedded("Video", caption, url, is_video=True)
        return self._link(caption or name, url)

    def _embedded(self, default_title: str, caption: str, url: str, *, is_video: bool) -> str:
        title = escape_text(caption or default_title)
        is_local = url.startswith("assets/")
        if is_video and video_embed(url) is None:
            return self._link(caption or url, url)
        target = url if is_local else safe_url(url)
        if target is None or (not is_local and not url.lower().startswith(("http://", "https://"))):
            self.warn(f"the address '{url}' is not an http(s) link: left out")
            return ""
        image = f"![{title}]({target})"
        if is_video or not caption:
            return image
        return f'<figure markdown="span">\n{image}\n<figcaption>{escape(caption)}</figcaption>\n</figure>'

    def _web_link(self, kind: str, payload: Json) -> str:
        url = str(payload.get("url") or "").strip()
        caption = " ".join(plain_text(payload.get("caption")).split())
        if kind == "embed" and video_embed(url) is not None:
            return self._embedded("Video", caption, url, is_video=True)
        target = safe_url(url)
        if target is None or urlsplit(url).scheme not in ("http", "https"):
            return self._link(caption or url, url)
        host = urlsplit(url).netloc.removeprefix("www.")
        title = escape_text(caption or _short_url(url))
        card = f"- [{title}]({target})\n\n    ---\n\n    {escape_text(host)}"
        return f'<div class="grid cards kbgen-bookmark" markdown>\n\n{card}\n\n</div>'

    def _link(self, label: str, url: str) -> str:
        target = url if url.startswith("assets/") else safe_url(url)
        if target is None:
            self.warn(f"the link '{url}' is not http(s), mailto or tel: kept as text")
            return escape_text(label)
        return f"[{escape_text(' '.join(label.split()))}]({target})"

    def _page_link(self, page_id: str, fallback_title: str) -> str:
        target = self.links.article_link(page_id) if page_id else None
        title = (self.links.article_title(page_id) if target else None) or fallback_title
        if target is not None:
            return f"[{escape_text(title)}]({target})"
        shown = f"'{fallback_title}'" if fallback_title else "a page"
        self.warn(f"links to {shown}, which is not published for this audience: kept as text")
        return escape_text(fallback_title)


def has_child_pages(tree: list[Json]) -> bool:
    return any(
        block.get("type") == "child_page" or has_child_pages(block.get("children") or []) for block in tree
    )


def _cells(row: Json) -> list[list[Json]]:
    return list((row.get("table_row") or {}).get("cells") or [])


def _is_list_chunk(chunk: str) -> bool:
    first = chunk.split("\n", 1)[0]
    return first.startswith("- ") or bool(re.match(r"\d+\. ", first))


def callout_type(payload: Json) -> str:
    """The admonition type for a callout: by its emoji icon, else by its colour, else `note`."""
    icon = payload.get("icon") or {}
    emoji = str(icon.get("emoji") or "") if isinstance(icon, dict) else ""
    if emoji in _CALLOUT_BY_EMOJI:
        return _CALLOUT_BY_EMOJI[emoji]
    color = str(payload.get("color") or "default").removesuffix("_background")
    return _CALLOUT_BY_COLOR.get(color, "note")


def code_block(source: str, language: str, caption: str = "") -> str:
    """A fenced block; a caption is its title bar (pymdownx.highlight escapes it)."""
    longest = max((len(run) for run in re.findall(r"`+", source)), default=0)
    fence = "`" * max(3, longest + 1)
    name = language.strip().lower()
    name = re.sub(r"[^a-z0-9_+-]", "", _LANGUAGES.get(name, name)) or "text"
    title = f' title="{caption.replace(chr(34), chr(39))}"' if caption else ""
    return f"{fence}{name}{title}\n{source.rstrip()}\n{fence}"
