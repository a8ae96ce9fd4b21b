"""Notion rich text -> inline Markdown, treating every character from Notion as untrusted.

Text is escaped so that nothing an editor types becomes HTML, a link, an attribute list or a block marker:
`& < >` become entities (Python-Markdown cannot backslash-escape `<`), inline markup characters get a
backslash, and characters that only matter at the start of a line are escaped there. Links survive only
when they are http(s), mailto or tel (`kbgen.content.media.is_safe_link`) or point to a published article.

What Notion shows but readers must not see, or would not understand, is rewritten: a person mentioned
becomes a neutral phrase ("our team"), a date mention a readable date in the site's language, an inline
equation its source in a code span. Text colours keep their meaning as emphasis: a coloured phrase is
bold, a phrase with a background colour is highlighted (`<mark>`).
"""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_time, get_datetime_format, get_timezone_name

from kbgen.content.media import is_safe_link
from kbgen.notion.ids import notion_url_id
from kbgen.notion.names import DEFAULT_PEOPLE_PHRASE

Json = dict[str, Any]

_ALWAYS_ESCAPED = re.compile(r"([\\`*_{}\[\]|$^~=])")
_NUMBERED = re.compile(r"^(\d+)([.)])")
_LINE_START_ENTITIES = {":": "&#58;", "?": "&#63;"}
_MARKERS = (
    ("bold", "**"), ("italic", "*"), ("strikethrough", "~~"), ("underline", "^^"), ("highlight", "=="),
)  # fmt: skip
_URL_UNSAFE = {
    "(": "%28",
    ")": "%29",
    " ": "%20",
    "<": "%3C",
    ">": "%3E",
    '"': "%22",
    "\\": "%5C",
    "`": "%60",
    "|": "%7C",
}


@dataclass(frozen=True)
class Mentions:
    """How people and dates mentioned in the text are published: `people_as` replaces every person."""

    people_as: str = DEFAULT_PEOPLE_PHRASE
    language: str = "en"


@dataclass
class LinkResolver:
    """Turns a mentioned Notion page into a relative article link, for one audience.

    `article_link(page_id)` returns e.g. "pay-rent.md" or None when the page is not published there;
    `article_title(page_id)` is its title when published there; `warn(message)` records why a link became
    plain text or a mention was rewritten; `mentions` says how people and dates are published.
    """

    article_link: Callable[[str], str | None]
    article_title: Callable[[str], str | None]
    warn: Callable[[str], None]
    mentions: Mentions = field(default_factory=Mentions)


def escape_text(text: str) -> str:
    """Markdown that renders exactly `text`: no HTML, no markup, no block markers."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _ALWAYS_ESCAPED.sub(r"\\\1", text)
    return "\n".join(_escape_line_start(line.lstrip(" \t")) for line in text.split("\n"))


def _escape_line_start(line: str) -> str:
    numbered = _NUMBERED.match(line)
    if numbered:
        return f"{numbered.group(1)}\\{numbered.group(2)}{line[numbered.end() :]}"
    if line[:1] in ("#", "+", "-", "!"):
        return "\\" + line
    if line[:1] in _LINE_START_ENTITIES:
        return _LINE_START_ENTITIES[line[0]] + line[1:]
    return line


def safe_url(url: str) -> str | None:
    """`url` ready for `(...)` in Markdown if it is an allowed link, else None."""
    url = url.strip()
    if not is_safe_link(url):
        return None
    return "".join(_URL_UNSAFE.get(char, char) for char in url)


def plain_text(items: list[Json] | None) -> str:
    return "".join(str(item.get("plain_text") or "") for item in items or [])


def render_rich_text(items: list[Json] | None, links: LinkResolver, *, single_line: bool = False) -> str:
    """Inline Markdown for a rich-text array; newlines become hard line breaks (or spaces)."""
    rendered = "".join(
        _render_segment(group, target, links) for target, group in _link_groups(items or [], links)
    )
    lines = [line.rstrip() for line in rendered.split("\n")]
    if single_line:
        return " ".join(line.strip() for line in lines if line.strip())
    return "  \n".join(line for line in lines if line.strip()).strip()


def render_title(items: list[Json] | None, links: LinkResolver) -> str:
    """A one-line title for `!!! type "title"` / `??? type "title"` (quotes become entities)."""
    return render_rich_text(items, links, single_line=True).replace('"', "&quot;")


def _link_groups(items: list[Json], links: LinkResolver) -> list[tuple[str | None, list[Json]]]:
    groups: list[tuple[str | None, list[Json]]] = []
    for item in items:
        target = _link_target(item, links)
        if groups and groups[-1][0] == target:
            groups[-1][1].append(item)
        else:
            groups.append((target, [item]))
    return groups


def _link_target(item: Json, links: LinkResolver) -> str | None:
    label = str(item.get("plain_text") or "")
    if item.get("type") == "mention":
        mention = item.get("mention") or {}
        kind = mention.get("type")
        if kind == "page":
            return _article_link(str((mention.get("page") or {}).get("id") or ""), label, links)
        if kind == "link_preview":
            return _external_link(str((mention.get("link_preview") or {}).get("url") or ""), label, links)
        if kind == "link_mention":
            return _external_link(str((mention.get("link_mention") or {}).get("href") or ""), label, links)
        return None
    href = item.get("href") or ((item.get("text") or {}).get("link") or {}).get("url")
    if not href:
        return None
    page_id = notion_url_id(str(href))
    if page_id is not None:
        host_is_public_site = ".notion.site" in str(href)
        target = links.article_link(page_id)
        if target is None and host_is_public_site:
            return _external_link(str(href), label, links)
        return target or _article_link(page_id, label, links)
    return _external_link(str(href), label, links)


def _article_link(page_id: str, label: str, links: LinkResolver) -> str | None:
    target = links.article_link(page_id)
    if target is None:
        links.warn(f"the link to '{label}' goes to a Notion page that is not published here: kept as text")
    return target


def _external_link(url: str, label: str, links: LinkResolver) -> str | None:
    target = safe_url(url)
    if target is None and url:
        links.warn(f"the link '{url}' on '{label}' is not http(s), mailto or tel: kept as text")
    return target


def _render_segment(items: list[Json], target: str | None, links: LinkResolver) -> str:
    inner = _styled(items, links)
    if target is None or not inner.strip():
        return inner
    stripped = inner.strip()
    lead = inner[: len(inner) - len(inner.lstrip())]
    trail = inner[len(inner.rstrip()) :]
    return f"{lead}[{stripped}]({target}){trail}"


def _styled(items: list[Json], links: LinkResolver) -> str:
    """Runs with their annotations as a marker stack, so `**a *b* c**` nests and whitespace stays outside."""
    out: list[str] = []
    open_markers: list[str] = []
    pending_space = ""
    for item in items:
        content = _content(item, links)
        annotations = item.get("annotations") or {}
        is_code = bool(annotations.get("code")) or item.get("type") == "equation"
        if not content.strip() and not is_code:
            pending_space += content
            continue
        wanted = _wanted_markers(annotations)
        keep = 0
        while keep < len(open_markers) and open_markers[keep] in wanted:
            keep += 1
        out.extend(_marker(name) for name in reversed(open_markers[keep:]))
        del open_markers[keep:]
        core = content.strip()
        out.append(pending_space + content[: len(content) - len(content.lstrip())])
        for name in wanted:
            if name not in open_markers:
                out.append(_marker(name))
                open_markers.append(name)
        out.append(_core(core, is_code))
        pending_space = content[len(content.rstrip()) :] if content.strip() else ""
    out.extend(_marker(name) for name in reversed(open_markers))
    out.append(pending_space)
    return "".join(out)


def _wanted_markers(annotations: Json) -> list[str]:
    """The markers of a run: its annotations, plus bold for a text colour and highlight for a background."""
    color = str(annotations.get("color") or "default")
    styles = {name for name, _ in _MARKERS if annotations.get(name)}
    if color.endswith("_background"):
        styles.add("highlight")
    elif color != "default":
        styles.add("bold")
    return [name for name, _ in _MARKERS if name in styles]


def _marker(name: str) -> str:
    return dict(_MARKERS)[name]


def _content(item: Json, links: LinkResolver) -> str:
    if item.get("type") == "text":
        return str((item.get("text") or {}).get("content") or item.get("plain_text") or "")
    if item.get("type") == "equation":
        expression = str((item.get("equation") or {}).get("expression") or "")
        if expression.strip():
            links.warn(
                f"the equation '{expression.strip()}' is published as its source in code, not typeset: "
                "write it in words if readers need it explained"
            )
        return expression
    if item.get("type") == "mention":
        return _mention_text(item, links)
    return str(item.get("plain_text") or "")


def _mention_text(item: Json, links: LinkResolver) -> str:
    mention = item.get("mention") or {}
    label = str(item.get("plain_text") or "")
    if mention.get("type") == "user":
        links.warn(
            f"the mention of {label or 'a person'} is published as '{links.mentions.people_as}': people "
            "in the workspace are never named on the site; write a team or role instead "
            "(extra.kbgen.notion.people_as sets the phrase)"
        )
        return links.mentions.people_as
    if mention.get("type") == "date":
        return readable_date(mention.get("date") or {}, links.mentions.language) or label
    return label


def readable_date(value: Json, language: str) -> str:
    """'January 1, 2022'; with the time (and zone) only when the mention has one; ranges as ranges."""
    try:
        locale = Locale.parse(language.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        locale = Locale.parse("en")
    try:
        start = dt.datetime.fromisoformat(str(value.get("start") or ""))
        end = dt.datetime.fromisoformat(str(value["end"])) if value.get("end") else None
    except ValueError:
        return ""
    if not _has_time(value, start, end):
        if end is None or end.date() == start.date():
            return format_date(start.date(), format="long", locale=locale)
        return " – ".join(format_date(day.date(), "long", locale=locale) for day in (start, end))
    zone = _zone_name(value.get("time_zone"), start, locale)
    shown = _date_and_time(start, locale)
    if end is not None:
        if end.date() == start.date():
            shown += " – " + format_time(end, format="short", locale=locale)
        else:
            shown += " – " + _date_and_time(end, locale)
    return f"{shown} {zone}".strip()


def _has_time(value: Json, start: dt.datetime, end: dt.datetime | None) -> bool:
    """False for a date without a time, and for midnight UTC with no zone (how integrations write dates)."""
    if "T" not in str(value.get("start")):
        return False
    if value.get("time_zone"):
        return True
    return any(
        moment.time() != dt.time(0) or moment.utcoffset() not in (None, dt.timedelta(0))
        for moment in (start, end)
        if moment is not None
    )


def _date_and_time(moment: dt.datetime, locale: Locale) -> str:
    pattern = str(get_datetime_format("medium", locale=locale))
    return (
        pattern.replace("{1}", format_date(moment.date(), format="long", locale=locale))
        .replace("{0}", format_time(moment, format="short", locale=locale))
        .replace("'", "")
    )


def _zone_name(time_zone: object, moment: dt.datetime, locale: Locale) -> str:
    if time_zone:
        try:
            return str(get_timezone_name(zoneinfo.ZoneInfo(str(time_zone)), locale=locale))
        except (zoneinfo.ZoneInfoNotFoundError, ValueError, LookupError):
            return str(time_zone)
    offset = moment.utcoffset()
    if offset is None:
        return ""
    if offset == dt.timedelta(0):
        return "UTC"
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    return f"UTC{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def _core(core: str, is_code: bool) -> str:
    if is_code:
        return code_span(core)
    return escape_text(core)


def code_span(content: str) -> str:
    content = " ".join(content.split("\n"))
    longest = max((len(run) for run in re.findall(r"`+", content)), default=0)
    fence = "`" * (longest + 1)
    padding = " " if content.startswith("`") or content.endswith("`") else ""
    return f"{fence}{padding}{content}{padding}{fence}"
