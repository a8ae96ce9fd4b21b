"""A page's block tree -> the Markdown body of an article, as Python-Markdown + the site's extensions read it.

Nesting is 4 spaces (Python-Markdown ignores less); toggles become `???` collapsible blocks and callouts
`!!!` admonitions; videos are images whose URL is the video (the site turns them into embeds). A block
that cannot be converted becomes a warning, never an exception. Headings move one level down: the article
title is the page's only `<h1>`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kbgen.content.media import video_embed
from kbgen.notion.richtext import (
    Json,
    LinkResolver,
    escape_text,
    math_source,
    plain_text,
    render_rich_text,
    render_title,
    safe_url,
)

LIST_FAMILIES = {"bulleted_list_item": "ul", "to_do": "ul", "numbered_list_item": "ol"}
CONTAINERS = frozenset({"column_list", "column", "synced_block", "tab"})
DROPPED = frozenset({"table_of_contents", "breadcrumb"})  # the theme shows both
FILE_BLOCKS = frozenset({"image", "video", "pdf", "file", "audio"})
HEADING_MARKS = {"heading_1": "##", "heading_2": "###", "heading_3": "####", "heading_4": "#####"}
LIST_BREAK = "&#8203;"  # Python-Markdown merges a bulleted list into a numbered one that follows it

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


def render_page_body(blocks: list[Json], links: LinkResolver, assets: dict[str, str]) -> PageBody:
    """Markdown for a fetched block tree; `assets` maps a block id to its downloaded file name."""
    renderer = _Renderer(links, assets)
    markdown = "\n\n".join(renderer.blocks(blocks)).strip()
    return PageBody(markdown + "\n" if markdown else "", renderer.warnings)


def indent(text: str, spaces: int = 4) -> str:
    pad = " " * spaces
    return "\n".join(pad + line if line.strip() else "" for line in text.split("\n"))


class _Renderer:
    def __init__(self, links: LinkResolver, assets: dict[str, str]) -> None:
        self.assets = assets
        self.warnings: list[str] = []
        self._block: Json = {}
        self.links = LinkResolver(links.article_link, links.article_title, self.warn)

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
                chunks.append(LIST_BREAK)
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
        if kind in HEADING_MARKS:
            title = render_rich_text(payload.get("rich_text"), self.links, single_line=True)
            return [f"{HEADING_MARKS[kind]} {title}" if title else "", *self._children(block)]
        if kind == "toggle":
            return [self._collapsible(payload, block)]
        if kind == "callout":
            body = "\n\n".join([self._text(payload), *self._children(block)]).strip()
            return [f"!!! {callout_type(payload)}\n\n{indent(body)}" if body else ""]
        if kind == "quote":
            body = "\n\n".join([self._text(payload), *self._children(block)]).strip()
            return ["\n".join(f"> {line}" if line.strip() else ">" for line in body.split("\n"))]
        if kind == "code":
            return [code_block(plain_text(payload.get("rich_text")), str(payload.get("language") or ""))]
        if kind == "divider":
            return ["---"]
        if kind == "equation":
            lines = [
                line for line in math_source(str(payload.get("expression") or "")).split("\n") if line.strip()
            ]
            return ["$$\n" + "\n".join(lines) + "\n$$" if lines else ""]
        if kind == "table":
            return [self._table(payload, block.get("children") or [])]
        if kind in FILE_BLOCKS:
            return [self._file(kind, payload, str(block.get("id")))]
        if kind in ("embed", "bookmark", "link_preview"):
            return [self._web_link(kind, payload)]
        if kind == "link_to_page":
            return [self._page_link(str(payload.get("page_id") or payload.get("database_id") or ""), "")]
        if kind == "child_page":
            return [self._page_link(str(block.get("id")), str(payload.get("title") or ""))]
        if kind == "child_database":
            title = str(payload.get("title") or "a database")
            self.warn(f"the database '{title}' inside the page is not published: only its title is shown")
            return [escape_text(title)]
        if kind in CONTAINERS:
            return self._children(block)
        if kind in DROPPED:
            return []
        if kind == "unsupported":
            real_type = payload.get("block_type", "?")
            self.warn(f"Notion's API does not give the content of '{real_type}' blocks: left out")
        else:
            self.warn("this kind of block is not known to kbgen: left out (its inner blocks are kept)")
        return self._children(block)

    def _text(self, payload: Json) -> str:
        return render_rich_text(payload.get("rich_text"), self.links)

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
            text = self._text(payload) or LIST_BREAK
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
        caption = plain_text(payload.get("caption")).strip()
        source_kind = payload.get("type")
        if source_kind == "external":
            url = str((payload.get("external") or {}).get("url") or "")
        elif source_kind == "file":
            url = self._asset(block_id)
            if not url:
                return ""
        else:
            self.warn(f"a file of type '{source_kind}' cannot be published: left out")
            return ""
        name = str(payload.get("name") or "") or caption or url.rsplit("/", 1)[-1].split("?")[0]
        if kind == "image":
            return self._embedded("Image", caption, url, is_video=False)
        if kind == "video":
            return self._embedded("Video", caption, url, is_video=True)
        return self._link(caption or name, url)

    def _asset(self, block_id: str) -> str:
        name = self.assets.get(block_id)
        if name is None:
            self.warn("its Notion-hosted file could not be downloaded: left out")
            return ""
        return f"assets/{name}"

    def _embedded(self, default_title: str, caption: str, url: str, *, is_video: bool) -> str:
        title = escape_text(" ".join(caption.split()) or default_title)
        is_local = url.startswith("assets/")
        if is_video and video_embed(url) is None:
            return self._link(caption or url, url)
        target = url if is_local else safe_url(url)
        if target is None or (not is_local and not url.lower().startswith(("http://", "https://"))):
            self.warn(f"the address '{url}' is not an http(s) link: left out")
            return ""
        return f"![{title}]({target})"

    def _web_link(self, kind: str, payload: Json) -> str:
        url = str(payload.get("url") or "")
        caption = plain_text(payload.get("caption")).strip()
        if kind == "embed" and video_embed(url) is not None:
            return self._embedded("Video", caption, url, is_video=True)
        return self._link(caption or url, url)

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


def code_block(source: str, language: str) -> str:
    longest = max((len(run) for run in re.findall(r"`+", source)), default=0)
    fence = "`" * max(3, longest + 1)
    name = language.strip().lower()
    name = re.sub(r"[^a-z0-9_+-]", "", _LANGUAGES.get(name, name)) or "text"
    return f"{fence}{name}\n{source.rstrip()}\n{fence}"
